//! `GeoIndex` (a point index over the caller's own coordinates) and `convertCoords`.

use super::*;

/// Converts a Float64Array of lng, lat pairs between coordinate systems
/// (`"wgs84"`, `"gcj02"`, `"bd09"`, or any name a file's `crs` may use).
#[wasm_bindgen(js_name = convertCoords)]
pub fn convert_coords(coords: &[f64], from: &str, to: &str) -> Result<Vec<f64>, JsError> {
    if !coords.len().is_multiple_of(2) {
        return Err(JsError::new("coords: needs an even length: lng, lat pairs"));
    }
    let (from, to) = (Crs::parse(from).map_err(err)?, Crs::parse(to).map_err(err)?);
    Ok(crate::io::crs::convert_flat(coords, from, to))
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

// ---- Page bindings (issue 11, www/): the page asks the core for coordinate-system
// names instead of keeping a copy of its rules. Convert and forward, nothing else.

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
