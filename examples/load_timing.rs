//! Times reading a problem ledger natively, the shape of bench/geojson-rows.mjs's
//! (7 properties and a Point each; the criterion benches' `ledger`):
//! `cargo run --release --example load_timing -- 50000 5` (problems, runs). Run it
//! under `perf record` to see where a load goes.

// The benches' data (only the ledger is used here); native only, as their rand is.
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod support;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::time::Instant;
    let arg = |i: usize, default: usize| {
        std::env::args()
            .nth(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let (n, runs) = (arg(1, 50_000), arg(2, 7));
    let text = std::env::var("LEDGER")
        .map(|p| std::fs::read_to_string(p).unwrap())
        .unwrap_or_else(|_| support::ledger(n, 45));
    eprintln!("{n} problems, {:.1} MB", text.len() as f64 / 1e6);
    for _ in 0..runs {
        let t = Instant::now();
        let parsed = civicmap::geojson::parse_problems(&text, Default::default());
        let read = t.elapsed();
        let t = Instant::now();
        let mut m = civicmap::Map::new();
        let report = m.load_problems(&text, Default::default());
        let load = t.elapsed();
        let items = parsed.map(|p| p.items.len()).unwrap_or_default();
        let loaded = report.map(|r| r.loaded).unwrap_or_default();
        eprintln!("read {read:?} ({items} records)  loaded and indexed {load:?} ({loaded})");
    }
}
