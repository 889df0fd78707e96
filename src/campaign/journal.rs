//! The journal: every change to the ledger as one entry, append-only, written as
//! JSON lines. An entry names its kind (`"problem"` today; the planner's
//! assignments can join as another kind), what was done, and the full record
//! before and after, so a host can store it as it is and a replay can check that
//! it fits. Replaying lives with the map ([`super::replay`]); this file is the
//! format.
//!
//! One line: `{"v":1,"seq":3,"kind":"problem","action":"start","id":"P20261120-001",
//! "before":{…record…},"after":{…record…}}`.

use super::record::ProblemRecord;
use crate::model::Action;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version written in every line; a line of another version is refused.
pub const JOURNAL_VERSION: u64 = 1;

/// One change, numbered in the order it was made (1 for the first).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: u64,
    pub change: Change,
}

/// What changed. Tagged by `kind` in JSON; a new kind of change (an assignment of
/// cells, say) is a new variant with its own before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A problem recorded (`before` null) or moved one step.
    Problem(ProblemChange),
}

/// A problem recorded or stepped: which step, and the record before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemChange {
    pub action: Action,
    pub id: String,
    pub before: Option<ProblemRecord>,
    pub after: ProblemRecord,
}

#[derive(Serialize)]
struct Line<'a> {
    v: u64,
    seq: u64,
    #[serde(flatten)]
    change: &'a Change,
}

impl Entry {
    /// The entry as a JSON object, as written in the journal and sent with events.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(Line {
            v: JOURNAL_VERSION,
            seq: self.seq,
            change: &self.change,
        })
        .expect("records always serialise")
    }

    /// The entry as one line of JSON (no line break inside).
    pub fn to_line(&self) -> String {
        serde_json::to_string(&Line {
            v: JOURNAL_VERSION,
            seq: self.seq,
            change: &self.change,
        })
        .expect("records always serialise")
    }

    /// Reads one line; the error says what is wrong with it.
    pub fn from_line(line: &str) -> Result<Entry, String> {
        let mut v: Value =
            serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
        let obj = v
            .as_object_mut()
            .ok_or_else(|| "not a JSON object".to_string())?;
        match obj.remove("v") {
            Some(Value::Number(n)) if n.as_u64() == Some(JOURNAL_VERSION) => {}
            Some(other) => {
                return Err(format!(
                    "journal version {other}; this build reads version {JOURNAL_VERSION}"
                ))
            }
            None => return Err("no `v` (journal version)".into()),
        }
        let seq = match obj.remove("seq") {
            Some(Value::Number(n)) => n
                .as_u64()
                .ok_or_else(|| format!("`seq` {n} is not a whole number"))?,
            _ => return Err("no `seq` number".into()),
        };
        let change: Change = serde_json::from_value(v).map_err(|e| e.to_string())?;
        Ok(Entry { seq, change })
    }
}

/// Every line of a journal text that is not blank, with its 1-based line number.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

/// The journal as JSON lines, oldest first, each line ending in `\n`.
pub fn to_text(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        out.push_str(&e.to_line());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn entry() -> Entry {
        let p = Problem {
            id: "P1".into(),
            lnglat: (112.6, 26.9),
            point: None,
            kind: ProblemKind::Bikes,
            severity: 1,
            status: Status::Open,
            found: Some(20_000),
            deadline: Some(20_001),
            source: Source::OpenInspection,
            log: None,
        };
        Entry {
            seq: 7,
            change: Change::Problem(ProblemChange {
                action: Action::Record,
                id: "P1".into(),
                before: None,
                after: ProblemRecord::from(&p),
            }),
        }
    }

    #[test]
    fn a_line_reads_back_to_the_same_entry() {
        let e = entry();
        let line = e.to_line();
        assert!(
            line.starts_with(r#"{"v":1,"seq":7,"kind":"problem","action":"record","id":"P1","before":null,"after":{"#),
            "{line}"
        );
        assert_eq!(Entry::from_line(&line), Ok(e.clone()));
        assert_eq!(to_text(&[e.clone(), e]).lines().count(), 2);
    }

    #[test]
    fn bad_lines_say_why() {
        let line = entry().to_line();
        for (bad, needle) in [
            ("[1]".to_string(), "not a JSON object"),
            ("{".to_string(), "not a JSON object"),
            (line.replace(r#""v":1"#, r#""v":2"#), "version 2"),
            (line.replace(r#""v":1,"#, ""), "no `v`"),
            (line.replace(r#""seq":7"#, r#""seq":"7""#), "no `seq`"),
            (
                line.replace(r#""kind":"problem""#, r#""kind":"cells""#),
                "unknown variant `cells`",
            ),
            (
                line.replace(r#""action":"record""#, r#""action":"close""#),
                "unknown step `close`",
            ),
            (
                line.replace(r#""before":null"#, r#""before":null,"extra":1"#),
                "unknown field `extra`",
            ),
        ] {
            let e = Entry::from_line(&bad).unwrap_err();
            assert!(e.contains(needle), "{bad}: {e}");
        }
    }
}
