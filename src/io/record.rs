//! The JSON of a problem's cycle fields — steps `{action, on, by, note, status,
//! deadline}` and the extension `{from, reason}` — as GeoJSON properties carry
//! them, and the flat record fields of a card ([`write_record`]). Read by hand
//! ([`super::obj`]): the reader already holds Values.

pub use super::obj::kind_of;
use super::obj::Obj;
use crate::model::*;
use serde::ser::SerializeStruct;
use serde_json::{json, Value};

/// JSON text to a `Value`, through the one copy of serde_json's parser (in
/// civicmap-json, at opt-level 3): each call site of `from_str::<Value>` otherwise
/// got its own (2.6 KB each in the wasm module; the readers, the journal, the
/// time-limit table and the bindings all call this).
pub fn parse_json(text: &str) -> serde_json::Result<Value> {
    civicmap_json::parse_value(text)
}

fn opt_day(d: Option<Day>) -> Value {
    d.map_or(Value::Null, |d| Value::String(format_day(d)))
}

pub fn step_to_json(s: &Step) -> Value {
    json!({
        "action": s.action.key(),
        "on": format_day(s.on),
        "by": s.by,
        "note": s.note,
        "status": s.status.key(),
        "deadline": opt_day(s.deadline),
    })
}

pub fn steps_to_json(h: &[Step]) -> Value {
    Value::Array(h.iter().map(step_to_json).collect())
}

pub fn step_from_json(v: &Value, what: &str) -> Result<Step, String> {
    let o = Obj::new(
        v,
        what,
        &["action", "on", "by", "note", "status", "deadline"],
    )?;
    Ok(Step {
        action: o
            .vocab("action", Action::parse)?
            .ok_or_else(|| o.missing("action"))?,
        on: o.day("on")?.ok_or_else(|| o.missing("on"))?,
        by: o.text("by")?,
        note: o.text("note")?,
        status: o
            .vocab("status", Status::parse)?
            .ok_or_else(|| o.missing("status"))?,
        deadline: o.day("deadline")?,
    })
}

/// A history: an array of steps, each named by its position when wrong.
pub fn steps_from_json(v: &Value) -> Result<Vec<Step>, String> {
    let a = v
        .as_array()
        .ok_or_else(|| format!("expected an array of steps, got {}", kind_of(v)))?;
    let mut out = Vec::with_capacity(a.len());
    for (i, s) in a.iter().enumerate() {
        // Named only when wrong: a worked ledger has a step or more per problem.
        out.push(step_from_json(s, "").map_err(|e| format!("step {i}: {e}"))?);
    }
    Ok(out)
}

pub fn extension_to_json(e: &Extension) -> Value {
    json!({ "from": format_day(e.from), "reason": e.reason })
}

pub fn extension_from_json(v: &Value) -> Result<Extension, String> {
    let o = Obj::new(v, "extension", &["from", "reason"])?;
    Ok(Extension {
        from: o.day("from")?.ok_or_else(|| o.missing("from"))?,
        reason: o.text("reason")?.ok_or_else(|| o.missing("reason"))?,
    })
}

/// The record's fields into a struct being serialised (for records and the cards
/// that carry them).
pub fn write_record<S: SerializeStruct>(st: &mut S, p: &Problem) -> Result<(), S::Error> {
    st.serialize_field("id", &p.id)?;
    st.serialize_field("lng", &p.lnglat.0)?;
    st.serialize_field("lat", &p.lnglat.1)?;
    st.serialize_field("point", &p.point)?;
    st.serialize_field("category", &p.kind)?;
    st.serialize_field("severity", &p.severity)?;
    st.serialize_field("status", &p.status)?;
    st.serialize_field("found", &p.found.map(format_day))?;
    st.serialize_field("deadline", &p.deadline.map(format_day))?;
    st.serialize_field("source", &p.source)?;
    st.serialize_field("note", &p.note())?;
    st.serialize_field("photos", p.photos())?;
    st.serialize_field("extension", &p.extension())?;
    st.serialize_field("history", p.history())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_back_and_bad_ones_name_the_field() {
        let h = vec![Step {
            action: Action::Extend,
            on: 20_001,
            by: Some("王".into()),
            note: Some("雨".into()),
            status: Status::Rectifying,
            deadline: Some(20_003),
        }];
        assert_eq!(steps_from_json(&steps_to_json(&h)), Ok(h.clone()));
        let e = Extension {
            from: 20_001,
            reason: "雨".into(),
        };
        assert_eq!(extension_from_json(&extension_to_json(&e)), Ok(e));
        for (bad, needle) in [
            (json!([{"action": "start"}]), "step 0: field `on`: missing"),
            (
                json!([{"action": "close", "on": "2026-01-01", "status": "open"}]),
                "unknown step `close`",
            ),
            (
                json!([{"action": "start", "on": 5, "status": "open"}]),
                "field `on`: expected a date",
            ),
            (
                json!([{"action": "start", "on": "2026-01-01", "status": "open", "x": 1}]),
                "unknown field `x`",
            ),
            (json!({}), "expected an array of steps"),
        ] {
            let e = steps_from_json(&bad).unwrap_err();
            assert!(e.contains(needle), "{bad}: {e}");
        }
        let e = extension_from_json(&json!({"from": "2026-01-01"})).unwrap_err();
        assert!(e.contains("field `reason`: missing"), "{e}");
    }
}
