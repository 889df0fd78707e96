//! A district outline for a page's base map: the (Multi)Polygon features of any
//! file, read by the cells layer's reader — in the file's `crs` or the caller's,
//! every ring checked, each bad feature named — as rings of longitude/latitude
//! pairs in WGS-84. The page draws them; it does not read the file itself.
//!
//! Why the cells reader and not a reader of its own: a reader is generic over its
//! record, and a second instance for outlines would add kilobytes to the wasm
//! module; an outline is a cells file whose `name` is all that is kept.

use super::layers::{Layer, LoadOptions, CELLS};
use super::read::read_layer;
use crate::error::{Error, LoadReport};
use crate::model::GridCell;

/// The cells layer's reader, whose made-up ids (for features without one, as a
/// refusal names them) say `outline-3` rather than `cell-3`.
const OUTLINE: Layer<GridCell> = Layer {
    kind: "outline",
    ..CELLS
};

/// An outline as a page draws it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// Every ring, exterior and holes, feature by feature, one after another:
    /// `[lng, lat, lng, lat, …]` in WGS-84, each closed (its last pair repeats its first).
    pub coords: Vec<f64>,
    /// Where each ring ends in `coords`, counted in pairs: ring `k` is the pairs
    /// from `ends[k - 1]` (0 for the first) to `ends[k]`.
    pub ends: Vec<u32>,
    /// The `name` of each loaded feature that has one, in file order (the page's
    /// credit line).
    pub names: Vec<String>,
    /// Features loaded, and those not (not a Polygon or MultiPolygon, a ring open
    /// or crossing itself, a position out of range), in file order.
    pub report: LoadReport,
}

/// Reads an outline file (`opts.crs` as the loaders take it).
pub fn parse_outline(text: &str, opts: LoadOptions) -> Result<Outline, Error> {
    let cells = read_layer(text, opts, &OUTLINE)?;
    let mut out = Outline {
        report: LoadReport {
            loaded: cells.items.len(),
            rejected: cells.rejected,
            as_of: None,
        },
        ..Outline::default()
    };
    for cell in cells.items {
        out.names.extend(cell.name);
        for polygon in cell.geometry {
            let (exterior, holes) = polygon.into_inner();
            for ring in [exterior].into_iter().chain(holes) {
                for c in ring {
                    out.coords.push(c.x);
                    out.coords.push(c.y);
                }
                out.ends.push((out.coords.len() / 2) as u32);
            }
        }
    }
    Ok(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::io::crs::Crs;

    const SQUARE: &str = "[[112.5,26.8],[112.6,26.8],[112.6,26.9],[112.5,26.9],[112.5,26.8]]";

    fn file(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }

    fn feature(name: &str, geometry: &str) -> String {
        format!(r#"{{"type":"Feature","properties":{{"name":{name}}},"geometry":{geometry}}}"#)
    }

    #[test]
    fn rings_of_polygons_and_multipolygons_in_file_order_with_names() {
        let hole = "[[112.52,26.82],[112.52,26.84],[112.54,26.84],[112.54,26.82],[112.52,26.82]]";
        let text = file(&[
            feature(
                r#""蒸湘区""#,
                &format!(r#"{{"type":"Polygon","coordinates":[{SQUARE},{hole}]}}"#),
            ),
            feature(
                "null",
                &format!(r#"{{"type":"MultiPolygon","coordinates":[[{SQUARE}],[{SQUARE}]]}}"#),
            ),
        ]);
        let o = parse_outline(&text, LoadOptions::default()).unwrap();
        assert_eq!((o.report.loaded, o.report.rejected.len()), (2, 0));
        assert_eq!(o.names, ["蒸湘区"]);
        assert_eq!(o.ends, [5, 10, 15, 20]);
        let square = [
            112.5, 26.8, 112.6, 26.8, 112.6, 26.9, 112.5, 26.9, 112.5, 26.8,
        ];
        assert_eq!(o.coords[..10], square);
        assert_eq!(o.coords[10..14], [112.52, 26.82, 112.52, 26.84]);
        assert_eq!(o.coords[20..30], square);
        assert_eq!(o.coords[30..], square);
    }

    #[test]
    fn bad_features_are_named_and_the_rest_drawn() {
        let text = file(&[
            feature(
                r#""line""#,
                r#"{"type":"LineString","coordinates":[[112.5,26.8],[112.6,26.9]]}"#,
            ),
            feature(
                r#""open""#,
                r#"{"type":"Polygon","coordinates":[[[112.5,26.8],[112.6,26.8],[112.6,26.9],[112.5,26.9]]]}"#,
            ),
            feature(
                r#""ok""#,
                &format!(r#"{{"type":"Polygon","coordinates":[{SQUARE}]}}"#),
            ),
        ]);
        let o = parse_outline(&text, LoadOptions::default()).unwrap();
        assert_eq!(
            (o.report.loaded, o.names.clone()),
            (1, vec!["ok".to_string()])
        );
        assert_eq!(o.ends, [5]);
        let r = &o.report.rejected;
        let why: Vec<_> = r.iter().map(|r| (r.index, r.field.as_str())).collect();
        assert_eq!(why, [(0, "geometry"), (1, "geometry")]);
        assert!(r[0].reason.contains("LineString"), "{}", r[0].reason);
        assert!(r[1].reason.contains("not closed"), "{}", r[1].reason);
        // Features without an id are named as the outline's, not as cells.
        assert_eq!(r[0].id.as_deref(), Some("outline-0"));
        assert!(parse_outline("not json", LoadOptions::default()).is_err());
    }

    #[test]
    fn an_outline_in_gcj02_is_drawn_where_it_lies() {
        // The same square written in GCJ-02 (as a Gaode export is) comes back in
        // WGS-84: the core's conversion, about 500 m here, not the file's numbers.
        let gcj: Vec<f64> = [
            112.5, 26.8, 112.6, 26.8, 112.6, 26.9, 112.5, 26.9, 112.5, 26.8,
        ]
        .chunks(2)
        .flat_map(|p| {
            let (x, y) = Crs::Gcj02.from_wgs84((p[0], p[1]));
            [x, y]
        })
        .collect();
        let ring: Vec<String> = gcj
            .chunks(2)
            .map(|p| format!("[{},{}]", p[0], p[1]))
            .collect();
        let text = file(&[feature(
            r#""x""#,
            &format!(
                r#"{{"type":"Polygon","coordinates":[[{}]]}}"#,
                ring.join(",")
            ),
        )]);
        let opts = LoadOptions {
            crs: Some(Crs::Gcj02),
            ..LoadOptions::default()
        };
        let o = parse_outline(&text, opts).unwrap();
        for (got, want) in o.coords.iter().zip([112.5, 26.8, 112.6, 26.8]) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        let raw = parse_outline(&text, LoadOptions::default()).unwrap();
        assert!((raw.coords[0] - 112.5).abs() > 1e-3);
    }
}
