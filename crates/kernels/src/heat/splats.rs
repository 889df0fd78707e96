//! The map's problems prepared for binning, kept between frames: in world units of
//! the base map, in fixed point, in a spatially coherent order, with their weights,
//! in blocks that carry a bounding box.
//!
//! Why: binning is the bulk of a heatmap frame of a million problems. Measured
//! on the `heat` bench (1M problems into 1024 × 768, σ 6 px so a raster of
//! 353 × 267, AMD EPYC): binning from f64 world positions with a range check per
//! problem took 6.4 ms a frame; these blocks take about 3 ms. What made the
//! difference is arithmetic, not memory (that raster fits in L2 whatever the
//! order): inside a block that lies wholly on the raster the position is an f32
//! offset from the block's corner, there is no range check, and the float-to-int
//! step is done with a magic-number add ([`cell`]) so eight problems' arithmetic
//! vectorises. The point tree's order, along a Hilbert curve (see
//! [`crate::index::PointIndex::ids_in_tree_order`]) gives blocks small boxes, so
//! a zoomed-in frame skips the blocks out of view and costs what is in view, and
//! writes stay in cache when the raster is large (σ under 4 px). Problems with no
//! weight under the options (outside the date window; closed, by default) are
//! left out when the splats are built.

use super::bin::Binner;
use crate::crs::Crs;
use crate::lnglat::LngLat;

/// Problems per block. Sixteen leaves of the point tree: small enough that a block covers a
/// small patch of ground, large enough that its box check costs nothing.
pub const BLOCK: usize = 256;

/// A block's box (fixed-point world units, inclusive) and its total weight.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct BlockBox {
    min: [u32; 2],
    max: [u32; 2],
    weight: f64,
}

/// How fixed-point coordinates map to world units (zoom 0, `0..256`):
/// `world = origin + fixed / scale`, the scale a power of two chosen so that the
/// dataset's extent just fits a `u32`. A city 20 km across then resolves to
/// 10⁻¹¹ world units, a thousandth of a pixel at zoom 22; the whole world to 2⁻²⁴
/// (1/32 px at zoom 19).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The world position of slot coordinate 0.
    pub origin: (f64, f64),
    /// World units per slot unit.
    pub scale: f64,
}

impl Default for Frame {
    fn default() -> Self {
        Frame {
            origin: (0.0, 0.0),
            scale: 1.0,
        }
    }
}

impl Frame {
    /// The frame for world positions `pts`.
    fn around(pts: &[(f64, f64)]) -> Frame {
        let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for &(x, y) in pts {
            lo = (lo.0.min(x), lo.1.min(y));
            hi = (hi.0.max(x), hi.1.max(y));
        }
        if pts.is_empty() {
            return Frame::default();
        }
        let extent = (hi.0 - lo.0).max(hi.1 - lo.1).max(1e-9);
        // The largest power of two with extent × scale < 2³².
        let k = ((u32::MAX as f64 / extent).log2().floor()).min(60.0);
        Frame {
            origin: lo,
            scale: 2f64.powi(k as i32),
        }
    }

    fn fixed(&self, (x, y): (f64, f64)) -> [u32; 2] {
        let f = |v: f64, o: f64| ((v - o) * self.scale).round().clamp(0.0, u32::MAX as f64) as u32;
        [f(x, self.origin.0), f(y, self.origin.1)]
    }

    /// World units of fixed-point coordinates (the tests' way back).
    #[cfg(test)]
    pub fn world(&self, [x, y]: [u32; 2]) -> (f64, f64) {
        (
            self.origin.0 + x as f64 / self.scale,
            self.origin.1 + y as f64 / self.scale,
        )
    }
}

/// Positions in world units, in the order of `ids`, for one dataset and base
/// system: the expensive part (projection, GCJ-02/BD-09 offset), paid once.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// The record each slot holds.
    pub ids: Vec<u32>,
    /// Each slot's x in the frame's fixed-point units.
    pub x: Vec<u32>,
    /// Each slot's y in the frame's fixed-point units.
    pub y: Vec<u32>,
    /// The fixed-point frame of `x` and `y`.
    pub frame: Frame,
}

/// Degrees added around the positions' box for the frame: more than any datum
/// offset ([`Crs::from_wgs84`] moves a position by under 0.01°), so the frame
/// made from the box before the offset holds every position after it.
const FRAME_PAD_DEG: f64 = 0.05;

impl World {
    /// Positions of `lnglat(id)` for ids `0..n`, kept in the order of `ids` (a
    /// permutation of them, the point tree's order): [`WorldBuilder`] at once.
    pub fn build(crs: Crs, ids: Vec<u32>, n: usize, lnglat: impl Fn(u32) -> LngLat) -> World {
        let mut b = WorldBuilder::new(crs, ids, n);
        b.step(usize::MAX, &lnglat);
        b.finish()
    }
}

/// A [`World`] built a slice at a time, so that a page with millions of problems
/// keeps drawing while it is made (10M in one call held the thread for 2.6 s in
/// Chromium). Three passes: the positions' box (for the frame), the projection in
/// record order, and the gather into the order of `ids`.
///
/// Why the projection runs in record order and is then gathered: projecting in the
/// order of `ids` read the records at random, a cache miss per problem under the
/// projection's arithmetic, and made the first heatmap of 1M problems take 1.2 s in
/// wasm (Node profile); in two steps it took 0.6 s, and 10M 11.2 → 4.0 s. Only an
/// 8-byte slot is fetched at random, with nothing waiting on it.
#[derive(Debug, Clone)]
pub struct WorldBuilder {
    crs: Crs,
    ids: Vec<u32>,
    n: usize,
    /// 0: the box, 1: the projection, 2: the gather, 3: done.
    pass: u8,
    next: usize,
    lo: (f64, f64),
    hi: (f64, f64),
    frame: Frame,
    by_id: Vec<[u32; 2]>,
    x: Vec<u32>,
    y: Vec<u32>,
}

impl WorldBuilder {
    /// A builder for records `0..n` in the order of `ids`.
    pub fn new(crs: Crs, ids: Vec<u32>, n: usize) -> Self {
        WorldBuilder {
            crs,
            ids,
            n,
            pass: 0,
            next: 0,
            lo: (f64::MAX, f64::MAX),
            hi: (f64::MIN, f64::MIN),
            frame: Frame::default(),
            by_id: Vec::new(),
            x: Vec::new(),
            y: Vec::new(),
        }
    }

    /// Does up to `budget` records' work (at least one), pass after pass; true
    /// once the world is ready.
    pub fn step(&mut self, budget: usize, lnglat: impl Fn(u32) -> LngLat) -> bool {
        let mut left = budget.max(1);
        while self.pass < 3 && left > 0 {
            left -= self.pass_step(left, &lnglat);
        }
        self.pass == 3
    }

    /// Up to `budget` records of the current pass; returns how many it did (0 only
    /// for a pass with nothing to do, which then ends).
    fn pass_step(&mut self, budget: usize, lnglat: &impl Fn(u32) -> LngLat) -> usize {
        let len = if self.pass == 2 {
            self.ids.len()
        } else {
            self.n
        };
        let start = self.next;
        let end = self.next.saturating_add(budget).min(len);
        match self.pass {
            0 => {
                for i in self.next..end {
                    let (x, y) = lnglat(i as u32);
                    self.lo = (self.lo.0.min(x), self.lo.1.min(y));
                    self.hi = (self.hi.0.max(x), self.hi.1.max(y));
                }
            }
            1 => {
                if self.next == 0 {
                    self.frame = self.frame_of_box();
                    self.by_id = Vec::with_capacity(self.n);
                }
                let (crs, frame) = (self.crs, self.frame);
                self.by_id.extend(
                    (self.next..end)
                        .map(|i| frame.fixed(super::bin::world_of(crs, lnglat(i as u32)))),
                );
            }
            2 => {
                if self.next == 0 {
                    self.x = Vec::with_capacity(len);
                    self.y = Vec::with_capacity(len);
                }
                let by_id = &self.by_id;
                let at = |i: u32| by_id.get(i as usize).copied().unwrap_or_default();
                let ids = self.ids.get(self.next..end).unwrap_or_default();
                self.x.extend(ids.iter().map(|&i| at(i)[0]));
                self.y.extend(ids.iter().map(|&i| at(i)[1]));
            }
            _ => return 0,
        }
        self.next = end;
        if end == len {
            self.pass += 1;
            self.next = 0;
            if self.pass == 3 {
                self.by_id = Vec::new();
            }
        }
        end - start
    }

    /// Records' work done and to do in all (each record passes three times).
    pub fn progress(&self) -> (usize, usize) {
        let n = self.n;
        let done = match self.pass {
            0 | 1 => self.pass as usize * n + self.next,
            2 => 2 * n + self.next * n / self.ids.len().max(1),
            _ => 3 * n,
        };
        (done, 3 * n)
    }

    /// The world (complete once [`WorldBuilder::step`] said so).
    pub fn finish(self) -> World {
        World {
            ids: self.ids,
            x: self.x,
            y: self.y,
            frame: self.frame,
        }
    }

    /// The frame around the box, padded by [`FRAME_PAD_DEG`] so that it also holds
    /// every position after a datum offset.
    fn frame_of_box(&self) -> Frame {
        if self.n == 0 {
            return Frame::default();
        }
        let (lo, hi) = (self.lo, self.hi);
        // World y grows southward: the corners swap latitudes.
        let a = crate::view::lnglat_to_world((lo.0 - FRAME_PAD_DEG, hi.1 + FRAME_PAD_DEG));
        let b = crate::view::lnglat_to_world((hi.0 + FRAME_PAD_DEG, lo.1 - FRAME_PAD_DEG));
        Frame::around(&[a, b])
    }
}

/// Weighted splats in blocks, one array per field (the arithmetic of eight
/// splats then runs in vector registers); built from a [`World`] and a weight per
/// record. When every record weighs something (the usual case: open problems)
/// the positions are the world's own and not copied: 8 bytes a problem less.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Splats {
    frame: Frame,
    /// Positions of the splats, empty when they are the world's (`shared`).
    x: Vec<u32>,
    y: Vec<u32>,
    shared: bool,
    w: Vec<f32>,
    boxes: Vec<BlockBox>,
}

impl Splats {
    /// The splats of `world` with a positive weight (`weights[id]`; an id past its
    /// end weighs nothing), in `world`'s order. The weights come by id so that the
    /// caller reads its records in order (see [`World::build`]).
    pub fn build(&mut self, world: &World, weights: &[f32]) {
        let mut w = Vec::new();
        gather_weights(world, weights, 0..world.ids.len(), &mut w);
        self.build_from_slots(world, w);
    }

    /// The splats of `world` from each slot's weight (`w[slot]`, as
    /// [`gather_weights`] gives them, possibly a slice at a time):
    /// [`SplatsBuilder`] at once.
    pub fn build_from_slots(&mut self, world: &World, w: Vec<f32>) {
        let mut b = SplatsBuilder::new(world, w);
        b.step(world, usize::MAX);
        *self = b.finish();
    }

    /// The splats' positions: their own, or `world`'s when shared.
    fn positions<'a>(&'a self, world: &'a World) -> (&'a [u32], &'a [u32]) {
        if self.shared {
            (&world.x, &world.y)
        } else {
            (&self.x, &self.y)
        }
    }

    /// Splats every problem that reaches `grid` (bilinearly, as
    /// [`Binner::splat`]); returns how many landed and their total weight.
    /// `world` is the one they were built from.
    pub fn bin(&self, world: &World, binner: &Binner, grid: &mut [f32]) -> (usize, f64) {
        let (all_x, all_y) = self.positions(world);
        // Fixed point → raster: u = x · a + wu, v = y · a + wv.
        let (ws, wu, wv) = binner.world_affine();
        let Frame { origin, scale } = self.frame;
        let (a, wu, wv) = (ws / scale, origin.0 * ws + wu, origin.1 * ws + wv);
        let (w, h) = (binner.spec.w, binner.spec.h);
        let (umax, vmax) = ((w - 1) as f64, (h - 1) as f64);
        let (mut n, mut total) = (0usize, 0f64);
        for (b, bx) in self.boxes.iter().enumerate() {
            let (u0, v0) = (bx.min[0] as f64 * a + wu, bx.min[1] as f64 * a + wv);
            let (u1, v1) = (bx.max[0] as f64 * a + wu, bx.max[1] as f64 * a + wv);
            if u1 < 0.0 || v1 < 0.0 || u0 >= umax || v0 >= vmax {
                continue;
            }
            let r = b * BLOCK..((b + 1) * BLOCK).min(self.w.len());
            let (Some(xs), Some(ys), Some(wts)) =
                (all_x.get(r.clone()), all_y.get(r.clone()), self.w.get(r))
            else {
                break;
            };
            let small = bx.max[0] - bx.min[0] < 1 << 30 && bx.max[1] - bx.min[1] < 1 << 30;
            // Inside, with a margin for f32 rounding and for [`cell`]: every splat lands.
            if small && u0 >= 0.5 && v0 >= 0.5 && u1 < umax - 0.01 && v1 < vmax - 0.01 {
                // Offsets from the block's corner in f32: the block lies inside the
                // raster, so u − u0 < w and f32 keeps 1e-4 px.
                let origin = Origin {
                    x0: bx.min[0],
                    y0: bx.min[1],
                    u0: u0 as f32,
                    v0: v0 as f32,
                    a: a as f32,
                };
                splat_block_inside(grid, w, &origin, xs, ys, wts);
                n += wts.len();
                total += bx.weight;
            } else {
                for ((&x, &y), &wt) in xs.iter().zip(ys).zip(wts) {
                    let (u, v) = (x as f64 * a + wu, y as f64 * a + wv);
                    if binner.splat(grid, u, v, wt) {
                        n += 1;
                        total += wt as f64;
                    }
                }
            }
        }
        (n, total)
    }
}

/// [`Splats`] made a slice at a time, so that the last step of preparing a
/// heatmap of millions of problems does not hold the page (10M at once: 62–100 ms
/// in Node). Three passes over the slots: count those that weigh something (when
/// all do, the splats share the world's positions), keep those (skipped when all
/// do), and the blocks' boxes. The world must stay the same until it is finished.
#[derive(Debug, Clone)]
pub struct SplatsBuilder {
    /// Each slot's weight (until the splats keep theirs).
    w: Vec<f32>,
    /// Slots.
    n: usize,
    /// 0: count, 1: keep, 2: boxes, 3: done.
    pass: u8,
    next: usize,
    /// Slots with a positive weight.
    weighed: usize,
    splats: Splats,
}

impl SplatsBuilder {
    /// A builder for `world`'s slots weighing `w[slot]` (missing ones nothing).
    pub fn new(world: &World, mut w: Vec<f32>) -> Self {
        w.resize(world.ids.len(), 0.0);
        SplatsBuilder {
            n: w.len(),
            w,
            pass: 0,
            next: 0,
            weighed: 0,
            splats: Splats {
                frame: world.frame,
                ..Splats::default()
            },
        }
    }

    /// Does up to `budget` slots' work (at least one), pass after pass; true once
    /// the splats are ready.
    pub fn step(&mut self, world: &World, budget: usize) -> bool {
        let mut left = budget.max(1);
        while self.pass < 3 && left > 0 {
            left -= self.pass_step(world, left).min(left);
        }
        self.pass == 3
    }

    /// Up to `budget` slots of the current pass; how many it did (0 for a pass
    /// with nothing to do, which then ends).
    fn pass_step(&mut self, world: &World, budget: usize) -> usize {
        let n = self.n;
        // The boxes' pass goes over the kept splats, whole blocks at a time.
        let len = if self.pass == 2 {
            self.splats.w.len()
        } else {
            n
        };
        let start = self.next;
        let end = match self.pass {
            2 => start
                .saturating_add(budget.div_ceil(BLOCK).saturating_mul(BLOCK))
                .min(len),
            _ => start.saturating_add(budget).min(len),
        };
        match self.pass {
            0 => {
                let w = self.w.get(start..end).unwrap_or_default();
                self.weighed += w.iter().filter(|&&w| w > 0.0).count();
            }
            1 if self.weighed == n => {
                // Every slot weighs something: the world's positions serve.
                self.splats.shared = true;
                self.splats.w = std::mem::take(&mut self.w);
                self.pass = 2;
                return 0;
            }
            1 => {
                let s = &mut self.splats;
                if start == 0 {
                    s.x.reserve_exact(self.weighed);
                    s.y.reserve_exact(self.weighed);
                    s.w.reserve_exact(self.weighed);
                }
                for slot in start..end {
                    let w = self.w[slot];
                    if w > 0.0 {
                        s.x.push(world.x[slot]);
                        s.y.push(world.y[slot]);
                        s.w.push(w);
                    }
                }
                if end == n {
                    // The weights by slot give way to the kept ones.
                    self.w = Vec::new();
                }
            }
            2 => {
                let s = &mut self.splats;
                let mut boxes = std::mem::take(&mut s.boxes);
                let (xs, ys) = s.positions(world);
                let (xs, ys, ws) = (&xs[start..end], &ys[start..end], &s.w[start..end]);
                for ((x, y), w) in xs.chunks(BLOCK).zip(ys.chunks(BLOCK)).zip(ws.chunks(BLOCK)) {
                    let (mut min, mut max, mut weight) = ([u32::MAX; 2], [0u32; 2], 0f64);
                    for ((&x, &y), &w) in x.iter().zip(y).zip(w) {
                        min = [min[0].min(x), min[1].min(y)];
                        max = [max[0].max(x), max[1].max(y)];
                        weight += w as f64;
                    }
                    boxes.push(BlockBox { min, max, weight });
                }
                s.boxes = boxes;
            }
            _ => return 0,
        }
        self.next = end;
        if end == len {
            self.pass += 1;
            self.next = 0;
        }
        end - start
    }

    /// Slots' work done and to do in all (each slot passes three times).
    pub fn progress(&self) -> (usize, usize) {
        let n = self.n;
        let done = match self.pass {
            0 | 1 => self.pass as usize * n + self.next,
            2 => 2 * n + self.next * n / self.splats.w.len().max(1),
            _ => 3 * n,
        };
        (done, 3 * n)
    }

    /// The splats (complete once [`SplatsBuilder::step`] said so).
    pub fn finish(self) -> Splats {
        self.splats
    }
}

/// Appends to `out` the weight of each slot in `slots` of `world`, from the
/// weights by record (`weights[id]`; an id past its end weighs nothing): a read at
/// random per slot, the slow part of making splats for millions of problems, so
/// it can be done a slice of slots at a time.
pub fn gather_weights(
    world: &World,
    weights: &[f32],
    slots: std::ops::Range<usize>,
    out: &mut Vec<f32>,
) {
    let ids = world.ids.get(slots).unwrap_or_default();
    out.extend(
        ids.iter()
            .map(|&id| weights.get(id as usize).copied().unwrap_or(0.0)),
    );
}

/// Where a block's corner falls on the raster, and raster px per fixed-point unit.
struct Origin {
    x0: u32,
    y0: u32,
    u0: f32,
    v0: f32,
    a: f32,
}

/// Bilinear splats of a block known to lie inside `0..w-1 × 0..h-1`, eight at a
/// time: positions, cells and the four shares of eight splats as arrays (which
/// vectorise), then the 32 scattered adds.
///
/// A call per block, never inlined: a browser's engine first runs wasm in its
/// baseline compiler and swaps in optimised code only at a function's next call,
/// so a frame's one call binning 10M problems ran wholly in baseline code (the
/// first heatmap frame twice the next ones). Called per block, the hot loop is
/// optimised within the first frame.
#[inline(never)]
fn splat_block_inside(grid: &mut [f32], w: usize, o: &Origin, xs: &[u32], ys: &[u32], wts: &[f32]) {
    const L: usize = 8;
    let (mut cx, mut cy, mut cw) = (xs.chunks_exact(L), ys.chunks_exact(L), wts.chunks_exact(L));
    for ((x, y), wt) in (&mut cx).zip(&mut cy).zip(&mut cw) {
        let (mut k, mut q) = ([0u32; L], [[0f32; L]; 4]);
        for l in 0..L {
            let u = (x[l] - o.x0) as i32 as f32 * o.a + o.u0;
            let v = (y[l] - o.y0) as i32 as f32 * o.a + o.v0;
            let ((i, fx), (j, fy)) = (cell(u), cell(v));
            k[l] = j.wrapping_mul(w as u32).wrapping_add(i);
            let (a, b) = (wt[l] * (1.0 - fy), wt[l] * fy);
            q[0][l] = a * (1.0 - fx);
            q[1][l] = a * fx;
            q[2][l] = b * (1.0 - fx);
            q[3][l] = b * fx;
        }
        for l in 0..L {
            add_quad(grid, w, k[l] as usize, [q[0][l], q[1][l], q[2][l], q[3][l]]);
        }
    }
    for ((&x, &y), &wt) in cx
        .remainder()
        .iter()
        .zip(cy.remainder())
        .zip(cw.remainder())
    {
        let u = (x - o.x0) as i32 as f32 * o.a + o.u0;
        let v = (y - o.y0) as i32 as f32 * o.a + o.v0;
        let ((i, fx), (j, fy)) = (cell(u), cell(v));
        let (a, b) = (wt * (1.0 - fy), wt * fy);
        let k = j.wrapping_mul(w as u32).wrapping_add(i);
        add_quad(
            grid,
            w,
            k as usize,
            [a * (1.0 - fx), a * fx, b * (1.0 - fx), b * fx],
        );
    }
}

/// The raster px `i` left of (or above) a position `u` in `0.5..2²³`, and the
/// fraction `u − i` in `0..=1`. Instead of a float-to-int conversion, which
/// Rust saturates and LLVM then will not vectorise: adding 2²³ rounds `u − ½` to
/// an integer held in the low mantissa bits. When `u` is a whole number it may
/// give `i = u − 1` and a fraction of 1, which splats the same.
#[inline(always)]
fn cell(u: f32) -> (u32, f32) {
    const MAGIC: f32 = 8_388_608.0;
    let t = (u - 0.5) + MAGIC;
    (t.to_bits() - MAGIC.to_bits(), u - (t - MAGIC))
}

/// Adds the four shares at raster index `k` and its right, lower and lower-right
/// neighbours. One bounds check for the four writes; it never fails, but a wrong
/// index must not become a panic in the browser.
#[inline(always)]
fn add_quad(grid: &mut [f32], w: usize, k: usize, q: [f32; 4]) {
    if let Some(g) = grid.get_mut(k..k + w + 2) {
        g[0] += q[0];
        g[1] += q[1];
        g[w] += q[2];
        g[w + 1] += q[3];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heat::bin::GridSpec;
    use crate::view::View;

    /// Bins `n` locations `ll(i)` through blocks and one by one with the binner,
    /// with every fifth weighing nothing and with none; asserts they agree to f32
    /// rounding and returns how many landed (of the first).
    fn blocks_against_binner(binner: &Binner, n: u32, ll: impl Fn(u32) -> LngLat) -> usize {
        // Every record weighing something: the splats share the world's positions.
        blocks_against_binner_with(binner, n, &ll, 0);
        blocks_against_binner_with(binner, n, &ll, 5)
    }

    fn blocks_against_binner_with(
        binner: &Binner,
        n: u32,
        ll: &impl Fn(u32) -> LngLat,
        nought_every: u32,
    ) -> usize {
        let spec = binner.spec;
        let weight = |i: u32| {
            if nought_every > 0 && i.is_multiple_of(nought_every) {
                0.0
            } else {
                1.0 + (i % 3) as f32
            }
        };
        // A reversed order: slots and ids differ.
        let world = World::build(Crs::Wgs84, (0..n).rev().collect(), n as usize, ll);
        assert_eq!(world.ids.len(), n as usize);
        let weights: Vec<f32> = (0..n).map(weight).collect();
        let mut splats = Splats::default();
        splats.build(&world, &weights);
        let mut got = vec![0f32; spec.w * spec.h];
        let (landed, total) = splats.bin(&world, binner, &mut got);

        let (ws, wu, wv) = binner.world_affine();
        let mut want = vec![0f32; spec.w * spec.h];
        let (mut n_want, mut total_want) = (0, 0.0);
        for (slot, i) in world.ids.iter().enumerate() {
            let i = *i;
            if weight(i) <= 0.0 {
                continue;
            }
            assert_eq!(world.ids[slot], i);
            let (x, y) = world.frame.world([world.x[slot], world.y[slot]]);
            let (u, v) = (x * ws + wu, y * ws + wv);
            if binner.splat(&mut want, u, v, weight(i)) {
                n_want += 1;
                total_want += weight(i) as f64;
            }
        }
        assert_eq!((landed, total), (n_want, total_want));
        for (k, (a, b)) in got.iter().zip(&want).enumerate() {
            assert!((a - b).abs() < 1e-3, "px {k}: {a} vs {b}");
        }
        landed
    }

    /// Blocks inside, across the edge and outside, full eights and a remainder,
    /// give what splatting each location with the binner gives.
    #[test]
    fn blocks_splat_as_the_binner_does() {
        let c = (112.5713, 26.8968);
        let view = View::new(c, 16.0, 300.0, 200.0);
        let mut binner = Binner::default();
        binner.prepare(GridSpec::new(300, 200, 2, 6), &view.device_projector(), 0);
        // 1005 locations on a spiral reaching past the view's edges: blocks of 256
        // inside, across and outside.
        let landed = blocks_against_binner(&binner, 1005, |i| {
            let (t, r) = (i as f64 * 0.05, 1e-5 * i as f64);
            (c.0 + r * t.cos(), c.1 + 0.7 * r * t.sin())
        });
        assert!(
            landed > 200 && landed < 800,
            "some land, some do not: {landed}"
        );
        // 13 close together: one block inside, 10 with weight, an eight and 2 more.
        let landed = blocks_against_binner(&binner, 13, |i| {
            (c.0 + 1e-5 * i as f64, c.1 - 7e-6 * i as f64)
        });
        assert_eq!(landed, 10);
    }

    /// A world built a slice at a time, with any budget, is the world built at
    /// once; progress grows to its total and the ids keep their order.
    #[test]
    fn a_world_in_slices_is_the_world_at_once() {
        let ll = |i: u32| {
            (
                112.5 + (i % 97) as f64 * 1e-3,
                26.8 + (i / 97) as f64 * 1e-3,
            )
        };
        for n in [0usize, 1, 5, 1000] {
            let ids: Vec<u32> = (0..n as u32)
                .map(|i| (i * 7919) % n.max(1) as u32)
                .collect();
            for crs in [Crs::Wgs84, Crs::Gcj02] {
                let whole = World::build(crs, ids.clone(), n, ll);
                for budget in [1, 3, 64, 999, usize::MAX] {
                    let mut b = WorldBuilder::new(crs, ids.clone(), n);
                    let mut last = 0;
                    while !b.step(budget, ll) {
                        let (done, total) = b.progress();
                        assert!(done >= last && done <= total, "{done} of {total}");
                        last = done;
                    }
                    assert_eq!(b.progress(), (3 * n, 3 * n));
                    let w = b.finish();
                    assert_eq!(
                        (&w.ids, &w.x, &w.y, w.frame),
                        (&whole.ids, &whole.x, &whole.y, whole.frame),
                        "n {n}, budget {budget}"
                    );
                }
            }
        }
    }

    /// Splats built a slice at a time, with any budget, are the plain reading of
    /// their definition: the slots that weigh something, in order, and each block
    /// of 256 with its box and total; progress grows to its total.
    #[test]
    fn splats_in_slices_are_the_weighed_slots_in_blocks() {
        let ll = |i: u32| {
            (
                112.5 + (i % 89) as f64 * 1e-3,
                26.8 + (i / 89) as f64 * 1e-3,
            )
        };
        for n in [0usize, 1, 255, 256, 257, 1000] {
            let ids: Vec<u32> = (0..n as u32)
                .map(|i| (i * 7919) % n.max(1) as u32)
                .collect();
            let world = World::build(Crs::Wgs84, ids, n, ll);
            for nought_every in [0, 1, 3, 7] {
                let w: Vec<f32> = (0..n)
                    .map(|s| match nought_every {
                        0 => 1.0 + (s % 5) as f32,
                        k if s % k == 0 => [0.0, -1.0, f32::NAN][s % 3],
                        _ => 0.5,
                    })
                    // One short: the last slot weighs nothing.
                    .take(n.saturating_sub((nought_every == 7) as usize))
                    .collect();
                let kept: Vec<usize> = (0..n)
                    .filter(|&s| w.get(s).is_some_and(|&w| w > 0.0))
                    .collect();
                let xs: Vec<u32> = kept.iter().map(|&s| world.x[s]).collect();
                let ys: Vec<u32> = kept.iter().map(|&s| world.y[s]).collect();
                let ws: Vec<f32> = kept.iter().map(|&s| w[s]).collect();
                let boxes: Vec<BlockBox> = (0..kept.len().div_ceil(BLOCK))
                    .map(|b| {
                        let r = b * BLOCK..((b + 1) * BLOCK).min(kept.len());
                        BlockBox {
                            min: [
                                *xs[r.clone()].iter().min().unwrap(),
                                *ys[r.clone()].iter().min().unwrap(),
                            ],
                            max: [
                                *xs[r.clone()].iter().max().unwrap(),
                                *ys[r.clone()].iter().max().unwrap(),
                            ],
                            weight: ws[r].iter().map(|&w| w as f64).sum(),
                        }
                    })
                    .collect();
                for budget in [1, 3, 200, 256, 999, usize::MAX] {
                    let mut b = SplatsBuilder::new(&world, w.clone());
                    let mut last = 0;
                    while !b.step(&world, budget) {
                        let (done, total) = b.progress();
                        assert!(done >= last && done <= total, "{done} of {total}");
                        last = done;
                    }
                    assert_eq!(b.progress(), (3 * n, 3 * n));
                    let s = b.finish();
                    let (px, py) = s.positions(&world);
                    let what = format!("n {n}, nought every {nought_every}, budget {budget}");
                    assert_eq!(s.shared, kept.len() == n, "{what}");
                    assert_eq!((px, py, &s.w[..]), (&xs[..], &ys[..], &ws[..]), "{what}");
                    assert_eq!(s.boxes, boxes, "{what}");
                    assert_eq!(s.frame, world.frame);
                }
            }
        }
    }

    #[test]
    fn the_cell_of_a_position_and_its_fraction() {
        for u in [0.5f32, 0.75, 1.0, 1.25, 2.0, 7.999, 300.5, 1000.0] {
            let (i, f) = cell(u);
            assert!((0.0..=1.0).contains(&f), "{u}: {f}");
            assert!((i as f32 + f - u).abs() < 1e-4, "{u}: {i} + {f}");
        }
    }
}
