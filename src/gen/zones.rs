//! Sub-districts and communities as generated shapes: a capacity-limited
//! nearest-seed growth over the grid cells, so every zone is a union of whole cells,
//! the zones of one level tile the district, and each zone gets a share of cells in
//! proportion to what it is (a village gets four times an urban community).

use super::district::District;
use super::grid::Grid;
use super::names::is_village;
use super::rng::Draw;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Relative area of an urban community (社区) and of a village (村).
const URBAN_WEIGHT: f64 = 1.0;
const VILLAGE_WEIGHT: f64 = 4.0;

/// `(street index, community index)` of every community, in file order.
pub(crate) fn communities(d: &District) -> Vec<(usize, usize)> {
    d.streets
        .iter()
        .enumerate()
        .flat_map(|(s, st)| (0..st.communities.len()).map(move |c| (s, c)))
        .collect()
}

fn weight(d: &District, (s, c): (usize, usize)) -> f64 {
    if is_village(&d.streets[s].communities[c].name) {
        VILLAGE_WEIGHT
    } else {
        URBAN_WEIGHT
    }
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The result of the partition: for every cell its street and its community (an
/// index into [`communities`]), and the seed cell of each.
pub(crate) struct Partition {
    pub street_of_cell: Vec<u32>,
    pub community_of_cell: Vec<u32>,
    pub community_seed: Vec<u32>,
}

/// Splits the grid into streets, then each street into its communities. Urban
/// streets (街道) and communities are seeded near `urban_m`, towns and villages away
/// from it; a GeoNames seat of a street, when known, is its seed.
pub(crate) fn partition(
    grid: &Grid,
    d: &District,
    urban_m: (f64, f64),
    rng: &mut impl Draw,
) -> Partition {
    let n = grid.cells.len();
    let all: Vec<u32> = (0..n as u32).collect();
    let coms = communities(d);

    // Streets.
    let street_w: Vec<f64> = (0..d.streets.len())
        .map(|s| {
            coms.iter()
                .filter(|x| x.0 == s)
                .map(|&x| weight(d, x))
                .sum()
        })
        .collect();
    let street_urban: Vec<bool> = d
        .streets
        .iter()
        .map(|s| s.name.ends_with("街道") || s.code[6..9] < *"100")
        .collect();
    let fixed: Vec<Option<u32>> = d
        .streets
        .iter()
        .map(|s| {
            d.places
                .iter()
                .find(|(code, _)| *code == s.code)
                .and_then(|(_, p)| grid.cell_at_m(grid.frame.lnglat_to_m(*p)))
        })
        .collect();
    let street_seeds = place_seeds(grid, &all, &street_urban, &fixed, urban_m, rng);
    let street_of_cell = grow(grid, &all, &street_seeds, &quotas(all.len(), &street_w));

    // Communities within each street.
    let mut community_of_cell = vec![u32::MAX; n];
    let mut community_seed = vec![u32::MAX; coms.len()];
    for s in 0..d.streets.len() {
        let cells: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&c| street_of_cell[c as usize] == s as u32)
            .collect();
        let ids: Vec<usize> = (0..coms.len()).filter(|&i| coms[i].0 == s).collect();
        if cells.is_empty() {
            continue;
        }
        let urban: Vec<bool> = ids
            .iter()
            .map(|&i| !is_village(&d.streets[s].communities[coms[i].1].name))
            .collect();
        let w: Vec<f64> = ids.iter().map(|&i| weight(d, coms[i])).collect();
        let none = vec![None; ids.len()];
        let seeds = place_seeds(grid, &cells, &urban, &none, urban_m, rng);
        let zone_of = grow(grid, &cells, &seeds, &quotas(cells.len(), &w));
        for &c in &cells {
            community_of_cell[c as usize] = ids[zone_of[c as usize] as usize] as u32;
        }
        for (k, &i) in ids.iter().enumerate() {
            community_seed[i] = seeds[k];
        }
    }
    Partition {
        street_of_cell,
        community_of_cell,
        community_seed,
    }
}

/// Cell quotas proportional to the weights, summing to `n`.
fn quotas(n: usize, w: &[f64]) -> Vec<usize> {
    let total: f64 = w.iter().sum();
    let mut q: Vec<usize> = w
        .iter()
        .map(|x| ((n as f64 * x / total) as usize).max(1))
        .collect();
    let mut left = n.saturating_sub(q.iter().sum::<usize>());
    let mut i = 0;
    while left > 0 {
        let k = i % q.len();
        q[k] += 1;
        left -= 1;
        i += 1;
    }
    q
}

/// One seed cell per zone among `cells`: urban zones from the third of the cells
/// nearest the urban centre, the others from the farther half; each chosen as the
/// best spread of a few random candidates (farthest from the seeds so far).
fn place_seeds(
    grid: &Grid,
    cells: &[u32],
    urban: &[bool],
    fixed: &[Option<u32>],
    urban_m: (f64, f64),
    rng: &mut impl Draw,
) -> Vec<u32> {
    let rep = |c: u32| grid.cells[c as usize].rep_m;
    let mut by_dist = cells.to_vec();
    by_dist.sort_by(|&a, &b| {
        dist(rep(a), urban_m)
            .total_cmp(&dist(rep(b), urban_m))
            .then(a.cmp(&b))
    });
    let n = by_dist.len();
    let mut seeds: Vec<u32> = fixed.iter().flatten().copied().collect();
    let mut out = vec![u32::MAX; urban.len()];
    for (k, f) in fixed.iter().enumerate() {
        if let Some(c) = f {
            out[k] = *c;
        }
    }
    for k in 0..urban.len() {
        if out[k] != u32::MAX {
            continue;
        }
        let (lo, hi) = if urban[k] {
            (0, (n / 3).max(1))
        } else {
            (n / 2, n)
        };
        let mut best = by_dist[lo];
        let mut best_d = -1.0;
        for _ in 0..12 {
            let c = by_dist[lo + rng.below(hi - lo)];
            let d = seeds
                .iter()
                .map(|&s| dist(rep(s), rep(c)))
                .fold(f64::MAX, f64::min);
            if d > best_d && !seeds.contains(&c) {
                best = c;
                best_d = d;
            }
        }
        if seeds.contains(&best) {
            // Every candidate was taken: the first free cell, nearest the range first.
            best = by_dist[lo..hi]
                .iter()
                .chain(by_dist.iter())
                .copied()
                .find(|c| !seeds.contains(c))
                .unwrap_or(best);
        }
        seeds.push(best);
        out[k] = best;
    }
    out
}

/// Grows zones from their seeds over `cells` (edge neighbours), nearest seed first,
/// each zone stopping at its quota; cells left over (walled in by full zones) then go
/// to the nearest zone that reaches them, and cells no zone reaches to the nearest
/// seed. Returns the zone index per cell (`u32::MAX` for cells not in `cells`).
fn grow(grid: &Grid, cells: &[u32], seeds: &[u32], quota: &[usize]) -> Vec<u32> {
    let n = grid.cells.len();
    let mut member = vec![false; n];
    for &c in cells {
        member[c as usize] = true;
    }
    let rep = |c: u32| grid.cells[c as usize].rep_m;
    let cost = |z: usize, c: u32| dist(rep(seeds[z]), rep(c)).to_bits();
    let mut zone = vec![u32::MAX; n];
    let mut count = vec![0usize; seeds.len()];
    for limited in [true, false] {
        let mut heap = BinaryHeap::new();
        if limited {
            for (z, &s) in seeds.iter().enumerate() {
                heap.push(Reverse((0u64, s, z)));
            }
        } else {
            for &c in cells {
                if zone[c as usize] != u32::MAX {
                    let z = zone[c as usize] as usize;
                    for nb in grid.neighbours(c) {
                        if member[nb as usize] && zone[nb as usize] == u32::MAX {
                            heap.push(Reverse((cost(z, nb), nb, z)));
                        }
                    }
                }
            }
        }
        while let Some(Reverse((_, c, z))) = heap.pop() {
            if zone[c as usize] != u32::MAX || (limited && count[z] >= quota[z]) {
                continue;
            }
            zone[c as usize] = z as u32;
            count[z] += 1;
            for nb in grid.neighbours(c) {
                if member[nb as usize] && zone[nb as usize] == u32::MAX {
                    heap.push(Reverse((cost(z, nb), nb, z)));
                }
            }
        }
    }
    for &c in cells {
        if zone[c as usize] == u32::MAX {
            let z = (0..seeds.len())
                .min_by_key(|&z| (cost(z, c), z))
                .expect("at least one seed");
            zone[c as usize] = z as u32;
        }
    }
    zone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_sum_and_follow_weights() {
        let q = quotas(103, &[1.0, 4.0, 1.0]);
        assert_eq!(q.iter().sum::<usize>(), 103);
        assert!(q[1] >= 68 && q[0] >= 17, "{q:?}");
    }
}
