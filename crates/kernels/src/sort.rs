//! Sorting through a single instantiation of the standard library's sort.
//!
//! Why: every element type and every comparator closure given to `sort_by` or
//! `sort_unstable_by` makes another copy of the sort (driftsort or ipnsort with
//! their small-sorts and pivots, 6–10 KB of wasm each). Sixteen of them were 14%
//! of the module's code before this (measured with twiggy). Here the standard
//! sort runs only over `u32` positions with one comparator type, a `&dyn Fn`;
//! vectors of other types are sorted by sorting their positions. The price is an
//! indirect call per comparison, which the sorts here (query results, a few
//! thousand ids, a stroke's segments) do not notice.
//!
//! Ties are broken by position, so every sort here is stable.

use std::cmp::Ordering;

/// Sorts positions (or ids) by `cmp`; equal ones keep their relative order.
pub fn ids_by(v: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    #[allow(clippy::disallowed_methods)] // the one instantiation every sort goes through
    v.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
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
