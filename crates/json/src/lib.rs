//! civicmap's JSON reading: one pass over a text, at opt-level 3.
//!
//! civicmap itself is compiled for size (`opt-level = "z"`, README "Size"); this
//! crate is compiled for speed. A GeoJSON text is read by hand — `scan` for the
//! bytes (strings, skipped values), `number` for numbers, `feature` for one feature,
//! `top` for the top level, `cursor` for a collection read in slices — feature by
//! feature into a [`Sink`] that judges what each means (civicmap's `io::geojson`,
//! at its own level). A feature of the flat shape nearly every ledger has (`flat`:
//! a text id, scalar properties, a Point) is read straight into a [`Flat`] for a
//! sink that takes it (after the first, by the last one's pattern: its bytes
//! between the values compared in runs), and the general way otherwise. serde_json, instantiated once in `civicmap-value` and
//! compiled for size, reads any other JSON ([`parse_value`]), the values kept
//! whole (nested properties, `crs`), the rare numbers the hand reader leaves to it
//! (over 19 digits, far from 1), and gives the messages of texts that are not JSON.
//! A test-only copy of the serde_json visitors this replaced (`serde_model`) checks
//! that both read every text alike: the same features, top level and messages.
//!
//! Figures (README "Size" and "Measured"): 50,000 problems (13.3 MB) load 8–11 %
//! faster in wasm than through the visitors, and the page's module is 3.7 KB
//! smaller gzipped (serde_json's parser for features at opt-level 3 was 7 KB).
//! Reading a member as programs write it, `,"key":`, in one comparison
//! ([`scan`]'s `member_ahead`), a kept key's text value without `prop`'s dispatch,
//! and a fraction's digits eight at a time ([`number`]) took 50,000 problems
//! 0.86–0.92× the time from a string and 0.87–0.94× from bytes, for 665 bytes
//! gzipped (`scripts/load-compare.mjs`, 2026-12-02).

#![warn(missing_docs)]

mod cursor;
mod feature;
mod flat;
mod number;
mod scan;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod serde_model;
mod sink;
mod top;
mod values;

pub use cursor::{Cursor, Unsliced};
pub use flat::{Flat, FlatState, Val};
pub use sink::{Geom, Head, Keep, Scratch, Sink, Top, MAX_KEYS};
pub use values::{children, Node, Prop};

use scan::Fail;

/// Why a text could not be read: serde_json's message for a text that is not JSON,
/// with its line and column, or what serde_json would refuse in it (an unpaired
/// surrogate, a number out of range, nesting past 128) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl Error {
    fn new(text: &str, fail: Fail) -> Self {
        // Positions count from after a byte-order mark, as serde_json's do.
        let (text, bom) = match text.strip_prefix('\u{feff}') {
            Some(t) => (t, 3),
            None => (text, 0),
        };
        let (why, at) = match fail {
            // serde_json skipping the text stops at the same first syntax error.
            Fail::Syntax => {
                return Error(match civicmap_value::syntax_error(text) {
                    Some(e) => e.to_string(),
                    None => "not valid JSON".into(),
                })
            }
            Fail::Refused(why, at) => (why.to_string(), at),
            // A part read by serde_json: its message, its position moved to the text's.
            Fail::Serde(b) => {
                let (e, start) = *b;
                let part = text.get(start.saturating_sub(bom)..).unwrap_or_default();
                let line_start = match e.line() {
                    0 | 1 => 0,
                    l => part
                        .match_indices('\n')
                        .nth(l - 2)
                        .map_or(part.len(), |(k, _)| k + 1),
                };
                let m = e.to_string();
                let why = m
                    .rfind(" at line ")
                    .map_or(m.as_str(), |k| &m[..k])
                    .to_string();
                (why, start + line_start + e.column())
            }
        };
        let at = at.saturating_sub(bom);
        let before = text
            .as_bytes()
            .get(..at.min(text.len()))
            .unwrap_or_default();
        let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
        let column = before.len()
            - before
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |p| p + 1);
        Error(format!("{why} at line {line} column {column}"))
    }
}

/// Reads a GeoJSON text (a UTF-8 byte-order mark first is skipped): the top-level
/// object's members into [`Top`], each element of `features` straight into `sink`
/// (or, for a sink that takes [`Sink::rows`], each element of a top-level array:
/// the owners list's other shape).
pub fn read_features<'de>(text: &'de str, sink: &mut dyn Sink<'de>) -> Result<Top<'de>, Error> {
    top::read(text, sink).map_err(|f| Error::new(text, f))
}

/// Any JSON text to a `Value` (options, journal lines, the time-limit table).
pub use civicmap_value::parse as parse_value;
