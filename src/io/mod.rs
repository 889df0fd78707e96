//! Text in and out: validated GeoJSON for every layer ([`geojson`]) and the
//! coordinate systems of Chinese base maps ([`crs`]).

pub mod crs;
pub mod geojson;
