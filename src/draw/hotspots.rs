//! The hotspot map: cells that are significant Gi* hot or cold spots
//! ([`crate::campaign::hotspots`]) filled by confidence, the rest left clear so the
//! base map shows through. Colours follow the convention of ArcGIS's Hot Spot
//! Analysis (reds hot, blues cold, darker for more confidence), which campaign
//! offices meet in GIS training.

use super::canvas::Canvas;
use super::palette;
use super::raster::{Paint, Path};
use super::view::View;
use crate::campaign::hotspots::Hotspots;
use crate::campaign::Map;
use crate::error::{Error, Result};
use serde::Serialize;

/// Fill of each confidence, −3 (cold, 99 %) … +3 (hot, 99 %); index `confidence + 3`.
/// Not significant (0) is clear.
pub const CONFIDENCE_RGBA: [[u8; 4]; 7] = [
    [69, 117, 181, 210],
    [132, 158, 186, 200],
    [192, 204, 190, 190],
    [0, 0, 0, 0],
    [250, 185, 132, 190],
    [237, 117, 81, 200],
    [214, 47, 39, 210],
];

/// One legend entry of the hotspot map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct HotspotLegend {
    /// −3 … +3, as [`crate::campaign::hotspots::HotCell::confidence`].
    pub confidence: i8,
    /// What it means, in Chinese and English.
    pub label: String,
    /// CSS `rgba(…)`.
    pub color: String,
    /// How many cells have it.
    pub cells: usize,
}

/// The legend, hot first, with the number of cells at each confidence.
pub fn hotspot_legend(h: &Hotspots) -> Vec<HotspotLegend> {
    let mut counts = [0usize; 7];
    for c in &h.cells {
        counts[(c.confidence + 3) as usize] += 1;
    }
    const LABELS: [&str; 7] = [
        "冷点 99% · cold spot, 99 % confidence",
        "冷点 95% · cold spot, 95 % confidence",
        "冷点 90% · cold spot, 90 % confidence",
        "不显著 · not significant",
        "热点 90% · hot spot, 90 % confidence",
        "热点 95% · hot spot, 95 % confidence",
        "热点 99% · hot spot, 99 % confidence",
    ];
    (0..7)
        .rev()
        .map(|k| HotspotLegend {
            confidence: k as i8 - 3,
            label: LABELS[k].to_string(),
            color: palette::css(CONFIDENCE_RGBA[k]),
            cells: counts[k],
        })
        .collect()
}

/// The significant cells of `h` (computed on `map`) filled by confidence: RGBA8 of
/// the view's device size. Cells in view only; one path per confidence, so a frame
/// costs one fill pass per class.
pub fn render_hotspots(map: &Map, view: &View, h: &Hotspots) -> Result<Vec<u8>> {
    if h.cells.len() != map.cells().len() {
        return Err(Error::arg(
            "hotspots",
            "computed on other cells: compute them again after loading cells",
        ));
    }
    let mut cv = Canvas::new(view)?;
    let (min, max) = view.bounds(4.0);
    let mut ids = map.cell_index().boxes_meeting(min, max);
    crate::sort::ids(&mut ids);
    let mut paths: [Path; 7] = Default::default();
    for i in ids {
        let k = (h.cells[i as usize].confidence + 3) as usize;
        if k != 3 {
            cv.add_to(&mut paths[k], &map.cells()[i as usize].geometry);
        }
    }
    for (k, path) in paths.iter().enumerate() {
        if !path.is_empty() {
            cv.fill(path, &Paint::Solid(CONFIDENCE_RGBA[k]));
        }
    }
    Ok(cv.into_rgba())
}
