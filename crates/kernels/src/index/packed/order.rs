//! The order of the points in the tree: along a Hilbert curve over their
//! longitude/latitude box, by a radix sort.
//!
//! Why not a median-split (k-d) order: building that is a selection per level
//! over the whole array, and in the wasm profile of bench/compare.mjs's 100k build
//! (`node --cpu-prof`, see README *Measured*) std's selection was 55 % of the
//! build; a Hoare or branch-free Floyd–Rivest selection was no faster in wasm. A
//! Hilbert key costs some thirty integer operations and the sort two passes, with
//! no comparisons between points. Points near
//! each other on the curve are near each other on the ground, which is all a
//! packed tree needs (flatbush packs its R-tree the same way, but sorts the keys
//! with a quicksort).
//!
//! Why the items themselves move, not (key, id) pairs that a second pass gathers
//! by: gathering 100k points in Hilbert order is a random read per point, 17 ms in
//! wasm against 2.7 ms for the same work in input order on this machine; the
//! sort's writes go to 2,048 sequential cursors, which stay in cache.

use crate::lnglat::LngLat;

/// Bits of each coordinate in the key: 65,536 steps across the data's box (17 cm
/// across a 11 km district, 8 m across a province), as in flatbush.
const BITS: u32 = 16;
/// Radix digits of 11 bits (2,048 buckets: their cursors stay in cache).
const DIGIT: u32 = 11;

/// The Hilbert key of each position in a longitude/latitude box.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keyer {
    min: LngLat,
    scale: LngLat,
}

impl Keyer {
    /// Keys over `[min, max]`.
    pub(crate) fn new(min: LngLat, max: LngLat) -> Self {
        let scale = |lo: f64, hi: f64| {
            let w = hi - lo;
            if w > 0.0 {
                ((1u32 << BITS) - 1) as f64 / w
            } else {
                0.0
            }
        };
        Keyer {
            min,
            scale: (scale(min.0, max.0), scale(min.1, max.1)),
        }
    }

    /// The key of `(x, y)`. `as u32` saturates (and takes NaN to 0), so nothing
    /// here can panic.
    #[inline]
    pub(crate) fn key(&self, (x, y): LngLat) -> u32 {
        hilbert(
            ((x - self.min.0) * self.scale.0) as u32,
            ((y - self.min.1) * self.scale.1) as u32,
        )
    }
}

/// Sorts items that arrive in id order by the top 22 bits of their (Hilbert) key, stably
/// (least significant digit first, two passes through a second buffer), so equal
/// keys stay in id order and the result is reproducible. 22 bits are a 2,048 ×
/// 2,048 grid over the data's box (5 m cells in a district): finer order would not
/// change which leaf a point lands in enough to matter.
///
/// Measured in wasm on this machine, 100k points (medians of 11): this sort 1.2 ms,
/// three passes over all 32 bits 1.7 ms, an in-place MSD (American flag) sort
/// 11 ms — its swaps jump between buckets, these passes stream.
#[cfg(test)]
pub(crate) fn radix<T: Copy + Default>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    let mut sort = Radix::new();
    for it in items.iter() {
        sort.count(key(it));
    }
    sort.grow(items.len(), items.len());
    sort.step(items, key, usize::MAX);
}

/// [`radix`] a piece at a time: the caller counts the keys ([`Radix::count`]) as
/// it makes the items, then the two passes of the digits, each resumable at any
/// item, so a build of ten million points can give the thread back between
/// pieces (see `build`).
#[derive(Debug)]
pub(crate) struct Radix<T> {
    /// Both digits' counts, then (once a pass starts) where each bucket's next
    /// item goes.
    counts: Vec<usize>,
    /// The second buffer.
    other: Vec<T>,
    /// 0 and 1 the digits' passes, 2 sorted.
    pass: usize,
    /// Items done in this pass.
    at: usize,
}

impl<T: Copy + Default> Radix<T> {
    pub(crate) fn new() -> Self {
        Radix {
            counts: vec![0; 2 << DIGIT],
            other: vec![],
            pass: 0,
            at: 0,
        }
    }

    /// Whether `items` are sorted.
    pub(crate) fn done(&self) -> bool {
        self.pass == 2
    }

    /// Counts an item's key: every item's before the first [`Radix::step`]. The
    /// caller counts as it makes the items (a pass over them saved: 3 % of a 100k
    /// build in wasm).
    #[inline]
    pub(crate) fn count(&mut self, k: u32) {
        let mask = (1 << DIGIT) - 1;
        self.counts[((k >> (2 * BITS - 2 * DIGIT)) & mask) as usize] += 1;
        self.counts[(1 << DIGIT) + ((k >> (2 * BITS - DIGIT)) & mask) as usize] += 1;
    }

    /// Makes the second buffer up to `len` of `n` items, a piece at a time as the
    /// counting goes: at once, zeroing 80 MB for 10 M pairs held the thread for
    /// 50 ms in Node.
    pub(crate) fn grow(&mut self, n: usize, len: usize) {
        if self.other.capacity() < n {
            self.other.reserve_exact(n - self.other.len());
        }
        self.other.resize(len, T::default());
    }

    /// Goes on sorting `items` (the same vector every time, every item counted)
    /// for at most `budget` items' worth of work; returns the work done (a pass
    /// skipped counts whole).
    pub(crate) fn step(
        &mut self,
        items: &mut Vec<T>,
        key: impl Fn(&T) -> u32,
        budget: usize,
    ) -> usize {
        let n = items.len();
        let mask = (1 << DIGIT) - 1;
        let shifts = [2 * BITS - 2 * DIGIT, 2 * BITS - DIGIT];
        let mut spent = 0;
        while self.pass < 2 && spent < budget {
            let take = (budget - spent).min(n - self.at);
            let part = self.at..self.at + take;
            let p = self.pass;
            if self.at == 0 {
                // A digit that every key shares moves nothing: skip the pass.
                if self.counts[p << DIGIT..(p + 1) << DIGIT].contains(&n) {
                    self.pass += 1;
                    spent += n.max(1);
                    continue;
                }
                self.grow(n, n);
            }
            let c = &mut self.counts[p << DIGIT..(p + 1) << DIGIT];
            if self.at == 0 {
                let mut sum = 0;
                for k in c.iter_mut() {
                    let here = *k;
                    *k = sum;
                    sum += here;
                }
            }
            for it in &items[part] {
                let d = ((key(it) >> shifts[p]) & mask) as usize;
                self.other[c[d]] = *it;
                c[d] += 1;
            }
            self.at += take;
            spent += take.max(1);
            if self.at == n {
                std::mem::swap(items, &mut self.other);
                self.pass += 1;
                self.at = 0;
            }
        }
        if self.pass == 2 {
            self.other = vec![];
        }
        spent
    }
}

/// Position along the Hilbert curve of order 16 of the cell `(x, y)`, both below
/// 2¹⁶: flatbush's branch-free version (after rawrunprotected's public-domain code).
pub(crate) fn hilbert(x: u32, y: u32) -> u32 {
    let mut a = x ^ y;
    let mut b = 0xFFFF ^ a;
    let mut c = 0xFFFF ^ (x | y);
    let mut d = x & (y ^ 0xFFFF);

    let mut aa = a | (b >> 1);
    let mut bb = (a >> 1) ^ a;
    let mut cc = c ^ ((c >> 1) ^ (b & (d >> 1)));
    let mut dd = d ^ ((a & (c >> 1)) ^ (d >> 1));

    a = (aa & (aa >> 2)) ^ (bb & (bb >> 2));
    b = (aa & (bb >> 2)) ^ (bb & ((aa ^ bb) >> 2));
    c = cc ^ ((aa & (cc >> 2)) ^ (bb & (dd >> 2)));
    d = dd ^ ((bb & (cc >> 2)) ^ ((aa ^ bb) & (dd >> 2)));

    aa = (a & (a >> 4)) ^ (b & (b >> 4));
    bb = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
    cc = c ^ ((a & (c >> 4)) ^ (b & (d >> 4)));
    dd = d ^ ((b & (c >> 4)) ^ ((a ^ b) & (d >> 4)));

    c = cc ^ ((aa & (cc >> 8)) ^ (bb & (dd >> 8)));
    d = dd ^ ((bb & (cc >> 8)) ^ ((aa ^ bb) & (dd >> 8)));

    c ^= c >> 1;
    d ^= d >> 1;
    a = x ^ y;
    b = d | (0xFFFF ^ (a | c));

    a = (a | (a << 8)) & 0x00FF00FF;
    a = (a | (a << 4)) & 0x0F0F0F0F;
    a = (a | (a << 2)) & 0x33333333;
    a = (a | (a << 1)) & 0x55555555;

    b = (b | (b << 8)) & 0x00FF00FF;
    b = (b | (b << 4)) & 0x0F0F0F0F;
    b = (b | (b << 2)) & 0x33333333;
    b = (b | (b << 1)) & 0x55555555;

    (b << 1) | a
}

#[cfg(test)]
mod tests {
    #![allow(clippy::disallowed_methods)] // tests sort their oracles; not in the wasm module

    use super::super::tree::Item;
    use super::*;

    #[test]
    fn hilbert_visits_each_cell_once_stepping_to_a_neighbour() {
        // Order 16 restricted to the 2^16 cells of the first 256 × 256 quadrant
        // would not be a curve of its own; check the whole curve's first steps and
        // that it is a bijection on a coarse sample instead.
        let mut seen = std::collections::HashMap::new();
        for x in (0..65536u32).step_by(257) {
            for y in (0..65536u32).step_by(263) {
                assert!(seen.insert(hilbert(x, y), (x, y)).is_none());
            }
        }
        // Consecutive positions are adjacent cells.
        let mut at = vec![(0u32, 0u32); 4096];
        let mut found = 0;
        for x in 0..64u32 {
            for y in 0..64u32 {
                let h = hilbert(x, y) as usize;
                if h < 4096 {
                    at[h] = (x, y);
                    found += 1;
                }
            }
        }
        assert_eq!(found, 4096, "the first 4096 steps stay in a 64 × 64 corner");
        for w in at.windows(2) {
            let d = w[0].0.abs_diff(w[1].0) + w[0].1.abs_diff(w[1].1);
            assert_eq!(d, 1, "{:?} -> {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn sort_orders_by_top_key_bits_then_id() {
        let mut s: u64 = 5;
        let mut pts: Vec<LngLat> = (0..5000)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1);
                (
                    112.5 + (s >> 40) as f64 * 1e-9,
                    26.8 + (s >> 20 & 0xFFFFF) as f64 * 1e-7,
                )
            })
            .collect();
        // Duplicates, and a dense cluster that lands in one top-level bucket.
        pts[100] = pts[7];
        pts[4000] = pts[7];
        for i in 0..400 {
            pts[4100 + i] = (112.51 + i as f64 * 1e-9, 26.85);
        }
        let (min, max) = ((112.5, 26.8), (112.52, 26.91));
        let keyer = Keyer::new(min, max);
        let key = |p| keyer.key(p);
        let mut items: Vec<Item> = pts
            .iter()
            .enumerate()
            .map(|(i, &p)| Item {
                p: [0.0; 3],
                id: i as u32,
                key: key(p),
            })
            .collect();
        radix(&mut items, |it| it.key);
        let got: Vec<u32> = items.iter().map(|it| it.id).collect();
        let mut want: Vec<u32> = (0..pts.len() as u32).collect();
        want.sort_by_key(|&i| (key(pts[i as usize]) >> 10, i));
        assert_eq!(got, want);
        // The pairs the big builds sort, a piece at a time: the same order.
        let mut pairs: Vec<u64> = pts
            .iter()
            .enumerate()
            .map(|(i, &p)| ((key(p) as u64) << 32) | i as u64)
            .collect();
        let mut sort = Radix::new();
        for v in &pairs {
            sort.count((v >> 32) as u32);
        }
        let mut steps = 0;
        while !sort.done() {
            sort.step(&mut pairs, |v| (v >> 32) as u32, 777);
            steps += 1;
        }
        assert!(steps > 2 * 5000 / 777, "{steps} pieces");
        let by_pairs: Vec<u32> = pairs.into_iter().map(|v| v as u32).collect();
        assert_eq!(by_pairs, want);
        let mut none: Vec<Item> = vec![];
        radix(&mut none, |it: &Item| it.key);
    }
}
