//! The coordinate transforms against tests/fixtures/coord_vectors.json (332 city
//! centres from gcoord's fixture, coordtransform's formula vectors, gcoord's special
//! cases), with the tolerances gcoord's own tests assert.

use crate::support::repo_file;
use civicmap::Crs;
use serde_json::Value;

fn pair(v: &Value) -> (f64, f64) {
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

fn vectors() -> Value {
    serde_json::from_str(&repo_file("tests/fixtures/coord_vectors.json")).unwrap()
}

#[test]
fn city_centres_agree_with_the_fixture() {
    let v = vectors();
    let tol = |k: &str| v["tolerances"][k]["abs_max"].as_f64().unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 332);
    let mut worst = [0.0f64; 4];
    for c in cases {
        let (w, g, b) = (pair(&c["WGS84"]), pair(&c["GCJ02"]), pair(&c["BD09"]));
        let checks = [
            (Crs::Gcj02.from_wgs84(w), g, tol("WGS84>GCJ02")),
            (Crs::Gcj02.to_wgs84(g), w, tol("GCJ02>WGS84")),
            (Crs::Bd09.from_wgs84(w), b, tol("WGS84>BD09")),
            (Crs::Bd09.to_wgs84(b), w, tol("BD09>WGS84")),
        ];
        for (k, (got, want, t)) in checks.into_iter().enumerate() {
            let d = (got.0 - want.0).abs().max((got.1 - want.1).abs());
            worst[k] = worst[k].max(d);
            assert!(
                d < t,
                "case {}: transform {k}: {got:?} vs {want:?}",
                c["id"]
            );
        }
    }
    // The iterated inverse is far better than the tolerance: under 1e-5° (~1 m).
    assert!(worst[1] < 1e-5 && worst[3] < 1e-5, "{worst:?}");
}

#[test]
fn formula_vectors_and_special_cases() {
    let v = vectors();
    for f in v["formula_vectors"].as_array().unwrap() {
        let (input, want) = (pair(&f["input"]), pair(&f["expected"]));
        let got = match (f["from"].as_str().unwrap(), f["to"].as_str().unwrap()) {
            ("WGS84", "GCJ02") => Crs::Gcj02.from_wgs84(input),
            // One-step inverse in the vector; ours iterates, so it may be ~4 m away.
            ("GCJ02", "WGS84") => {
                let got = Crs::Gcj02.to_wgs84(input);
                let fwd = Crs::Gcj02.from_wgs84(got);
                assert!((fwd.0 - input.0).abs() < 1e-9 && (fwd.1 - input.1).abs() < 1e-9);
                assert!((got.0 - want.0).abs() < 5e-5 && (got.1 - want.1).abs() < 5e-5);
                continue;
            }
            _ => continue, // GCJ02<->BD09 alone is not part of the public API
        };
        assert!(
            (got.0 - want.0).abs() < 1e-9 && (got.1 - want.1).abs() < 1e-9,
            "{f}: {got:?}"
        );
    }
    // Inside the box: offset applied; outside it: unchanged, both ways.
    let got = Crs::Gcj02.from_wgs84((123.0, 45.0));
    assert!(
        (got.0 - 123.00607541).abs() < 5e-6 && (got.1 - 45.00197815).abs() < 5e-6,
        "{got:?}"
    );
    for crs in [Crs::Gcj02, Crs::Bd09] {
        assert_eq!(
            crs.from_wgs84((139.69, 35.69)),
            (139.69, 35.69),
            "Tokyo is outside the box"
        );
        assert_eq!(crs.to_wgs84((139.69, 35.69)), (139.69, 35.69));
    }
    // The box's corners, as gcoord's special cases put them.
    let v = vectors();
    for ex in v["box_disagreement_examples"].as_array().unwrap() {
        let got = Crs::Gcj02.from_wgs84(pair(&ex["input"]));
        let want = pair(&ex["gcoord"]);
        assert!(
            (got.0 - want.0).abs() < 1e-9 && (got.1 - want.1).abs() < 1e-9,
            "{ex}: {got:?}"
        );
    }
}

mod round_trip {
    use civicmap::index::sphere::haversine_m;
    use civicmap::Crs;
    use proptest::prelude::*;

    /// A location anywhere, or close to one of the GCJ-02 box's edges (within 0.3°),
    /// where the offset used to carry points across the edge.
    fn location() -> impl Strategy<Value = (f64, f64)> {
        let edge = prop_oneof![
            (72.004 - 0.3..72.004 + 0.3, 0.0..56.0),
            (137.8347 - 0.3..137.8347 + 0.3, 0.0..56.0),
            (70.0..140.0, 55.8271 - 0.3..55.8271 + 0.3),
            (70.0..140.0, 0.8293 - 0.3..0.8293 + 0.3),
        ];
        prop_oneof![
            (-180.0..180.0, -85.0..85.0),
            (73.0..135.0, 18.0..54.0),
            edge
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// A WGS-84 point exported in a vendor's system and read back lands within
        /// 1 mm, wherever it is.
        #[test]
        fn export_and_reload_lands_within_a_millimetre(p in location()) {
            for crs in [Crs::Gcj02, Crs::Bd09] {
                let back = crs.to_wgs84(crs.from_wgs84(p));
                let d = haversine_m(p, back);
                prop_assert!(d < 0.001, "{crs:?} {p:?} -> {back:?}: {d} m");
            }
        }
    }

    #[test]
    fn the_reported_edge_point_stays_put() {
        // Just inside the box's northern edge: GCJ-02 moved it 657 m, BD-09 1.4 km.
        let p = (120.0, 55.8256);
        for crs in [Crs::Gcj02, Crs::Bd09] {
            let back = crs.to_wgs84(crs.from_wgs84(p));
            assert!(haversine_m(p, back) < 0.001, "{crs:?}: {back:?}");
        }
        // Deep inside, the full vendor offset (hundreds of metres) still applies.
        let q = (112.5713, 26.8968);
        assert!(haversine_m(q, Crs::Gcj02.from_wgs84(q)) > 100.0);
        // Outside the box nothing moves.
        let seattle = (-122.33, 47.61);
        assert_eq!(Crs::Gcj02.from_wgs84(seattle), seattle);
        assert_eq!(Crs::Bd09.to_wgs84(seattle), seattle);
    }
}
