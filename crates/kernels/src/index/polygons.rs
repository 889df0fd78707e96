//! [`PolygonIndex`]: polygon bounding boxes (grid cells, zones) in a 2-D
//! longitude/latitude packed R-tree ([`super::boxes`]), refined by an exact point-in-polygon test that counts
//! the boundary as inside. Queries return ids, positions in the shapes given.

use super::bands::Bands;
use super::boxes::BoxTree;
use super::buckets::Buckets;
use crate::lnglat::LngLat;
use geo::coordinate_position::{CoordPos, CoordinatePosition};
use geo::{BoundingRect, Coord, MultiPolygon};

/// Polygons (grid cells or zones) for point-in-polygon look-ups.
#[derive(Debug, Clone, Default)]
pub struct PolygonIndex {
    tree: BoxTree,
    shapes: Vec<MultiPolygon<f64>>,
    /// Edge bands for shapes with many vertices (see [`crate::index::bands`]).
    bands: Vec<Option<Bands>>,
    /// A grid of the boxes for point look-ups, when the shapes suit one (a city's
    /// cells); the box tree otherwise, and for boxes.
    buckets: Option<Buckets>,
}

impl PolygonIndex {
    /// Bulk-loads the polygons' bounding boxes; id `i` is `shapes[i]`.
    pub fn build(shapes: Vec<MultiPolygon<f64>>) -> Self {
        let boxes: Vec<Option<[f64; 4]>> = shapes
            .iter()
            .map(|s| {
                let r = s.bounding_rect()?;
                Some([r.min().x, r.min().y, r.max().x, r.max().y])
            })
            .collect();
        let items: Vec<(u32, [f64; 4])> = boxes
            .iter()
            .enumerate()
            .filter_map(|(i, b)| Some((i as u32, (*b)?)))
            .collect();
        let bands = shapes.iter().map(Bands::build).collect();
        PolygonIndex {
            tree: BoxTree::build(&items),
            shapes,
            bands,
            buckets: Buckets::build(&boxes),
        }
    }

    /// How many shapes.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The shape `id` (WGS-84).
    pub fn shape(&self, id: u32) -> &MultiPolygon<f64> {
        &self.shapes[id as usize]
    }

    /// Calls `f` with every polygon that holds `p` inside or on its boundary.
    /// Allocation-free.
    #[inline]
    pub fn visit_containing(&self, p: LngLat, mut f: impl FnMut(u32)) {
        self.visit_dyn(p, &mut f)
    }

    /// [`PolygonIndex::visit_containing`], one copy in the module: generic, its
    /// two walks were copied into every caller (1.6 KB gzipped of wasm), and a
    /// call through a pointer per polygon found costs nothing beside the test.
    #[inline(never)]
    fn visit_dyn(&self, (x, y): LngLat, f: &mut dyn FnMut(u32)) {
        let c = Coord { x, y };
        let holds = |i: usize| match &self.bands[i] {
            Some(b) => b.holds(c),
            None => self.shapes[i].coordinate_position(&c) != CoordPos::Outside,
        };
        if let Some(g) = &self.buckets {
            g.visit(x, y, |id| {
                if holds(id as usize) {
                    f(id);
                }
            });
            return;
        }
        self.tree.visit(&[x, y, x, y], &mut |id| {
            if holds(id as usize) {
                f(id);
            }
        });
    }

    /// The polygon holding `p` with the lowest `key[id]` (ties: the lower id), or
    /// `u32::MAX` when none does. Not generic and not inlined: the loop stays here,
    /// compiled for speed, whoever calls it.
    pub fn min_key_containing(&self, p: LngLat, key: &[u64]) -> u32 {
        let mut best = u32::MAX;
        self.visit_containing(p, |id| {
            if best == u32::MAX || (key[id as usize], id) < (key[best as usize], best) {
                best = id;
            }
        });
        best
    }

    /// For each location, [`PolygonIndex::min_key_containing`] into `top` and how
    /// many polygons hold it (saturating at 255) into `count` (both cleared first).
    pub fn join_into(&self, pts: &[LngLat], key: &[u64], count: &mut Vec<u8>, top: &mut Vec<u32>) {
        count.clear();
        top.clear();
        for &p in pts {
            let (mut n, mut best) = (0u8, u32::MAX);
            self.visit_containing(p, |id| {
                n = n.saturating_add(1);
                if best == u32::MAX || (key[id as usize], id) < (key[best as usize], best) {
                    best = id;
                }
            });
            count.push(n);
            top.push(best);
        }
    }

    /// For each location, [`PolygonIndex::min_key_containing`] into `out` (cleared
    /// first).
    pub fn first_into(&self, pts: &[LngLat], key: &[u64], out: &mut Vec<u32>) {
        out.clear();
        out.extend(pts.iter().map(|&p| self.min_key_containing(p, key)));
    }

    /// Ids of the polygons holding `p` (boundary included), in ascending id order.
    pub fn containing(&self, p: LngLat) -> Vec<u32> {
        let mut out = Vec::new();
        self.visit_containing(p, |id| out.push(id));
        crate::sort::ids(&mut out);
        out
    }

    /// Ids of the polygons whose bounding box meets the given box, unordered.
    pub fn boxes_meeting(&self, min: LngLat, max: LngLat) -> Vec<u32> {
        // Corners in either order, as rstar's `AABB::from_corners` took them.
        let q = [
            min.0.min(max.0),
            min.1.min(max.1),
            min.0.max(max.0),
            min.1.max(max.1),
        ];
        let mut out = Vec::new();
        self.tree.visit(&q, &mut |id| out.push(id));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn shared_edges_belong_to_both_polygons() {
        let a = MultiPolygon(vec![
            polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 1.)],
        ]);
        let b = MultiPolygon(vec![
            polygon![(x: 1., y: 0.), (x: 2., y: 0.), (x: 2., y: 1.), (x: 1., y: 1.)],
        ]);
        let idx = PolygonIndex::build(vec![a, b]);
        assert_eq!(idx.containing((0.5, 0.5)), vec![0]);
        assert_eq!(idx.containing((1.0, 0.5)), vec![0, 1]);
        assert_eq!(idx.containing((1.0, 1.0)), vec![0, 1]);
        assert!(idx.containing((3.0, 0.5)).is_empty());
    }
}
