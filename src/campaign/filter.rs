//! What a query keeps: the problem and point filters (every field optional, one
//! value or a list), checked before use, and the orders a search can sort in.

use crate::error::{Error, Result};
use crate::io::obj::{by_hand, FromJson, Obj};
use crate::model::*;
use serde_json::Value;

/// Which problems a query keeps. Every field is optional; an empty filter keeps all.
/// From JS: `{status: "open" | ["open","rectifying"], category, source: "暗访",
/// minSeverity, overdue: true, minDaysOverdue: 1, maxDaysOverdue: 30, asOf:
/// "2026-11-23", foundFrom, foundTo, deadlineFrom, deadlineTo}`. Days are reckoned on `asOf`,
/// else the map's ledger date ([`Map::as_of`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(missing_as_null),
    serde(rename_all = "camelCase", default)
)]
pub struct ProblemFilter {
    /// One status or several (any of them).
    #[cfg_attr(feature = "typescript", tsify(type = "Status | Status[] | null"))]
    pub status: Option<Vec<Status>>,
    /// One kind of problem or several.
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "ProblemKind | ProblemKind[] | null")
    )]
    pub category: Option<Vec<ProblemKind>>,
    /// 明查 / 暗访 / 投诉 / 媒体 (any key or alias of [`Source`]), one or several.
    #[cfg_attr(feature = "typescript", tsify(type = "Source | Source[] | null"))]
    pub source: Option<Vec<Source>>,
    /// Severity 1 to 3: keep this and above.
    pub min_severity: Option<u8>,
    /// Keep only problems overdue on `as_of`.
    pub overdue: bool,
    /// Keep problems at least this many days overdue on `asOf` (0 for those not
    /// overdue).
    pub min_days_overdue: Option<i32>,
    /// Keep problems at most this many days overdue on `asOf`.
    pub max_days_overdue: Option<i32>,
    /// The day "overdue" and `daysOverdue` are reckoned on ("YYYY-MM-DD"; when left
    /// out, the map's ledger date).
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub as_of: Option<Day>,
    /// Found on or after this day ("YYYY-MM-DD").
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub found_from: Option<Day>,
    /// Found on or before this day ("YYYY-MM-DD").
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub found_to: Option<Day>,
    /// Deadline on or after this day ("YYYY-MM-DD"); problems without a deadline
    /// are left out of a deadline window.
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub deadline_from: Option<Day>,
    /// Deadline on or before this day ("YYYY-MM-DD").
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub deadline_to: Option<Day>,
}

impl ProblemFilter {
    /// Problems someone still has to act on (open, rectifying, waiting for the
    /// re-check): what a supervisor looks for.
    pub fn unresolved() -> Self {
        ProblemFilter {
            status: Some(vec![Status::Open, Status::Rectifying, Status::Submitted]),
            ..Default::default()
        }
    }

    pub fn check(&self) -> Result<()> {
        let by_days = self.min_days_overdue.is_some() || self.max_days_overdue.is_some();
        if (self.overdue || by_days) && self.as_of.is_none() {
            return Err(Error::arg(
                "filter.overdue",
                "needs `asOf`, the day to reckon from (the data declare no ledger date)",
            ));
        }
        if let Some(s) = self.min_severity {
            if !(1..=3).contains(&s) {
                return Err(Error::arg(
                    "filter.minSeverity",
                    format!("expected 1 to 3, got {s}"),
                ));
            }
        }
        let (lo, hi) = (self.min_days_overdue, self.max_days_overdue);
        if lo.is_some_and(|m| m < 0) || hi.is_some_and(|m| m < 0) {
            return Err(Error::arg("filter.minDaysOverdue", "days are 0 or more"));
        }
        if let (Some(a), Some(b)) = (lo, hi) {
            if a > b {
                return Err(Error::arg(
                    "filter.minDaysOverdue",
                    format!("{a} is above maxDaysOverdue {b}"),
                ));
            }
        }
        for (name, a, b) in [
            ("filter.foundFrom", self.found_from, self.found_to),
            ("filter.deadlineFrom", self.deadline_from, self.deadline_to),
        ] {
            if let (Some(a), Some(b)) = (a, b) {
                if a > b {
                    return Err(Error::arg(
                        name,
                        format!("{} is after the end {}", format_day(a), format_day(b)),
                    ));
                }
            }
        }
        Ok(())
    }

    #[inline]
    pub fn keeps(&self, p: &Problem) -> bool {
        let in_window = |d: Option<Day>, from: Option<Day>, to: Option<Day>| {
            (from.is_none() && to.is_none())
                || d.is_some_and(|d| from.is_none_or(|a| d >= a) && to.is_none_or(|b| d <= b))
        };
        self.status.as_ref().is_none_or(|s| s.contains(&p.status))
            && self.category.as_ref().is_none_or(|c| c.contains(&p.kind))
            && self.source.as_ref().is_none_or(|s| s.contains(&p.source))
            && self.min_severity.is_none_or(|m| p.severity >= m)
            && (!self.overdue || self.as_of.is_some_and(|d| p.is_overdue(d)))
            && ((self.min_days_overdue.is_none() && self.max_days_overdue.is_none())
                || self.as_of.is_some_and(|d| {
                    let n = p.days_overdue(d);
                    self.min_days_overdue.is_none_or(|m| n >= m)
                        && self.max_days_overdue.is_none_or(|m| n <= m)
                }))
            && in_window(p.found, self.found_from, self.found_to)
            && in_window(p.deadline, self.deadline_from, self.deadline_to)
    }
}

/// How search results are ordered: nearest first, most days overdue first, or
/// earliest deadline first (none last). Ties go to the nearer, then to load order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Distance,
    DaysOverdue,
    Deadline,
}

impl Sort {
    /// `distance`, `daysOverdue` or `deadline`.
    pub fn parse(text: &str) -> Result<Sort> {
        match text {
            "distance" => Ok(Sort::Distance),
            "daysOverdue" => Ok(Sort::DaysOverdue),
            "deadline" => Ok(Sort::Deadline),
            _ => Err(Error::arg(
                "sort",
                format!("unknown order `{text}`; use distance, daysOverdue or deadline"),
            )),
        }
    }
}

/// Which inspection points a query keeps.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(missing_as_null),
    serde(rename_all = "camelCase", default)
)]
pub struct PointFilter {
    /// One category of inspection point or several.
    #[cfg_attr(feature = "typescript", tsify(type = "Category | Category[] | null"))]
    pub category: Option<Vec<Category>>,
}

impl PointFilter {
    #[inline]
    pub fn keeps(&self, p: &InspectionPoint) -> bool {
        self.category
            .as_ref()
            .is_none_or(|c| c.contains(&p.category))
    }
}

by_hand!(json: ProblemFilter, PointFilter);

impl FromJson for ProblemFilter {
    fn from_json(v: &Value, what: &str) -> std::result::Result<Self, String> {
        let o = Obj::new(
            v,
            what,
            &[
                "status",
                "category",
                "source",
                "minSeverity",
                "overdue",
                "minDaysOverdue",
                "maxDaysOverdue",
                "asOf",
                "foundFrom",
                "foundTo",
                "deadlineFrom",
                "deadlineTo",
            ],
        )?;
        let days = |key| o.whole(key, i32::MIN.into(), i32::MAX.into());
        Ok(ProblemFilter {
            status: o.vocabs("status", Status::parse)?,
            category: o.vocabs("category", ProblemKind::parse)?,
            source: o.vocabs("source", Source::parse)?,
            min_severity: o.whole("minSeverity", 0, 255)?.map(|s| s as u8),
            overdue: o.flag("overdue")?.unwrap_or(false),
            min_days_overdue: days("minDaysOverdue")?.map(|d| d as i32),
            max_days_overdue: days("maxDaysOverdue")?.map(|d| d as i32),
            as_of: o.day("asOf")?,
            found_from: o.day("foundFrom")?,
            found_to: o.day("foundTo")?,
            deadline_from: o.day("deadlineFrom")?,
            deadline_to: o.day("deadlineTo")?,
        })
    }
}

impl FromJson for PointFilter {
    fn from_json(v: &Value, what: &str) -> std::result::Result<Self, String> {
        let o = Obj::new(v, what, &["category"])?;
        Ok(PointFilter {
            category: o.vocabs("category", Category::parse)?,
        })
    }
}
