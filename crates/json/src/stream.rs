//! The serde side of the reader: visitors that walk a GeoJSON text once, feature
//! by feature, without building a `serde_json::Value` tree. What a feature holds is
//! kept in a [`Scratch`] reused from one feature to the next (the properties a layer
//! reads, borrowed from the text where they have no escapes, and the geometry's
//! coordinates as a flat pre-order list of [`Node`]s), so reading a feature
//! allocates only what its record keeps. Every member of every feature is taken as
//! whatever JSON it holds: no valid JSON text fails here for a wrong type; the
//! judging is done by the caller (civicmap's `io::geojson::feature`).

use crate::values::{CoordSeed, Key, Node, Prop};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
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

/// What a feature's `geometry` member held.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Geom<'de> {
    /// No `geometry` member, or `null`.
    #[default]
    Missing,
    /// Not an object.
    NotObject,
    /// An object; `kind` is its `type` when that is text, and the coordinates (if
    /// the member is there) are in [`Scratch::nodes`].
    Object {
        /// The geometry's `type`, when it is text.
        kind: Option<Cow<'de, str>>,
        /// Whether it had a `coordinates` member.
        coords: bool,
    },
}

/// Which properties a layer reads; the others are skipped without being kept.
#[derive(Debug, Clone, Copy)]
pub enum Keep {
    /// Only these keys (and `id`).
    Keys(&'static [&'static str]),
    /// Every key (outlines and lists of places keep every property).
    All,
}

/// Most keys a [`Keep::Keys`] list may hold: with `id` they index [`Scratch::at`].
pub const MAX_KEYS: usize = 15;

/// Where a kept key goes: its place in a [`Keep::Keys`] list (`id` at
/// [`MAX_KEYS`]), or, for [`Keep::All`], [`ANY`].
const ANY: usize = usize::MAX;

impl Keep {
    /// The keys of a [`Keep::Keys`] list (none for [`Keep::All`]).
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Keep::Keys(keys) => keys,
            Keep::All => &[],
        }
    }

    /// Where `key` is kept, or None when it is skipped.
    fn slot(self, key: &str) -> Option<usize> {
        match self {
            Keep::Keys(_) if key == "id" => Some(MAX_KEYS),
            Keep::Keys(keys) => keys[..keys.len().min(MAX_KEYS)]
                .iter()
                .position(|k| *k == key),
            Keep::All => Some(ANY),
        }
    }
}

/// What one feature held, reused from feature to feature.
#[derive(Debug, Default)]
pub struct Scratch<'de> {
    /// The properties the layer reads, in file order; a repeated key keeps its last value.
    pub props: Vec<(Cow<'de, str>, Prop<'de>)>,
    /// Whether `properties` was an object.
    pub props_object: bool,
    /// What `geometry` held.
    pub geom: Geom<'de>,
    /// The geometry's coordinates, in pre-order ([`Node`]).
    pub nodes: Vec<Node>,
    /// With [`Keep::Keys`]: where each key's value is in `props`, plus one (0 when
    /// the feature has none), by the key's place in the list, `id` at [`MAX_KEYS`].
    /// The reader then finds a property without comparing its key again.
    pub at: [u8; MAX_KEYS + 1],
}

impl<'de> Scratch<'de> {
    /// The kept property at `slot` ([`Scratch::at`]), if the feature has it.
    pub fn get(&self, slot: usize) -> Option<&Prop<'de>> {
        match self.at.get(slot) {
            Some(&i) if i > 0 => self.props.get(i as usize - 1).map(|(_, v)| v),
            _ => None,
        }
    }

    fn clear(&mut self) {
        self.at = [0; MAX_KEYS + 1];
        self.props.clear();
        self.props_object = false;
        self.geom = Geom::Missing;
        self.nodes.clear();
    }

    /// Reads a `properties` value into `props`.
    fn read_props<A: MapAccess<'de>>(&mut self, map: &mut A, keep: Keep) -> Result<(), A::Error> {
        self.props.clear();
        self.at = [0; MAX_KEYS + 1];
        self.props_object = map.next_value_seed(PropsSeed {
            props: &mut self.props,
            at: &mut self.at,
            keep,
        })?;
        Ok(())
    }

    fn read_geometry<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        self.nodes.clear();
        self.geom = map.next_value_seed(GeomSeed(&mut self.nodes))?;
        Ok(())
    }
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
            let v: Prop<'de> = map.next_value()?;
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
                    kind = match map.next_value::<Prop<'de>>()? {
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

/// The members of one feature object that are not in the scratch.
#[derive(Debug, Clone, Default)]
pub struct Head<'de> {
    /// The element was a JSON object.
    pub object: bool,
    /// Its `type` was exactly `"Feature"`.
    pub feature: bool,
    /// Its `id` member, unless absent or null.
    pub id: Option<Prop<'de>>,
}

/// Reads one element of `features` into a scratch.
pub(crate) struct FeatureSeed<'a, 'de> {
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
                    matches!(map.next_value::<Prop<'de>>()?, Prop::Str(s) if s == "Feature")
            }
            "id" => {
                head.id = match map.next_value::<Prop<'de>>()? {
                    Prop::Null => None,
                    p => Some(p),
                }
            }
            "properties" => self.scratch.read_props(map, self.keep)?,
            "geometry" => self.scratch.read_geometry(map)?,
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

/// Receives the features of a file as they are read.
pub trait Sink<'de> {
    /// Which properties to keep.
    fn keep(&self) -> Keep;
    /// Called for each element of a `features` array, in order, with what it held.
    fn feature(&mut self, index: usize, head: Head<'de>, scratch: &Scratch<'de>);
    /// Called when a (further) `features` member starts: the last one counts.
    fn restart(&mut self);
    /// Called with each `crs` member, as soon as it is read.
    fn crs_member(&mut self, _crs: &Value) {}
    /// Whether a top-level array is a list of rows (an owners list: each element is
    /// a row's properties, sent as a feature) rather than not GeoJSON.
    fn rows(&self) -> bool {
        false
    }
}

/// What the top level of a file held, besides the features the sink received.
#[derive(Debug, Default)]
pub struct Top<'de> {
    /// The top level was an object (else the file is not GeoJSON).
    pub object: bool,
    /// The top level was an array (its elements went to the sink as rows when
    /// [`Sink::rows`] said so).
    pub array: bool,
    /// `type`, when it was text; `Some(None)` when present but not text.
    pub kind: Option<Option<Cow<'de, str>>>,
    /// The `crs` member, as written.
    pub crs: Option<Value>,
    /// The `x_as_of` member (the ledger date), as written.
    pub as_of: Option<Value>,
    /// Whether a `features` member was seen, and whether the last was an array.
    pub features: Option<bool>,
    /// A top-level Feature's own members (read only when `type` says Feature).
    pub head: Head<'de>,
    /// What the top-level Feature's members held (with [`Top::head`]).
    pub scratch: Scratch<'de>,
}

/// Reads a whole GeoJSON text: the top-level object's members into [`Top`], each
/// element of `features` straight into the sink. The sink is a trait object so
/// that one copy of these visitors serves every layer (a copy per layer cost the
/// wasm module several KB).
pub(crate) struct TopSeed<'a, 'de> {
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
                    top.kind = Some(match map.next_value::<Prop<'de>>()? {
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
        while let Some(head) = seq.next_element_seed(FeatureSeed {
            scratch: &mut scratch,
            keep,
        })? {
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
pub(crate) fn read<'de, T>(
    text: &'de str,
    seed: impl DeserializeSeed<'de, Value = T>,
) -> Result<T, serde_json::Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let v = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}
