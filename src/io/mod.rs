//! Text in and out: validated GeoJSON for every layer ([`geojson`]), a problem's
//! JSON record for events and the journal ([`record`]), and the coordinate systems
//! of Chinese base maps ([`crs`]).

pub use civicmap_kernels::crs;
pub mod geojson;
pub mod record;
