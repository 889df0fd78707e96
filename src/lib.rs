//! # civicmap
//!
//! A civilized-city campaign (创建文明城市) on a map: inspection points, grid cells and
//! responsibility zones in R-trees, the queries planners and supervisors ask of them,
//! and the heatmaps that show where problems gather. A pure-Rust core that builds and
//! tests natively; `wasm.rs` is the only module with `#[wasm_bindgen]`.
//!
//! - [`model`]: the records ([`InspectionPoint`], [`GridCell`], [`Zone`], [`Problem`], [`Owner`]).
//! - [`geojson`]: validated GeoJSON in, exact GeoJSON out.
//! - [`crs`]: WGS-84 ↔ GCJ-02 ↔ BD-09.
//! - [`sphere`]: metres on the sphere; [`index`]: the R-trees.
//! - [`Map`]: the loaded campaign; queries ([`query`]) and planner operations ([`assign`]).
//! - [`view`]: a Web Mercator [`View`] in the XYZ tile scheme, drawn in the base map's CRS.
//! - [`heat`]: problem heatmaps (bin, blur, colour), bins, choropleth values, legends.
//! - [`render`]: the assignment map and choropleths, drawn by [`raster`] (anti-aliased
//!   fills and strokes over `ab_glyph_rasterizer`).
//!
//! Coordinates are `(lng, lat)` in WGS-84 degrees; distances are metres.

pub mod assign;
pub mod bands;
pub mod crs;
pub mod error;
pub mod gen;
pub mod geojson;
pub mod heat;
pub mod index;
pub mod interior;
pub mod kdtree;
pub mod map;
pub mod model;
pub mod query;
pub mod raster;
pub mod render;
pub mod sort;
pub mod sphere;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use crate::assign::{Conflict, Coverage, Workload};
pub use crate::crs::Crs;
pub use crate::error::{Error, LoadReport, Rejected};
pub use crate::geojson::LoadOptions;
pub use crate::heat::{ChoroplethOptions, HeatGrid, HeatOptions, HeatRenderer, LegendStop};
pub use crate::index::{PointIndex, PolygonIndex};
pub use crate::map::{Map, NO_CELL};
pub use crate::model::*;
pub use crate::query::{Chain, PointFilter, PointHit, ProblemFilter, ProblemHit, ZoneRef};
pub use crate::render::{AssignmentOptions, Label};
pub use crate::view::View;
