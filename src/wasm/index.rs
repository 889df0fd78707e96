//! `GeoIndex` (a point index over the caller's own coordinates) and `convertCoords`.

use super::args::{self, MAX_K, MAX_MANY};
use super::*;

/// Converts a Float64Array of lng, lat pairs between coordinate systems
/// (`"wgs84"`, `"gcj02"`, `"bd09"`, or any name a file's `crs` may use).
#[wasm_bindgen(js_name = convertCoords)]
pub fn convert_coords(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] coords: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Crs")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Crs")] to: JsValue,
) -> Result<Vec<f64>, JsError> {
    let coords = args::lnglats(&coords, "coords")?;
    let from = Crs::parse(&args::string(&from, "from")?).map_err(err)?;
    let to = Crs::parse(&args::string(&to, "to")?).map_err(err)?;
    Ok(crate::io::crs::convert_flat(&coords, from, to))
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
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] coords: JsValue,
    ) -> Result<GeoIndex, JsError> {
        let coords = args::LngLats::of(&coords, "coords")?;
        Ok(GeoIndex {
            inner: crate::PointIndex::checked(coords.pairs_vec()?).map_err(err)?,
        })
    }

    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// Positions of the k nearest points (k from 0 to 100,000), nearest first.
    pub fn nearest(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
    ) -> Result<Vec<u32>, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        let k = args::count(&k, "k", MAX_K)?;
        let mut out = Vec::new();
        self.inner.nearest_many_into(&[q], k, &mut out);
        out.truncate(self.inner.len().min(k));
        Ok(out)
    }

    /// k nearest for each query (Float64Array of lng, lat pairs), in one call:
    /// k positions per query, padded with 0xFFFFFFFF when there are fewer points.
    /// At most 16,777,216 results in all (queries × k).
    #[wasm_bindgen(js_name = nearestMany)]
    pub fn nearest_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] queries: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
    ) -> Result<Vec<u32>, JsError> {
        let queries = locations(&queries, "queries")?;
        let k = args::count(&k, "k", MAX_K)?;
        let total = queries.len().saturating_mul(k);
        if total > MAX_MANY {
            return Err(JsError::new(&format!(
                "nearestMany: {} queries × k {k} = {total} results; the most is {MAX_MANY}",
                queries.len()
            )));
        }
        let mut out = Vec::new();
        out.try_reserve_exact(total)
            .map_err(|_| JsError::new("nearestMany: the results do not fit in memory"))?;
        self.inner.nearest_many_into(&queries, k, &mut out);
        Ok(out)
    }

    /// Positions within `radiusM` metres, unordered.
    pub fn within(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = radiusM)] radius_m: JsValue,
    ) -> Result<Vec<u32>, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        let r = args::metres(&radius_m, "radiusM")?;
        Ok(self.inner.within_radius_m(q, r))
    }

    /// For each query, how many points lie within `radiusM` (one call for all).
    #[wasm_bindgen(js_name = withinCounts)]
    pub fn within_counts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] queries: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = radiusM)] radius_m: JsValue,
    ) -> Result<Vec<u32>, JsError> {
        let queries = locations(&queries, "queries")?;
        let r = args::metres(&radius_m, "radiusM")?;
        Ok(self.inner.count_within(&queries, r))
    }
}

// ---- Page bindings (issue 11, www/): the page asks the core for coordinate-system
// names instead of keeping a copy of its rules. Convert and forward, nothing else.

/// The coordinate systems the core converts between, by canonical name.
#[wasm_bindgen(js_name = crsNames, unchecked_return_type = "Crs[]")]
pub fn crs_names() -> Vec<String> {
    [Crs::Wgs84, Crs::Gcj02, Crs::Bd09]
        .iter()
        .map(|c| c.name().to_string())
        .collect()
}

/// The canonical name (`"wgs84"`, `"gcj02"`, `"bd09"`) of any name a file's or an
/// option's `crs` may use (`"EPSG:4326"`, `"CGCS2000"`, `"baidu"` …); throws the
/// core's error for others.
#[wasm_bindgen(js_name = crsName, unchecked_return_type = "Crs")]
pub fn crs_name(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
) -> Result<String, JsError> {
    let name = args::string(&name, "name")?;
    Ok(Crs::parse(&name).map_err(err)?.name().to_string())
}
