//! One integration-test binary (cheap to link), one module per area.

mod support;

mod crs;
mod gen;
mod geojson;
mod planner;
mod queries;
mod heat;
mod render;
