//! Seeded data shared by the criterion benches: problems over 衡阳市蒸湘区's extent,
//! 60% of them in 40 hotspots.

use civicmap::LngLat;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

pub const MIN: LngLat = (112.52, 26.84);
pub const MAX: LngLat = (112.63, 26.95);

pub fn problems(n: usize, seed: u64) -> Vec<LngLat> {
    let mut rng = Pcg64::seed_from_u64(seed);
    let hot: Vec<LngLat> = (0..40)
        .map(|_| {
            (
                rng.random_range(MIN.0..MAX.0),
                rng.random_range(MIN.1..MAX.1),
            )
        })
        .collect();
    (0..n)
        .map(|_| {
            if rng.random_bool(0.6) {
                let h = hot[rng.random_range(0..hot.len())];
                (
                    h.0 + rng.random_range(-0.004..0.004),
                    h.1 + rng.random_range(-0.004..0.004),
                )
            } else {
                (
                    rng.random_range(MIN.0..MAX.0),
                    rng.random_range(MIN.1..MAX.1),
                )
            }
        })
        .collect()
}

pub fn square(min: LngLat, max: LngLat) -> String {
    format!(
        r#"{{"type":"Polygon","coordinates":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}"#,
        min.0, min.1, max.0, min.1, max.0, max.1, min.0, max.1, min.0, min.1
    )
}
