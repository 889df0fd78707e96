//! One integration-test binary (cheap to link), one module per area. Native only
//! (proptest does not build for wasm32; tests/web.rs runs in the browser).
#![cfg(not(target_arch = "wasm32"))]
// Tests sort their expected answers with std; clippy.toml keeps those sorts out of
// the library (wasm size) only.
#![allow(clippy::disallowed_methods)]

mod support;

mod bulletin;
mod crs;
mod cycle;
mod cycle_filters;
mod four_levels;
mod fuzz;
mod gen;
mod geojson;
mod heat;
mod hotspots;
mod options;
mod oracle;
// GeoParquet (native, feature `parquet`).
#[cfg(feature = "parquet")]
mod parquet;
mod pick;
mod planner;
mod queries;
mod render;
mod scores;
mod table;
mod warnings;
