//! The campaign on the map: the loaded layers and their indexes ([`Map`]), the
//! questions planners and supervisors ask of them ([`query`]), the planner's
//! operations with their undo history ([`assign`], [`history`]) under the city's
//! [`rules`], the chains of responsibility and coverage ([`chains`], over the
//! cell–zone relation of [`cover`]), workload per owner ([`workload`]) and the
//! responsibility table ([`table`]).
//!
//! Knows the records, the readers and the indexes below it; nothing of drawing.

pub mod assign;
pub mod chains;
pub mod cover;
pub mod history;
pub mod hotspots;
pub mod map;
pub mod query;
pub mod rules;
pub mod table;
pub mod warning;
pub mod workload;

pub use assign::{AssignOptions, AssignReport, Taken};
pub use chains::{CellChain, ChainLevel, Conflict, Coverage, MissingLevel, ZoneLink};
pub use hotspots::{HotCell, HotspotOptions, Hotspots};
pub use map::{Map, NO_CELL};
pub use query::{Chain, PointFilter, PointHit, ProblemFilter, ProblemHit, ZoneRef};
pub use rules::{Layer, Limit, Rules};
pub use table::{TableOptions, TableShape, Task};
pub use warning::{Warning, WarningKind};
pub use workload::{Workload, WorkloadOptions};
