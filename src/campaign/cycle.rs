//! The problem cycle (问题台账 → 限时整改 → 复查 → 验收销号) as pure functions on one
//! [`Problem`]: recording a new one, and each step of its life. The transitions
//! themselves are [`Status::after`] (in the model, so the reader can check a loaded
//! history); this file adds the rules that need more than the status: who and when,
//! the one extension, the reopened deadline. The ledger ([`super::ledger`]) applies
//! the results to the map, the journal ([`super::journal`]) replays them.

use super::limits::{TimeLimits, MAX_DAYS};
use crate::error::{Error, Result};
use crate::io::obj::Obj;
use crate::model::*;
use serde_json::Value;

/// The steps a user may take, in the order the page offers them.
pub const STEPS: [Action; 6] = [
    Action::Start,
    Action::Submit,
    Action::Pass,
    Action::Fail,
    Action::Extend,
    Action::Reopen,
];

/// What recording a problem takes (from JS: `{lng, lat, category, severity, source,
/// point?, note?, photos?, found?, deadline?, by?, id?}`). Without `lng`/`lat` the
/// problem is placed at its inspection `point`. Without `found`, it is the ledger
/// date; without `deadline`, the time-limit table gives it; without `id`, the ledger
/// makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordInput {
    /// The id to record it under (unique in the ledger).
    pub id: Option<String>,
    /// Where, in WGS-84 (with `lat`); else at the point.
    pub lng: Option<f64>,
    /// Latitude, with `lng`.
    pub lat: Option<f64>,
    /// The inspection point it was found at.
    pub point: Option<String>,
    /// What kind of problem (问题类别).
    pub category: ProblemKind,
    /// 1 (minor) to 3 (serious).
    pub severity: u8,
    /// How it was found: 明查, 暗访, complaint, media…
    pub source: Source,
    /// What the supervisor wrote.
    pub note: Option<String>,
    /// Photo file names or URLs.
    pub photos: Vec<String>,
    /// The day it was found.
    pub found: Option<Day>,
    /// The day it must be rectified by (限时整改).
    pub deadline: Option<Day>,
    /// Who recorded it.
    pub by: Option<String>,
}

impl RecordInput {
    /// Reads the JSON form; unknown keys and missing `category`, `severity` or
    /// `source` are errors naming the field.
    pub fn from_json(v: &Value) -> Result<RecordInput> {
        let o = Obj::new(
            v,
            "recordProblem",
            &[
                "id", "lng", "lat", "point", "category", "severity", "source", "note", "photos",
                "found", "deadline", "by",
            ],
        )
        .map_err(|e| Error::arg("input", e))?;
        let read = || -> std::result::Result<RecordInput, String> {
            Ok(RecordInput {
                id: o.text("id")?,
                lng: o.num("lng")?,
                lat: o.num("lat")?,
                point: o.text("point")?,
                category: o
                    .vocab("category", ProblemKind::parse)?
                    .ok_or_else(|| o.missing("category"))?,
                severity: o
                    .whole("severity", 1, 3)?
                    .ok_or_else(|| o.missing("severity"))? as u8,
                source: o
                    .vocab("source", Source::parse)?
                    .ok_or_else(|| o.missing("source"))?,
                note: o.text("note")?,
                photos: o.texts("photos")?,
                found: o.day("found")?,
                deadline: o.day("deadline")?,
                by: o.text("by")?,
            })
        };
        read().map_err(|e| Error::arg("input", e))
    }
}

/// One step (from JS: `{action, by, on?, note?, deadline?, days?}`). `note` (also
/// accepted as `reason`) is required for `extend`; `extend` takes the new
/// `deadline` or a number of `days` to add; `reopen` may take a `deadline` (else the
/// time-limit table counts from `on`). Without `on`, the ledger date.
#[derive(Debug, Clone, PartialEq)]
pub struct StepInput {
    /// The step to take.
    pub action: Action,
    /// Who takes it.
    pub by: Option<String>,
    /// The day it is taken.
    pub on: Option<Day>,
    /// Why (required for an extension).
    pub note: Option<String>,
    /// A new deadline (extend, reopen).
    pub deadline: Option<Day>,
    /// Days to add to the deadline (extend).
    pub days: Option<u32>,
}

impl StepInput {
    /// A step with only an action and who takes it.
    pub fn new(action: Action, by: &str) -> Self {
        StepInput {
            action,
            by: Some(by.to_string()),
            on: None,
            note: None,
            deadline: None,
            days: None,
        }
    }

    /// Reads the JSON form; unknown keys are errors naming the field.
    pub fn from_json(v: &Value) -> Result<StepInput> {
        let o = Obj::new(
            v,
            "stepProblem",
            &["action", "by", "on", "note", "reason", "deadline", "days"],
        )
        .map_err(|e| Error::arg("input", e))?;
        let read = || -> std::result::Result<StepInput, String> {
            let note = o.text("note")?;
            let reason = o.text("reason")?;
            if note.is_some() && reason.is_some() {
                return Err(o.err("reason", "give `note` or `reason`, not both"));
            }
            Ok(StepInput {
                action: o
                    .vocab("action", Action::parse)?
                    .ok_or_else(|| o.missing("action"))?,
                by: o.text("by")?,
                on: o.day("on")?,
                note: note.or(reason),
                deadline: o.day("deadline")?,
                days: o.whole("days", 0, MAX_DAYS as i64)?.map(|d| d as u32),
            })
        };
        read().map_err(|e| Error::arg("input", e))
    }
}

/// Empty or blank text counts as none; other text is kept trimmed.
fn text(t: &Option<String>) -> Option<String> {
    t.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A new problem from `input`, placed at `lnglat`, found on `found`, with `id`. The
/// caller (the ledger) has resolved the place, the day and a free id.
pub fn new_problem(
    input: &RecordInput,
    id: String,
    lnglat: LngLat,
    found: Day,
    limits: &TimeLimits,
) -> Result<Problem> {
    if !(1..=3).contains(&input.severity) {
        return Err(Error::arg(
            "severity",
            format!("expected 1 (minor) to 3 (serious), got {}", input.severity),
        ));
    }
    for (i, r) in input.photos.iter().enumerate() {
        crate::model::check_photo(r)
            .map_err(|e| Error::arg("photos", format!("photo {i}: {e}")))?;
    }
    let by = text(&input.by);
    let deadline = match input.deadline {
        Some(d) if d < found => {
            return Err(Error::arg(
                "deadline",
                format!(
                    "{} is before the day it was found ({})",
                    format_day(d),
                    format_day(found)
                ),
            ))
        }
        Some(d) => d,
        None => limits.deadline_for(input.category, input.severity, input.source, found),
    };
    let log = ProblemLog {
        note: text(&input.note),
        photos: input.photos.iter().map(|p| p.trim().to_string()).collect(),
        extension: None,
        history: vec![Step {
            action: Action::Record,
            on: found,
            by,
            note: None,
            status: Status::Open,
            deadline: Some(deadline),
        }],
    };
    Ok(Problem {
        id,
        lnglat,
        point: text(&input.point),
        kind: input.category,
        severity: input.severity,
        status: Status::Open,
        found: Some(found),
        deadline: Some(deadline),
        source: input.source,
        log: Some(Box::new(log)),
    })
}

/// `key (label)`, as errors name statuses and steps.
fn named(key: &str, label: &str) -> String {
    format!("{key} ({label})")
}

/// Why `action` may not be taken on `p` now, or None when it may.
fn refusal(p: &Problem, action: Action) -> Option<String> {
    if action == Action::Record {
        return Some("recording is not a step; record a new problem instead".into());
    }
    p.status.after(action)?;
    if action == Action::Extend {
        if let Some(e) = p.extension() {
            return Some(format!(
                "its deadline was already extended once, from {} ({})",
                format_day(e.from),
                e.reason
            ));
        }
        if p.deadline.is_none() {
            return Some("it has no deadline to extend".into());
        }
    }
    None
}

fn allowed_words(p: &Problem) -> String {
    let ok = allowed_steps(p);
    if ok.is_empty() {
        "no step is allowed now".into()
    } else {
        let list: Vec<String> = ok.iter().map(|a| named(a.key(), a.label())).collect();
        format!("allowed now: {}", list.join(", "))
    }
}

/// The steps that may be taken on `p` now, in the order of [`STEPS`].
pub fn allowed_steps(p: &Problem) -> Vec<Action> {
    STEPS
        .into_iter()
        .filter(|&a| p.status.after(a).is_some() && refusal(p, a).is_none())
        .collect()
}

fn illegal(p: &Problem, action: Action, why: Option<String>) -> Error {
    let status = named(p.status.key(), p.status.label());
    Error::IllegalStep {
        id: p.id.clone(),
        status,
        action: named(action.key(), action.label()),
        allowed: match why {
            Some(w) => format!("{w}; {}", allowed_words(p)),
            None => allowed_words(p),
        },
    }
}

/// The problem after one step taken on `on`. Refuses, changing nothing: a step the
/// status does not allow, a second extension, a step dated before the last one, a
/// step without `by`, an extension without a reason or beyond the table's limit.
pub fn step(p: &Problem, input: &StepInput, on: Day, limits: &TimeLimits) -> Result<Problem> {
    let action = input.action;
    let Some(status) = p.status.after(action) else {
        return Err(illegal(p, action, refusal(p, action)));
    };
    if let Some(why) = refusal(p, action) {
        return Err(illegal(p, action, Some(why)));
    }
    let by = text(&input.by).ok_or_else(|| {
        Error::arg(
            "by",
            "say who takes the step (a name or an id); the ledger keeps it",
        )
    })?;
    let (last_on, last_what) = match p.history().last() {
        Some(s) => (Some(s.on), format!("its last step ({})", s.action.key())),
        None => (p.found, "the day it was found".into()),
    };
    if let Some(l) = last_on.filter(|&l| on < l) {
        return Err(Error::arg(
            "on",
            format!(
                "{} is before {last_what} on {}; steps are kept in order",
                format_day(on),
                format_day(l)
            ),
        ));
    }
    let takes_deadline = matches!(action, Action::Extend | Action::Reopen);
    if !takes_deadline && (input.deadline.is_some() || input.days.is_some()) {
        return Err(Error::arg(
            "deadline",
            format!(
                "`{}` takes no deadline; only extend and reopen do",
                action.key()
            ),
        ));
    }
    let note = text(&input.note);
    let mut next = p.clone();
    next.status = status;
    match action {
        Action::Extend => {
            let from = p.deadline.expect("refusal() checked the deadline");
            let reason = note.clone().ok_or_else(|| {
                Error::arg("note", "give the reason for the extension (延期理由)")
            })?;
            let to = match (input.deadline, input.days) {
                (Some(d), None) => d,
                (None, Some(n)) if n <= MAX_DAYS => from + n as Day,
                (None, Some(n)) => {
                    return Err(Error::arg("days", format!("{n} is more than {MAX_DAYS}")))
                }
                _ => {
                    return Err(Error::arg(
                        "deadline",
                        "give either the new `deadline` or the `days` to add, not both",
                    ))
                }
            };
            if to <= from {
                return Err(Error::arg(
                    "deadline",
                    format!(
                        "{} is not after the current deadline {}",
                        format_day(to),
                        format_day(from)
                    ),
                ));
            }
            if let Some(max) = limits.max_extension_days.filter(|&m| to - from > m as Day) {
                return Err(Error::arg(
                    "deadline",
                    format!(
                        "{} moves the deadline {} days; the time-limit table allows at most {max}",
                        format_day(to),
                        to - from
                    ),
                ));
            }
            next.deadline = Some(to);
            next.log_mut().extension = Some(Extension { from, reason });
        }
        Action::Reopen => {
            let d = match input.deadline {
                Some(d) if d < on => {
                    return Err(Error::arg(
                        "deadline",
                        format!(
                            "{} is before the day it is reopened ({})",
                            format_day(d),
                            format_day(on)
                        ),
                    ))
                }
                Some(d) => d,
                None => limits.deadline_for(p.kind, p.severity, p.source, on),
            };
            next.deadline = Some(d);
            // A new round: the recurrence gets its own time limit and extension.
            next.log_mut().extension = None;
        }
        _ => {}
    }
    let deadline = next.deadline;
    next.log_mut().history.push(Step {
        action,
        on,
        by: Some(by),
        note,
        status,
        deadline,
    });
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> Problem {
        new_problem(
            &RecordInput {
                id: None,
                lng: None,
                lat: None,
                point: None,
                category: ProblemKind::Facilities,
                severity: 1,
                source: Source::CovertInspection,
                note: Some(" 护栏断裂 ".into()),
                photos: vec!["IMG_0001.jpg".into()],
                found: None,
                deadline: None,
                by: Some("王伟".into()),
            },
            "P1".into(),
            (112.6, 26.9),
            100,
            &TimeLimits::default(),
        )
        .unwrap()
    }

    fn go(p: &Problem, a: Action, on: Day) -> Result<Problem> {
        step(p, &StepInput::new(a, "李娜"), on, &TimeLimits::default())
    }

    #[test]
    fn a_full_round_with_a_failed_recheck() {
        let p = open();
        assert_eq!((p.deadline, p.note()), (Some(107), Some("护栏断裂")));
        let p = go(&p, Action::Start, 101).unwrap();
        let p = go(&p, Action::Submit, 102).unwrap();
        let p = go(&p, Action::Fail, 103).unwrap();
        assert_eq!(p.status, Status::Rectifying);
        let p = go(&p, Action::Submit, 104).unwrap();
        let p = go(&p, Action::Pass, 104).unwrap();
        assert_eq!(p.status, Status::Closed);
        let actions: Vec<Action> = p.history().iter().map(|s| s.action).collect();
        use Action::*;
        assert_eq!(actions, [Record, Start, Submit, Fail, Submit, Pass]);
        assert_eq!(p.check_history(), Ok(()));
        let p = go(&p, Action::Reopen, 120).unwrap();
        assert_eq!((p.status, p.deadline), (Status::Open, Some(127)));
    }

    #[test]
    fn every_illegal_step_is_refused_naming_the_state_and_what_is_allowed() {
        let p = open();
        let e = go(&p, Action::Pass, 101).unwrap_err().to_string();
        assert_eq!(
            e,
            "problem `P1` is open (待整改): cannot pass (复查通过); allowed now: start (开始整改), extend (延期)"
        );
        let closed = [Action::Start, Action::Submit, Action::Pass]
            .iter()
            .fold(p.clone(), |p, &a| go(&p, a, 101).unwrap());
        let e = go(&closed, Action::Start, 102).unwrap_err().to_string();
        assert!(e.contains("is closed (已销号): cannot start"), "{e}");
        assert!(e.ends_with("allowed now: reopen (复发)"), "{e}");
        for s in Status::ALL {
            for a in STEPS {
                let mut q = p.clone();
                q.status = *s;
                let mut input = StepInput::new(a, "李娜");
                if a == Action::Extend {
                    (input.note, input.days) = (Some("雨".into()), Some(1));
                }
                let r = step(&q, &input, 101, &TimeLimits::default());
                assert_eq!(r.is_ok(), s.after(a).is_some(), "{s:?} {a:?}: {r:?}");
            }
        }
        let e = go(&p, Action::Record, 101).unwrap_err().to_string();
        assert!(e.contains("recording is not a step"), "{e}");
    }

    #[test]
    fn one_extension_with_a_reason_within_the_limit() {
        let p = open();
        let ext = |p: &Problem, deadline: Option<Day>, days: Option<u32>, note: Option<&str>| {
            let mut s = StepInput::new(Action::Extend, "赵强");
            s.deadline = deadline;
            s.days = days;
            s.note = note.map(str::to_string);
            step(p, &s, 101, &TimeLimits::default())
        };
        let no_reason = ext(&p, None, Some(3), None).unwrap_err().to_string();
        assert!(no_reason.contains("reason"), "{no_reason}");
        assert!(ext(&p, Some(107), None, Some("雨"))
            .unwrap_err()
            .to_string()
            .contains("not after"));
        assert!(ext(&p, Some(115), None, Some("雨"))
            .unwrap_err()
            .to_string()
            .contains("at most 7"));
        assert!(ext(&p, Some(110), Some(3), Some("雨"))
            .unwrap_err()
            .to_string()
            .contains("not both"));
        let q = ext(&p, None, Some(3), Some("等材料")).unwrap();
        assert_eq!(q.deadline, Some(110));
        assert_eq!(
            q.extension(),
            Some(&Extension {
                from: 107,
                reason: "等材料".into()
            })
        );
        let again = ext(&q, None, Some(1), Some("再等"))
            .unwrap_err()
            .to_string();
        assert!(
            again.contains("already extended once, from 1970-04-18 (等材料)"),
            "{again}"
        );
        assert!(!allowed_steps(&q).contains(&Action::Extend));
        assert_eq!(q.check_history(), Ok(()));
    }

    #[test]
    fn steps_need_who_and_keep_their_order() {
        let p = go(&open(), Action::Start, 105).unwrap();
        let e = go(&p, Action::Submit, 104).unwrap_err().to_string();
        assert!(
            e.contains("before its last step (start) on 1970-04-16"),
            "{e}"
        );
        let mut s = StepInput::new(Action::Submit, "  ");
        assert!(step(&p, &s, 106, &TimeLimits::default())
            .unwrap_err()
            .to_string()
            .contains("who"));
        s.by = Some("x".into());
        s.deadline = Some(200);
        assert!(step(&p, &s, 106, &TimeLimits::default())
            .unwrap_err()
            .to_string()
            .contains("takes no deadline"));
    }

    #[test]
    fn records_check_severity_photos_and_deadline() {
        let mut input = RecordInput {
            id: None,
            lng: None,
            lat: None,
            point: None,
            category: ProblemKind::Garbage,
            severity: 4,
            source: Source::Complaint,
            note: None,
            photos: vec![],
            found: None,
            deadline: None,
            by: None,
        };
        let rec =
            |i: &RecordInput| new_problem(i, "x".into(), (0.0, 0.0), 50, &TimeLimits::default());
        assert!(rec(&input).unwrap_err().to_string().contains("severity"));
        input.severity = 2;
        input.photos = vec!["javascript:alert(1)".into()];
        assert!(rec(&input)
            .unwrap_err()
            .to_string()
            .contains("is not a photo reference"));
        input.photos = vec![
            "a.jpg".into(),
            "https://x/y.jpg".into(),
            "C:\\photos\\b.jpg".into(),
            "data:image/png;base64,AA".into(),
        ];
        input.deadline = Some(49);
        assert!(rec(&input)
            .unwrap_err()
            .to_string()
            .contains("before the day it was found"));
        input.deadline = None;
        let p = rec(&input).unwrap();
        assert_eq!((p.deadline, p.photos().len()), (Some(51), 4));
        assert_eq!(p.history()[0].by, None);
    }
}
