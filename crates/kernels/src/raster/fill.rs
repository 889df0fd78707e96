//! Fills: anti-aliased coverage from `ab_glyph_rasterizer` (nonzero, clamped at
//! 1), every edge clipped to the path's box on the canvas first; and aliased fills
//! for polygons that must tile without seams.

use super::paint::{premultiply, Paint};
use super::path::{for_each_edge, greater, lesser, Path, RingKind, P};
use super::pixmap::{blend, Raster, MIN_COVERAGE};
use ab_glyph_rasterizer::{point, Rasterizer};

/// A shape's edges, given to a callback one by one.
pub(super) type Edges<'a> = &'a dyn Fn(&mut dyn FnMut(P, P));

impl Raster {
    /// Fills `path` (nonzero, anti-aliased).
    pub fn fill(&mut self, path: &Path, paint: &Paint) {
        if let Some(bounds) = path.bounds() {
            self.fill_box(bounds, &|e| for_each_edge(path, e), paint);
        }
    }

    /// Fills the shape within `bounds` whose edges `edges` gives. Not inlined:
    /// the coverage loop is kept once in the module (−1.5 KB gzipped).
    #[inline(never)]
    pub(super) fn fill_box(&mut self, bounds: (P, P), edges: Edges, paint: &Paint) {
        let (w, h, px) = (self.width, self.height, &mut self.px);
        match *paint {
            Paint::Solid(rgba) => {
                let src = premultiply(rgba);
                coverage_of(&mut self.rast, bounds, edges, w, h, |x, y, c| {
                    let k = (y * w + x) * 4;
                    if c >= 1.0 && rgba[3] == 255 {
                        px[k..k + 4].copy_from_slice(&rgba);
                    } else {
                        blend(&mut px[k..k + 4], src, if c > 1.0 { 1.0 } else { c });
                    }
                })
            }
            Paint::Hatch(hatch) => {
                let n = hatch.table.len();
                coverage_of(&mut self.rast, bounds, edges, w, h, |x, y, c| {
                    let k = (y * w + x) * 4;
                    let c = if c > 1.0 { 1.0 } else { c };
                    blend(&mut px[k..k + 4], hatch.table[(x + y) % n], c);
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
}

/// Calls `f(x, y, coverage)` for the canvas pixels that `path` covers (coverage
/// > [`MIN_COVERAGE`], possibly above 1: clamp it), row by row.
#[cfg(test)]
pub(super) fn coverage(
    rast: &mut Rasterizer,
    path: &Path,
    width: usize,
    height: usize,
    f: impl FnMut(usize, usize, f32),
) {
    if let Some(bounds) = path.bounds() {
        coverage_of(rast, bounds, &|e| for_each_edge(path, e), width, height, f);
    }
}

/// [`coverage`] of the shape within `(lo, hi)` whose edges `edges` gives.
fn coverage_of(
    rast: &mut Rasterizer,
    (lo, hi): (P, P),
    edges: Edges,
    width: usize,
    height: usize,
    mut f: impl FnMut(usize, usize, f32),
) {
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
    edges(&mut |a, b| {
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
    if a.1 == b.1 || greater(a.1, b.1) <= 0.0 || lesser(a.1, b.1) >= h {
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
    if greater(a.0, b.0) <= 0.0 {
        return draw((0.0, a.1), (0.0, b.1));
    }
    if lesser(a.0, b.0) >= w {
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
