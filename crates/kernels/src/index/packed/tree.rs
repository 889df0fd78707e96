//! The packed tree itself: its layout, its build and the walks that need no queue
//! (radius, box). See the module above for why it is built this way.

use super::build::{TreeBuild, BIG};
use crate::lnglat::LngLat;

/// Points per leaf and children per node; 16 as in flatbush.
pub const NODE_SIZE: usize = 16;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Item {
    /// The unit vector as [`to_unit`](crate::index::sphere::to_unit) gives it, not turned: every distance to a
    /// point is computed from these, exactly as the k-d tree before this computed
    /// them, so answers (distances, ties, the radius sets) are the same bits.
    pub(crate) p: [f64; 3],
    pub(crate) id: u32,
    /// The Hilbert key it was sorted by (in what was padding).
    pub(crate) key: u32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Bbox {
    pub(crate) lo: [f64; 3],
    pub(crate) hi: [f64; 3],
}

impl Bbox {
    pub(super) const EMPTY: Bbox = Bbox {
        lo: [f64::INFINITY; 3],
        hi: [f64::NEG_INFINITY; 3],
    };

    /// Grows to hold `p`. Comparisons, not f64::min/max: those are calls in wasm.
    #[inline]
    #[allow(clippy::needless_range_loop)] // three arrays side by side, by axis
    pub(super) fn add(&mut self, p: &[f64; 3]) {
        for k in 0..3 {
            if p[k] < self.lo[k] {
                self.lo[k] = p[k];
            }
            if p[k] > self.hi[k] {
                self.hi[k] = p[k];
            }
        }
    }

    /// Squared distance from `q` (turned) to the box (0 inside): a lower bound for
    /// every point in it.
    #[inline]
    #[allow(clippy::needless_range_loop)] // three arrays side by side, by axis
    pub(crate) fn dist2(&self, q: &[f64; 3]) -> f64 {
        let mut d = 0.0;
        for k in 0..3 {
            let e = if q[k] < self.lo[k] {
                self.lo[k] - q[k]
            } else if q[k] > self.hi[k] {
                q[k] - self.hi[k]
            } else {
                0.0
            };
            d += e * e;
        }
        d
    }

    #[inline]
    fn overlaps(&self, o: &Bbox) -> bool {
        (0..3).all(|k| self.lo[k] <= o.hi[k] && self.hi[k] >= o.lo[k])
    }
}

/// A static packed Hilbert R-tree over unit vectors (see the module's notes).
#[derive(Debug, Clone, Default)]
pub struct PackedTree {
    /// Points in Hilbert order (unturned vectors).
    pub(crate) items: Vec<Item>,
    /// Every level's boxes, leaves first, the root last, in the turned frame.
    pub(crate) boxes: Vec<Bbox>,
    /// Where each level starts in `boxes`, and the end.
    pub(crate) levels: Vec<usize>,
    /// Rows of the rotation that takes the middle of the data to +z.
    pub(crate) rot: [[f64; 3]; 3],
}

/// Squared chord between two unit vectors.
#[inline]
pub(crate) fn dist2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    dx * dx + dy * dy + dz * dz
}

#[inline]
pub(super) fn dot(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// An orthonormal frame whose third row is the unit vector `w`.
pub(super) fn frame(w: [f64; 3]) -> [[f64; 3]; 3] {
    // East at w, or any perpendicular at the poles.
    let h = (w[0] * w[0] + w[1] * w[1]).sqrt();
    let u = if h > 1e-12 {
        [-w[1] / h, w[0] / h, 0.0]
    } else {
        [1.0, 0.0, 0.0]
    };
    let v = [
        w[1] * u[2] - w[2] * u[1],
        w[2] * u[0] - w[0] * u[2],
        w[0] * u[1] - w[1] * u[0],
    ];
    [u, v, w]
}

impl PackedTree {
    /// Bytes a point that [`PackedTree::build`] of `n` points holds at its peak,
    /// beside its input: the items and the sort's second buffer (or the sorted
    /// pairs and theirs, above [`BIG`]), and the boxes.
    pub fn build_peak_bytes(n: usize) -> usize {
        let item = std::mem::size_of::<Item>();
        let boxes = std::mem::size_of::<Bbox>().div_ceil(NODE_SIZE - 1);
        if n <= BIG {
            2 * item + boxes
        } else {
            item + 16 + boxes
        }
    }

    /// Builds over `points` (finite longitudes and latitudes); id `i` is
    /// `points[i]`. Linear passes and a radix sort: no comparisons between points.
    /// [`TreeBuild`] does the same a piece at a time.
    pub fn build(points: &[LngLat]) -> Self {
        TreeBuild::new(points.len()).finish(points)
    }

    /// `q` in the tree's turned frame (for the boxes only).
    #[inline]
    pub(crate) fn rotate(&self, q: &[f64; 3]) -> [f64; 3] {
        [
            dot(&self.rot[0], q),
            dot(&self.rot[1], q),
            dot(&self.rot[2], q),
        ]
    }

    /// How many points the tree holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The top level (the root's); 0 when the leaves are the root.
    #[inline]
    pub(crate) fn top(&self) -> usize {
        self.levels.len() - 2
    }

    /// Node `j` of `level`: its box.
    #[inline]
    pub(crate) fn node(&self, level: usize, j: usize) -> &Bbox {
        &self.boxes[self.levels[level] + j]
    }

    /// What node `j` of `level` holds: items (level 0) or nodes of `level - 1`,
    /// as a range of positions.
    #[inline]
    pub(crate) fn children(&self, level: usize, j: usize) -> std::ops::Range<usize> {
        let count = if level == 0 {
            self.items.len()
        } else {
            self.levels[level] - self.levels[level - 1]
        };
        j * NODE_SIZE..((j + 1) * NODE_SIZE).min(count)
    }

    /// The ids in the tree's order (along the Hilbert curve): neighbours in this
    /// order are neighbours on the ground. Heatmaps bin in this order to keep
    /// their writes in cache.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.ids_from(0)
    }

    /// [`PackedTree::ids`] from the `start`th on (none past the end).
    pub fn ids_from(&self, start: usize) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.items[start.min(self.items.len())..]
            .iter()
            .map(|it| it.id)
    }

    /// Calls `f(id, dist2)` for every point within squared chord `r2` of `q`.
    pub fn within(&self, q: &[f64; 3], r2: f64, mut f: impl FnMut(u32, f64)) {
        if self.items.is_empty() {
            return;
        }
        let qt = &self.rotate(q);
        let top = self.top();
        if self.node(top, 0).dist2(qt) > r2 {
            return;
        }
        // Children are tested before they are pushed: most are pruned, and a
        // pruned node then costs no trip through the stack.
        let mut stack: Vec<(usize, usize)> = Vec::with_capacity(64);
        stack.push((top, 0));
        while let Some((level, j)) = stack.pop() {
            if level == 0 {
                for it in &self.items[self.children(0, j)] {
                    let d = dist2(&it.p, q);
                    if d <= r2 {
                        f(it.id, d);
                    }
                }
            } else {
                for c in self.children(level, j) {
                    if self.node(level - 1, c).dist2(qt) <= r2 {
                        stack.push((level - 1, c));
                    }
                }
            }
        }
    }

    /// Calls `f(id)` for every point inside the closed box `[lo, hi]` (unit
    /// vectors). The box is turned into the tree's frame and widened to hold the
    /// turned box to choose the nodes; each point is tested against `[lo, hi]`.
    #[allow(clippy::needless_range_loop)] // three arrays side by side, by axis
    pub fn in_box(&self, lo: &[f64; 3], hi: &[f64; 3], mut f: impl FnMut(u32)) {
        if self.items.is_empty() {
            return;
        }
        let c = [
            0.5 * (lo[0] + hi[0]),
            0.5 * (lo[1] + hi[1]),
            0.5 * (lo[2] + hi[2]),
        ];
        let e = [
            0.5 * (hi[0] - lo[0]),
            0.5 * (hi[1] - lo[1]),
            0.5 * (hi[2] - lo[2]),
        ];
        let c = self.rotate(&c);
        let mut area = Bbox::EMPTY;
        for k in 0..3 {
            let r = &self.rot[k];
            // Half-width of the turned box, plus a hair for rounding.
            let w = r[0].abs() * e[0] + r[1].abs() * e[1] + r[2].abs() * e[2] + 1e-12;
            area.lo[k] = c[k] - w;
            area.hi[k] = c[k] + w;
        }
        let inside = |p: &[f64; 3]| (0..3).all(|k| p[k] >= lo[k] && p[k] <= hi[k]);
        let mut stack: Vec<(usize, usize)> = Vec::with_capacity(64);
        stack.push((self.top(), 0));
        while let Some((level, j)) = stack.pop() {
            if !self.node(level, j).overlaps(&area) {
                continue;
            }
            if level == 0 {
                for it in &self.items[self.children(0, j)] {
                    if inside(&it.p) {
                        f(it.id);
                    }
                }
            } else {
                stack.extend(self.children(level, j).map(|c| (level - 1, c)));
            }
        }
    }
}

/// Seeded points over a 0.1° square near 蒸湘区 (for the tests of this module).
#[cfg(test)]
pub(crate) fn cloud(n: usize) -> Vec<LngLat> {
    let mut s: u64 = 7;
    let mut r = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| (112.5 + r() * 0.1, 26.8 + r() * 0.1))
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #![allow(clippy::disallowed_methods)] // tests sort their oracles; not in the wasm module

    use super::*;
    use crate::index::sphere::to_unit;
    use proptest::prelude::*;

    fn unit(pts: &[LngLat]) -> Vec<[f64; 3]> {
        pts.iter().map(|&p| to_unit(p)).collect()
    }

    /// Every point, nearest first, ties by id: the oracle of every ordered query.
    pub(crate) fn scan(pts: &[LngLat], q: &[f64; 3]) -> Vec<(u32, f64)> {
        let mut want: Vec<(u32, f64)> = unit(pts)
            .iter()
            .enumerate()
            .map(|(i, p)| (i as u32, dist2(p, q)))
            .collect();
        want.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        want
    }

    #[test]
    fn nearest_visits_every_point_in_order() {
        let pts = cloud(1000);
        let t = PackedTree::build(&pts);
        let q = to_unit((112.55, 26.85));
        let got: Vec<(u32, f64)> = t.nearest(q).collect();
        assert_eq!(got.len(), 1000);
        // The same bits as a scan of the unturned vectors.
        assert_eq!(got, scan(&pts, &q));
    }

    #[test]
    fn within_and_box_match_a_scan() {
        for n in [1, 15, 16, 17, 257, 3000] {
            let pts = cloud(n);
            let u = unit(&pts);
            let t = PackedTree::build(&pts);
            let q = to_unit((112.56, 26.86));
            let r2 = crate::index::sphere::chord2_for_m(2_000.0);
            let mut got = vec![];
            t.within(&q, r2, |id, _| got.push(id));
            got.sort();
            let want: Vec<u32> = (0..n as u32)
                .filter(|&i| dist2(&u[i as usize], &q) <= r2)
                .collect();
            assert_eq!(got, want, "n {n}");

            let (lo, hi) = crate::index::sphere::unit_box((112.52, 26.82), (112.57, 26.85));
            let mut got = vec![];
            t.in_box(&lo, &hi, |id| got.push(id));
            got.sort();
            let inside =
                |i: u32| (0..3).all(|k| u[i as usize][k] >= lo[k] && u[i as usize][k] <= hi[k]);
            let want: Vec<u32> = (0..n as u32).filter(|&i| inside(i)).collect();
            assert_eq!(got, want, "n {n}");
        }
    }

    /// The layout: every id once, leaves along the Hilbert curve (keys never fall
    /// in the top 22 bits, equal keys in id order), every box holding its children.
    fn check_layout(pts: &[LngLat], t: &PackedTree) {
        let mut ids: Vec<u32> = t.ids().collect();
        ids.sort();
        assert_eq!(ids, (0..pts.len() as u32).collect::<Vec<u32>>());
        if pts.is_empty() {
            return;
        }
        for w in t.items.windows(2) {
            let (a, b) = (w[0].key >> 10, w[1].key >> 10);
            assert!(a < b || (a == b && w[0].id < w[1].id), "order");
        }
        assert_eq!(
            t.levels[t.levels.len() - 1] - t.levels[t.levels.len() - 2],
            1,
            "one root"
        );
        for level in 0..=t.top() {
            for j in 0..t.levels[level + 1] - t.levels[level] {
                let b = t.node(level, j);
                for c in t.children(level, j) {
                    let inner = if level == 0 {
                        let p = t.rotate(&t.items[c].p);
                        Bbox { lo: p, hi: p }
                    } else {
                        *t.node(level - 1, c)
                    };
                    assert!((0..3).all(|k| b.lo[k] <= inner.lo[k] && b.hi[k] >= inner.hi[k]));
                }
            }
        }
    }

    #[test]
    fn every_point_once_and_boxes_hold_their_children() {
        let pts = cloud(5000);
        check_layout(&pts, &PackedTree::build(&pts));
    }

    #[test]
    fn empty_and_duplicates() {
        let t = PackedTree::build(&[]);
        assert_eq!(t.nearest([1.0, 0.0, 0.0]).count(), 0);
        let mut n = 0;
        t.within(&[1.0, 0.0, 0.0], 4.0, |_, _| n += 1);
        assert_eq!(n, 0);
        let p = (112.5, 26.8);
        let t = PackedTree::build(&vec![p; 500]);
        let got: Vec<u32> = t.nearest(to_unit(p)).take(3).map(|x| x.0).collect();
        assert_eq!(got, vec![0, 1, 2], "ties come in id order");
    }

    #[test]
    fn whole_globe_and_poles() {
        let pts: Vec<LngLat> = (0..2000)
            .map(|i| {
                (
                    -180.0 + (i * 37 % 360) as f64,
                    -90.0 + (i * 11 % 181) as f64,
                )
            })
            .collect();
        let t = PackedTree::build(&pts);
        check_layout(&pts, &t);
        for q in [(0.0, 90.0), (179.9, -89.0), (-45.0, 0.0), (180.0, 0.0)] {
            let qu = to_unit(q);
            let got: Vec<(u32, f64)> = t.nearest(qu).take(5).collect();
            assert_eq!(got, scan(&pts, &qu)[..5]);
        }
    }

    /// Points that straddle the antimeridian, near a pole, a single spot repeated,
    /// a city: each with duplicates.
    fn places() -> impl Strategy<Value = Vec<LngLat>> {
        let city = prop::collection::vec((112.5..112.6f64, 26.8..26.9f64), 0..300);
        let antimeridian = prop::collection::vec(
            (
                prop_oneof![179.9..=180.0f64, -180.0..-179.9f64],
                -0.1..0.1f64,
            ),
            0..200,
        );
        let pole = prop::collection::vec((-180.0..=180.0f64, 89.9..=90.0f64), 0..200);
        let spot = (0usize..100).prop_map(|n| vec![(112.55, 26.85); n]);
        (
            prop_oneof![city, antimeridian, pole, spot],
            prop::collection::vec(any::<prop::sample::Index>(), 0..20),
        )
            .prop_map(|(mut pts, dups)| {
                if !pts.is_empty() {
                    for d in dups {
                        let p = pts[d.index(pts.len())];
                        pts.push(p);
                    }
                }
                pts
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn build_order_is_the_hilbert_order(pts in places()) {
            check_layout(&pts, &PackedTree::build(&pts));
        }

        /// k nearest (the bounded pool for k up to 64, the lazy walk above) against
        /// a scan: the same ids, the same distances to the bit, ties by id, with a
        /// filter; k = 0 and k above n included.
        #[test]
        fn nearest_k_matches_scan(pts in places(), q in any::<prop::sample::Index>(), off in (-0.01..0.01f64, -0.01..0.01f64), k in prop_oneof![0usize..70, 60usize..400], every in 1u32..4) {
            let q = if pts.is_empty() { (112.55, 26.85) } else {
                let p = pts[q.index(pts.len())];
                (p.0 + off.0, (p.1 + off.1).clamp(-90.0, 90.0))
            };
            let q = to_unit(q);
            let t = PackedTree::build(&pts);
            let keep = |id: u32| id.is_multiple_of(every);
            let want: Vec<(u32, f64)> = scan(&pts, &q).into_iter().filter(|&(id, _)| keep(id)).take(k).collect();
            let mut got = vec![];
            t.nearest_k(&q, k, keep, &mut got);
            prop_assert_eq!(&got, &want);
            let lazy: Vec<(u32, f64)> = t.nearest(q).filter(|&(id, _)| keep(id)).take(k).collect();
            prop_assert_eq!(&lazy, &want);
        }
    }
}
