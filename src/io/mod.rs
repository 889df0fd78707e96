//! Text in and out (and the memory a load may take, [`budget`]): validated GeoJSON for every layer ([`geojson`]), a problem's
//! JSON record for events and the journal ([`record`]), JSON objects read by hand
//! ([`obj`]: options, records), the coordinate systems of
//! Chinese base maps ([`crs`]), and tables as CSV ([`table`]) or, natively with the
//! `xlsx` feature, as .xlsx ([`xlsx`]); natively with the `parquet` feature,
//! GeoParquet files (`parquet`).

pub mod budget;
pub use civicmap_kernels::crs;
pub mod geojson;
pub mod obj;
#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
pub mod parquet;
pub mod record;
pub mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;
