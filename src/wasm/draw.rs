//! Renderers: heatmaps, the assignment map, choropleths and view maths. Convert
//! and forward to [`crate::draw`], nothing else.

use super::args;
use super::*;
use wasm_bindgen::Clamped;

pub(crate) fn view_from_js(value: JsValue) -> Result<crate::View, JsError> {
    if value.is_undefined() || value.is_null() {
        return Err(JsError::new(
            "view: give {lng, lat, zoom, width, height, pixelRatio, baseCrs}",
        ));
    }
    let v = crate::View::from_json(&args::value(&value, "view")?, "view")
        .map_err(|e| JsError::new(&e))?;
    v.check().map_err(|e| JsError::new(&e))?;
    Ok(v)
}

/// Heat options; `asOf` defaults to the ledger date, else today, as for query filters.
fn heat_options(map: &Map, value: JsValue) -> Result<crate::HeatOptions, JsError> {
    let mut o: crate::HeatOptions = from_js(value, "options")?;
    o.as_of.get_or_insert_with(|| ledger_day(map));
    Ok(o)
}

/// A view's centre and zoom that show given bounds.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
struct Fit {
    /// Centre longitude, WGS-84 degrees.
    lng: f64,
    /// Centre latitude, WGS-84 degrees.
    lat: f64,
    /// XYZ zoom (fractional).
    zoom: f64,
}

#[wasm_bindgen]
impl CivicMap {
    /// One heatmap frame: RGBA (non-premultiplied) of `round(width·pixelRatio) ×
    /// round(height·pixelRatio)`, for `putImageData`.
    #[wasm_bindgen(js_name = renderHeat)]
    pub fn render_heat(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "HeatOptions | null")] options: JsValue,
    ) -> Result<Clamped<Vec<u8>>, JsError> {
        let (v, o) = (view_from_js(view)?, heat_options(&self.inner, options)?);
        Ok(Clamped(
            self.heat.render(&self.inner, &v, &o).map_err(err)?.to_vec(),
        ))
    }

    /// What the last heatmap frame used: `{domainMax, maxDensity, binned, totalWeight, factor, sigmaPx}`.
    #[wasm_bindgen(js_name = heatStats, unchecked_return_type = "HeatStats")]
    pub fn heat_stats(&self) -> Result<JsValue, JsError> {
        to_js(&self.heat.stats)
    }

    /// Legend stops `[{value, color, rgba}]` (weighted problems per km²) for the
    /// fixed `domainMax` in `options`, else for the last frame's automatic domain.
    #[wasm_bindgen(js_name = heatLegend, unchecked_return_type = "LegendStop[]")]
    pub fn heat_legend(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "HeatOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let o: crate::HeatOptions = from_js(options, "options")?;
        o.check().map_err(err)?;
        to_js(&self.heat.legend(&o))
    }

    /// The assignment map: RGBA (non-premultiplied) of the view's device size.
    #[wasm_bindgen(js_name = renderAssignment)]
    pub fn render_assignment(
        &self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AssignmentOptions | null")]
        options: JsValue,
    ) -> Result<Clamped<Vec<u8>>, JsError> {
        let v = view_from_js(view)?;
        let mut o: crate::AssignmentOptions = from_js(options, "options")?;
        o.as_of.get_or_insert_with(|| ledger_day(&self.inner));
        Ok(Clamped(
            crate::draw::assignment::render_assignment(&self.inner, &v, &o).map_err(err)?,
        ))
    }

    /// Owner label anchors `[{owner, name, x, y, cells}]` in CSS px, for owners whose
    /// cells span at least `minPx` (default 40) in view.
    #[wasm_bindgen(js_name = assignmentLabels, unchecked_return_type = "Label[]")]
    pub fn assignment_labels(
        &self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null", js_name = minPx)]
        min_px: JsValue,
    ) -> Result<JsValue, JsError> {
        let v = view_from_js(view)?;
        let min_px = args::opt_number(&min_px, "minPx")?.unwrap_or(40.0);
        to_js(&crate::draw::assignment::assignment_labels(&self.inner, &v, min_px).map_err(err)?)
    }

    /// Choropleth values (Float64Array), one per cell (order of `exportCells`) or
    /// per zone (`{by: "zones"}`, order of `exportZones`; NaN for other levels).
    /// In the tables module only (www/pkg-tables/).
    #[cfg(feature = "tables")]
    pub fn choropleth(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ChoroplethOptions | null")]
        options: JsValue,
    ) -> Result<Vec<f64>, JsError> {
        let mut o: crate::ChoroplethOptions = from_js_serde(options, "options")?;
        o.as_of.get_or_insert_with(|| ledger_day(&self.inner));
        Ok(crate::draw::choropleth::choropleth_values(&self.inner, &o))
    }

    /// Cells or zones filled by their choropleth value: RGBA of the view's device size.
    /// In the tables module only (www/pkg-tables/).
    #[cfg(feature = "tables")]
    #[wasm_bindgen(js_name = renderChoropleth)]
    pub fn render_choropleth(
        &self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ChoroplethOptions | null")]
        options: JsValue,
    ) -> Result<Clamped<Vec<u8>>, JsError> {
        let v = view_from_js(view)?;
        let mut o: crate::ChoroplethOptions = from_js_serde(options, "options")?;
        o.as_of.get_or_insert_with(|| ledger_day(&self.inner));
        Ok(Clamped(
            crate::draw::choropleth::render_choropleth(&self.inner, &v, &o)
                .map_err(err)?
                .0,
        ))
    }

    /// `[x, y]` CSS px of a WGS-84 location in a view (drawn in `view.baseCrs`).
    #[wasm_bindgen(js_name = lngLatToPixel)]
    pub fn lnglat_to_pixel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
    ) -> Result<Vec<f64>, JsError> {
        let v = view_from_js(view)?;
        let (x, y) = v.lnglat_to_px((args::lng(&lng, "lng")?, args::lat(&lat, "lat")?));
        Ok(vec![x, y])
    }

    /// `[lng, lat]` (WGS-84) under CSS px `x, y` of a view.
    #[wasm_bindgen(js_name = pixelToLngLat)]
    pub fn pixel_to_lnglat(
        &self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
    ) -> Result<Vec<f64>, JsError> {
        let v = view_from_js(view)?;
        let (lng, lat) = v.px_to_lnglat((args::number(&x, "x")?, args::number(&y, "y")?));
        Ok(vec![lng, lat])
    }

    /// `{lng, lat, zoom}` showing `bounds` = [minLng, minLat, maxLng, maxLat] (WGS-84)
    /// in `width × height` CSS px with `paddingPx` (default 24), zoom at most 19.
    #[wasm_bindgen(js_name = fitBounds, unchecked_return_type = "Fit")]
    pub fn fit_bounds(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] bounds: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] width: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] height: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null", js_name = paddingPx)]
        padding_px: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Crs | null", js_name = baseCrs)]
        base_crs: JsValue,
    ) -> Result<JsValue, JsError> {
        let b = args::f64s(&bounds, "bounds")?;
        let [x0, y0, x1, y1] = <[f64; 4]>::try_from(b.as_slice())
            .map_err(|_| JsError::new("bounds: give [minLng, minLat, maxLng, maxLat]"))?;
        if ![x0, y0, x1, y1].iter().all(|v| v.is_finite()) || x0 > x1 || y0 > y1 {
            return Err(JsError::new(
                "bounds: give finite [minLng, minLat, maxLng, maxLat], min before max",
            ));
        }
        let (w, h) = (
            args::number(&width, "width")?,
            args::number(&height, "height")?,
        );
        if !(w > 0.0 && h > 0.0 && w <= 1e5 && h <= 1e5) {
            return Err(JsError::new("width, height: give CSS px, 1 to 100000"));
        }
        let pad = args::opt_number(&padding_px, "paddingPx")?.unwrap_or(24.0);
        let crs = match args::opt_string(&base_crs, "baseCrs")? {
            Some(c) => Crs::parse(&c).map_err(err)?,
            None => Crs::default(),
        };
        let base = crate::View::default().with_base_crs(crs);
        let v = base.fit_bounds(
            (x0, y0),
            (x1, y1),
            w,
            h,
            pad.clamp(0.0, w.min(h) / 2.0),
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
        self.inner
            .data_bounds()
            .map(|(a, b)| vec![a.0, a.1, b.0, b.1])
    }
}

// ---- Page bindings (issue 11, www/): ramp colours for the page's legends, and
// frames handed to JS as views over wasm memory, which the page puts into a canvas at
// once (no copy in JS). Convert and forward, nothing else.
//
// A `drawHeat(ctx, view, options)` through web-sys (ImageData over wasm memory, then
// putImageData from Rust) was measured against these views in Chromium
// (scripts/frame-bench.mjs at commit 3db800f) and was no faster: the same one copy,
// into the canvas, for ~1 KB gzipped more and the web-sys dependency; removed.

/// CSS colours of a ramp (`"YlOrRd"` when undefined) at fractions `t` in 0..1: the
/// colours the workload fills of `renderAssignment` use, for a legend.
#[wasm_bindgen(js_name = rampColors)]
pub fn ramp_colors(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] t: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Ramp | null")] ramp: JsValue,
) -> Result<Vec<String>, JsError> {
    let t = args::f64s(&t, "t")?;
    let ramp = if args::absent(&ramp) {
        crate::draw::palette::Ramp::default()
    } else {
        crate::draw::palette::Ramp::parse(&args::string(&ramp, "ramp")?)
            .map_err(|e| JsError::new(&format!("ramp: {e}")))?
    };
    Ok(t.iter()
        .map(|&t| {
            let [r, g, b] = ramp.rgb(t);
            crate::draw::palette::css([r, g, b, 255])
        })
        .collect())
}

/// A Uint8ClampedArray over `len` bytes at `ptr` in wasm memory, no copy. JS must
/// wrap it in an ImageData and put it into a canvas before calling into the module
/// again: the next call may reuse the buffer or grow the memory (which detaches the
/// view). Made after every borrow is released, so nothing is left borrowed should
/// the JS side throw.
fn view_at(ptr: *const u8, len: usize) -> js_sys::Uint8ClampedArray {
    // Built in JS over the memory's buffer: `Uint8ClampedArray::view` comes out of
    // wasm-bindgen 0.2.130 as a plain Uint8Array, which ImageData refuses.
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::Uint8ClampedArray::new_with_byte_offset_and_length(
        &memory.buffer(),
        ptr as u32,
        len as u32,
    )
}

#[wasm_bindgen]
impl CivicMap {
    /// Prepares up to `budget` problems' worth of the heatmap's cache for `view`'s
    /// base system and `options` (the first frame of millions of problems, in
    /// slices), and says how far it got: `{ready, done, total}`. Call it until
    /// `ready`, a few times a frame, then render (`prepareHeat(view, 50000, opts)`).
    #[wasm_bindgen(js_name = prepareHeat, unchecked_return_type = "HeatProgress")]
    pub fn prepare_heat(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] budget: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "HeatOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (v, o) = (view_from_js(view)?, heat_options(&self.inner, options)?);
        let budget = args::count(&budget, "budget", usize::MAX)?;
        to_js(
            &self
                .heat
                .prepare(&self.inner, &v, &o, budget)
                .map_err(err)?,
        )
    }

    /// The heatmap frame of `renderHeat` as a view into wasm memory, not a copy:
    /// valid only until the next call into the module, so wrap it at once,
    /// `ctx.putImageData(new ImageData(frame, w, h), 0, 0)`, and never keep it.
    #[wasm_bindgen(js_name = renderHeatView)]
    pub fn render_heat_view(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "HeatOptions | null")] options: JsValue,
    ) -> Result<js_sys::Uint8ClampedArray, JsError> {
        let (v, o) = (view_from_js(view)?, heat_options(&self.inner, options)?);
        let rgba = self.heat.render(&self.inner, &v, &o).map_err(err)?;
        let (ptr, len) = (rgba.as_ptr(), rgba.len());
        Ok(view_at(ptr, len))
    }

    /// The assignment map of `renderAssignment` as a view into wasm memory (see
    /// `renderHeatView`: use it at once, never keep it).
    #[wasm_bindgen(js_name = renderAssignmentView)]
    pub fn render_assignment_view(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AssignmentOptions | null")]
        options: JsValue,
    ) -> Result<js_sys::Uint8ClampedArray, JsError> {
        let v = view_from_js(view)?;
        let mut o: crate::AssignmentOptions = from_js(options, "options")?;
        o.as_of.get_or_insert_with(|| ledger_day(&self.inner));
        let rgba = crate::draw::assignment::render_assignment(&self.inner, &v, &o).map_err(err)?;
        // Kept in the map only so that the view stays valid until JS has put it
        // into a canvas.
        self.frame = rgba;
        Ok(view_at(self.frame.as_ptr(), self.frame.len()))
    }
}

#[wasm_bindgen]
impl CivicMap {
    /// Click the heat: the problems making up the kernel density at device pixel
    /// `(x, y)` of `view` (CSS px × pixelRatio) under heat `options`, largest part
    /// first: `{density, attributed, count, problems: [{id, index, density,
    /// share}], rest}` (densities in weighted problems per km²; at most `limit`
    /// problems, default 50, the rest summed in `rest`).
    #[wasm_bindgen(js_name = problemsAt, unchecked_return_type = "ProblemsAt")]
    pub fn problems_at(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
        #[wasm_bindgen(unchecked_param_type = "HeatOptions | null | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] limit: JsValue,
    ) -> Result<JsValue, JsError> {
        let px = |v: &JsValue, name: &str| match args::number(v, name)? {
            p if p >= 0.0 => Ok(p),
            p => Err(JsError::new(&format!(
                "{name}: {p} is not a device pixel of the view"
            ))),
        };
        let (x, y) = (px(&x, "x")?, px(&y, "y")?);
        let limit = match args::absent(&limit) {
            true => 50,
            false => args::count(&limit, "limit", args::MAX_K)?,
        };
        let (v, o) = (view_from_js(view)?, heat_options(&self.inner, options)?);
        let at = (
            x.floor().min(u32::MAX as f64) as u32,
            y.floor().min(u32::MAX as f64) as u32,
        );
        let r = self
            .heat
            .grid
            .problems_at(&self.inner, &v, &o, at, limit)
            .map_err(err)?;
        to_js(&r)
    }
}
