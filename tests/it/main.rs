//! One integration-test binary (cheap to link), one module per area. Native only
//! (proptest does not build for wasm32; tests/web.rs runs in the browser).
#![cfg(not(target_arch = "wasm32"))]

mod support;

mod crs;
mod four_levels;
mod fuzz;
mod gen;
mod geojson;
mod heat;
mod hotspots;
mod planner;
mod queries;
mod render;
mod table;
mod warnings;
