//! Point-in-polygon for polygons with many vertices, in time that grows with the
//! edges near the point rather than with all of them.
//!
//! Why not geo's `coordinate_position` alone: zones made of whole grid cells have
//! hundreds to thousands of vertices, and testing every edge made the join of a
//! million problems into the demo's 108 zones only 1.7× faster than flatbush + turf
//! (bench/results.md). Here the edges are bucketed into horizontal bands; a ray
//! from the point crosses only edges whose y-range holds the point's y, and all of
//! those lie in the point's band, so the answer is exact. Orientation comes from
//! `robust::orient2d`, as in geo, so points on edges and vertices are decided the
//! same way (on the boundary counts as inside).

use geo::{Coord, MultiPolygon};
use robust::{orient2d, Coord as RCoord};

/// Below this many edges a plain scan is as fast.
const MIN_EDGES: usize = 32;

/// A polygon's edges sorted into horizontal bands, for point-in-polygon tests that
/// look only at the edges near the point.
#[derive(Debug, Clone, Default)]
pub struct Bands {
    y0: f64,
    inv_h: f64,
    /// Edge ranges per band, into `edges`.
    starts: Vec<u32>,
    edges: Vec<(Coord, Coord)>,
}

impl Bands {
    /// Buckets the edges of every ring; None when the shape is small enough to scan.
    pub fn build(shape: &MultiPolygon<f64>) -> Option<Bands> {
        let all: Vec<(Coord, Coord)> = shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|r| r.0.windows(2).map(|w| (w[0], w[1])))
            .filter(|(a, b)| a != b)
            .collect();
        if all.len() < MIN_EDGES {
            return None;
        }
        let (y0, y1) = all
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| {
                (lo.min(a.y).min(b.y), hi.max(a.y).max(b.y))
            });
        let n = ((all.len() as f64).sqrt() as usize * 2).clamp(4, 1024);
        let inv_h = if y1 > y0 { n as f64 / (y1 - y0) } else { 0.0 };
        let band = |y: f64| (((y - y0) * inv_h) as usize).min(n - 1);
        let mut count = vec![0u32; n + 1];
        for (a, b) in &all {
            let (lo, hi) = (band(a.y.min(b.y)), band(a.y.max(b.y)));
            for k in lo..=hi {
                count[k + 1] += 1;
            }
        }
        for k in 0..n {
            count[k + 1] += count[k];
        }
        let mut fill = count.clone();
        let mut edges =
            vec![(Coord { x: 0.0, y: 0.0 }, Coord { x: 0.0, y: 0.0 }); count[n] as usize];
        for &(a, b) in &all {
            let (lo, hi) = (band(a.y.min(b.y)), band(a.y.max(b.y)));
            for f in &mut fill[lo..=hi] {
                edges[*f as usize] = (a, b);
                *f += 1;
            }
        }
        Some(Bands {
            y0,
            inv_h,
            starts: count,
            edges,
        })
    }

    /// Whether `p` is inside the shape or on its boundary. The caller has checked
    /// that `p` is inside the shape's bounding box.
    #[inline]
    pub fn holds(&self, p: Coord) -> bool {
        let n = self.starts.len() - 1;
        let k = (((p.y - self.y0) * self.inv_h).max(0.0) as usize).min(n - 1);
        holds_among(
            &self.edges[self.starts[k] as usize..self.starts[k + 1] as usize],
            p,
        )
    }
}

/// Even-odd crossing test over `edges` with exact orientation; true on the boundary.
#[inline]
pub fn holds_among(edges: &[(Coord, Coord)], p: Coord) -> bool {
    let q = RCoord { x: p.x, y: p.y };
    let mut inside = false;
    for &(a, b) in edges {
        let (ya, yb) = (a.y > p.y, b.y > p.y);
        let spans_y = a.y.min(b.y) <= p.y && p.y <= a.y.max(b.y);
        if !spans_y {
            continue;
        }
        let o = orient2d(RCoord { x: a.x, y: a.y }, RCoord { x: b.x, y: b.y }, q);
        if o == 0.0 && a.x.min(b.x) <= p.x && p.x <= a.x.max(b.x) {
            return true; // on the edge
        }
        if ya != yb {
            // The edge crosses the horizontal line through p (half-open in y):
            // it lies right of p when p is left of the edge taken upward.
            if (o > 0.0) == yb {
                inside = !inside;
            }
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coordinate_position::{CoordPos, CoordinatePosition};
    use geo::{LineString, Polygon};

    /// A staircase with a hole: many edges, vertices and collinear runs.
    fn stairs() -> MultiPolygon<f64> {
        let mut ring = vec![Coord { x: 0.0, y: 0.0 }];
        for i in 0..20 {
            ring.push(Coord {
                x: (i + 1) as f64,
                y: i as f64,
            });
            ring.push(Coord {
                x: (i + 1) as f64,
                y: (i + 1) as f64,
            });
        }
        ring.push(Coord { x: 0.0, y: 20.0 });
        ring.push(Coord { x: 0.0, y: 0.0 });
        let hole = LineString(vec![
            Coord { x: 2.0, y: 5.0 },
            Coord { x: 2.0, y: 8.0 },
            Coord { x: 4.0, y: 8.0 },
            Coord { x: 4.0, y: 5.0 },
            Coord { x: 2.0, y: 5.0 },
        ]);
        MultiPolygon(vec![Polygon::new(LineString(ring), vec![hole])])
    }

    #[test]
    fn agrees_with_geo_everywhere_including_edges_and_vertices() {
        let shape = stairs();
        let bands = Bands::build(&shape).expect("enough edges to band");
        let mut checked = 0;
        for j in -2..=88 {
            for i in -2..=88 {
                let p = Coord {
                    x: i as f64 * 0.25,
                    y: j as f64 * 0.25,
                };
                if p.x < 0.0 || p.y < 0.0 || p.x > 20.0 || p.y > 20.0 {
                    continue;
                }
                let want = shape.coordinate_position(&p) != CoordPos::Outside;
                assert_eq!(bands.holds(p), want, "at {p:?}");
                checked += 1;
            }
        }
        assert!(checked > 6000);
    }

    #[test]
    fn small_shapes_are_not_banded() {
        let sq = MultiPolygon(vec![geo::Rect::new(
            Coord { x: 0., y: 0. },
            Coord { x: 1., y: 1. },
        )
        .to_polygon()]);
        assert!(Bands::build(&sq).is_none());
    }
}
