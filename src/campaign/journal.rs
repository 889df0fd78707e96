//! The journal: every change to the ledger as one entry, append-only, written as
//! JSON lines. An entry names its kind (`"problem"` today; the planner's
//! assignments can join as another kind), what was done, and the full record
//! before and after, so a host can store it as it is and a replay can check that
//! it fits. Replaying lives with the map ([`super::replay`]); this file is the
//! format.
//!
//! One line: `{"v":1,"seq":3,"kind":"problem","action":"start","id":"P20261120-001",
//! "before":{…Feature…},"after":{…Feature…}}`, the records as GeoJSON Features in
//! WGS-84, exactly as `exportProblems` writes them (history included), so a host
//! can store them as they come.

use crate::io::crs::Crs;
use crate::io::geojson::{parse_problem_feature, problem_feature};
use crate::io::obj::Obj;
use crate::model::{Action, Problem};
use serde_json::Value;

/// The version written in every line; a line of another version is refused.
pub const JOURNAL_VERSION: u64 = 1;

/// One change, numbered in the order it was made (1 for the first).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// 1 for the first change since the problems were loaded.
    pub seq: u64,
    /// What changed.
    pub change: Change,
}

/// What changed, by kind (`"problem"` in JSON). A new kind of change (an
/// assignment of cells, say) is a new variant with its own before and after, and
/// its own arm in [`Entry::to_line`] and [`Entry::from_line`].
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A problem recorded (`before` None) or moved one step.
    Problem(ProblemChange),
}

/// A problem recorded or stepped: which step, and the whole problem before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemChange {
    /// The step taken (`record` for a new problem).
    pub action: Action,
    /// The problem.
    pub id: String,
    /// The problem before the step; None when recorded.
    pub before: Option<Problem>,
    /// The problem after it.
    pub after: Problem,
}

impl Entry {
    /// The entry as one line of JSON (no line break inside), records as GeoJSON
    /// Features (WGS-84), as `exportProblems` writes them.
    pub fn to_line(&self) -> String {
        let Change::Problem(c) = &self.change;
        let text = |v: &Value| serde_json::to_string(v).expect("a JSON value always serialises");
        let feature = |p: &Problem| text(&problem_feature(p, Crs::Wgs84));
        format!(
            r#"{{"v":{JOURNAL_VERSION},"seq":{},"kind":"problem","action":"{}","id":{},"before":{},"after":{}}}"#,
            self.seq,
            c.action.key(),
            text(&Value::String(c.id.clone())),
            c.before.as_ref().map_or("null".into(), feature),
            feature(&c.after)
        )
    }

    /// Reads one line; the error says what is wrong with it.
    pub fn from_line(line: &str) -> Result<Entry, String> {
        let v: Value = crate::io::record::parse_json(line).map_err(|e| format!("not JSON: {e}"))?;
        let o = Obj::new(
            &v,
            "entry",
            &["v", "seq", "kind", "action", "id", "before", "after"],
        )?;
        match o.get("v").and_then(Value::as_u64) {
            Some(JOURNAL_VERSION) => {}
            Some(other) => {
                return Err(format!(
                    "journal version {other}; this build reads version {JOURNAL_VERSION}"
                ))
            }
            None => return Err("no `v` (journal version)".into()),
        }
        let seq = o
            .get("seq")
            .and_then(Value::as_u64)
            .ok_or("no `seq` (a whole number)")?;
        let feature = |key: &str| -> Result<Option<Problem>, String> {
            o.get(key)
                .map(|f| {
                    let text = serde_json::to_string(f).unwrap_or_default();
                    parse_problem_feature(&text).map_err(|e| format!("{key}: {e}"))
                })
                .transpose()
        };
        let change = match o.text("kind")?.as_deref() {
            Some("problem") => {
                let c = ProblemChange {
                    action: o
                        .vocab("action", Action::parse)?
                        .ok_or_else(|| o.missing("action"))?,
                    id: o.text("id")?.ok_or_else(|| o.missing("id"))?,
                    before: feature("before")?,
                    after: feature("after")?.ok_or_else(|| o.missing("after"))?,
                };
                if c.after.id != c.id || c.before.as_ref().is_some_and(|b| b.id != c.id) {
                    return Err(format!("the records are not of problem `{}`", c.id));
                }
                Change::Problem(c)
            }
            other => {
                return Err(format!(
                    "unknown kind `{}`; this build knows: problem",
                    other.unwrap_or("")
                ))
            }
        };
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
                after: p,
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
            ("[1]".to_string(), "expected an object"),
            ("{".to_string(), "not JSON"),
            (line.replace(r#""v":1"#, r#""v":2"#), "version 2"),
            (line.replace(r#""v":1,"#, ""), "no `v`"),
            (line.replace(r#""seq":7"#, r#""seq":"7""#), "no `seq`"),
            (
                line.replace(r#""kind":"problem""#, r#""kind":"cells""#),
                "unknown kind `cells`",
            ),
            (
                line.replace(r#""action":"record""#, r#""action":"close""#),
                "unknown step `close`",
            ),
            (
                line.replace(r#""before":null"#, r#""before":null,"extra":1"#),
                "unknown field `extra`",
            ),
            (
                line.replacen(r#""id":"P1""#, r#""id":"P2""#, 1),
                "not of problem `P2`",
            ),
        ] {
            let e = Entry::from_line(&bad).unwrap_err();
            assert!(e.contains(needle), "{bad}: {e}");
        }
    }
}
