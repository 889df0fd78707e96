//! The hand reader against the serde_json visitors it replaced, on random texts.

use super::*;
use crate::Cursor;
use proptest::prelude::*;

/// A sink that writes down every call.
struct Log {
    keep: Keep,
    rows: bool,
    calls: Vec<String>,
}

impl<'de> Sink<'de> for Log {
    fn keep(&self) -> Keep {
        self.keep
    }
    fn feature(&mut self, index: usize, head: Head<'de>, scratch: &Scratch<'de>) {
        self.calls.push(format!("{index} {head:?} {scratch:?}"));
    }
    fn restart(&mut self) {
        self.calls.push("restart".into());
    }
    fn crs_member(&mut self, crs: &Value) {
        self.calls.push(format!("crs {crs:?}"));
    }
    fn rows(&self) -> bool {
        self.rows
    }
}

const KEEP: Keep = Keep::Keys(&["name", "severity", "found", "x"]);

fn log(all: bool, rows: bool) -> Log {
    Log {
        keep: if all { Keep::All } else { KEEP },
        rows,
        calls: Vec::new(),
    }
}

/// What the serde_json visitors make of a text: the top level and the calls,
/// or the message.
fn by_serde(text: &str, all: bool, rows: bool) -> Result<(String, Vec<String>), String> {
    let mut sink = log(all, rows);
    let top = read(text, TopSeed { sink: &mut sink }).map_err(|e| e.to_string())?;
    Ok((format!("{top:?}"), sink.calls))
}

fn by_hand(text: &str, all: bool, rows: bool) -> Result<(String, Vec<String>), String> {
    let mut sink = log(all, rows);
    let top = crate::read_features(text, &mut sink).map_err(|e| e.to_string())?;
    Ok((format!("{top:?}"), sink.calls))
}

/// Tokens: every kind of value, every escape, the numbers that take each path,
/// and pieces that break the syntax or that serde_json refuses.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".into()),
        Just("true".into()),
        Just("false".into()),
        Just("nul".into()),
        Just(r#""Feature""#.into()),
        Just(r#""FeatureCollection""#.into()),
        Just(r#""Point""#.into()),
        Just(r#""a\"b\\c\/d\b\f\n\r\t""#.into()),
        Just(r#""\u00e9\u4E2D\ud83d\ude00""#.into()),
        Just(r#""\ud800""#.into()),
        Just(r#""\udc00x""#.into()),
        Just(r#""\ud800\u0041""#.into()),
        Just(r#""\x""#.into()),
        Just("\"tab\there\"".into()),
        Just("\"垃圾 网格 7\"".into()),
        Just(r#""unterminated"#.into()),
        Just("-0".into()),
        Just("-0.0".into()),
        Just("01".into()),
        Just("1.".into()),
        Just("-".into()),
        Just("1e400".into()),
        Just("-1e-400".into()),
        Just("1E+2".into()),
        Just("123456789012345678901234".into()),
        Just("-9223372036854775808".into()),
        Just("-9223372036854775809".into()),
        Just("18446744073709551615".into()),
        Just("18446744073709551616".into()),
        (any::<u64>()).prop_map(|u| u.to_string()),
        (any::<i64>()).prop_map(|i| i.to_string()),
        (-200.0f64..200.0).prop_map(|f| f.to_string()),
        (-1e300f64..1e300).prop_map(|f| format!("{f:e}")),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        "[a-z垃 \"\\\\]{0,12}".prop_map(|s| format!("\"{s}\"")),
    ]
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                ("(name|severity|found|x|id|type|\\\\u0078|p q)", inner),
                0..5
            )
            .prop_map(|kv| {
                let m: Vec<String> = kv
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\": {v}"))
                    .collect();
                format!("{{{}}}", m.join(", "))
            }),
        ]
    })
}

fn coords() -> impl Strategy<Value = String> {
    prop_oneof![
        (-180.0f64..180.0, -90.0f64..90.0).prop_map(|(x, y)| format!("[{x},{y}]")),
        (-180.0f64..180.0, -90.0f64..90.0).prop_map(|(x, y)| format!("[{x:.6}, {y:.7}]")),
        value(),
    ]
}

/// The members a feature (or a top-level Feature) may have.
fn member() -> impl Strategy<Value = String> {
    prop_oneof![
        value().prop_map(|v| format!("\"type\":{v}")),
        Just("\"type\":\"Feature\"".to_string()),
        value().prop_map(|v| format!("\"id\":{v}")),
        value().prop_map(|v| format!("\"properties\":{v}")),
        // Kept keys, others, one a kept key's start and one an escaped kept key:
        // objects of one text teach the reader an order of keys to try first.
        prop::collection::vec(
            (
                "(name|severity|found|x|other|foundx|nam|fo\\\\u0075nd)",
                scalar()
            ),
            0..6,
        )
        .prop_map(|kv| {
            let m: Vec<String> = kv
                .into_iter()
                .map(|(k, v)| format!("\"{k}\":{v}"))
                .collect();
            format!("\"properties\":{{{}}}", m.join(","))
        }),
        coords().prop_map(|c| format!("\"geometry\":{{\"type\":\"Point\",\"coordinates\":{c}}}")),
        value().prop_map(|v| format!("\"geometry\":{v}")),
        value().prop_map(|v| format!("\"extra\" :\n {v}")),
    ]
}

fn element() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(member(), 0..6).prop_map(|m| format!("{{{}}}", m.join(","))),
        1 => value(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    let top_member = prop_oneof![
        4 => prop::collection::vec(element(), 0..5).prop_map(|e| format!("\"features\": [{}]", e.join(",\n"))),
        1 => value().prop_map(|v| format!("\"features\":{v}")),
        2 => Just("\"type\":\"FeatureCollection\"".to_string()),
        1 => Just("\"type\":\"Feature\"".to_string()),
        1 => value().prop_map(|v| format!("\"crs\":{v}")),
        1 => value().prop_map(|v| format!("\"x_as_of\":{v}")),
        2 => member(),
    ];
    prop_oneof![
        8 => prop::collection::vec(top_member, 0..6).prop_map(|m| format!("{{{}}}", m.join(","))),
        1 => prop::collection::vec(element(), 0..5).prop_map(|e| format!("[{}]", e.join(","))),
        1 => value(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn a_text_reads_as_serde_reads_it(
        text in text(),
        all in any::<bool>(),
        rows in any::<bool>(),
        bom in prop::bool::weighted(0.1),
        tail in prop_oneof![8 => Just(""), 1 => Just(" \n"), 1 => Just(" x")],
        cut in prop::option::weighted(0.2, any::<prop::sample::Index>()),
    ) {
        let mut text = format!("{}{text}{tail}", if bom { "\u{feff}" } else { "" });
        if let Some(cut) = cut {
            let mut at = cut.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.truncate(at);
        }
        let hand = by_hand(&text, all, rows);
        prop_assert_eq!(&hand, &by_serde(&text, all, rows), "{}", text);
        // In slices of any size: the same features, or a text left to the whole read.
        if let Ok((_, calls)) = &hand {
            let mut sink = log(all, rows);
            let mut cursor = Cursor::default();
            let step = 1 + cut.map_or(0, |c| c.index(3));
            let done = loop {
                match cursor.step(&text, &mut sink, step) {
                    Ok(true) => break true,
                    Ok(false) => {}
                    Err(_) => break false,
                }
            };
            let object = text.trim_start_matches('\u{feff}').trim_start().starts_with('{');
            prop_assert_eq!(done, object, "{}", text);
            if done {
                prop_assert_eq!(&sink.calls, calls);
            }
        }
    }
}

#[test]
fn nesting_is_counted_as_serde_counts_it() {
    let nest = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    for n in [60, 120, 124, 125, 126, 127, 128, 200] {
        for text in [
            // Parsed: coordinates and kept properties.
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{{"type":"Point","coordinates":{}}}}}]}}"#,
                nest(n)
            ),
            format!(
                r#"{{"features":[{{"properties":{{"name":{}}}}}]}}"#,
                nest(n)
            ),
            format!(r#"{{"crs":{}}}"#, nest(n)),
            // Skipped: no limit.
            format!(r#"{{"features":[{{"extra":{}}}]}}"#, nest(n)),
            nest(n),
        ] {
            assert_eq!(
                by_hand(&text, false, false),
                by_serde(&text, false, false),
                "{n}: {text}"
            );
        }
    }
}

#[test]
fn the_usual_feature_reads_as_serde_reads_it() {
    let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"P0000001","properties":{"name":"a\"b","severity":2,"found":"2026-10-01","other":[1,{"a":null}]},"geometry":{"type":"Point","coordinates":[112.57890123456789,26.891234567890123]}}]}"#;
    let hand = by_hand(text, false, false);
    assert!(hand.is_ok());
    assert_eq!(hand, by_serde(text, false, false));
}

/// Objects whose keys begin like, or are escaped forms of, the keys the one before
/// had in that place (the reader tries those first).
#[test]
fn keys_unlike_the_last_objects_read_as_serde_reads_them() {
    let props = [
        r#"{"name":1,"found":2}"#,
        r#"{"name":1,"foundx":2,"found":3}"#,
        r#"{"nam":1,"name":2}"#,
        r#"{"name":1,"fo\u0075nd":2}"#,
        r#"{"name":1,"found"  :2,"x":3}"#,
        r#"{"name":1,"found":2,"x":3}"#,
        r#"{"name":1,"found":2,"x":3,"name":4}"#,
        r#"{"other":1,"severity":2}"#,
        r#"{"other":1,"severit":2}"#,
        r#"{"name"}"#,
    ];
    let features: Vec<String> = props
        .iter()
        .map(|p| format!(r#"{{"type":"Feature","properties":{p}}}"#))
        .collect();
    for n in 1..=features.len() {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features[..n].join(",")
        );
        for all in [false, true] {
            assert_eq!(
                by_hand(&text, all, false),
                by_serde(&text, all, false),
                "{text}"
            );
        }
    }
}
