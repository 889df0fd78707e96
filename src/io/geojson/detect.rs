//! Which layer a file holds, for a file opened without saying: a list is owners;
//! else its name says (`problems.geojson`, `网格.json`); else its first feature with a
//! geometry does (a Point with a problem's fields is a problem, else a point; an
//! area with a `level` is a zone, else a cell). Only the file's head is needed:
//! the page hands over the first [`HEAD_BYTES`] and keeps the file's bytes for the
//! load, instead of parsing all of it in JS to guess.

use civicmap_json::{Geom, Head, Keep, Scratch, Sink};

/// How much of a file's start is enough to tell its layer.
pub const HEAD_BYTES: usize = 64 * 1024;

/// Words in a file's name that say its layer, in the order they are tried.
const NAMES: [(&str, &[&str]); 6] = [
    ("owners", &["owner", "责任人"]),
    (
        "outline",
        &["outline", "boundary", "district", "边界", "行政区"],
    ),
    ("problems", &["problem", "问题"]),
    ("zones", &["zone", "责任区"]),
    ("points", &["point", "点位"]),
    ("cells", &["cell", "grid", "网格"]),
];

/// The fields that make a Point feature a problem.
const PROBLEM_FIELDS: [&str; 5] = ["severity", "status", "deadline", "found", "source"];

/// The layer a file's name says, if it says one.
pub fn layer_of_name(name: &str) -> Option<&'static str> {
    // ASCII case only, and a plain search: Unicode case tables and `str::contains`
    // cost the module 9 KB gzipped, and the words are English or Chinese.
    let name = name.to_ascii_lowercase();
    let has = |w: &str| name.as_bytes().windows(w.len()).any(|x| x == w.as_bytes());
    NAMES
        .iter()
        .find(|(_, words)| words.iter().any(|w| has(w)))
        .map(|(layer, _)| *layer)
}

/// The layer of a file named `name` whose text starts with `head` (the whole
/// text, or its start cut anywhere: the features read before the cut decide).
pub fn detect_layer(name: &str, head: &str) -> &'static str {
    // JSON's own whitespace, after a byte-order mark.
    let start = head
        .trim_start_matches('\u{feff}')
        .trim_start_matches([' ', '\t', '\n', '\r']);
    if start.starts_with('[') {
        return "owners";
    }
    if let Some(layer) = layer_of_name(name) {
        return layer;
    }
    let mut first = First::default();
    // A cut text stops with an error after the features before the cut.
    let top = civicmap_json::read_features(head, &mut first).ok();
    if let (None, Some(top)) = (&first.found, top) {
        if matches!(&top.kind, Some(Some(k)) if k == "Feature") {
            first.feature(0, top.head, &top.scratch);
        }
    }
    match first.found {
        Some((true, true, _)) => "problems",
        Some((true, false, _)) => "points",
        Some((false, _, true)) => "zones",
        _ => "cells",
    }
}

/// The first feature with a geometry object: whether it is a Point, has one of
/// a problem's fields, has a `level`.
#[derive(Default)]
struct First {
    found: Option<(bool, bool, bool)>,
}

impl<'de> Sink<'de> for First {
    fn keep(&self) -> Keep {
        Keep::All
    }

    fn feature(&mut self, _: usize, _: Head<'de>, scratch: &Scratch<'de>) {
        if self.found.is_some() {
            return;
        }
        if let Geom::Object { kind, .. } = &scratch.geom {
            let has = |key: &str| scratch.props.iter().any(|(k, _)| k == key);
            self.found = Some((
                kind.as_deref() == Some("Point"),
                PROBLEM_FIELDS.iter().any(|f| has(f)),
                has("level"),
            ));
        }
    }

    fn restart(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_layer_from_its_name_then_its_first_feature() {
        let point = |props: &str| {
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":null,"properties":{{"severity":1}}}},{{"type":"Feature","properties":{props},"geometry":{{"type":"Point","coordinates":[112.6,26.9]}}}}]}}"#
            )
        };
        let area = |props: &str| {
            format!(
                r#"{{"type":"Feature","properties":{props},"geometry":{{"type":"Polygon","coordinates":[]}}}}"#
            )
        };
        for (name, text, want) in [
            ("anything.json", "[{\"id\":\"o1\"}]".to_string(), "owners"),
            ("problems.json", "\u{feff} []".to_string(), "owners"),
            ("\u{feff}x.json", "\u{feff} [".to_string(), "owners"),
            ("蒸湘区责任人.json", "{}".to_string(), "owners"),
            ("District-Boundary.geojson", point("{}"), "outline"),
            ("问题台账.geojson", point("{}"), "problems"),
            ("Zones.geojson", point("{}"), "zones"),
            ("inspection_points.geojson", area("{}"), "points"),
            ("网格.geojson", point("{\"status\":\"open\"}"), "cells"),
            ("ledger.geojson", point("{\"status\":\"open\"}"), "problems"),
            (
                "ledger.geojson",
                point("{\"name\":\"x\",\"found\":null}"),
                "problems",
            ),
            ("ledger.geojson", point("{\"name\":\"x\"}"), "points"),
            (
                "ledger.geojson",
                point("{\"x\\nstatus\":\"x\",\"status\\u0000\":1}"),
                "points",
            ),
            ("a.geojson", area("{\"level\":2}"), "zones"),
            ("a.geojson", area("{\"name\":\"x\"}"), "cells"),
            ("a.geojson", "{\"features\":[]}".to_string(), "cells"),
            ("a.geojson", "not json".to_string(), "cells"),
            ("a.geojson", String::new(), "cells"),
        ] {
            assert_eq!(detect_layer(name, &text), want, "{name}: {text}");
        }
    }

    /// The features before a cut decide: a file's first 64 KB is enough.
    #[test]
    fn a_cut_head_is_read_up_to_its_cut() {
        let f = r#"{"type":"Feature","properties":{"status":"open"},"geometry":{"type":"Point","coordinates":[112.6,26.9]}}"#;
        let text = format!(r#"{{"type":"FeatureCollection","features":[{f},{f},{f}]}}"#);
        let first_end = text.find(f).unwrap() + f.len();
        for cut in 0..=text.len() {
            let want = if cut >= first_end {
                "problems"
            } else {
                "cells"
            };
            assert_eq!(detect_layer("a.json", &text[..cut]), want, "cut at {cut}");
        }
    }
}
