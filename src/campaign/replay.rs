//! Replaying a journal onto the map, all or nothing: every entry is first checked
//! against the state the entries before it leave (the record must be as the entry
//! found it, and doing the entry's step again must give the entry's result), and
//! only when all of them fit are they applied. A journal that does not fit is
//! refused with the line and the reason, and the map is as it was.

use super::cycle::{RecordInput, StepInput};
use super::journal::{self, Change, Entry, ProblemChange};
use super::map::Map;
use crate::error::{Error, Result};
use crate::model::*;
use std::collections::HashMap;

/// The input that recorded `after` (its only step is the record step).
fn record_input(after: &Problem) -> std::result::Result<RecordInput, String> {
    let first = match after.history() {
        [s] if s.action == Action::Record => s,
        _ => {
            return Err(
                "a record entry's `after` must hold its record step and nothing else".into(),
            )
        }
    };
    Ok(RecordInput {
        id: Some(after.id.clone()),
        lng: Some(after.lnglat.0),
        lat: Some(after.lnglat.1),
        point: after.point.clone(),
        category: after.kind,
        severity: after.severity,
        source: after.source,
        note: after.note().map(str::to_string),
        photos: after.photos().to_vec(),
        found: after.found,
        deadline: after.deadline,
        by: first.by.clone(),
    })
}

/// The input of the step that ends `after`'s history.
fn step_input(action: Action, after: &Problem) -> std::result::Result<StepInput, String> {
    let last = after
        .history()
        .last()
        .ok_or("the entry's `after` has no history; its last step is the step it records")?;
    if last.action != action {
        return Err(format!(
            "the entry says `{}` but its last step is `{}`",
            action.key(),
            last.action.key()
        ));
    }
    Ok(StepInput {
        action,
        by: last.by.clone(),
        on: Some(last.on),
        note: last.note.clone(),
        deadline: if matches!(action, Action::Extend | Action::Reopen) {
            after.deadline
        } else {
            None
        },
        days: None,
    })
}

/// The first field in which two versions of a problem differ, for an error.
fn differ(here: &Problem, journal: &Problem) -> &'static str {
    let (a, b) = (here, journal);
    [
        ("status", a.status != b.status),
        ("deadline", a.deadline != b.deadline),
        ("history", a.history() != b.history()),
        ("extension", a.extension() != b.extension()),
        ("lng/lat", a.lnglat != b.lnglat),
        ("found", a.found != b.found),
        ("category", a.kind != b.kind),
        ("severity", a.severity != b.severity),
        ("source", a.source != b.source),
        ("point", a.point != b.point),
        ("note", a.note() != b.note()),
        ("photos", a.photos() != b.photos()),
    ]
    .iter()
    .find(|(_, d)| *d)
    .map_or("id", |(k, _)| k)
}

impl Map {
    /// Replays a journal (JSON lines, as [`journal::to_text`] writes them) made on
    /// the same data: the problems end as they were when it was exported. Entries
    /// are appended to this map's journal, numbered on from its last. Returns the
    /// positions in [`Map::journal`] of the entries applied. A journal with an entry
    /// that does not fit is refused whole ([`Error::BadJournal`] names the line and
    /// why) and nothing of it is applied.
    pub fn apply_journal(&mut self, text: &str) -> Result<std::ops::Range<usize>> {
        // The problems as the entries so far leave them, by id; nothing is applied yet.
        let mut pending: Vec<(Problem, ProblemChange)> = vec![];
        let mut latest: HashMap<String, usize> = HashMap::new();
        for (line, text) in journal::lines(text) {
            let bad = |reason: String| Error::BadJournal { line, reason };
            let Entry { change, .. } = Entry::from_line(text).map_err(bad)?;
            // The only kind so far; a new kind (assignments) gets its own arm here.
            let Change::Problem(c) = change;
            let what = format!("problem `{}` ({})", c.id, c.action.key());
            let current: Option<&Problem> = match latest.get(&c.id) {
                Some(&k) => Some(&pending[k].0),
                None => self.problem_pos(&c.id).map(|i| &self.problems[i as usize]),
            };
            if current != c.before.as_ref() {
                let why = match (current, &c.before) {
                    (Some(_), None) => "it is already in the ledger".to_string(),
                    (None, Some(_)) => "it is not in the ledger".to_string(),
                    (Some(h), Some(b)) => {
                        format!(
                            "it is not as the entry found it (its `{}` differs)",
                            differ(h, b)
                        )
                    }
                    (None, None) => unreachable!("equal"),
                };
                return Err(bad(format!(
                    "{what}: {why}; was the journal made on other data, or applied already?"
                )));
            }
            let next = match (c.action, current) {
                (Action::Record, _) => {
                    let input = record_input(&c.after).map_err(|e| bad(format!("{what}: {e}")))?;
                    self.prepare_record(&input, &|id| latest.contains_key(id))
                }
                (a, Some(p)) => {
                    let input = step_input(a, &c.after).map_err(|e| bad(format!("{what}: {e}")))?;
                    self.prepare_step(p, &input)
                }
                (_, None) => Err(Error::UnknownProblem(c.id.clone())),
            }
            .map_err(|e| bad(format!("{what}: {e}")))?;
            if next != c.after {
                return Err(bad(format!(
                    "{what}: doing the step again gives another record (its `{}` differs); is the time-limit table the same?",
                    differ(&next, &c.after)
                )));
            }
            latest.insert(c.id.clone(), pending.len());
            pending.push((next, c));
        }
        let start = self.journal.len();
        for (next, c) in pending {
            match self.problem_pos(&c.id) {
                Some(i) => {
                    self.replace_problem(i, next);
                }
                None => {
                    self.push_problem(next);
                }
            }
            self.log_change(c.action, c.before, c.after);
        }
        Ok(start..self.journal.len())
    }
}
