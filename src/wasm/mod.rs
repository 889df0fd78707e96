//! The JavaScript API: converts types and forwards to [`crate::Map`], nothing
//! more. Every error reaches JS as a thrown `Error` with the core's plain message.
//! Built with `wasm-bindgen --target web` into `www/pkg/`.
//!
//! One file per part of the API: [`map`] (load, query, export), [`planner`]
//! (assign, undo, chains, coverage, workload, the responsibility table), [`index`]
//! (`GeoIndex`, `convertCoords`), [`draw`] (heatmaps, maps, view maths); this file
//! holds the conversions they share and the `CivicMap` handle.

mod draw;
mod index;
mod map;
mod planner;

use crate::{Crs, Day, LoadOptions, Map, PointFilter, ProblemFilter};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

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

/// The campaign map: load layers, ask questions, assign cells.
#[wasm_bindgen]
pub struct CivicMap {
    pub(crate) inner: Map,
}

impl Default for CivicMap {
    fn default() -> Self {
        Self::new()
    }
}
