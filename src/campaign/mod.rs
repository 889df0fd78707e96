//! The campaign on the map: the loaded layers and their indexes ([`Map`]), the
//! questions planners and supervisors ask of them ([`query`]), and the planner's
//! operations with their undo history ([`assign`], [`history`]).
//!
//! Knows the records, the readers and the indexes below it; nothing of drawing.

// The planner's and the supervisor's modules are being extended on other branches
// (issues 12 and 13); their public items get doc comments there.
#[allow(missing_docs)]
pub mod assign;
pub mod history;
pub mod hotspots;
pub mod map;
#[allow(missing_docs)]
pub mod query;

pub use assign::{Conflict, Coverage, Workload};
pub use map::{Map, NO_CELL};
pub use query::{Chain, PointFilter, PointHit, ProblemFilter, ProblemHit, ZoneRef};
