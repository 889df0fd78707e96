//! Colour: the density grid (or screen bins) turned into RGBA through the ramp's
//! lookup table, upsampled bilinearly when the grid is coarser than the device;
//! with what the frame found ([`HeatStats`]).

use super::bin::{BinShape, ScreenBins};
use super::density::HeatGrid;
use super::options::{HeatOptions, Layer, Mode};
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
    /// The last kernel frame's density grid.
    pub grid: HeatGrid,
    bins: ScreenBins,
    pub(super) rgba: Vec<u8>,
    /// Upsampling scratch: each device column's raster column and fraction; one row.
    cols: Vec<(u32, f32)>,
    row: Vec<f32>,
    /// One device row of `t · 255`, and its LUT indices.
    line: Vec<f32>,
    keys: Vec<u8>,
    /// What the last frame found.
    pub stats: HeatStats,
}

impl HeatRenderer {
    /// A renderer with empty buffers; they grow to the first frame's size and are reused.
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
}
