//! Sorting through a single sort: a merge sort of `u32`s by a `&dyn Fn`.
//!
//! Why: every element type and every comparator closure given to `sort_by` or
//! `sort_unstable_by` makes another copy of the sort (driftsort or ipnsort with
//! their small-sorts and pivots, 6–10 KB of wasm each). Sixteen of them were 14%
//! of the module's code before this (measured with twiggy). Here one sort runs
//! over `u32` positions with one comparator type, a `&dyn Fn`; vectors of other
//! types are sorted by sorting their positions. The price is an indirect call per
//! comparison, which the sorts here (query results, a few thousand ids, a
//! stroke's segments) do not notice.
//!
//! The sort is written here, not the standard library's: even its one ipnsort
//! instantiation was 10.5 KB of wasm (quicksort, heapsort, pivots and
//! small-sorts; twiggy, 2026-12-03), this merge sort is under 1 KB, and a merge
//! sort makes fewer comparisons (each an indirect call here) than a quicksort.
//! It is checked against the standard sort in proptests.
//!
//! Ties are broken by position, so every sort here is stable.

use std::cmp::Ordering;

/// Sorts positions (or ids) by `cmp`; equal ones keep their relative order.
pub fn ids_by(v: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    let less = |a: u32, b: u32| cmp(a, b).then(a.cmp(&b)) == Ordering::Less;
    let n = v.len();
    for run in v.chunks_mut(RUN) {
        insertion(run, &less);
    }
    if n <= RUN {
        return;
    }
    let mut buf: Vec<u32> = Vec::new();
    if buf.try_reserve_exact(n).is_err() {
        // No room for the merge's copy: in place, more slowly.
        return heap(v, &less);
    }
    buf.resize(n, 0);
    // Runs of `width` merged in pairs, from `v` into `buf` and back.
    let (mut width, mut in_v) = (RUN, true);
    while width < n {
        let (src, dst): (&[u32], &mut [u32]) = if in_v {
            (&*v, &mut buf[..])
        } else {
            (&buf[..], &mut *v)
        };
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            merge(
                &src[start..mid],
                &src[mid..end],
                &mut dst[start..end],
                &less,
            );
            start = end;
        }
        in_v = !in_v;
        width *= 2;
    }
    if !in_v {
        v.copy_from_slice(&buf);
    }
}

/// Elements sorted by insertion before the merges begin.
const RUN: usize = 16;

/// Sorts a short slice by insertion.
fn insertion(v: &mut [u32], less: &dyn Fn(u32, u32) -> bool) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && less(x, v[j - 1]) {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// Merges sorted `a` and `b` into `out` (their length together), `a` first on ties.
fn merge(a: &[u32], b: &[u32], out: &mut [u32], less: &dyn Fn(u32, u32) -> bool) {
    let (mut i, mut j, mut k) = (0, 0, 0);
    // Already in order (sorted input, or runs that do not overlap): one copy.
    if let (Some(&last), Some(&first)) = (a.last(), b.first()) {
        if !less(first, last) {
            i = a.len();
            out[..i].copy_from_slice(a);
            k = i;
        }
    }
    while i < a.len() && j < b.len() {
        if less(b[j], a[i]) {
            out[k] = b[j];
            j += 1;
        } else {
            out[k] = a[i];
            i += 1;
        }
        k += 1;
    }
    out[k..k + a.len() - i].copy_from_slice(&a[i..]);
    k += a.len() - i;
    out[k..].copy_from_slice(&b[j..]);
}

/// Sorts in place (a heapsort): when memory for the merge cannot be had.
fn heap(v: &mut [u32], less: &dyn Fn(u32, u32) -> bool) {
    let sift = |v: &mut [u32], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(v[child], v[child + 1]) {
            child += 1;
        }
        if !less(v[root], v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

/// Sorts ids ascending.
pub fn ids(v: &mut [u32]) {
    ids_by(v, &|a, b| a.cmp(&b));
}

/// Sorts `v` by `cmp`, stably.
pub fn by<T>(v: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    ids_by(&mut order, &|a, b| cmp(&v[a as usize], &v[b as usize]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots[i as usize].take()));
}

/// Sorts `f64`s ascending (total order: NaN last).
pub fn floats(v: &mut Vec<f64>) {
    by(v, &|a, b| a.total_cmp(b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    mod against_the_standard_sort {
        // The standard sorts are the model here: test code is not in the module.
        #![allow(clippy::disallowed_methods)]
        use super::*;
        use proptest::prelude::*;

        /// The order every sort here promises: by the comparator, ties by value.
        fn model(v: &[u32], key: &dyn Fn(u32) -> u32) -> Vec<u32> {
            let mut m = v.to_vec();
            m.sort_by(|&a, &b| key(a).cmp(&key(b)).then(a.cmp(&b)));
            m
        }

        proptest! {
            /// Merge sort and heapsort, on lengths around the runs and merges,
            /// with many ties (a key of few values) and sorted or reversed input.
            #[test]
            fn merge_and_heap_sorts_give_the_standard_order(
                mut v in prop::collection::vec(0..200u32, 0..300),
                modulus in 1..50u32,
                shape in 0..3u8,
            ) {
                match shape {
                    1 => v.sort_unstable(),
                    2 => v.sort_unstable_by(|a, b| b.cmp(a)),
                    _ => {}
                }
                let key = move |x: u32| x % modulus;
                let want = model(&v, &key);
                let mut got = v.clone();
                ids_by(&mut got, &|a, b| key(a).cmp(&key(b)));
                prop_assert_eq!(&got, &want);
                let mut got = v.clone();
                heap(&mut got, &|a, b| key(a).cmp(&key(b)).then(a.cmp(&b)) == Ordering::Less);
                prop_assert_eq!(&got, &want);
            }
        }
    }

    #[test]
    fn sorts_stably_by_the_comparator() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        by(&mut v, &|a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut ids_v = vec![5u32, 3, 9, 1, 3];
        ids(&mut ids_v);
        assert_eq!(ids_v, [1, 3, 3, 5, 9]);
        let mut desc = vec![5u32, 3, 9, 1];
        ids_by(&mut desc, &|a, b| b.cmp(&a));
        assert_eq!(desc, [9, 5, 3, 1]);
        let mut f = vec![2.5, f64::NAN, -1.0, 0.0];
        floats(&mut f);
        assert_eq!(&f[..3], &[-1.0, 0.0, 2.5]);
        assert!(f[3].is_nan());
    }
}
