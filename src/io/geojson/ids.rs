//! [`IdSet`]: the ids of the records read so far, for the duplicate check while a
//! file streams in. An open-addressing table of record positions hashed by id, so
//! no id is copied or allocated a second time; std's `HashSet<String>` (SipHash plus
//! a copy of every id) was 12 % of reading 100k problems natively.
//!
//! The hash is FxHash's multiply-rotate over 8-byte words (rustc's): fast for the
//! short ids of real files. It is not keyed, so a file crafted to collide can make
//! the check slow (quadratic), never wrong.

/// Record positions by id, each with the top half of its id's hash (most probes
/// end on a tag mismatch, without reading the record). At most half full, so a
/// probe of linear probing meets about one other id.
#[derive(Debug, Default)]
pub(crate) struct IdSet {
    /// `(tag, position)`; position `EMPTY` marks a free slot.
    slots: Vec<(u32, u32)>,
    len: usize,
}

const EMPTY: u32 = u32::MAX;
const K: u64 = 0x517c_c1b7_2722_0a95;

fn hash(id: &str) -> u64 {
    let mut h: u64 = 0;
    let mut add = |w: u64| h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    let b = id.as_bytes();
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        add(u64::from_le_bytes(w));
    }
    let mut w = [0u8; 8];
    w[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    add(u64::from_le_bytes(w));
    add(b.len() as u64);
    h
}

impl IdSet {
    /// The position of the record with this id, looking ids up with `id_of`.
    pub fn find<'a>(&self, id: &str, id_of: &dyn Fn(u32) -> &'a str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let (mut i, tag) = self.slot(id);
        loop {
            match self.slots[i] {
                (_, EMPTY) => return None,
                (t, pos) if t == tag && id_of(pos) == id => return Some(pos),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Adds record `pos`, whose id is `id` (not in the set yet).
    pub fn insert(&mut self, pos: u32, id: &str) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.put(pos, id);
        self.len += 1;
    }

    fn put(&mut self, pos: u32, id: &str) {
        let (i, tag) = self.slot(id);
        self.put_at(i, tag, pos);
    }

    fn put_at(&mut self, mut i: usize, tag: u32, pos: u32) {
        let mask = self.slots.len() - 1;
        while self.slots[i].1 != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = (tag, pos);
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![(0, EMPTY); size]);
        for (tag, pos) in old.into_iter().filter(|&(_, p)| p != EMPTY) {
            self.put_at(self.home(tag), tag, pos);
        }
    }

    /// The home slot of an id and its tag, both from the top half of its hash (it
    /// depends on every byte; the low bits of a product see only the low bits of
    /// its factors). The slot is the tag's top bits, so growing the table moves
    /// entries by their tags alone, without reading the records (rehashing through
    /// the records was 6 % of reading 50k problems natively).
    fn slot(&self, id: &str) -> (usize, u32) {
        let tag = (hash(id) >> 32) as u32;
        (self.home(tag), tag)
    }

    fn home(&self, tag: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        // Positions are u32, so a table never reaches 2^33 slots: `bits` ≤ 32.
        (u64::from(tag) >> (32 - bits)) as usize
    }

    pub fn clear(&mut self) {
        self.slots.clear();
        self.len = 0;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Against std's HashSet: the same ids found, whatever the mix of repeats.
        #[test]
        fn finds_exactly_the_ids_inserted(ids in prop::collection::vec("[a-c]{0,10}", 0..300)) {
            let mut kept: Vec<String> = vec![];
            let mut set = IdSet::default();
            let mut want = std::collections::HashSet::new();
            for id in &ids {
                let found = set.find(id, &|p| kept[p as usize].as_str());
                prop_assert_eq!(found.is_some(), want.contains(id));
                if let Some(p) = found {
                    prop_assert_eq!(&kept[p as usize], id);
                } else {
                    kept.push(id.clone());
                    want.insert(id.clone());
                    let pos = kept.len() as u32 - 1;
                    set.insert(pos, id);
                }
            }
        }
    }
}
