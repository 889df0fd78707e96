//! Text in and out: validated GeoJSON for every layer ([`geojson`]), the
//! coordinate systems of Chinese base maps ([`crs`]), options objects read by hand
//! ([`options`]), and tables as CSV
//! ([`table`]) or, natively with the `xlsx` feature, as .xlsx ([`xlsx`]).

pub mod crs;
pub mod geojson;
pub mod options;
pub mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;
