//! The k nearest points, with a bounded candidate set: the answer of
//! [`PackedTree::nearest`]`.filter(keep).take(k)` without queueing points.
//!
//! Why: the lazy best-first walk pushes every point of every leaf it opens into its
//! queue; in the wasm profile of 10,000 10-nearest queries over 100k points that
//! walk was 70 % of the time (bench/compare.mjs under `node --cpu-prof`). Here the
//! queue holds only nodes, and a point costs a distance and one comparison with
//! the k-th best so far. For k above [`SMALL_K`] the lazy walk answers.

use super::tree::{dist2, PackedTree};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A sorted array (for small k, a few shifts beat a heap's sifting and final sort).
struct Sorted {
    k: usize,
    buf: Vec<(f64, u32)>,
    bound: f64,
}

/// The best candidates so far; `bound` is the k-th best distance once there are
/// k of them (infinity before), so anything farther can be skipped.
impl Sorted {
    #[inline]
    fn bound(&self) -> f64 {
        self.bound
    }

    /// Offers a candidate with `d <= bound()`; ties at the bound go by id.
    #[inline]
    fn offer(&mut self, d: f64, id: u32) {
        if self.buf.len() == self.k {
            match self.buf.last() {
                Some(&(wd, wid)) if d < wd || (d == wd && id < wid) => {
                    self.buf.pop();
                }
                _ => return,
            }
        }
        let mut i = self.buf.len();
        while i > 0 && (self.buf[i - 1].0 > d || (self.buf[i - 1].0 == d && self.buf[i - 1].1 > id))
        {
            i -= 1;
        }
        self.buf.insert(i, (d, id));
        if self.buf.len() == self.k {
            self.bound = self.buf[self.k - 1].0;
        }
    }

    fn drain_sorted(self, out: &mut Vec<(u32, f64)>) {
        out.extend(self.buf.iter().map(|&(d, id)| (id, d)));
    }
}

/// A node waiting in the queue, nearest box first.
#[derive(Clone, Copy)]
struct Node {
    d: f64,
    level: u32,
    j: u32,
}
impl PartialEq for Node {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Node {
    /// Reversed, so the max-heap pops the nearest.
    fn cmp(&self, o: &Self) -> Ordering {
        o.d.total_cmp(&self.d)
            .then(o.level.cmp(&self.level))
            .then(o.j.cmp(&self.j))
    }
}

/// Above this k the lazy walk answers: shifting a long sorted array would cost
/// more than its queue, and a second (heap) pool would cost wasm bytes for a
/// case the page never asks for.
const SMALL_K: usize = 64;

impl PackedTree {
    /// Appends the `k` nearest points of `q` (a unit vector) that `keep` accepts, as
    /// `(id, squared chord)`, nearest first and ties in id order: exactly what
    /// `self.nearest(q).filter(..).take(k)` gives.
    pub fn nearest_k(
        &self,
        q: &[f64; 3],
        k: usize,
        keep: impl FnMut(u32) -> bool,
        out: &mut Vec<(u32, f64)>,
    ) {
        if k == 0 || self.items.is_empty() {
            return;
        }
        if k > SMALL_K {
            let mut keep = keep;
            out.extend(self.nearest(*q).filter(|&(id, _)| keep(id)).take(k));
            return;
        }
        let mut pool = Sorted {
            k,
            buf: Vec::with_capacity(k + 1),
            bound: f64::INFINITY,
        };
        self.search(q, &self.rotate(q), &mut pool, keep);
        pool.drain_sorted(out);
    }

    /// Best-first over the boxes: a node is opened only while its box can still
    /// hold something nearer than the k-th best so far. `q` for the points, `qt`
    /// (turned) for the boxes.
    fn search(
        &self,
        q: &[f64; 3],
        qt: &[f64; 3],
        pool: &mut Sorted,
        mut keep: impl FnMut(u32) -> bool,
    ) {
        let mut queue = BinaryHeap::with_capacity(64);
        let top = self.top();
        queue.push(Node {
            d: self.node(top, 0).dist2(qt),
            level: top as u32,
            j: 0,
        });
        while let Some(n) = queue.pop() {
            if n.d > pool.bound() {
                break;
            }
            let (level, j) = (n.level as usize, n.j as usize);
            if level == 0 {
                for it in &self.items[self.children(0, j)] {
                    let d = dist2(&it.p, q);
                    if d <= pool.bound() && keep(it.id) {
                        pool.offer(d, it.id);
                    }
                }
            } else {
                for c in self.children(level, j) {
                    let d = self.node(level - 1, c).dist2(qt);
                    if d <= pool.bound() {
                        queue.push(Node {
                            d,
                            level: n.level - 1,
                            j: c as u32,
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::cloud;
    use super::*;
    use crate::index::sphere::to_unit;

    #[test]
    fn equals_the_lazy_walk_for_every_k_and_filter() {
        let mut pts = cloud(3000);
        // Duplicates, so ties are exercised.
        for i in 0..200 {
            pts[2000 + i] = pts[i];
        }
        let t = PackedTree::build(&pts);
        for (qi, q) in cloud(40).into_iter().enumerate() {
            let q = to_unit(q);
            for k in [1, 2, 10, 31, 32, 33, 100, 3500] {
                let keep = |id: u32| qi % 3 == 0 || id % 5 != 1;
                let want: Vec<(u32, f64)> =
                    t.nearest(q).filter(|&(id, _)| keep(id)).take(k).collect();
                let mut got = vec![];
                t.nearest_k(&q, k, keep, &mut got);
                assert_eq!(got, want, "query {qi} k {k}");
            }
        }
        let mut got = vec![];
        t.nearest_k(&to_unit(pts[5]), 0, |_| true, &mut got);
        assert!(got.is_empty());
        PackedTree::build(&[]).nearest_k(&to_unit(pts[5]), 3, |_| true, &mut got);
        assert!(got.is_empty());
    }
}
