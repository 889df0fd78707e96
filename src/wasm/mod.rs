//! The JavaScript API: converts types and forwards to [`crate::Map`], nothing
//! more. Every error reaches JS as a thrown `Error` with the core's plain message.
//! Built with `wasm-bindgen --target web` into `www/pkg/`.
//!
//! One file per part of the API: [`map`] (load, query, assign, export), [`index`]
//! (`GeoIndex`, `convertCoords`), [`draw`] (heatmaps, maps, view maths); this file
//! holds the conversions they share and the `CivicMap` handle.

mod draw;
mod index;
mod map;

use crate::{Crs, Day, LoadOptions, Map, PointFilter, ProblemFilter};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The host's `TextEncoder` (browsers, Node ≥ 11).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, s: &js_sys::JsString, dest: &js_sys::Uint8Array) -> Encoded;
    /// `{read, written}` of `encodeInto`.
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> f64;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> f64;
}

/// The text of a file passed from JS: a string, or its UTF-8 bytes (a
/// `Uint8Array`, as `file.arrayBuffer()` gives; a byte-order mark is skipped later).
///
/// Why not a `&str` parameter: wasm-bindgen's glue copies a string into wasm memory
/// one UTF-16 unit at a time in JS (0.4–0.6 s for 51 MB here) and, at the first
/// non-ASCII character (the Chinese names in a header), reserves three bytes for
/// every unit left. `TextEncoder.encodeInto` into our own buffer, grown at the
/// rate the text has needed so far, runs at native speed and keeps the copy within
/// about a tenth of the text's size.
pub(crate) fn text_arg(value: &JsValue, what: &str) -> Result<String, JsError> {
    use wasm_bindgen::JsCast;
    if let Some(s) = value.dyn_ref::<js_sys::JsString>() {
        return utf8_of(s).map_err(|e| JsError::new(&format!("{what}: {e}")));
    }
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        let mut v: Vec<u8> = Vec::new();
        v.try_reserve_exact(bytes.length() as usize)
            .map_err(|_| JsError::new(&format!("{what}: too large for memory")))?;
        v.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut v);
        return String::from_utf8(v).map_err(|e| {
            JsError::new(&format!(
                "{what}: not UTF-8 text (byte {} is not); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            ))
        });
    }
    Err(JsError::new(&format!(
        "{what}: give the file's text (a string) or its bytes (a Uint8Array)"
    )))
}

/// A JS string as UTF-8, through `TextEncoder.encodeInto` in as few rounds as the
/// text's mix of ASCII and other characters allows.
fn utf8_of(s: &js_sys::JsString) -> Result<String, &'static str> {
    let units = s.length() as usize;
    let mut buf: Vec<u8> = Vec::new();
    let too_large = "too large for memory";
    // An eighth more than one byte per unit: Chinese names in a mostly ASCII file
    // then fit in the first round (growing the vector later may copy it).
    buf.try_reserve_exact(units + units / 8 + 16)
        .map_err(|_| too_large)?;
    let enc = Utf8Encoder::new();
    let mut read = 0usize;
    loop {
        let spare = buf.capacity() - buf.len();
        // SAFETY: a view of the vector's spare capacity, used for this one call
        // before anything else can allocate (and so move or grow wasm memory).
        let view =
            unsafe { js_sys::Uint8Array::view_mut_raw(buf.as_mut_ptr().add(buf.len()), spare) };
        let rest = if read == 0 {
            s.clone()
        } else {
            s.substring(read as u32, units as u32)
        };
        let r = enc.encode_into(&rest, &view);
        let (r_read, r_written) = (r.read() as usize, r.written() as usize);
        // SAFETY: encodeInto wrote `r_written` bytes into the spare capacity.
        unsafe { buf.set_len(buf.len() + r_written.min(spare)) };
        read += r_read;
        if read >= units {
            break;
        }
        // Room for the rest at the bytes-per-unit rate so far, and a margin (at
        // least one character of four bytes, so every round moves on).
        let rate = buf.len() as f64 / read.max(1) as f64;
        let more = ((units - read) as f64 * rate * 1.1) as usize + 16;
        buf.try_reserve_exact(more).map_err(|_| too_large)?;
    }
    // Give the margin back (shrinking in place frees the tail).
    buf.shrink_to_fit();
    // SAFETY: TextEncoder writes UTF-8 only (lone surrogates become U+FFFD).
    Ok(unsafe { String::from_utf8_unchecked(buf) })
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Reads an optional options object; `undefined` and `null` give the default.
pub(crate) fn from_js<T: DeserializeOwned + Default>(
    value: JsValue,
    what: &str,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    // Through JSON text rather than serde_wasm_bindgen::from_value, which ignores
    // unknown keys: a misspelt `minSeverty` must be an error, not a silent no-op.
    let text: String = js_sys::JSON::stringify(&value)
        .map_err(|_| JsError::new(&format!("{what}: not a plain object")))?
        .into();
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// The ids of the records at `positions`.
pub(crate) fn ids_of<T>(records: &[T], positions: Vec<u32>, id: fn(&T) -> &String) -> Vec<String> {
    positions
        .into_iter()
        .map(|i| id(&records[i as usize]).clone())
        .collect()
}

pub(crate) fn err(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// Today's civil date in the browser's time zone.
pub(crate) fn today() -> Day {
    let d = js_sys::Date::new_0();
    let text = format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    );
    crate::parse_day(&text).unwrap_or(0)
}

pub(crate) fn day_or_today(text: Option<String>) -> Result<Day, JsError> {
    match text {
        Some(t) => crate::parse_day(&t).map_err(|e| JsError::new(&format!("asOf: {e}"))),
        None => Ok(today()),
    }
}

pub(crate) fn problem_filter(value: JsValue) -> Result<ProblemFilter, JsError> {
    let mut f: ProblemFilter = from_js(value, "filter")?;
    f.as_of.get_or_insert_with(today);
    Ok(f)
}

/// A ring from interleaved `lng, lat` pairs (closed if it is not already).
pub(crate) fn ring(coords: &[f64]) -> Result<MultiPolygon<f64>, JsError> {
    if coords.len() < 6 || !coords.len().is_multiple_of(2) || coords.iter().any(|c| !c.is_finite())
    {
        return Err(JsError::new("ring: give at least 3 finite lng, lat pairs"));
    }
    let pts: Vec<Coord> = coords
        .chunks_exact(2)
        .map(|c| Coord { x: c[0], y: c[1] })
        .collect();
    Ok(MultiPolygon(vec![Polygon::new(LineString(pts), vec![])]))
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ExportOptions {
    #[serde(default)]
    crs: Crs,
}

#[derive(Serialize)]
pub(crate) struct Counts {
    cells: usize,
    zones: usize,
    points: usize,
    problems: usize,
    owners: usize,
}

/// The campaign map: load layers, ask questions, assign cells, draw.
#[wasm_bindgen]
pub struct CivicMap {
    pub(crate) inner: Map,
    /// This map's heatmap buffers, caches and last frame's stats: two maps on one
    /// page never share them.
    pub(crate) heat: crate::HeatRenderer,
}

impl Default for CivicMap {
    fn default() -> Self {
        Self::new()
    }
}
