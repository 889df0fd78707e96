//! The generator's random numbers: PCG-64 (`rand_pcg::Pcg64`, a fixed algorithm that
//! gives the same stream on every platform) and a few helpers written here, so the
//! output depends only on that stream and not on how a `rand` release maps it to
//! ranges.

use rand::Rng;
use rand_pcg::Pcg64;

/// One independent stream per stage (cells, zones, points, problems), so that
/// changing the problem count leaves the other files byte for byte the same.
pub(crate) fn stream(seed: u64, stage: u64) -> Pcg64 {
    // Spread the seed over the 128-bit state (splitmix64 constants); the stage picks
    // the PCG increment.
    let a = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let state = ((a as u128) << 64) | (seed ^ 0x94D0_49BB_1331_11EB) as u128;
    Pcg64::new(
        state,
        0xA02B_DBF7_BB3C_0A7A_C28F_A16A_64AB_F96B ^ stage as u128,
    )
}

pub(crate) trait Draw {
    /// Uniform in [0, 1), 53 bits.
    fn unit(&mut self) -> f64;
    /// Uniform integer in `0..n` (`n > 0`); Lemire's multiply, bias below 2⁻³².
    fn below(&mut self, n: usize) -> usize;
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// A standard normal deviate (Box–Muller, one of the pair).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit(); // (0, 1]
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    /// Index drawn with the given weights (not all zero).
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
    /// One element of a non-empty slice.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

impl Draw for Pcg64 {
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
}

/// Cumulative weights for draws by binary search: O(log n) per draw, for the
/// problem generator's millions of draws.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cumulative(Vec<f64>);

impl Cumulative {
    pub(crate) fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut acc = 0.0;
        Cumulative(
            weights
                .into_iter()
                .map(|w| {
                    acc += w.max(0.0);
                    acc
                })
                .collect(),
        )
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.last().is_none_or(|&t| t <= 0.0)
    }
    pub(crate) fn draw(&self, rng: &mut impl Draw) -> usize {
        let x = rng.unit() * self.0[self.0.len() - 1];
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_fixed_and_distinct() {
        let mut a = stream(42, 1);
        let mut b = stream(42, 1);
        let mut c = stream(42, 2);
        let xa: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn draws_stay_in_range_and_follow_weights() {
        let mut r = stream(7, 0);
        let mut counts = [0usize; 3];
        let cum = Cumulative::new([1.0, 0.0, 3.0]);
        for _ in 0..40_000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(r.below(5) < 5);
            counts[cum.draw(&mut r)] += 1;
        }
        assert_eq!(counts[1], 0);
        let ratio = counts[2] as f64 / counts[0] as f64;
        assert!((2.8..3.2).contains(&ratio), "{counts:?}");
    }
}
