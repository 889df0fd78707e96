//! `CivicMap`: load layers, ask questions, export (the planner's calls are in
//! `planner.rs`).

use super::*;

#[wasm_bindgen]
impl CivicMap {
    #[wasm_bindgen(constructor)]
    pub fn new() -> CivicMap {
        CivicMap { inner: Map::new() }
    }

    /// Replaces the grid cells; returns `{loaded, rejected: [{index, id, field, reason}]}`.
    #[wasm_bindgen(js_name = loadCells)]
    pub fn load_cells(&mut self, text: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts: LoadOptions = from_js(options, "options")?;
        to_js(&self.inner.load_cells(text, opts).map_err(err)?)
    }

    #[wasm_bindgen(js_name = loadZones)]
    pub fn load_zones(&mut self, text: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts: LoadOptions = from_js(options, "options")?;
        to_js(&self.inner.load_zones(text, opts).map_err(err)?)
    }

    #[wasm_bindgen(js_name = loadPoints)]
    pub fn load_points(&mut self, text: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts: LoadOptions = from_js(options, "options")?;
        to_js(&self.inner.load_points(text, opts).map_err(err)?)
    }

    #[wasm_bindgen(js_name = loadProblems)]
    pub fn load_problems(&mut self, text: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts: LoadOptions = from_js(options, "options")?;
        to_js(&self.inner.load_problems(text, opts).map_err(err)?)
    }

    /// Owners: a JSON array of `{id, name, unit, level}`.
    #[wasm_bindgen(js_name = loadOwners)]
    pub fn load_owners(&mut self, text: &str) -> Result<JsValue, JsError> {
        to_js(&self.inner.load_owners(text).map_err(err)?)
    }

    /// The bulk path: a Float64Array of lng, lat pairs and optional Uint8Array of severities.
    #[wasm_bindgen(js_name = loadProblemCoords)]
    pub fn load_problem_coords(
        &mut self,
        coords: &[f64],
        severities: Option<Vec<u8>>,
    ) -> Result<JsValue, JsError> {
        to_js(
            &self
                .inner
                .load_problem_coords(coords, severities.as_deref())
                .map_err(err)?,
        )
    }

    /// The spatial join of many locations (Float64Array of lng, lat pairs) into the
    /// grid: a Uint32Array of cell positions (order of `exportCells`), 0xFFFFFFFF for none.
    #[wasm_bindgen(js_name = joinCells)]
    pub fn join_cells(&self, coords: &[f64]) -> Vec<u32> {
        let pts: Vec<crate::LngLat> = coords.chunks_exact(2).map(|c| (c[0], c[1])).collect();
        let mut out = Vec::new();
        self.inner.join_cells_into(&pts, &mut out);
        out
    }

    /// For each location (Float64Array of lng, lat pairs), how many zones hold it:
    /// the spatial join into zones, as a Uint8Array.
    #[wasm_bindgen(js_name = joinZoneCounts)]
    pub fn join_zone_counts(&self, coords: &[f64]) -> Vec<u8> {
        let pts: Vec<crate::LngLat> = coords.chunks_exact(2).map(|c| (c[0], c[1])).collect();
        let (mut count, mut top) = (Vec::new(), Vec::new());
        self.inner.join_zones_into(&pts, &mut count, &mut top);
        count
    }

    /// `{cells, zones, points, problems, owners}`.
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

    /// The id of the cell at a location, or undefined.
    #[wasm_bindgen(js_name = cellAt)]
    pub fn cell_at(&self, lng: f64, lat: f64) -> Option<String> {
        self.inner
            .cell_at((lng, lat))
            .and_then(|i| self.inner.cell_id(i))
            .map(str::to_string)
    }

    /// Ids of the zones at a location, level 1 first.
    #[wasm_bindgen(js_name = zonesAt)]
    pub fn zones_at(&self, lng: f64, lat: f64) -> Vec<String> {
        self.inner
            .zones_at((lng, lat))
            .into_iter()
            .map(|i| self.inner.zones()[i as usize].id.clone())
            .collect()
    }

    /// `[{id, distanceM, cell, owner, status, severity, category, daysOverdue, chain, …}]`, nearest first.
    #[wasm_bindgen(js_name = nearestProblems)]
    pub fn nearest_problems(
        &self,
        lng: f64,
        lat: f64,
        k: usize,
        filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let f = problem_filter(filter)?;
        to_js(
            &self
                .inner
                .nearest_problems((lng, lat), k, &f)
                .map_err(err)?,
        )
    }

    #[wasm_bindgen(js_name = problemsWithin)]
    pub fn problems_within(
        &self,
        lng: f64,
        lat: f64,
        radius_m: f64,
        filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let f = problem_filter(filter)?;
        to_js(
            &self
                .inner
                .problems_within((lng, lat), radius_m, &f)
                .map_err(err)?,
        )
    }

    #[wasm_bindgen(js_name = nearestPoints)]
    pub fn nearest_points(
        &self,
        lng: f64,
        lat: f64,
        k: usize,
        filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let f: PointFilter = from_js(filter, "filter")?;
        to_js(&self.inner.nearest_points((lng, lat), k, &f))
    }

    #[wasm_bindgen(js_name = pointsWithin)]
    pub fn points_within(
        &self,
        lng: f64,
        lat: f64,
        radius_m: f64,
        filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let f: PointFilter = from_js(filter, "filter")?;
        to_js(
            &self
                .inner
                .points_within((lng, lat), radius_m, &f)
                .map_err(err)?,
        )
    }

    /// Ids of the problems in a box.
    #[wasm_bindgen(js_name = problemsInBbox)]
    pub fn problems_in_bbox(
        &self,
        min_lng: f64,
        min_lat: f64,
        max_lng: f64,
        max_lat: f64,
        filter: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let f: ProblemFilter = problem_filter(filter)?;
        let ids = self
            .inner
            .problems_in_bbox((min_lng, min_lat), (max_lng, max_lat), &f);
        Ok(ids_of(self.inner.problems(), ids, |x| &x.id))
    }

    /// Ids of the problems inside a lasso (Float64Array of lng, lat pairs).
    #[wasm_bindgen(js_name = problemsInPolygon)]
    pub fn problems_in_polygon(
        &self,
        ring_coords: &[f64],
        filter: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let f: ProblemFilter = problem_filter(filter)?;
        let ids = self.inner.problems_in_polygon(&ring(ring_coords)?, &f);
        Ok(ids_of(self.inner.problems(), ids, |x| &x.id))
    }

    #[wasm_bindgen(js_name = pointsInBbox)]
    pub fn points_in_bbox(
        &self,
        min_lng: f64,
        min_lat: f64,
        max_lng: f64,
        max_lat: f64,
    ) -> Vec<String> {
        let ids = self
            .inner
            .points_in_bbox((min_lng, min_lat), (max_lng, max_lat));
        ids_of(self.inner.points(), ids, |x| &x.id)
    }

    #[wasm_bindgen(js_name = pointsInPolygon)]
    pub fn points_in_polygon(&self, ring_coords: &[f64]) -> Result<Vec<String>, JsError> {
        let ids = self.inner.points_in_polygon(&ring(ring_coords)?);
        Ok(ids_of(self.inner.points(), ids, |x| &x.id))
    }

    /// Ids of the cells whose interior point is in a box (a planner's box selection).
    #[wasm_bindgen(js_name = cellsInBbox)]
    pub fn cells_in_bbox(
        &self,
        min_lng: f64,
        min_lat: f64,
        max_lng: f64,
        max_lat: f64,
    ) -> Vec<String> {
        let ids = self
            .inner
            .cells_in_bbox((min_lng, min_lat), (max_lng, max_lat));
        ids_of(self.inner.cells(), ids, |x| &x.id)
    }

    /// Ids of the cells whose interior point is inside a lasso.
    #[wasm_bindgen(js_name = cellsInPolygon)]
    pub fn cells_in_polygon(&self, ring_coords: &[f64]) -> Result<Vec<String>, JsError> {
        let ids = self.inner.cells_in_polygon(&ring(ring_coords)?);
        Ok(ids_of(self.inner.cells(), ids, |x| &x.id))
    }

    /// The chain of responsibility of a problem or point: `kind` is "problem" or "point".
    pub fn responsibility(&self, kind: &str, id: &str) -> Result<JsValue, JsError> {
        let chain = match kind {
            "problem" => self.inner.problem_chain(id),
            "point" => self.inner.point_chain(id),
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
    pub fn export_cells(&self, options: JsValue) -> Result<String, JsError> {
        Ok(self
            .inner
            .export_cells(from_js::<ExportOptions>(options, "options")?.crs))
    }

    #[wasm_bindgen(js_name = exportZones)]
    pub fn export_zones(&self, options: JsValue) -> Result<String, JsError> {
        Ok(self
            .inner
            .export_zones(from_js::<ExportOptions>(options, "options")?.crs))
    }

    #[wasm_bindgen(js_name = exportPoints)]
    pub fn export_points(&self, options: JsValue) -> Result<String, JsError> {
        Ok(self
            .inner
            .export_points(from_js::<ExportOptions>(options, "options")?.crs))
    }

    #[wasm_bindgen(js_name = exportProblems)]
    pub fn export_problems(&self, options: JsValue) -> Result<String, JsError> {
        Ok(self
            .inner
            .export_problems(from_js::<ExportOptions>(options, "options")?.crs))
    }
}
