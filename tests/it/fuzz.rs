//! Fuzzing the input paths with proptest, a fixed number of cases each (CI runs all
//! of them): the GeoJSON readers of every layer and the owners reader on arbitrary
//! bytes and on valid files with random edits, and the filters and options on
//! arbitrary JSON. Nothing may panic; a load that fails leaves the map as it was;
//! whatever parses must then run.

use crate::support::*;
use civicmap::assignment::render_assignment;
use civicmap::choropleth::render_choropleth;
use civicmap::*;
use proptest::prelude::*;
use serde_json::Value;

/// A small map: 3 × 2 cells, a zone, a point, three problems, two owners.
fn small() -> Map {
    let cells = grid((112.6, 26.9), 0.001, 3, 2);
    let mut m = Map::new();
    let o = LoadOptions::default();
    m.load_cells(
        &cells_json(&cells, |i| (i % 2 == 0).then(|| "o1".to_string())),
        o,
    )
    .unwrap();
    m.load_zones(&zones_text(), o).unwrap();
    m.load_points(&points_text(), o).unwrap();
    m.load_problems(&problems_text(), o).unwrap();
    m.load_owners(OWNERS).unwrap();
    m
}

const OWNERS: &str = r#"[{"id":"o1","name":"李娜","unit":"区委","level":1},{"id":"o2","name":"王伟","unit":"区城管局","level":4}]"#;

fn zones_text() -> String {
    fc(&[format!(
        r#"{{"type":"Feature","id":"z1","properties":{{"owner":"o1","level":1,"name":"蒸湘街道"}},"geometry":{}}}"#,
        polygon_json(&rect((112.599, 26.899), (112.604, 26.903)))
    )])
}

fn points_text() -> String {
    fc(&[format!(
        r#"{{"type":"Feature","id":"d1","properties":{{"name":"南华农贸市场","category":"market","owner":"o2"}},"geometry":{}}}"#,
        point_json((112.6005, 26.9005))
    )])
}

fn problems_text() -> String {
    let f = |id: &str, p: LngLat, status: &str| {
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"category":"garbage","severity":2,"status":"{status}","found":"2026-11-02","deadline":"2026-11-05","source":"covert_inspection","point":"d1"}},"geometry":{}}}"#,
            point_json(p)
        )
    };
    fc(&[
        f("p1", (112.6005, 26.9005), "open"),
        f("p2", (112.6015, 26.9012), "rectifying"),
        f("p3", (112.6025, 26.9002), "closed"),
    ])
}

/// Everything the map answers, as text, to see that a failed load changed nothing.
fn state(m: &Map) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        m.export_cells(Crs::Wgs84),
        m.export_zones(Crs::Wgs84),
        m.export_points(Crs::Wgs84),
        m.export_problems(Crs::Wgs84),
        m.owners().len()
    )
}

/// Random edits of a text: replace, insert or delete a few characters.
fn edited(text: String) -> impl Strategy<Value = String> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    prop::collection::vec(
        (
            0..n.max(1),
            0..3u8,
            prop::sample::select(vec![
                '"', '{', '}', '[', ']', ',', ':', '-', '0', '9', '.', 'e', 'n', '\u{feff}', 'λ',
                '\\',
            ]),
        ),
        1..6,
    )
    .prop_map(move |edits| {
        let mut c = chars.clone();
        for (at, kind, ch) in edits {
            let at = at.min(c.len());
            match kind {
                0 if at < c.len() => c[at] = ch,
                1 => c.insert(at, ch),
                _ if at < c.len() => {
                    c.remove(at);
                }
                _ => c.push(ch),
            }
        }
        c.into_iter().collect()
    })
}

fn load(m: &mut Map, layer: u8, text: &str) -> bool {
    let o = LoadOptions::default();
    match layer {
        0 => m.load_cells(text, o).is_ok(),
        1 => m.load_zones(text, o).is_ok(),
        2 => m.load_points(text, o).is_ok(),
        3 => m.load_problems(text, o).is_ok(),
        _ => m.load_owners(text).is_ok(),
    }
}

fn valid_text(layer: u8) -> String {
    match layer {
        0 => cells_json(&grid((112.6, 26.9), 0.001, 3, 2), |_| None),
        1 => zones_text(),
        2 => points_text(),
        3 => problems_text(),
        _ => OWNERS.to_string(),
    }
}

/// Arbitrary JSON values: numbers of every kind, strings, nesting.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![
            "",
            "open",
            "closed",
            "garbage",
            "2026-11-20",
            "2026-+1-+1",
            "wgs84",
            "gcj02",
            "hex",
            "zones",
            "viridis",
            "暗访",
            "owner",
            "problems",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "status",
                        "category",
                        "minSeverity",
                        "asOf",
                        "overdue",
                        "from",
                        "to",
                        "radiusM",
                        "radiusPx",
                        "domainMax",
                        "ramp",
                        "opacity",
                        "mode",
                        "by",
                        "measure",
                        "fill",
                        "selected",
                        "bandM",
                        "fdr",
                        "weights",
                        "severity",
                        "crs",
                        "level",
                        "layer",
                        "binPx",
                        "threshold",
                        "bogus",
                    ]),
                    inner
                ),
                0..4
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_bytes_never_panic_a_loader(bytes in prop::collection::vec(any::<u8>(), 0..300), layer in 0..5u8) {
        let mut m = small();
        let before = state(&m);
        let text = String::from_utf8_lossy(&bytes);
        if !load(&mut m, layer, &text) {
            prop_assert_eq!(state(&m), before);
        }
    }

    #[test]
    fn edited_files_never_panic_and_a_failed_load_changes_nothing(
        (layer, text) in (0..5u8).prop_flat_map(|l| (Just(l), edited(valid_text(l))))
    ) {
        let mut m = small();
        let before = state(&m);
        if load(&mut m, layer, &text) {
            // Whatever loaded still answers.
            let _ = m.nearest_problems((112.6, 26.9), 3, &ProblemFilter::default());
            let _ = m.coverage();
        } else {
            prop_assert_eq!(state(&m), before);
        }
    }

    #[test]
    fn filters_and_options_from_any_json_never_panic(v in json()) {
        let m = small();
        let text = v.to_string();
        if let Ok(f) = serde_json::from_str::<ProblemFilter>(&text) {
            if f.check().is_ok() {
                let _ = m.nearest_problems((112.6, 26.9), 5, &f).unwrap();
                let _ = m.problems_in_bbox((112.0, 26.0), (113.0, 27.0), &f);
            }
        }
        if let Ok(f) = serde_json::from_str::<PointFilter>(&text) {
            let _ = m.nearest_points((112.6, 26.9), 5, &f);
        }
        let view = View { lng: 112.601, lat: 26.9005, zoom: 16.0, width: 48.0, height: 32.0, ..View::default() };
        if let Ok(o) = serde_json::from_str::<HeatOptions>(&text) {
            let _ = HeatRenderer::default().render(&m, &view, &o);
        }
        if let Ok(o) = serde_json::from_str::<AssignmentOptions>(&text) {
            let _ = render_assignment(&m, &view, &o);
        }
        if let Ok(o) = serde_json::from_str::<ChoroplethOptions>(&text) {
            let _ = render_choropleth(&m, &view, &o);
        }
        if let Ok(o) = serde_json::from_str::<HotspotOptions>(&text) {
            let _ = m.hotspots(&o);
        }
        let view = serde_json::from_str(&text).map(|v| View::from_json(&v, "view"));
        if let Ok(Ok(v)) = view {
            if v.check().is_ok() {
                let _ = render_assignment(&m, &v, &AssignmentOptions::default());
            }
        }
    }
}
