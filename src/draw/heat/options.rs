//! What a heatmap is asked for: which records, kernel or bins, the kernel's radius
//! and blur, how problems are weighted, the date window, the colour domain and
//! ramp; with the checks that refuse what cannot be drawn.

use crate::campaign::map::Map;
use crate::draw::palette::Ramp;
use crate::draw::view::View;
use crate::error::{Error, Result};
use crate::io::obj::{by_hand, pick, FromJson, Obj};
use crate::model::*;
use serde::Serialize;
use serde_json::Value;

/// Which records are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum HeatLayer {
    #[default]
    /// The problem ledger (weighted).
    Problems,
    /// The inspection points (weight 1 each).
    Points,
}

/// Kernel density, or bins at screen scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    #[default]
    /// Kernel density: a Gaussian per location.
    Kernel,
    /// Counts in square bins of `binPx`.
    Square,
    /// Counts in hexagonal bins of `binPx`.
    Hex,
}

/// How the kernel is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum BlurKind {
    /// Three box passes per axis: cost independent of the radius.
    #[default]
    Box,
    /// Exact sampled Gaussian: cost grows with the radius.
    Gauss,
}

/// What one problem weighs: `severity[s-1] × status × (1 + perDayOverdue ·
/// min(daysOverdue, maxDaysOverdue))`. Inspection points weigh 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default)]
pub struct Weights {
    /// Weight of severity 1, 2, 3.
    pub severity: [f64; 3],
    /// Multiplier of open problems.
    pub open: f64,
    /// Multiplier of problems being rectified, and of those waiting for their
    /// re-check (待复查).
    pub rectifying: f64,
    /// 0 by default: a closed (销号) problem no longer needs anyone.
    pub closed: f64,
    /// Extra weight per day past the deadline (needs `asOf`).
    pub per_day_overdue: f64,
    /// Days overdue beyond this add nothing more.
    pub max_days_overdue: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            severity: [1.0, 2.0, 3.0],
            open: 1.0,
            rectifying: 0.5,
            closed: 0.0,
            per_day_overdue: 0.05,
            max_days_overdue: 60.0,
        }
    }
}

impl Weights {
    /// The weight of a problem, with overdue days reckoned on `as_of` (none: no
    /// overdue bonus).
    #[inline]
    pub fn of(&self, p: &Problem, as_of: Option<Day>) -> f64 {
        let sev = self.severity[(p.severity.clamp(1, 3) - 1) as usize];
        let status = match p.status {
            Status::Open => self.open,
            Status::Rectifying | Status::Submitted => self.rectifying,
            Status::Closed => self.closed,
        };
        let late = as_of.map_or(0, |d| p.days_overdue(d)) as f64;
        sev * status * (1.0 + self.per_day_overdue * late.min(self.max_days_overdue))
    }
}

impl HeatLayer {
    /// `problems` or `points`.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        pick(
            text,
            &[("problems", Self::Problems), ("points", Self::Points)],
        )
    }
}

impl Mode {
    /// `kernel`, `square` or `hex`.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        pick(
            text,
            &[
                ("kernel", Self::Kernel),
                ("square", Self::Square),
                ("hex", Self::Hex),
            ],
        )
    }
}

impl BlurKind {
    /// `box` or `gauss`.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        pick(text, &[("box", Self::Box), ("gauss", Self::Gauss)])
    }
}

by_hand!(parse: HeatLayer, Mode, BlurKind);
by_hand!(json: Weights, HeatOptions);

impl FromJson for Weights {
    fn from_json(v: &Value, what: &str) -> std::result::Result<Self, String> {
        let o = Obj::new(
            v,
            what,
            &[
                "severity",
                "open",
                "rectifying",
                "closed",
                "perDayOverdue",
                "maxDaysOverdue",
            ],
        )?;
        let d = Weights::default();
        let severity = match o.nums("severity")? {
            None => d.severity,
            Some(s) => <[f64; 3]>::try_from(s).map_err(|s| {
                o.err(
                    "severity",
                    &format!("give 3 weights (severity 1, 2, 3), got {}", s.len()),
                )
            })?,
        };
        Ok(Weights {
            severity,
            open: o.num("open")?.unwrap_or(d.open),
            rectifying: o.num("rectifying")?.unwrap_or(d.rectifying),
            closed: o.num("closed")?.unwrap_or(d.closed),
            per_day_overdue: o.num("perDayOverdue")?.unwrap_or(d.per_day_overdue),
            max_days_overdue: o.num("maxDaysOverdue")?.unwrap_or(d.max_days_overdue),
        })
    }
}

impl FromJson for HeatOptions {
    fn from_json(v: &Value, what: &str) -> std::result::Result<Self, String> {
        let o = Obj::new(
            v,
            what,
            &[
                "layer",
                "mode",
                "radiusM",
                "radiusPx",
                "binPx",
                "blur",
                "weights",
                "from",
                "to",
                "lastDays",
                "asOf",
                "domainMax",
                "autoPercentile",
                "threshold",
                "opacity",
                "ramp",
                "legendStops",
            ],
        )?;
        let d = HeatOptions::default();
        Ok(HeatOptions {
            layer: o.vocab("layer", HeatLayer::parse)?.unwrap_or(d.layer),
            mode: o.vocab("mode", Mode::parse)?.unwrap_or(d.mode),
            radius_m: o.num("radiusM")?.unwrap_or(d.radius_m),
            radius_px: o.num("radiusPx")?,
            bin_px: o.num("binPx")?.unwrap_or(d.bin_px),
            blur: o.vocab("blur", BlurKind::parse)?.unwrap_or(d.blur),
            weights: o.read("weights")?.unwrap_or(d.weights),
            from: o.day("from")?,
            to: o.day("to")?,
            last_days: o.whole("lastDays", 0, u32::MAX.into())?.map(|n| n as u32),
            as_of: o.day("asOf")?,
            domain_max: o.num("domainMax")?,
            auto_percentile: o.num("autoPercentile")?.unwrap_or(d.auto_percentile),
            threshold: o.num("threshold")?.unwrap_or(d.threshold),
            opacity: o.num("opacity")?.unwrap_or(d.opacity),
            ramp: o.vocab("ramp", Ramp::parse)?.unwrap_or(d.ramp),
            legend_stops: o
                .whole("legendStops", 0, u32::MAX.into())?
                .map_or(d.legend_stops, |n| n as usize),
        })
    }
}

/// The largest `radiusM`: half the equator.
pub const MAX_RADIUS_M: f64 = 20_037_508.0;
/// The largest `radiusPx`.
pub const MAX_RADIUS_PX: f64 = 1.0e6;

/// Heatmap options. From JS (every key optional): `{layer: "problems" | "points",
/// mode: "kernel" | "square" | "hex", radiusM, radiusPx, binPx, blur: "box" |
/// "gauss", weights: {severity: [1,2,3], open, rectifying, closed, perDayOverdue,
/// maxDaysOverdue}, from: "2026-11-01", to: "2026-11-07", lastDays: 7, asOf, domainMax,
/// autoPercentile, threshold, opacity, ramp: "YlOrRd", legendStops}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default)]
pub struct HeatOptions {
    /// Problems or inspection points.
    pub layer: HeatLayer,
    /// Kernel density or bins.
    pub mode: Mode,
    /// Kernel radius (2σ) in ground metres: the same ground at every zoom.
    pub radius_m: f64,
    /// Kernel radius in CSS px; when given it wins over `radius_m`.
    pub radius_px: Option<f64>,
    /// Bin spacing in CSS px for the square and hex modes.
    pub bin_px: f64,
    /// How the kernel is computed.
    pub blur: BlurKind,
    /// How problems weigh.
    pub weights: Weights,
    /// First found day drawn (inclusive). With a window, problems without a found
    /// date are left out.
    #[serde(serialize_with = "crate::model::ser_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub from: Option<Day>,
    /// Last found day drawn (inclusive).
    #[serde(serialize_with = "crate::model::ser_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub to: Option<Day>,
    /// The last `n` found days up to `as_of` (1: that day only; 7: the weekly
    /// bulletin's week). Wins over `from`/`to`.
    pub last_days: Option<u32>,
    /// The day overdue and `last_days` are reckoned on; none: the map's ledger
    /// date ([`Map::as_of`]), and without one no overdue weighting.
    #[serde(serialize_with = "crate::model::ser_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub as_of: Option<Day>,
    /// A fixed top of the colour domain, in weighted problems per km². None: automatic.
    pub domain_max: Option<f64>,
    /// Automatic domain: this percentile of the non-zero densities in view.
    pub auto_percentile: f64,
    /// Fraction of the domain below which nothing is drawn.
    pub threshold: f64,
    /// Opacity of the colours, 0 to 1.
    pub opacity: f64,
    /// The colour ramp.
    pub ramp: Ramp,
    /// How many stops [`HeatRenderer::legend`](crate::HeatRenderer::legend) gives (at least 2).
    pub legend_stops: usize,
}

impl Default for HeatOptions {
    fn default() -> Self {
        HeatOptions {
            layer: HeatLayer::Problems,
            mode: Mode::Kernel,
            radius_m: 150.0,
            radius_px: None,
            bin_px: 24.0,
            blur: BlurKind::Box,
            weights: Weights::default(),
            from: None,
            to: None,
            last_days: None,
            as_of: None,
            domain_max: None,
            auto_percentile: 0.99,
            threshold: 0.02,
            opacity: 0.85,
            ramp: Ramp::YlOrRd,
            legend_stops: 5,
        }
    }
}

impl HeatOptions {
    /// Refuses options that cannot be drawn, naming the option and what it takes.
    pub fn check(&self) -> Result<()> {
        let pos = |v: f64| v.is_finite() && v > 0.0;
        // Upper bounds too: a radius of 1e271 m made the raster's padding overflow
        // (tests/proptest-regressions/fuzz.txt). Half the equator and a million px are
        // more than any map shows.
        if !pos(self.radius_m) || self.radius_m > MAX_RADIUS_M {
            return Err(Error::arg(
                "radiusM",
                "give a radius above 0 metres, at most 20,000 km",
            ));
        }
        if self.radius_px.is_some_and(|r| !pos(r) || r > MAX_RADIUS_PX) {
            return Err(Error::arg(
                "radiusPx",
                "give a radius above 0 px, at most 1,000,000",
            ));
        }
        if !(pos(self.bin_px) && self.bin_px >= 2.0) {
            return Err(Error::arg("binPx", "give a bin size of at least 2 px"));
        }
        if self.domain_max.is_some_and(|d| !pos(d)) {
            return Err(Error::arg(
                "domainMax",
                "give a density above 0, or leave it out for an automatic domain",
            ));
        }
        if !(self.auto_percentile > 0.0 && self.auto_percentile <= 1.0) {
            return Err(Error::arg("autoPercentile", "give a fraction in (0, 1]"));
        }
        if !(0.0..1.0).contains(&self.threshold) || !(0.0..=1.0).contains(&self.opacity) {
            return Err(Error::arg("threshold/opacity", "give fractions in 0..1"));
        }
        if let (Some(a), Some(b)) = (self.from, self.to) {
            if a > b {
                return Err(Error::arg(
                    "from",
                    format!("{} is after `to` {}", format_day(a), format_day(b)),
                ));
            }
        }
        if !(2..=16).contains(&self.legend_stops) {
            return Err(Error::arg("legendStops", "give 2 to 16 stops"));
        }
        let w = &self.weights;
        let ws = [
            w.open,
            w.rectifying,
            w.closed,
            w.per_day_overdue,
            w.max_days_overdue,
        ];
        if w.severity
            .iter()
            .chain(ws.iter())
            .any(|v| !v.is_finite() || *v < 0.0)
        {
            return Err(Error::arg(
                "weights",
                "every weight must be a finite number ≥ 0",
            ));
        }
        Ok(())
    }

    /// The options with the map's ledger date as `as_of` when none is given, and a
    /// `last_days` window turned into `from`/`to` counting back from it.
    pub fn for_map(&self, map: &Map) -> Result<HeatOptions> {
        let mut o = self.clone();
        o.as_of = o.as_of.or(map.as_of());
        if let Some(n) = o.last_days {
            let end = o.as_of.ok_or_else(|| {
                Error::arg("lastDays", "needs `asOf`: the data declare no ledger date")
            })?;
            if !(1..=3660).contains(&n) {
                return Err(Error::arg(
                    "lastDays",
                    format!("give 1 to 3660 days, got {n}"),
                ));
            }
            o.from = Some(end - (n as Day - 1));
            o.to = Some(end);
        }
        Ok(o)
    }

    /// Whether a problem's found date is inside the window.
    #[inline]
    pub fn in_window(&self, p: &Problem) -> bool {
        p.found_within(self.from, self.to)
    }

    /// σ of the kernel in device px for a view (at its centre latitude).
    pub fn sigma_dev_px(&self, view: &View) -> f64 {
        let r_css = self
            .radius_px
            .unwrap_or(self.radius_m / view.metres_per_px());
        r_css * view.pixel_ratio / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A radius past any map is refused with a message, not drawn (1e271 m once
    /// overflowed the raster's padding).
    #[test]
    fn huge_radii_are_refused() {
        let o = |radius_m, radius_px| HeatOptions {
            radius_m,
            radius_px,
            ..HeatOptions::default()
        };
        assert!(o(MAX_RADIUS_M, None).check().is_ok());
        assert!(o(2.877e271, None).check().is_err());
        assert!(o(200.0, Some(MAX_RADIUS_PX)).check().is_ok());
        assert!(o(200.0, Some(1.0e7)).check().is_err());
    }
}
