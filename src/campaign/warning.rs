//! What an assignment warns of, and what coverage reports against the rules: one
//! shape for both (a single serializer in the wasm module).

use super::rules::Layer;
use serde::Serialize;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum WarningKind {
    /// The owner's level is not the level of what they are given.
    LevelMismatch,
    /// The owner (or a joint member) would hold more than a limit of the rules.
    OverLimit,
    /// Cells that had a holder at a level would have none.
    LeftWithoutHolder,
    /// Cells that would be covered by zones of two leads at one level.
    NewConflict,
    /// A joint member that is neither an owner id nor a unit of the owners list.
    UnknownMember,
}

/// One thing the planner should know before or after confirming. Pages write
/// their own words from the fields; `to_string()` gives plain English for logs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// What is wrong.
    pub kind: WarningKind,
    /// The layer of the items concerned.
    pub layer: Layer,
    /// The owner (or member) concerned.
    pub owner: Option<String>,
    /// That owner's level, from the owners list.
    pub owner_level: Option<u8>,
    /// The levels concerned: those expected (levelMismatch), the zone level a
    /// limit counts, the level left without a holder or in conflict.
    pub levels: Vec<u8>,
    /// The limit's maximum (overLimit).
    pub max: Option<usize>,
    /// How many items.
    pub count: usize,
    /// The items concerned: cells, zones or points.
    pub ids: Vec<String>,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let who = self.owner.as_deref().unwrap_or("");
        let levels: Vec<String> = self.levels.iter().map(|l| l.to_string()).collect();
        let (n, levels) = (self.count, levels.join(" or "));
        match self.kind {
            WarningKind::LevelMismatch => write!(
                f,
                "{who} is a level-{} owner; {n} {} call for level {levels}",
                self.owner_level.unwrap_or(0),
                self.layer.key()
            ),
            WarningKind::OverLimit => write!(
                f,
                "{who} holds {n} {}{}; the limit is {}",
                self.layer.key(),
                if levels.is_empty() {
                    String::new()
                } else {
                    format!(" of level {levels}")
                },
                self.max.unwrap_or(0)
            ),
            WarningKind::LeftWithoutHolder => {
                write!(f, "{n} cells left without a holder at level {levels}")
            }
            WarningKind::NewConflict => write!(f, "{n} cells held by two leads at level {levels}"),
            WarningKind::UnknownMember => write!(
                f,
                "member `{who}` is neither an owner id nor a unit in the owners list; kept as a unit name"
            ),
        }
    }
}
