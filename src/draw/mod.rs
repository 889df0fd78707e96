//! Drawing, into RGBA8 rasters the page puts on a canvas: the Web Mercator
//! [`view`], the anti-aliased [`raster`] and the view-projected [`canvas`] over it,
//! colour ramps ([`palette`]), problem heatmaps ([`heat`]), [`choropleth`]s and the
//! [`assignment`] map.
//!
//! Knows the campaign below it; nothing below knows drawing.

pub mod assignment;
pub mod canvas;
pub mod choropleth;
pub mod heat;
pub mod hotspots;
pub use civicmap_kernels::palette;
pub use civicmap_kernels::raster;
pub use civicmap_kernels::view;
mod view_json;

pub use assignment::{AssignmentOptions, Label};
pub use choropleth::ChoroplethOptions;
pub use heat::{HeatGrid, HeatOptions, HeatRenderer, LegendStop};
