//! What a scoring is asked: which units, the weights of sources, the deduction rule
//! and the window ([`ScoreOptions`]), checked before any counting
//! ([`super::scores`] says what the numbers mean).

use crate::error::{Error, Result};
use crate::model::*;
use serde::{Deserialize, Serialize};

/// What units are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum ScoreBy {
    /// Sub-districts (街道): zones of level 1.
    #[default]
    Street,
    /// Communities (社区): zones of level 3.
    Community,
    /// Zones of the `level` asked.
    Zone,
    /// The holders of the cells (责任人).
    Owner,
    /// The holders' units (责任单位), from the owners list.
    Unit,
}

/// What a problem found weighs, by how it came to the ledger. Keys are the source
/// keys of the data (`open_inspection`, …) or their Chinese names.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields, default)]
pub struct SourceWeights {
    /// 明查 (default 0.4, one city's rule).
    #[serde(alias = "明查", alias = "openInspection")]
    pub open_inspection: f64,
    /// 暗访 (default 0.6, the same rule: covert visits count more).
    #[serde(alias = "暗访", alias = "covertInspection")]
    pub covert_inspection: f64,
    /// 群众投诉 / 12345 (default 0.5: a citizen found it, not the assessment).
    #[serde(alias = "投诉", alias = "群众投诉")]
    pub complaint: f64,
    /// 媒体曝光 (default 1: public exposure weighs most).
    #[serde(alias = "媒体", alias = "媒体曝光")]
    pub media: f64,
}

impl Default for SourceWeights {
    fn default() -> Self {
        SourceWeights {
            open_inspection: 0.4,
            covert_inspection: 0.6,
            complaint: 0.5,
            media: 1.0,
        }
    }
}

impl SourceWeights {
    /// The weight of a source.
    pub fn of(&self, s: Source) -> f64 {
        match s {
            Source::OpenInspection => self.open_inspection,
            Source::CovertInspection => self.covert_inspection,
            Source::Complaint => self.complaint,
            Source::Media => self.media,
        }
    }
}

/// The deductions of the score (see the module comment for the formula).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ScoreRule {
    /// Points per weighted problem found per km² per week.
    pub found_per_km2_week: f64,
    /// At most this many points for problems found.
    pub found_max: f64,
    /// Points when every problem open at the end is overdue.
    pub backlog: f64,
    /// Points when no problem due in the window was rectified on time.
    pub late: f64,
    /// Points when every problem found or reopened is a recurrence.
    pub recurrence: f64,
}

impl Default for ScoreRule {
    fn default() -> Self {
        ScoreRule {
            found_per_km2_week: 2.0,
            found_max: 40.0,
            backlog: 30.0,
            late: 20.0,
            recurrence: 10.0,
        }
    }
}

/// Score options. From JS: `{week: "2026-W47"} | {from, to}, by: "street" |
/// "community" | "zone" | "owner" | "unit", level, weights: {open_inspection: 0.4,
/// covert_inspection: 0.6, complaint: 0.5, media: 1}, rule: {…}, bottom: 3,
/// repeatDays: 30, asOf}`, every key optional.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ScoreOptions {
    /// An ISO week, `2026-W47` (instead of `from`/`to`).
    pub week: Option<String>,
    /// First day of the window; default six days before `to`.
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub from: Option<Day>,
    /// Last day of the window; default the ledger date (six days after `from` when
    /// only `from` is given).
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub to: Option<Day>,
    /// The day the ledger knows up to; default the map's ledger date.
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub as_of: Option<Day>,
    /// What units are scored.
    pub by: ScoreBy,
    /// The zone level, with `by: "zone"` only.
    pub level: Option<u8>,
    /// Weights of problems found, by source.
    pub weights: SourceWeights,
    /// The score's deductions.
    pub rule: ScoreRule,
    /// How many units at the bottom are marked (排名后三位: 3).
    pub bottom: usize,
    /// A new problem within this many days after one in the same cell and category
    /// is a recurrence.
    pub repeat_days: u32,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            week: None,
            from: None,
            to: None,
            as_of: None,
            by: ScoreBy::Street,
            level: None,
            weights: SourceWeights::default(),
            rule: ScoreRule::default(),
            bottom: 3,
            repeat_days: 30,
        }
    }
}

pub(crate) fn check_weights(o: &ScoreOptions) -> Result<()> {
    let w = &o.weights;
    let r = &o.rule;
    if [w.open_inspection, w.covert_inspection, w.complaint, w.media]
        .iter()
        .any(|v| !v.is_finite() || *v < 0.0)
    {
        return Err(Error::arg(
            "weights",
            "every weight must be a finite number ≥ 0",
        ));
    }
    if [
        r.found_per_km2_week,
        r.found_max,
        r.backlog,
        r.late,
        r.recurrence,
    ]
    .iter()
    .any(|v| !v.is_finite() || *v < 0.0)
    {
        return Err(Error::arg(
            "rule",
            "every deduction must be a finite number ≥ 0",
        ));
    }
    if o.repeat_days > 366 {
        return Err(Error::arg("repeatDays", "give 0 to 366 days"));
    }
    Ok(())
}
