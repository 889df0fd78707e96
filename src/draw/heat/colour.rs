//! Colour: the density grid (or screen bins) turned into RGBA through the ramp's
//! lookup table, upsampled bilinearly when the grid is coarser than the device;
//! with what the frame found ([`HeatStats`]).

use super::bin::{BinShape, ScreenBins};
use super::colour_kernel as colour;
use super::density::HeatGrid;
use super::options::{HeatLayer, HeatOptions, Mode};
use crate::campaign::map::Map;
use crate::draw::palette::Lut;
use crate::draw::view::View;
use crate::error::{Error, Result};
use crate::model::*;
use serde::Serialize;

/// What the last render found, for legends and checks.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct HeatStats {
    /// The top of the colour domain used (weighted problems per km²).
    pub domain_max: f64,
    /// The largest density in view.
    pub max_density: f64,
    /// Locations that reached the raster, and their total weight.
    pub binned: usize,
    /// Their total weight.
    pub total_weight: f64,
    /// Device px per raster px.
    pub factor: usize,
    /// The kernel's σ in device px (0 for bins).
    pub sigma_px: f64,
}

/// Renders heatmaps into a reusable RGBA buffer (non-premultiplied, as canvas
/// `ImageData` wants), `view.device_size()`, row-major from the top left.
#[derive(Debug, Clone, Default)]
pub struct HeatRenderer {
    /// The last kernel frame's density grid.
    pub grid: HeatGrid,
    bins: ScreenBins,
    pub(super) rgba: Vec<u8>,
    /// The colouring loop's buffers, kept between frames.
    scratch: colour::ColourScratch,
    /// What the last frame found.
    pub stats: HeatStats,
}

impl HeatRenderer {
    /// A renderer with empty buffers; they grow to the first frame's size and are reused.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prepares a slice of the map's problems for the frames of `opts` in `view`'s
    /// base system (see [`HeatGrid::prepare_problems`]).
    pub fn prepare(
        &mut self,
        map: &Map,
        view: &View,
        opts: &HeatOptions,
        budget: usize,
    ) -> Result<super::density::HeatProgress> {
        view.check().map_err(|e| Error::arg("view", e))?;
        self.grid.prepare_problems(map, view.base_crs, opts, budget)
    }

    /// One frame: the map's problems (or points) as `opts` says, for `view`.
    pub fn render(&mut self, map: &Map, view: &View, opts: &HeatOptions) -> Result<&[u8]> {
        let opts = &opts.for_map(map)?;
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
                    HeatLayer::Problems => {
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
                    HeatLayer::Points => {
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
        let inv = (255.0 / domain) as f32;
        let g = &self.grid;
        colour::colour_grid(
            g.spec,
            &g.data,
            &g.per_km2_row,
            inv,
            thr,
            &lut,
            (w as usize, h as usize),
            &mut self.scratch,
            &mut self.rgba,
        );
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
}
