//! The supervisor's search and the new filters against a filtered, sorted scan;
//! the ledger date used wherever a day is reckoned (overdue, workload, heat
//! windows, the assignment map, choropleths); and problems pushed into the index
//! after it was built found by every query.

use crate::support::*;
use civicmap::haversine_m;
use civicmap::HeatGrid;
use civicmap::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

const TOL_M: f64 = 1e-3;
const D0: Day = 20_000;

/// The filter as the issue words it, written out plainly.
fn oracle_keeps(f: &ProblemFilter, p: &Problem, as_of: Day) -> bool {
    let days = if p.status != Status::Closed && p.deadline.is_some_and(|d| d < as_of) {
        as_of - p.deadline.unwrap()
    } else {
        0
    };
    let window = |d: Option<Day>, a: Option<Day>, b: Option<Day>| {
        (a.is_none() && b.is_none())
            || d.is_some_and(|d| a.is_none_or(|a| d >= a) && b.is_none_or(|b| d <= b))
    };
    f.status.as_ref().is_none_or(|s| s.contains(&p.status))
        && f.source.as_ref().is_none_or(|s| s.contains(&p.source))
        && f.min_severity.is_none_or(|m| p.severity >= m)
        && (!f.overdue || days > 0)
        && f.min_days_overdue.is_none_or(|m| days >= m)
        && f.max_days_overdue.is_none_or(|m| days <= m)
        && window(p.found, f.found_from, f.found_to)
        && window(p.deadline, f.deadline_from, f.deadline_to)
}

fn oracle_days(p: &Problem, as_of: Day) -> i32 {
    match p.deadline {
        Some(d) if p.status != Status::Closed && d < as_of => as_of - d,
        _ => 0,
    }
}

#[derive(Debug, Clone)]
struct Attrs {
    status: usize,
    source: usize,
    severity: u8,
    found_back: i32,
    deadline_after: Option<i32>,
}

fn attrs() -> impl Strategy<Value = Attrs> {
    (
        0..4usize,
        0..4usize,
        1u8..=3,
        0..40i32,
        prop::option::weighted(0.9, 0..20i32),
    )
        .prop_map(
            |(status, source, severity, found_back, deadline_after)| Attrs {
                status,
                source,
                severity,
                found_back,
                deadline_after,
            },
        )
}

fn filter() -> impl Strategy<Value = ProblemFilter> {
    let day = || prop::option::weighted(0.3, (D0 - 40)..(D0 + 20));
    (
        prop::option::weighted(0.3, prop::sample::subsequence(Status::ALL.to_vec(), 1..4)),
        prop::option::weighted(0.4, prop::sample::subsequence(Source::ALL.to_vec(), 1..4)),
        any::<bool>(),
        prop::option::weighted(0.3, 0..15i32),
        prop::option::weighted(0.3, 0..30i32),
        (day(), day(), day(), day()),
    )
        .prop_map(
            |(status, source, overdue, lo, hi, (ff, ft, df, dt))| ProblemFilter {
                status,
                source,
                overdue,
                min_days_overdue: lo,
                max_days_overdue: hi.map(|h| h + lo.unwrap_or(0)),
                found_from: ff.zip(ft).map_or(ff, |(a, b)| Some(a.min(b))),
                found_to: ff.zip(ft).map_or(ft, |(a, b)| Some(a.max(b))),
                deadline_from: df.zip(dt).map_or(df, |(a, b)| Some(a.min(b))),
                deadline_to: df.zip(dt).map_or(dt, |(a, b)| Some(a.max(b))),
                ..Default::default()
            },
        )
}

fn problems_map(pts: &[LngLat], attrs: &[Attrs]) -> Map {
    let fs: Vec<String> = pts
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let a = &attrs[i % attrs.len()];
            let found = D0 - a.found_back;
            let deadline = a.deadline_after.map_or("null".into(), |d| format!("\"{}\"", format_day(found + d)));
            format!(
                r#"{{"type":"Feature","id":"p{i}","properties":{{"status":"{}","source":"{}","severity":{},"found":"{}","deadline":{deadline}}},"geometry":{}}}"#,
                Status::ALL[a.status].key(),
                Source::ALL[a.source].key(),
                a.severity,
                format_day(found),
                point_json(p)
            )
        })
        .collect();
    let mut map = Map::new();
    let r = map.load_problems(&fc(&fs), LoadOptions::default()).unwrap();
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    map.set_as_of(Some(D0));
    map
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The first k in each order, within a radius or not, and the total, against
    /// a scan that filters, measures with haversine and sorts.
    #[test]
    fn search_matches_a_sorted_scan((pts, q) in cloud(200), attrs in prop::collection::vec(attrs(), 1..50), f in filter(), sort in 0..3usize, radius in prop::option::of(0.0..6_000.0f64), k in 0usize..30) {
        let map = problems_map(&pts, &attrs);
        let sort = [Sort::Distance, Sort::DaysOverdue, Sort::Deadline][sort];
        let got = map.search_problems(q, &ProblemSearch { k, radius_m: radius, sort, filter: f.clone() }).unwrap();
        let mut want: Vec<(u32, f64)> = (0..pts.len() as u32)
            .filter(|&i| oracle_keeps(&f, &map.problems()[i as usize], D0))
            .map(|i| (i, haversine_m(q, pts[i as usize])))
            .filter(|&(_, d)| radius.is_none_or(|r| d <= r))
            .collect();
        let key = |i: u32| {
            let p = &map.problems()[i as usize];
            match sort {
                Sort::Distance => 0,
                Sort::DaysOverdue => -oracle_days(p, D0) as i64,
                Sort::Deadline => p.deadline.map_or(i64::MAX, |d| d as i64),
            }
        };
        want.sort_by(|a, b| key(a.0).cmp(&key(b.0)).then(a.1.total_cmp(&b.1)).then(a.0.cmp(&b.0)));
        // Only problems within a millimetre of the radius may be counted differently.
        let edge = |i: u32| radius.is_some_and(|r| (haversine_m(q, pts[i as usize]) - r).abs() < TOL_M);
        let near_edge = (0..pts.len() as u32).filter(|&i| edge(i)).count();
        prop_assert!(got.total.abs_diff(want.len()) <= near_edge, "total {} vs {}", got.total, want.len());
        prop_assert_eq!(got.hits.len(), k.min(got.total));
        for (h, w) in got.hits.iter().zip(&want) {
            prop_assert_eq!(key(h.index), key(w.0), "rank key");
            prop_assert!((h.distance_m - w.1).abs() < TOL_M, "rank distance {} vs {}", h.distance_m, w.1);
            let p = &map.problems()[h.index as usize];
            prop_assert!(oracle_keeps(&f, p, D0));
            prop_assert_eq!(h.days_overdue, oracle_days(p, D0));
        }
        let ids: BTreeSet<u32> = got.hits.iter().map(|h| h.index).collect();
        prop_assert_eq!(ids.len(), got.hits.len(), "no problem twice");
        // The plain queries keep the same filter.
        let near: Vec<u32> = map.nearest_problems(q, 500, &f).unwrap().iter().map(|h| h.index).collect();
        let all: BTreeSet<u32> = (0..pts.len() as u32).filter(|&i| oracle_keeps(&f, &map.problems()[i as usize], D0)).collect();
        prop_assert_eq!(near.iter().copied().collect::<BTreeSet<u32>>(), all);
    }

    /// Problems pushed after the tree was built are found by every query.
    #[test]
    fn pushed_points_are_found((pts, q) in cloud(300), split in any::<prop::sample::Index>(), r in 0.0..8_000.0f64, k in 0usize..40) {
        let cut = if pts.is_empty() { 0 } else { split.index(pts.len() + 1) };
        let mut idx = PointIndex::build(&pts[..cut]);
        for (n, &p) in pts[cut..].iter().enumerate() {
            prop_assert_eq!(idx.push(p) as usize, cut + n);
        }
        let got: BTreeSet<u32> = idx.within_radius_m(q, r).into_iter().collect();
        let want = scan_within_m(&pts, q, r);
        for &i in got.symmetric_difference(&want) {
            prop_assert!((haversine_m(q, pts[i as usize]) - r).abs() < TOL_M);
        }
        let near = idx.nearest_k(q, k);
        let scan = scan_nearest(&pts, q);
        prop_assert_eq!(near.len(), k.min(pts.len()));
        for (g, w) in near.iter().zip(&scan) {
            prop_assert!((g.1 - w.1).abs() < TOL_M);
        }
        let (min, max) = ((q.0 - 0.02, q.1 - 0.02), (q.0 + 0.02, q.1 + 0.02));
        let mut b = idx.in_bbox(min, max);
        b.sort();
        let want_b: Vec<u32> = (0..pts.len() as u32).filter(|&i| {
            let (x, y) = pts[i as usize];
            x >= min.0 && x <= max.0 && y >= min.1 && y <= max.1
        }).collect();
        prop_assert_eq!(b, want_b);
        prop_assert_eq!(idx.ids_in_tree_order().collect::<BTreeSet<u32>>().len(), pts.len());
    }
}

#[test]
fn each_filter_on_its_own() {
    let pts: Vec<LngLat> = (0..8).map(|i| (112.6 + i as f64 * 0.001, 26.9)).collect();
    let attrs: Vec<Attrs> = (0..8)
        .map(|i| Attrs {
            status: i % 4,
            source: i % 4,
            severity: 1,
            found_back: 10,
            deadline_after: Some(i as i32),
        })
        .collect();
    let map = problems_map(&pts, &attrs);
    let ids = |f: ProblemFilter| -> Vec<String> {
        let s = ProblemSearch {
            k: 100,
            filter: f,
            ..Default::default()
        };
        let mut v: Vec<String> = map
            .search_problems((112.6, 26.9), &s)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    let parse = |text: &str| serde_json::from_str::<ProblemFilter>(text).unwrap();
    assert_eq!(ids(parse(r#"{"source":"暗访"}"#)), ["p1", "p5"]);
    assert_eq!(
        ids(parse(r#"{"source":["明查","媒体"]}"#)),
        ["p0", "p3", "p4", "p7"]
    );
    // found D0-10; deadlines D0-10 … D0-3.
    assert_eq!(
        ids(parse(
            r#"{"deadlineFrom":"2024-09-28","deadlineTo":"2024-09-29"}"#
        )),
        ["p4", "p5"]
    );
    // Days overdue on D0: p0 10 (open), p1 9 (rectifying), p2 8 (submitted), p3 closed, p4 6 …
    assert_eq!(ids(parse(r#"{"minDaysOverdue":8}"#)), ["p0", "p1", "p2"]);
    assert_eq!(
        ids(parse(r#"{"minDaysOverdue":1,"maxDaysOverdue":5}"#)),
        ["p5", "p6"]
    );
    assert_eq!(ids(parse(r#"{"maxDaysOverdue":0}"#)), ["p3", "p7"]);
    assert_eq!(
        ids(parse(r#"{"overdue":true,"status":"submitted"}"#)),
        ["p2", "p6"]
    );
    let sorted = |sort: Sort, radius: Option<f64>| -> (usize, Vec<String>) {
        let s = ProblemSearch {
            k: 3,
            radius_m: radius,
            sort,
            filter: ProblemFilter::default(),
        };
        let r = map.search_problems((112.6, 26.9), &s).unwrap();
        (r.total, r.hits.into_iter().map(|h| h.id).collect())
    };
    assert_eq!(
        sorted(Sort::DaysOverdue, None),
        (8, vec!["p0".into(), "p1".into(), "p2".into()])
    );
    assert_eq!(
        sorted(Sort::Deadline, None),
        (8, vec!["p0".into(), "p1".into(), "p2".into()])
    );
    assert_eq!(
        sorted(Sort::Distance, Some(250.0)),
        (3, vec!["p0".into(), "p1".into(), "p2".into()])
    );
    assert_eq!(
        sorted(Sort::DaysOverdue, Some(150.0)).0,
        2,
        "the radius limits the total too"
    );
    for (text, needle) in [
        (
            r#"{"minDaysOverdue":5,"maxDaysOverdue":2}"#,
            "above maxDaysOverdue",
        ),
        (r#"{"minDaysOverdue":-1}"#, "0 or more"),
        (
            r#"{"deadlineFrom":"2024-10-05","deadlineTo":"2024-10-01"}"#,
            "after the end",
        ),
    ] {
        let s = ProblemSearch {
            filter: parse(text),
            ..Default::default()
        };
        let e = map
            .search_problems((112.6, 26.9), &s)
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{text}: {e}");
    }
    let e = serde_json::from_str::<ProblemFilter>(r#"{"sources":"暗访"}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field `sources`"), "{e}");
    let e = serde_json::from_str::<ProblemFilter>(r#"{"source":"radio"}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("明查"), "{e}");
    assert!(Sort::parse("nearest")
        .unwrap_err()
        .to_string()
        .contains("distance, daysOverdue or deadline"));
}

fn demo() -> Map {
    let mut map = Map::new();
    for (layer, load) in [
        (
            "cells",
            Map::load_cells as fn(&mut Map, &str, LoadOptions) -> Result<LoadReport, Error>,
        ),
        ("zones", Map::load_zones),
        ("points", Map::load_points),
        ("problems", Map::load_problems),
    ] {
        load(
            &mut map,
            &repo_file(&format!("data/demo/{layer}.geojson")),
            LoadOptions::default(),
        )
        .unwrap();
    }
    map.load_owners(&repo_file("data/demo/owners.json"))
        .unwrap();
    map
}

/// The demo declares 2026-11-20; everything that counts days counts from it.
#[test]
fn the_ledger_date_is_used_wherever_a_day_is_reckoned() {
    let mut map = demo();
    let as_of = parse_day("2026-11-20").unwrap();
    assert_eq!(
        (map.as_of(), map.declared_as_of()),
        (Some(as_of), Some(as_of))
    );
    // Days overdue: P003277 (deadline 2026-08-31) is 81 days late, not 92.
    let i = map.problem_pos("P003277").unwrap();
    let p = map.problems()[i as usize].clone();
    let hit = &map
        .nearest_problems(p.lnglat, 1, &ProblemFilter::default())
        .unwrap()[0];
    assert_eq!((hit.id.as_str(), hit.days_overdue), ("P003277", 81));
    assert_eq!(map.problem_card("P003277", None).unwrap().days_overdue, 81);
    // A deadline after the ledger date is not overdue.
    let future = map
        .problems()
        .iter()
        .find(|p| p.status != Status::Closed && p.deadline.is_some_and(|d| d > as_of))
        .unwrap()
        .clone();
    let hit = &map
        .nearest_problems(future.lnglat, 1, &ProblemFilter::default())
        .unwrap()[0];
    assert_eq!((hit.id.as_str(), hit.days_overdue), (future.id.as_str(), 0));
    // Workload: not every open problem is overdue.
    let rows = map.workload(map.as_of().unwrap());
    assert!(rows.iter().any(|w| w.open_problems > w.overdue_problems));
    // Overdue is reckoned on the day given: none long before the ledger date, more
    // long after. (Since four-level responsibility a problem counts for every owner
    // answering for it, so rows no longer add up to a count of problems; the rows
    // themselves are checked against a brute-force model in tests/it/four_levels.rs.)
    let total = |day: Day| -> usize { map.workload(day).iter().map(|w| w.overdue_problems).sum() };
    let overdue: usize = rows.iter().map(|w| w.overdue_problems).sum();
    assert_eq!(overdue, total(as_of));
    assert_eq!(total(as_of - 3650), 0);
    assert!(overdue > 0 && total(as_of + 3650) > overdue);
    // The overdue filter needs no asOf when the data have a date.
    let f = ProblemFilter {
        overdue: true,
        ..Default::default()
    };
    assert!(!map.nearest_problems(p.lnglat, 5, &f).unwrap().is_empty());
    // "Last 7 days" counts back from the ledger date: the demo's week is not empty,
    // the same as the explicit window, and empty when reckoned from a later day.
    let view =
        View::default().fit_bounds((112.45, 26.80), (112.65, 26.98), 640.0, 400.0, 0.0, 19.0);
    let binned = |o: HeatOptions| {
        let mut g = HeatGrid::new();
        g.compute(&map, &view, &o).unwrap();
        g.binned
    };
    let week = binned(HeatOptions {
        last_days: Some(7),
        ..Default::default()
    });
    let explicit = binned(HeatOptions {
        from: Some(as_of - 6),
        to: Some(as_of),
        ..Default::default()
    });
    assert!(week > 0);
    assert_eq!(week, explicit);
    assert_eq!(
        binned(HeatOptions {
            last_days: Some(7),
            as_of: Some(as_of + 60),
            ..Default::default()
        }),
        0
    );
    // The assignment map and choropleths weigh overdue problems on the ledger date.
    let opts = AssignmentOptions {
        fill: civicmap::assignment::Fill::OverdueProblems,
        ..Default::default()
    };
    assert!(civicmap::assignment::render_assignment(&map, &view, &opts).is_ok());
    let c = |as_of| {
        civicmap::choropleth::choropleth_values(
            &map,
            &ChoroplethOptions {
                measure: civicmap::choropleth::Measure::Weighted,
                as_of,
                ..Default::default()
            },
        )
    };
    assert_eq!(c(None), c(Some(as_of)));
    assert_ne!(c(None), c(Some(as_of + 30)));
    // Set a day, and back to the data's.
    map.set_as_of(Some(as_of + 11));
    assert_eq!(map.problem_card("P003277", None).unwrap().days_overdue, 92);
    map.set_as_of(None);
    assert_eq!(map.as_of(), Some(as_of));
    // Without a date anywhere, overdue needs one and says so.
    let mut bare = Map::new();
    bare.load_problems(&fc(&[format!(r#"{{"type":"Feature","id":"a","properties":{{"deadline":"2026-01-01"}},"geometry":{}}}"#, point_json((112.6, 26.9)))]), LoadOptions::default()).unwrap();
    assert_eq!(bare.as_of(), None);
    let e = bare
        .nearest_problems((112.6, 26.9), 1, &f)
        .unwrap_err()
        .to_string();
    assert!(e.contains("asOf"), "{e}");
    assert!(HeatOptions {
        last_days: Some(7),
        ..Default::default()
    }
    .for_map(&bare)
    .is_err());
    let r = bare.load_problems(
        r#"{"type":"FeatureCollection","x_as_of":"2026-13-01","features":[]}"#,
        LoadOptions::default(),
    );
    assert!(r.unwrap_err().to_string().contains("x_as_of"));
}
