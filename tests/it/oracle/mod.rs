//! The streaming GeoJSON reader against its plain model ([`value_reader`]) on
//! random files: every layer's records and rejections (index, id, field and reason)
//! must be equal, and so must whole-file errors. The files mix valid and broken
//! features of every kind the rules name — ids of every JSON type, properties of
//! every type, geometries of every depth, top-level members in any order.

mod value_reader;

use civicmap::geojson::{
    parse_cells, parse_owners, parse_points, parse_problems, parse_zones, Parsed,
};
use civicmap::{Crs, Error, LoadOptions};
use proptest::prelude::*;
use serde_json::{json, Value};
use value_reader as old;

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        (0i64..6).prop_map(|i| json!(i)),
        Just(json!(-1)),
        Just(json!(2.0)),
        Just(json!(1.5)),
        Just(json!(1e20)),
        Just(json!("")),
        Just(json!("  ")),
        Just(json!("2")),
        Just(json!(" 3 ")),
        Just(json!("garbage")),
        Just(json!("垃圾")),
        Just(json!("open")),
        Just(json!("已销号")),
        Just(json!("12345")),
        Just(json!("market")),
        Just(json!("公厕")),
        Just(json!("2026-11-01")),
        Just(json!("2026-11-30")),
        Just(json!("2026-02-30")),
        Just(json!("2026-+1-+1")),
        Just(json!("x\"y\\z\n")),
        Just(json!("网格 7")),
        Just(json!([1, 2])),
        Just(json!({"x": 1, "a": [true]})),
    ]
}

const KEYS: &[&str] = &[
    "name", "code", "owner", "level", "category", "severity", "status", "found", "deadline",
    "source", "point", "id", "unit", "extra",
];

fn props() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        1 => Just(Some(json!("p"))),
        1 => Just(Some(json!([1]))),
        8 => prop::collection::vec((0..KEYS.len(), value()), 0..6).prop_map(|kv| {
            let mut m = serde_json::Map::new();
            for (k, v) in kv {
                m.insert(KEYS[k].to_string(), v);
            }
            Some(Value::Object(m))
        }),
    ]
}

fn square(x: f64, y: f64, s: f64) -> Value {
    json!([[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]])
}

fn coords() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!([112.6, 26.9])),
        Just(json!([112.6, 26.9, 10])),
        Just(json!([112.6])),
        Just(json!([112.6, "26.9"])),
        Just(json!([212.6, 26.9])),
        Just(json!([112.6, -95])),
        Just(json!(null)),
        Just(json!("x")),
        Just(json!([])),
        Just(json!({"a": 1})),
        Just(square(112.6, 26.9, 0.001)),
        Just(json!([
            square(112.6, 26.9, 0.001)[0],
            square(112.6, 26.9, 0.01)[0]
        ])),
        Just(json!([
            square(112.6, 26.9, 0.001),
            square(112.7, 26.9, 0.002)
        ])),
        Just(json!([square(112.6, 26.9, 0.001)])),
        Just(json!([[
            [112.6, 26.9],
            [112.7, 26.9],
            [112.7, 27.0],
            [112.6, 27.0]
        ]])),
        Just(json!([[[112.6, 26.9], [112.7, 26.9], [112.6, 26.9]]])),
        Just(json!([[
            [112.6, 26.9],
            [112.7, 26.9],
            [112.8, 26.9],
            [112.6, 26.9]
        ]])),
        Just(json!([[
            [112.6, 26.9],
            [112.7, 26.9],
            [112.7, "a"],
            [112.6, 26.9]
        ]])),
        Just(json!([[]])),
        Just(json!([[1]])),
        Just(json!([[[[1]]]])),
        Just(json!([[], [[1, 2]]])),
    ]
}

fn geometry() -> impl Strategy<Value = Option<Value>> {
    let kinds = prop_oneof![
        Just(Some(json!("Point"))),
        Just(Some(json!("Polygon"))),
        Just(Some(json!("MultiPolygon"))),
        Just(Some(json!("LineString"))),
        Just(Some(json!(3))),
        Just(None),
    ];
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        1 => Just(Some(json!("Point"))),
        1 => Just(Some(json!([1, 2]))),
        10 => (kinds, prop::option::of(coords())).prop_map(|(k, c)| {
            let mut m = serde_json::Map::new();
            if let Some(k) = k { m.insert("type".into(), k); }
            if let Some(c) = c { m.insert("coordinates".into(), c); }
            Some(Value::Object(m))
        }),
    ]
}

fn id() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        4 => Just(None),
        1 => Just(Some(Value::Null)),
        4 => (0u8..6).prop_map(|i| Some(json!(format!("f{i}")))),
        2 => (0u8..6).prop_map(|i| Some(json!(i))),
        1 => Just(Some(json!(1.5))),
        1 => Just(Some(json!(""))),
        1 => Just(Some(json!(true))),
        1 => Just(Some(json!([1]))),
    ]
}

fn feature() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(json!(7)),
        1 => Just(json!([1, 2])),
        1 => Just(json!("Feature")),
        20 => (prop_oneof![8 => Just(Some(json!("Feature"))), 1 => Just(Some(json!("feature"))), 1 => Just(None)], id(), props(), geometry())
            .prop_map(|(t, id, p, g)| {
                let mut m = serde_json::Map::new();
                if let Some(t) = t { m.insert("type".into(), t); }
                if let Some(id) = id { m.insert("id".into(), id); }
                if let Some(p) = p { m.insert("properties".into(), p); }
                if let Some(g) = g { m.insert("geometry".into(), g); }
                Value::Object(m)
            }),
    ]
}

fn file() -> impl Strategy<Value = String> {
    let crs = prop_oneof![
        6 => Just(None),
        1 => Just(Some(json!("gcj02"))),
        1 => Just(Some(json!({"type": "name", "properties": {"name": "BD-09"}}))),
        1 => Just(Some(json!("EPSG:3857"))),
        1 => Just(Some(json!(5))),
    ];
    let kind = prop_oneof![
        10 => Just(Some(json!("FeatureCollection"))),
        1 => Just(Some(json!("Feature"))),
        1 => Just(Some(json!("Point"))),
        1 => Just(None),
    ];
    (
        prop::collection::vec(feature(), 0..8),
        crs,
        kind,
        0u8..4,
        any::<bool>(),
    )
        .prop_map(|(fs, crs, kind, order, features_array)| {
            let features = if features_array {
                Value::Array(fs.clone())
            } else {
                json!({"a": 1})
            };
            let mut parts: Vec<String> = vec![];
            if let Some(c) = &crs {
                parts.push(format!("\"crs\":{c}"));
            }
            if let Some(k) = &kind {
                parts.push(format!("\"type\":{k}"));
            }
            parts.push(format!("\"features\":{features}"));
            if kind == Some(json!("Feature")) {
                if let Some(Value::Object(f)) = fs.first() {
                    for (k, v) in f {
                        if k != "type" {
                            parts.push(format!("{}:{v}", Value::String(k.clone())));
                        }
                    }
                }
            }
            match order {
                0 => {}
                1 => parts.reverse(),
                2 => parts.rotate_left(1),
                _ => parts.rotate_right(1),
            }
            match order {
                3 => format!(" [ {} ] ", parts.join(",")),
                _ => format!(" {{ {} }} ", parts.join(",")),
            }
        })
}

fn owners_file() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(
            prop_oneof![props().prop_map(|p| p.unwrap_or(Value::Null)), feature()],
            0..8
        )
        .prop_map(|v| Value::Array(v).to_string()),
        prop::collection::vec(feature(), 0..8)
            .prop_map(|v| json!({"type": "FeatureCollection", "features": v}).to_string()),
        Just("{\"features\": 3}".to_string()),
        Just("3".to_string()),
        Just("[1,".to_string()),
    ]
}

fn same<T: PartialEq + std::fmt::Debug>(
    a: Result<Parsed<T>, Error>,
    b: Result<Parsed<T>, Error>,
    text: &str,
) -> Result<(), TestCaseError> {
    match (&a, &b) {
        (Ok(x), Ok(y)) => {
            prop_assert_eq!(&x.items, &y.items, "{}", text);
            prop_assert_eq!(&x.rejected, &y.rejected, "{}", text);
        }
        (Err(x), Err(y)) => prop_assert_eq!(x, y, "{}", text),
        _ => prop_assert!(
            false,
            "{:?} vs {:?} on {}",
            a.map(|p| p.items.len()),
            b.map(|p| p.items.len()),
            text
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn streaming_reader_agrees_with_the_value_reader(text in file()) {
        let o = LoadOptions::default();
        same(old::parse_cells(&text, o), parse_cells(&text, o), &text)?;
        same(old::parse_zones(&text, o), parse_zones(&text, o), &text)?;
        same(old::parse_points(&text, o), parse_points(&text, o), &text)?;
        same(old::parse_problems(&text, o), parse_problems(&text, o), &text)?;
        let g = LoadOptions { crs: Some(Crs::Gcj02), ..o };
        same(old::parse_problems(&text, g), parse_problems(&text, g), &text)?;
        same(old::parse_cells(&text, g), parse_cells(&text, g), &text)?;
    }

    #[test]
    fn owners_agree(text in owners_file()) {
        same(old::parse_owners(&text), parse_owners(&text), &text)?;
    }
}

/// Reads `text` as `layer` in slices of `max` features, to the end.
fn sliced(layer: &str, text: &str, o: LoadOptions, max: usize) -> civicmap::geojson::LoadJob {
    let mut job = civicmap::geojson::LoadJob::new(layer, text.to_string(), o).unwrap();
    let mut steps = 0;
    while !job.step(max) {
        steps += 1;
        assert!(steps <= text.len() + 2, "no progress");
    }
    job
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]
    /// A layer read in slices of any size (LoadJob) comes to what the whole read
    /// gives: records, rejections, ledger date and whole-file errors; on the files
    /// above, on files cut short anywhere, and with the system named by the caller.
    #[test]
    fn sliced_reads_agree_with_the_whole_read(
        text in file(),
        max in prop_oneof![Just(1usize), 2usize..4, Just(1000)],
        cut in prop::option::weighted(0.2, 0.0f64..1.0),
        gcj in any::<bool>(),
    ) {
        use civicmap::geojson::LoadJob;
        let text = match cut {
            Some(f) => {
                let mut at = (text.len() as f64 * f) as usize;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text[..at].to_string()
            }
            None => text,
        };
        let o = LoadOptions { crs: gcj.then_some(Crs::Gcj02), ..LoadOptions::default() };
        let take = |job: LoadJob| match job {
            LoadJob::Cells(r) => format!("{:?}", r.finish()),
            LoadJob::Zones(r) => format!("{:?}", r.finish()),
            LoadJob::Points(r) => format!("{:?}", r.finish()),
            LoadJob::Problems(r) => format!("{:?}", r.finish()),
        };
        prop_assert_eq!(take(sliced("cells", &text, o, max)), format!("{:?}", Some(parse_cells(&text, o))), "{}", text);
        prop_assert_eq!(take(sliced("zones", &text, o, max)), format!("{:?}", Some(parse_zones(&text, o))), "{}", text);
        prop_assert_eq!(take(sliced("points", &text, o, max)), format!("{:?}", Some(parse_points(&text, o))), "{}", text);
        prop_assert_eq!(take(sliced("problems", &text, o, max)), format!("{:?}", Some(parse_problems(&text, o))), "{}", text);
        prop_assert!(LoadJob::new("roads", text.clone(), o).is_err());
    }
}
