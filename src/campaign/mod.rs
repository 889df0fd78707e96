//! The campaign on the map: the loaded layers and their indexes ([`Map`]), the
//! questions planners and supervisors ask of them ([`query`]), and the planner's
//! operations with their undo history ([`assign`], [`history`]).
//!
//! Knows the records, the readers and the indexes below it; nothing of drawing.

pub mod assign;
pub mod history;
pub mod hotspots;
pub mod map;
pub mod query;

pub use assign::{Conflict, Coverage, Workload};
pub use hotspots::{HotCell, HotspotOptions, Hotspots};
pub use map::{Map, NO_CELL};
pub use query::{Chain, PointFilter, PointHit, ProblemFilter, ProblemHit, ZoneRef};
