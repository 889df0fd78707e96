//! GeoParquet 1.1 files (native only, the `parquet` feature): WKB ([`wkb`]), the
//! `geo` metadata ([`meta`]), a row writer and reader over the `parquet` crate
//! ([`table`]), the tables' columns ([`schema`]), and a data set read back as the
//! GeoJSON layers it came from ([`import`]). The map's export, with its joins, is
//! `campaign::geoparquet`.

pub mod import;
pub mod meta;
pub mod schema;
pub mod table;
pub mod wkb;

pub use import::{import_dir, import_into, Layers};
