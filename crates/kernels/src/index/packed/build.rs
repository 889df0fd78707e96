//! Building a [`PackedTree`], a piece at a time when asked: a page that loads ten
//! million problems gives the thread back between pieces instead of holding it
//! for the whole build (3.2 s in Node on this machine, measured 2026-12-02).
//! [`PackedTree::build`] is the same [`TreeBuild`] run in one piece, so there is
//! one build and the pieces cannot give a different tree.
//!
//! The phases, each a linear pass that stops and resumes at any point: the
//! longitude/latitude box; the Hilbert keys (with the unit vectors, or as
//! (key, id) pairs above [`BIG`]), counted for the radix sort as they are made;
//! the sort's two digit passes; the items from the sorted pairs (above [`BIG`]); the leaves'
//! boxes. The upper levels are a fifteenth of the leaves and go in one piece.

use super::order::{Keyer, Radix};
use super::tree::{dot, frame, Bbox, Item, PackedTree, NODE_SIZE};
use crate::index::sphere::to_unit;
use crate::lnglat::LngLat;

/// Above this many points the build sorts (key, id) pairs and makes the items in
/// order, to need 48 bytes a point at its peak instead of 64: sorting 8-byte
/// pairs needs 16 bytes a point beside the input where sorting the 32-byte items
/// needs 64; the items are then made in this order, reading the input at random
/// (slower: ~100 ns a point on this machine, but 10 M points must fit in a
/// browser tab's memory).
pub(crate) const BIG: usize = 2_000_000;

/// How much each leaf box is widened on every side (in the turned frame): more than
/// the rounding of turning a point or a query (three products and two sums of
/// numbers below 1, a few 1e-16), so a box's distance is never above the
/// distance computed between the unturned vectors of any point in it. 1e-14 of
/// the Earth's radius is 64 nm.
const EPS: f64 = 1e-14;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Bounds,
    Keys,
    Sort,
    Items,
    Leaves,
    Levels,
    Done,
}

impl Phase {
    /// Units of work a point costs in this phase (in each of the sort's two
    /// passes), so that a unit takes about as long in each (wasm in Node, 10 M
    /// points, 2026-12-02): turning a point into its unit vector costs some sines
    /// and cosines, and making the items from sorted pairs reads the points at
    /// random (250–350 ns an item at 10 M, a cache miss each).
    fn cost(self, by_pairs: bool) -> usize {
        match self {
            Phase::Bounds | Phase::Sort | Phase::Levels | Phase::Done => 1,
            Phase::Keys if by_pairs => 2,
            Phase::Keys => 6,
            Phase::Items => 12,
            Phase::Leaves => 2,
        }
    }
}

/// A [`PackedTree`] being built over points given again at every step.
#[derive(Debug)]
pub struct TreeBuild {
    n: usize,
    /// Sort (key, id) pairs, not items ([`BIG`]).
    by_pairs: bool,
    phase: Phase,
    /// Points (or leaves' points) done in this phase.
    at: usize,
    min: LngLat,
    max: LngLat,
    keyer: Keyer,
    rot: [[f64; 3]; 3],
    items: Vec<Item>,
    pairs: Vec<u64>,
    sort_items: Radix<Item>,
    sort_pairs: Radix<u64>,
    boxes: Vec<Bbox>,
    /// Where each level starts in `boxes`, once they are made.
    levels_at: Vec<usize>,
    /// Work done and in all, in points of a phase.
    done: usize,
    total: usize,
}

impl TreeBuild {
    /// A build over `n` points.
    pub fn new(n: usize) -> Self {
        Self::with_pairs(n, n > BIG)
    }

    pub(crate) fn with_pairs(n: usize, by_pairs: bool) -> Self {
        // The sort makes two passes (the keys are counted as they are made); the
        // items are made apart from the keys only from pairs.
        let items = if by_pairs { Phase::Items.cost(true) } else { 0 };
        let passes = Phase::Bounds.cost(by_pairs)
            + Phase::Keys.cost(by_pairs)
            + 2 * Phase::Sort.cost(by_pairs)
            + items
            + Phase::Leaves.cost(by_pairs);
        TreeBuild {
            n,
            by_pairs,
            phase: if n == 0 { Phase::Done } else { Phase::Bounds },
            at: 0,
            min: (f64::INFINITY, f64::INFINITY),
            max: (f64::NEG_INFINITY, f64::NEG_INFINITY),
            keyer: Keyer::new((0.0, 0.0), (0.0, 0.0)),
            rot: frame([0.0, 0.0, 1.0]),
            items: vec![],
            pairs: vec![],
            sort_items: Radix::new(),
            sort_pairs: Radix::new(),
            boxes: vec![],
            // An empty tree is its leaves' level and nothing above.
            levels_at: vec![0, 0],
            done: 0,
            total: passes * n + n.div_ceil(NODE_SIZE),
        }
    }

    /// Work done and in all (points of a phase): a progress bar's two numbers.
    pub fn progress(&self) -> (usize, usize) {
        if self.phase == Phase::Done {
            (self.total, self.total)
        } else {
            (self.done.min(self.total), self.total)
        }
    }

    /// Whether [`TreeBuild::finish`] has nothing left to do.
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Goes on building over `points` (the same `n` points every call) for about
    /// `budget` points' worth of work (a phase's pass over one point each);
    /// returns whether the build is done.
    pub fn step(&mut self, points: &[LngLat], budget: usize) -> bool {
        debug_assert_eq!(points.len(), self.n, "the same points every step");
        let mut left = budget.max(1);
        while self.phase != Phase::Done && left > 0 {
            // Points this phase may take, and the units they cost.
            let cost = self.phase.cost(self.by_pairs);
            let take = left.div_ceil(cost);
            let spent = cost
                * match self.phase {
                    Phase::Bounds => self.bounds(points, take),
                    Phase::Keys => self.keys(points, take),
                    Phase::Sort => self.sort(left),
                    Phase::Items => self.items(points, take),
                    Phase::Leaves => self.leaves(take),
                    Phase::Levels => self.levels(),
                    Phase::Done => 0,
                };
            self.done += spent;
            left = left.saturating_sub(spent.max(1));
        }
        self.phase == Phase::Done
    }

    /// The tree, finishing what is left in one piece (over the same points).
    pub fn finish(mut self, points: &[LngLat]) -> PackedTree {
        self.step(points, usize::MAX);
        PackedTree {
            items: self.items,
            boxes: self.boxes,
            levels: self.levels_at,
            rot: self.rot,
        }
    }

    /// The next `left` points of this phase, and moves on when they are the last.
    fn span(&mut self, left: usize, next: Phase) -> std::ops::Range<usize> {
        let r = self.at..self.n.min(self.at.saturating_add(left));
        self.at = r.end;
        if self.at == self.n {
            self.at = 0;
            self.phase = next;
        }
        r
    }

    fn bounds(&mut self, points: &[LngLat], left: usize) -> usize {
        let r = self.span(left, Phase::Keys);
        let (min, max) = (&mut self.min, &mut self.max);
        for &(x, y) in &points[r.clone()] {
            if x < min.0 {
                min.0 = x;
            }
            if x > max.0 {
                max.0 = x;
            }
            if y < min.1 {
                min.1 = y;
            }
            if y > max.1 {
                max.1 = y;
            }
        }
        if self.phase == Phase::Keys {
            let (min, max) = (self.min, self.max);
            self.rot = frame(to_unit((0.5 * (min.0 + max.0), 0.5 * (min.1 + max.1))));
            self.keyer = Keyer::new(min, max);
            if self.by_pairs {
                self.pairs.reserve_exact(self.n);
            } else {
                self.items.reserve_exact(self.n);
            }
        }
        r.len()
    }

    /// The keys, counted for the sort's digits as they are made.
    fn keys(&mut self, points: &[LngLat], left: usize) -> usize {
        let r = self.span(left, Phase::Sort);
        let keyer = self.keyer;
        let (start, len, n) = (r.start, r.len(), self.n);
        if self.by_pairs {
            let sort = &mut self.sort_pairs;
            sort.grow(n, r.end);
            self.pairs
                .extend(points[r].iter().enumerate().map(|(i, &p)| {
                    let k = keyer.key(p);
                    sort.count(k);
                    ((k as u64) << 32) | (start + i) as u64
                }));
        } else {
            let sort = &mut self.sort_items;
            sort.grow(n, r.end);
            self.items
                .extend(points[r].iter().enumerate().map(|(i, &p)| {
                    let k = keyer.key(p);
                    sort.count(k);
                    Item {
                        p: to_unit(p),
                        id: (start + i) as u32,
                        key: k,
                    }
                }));
        }
        len
    }

    fn sort(&mut self, left: usize) -> usize {
        let (spent, done) = if self.by_pairs {
            let s = self
                .sort_pairs
                .step(&mut self.pairs, |v| (v >> 32) as u32, left);
            (s, self.sort_pairs.done())
        } else {
            let s = self.sort_items.step(&mut self.items, |it| it.key, left);
            (s, self.sort_items.done())
        };
        if done {
            self.phase = if self.by_pairs {
                Phase::Items
            } else {
                Phase::Leaves
            };
            if self.by_pairs {
                self.items.reserve_exact(self.n);
            }
        }
        spent
    }

    fn items(&mut self, points: &[LngLat], left: usize) -> usize {
        let r = self.span(left, Phase::Leaves);
        let len = r.len();
        self.items.extend(self.pairs[r].iter().map(|&v| Item {
            p: to_unit(points[v as u32 as usize]),
            id: v as u32,
            key: (v >> 32) as u32,
        }));
        if self.phase == Phase::Leaves {
            self.pairs = vec![];
        }
        len
    }

    fn leaves(&mut self, left: usize) -> usize {
        if self.at == 0 {
            self.boxes = Vec::with_capacity(self.n.div_ceil(NODE_SIZE) * 16 / 15 + 8);
        }
        // Whole leaves only.
        let r = self.span(left.div_ceil(NODE_SIZE) * NODE_SIZE, Phase::Levels);
        let rot = self.rot;
        let turn = |p: &[f64; 3]| [dot(&rot[0], p), dot(&rot[1], p), dot(&rot[2], p)];
        let len = r.len();
        for leaf in self.items[r].chunks(NODE_SIZE) {
            let mut b = Bbox::EMPTY;
            for it in leaf {
                b.add(&turn(&it.p));
            }
            for k in 0..3 {
                b.lo[k] -= EPS;
                b.hi[k] += EPS;
            }
            self.boxes.push(b);
        }
        len
    }

    fn levels(&mut self) -> usize {
        let boxes = &mut self.boxes;
        let mut levels = vec![0, boxes.len()];
        while levels[levels.len() - 1] - levels[levels.len() - 2] > 1 {
            let (start, end) = (levels[levels.len() - 2], levels[levels.len() - 1]);
            let mut i = start;
            while i < end {
                let mut b = Bbox::EMPTY;
                for c in &boxes[i..(i + NODE_SIZE).min(end)] {
                    b.add(&c.lo);
                    b.add(&c.hi);
                }
                boxes.push(b);
                i += NODE_SIZE;
            }
            levels.push(boxes.len());
        }
        self.levels_at = levels;
        self.phase = Phase::Done;
        self.n.div_ceil(NODE_SIZE)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::index::packed::tree::cloud;
    use proptest::prelude::*;

    /// The same tree to the bit: items, boxes, levels and frame.
    fn same(a: &PackedTree, b: &PackedTree) -> bool {
        let bits = |v: &[f64; 3]| v.map(f64::to_bits);
        a.items.len() == b.items.len()
            && a.items
                .iter()
                .zip(&b.items)
                .all(|(x, y)| (bits(&x.p), x.id, x.key) == (bits(&y.p), y.id, y.key))
            && a.boxes.len() == b.boxes.len()
            && a.boxes
                .iter()
                .zip(&b.boxes)
                .all(|(x, y)| (bits(&x.lo), bits(&x.hi)) == (bits(&y.lo), bits(&y.hi)))
            && a.levels == b.levels
            && a.rot.iter().zip(&b.rot).all(|(x, y)| bits(x) == bits(y))
    }

    /// Steps with the budgets given (round and round) and checks the progress
    /// on the way: it grows at every step and ends at its total.
    fn in_pieces(pts: &[LngLat], by_pairs: bool, budgets: &[usize]) -> PackedTree {
        let mut b = TreeBuild::with_pairs(pts.len(), by_pairs);
        let mut last = b.progress();
        assert_eq!(last.0, 0);
        for &budget in budgets.iter().cycle() {
            if b.step(pts, budget) {
                break;
            }
            let now = b.progress();
            assert!(now.0 > last.0 && now.0 < now.1, "{last:?} -> {now:?}");
            last = now;
        }
        assert!(b.is_done());
        assert_eq!(b.progress().0, b.progress().1);
        b.finish(pts)
    }

    #[test]
    fn pieces_of_one_point_make_the_same_tree() {
        for n in [0, 1, 15, 16, 17, 1000] {
            let pts = cloud(n);
            let whole = PackedTree::build(&pts);
            for by_pairs in [false, true] {
                assert!(same(&in_pieces(&pts, by_pairs, &[1]), &whole), "n {n}");
            }
        }
    }

    #[test]
    fn a_step_costs_about_its_budget() {
        let pts = cloud(100_000);
        let mut b = TreeBuild::new(pts.len());
        let mut steps = 0;
        while !b.step(&pts, 10_000) {
            steps += 1;
        }
        // 11 units a point (1 the box, 6 the keys, 2 the sort, 2 the leaves) and
        // the levels: some 110 pieces of 10,000, not a few big ones.
        assert_eq!(b.progress().1, 11 * 100_000 + 100_000 / 16);
        assert!((108..=114).contains(&steps), "{steps} steps");
    }

    fn places() -> impl Strategy<Value = Vec<LngLat>> {
        let city = prop::collection::vec((112.5..112.6f64, 26.8..26.9f64), 0..400);
        let globe = prop::collection::vec((-180.0..=180.0f64, -90.0..=90.0f64), 0..200);
        let spot = (0usize..60).prop_map(|n| vec![(112.55, 26.85); n]);
        prop_oneof![city, globe, spot]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any budgets, either sort: the tree of the build in one piece.
        #[test]
        fn any_pieces_make_the_same_tree(pts in places(), budgets in prop::collection::vec(1usize..600, 1..8)) {
            let whole = PackedTree::build(&pts);
            prop_assert!(same(&in_pieces(&pts, false, &budgets), &whole));
            prop_assert!(same(&in_pieces(&pts, true, &budgets), &whole));
        }
    }
}
