//! Filling a stroke tile by tile: only the tiles of the canvas that hold a piece
//! of the stroke are rasterised.
//!
//! A stroke is filled as one nonzero path (its pieces overlap, and must paint
//! once), and one path is rasterised over its whole box: a zone's outline across a
//! deep-zoomed canvas cost the canvas, nearly all of it the empty inside (70 % of
//! drawing the demo's zones at zoom 15.5, pixel ratio 2, in wasm). Strokes are thin
//! (no piece is as wide as a [`TILE`]), so a tile that no piece's box meets is not
//! covered at all; each tile that one meets is rasterised over its own box with the
//! pieces that meet it, their edges clipped to it (exact, as for a path's box), so
//! the sum there is the one-path sum.

use super::paint::Paint;
use super::path::{ring_bounds, ring_edges, Path, P};
use super::pixmap::Raster;

/// Side of a tile in px.
pub(super) const TILE: usize = 32;

impl Raster {
    /// Fills `pieces` (closed rings, thinner than a tile) as [`Raster::fill`]
    /// does, tile by tile; returns false, drawing nothing, when the pieces meet
    /// so many tiles that one pass over their box costs less.
    #[inline(never)]
    pub(super) fn fill_by_tiles(&mut self, pieces: &Path, paint: &Paint) -> bool {
        let (w, h) = (self.width, self.height);
        let (tw, th) = (w.div_ceil(TILE), h.div_ceil(TILE));
        let Some(all) = pieces.bounds().and_then(|b| tiles_of(b, w, h)) else {
            return true;
        };
        let boxed = (all[1] - all[0] + 1) * (all[3] - all[2] + 1);
        // Pieces by tile, `starts[t]..starts[t + 1]` of `list`: counted in the
        // first pass, placed in the second.
        let mut starts = std::mem::take(&mut self.tile_starts);
        let mut list = std::mem::take(&mut self.tile_pieces);
        let mut next = std::mem::take(&mut self.tile_next);
        starts.clear();
        starts.resize(tw * th + 1, 0);
        let mut tiled = true;
        for pass in 0..2 {
            for (i, &(s, e, _)) in pieces.rings.iter().enumerate() {
                let Some([x0, x1, y0, y1]) =
                    ring_bounds(&pieces.pts[s..e]).and_then(|b| tiles_of(b, w, h))
                else {
                    continue;
                };
                for ty in y0..=y1 {
                    for t in ty * tw + x0..=ty * tw + x1 {
                        if pass == 0 {
                            starts[t + 1] += 1;
                        } else {
                            list[next[t] as usize] = i as u32;
                            next[t] += 1;
                        }
                    }
                }
            }
            if pass == 0 {
                // A tile costs about its pixels again in set-up and in edges cut
                // at its sides: worth it while the pieces meet under half the box.
                let met = starts.iter().filter(|&&n| n > 0).count();
                if 2 * met >= boxed {
                    tiled = false;
                    break;
                }
                for t in 0..tw * th {
                    starts[t + 1] += starts[t];
                }
                list.clear();
                list.resize(starts[tw * th] as usize, 0);
                next.clear();
                next.extend_from_slice(&starts[..tw * th]);
            }
        }
        if tiled {
            for t in 0..tw * th {
                let mine = &list[starts[t] as usize..starts[t + 1] as usize];
                if mine.is_empty() {
                    continue;
                }
                let (x0, y0) = (((t % tw) * TILE) as f64, ((t / tw) * TILE) as f64);
                let tile = ((x0, y0), (x0 + TILE as f64, y0 + TILE as f64));
                let edges = |e: &mut dyn FnMut(P, P)| {
                    for &i in mine {
                        let (s, end, kind) = pieces.rings[i as usize];
                        ring_edges(&pieces.pts[s..end], kind, &mut *e);
                    }
                };
                self.fill_box(tile, &edges, paint);
            }
        }
        (self.tile_starts, self.tile_pieces, self.tile_next) = (starts, list, next);
        tiled
    }
}

/// The tiles a box on a `w × h` canvas meets: `[first column, last column, first
/// row, last row]`, None when it is off the canvas.
fn tiles_of((lo, hi): (P, P), w: usize, h: usize) -> Option<[usize; 4]> {
    let on = |a: f64, b: f64, n: usize| {
        (b >= 0.0 && a < n as f64).then(|| {
            let a = if a > 0.0 { a as usize } else { 0 };
            let b = if b < n as f64 { b as usize } else { n - 1 };
            (a / TILE, b / TILE)
        })
    };
    let (x0, x1) = on(lo.0, hi.0, w)?;
    let (y0, y1) = on(lo.1, hi.1, h)?;
    Some([x0, x1, y0, y1])
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::{Paint, Path, Raster, RingKind, Stroke};
    use proptest::prelude::*;

    const ZONE: Paint = Paint::Solid([8, 81, 156, 210]);

    /// A stroke's pieces filled tile by tile and as one path: (whether the tiles
    /// were used, premultiplied RGBA of each).
    fn both(path: &Path, width: f64, dash: &[f64], w: u32, h: u32) -> (bool, Vec<u8>, Vec<u8>) {
        let mut r = Raster::new(w, h);
        r.stroke(path, &Stroke { width, dash }, &ZONE);
        let (mut tiled, mut one) = (Raster::new(w, h), Raster::new(w, h));
        let used = tiled.fill_by_tiles(&r.pieces, &ZONE);
        one.fill(&r.pieces, &ZONE);
        (used, tiled.px, one.px)
    }

    proptest! {
        /// Tile by tile equals one path (within one 8-bit step: the rows' sums start
        /// at another column), semi-transparent paint included, so where pieces
        /// overlap, across tile sides too, the stroke still paints once.
        #[test]
        fn tile_by_tile_is_the_one_path_fill(
            pts in prop::collection::vec((-40.0..340.0f64, -40.0..240.0f64), 2..7),
            closed in any::<bool>(),
            width in 0.3..12.0f64,
            dash in prop::option::of((0.5..20.0f64, 0.5..20.0f64)),
        ) {
            let mut path = Path::new();
            let kind = if closed { RingKind::Outer } else { RingKind::Open };
            path.push_ring(pts.iter().copied(), kind);
            let pattern = dash.map(|(a, b)| vec![a, b]).unwrap_or_default();
            let (used, tiled, one) = both(&path, width, &pattern, 300, 200);
            if used {
                for (k, (a, b)) in tiled.iter().zip(&one).enumerate() {
                    prop_assert!(a.abs_diff(*b) <= 1, "byte {k}: {a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn an_outline_across_the_canvas_rasterises_only_the_tiles_along_it() {
        // A ring 580 px a side on a 600 × 600 canvas (19 × 19 tiles of 32 px): its
        // pieces meet the 4 × 19 − 4 tiles along its sides and no other.
        let mut path = Path::new();
        path.push_ring(
            [(10.0, 10.0), (590.0, 10.0), (590.0, 590.0), (10.0, 590.0)],
            RingKind::Outer,
        );
        for dash in [&[][..], &[6.0, 3.0]] {
            let (used, tiled, one) = both(&path, 2.0, dash, 600, 600);
            assert!(used);
            assert!(tiled.iter().zip(&one).all(|(a, b)| a.abs_diff(*b) <= 1));
            let mut r = Raster::new(600, 600);
            r.stroke(&path, &Stroke { width: 2.0, dash }, &ZONE);
            let met = r.tile_starts.windows(2).filter(|w| w[1] > w[0]).count();
            assert_eq!(met, 4 * 19 - 4, "dash {dash:?}");
        }
        // A dense mesh (a grid of 20 px cells) meets every tile: one pass instead.
        let mut grid = Path::new();
        for i in 0..30 {
            for j in 0..30 {
                let (x, y) = (i as f64 * 20.0, j as f64 * 20.0);
                grid.push_ring(
                    [(x, y), (x + 20.0, y), (x + 20.0, y + 20.0), (x, y + 20.0)],
                    RingKind::Outer,
                );
            }
        }
        assert!(!both(&grid, 1.0, &[], 600, 600).0);
    }
}
