//! The values inside a feature as the reader keeps them: properties ([`Prop`]),
//! keys borrowed from the text, and a geometry's `coordinates` as a flat pre-order
//! list of [`Node`]s, whatever their depth. Every JSON value is taken as what it
//! is; judging it is the caller's job.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::fmt;

/// A property value as the reader keeps it: scalars as they are (text borrowed
/// when it can be), arrays and objects as `Value` (only error messages need them).
#[derive(Debug, Clone, PartialEq)]
pub enum Prop<'de> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number as serde_json read it (whole numbers stay whole).
    Num(Number),
    /// Text, borrowed when it has no escapes.
    Str(Cow<'de, str>),
    /// An array or an object.
    Json(Value),
}

impl Prop<'_> {
    /// The value as serde_json writes it (for messages and kept properties).
    pub fn to_value(&self) -> Value {
        match self {
            Prop::Null => Value::Null,
            Prop::Bool(b) => Value::Bool(*b),
            Prop::Num(n) => Value::Number(n.clone()),
            Prop::Str(s) => Value::String(s.to_string()),
            Prop::Json(v) => v.clone(),
        }
    }

    /// How a message names the kind of value found.
    pub fn kind(&self) -> &'static str {
        match self {
            Prop::Null => "null",
            Prop::Bool(_) => "true/false",
            Prop::Num(_) => "a number",
            Prop::Str(_) => "text",
            Prop::Json(Value::Array(_)) => "an array",
            Prop::Json(Value::Object(_)) => "an object",
            Prop::Json(_) => "a value",
        }
    }
}

impl<'de> de::Deserialize<'de> for Prop<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PropVisitor)
    }
}

struct PropVisitor;

impl<'de> Visitor<'de> for PropVisitor {
    type Value = Prop<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Prop<'de>, E> {
        Ok(Prop::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Prop<'de>, E> {
        Ok(Prop::Num(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Prop<'de>, E> {
        Ok(Prop::Num(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Prop<'de>, E> {
        Ok(Number::from_f64(v).map_or(Prop::Null, Prop::Num))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Prop<'de>, E> {
        Ok(Prop::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Prop<'de>, E> {
        Ok(Prop::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Prop<'de>, E> {
        Ok(Prop::Str(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Prop<'de>, E> {
        Ok(Prop::Null)
    }
    fn visit_none<E>(self) -> Result<Prop<'de>, E> {
        Ok(Prop::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Prop<'de>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Prop<'de>, A::Error> {
        let mut v = Vec::new();
        while let Some(e) = seq.next_element::<Value>()? {
            v.push(e);
        }
        Ok(Prop::Json(Value::Array(v)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Prop<'de>, A::Error> {
        let mut m = serde_json::Map::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            m.insert(k, v);
        }
        Ok(Prop::Json(Value::Object(m)))
    }
}

/// An object key, borrowed from the text when it has no escapes.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// One value of a geometry's `coordinates`, in pre-order: an array is followed by
/// its elements, and `end` is the position just past its last descendant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node {
    /// A number.
    Num(f64),
    /// An array of `len` elements, which end before node `end`.
    Arr {
        /// How many elements.
        len: u32,
        /// The position just past its last descendant.
        end: u32,
    },
    /// Anything else, by the name a message gives it.
    Other(&'static str),
}

/// The positions of the elements of the array at `at` (none if it is not one).
pub fn children(nodes: &[Node], at: usize) -> impl Iterator<Item = usize> + '_ {
    let (mut next, n) = match nodes.get(at) {
        Some(Node::Arr { len, .. }) => (at + 1, *len),
        _ => (at + 1, 0),
    };
    (0..n).map(move |_| {
        let here = next;
        next = match nodes[here] {
            Node::Arr { end, .. } => end as usize,
            _ => here + 1,
        };
        here
    })
}

pub struct CoordSeed<'a>(pub &'a mut Vec<Node>);

impl<'de> DeserializeSeed<'de> for CoordSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CoordSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("coordinates")
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.0.push(Node::Num(v));
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.0.push(Node::Num(v as f64));
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.0.push(Node::Num(v as f64));
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.0.push(Node::Other("true/false"));
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.0.push(Node::Other("text"));
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.push(Node::Other("null"));
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let at = self.0.len();
        self.0.push(Node::Arr { len: 0, end: 0 });
        let mut len = 0u32;
        while seq.next_element_seed(CoordSeed(&mut *self.0))?.is_some() {
            len += 1;
        }
        let end = self.0.len() as u32;
        self.0[at] = Node::Arr { len, end };
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.0.push(Node::Other("an object"));
        Ok(())
    }
}
