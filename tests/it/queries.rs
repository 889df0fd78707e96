//! Every spatial query against a brute-force oracle, on random data between 18°N and
//! 54°N, with duplicates, points exactly on radii, on cell edges and corners, and
//! empty inputs.

use crate::support::*;
use civicmap::haversine_m;
use civicmap::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Distances are compared with this tolerance (metres): chord and haversine differ
/// by rounding only.
const TOL_M: f64 = 1e-3;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn within_radius_matches_scan((pts, q) in cloud(300), r in 0.0..8_000.0f64, on in any::<prop::sample::Index>(), exact in any::<bool>()) {
        // Half the time the radius is exactly the distance to one of the points.
        let r = if exact && !pts.is_empty() { haversine_m(q, pts[on.index(pts.len())]) } else { r };
        let got: BTreeSet<u32> = PointIndex::build(&pts).within_radius_m(q, r).into_iter().collect();
        let want = scan_within_m(&pts, q, r);
        for &i in got.symmetric_difference(&want) {
            prop_assert!((haversine_m(q, pts[i as usize]) - r).abs() < TOL_M, "id {i} differs away from the boundary");
        }
        if exact && !pts.is_empty() {
            prop_assert!(got.contains(&(on.index(pts.len()) as u32)), "the point exactly on the radius is inside");
        }
    }

    #[test]
    fn nearest_k_matches_scan((pts, q) in cloud(300), k in 0usize..40) {
        let got = PointIndex::build(&pts).nearest_k(q, k);
        let want = scan_nearest(&pts, q);
        prop_assert_eq!(got.len(), k.min(pts.len()));
        for (g, w) in got.iter().zip(&want) {
            // Same distance at each rank; ids may differ only among equal distances.
            prop_assert!((g.1 - w.1).abs() < TOL_M, "rank distance {} vs {}", g.1, w.1);
            prop_assert!((haversine_m(q, pts[g.0 as usize]) - g.1).abs() < TOL_M);
        }
        let ids: BTreeSet<u32> = got.iter().map(|g| g.0).collect();
        prop_assert_eq!(ids.len(), got.len(), "no id twice");
        if let Some(last) = got.last() {
            for w in &want[got.len()..] {
                prop_assert!(w.1 >= last.1 - TOL_M, "a nearer point was left out");
            }
        }
    }

    #[test]
    fn bbox_matches_scan((pts, a) in cloud(300), b in (-0.06..0.06f64, -0.06..0.06f64), snap in any::<bool>()) {
        let mut b = (a.0 + b.0, a.1 + b.1);
        if snap {
            b = ((b.0 * 1000.0).round() / 1000.0, (b.1 * 1000.0).round() / 1000.0);
        }
        let (min, max) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
        let mut got = PointIndex::build(&pts).in_bbox(min, max);
        got.sort();
        let want: Vec<u32> = pts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.0 >= min.0 && p.0 <= max.0 && p.1 >= min.1 && p.1 <= max.1)
            .map(|(i, _)| i as u32)
            .collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn lasso_matches_scan((pts, c) in cloud(300), ring in prop::collection::vec((-0.05..0.05f64, -0.05..0.05f64), 3..7)) {
        let mut coords: Vec<geo::Coord> = ring.iter().map(|d| geo::Coord { x: c.0 + d.0, y: c.1 + d.1 }).collect();
        coords.push(coords[0]);
        let lasso = geo::MultiPolygon(vec![geo::Polygon::new(geo::LineString(coords), vec![])]);
        let mut got = PointIndex::build(&pts).in_polygon(&lasso);
        got.sort();
        let shapes = [lasso];
        let want: Vec<u32> = pts
            .iter()
            .enumerate()
            .filter(|(_, &p)| !scan_containing(&shapes, p).is_empty())
            .map(|(i, _)| i as u32)
            .collect();
        prop_assert_eq!(got, want);
    }

    /// cellAt: exactly one cell wins on shared edges and corners (the smallest id),
    /// checked against a scan of axis-aligned squares, independent of geo.
    #[test]
    fn cell_at_matches_scan(c in centre(), nx in 0usize..7, ny in 0usize..7, qs in prop::collection::vec((0i32..=8, 0i32..=8, -0.5..0.5f64, -0.5..0.5f64, 0u8..3), 1..40)) {
        let step = 0.001;
        let origin = ((c.0 * 1000.0).round() / 1000.0, (c.1 * 1000.0).round() / 1000.0);
        let cells = grid(origin, step, nx, ny);
        let mut map = Map::new();
        let r = map.load_cells(&cells_json(&cells, |_| None), LoadOptions::default()).unwrap();
        prop_assert!(r.rejected.is_empty());
        for (i, j, fx, fy, kind) in qs {
            // kind 0: a lattice vertex; 1: on a vertical edge; 2: anywhere.
            let (dx, dy) = match kind { 0 => (0.0, 0.0), 1 => (0.0, fy), _ => (fx, fy) };
            let q = (origin.0 + (i as f64 + dx) * step, origin.1 + (j as f64 + dy) * step);
            let holding: Vec<&String> = cells
                .iter()
                .filter(|(_, g)| {
                    let r = g.0[0].exterior().0.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |a, p| (a.0.min(p.x), a.1.min(p.y), a.2.max(p.x), a.3.max(p.y)));
                    q.0 >= r.0 && q.0 <= r.2 && q.1 >= r.1 && q.1 <= r.3
                })
                .map(|(id, _)| id)
                .collect();
            let want = holding.into_iter().min().cloned();
            let got = map.cell_at(q).map(|i| map.cells()[i as usize].id.clone());
            prop_assert_eq!(got, want, "at {:?}", q);
        }
    }

    /// zonesAt against a scan, with overlapping random rectangles and queries on their corners.
    #[test]
    fn zones_at_matches_scan(c in centre(), rects in prop::collection::vec((near((0.0, 0.0), 0.02), near((0.0, 0.0), 0.02), 1u8..=4), 0..30), qs in prop::collection::vec((near((0.0, 0.0), 0.025), any::<prop::sample::Index>(), any::<bool>()), 1..30)) {
        let shapes: Vec<_> = rects
            .iter()
            .map(|(a, b, _)| {
                let (a, b) = ((c.0 + a.0, c.1 + a.1), (c.0 + b.0, c.1 + b.1));
                rect((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0) + 0.001, a.1.max(b.1) + 0.001))
            })
            .collect();
        let fs: Vec<String> = shapes
            .iter()
            .zip(&rects)
            .enumerate()
            .map(|(i, (g, r))| format!(r#"{{"type":"Feature","id":"z{i}","properties":{{"owner":"o{}","level":{}}},"geometry":{}}}"#, i % 3, r.2, polygon_json(g)))
            .collect();
        let mut map = Map::new();
        let rep = map.load_zones(&fc(&fs), LoadOptions::default()).unwrap();
        prop_assert!(rep.rejected.is_empty(), "{:?}", rep.rejected);
        for (q, corner_of, use_corner) in qs {
            let q = if use_corner && !shapes.is_empty() {
                let e = shapes[corner_of.index(shapes.len())].0[0].exterior().0[0];
                (e.x, e.y)
            } else {
                (c.0 + q.0, c.1 + q.1)
            };
            let mut want = scan_containing(&shapes, q);
            want.sort_by_key(|&i| (rects[i as usize].2, format!("z{i}")));
            prop_assert_eq!(map.zones_at(q), want);
        }
    }

    /// Filtered nearest problems against a filtered scan.
    #[test]
    fn filtered_nearest_problems_match_scan((pts, q) in cloud(200), attrs in prop::collection::vec((0u8..3, 1u8..=3, 0i32..40), 208), k in 1usize..20, min_sev in 1u8..=3, overdue in any::<bool>()) {
        let statuses = [Status::Open, Status::Rectifying, Status::Closed];
        let fs: Vec<String> = pts
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let (s, sev, dl) = attrs[i % attrs.len()];
                format!(r#"{{"type":"Feature","id":"p{i}","properties":{{"status":"{}","severity":{sev},"deadline":"{}"}},"geometry":{}}}"#,
                    statuses[s as usize].key(), format_day(20_000 + dl), point_json(p))
            })
            .collect();
        let mut map = Map::new();
        let rep = map.load_problems(&fc(&fs), LoadOptions::default()).unwrap();
        prop_assert!(rep.rejected.is_empty(), "{:?}", rep.rejected);
        let f = ProblemFilter { status: Some(vec![Status::Open, Status::Rectifying]), min_severity: Some(min_sev), overdue, as_of: Some(20_020), ..Default::default() };
        let got = map.nearest_problems(q, k, &f).unwrap();
        let want: Vec<(u32, f64)> = scan_nearest(&pts, q).into_iter().filter(|&(i, _)| f.keeps(&map.problems()[i as usize])).take(k).collect();
        prop_assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            prop_assert!((g.distance_m - w.1).abs() < TOL_M);
            let p = &map.problems()[g.index as usize];
            prop_assert!(p.status != Status::Closed && p.severity >= min_sev && (!overdue || p.is_overdue(20_020)));
            prop_assert_eq!(g.days_overdue, p.days_overdue(20_020));
        }
        for w in map.problems_within(q, 3_000.0, &f).unwrap().windows(2) {
            prop_assert!(w[0].distance_m <= w[1].distance_m, "problemsWithin comes nearest first");
        }
    }
}

#[test]
fn empty_inputs_answer_nothing() {
    let map = Map::new();
    assert_eq!(map.cell_at((112.6, 26.9)), None);
    assert!(map.zones_at((112.6, 26.9)).is_empty());
    assert!(map
        .nearest_problems((112.6, 26.9), 5, &ProblemFilter::default())
        .unwrap()
        .is_empty());
    assert!(map
        .problems_within((112.6, 26.9), 500.0, &ProblemFilter::default())
        .unwrap()
        .is_empty());
    assert!(map.cells_in_bbox((112.0, 26.0), (113.0, 27.0)).is_empty());
    assert!(PointIndex::build(&[]).nearest_k((0.0, 0.0), 3).is_empty());
}

#[test]
fn bad_query_arguments_are_errors_not_panics() {
    let map = Map::new();
    let e = map
        .problems_within((112.6, 26.9), f64::NAN, &ProblemFilter::default())
        .unwrap_err();
    assert!(e.to_string().contains("radiusM"), "{e}");
    let f = ProblemFilter {
        overdue: true,
        ..Default::default()
    };
    assert!(map
        .nearest_problems((112.6, 26.9), 3, &f)
        .unwrap_err()
        .to_string()
        .contains("asOf"));
}

/// Geodesic, not degrees: at 54°N a degree of longitude is ~65 km, so the nearest
/// point by degrees (east) is not the nearest on the ground (north).
#[test]
fn nearest_is_by_metres_not_degrees() {
    let q = (120.0, 54.0);
    let pts = [(120.009, 54.0), (120.0, 54.0085)];
    let idx = PointIndex::build(&pts);
    assert_eq!(
        idx.nearest_k(q, 1)[0].0,
        0,
        "0.009° east at 54°N is ~590 m; 0.0085° north is ~945 m"
    );
    let pts = [(120.02, 54.0), (120.0, 54.015)];
    assert_eq!(PointIndex::build(&pts).nearest_k(q, 1)[0].0, 0);
    let pts = [(120.03, 54.0), (120.0, 54.015)];
    assert_eq!(
        PointIndex::build(&pts).nearest_k(q, 1)[0].0,
        1,
        "1.97 km east vs 1.67 km north"
    );
}

#[test]
fn chain_of_responsibility_names_cell_zones_and_point_owners() {
    let cells = grid((112.6, 26.9), 0.001, 2, 1);
    let mut map = Map::new();
    map.load_cells(
        &cells_json(&cells, |i| (i == 0).then(|| "wang".to_string())),
        LoadOptions::default(),
    )
    .unwrap();
    let z = |id: &str, owner: &str, level: u8| {
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"owner":"{owner}","level":{level},"name":"{id}"}},"geometry":{}}}"#,
            polygon_json(&rect((112.59, 26.89), (112.61, 26.91)))
        )
    };
    map.load_zones(
        &fc(&[z("street", "li", 1), z("community", "zhao", 3)]),
        LoadOptions::default(),
    )
    .unwrap();
    map.load_points(&fc(&[format!(r#"{{"type":"Feature","id":"mkt","properties":{{"category":"农贸市场","owner":"chen"}},"geometry":{}}}"#, point_json((112.6005, 26.9005)))]), LoadOptions::default()).unwrap();
    map.load_problems(
        &fc(&[format!(
            r#"{{"type":"Feature","id":"q1","properties":{{"point":"mkt"}},"geometry":{}}}"#,
            point_json((112.6004, 26.9004))
        )]),
        LoadOptions::default(),
    )
    .unwrap();
    let c = map.problem_chain("q1").unwrap();
    assert_eq!(c.cell.as_deref(), Some(cells[0].0.as_str()));
    assert_eq!(c.cell_owner.as_deref(), Some("wang"));
    assert_eq!(
        c.zones
            .iter()
            .map(|z| (z.owner.as_deref(), z.level))
            .collect::<Vec<_>>(),
        vec![(Some("li"), 1), (Some("zhao"), 3)]
    );
    assert_eq!(c.point_owner.as_deref(), Some("chen"));
    assert_eq!(
        map.point_chain("mkt").unwrap().point_owner.as_deref(),
        Some("chen")
    );
    assert!(map.problem_chain("nope").is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Zones with many vertices take the banded test: it must agree with geo's
    /// scan everywhere, on lattice vertices and edges too. Star-shaped rings on a
    /// 0.001° lattice, queries on the same lattice and off it.
    #[test]
    fn many_vertex_zones_match_scan(
        c in centre(),
        radii in prop::collection::vec((3u32..30, 0u32..3), 36..90),
        qs in prop::collection::vec((-32i32..=32, -32i32..=32, any::<bool>(), -0.5..0.5f64), 1..60),
    ) {
        let o = ((c.0 * 1000.0).round() / 1000.0, (c.1 * 1000.0).round() / 1000.0);
        let n = radii.len();
        let mut ring: Vec<geo::Coord> = radii
            .iter()
            .enumerate()
            .map(|(k, &(r, _))| {
                let a = k as f64 / n as f64 * std::f64::consts::TAU;
                let (dx, dy) = ((r as f64 * a.cos()).round(), (r as f64 * a.sin()).round());
                geo::Coord { x: o.0 + dx * 0.001, y: o.1 + dy * 0.001 }
            })
            .collect();
        ring.dedup();
        prop_assume!(ring.len() >= 33);
        ring.push(ring[0]);
        let shape = geo::MultiPolygon(vec![geo::Polygon::new(geo::LineString(ring), vec![])]);
        use geo::Area;
        prop_assume!(shape.unsigned_area() > 0.0);
        let idx = PolygonIndex::build(vec![shape.clone()]);
        let shapes = [shape];
        for (i, j, on_lattice, f) in qs {
            let q = if on_lattice {
                (o.0 + i as f64 * 0.001, o.1 + j as f64 * 0.001)
            } else {
                (o.0 + (i as f64 + f) * 0.001, o.1 + (j as f64 - f) * 0.001)
            };
            prop_assert_eq!(idx.containing(q), scan_containing(&shapes, q), "at {:?}", q);
        }
    }
}
