//! serde_json's parser, instantiated once here for the JSON civicmap reads whole:
//! options, journal lines, the time-limit table, and the values the GeoJSON reader
//! keeps as they are (nested properties, `crs`). A crate of its own so that it is
//! compiled for size while civicmap-json's reader of features runs at opt-level 3:
//! instantiated there, this parser cost 5 KB of the gzipped wasm module (README
//! "Size").

use serde_json::Value;

/// Any JSON text to a `Value`.
pub fn parse(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text)
}

/// serde_json's message for a text that is not JSON (None when it is), found by
/// skipping the text as `IgnoredAny` does.
pub fn syntax_error(text: &str) -> Option<serde_json::Error> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).err()
}
