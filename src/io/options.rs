//! Options objects read from JSON by hand: the planner's rules, assignment, workload
//! and table options. Why not serde's derive: each derived deserializer costs 1–3 KB
//! of gzipped wasm (the rules alone were 3.3 KB, measured by leaving them out); this
//! reader over `serde_json::Value`, which the module parses anyway, is shared by all.
//! A key that is not known is an error that lists the known ones, as with serde.

use crate::error::{Error, Result};
use crate::model::{parse_day, split_list, Day};
use serde_json::{Map, Value};

/// An options object: the keys it may have, and typed getters for them.
pub struct Obj<'a> {
    what: &'static str,
    map: Option<&'a Map<String, Value>>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Obj<'a> {
    /// `v` as an object with only the `known` keys; `null` is an empty object.
    pub fn new(v: &'a Value, what: &'static str, known: &[&str]) -> Result<Obj<'a>> {
        let map = match v {
            Value::Null => None,
            Value::Object(m) => Some(m),
            other => {
                return Err(Error::arg(
                    what,
                    format!("give an object, got {}", kind(other)),
                ))
            }
        };
        for k in map.into_iter().flat_map(|m| m.keys()) {
            if !known.contains(&k.as_str()) {
                return Err(Error::arg(
                    what,
                    format!("unknown field `{k}`, expected one of {}", known.join(", ")),
                ));
            }
        }
        Ok(Obj { what, map })
    }

    /// The value of `key`, when present and not null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map?.get(key).filter(|v| !v.is_null())
    }

    fn bad(&self, key: &str, want: &str, got: &Value) -> Error {
        Error::arg(
            self.what,
            format!("`{key}`: give {want}, got {}", kind(got)),
        )
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>> {
        self.get(key)
            .map(|v| v.as_bool().ok_or_else(|| self.bad(key, "true or false", v)))
            .transpose()
    }

    /// A whole number from 0 to `max`.
    pub fn uint(&self, key: &str, max: u64) -> Result<Option<u64>> {
        self.get(key)
            .map(|v| {
                v.as_u64()
                    .filter(|&n| n <= max)
                    .ok_or_else(|| self.bad(key, &format!("a whole number from 0 to {max}"), v))
            })
            .transpose()
    }

    pub fn text(&self, key: &str) -> Result<Option<&'a str>> {
        self.get(key)
            .map(|v| v.as_str().ok_or_else(|| self.bad(key, "a string", v)))
            .transpose()
    }

    /// A day, `YYYY-MM-DD`.
    pub fn day(&self, key: &str) -> Result<Option<Day>> {
        self.text(key)?
            .map(|t| parse_day(t).map_err(|e| Error::arg(self.what, format!("`{key}`: {e}"))))
            .transpose()
    }

    /// A list of texts, or one text split at `、` and commas.
    pub fn texts(&self, key: &str) -> Result<Option<Vec<String>>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        match v {
            Value::String(s) => Ok(Some(split_list(s))),
            Value::Array(items) => items
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| self.bad(key, "a list of strings", x))
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            other => Err(self.bad(key, "a list of strings", other)),
        }
    }

    /// A list of levels (whole numbers 1–4).
    pub fn levels(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let bad = || self.bad(key, "a list of levels from 1 to 4", v);
        let items = v.as_array().ok_or_else(bad)?;
        items
            .iter()
            .map(|x| {
                x.as_u64()
                    .filter(|l| (1..=4).contains(l))
                    .map(|l| l as u8)
                    .ok_or_else(bad)
            })
            .collect::<Result<Vec<u8>>>()
            .map(Some)
    }

    /// A list of objects.
    pub fn objects(&self, key: &str) -> Result<Option<&'a Vec<Value>>> {
        self.get(key)
            .map(|v| {
                v.as_array()
                    .ok_or_else(|| self.bad(key, "a list of objects", v))
            })
            .transpose()
    }
}

/// Parses JSON text for one of the readers above (the command line's files).
pub fn parse(text: &str, what: &'static str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::arg(what, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_keys_typed_values_and_plain_errors() {
        let v = json!({"a": true, "n": 3, "d": "2026-11-20", "l": [1, 4], "t": "x、y", "s": ["p"]});
        let o = Obj::new(&v, "opts", &["a", "n", "d", "l", "t", "s", "none"]).unwrap();
        assert_eq!(o.bool("a").unwrap(), Some(true));
        assert_eq!(o.uint("n", 5).unwrap(), Some(3));
        assert!(o.uint("n", 2).is_err());
        assert_eq!(o.day("d").unwrap(), Some(parse_day("2026-11-20").unwrap()));
        assert_eq!(o.levels("l").unwrap(), Some(vec![1, 4]));
        assert_eq!(o.texts("t").unwrap(), Some(vec!["x".into(), "y".into()]));
        assert_eq!(o.texts("s").unwrap(), Some(vec!["p".into()]));
        assert_eq!(o.text("none").unwrap(), None);
        assert!(o.levels("n").is_err());
        let e = Obj::new(&v, "opts", &["a"]).err().unwrap().to_string();
        assert!(e.contains("unknown field `n`, expected one of a"), "{e}");
        assert!(Obj::new(&json!(5), "opts", &[]).is_err());
        assert!(Obj::new(&Value::Null, "opts", &[])
            .unwrap()
            .get("x")
            .is_none());
        let bad = json!({"l": [0]});
        let e = Obj::new(&bad, "opts", &["l"])
            .unwrap()
            .levels("l")
            .unwrap_err();
        assert!(e.to_string().contains("`l`: give a list of levels"), "{e}");
    }
}
