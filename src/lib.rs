//! # civicmap
//!
//! A civilized-city campaign (创建文明城市) on a map: inspection points, grid cells and
//! responsibility zones indexed for the questions planners and supervisors ask, and
//! the heatmaps and maps that show where problems gather and who holds what. A
//! pure-Rust core that builds and tests natively; `wasm.rs` is the only module with
//! `#[wasm_bindgen]`.
//!
//! The modules follow the data, lower ones never knowing higher ones:
//! text in ([`io`]: GeoJSON, coordinate systems) → records ([`model`]) → indexes
//! ([`index`]: a k-d tree of unit vectors for points, an R-tree for polygons) →
//! the campaign ([`campaign`]: [`Map`], queries, assignment) → drawing ([`draw`]:
//! view, raster, heatmaps, choropleths, the assignment map) → the bindings.
//!
//! Coordinates are `(lng, lat)` in WGS-84 degrees; distances are metres.

pub mod campaign;
pub mod draw;
pub mod error;
#[cfg(feature = "gen")]
pub mod gen;
pub mod index;
pub mod io;
pub mod model;
pub(crate) mod sort;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use crate::campaign::hotspots::{HotspotOptions, Hotspots};
pub use crate::campaign::{
    AssignOptions, AssignReport, CellChain, Chain, Conflict, Coverage, Layer, Limit, Map,
    PointFilter, PointHit, ProblemFilter, ProblemHit, Rules, TableOptions, TableShape, Task,
    Warning, WarningKind, Workload, WorkloadOptions, ZoneRef, NO_CELL,
};
pub use crate::draw::{
    AssignmentOptions, ChoroplethOptions, HeatGrid, HeatOptions, HeatRenderer, Label, LegendStop,
    View,
};
pub use crate::error::{Error, LoadReport, Rejected};
pub use crate::index::{PointIndex, PolygonIndex};
pub use crate::io::crs::Crs;
pub use crate::io::geojson::LoadOptions;
pub use crate::model::*;
