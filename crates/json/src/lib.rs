//! civicmap's JSON reading: one pass over a text, at opt-level 3.
//!
//! civicmap itself is compiled for size (`opt-level = "z"`, README "Size"). A
//! generic function is compiled where it is instantiated, at that crate's level, so
//! serde_json's parser (generic over its reader) instantiated by civicmap ran at `z`:
//! loading 50,000 problems (13.3 MB) took 252 ms in wasm against 204 ms for
//! `JSON.parse` plus flatbush. This crate instantiates it once, behind the two
//! non-generic functions below, so the parser and the visitors run at opt-level 3;
//! what each feature means is judged by the caller through the [`Sink`] trait
//! object (civicmap's `io::geojson`), at its own level. Figures: the module comment
//! of civicmap's `io::geojson` and README "Size".

#![warn(missing_docs)]

mod cursor;
mod stream;
mod values;

pub use cursor::{Cursor, Unsliced};

pub use stream::{Geom, Head, Keep, Scratch, Sink, Top, MAX_KEYS};
pub use values::{children, Node, Prop};

use serde_json::Value;
use stream::TopSeed;

/// Reads a GeoJSON text (a UTF-8 byte-order mark first is skipped): the top-level
/// object's members into [`Top`], each element of `features` straight into `sink`
/// (or, for a sink that takes [`Sink::rows`], each element of a top-level array:
/// the owners list's other shape).
/// The error is serde_json's, with its line and column.
pub fn read_features<'de>(
    text: &'de str,
    sink: &mut dyn Sink<'de>,
) -> Result<Top<'de>, serde_json::Error> {
    stream::read(text, TopSeed { sink })
}

/// Any JSON text to a `Value` (options, journal lines, the time-limit table), through
/// the same instantiation of serde_json's parser as the readers.
pub fn parse_value(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text)
}
