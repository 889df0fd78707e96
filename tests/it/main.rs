//! One integration-test binary (cheap to link), one module per area.

mod support;

mod crs;
mod gen;
mod geojson;
mod heat;
mod planner;
mod queries;
mod render;
