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

/// A problem ledger as GeoJSON text, as civicmap exports it (7 properties and a
/// Point each; the same shape as bench/geojson-rows.mjs's).
#[allow(dead_code)] // each bench compiles this module; only `index` loads text
pub fn ledger(n: usize, seed: u64) -> String {
    const CATEGORIES: [&str; 6] = [
        "garbage",
        "垃圾",
        "bikes",
        "stalls",
        "parking",
        "facilities",
    ];
    const STATUSES: [&str; 3] = ["open", "rectifying", "closed"];
    const SOURCES: [&str; 4] = ["open_inspection", "12345", "covert_inspection", "media"];
    let mut out =
        String::from(r#"{"type":"FeatureCollection","x_district":"430408 蒸湘区","features":["#);
    for (i, (x, y)) in problems(n, seed).into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let day = 1 + i % 28;
        let point = if i % 4 == 0 {
            format!("\"D{:04}\"", i % 400)
        } else {
            "null".into()
        };
        out.push_str(&format!(
            r#"{{"type":"Feature","id":"P{i:07}","properties":{{"point":{point},"category":"{}","severity":{},"status":"{}","found":"2026-10-{day:02}","deadline":"2026-11-{day:02}","source":"{}"}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#,
            CATEGORIES[i % 6],
            1 + i % 3,
            STATUSES[i % 3],
            SOURCES[i % 4]
        ));
    }
    out.push_str("]}");
    out
}
