//! Point-in-polygon for polygons with many vertices, in time that grows with the
//! edges near the point rather than with all of them.
//!
//! Why not geo's `coordinate_position` alone: zones made of whole grid cells have
//! hundreds to thousands of vertices, and testing every edge made the join of a
//! million problems into the demo's 108 zones only 1.7× faster than flatbush + turf
//! (bench/results.md). Here the edges are bucketed into horizontal bands; a ray
//! from the point crosses only edges whose y-range holds the point's y, and all of
//! those lie in the point's band, so the answer is exact.
//!
//! The answer is geo's, rule for rule, so that a zone gives the same whether it is
//! banded or scanned: each ring's winding number (not the crossings' parity: a
//! self-intersecting ring differs), with geo's half-open rules for edges through
//! the point's y and `robust::orient2d`; a polygon holds the point when its
//! exterior does and no hole does; on a ring is on the boundary, and a point on
//! the boundaries of an even number of the shape's polygons (an edge two of them
//! share) is outside, by OGC's mod-2 rule as geo applies it. A ring none of whose
//! edges is in the band winds 0 times round the point.

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
    /// Each band's edges in ring order (the rings in the shape's order, each
    /// polygon's exterior before its holes), with their ring's index.
    edges: Vec<(Coord, Coord, u32)>,
    /// Each ring's polygon, and whether it is that polygon's exterior.
    rings: Vec<(u32, bool)>,
}

/// Where a point is against one ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    Outside,
    Boundary,
    Inside,
}

impl Bands {
    /// Buckets the edges of every ring; None when the shape is small enough to scan.
    pub fn build(shape: &MultiPolygon<f64>) -> Option<Bands> {
        let mut rings = Vec::new();
        let mut all: Vec<(Coord, Coord, u32)> = Vec::new();
        for (k, p) in shape.0.iter().enumerate() {
            // geo skips an empty polygon (an empty exterior).
            if p.exterior().0.is_empty() {
                continue;
            }
            for (r, exterior) in std::iter::once((p.exterior(), true))
                .chain(p.interiors().iter().map(|h| (h, false)))
            {
                let id = rings.len() as u32;
                rings.push((k as u32, exterior));
                all.extend(r.0.windows(2).map(|w| (w[0], w[1], id)));
                // A ring of one point has no edges; geo puts that point on it.
                if r.0.len() == 1 {
                    all.push((r.0[0], r.0[0], id));
                }
            }
        }
        if all.len() < MIN_EDGES {
            return None;
        }
        let (y0, y1) = all
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b, _)| {
                (lo.min(a.y).min(b.y), hi.max(a.y).max(b.y))
            });
        let n = ((all.len() as f64).sqrt() as usize * 2).clamp(4, 1024);
        let inv_h = if y1 > y0 { n as f64 / (y1 - y0) } else { 0.0 };
        let band = |y: f64| (((y - y0) * inv_h) as usize).min(n - 1);
        let mut count = vec![0u32; n + 1];
        for (a, b, _) in &all {
            let (lo, hi) = (band(a.y.min(b.y)), band(a.y.max(b.y)));
            for k in lo..=hi {
                count[k + 1] += 1;
            }
        }
        for k in 0..n {
            count[k + 1] += count[k];
        }
        let mut fill = count.clone();
        let zero = Coord { x: 0.0, y: 0.0 };
        let mut edges = vec![(zero, zero, 0); count[n] as usize];
        for &e in &all {
            let (lo, hi) = (band(e.0.y.min(e.1.y)), band(e.0.y.max(e.1.y)));
            for f in &mut fill[lo..=hi] {
                edges[*f as usize] = e;
                *f += 1;
            }
        }
        Some(Bands {
            y0,
            inv_h,
            starts: count,
            edges,
            rings,
        })
    }

    /// Whether `p` is inside the shape or on its boundary, as geo's
    /// `coordinate_position(p) != Outside`. The caller has checked that `p` is
    /// inside the shape's bounding box.
    #[inline]
    pub fn holds(&self, p: Coord) -> bool {
        let n = self.starts.len() - 1;
        let k = (((p.y - self.y0) * self.inv_h).max(0.0) as usize).min(n - 1);
        let edges = &self.edges[self.starts[k] as usize..self.starts[k + 1] as usize];
        let (mut inside, mut boundaries) = (false, 0u32);
        // The polygon whose exterior holds the point, its holes not yet all seen.
        let mut open: Option<u32> = None;
        let mut i = 0;
        while i < edges.len() {
            let ring = edges[i].2;
            let mut j = i + 1;
            while j < edges.len() && edges[j].2 == ring {
                j += 1;
            }
            let pos = ring_pos(&edges[i..j], p);
            i = j;
            let (poly, exterior) = self.rings[ring as usize];
            if exterior {
                // The polygon before is done: no hole held the point.
                inside |= open.take().is_some();
                match pos {
                    Pos::Outside => {}
                    Pos::Boundary => boundaries += 1,
                    Pos::Inside => open = Some(poly),
                }
            } else if open == Some(poly) {
                match pos {
                    Pos::Outside => {}
                    Pos::Boundary => {
                        boundaries += 1;
                        open = None;
                    }
                    Pos::Inside => open = None,
                }
            }
        }
        inside |= open.is_some();
        boundaries % 2 == 1 || inside
    }
}

/// Where `p` is against one ring, from those of its edges whose y-range might
/// hold `p.y` (every one that does): geo's winding number and its rules for the
/// edges through `p.y` (an upward edge counts its start, a downward one its end,
/// horizontal ones none, the crossing strictly right of `p`); on an edge is on
/// the ring.
fn ring_pos(edges: &[(Coord, Coord, u32)], p: Coord) -> Pos {
    let q = RCoord { x: p.x, y: p.y };
    let orient =
        |a: Coord, b: Coord| orient2d(RCoord { x: a.x, y: a.y }, RCoord { x: b.x, y: b.y }, q);
    let between = |a: f64, b: f64| a.min(b) <= p.x && p.x <= a.max(b);
    let mut winding = 0i32;
    for &(a, b, _) in edges {
        if a.y <= p.y {
            if b.y >= p.y {
                let o = orient(a, b);
                if o > 0.0 && b.y != p.y {
                    winding += 1;
                } else if o == 0.0 && between(a.x, b.x) {
                    return Pos::Boundary;
                }
            }
        } else if b.y <= p.y {
            let o = orient(a, b);
            if o < 0.0 {
                winding -= 1;
            } else if o == 0.0 && between(a.x, b.x) {
                return Pos::Boundary;
            }
        }
    }
    if winding == 0 {
        Pos::Outside
    } else {
        Pos::Inside
    }
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod against_geo {
    use super::*;
    use geo::coordinate_position::{CoordPos, CoordinatePosition};
    use geo::{LineString, Polygon};
    use proptest::prelude::*;

    /// Every point of a quarter-step lattice over the shape's bounding box (its
    /// vertices, points on its edges and between them) as geo places it.
    fn agree(shape: &MultiPolygon<f64>) -> Result<(), TestCaseError> {
        let bands = Bands::build(shape).expect("enough edges to band");
        let cs = shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
        let (mut lo, mut hi) = (
            (f64::INFINITY, f64::INFINITY),
            (f64::NEG_INFINITY, f64::NEG_INFINITY),
        );
        for c in cs.flat_map(|r| r.0.iter()) {
            lo = (lo.0.min(c.x), lo.1.min(c.y));
            hi = (hi.0.max(c.x), hi.1.max(c.y));
        }
        let (nx, ny) = (((hi.0 - lo.0) * 4.0) as i32, ((hi.1 - lo.1) * 4.0) as i32);
        for j in 0..=ny {
            for i in 0..=nx {
                let p = Coord {
                    x: lo.0 + i as f64 * 0.25,
                    y: lo.1 + j as f64 * 0.25,
                };
                let want = shape.coordinate_position(&p) != CoordPos::Outside;
                prop_assert_eq!(bands.holds(p), want, "at {:?}", p);
            }
        }
        Ok(())
    }

    /// A ring through `pts` (closed by geo).
    fn ring(pts: &[(i32, i32)]) -> LineString<f64> {
        LineString(
            pts.iter()
                .map(|&(x, y)| Coord {
                    x: x as f64,
                    y: y as f64,
                })
                .collect(),
        )
    }

    /// Rings on a small lattice, so that they cross themselves and each other, run
    /// along each other, repeat points and pass through the lattice's points.
    fn rings() -> impl Strategy<Value = Vec<(i32, i32)>> {
        prop::collection::vec((0i32..8, 0i32..8), 3..24)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Self-intersecting rings, holes anywhere, polygons that overlap or
        /// share edges: the banded answer is geo's everywhere.
        #[test]
        fn banded_is_geo_on_any_rings(
            polys in prop::collection::vec((rings(), prop::collection::vec(rings(), 0..3)), 1..4),
        ) {
            let shape = MultiPolygon(
                polys
                    .iter()
                    .map(|(e, hs)| Polygon::new(ring(e), hs.iter().map(|h| ring(h)).collect()))
                    .collect(),
            );
            let edges: usize = shape.0.iter().map(|p| p.exterior().0.len() + p.interiors().iter().map(|h| h.0.len()).sum::<usize>()).sum();
            prop_assume!(edges >= MIN_EDGES + 8);
            agree(&shape)?;
        }
    }

    /// The ring of a failing case of tests/it/queries.rs (a star whose rounded
    /// spikes cross): inside by its winding number, outside by parity.
    #[test]
    fn a_self_crossing_ring_holds_what_it_winds_round() {
        let radii = [3u32; 76]
            .iter()
            .enumerate()
            .map(|(k, &r)| match k {
                33 => 8,
                34 => 4,
                36 => 10,
                69 => 21,
                70 => 19,
                71 => 11,
                72 => 26,
                73 => 27,
                74 => 20,
                75 => 17,
                _ => r,
            })
            .collect::<Vec<_>>();
        let n = radii.len();
        let mut pts: Vec<(i32, i32)> = radii
            .iter()
            .enumerate()
            .map(|(k, &r)| {
                let a = k as f64 / n as f64 * std::f64::consts::TAU;
                (
                    (r as f64 * a.cos()).round() as i32,
                    (r as f64 * a.sin()).round() as i32,
                )
            })
            .collect();
        pts.dedup();
        let shape = MultiPolygon(vec![Polygon::new(ring(&pts), vec![])]);
        let p = Coord {
            x: -4.111,
            y: 1.111,
        };
        assert_eq!(shape.coordinate_position(&p), CoordPos::Inside);
        assert!(Bands::build(&shape).unwrap().holds(p));
        agree(&shape).unwrap();
    }

    /// Two polygons of one shape sharing an edge: a point on it is on the
    /// boundary of both, so outside by the mod-2 rule (geo's), and inside either
    /// next to it.
    #[test]
    fn an_edge_two_polygons_share_follows_the_mod_2_rule() {
        let side = |x0: i32| -> Vec<(i32, i32)> {
            let mut v: Vec<(i32, i32)> = (0..=10).map(|y| (x0, y)).collect();
            v.extend((0..=10).rev().map(|y| (x0 + 5, y)));
            v
        };
        let shape = MultiPolygon(vec![
            Polygon::new(ring(&side(0)), vec![]),
            Polygon::new(ring(&side(5)), vec![]),
        ]);
        let on = Coord { x: 5.0, y: 4.5 };
        assert_eq!(shape.coordinate_position(&on), CoordPos::Outside);
        assert!(!Bands::build(&shape).unwrap().holds(on));
        agree(&shape).unwrap();
    }
}
