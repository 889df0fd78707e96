//! Loads read in slices, so a page stays responsive while a large file loads:
//! `beginLoad`, `LoadJob.step`, `finishLoad`; `free()` on the job cancels.

use super::map::load_options;
use super::*;
use crate::geojson;

#[cfg(feature = "typescript")]
#[wasm_bindgen(typescript_custom_section)]
const LAYER_TS: &str = r#"
/** A layer a file may hold, as `detectLayer` names it. */
export type FileLayer = "owners" | "outline" | "problems" | "zones" | "points" | "cells";
"#;

/// Which layer a file holds (`"owners"`, `"outline"`, `"problems"`, `"zones"`,
/// `"points"` or `"cells"`), from its name and the start of its content: a list
/// is owners, else the name says, else the first feature with a geometry does.
/// The file's first 64 KB are enough (more is not read).
#[wasm_bindgen(js_name = detectLayer, unchecked_return_type = "FileLayer")]
pub fn detect_layer(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] head: JsValue,
) -> Result<String, JsError> {
    let name = args::string(&name, "name")?;
    let head = args::head(&head, "head", geojson::HEAD_BYTES)?;
    Ok(geojson::detect_layer(&name, &head).to_string())
}

/// A district outline for the base map: the (Multi)Polygon features of `text` (a
/// string or UTF-8 bytes) as rings in WGS-84, in the file's `crs` unless
/// `options.crs` names another; features that are not areas, or whose rings are
/// open or cross themselves, are rejected with the reason (`report`).
#[wasm_bindgen(js_name = readOutline)]
pub fn read_outline(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions | null")] options: JsValue,
) -> Result<Outline, JsError> {
    let (text, opts) = (args::text(&text, "text")?, load_options(options)?);
    Ok(Outline {
        inner: geojson::parse_outline(&text, opts).map_err(err)?,
    })
}

/// What `readOutline` read (`free()` it once its arrays are taken).
#[wasm_bindgen]
pub struct Outline {
    inner: geojson::Outline,
}

#[wasm_bindgen]
impl Outline {
    /// Every ring's positions one after another: lng, lat pairs in WGS-84, each
    /// ring closed.
    #[wasm_bindgen(getter)]
    pub fn coords(&self) -> Vec<f64> {
        self.inner.coords.clone()
    }

    /// Where each ring ends in `coords`, in pairs.
    #[wasm_bindgen(getter, js_name = ringEnds)]
    pub fn ring_ends(&self) -> Vec<u32> {
        self.inner.ends.clone()
    }

    /// The features' names (those that have one), in file order.
    #[wasm_bindgen(getter)]
    pub fn names(&self) -> Vec<String> {
        self.inner.names.clone()
    }

    /// `{loaded, rejected}` as the loaders report them.
    #[wasm_bindgen(getter, unchecked_return_type = "LoadReport")]
    pub fn report(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.report)
    }
}

/// A layer being read a slice of features at a time (from `CivicMap.beginLoad`):
/// `step(n)` until it says `done`, then `map.finishLoad(job)`. Nothing on the map
/// changes before the finish; `free()` cancels the load.
#[wasm_bindgen]
pub struct LoadJob {
    inner: Option<geojson::LoadJob>,
    allow_empty: bool,
}

/// How far a [`LoadJob`] got.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub(crate) struct LoadProgress {
    /// The whole text is read: `finishLoad` may be called.
    done: bool,
    /// Bytes of the text read so far.
    bytes: usize,
    /// Bytes of the text in all.
    total: usize,
    /// Features read so far.
    features: usize,
}

#[wasm_bindgen]
impl LoadJob {
    /// Reads at most `maxFeatures` more features (a whole number 0 … 1,000,000).
    #[wasm_bindgen(unchecked_return_type = "LoadProgress")]
    pub fn step(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] max_features: JsValue,
    ) -> Result<JsValue, JsError> {
        let max = args::count(&max_features, "maxFeatures", 1_000_000)?;
        let job = self
            .inner
            .as_mut()
            .ok_or_else(|| JsError::new("job: this load is finished already"))?;
        let done = job.step(max);
        let (bytes, total, features) = job.progress();
        to_js(&LoadProgress {
            done,
            bytes,
            total,
            features,
        })
    }
}

#[wasm_bindgen]
impl CivicMap {
    /// Starts loading `text` (a string or UTF-8 bytes) as `layer` (`cells`, `zones`,
    /// `points` or `problems`) with the options of `loadCells` and the rest;
    /// `finishLoad` then gives what that `load*` call gives for the same text.
    #[wasm_bindgen(js_name = beginLoad)]
    pub fn begin_load(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"cells\" | \"zones\" | \"points\" | \"problems\"")]
        layer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions | null")] options: JsValue,
    ) -> Result<LoadJob, JsError> {
        let layer = args::string(&layer, "layer")?;
        let opts = load_options(options)?;
        let text = args::text(&text, "text")?;
        let inner = geojson::LoadJob::new(&layer, text, opts).map_err(err)?;
        Ok(LoadJob {
            inner: Some(inner),
            allow_empty: opts.allow_empty,
        })
    }

    /// Replaces the layer with what `job` read (refused until it says `done`).
    #[wasm_bindgen(js_name = finishLoad, unchecked_return_type = "LoadReport")]
    pub fn finish_load(&mut self, job: &mut LoadJob) -> Result<JsValue, JsError> {
        match &job.inner {
            Some(j) if j.done() => {}
            Some(_) => {
                return Err(JsError::new(
                    "job: the file is not read to its end yet; call step until it says done",
                ))
            }
            None => return Err(JsError::new("job: this load is finished already")),
        }
        let Some(inner) = job.inner.take() else {
            return Err(JsError::new("job: this load is finished already"));
        };
        to_js(
            &self
                .inner
                .finish_load(inner, job.allow_empty)
                .map_err(err)?,
        )
    }
}

/// Problems from coordinates being loaded a slice at a time (from
/// `CivicMap.beginProblemCoords`): `map.stepProblemCoords(job, n)` until it has
/// read every pair and `job.indexed` is 1, then `map.finishProblemCoords(job)`.
/// The coordinates stay in the Float64Array given (read as asked); `free()`
/// cancels.
#[wasm_bindgen]
pub struct CoordsJob {
    inner: Option<crate::CoordsLoad>,
    coords: args::LngLats,
}

#[wasm_bindgen]
impl CoordsJob {
    /// How much of the point tree is built, 0 to 1: 0 until every pair is read,
    /// then growing with each `stepProblemCoords`; at 1 `finishProblemCoords`
    /// only puts things in place (before 1 it builds the rest in one call).
    #[wasm_bindgen(getter)]
    pub fn indexed(&self) -> f64 {
        let (done, total) = self.inner.as_ref().map_or((1, 1), |j| j.indexing());
        done as f64 / total.max(1) as f64
    }
}

#[wasm_bindgen]
impl CivicMap {
    /// Starts loading problems from lng, lat pairs and optional severities, as
    /// `loadProblemCoords` does; refused at once when they cannot fit in memory.
    #[wasm_bindgen(js_name = beginProblemCoords)]
    pub fn begin_problem_coords(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] coords: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Uint8Array | number[] | null")] severities: JsValue,
    ) -> Result<CoordsJob, JsError> {
        let coords = args::LngLats::of(&coords, "coords")?;
        let severities = args::opt_u8s(&severities, "severities")?;
        if let Some(s) = &severities {
            if s.len() != coords.pairs() {
                return Err(JsError::new(&format!(
                    "severities: give one per lng, lat pair ({}), got {}",
                    coords.pairs(),
                    s.len()
                )));
            }
        }
        let inner = self
            .inner
            .begin_problem_coords(coords.pairs(), severities)
            .map_err(err)?;
        Ok(CoordsJob {
            inner: Some(inner),
            coords,
        })
    }

    /// Reads, checks and joins into the grid at most `maxPairs` more pairs (a whole
    /// number); returns how many pairs are read so far. Once all are read, each
    /// call builds a piece of the point tree instead (about as long as reading
    /// `maxPairs`), until `job.indexed` is 1.
    #[wasm_bindgen(js_name = stepProblemCoords)]
    pub fn step_problem_coords(
        &self,
        job: &mut CoordsJob,
        #[wasm_bindgen(unchecked_param_type = "number")] max_pairs: JsValue,
    ) -> Result<usize, JsError> {
        let max = args::count(&max_pairs, "maxPairs", u32::MAX as usize)?;
        let CoordsJob { inner, coords } = job;
        let job = inner
            .as_mut()
            .ok_or_else(|| JsError::new("job: this load is finished already"))?;
        Ok(self.inner.step_problem_coords(job, max, coords.filler()))
    }

    /// Replaces the problems with what `job` read and indexes them (refused until
    /// every pair is read); gives what `loadProblemCoords` gives.
    #[wasm_bindgen(js_name = finishProblemCoords, unchecked_return_type = "LoadReport")]
    pub fn finish_problem_coords(&mut self, job: &mut CoordsJob) -> Result<JsValue, JsError> {
        match &job.inner {
            Some(j) if j.progress().0 < j.progress().1 => {
                let (read, n) = j.progress();
                return Err(JsError::new(&format!(
                    "job: {read} of {n} pairs read; call stepProblemCoords until all are"
                )));
            }
            Some(_) => {}
            None => return Err(JsError::new("job: this load is finished already")),
        }
        let Some(inner) = job.inner.take() else {
            return Err(JsError::new("job: this load is finished already"));
        };
        to_js(&self.inner.finish_problem_coords(inner).map_err(err)?)
    }
}
