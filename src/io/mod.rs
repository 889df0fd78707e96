//! Text in and out: validated GeoJSON for every layer ([`geojson`]), the
//! coordinate systems of Chinese base maps ([`crs`]), and tables as CSV
//! ([`table`]) or, natively with the `xlsx` feature, as .xlsx ([`xlsx`]).

pub mod crs;
pub mod geojson;
pub mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;
