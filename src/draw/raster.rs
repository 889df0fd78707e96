//! An RGBA raster with source-over compositing, paths of rings in device px, fills
//! (a solid colour or a hatch) and round-joined, optionally dashed strokes: what the
//! assignment map, the choropleths and the bins draw.
//!
//! Why our own: this used to be tiny-skia, whose raster pipeline (shaders, blend
//! modes, gradients, its own stroker and dasher, SIMD paths) made up about a quarter
//! of the wasm module. Built as `scripts/build-wasm.sh` does (release, LTO,
//! wasm-opt -O3), the tree just before the switch gave 1,146,632 bytes, 454,223
//! gzipped, and with this module and `ab_glyph_rasterizer` in tiny-skia's place
//! 829,000 bytes, 335,306 gzipped (−119 KB gzipped, −26%). The maps need polygons
//! and polylines in one colour each, so this is one coverage rasterizer and a
//! little geometry.
//!
//! How:
//! - Coverage comes from `ab_glyph_rasterizer` (font-rs style): every edge adds its
//!   signed area to a buffer, and a running sum gives each pixel's coverage. That sum
//!   is the winding number integrated over the pixel, so coverage is *nonzero with a
//!   clamp at 1*: rings must be oriented consistently. [`Path::push_ring`] takes each
//!   ring's role ([`RingKind`]) and the fill orients outer rings one way and holes
//!   the other by signed area, whatever the input's orientation. Many disjoint cells
//!   in one path then fill in one pass, and where cells of one path share an edge the
//!   two copies cancel exactly: no seam.
//! - The rasterizer drops coverage left of x = 0 and wraps coverage right of its width
//!   into the next row, so every edge is clipped here (in f64, before the f32 the
//!   rasterizer takes) to the rows and columns of the path's box on the canvas; the
//!   part of an edge beyond the left or right border becomes a vertical edge on that
//!   border spanning the same rows, which leaves the coverage inside exact.
//! - Each fill rasterises into a buffer the size of its path's (clipped) box, so the
//!   cost follows the path's size on screen, not the canvas's, and then composites
//!   coverage × paint into the canvas (premultiplied RGBA8, like tiny-skia's).
//! - Strokes are turned into polygons, one quad per segment, a round wedge on the
//!   outer side of each join, half discs as caps of open lines and dashes, filled
//!   together as one path. Pieces meeting along a segment's end line cancel there
//!   exactly; where pieces overlap near the stroke's edge (the inside corner of a
//!   join, or two cells' outlines along their shared edge in one path), the clamp
//!   over-counts that pixel's coverage by at most the overlap's share of it. Pieces
//!   farther than the stroke width off the canvas are not made, and a dash pattern
//!   skips the invisible length of a segment in O(1), so rings a million px across
//!   (deep zooms) cost what their visible part costs.
//!
//! Allocation: a [`Raster`] keeps its rasterizer and scratch buffers between calls;
//! after the first few draws, fills allocate nothing, and a stroke only the order in
//! which it sorts its segments to find shared ones (see [`crate::sort`]).

use ab_glyph_rasterizer::{point, Rasterizer};

type P = (f64, f64);

/// What a ring of a [`Path`] is. Fills orient `Outer` rings one way and `Hole`s the
/// other; an `Open` ring is a polyline: filled as if closed, stroked with caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RingKind {
    Outer,
    Hole,
    Open,
}

/// Rings in device px (x right, y down). Non-finite points are dropped on the way in.
#[derive(Debug, Clone, Default)]
pub struct Path {
    pts: Vec<P>,
    /// (start, end) into `pts`, and what the ring is.
    rings: Vec<(usize, usize, RingKind)>,
}

impl Path {
    pub fn new() -> Path {
        Path::default()
    }

    /// Empties the path, keeping its memory.
    pub fn clear(&mut self) {
        self.pts.clear();
        self.rings.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.rings.is_empty()
    }

    /// Adds a ring. A closed ring (`Outer`, `Hole`) joins its last point to its first
    /// (a repeated first point at the end, as GeoJSON has, changes nothing). Points
    /// with a NaN or infinite coordinate are skipped; a ring left with no point is not
    /// added.
    pub fn push_ring(&mut self, pts: impl IntoIterator<Item = (f64, f64)>, kind: RingKind) {
        let start = self.pts.len();
        self.pts.extend(
            pts.into_iter()
                .filter(|p| p.0.is_finite() && p.1.is_finite()),
        );
        if self.pts.len() > start {
            self.rings.push((start, self.pts.len(), kind));
        }
    }

    /// The rings, in the order they were added.
    pub fn rings(&self) -> impl Iterator<Item = (&[P], RingKind)> + '_ {
        self.rings.iter().map(|&(s, e, k)| (&self.pts[s..e], k))
    }

    /// The box around every point: (min, max); None when empty.
    pub fn bounds(&self) -> Option<(P, P)> {
        let mut it = self.pts.iter();
        let &first = it.next()?;
        Some(it.fold((first, first), |(lo, hi), &(x, y)| {
            ((lo.0.min(x), lo.1.min(y)), (hi.0.max(x), hi.1.max(y)))
        }))
    }
}

/// Twice the signed area of a ring, relative to its first point (fewer rounding
/// errors far from the origin). Positive is clockwise on screen (y down).
fn signed_area2(ring: &[P]) -> f64 {
    let Some(&o) = ring.first() else {
        return 0.0;
    };
    let mut s = 0.0;
    for k in 1..ring.len().saturating_sub(1) {
        let (a, b) = (ring[k], ring[k + 1]);
        s += (a.0 - o.0) * (b.1 - o.1) - (b.0 - o.0) * (a.1 - o.1);
    }
    s
}

/// Calls `f(a, b)` for each edge of each ring (closing edges included), oriented so
/// that outer and open rings have positive area and holes negative.
fn for_each_edge(path: &Path, mut f: impl FnMut(P, P)) {
    for (ring, kind) in path.rings() {
        if ring.len() < 2 {
            continue;
        }
        let area = signed_area2(ring);
        let flip = match kind {
            RingKind::Hole => area > 0.0,
            RingKind::Outer | RingKind::Open => area < 0.0,
        };
        let n = ring.len();
        for k in 0..n {
            let (a, b) = (ring[k], ring[(k + 1) % n]);
            if flip {
                f(b, a)
            } else {
                f(a, b)
            }
        }
    }
}

/// What fills a path.
#[derive(Debug, Clone, Copy)]
pub enum Paint<'a> {
    /// A colour, non-premultiplied RGBA8.
    Solid([u8; 4]),
    /// A repeating diagonal hatch anchored at the raster's origin.
    Hatch(&'a Hatch),
}

/// Diagonal lines (lower left to upper right) over a base colour, repeating every
/// `period` px along x and along y; a procedural pattern: the colour of pixel (x, y)
/// depends only on (x + y) mod period.
#[derive(Debug, Clone)]
pub struct Hatch {
    /// Premultiplied colours (0..=255 scale) by (x + y) mod period.
    table: Vec<[f32; 4]>,
}

impl Hatch {
    /// `base` and `line` are non-premultiplied RGBA8; lines run along x + y = k·period
    /// and are `line_width_px` wide (anti-aliased by their exact area in each pixel).
    pub fn new(base: [u8; 4], line: [u8; 4], period: u32, line_width_px: f64) -> Hatch {
        let n = period.max(2) as usize;
        // Over a pixel square, s = x + y is spread as a triangle on [s0, s0 + 2]: its
        // CDF measured from s0.
        let cdf = |t: f64| {
            if t <= 0.0 {
                0.0
            } else if t <= 1.0 {
                t * t / 2.0
            } else if t <= 2.0 {
                1.0 - (2.0 - t) * (2.0 - t) / 2.0
            } else {
                1.0
            }
        };
        // |x + y − k·n| ≤ half width · √2 is the band of line k.
        let hw = line_width_px.max(0.0) / 2.0 * std::f64::consts::SQRT_2;
        let (b, l) = (premultiply(base), premultiply(line));
        let table = (0..n)
            .map(|s0| {
                let c: f64 = (-1..=2i32)
                    .map(|k| {
                        let mid = (k * n as i32) as f64 - s0 as f64;
                        cdf(mid + hw) - cdf(mid - hw)
                    })
                    .sum::<f64>()
                    .min(1.0);
                let la = l[3] as f64 / 255.0 * c;
                std::array::from_fn(|i| (l[i] as f64 * c + b[i] as f64 * (1.0 - la)) as f32)
            })
            .collect();
        Hatch { table }
    }

    pub fn period(&self) -> usize {
        self.table.len()
    }
}

/// How a path is stroked. Joins and caps are round.
#[derive(Debug, Clone, Copy)]
pub struct Stroke<'a> {
    /// Width in px.
    pub width: f64,
    /// Dash pattern, on and off lengths in px from each ring's first point (an odd
    /// count is repeated, as canvas `setLineDash` does); empty patterns, patterns
    /// with a negative or non-finite length and periods under half a px draw solid.
    pub dash: &'a [f64],
}

fn premultiply([r, g, b, a]: [u8; 4]) -> [f32; 4] {
    let k = a as f32 / 255.0;
    [r as f32 * k, g as f32 * k, b as f32 * k, a as f32]
}

/// Source-over of premultiplied `src` (0..=255 scale) at coverage `cov` onto a
/// premultiplied RGBA8 pixel.
#[inline]
fn blend(dst: &mut [u8], src: [f32; 4], cov: f32) {
    let inv = 1.0 - src[3] * cov / 255.0;
    for i in 0..4 {
        dst[i] = (src[i] * cov + dst[i] as f32 * inv + 0.5).min(255.0) as u8;
    }
}

/// Coverage below this (a quarter of one 8-bit step) changes no pixel.
const MIN_COVERAGE: f32 = 1.0 / 1024.0;

/// A `width × height` premultiplied RGBA8 raster, transparent at first, with the
/// scratch memory its fills and strokes reuse.
pub struct Raster {
    width: usize,
    height: usize,
    px: Vec<u8>,
    rast: Rasterizer,
    /// A stroke's polygons.
    pieces: Path,
    /// A ring without repeated or collinear points; a dash.
    line: Vec<P>,
    dash_line: Vec<P>,
    /// Simplified rings of an undashed stroke, their segments' keys, and which
    /// segments repeat an earlier one.
    simple: Path,
    keys: Vec<([i64; 4], usize)>,
    skip: Vec<bool>,
    /// Crossings of one row (aliased fills).
    crossings: Vec<(f64, i32)>,
}

impl Raster {
    pub fn new(width: u32, height: u32) -> Raster {
        let (width, height) = (width as usize, height as usize);
        Raster {
            width,
            height,
            px: vec![0; width * height * 4],
            rast: Rasterizer::new(0, 0),
            pieces: Path::new(),
            line: Vec::new(),
            dash_line: Vec::new(),
            simple: Path::new(),
            keys: Vec::new(),
            skip: Vec::new(),
            crossings: Vec::new(),
        }
    }

    pub fn width(&self) -> u32 {
        self.width as u32
    }

    pub fn height(&self) -> u32 {
        self.height as u32
    }

    /// Pixel (x, y), premultiplied; None outside.
    pub fn premultiplied_at(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        let (x, y) = (x as usize, y as usize);
        (x < self.width && y < self.height).then(|| {
            let k = (y * self.width + x) * 4;
            [self.px[k], self.px[k + 1], self.px[k + 2], self.px[k + 3]]
        })
    }

    /// Non-premultiplied ("straight alpha") RGBA8, as canvas `ImageData` and PNG want.
    pub fn into_rgba(self) -> Vec<u8> {
        let mut data = self.px;
        for px in data.chunks_exact_mut(4) {
            let a = px[3] as u32;
            if a != 0 && a != 255 {
                for c in &mut px[..3] {
                    *c = ((*c as u32 * 255 + a / 2) / a).min(255) as u8;
                }
            }
        }
        data
    }

    /// Fills `path` (nonzero, anti-aliased).
    pub fn fill(&mut self, path: &Path, paint: &Paint) {
        let (w, px) = (self.width, &mut self.px);
        match *paint {
            Paint::Solid(rgba) => {
                let src = premultiply(rgba);
                coverage(&mut self.rast, path, self.width, self.height, |x, y, c| {
                    let k = (y * w + x) * 4;
                    if c >= 1.0 && rgba[3] == 255 {
                        px[k..k + 4].copy_from_slice(&rgba);
                    } else {
                        blend(&mut px[k..k + 4], src, c.min(1.0));
                    }
                })
            }
            Paint::Hatch(h) => {
                let n = h.table.len();
                coverage(&mut self.rast, path, self.width, self.height, |x, y, c| {
                    let k = (y * w + x) * 4;
                    blend(&mut px[k..k + 4], h.table[(x + y) % n], c.min(1.0));
                })
            }
        }
    }

    /// Fills `path` without anti-aliasing: a pixel is painted when its centre is
    /// inside (nonzero), with half-open edges so that polygons sharing an edge tile
    /// with neither gaps nor double paint. Costs rows × edges: meant for small
    /// polygons (bins).
    pub fn fill_aliased(&mut self, path: &Path, paint: &Paint) {
        let Some((lo, hi)) = path.bounds() else {
            return;
        };
        let (w, h) = (self.width as f64, self.height as f64);
        // Rows whose centre can be inside.
        let y0 = (lo.1 - 0.5).ceil().max(0.0);
        let y1 = (hi.1 - 0.5).ceil().min(h);
        if y0 >= y1 {
            return;
        }
        let (y0, y1) = (y0 as usize, y1 as usize);
        let mut xs = std::mem::take(&mut self.crossings);
        for y in y0..y1 {
            let cy = y as f64 + 0.5;
            xs.clear();
            for_each_edge(path, |a, b| {
                if a.1 == b.1 {
                    return;
                }
                // The same x for an edge whichever way it runs: shared edges agree.
                let (top, bot, dir) = if a.1 < b.1 { (a, b, 1) } else { (b, a, -1) };
                if top.1 <= cy && cy < bot.1 {
                    let x = top.0 + (bot.0 - top.0) * ((cy - top.1) / (bot.1 - top.1));
                    xs.push((x, dir));
                }
            });
            // Insertion sort: a row crosses a handful of edges (and no sort
            // instantiation for this; see crate::sort).
            for k in 1..xs.len() {
                let mut j = k;
                while j > 0 && xs[j - 1].0 > xs[j].0 {
                    xs.swap(j - 1, j);
                    j -= 1;
                }
            }
            let mut wind = 0;
            for k in 0..xs.len() {
                wind += xs[k].1;
                if wind == 0 || k + 1 == xs.len() {
                    continue;
                }
                // Pixels whose centre x + 0.5 lies in [xs[k], xs[k + 1]).
                let xa = (xs[k].0 - 0.5).ceil().clamp(0.0, w) as usize;
                let xb = (xs[k + 1].0 - 0.5).ceil().clamp(0.0, w) as usize;
                for x in xa..xb {
                    let k = (y * self.width + x) * 4;
                    let src = match *paint {
                        Paint::Solid(rgba) => premultiply(rgba),
                        Paint::Hatch(h) => h.table[(x + y) % h.table.len()],
                    };
                    blend(&mut self.px[k..k + 4], src, 1.0);
                }
            }
        }
        self.crossings = xs;
    }

    /// Strokes every ring of `path` (closed rings closed, open ones with round caps)
    /// with round joins, as one fill: where the stroke overlaps itself it is painted
    /// once.
    pub fn stroke(&mut self, path: &Path, stroke: &Stroke, paint: &Paint) {
        let r = stroke.width / 2.0;
        if !(r > 0.0 && r.is_finite()) {
            return;
        }
        let dash = stroke.dash;
        // Sub-pixel periods would cost a dash per half pixel and look solid anyway.
        let dashed = !dash.is_empty()
            && dash.iter().all(|d| d.is_finite() && *d >= 0.0)
            && dash.iter().sum::<f64>() >= 0.5;
        // Pieces farther than this from the canvas cannot touch it.
        let m = r + 1.0;
        let cull = ((-m, -m), (self.width as f64 + m, self.height as f64 + m));
        let mut pieces = std::mem::take(&mut self.pieces);
        let (mut line, mut dash_line) = (
            std::mem::take(&mut self.line),
            std::mem::take(&mut self.dash_line),
        );
        pieces.clear();
        if dashed {
            for (ring, kind) in path.rings() {
                let closed = kind != RingKind::Open;
                simplify(ring, closed, &mut line);
                let n = line.len();
                if n == 1 {
                    // A lone point of an open line is a dot, dashed or not.
                    if !closed {
                        polyline(&mut pieces, &line, false, r, cull, &[]);
                    }
                    continue;
                }
                let mut d = DashState::new(dash);
                dash_line.clear();
                for k in 0..if closed { n } else { n - 1 } {
                    let seg = (line[k], line[(k + 1) % n]);
                    dash_segment(&mut pieces, &mut dash_line, &mut d, seg, r, cull);
                }
                end_dash(&mut pieces, &mut dash_line, r, cull);
            }
        } else {
            // Each segment once: under nonzero a segment that two rings share (cells
            // side by side) is painted once, but here its second quad would double
            // the anti-aliased fringe along it.
            let mut simple = std::mem::take(&mut self.simple);
            simple.clear();
            for (ring, kind) in path.rings() {
                simplify(ring, kind != RingKind::Open, &mut line);
                simple.push_ring(line.iter().copied(), kind);
            }
            repeated_segments(&simple, &mut self.keys, &mut self.skip);
            for &(s, e, kind) in &simple.rings {
                let closed = kind != RingKind::Open;
                let skip = &self.skip[s..e];
                polyline(&mut pieces, &simple.pts[s..e], closed, r, cull, skip);
            }
            self.simple = simple;
        }
        self.fill(&pieces, paint);
        self.pieces = pieces;
        self.line = line;
        self.dash_line = dash_line;
    }
}

/// Calls `f(x, y, coverage)` for the canvas pixels that `path` covers (coverage
/// > [`MIN_COVERAGE`], possibly above 1: clamp it), row by row.
fn coverage(
    rast: &mut Rasterizer,
    path: &Path,
    width: usize,
    height: usize,
    mut f: impl FnMut(usize, usize, f32),
) {
    let Some((lo, hi)) = path.bounds() else {
        return;
    };
    let x0 = lo.0.floor().max(0.0);
    let x1 = hi.0.ceil().min(width as f64);
    let y0 = lo.1.floor().max(0.0);
    let y1 = hi.1.ceil().min(height as f64);
    if !(x0 < x1 && y0 < y1) {
        return;
    }
    let (bw, bh) = (x1 - x0, y1 - y0);
    // One column of margin each side: an edge on the box's border that rounding
    // puts a hair outside still lands in the buffer (and in the right row).
    let stride = bw as usize + 2;
    rast.reset(stride, bh as usize);
    for_each_edge(path, |a, b| {
        add_edge(rast, (a.0 - x0, a.1 - y0), (b.0 - x0, b.1 - y0), bw, bh);
    });
    let (x0, y0, bw) = (x0 as usize, y0 as usize, bw as usize);
    let (mut col, mut row) = (0usize, y0);
    rast.for_each_pixel(|_, c| {
        if c > MIN_COVERAGE && (1..=bw).contains(&col) {
            f(x0 + col - 1, row, c);
        }
        col += 1;
        if col == stride {
            col = 0;
            row += 1;
        }
    });
}

/// Adds the edge a → b (box coordinates) to the rasterizer, clipped to the box
/// [0, w] × [0, h]: cut at the top and bottom (rows outside do not exist), and
/// anything left of 0 or right of w replaced by a vertical edge on that border over
/// the same rows (which is what the coverage inside needs from it). Column 0 of the
/// buffer is a margin, so box x maps to buffer x + 1.
fn add_edge(rast: &mut Rasterizer, a: P, b: P, w: f64, h: f64) {
    if a.1 == b.1 || a.1.max(b.1) <= 0.0 || a.1.min(b.1) >= h {
        return;
    }
    let at_y = |y: f64| (a.0 + (b.0 - a.0) * ((y - a.1) / (b.1 - a.1)), y);
    let cut = |p: P| {
        if p.1 < 0.0 {
            at_y(0.0)
        } else if p.1 > h {
            at_y(h)
        } else {
            p
        }
    };
    let (a, b) = (cut(a), cut(b));
    if a.1 == b.1 {
        return;
    }
    let mut draw = |p: P, q: P| {
        rast.draw_line(
            point((p.0 + 1.0) as f32, p.1 as f32),
            point((q.0 + 1.0) as f32, q.1 as f32),
        )
    };
    if a.0.max(b.0) <= 0.0 {
        return draw((0.0, a.1), (0.0, b.1));
    }
    if a.0.min(b.0) >= w {
        return draw((w, a.1), (w, b.1));
    }
    // Split where the edge crosses x = 0 or x = w (at most twice).
    let mut ts = [0.0, 1.0, 1.0, 1.0];
    let mut n = 1;
    for xc in [0.0, w] {
        let t = (xc - a.0) / (b.0 - a.0);
        if t > 0.0 && t < 1.0 {
            ts[n] = t;
            n += 1;
        }
    }
    if n == 3 && ts[1] > ts[2] {
        ts.swap(1, 2);
    }
    ts[n] = 1.0;
    let at_t = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
        }
    };
    for k in 0..n {
        let (p, q) = (at_t(ts[k]), at_t(ts[k + 1]));
        let mid = 0.5 * (p.0 + q.0);
        let x = |v: f64| {
            if mid < 0.0 {
                0.0
            } else if mid > w {
                w
            } else {
                v.clamp(0.0, w)
            }
        };
        draw((x(p.0), p.1), (x(q.0), q.1));
    }
}

// ---- strokes ------------------------------------------------------------------

/// The ring without repeated points and without points on a straight line between
/// their neighbours (within 0.01 px): a grid's zone outline has thousands of those,
/// and each would otherwise cost a join. For a closed ring the last point repeating
/// the first is dropped too.
fn simplify(ring: &[P], closed: bool, out: &mut Vec<P>) {
    const TOL: f64 = 0.01;
    let straight = |a: P, m: P, b: P| {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = (m.0 - a.0) * dx + (m.1 - a.1) * dy;
        let cross = (m.0 - a.0) * dy - (m.1 - a.1) * dx;
        t > 0.0 && t < len2 && cross * cross <= TOL * TOL * len2
    };
    out.clear();
    for &p in ring {
        if out.last().is_some_and(|&q| q == p) {
            continue;
        }
        while out.len() >= 2 && straight(out[out.len() - 2], out[out.len() - 1], p) {
            out.pop();
        }
        out.push(p);
    }
    if closed {
        while out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        let n = out.len();
        if n >= 3 && straight(out[n - 1], out[0], out[1]) {
            out.remove(0);
        }
    }
}

/// Marks in `skip` (indexed like `path`'s points: the segment from point k to the
/// next) each segment whose endpoints, either way round, are those of an earlier
/// segment, compared on a 1/1024 px grid (neighbouring cells' shared corners often
/// differ in the last bits: `x0 + step` against `x0 + 2·step − step`).
fn repeated_segments(path: &Path, keys: &mut Vec<([i64; 4], usize)>, skip: &mut Vec<bool>) {
    skip.clear();
    skip.resize(path.pts.len(), false);
    if path.rings.len() < 2 {
        return;
    }
    keys.clear();
    for &(s, e, kind) in &path.rings {
        let n = e - s;
        let segs = match kind {
            _ if n < 2 => 0,
            RingKind::Open => n - 1,
            _ => n,
        };
        for k in 0..segs {
            let snap = |(x, y): P| ((x * 1024.0).round() as i64, (y * 1024.0).round() as i64);
            let (a, b) = (snap(path.pts[s + k]), snap(path.pts[s + (k + 1) % n]));
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            let key = [a.0, a.1, b.0, b.1];
            keys.push((key, s + k));
        }
    }
    crate::sort::by(keys, &|a, b| a.cmp(b));
    for w in keys.windows(2) {
        if w[0].0 == w[1].0 {
            skip[w[1].1] = true;
        }
    }
}

/// Does the box of `pts` grown by `r` meet `cull`?
fn visible(pts: &[P], r: f64, cull: (P, P)) -> bool {
    let (lo, hi) = cull;
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pts {
        x0 = x0.min(p.0);
        y0 = y0.min(p.1);
        x1 = x1.max(p.0);
        y1 = y1.max(p.1);
    }
    x1 + r >= lo.0 && x0 - r <= hi.0 && y1 + r >= lo.1 && y0 - r <= hi.1
}

/// Unit direction of a → b (a ≠ b).
fn dir(a: P, b: P) -> P {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let l = dx.hypot(dy);
    (dx / l, dy / l)
}

/// Points of the arc around `c` from `c + v0`, turning by `phi` radians (sign: the
/// direction of rotation, positive from +x towards +y), within 0.02 px of the circle.
fn arc(out: &mut Vec<P>, c: P, v0: P, phi: f64, r: f64) {
    const TOL: f64 = 0.02;
    let step = if r > TOL {
        2.0 * (1.0 - TOL / r).acos()
    } else {
        std::f64::consts::PI
    };
    let n = (phi.abs() / step).ceil().clamp(1.0, 64.0) as usize;
    let (s, co) = (phi / n as f64).sin_cos();
    let mut v = v0;
    out.push((c.0 + v.0, c.1 + v.1));
    for _ in 0..n {
        v = (v.0 * co - v.1 * s, v.0 * s + v.1 * co);
        out.push((c.0 + v.0, c.1 + v.1));
    }
}

/// Adds a piece (a closed outer ring built in `pts`' tail) to `out`.
fn push_piece(out: &mut Path, start: usize) {
    let end = out.pts.len();
    if end > start {
        out.rings.push((start, end, RingKind::Outer));
    }
}

/// The stroke of a polyline (no repeated points) as polygons: a quad per segment
/// (but not for segment k, from point k, when `skip[k]`), a round wedge on the
/// outer side of each join, half discs at the ends of an open line (a lone point: a
/// disc). Pieces off `cull` are skipped.
fn polyline(out: &mut Path, pts: &[P], closed: bool, r: f64, cull: (P, P), skip: &[bool]) {
    let n = pts.len();
    if n == 0 || closed && n < 2 {
        return;
    }
    if n == 1 {
        if visible(pts, r, cull) {
            let s = out.pts.len();
            arc(
                &mut out.pts,
                pts[0],
                (r, 0.0),
                2.0 * std::f64::consts::PI,
                r,
            );
            push_piece(out, s);
        }
        return;
    }
    let segs = if closed { n } else { n - 1 };
    for k in 0..segs {
        let (a, b) = (pts[k], pts[(k + 1) % n]);
        if skip.get(k) == Some(&true) || !visible(&[a, b], r, cull) {
            continue;
        }
        let d = dir(a, b);
        let l = (-d.1 * r, d.0 * r);
        let s = out.pts.len();
        out.pts.extend([
            (a.0 + l.0, a.1 + l.1),
            (b.0 + l.0, b.1 + l.1),
            (b.0 - l.0, b.1 - l.1),
            (a.0 - l.0, a.1 - l.1),
        ]);
        push_piece(out, s);
    }
    // Joins at the vertices between two segments.
    let joins = if closed { 0..n } else { 1..n - 1 };
    for k in joins {
        let p = pts[k];
        if !visible(&[p], r, cull) {
            continue;
        }
        let (d0, d1) = (dir(pts[(k + n - 1) % n], p), dir(p, pts[(k + 1) % n]));
        let cross = d0.0 * d1.1 - d0.1 * d1.0;
        let dot = d0.0 * d1.0 + d0.1 * d1.1;
        let phi = cross.atan2(dot);
        if phi.abs() < 1e-6 {
            continue;
        }
        // The outer side is opposite the turn; an about-turn goes round the front.
        let side = if cross >= 0.0 { -r } else { r };
        let phi = if cross == 0.0 {
            std::f64::consts::PI
        } else {
            phi
        };
        let s = out.pts.len();
        out.pts.push(p);
        arc(&mut out.pts, p, (-d0.1 * side, d0.0 * side), phi, r);
        push_piece(out, s);
    }
    if !closed {
        for (p, d, v) in [
            (pts[0], dir(pts[0], pts[1]), 1.0),
            (pts[n - 1], dir(pts[n - 2], pts[n - 1]), -1.0),
        ] {
            if !visible(&[p], r, cull) {
                continue;
            }
            // From the +normal side (start) or the −normal side (end), half a turn
            // through the outward direction.
            let s = out.pts.len();
            out.pts.push(p);
            arc(
                &mut out.pts,
                p,
                (-d.1 * r * v, d.0 * r * v),
                std::f64::consts::PI,
                r,
            );
            push_piece(out, s);
        }
    }
}

/// Where a dash pattern stands: interval `i` (even: on) with `left` px to go.
struct DashState<'a> {
    pat: &'a [f64],
    /// Intervals per period: an odd pattern runs twice so on and off alternate.
    len: usize,
    period: f64,
    i: usize,
    left: f64,
}

impl<'a> DashState<'a> {
    fn new(pat: &'a [f64]) -> DashState<'a> {
        let len = if pat.len() % 2 == 1 {
            2 * pat.len()
        } else {
            pat.len()
        };
        let period = pat.iter().sum::<f64>() * (len / pat.len()) as f64;
        DashState {
            pat,
            len,
            period,
            i: 0,
            left: pat[0],
        }
    }

    fn on(&self) -> bool {
        self.i.is_multiple_of(2)
    }

    fn next(&mut self) {
        self.i = (self.i + 1) % self.len;
        self.left = self.pat[self.i % self.pat.len()];
    }

    /// Moves `d` px along the pattern in O(pattern length), however long `d` is.
    fn skip(&mut self, d: f64) {
        if d < self.left {
            self.left -= d;
            return;
        }
        let mut d = (d - self.left) % self.period;
        self.next();
        while d >= self.left {
            d -= self.left;
            self.next();
        }
        self.left -= d;
    }
}

/// Strokes the dash in `cur` (if any) and empties it.
fn end_dash(out: &mut Path, cur: &mut Vec<P>, r: f64, cull: (P, P)) {
    if !cur.is_empty() {
        cur.dedup();
        polyline(out, cur, false, r, cull, &[]);
        cur.clear();
    }
}

/// Walks segment a → b through the dash pattern, extending the dash in `cur` (a
/// polyline; empty between dashes) and stroking each dash that ends. Only the part
/// of the segment within `cull` (grown by `r`) is walked dash by dash; the rest is
/// skipped in O(1) and ends any dash there (its cap lies off the canvas).
fn dash_segment(
    out: &mut Path,
    cur: &mut Vec<P>,
    d: &mut DashState,
    (a, b): (P, P),
    r: f64,
    cull: (P, P),
) {
    let len = (b.0 - a.0).hypot(b.1 - a.1);
    if len == 0.0 {
        return;
    }
    let at = |s: f64| {
        let t = s / len;
        (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
    };
    // The stretch [t0, t1] of the segment within cull grown by r (Liang–Barsky).
    let (lo, hi) = cull;
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (a.0 - b.0, a.0 - (lo.0 - r)),
        (b.0 - a.0, hi.0 + r - a.0),
        (a.1 - b.1, a.1 - (lo.1 - r)),
        (b.1 - a.1, hi.1 + r - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                t1 = -1.0;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    if t0 >= t1 {
        end_dash(out, cur, r, cull);
        d.skip(len);
        return;
    }
    let (s0, s1) = (t0 * len, t1 * len);
    if s0 > 0.0 {
        end_dash(out, cur, r, cull);
        d.skip(s0);
    }
    let mut s = s0;
    while s < s1 {
        if d.on() && cur.is_empty() {
            cur.push(at(s));
        }
        if d.left >= s1 - s {
            d.left -= s1 - s;
            s = s1;
        } else {
            s += d.left;
            d.left = 0.0;
        }
        if d.left <= 0.0 {
            if d.on() {
                cur.push(at(s));
                end_dash(out, cur, r, cull);
            }
            d.next();
        }
    }
    if s1 < len {
        if !cur.is_empty() {
            cur.push(at(s1));
        }
        end_dash(out, cur, r, cull);
        d.skip(len - s1);
    } else if !cur.is_empty() {
        cur.push(b);
    }
}

/// A ring in device px and its colour (non-premultiplied RGBA).
pub type PxShape = (Vec<(f64, f64)>, [u8; 4]);

/// Fills polygons given in device px, each with its colour, on a transparent
/// `w × h` raster; returns non-premultiplied RGBA8. Without `aa` a pixel is painted
/// when its centre is inside, so polygons that tile (bins) meet without seams.
pub fn fill_polygons_px(w: u32, h: u32, shapes: &[PxShape], aa: bool) -> Vec<u8> {
    let mut raster = Raster::new(w, h);
    let mut path = Path::new();
    for (ring, rgba) in shapes {
        path.clear();
        path.push_ring(ring.iter().copied(), RingKind::Outer);
        if aa {
            raster.fill(&path, &Paint::Solid(*rgba));
        } else {
            raster.fill_aliased(&path, &Paint::Solid(*rgba));
        }
    }
    raster.into_rgba()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Coverage of each pixel of a `w × h` raster, from the rasterizer.
    fn cov(path: &Path, w: usize, h: usize) -> Vec<f32> {
        let mut out = vec![0f32; w * h];
        let mut rast = Rasterizer::new(0, 0);
        coverage(&mut rast, path, w, h, |x, y, c| out[y * w + x] = c.min(1.0));
        out
    }

    fn poly(pts: &[P], kind: RingKind) -> Path {
        let mut p = Path::new();
        p.push_ring(pts.iter().copied(), kind);
        p
    }

    /// Area of a simple polygon inside the unit pixel (x, y): Sutherland–Hodgman
    /// against the pixel's four sides, then the shoelace.
    fn exact(pts: &[P], x: usize, y: usize) -> f64 {
        let (x0, y0, x1, y1) = (x as f64, y as f64, x as f64 + 1.0, y as f64 + 1.0);
        let mut ring: Vec<P> = pts.to_vec();
        type Side = (fn(P, f64) -> bool, fn(P, P, f64) -> P, f64);
        let sides: [Side; 4] = [
            (
                |p, v| p.0 >= v,
                |a, b, v| (v, a.1 + (b.1 - a.1) * (v - a.0) / (b.0 - a.0)),
                x0,
            ),
            (
                |p, v| p.0 <= v,
                |a, b, v| (v, a.1 + (b.1 - a.1) * (v - a.0) / (b.0 - a.0)),
                x1,
            ),
            (
                |p, v| p.1 >= v,
                |a, b, v| (a.0 + (b.0 - a.0) * (v - a.1) / (b.1 - a.1), v),
                y0,
            ),
            (
                |p, v| p.1 <= v,
                |a, b, v| (a.0 + (b.0 - a.0) * (v - a.1) / (b.1 - a.1), v),
                y1,
            ),
        ];
        for (inside, cut, v) in sides {
            let mut next = vec![];
            for k in 0..ring.len() {
                let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
                match (inside(a, v), inside(b, v)) {
                    (true, true) => next.push(b),
                    (true, false) => next.push(cut(a, b, v)),
                    (false, true) => {
                        next.push(cut(a, b, v));
                        next.push(b)
                    }
                    (false, false) => {}
                }
            }
            ring = next;
            if ring.is_empty() {
                return 0.0;
            }
        }
        (signed_area2(&ring) / 2.0).abs()
    }

    /// Checks every pixel's coverage against the exact area of a simple polygon.
    fn assert_exact(pts: &[P], w: usize, h: usize, tol: f32) {
        let got = cov(&poly(pts, RingKind::Outer), w, h);
        for y in 0..h {
            for x in 0..w {
                let want = exact(pts, x, y) as f32;
                let g = got[y * w + x];
                assert!(
                    (g - want).abs() <= tol,
                    "pixel ({x},{y}): coverage {g}, exact {want}"
                );
            }
        }
    }

    #[test]
    fn a_rectangle_on_fractional_coordinates_covers_its_exact_area_per_pixel() {
        let r = [(1.25, 2.5), (4.75, 2.5), (4.75, 5.2), (1.25, 5.2)];
        assert_exact(&r, 8, 7, 1e-5);
        // Spot checks, by hand: corner pixel (1, 2) is 0.75 × 0.5.
        let c = cov(&poly(&r, RingKind::Outer), 8, 7);
        assert!((c[2 * 8 + 1] - 0.375).abs() < 1e-5);
        assert!((c[3 * 8 + 2] - 1.0).abs() < 1e-5);
        assert_eq!(c[3 * 8 + 5], 0.0);
    }

    #[test]
    fn a_triangles_total_coverage_is_its_area() {
        let t = [(1.3, 1.1), (7.7, 2.9), (3.1, 6.6)];
        let area = signed_area2(&t).abs() / 2.0;
        let c = cov(&poly(&t, RingKind::Outer), 9, 8);
        let total: f64 = c.iter().map(|&v| v as f64).sum();
        assert!((total - area).abs() < 1e-4, "{total} vs {area}");
        assert_exact(&t, 9, 8, 1e-5);
        // Either orientation.
        let rev: Vec<P> = t.iter().rev().copied().collect();
        assert_exact(&rev, 9, 8, 1e-5);
    }

    #[test]
    fn a_hole_stays_empty_whatever_the_rings_orientation() {
        let outer = [(1.0, 1.0), (11.0, 1.0), (11.0, 9.0), (1.0, 9.0)];
        let hole = [(3.5, 3.0), (8.0, 3.0), (8.0, 6.5), (3.5, 6.5)];
        for (ro, rh) in [(false, false), (false, true), (true, false), (true, true)] {
            let o: Vec<P> = if ro {
                outer.iter().rev().copied().collect()
            } else {
                outer.to_vec()
            };
            let h: Vec<P> = if rh {
                hole.iter().rev().copied().collect()
            } else {
                hole.to_vec()
            };
            let mut p = Path::new();
            p.push_ring(o, RingKind::Outer);
            p.push_ring(h, RingKind::Hole);
            let c = cov(&p, 12, 10);
            for y in 0..10 {
                for x in 0..12 {
                    let want = exact(&outer, x, y) - exact(&hole, x, y);
                    let g = c[y * 12 + x];
                    assert!(
                        (g as f64 - want).abs() < 1e-5,
                        "{ro} {rh} ({x},{y}): {g} vs {want}"
                    );
                }
            }
            // Inside the hole: nothing; the half-covered column x = 3 holds half.
            assert_eq!(c[4 * 12 + 5], 0.0);
            assert!((c[4 * 12 + 3] - 0.5).abs() < 1e-5);
        }
    }

    #[test]
    fn polygons_across_each_border_cover_exactly_the_clipped_area() {
        let (w, h) = (10, 7);
        for shape in [
            // Across the left border, the right, the top, the bottom, all four, and
            // a concave one through two corners.
            vec![(-3.3, 1.2), (4.6, 2.1), (2.2, 6.4)],
            vec![(5.5, 0.7), (13.9, 3.3), (6.1, 6.2)],
            vec![(2.2, -4.4), (8.3, 2.6), (1.1, 3.7)],
            vec![(1.4, 2.2), (8.8, 5.1), (3.3, 11.7)],
            vec![(-2.5, -1.5), (12.7, 0.5), (11.2, 9.3), (-1.9, 8.1)],
            vec![
                (-2.0, -2.0),
                (5.0, 3.0),
                (13.0, -1.0),
                (12.0, 9.0),
                (4.0, 4.5),
                (-1.0, 9.5),
            ],
        ] {
            assert_exact(&shape, w, h, 2e-5);
        }
    }

    #[test]
    fn a_polygon_a_million_px_off_canvas_covers_exactly_the_clipped_area() {
        // A wedge from far left and far above ending inside.
        let s = [
            (-1.0e6, -1.0e6),
            (1.0e6, 3.5),
            (4.25, 5.75),
            (-1.0e6, 1.0e6),
        ];
        let (w, h) = (9, 8);
        let c = cov(&poly(&s, RingKind::Outer), w, h);
        for y in 0..h {
            for x in 0..w {
                let want = exact(&s, x, y) as f32;
                assert!(
                    (c[y * w + x] - want).abs() < 1e-3,
                    "({x},{y}) {} {want}",
                    c[y * w + x]
                );
            }
        }
        // Entirely off: nothing, and nothing leaks.
        for off in [(-2.0e6, 0.0), (2.0e6, 0.0), (0.0, -2.0e6), (0.0, 2.0e6)] {
            let sq: Vec<P> = [(0.0, 0.0), (5.0e5, 0.0), (5.0e5, 5.0e5), (0.0, 5.0e5)]
                .iter()
                .map(|p| (p.0 + off.0, p.1 + off.1))
                .collect();
            assert!(cov(&poly(&sq, RingKind::Outer), w, h)
                .iter()
                .all(|&v| v == 0.0));
        }
        // A huge square around the canvas: all full.
        let big = [
            (-1.0e6, -1.0e6),
            (1.0e6, -1.0e6),
            (1.0e6, 1.0e6),
            (-1.0e6, 1.0e6),
        ];
        assert!(cov(&poly(&big, RingKind::Outer), w, h)
            .iter()
            .all(|&v| (v - 1.0).abs() < 1e-4));
    }

    #[test]
    fn adjacent_squares_in_one_path_leave_no_seam() {
        let mut p = Path::new();
        // Shared edge at x = 4.4, one ring clockwise and one counter-clockwise, and a
        // third below sharing a horizontal and a slanted edge.
        p.push_ring(
            [(1.0, 1.0), (4.4, 1.0), (4.4, 5.0), (1.0, 5.0)],
            RingKind::Outer,
        );
        p.push_ring(
            [(4.4, 1.0), (4.4, 5.0), (8.0, 5.0), (8.0, 1.0)],
            RingKind::Outer,
        );
        p.push_ring(
            [(1.0, 5.0), (8.0, 5.0), (8.0, 8.3), (1.0, 7.1)],
            RingKind::Outer,
        );
        let mut r = Raster::new(10, 10);
        r.fill(&p, &Paint::Solid([10, 20, 30, 255]));
        for y in 1..7 {
            for x in 1..8 {
                assert_eq!(
                    r.premultiplied_at(x, y).unwrap()[3],
                    255,
                    "seam at ({x},{y})"
                );
            }
        }
        // Translucent: the shared column has exactly the colour's alpha, not more.
        let mut r = Raster::new(10, 10);
        r.fill(&p, &Paint::Solid([10, 20, 30, 100]));
        for y in 1..7 {
            assert_eq!(r.premultiplied_at(4, y).unwrap()[3], 100);
        }
    }

    #[test]
    fn overlapping_rings_of_one_path_paint_once() {
        let mut p = Path::new();
        p.push_ring(
            [(1.0, 1.0), (6.0, 1.0), (6.0, 6.0), (1.0, 6.0)],
            RingKind::Outer,
        );
        p.push_ring(
            [(3.0, 3.0), (3.0, 8.0), (8.0, 8.0), (8.0, 3.0)],
            RingKind::Outer,
        );
        let mut r = Raster::new(10, 10);
        r.fill(&p, &Paint::Solid([0, 0, 0, 100]));
        assert_eq!(r.premultiplied_at(4, 4).unwrap()[3], 100);
        assert_eq!(r.premultiplied_at(2, 2).unwrap()[3], 100);
        assert_eq!(r.premultiplied_at(7, 2).unwrap()[3], 0);
    }

    fn stroke_cov(path: &Path, width: f64, dash: &[f64], w: u32, h: u32) -> Vec<f32> {
        let mut r = Raster::new(w, h);
        r.stroke(path, &Stroke { width, dash }, &Paint::Solid([0, 0, 0, 255]));
        r.px.chunks_exact(4).map(|p| p[3] as f32 / 255.0).collect()
    }

    #[test]
    fn a_horizontal_stroke_of_width_w_covers_w_rows() {
        for (y, width) in [(5.0, 2.0), (5.25, 1.5), (5.5, 1.0), (4.9, 3.3)] {
            let line = poly(&[(2.0, y), (18.0, y)], RingKind::Open);
            let c = stroke_cov(&line, width, &[], 20, 12);
            // Away from the caps each column holds `width` rows' worth.
            for x in 4..16 {
                let col: f32 = (0..12).map(|yy| c[yy * 20 + x]).sum();
                assert!((col - width as f32).abs() < 0.01, "w {width} x {x}: {col}");
            }
            // With round caps the total is the capsule's, within the arcs' tolerance.
            let total: f32 = c.iter().sum();
            let r = width / 2.0;
            let want = 16.0 * width + std::f64::consts::PI * r * r;
            assert!(
                (total as f64 - want).abs() < 0.05 * want,
                "{total} vs {want}"
            );
        }
    }

    #[test]
    fn a_closed_ring_is_stroked_all_round_and_not_filled() {
        let sq = poly(
            &[(3.0, 3.0), (13.0, 3.0), (13.0, 9.0), (3.0, 9.0), (3.0, 3.0)],
            RingKind::Outer,
        );
        let c = stroke_cov(&sq, 2.0, &[], 16, 12);
        let at = |x: usize, y: usize| c[y * 16 + x];
        // Each side covers the two pixels either side of it; the inside stays empty.
        for x in 4..12 {
            assert!(at(x, 2) > 0.99 && at(x, 3) > 0.99 && at(x, 8) > 0.99 && at(x, 9) > 0.99);
        }
        for y in 4..8 {
            assert!(at(2, y) > 0.99 && at(3, y) > 0.99 && at(12, y) > 0.99 && at(13, y) > 0.99);
        }
        for y in 5..7 {
            for x in 5..11 {
                assert_eq!(at(x, y), 0.0);
            }
        }
        // Round outer corners: the corner pixel (2, 2) is about a quarter disc of
        // radius 1 (π/4), not the full square a miter would give.
        assert!((at(2, 2) - 0.785).abs() < 0.06, "{}", at(2, 2));
        // Straight runs have no seams where a point sits mid-side.
        let sq2 = poly(
            &[(3.0, 3.0), (8.0, 3.0), (13.0, 3.0), (13.0, 9.0), (3.0, 9.0)],
            RingKind::Outer,
        );
        let c2 = stroke_cov(&sq2, 2.0, &[], 16, 12);
        assert_eq!(c, c2);
    }

    #[test]
    fn an_edge_two_rings_share_is_stroked_once() {
        // Two cells side by side at x = 8.3 (the second's copy a hair off, as float
        // sums give): the line there (width 1: x ∈ [7.8, 8.8]) covers 0.2 and 0.8 of
        // pixels 7 and 8, as a single line would, not twice that.
        let mut p = Path::new();
        p.push_ring(
            [(2.0, 2.0), (8.3, 2.0), (8.3, 9.0), (2.0, 9.0)],
            RingKind::Outer,
        );
        let x = 8.3 + 1e-12;
        p.push_ring(
            [(x, 2.0), (14.0, 2.0), (14.0, 9.0), (x, 9.0)],
            RingKind::Outer,
        );
        let c = stroke_cov(&p, 1.0, &[], 16, 12);
        for y in 4..7 {
            assert!((c[y * 16 + 7] - 0.2).abs() < 0.01, "{}", c[y * 16 + 7]);
            assert!((c[y * 16 + 8] - 0.8).abs() < 0.01, "{}", c[y * 16 + 8]);
        }
    }

    #[test]
    fn dashes_leave_gaps_where_the_pattern_says() {
        // Dashes of 4 on, 4 off from x = 0 on row 10 (width 1: rows 10.0..11.0), with
        // round caps of radius 0.5: ink on x ∈ [8k − 0.5, 8k + 4.5].
        let line = poly(&[(0.0, 10.5), (40.0, 10.5)], RingKind::Open);
        let c = stroke_cov(&line, 1.0, &[4.0, 4.0], 40, 20);
        for k in 0..5 {
            for x in 8 * k + 1..8 * k + 4 {
                assert!(c[10 * 40 + x] > 0.99, "dash {k} at {x}: {}", c[10 * 40 + x]);
            }
            for x in 8 * k + 5..8 * k + 7 {
                assert_eq!(c[10 * 40 + x], 0.0, "gap {k} at {x}");
            }
        }
        // The pattern continues round corners: a 4 + 4 ring of side 16 has 8 dashes.
        let sq = poly(
            &[(2.0, 2.5), (18.0, 2.5), (18.0, 18.5), (2.0, 18.5)],
            RingKind::Outer,
        );
        let c = stroke_cov(&sq, 1.0, &[4.0, 4.0], 21, 21);
        let top: Vec<bool> = (2..18).map(|x| c[2 * 21 + x] > 0.5).collect();
        let want: Vec<bool> = (2..18).map(|x| (x - 2) % 8 < 4).collect();
        assert_eq!(top, want);
        // An odd pattern repeats: [3] is 3 on, 3 off.
        let c = stroke_cov(&line, 1.0, &[3.0], 40, 20);
        assert!(c[10 * 40 + 1] > 0.99 && c[10 * 40 + 4] == 0.0 && c[10 * 40 + 7] > 0.99);
    }

    #[test]
    fn a_dashed_line_a_million_px_long_costs_only_its_visible_part() {
        let line = poly(&[(-1.0e7, 5.5), (1.0e7 + 0.3, 5.5)], RingKind::Open);
        let mut r = Raster::new(32, 10);
        r.stroke(
            &line,
            &Stroke {
                width: 1.0,
                dash: &[2.0, 4.0],
            },
            &Paint::Solid([0, 0, 0, 255]),
        );
        // The work, counted rather than timed: only the dashes near the canvas are
        // built (the whole line would be 3.3 million of them).
        assert!(r.pieces.pts.len() < 1000, "{} points", r.pieces.pts.len());
        let c: Vec<f32> = r.px.chunks_exact(4).map(|p| p[3] as f32 / 255.0).collect();
        // In phase with the line's start: the pattern position of canvas x is
        // (x + 1e7) mod 6; ink on [0, 2] plus the caps' 0.5, clear on [2.5, 5.5].
        let (mut inked, mut clear) = (0, 0);
        for x in 0..32 {
            let pos = (x as f64 + 0.5 + 1.0e7) % 6.0;
            let v = c[5 * 32 + x];
            if (0.5..=1.5).contains(&pos) {
                assert!(v > 0.99, "{x}: {v}");
                inked += 1;
            }
            if (3.5..=4.5).contains(&pos) {
                assert_eq!(v, 0.0, "{x}");
                clear += 1;
            }
        }
        assert!(inked >= 10 && clear >= 10, "{inked} {clear}");
    }

    #[test]
    fn source_over_matches_the_formula_and_the_output_is_straight_alpha() {
        let sq = poly(
            &[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)],
            RingKind::Outer,
        );
        let (c1, c2) = ([200u8, 100, 50, 128], [20u8, 40, 240, 90]);
        let mut r = Raster::new(4, 4);
        r.fill(&sq, &Paint::Solid(c1));
        // Premultiplied inside (rounded).
        assert_eq!(r.premultiplied_at(1, 1).unwrap(), [100, 50, 25, 128]);
        r.fill(&sq, &Paint::Solid(c2));
        let out = r.into_rgba();
        let (a1, a2) = (c1[3] as f64 / 255.0, c2[3] as f64 / 255.0);
        let ao = a2 + a1 * (1.0 - a2);
        let mut want = [0u8; 4];
        for i in 0..3 {
            let v = (c2[i] as f64 * a2 + c1[i] as f64 * a1 * (1.0 - a2)) / ao;
            want[i] = v.round() as u8;
        }
        want[3] = (ao * 255.0).round() as u8;
        for i in 0..4 {
            assert!(out[i].abs_diff(want[i]) <= 1, "{:?} vs {want:?}", &out[..4]);
        }
        // One translucent colour on transparent comes back as given, within the
        // rounding of premultiplied 8-bit storage (255 / alpha / 2).
        let mut r = Raster::new(4, 4);
        r.fill(&sq, &Paint::Solid(c1));
        let out = r.into_rgba();
        for i in 0..4 {
            assert!(out[i].abs_diff(c1[i]) <= 1, "{:?} vs {c1:?}", &out[..4]);
        }
    }

    #[test]
    fn partial_coverage_scales_alpha_not_colour() {
        // Half a pixel of opaque red: alpha 128, colour still pure red.
        let half = poly(
            &[(0.0, 0.0), (0.5, 0.0), (0.5, 1.0), (0.0, 1.0)],
            RingKind::Outer,
        );
        let mut r = Raster::new(2, 1);
        r.fill(&half, &Paint::Solid([255, 0, 0, 255]));
        let out = r.into_rgba();
        assert_eq!(out[3], 128);
        assert_eq!(&out[..3], &[255, 0, 0]);
        assert_eq!(&out[4..], &[0, 0, 0, 0]);
    }

    #[test]
    fn the_hatch_repeats_along_the_diagonal_with_dark_lines() {
        let h = Hatch::new([189, 189, 189, 140], [90, 90, 90, 200], 8, 1.25);
        assert_eq!(h.period(), 8);
        let sq = poly(
            &[(0.0, 0.0), (16.0, 0.0), (16.0, 16.0), (0.0, 16.0)],
            RingKind::Outer,
        );
        let mut r = Raster::new(16, 16);
        r.fill(&sq, &Paint::Hatch(&h));
        let out = r.into_rgba();
        let at = |x: usize, y: usize| out[(y * 16 + x) * 4];
        // Pixel (x, y) spans x + y ∈ [s, s + 2]: the line x + y = 8 runs through the
        // pixels with s = 7 (dark), not those with s = 3 (light, the base colour).
        assert!(
            at(3, 4) < 150 && at(0, 7) < 150,
            "{} {}",
            at(3, 4),
            at(0, 7)
        );
        assert!(at(1, 2) > 180 && at(2, 1) > 180);
        for y in 0..8 {
            for x in 0..8 {
                assert_eq!(at(x, y), at(x + 8, y));
                assert_eq!(at(x, y), at(x, y + 8));
            }
        }
        // Average darkness matches the lines' share of the area (1.25 px / (8/√2)).
        let dark: f64 = (0..64)
            .map(|k| (189 - at(k % 8, k / 8) as i32) as f64)
            .sum::<f64>()
            / 64.0;
        assert!(dark > 15.0 && dark < 45.0, "{dark}");
    }

    #[test]
    fn aliased_fills_tile_without_gaps_or_double_paint() {
        // Two triangles making a square, a hexagon-ish pair sharing a slanted edge.
        let mut r = Raster::new(12, 12);
        let a = poly(&[(1.3, 1.2), (10.6, 1.2), (1.3, 10.7)], RingKind::Outer);
        let b = poly(&[(10.6, 1.2), (10.6, 10.7), (1.3, 10.7)], RingKind::Outer);
        r.fill_aliased(&a, &Paint::Solid([0, 0, 0, 100]));
        r.fill_aliased(&b, &Paint::Solid([0, 0, 0, 100]));
        for y in 0..12u32 {
            for x in 0..12u32 {
                let (cx, cy) = (x as f64 + 0.5, y as f64 + 0.5);
                let inside = (1.3..10.6).contains(&cx) && (1.2..10.7).contains(&cy);
                let al = r.premultiplied_at(x, y).unwrap()[3];
                assert_eq!(al, if inside { 100 } else { 0 }, "({x},{y})");
            }
        }
        // Holes by pixel centres too.
        let mut p = Path::new();
        p.push_ring(
            [(0.0, 0.0), (8.0, 0.0), (8.0, 8.0), (0.0, 8.0)],
            RingKind::Outer,
        );
        p.push_ring(
            [(2.0, 2.0), (6.0, 2.0), (6.0, 6.0), (2.0, 6.0)],
            RingKind::Hole,
        );
        let mut r = Raster::new(8, 8);
        r.fill_aliased(&p, &Paint::Solid([0, 0, 0, 255]));
        assert_eq!(r.premultiplied_at(3, 3).unwrap()[3], 0);
        assert_eq!(r.premultiplied_at(1, 3).unwrap()[3], 255);
    }

    #[test]
    fn empty_degenerate_and_nan_input_draws_nothing_and_does_not_panic() {
        let mut r = Raster::new(8, 8);
        let paint = Paint::Solid([0, 0, 0, 255]);
        let s = |width| Stroke { width, dash: &[] };
        let mut p = Path::new();
        r.fill(&p, &paint);
        r.stroke(&p, &s(2.0), &paint);
        p.push_ring([(f64::NAN, 1.0), (2.0, f64::INFINITY)], RingKind::Outer);
        assert!(p.is_empty());
        p.push_ring(
            [(1.0, 1.0), (f64::NAN, 3.0), (5.0, 1.0), (5.0, 5.0)],
            RingKind::Outer,
        );
        assert_eq!(p.rings().next().unwrap().0.len(), 3);
        r.fill(&p, &paint);
        r.fill_aliased(&p, &paint);
        for w in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-9, 3.0] {
            r.stroke(&p, &s(w), &paint);
        }
        for dash in [
            &[][..],
            &[0.0, 0.0],
            &[-1.0, 2.0],
            &[f64::NAN],
            &[0.0, 3.0],
            &[1e-9, 1e-9],
        ] {
            r.stroke(&p, &Stroke { width: 1.0, dash }, &paint);
        }
        // A lone point: a dot when open, nothing when closed; zero-size rasters.
        let dot = poly(&[(4.0, 4.0)], RingKind::Open);
        let c = stroke_cov(&dot, 2.0, &[], 8, 8);
        assert!((c.iter().sum::<f32>() - std::f32::consts::PI).abs() < 0.2);
        let c = stroke_cov(
            &poly(&[(4.0, 4.0), (4.0, 4.0)], RingKind::Outer),
            2.0,
            &[],
            8,
            8,
        );
        assert!(c.iter().all(|&v| v == 0.0));
        let mut z = Raster::new(0, 0);
        z.fill(&p, &paint);
        z.stroke(&p, &s(2.0), &paint);
        assert!(z.into_rgba().is_empty());
    }
}
