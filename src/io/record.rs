//! The JSON of a problem's cycle fields — steps `{action, on, by, note, status,
//! deadline}` and the extension `{from, reason}` — as GeoJSON properties carry
//! them, the flat record fields of a card ([`write_record`]), and [`Obj`], a reader
//! of JSON objects that names unknown keys and bad fields. Read by hand over
//! `serde_json::Value` rather than with serde's derives: the reader already holds
//! Values, and a derive per type per deserializer cost the wasm module ~25 KB
//! gzipped (measured on the release build).

use crate::model::*;
use serde::ser::SerializeStruct;
use serde_json::{json, Map as JsonMap, Value};

/// JSON text to a `Value`, through the one copy of serde_json's parser (in
/// civicmap-json, at opt-level 3): each call site of `from_str::<Value>` otherwise
/// got its own (2.6 KB each in the wasm module; the readers, the journal, the
/// time-limit table and the bindings all call this).
pub fn parse_json(text: &str) -> serde_json::Result<Value> {
    civicmap_json::parse_value(text)
}

/// An object under reading: unknown keys refused, each field read with a plain
/// error naming it (`what: field `key`: reason`).
pub struct Obj<'a> {
    map: &'a JsonMap<String, Value>,
    what: &'a str,
}

impl<'a> Obj<'a> {
    /// `v` as an object whose keys are all among `keys`.
    pub fn new(v: &'a Value, what: &'a str, keys: &[&str]) -> Result<Self, String> {
        let map = v
            .as_object()
            .ok_or_else(|| format!("{what}: expected an object, got {}", kind_of(v)))?;
        if let Some(k) = map.keys().find(|k| !keys.contains(&k.as_str())) {
            return Err(format!(
                "{what}: unknown field `{k}`; accepted: {}",
                keys.join(", ")
            ));
        }
        Ok(Obj { map, what })
    }

    /// A member as given, null included.
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// A member; null counts as missing.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn err(&self, key: &str, reason: &str) -> String {
        format!("{}: field `{key}`: {reason}", self.what)
    }

    fn wrong(&self, key: &str, want: &str, v: &Value) -> String {
        self.err(key, &format!("expected {want}, got {}", kind_of(v)))
    }

    /// Text; empty text counts as missing.
    pub fn text(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(self.wrong(key, "text", v)),
        }
    }

    /// A finite number.
    pub fn num(&self, key: &str) -> Result<Option<f64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.as_f64().filter(|x| x.is_finite()) {
                Some(x) => Ok(Some(x)),
                None => Err(self.wrong(key, "a number", v)),
            },
        }
    }

    /// A whole number from `lo` to `hi`.
    pub fn whole(&self, key: &str, lo: i64, hi: i64) -> Result<Option<i64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.as_i64().filter(|x| (lo..=hi).contains(x)) {
                Some(x) => Ok(Some(x)),
                None => Err(self.err(
                    key,
                    &format!("expected a whole number from {lo} to {hi}, got {v}"),
                )),
            },
        }
    }

    pub fn day(&self, key: &str) -> Result<Option<Day>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => parse_day(s).map(Some).map_err(|e| self.err(key, &e)),
            Some(v) => Err(self.wrong(key, "a date YYYY-MM-DD", v)),
        }
    }

    /// A value of a vocabulary (its key or an alias).
    pub fn vocab<T>(
        &self,
        key: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        // The generic part is one line; the rest is shared by every vocabulary.
        self.raw_text(key)?
            .map(|s| parse(s).map_err(|e| self.err(key, &e)))
            .transpose()
    }

    #[inline(never)]
    fn raw_text(&self, key: &str) -> Result<Option<&'a str>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.wrong(key, "text", v)),
        }
    }

    /// An array of text (missing: empty).
    pub fn texts(&self, key: &str) -> Result<Vec<String>, String> {
        let a = match self.get(key) {
            None => return Ok(vec![]),
            Some(Value::Array(a)) => a,
            Some(v) => return Err(self.wrong(key, "an array of text", v)),
        };
        let mut out = Vec::with_capacity(a.len());
        for (i, v) in a.iter().enumerate() {
            match v {
                Value::String(s) => out.push(s.clone()),
                v => {
                    return Err(
                        self.err(key, &format!("item {i}: expected text, got {}", kind_of(v)))
                    )
                }
            }
        }
        Ok(out)
    }

    /// The error for a required field that is missing.
    #[inline(never)]
    pub fn missing(&self, key: &str) -> String {
        self.err(key, "missing")
    }
}

pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
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
        out.push(step_from_json(s, &format!("step {i}"))?);
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
