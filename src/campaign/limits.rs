//! 限时整改: how many days a problem gets to be rectified, by category, capped by
//! severity and source, and how far its one extension (延期) may move the deadline.
//!
//! The campaign reports name the practice ("限时整改", "限时解决" for the problems of
//! a 督办函, "发现问题立即整改") but give no figures, so the defaults are the issue's
//! examples and what the kind of work takes: what one crew clears the same or the
//! next day (bikes, cars, garbage, stalls) gets 1 day, repairs and missing
//! public-service boards that need a purchase get 7, the rest 3; a serious problem
//! (severity 3) and one exposed by the media get at most 1. A city loads its own
//! table as JSON ([`TimeLimits::from_json`]); what it leaves out keeps the default.

use crate::error::{Error, Result};
use crate::io::obj::Obj;
use crate::model::*;
use serde_json::Value;

/// The longest time limit or extension accepted, in days.
pub const MAX_DAYS: u32 = 366;

/// The time-limit table.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeLimits {
    /// Days per problem category, in the order of [`ProblemKind::ALL`].
    pub days: [u32; 7],
    /// At most this many days for severity 1, 2, 3 (None: no cap).
    pub max_days_by_severity: [Option<u32>; 3],
    /// At most this many days per source, in the order of [`Source::ALL`].
    pub max_days_by_source: [Option<u32>; 4],
    /// How far the one extension may move a deadline (None: no limit).
    pub max_extension_days: Option<u32>,
}

impl Default for TimeLimits {
    fn default() -> Self {
        let mut days = [3; 7];
        for (k, d) in [
            (ProblemKind::Bikes, 1),
            (ProblemKind::Parking, 1),
            (ProblemKind::Garbage, 1),
            (ProblemKind::Stalls, 1),
            (ProblemKind::Facilities, 7),
            (ProblemKind::Ads, 7),
            (ProblemKind::Other, 3),
        ] {
            days[kind_pos(k)] = d;
        }
        let mut by_source = [None; 4];
        by_source[source_pos(Source::Media)] = Some(1);
        TimeLimits {
            days,
            max_days_by_severity: [None, None, Some(1)],
            max_days_by_source: by_source,
            max_extension_days: Some(7),
        }
    }
}

fn kind_pos(k: ProblemKind) -> usize {
    ProblemKind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

fn source_pos(s: Source) -> usize {
    Source::ALL.iter().position(|&x| x == s).unwrap_or(0)
}

impl TimeLimits {
    /// Days allowed for a problem: the category's days, capped by its severity and
    /// its source.
    pub fn days_for(&self, kind: ProblemKind, severity: u8, source: Source) -> u32 {
        let mut d = self.days[kind_pos(kind)];
        if let Some(c) = self.max_days_by_severity[(severity.clamp(1, 3) - 1) as usize] {
            d = d.min(c);
        }
        if let Some(c) = self.max_days_by_source[source_pos(source)] {
            d = d.min(c);
        }
        d
    }

    /// The deadline of a problem found (or reopened) on `from`.
    pub fn deadline_for(&self, kind: ProblemKind, severity: u8, source: Source, from: Day) -> Day {
        from + self.days_for(kind, severity, source) as Day
    }

    /// Reads a table: `{"days": {"garbage": 1, "设施损坏": 5, …}, "maxDaysBySeverity":
    /// {"3": 1}, "maxDaysBySource": {"media": 1, "暗访": null}, "maxExtensionDays": 7}`.
    /// Every member is optional; what is left out keeps the default ([`Default`]);
    /// `null` removes a cap. Unknown members and keys are errors naming what is
    /// accepted.
    pub fn from_json(text: &str) -> Result<TimeLimits> {
        let bad = Error::BadTimeLimits;
        let v: Value = crate::io::record::parse_json(text).map_err(|e| bad(e.to_string()))?;
        let o = Obj::new(
            &v,
            "table",
            &[
                "days",
                "maxDaysBySeverity",
                "maxDaysBySource",
                "maxExtensionDays",
            ],
        )
        .map_err(bad)?;
        let mut t = TimeLimits::default();
        for (k, d) in section(&o, "days")? {
            let kind = ProblemKind::parse(k).map_err(|e| bad(format!("days: {e}")))?;
            t.days[kind_pos(kind)] =
                d.ok_or_else(|| bad(format!("days.{k}: give a number of days")))?;
        }
        for (k, d) in section(&o, "maxDaysBySeverity")? {
            let s = ["1", "2", "3"]
                .iter()
                .position(|x| *x == k)
                .ok_or_else(|| {
                    bad(format!(
                        "maxDaysBySeverity: unknown severity `{k}`; use \"1\", \"2\" or \"3\""
                    ))
                })?;
            t.max_days_by_severity[s] = d;
        }
        for (k, d) in section(&o, "maxDaysBySource")? {
            let s = Source::parse(k).map_err(|e| bad(format!("maxDaysBySource: {e}")))?;
            t.max_days_by_source[source_pos(s)] = d;
        }
        if let Some(v) = o.raw("maxExtensionDays") {
            t.max_extension_days = days(v, "maxExtensionDays")?;
        }
        Ok(t)
    }

    /// The whole table as JSON text, in the form [`TimeLimits::from_json`] reads
    /// (English keys).
    pub fn to_json(&self) -> String {
        let n = |d: Option<u32>| d.map_or("null".to_string(), |d| d.to_string());
        let members = |keys: &mut dyn Iterator<Item = (&str, Option<u32>)>| {
            let v: Vec<String> = keys.map(|(k, d)| format!("\"{k}\":{}", n(d))).collect();
            v.join(",")
        };
        format!(
            r#"{{"days":{{{}}},"maxDaysBySeverity":{{{}}},"maxDaysBySource":{{{}}},"maxExtensionDays":{}}}"#,
            members(
                &mut ProblemKind::ALL
                    .iter()
                    .map(|k| (k.key(), Some(self.days[kind_pos(*k)])))
            ),
            members(&mut ["1", "2", "3"].into_iter().zip(self.max_days_by_severity)),
            members(
                &mut Source::ALL
                    .iter()
                    .map(|s| (s.key(), self.max_days_by_source[source_pos(*s)]))
            ),
            n(self.max_extension_days)
        )
    }
}

/// The members of one section of the table, each value read as days.
fn section<'a>(o: &Obj<'a>, key: &str) -> Result<Vec<(&'a str, Option<u32>)>> {
    let Some(v) = o.get(key) else {
        return Ok(vec![]);
    };
    let m = v
        .as_object()
        .ok_or_else(|| Error::BadTimeLimits(format!("{key}: expected an object")))?;
    let mut out = Vec::with_capacity(m.len());
    for (k, v) in m {
        out.push((k.as_str(), days(v, &format!("{key}.{k}"))?));
    }
    Ok(out)
}

/// A whole number of days 0..=MAX_DAYS, or null (None).
fn days(v: &Value, what: &str) -> Result<Option<u32>> {
    match v {
        Value::Null => Ok(None),
        _ => match v.as_u64().filter(|&d| d <= MAX_DAYS as u64) {
            Some(d) => Ok(Some(d as u32)),
            None => Err(Error::BadTimeLimits(format!(
                "{what}: expected whole days from 0 to {MAX_DAYS}, got {v}"
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_category_then_the_caps() {
        let t = TimeLimits::default();
        let ins = Source::OpenInspection;
        assert_eq!(t.days_for(ProblemKind::Garbage, 1, ins), 1);
        assert_eq!(t.days_for(ProblemKind::Parking, 2, ins), 1);
        assert_eq!(t.days_for(ProblemKind::Facilities, 1, ins), 7);
        assert_eq!(
            t.days_for(ProblemKind::Facilities, 3, ins),
            1,
            "serious: 1 day"
        );
        assert_eq!(
            t.days_for(ProblemKind::Ads, 2, Source::Media),
            1,
            "media: 1 day"
        );
        assert_eq!(t.days_for(ProblemKind::Other, 2, Source::Complaint), 3);
        assert_eq!(t.deadline_for(ProblemKind::Facilities, 1, ins, 100), 107);
    }

    #[test]
    fn a_city_table_overrides_what_it_names() {
        let t = TimeLimits::from_json(
            r#"{"days":{"设施损坏":5,"garbage":0},"maxDaysBySeverity":{"3":null},"maxDaysBySource":{"暗访":2},"maxExtensionDays":null}"#,
        )
        .unwrap();
        let ins = Source::OpenInspection;
        assert_eq!(
            t.days_for(ProblemKind::Facilities, 3, ins),
            5,
            "cap removed"
        );
        assert_eq!(t.days_for(ProblemKind::Garbage, 1, ins), 0, "same day");
        assert_eq!(
            t.days_for(ProblemKind::Facilities, 1, Source::CovertInspection),
            2
        );
        assert_eq!(t.days_for(ProblemKind::Ads, 1, ins), 7, "left out: default");
        assert_eq!(t.max_extension_days, None);
        // The JSON form reads back to the same table.
        assert_eq!(TimeLimits::from_json(&t.to_json()).unwrap(), t);
    }

    #[test]
    fn bad_tables_say_what_is_accepted() {
        for (text, needle) in [
            ("[]", "expected an object"),
            (r#"{"day":{}}"#, "unknown field `day`"),
            (r#"{"days":{"litter":1}}"#, "accepted: bikes"),
            (r#"{"days":{"garbage":-1}}"#, "whole days from 0"),
            (r#"{"days":{"garbage":1.5}}"#, "whole days from 0"),
            (r#"{"days":{"garbage":null}}"#, "give a number of days"),
            (r#"{"maxDaysBySeverity":{"4":1}}"#, "unknown severity"),
            (
                r#"{"maxDaysBySource":{"radio":1}}"#,
                "accepted: open_inspection",
            ),
            (r#"{"maxExtensionDays":400}"#, "0 to 366"),
            ("nope", "not a time-limit table"),
        ] {
            let e = TimeLimits::from_json(text).unwrap_err().to_string();
            assert!(e.contains(needle), "{text}: {e}");
        }
    }
}
