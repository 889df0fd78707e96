//! Every point in order of distance, lazily: a best-first walk whose queue holds
//! nodes (keyed by their box's lower bound) and points. For filters that keep few
//! points, where a fixed k would be found only far away, and for callers that
//! stop on their own condition.

use super::tree::{dist2, PackedTree};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

#[derive(Debug, Clone, Copy)]
struct Entry {
    d: f64,
    /// 0 for a point, else the node's level + 1.
    kind: u32,
    /// The point's id, or the node's index in its level.
    idx: u32,
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
        o.d.total_cmp(&self.d)
            .then(self.kind.min(1).cmp(&o.kind.min(1)))
            .then(o.idx.cmp(&self.idx))
            .then(o.kind.cmp(&self.kind))
    }
}

/// Iterator of `(id, dist2)`, nearest first. See [`PackedTree::nearest`].
pub struct Nearest<'a> {
    tree: &'a PackedTree,
    /// The query, for the points.
    q: [f64; 3],
    /// The query turned, for the boxes.
    qt: [f64; 3],
    heap: BinaryHeap<Entry>,
}

impl PackedTree {
    /// Every point in order of distance from `q` (squared chord), ties in id order,
    /// lazily. For a fixed k, [`PackedTree::nearest_k`] gives the same answer faster.
    pub fn nearest(&self, q: [f64; 3]) -> Nearest<'_> {
        let qt = self.rotate(&q);
        let mut heap = BinaryHeap::new();
        if !self.items.is_empty() {
            let top = self.top();
            heap.push(Entry {
                d: self.node(top, 0).dist2(&qt),
                kind: top as u32 + 1,
                idx: 0,
            });
        }
        Nearest {
            tree: self,
            q,
            qt,
            heap,
        }
    }
}

impl Iterator for Nearest<'_> {
    type Item = (u32, f64);

    fn next(&mut self) -> Option<(u32, f64)> {
        let t = self.tree;
        while let Some(e) = self.heap.pop() {
            if e.kind == 0 {
                return Some((e.idx, e.d));
            }
            let (level, j) = (e.kind as usize - 1, e.idx as usize);
            if level == 0 {
                for it in &t.items[t.children(0, j)] {
                    self.heap.push(Entry {
                        d: dist2(&it.p, &self.q),
                        kind: 0,
                        idx: it.id,
                    });
                }
            } else {
                for c in t.children(level, j) {
                    self.heap.push(Entry {
                        d: t.node(level - 1, c).dist2(&self.qt),
                        kind: e.kind - 1,
                        idx: c as u32,
                    });
                }
            }
        }
        None
    }
}
