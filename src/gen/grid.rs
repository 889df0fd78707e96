//! The unit grid (万米单元网格, GB/T 30428.1): 100 m squares in the district's local
//! metric frame, clipped to the outline with geo's `BooleanOps::intersection`.
//!
//! Squares wholly inside are kept as they are. Squares the outline crosses are
//! clipped; a clipped piece under [`SLIVER_M2`] is merged into an edge neighbour (so
//! no cell is a crumb), as the standard asks cells to be of comparable size. Because
//! every clip is computed against the same outline, the pieces share their cut edges
//! and the cells tile the district: tests/it/gen.rs checks the sum of the areas and
//! the overlaps of neighbours.

use super::district::Frame;
use geo::{Area, BooleanOps, Coord, InteriorPoint, LineString, MultiPolygon, Polygon};

/// Side of a unit cell, metres.
pub const CELL_M: f64 = 100.0;
/// A clipped piece smaller than this (a quarter cell) is merged into a neighbour.
pub const SLIVER_M2: f64 = 2_500.0;
/// Clipped crumbs smaller than this are dropped (they are rounding residue).
const CRUMB_M2: f64 = 1.0;

/// One unit cell, in the local metric frame.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Grid squares `(col, row)` the cell is made of; the first is its own square,
    /// others are slivers merged into it.
    pub squares: Vec<(i32, i32)>,
    /// Its shape in the district's metric frame.
    pub geom_m: MultiPolygon<f64>,
    /// Its area in m².
    pub area_m2: f64,
    /// Unclipped: exactly one whole square.
    pub full: bool,
    /// A point inside the cell (its centre when full).
    pub rep_m: (f64, f64),
}

/// The clipped grid over a district.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The metric frame the grid is laid in.
    pub frame: Frame,
    /// The outline in the metric frame.
    pub district_m: MultiPolygon<f64>,
    /// Column of the westmost square.
    pub col0: i32,
    /// Row of the southmost square.
    pub row0: i32,
    /// Squares across.
    pub ncols: i32,
    /// Squares up.
    pub nrows: i32,
    /// The cells, in file order.
    pub cells: Vec<Cell>,
    /// `(row - row0) * ncols + (col - col0)` → cell index, `u32::MAX` outside.
    lookup: Vec<u32>,
}

impl Grid {
    /// Builds the grid over an outline given in WGS-84. Deterministic, no randomness.
    pub fn build(outline: &MultiPolygon<f64>) -> Grid {
        let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in &outline.0 {
            for c in p.exterior().0.iter() {
                minx = minx.min(c.x);
                maxx = maxx.max(c.x);
                miny = miny.min(c.y);
                maxy = maxy.max(c.y);
            }
        }
        let frame = Frame::new(minx, (miny + maxy) / 2.0);
        let district_m = frame.mp_to_m(outline);
        let (x0, y0) = frame.lnglat_to_m((minx, miny));
        let (x1, y1) = frame.lnglat_to_m((maxx, maxy));
        let col0 = (x0 / CELL_M).floor() as i32;
        let row0 = (y0 / CELL_M).floor() as i32;
        let ncols = (x1 / CELL_M).floor() as i32 - col0 + 1;
        let nrows = (y1 / CELL_M).floor() as i32 - row0 + 1;
        let segments: Vec<[Coord; 2]> = district_m
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|r| r.lines().map(|l| [l.start, l.end]))
            .collect();

        let mut grid = Grid {
            frame,
            district_m,
            col0,
            row0,
            ncols,
            nrows,
            cells: vec![],
            lookup: vec![u32::MAX; (ncols * nrows) as usize],
        };
        // Rows south to north, columns west to east.
        for row in row0..row0 + nrows {
            for col in col0..col0 + ncols {
                let (ax, ay) = (col as f64 * CELL_M, row as f64 * CELL_M);
                let (bx, by) = (ax + CELL_M, ay + CELL_M);
                let crossed = segments
                    .iter()
                    .any(|s| segment_touches_rect(s[0], s[1], (ax, ay), (bx, by)));
                let cell = if !crossed {
                    let c = (ax + CELL_M / 2.0, ay + CELL_M / 2.0);
                    if !inside(&grid.district_m, c) {
                        continue;
                    }
                    Cell {
                        squares: vec![(col, row)],
                        geom_m: MultiPolygon(vec![square(col, row)]),
                        area_m2: CELL_M * CELL_M,
                        full: true,
                        rep_m: c,
                    }
                } else {
                    let geom = grid.clip(&[(col, row)]);
                    if geom.0.is_empty() {
                        continue;
                    }
                    piece(vec![(col, row)], geom)
                };
                let i = grid.cells.len() as u32;
                let k = grid.slot(col, row).expect("inside the box");
                grid.lookup[k] = i;
                grid.cells.push(cell);
            }
        }
        grid.merge_slivers();
        grid
    }

    fn slot(&self, col: i32, row: i32) -> Option<usize> {
        let (c, r) = (col - self.col0, row - self.row0);
        (c >= 0 && r >= 0 && c < self.ncols && r < self.nrows)
            .then(|| (r * self.ncols + c) as usize)
    }

    /// The cell whose square holds the square `(col, row)`, if any.
    pub fn cell_of_square(&self, col: i32, row: i32) -> Option<u32> {
        self.slot(col, row)
            .map(|k| self.lookup[k])
            .filter(|&i| i != u32::MAX)
    }

    /// The cell holding a point of the metric frame (by its square; a point in a
    /// clipped square may still lie outside the district: see [`Self::holds`]).
    pub fn cell_at_m(&self, p: (f64, f64)) -> Option<u32> {
        self.cell_of_square((p.0 / CELL_M).floor() as i32, (p.1 / CELL_M).floor() as i32)
    }

    /// Whether cell `i` really holds `p` (exact test for clipped cells).
    pub fn holds(&self, i: u32, p: (f64, f64)) -> bool {
        let c = &self.cells[i as usize];
        c.full || inside(&c.geom_m, p)
    }

    /// Cells sharing a square edge with cell `i`, in index order.
    pub fn neighbours(&self, i: u32) -> Vec<u32> {
        let mut out = vec![];
        for &(c, r) in &self.cells[i as usize].squares {
            for (dc, dr) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                if let Some(j) = self.cell_of_square(c + dc, r + dr) {
                    if j != i && !out.contains(&j) {
                        out.push(j);
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// The outline ∩ the union of the given squares, without crumbs.
    fn clip(&self, squares: &[(i32, i32)]) -> MultiPolygon<f64> {
        let sq = if squares.len() == 1 {
            MultiPolygon(vec![square(squares[0].0, squares[0].1)])
        } else {
            let polys: Vec<Polygon<f64>> = squares.iter().map(|&(c, r)| square(c, r)).collect();
            geo::unary_union(&polys)
        };
        let mut out = sq.intersection(&self.district_m);
        out.0.retain(|p| p.unsigned_area() >= CRUMB_M2);
        out
    }

    fn merge_slivers(&mut self) {
        let mut alive = vec![true; self.cells.len()];
        let mut slivers: Vec<u32> = (0..self.cells.len() as u32)
            .filter(|&i| self.cells[i as usize].area_m2 < SLIVER_M2)
            .collect();
        slivers.sort_by(|&a, &b| {
            self.cells[a as usize]
                .area_m2
                .total_cmp(&self.cells[b as usize].area_m2)
                .then(a.cmp(&b))
        });
        for s in slivers {
            let mut cands = self.neighbours(s);
            cands.retain(|&t| alive[t as usize]);
            cands.sort_by(|&a, &b| {
                self.cells[b as usize]
                    .area_m2
                    .total_cmp(&self.cells[a as usize].area_m2)
                    .then(a.cmp(&b))
            });
            for t in cands {
                let mut squares = self.cells[t as usize].squares.clone();
                squares.extend_from_slice(&self.cells[s as usize].squares);
                let geom = self.clip(&squares);
                if geom.0.is_empty() || geom.0.len() > self.cells[t as usize].geom_m.0.len() {
                    continue; // the sliver does not touch t inside the district
                }
                for &(c, r) in &self.cells[s as usize].squares {
                    let k = self.slot(c, r).expect("a cell's square is in the box");
                    self.lookup[k] = t;
                }
                let merged = piece(squares, geom);
                self.cells[t as usize] = merged;
                alive[s as usize] = false;
                break;
            }
        }
        // Compact, keeping order, and renumber the lookup.
        let mut new_index = vec![u32::MAX; self.cells.len()];
        let mut kept = Vec::with_capacity(self.cells.len());
        for (i, c) in std::mem::take(&mut self.cells).into_iter().enumerate() {
            if alive[i] {
                new_index[i] = kept.len() as u32;
                kept.push(c);
            }
        }
        for v in &mut self.lookup {
            if *v != u32::MAX {
                *v = new_index[*v as usize];
            }
        }
        self.cells = kept;
    }
}

fn piece(squares: Vec<(i32, i32)>, geom: MultiPolygon<f64>) -> Cell {
    let area_m2 = geom.unsigned_area();
    let rep = geom
        .interior_point()
        .map(|p| (p.x(), p.y()))
        .unwrap_or((f64::NAN, f64::NAN));
    Cell {
        squares,
        geom_m: geom,
        area_m2,
        full: false,
        rep_m: rep,
    }
}

/// The square `(col, row)` as a counter-clockwise polygon. Its corners are whole
/// multiples of 100 m, so neighbours share them exactly.
pub fn square(col: i32, row: i32) -> Polygon<f64> {
    let (ax, ay) = (col as f64 * CELL_M, row as f64 * CELL_M);
    let (bx, by) = (ax + CELL_M, ay + CELL_M);
    Polygon::new(
        LineString::from(vec![(ax, ay), (bx, ay), (bx, by), (ax, by), (ax, ay)]),
        vec![],
    )
}

/// Even–odd point in polygon over every ring.
pub(crate) fn inside(mp: &MultiPolygon<f64>, p: (f64, f64)) -> bool {
    let mut odd = false;
    for poly in &mp.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for l in ring.lines() {
                let (a, b) = (l.start, l.end);
                if (a.y > p.1) != (b.y > p.1) {
                    let x = a.x + (p.1 - a.y) * (b.x - a.x) / (b.y - a.y);
                    if p.0 < x {
                        odd = !odd;
                    }
                }
            }
        }
    }
    odd
}

/// Whether segment a–b meets the closed rectangle [lo, hi] (Liang–Barsky).
fn segment_touches_rect(a: Coord, b: Coord, lo: (f64, f64), hi: (f64, f64)) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.x - lo.0),
        (dx, hi.0 - a.x),
        (-dy, a.y - lo.1),
        (dy, hi.1 - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_rect_cases() {
        let c = |x, y| Coord { x, y };
        let (lo, hi) = ((0.0, 0.0), (1.0, 1.0));
        assert!(segment_touches_rect(c(-1.0, 0.5), c(2.0, 0.5), lo, hi));
        assert!(segment_touches_rect(c(0.2, 0.2), c(0.3, 0.3), lo, hi));
        assert!(segment_touches_rect(c(1.0, -1.0), c(1.0, 2.0), lo, hi)); // on the edge
        assert!(!segment_touches_rect(c(1.1, -1.0), c(1.1, 2.0), lo, hi));
        assert!(!segment_touches_rect(c(-1.0, 0.5), c(-0.1, 0.5), lo, hi));
        assert!(!segment_touches_rect(c(-1.0, 0.5), c(0.5, 2.1), lo, hi));
    }

    #[test]
    fn a_triangle_is_tiled_without_crumbs() {
        // A right triangle with 1 km legs near 30°N: 500,000 m².
        let f = Frame::new(113.0, 30.0);
        let a = f.m_to_lnglat((0.0, 0.0));
        let b = f.m_to_lnglat((1000.0, 0.0));
        let c = f.m_to_lnglat((0.0, 1000.0));
        let tri = MultiPolygon(vec![Polygon::new(
            LineString::from(vec![a, b, c, a]),
            vec![],
        )]);
        let g = Grid::build(&tri);
        let total: f64 = g.cells.iter().map(|c| c.area_m2).sum();
        let want = g.district_m.unsigned_area();
        assert!((total - want).abs() < 1.0, "{total} vs {want}");
        assert!((want - 500_000.0).abs() < 3_000.0, "{want}");
        // About 45 whole squares below the diagonal; the rest are cut, slivers merged.
        let full = g.cells.iter().filter(|c| c.full).count();
        assert!((25..=45).contains(&full), "{full}");
        assert!(
            g.cells.iter().all(|c| c.area_m2 >= SLIVER_M2),
            "a sliver survived"
        );
        for (i, c) in g.cells.iter().enumerate() {
            assert!(inside(&g.district_m, c.rep_m), "cell {i}");
            assert_eq!(g.cell_at_m(c.rep_m).map(|j| j as usize), Some(i));
        }
    }
}
