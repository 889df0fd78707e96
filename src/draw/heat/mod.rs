//! Problem heatmaps: kernel density of problems (or inspection points) on a view,
//! coloured through a ramp, plus square/hex bins at screen scale, per-cell and
//! per-zone choropleth values, and the legend.
//!
//! The pipeline, cost O(locations + pixels), never locations × kernel area:
//! 1. **bin** ([`bin`]): each location's weight is split bilinearly over the four
//!    raster px around it (projection tabulated per frame);
//! 2. **blur** ([`blur`]): three box passes per axis approximating a Gaussian (or an
//!    exact separable Gaussian), on a raster padded by the kernel's reach;
//! 3. **colour** ([`palette`]): density → `t = density / domainMax` → 256-entry LUT.
//!
//! **Units.** Density is *weighted problems per km²* of ground. With the radius given
//! in metres the kernel covers the same ground at every zoom, so a fixed
//! `domainMax` gives a colour the same meaning at every zoom and from week to week.
//! When the kernel's σ reaches 4 device px the raster is coarsened by an integer
//! factor (σ stays 2–4 raster px) and sampled back bilinearly: a Gaussian that wide
//! has no detail finer than the coarse raster, and the cost stays flat however far
//! the map is zoomed in.
//!
//! **Kernel.** `radius` is 2σ of the Gaussian: the density one location adds falls
//! to e⁻² ≈ 13.5 % of its peak at the radius and to ~1 % at 1.5 × the radius.

pub mod bin;
pub mod blur;

pub mod splats;

use crate::campaign::map::Map;
use crate::draw::palette::{self, Lut, Ramp};
use crate::draw::view::View;
use crate::error::{Error, Result};
use crate::model::*;
use bin::{BinShape, Binner, GridSpec, ScreenBins};
use blur::{Blur, Kernel};
use serde::{Deserialize, Serialize};
use splats::{Splats, World};

/// Which records are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Layer {
    #[default]
    Problems,
    Points,
}

/// Kernel density, or bins at screen scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    #[default]
    Kernel,
    Square,
    Hex,
}

/// How the kernel is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Weights {
    /// Weight of severity 1, 2, 3.
    pub severity: [f64; 3],
    pub open: f64,
    pub rectifying: f64,
    /// 0 by default: a closed (销号) problem no longer needs anyone.
    pub closed: f64,
    /// Extra weight per day past the deadline (needs `asOf`).
    pub per_day_overdue: f64,
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
            Status::Rectifying => self.rectifying,
            Status::Closed => self.closed,
        };
        let late = as_of.map_or(0, |d| p.days_overdue(d)) as f64;
        sev * status * (1.0 + self.per_day_overdue * late.min(self.max_days_overdue))
    }
}

/// Heatmap options. From JS (every key optional): `{layer: "problems" | "points",
/// mode: "kernel" | "square" | "hex", radiusM, radiusPx, binPx, blur: "box" |
/// "gauss", weights: {severity: [1,2,3], open, rectifying, closed, perDayOverdue,
/// maxDaysOverdue}, from: "2026-11-01", to: "2026-11-07", asOf, domainMax,
/// autoPercentile, threshold, opacity, ramp: "YlOrRd", legendStops}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct HeatOptions {
    pub layer: Layer,
    pub mode: Mode,
    /// Kernel radius (2σ) in ground metres: the same ground at every zoom.
    pub radius_m: f64,
    /// Kernel radius in CSS px; when given it wins over `radius_m`.
    pub radius_px: Option<f64>,
    /// Bin spacing in CSS px for the square and hex modes.
    pub bin_px: f64,
    pub blur: BlurKind,
    pub weights: Weights,
    /// First found day drawn (inclusive). With a window, problems without a found
    /// date are left out.
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    pub from: Option<Day>,
    /// Last found day drawn (inclusive).
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    pub to: Option<Day>,
    /// The day overdue is reckoned on; none: no overdue weighting.
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    pub as_of: Option<Day>,
    /// A fixed top of the colour domain, in weighted problems per km². None: automatic.
    pub domain_max: Option<f64>,
    /// Automatic domain: this percentile of the non-zero densities in view.
    pub auto_percentile: f64,
    /// Fraction of the domain below which nothing is drawn.
    pub threshold: f64,
    pub opacity: f64,
    pub ramp: Ramp,
    pub legend_stops: usize,
}

impl Default for HeatOptions {
    fn default() -> Self {
        HeatOptions {
            layer: Layer::Problems,
            mode: Mode::Kernel,
            radius_m: 150.0,
            radius_px: None,
            bin_px: 24.0,
            blur: BlurKind::Box,
            weights: Weights::default(),
            from: None,
            to: None,
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
    pub fn check(&self) -> Result<()> {
        let pos = |v: f64| v.is_finite() && v > 0.0;
        if !pos(self.radius_m) {
            return Err(Error::arg("radiusM", "give a radius above 0 metres"));
        }
        if self.radius_px.is_some_and(|r| !pos(r)) {
            return Err(Error::arg("radiusPx", "give a radius above 0 px"));
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

/// One legend entry: a density (weighted problems per km²) and its colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegendStop {
    pub value: f64,
    /// CSS `rgba(…)`.
    pub color: String,
    pub rgba: [u8; 4],
}

/// What the last render found, for legends and checks.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatStats {
    /// The top of the colour domain used (weighted problems per km²).
    pub domain_max: f64,
    /// The largest density in view.
    pub max_density: f64,
    /// Locations that reached the raster, and their total weight.
    pub binned: usize,
    pub total_weight: f64,
    /// Device px per raster px.
    pub factor: usize,
    pub sigma_px: f64,
}

/// The density raster of one view: bin + blur, in raster units (weight per raster
/// px); [`HeatGrid::density_km2`] converts to weighted problems per km².
#[derive(Debug, Clone, Default)]
pub struct HeatGrid {
    pub spec: GridSpec,
    /// Weight per raster px, `spec.w × spec.h`, row-major.
    pub data: Vec<f32>,
    /// km² → per raster px, for each raster row (Mercator's scale varies with latitude).
    pub per_km2_row: Vec<f32>,
    binner: Binner,
    blur: Blur,
    pub binned: usize,
    pub total_weight: f64,
    pub sigma_px: f64,
    cache: WorldCache,
}

/// The map's problems prepared for binning ([`splats`]), kept between frames: the
/// positions until the problems or the base system change (keyed on
/// [`Map::problems_generation`]), the weighted splats until the weighting options
/// change too. A frame's hot loop then reads one 12-byte record per problem.
#[derive(Debug, Clone, Default)]
struct WorldCache {
    key: Option<(u64, crate::Crs)>,
    world: World,
    /// What the weights depend on besides the problems: weights, from, to, asOf.
    splats_key: Option<WeightKey>,
    splats: Splats,
}

type WeightKey = (Weights, Option<Day>, Option<Day>, Option<Day>);

impl WorldCache {
    /// The map's problems with a positive weight under `opts`, for base system `crs`.
    fn splats(&mut self, map: &Map, crs: crate::Crs, opts: &HeatOptions) -> &Splats {
        let key = Some((map.problems_generation(), crs));
        if self.key != key {
            let problems = map.problems();
            // The problem index is built over exactly these problems; its order
            // keeps neighbours on the ground next to each other.
            let ids = map.problem_index().ids_in_tree_order();
            self.world = if ids.len() == problems.len() {
                World::build(crs, ids, |i| problems[i as usize].lnglat)
            } else {
                World::build(crs, 0..problems.len() as u32, |i| {
                    problems[i as usize].lnglat
                })
            };
            self.key = key;
            self.splats_key = None;
        }
        let key = Some((opts.weights.clone(), opts.from, opts.to, opts.as_of));
        if self.splats_key != key {
            let problems = map.problems();
            self.splats.build(&self.world, |i| {
                let p = &problems[i as usize];
                if opts.in_window(p) {
                    opts.weights.of(p, opts.as_of) as f32
                } else {
                    0.0
                }
            });
            self.splats_key = key;
        }
        &self.splats
    }
}

impl HeatGrid {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sizes and clears the raster for `view` with a kernel of σ device px.
    pub fn prepare(
        &mut self,
        view: &View,
        sigma_dev: f64,
        blur: BlurKind,
        n_points: usize,
    ) -> Kernel {
        let factor = ((sigma_dev / 2.0).floor() as usize).max(1);
        // The bilinear splat widens the kernel by 1/6 raster px² per axis on average
        // (E[f(1-f)] over the position f in a px), and so does bilinear sampling when
        // the raster is coarser than the device; the blur makes up the rest.
        let sigma_g = sigma_dev / factor as f64;
        let extra = if factor > 1 { 1.0 / 3.0 } else { 1.0 / 6.0 };
        let sigma = (sigma_g * sigma_g - extra).max(0.0).sqrt() as f32;
        let kernel = match blur {
            BlurKind::Box => Kernel::box3(sigma),
            BlurKind::Gauss => Kernel::Gauss(sigma),
        };
        let (dw, dh) = view.device_size();
        let spec = GridSpec::new(dw, dh, factor, kernel.support() + 1);
        self.spec = spec;
        self.sigma_px = sigma_dev;
        self.data.clear();
        self.data.resize(spec.w * spec.h, 0.0);
        let proj = view.device_projector();
        self.binner.prepare(spec, &proj, n_points);
        self.per_km2_row.clear();
        for j in 0..spec.h {
            let y = spec.to_dev(j as f64);
            let lat = proj.px_to_base_lnglat(0.0, y).1;
            let side_m = view.metres_per_px_at(lat) / view.pixel_ratio * factor as f64;
            self.per_km2_row.push((1.0e6 / (side_m * side_m)) as f32);
        }
        self.binned = 0;
        self.total_weight = 0.0;
        kernel
    }

    /// Adds a WGS-84 location with a weight.
    #[inline]
    pub fn add(&mut self, p: LngLat, weight: f32) {
        self.add_all(std::iter::once((p, weight)));
    }

    /// Adds many WGS-84 locations with their weights (the hot loop).
    pub fn add_all(&mut self, items: impl Iterator<Item = (LngLat, f32)>) {
        let (n, w) = self.binner.add_all(&mut self.data, items);
        self.binned += n;
        self.total_weight += w;
    }

    /// Bins the map's problems (or points) as `opts` says, then blurs.
    pub fn compute(&mut self, map: &Map, view: &View, opts: &HeatOptions) -> Result<()> {
        view.check().map_err(|e| Error::arg("view", e))?;
        opts.check()?;
        let n = match opts.layer {
            Layer::Problems => map.problems().len(),
            Layer::Points => map.points().len(),
        };
        let kernel = self.prepare(view, opts.sigma_dev_px(view), opts.blur, n);
        match opts.layer {
            Layer::Problems => {
                let splats = self.cache.splats(map, view.base_crs, opts);
                let (n, total) = splats.bin(&self.binner, &mut self.data);
                self.binned += n;
                self.total_weight += total;
            }
            Layer::Points => self.add_all(map.points().iter().map(|p| (p.lnglat, 1.0))),
        }
        self.blur(kernel);
        Ok(())
    }

    /// Bins bare locations (WGS-84) with optional weights (1 each when absent), then
    /// blurs: for callers that keep their own records.
    pub fn compute_points(
        &mut self,
        view: &View,
        coords: &[LngLat],
        weights: Option<&[f32]>,
        opts: &HeatOptions,
    ) -> Result<()> {
        view.check().map_err(|e| Error::arg("view", e))?;
        opts.check()?;
        if weights.is_some_and(|w| w.len() != coords.len()) {
            return Err(Error::arg("weights", "give one weight per location"));
        }
        let kernel = self.prepare(view, opts.sigma_dev_px(view), opts.blur, coords.len());
        match weights {
            Some(w) => self.add_all(coords.iter().copied().zip(w.iter().copied())),
            None => self.add_all(coords.iter().map(|&p| (p, 1.0))),
        }
        self.blur(kernel);
        Ok(())
    }

    pub fn blur(&mut self, kernel: Kernel) {
        let (w, h) = (self.spec.w, self.spec.h);
        self.blur.run(&mut self.data, w, h, kernel);
    }

    /// Density (weighted problems per km²) at a continuous device position,
    /// bilinearly sampled from the raster.
    #[inline]
    pub fn density_km2(&self, x_dev: f64, y_dev: f64) -> f32 {
        let s = &self.spec;
        let u = s.to_grid(x_dev).clamp(0.0, (s.w - 1) as f64 - 1e-9);
        let v = s.to_grid(y_dev).clamp(0.0, (s.h - 1) as f64 - 1e-9);
        let (i, j) = (u as usize, v as usize);
        let (fx, fy) = ((u - i as f64) as f32, (v - j as f64) as f32);
        let k = j * s.w + i;
        let d = &self.data;
        let top = d[k] + (d[k + 1] - d[k]) * fx;
        let bottom = d[k + s.w] + (d[k + s.w + 1] - d[k + s.w]) * fx;
        let r0 = self.per_km2_row[j];
        let r1 = self.per_km2_row[(j + 1).min(s.h - 1)];
        top * r0 + (bottom * r1 - top * r0) * fy
    }

    /// Density of device px `(x, y)` (its centre).
    #[inline]
    pub fn pixel_km2(&self, x: u32, y: u32) -> f32 {
        self.density_km2(x as f64 + 0.5, y as f64 + 0.5)
    }

    /// Sum of weight over the whole padded raster (the blur keeps it).
    pub fn mass(&self) -> f64 {
        self.data.iter().map(|&v| v as f64).sum()
    }

    /// The largest density, and the `p`-th percentile of the non-zero densities,
    /// over the raster px that cover the view (histogram of 4096 bins: O(px)).
    pub fn percentile_km2(&self, p: f64) -> (f64, f64) {
        let s = &self.spec;
        let inner = |f: &mut dyn FnMut(f32)| {
            let (i1, j1) = (s.w - s.pad, s.h - s.pad);
            for j in s.pad..j1 {
                let r = self.per_km2_row[j];
                for &v in &self.data[j * s.w + s.pad..j * s.w + i1] {
                    f(v * r);
                }
            }
        };
        let mut max = 0f32;
        inner(&mut |v| max = max.max(v));
        if max <= 0.0 {
            return (0.0, 0.0);
        }
        const N: usize = 4096;
        let mut hist = vec![0u32; N];
        let floor = max * 1e-6;
        let scale = (N - 1) as f32 / max;
        let mut count = 0u64;
        inner(&mut |v| {
            if v > floor {
                hist[(v * scale) as usize] += 1;
                count += 1;
            }
        });
        let target = ((p * count as f64).ceil() as u64).max(1);
        let mut seen = 0u64;
        for (b, &c) in hist.iter().enumerate() {
            seen += c as u64;
            if seen >= target {
                return (max as f64, ((b + 1) as f64 / scale as f64).min(max as f64));
            }
        }
        (max as f64, max as f64)
    }
}

/// The LUT entry of each `t · 255` in `line`: the nearest of the 256, or 0 (not
/// drawn) at or below `thr`. Branch-free and without float-to-int conversions
/// (adding 2²³ leaves the rounded value in the low mantissa bits), so it
/// vectorises.
fn lut_keys(line: &[f32], thr: f32, keys: &mut [u8]) {
    const MAGIC: f32 = 8_388_608.0;
    for (k, &v) in keys.iter_mut().zip(line) {
        let r = (v.clamp(0.0, 255.0) + MAGIC).to_bits() - MAGIC.to_bits();
        *k = (r as u8) & ((v > thr) as u8).wrapping_neg();
    }
}

/// Renders heatmaps into a reusable RGBA buffer (non-premultiplied, as canvas
/// `ImageData` wants), `view.device_size()`, row-major from the top left.
#[derive(Debug, Clone, Default)]
pub struct HeatRenderer {
    pub grid: HeatGrid,
    bins: ScreenBins,
    rgba: Vec<u8>,
    /// Upsampling scratch: each device column's raster column and fraction; one row.
    cols: Vec<(u32, f32)>,
    row: Vec<f32>,
    /// One device row of `t · 255`, and its LUT indices.
    line: Vec<f32>,
    keys: Vec<u8>,
    pub stats: HeatStats,
}

impl HeatRenderer {
    pub fn new() -> Self {
        Self::default()
    }

    /// One frame: the map's problems (or points) as `opts` says, for `view`.
    pub fn render(&mut self, map: &Map, view: &View, opts: &HeatOptions) -> Result<&[u8]> {
        match opts.mode {
            Mode::Kernel => {
                self.grid.compute(map, view, opts)?;
                self.colour_grid(view, opts);
            }
            Mode::Square | Mode::Hex => {
                view.check().map_err(|e| Error::arg("view", e))?;
                opts.check()?;
                self.prepare_bins(view, opts);
                let proj = view.device_projector();
                match opts.layer {
                    Layer::Problems => {
                        for p in map.problems() {
                            if opts.in_window(p) {
                                let w = opts.weights.of(p, opts.as_of) as f32;
                                if w > 0.0 {
                                    let (x, y) = proj.lnglat_to_px(p.lnglat);
                                    self.bins.add(x, y, w);
                                }
                            }
                        }
                    }
                    Layer::Points => {
                        for p in map.points() {
                            let (x, y) = proj.lnglat_to_px(p.lnglat);
                            self.bins.add(x, y, 1.0);
                        }
                    }
                }
                self.draw_bins(view, opts);
            }
        }
        Ok(&self.rgba)
    }

    /// Bare locations (WGS-84) with optional weights, kernel mode.
    pub fn render_points(
        &mut self,
        view: &View,
        coords: &[LngLat],
        weights: Option<&[f32]>,
        opts: &HeatOptions,
    ) -> Result<&[u8]> {
        self.grid.compute_points(view, coords, weights, opts)?;
        self.colour_grid(view, opts);
        Ok(&self.rgba)
    }

    /// The last rendered raster.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    fn domain(&self, opts: &HeatOptions, max: f64, auto: f64) -> f64 {
        match opts.domain_max {
            Some(d) => d,
            None if auto > 0.0 => auto,
            None => max.max(1.0),
        }
    }

    fn colour_grid(&mut self, view: &View, opts: &HeatOptions) {
        let (max, auto) = self.grid.percentile_km2(opts.auto_percentile);
        let domain = self.domain(opts, max, auto);
        self.stats = HeatStats {
            domain_max: domain,
            max_density: max,
            binned: self.grid.binned,
            total_weight: self.grid.total_weight,
            factor: self.grid.spec.factor,
            sigma_px: self.grid.sigma_px,
        };
        let mut lut = Lut::new(opts.ramp, opts.opacity).0;
        // Entry 0 stands for "not drawn".
        lut[0] = [0; 4];
        let thr = opts.threshold as f32 * 255.0;
        let (w, h) = view.device_size();
        let (w, h) = (w as usize, h as usize);
        // Every pixel is written: no clearing pass.
        self.rgba.resize(w * h * 4, 0);
        // Per device row: `t · 255` for each px into `line` (t = density / domain),
        // then LUT indices (a loop that vectorises), then the LUT lookups.
        self.line.resize(w, 0.0);
        self.keys.resize(w, 0);
        let inv = (255.0 / domain) as f32;
        let g = &self.grid;
        let s = g.spec;
        if s.factor > 1 {
            // Bilinear upsampling: each device column's raster column and fraction,
            // once per frame.
            self.cols.clear();
            self.cols.extend((0..w).map(|x| {
                let u = s.to_grid(x as f64 + 0.5);
                let i = u as usize;
                (i as u32, (u - i as f64) as f32)
            }));
            self.row.resize(s.w, 0.0);
        }
        for y in 0..h {
            if s.factor == 1 {
                // Raster px (x + pad, y + pad) is device px (x, y): no sampling.
                let j = y + s.pad;
                let k = inv * g.per_km2_row[j];
                let src = &g.data[j * s.w + s.pad..j * s.w + s.pad + w];
                for (o, &v) in self.line.iter_mut().zip(src) {
                    *o = v * k;
                }
            } else {
                // One vertically blended raster row, then a lerp per device px.
                let v = s.to_grid(y as f64 + 0.5);
                let j = v as usize;
                let fy = (v - j as f64) as f32;
                let (a, b) = (
                    inv * g.per_km2_row[j] * (1.0 - fy),
                    inv * g.per_km2_row[j + 1] * fy,
                );
                let (r0, r1) = (
                    &g.data[j * s.w..(j + 1) * s.w],
                    &g.data[(j + 1) * s.w..(j + 2) * s.w],
                );
                for ((o, &p), &q) in self.row.iter_mut().zip(r0).zip(r1) {
                    *o = p * a + q * b;
                }
                let row = &self.row[..];
                for (o, &(i, fx)) in self.line.iter_mut().zip(&self.cols) {
                    let (p, q) = (row[i as usize], row[i as usize + 1]);
                    *o = p + (q - p) * fx;
                }
            }
            lut_keys(&self.line, thr, &mut self.keys);
            let out = &mut self.rgba[y * w * 4..(y + 1) * w * 4];
            for (px, &k) in out.chunks_exact_mut(4).zip(&self.keys) {
                px.copy_from_slice(&lut[k as usize]);
            }
        }
    }

    fn prepare_bins(&mut self, view: &View, opts: &HeatOptions) {
        let shape = if opts.mode == Mode::Hex {
            BinShape::Hex
        } else {
            BinShape::Square
        };
        let (w, h) = view.device_size();
        self.bins.prepare(
            shape,
            opts.bin_px * view.pixel_ratio,
            &view.device_projector(),
            w,
            h,
        );
    }

    fn draw_bins(&mut self, view: &View, opts: &HeatOptions) {
        let proj = view.device_projector();
        let area_px = self.bins.area_px2();
        let per_km2 = |(_, y): (f64, f64)| {
            let lat = proj.px_to_base_lnglat(0.0, y).1;
            let m = view.metres_per_px_at(lat) / view.pixel_ratio;
            1.0e6 / (area_px * m * m)
        };
        let mut max = 0f64;
        let mut values: Vec<f64> = Vec::new();
        for (c, s) in self.bins.nonzero() {
            let d = s as f64 * per_km2(c);
            max = max.max(d);
            values.push(d);
        }
        crate::sort::floats(&mut values);
        let auto = values
            .get(((opts.auto_percentile * values.len() as f64).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or(0.0);
        let domain = self.domain(opts, max, auto);
        self.stats = HeatStats {
            domain_max: domain,
            max_density: max,
            binned: values.len(),
            total_weight: self.bins.sums.iter().map(|&v| v as f64).sum(),
            factor: 1,
            sigma_px: 0.0,
        };
        let lut = Lut::new(opts.ramp, opts.opacity);
        let (w, h) = view.device_size();
        let shapes: Vec<crate::draw::raster::PxShape> = self
            .bins
            .nonzero()
            .filter_map(|(c, s)| {
                let t = (s as f64 * per_km2(c) / domain) as f32;
                // Bins are counted, not smoothed: draw them at full ramp alpha.
                let mut rgba = lut.at(t);
                rgba[3] = (255.0 * opts.opacity) as u8;
                (t > opts.threshold as f32).then(|| (self.bins.outline(c), rgba))
            })
            .collect();
        self.rgba = crate::draw::raster::fill_polygons_px(w, h, &shapes, false);
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_camel_case_and_refuse_typos() {
        let o: HeatOptions = serde_json::from_str(
            r#"{"radiusM": 300, "from": "2026-11-01", "to": "2026-11-07", "ramp": "viridis",
                "weights": {"severity": [1, 1, 5], "closed": 0.2}, "mode": "hex"}"#,
        )
        .unwrap();
        assert_eq!(o.radius_m, 300.0);
        assert_eq!(o.from, parse_day("2026-11-01").ok());
        assert_eq!(o.weights.severity, [1.0, 1.0, 5.0]);
        assert_eq!(o.weights.open, 1.0);
        assert_eq!(o.mode, Mode::Hex);
        let e = serde_json::from_str::<HeatOptions>(r#"{"radiusMeters": 3}"#).unwrap_err();
        assert!(e.to_string().contains("radiusMeters"), "{e}");
        assert!(serde_json::from_str::<HeatOptions>(r#"{"from": "last week"}"#).is_err());
        let bad = HeatOptions {
            from: Some(10),
            to: Some(9),
            ..Default::default()
        };
        assert!(bad.check().is_err());
    }

    #[test]
    fn weights_follow_severity_status_and_lateness() {
        let w = Weights::default();
        let mut p = Problem {
            id: "p".into(),
            lnglat: (112.6, 26.9),
            point: None,
            kind: ProblemKind::Garbage,
            severity: 3,
            status: Status::Open,
            found: Some(100),
            deadline: Some(110),
            source: Source::Complaint,
        };
        assert_eq!(w.of(&p, None), 3.0);
        assert_eq!(w.of(&p, Some(120)), 3.0 * 1.5);
        assert_eq!(w.of(&p, Some(1000)), 3.0 * 4.0);
        p.status = Status::Rectifying;
        assert_eq!(w.of(&p, Some(105)), 1.5);
        p.status = Status::Closed;
        assert_eq!(w.of(&p, Some(120)), 0.0);
    }

    #[test]
    fn the_window_is_inclusive_and_drops_undated_problems() {
        let o = HeatOptions {
            from: Some(10),
            to: Some(16),
            ..Default::default()
        };
        let mut p = Problem {
            id: "p".into(),
            lnglat: (0.0, 0.0),
            point: None,
            kind: ProblemKind::Other,
            severity: 1,
            status: Status::Open,
            found: Some(10),
            deadline: None,
            source: Source::Media,
        };
        assert!(o.in_window(&p));
        p.found = Some(16);
        assert!(o.in_window(&p));
        p.found = Some(17);
        assert!(!o.in_window(&p));
        p.found = None;
        assert!(!o.in_window(&p));
        assert!(HeatOptions::default().in_window(&p));
    }

    #[test]
    fn percentile_finds_the_top_of_a_known_distribution() {
        let view = View::new((112.58, 26.89), 14.0, 100.0, 80.0);
        let mut g = HeatGrid::new();
        g.prepare(&view, 0.5, BlurKind::Box, 100);
        // No blur: densities are exactly the binned weights.
        for i in 0..100u32 {
            let p = view.px_to_lnglat(((i % 100) as f64 + 0.5, 40.5));
            g.add(p, (i + 1) as f32);
        }
        let r = g.per_km2_row[g.spec.pad + 40] as f64;
        let (max, p90) = g.percentile_km2(0.9);
        assert!((max / r - 100.0).abs() < 1e-3, "{}", max / r);
        assert!((p90 / r - 90.0).abs() < 0.1, "{}", p90 / r);
    }
}
