//! Binning: locations into the density raster (bilinear splat, four writes per
//! location), and into square or hexagonal bins at screen scale.
//!
//! Projection is the hot part of binning a million problems, so it is tabulated
//! per frame: longitude maps to x linearly; latitude goes through a table of the
//! Mercator y sampled over the raster's latitude range (linear interpolation, error
//! far below 0.01 px, checked below); a GCJ-02/BD-09 base map's offset is
//! interpolated from a 65 × 65 lattice over the view when there are more locations
//! than lattice nodes (BD-09's shortest wave is ~13 km and 35 m high, so
//! the error is below 0.1 px from zoom 10 and 0.25 px at zooms 7–10, checked below) instead of ~100 ns of
//! trigonometry per location.

use crate::crs::Crs;
use crate::lnglat::LngLat;
use crate::view::{lng_to_world, Projector};

/// How the density raster sits over the device raster: `factor` device px per grid
/// px, `pad` grid px of margin on every side (so mass from locations just outside
/// the view still reaches it, and the blur loses nothing inside).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GridSpec {
    /// Raster size including the padding.
    pub w: usize,
    /// Raster height including the padding.
    pub h: usize,
    /// Grid px of margin on every side.
    pub pad: usize,
    /// Device px per grid px.
    pub factor: usize,
    /// The device raster.
    pub dev_w: u32,
    /// Device raster height.
    pub dev_h: u32,
}

impl GridSpec {
    /// The grid over a `dev_w × dev_h` device raster, `factor` device px per grid px.
    pub fn new(dev_w: u32, dev_h: u32, factor: usize, pad: usize) -> GridSpec {
        let f = factor.max(1);
        GridSpec {
            w: (dev_w as usize).div_ceil(f) + 1 + 2 * pad,
            h: (dev_h as usize).div_ceil(f) + 1 + 2 * pad,
            pad,
            factor: f,
            dev_w,
            dev_h,
        }
    }

    /// The continuous grid coordinate of a device coordinate: grid px `i` is centred
    /// on `u = i`.
    #[inline]
    pub fn to_grid(self, dev: f64) -> f64 {
        dev / self.factor as f64 + self.pad as f64 - 0.5
    }

    /// The device coordinate of grid coordinate `u`.
    #[inline]
    pub fn to_dev(self, u: f64) -> f64 {
        (u - self.pad as f64 + 0.5) * self.factor as f64
    }
}

/// Latitude (base system) → device y, tabulated over a latitude range.
#[derive(Debug, Clone, Default)]
pub struct LatTable {
    /// The lowest latitude tabulated.
    pub lat_min: f64,
    /// The highest latitude tabulated.
    pub lat_max: f64,
    inv_step: f64,
    ys: Vec<f64>,
}

impl LatTable {
    /// Tabulates `proj` between device rows `y_top` and `y_bottom` with `n` samples.
    pub fn build(&mut self, proj: &Projector, y_top: f64, y_bottom: f64, n: usize) {
        let n = n.max(2);
        self.lat_max = proj.px_to_base_lnglat(0.0, y_top).1;
        self.lat_min = proj.px_to_base_lnglat(0.0, y_bottom).1;
        let step = (self.lat_max - self.lat_min) / (n - 1) as f64;
        self.inv_step = if step > 0.0 { 1.0 / step } else { 0.0 };
        self.ys.clear();
        let lat_min = self.lat_min;
        self.ys
            .extend((0..n).map(|i| proj.y_of_lat(lat_min + step * i as f64)));
    }

    /// Applies `f` to every tabulated value (to tabulate raster rows instead of px).
    pub fn map_values(&mut self, f: impl Fn(f64) -> f64) {
        self.ys.iter_mut().for_each(|y| *y = f(*y));
    }

    /// The tabulated value (device y, unless mapped) of a latitude inside the
    /// range, else `None`.
    #[inline]
    pub fn y(&self, lat: f64) -> Option<f64> {
        if !(lat >= self.lat_min && lat <= self.lat_max) {
            return None;
        }
        let t = (lat - self.lat_min) * self.inv_step;
        let i = (t as usize).min(self.ys.len() - 2);
        let f = t - i as f64;
        Some(self.ys[i] + (self.ys[i + 1] - self.ys[i]) * f)
    }
}

/// A base map's offset (GCJ-02/BD-09 minus WGS-84, degrees) on a lattice over a
/// WGS-84 box, bilinearly interpolated. Identity for WGS-84.
#[derive(Debug, Clone, Default)]
pub struct OffsetLattice {
    crs: Crs,
    min: LngLat,
    inv_step: (f64, f64),
    n: usize,
    d: Vec<(f64, f64)>,
}

impl OffsetLattice {
    /// Lattice points per axis.
    pub const N: usize = 65;

    /// Builds the lattice, unless the base system is WGS-84 or there are too few
    /// locations (`n_points`) for it to pay: then [`Self::to_base`] is exact.
    pub fn build(&mut self, crs: Crs, min: LngLat, max: LngLat, n_points: usize) {
        self.crs = crs;
        self.d.clear();
        if crs == Crs::Wgs84 || n_points < 2 * Self::N * Self::N {
            return;
        }
        let n = Self::N;
        self.n = n;
        self.min = min;
        let step = (
            ((max.0 - min.0) / (n - 1) as f64).max(1e-12),
            ((max.1 - min.1) / (n - 1) as f64).max(1e-12),
        );
        self.inv_step = (1.0 / step.0, 1.0 / step.1);
        for j in 0..n {
            for i in 0..n {
                let p = (min.0 + step.0 * i as f64, min.1 + step.1 * j as f64);
                let q = crs.from_wgs84(p);
                self.d.push((q.0 - p.0, q.1 - p.1));
            }
        }
    }

    /// The location in the base system; exact conversion outside the lattice.
    #[inline]
    pub fn to_base(&self, p: LngLat) -> LngLat {
        if self.d.is_empty() {
            return self.crs.from_wgs84(p);
        }
        let u = (p.0 - self.min.0) * self.inv_step.0;
        let v = (p.1 - self.min.1) * self.inv_step.1;
        let last = (self.n - 1) as f64;
        if !(u >= 0.0 && v >= 0.0 && u <= last && v <= last) {
            return self.crs.from_wgs84(p);
        }
        let (i, j) = ((u as usize).min(self.n - 2), (v as usize).min(self.n - 2));
        let (fu, fv) = (u - i as f64, v - j as f64);
        let at = |i: usize, j: usize| self.d[j * self.n + i];
        let (a, b, c, d) = (at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1));
        let lerp = |a: f64, b: f64, t: f64| a + (b - a) * t;
        let dx = lerp(lerp(a.0, b.0, fu), lerp(c.0, d.0, fu), fv);
        let dy = lerp(lerp(a.1, b.1, fu), lerp(c.1, d.1, fu), fv);
        (p.0 + dx, p.1 + dy)
    }
}

/// Everything needed to drop WGS-84 locations into a [`GridSpec`] raster.
#[derive(Debug, Clone, Default)]
pub struct Binner {
    /// The raster binned into.
    pub spec: GridSpec,
    /// Raster column u = lng · au + bu (base system).
    au: f64,
    bu: f64,
    /// Latitude (base system) → raster row v.
    pub lat: LatTable,
    /// World units (zoom 0, base system) → raster: u = wx · ws + wu, v = wy · ws + wv.
    ws: f64,
    wu: f64,
    wv: f64,
    /// The base map's offset (GCJ-02, BD-09) on a lattice, for fast conversion.
    pub offset: OffsetLattice,
    /// The WGS-84 box of the padded raster (widened for offset base maps): its
    /// south-west corner.
    pub min: LngLat,
    /// Its north-east corner.
    pub max: LngLat,
}

impl Binner {
    /// Prepares binning of about `n_points` locations into `spec` for a device projector.
    pub fn prepare(&mut self, spec: GridSpec, proj: &Projector, n_points: usize) {
        self.spec = spec;
        let ax = proj.scale * (lng_to_world(1.0) - lng_to_world(0.0));
        let bx = proj.scale * lng_to_world(0.0) + proj.ox;
        self.au = ax / spec.factor as f64;
        self.bu = spec.to_grid(bx);
        self.ws = proj.scale / spec.factor as f64;
        self.wu = spec.to_grid(proj.ox);
        self.wv = spec.to_grid(proj.oy);
        // One grid px beyond the raster, so every location whose splat touches it counts.
        let top = spec.to_dev(-1.0);
        let bottom = spec.to_dev(spec.h as f64);
        self.lat
            .build(proj, top, bottom, (spec.h * 4).clamp(64, 16_384));
        self.lat.map_values(|y| spec.to_grid(y));
        let left = proj.px_to_base_lnglat(spec.to_dev(-1.0), 0.0).0;
        let right = proj.px_to_base_lnglat(spec.to_dev(spec.w as f64), 0.0).0;
        let base_min = (left, self.lat.lat_min);
        let base_max = (right, self.lat.lat_max);
        let pad = if proj.crs == Crs::Wgs84 { 0.0 } else { 0.02 };
        self.min = (base_min.0 - pad, base_min.1 - pad);
        self.max = (base_max.0 + pad, base_max.1 + pad);
        self.offset.build(proj.crs, self.min, self.max, n_points);
    }

    /// Raster coordinates `(u, v)` of a WGS-84 location, if it can reach the raster.
    #[inline]
    pub fn grid_uv(&self, p: LngLat) -> Option<(f64, f64)> {
        if !(p.0 >= self.min.0 && p.0 <= self.max.0 && p.1 >= self.min.1 && p.1 <= self.max.1) {
            return None;
        }
        let b = if self.offset.crs == Crs::Wgs84 {
            p
        } else {
            self.offset.to_base(p)
        };
        let v = self.lat.y(b.1)?;
        Some((b.0 * self.au + self.bu, v))
    }

    /// Device px of a WGS-84 location, if it can reach the raster (the tests'
    /// check of the binning).
    #[cfg(test)]
    pub fn dev_px(&self, p: LngLat) -> Option<(f64, f64)> {
        let (u, v) = self.grid_uv(p)?;
        Some((self.spec.to_dev(u), self.spec.to_dev(v)))
    }

    /// World units → raster: `(ws, wu, wv)` with `u = wx · ws + wu`, `v = wy · ws + wv`.
    pub fn world_affine(&self) -> (f64, f64, f64) {
        (self.ws, self.wu, self.wv)
    }

    /// Splats `weight` at raster coordinates `(u, v)`; false when off the raster.
    #[inline(always)]
    pub fn splat(&self, grid: &mut [f32], u: f64, v: f64, weight: f32) -> bool {
        let w = self.spec.w;
        if !(u >= 0.0 && v >= 0.0 && u < (w - 1) as f64 && v < (self.spec.h - 1) as f64) {
            return false;
        }
        let (i, j) = (u as usize, v as usize);
        let (fx, fy) = ((u - i as f64) as f32, (v - j as f64) as f32);
        let k = j * w + i;
        // One bounds check for the four writes.
        let quad = &mut grid[k..k + w + 2];
        let (a, b) = (weight * (1.0 - fy), weight * fy);
        quad[0] += a * (1.0 - fx);
        quad[1] += a * fx;
        quad[w] += b * (1.0 - fx);
        quad[w + 1] += b * fx;
        true
    }

    /// Adds `weight` at a WGS-84 location, split bilinearly over the four grid px
    /// around it. Returns whether it landed.
    #[inline(always)]
    pub fn add(&self, grid: &mut [f32], p: LngLat, weight: f32) -> bool {
        let Some((u, v)) = self.grid_uv(p) else {
            return false;
        };
        self.splat(grid, u, v, weight)
    }

    /// Adds every `(location, weight)`; returns how many landed and their weight.
    pub fn add_all(
        &self,
        grid: &mut [f32],
        items: impl Iterator<Item = (LngLat, f32)>,
    ) -> (usize, f64) {
        let (mut n, mut total) = (0usize, 0f64);
        for (p, w) in items {
            if w > 0.0 && self.add(grid, p, w) {
                n += 1;
                total += w as f64;
            }
        }
        (n, total)
    }
}

/// World units (zoom 0, `0..256`) of WGS-84 locations in a base system: the
/// zoom-independent part of the projection, computed once per dataset.
pub fn world_of(crs: Crs, p: LngLat) -> (f64, f64) {
    crate::view::lnglat_to_world(crs.from_wgs84(p))
}

/// Bins at screen scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BinShape {
    #[default]
    /// Square bins.
    Square,
    /// Pointy-top hexagons.
    Hex,
}

/// Weighted sums in square or pointy-top hexagonal bins of `size` device px
/// (centre-to-centre spacing along x), aligned to the world so they stay put while
/// the map pans.
#[derive(Debug, Clone, Default)]
pub struct ScreenBins {
    /// Square or hexagonal.
    pub shape: BinShape,
    /// Spacing in device px.
    pub size: f64,
    /// World origin in device px (the projector's offset), so bins are world-aligned.
    origin: (f64, f64),
    col0: i64,
    row0: i64,
    /// Bins per row in view.
    pub cols: usize,
    /// Rows of bins in view.
    pub rows: usize,
    /// The weight in each bin, row-major.
    pub sums: Vec<f32>,
}

const SQRT3: f64 = 1.732_050_807_568_877_2;

impl ScreenBins {
    /// Sizes and clears the bins for a device raster.
    pub fn prepare(
        &mut self,
        shape: BinShape,
        size: f64,
        proj: &Projector,
        dev_w: u32,
        dev_h: u32,
    ) {
        self.shape = shape;
        self.size = size.max(2.0);
        self.origin = (proj.ox, proj.oy);
        let (c0, r0) = self.cell_of(-self.size, -self.size);
        let (c1, r1) = self.cell_of(dev_w as f64 + self.size, dev_h as f64 + self.size);
        self.col0 = c0 - 1;
        self.row0 = r0 - 1;
        self.cols = (c1 - self.col0 + 2) as usize;
        self.rows = (r1 - self.row0 + 2) as usize;
        self.sums.clear();
        self.sums.resize(self.cols * self.rows, 0.0);
    }

    /// Hex circumradius (device px).
    fn hex_r(&self) -> f64 {
        self.size / SQRT3
    }

    /// (col, row) of a device px, in world-aligned bin numbers.
    fn cell_of(&self, x: f64, y: f64) -> (i64, i64) {
        let (x, y) = (x - self.origin.0, y - self.origin.1);
        match self.shape {
            BinShape::Square => (
                (x / self.size).floor() as i64,
                (y / self.size).floor() as i64,
            ),
            BinShape::Hex => {
                let r = self.hex_r();
                let q = (SQRT3 / 3.0 * x - y / 3.0) / r;
                let rr = (2.0 / 3.0 * y) / r;
                // Cube rounding.
                let (cx, cz) = (q, rr);
                let cy = -cx - cz;
                let (mut rx, ry, mut rz) = (cx.round(), cy.round(), cz.round());
                let (dx, dy, dz) = ((rx - cx).abs(), (ry - cy).abs(), (rz - cz).abs());
                if dx > dy && dx > dz {
                    rx = -ry - rz;
                } else if dy <= dz {
                    rz = -rx - ry;
                }
                let (q, r) = (rx as i64, rz as i64);
                // Axial → "odd-r" offset.
                (q + (r - (r & 1)) / 2, r)
            }
        }
    }

    /// The device px centre of bin `(col, row)` (world-aligned numbers).
    fn centre_of(&self, col: i64, row: i64) -> (f64, f64) {
        let (x, y) = match self.shape {
            BinShape::Square => (
                (col as f64 + 0.5) * self.size,
                (row as f64 + 0.5) * self.size,
            ),
            BinShape::Hex => {
                let r = self.hex_r();
                let q = col - (row - (row & 1)) / 2;
                (
                    r * SQRT3 * (q as f64 + row as f64 / 2.0),
                    r * 1.5 * row as f64,
                )
            }
        };
        (x + self.origin.0, y + self.origin.1)
    }

    /// Adds `weight` at device px `(x, y)`; false when off the bins.
    #[inline]
    pub fn add(&mut self, x: f64, y: f64, weight: f32) -> bool {
        let (c, r) = self.cell_of(x, y);
        let (c, r) = (c - self.col0, r - self.row0);
        if c < 0 || r < 0 || c as usize >= self.cols || r as usize >= self.rows {
            return false;
        }
        self.sums[r as usize * self.cols + c as usize] += weight;
        true
    }

    /// Area of one bin in device px².
    pub fn area_px2(&self) -> f64 {
        match self.shape {
            BinShape::Square => self.size * self.size,
            BinShape::Hex => 1.5 * SQRT3 * self.hex_r().powi(2),
        }
    }

    /// Every bin with a non-zero sum: (centre in device px, sum).
    pub fn nonzero(&self) -> impl Iterator<Item = ((f64, f64), f32)> + '_ {
        self.sums
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != 0.0)
            .map(|(k, &s)| {
                let (c, r) = ((k % self.cols) as i64, (k / self.cols) as i64);
                (self.centre_of(c + self.col0, r + self.row0), s)
            })
    }

    /// The outline of a bin centred at `c` (device px), closed implicitly.
    pub fn outline(&self, (cx, cy): (f64, f64)) -> Vec<(f64, f64)> {
        match self.shape {
            BinShape::Square => {
                let h = self.size / 2.0;
                vec![
                    (cx - h, cy - h),
                    (cx + h, cy - h),
                    (cx + h, cy + h),
                    (cx - h, cy + h),
                ]
            }
            BinShape::Hex => {
                let r = self.hex_r();
                (0..6)
                    .map(|k| {
                        let a = (60.0 * k as f64 - 30.0).to_radians();
                        (cx + r * a.cos(), cy + r * a.sin())
                    })
                    .collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::View;

    #[test]
    fn tabulated_projection_is_within_a_hundredth_of_a_pixel() {
        for crs in [Crs::Wgs84, Crs::Gcj02, Crs::Bd09] {
            // Below zoom ~6 a view reaches the edge of the box where the offset
            // stops (a step no lattice follows); nobody reads street offsets there.
            let zooms: &[f64] = if crs == Crs::Wgs84 {
                &[2.0, 4.0, 10.0, 14.5, 18.0]
            } else {
                &[7.0, 10.0, 14.5, 18.0]
            };
            for &zoom in zooms {
                let view = View::new((112.58, 26.89), zoom, 1024.0, 768.0)
                    .with_pixel_ratio(1.5)
                    .with_base_crs(crs);
                let proj = view.device_projector();
                let mut b = Binner::default();
                b.prepare(GridSpec::new(1536, 1152, 1, 20), &proj, usize::MAX);
                let mut n = 0;
                for i in 0..=40 {
                    for j in 0..=40 {
                        let p = view.px_to_lnglat((i as f64 * 25.6, j as f64 * 19.2));
                        let exact = proj.lnglat_to_px(p);
                        let got = b.dev_px(p).expect("inside");
                        let tol = match crs {
                            Crs::Wgs84 => 0.01,
                            _ if zoom < 10.0 => 0.25,
                            _ => 0.1,
                        };
                        assert!(
                            (got.0 - exact.0).abs() < tol && (got.1 - exact.1).abs() < tol,
                            "{crs:?} z{zoom} {p:?}: {got:?} vs {exact:?}"
                        );
                        n += 1;
                    }
                }
                assert_eq!(n, 41 * 41);
            }
        }
    }

    #[test]
    fn a_location_at_a_pixel_centre_lands_whole_on_it() {
        let view = View::new((112.58, 26.89), 14.0, 64.0, 48.0);
        let proj = view.device_projector();
        let spec = GridSpec::new(64, 48, 1, 5);
        let mut b = Binner::default();
        b.prepare(spec, &proj, 1);
        let mut grid = vec![0.0f32; spec.w * spec.h];
        let p = view.px_to_lnglat((10.5, 20.5));
        assert!(b.add(&mut grid, p, 2.0));
        let k = (20 + 5) * spec.w + 10 + 5;
        assert!((grid[k] - 2.0).abs() < 1e-3, "{}", grid[k]);
        assert!((grid.iter().sum::<f32>() - 2.0).abs() < 1e-6);
        // Far away: not binned.
        assert!(!b.add(&mut grid, (0.0, 0.0), 1.0));
    }

    #[test]
    fn hex_bins_hold_their_own_centres() {
        let view = View::new((112.58, 26.89), 14.0, 300.0, 200.0);
        let proj = view.device_projector();
        for shape in [BinShape::Square, BinShape::Hex] {
            let mut bins = ScreenBins::default();
            bins.prepare(shape, 20.0, &proj, 300, 200);
            for (x, y) in [(10.0, 10.0), (150.3, 99.9), (299.0, 1.0), (77.0, 150.0)] {
                bins.sums.iter_mut().for_each(|s| *s = 0.0);
                assert!(bins.add(x, y, 1.0));
                let (c, _) = bins.nonzero().next().unwrap();
                let d = ((c.0 - x).powi(2) + (c.1 - y).powi(2)).sqrt();
                // A point lies within the circumradius of its bin's centre.
                let r = if shape == BinShape::Square {
                    20.0 / 2f64.sqrt()
                } else {
                    20.0 / SQRT3
                };
                assert!(d <= r + 1e-9, "{shape:?} {x},{y}: centre {c:?} at {d}");
                // And the centre is inside the bin's own cell.
                let cc = bins.cell_of(c.0, c.1);
                assert_eq!(cc, bins.cell_of(x, y));
            }
        }
    }
}
