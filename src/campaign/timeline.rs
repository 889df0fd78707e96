//! Where a problem stood on a given day, read from its history, and the calendar
//! the bulletins use (ISO weeks). Scores and the bulletin ask "was it open on the
//! window's last day, and was it closed by its deadline?" of past days, not only
//! of the ledger date.

use crate::error::{Error, Result};
use crate::model::*;

/// A problem's status and deadline on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateOn {
    /// Its status at the end of that day.
    pub status: Status,
    /// Its deadline then (an extension or a reopening moves it).
    pub deadline: Option<Day>,
}

/// Where `p` stood at the end of `day`; None before it was found, and for a
/// problem without a found date (it has no place on a calendar).
///
/// - With a history: the status and deadline the last step taken on or before
///   `day` left. Before its first step (a history written elsewhere may begin
///   mid-way) it stood in the status that step starts from (open for `record`),
///   with the deadline that step left.
/// - Without one (files that keep no steps, like the demo's): the ledger tells
///   only where the problem stands now, so it is read as having stood there, with
///   its present deadline, since the day it was found. A closed problem without a
///   history therefore counts as closed in time; an unresolved one as open since
///   it was found.
pub fn state_on(p: &Problem, day: Day) -> Option<StateOn> {
    let found = p.found?;
    if day < found {
        return None;
    }
    let h = p.history();
    let Some(first) = h.first() else {
        return Some(StateOn {
            status: p.status,
            deadline: p.deadline,
        });
    };
    match h.iter().rev().find(|s| s.on <= day) {
        Some(s) => Some(StateOn {
            status: s.status,
            deadline: s.deadline,
        }),
        None => Some(StateOn {
            status: status_before(first.action, first.status),
            deadline: first.deadline,
        }),
    }
}

/// The status a step starts from, given the one it led to (open for `record`).
fn status_before(action: Action, after: Status) -> Status {
    Status::ALL
        .iter()
        .copied()
        .find(|s| action != Action::Record && s.after(action) == Some(after))
        .unwrap_or(Status::Open)
}

/// Whether `p` was reopened (复发) on a day in `from..=to`.
pub fn reopened_within(p: &Problem, from: Day, to: Day) -> bool {
    p.history()
        .iter()
        .any(|s| s.action == Action::Reopen && s.on >= from && s.on <= to)
}

/// Monday (0) … Sunday (6) of a day.
pub fn weekday(day: Day) -> i32 {
    // 1970-01-01 was a Thursday.
    (day + 3).rem_euclid(7)
}

/// The ISO 8601 week `YYYY-Www` (Monday to Sunday) as its first and last day:
/// `2026-W47` is 2026-11-16 to 2026-11-22. Week 1 holds the year's first Thursday.
pub fn iso_week(text: &str) -> Result<(Day, Day)> {
    let t = text.trim().as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        t[r].iter().try_fold(0i32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + (c - b'0') as i32)
        })
    };
    let parsed = (t.len() == 8 && &t[4..6] == b"-W")
        .then(|| Some((digits(0..4)?, digits(6..8)?)))
        .flatten();
    let Some((year, week)) = parsed else {
        return Err(Error::arg(
            "week",
            format!("`{text}` is not an ISO week; write YYYY-Www, e.g. 2026-W47"),
        ));
    };
    let monday = week1_monday(year) + (week - 1) * 7;
    // The week's Thursday decides its year: W53 exists only in long years.
    if week < 1 || civil_from_days(monday + 3).0 != year {
        return Err(Error::arg("week", format!("{year} has no week {week}")));
    }
    Ok((monday, monday + 6))
}

/// The Monday of week 1 of an ISO year (the week holding 4 January).
fn week1_monday(year: i32) -> Day {
    let jan4 = days_from_civil(year, 1, 4);
    jan4 - weekday(jan4)
}

/// The ISO week holding `day`, as `YYYY-Www`.
pub fn iso_week_of(day: Day) -> String {
    let year = civil_from_days(day - weekday(day) + 3).0;
    format!(
        "{year:04}-W{:02}",
        (day - week1_monday(year)).div_euclid(7) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(t: &str) -> Day {
        parse_day(t).unwrap()
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(
            iso_week("2026-W47").unwrap(),
            (d("2026-11-16"), d("2026-11-22"))
        );
        // 2026-01-01 is a Thursday: week 1 starts on 2025-12-29.
        assert_eq!(iso_week("2026-W01").unwrap().0, d("2025-12-29"));
        // 2020 had 53 weeks, 2021 did not.
        assert_eq!(iso_week("2020-W53").unwrap().0, d("2020-12-28"));
        assert!(iso_week("2021-W53").is_err());
        assert!(iso_week("2021-W00").is_err());
        assert!(iso_week("2026-47").is_err());
        for t in ["2026-W47", "2026-W01", "2020-W53", "2021-W01", "2027-W52"] {
            let (a, b) = iso_week(t).unwrap();
            assert_eq!(weekday(a), 0);
            assert_eq!(iso_week_of(a), t);
            assert_eq!(iso_week_of(b), t);
        }
    }

    #[test]
    fn states_from_a_history() {
        let step = |action, on: &str, status, deadline: &str| Step {
            action,
            on: d(on),
            by: None,
            note: None,
            status,
            deadline: Some(d(deadline)),
        };
        let mut p = Problem {
            id: "p".into(),
            lnglat: (0.0, 0.0),
            point: None,
            kind: ProblemKind::Other,
            severity: 1,
            status: Status::Open,
            found: Some(d("2026-11-01")),
            deadline: Some(d("2026-11-10")),
            source: Source::OpenInspection,
            log: None,
        };
        // No history: where it stands now, since it was found.
        assert_eq!(state_on(&p, d("2026-10-31")), None);
        assert_eq!(state_on(&p, d("2026-11-01")).unwrap().status, Status::Open);
        // Started on the 3rd, submitted the 5th, passed the 6th, reopened the 9th.
        p.status = Status::Open;
        p.deadline = Some(d("2026-11-12"));
        p.log_mut().history = vec![
            step(
                Action::Start,
                "2026-11-03",
                Status::Rectifying,
                "2026-11-04",
            ),
            step(
                Action::Submit,
                "2026-11-05",
                Status::Submitted,
                "2026-11-04",
            ),
            step(Action::Pass, "2026-11-06", Status::Closed, "2026-11-04"),
            step(Action::Reopen, "2026-11-09", Status::Open, "2026-11-12"),
        ];
        let at = |t: &str| state_on(&p, d(t)).map(|s| (s.status, s.deadline));
        assert_eq!(
            at("2026-11-02"),
            Some((Status::Open, Some(d("2026-11-04"))))
        );
        assert_eq!(at("2026-11-03").unwrap().0, Status::Rectifying);
        assert_eq!(at("2026-11-06").unwrap().0, Status::Closed);
        assert_eq!(at("2026-11-08").unwrap().0, Status::Closed);
        assert_eq!(
            at("2026-11-09"),
            Some((Status::Open, Some(d("2026-11-12"))))
        );
        assert!(reopened_within(&p, d("2026-11-09"), d("2026-11-09")));
        assert!(!reopened_within(&p, d("2026-11-01"), d("2026-11-08")));
    }
}
