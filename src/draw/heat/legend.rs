//! The legend: evenly spaced densities from 0 to the colour domain's top, with the
//! colours the ramp gives them.

use super::colour::HeatRenderer;
use super::options::HeatOptions;
use crate::draw::palette::{self, Lut};
use serde::Serialize;

/// One legend entry: a density (weighted problems per km²) and its colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct LegendStop {
    /// Weighted problems per km².
    pub value: f64,
    /// CSS `rgba(…)`.
    pub color: String,
    /// The colour, non-premultiplied RGBA8.
    pub rgba: [u8; 4],
}

impl HeatRenderer {
    /// The legend for the last render's domain (or the fixed one in `opts`):
    /// `legendStops` evenly spaced densities from 0 to the top, with their colours.
    pub fn legend(&self, opts: &HeatOptions) -> Vec<LegendStop> {
        let top = opts.domain_max.unwrap_or(if self.stats.domain_max > 0.0 {
            self.stats.domain_max
        } else {
            1.0
        });
        legend(opts, top)
    }
}

/// Legend stops from 0 to `top` (weighted problems per km²). The alpha is raised to
/// at least 0.25 so the lowest stops stay visible as swatches.
pub fn legend(opts: &HeatOptions, top: f64) -> Vec<LegendStop> {
    let lut = Lut::new(opts.ramp, opts.opacity);
    let n = opts.legend_stops.max(2);
    (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64;
            let mut rgba = lut.at(t as f32);
            rgba[3] = rgba[3].max(64);
            LegendStop {
                value: t * top,
                color: palette::css(rgba),
                rgba,
            }
        })
        .collect()
}
