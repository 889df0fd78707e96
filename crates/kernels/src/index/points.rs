//! [`PointIndex`]: points (inspection points, problems) as unit vectors in a static
//! packed R-tree ([`super::packed`]), so k-nearest and radius queries are exact on the
//! sphere (see [`super::sphere`]). Queries return ids (positions in the slice the
//! index was built from); callers look up the records, as flatbush and geo-index do.

use super::packed::{PackedTree, TreeBuild};
use super::sphere::{chord2_for_m, haversine_m, m_for_chord2, to_unit, unit_box};
use crate::lnglat::{check_lnglat, LngLat};
use geo::coordinate_position::{CoordPos, CoordinatePosition};
use geo::{BoundingRect, Coord, MultiPolygon};

/// Points (inspection points or problems) for geodesic queries.
#[derive(Debug, Clone, Default)]
pub struct PointIndex {
    tree: PackedTree,
    lnglat: Vec<LngLat>,
}

/// How many points [`PointIndex::push`] keeps outside the tree, found by a scan,
/// before it rebuilds the tree. A supervisor's new problem then costs a push, not
/// a rebuild (191 ms for 1M points in wasm), and a query scans at most this many
/// extra points (~10 µs).
const TAIL_MAX: usize = 1024;

impl PointIndex {
    /// Builds the index; id `i` is `points[i]`. Cost O(n log n).
    pub fn build(points: &[LngLat]) -> Self {
        Self::from_vec(points.to_vec())
    }

    /// Bytes a point that building over `n` points takes at its peak beside the
    /// points themselves (what a load's budget must allow for).
    pub fn build_peak_bytes(n: usize) -> usize {
        PackedTree::build_peak_bytes(n)
    }

    /// Builds over `points`, keeping the vector (no copy).
    pub fn from_vec(points: Vec<LngLat>) -> Self {
        PointIndex {
            tree: PackedTree::build(&points),
            lnglat: points,
        }
    }

    /// Builds over `points` what `build` (a [`TreeBuild`] of as many points,
    /// stepped over these as far as the caller liked) has not built yet.
    pub fn from_build(build: TreeBuild, points: Vec<LngLat>) -> Self {
        PointIndex {
            tree: build.finish(&points),
            lnglat: points,
        }
    }

    /// Ids in a spatially coherent order (the tree's, along a Hilbert curve, then the points
    /// pushed since it was built).
    pub fn ids_in_tree_order(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.ids_in_tree_order_from(0)
    }

    /// [`PointIndex::ids_in_tree_order`] from the `start`th on, for a caller that
    /// reads them a slice at a time.
    pub fn ids_in_tree_order_from(&self, start: usize) -> impl ExactSizeIterator<Item = u32> + '_ {
        let tail = self.tail();
        TreeOrder {
            tree: self.tree.ids_from(start),
            tail: tail.start.max(start.min(u32::MAX as usize) as u32)..tail.end,
        }
    }

    /// Adds a point with the next id (the number of points so far) and returns it.
    /// Points pushed are found by every query at once; the tree is rebuilt after
    /// every [`TAIL_MAX`] of them, so the cost of a push stays small on average.
    pub fn push(&mut self, p: LngLat) -> u32 {
        self.lnglat.push(p);
        if self.lnglat.len() - self.tree.len() > TAIL_MAX {
            self.tree = PackedTree::build(&self.lnglat);
        }
        (self.lnglat.len() - 1) as u32
    }

    /// Ids of the points pushed since the tree was built.
    fn tail(&self) -> std::ops::Range<u32> {
        self.tree.len() as u32..self.lnglat.len() as u32
    }

    /// Builds from interleaved `lng, lat` pairs, refusing non-finite or out-of-range
    /// values (they would have no place on the sphere).
    pub fn from_flat(lnglat: &[f64]) -> Result<Self, crate::BadArg> {
        if !lnglat.len().is_multiple_of(2) {
            return Err(crate::BadArg::new(
                "coords",
                "needs an even length: lng, lat pairs",
            ));
        }
        Self::checked(lnglat.chunks_exact(2).map(|c| (c[0], c[1])).collect())
    }

    /// [`PointIndex::from_vec`] after checking every position (`coords` names the
    /// first bad pair).
    pub fn checked(pts: Vec<LngLat>) -> Result<Self, crate::BadArg> {
        for (i, &p) in pts.iter().enumerate() {
            check_lnglat(p).map_err(|e| crate::BadArg::new("coords", format!("pair {i} {e}")))?;
        }
        Ok(Self::from_vec(pts))
    }

    /// How many points.
    pub fn len(&self) -> usize {
        self.lnglat.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.lnglat.is_empty()
    }

    /// The position of point `id` (WGS-84).
    pub fn lnglat(&self, id: u32) -> LngLat {
        self.lnglat[id as usize]
    }

    /// Every point with its distance in metres, nearest first (lazy: taking the first
    /// k visits only the tree nodes needed for them).
    pub fn nearest(&self, q: LngLat) -> impl Iterator<Item = (u32, f64)> + '_ {
        let u = to_unit(q);
        // The pushed points, nearest first, merged into the tree's lazy stream.
        let tail = self.tail_nearest(&u, |_| true);
        let mut tree = self.tree.nearest(u).peekable();
        let mut next_tail = 0;
        std::iter::from_fn(move || {
            let t = tail.get(next_tail);
            let take_tail = match (tree.peek(), t) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(a), Some(b)) => b.1 < a.1,
            };
            if take_tail {
                next_tail += 1;
                t.copied()
            } else {
                tree.next()
            }
        })
        .map(|(id, c2)| (id, m_for_chord2(c2)))
    }

    /// The `k` nearest of each query appended to `out`, `k` ids per query, nearest
    /// first, padded with `u32::MAX` when there are fewer points. One call for all:
    /// the loop runs here, compiled for speed.
    pub fn nearest_many_into(&self, queries: &[LngLat], k: usize, out: &mut Vec<u32>) {
        let mut hits = Vec::with_capacity(k.min(self.len()));
        for &q in queries {
            hits.clear();
            self.nearest_k_with(q, k, |_| true, &mut hits);
            let start = out.len();
            out.extend(hits.iter().map(|&(i, _)| i));
            out.resize(start + k, u32::MAX);
        }
    }

    /// The pushed points that `keep` accepts with their squared chords from `u`,
    /// nearest first, ties by id.
    fn tail_nearest(&self, u: &[f64; 3], mut keep: impl FnMut(u32) -> bool) -> Vec<(u32, f64)> {
        let mut tail: Vec<(u32, f64)> = self
            .tail()
            .filter(|&id| keep(id))
            .map(|id| {
                let v = to_unit(self.lnglat[id as usize]);
                let c2 = (u[0] - v[0]).powi(2) + (u[1] - v[1]).powi(2) + (u[2] - v[2]).powi(2);
                (id, c2)
            })
            .collect();
        crate::sort::by(&mut tail, &|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        tail
    }

    /// For each query, how many points lie at most `radius_m` metres from it.
    pub fn count_within(&self, queries: &[LngLat], radius_m: f64) -> Vec<u32> {
        let mut scratch = Vec::new();
        queries
            .iter()
            .map(|&q| {
                scratch.clear();
                self.within_radius_m_into(q, radius_m, &mut scratch) as u32
            })
            .collect()
    }

    /// The k nearest points, nearest first, with distances in metres.
    pub fn nearest_k(&self, q: LngLat, k: usize) -> Vec<(u32, f64)> {
        let mut out = Vec::with_capacity(k.min(self.len()));
        self.nearest_k_with(q, k, |_| true, &mut out);
        for hit in &mut out {
            hit.1 = m_for_chord2(hit.1);
        }
        out
    }

    /// Appends the ids and squared chords of the `k` nearest points that `keep`
    /// accepts, nearest first (ties by id): `nearest(q).filter(..).take(k)` with
    /// chords, found by the tree's bounded search instead of the lazy walk. Chords,
    /// so callers that want only ids pay no arcsine ([`m_for_chord2`] turns one into
    /// metres). `keep` is a `dyn` so that the search is compiled here, once, at this
    /// crate's opt-level, whatever the caller's filter.
    pub fn nearest_k_into(
        &self,
        q: LngLat,
        k: usize,
        keep: &mut dyn FnMut(u32) -> bool,
        out: &mut Vec<(u32, f64)>,
    ) {
        self.nearest_k_with(q, k, keep, out)
    }

    /// [`PointIndex::nearest_k_into`] for a filter known here (`|_| true`).
    fn nearest_k_with(
        &self,
        q: LngLat,
        k: usize,
        mut keep: impl FnMut(u32) -> bool,
        out: &mut Vec<(u32, f64)>,
    ) {
        let u = to_unit(q);
        let start = out.len();
        self.tree.nearest_k(&u, k, &mut keep, out);
        if self.tail().is_empty() || k == 0 {
            return;
        }
        // Merge the pushed points in: at equal distance the tree's first, as the
        // lazy stream gives them (their ids are all smaller).
        let tail = self.tail_nearest(&u, keep);
        let tree: Vec<(u32, f64)> = out.drain(start..).collect();
        let (mut a, mut b) = (tree.into_iter().peekable(), tail.into_iter().peekable());
        while out.len() - start < k {
            let take_tail = match (a.peek(), b.peek()) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(x), Some(y)) => y.1 < x.1,
            };
            match if take_tail { b.next() } else { a.next() } {
                Some(hit) => out.push(hit),
                None => break,
            }
        }
    }

    /// Ids of the points at most `radius_m` metres (haversine) from `q`, unordered.
    pub fn within_radius_m(&self, q: LngLat, radius_m: f64) -> Vec<u32> {
        let mut out = Vec::new();
        self.within_radius_m_into(q, radius_m, &mut out);
        out
    }

    /// Appends the ids within `radius_m` to `out` and returns how many it added.
    /// The tree is searched with a slightly larger chord, and each candidate is
    /// decided by the haversine distance itself, so the result is exactly the set a
    /// linear haversine scan returns.
    pub fn within_radius_m_into(&self, q: LngLat, radius_m: f64, out: &mut Vec<u32>) -> usize {
        if radius_m.is_nan() || radius_m < 0.0 {
            return 0;
        }
        let start = out.len();
        let slack = 1e-6 + radius_m * 1e-9;
        let outer = chord2_for_m(radius_m + slack);
        // Well inside the band where rounding could matter, the chord decides alone
        // and the trigonometry of a haversine is skipped (most hits of a big radius).
        let inner = chord2_for_m((radius_m - slack).max(0.0));
        self.tree.within(&to_unit(q), outer, |id, d2| {
            if d2 < inner || haversine_m(q, self.lnglat[id as usize]) <= radius_m {
                out.push(id);
            }
        });
        for id in self.tail() {
            if haversine_m(q, self.lnglat[id as usize]) <= radius_m {
                out.push(id);
            }
        }
        out.len() - start
    }

    /// Ids of the points inside the closed longitude/latitude box, unordered.
    /// The box must not cross the antimeridian (`min.0 <= max.0`).
    pub fn in_bbox(&self, min: LngLat, max: LngLat) -> Vec<u32> {
        let mut out = Vec::new();
        self.visit_bbox(min, max, |id| out.push(id));
        out
    }

    fn visit_bbox(&self, min: LngLat, max: LngLat, mut f: impl FnMut(u32)) {
        if !(min.0 <= max.0 && min.1 <= max.1) {
            return;
        }
        let (lo, hi) = unit_box(min, max);
        let inside = |id: u32| {
            let (lng, lat) = self.lnglat[id as usize];
            lng >= min.0 && lng <= max.0 && lat >= min.1 && lat <= max.1
        };
        self.tree.in_box(&lo, &hi, |id| {
            if inside(id) {
                f(id);
            }
        });
        self.tail().filter(|&id| inside(id)).for_each(f);
    }

    /// Ids of the points inside the polygon or on its boundary (a lasso), unordered.
    pub fn in_polygon(&self, area: &MultiPolygon<f64>) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(r) = area.bounding_rect() {
            self.visit_bbox((r.min().x, r.min().y), (r.max().x, r.max().y), |id| {
                let (x, y) = self.lnglat[id as usize];
                if area.coordinate_position(&Coord { x, y }) != CoordPos::Outside {
                    out.push(id);
                }
            });
        }
        out
    }
}

/// The tree's ids, then the pushed ones: an exact-size iterator for the heat cache.
struct TreeOrder<I> {
    tree: I,
    tail: std::ops::Range<u32>,
}

impl<I: ExactSizeIterator<Item = u32>> Iterator for TreeOrder<I> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.tree.next().or_else(|| self.tail.next())
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.tree.len() + self.tail.len();
        (n, Some(n))
    }
}

impl<I: ExactSizeIterator<Item = u32>> ExactSizeIterator for TreeOrder<I> {}

#[cfg(test)]
mod tests {
    #![allow(clippy::disallowed_methods)] // tests sort their oracles; not in the wasm module

    use super::*;

    #[test]
    fn nearest_comes_in_distance_order() {
        let pts = [
            (112.60, 26.90),
            (112.61, 26.90),
            (112.59, 26.90),
            (112.60, 26.95),
        ];
        let idx = PointIndex::build(&pts);
        let got: Vec<u32> = idx.nearest((112.603, 26.9001)).map(|(i, _)| i).collect();
        assert_eq!(got, vec![0, 1, 2, 3]);
        let (_, d) = idx.nearest_k((112.60, 26.90), 1)[0];
        assert!(d < 1e-6, "{d}");
    }

    // proptest does not build for wasm32 (clippy checks the tests there too).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The bounded search with points pushed after the build and a filter
        /// gives what the lazy stream gives: the same ids, order and distances.
        #[test]
        fn nearest_k_into_equals_the_lazy_stream(
            pts in proptest::collection::vec((112.5..112.52f64, 26.8..26.82f64), 0..120),
            pushed in proptest::collection::vec((112.5..112.52f64, 26.8..26.82f64), 0..40),
            q in (112.5..112.52f64, 26.8..26.82f64),
            k in 0usize..80,
            every in 1u32..4,
        ) {
            let mut idx = PointIndex::build(&pts);
            for &p in &pushed {
                idx.push(p);
            }
            let want: Vec<(u32, f64)> = idx.nearest(q).filter(|&(i, _)| i.is_multiple_of(every)).take(k).collect();
            let mut got = vec![];
            idx.nearest_k_into(q, k, &mut |i| i.is_multiple_of(every), &mut got);
            for hit in &mut got {
                hit.1 = m_for_chord2(hit.1);
            }
            proptest::prop_assert_eq!(got, want);
            if every == 1 {
                let all: Vec<(u32, f64)> = idx.nearest(q).take(k).collect();
                proptest::prop_assert_eq!(idx.nearest_k(q, k), all);
            }
            // The tree's order read from any place, in the tree and in the tail:
            // the rest of the whole order.
            let order: Vec<u32> = idx.ids_in_tree_order().collect();
            for start in 0..=order.len() + 2 {
                let from: Vec<u32> = idx.ids_in_tree_order_from(start).collect();
                proptest::prop_assert_eq!(&from[..], order.get(start..).unwrap_or_default());
                proptest::prop_assert_eq!(idx.ids_in_tree_order_from(start).len(), from.len());
            }
        }
    }

    #[test]
    fn radius_includes_a_point_exactly_on_it() {
        let pts = [(112.60, 26.90), (112.61, 26.90)];
        let idx = PointIndex::build(&pts);
        let r = haversine_m(pts[0], pts[1]);
        let mut got = idx.within_radius_m(pts[0], r);
        got.sort();
        assert_eq!(got, vec![0, 1]);
        assert_eq!(idx.within_radius_m(pts[0], r * (1.0 - 1e-9)), vec![0]);
        assert!(idx.within_radius_m(pts[0], -1.0).is_empty());
    }
}
