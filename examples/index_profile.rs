//! A fixed workload for profilers (valgrind's callgrind; `perf stat` where the VM
//! exposes counters): build a [`civicmap::PointIndex`] over n seeded problems, then
//! run 10,000 geodesic 10-nearest queries. Not a benchmark: criterion (benches/) and
//! bench/compare.mjs time things; this only gives a profiler something steady.
//!
//! `cargo build --release --example index_profile && valgrind --tool=callgrind
//! target/release/examples/index_profile 100000 both`

use civicmap::PointIndex;

/// The benches' shape: 60 % in 40 hotspots of ±0.004°, the rest uniform over
/// 蒸湘区's extent (an LCG, so this file needs nothing else).
fn problems(n: usize, seed: u64) -> Vec<(f64, f64)> {
    let mut s = seed;
    let mut r = move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let (x0, y0, x1, y1) = (112.52, 26.84, 112.63, 26.95);
    let hot: Vec<(f64, f64)> = (0..40)
        .map(|_| (x0 + r() * (x1 - x0), y0 + r() * (y1 - y0)))
        .collect();
    (0..n)
        .map(|_| {
            if r() < 0.6 {
                let h = hot[(r() * 40.0) as usize % 40];
                (h.0 + (r() - 0.5) * 0.008, h.1 + (r() - 0.5) * 0.008)
            } else {
                (x0 + r() * (x1 - x0), y0 + r() * (y1 - y0))
            }
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let what = args.get(2).map_or("both", String::as_str);
    let pts = problems(n, 42);
    let queries = problems(10_000, 7);
    let t = std::time::Instant::now();
    let idx = PointIndex::build(&pts);
    let build = t.elapsed();
    let mut sum = 0u64;
    let t = std::time::Instant::now();
    if what != "build" {
        for &q in &queries {
            sum += idx
                .nearest_k(q, 10)
                .iter()
                .map(|&(i, _)| i as u64)
                .sum::<u64>();
        }
    }
    eprintln!(
        "n {n}: build {:.2} ms, 10 × 10-nearest {:.2} ms (checksum {sum})",
        build.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );
}
