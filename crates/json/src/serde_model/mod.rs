//! The serde_json visitors the hand reader replaced, kept as its model: the tests
//! read random texts both ways and compare every feature handed to the sink, the
//! top level, and the error messages.

use crate::sink::{Geom, Head, Keep, Scratch, Sink, Top, MAX_KEYS};
use crate::values::{Node, Prop};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::fmt;

/// The visits of scalars (and, where `seq` is given, arrays) that all give one value:
/// a visitor that wants an object or an array says what it found instead.
macro_rules! other_values {
    ($value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
    ($value:expr, seq) => {
        other_values!($value);
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($value)
        }
    };
}

fn read_props<'de, A: MapAccess<'de>>(
    sc: &mut Scratch<'de>,
    map: &mut A,
    keep: Keep,
) -> Result<(), A::Error> {
    sc.props.clear();
    sc.at = [0; MAX_KEYS + 1];
    sc.props_object = map.next_value_seed(PropsSeed {
        props: &mut sc.props,
        at: &mut sc.at,
        keep,
    })?;
    Ok(())
}

fn read_geometry<'de, A: MapAccess<'de>>(
    sc: &mut Scratch<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    sc.nodes.clear();
    sc.geom = map.next_value_seed(GeomSeed(&mut sc.nodes))?;
    Ok(())
}

/// Reads an object's members into a property list; `false` when it is not an object.
struct PropsSeed<'a, 'de> {
    props: &'a mut Vec<(Cow<'de, str>, Prop<'de>)>,
    at: &'a mut [u8; MAX_KEYS + 1],
    keep: Keep,
}

impl<'de> DeserializeSeed<'de> for PropsSeed<'_, 'de> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PropsSeed<'_, 'de> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("properties")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while let Some(Key(k)) = map.next_key()? {
            let Some(slot) = self.keep.slot(&k) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let v = map.next_value::<PropDe<'de>>()?.0;
            // A repeated key keeps its last value.
            let have = match self.at.get(slot) {
                Some(&i) => (i as usize).checked_sub(1),
                None => self.props.iter().position(|(have, _)| *have == k),
            };
            match have {
                Some(i) => self.props[i].1 = v,
                None => {
                    self.props.push((k, v));
                    if let Some(i) = self.at.get_mut(slot) {
                        *i = self.props.len() as u8;
                    }
                }
            }
        }
        Ok(true)
    }
    other_values!(false, seq);
}

struct GeomSeed<'a>(&'a mut Vec<Node>);

impl<'de> DeserializeSeed<'de> for GeomSeed<'_> {
    type Value = Geom<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Geom<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GeomSeed<'_> {
    type Value = Geom<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a geometry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Geom<'de>, A::Error> {
        let (mut kind, mut coords) = (None, false);
        while let Some(Key(k)) = map.next_key()? {
            match &*k {
                "type" => {
                    kind = match map.next_value::<PropDe<'de>>()?.0 {
                        Prop::Str(s) => Some(s),
                        _ => None,
                    }
                }
                "coordinates" => {
                    self.0.clear();
                    map.next_value_seed(CoordSeed(&mut *self.0))?;
                    coords = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Geom::Object { kind, coords })
    }
    fn visit_unit<E>(self) -> Result<Geom<'de>, E> {
        Ok(Geom::Missing)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Geom<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Geom::NotObject)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Geom<'de>, E> {
        Ok(Geom::NotObject)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Geom<'de>, E> {
        Ok(Geom::NotObject)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Geom<'de>, E> {
        Ok(Geom::NotObject)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Geom<'de>, E> {
        Ok(Geom::NotObject)
    }
    fn visit_str<E>(self, _: &str) -> Result<Geom<'de>, E> {
        Ok(Geom::NotObject)
    }
}

/// Reads one element of `features` into a scratch.
struct FeatureSeed<'a, 'de> {
    pub scratch: &'a mut Scratch<'de>,
    pub keep: Keep,
}

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_, 'de> {
    type Value = Head<'de>;
    // Out of line: the whole read and the cursor share one copy.
    #[inline(never)]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Head<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> FeatureSeed<'_, 'de> {
    /// One member of a feature object; `false` when the key is not a feature's.
    fn member<A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        head: &mut Head<'de>,
    ) -> Result<bool, A::Error> {
        match key {
            "type" => {
                head.feature =
                    matches!(map.next_value::<PropDe<'de>>()?.0, Prop::Str(s) if s == "Feature")
            }
            "id" => {
                head.id = match map.next_value::<PropDe<'de>>()?.0 {
                    Prop::Null => None,
                    p => Some(p),
                }
            }
            "properties" => read_props(self.scratch, map, self.keep)?,
            "geometry" => read_geometry(self.scratch, map)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl<'de> Visitor<'de> for FeatureSeed<'_, 'de> {
    type Value = Head<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a feature")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Head<'de>, A::Error> {
        self.scratch.clear();
        let mut head = Head {
            object: true,
            ..Head::default()
        };
        while let Some(Key(k)) = map.next_key()? {
            if !self.member(&k, &mut map, &mut head)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(head)
    }
    other_values!(Head::default(), seq);
}

/// Reads a whole GeoJSON text: the top-level object's members into [`Top`], each
/// element of `features` straight into the sink. The sink is a trait object so
/// that one copy of these visitors serves every layer (a copy per layer cost the
/// wasm module several KB).
struct TopSeed<'a, 'de> {
    pub sink: &'a mut dyn Sink<'de>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, 'de> {
    type Value = Top<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Top<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, 'de> {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a FeatureCollection")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut top = Top {
            object: true,
            ..Top::default()
        };
        let keep = self.sink.keep();
        while let Some(Key(k)) = map.next_key()? {
            match &*k {
                "features" => {
                    self.sink.restart();
                    let is_array = map.next_value_seed(FeaturesSeed {
                        sink: &mut *self.sink,
                    })?;
                    top.features = Some(is_array);
                }
                "crs" => {
                    let v: Value = map.next_value()?;
                    self.sink.crs_member(&v);
                    top.crs = Some(v);
                }
                "x_as_of" => top.as_of = Some(map.next_value()?),
                "type" => {
                    top.kind = Some(match map.next_value::<PropDe<'de>>()?.0 {
                        Prop::Str(s) => Some(s),
                        _ => None,
                    })
                }
                other => {
                    let mut f = FeatureSeed {
                        scratch: &mut top.scratch,
                        keep,
                    };
                    let mut head = std::mem::take(&mut top.head);
                    let known = f.member(other, &mut map, &mut head)?;
                    top.head = head;
                    if !known {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
        }
        top.head.object = true;
        Ok(top)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top<'de>, A::Error> {
        if !self.sink.rows() {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
        } else {
            let mut scratch = Scratch::default();
            let keep = self.sink.keep();
            let mut index = 0;
            loop {
                scratch.clear();
                let Some(object) = seq.next_element_seed(PropsSeed {
                    props: &mut scratch.props,
                    at: &mut scratch.at,
                    keep,
                })?
                else {
                    break;
                };
                scratch.props_object = object;
                let head = Head {
                    object,
                    feature: true,
                    id: None,
                };
                self.sink.feature(index, head, &scratch);
                index += 1;
            }
        }
        Ok(Top {
            array: true,
            ..Top::default()
        })
    }
    other_values!(Top::default());
}

/// A `features` member: each element to the sink; `false` when it is not an array.
struct FeaturesSeed<'a, 'de> {
    sink: &'a mut dyn Sink<'de>,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, 'de> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, 'de> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut scratch = Scratch::default();
        let keep = self.sink.keep();
        let mut index = 0;
        // Cleared for every element, objects or not (the serde visitors left a
        // non-object's scratch as the last feature's; the hand reader clears it).
        while let Some(head) = {
            scratch.clear();
            seq.next_element_seed(FeatureSeed {
                scratch: &mut scratch,
                keep,
            })?
        } {
            self.sink.feature(index, head, &scratch);
            index += 1;
        }
        Ok(true)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    other_values!(false);
}

/// Reads `text` (a UTF-8 byte-order mark first is skipped) with `seed`, and checks
/// that nothing but whitespace follows. The error is serde_json's, with its line
/// and column.
pub fn read<'de, T>(
    text: &'de str,
    seed: impl DeserializeSeed<'de, Value = T>,
) -> Result<T, serde_json::Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let v = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

struct PropDe<'de>(Prop<'de>);

impl<'de> de::Deserialize<'de> for PropDe<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PropVisitor).map(PropDe)
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

#[cfg(test)]
mod tests;
