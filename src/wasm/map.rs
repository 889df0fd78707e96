//! `CivicMap`: load layers, ask questions, export (the planner's calls are in
//! `planner.rs`).
//!
//! Every parameter is a `JsValue` read by [`super::args`] (see there why); the
//! TypeScript types the caller sees are given with `unchecked_param_type`,
//! `unchecked_optional_param_type` and `unchecked_return_type`, naming the types
//! tsify derives from the Rust structs (see [`super`]).

use super::args::{self, MAX_K};
use super::*;
use crate::geojson::{Part, MAX_EXPORT_BYTES};

#[wasm_bindgen]
impl CivicMap {
    #[wasm_bindgen(constructor)]
    pub fn new() -> CivicMap {
        CivicMap {
            inner: Map::new(),
            heat: crate::HeatRenderer::new(),
            frame: Vec::new(),
            on_change: None,
        }
    }

    /// Replaces the grid cells; returns `{loaded, rejected: [{index, id, field, reason}]}`.
    /// `text` is the file as a string or as its UTF-8 bytes (Uint8Array); options
    /// `{crs, allowEmpty}`. Every loader refuses (throws, keeping the layer) a file
    /// whose every feature is rejected, unless `allowEmpty: true`.
    #[wasm_bindgen(js_name = loadCells, unchecked_return_type = "LoadReport")]
    pub fn load_cells(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (text, opts) = (args::text(&text, "text")?, load_options(options)?);
        to_js(&self.inner.load_cells_from(text, opts).map_err(err)?)
    }

    #[wasm_bindgen(js_name = loadZones, unchecked_return_type = "LoadReport")]
    pub fn load_zones(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (text, opts) = (args::text(&text, "text")?, load_options(options)?);
        to_js(&self.inner.load_zones_from(text, opts).map_err(err)?)
    }

    #[wasm_bindgen(js_name = loadPoints, unchecked_return_type = "LoadReport")]
    pub fn load_points(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (text, opts) = (args::text(&text, "text")?, load_options(options)?);
        to_js(&self.inner.load_points_from(text, opts).map_err(err)?)
    }

    #[wasm_bindgen(js_name = loadProblems, unchecked_return_type = "LoadReport")]
    pub fn load_problems(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (text, opts) = (args::text(&text, "text")?, load_options(options)?);
        to_js(&self.inner.load_problems_from(text, opts).map_err(err)?)
    }

    /// Owners: a JSON array of `{id, name, unit, level}`.
    #[wasm_bindgen(js_name = loadOwners, unchecked_return_type = "LoadReport")]
    pub fn load_owners(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    ) -> Result<JsValue, JsError> {
        let text = args::text(&text, "text")?;
        to_js(&self.inner.load_owners(&text).map_err(err)?)
    }

    /// The bulk path: a Float64Array of lng, lat pairs and optional Uint8Array of
    /// severities (1–3, one per pair).
    #[wasm_bindgen(js_name = loadProblemCoords, unchecked_return_type = "LoadReport")]
    pub fn load_problem_coords(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] coords: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Uint8Array | number[] | null")] severities: JsValue,
    ) -> Result<JsValue, JsError> {
        // The load in slices, at once: one path in the module.
        let mut job = self.begin_problem_coords(coords, severities)?;
        self.step_problem_coords(&mut job, JsValue::from_f64(u32::MAX as f64))?;
        self.finish_problem_coords(&mut job)
    }

    /// The spatial join of many locations (Float64Array of lng, lat pairs) into the
    /// grid: a Uint32Array of cell positions (order of `exportCells`), 0xFFFFFFFF for none.
    #[wasm_bindgen(js_name = joinCells)]
    pub fn join_cells(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] coords: JsValue,
    ) -> Result<Vec<u32>, JsError> {
        let pts = locations(&coords, "coords")?;
        let mut out = Vec::new();
        self.inner.join_cells_into(&pts, &mut out);
        Ok(out)
    }

    /// For each location (Float64Array of lng, lat pairs), how many zones hold it:
    /// the spatial join into zones, as a Uint8Array.
    #[wasm_bindgen(js_name = joinZoneCounts)]
    pub fn join_zone_counts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] coords: JsValue,
    ) -> Result<Vec<u8>, JsError> {
        let pts = locations(&coords, "coords")?;
        let (mut count, mut top) = (Vec::new(), Vec::new());
        self.inner.join_zones_into(&pts, &mut count, &mut top);
        Ok(count)
    }

    /// `{cells, zones, points, problems, owners}`.
    #[wasm_bindgen(unchecked_return_type = "Counts")]
    pub fn counts(&self) -> Result<JsValue, JsError> {
        let m = &self.inner;
        to_js(&Counts {
            cells: m.cells().len(),
            zones: m.zones().len(),
            points: m.points().len(),
            problems: m.problems().len(),
            owners: m.owners().len(),
        })
    }

    /// The owners loaded, as the core took them (rejected rows left out):
    /// `[{id, name, unit, title, level}]`, in the list's order.
    #[wasm_bindgen(unchecked_return_type = "Owner[]")]
    pub fn owners(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.owners())
    }

    /// The id of the cell at a location, or undefined.
    #[wasm_bindgen(js_name = cellAt)]
    pub fn cell_at(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
    ) -> Result<Option<String>, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        Ok(self
            .inner
            .cell_at(q)
            .and_then(|i| self.inner.cell_id(i))
            .map(str::to_string))
    }

    /// Ids of the zones at a location, level 1 first.
    #[wasm_bindgen(js_name = zonesAt)]
    pub fn zones_at(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        let ids = self.inner.zones_at(q);
        Ok(ids_of(self.inner.zones(), ids, |z| &z.id))
    }

    /// `[{id, distanceM, cell, owner, status, severity, category, daysOverdue, chain, …}]`,
    /// nearest first; `k` from 0 to 100,000.
    #[wasm_bindgen(js_name = nearestProblems, unchecked_return_type = "ProblemHit[]")]
    pub fn nearest_problems(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProblemFilter | null")] filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        let k = args::count(&k, "k", MAX_K)?;
        let f = problem_filter(&self.inner, filter)?;
        to_js(&self.inner.nearest_problems(q, k, &f).map_err(err)?)
    }

    /// Problems within `radiusM` metres, nearest first.
    #[wasm_bindgen(js_name = problemsWithin, unchecked_return_type = "ProblemHit[]")]
    pub fn problems_within(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = radiusM)] radius_m: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProblemFilter | null")] filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        let r = args::metres(&radius_m, "radiusM")?;
        let f = problem_filter(&self.inner, filter)?;
        to_js(&self.inner.problems_within(q, r, &f).map_err(err)?)
    }

    /// Inspection points nearest first; `k` from 0 to 100,000.
    #[wasm_bindgen(js_name = nearestPoints, unchecked_return_type = "PointHit[]")]
    pub fn nearest_points(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PointFilter | null")] filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        let k = args::count(&k, "k", MAX_K)?;
        let f: PointFilter = from_js(filter, "filter")?;
        to_js(&self.inner.nearest_points(q, k, &f))
    }

    /// Inspection points within `radiusM` metres, nearest first.
    #[wasm_bindgen(js_name = pointsWithin, unchecked_return_type = "PointHit[]")]
    pub fn points_within(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = radiusM)] radius_m: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PointFilter | null")] filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        let r = args::metres(&radius_m, "radiusM")?;
        let f: PointFilter = from_js(filter, "filter")?;
        to_js(&self.inner.points_within(q, r, &f).map_err(err)?)
    }

    /// Ids of the problems in a box; a bound may be ±Infinity (an open side).
    #[wasm_bindgen(js_name = problemsInBbox)]
    pub fn problems_in_bbox(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = minLng)] min_lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = minLat)] min_lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = maxLng)] max_lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = maxLat)] max_lat: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProblemFilter | null")] filter: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let (a, b) = bbox(&min_lng, &min_lat, &max_lng, &max_lat)?;
        let f: ProblemFilter = problem_filter(&self.inner, filter)?;
        f.check().map_err(err)?;
        let ids = self.inner.problems_in_bbox(a, b, &f);
        Ok(ids_of(self.inner.problems(), ids, |x| &x.id))
    }

    /// Ids of the problems inside a lasso (Float64Array of lng, lat pairs).
    #[wasm_bindgen(js_name = problemsInPolygon)]
    pub fn problems_in_polygon(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]", js_name = ring)]
        ring_coords: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProblemFilter | null")] filter: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let area = ring(&ring_coords)?;
        let f: ProblemFilter = problem_filter(&self.inner, filter)?;
        f.check().map_err(err)?;
        let ids = self.inner.problems_in_polygon(&area, &f);
        Ok(ids_of(self.inner.problems(), ids, |x| &x.id))
    }

    /// Ids of the inspection points in a box; a bound may be ±Infinity.
    #[wasm_bindgen(js_name = pointsInBbox)]
    pub fn points_in_bbox(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = minLng)] min_lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = minLat)] min_lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = maxLng)] max_lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = maxLat)] max_lat: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let (a, b) = bbox(&min_lng, &min_lat, &max_lng, &max_lat)?;
        let ids = self.inner.points_in_bbox(a, b);
        Ok(ids_of(self.inner.points(), ids, |x| &x.id))
    }

    /// Ids of the inspection points inside a lasso.
    #[wasm_bindgen(js_name = pointsInPolygon)]
    pub fn points_in_polygon(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]", js_name = ring)]
        ring_coords: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let ids = self.inner.points_in_polygon(&ring(&ring_coords)?);
        Ok(ids_of(self.inner.points(), ids, |x| &x.id))
    }

    /// Ids of the cells whose interior point is in a box (a planner's box
    /// selection); a bound may be ±Infinity.
    #[wasm_bindgen(js_name = cellsInBbox)]
    pub fn cells_in_bbox(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = minLng)] min_lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = minLat)] min_lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = maxLng)] max_lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = maxLat)] max_lat: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let (a, b) = bbox(&min_lng, &min_lat, &max_lng, &max_lat)?;
        let ids = self.inner.cells_in_bbox(a, b);
        Ok(ids_of(self.inner.cells(), ids, |x| &x.id))
    }

    /// Ids of the cells whose interior point is inside a lasso.
    #[wasm_bindgen(js_name = cellsInPolygon)]
    pub fn cells_in_polygon(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]", js_name = ring)]
        ring_coords: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let ids = self.inner.cells_in_polygon(&ring(&ring_coords)?);
        Ok(ids_of(self.inner.cells(), ids, |x| &x.id))
    }

    /// The chain of responsibility of a problem or point: `kind` is "problem" or
    /// "point"; undefined when there is no such record.
    #[wasm_bindgen(unchecked_return_type = "Chain | undefined")]
    pub fn responsibility(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"problem\" | \"point\"")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        let (kind, id) = (args::string(&kind, "kind")?, args::string(&id, "id")?);
        let chain = match kind.as_str() {
            "problem" => self.inner.problem_chain(&id),
            "point" => self.inner.point_chain(&id),
            _ => {
                return Err(JsError::new(&format!(
                    "kind `{kind}`: use \"problem\" or \"point\""
                )))
            }
        };
        match chain {
            Some(c) => to_js(&c),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Cells with their current owners as GeoJSON text (`{crs}` optional).
    #[wasm_bindgen(js_name = exportCells)]
    pub fn export_cells(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions | null")] options: JsValue,
    ) -> Result<String, JsError> {
        let o: ExportOptions = from_js(options, "options")?;
        self.whole("cells", o.crs)
    }

    #[wasm_bindgen(js_name = exportZones)]
    pub fn export_zones(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions | null")] options: JsValue,
    ) -> Result<String, JsError> {
        let o: ExportOptions = from_js(options, "options")?;
        self.whole("zones", o.crs)
    }

    #[wasm_bindgen(js_name = exportPoints)]
    pub fn export_points(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions | null")] options: JsValue,
    ) -> Result<String, JsError> {
        let o: ExportOptions = from_js(options, "options")?;
        self.whole("points", o.crs)
    }

    #[wasm_bindgen(js_name = exportProblems)]
    pub fn export_problems(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions | null")] options: JsValue,
    ) -> Result<String, JsError> {
        let o: ExportOptions = from_js(options, "options")?;
        self.whole("problems", o.crs)
    }
}

impl CivicMap {
    /// A layer's whole export, refused past [`MAX_EXPORT_BYTES`].
    fn whole(&self, layer: &str, crs: Crs) -> Result<String, JsError> {
        let part = Part::whole(MAX_EXPORT_BYTES);
        match self.inner.export_part(layer, crs, part).map_err(err)? {
            Some(text) => Ok(text),
            None => Ok(String::new()),
        }
    }
}

#[wasm_bindgen]
impl CivicMap {
    /// Part `part` (from 0) of a layer's GeoJSON (`cells`, `zones`, `points`,
    /// `problems`), `featuresPerPart` features each (10,000 by default; `{crs}` as
    /// the exports take it): the parts joined, in order, are the layer's export byte
    /// for byte, so a large layer goes into a Blob part by part instead of one
    /// string. `undefined` past the last part.
    #[wasm_bindgen(js_name = exportPart)]
    pub fn export_part(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"cells\" | \"zones\" | \"points\" | \"problems\"")]
        layer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] part: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PartOptions | null")] options: JsValue,
    ) -> Result<Option<String>, JsError> {
        let layer = args::string(&layer, "layer")?;
        let index = args::count(&part, "part", u32::MAX as usize)?;
        let o: PartOptions = from_js(options, "options")?;
        let per_part = match o.features_per_part {
            None => 10_000,
            Some(n) if (1..=1_000_000).contains(&n) => n,
            Some(n) => {
                return Err(JsError::new(&format!(
                    "options.featuresPerPart: give a whole number from 1 to 1000000, got {n}"
                )))
            }
        };
        let part = Part {
            index,
            per_part,
            max_bytes: MAX_EXPORT_BYTES,
        };
        self.inner.export_part(&layer, o.crs, part).map_err(err)
    }
}

/// Options of `exportPart` (every key optional).
#[derive(Default)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(missing_as_null),
    serde(rename_all = "camelCase", default)
)]
pub(crate) struct PartOptions {
    /// The coordinate system written (WGS-84 by default).
    crs: Crs,
    /// Features in each part, 1 to 1,000,000 (10,000 by default).
    features_per_part: Option<usize>,
}

impl FromJson for PartOptions {
    fn from_json(v: &serde_json::Value, what: &str) -> Result<Self, String> {
        let o = Obj::new(v, what, &["crs", "featuresPerPart"])?;
        Ok(PartOptions {
            crs: o.vocab("crs", crs_named)?.unwrap_or_default(),
            features_per_part: o.whole("featuresPerPart", 0, i64::MAX)?.map(|n| n as usize),
        })
    }
}

pub(super) fn load_options(options: JsValue) -> Result<LoadOptions, JsError> {
    from_js(options, "options")
}

/// A box from four bounds (±Infinity allowed, clamped to the world).
fn bbox(
    min_lng: &JsValue,
    min_lat: &JsValue,
    max_lng: &JsValue,
    max_lat: &JsValue,
) -> Result<(crate::LngLat, crate::LngLat), JsError> {
    Ok((
        (
            args::bound(min_lng, "minLng", 180.0)?,
            args::bound(min_lat, "minLat", 90.0)?,
        ),
        (
            args::bound(max_lng, "maxLng", 180.0)?,
            args::bound(max_lat, "maxLat", 90.0)?,
        ),
    ))
}
