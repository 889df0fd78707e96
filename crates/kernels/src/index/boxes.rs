//! [`BoxTree`]: a static packed R-tree of 2-D boxes, for the polygons' bounding
//! boxes (grid cells, zones): leaves in Sort-Tile-Recursive order (by centre x in
//! vertical strips, by centre y within each), sixteen children a node, each level
//! stored after the one below it, as flatbush stores its tree.
//!
//! Why not rstar's bulk load, which this replaced: its partitioning selects
//! medians (`select_nth_unstable_by`), and with rstar's tree walk that was about
//! 15 KB of the wasm module for a tree built once per load and asked for boxes
//! (twiggy, 2026-12-03; README "Size"); this is about 2 KB, sorts through
//! [`crate::sort`], and is checked against a brute-force scan in proptests.

/// Children a node holds.
const NODE: usize = 16;

/// A closed box `[min_x, min_y, max_x, max_y]`.
pub type Box2 = [f64; 4];

/// Boxes with ids, for the ids of those meeting a box.
#[derive(Debug, Clone, Default)]
pub struct BoxTree {
    /// The leaves' boxes in tree order, then each level's node boxes up to the root.
    boxes: Vec<Box2>,
    /// The id of each leaf, in tree order.
    ids: Vec<u32>,
    /// Where each level starts in `boxes`, leaves first, and the end.
    levels: Vec<usize>,
}

/// Whether two closed boxes meet (touching counts).
#[inline]
fn meets(a: &Box2, b: &Box2) -> bool {
    a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
}

impl BoxTree {
    /// The tree of `items` (an id and its box each).
    pub fn build(items: &[(u32, Box2)]) -> Self {
        let n = items.len();
        if n == 0 {
            return BoxTree::default();
        }
        let centre = |i: u32, k: usize| {
            let b = &items[i as usize].1;
            b[k] + b[k + 2]
        };
        let mut order: Vec<u32> = (0..n as u32).collect();
        crate::sort::ids_by(&mut order, &|a, b| centre(a, 0).total_cmp(&centre(b, 0)));
        // √(leaves) strips of √(leaves) leaves each, sorted by y within a strip.
        let leaves = n.div_ceil(NODE);
        let strip = (leaves as f64).sqrt().ceil() as usize * NODE;
        for s in order.chunks_mut(strip) {
            crate::sort::ids_by(s, &|a, b| centre(a, 1).total_cmp(&centre(b, 1)));
        }
        let mut boxes: Vec<Box2> = order.iter().map(|&i| items[i as usize].1).collect();
        let ids = order.iter().map(|&i| items[i as usize].0).collect();
        let mut levels = vec![0, n];
        // Each level's nodes: the union of sixteen consecutive boxes below.
        while levels[levels.len() - 1] - levels[levels.len() - 2] > 1 {
            let (start, end) = (levels[levels.len() - 2], levels[levels.len() - 1]);
            let mut at = start;
            while at < end {
                let stop = (at + NODE).min(end);
                let mut u = boxes[at];
                for b in &boxes[at + 1..stop] {
                    u = [
                        u[0].min(b[0]),
                        u[1].min(b[1]),
                        u[2].max(b[2]),
                        u[3].max(b[3]),
                    ];
                }
                boxes.push(u);
                at = stop;
            }
            levels.push(boxes.len());
        }
        BoxTree { boxes, ids, levels }
    }

    /// Calls `f` with the id of every box that meets `q` (touching counts), in
    /// tree order. Allocation-free for trees of up to 16⁸ boxes.
    pub fn visit(&self, q: &Box2, f: &mut dyn FnMut(u32)) {
        let top = match self.levels.len() {
            0 | 1 => return,
            l => l - 2,
        };
        // (level, index within the level) of nodes still to open: at most 15
        // waiting siblings a level, and 16⁸ boxes need 9 levels.
        let mut stack = [(0usize, 0usize); 8 * (NODE - 1) + 2];
        let mut len = 1;
        stack[0] = (top, 0);
        while len > 0 {
            len -= 1;
            let (level, j) = stack[len];
            let at = self.levels[level] + j;
            if !meets(&self.boxes[at], q) {
                continue;
            }
            if level == 0 {
                f(self.ids[j]);
                continue;
            }
            let below = level - 1;
            let count = self.levels[level] - self.levels[below];
            let last = ((j + 1) * NODE).min(count);
            // Children pushed last first, so that they are opened in order.
            for c in (j * NODE..last).rev() {
                if len == stack.len() {
                    // Deeper than the stack (more than 16⁸ boxes): the rest
                    // through a call of its own.
                    self.visit_from(below, c, q, f);
                } else {
                    stack[len] = (below, c);
                    len += 1;
                }
            }
        }
    }

    /// [`BoxTree::visit`] below one node, recursively (only for trees too deep
    /// for its stack).
    fn visit_from(&self, level: usize, j: usize, q: &Box2, f: &mut dyn FnMut(u32)) {
        if !meets(&self.boxes[self.levels[level] + j], q) {
            return;
        }
        if level == 0 {
            return f(self.ids[j]);
        }
        let count = self.levels[level] - self.levels[level - 1];
        for c in j * NODE..((j + 1) * NODE).min(count) {
            self.visit_from(level - 1, c, q, f);
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    // The brute-force side sorts its ids as it likes: test code is not in the module.
    #![allow(clippy::disallowed_methods)]
    use super::*;
    use proptest::prelude::*;

    fn boxes() -> impl Strategy<Value = Vec<Box2>> {
        // Small integer-ish coordinates: many boxes touch, share edges or repeat.
        let b = (0..40i32, 0..40i32, 0..6i32, 0..6i32).prop_map(|(x, y, w, h)| {
            let (x, y) = (x as f64 * 0.5, y as f64 * 0.5);
            [x, y, x + w as f64 * 0.5, y + h as f64 * 0.5]
        });
        prop::collection::vec(b, 0..700)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The ids of the boxes meeting a query box (a point among them) are the
        /// brute-force scan's, each once.
        #[test]
        fn visits_the_boxes_a_scan_finds(bs in boxes(), q in (0..44i32, 0..44i32, 0..8i32, 0..8i32)) {
            let items: Vec<(u32, Box2)> =
                bs.iter().enumerate().map(|(i, b)| (i as u32 * 3 + 1, *b)).collect();
            let tree = BoxTree::build(&items);
            let (x, y) = (q.0 as f64 * 0.5, q.1 as f64 * 0.5);
            let q = [x, y, x + q.2 as f64 * 0.25, y + q.3 as f64 * 0.25];
            let mut got = vec![];
            tree.visit(&q, &mut |id| got.push(id));
            got.sort_unstable();
            // The scan, written out: closed intervals overlapping on both axes.
            let overlap = |lo: f64, hi: f64, qlo: f64, qhi: f64| !(hi < qlo || qhi < lo);
            let mut want: Vec<u32> = items
                .iter()
                .filter(|(_, b)| overlap(b[0], b[2], q[0], q[2]) && overlap(b[1], b[3], q[1], q[3]))
                .map(|(i, _)| *i)
                .collect();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_deep_tree_is_walked_whole() {
        // 16⁴ + 1 boxes: five levels above the leaves.
        let items: Vec<(u32, Box2)> = (0..65_537u32)
            .map(|i| {
                let (x, y) = ((i % 256) as f64, (i / 256) as f64);
                (i, [x, y, x + 0.5, y + 0.5])
            })
            .collect();
        let tree = BoxTree::build(&items);
        let mut n = 0;
        tree.visit(&[-1.0, -1.0, 1e9, 1e9], &mut |_| n += 1);
        assert_eq!(n, 65_537);
        let mut hit = vec![];
        tree.visit(&[10.2, 3.2, 10.3, 3.3], &mut |id| hit.push(id));
        assert_eq!(hit, vec![3 * 256 + 10]);
    }
}
