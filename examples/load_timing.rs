//! Times reading a problem ledger natively, the shape of bench/geojson-rows.mjs's
//! (7 properties and a Point each): `cargo run --release --example load_timing -- 50000 5`
//! (problems, runs). Run it under `perf record` to see where a load goes.
use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50_000);
    let reps: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let cats = [
        "garbage",
        "垃圾",
        "bikes",
        "stalls",
        "parking",
        "facilities",
    ];
    let sts = ["open", "rectifying", "closed"];
    let srcs = ["open_inspection", "12345", "covert_inspection", "media"];
    let mut s =
        String::from(r#"{"type":"FeatureCollection","x_district":"430408 蒸湘区","features":["#);
    let mut seed = 1u64;
    for i in 0..n {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let a = (seed >> 11) as f64 / (1u64 << 53) as f64;
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let b = (seed >> 11) as f64 / (1u64 << 53) as f64;
        let day = 1 + i % 28;
        let point = if i % 4 == 0 {
            format!("\"D{:04}\"", i % 400)
        } else {
            "null".into()
        };
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(r#"{{"type":"Feature","id":"P{:07}","properties":{{"point":{},"category":"{}","severity":{},"status":"{}","found":"2026-10-{:02}","deadline":"2026-11-{:02}","source":"{}"}},"geometry":{{"type":"Point","coordinates":[{},{}]}}}}"#,
            i, point, cats[i % 6], 1 + i % 3, sts[i % 3], day, day, srcs[i % 4], 112.5 + a * 0.1, 26.85 + b * 0.08));
    }
    s.push_str("]}");
    eprintln!("{} MB", s.len() as f64 / 1e6);
    for _ in 0..reps {
        let t = Instant::now();
        let p = civicmap::geojson::parse_problems(&s, Default::default()).unwrap();
        let t1 = t.elapsed();
        let t = Instant::now();
        let mut m = civicmap::Map::new();
        m.load_problems(&s, Default::default()).unwrap();
        let t2 = t.elapsed();
        eprintln!("parse {:?} ({} items)  load {:?}", t1, p.items.len(), t2);
    }
}
