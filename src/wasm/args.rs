//! Every argument from JS, checked before any Rust state is touched.
//!
//! Why JsValue everywhere: wasm-bindgen's typed parameters trust the caller. A number
//! passed where a `&str` is expected makes the glue write past the string it thinks
//! it has (`memory access out of bounds`); a string passed as `&[f64]` is read
//! character by character; `usize` takes −1 as 4,294,967,295. And a JS exception
//! thrown while a method runs (a caller's getter, a proxy trap, `toJSON`) unwinds
//! through the wasm frames without releasing the object's borrow, which leaves it
//! unusable. So the bindings take `JsValue`s and read them here, only through calls
//! that run none of the caller's code (wasm-bindgen's typeof intrinsics, `instanceof`
//! shims that wasm-bindgen wraps in try/catch, `ArrayBuffer.isView`) or that come
//! back as `Err` when it throws (`JSON.stringify`, `Reflect`, both `catch` imports
//! in js_sys).
//!
//! Limits (README, Reliability): k at most [`MAX_K`]; `nearestMany` at most
//! [`MAX_MANY`] results in all; arrays are copied with `try_reserve`, so a caller
//! cannot make an allocation abort the module.

use crate::io::obj::FromJson;
use js_sys::{ArrayBuffer, Float64Array, Reflect, Uint8Array};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The most results a nearest query returns (k).
pub const MAX_K: usize = 100_000;
/// The most results `GeoIndex.nearestMany` returns in all (queries × k).
pub const MAX_MANY: usize = 16 * 1024 * 1024;

/// JSON text of a plain value; Err (with a plain message) when it is not one or
/// reading it throws.
pub fn json_text(v: &JsValue, name: &str) -> Result<String, JsError> {
    if v.is_undefined() || v.is_function() || v.is_symbol() || v.is_bigint() {
        return Err(want(name, "a plain value", v));
    }
    match js_sys::JSON::stringify(v) {
        Ok(s) => JsValue::from(s)
            .as_string()
            .ok_or_else(|| want(name, "a plain value", v)),
        Err(_) => Err(JsError::new(&format!(
            "{name}: not a plain value (reading it threw)"
        ))),
    }
}

/// `v` as a genuine typed array of type `T` whose `length` nobody redefined (so
/// reading its length and copying it run no caller code), or None.
fn genuine<T: JsCast>(v: &JsValue) -> Option<&T> {
    if !ArrayBuffer::is_view(v) {
        return None;
    }
    let a = v.dyn_ref::<T>()?;
    let object: &js_sys::Object = v.unchecked_ref();
    match Reflect::get_own_property_descriptor(object, &JsValue::from_str("length")) {
        Ok(d) if d.is_undefined() => Some(a),
        _ => None,
    }
}

/// What kind of value `v` is, for messages ("a string", "undefined", …), read
/// without running the caller's code.
fn kind(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.is_string() {
        "a string"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if v.is_symbol() {
        "a symbol"
    } else if v.is_bigint() {
        "a bigint"
    } else if v.is_function() {
        "a function"
    } else {
        "an object"
    }
}

fn want(name: &str, what: &str, v: &JsValue) -> JsError {
    JsError::new(&format!("{name}: give {what}, got {}", kind(v)))
}

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

/// The text of a file: a string, or its UTF-8 bytes (a `Uint8Array`, as
/// `file.arrayBuffer()` gives; a byte-order mark is skipped by the reader).
///
/// Why not `as_string` (or a `&str` parameter): wasm-bindgen's glue copies a string
/// into wasm memory one UTF-16 unit at a time in JS (0.4–0.6 s for 51 MB here) and,
/// at the first non-ASCII character (the Chinese names in a header), reserves three
/// bytes for every unit left. `TextEncoder.encodeInto` into our own buffer, grown at
/// the rate the text has needed so far, runs at native speed and keeps the copy
/// within about a tenth of the text's size.
pub fn text(v: &JsValue, name: &str) -> Result<String, JsError> {
    if v.is_string() {
        return utf8_of(v.unchecked_ref()).map_err(|e| JsError::new(&format!("{name}: {e}")));
    }
    if let Some(bytes) = genuine::<Uint8Array>(v) {
        let n = bytes.length() as usize;
        let mut out: Vec<u8> = Vec::new();
        out.try_reserve_exact(n)
            .map_err(|_| JsError::new(&format!("{name}: too large for memory")))?;
        // Into the spare capacity: zeroing it first was 5 % of a 13 MB ledger's
        // load (Node profile, 2026-12-02).
        // SAFETY: the vector has room for the array's `n` bytes, which the copy
        // writes and so initialises.
        unsafe {
            bytes.raw_copy_to_ptr(out.as_mut_ptr());
            out.set_len(n);
        }
        return String::from_utf8(out).map_err(|e| {
            JsError::new(&format!(
                "{name}: not UTF-8 text (byte {} is not); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            ))
        });
    }
    Err(want(
        name,
        "the file's text (a string) or its bytes (a Uint8Array)",
        v,
    ))
}

/// The start of a file, at most `max` bytes: a string's, or a Uint8Array's read
/// as UTF-8 with any other byte a space (a cut character at the end, a file in
/// another encoding, which its load then refuses with where).
pub fn head(v: &JsValue, name: &str, max: usize) -> Result<String, JsError> {
    if let Some(s) = v.as_string() {
        let mut end = s.len().min(max);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        return Ok(s[..end].to_string());
    }
    if let Some(bytes) = genuine::<Uint8Array>(v) {
        let n = (bytes.length() as usize).min(max);
        let mut out = vec![0u8; n];
        bytes.subarray(0, n as u32).copy_to(&mut out);
        // Each byte that is not UTF-8 as a space (`from_utf8_lossy` cost 1 KB).
        let mut at = 0;
        while let Err(e) = std::str::from_utf8(out.get(at..).unwrap_or_default()) {
            let bad = at + e.valid_up_to();
            let len = e.error_len().unwrap_or(out.len() - bad);
            out.get_mut(bad..bad + len).unwrap_or_default().fill(b' ');
            at = bad + len;
        }
        return Ok(String::from_utf8(out).unwrap_or_default());
    }
    Err(want(
        name,
        "the start of the file's text (a string) or of its bytes (a Uint8Array)",
        v,
    ))
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

/// Whether the caller left the argument out.
pub fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// A string.
pub fn string(v: &JsValue, name: &str) -> Result<String, JsError> {
    v.as_string().ok_or_else(|| want(name, "a string", v))
}

/// A string, or None when left out.
pub fn opt_string(v: &JsValue, name: &str) -> Result<Option<String>, JsError> {
    if absent(v) {
        Ok(None)
    } else {
        string(v, name).map(Some)
    }
}

/// A finite number.
pub fn number(v: &JsValue, name: &str) -> Result<f64, JsError> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(x) => Err(JsError::new(&format!(
            "{name}: give a finite number, got {x}"
        ))),
        None => Err(want(name, "a number", v)),
    }
}

/// A finite number, or None when left out.
pub fn opt_number(v: &JsValue, name: &str) -> Result<Option<f64>, JsError> {
    if absent(v) {
        Ok(None)
    } else {
        number(v, name).map(Some)
    }
}

/// A longitude in degrees, −180..180.
pub fn lng(v: &JsValue, name: &str) -> Result<f64, JsError> {
    let x = number(v, name)?;
    if crate::model::is_lng(x) {
        Ok(x)
    } else {
        Err(JsError::new(&format!(
            "{name}: {x} is not a longitude (−180..180)"
        )))
    }
}

/// A latitude in degrees, −90..90.
pub fn lat(v: &JsValue, name: &str) -> Result<f64, JsError> {
    let x = number(v, name)?;
    if crate::model::is_lat(x) {
        Ok(x)
    } else {
        Err(JsError::new(&format!(
            "{name}: {x} is not a latitude (−90..90)"
        )))
    }
}

/// A distance in metres, 0 or more.
pub fn metres(v: &JsValue, name: &str) -> Result<f64, JsError> {
    let x = number(v, name)?;
    if x >= 0.0 {
        Ok(x)
    } else {
        Err(JsError::new(&format!(
            "{name}: give metres, 0 or more, got {x}"
        )))
    }
}

/// A whole number from 0 to `max`.
pub fn count(v: &JsValue, name: &str, max: usize) -> Result<usize, JsError> {
    let x = number(v, name)?;
    if x.fract() == 0.0 && x >= 0.0 && x <= max as f64 {
        Ok(x as usize)
    } else {
        Err(JsError::new(&format!(
            "{name}: give a whole number from 0 to {max}, got {x}"
        )))
    }
}

/// A box's bound: a finite number or ±Infinity (an open side), clamped to `limit`.
pub fn bound(v: &JsValue, name: &str, limit: f64) -> Result<f64, JsError> {
    match v.as_f64() {
        Some(x) if !x.is_nan() => Ok(x.clamp(-limit, limit)),
        Some(_) => Err(JsError::new(&format!("{name}: give a number, got NaN"))),
        None => Err(want(name, "a number", v)),
    }
}

/// The numbers of a Float64Array or an array of numbers, copied into wasm memory.
pub fn f64s(v: &JsValue, name: &str) -> Result<Vec<f64>, JsError> {
    if let Some(a) = genuine::<Float64Array>(v) {
        let n = a.length() as usize;
        let mut out: Vec<f64> = Vec::new();
        out.try_reserve_exact(n)
            .map_err(|_| JsError::new(&format!("{name}: {n} numbers do not fit in memory")))?;
        out.resize(n, 0.0);
        a.copy_to(&mut out);
        return Ok(out);
    }
    if v.is_string() || ArrayBuffer::is_view(v) || !v.is_object() {
        return Err(want(name, "a Float64Array or an array of numbers", v));
    }
    // A plain array (slow path: through JSON text, where a non-number is refused).
    let text = json_text(v, name)?;
    let items: Vec<serde_json::Value> = match crate::io::record::parse_json(&text) {
        Ok(serde_json::Value::Array(items)) => items,
        _ => return Err(want(name, "a Float64Array or an array of numbers", v)),
    };
    let mut out: Vec<f64> = Vec::new();
    out.try_reserve_exact(items.len())
        .map_err(|_| JsError::new(&format!("{name}: too many numbers for memory")))?;
    for (i, x) in items.iter().enumerate() {
        match x.as_f64() {
            Some(f) => out.push(f),
            None => {
                return Err(JsError::new(&format!(
                    "{name}: item {i} is {}, not a finite number",
                    json_kind(x)
                )))
            }
        }
    }
    Ok(out)
}

/// What a JSON value is, for messages.
fn json_kind(x: &serde_json::Value) -> String {
    match x {
        serde_json::Value::Null => "null (or NaN, ±Infinity, undefined)".into(),
        serde_json::Value::Bool(_) => "a boolean".into(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(_) => "a string".into(),
        serde_json::Value::Array(_) => "an array".into(),
        serde_json::Value::Object(_) => "an object".into(),
    }
}

/// lng, lat pairs from a Float64Array or an array of numbers: an even count, each
/// pair finite and in range.
pub fn lnglats(v: &JsValue, name: &str) -> Result<Vec<f64>, JsError> {
    let xs = f64s(v, name)?;
    if !xs.len().is_multiple_of(2) {
        return Err(JsError::new(&format!(
            "{name}: needs an even length: lng, lat pairs (got {})",
            xs.len()
        )));
    }
    Ok(xs)
}

/// Lng, lat pairs to be read a slice at a time: a Float64Array stays in JS memory
/// (10 million pairs are 160 MB that need not be copied whole into wasm memory);
/// an array of numbers is read at once.
pub enum LngLats {
    /// Read from the typed array as asked.
    Typed(Float64Array),
    /// Read already.
    Read(Vec<f64>),
}

impl LngLats {
    /// The pairs of `v` (a Float64Array, or an array of numbers), of even length.
    pub fn of(v: &JsValue, name: &str) -> Result<LngLats, JsError> {
        match genuine::<Float64Array>(v) {
            Some(a) if a.length() % 2 == 0 => Ok(LngLats::Typed(a.clone())),
            _ => lnglats(v, name).map(LngLats::Read),
        }
    }

    /// How many pairs.
    pub fn pairs(&self) -> usize {
        match self {
            LngLats::Typed(a) => a.length() as usize / 2,
            LngLats::Read(v) => v.len() / 2,
        }
    }

    /// Every pair, read a slice at a time (one copy, not two: 1M points are 16 MB).
    pub fn pairs_vec(&self) -> Result<Vec<crate::LngLat>, JsError> {
        const SLICE: usize = 8192;
        let n = self.pairs();
        let mut out = Vec::new();
        out.try_reserve_exact(n)
            .map_err(|_| JsError::new(&format!("coords: {n} pairs do not fit in memory")))?;
        let mut buf = vec![0.0; 2 * SLICE.min(n)];
        let mut start = 0;
        while start < n {
            let len = SLICE.min(n - start);
            let part = buf.get_mut(..2 * len).unwrap_or_default();
            self.fill(start, part);
            out.extend(part.chunks_exact(2).map(|c| match c {
                [x, y] => (*x, *y),
                _ => (f64::NAN, f64::NAN),
            }));
            start += len;
        }
        Ok(out)
    }

    /// [`LngLats::fill`] as a function: one type wherever it is passed, so the
    /// core's readers generic over it are compiled once.
    pub fn filler(&self) -> impl FnMut(usize, &mut [f64]) + '_ {
        move |start, buf| self.fill(start, buf)
    }

    /// Writes the pairs from pair `start` on into `buf` (left as it is past the end).
    pub fn fill(&self, start: usize, buf: &mut [f64]) {
        let from = 2 * start;
        match self {
            LngLats::Typed(a) => a
                .subarray(from as u32, (from + buf.len()) as u32)
                .copy_to(buf),
            LngLats::Read(v) => {
                if let Some(src) = v.get(from..from + buf.len()) {
                    buf.copy_from_slice(src);
                }
            }
        }
    }
}

/// Whole numbers 0..255 from a Uint8Array or an array, or None when left out.
pub fn opt_u8s(v: &JsValue, name: &str) -> Result<Option<Vec<u8>>, JsError> {
    if absent(v) {
        return Ok(None);
    }
    if let Some(a) = genuine::<Uint8Array>(v) {
        let n = a.length() as usize;
        let mut out: Vec<u8> = Vec::new();
        out.try_reserve_exact(n)
            .map_err(|_| JsError::new(&format!("{name}: {n} numbers do not fit in memory")))?;
        out.resize(n, 0);
        a.copy_to(&mut out);
        return Ok(Some(out));
    }
    if v.is_string() || ArrayBuffer::is_view(v) || !v.is_object() {
        return Err(want(name, "a Uint8Array or an array of whole numbers", v));
    }
    let xs = f64s(v, name)?;
    let mut out = Vec::new();
    out.try_reserve_exact(xs.len())
        .map_err(|_| JsError::new(&format!("{name}: too many numbers for memory")))?;
    for (i, x) in xs.into_iter().enumerate() {
        if x.fract() != 0.0 || !(0.0..=255.0).contains(&x) {
            return Err(JsError::new(&format!(
                "{name}: item {i} is {x}, not a whole number 0..255"
            )));
        }
        out.push(x as u8);
    }
    Ok(Some(out))
}

/// A plain value read as `T` (through JSON text, so that a misspelt key in an
/// options object is an error, not a silent no-op).
pub fn json<T: DeserializeOwned>(v: &JsValue, name: &str) -> Result<T, JsError> {
    let text = json_text(v, name)?;
    // Parsed once into a `Value`, then read as `T` (ids, row lists, the tables
    // module's options): serde's deserializer is instantiated for `Value` only,
    // not also for the text parser. Options of the page are read by hand
    // ([`options`], src/io/obj.rs).
    let value =
        crate::io::record::parse_json(&text).map_err(|e| JsError::new(&format!("{name}: {e}")))?;
    T::deserialize(value).map_err(|e| JsError::new(&format!("{name}: {e}")))
}

/// A plain value as JSON (the core's own readers take it from there and name
/// unknown keys).
pub fn value(v: &JsValue, name: &str) -> Result<serde_json::Value, JsError> {
    let text = json_text(v, name)?;
    crate::io::record::parse_json(&text).map_err(|e| JsError::new(&format!("{name}: {e}")))
}

/// An options object read by `T`'s own reader; left out, the default.
pub fn options<T: FromJson + Default>(v: &JsValue, name: &str) -> Result<T, JsError> {
    if absent(v) {
        return Ok(T::default());
    }
    T::from_json(&value(v, name)?, name).map_err(|e| JsError::new(&e))
}

/// An array of strings (ids).
pub fn strings(v: &JsValue, name: &str) -> Result<Vec<String>, JsError> {
    if v.is_string() {
        return Err(JsError::new(&format!(
            "{name}: give an array of strings, got a string (wrap one id in [ ])"
        )));
    }
    json::<Vec<String>>(v, name)
}
