//! Times the bulk path's stages natively: `cargo run --release --example bulk_timing`.
use civicmap::{LngLat, Map, PointIndex};
use std::time::Instant;

fn main() {
    let n = 1_000_000;
    let mut s: u64 = 1;
    let mut rnd = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let pts: Vec<LngLat> = (0..n)
        .map(|_| (112.52 + rnd() * 0.11, 26.84 + rnd() * 0.11))
        .collect();
    let flat: Vec<f64> = pts.iter().flat_map(|p| [p.0, p.1]).collect();
    let t = Instant::now();
    let idx = PointIndex::build(&pts);
    println!("PointIndex::build 1M: {:?}", t.elapsed());
    drop(idx);
    let mut map = Map::new();
    let t = Instant::now();
    map.load_problem_coords(&flat, None).unwrap();
    println!("Map::load_problem_coords 1M: {:?}", t.elapsed());
}
