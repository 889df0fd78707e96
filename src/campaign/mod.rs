//! The campaign on the map: the loaded layers and their indexes ([`Map`]), the
//! questions planners and supervisors ask of them ([`query`], kept by a [`filter`]), the planner's
//! operations with their undo history ([`assign`], [`history`]) under the city's
//! [`rules`], the chains of responsibility and coverage ([`chains`], over the
//! cell–zone relation of [`cover`]), workload per owner ([`workload`]) and the
//! responsibility table ([`table`]); and the problem cycle: the rules ([`cycle`],
//! [`limits`]), the ledger on the map ([`ledger`]) and the journal of changes
//! ([`journal`], [`replay`]); and the office's view: scores and rankings
//! ([`scores`]) over days read from histories ([`timeline`]).
//!
//! Knows the records, the readers and the indexes below it; nothing of drawing.

// The planner's and the supervisor's modules are being extended on other branches
// (issues 12 and 13); their public items get doc comments there.
#[allow(missing_docs)]
pub mod assign;
pub mod chains;
pub mod coords;
pub mod cover;
pub mod cycle;
#[allow(missing_docs)]
pub mod filter;
#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
pub mod geoparquet;
pub mod history;
pub mod hotspots;
mod index_bytes;
pub mod journal;
pub mod ledger;
pub mod limits;
pub mod map;
#[allow(missing_docs)]
pub mod query;
pub mod replay;
pub mod rules;
pub mod score_options;
pub mod score_sheet;
pub mod scores;
pub mod table;
pub mod timeline;
pub mod warning;
pub mod workload;

pub use assign::{AssignOptions, AssignReport, Taken};
pub use chains::{CellChain, ChainLevel, Conflict, Coverage, MissingLevel, ZoneLink};
pub use coords::CoordsLoad;
pub use cycle::{RecordInput, StepInput};
pub use journal::{Change, Entry, ProblemChange};
pub use ledger::ProblemCard;
pub use limits::TimeLimits;
pub use map::{Map, NO_CELL};
pub use query::{
    Chain, PointFilter, PointHit, ProblemFilter, ProblemHit, ProblemSearch, SearchResult, Sort,
    ZoneRef,
};
pub use rules::{Layer, Limit, Rules};
pub use table::{TableOptions, TableShape, Task};
pub use warning::{Warning, WarningKind};
pub use workload::{Workload, WorkloadOptions};
