//! The values inside a feature as the reader keeps them: properties ([`Prop`]),
//! keys borrowed from the text, and a geometry's `coordinates` as a flat pre-order
//! list of [`Node`]s, whatever their depth. Every JSON value is taken as what it
//! is; judging it is the caller's job.

use serde_json::{Number, Value};
use std::borrow::Cow;

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

    /// The value as serde_json's `Value`, borrowed when it is one already (a
    /// problem's history is read from it without a copy).
    pub fn as_value(&self) -> Cow<'_, Value> {
        match self {
            Prop::Json(v) => Cow::Borrowed(v),
            other => Cow::Owned(other.to_value()),
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
