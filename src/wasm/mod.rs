//! The JavaScript API: converts types and forwards to [`crate::Map`], nothing
//! more. Every error reaches JS as a thrown `Error` with the core's plain message.
//! Built with `wasm-bindgen --target web` into `www/pkg/`.
//!
//! One file per part of the API: [`map`] (load, query, export), [`planner`]
//! (assign, undo, chains, coverage, workload, the responsibility table), [`index`]
//! (`GeoIndex`, `convertCoords`), [`draw`] (heatmaps, maps, view maths), [`stats`]
//! (hotspots); [`args`] reads every argument (nothing the caller passes can trap
//! the module or leave an object borrowed); this file holds the conversions they
//! share and the `CivicMap` handle.
//!
//! No panic may be reachable from here: the lints below forbid the usual sources,
//! and allocations sized by the caller go through `try_reserve` or a budget.
//!
//! TypeScript types (the npm package, docs/embedding.md) come from the Rust types, so
//! they cannot drift. What a new binding adds:
//! - on each Rust struct or enum it takes or returns through serde, wherever it lives:
//!   `#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]`
//!   after its `#[derive]` (the `typescript` feature is on only in
//!   scripts/build-wasm.sh; the derive emits a TypeScript declaration and nothing
//!   else: no `Ts<T>`, no wasm ABI impls, so the module gains no bytes). A field read
//!   by a `deserialize_with` function gets its JS type by hand:
//!   `#[cfg_attr(feature = "typescript", tsify(type = "string | null"))]` (days are
//!   "YYYY-MM-DD" text), `"Status | Status[] | null"` (one or many). Doc comments on
//!   the type and its fields become the .d.ts's.
//! - an options type the bindings read implements `FromJson` (src/io/obj.rs: one
//!   reader by hand, which names its keys) and gets `Deserialize` from it with
//!   `by_hand!(json: T)`; its `serde(...)` attributes then only shape the TypeScript.
//! - on the binding, every `JsValue` parameter named with its type:
//!   `#[wasm_bindgen(unchecked_param_type = "View")]`, or for one that may be left out
//!   `#[wasm_bindgen(unchecked_optional_param_type = "HeatOptions | null")]` (only
//!   trailing ones); a snake_case name gets `js_name = radiusM`; a `JsValue` result
//!   gets `unchecked_return_type = "ProblemHit[]"` on the function's attribute.
//! - a call in tests/package/fixtures/consumer.ts (tests/package/types.test.mjs fails
//!   for a method or function of the .d.ts that it does not call, and for any `any`
//!   left in the published types), and, for a new option, a misuse in mistakes.ts.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod args;
mod cycle;
mod draw;
mod index;
mod load;
mod map;
mod planner;
// Hotspots: in the tables module only (www/pkg-tables/, loaded when a view asks).
#[cfg(feature = "tables")]
mod stats;

use crate::io::geojson::crs_named;
use crate::io::obj::{FromJson, Obj};
use crate::{Crs, Day, LoadOptions, Map, PointFilter, ProblemFilter};
use geo::{Coord, LineString, MultiPolygon, Polygon};
#[cfg(feature = "tables")]
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Through JSON text and JSON.parse rather than serde_wasm_bindgen: every result
    // type then shares serde_json's serializer with the exports (−4.6 KB gzipped,
    // README "Size").
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("result is not JSON"))
}

/// Reads an optional options object by its type's own reader; `undefined` and
/// `null` give the default.
pub(crate) fn from_js<T: FromJson + Default>(value: JsValue, what: &str) -> Result<T, JsError> {
    args::options(&value, what)
}

/// [`from_js`] through serde, for the tables module's options (scores, hotspots,
/// choropleths, tables), which are not read by hand yet.
#[cfg(feature = "tables")]
pub(crate) fn from_js_serde<T: DeserializeOwned + Default>(
    value: JsValue,
    what: &str,
) -> Result<T, JsError> {
    if args::absent(&value) {
        Ok(T::default())
    } else {
        args::json(&value, what)
    }
}

/// The ids of the records at `positions`.
pub(crate) fn ids_of<T>(records: &[T], positions: Vec<u32>, id: fn(&T) -> &String) -> Vec<String> {
    positions
        .into_iter()
        .filter_map(|i| records.get(i as usize).map(|r| id(r).clone()))
        .collect()
}

pub(crate) fn err(e: impl Into<crate::Error>) -> JsError {
    JsError::new(&e.into().to_string())
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

/// The day the map reckons from: the ledger date (set, or declared by the files),
/// else today in the browser's time zone.
pub(crate) fn ledger_day(map: &Map) -> Day {
    map.as_of().unwrap_or_else(today)
}

/// `asOf` as a day: a "YYYY-MM-DD" string, or the ledger date when left out.
pub(crate) fn day_or_ledger(map: &Map, value: &JsValue) -> Result<Day, JsError> {
    match args::opt_string(value, "asOf")? {
        Some(t) => crate::parse_day(&t).map_err(|e| JsError::new(&format!("asOf: {e}"))),
        None => Ok(ledger_day(map)),
    }
}

pub(crate) fn problem_filter(map: &Map, value: JsValue) -> Result<ProblemFilter, JsError> {
    let mut f: ProblemFilter = from_js(value, "filter")?;
    f.as_of.get_or_insert_with(|| ledger_day(map));
    Ok(f)
}

/// A ring from interleaved `lng, lat` pairs (closed if it is not already).
pub(crate) fn ring(value: &JsValue) -> Result<MultiPolygon<f64>, JsError> {
    let coords = args::lnglats(value, "ring")?;
    if coords.len() < 6 || coords.iter().any(|c| !c.is_finite()) {
        return Err(JsError::new("ring: give at least 3 finite lng, lat pairs"));
    }
    let pts: Vec<Coord> = coords
        .chunks_exact(2)
        .filter_map(|c| match *c {
            [x, y] => Some(Coord { x, y }),
            _ => None,
        })
        .collect();
    Ok(MultiPolygon(vec![Polygon::new(LineString(pts), vec![])]))
}

/// lng, lat pairs as locations, each finite and in range.
pub(crate) fn locations(value: &JsValue, name: &str) -> Result<Vec<crate::LngLat>, JsError> {
    let xs = args::lnglats(value, name)?;
    let mut out = Vec::new();
    out.try_reserve_exact(xs.len() / 2)
        .map_err(|_| JsError::new(&format!("{name}: too many locations for memory")))?;
    for (i, c) in xs.chunks_exact(2).enumerate() {
        let [x, y] = *c else { continue };
        let p = crate::check_lnglat((x, y))
            .map_err(|e| JsError::new(&format!("{name}: pair {i} {e}")))?;
        out.push(p);
    }
    Ok(out)
}

/// Export options (every key optional).
#[derive(Default)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(missing_as_null),
    serde(rename_all = "camelCase", default)
)]
pub(crate) struct ExportOptions {
    /// The coordinate system written (WGS-84 by default).
    crs: Crs,
}

impl FromJson for ExportOptions {
    fn from_json(v: &serde_json::Value, what: &str) -> Result<Self, String> {
        let o = Obj::new(v, what, &["crs"])?;
        Ok(ExportOptions {
            crs: o.vocab("crs", crs_named)?.unwrap_or_default(),
        })
    }
}

/// How many records of each layer are loaded.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub(crate) struct Counts {
    /// Grid cells.
    cells: usize,
    /// Responsibility zones.
    zones: usize,
    /// Inspection points.
    points: usize,
    /// Problems in the ledger.
    problems: usize,
    /// Owners in the owners list.
    owners: usize,
}

/// The campaign map: load layers, ask questions, assign cells, keep the ledger, draw.
#[wasm_bindgen]
pub struct CivicMap {
    pub(crate) inner: Map,
    /// This map's heatmap buffers, caches and last frame's stats: two maps on one
    /// page never share them.
    pub(crate) heat: crate::HeatRenderer,
    /// The last frame handed out as a view by `renderAssignmentView`, kept so the
    /// view stays valid until JS has put it into a canvas.
    pub(crate) frame: Vec<u8>,
    /// Called with every change (`onChange`), in a microtask after the call.
    pub(crate) on_change: Option<js_sys::Function>,
}

impl Default for CivicMap {
    fn default() -> Self {
        Self::new()
    }
}
