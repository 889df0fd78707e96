//! A static 3-D k-d tree over unit vectors, laid out as kdbush lays out its 2-D
//! tree: one flat array sorted in place so that every node is a contiguous range
//! split at its median, no node objects. A range stops splitting once `r - l <=
//! NODE_SIZE` (as in kdbush), so a leaf holds at most [`NODE_SIZE`] + 1 points.
//!
//! Why not rstar for points: on this project's benchmark (bench/compare.mjs, 100k
//! points in wasm) rstar's bulk load took 62 ms against kdbush's 35 ms, because it
//! allocates a node per 6–16 children and re-partitions each level; this tree
//! builds in one allocation by repeated selection. Polygons stay in rstar.
//!
//! Distances here are squared chords between unit vectors; they grow strictly with
//! the great-circle distance, so the order and the radius tests are exact on the
//! sphere, and a node's box gives a true lower bound.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A range of more than `NODE_SIZE + 1` points is split; leaves hold up to
/// `NODE_SIZE + 1`. 64 as in kdbush's and flatbush's defaults.
pub const NODE_SIZE: usize = 64;

#[derive(Debug, Clone, Copy, Default)]
struct Item {
    p: [f64; 3],
    id: u32,
}

/// A static k-d tree over unit vectors on the sphere (implicit layout, one allocation).
#[derive(Debug, Clone, Default)]
pub struct KdTree {
    items: Vec<Item>,
    /// Split axes in the order levels use them, widest extent first.
    axes: [usize; 3],
    lo: [f64; 3],
    hi: [f64; 3],
}

#[inline]
fn dist2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    dx * dx + dy * dy + dz * dz
}

#[inline]
fn box_dist2(q: &[f64; 3], lo: &[f64; 3], hi: &[f64; 3]) -> f64 {
    let mut d = 0.0;
    for k in 0..3 {
        let e = if q[k] < lo[k] {
            lo[k] - q[k]
        } else if q[k] > hi[k] {
            q[k] - hi[k]
        } else {
            0.0
        };
        d += e * e;
    }
    d
}

impl KdTree {
    /// Builds over `points`; id `i` is `points[i]`. O(n log n), one allocation.
    pub fn build(points: impl ExactSizeIterator<Item = [f64; 3]>) -> Self {
        let mut items: Vec<Item> = points
            .enumerate()
            .map(|(i, p)| Item { p, id: i as u32 })
            .collect();
        let (mut lo, mut hi) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
        for it in &items {
            for k in 0..3 {
                lo[k] = lo[k].min(it.p[k]);
                hi[k] = hi[k].max(it.p[k]);
            }
        }
        let mut axes = [0, 1, 2];
        // Three elements: by hand (no sort instantiation for this).
        for _ in 0..2 {
            for k in 0..2 {
                if hi[axes[k + 1]] - lo[axes[k + 1]] > hi[axes[k]] - lo[axes[k]] {
                    axes.swap(k, k + 1);
                }
            }
        }
        let n = items.len();
        if n > 0 {
            sort(&mut items, 0, n - 1, 0, &axes);
        }
        KdTree {
            items,
            axes,
            lo,
            hi,
        }
    }

    /// The ids in the tree's layout order: every node, down to the leaves of at
    /// most [`NODE_SIZE`] + 1 points, is a contiguous run, so neighbours in this order are
    /// neighbours on the ground. Heatmaps bin in this order to keep their writes
    /// in cache.
    /// How many points the tree holds.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The ids in tree order (neighbours on the ground next to each other).
    pub fn ids(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.items.iter().map(|it| it.id)
    }

    /// Calls `f(id, dist2)` for every point within squared chord `r2` of `q`.
    pub fn within(&self, q: &[f64; 3], r2: f64, mut f: impl FnMut(u32, f64)) {
        if self.items.is_empty() {
            return;
        }
        let r = r2.sqrt();
        let mut stack: Vec<(usize, usize, usize)> = Vec::with_capacity(64);
        stack.push((0, self.items.len() - 1, 0));
        while let Some((l, r_, depth)) = stack.pop() {
            if r_ - l <= NODE_SIZE {
                for it in &self.items[l..=r_] {
                    let d = dist2(&it.p, q);
                    if d <= r2 {
                        f(it.id, d);
                    }
                }
                continue;
            }
            let m = (l + r_) >> 1;
            let axis = self.axes[depth % 3];
            let it = &self.items[m];
            let d = dist2(&it.p, q);
            if d <= r2 {
                f(it.id, d);
            }
            if q[axis] - r <= it.p[axis] {
                stack.push((l, m - 1, depth + 1));
            }
            if q[axis] + r >= it.p[axis] {
                stack.push((m + 1, r_, depth + 1));
            }
        }
    }

    /// Calls `f(id)` for every point inside the closed box `[lo, hi]`.
    pub fn in_box(&self, lo: &[f64; 3], hi: &[f64; 3], mut f: impl FnMut(u32)) {
        if self.items.is_empty() {
            return;
        }
        let inside = |p: &[f64; 3]| (0..3).all(|k| p[k] >= lo[k] && p[k] <= hi[k]);
        let mut stack: Vec<(usize, usize, usize)> = Vec::with_capacity(64);
        stack.push((0, self.items.len() - 1, 0));
        while let Some((l, r, depth)) = stack.pop() {
            if r - l <= NODE_SIZE {
                for it in &self.items[l..=r] {
                    if inside(&it.p) {
                        f(it.id);
                    }
                }
                continue;
            }
            let m = (l + r) >> 1;
            let axis = self.axes[depth % 3];
            let it = &self.items[m];
            if inside(&it.p) {
                f(it.id);
            }
            if lo[axis] <= it.p[axis] {
                stack.push((l, m - 1, depth + 1));
            }
            if hi[axis] >= it.p[axis] {
                stack.push((m + 1, r, depth + 1));
            }
        }
    }

    /// Every point in order of distance from `q` (squared chord), lazily: a
    /// best-first walk whose queue holds nodes keyed by their box's lower bound.
    pub fn nearest(&self, q: [f64; 3]) -> Nearest<'_> {
        let mut heap = BinaryHeap::new();
        if !self.items.is_empty() {
            heap.push(Entry {
                d: box_dist2(&q, &self.lo, &self.hi),
                kind: Kind::Node {
                    l: 0,
                    r: self.items.len() - 1,
                    depth: 0,
                    lo: self.lo,
                    hi: self.hi,
                },
            });
        }
        Nearest {
            tree: self,
            q,
            heap,
        }
    }
}

/// Sorts `items[l..=r]` into k-d order: the median on this level's axis in the
/// middle, smaller ones left, larger right, recursively (kdbush's `sort`).
fn sort(items: &mut [Item], l: usize, r: usize, depth: usize, axes: &[usize; 3]) {
    if r - l <= NODE_SIZE {
        return;
    }
    let m = (l + r) >> 1;
    let axis = axes[depth % 3];
    items[l..=r].select_nth_unstable_by(m - l, |a, b| a.p[axis].total_cmp(&b.p[axis]));
    sort(items, l, m - 1, depth + 1, axes);
    sort(items, m + 1, r, depth + 1, axes);
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Point(u32),
    Node {
        l: usize,
        r: usize,
        depth: usize,
        lo: [f64; 3],
        hi: [f64; 3],
    },
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    d: f64,
    kind: Kind,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    /// Reversed, so the max-heap pops the nearest. At equal distance nodes come
    /// before points, so every point at that distance is in the queue before the
    /// first of them leaves it, and they leave in id order: ties are deterministic.
    fn cmp(&self, o: &Self) -> Ordering {
        let rank = |k: &Kind| match k {
            Kind::Node { l, .. } => (0, *l),
            Kind::Point(id) => (1, *id as usize),
        };
        o.d.total_cmp(&self.d)
            .then_with(|| rank(&o.kind).cmp(&rank(&self.kind)))
    }
}

/// Iterator of `(id, dist2)`, nearest first. See [`KdTree::nearest`].
pub struct Nearest<'a> {
    tree: &'a KdTree,
    q: [f64; 3],
    heap: BinaryHeap<Entry>,
}

impl Iterator for Nearest<'_> {
    type Item = (u32, f64);

    fn next(&mut self) -> Option<(u32, f64)> {
        let items = &self.tree.items;
        while let Some(e) = self.heap.pop() {
            match e.kind {
                Kind::Point(id) => return Some((id, e.d)),
                Kind::Node {
                    l,
                    r,
                    depth,
                    lo,
                    hi,
                } => {
                    if r - l <= NODE_SIZE {
                        for it in &items[l..=r] {
                            self.heap.push(Entry {
                                d: dist2(&it.p, &self.q),
                                kind: Kind::Point(it.id),
                            });
                        }
                        continue;
                    }
                    let m = (l + r) >> 1;
                    let axis = self.tree.axes[depth % 3];
                    let it = &items[m];
                    self.heap.push(Entry {
                        d: dist2(&it.p, &self.q),
                        kind: Kind::Point(it.id),
                    });
                    let split = it.p[axis];
                    let (mut left_hi, mut right_lo) = (hi, lo);
                    left_hi[axis] = split;
                    right_lo[axis] = split;
                    if m > l {
                        let d = box_dist2(&self.q, &lo, &left_hi);
                        self.heap.push(Entry {
                            d,
                            kind: Kind::Node {
                                l,
                                r: m - 1,
                                depth: depth + 1,
                                lo,
                                hi: left_hi,
                            },
                        });
                    }
                    if m < r {
                        let d = box_dist2(&self.q, &right_lo, &hi);
                        self.heap.push(Entry {
                            d,
                            kind: Kind::Node {
                                l: m + 1,
                                r,
                                depth: depth + 1,
                                lo: right_lo,
                                hi,
                            },
                        });
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::disallowed_methods)] // tests sort their oracles; not in the wasm module

    use super::*;

    fn cloud(n: usize) -> Vec<[f64; 3]> {
        let mut s: u64 = 7;
        let mut r = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| crate::index::sphere::to_unit((112.5 + r() * 0.1, 26.8 + r() * 0.1)))
            .collect()
    }

    #[test]
    fn nearest_visits_every_point_in_order() {
        let pts = cloud(1000);
        let t = KdTree::build(pts.iter().copied());
        let q = crate::index::sphere::to_unit((112.55, 26.85));
        let got: Vec<(u32, f64)> = t.nearest(q).collect();
        assert_eq!(got.len(), 1000);
        let mut want: Vec<(u32, f64)> = pts
            .iter()
            .enumerate()
            .map(|(i, p)| (i as u32, dist2(p, &q)))
            .collect();
        want.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        assert_eq!(got, want);
    }

    #[test]
    fn within_and_box_match_a_scan() {
        let pts = cloud(3000);
        let t = KdTree::build(pts.iter().copied());
        let q = crate::index::sphere::to_unit((112.56, 26.86));
        let r2 = crate::index::sphere::chord2_for_m(2_000.0);
        let mut got = vec![];
        t.within(&q, r2, |id, _| got.push(id));
        got.sort();
        let want: Vec<u32> = (0..pts.len() as u32)
            .filter(|&i| dist2(&pts[i as usize], &q) <= r2)
            .collect();
        assert_eq!(got, want);
        assert!(!want.is_empty());

        let (lo, hi) = crate::index::sphere::unit_box((112.52, 26.82), (112.57, 26.85));
        let mut got = vec![];
        t.in_box(&lo, &hi, |id| got.push(id));
        got.sort();
        let want: Vec<u32> = (0..pts.len() as u32)
            .filter(|&i| (0..3).all(|k| pts[i as usize][k] >= lo[k] && pts[i as usize][k] <= hi[k]))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn empty_and_duplicates() {
        let t = KdTree::build(
            std::iter::empty::<[f64; 3]>()
                .collect::<Vec<_>>()
                .into_iter(),
        );
        assert_eq!(t.nearest([1.0, 0.0, 0.0]).count(), 0);
        let p = crate::index::sphere::to_unit((112.5, 26.8));
        let t = KdTree::build(vec![p; 500].into_iter());
        let got: Vec<u32> = t.nearest(p).take(3).map(|x| x.0).collect();
        assert_eq!(got, vec![0, 1, 2], "ties come in id order");
    }
}
