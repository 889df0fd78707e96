//! The JavaScript API: converts types and forwards to [`crate::Map`], nothing
//! more. Every error reaches JS as a thrown `Error` with the core's plain message.
//! Built with `wasm-bindgen --target web` into `www/pkg/`.

use crate::{Crs, Day, LoadOptions, Map, PointFilter, ProblemFilter};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Reads an optional options object; `undefined` and `null` give the default.
fn from_js<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, JsError> {
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
fn ids_of<T>(records: &[T], positions: Vec<u32>, id: fn(&T) -> &String) -> Vec<String> {
    positions
        .into_iter()
        .map(|i| id(&records[i as usize]).clone())
        .collect()
}

fn err(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// Today's civil date in the browser's time zone.
fn today() -> Day {
    let d = js_sys::Date::new_0();
    let text = format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    );
    crate::parse_day(&text).unwrap_or(0)
}

fn day_or_today(text: Option<String>) -> Result<Day, JsError> {
    match text {
        Some(t) => crate::parse_day(&t).map_err(|e| JsError::new(&format!("asOf: {e}"))),
        None => Ok(today()),
    }
}

fn problem_filter(value: JsValue) -> Result<ProblemFilter, JsError> {
    let mut f: ProblemFilter = from_js(value, "filter")?;
    f.as_of.get_or_insert_with(today);
    Ok(f)
}

/// A ring from interleaved `lng, lat` pairs (closed if it is not already).
fn ring(coords: &[f64]) -> Result<MultiPolygon<f64>, JsError> {
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
struct ExportOptions {
    #[serde(default)]
    crs: Crs,
}

#[derive(Serialize)]
struct Counts {
    cells: usize,
    zones: usize,
    points: usize,
    problems: usize,
    owners: usize,
}

/// The campaign map: load layers, ask questions, assign cells.
#[wasm_bindgen]
pub struct CivicMap {
    inner: Map,
}

impl Default for CivicMap {
    fn default() -> Self {
        Self::new()
    }
}

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

    /// Gives cells to an owner as one undoable step; returns how many changed hands.
    #[wasm_bindgen(js_name = assignCells)]
    pub fn assign_cells(&mut self, ids: Vec<String>, owner: &str) -> Result<usize, JsError> {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.inner.assign_cells(&ids, Some(owner)).map_err(err)
    }

    /// Takes cells back from their owners, as one undoable step.
    #[wasm_bindgen(js_name = unassignCells)]
    pub fn unassign_cells(&mut self, ids: Vec<String>) -> Result<usize, JsError> {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.inner.assign_cells(&ids, None).map_err(err)
    }

    pub fn undo(&mut self) -> bool {
        self.inner.undo()
    }

    pub fn redo(&mut self) -> bool {
        self.inner.redo()
    }

    #[wasm_bindgen(js_name = canUndo)]
    pub fn can_undo(&self) -> bool {
        self.inner.can_undo()
    }

    #[wasm_bindgen(js_name = canRedo)]
    pub fn can_redo(&self) -> bool {
        self.inner.can_redo()
    }

    /// `{unassignedCells, pointsOutsideCells, problemsOutsideCells, conflicts}`.
    pub fn coverage(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.coverage())
    }

    /// One row per owner; `asOf` ("YYYY-MM-DD") defaults to today.
    pub fn workload(&self, as_of: Option<String>) -> Result<JsValue, JsError> {
        to_js(&self.inner.workload(day_or_today(as_of)?))
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

/// Converts a Float64Array of lng, lat pairs between coordinate systems
/// (`"wgs84"`, `"gcj02"`, `"bd09"`, or any name a file's `crs` may use).
#[wasm_bindgen(js_name = convertCoords)]
pub fn convert_coords(coords: &[f64], from: &str, to: &str) -> Result<Vec<f64>, JsError> {
    if !coords.len().is_multiple_of(2) {
        return Err(JsError::new("coords: needs an even length: lng, lat pairs"));
    }
    let (from, to) = (Crs::parse(from).map_err(err)?, Crs::parse(to).map_err(err)?);
    Ok(crate::crs::convert_flat(coords, from, to))
}

/// A geodesic point index over a Float64Array of lng, lat pairs, for callers that
/// keep their own records: queries return positions (Uint32Array), nearest first.
#[wasm_bindgen]
pub struct GeoIndex {
    inner: crate::PointIndex,
}

#[wasm_bindgen]
impl GeoIndex {
    #[wasm_bindgen(constructor)]
    pub fn new(coords: &[f64]) -> Result<GeoIndex, JsError> {
        Ok(GeoIndex {
            inner: crate::PointIndex::from_flat(coords).map_err(err)?,
        })
    }

    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// Positions of the k nearest points, nearest first.
    pub fn nearest(&self, lng: f64, lat: f64, k: usize) -> Vec<u32> {
        self.inner
            .nearest((lng, lat))
            .take(k)
            .map(|(i, _)| i)
            .collect()
    }

    /// k nearest for each query (Float64Array of lng, lat pairs), in one call:
    /// k positions per query, padded with 0xFFFFFFFF when there are fewer points.
    #[wasm_bindgen(js_name = nearestMany)]
    pub fn nearest_many(&self, queries: &[f64], k: usize) -> Vec<u32> {
        let mut out = Vec::with_capacity(queries.len() / 2 * k);
        for q in queries.chunks_exact(2) {
            let start = out.len();
            out.extend(self.inner.nearest((q[0], q[1])).take(k).map(|(i, _)| i));
            out.resize(start + k, u32::MAX);
        }
        out
    }

    /// Positions within `radiusM` metres, unordered.
    pub fn within(&self, lng: f64, lat: f64, radius_m: f64) -> Vec<u32> {
        self.inner.within_radius_m((lng, lat), radius_m)
    }

    /// For each query, how many points lie within `radiusM` (one call for all).
    #[wasm_bindgen(js_name = withinCounts)]
    pub fn within_counts(&self, queries: &[f64], radius_m: f64) -> Vec<u32> {
        let mut scratch = Vec::new();
        queries
            .chunks_exact(2)
            .map(|q| {
                scratch.clear();
                self.inner
                    .within_radius_m_into((q[0], q[1]), radius_m, &mut scratch)
                    as u32
            })
            .collect()
    }
}

// ---- Renderers (issue 3): heatmaps, the assignment map, choropleths and view
// maths. Convert and forward to `view`, `heat` and `render`, nothing else.

use wasm_bindgen::Clamped;

thread_local! {
    /// The heat renderer's buffers, reused from frame to frame (wasm is single-threaded).
    static HEAT: std::cell::RefCell<crate::HeatRenderer> = Default::default();
}

fn view_from_js(value: JsValue) -> Result<crate::View, JsError> {
    if value.is_undefined() || value.is_null() {
        return Err(JsError::new(
            "view: give {lng, lat, zoom, width, height, pixelRatio, baseCrs}",
        ));
    }
    let v: crate::View = from_js(value, "view")?;
    v.check().map_err(|e| JsError::new(&e))?;
    Ok(v)
}

/// Heat options; `asOf` defaults to today, as for query filters.
fn heat_options(value: JsValue) -> Result<crate::HeatOptions, JsError> {
    let mut o: crate::HeatOptions = from_js(value, "options")?;
    o.as_of.get_or_insert_with(today);
    Ok(o)
}

#[derive(Serialize)]
struct Fit {
    lng: f64,
    lat: f64,
    zoom: f64,
}

#[wasm_bindgen]
impl CivicMap {
    /// One heatmap frame: RGBA (non-premultiplied) of `round(width·pixelRatio) ×
    /// round(height·pixelRatio)`, for `putImageData`.
    #[wasm_bindgen(js_name = renderHeat)]
    pub fn render_heat(
        &self,
        view: JsValue,
        options: JsValue,
    ) -> Result<Clamped<Vec<u8>>, JsError> {
        let (v, o) = (view_from_js(view)?, heat_options(options)?);
        HEAT.with(|h| {
            let mut h = h.borrow_mut();
            Ok(Clamped(
                h.render(&self.inner, &v, &o).map_err(err)?.to_vec(),
            ))
        })
    }

    /// What the last heatmap frame used: `{domainMax, maxDensity, binned, totalWeight, factor, sigmaPx}`.
    #[wasm_bindgen(js_name = heatStats)]
    pub fn heat_stats(&self) -> Result<JsValue, JsError> {
        HEAT.with(|h| to_js(&h.borrow().stats))
    }

    /// Legend stops `[{value, color, rgba}]` (weighted problems per km²) for the
    /// fixed `domainMax` in `options`, else for the last frame's automatic domain.
    #[wasm_bindgen(js_name = heatLegend)]
    pub fn heat_legend(&self, options: JsValue) -> Result<JsValue, JsError> {
        let o: crate::HeatOptions = from_js(options, "options")?;
        o.check().map_err(err)?;
        HEAT.with(|h| to_js(&h.borrow().legend(&o)))
    }

    /// The assignment map: RGBA (non-premultiplied) of the view's device size.
    #[wasm_bindgen(js_name = renderAssignment)]
    pub fn render_assignment(
        &self,
        view: JsValue,
        options: JsValue,
    ) -> Result<Clamped<Vec<u8>>, JsError> {
        let v = view_from_js(view)?;
        let mut o: crate::AssignmentOptions = from_js(options, "options")?;
        o.as_of.get_or_insert_with(today);
        Ok(Clamped(
            crate::render::render_assignment(&self.inner, &v, &o).map_err(err)?,
        ))
    }

    /// Owner label anchors `[{owner, name, x, y, cells}]` in CSS px, for owners whose
    /// cells span at least `minPx` (default 40) in view.
    #[wasm_bindgen(js_name = assignmentLabels)]
    pub fn assignment_labels(
        &self,
        view: JsValue,
        min_px: Option<f64>,
    ) -> Result<JsValue, JsError> {
        let v = view_from_js(view)?;
        to_js(
            &crate::render::assignment_labels(&self.inner, &v, min_px.unwrap_or(40.0))
                .map_err(err)?,
        )
    }

    /// Choropleth values (Float64Array), one per cell (order of `exportCells`) or
    /// per zone (`{by: "zones"}`, order of `exportZones`; NaN for other levels).
    pub fn choropleth(&self, options: JsValue) -> Result<Vec<f64>, JsError> {
        let mut o: crate::ChoroplethOptions = from_js(options, "options")?;
        o.as_of.get_or_insert_with(today);
        Ok(crate::heat::choropleth_values(&self.inner, &o))
    }

    /// Cells or zones filled by their choropleth value: RGBA of the view's device size.
    #[wasm_bindgen(js_name = renderChoropleth)]
    pub fn render_choropleth(
        &self,
        view: JsValue,
        options: JsValue,
    ) -> Result<Clamped<Vec<u8>>, JsError> {
        let v = view_from_js(view)?;
        let mut o: crate::ChoroplethOptions = from_js(options, "options")?;
        o.as_of.get_or_insert_with(today);
        Ok(Clamped(
            crate::render::render_choropleth(&self.inner, &v, &o)
                .map_err(err)?
                .0,
        ))
    }

    /// `[x, y]` CSS px of a WGS-84 location in a view (drawn in `view.baseCrs`).
    #[wasm_bindgen(js_name = lngLatToPixel)]
    pub fn lnglat_to_pixel(&self, view: JsValue, lng: f64, lat: f64) -> Result<Vec<f64>, JsError> {
        let (x, y) = view_from_js(view)?.lnglat_to_px((lng, lat));
        Ok(vec![x, y])
    }

    /// `[lng, lat]` (WGS-84) under CSS px `x, y` of a view.
    #[wasm_bindgen(js_name = pixelToLngLat)]
    pub fn pixel_to_lnglat(&self, view: JsValue, x: f64, y: f64) -> Result<Vec<f64>, JsError> {
        let (lng, lat) = view_from_js(view)?.px_to_lnglat((x, y));
        Ok(vec![lng, lat])
    }

    /// `{lng, lat, zoom}` showing `bounds` = [minLng, minLat, maxLng, maxLat] (WGS-84)
    /// in `width × height` CSS px with `paddingPx` (default 24), zoom at most 19.
    #[wasm_bindgen(js_name = fitBounds)]
    pub fn fit_bounds(
        &self,
        bounds: &[f64],
        width: f64,
        height: f64,
        padding_px: Option<f64>,
        base_crs: Option<String>,
    ) -> Result<JsValue, JsError> {
        if bounds.len() != 4 || bounds.iter().any(|b| !b.is_finite()) {
            return Err(JsError::new(
                "bounds: give [minLng, minLat, maxLng, maxLat]",
            ));
        }
        let crs = base_crs
            .as_deref()
            .map(Crs::parse)
            .transpose()
            .map_err(err)?;
        let base = crate::View::default().with_base_crs(crs.unwrap_or_default());
        let v = base.fit_bounds(
            (bounds[0], bounds[1]),
            (bounds[2], bounds[3]),
            width,
            height,
            padding_px.unwrap_or(24.0),
            19.0,
        );
        to_js(&Fit {
            lng: v.lng,
            lat: v.lat,
            zoom: v.zoom,
        })
    }

    /// [minLng, minLat, maxLng, maxLat] around everything loaded, or undefined.
    #[wasm_bindgen(js_name = dataBounds)]
    pub fn data_bounds(&self) -> Option<Vec<f64>> {
        crate::render::data_bounds(&self.inner).map(|(a, b)| vec![a.0, a.1, b.0, b.1])
    }
}

// ---- Page bindings (issue 11, www/): what the page asks instead of knowing it
// (coordinate-system names, ramp colours for legends) and frames put into a canvas
// straight from wasm memory. Convert and forward, nothing else.

/// The coordinate systems the core converts between, by canonical name.
#[wasm_bindgen(js_name = crsNames)]
pub fn crs_names() -> Vec<String> {
    [Crs::Wgs84, Crs::Gcj02, Crs::Bd09]
        .iter()
        .map(|c| c.name().to_string())
        .collect()
}

/// The canonical name (`"wgs84"`, `"gcj02"`, `"bd09"`) of any name a file's or an
/// option's `crs` may use (`"EPSG:4326"`, `"CGCS2000"`, `"baidu"` …); throws the
/// core's error for others.
#[wasm_bindgen(js_name = crsName)]
pub fn crs_name(name: &str) -> Result<String, JsError> {
    Ok(Crs::parse(name).map_err(err)?.name().to_string())
}

/// CSS colours of a ramp (`"YlOrRd"` when undefined) at fractions `t` in 0..1: the
/// colours the workload fills of `renderAssignment` use, for a legend.
#[wasm_bindgen(js_name = rampColors)]
pub fn ramp_colors(t: &[f64], ramp: JsValue) -> Result<Vec<String>, JsError> {
    let ramp: crate::heat::palette::Ramp = from_js(ramp, "ramp")?;
    Ok(t.iter()
        .map(|&t| {
            let [r, g, b] = ramp.rgb(t);
            crate::heat::palette::css([r, g, b, 255])
        })
        .collect())
}

thread_local! {
    /// The last frame handed out as a view by the `…View` renderers below: kept
    /// only so the view stays valid until JS has put it into a canvas.
    static FRAME: std::cell::RefCell<Vec<u8>> = Default::default();
}

/// A message for a canvas call the browser refused.
fn js_err(e: JsValue) -> JsError {
    let msg = e
        .dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|_| "the canvas refused the frame".to_string());
    JsError::new(&format!("canvas: {msg}"))
}

/// A Uint8ClampedArray over `rgba` in wasm memory, no copy. JS must wrap it in an
/// ImageData and put it into a canvas before calling into the module again: the
/// next call may reuse the buffer or grow the memory (which detaches the view).
fn view_of(rgba: &[u8]) -> js_sys::Uint8ClampedArray {
    // Built in JS over the memory's buffer: `Uint8ClampedArray::view` comes out of
    // wasm-bindgen 0.2.130 as a plain Uint8Array, which ImageData refuses.
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::Uint8ClampedArray::new_with_byte_offset_and_length(
        &memory.buffer(),
        rgba.as_ptr() as u32,
        rgba.len() as u32,
    )
}

#[wasm_bindgen]
impl CivicMap {
    /// The heatmap frame of `renderHeat` as a view into wasm memory, not a copy:
    /// valid only until the next call into the module, so wrap it at once,
    /// `ctx.putImageData(new ImageData(frame, w, h), 0, 0)`, and never keep it.
    #[wasm_bindgen(js_name = renderHeatView)]
    pub fn render_heat_view(
        &self,
        view: JsValue,
        options: JsValue,
    ) -> Result<js_sys::Uint8ClampedArray, JsError> {
        let (v, o) = (view_from_js(view)?, heat_options(options)?);
        HEAT.with(|h| {
            let mut h = h.borrow_mut();
            Ok(view_of(h.render(&self.inner, &v, &o).map_err(err)?))
        })
    }

    /// The assignment map of `renderAssignment` as a view into wasm memory (see
    /// `renderHeatView`: use it at once, never keep it).
    #[wasm_bindgen(js_name = renderAssignmentView)]
    pub fn render_assignment_view(
        &self,
        view: JsValue,
        options: JsValue,
    ) -> Result<js_sys::Uint8ClampedArray, JsError> {
        let v = view_from_js(view)?;
        let mut o: crate::AssignmentOptions = from_js(options, "options")?;
        o.as_of.get_or_insert_with(today);
        let rgba = crate::render::render_assignment(&self.inner, &v, &o).map_err(err)?;
        FRAME.with(|f| {
            let mut f = f.borrow_mut();
            *f = rgba;
            Ok(view_of(&f))
        })
    }

    /// Renders the heatmap and puts it into `ctx` at (0, 0) through web-sys (an
    /// ImageData over wasm memory, then `putImageData`): no frame crosses to JS.
    #[wasm_bindgen(js_name = drawHeat)]
    pub fn draw_heat(
        &self,
        ctx: &web_sys::CanvasRenderingContext2d,
        view: JsValue,
        options: JsValue,
    ) -> Result<(), JsError> {
        let (v, o) = (view_from_js(view)?, heat_options(options)?);
        let (w, h) = v.device_size();
        HEAT.with(|hr| {
            let mut hr = hr.borrow_mut();
            let rgba = hr.render(&self.inner, &v, &o).map_err(err)?;
            let img = web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h)
                .map_err(js_err)?;
            ctx.put_image_data(&img, 0.0, 0.0).map_err(js_err)
        })
    }
}
