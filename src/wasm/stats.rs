//! Statistics on the map: Gi* hotspots and their map.

use super::*;
use crate::campaign::hotspots::{HotCell, HotspotOptions};
use wasm_bindgen::Clamped;

/// What `hotspots()` returns: the summary and the significant cells only (the
/// full per-cell list of a district is 10k+ entries the page does not need).
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
struct HotspotSummary<'a> {
    /// Problems counted (found in the window and inside a cell).
    problems: usize,
    /// Mean count per cell.
    mean: f64,
    /// Standard deviation of the counts (population).
    sd: f64,
    /// Distance band used, metres.
    band_m: f64,
    /// Whether the false discovery rate was controlled.
    fdr: bool,
    /// The largest p-value still significant at 90/95/99 % (0 when none is).
    p_cut: [f64; 3],
    /// Hot cells at 90/95/99 % confidence (each level counts those at it or above).
    hot: [usize; 3],
    /// Cold cells at 90/95/99 % confidence.
    cold: [usize; 3],
    /// Significant cells, hottest first then coldest last (by z).
    cells: Vec<&'a HotCell>,
    /// One entry per confidence, hot first, with its colour and cell count.
    legend: Vec<crate::draw::hotspots::HotspotLegend>,
}

#[wasm_bindgen]
impl CivicMap {
    /// Gi* hot and cold spots of the problems found in a window: `{problems, mean,
    /// sd, bandM, fdr, pCut, hot, cold, cells: [{cell, count, neighbours, z, p,
    /// confidence}], legend}` with the significant cells only, by z descending.
    #[wasm_bindgen(unchecked_return_type = "HotspotSummary")]
    pub fn hotspots(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "HotspotOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let o: HotspotOptions = from_js_serde(options, "options")?;
        let h = self.inner.hotspots(&o).map_err(err)?;
        let mut cells: Vec<&HotCell> = h.cells.iter().filter(|c| c.confidence != 0).collect();
        crate::sort::by(&mut cells, &|a, b| b.z.total_cmp(&a.z));
        to_js(&HotspotSummary {
            problems: h.problems,
            mean: h.mean,
            sd: h.sd,
            band_m: h.band_m,
            fdr: h.fdr,
            p_cut: h.p_cut,
            hot: h.hot,
            cold: h.cold,
            cells,
            legend: crate::draw::hotspots::hotspot_legend(&h),
        })
    }

    /// The hotspot map of a view: significant cells filled by confidence (RGBA of
    /// the view's device size, for `putImageData`).
    #[wasm_bindgen(js_name = renderHotspots)]
    pub fn render_hotspots(
        &self,
        #[wasm_bindgen(unchecked_param_type = "View")] view: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "HotspotOptions | null")] options: JsValue,
    ) -> Result<Clamped<Vec<u8>>, JsError> {
        let v = super::draw::view_from_js(view)?;
        let o: HotspotOptions = from_js_serde(options, "options")?;
        let h = self.inner.hotspots(&o).map_err(err)?;
        Ok(Clamped(
            crate::draw::hotspots::render_hotspots(&self.inner, &v, &h).map_err(err)?,
        ))
    }
}

#[wasm_bindgen]
impl CivicMap {
    /// Scores and ranking of streets, communities, zones, owners or units over a
    /// window: `{by, level, from, to, end, asOf, previousFrom, previousTo, weights,
    /// rule, bottom, units: [{id, name, holder, areaKm2, tally, deductions, score,
    /// rank, bottom, previous, scoreChange, rankChange}], totals, previousTotals,
    /// unattributed}`, best first. `asOf` defaults to the ledger date, else today.
    #[wasm_bindgen(unchecked_return_type = "Scores")]
    pub fn scores(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let mut o: crate::ScoreOptions = from_js_serde(options, "options")?;
        o.as_of.get_or_insert_with(|| ledger_day(&self.inner));
        to_js(&self.inner.scores(&o).map_err(err)?)
    }
}
