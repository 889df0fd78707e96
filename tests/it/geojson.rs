//! Loading real data, rejecting bad features by name, and exports that load back to
//! the same state.

use crate::support::*;
use civicmap::*;
use proptest::prelude::*;

/// 衡阳市蒸湘区, the demo district: its Tianditu outline loads as a cell and as a zone.
#[test]
fn real_district_outlines_load() {
    let text = repo_file("data/districts/outlines.geojson");
    let mut map = Map::new();
    let r = map.load_cells(&text, LoadOptions::default()).unwrap();
    assert_eq!((r.loaded, r.rejected.len()), (5, 0), "{:?}", r.rejected);
    let zhengxiang = map
        .cells()
        .iter()
        .position(|c| c.name.as_deref() == Some("蒸湘区"))
        .unwrap() as u32;
    // A point in the middle of 蒸湘区 (near 衡阳 West railway station area).
    let inside = map.cell_index().containing((112.57, 26.9));
    assert!(inside.contains(&zhengxiang), "{inside:?}");
    let area_km2 = map.cell_areas_m2()[zhengxiang as usize] / 1e6;
    assert!(
        (50.0..200.0).contains(&area_km2),
        "蒸湘区 is about 120 km², got {area_km2}"
    );
}

#[test]
fn rejected_features_are_named_and_the_map_still_works() {
    let good = rect((112.6, 26.9), (112.601, 26.901));
    let text = fc(&[
        format!(r#"{{"type":"Feature","id":"ok","properties":{{"owner":"li","level":2}},"geometry":{}}}"#, polygon_json(&good)),
        format!(r#"{{"type":"Feature","id":"nolevel","properties":{{"owner":"li"}},"geometry":{}}}"#, polygon_json(&good)),
        format!(r#"{{"type":"Feature","id":"lvl9","properties":{{"owner":"li","level":9}},"geometry":{}}}"#, polygon_json(&good)),
        r#"{"type":"Feature","id":"nan","properties":{"owner":"li","level":1},"geometry":{"type":"Polygon","coordinates":[[[112.6,26.9],[112.7,"x"],[112.7,27.0],[112.6,26.9]]]}}"#.to_string(),
    ]);
    let mut map = Map::new();
    let r = map.load_zones(&text, LoadOptions::default()).unwrap();
    assert_eq!(r.loaded, 1);
    let named: Vec<(usize, Option<&str>, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.index, x.id.as_deref(), x.field.as_str()))
        .collect();
    assert_eq!(
        named,
        vec![
            (1, Some("nolevel"), "level"),
            (2, Some("lvl9"), "level"),
            (3, Some("nan"), "geometry")
        ]
    );
    assert!(r.rejected[1].reason.contains("1 to 4"), "{}", r.rejected[1]);
    assert_eq!(map.zones_at((112.6005, 26.9005)).len(), 1);
    // Display names index, id, field and reason.
    assert_eq!(
        r.rejected[0].to_string(),
        "feature 1 (id nolevel): field `level`: missing; give 1 to 4"
    );
}

#[test]
fn bulk_path_rejects_by_index() {
    let mut map = Map::new();
    let r = map
        .load_problem_coords(
            &[112.6, 26.9, f64::NAN, 26.9, 112.6, 95.0, 112.61, 26.91],
            Some(&[1, 2, 3, 4]),
        )
        .unwrap();
    assert_eq!(r.loaded, 1);
    let named: Vec<(usize, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.index, x.field.as_str()))
        .collect();
    assert_eq!(
        named,
        vec![(1, "geometry"), (2, "geometry"), (3, "severity")]
    );
    assert!(map.load_problem_coords(&[1.0, 2.0, 3.0], None).is_err());
    assert!(map.load_problem_coords(&[1.0, 2.0], Some(&[1, 1])).is_err());
}

/// A problem as the map holds it: id, position, severity, its cell's id as the
/// map joined it, and the one `cellAt` finds now.
type Held = (String, LngLat, u8, Option<String>, Option<String>);

/// Every problem as the map holds it ([`Held`]).
fn problems_of(m: &Map) -> Vec<Held> {
    let id = |c: u32| m.cells().get(c as usize).map(|c| c.id.clone());
    m.problems()
        .iter()
        .zip(m.problem_cells())
        .map(|(p, &c)| {
            let now = m.cell_at(p.lnglat).and_then(id);
            (p.id.clone(), p.lnglat, p.severity, id(c), now)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The bulk path a slice at a time, with any slice size, gives the map and
    /// the report that one call gives; a grid loaded halfway through is joined
    /// into; finishing early is refused and changes nothing. The point tree built
    /// by the steps after the reading, all of it, some or none, answers as the
    /// tree built at once.
    #[test]
    fn coordinates_in_slices_load_as_at_once(
        pairs in prop::collection::vec((112.55..112.62f64, 26.87..26.93f64, 0u8..5, any::<bool>()), 0..300),
        slice in 1usize..64,
        grid_halfway in any::<bool>(),
        index_steps in prop_oneof![Just(0usize), 1usize..10, Just(usize::MAX)],
    ) {
        let coords: Vec<f64> = pairs
            .iter()
            .flat_map(|&(x, y, _, bad)| [if bad && x > 112.61 { f64::NAN } else { x }, y])
            .collect();
        let sev: Vec<u8> = pairs.iter().map(|p| p.2).collect();
        let cells = crate::support::cells_json(&crate::support::grid((112.55, 26.87), 0.01, 7, 6), |_| None);
        let mut whole = Map::new();
        whole.load_cells(&cells, LoadOptions::default()).unwrap();
        let want = whole.load_problem_coords(&coords, Some(&sev));

        let mut m = Map::new();
        if !grid_halfway {
            m.load_cells(&cells, LoadOptions::default()).unwrap();
        }
        let mut job = m.begin_problem_coords(pairs.len(), Some(sev.clone())).unwrap();
        let fill = |start: usize, buf: &mut [f64]| buf.copy_from_slice(&coords[2 * start..2 * start + buf.len()]);
        let mut read = 0;
        while read < pairs.len() {
            read = m.step_problem_coords(&mut job, slice, fill);
            if grid_halfway && read >= pairs.len() / 2 && m.cells().is_empty() {
                m.load_cells(&cells, LoadOptions::default()).unwrap();
            }
        }
        prop_assert_eq!(job.progress(), (pairs.len(), pairs.len()));
        prop_assert_eq!(job.indexing().0, 0);
        let mut steps = 0;
        let mut last = job.indexing();
        while steps < index_steps && last.0 < last.1 {
            prop_assert_eq!(m.step_problem_coords(&mut job, slice, fill), pairs.len());
            let now = job.indexing();
            prop_assert!(now.0 > last.0 || now.0 == now.1, "{:?} -> {:?}", last, now);
            last = now;
            steps += 1;
        }
        if index_steps == usize::MAX {
            prop_assert_eq!(last.0, last.1, "the steps build the whole tree");
        }
        let got = m.finish_problem_coords(job);
        match (&want, &got) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.loaded, b.loaded);
                prop_assert_eq!(format!("{:?}", a.rejected), format!("{:?}", b.rejected));
                let (a, b) = (problems_of(&whole), problems_of(&m));
                prop_assert!(b.iter().all(|p| p.3 == p.4), "every problem joined into the grid it is in");
                prop_assert_eq!(a, b);
                for q in [(112.58, 26.9), (112.55, 26.87), (112.7, 27.0)] {
                    let f = ProblemFilter::default();
                    prop_assert_eq!(whole.nearest_problem_ids(q, 12, &f), m.nearest_problem_ids(q, 12, &f));
                }
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            _ => prop_assert!(false, "{:?} against {:?}", want.as_ref().map(|r| r.loaded), got.as_ref().map(|r| r.loaded)),
        }
    }
}

#[test]
fn coordinates_finished_early_are_refused() {
    let mut m = Map::new();
    m.load_problem_coords(&[112.6, 26.9], None).unwrap();
    let coords = [112.6, 26.9, 112.61, 26.91, 112.62, 26.92];
    let mut job = m.begin_problem_coords(3, None).unwrap();
    assert_eq!(
        m.step_problem_coords(&mut job, 2, |s, b| b
            .copy_from_slice(&coords[2 * s..2 * s + b.len()])),
        2
    );
    let e = m.finish_problem_coords(job).unwrap_err().to_string();
    assert!(e.contains("read 2 of 3 pairs"), "{e}");
    assert_eq!(m.problems().len(), 1, "nothing changed");
    assert!(m.begin_problem_coords(3, Some(vec![1])).is_err());
}

fn ids() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9]{1,6}", "[0-9]{1,4}", "网格[0-9]{1,3}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random layers, exported and loaded back: the same records, and the same text again.
    #[test]
    fn exports_load_back_to_the_same_state(
        c in centre(),
        cells in prop::collection::vec((ids(), near((0.0, 0.0), 0.05), 0.0001..0.01f64, prop::option::of("[a-z]{1,4}"), prop::option::of("[0-9]{12}")), 0..20),
        problems in prop::collection::vec((ids(), near((0.0, 0.0), 0.05), 0u8..3, 1u8..=3, prop::option::of(19_000i32..21_000), 0u8..4), 0..30),
    ) {
        let mut seen = std::collections::HashSet::new();
        let cell_fs: Vec<String> = cells.iter().filter(|x| seen.insert(x.0.clone())).map(|(id, p, s, owner, code)| {
            let g = rect((c.0 + p.0, c.1 + p.1), (c.0 + p.0 + s, c.1 + p.1 + s * 0.7));
            let q = |o: &Option<String>| o.as_ref().map_or("null".into(), |o| format!("\"{o}\""));
            format!(r#"{{"type":"Feature","id":"{id}","properties":{{"owner":{},"code":{},"name":"格 {id}"}},"geometry":{}}}"#, q(owner), q(code), polygon_json(&g))
        }).collect();
        let mut seen = std::collections::HashSet::new();
        let statuses = ["open", "rectifying", "closed"];
        let sources = ["明查", "暗访", "12345", "media"];
        let problem_fs: Vec<String> = problems.iter().filter(|x| seen.insert(x.0.clone())).map(|(id, p, st, sev, found, src)| {
            let dates = found.map_or(String::new(), |f| format!(r#","found":"{}","deadline":"{}""#, format_day(f), format_day(f + 7)));
            format!(r#"{{"type":"Feature","id":"{id}","properties":{{"status":"{}","severity":{sev},"source":"{}","category":"garbage"{dates}}},"geometry":{}}}"#,
                statuses[*st as usize], sources[*src as usize], point_json((c.0 + p.0, c.1 + p.1)))
        }).collect();
        let mut a = Map::new();
        let r1 = a.load_cells(&fc(&cell_fs), LoadOptions::default()).unwrap();
        let r2 = a.load_problems(&fc(&problem_fs), LoadOptions::default()).unwrap();
        prop_assert!(r1.rejected.is_empty() && r2.rejected.is_empty(), "{:?} {:?}", r1.rejected, r2.rejected);
        // Planner edits are part of the state the export carries.
        let first: Vec<String> = a.cells().iter().take(3).map(|c| c.id.clone()).collect();
        let first: Vec<&str> = first.iter().map(String::as_str).collect();
        a.assign_cells(&first, Some("新主人")).unwrap();

        let (cells_out, problems_out) = (a.export_cells(Crs::Wgs84), a.export_problems(Crs::Wgs84));
        let mut b = Map::new();
        prop_assert!(b.load_cells(&cells_out, LoadOptions::default()).unwrap().rejected.is_empty());
        prop_assert!(b.load_problems(&problems_out, LoadOptions::default()).unwrap().rejected.is_empty());
        prop_assert_eq!(a.cells(), b.cells());
        prop_assert_eq!(a.problems(), b.problems());
        prop_assert_eq!(a.problem_cells(), b.problem_cells());
        prop_assert_eq!(b.export_cells(Crs::Wgs84), cells_out);
        prop_assert_eq!(b.export_problems(Crs::Wgs84), problems_out);
    }
}

#[test]
fn zones_and_points_round_trip_and_gcj_export_names_its_crs() {
    let mut a = Map::new();
    let z = format!(
        r#"{{"type":"Feature","id":"z1","properties":{{"owner":"li","level":3,"name":"红湖社区"}},"geometry":{}}}"#,
        polygon_json(&rect((112.6, 26.9), (112.61, 26.91)))
    );
    let p = format!(
        r#"{{"type":"Feature","id":"m1","properties":{{"category":"market","name":"<img src=x onerror=alert(1)>","owner":"chen"}},"geometry":{}}}"#,
        point_json((112.6012345678, 26.9054321))
    );
    a.load_zones(&fc(&[z]), LoadOptions::default()).unwrap();
    a.load_points(&fc(&[p]), LoadOptions::default()).unwrap();
    let mut b = Map::new();
    b.load_zones(&a.export_zones(Crs::Wgs84), LoadOptions::default())
        .unwrap();
    b.load_points(&a.export_points(Crs::Wgs84), LoadOptions::default())
        .unwrap();
    assert_eq!(a.zones(), b.zones());
    assert_eq!(a.points(), b.points());
    // Through GCJ-02 and back: the file says so, and the loader converts back (sub-mm).
    let gcj = a.export_points(Crs::Gcj02);
    assert!(
        gcj.contains(r#""crs":{"properties":{"name":"gcj02"}"#),
        "{gcj}"
    );
    let mut c = Map::new();
    c.load_points(&gcj, LoadOptions::default()).unwrap();
    let (p, q) = (a.points()[0].lnglat, c.points()[0].lnglat);
    assert!(civicmap::haversine_m(p, q) < 0.001, "{p:?} {q:?}");
}

/// A file whose every feature is rejected changes nothing unless the caller allows
/// an empty layer; the error carries every rejection.
#[test]
fn a_load_with_nothing_valid_keeps_the_layer() {
    let good = fc(&[format!(
        r#"{{"type":"Feature","id":"a","properties":{{}},"geometry":{}}}"#,
        polygon_json(&rect((112.6, 26.9), (112.601, 26.901)))
    )]);
    let bad = fc(&[
        r#"{"type":"Feature","id":"x","properties":{},"geometry":null}"#.to_string(),
        r#"{"type":"Feature","id":"y","properties":{"owner":[1]},"geometry":null}"#.to_string(),
    ]);
    let mut map = Map::new();
    map.load_cells(&good, LoadOptions::default()).unwrap();
    map.assign_cells(&["a"], Some("li")).unwrap();
    match map.load_cells(&bad, LoadOptions::default()) {
        Err(Error::NothingLoaded { layer, rejected }) => {
            assert_eq!(layer, "cells");
            let named: Vec<(usize, &str)> = rejected
                .iter()
                .map(|r| (r.index, r.field.as_str()))
                .collect();
            assert_eq!(named, [(0, "geometry"), (1, "owner")]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(map.cells().len(), 1);
    assert!(map.can_undo(), "the history of the kept layer is kept too");
    let r = map
        .load_cells(
            &bad,
            LoadOptions {
                allow_empty: true,
                ..LoadOptions::default()
            },
        )
        .unwrap();
    assert_eq!((r.loaded, r.rejected.len()), (0, 2));
    assert!(map.cells().is_empty());
}

/// The demo's layers with a ledger date, once for the export tests.
fn demo_map() -> &'static Map {
    static MAP: std::sync::OnceLock<Map> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = Map::new();
        let o = LoadOptions::default();
        m.load_cells(&repo_file("data/demo/cells.geojson"), o)
            .unwrap();
        m.load_zones(&repo_file("data/demo/zones.geojson"), o)
            .unwrap();
        m.load_points(&repo_file("data/demo/points.geojson"), o)
            .unwrap();
        m.load_problems(&repo_file("data/demo/problems.geojson"), o)
            .unwrap();
        m
    })
}

fn whole(m: &Map, layer: &str, crs: Crs) -> String {
    match layer {
        "cells" => m.export_cells(crs),
        "zones" => m.export_zones(crs),
        "points" => m.export_points(crs),
        _ => m.export_problems(crs),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Parts of any size, joined in order, are the whole export byte for byte, and
    /// the part after the last is `None`.
    #[test]
    fn parts_joined_are_the_whole_export(
        layer in prop::sample::select(vec!["cells", "zones", "points", "problems"]),
        per_part in prop_oneof![1usize..=3, 4usize..=200, 5_000usize..=20_000],
        gcj in any::<bool>(),
    ) {
        let m = demo_map();
        let crs = if gcj { Crs::Gcj02 } else { Crs::Wgs84 };
        let mut joined = String::new();
        let mut parts = 0;
        loop {
            let part = civicmap::geojson::Part { index: parts, per_part, max_bytes: usize::MAX };
            match m.export_part(layer, crs, part).unwrap() {
                Some(text) => joined.push_str(&text),
                None => break,
            }
            parts += 1;
            prop_assert!(parts <= 20_000, "runaway parts");
        }
        let want = whole(m, layer, crs);
        prop_assert!(joined == want, "{layer} in parts of {per_part}: {} bytes, want {}", joined.len(), want.len());
        let n = serde_json::from_str::<serde_json::Value>(&want).unwrap()["features"].as_array().unwrap().len();
        prop_assert_eq!(parts, n.div_ceil(per_part).max(1));
    }
}

/// An empty layer is one part, the empty collection; a part past a byte budget is
/// refused with a message that says to write smaller parts, not a trap.
#[test]
fn an_empty_layer_is_one_part_and_the_byte_budget_refuses() {
    let empty = Map::new();
    let first = |m: &Map, layer: &str, max_bytes: usize| {
        let part = civicmap::geojson::Part {
            index: 0,
            per_part: 10_000,
            max_bytes,
        };
        m.export_part(layer, Crs::Wgs84, part)
    };
    assert_eq!(
        first(&empty, "problems", usize::MAX).unwrap().as_deref(),
        Some(empty.export_problems(Crs::Wgs84).as_str())
    );
    let part1 = civicmap::geojson::Part {
        index: 1,
        per_part: 10_000,
        max_bytes: usize::MAX,
    };
    assert_eq!(empty.export_part("cells", Crs::Wgs84, part1).unwrap(), None);
    let m = demo_map();
    let e = first(m, "cells", 1_000_000).unwrap_err().to_string();
    assert!(e.contains("would pass") && e.contains("exportPart"), "{e}");
    let e = first(m, "roads", usize::MAX).unwrap_err().to_string();
    assert!(e.contains("unknown layer `roads`"), "{e}");
}
