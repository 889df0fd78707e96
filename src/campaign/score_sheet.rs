//! What a scoring answers: the tally and deductions of each unit, its score and
//! rank, and the totals ([`Scores`]; [`super::scores`] says how they are reckoned).

use super::score_options::{ScoreBy, ScoreRule, SourceWeights};
use crate::model::Day;
use serde::Serialize;

/// What was counted for one unit (or all) in one window.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    /// Problems found in the window.
    pub found: u32,
    /// Of them, by source: 明查, 暗访, 投诉, 媒体.
    pub by_source: [u32; 4],
    /// Their weighted count.
    pub weighted: f64,
    /// Weighted count per km² of the unit's area (0 without an area).
    pub per_km2: f64,
    /// Unresolved at the end of the window's last day (or of the ledger date).
    pub open: u32,
    /// Of them, past their deadline then.
    pub overdue: u32,
    /// Deadlines in the window (before the ledger date).
    pub due: u32,
    /// Of them, closed by the end of the deadline day.
    pub on_time: u32,
    /// Closed during the window (closed at its end, not at its start).
    pub closed: u32,
    /// Reopened (复发) in the window.
    pub reopened: u32,
    /// Found in the window within `repeatDays` after one in the same cell and category.
    pub repeats: u32,
    /// Reopened or repeats (a problem counted once).
    pub recurrences: u32,
    /// Found or reopened in the window (the base of the recurrence share).
    pub active: u32,
}

/// The four deductions of a score.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Deductions {
    /// For problems found per km² per week.
    pub found: f64,
    /// For overdue problems among those open at the end.
    pub backlog: f64,
    /// For deadlines missed.
    pub late: f64,
    /// For recurrences.
    pub recurrence: f64,
}

/// One unit's score in the window and the window before.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct UnitScore {
    /// Zone id, owner id or unit name.
    pub id: String,
    /// Zone name (else id), owner name (else id), or unit name.
    pub name: String,
    /// Who holds it: the zone's owner or the owner (a name from the owners list,
    /// else the id); the unit for an owner.
    pub holder: Option<String>,
    /// Its area, km² (zone area, or the cells held).
    pub area_km2: f64,
    /// What was counted in the window.
    pub tally: Tally,
    /// What was deducted.
    pub deductions: Deductions,
    /// 100 − deductions, at least 0, to 0.1.
    pub score: f64,
    /// 1 for the best; equal scores share a rank.
    pub rank: u32,
    /// Among the bottom N.
    pub bottom: bool,
    /// The same in the previous window.
    pub previous: Previous,
    /// Score minus the previous score.
    pub score_change: f64,
    /// Previous rank minus this rank: positive when the unit moved up.
    pub rank_change: i32,
}

/// A unit in the previous window.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Previous {
    /// What was counted.
    pub tally: Tally,
    /// Its score.
    pub score: f64,
    /// Its rank.
    pub rank: u32,
}

/// Scores and ranking of every unit, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Scores {
    /// What units.
    pub by: ScoreBy,
    /// The zone level scored (1 for streets, 3 for communities; none for owners and units).
    pub level: Option<u8>,
    /// The window.
    #[serde(serialize_with = "crate::model::ser_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub from: Day,
    /// Its last day.
    #[serde(serialize_with = "crate::model::ser_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub to: Day,
    /// The day open and overdue were judged on: `to`, or the ledger date if earlier.
    #[serde(serialize_with = "crate::model::ser_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub end: Day,
    /// The ledger date used.
    #[serde(serialize_with = "crate::model::ser_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub as_of: Option<Day>,
    /// The ISO week the window is, when it is exactly one (`2026-W47`).
    pub week: Option<String>,
    /// The ISO week holding the ledger date (where a week picker starts).
    pub as_of_week: Option<String>,
    /// The previous window.
    #[serde(serialize_with = "crate::model::ser_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub previous_from: Day,
    /// Its last day.
    #[serde(serialize_with = "crate::model::ser_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub previous_to: Day,
    /// The weights used.
    pub weights: SourceWeights,
    /// The rule used.
    pub rule: ScoreRule,
    /// How many were asked to be marked at the bottom.
    pub bottom: usize,
    /// Every unit, best first.
    pub units: Vec<UnitScore>,
    /// Everything in the window, every unit or none (area: the cells).
    pub totals: Tally,
    /// Everything in the previous window.
    pub previous_totals: Tally,
    /// Problems found in the window that belong to no unit.
    pub unattributed: u32,
}
