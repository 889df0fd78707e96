//! [`Buckets`]: a uniform grid over polygons' bounding boxes, each bucket listing
//! the boxes that meet it, for finding the boxes that hold a point.
//!
//! Why, beside the R-tree: a city's grid cells are many boxes of about one size
//! that tile the ground, and the spatial join looks up one point at a time. The
//! R-tree walks several levels of nodes per point (boxes overlap at shared
//! edges); here a point's bucket is two products away and lists a handful of
//! boxes. Joining 1M problems into the demo's 11,252 cells took 370 ns a point
//! through the R-tree in wasm (Node profile of `loadProblemCoords`); README
//! *Measured* has the figures since.
//!
//! Exact: a point's bucket is `floor((x − x0) · sx)` per axis, a non-decreasing
//! function of x, so a box with `min ≤ x ≤ max` lists the point's bucket among its
//! own (from `min`'s to `max`'s). Callers still test the box, then the polygon.

/// Buckets per box, about: few enough that a bucket lists a handful of cells.
const PER_BOX: f64 = 2.0;

/// The grid is not made when the boxes would be listed more than this many times
/// per box and bucket (boxes of very different sizes: a few large zones over a
/// city): the R-tree is the better index then.
const MAX_FILL: usize = 8;

/// Boxes `[min x, min y, max x, max y]` by id, and the ids listed per bucket.
#[derive(Debug, Clone, Default)]
pub struct Buckets {
    origin: (f64, f64),
    /// Buckets per unit of x and of y.
    scale: (f64, f64),
    nx: usize,
    ny: usize,
    /// Where each bucket's ids start in `ids` (`nx × ny + 1` offsets).
    start: Vec<u32>,
    ids: Vec<u32>,
    boxes: Vec<[f64; 4]>,
}

impl Buckets {
    /// The grid over `boxes` (None for a shape without one), or None when it would
    /// not pay (no boxes, or boxes of very different sizes; see [`MAX_FILL`]).
    pub fn build(boxes: &[Option<[f64; 4]>]) -> Option<Buckets> {
        let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        let mut n = 0usize;
        for b in boxes.iter().flatten() {
            lo = (lo.0.min(b[0]), lo.1.min(b[1]));
            hi = (hi.0.max(b[2]), hi.1.max(b[3]));
            n += 1;
        }
        let (w, h) = (hi.0 - lo.0, hi.1 - lo.1);
        if n == 0 || !(w.is_finite() && h.is_finite()) || boxes.len() >= u32::MAX as usize {
            return None;
        }
        let k = (n as f64 * PER_BOX).max(1.0);
        let (w, h) = (w.max(1e-12), h.max(1e-12));
        let nx = ((k * w / h).sqrt().ceil() as usize).clamp(1, 1 << 12);
        let ny = ((k / nx as f64).ceil() as usize).clamp(1, 1 << 12);
        let mut grid = Buckets {
            origin: lo,
            scale: (nx as f64 / w, ny as f64 / h),
            nx,
            ny,
            start: vec![0; nx * ny + 1],
            ids: Vec::new(),
            boxes: boxes.iter().map(|b| b.unwrap_or([f64::NAN; 4])).collect(),
        };
        // Count, then fill: one list per bucket, ids ascending.
        let mut total = 0usize;
        for b in boxes.iter().flatten() {
            let (x0, y0, x1, y1) = grid.span(b);
            total += (x1 - x0 + 1) * (y1 - y0 + 1);
            if total > MAX_FILL * (n + nx * ny) {
                return None;
            }
            for y in y0..=y1 {
                for x in x0..=x1 {
                    grid.start[y * nx + x + 1] += 1;
                }
            }
        }
        for i in 1..grid.start.len() {
            grid.start[i] += grid.start[i - 1];
        }
        let mut next: Vec<u32> = grid.start[..nx * ny].to_vec();
        grid.ids = vec![0; total];
        for (id, b) in boxes.iter().enumerate() {
            let Some(b) = b else { continue };
            let (x0, y0, x1, y1) = grid.span(b);
            for y in y0..=y1 {
                for x in x0..=x1 {
                    let slot = &mut next[y * nx + x];
                    grid.ids[*slot as usize] = id as u32;
                    *slot += 1;
                }
            }
        }
        Some(grid)
    }

    /// The bucket of a position on each axis (clamped to the grid).
    #[inline]
    fn cell(&self, x: f64, y: f64) -> (usize, usize) {
        // `as usize` saturates: below the origin (and NaN) is bucket 0.
        let i = ((x - self.origin.0) * self.scale.0) as usize;
        let j = ((y - self.origin.1) * self.scale.1) as usize;
        (i.min(self.nx - 1), j.min(self.ny - 1))
    }

    /// The buckets a box meets, inclusive: `(x0, y0, x1, y1)`.
    fn span(&self, b: &[f64; 4]) -> (usize, usize, usize, usize) {
        let (x0, y0) = self.cell(b[0], b[1]);
        let (x1, y1) = self.cell(b[2], b[3]);
        (x0, y0, x1, y1)
    }

    /// Calls `f` with the id of every box that holds `(x, y)` (boundary
    /// included), in ascending id order.
    #[inline]
    pub fn visit(&self, x: f64, y: f64, mut f: impl FnMut(u32)) {
        let (i, j) = self.cell(x, y);
        let k = j * self.nx + i;
        let (Some(&a), Some(&b)) = (self.start.get(k), self.start.get(k + 1)) else {
            return;
        };
        for &id in self.ids.get(a as usize..b as usize).unwrap_or_default() {
            if let Some(bx) = self.boxes.get(id as usize) {
                if x >= bx[0] && x <= bx[2] && y >= bx[1] && y <= bx[3] {
                    f(id);
                }
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scan(boxes: &[Option<[f64; 4]>], x: f64, y: f64) -> Vec<u32> {
        (0..boxes.len() as u32)
            .filter(|&i| {
                boxes[i as usize].is_some_and(|b| x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3])
            })
            .collect()
    }

    fn boxes() -> impl Strategy<Value = Vec<Option<[f64; 4]>>> {
        // A grid of cells (shared edges and corners), some missing, plus a few odd
        // boxes: points on edges and corners are the cases that matter.
        (1usize..30, 1usize..30, 0usize..5, any::<u64>()).prop_map(|(nx, ny, odd, seed)| {
            let step = 1e-3;
            let mut out = vec![];
            for j in 0..ny {
                for i in 0..nx {
                    let (x, y) = (112.5 + i as f64 * step, 26.8 + j as f64 * step);
                    let gone = (seed >> ((i + j) % 64)) & 1 == 1 && (i * 7 + j) % 5 == 0;
                    out.push((!gone).then_some([x, y, x + step, y + step]));
                }
            }
            for k in 0..odd {
                let x = 112.5 + k as f64 * 3e-3;
                out.push(Some([x, 26.8, x + 5e-3 * (k + 1) as f64, 26.8 + 2e-3]));
            }
            out
        })
    }

    proptest! {
        /// Every point, on edges and corners, inside and outside: the boxes that
        /// hold it, as a scan finds them, in id order.
        #[test]
        fn buckets_find_what_a_scan_finds(bs in boxes(), qs in prop::collection::vec((0i32..80, 0i32..80, 0u8..4), 1..60)) {
            let Some(g) = Buckets::build(&bs) else { return Ok(()) };
            for (i, j, frac) in qs {
                // On the grid's lines (frac 0), between them, and past its ends.
                let off = [0.0, 0.25e-3, 0.5e-3, 0.999e-3][frac as usize];
                let (x, y) = (112.499 + i as f64 * 1e-3 + off, 26.799 + j as f64 * 1e-3 + off);
                let mut got = vec![];
                g.visit(x, y, |id| got.push(id));
                prop_assert_eq!(got, scan(&bs, x, y), "at {} {}", x, y);
                let mut got = vec![];
                let (cx, cy) = (112.5 + (i % 30) as f64 * 1e-3, 26.8 + (j % 30) as f64 * 1e-3);
                g.visit(cx, cy, |id| got.push(id));
                prop_assert_eq!(got, scan(&bs, cx, cy), "corner {} {}", cx, cy);
            }
        }
    }

    #[test]
    fn nothing_or_very_different_sizes_make_no_grid() {
        assert!(Buckets::build(&[]).is_none());
        assert!(Buckets::build(&[None, None]).is_none());
        // Fifty boxes over everything and many small ones: listed too often.
        let mut bs = vec![Some([0.0, 0.0, 1.0, 1.0]); 50];
        for i in 0..1000 {
            let x = i as f64 * 1e-3;
            bs.push(Some([x, 0.0, x + 1e-4, 1e-4]));
        }
        assert!(Buckets::build(&bs).is_none());
        let g = Buckets::build(&[Some([1.0, 1.0, 1.0, 1.0])]).unwrap();
        let mut got = vec![];
        g.visit(1.0, 1.0, |i| got.push(i));
        g.visit(f64::NAN, 1.0, |i| got.push(i));
        assert_eq!(got, vec![0]);
    }
}
