//! Reading JSON objects by hand: the options every call takes from JS, the problem
//! cycle's records, the time-limit table. A reader names the keys its type takes;
//! an unknown key, a value of the wrong type or out of range is refused with the
//! field's name (`field `radiusM`: expected a number, got text`).
//!
//! Why by hand over `serde_json::Value` rather than serde's derives: a derive is
//! instantiated per type and per deserializer, and the options and records are
//! many small types. The records' derives cost the wasm module ~25 KB gzipped; the
//! options' derives (heatmap, assignment map, filters, assignment, loads, exports)
//! and the view's another 8.9 KB (299,894 → 290,988 bytes gzipped, README "Size";
//! the tables module's options are still derived). The types still
//! implement `Deserialize` ([`by_hand!`]), through their reader, so that
//! `serde_json::from_str` and the bindings read them the one way.

use serde_json::{Map as JsonMap, Value};

/// A type read from JSON by hand. `what` names the value in errors (`""`: the
/// caller names it).
pub trait FromJson: Sized {
    /// Reads `v`, or says which field is wrong and why.
    fn from_json(v: &Value, what: &str) -> Result<Self, String>;
}

/// `serde::Deserialize` for types that read themselves: those with a [`FromJson`]
/// reader (`by_hand!(json: T, …)`) or a `parse(&str)` of their words
/// (`by_hand!(parse: T, …)`).
macro_rules! by_hand {
    (json: $($t:ty),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
                <$t as $crate::io::obj::FromJson>::from_json(&v, "")
                    .map_err(serde::de::Error::custom)
            }
        }
    )+};
    (parse: $($t:ty),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    )+};
}
pub(crate) use by_hand;

/// The word of `words` that `text` is, or an error listing them (serde's wording,
/// which the JS tests and users already know).
pub fn pick<T: Copy>(text: &str, words: &[(&str, T)]) -> Result<T, String> {
    match words.iter().find(|(w, _)| *w == text) {
        Some(&(_, t)) => Ok(t),
        None => Err(unknown_word(text, &mut words.iter().map(|w| w.0))),
    }
}

#[inline(never)]
fn unknown_word(text: &str, words: &mut dyn Iterator<Item = &str>) -> String {
    format!(
        "unknown variant `{text}`, expected one of {}",
        quoted(words)
    )
}

/// "`a`, `b`, `c`".
fn quoted(words: &mut dyn Iterator<Item = &str>) -> String {
    let mut s = String::new();
    for (i, w) in words.enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('`');
        s.push_str(w);
        s.push('`');
    }
    s
}

/// An object under reading: unknown keys refused, each field read with a plain
/// error naming it (`what: field `key`: reason`).
pub struct Obj<'a> {
    map: &'a JsonMap<String, Value>,
    /// `"what: "`, or empty when the caller names the value.
    at: String,
}

impl<'a> Obj<'a> {
    /// `v` as an object whose keys are all among `keys`.
    pub fn new(v: &'a Value, what: &str, keys: &[&str]) -> Result<Self, String> {
        let at = if what.is_empty() {
            String::new()
        } else {
            format!("{what}: ")
        };
        let map = v
            .as_object()
            .ok_or_else(|| format!("{at}expected an object, got {}", kind_of(v)))?;
        if let Some(k) = map.keys().find(|k| !keys.contains(&k.as_str())) {
            return Err(format!(
                "{at}unknown field `{k}`, expected one of {}",
                quoted(&mut keys.iter().copied())
            ));
        }
        Ok(Obj { map, at })
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
        format!("{}field `{key}`: {reason}", self.at)
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

    /// true or false.
    pub fn flag(&self, key: &str) -> Result<Option<bool>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.wrong(key, "true or false", v)),
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

    /// An array of finite numbers.
    pub fn nums(&self, key: &str) -> Result<Option<Vec<f64>>, String> {
        self.items(key, ("numbers", "a number"), |v| {
            v.as_f64().filter(|x| x.is_finite())
        })
    }

    /// A whole number from `lo` to `hi`.
    pub fn whole(&self, key: &str, lo: i64, hi: i64) -> Result<Option<i64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.as_i64().filter(|x| (lo..=hi).contains(x)) {
                Some(x) => Ok(Some(x)),
                None => Err(self.not_whole(key, lo, hi, v)),
            },
        }
    }

    /// An array of whole numbers from `lo` to `hi`.
    pub fn wholes(&self, key: &str, lo: i64, hi: i64) -> Result<Option<Vec<i64>>, String> {
        let a = self.items(key, ("whole numbers", "a whole number"), |v| v.as_i64())?;
        if let Some(x) = a.iter().flatten().find(|x| !(lo..=hi).contains(x)) {
            return Err(self.not_whole(key, lo, hi, &Value::from(*x)));
        }
        Ok(a)
    }

    #[inline(never)]
    fn not_whole(&self, key: &str, lo: i64, hi: i64, v: &Value) -> String {
        self.err(
            key,
            &format!("expected a whole number from {lo} to {hi}, got {v}"),
        )
    }

    pub fn day(&self, key: &str) -> Result<Option<crate::model::Day>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => crate::model::parse_day(s)
                .map(Some)
                .map_err(|e| self.err(key, &e)),
            Some(v) => Err(self.wrong(key, "a date YYYY-MM-DD", v)),
        }
    }

    /// A value of a vocabulary (its key or an alias) or of any type with a
    /// `parse` of its words.
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

    /// One value of a vocabulary or a list of them (`"open"` or `["open",
    /// "rectifying"]`); an empty list is refused (it would keep nothing).
    pub fn vocabs<T>(
        &self,
        key: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<Vec<T>>, String> {
        let Some(words) = self.words(key)? else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(words.len());
        for w in words {
            out.push(parse(w).map_err(|e| self.err(key, &e))?);
        }
        Ok(Some(out))
    }

    #[inline(never)]
    fn words(&self, key: &str) -> Result<Option<Vec<&'a str>>, String> {
        match self.get(key) {
            Some(Value::String(s)) => Ok(Some(vec![s.as_str()])),
            Some(Value::Array(a)) if a.is_empty() => {
                Err(self.err(key, "an empty list keeps nothing; leave the filter out"))
            }
            Some(Value::Array(_)) | None => self.items(key, ("text", "text"), |v| v.as_str()),
            Some(v) => Err(self.wrong(key, "text or a list of texts", v)),
        }
    }

    #[inline(never)]
    fn raw_text(&self, key: &str) -> Result<Option<&'a str>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.wrong(key, "text", v)),
        }
    }

    /// An array whose items `item` reads (None: wrong item), named by position
    /// when wrong.
    fn items<T>(
        &self,
        key: &str,
        (all, one): (&str, &str),
        item: impl Fn(&'a Value) -> Option<T>,
    ) -> Result<Option<Vec<T>>, String> {
        let a = match self.get(key) {
            None => return Ok(None),
            Some(Value::Array(a)) => a,
            Some(v) => return Err(self.wrong(key, &format!("an array of {all}"), v)),
        };
        let mut out = Vec::with_capacity(a.len());
        for (i, v) in a.iter().enumerate() {
            match item(v) {
                Some(x) => out.push(x),
                None => return Err(self.bad_item(key, i, one, v)),
            }
        }
        Ok(Some(out))
    }

    #[inline(never)]
    fn bad_item(&self, key: &str, i: usize, want: &str, v: &Value) -> String {
        self.err(
            key,
            &format!("item {i}: expected {want}, got {}", kind_of(v)),
        )
    }

    /// An array of text (None when missing; `[]` is an empty list).
    pub fn list(&self, key: &str) -> Result<Option<Vec<String>>, String> {
        self.items(key, ("text", "text"), |v| v.as_str().map(String::from))
    }

    /// An array of text (missing: empty).
    pub fn texts(&self, key: &str) -> Result<Vec<String>, String> {
        Ok(self.list(key)?.unwrap_or_default())
    }

    /// A member read by its own reader, named as this object's field.
    pub fn read<T: FromJson>(&self, key: &str) -> Result<Option<T>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => T::from_json(v, &format!("{}field `{key}`", self.at)).map(Some),
        }
    }

    /// The error for a required field that is missing.
    #[inline(never)]
    pub fn missing(&self, key: &str) -> String {
        self.err(key, "missing")
    }
}

/// What kind of JSON value `v` is, for messages.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_read_and_bad_ones_named() {
        let v = json!({"a": 1.5, "b": true, "c": ["x", "y"], "d": [1, 2], "e": "2026-11-23", "n": null});
        let o = Obj::new(&v, "options", &["a", "b", "c", "d", "e", "n", "z"]).unwrap();
        assert_eq!(o.num("a"), Ok(Some(1.5)));
        assert_eq!(o.flag("b"), Ok(Some(true)));
        assert_eq!(o.list("c"), Ok(Some(vec!["x".into(), "y".into()])));
        assert_eq!(o.wholes("d", 1, 4), Ok(Some(vec![1, 2])));
        assert_eq!(o.nums("d"), Ok(Some(vec![1.0, 2.0])));
        assert_eq!(o.day("e"), Ok(crate::model::parse_day("2026-11-23").ok()));
        assert_eq!(o.num("n"), Ok(None));
        assert_eq!(o.num("z"), Ok(None));
        assert_eq!(o.list("z"), Ok(None));
        assert_eq!(o.texts("z"), Ok(vec![]));
        for (e, needle) in [
            (
                o.num("b").unwrap_err(),
                "options: field `b`: expected a number, got true/false",
            ),
            (
                o.flag("a").unwrap_err(),
                "field `a`: expected true or false, got a number",
            ),
            (
                o.wholes("d", 2, 4).unwrap_err(),
                "field `d`: expected a whole number from 2 to 4, got 1",
            ),
            (o.whole("a", 0, 9).unwrap_err(), "got 1.5"),
            (
                o.list("d").unwrap_err(),
                "field `d`: item 0: expected text, got a number",
            ),
            (
                o.nums("c").unwrap_err(),
                "field `c`: item 0: expected a number, got text",
            ),
            (o.num("c").unwrap_err(), "expected a number, got an array"),
            (o.day("a").unwrap_err(), "expected a date YYYY-MM-DD"),
        ] {
            assert!(e.contains(needle), "{e} / {needle}");
        }
        let e = Obj::new(&v, "options", &["a"]).err().unwrap();
        assert!(
            e.starts_with("options: unknown field `b`, expected one of `a`"),
            "{e}"
        );
        let e = Obj::new(&json!([1]), "", &["a"]).err().unwrap();
        assert_eq!(e, "expected an object, got an array");
    }

    #[test]
    fn one_or_many_words() {
        let parse: fn(&str) -> Result<u8, String> = |t| pick(t, &[("one", 1), ("two", 2)]);
        let v = json!({"a": "one", "b": ["one", "two"], "c": [], "d": ["three"], "e": 4});
        let o = Obj::new(&v, "", &["a", "b", "c", "d", "e"]).unwrap();
        assert_eq!(o.vocabs("a", parse), Ok(Some(vec![1])));
        assert_eq!(o.vocabs("b", parse), Ok(Some(vec![1, 2])));
        assert_eq!(o.vocabs("z", parse), Ok(None));
        assert!(o
            .vocabs("c", parse)
            .unwrap_err()
            .contains("an empty list keeps nothing"));
        let e = o.vocabs("d", parse).unwrap_err();
        assert_eq!(
            e,
            "field `d`: unknown variant `three`, expected one of `one`, `two`"
        );
        let e = o.vocabs("e", parse).unwrap_err();
        assert_eq!(
            e,
            "field `e`: expected text or a list of texts, got a number"
        );
    }
}
