//! A point inside a cell, to stand for it: a zone covers a cell when it holds the
//! cell's interior point, and a box or lasso selects the cells whose interior
//! points it holds.
//!
//! The method is JTS's `InteriorPointArea`, as geo implements it: cut each polygon
//! with a horizontal line through the middle of its box (moved off any vertex),
//! and take the middle of the widest span inside. Ours because geo's brought three
//! copies of the stable sort and 14 KB of closure into the wasm module (twiggy),
//! and because a cell needs no more than this.

use crate::lnglat::LngLat;
use geo::{MultiPolygon, Polygon};

/// A point strictly inside `mp` (the middle of its widest horizontal span), or
/// None when it has no area.
pub fn interior_point(mp: &MultiPolygon<f64>) -> Option<LngLat> {
    let mut best: Option<(f64, LngLat)> = None;
    let mut xs = Vec::new();
    for poly in &mp.0 {
        if let Some((width, p)) = widest_span(poly, &mut xs) {
            if best.is_none_or(|(w, _)| width > w) {
                best = Some((width, p));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// The widest span of `poly` on a horizontal line through the middle of its box,
/// moved half way to the nearest vertex latitude when it would pass through one.
fn widest_span(poly: &Polygon<f64>, xs: &mut Vec<f64>) -> Option<(f64, LngLat)> {
    let ext = &poly.exterior().0;
    let (lo, hi) = ext.iter().fold((f64::MAX, f64::MIN), |(lo, hi), c| {
        (lo.min(c.y), hi.max(c.y))
    });
    // Also refuses NaN.
    if lo.partial_cmp(&hi) != Some(std::cmp::Ordering::Less) {
        return None;
    }
    let mid = (lo + hi) / 2.0;
    // The vertex latitudes nearest the middle on either side: the line between
    // them meets no vertex.
    let (mut below, mut above) = (lo, hi);
    for c in poly
        .interiors()
        .iter()
        .chain([poly.exterior()])
        .flat_map(|r| &r.0)
    {
        if c.y <= mid && c.y > below {
            below = c.y;
        }
        if c.y > mid && c.y < above {
            above = c.y;
        }
    }
    let y = (below + above) / 2.0;
    xs.clear();
    for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
        for w in ring.0.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.y <= y) != (b.y <= y) {
                xs.push(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
            }
        }
    }
    crate::sort::floats(xs);
    // Inside between the 1st and 2nd crossing, the 3rd and 4th, … (even-odd).
    xs.chunks_exact(2)
        .map(|s| (s[1] - s[0], ((s[0] + s[1]) / 2.0, y)))
        .filter(|(w, _)| *w > 0.0)
        .fold(None, |best: Option<(f64, LngLat)>, s| match best {
            Some(b) if b.0 >= s.0 => Some(b),
            _ => Some(s),
        })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use geo::coordinate_position::{CoordPos, CoordinatePosition};
    use geo::{Coord, LineString};
    use proptest::prelude::*;

    fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
        let mut v: Vec<Coord<f64>> = pts.iter().map(|&(x, y)| Coord { x, y }).collect();
        v.push(v[0]);
        LineString(v)
    }

    fn inside(mp: &MultiPolygon<f64>, (x, y): LngLat) -> bool {
        mp.coordinate_position(&Coord { x, y }) == CoordPos::Inside
    }

    #[test]
    fn a_square_a_donut_an_l_and_nothing() {
        let sq = MultiPolygon(vec![Polygon::new(
            ring(&[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]),
            vec![],
        )]);
        assert_eq!(interior_point(&sq), Some((1.0, 1.0)));
        // The hole sits on the middle line: the point is in the wider side span.
        let donut = MultiPolygon(vec![Polygon::new(
            ring(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]),
            vec![ring(&[(2.0, 2.0), (4.0, 2.0), (4.0, 8.0), (2.0, 8.0)])],
        )]);
        let p = interior_point(&donut).unwrap();
        assert!(inside(&donut, p) && p.0 > 4.0, "{p:?}");
        // The middle line passes through the L's inner corner: moved off it.
        let l = MultiPolygon(vec![Polygon::new(
            ring(&[
                (0.0, 0.0),
                (4.0, 0.0),
                (4.0, 1.0),
                (1.0, 1.0),
                (1.0, 2.0),
                (0.0, 2.0),
            ]),
            vec![],
        )]);
        assert!(inside(&l, interior_point(&l).unwrap()));
        let flat = MultiPolygon(vec![Polygon::new(ring(&[(0.0, 0.0), (1.0, 0.0)]), vec![])]);
        assert_eq!(interior_point(&flat), None);
    }

    proptest! {
        /// Star-shaped polygons around a random centre, with a hole in some: the
        /// point is strictly inside, whatever the ring's orientation.
        #[test]
        fn the_point_is_inside(
            radii in prop::collection::vec(0.2f64..5.0, 3..24),
            cx in -180.0f64..180.0,
            cy in -80.0f64..80.0,
            scale in 1e-5f64..0.1,
            reverse: bool,
            hole: bool,
        ) {
            let n = radii.len();
            let mut pts: Vec<(f64, f64)> = radii
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let a = k as f64 / n as f64 * std::f64::consts::TAU;
                    (cx + scale * r * a.cos(), cy + scale * r * a.sin())
                })
                .collect();
            if reverse {
                pts.reverse();
            }
            let holes = if hole {
                let h = 0.05 * scale;
                vec![ring(&[(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h)])]
            } else {
                vec![]
            };
            let mp = MultiPolygon(vec![Polygon::new(ring(&pts), holes)]);
            let p = interior_point(&mp).expect("a polygon with area");
            prop_assert!(inside(&mp, p), "{:?}", p);
        }
    }
}
