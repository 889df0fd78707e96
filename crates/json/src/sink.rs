//! What the reader hands over: a feature's members in a [`Scratch`] reused from one
//! feature to the next (the properties a layer reads, borrowed from the text where
//! they have no escapes, and the geometry's coordinates as a flat pre-order list of
//! [`Node`]s) and its [`Head`], given to a [`Sink`] feature by feature; the top
//! level's members in a [`Top`]. Every member of every feature is taken as whatever
//! JSON it holds: no valid JSON text fails for a wrong type; the judging is done by
//! the sink (civicmap's `io::geojson::feature`).

use crate::values::{Node, Prop};
use serde_json::Value;
use std::borrow::Cow;

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
    pub(crate) fn slot(self, key: &str) -> Option<usize> {
        match self {
            Keep::Keys(_) if key == "id" => Some(MAX_KEYS),
            // Length and first byte before the bytes: most keys of a list differ
            // there, and each full comparison is a call to `memcmp` in wasm.
            Keep::Keys(keys) => keys[..keys.len().min(MAX_KEYS)].iter().position(|k| {
                k.len() == key.len() && k.as_bytes().first() == key.as_bytes().first() && *k == key
            }),
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

    pub(crate) fn clear(&mut self) {
        self.at = [0; MAX_KEYS + 1];
        self.props.clear();
        self.props_object = false;
        self.geom = Geom::Missing;
        self.nodes.clear();
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

/// Receives the features of a file as they are read.
pub trait Sink<'de> {
    /// Which properties to keep.
    fn keep(&self) -> Keep;
    /// Called for each element of a `features` array, in order, with what it held.
    fn feature(&mut self, index: usize, head: Head<'de>, scratch: &Scratch<'de>);
    /// Whether the sink takes features of the flat shape ([`Sink::flat`]).
    fn takes_flat(&self) -> bool {
        false
    }
    /// An element of `features` of the flat shape ([`crate::Flat`]): whether the
    /// sink took it, exactly as [`Sink::feature`] would have. If not, it must be
    /// left as it was: the element is read again the general way and given to
    /// [`Sink::feature`].
    fn flat(&mut self, _index: usize, _f: &crate::Flat<'de>) -> bool {
        false
    }
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
