//! Assignment of cells with undo/redo against a plain model, and coverage and
//! workload against brute-force counts (tests/it/four_levels.rs does the same with
//! zones and points).

use crate::support::*;
use civicmap::haversine_m;
use civicmap::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Op {
    Assign(Vec<usize>, Option<u8>),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (prop::collection::vec(0usize..12, 0..5), prop::option::of(0u8..3)).prop_map(|(c, o)| Op::Assign(c, o)),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn assign_undo_redo_follow_a_plain_model(ops in prop::collection::vec(op(), 0..40)) {
        let cells = grid((112.6, 26.9), 0.001, 4, 3);
        let mut map = Map::new();
        map.load_cells(&cells_json(&cells, |_| None), LoadOptions::default()).unwrap();
        // The model: owners now, and stacks of whole snapshots.
        let mut now: Vec<Option<String>> = vec![None; 12];
        let mut done: Vec<Vec<Option<String>>> = vec![];
        let mut undone: Vec<Vec<Option<String>>> = vec![];
        for op in ops {
            match op {
                Op::Assign(idx, owner) => {
                    let owner = owner.map(|o| format!("o{o}"));
                    let ids: Vec<&str> = idx.iter().map(|&i| cells[i].0.as_str()).collect();
                    let changed = map.assign_cells(&ids, owner.as_deref()).unwrap().assigned;
                    let mut next = now.clone();
                    for &i in &idx { next[i] = owner.clone(); }
                    let want = (0..12).filter(|&i| next[i] != now[i]).count();
                    prop_assert_eq!(changed, want);
                    if want > 0 {
                        done.push(std::mem::replace(&mut now, next));
                        undone.clear();
                    }
                }
                Op::Undo => {
                    let ok = map.undo();
                    prop_assert_eq!(ok, !done.is_empty());
                    if let Some(prev) = done.pop() { undone.push(std::mem::replace(&mut now, prev)); }
                }
                Op::Redo => {
                    let ok = map.redo();
                    prop_assert_eq!(ok, !undone.is_empty());
                    if let Some(next) = undone.pop() { done.push(std::mem::replace(&mut now, next)); }
                }
            }
            let got: Vec<Option<String>> = map.cells().iter().map(|c| c.owner.clone()).collect();
            prop_assert_eq!(&got, &now);
            prop_assert_eq!(map.can_undo(), !done.is_empty());
            prop_assert_eq!(map.can_redo(), !undone.is_empty());
        }
    }

    /// Workload and coverage against counts made by scanning every record.
    #[test]
    fn workload_and_coverage_match_brute_force(
        owners in prop::collection::vec(prop::option::of(0u8..4), 20),
        pts in prop::collection::vec((near((112.6025, 26.902), 0.004), prop::option::of(0u8..4)), 0..40),
        probs in prop::collection::vec((near((112.6025, 26.902), 0.004), 0u8..3, 0i32..20), 0..80),
    ) {
        let cells = grid((112.6, 26.9), 0.001, 5, 4);
        let mut map = Map::new();
        map.load_cells(&cells_json(&cells, |i| owners[i].map(|o| format!("o{o}"))), LoadOptions::default()).unwrap();
        let pt_fs: Vec<String> = pts.iter().enumerate().map(|(i, (p, o))| {
            let o = o.map_or("null".into(), |o| format!("\"o{o}\""));
            format!(r#"{{"type":"Feature","id":"pt{i}","properties":{{"owner":{o}}},"geometry":{}}}"#, point_json(*p))
        }).collect();
        map.load_points(&fc(&pt_fs), LoadOptions::default()).unwrap();
        let statuses = ["open", "rectifying", "closed"];
        let pr_fs: Vec<String> = probs.iter().enumerate().map(|(i, (p, s, dl))| {
            format!(r#"{{"type":"Feature","id":"q{i}","properties":{{"status":"{}","deadline":"{}"}},"geometry":{}}}"#, statuses[*s as usize], format_day(20_000 + dl), point_json(*p))
        }).collect();
        map.load_problems(&fc(&pr_fs), LoadOptions::default()).unwrap();
        let today = 20_010;

        // Brute force: the cell of a location by scanning squares (smallest id wins).
        let cell_of = |q: LngLat| -> Option<usize> {
            cells.iter().enumerate().filter(|(_, (_, g))| {
                let e = &g.0[0].exterior().0;
                let (x0, y0, x1, y1) = (e[0].x, e[0].y, e[2].x, e[2].y);
                q.0 >= x0.min(x1) && q.0 <= x0.max(x1) && q.1 >= y0.min(y1) && q.1 <= y0.max(y1)
            }).min_by(|a, b| a.1.0.cmp(&b.1.0)).map(|(i, _)| i)
        };
        let mut want: BTreeMap<String, (usize, usize, usize, usize, usize)> = BTreeMap::new();
        for o in owners.iter().flatten() { want.entry(format!("o{o}")).or_default().0 += 1; }
        // Points answered for: in the owner's cells or held directly, once each.
        for (p, o) in &pts {
            let in_cell = cell_of(*p).and_then(|c| owners[c]);
            if let Some(co) = in_cell { want.entry(format!("o{co}")).or_default().1 += 1; }
            if let Some(o) = o {
                let w = want.entry(format!("o{o}")).or_default();
                w.2 += 1;
                w.1 += (in_cell != Some(*o)) as usize;
            }
        }
        for (p, s, dl) in &probs {
            if *s == 2 { continue; }
            if let Some(Some(co)) = cell_of(*p).map(|c| owners[c]) {
                let w = want.entry(format!("o{co}")).or_default();
                w.3 += 1;
                w.4 += (20_000 + dl < today) as usize;
            }
        }
        let got: BTreeMap<String, (usize, usize, usize, usize, usize)> = map.workload(today).into_iter()
            .map(|w| (w.owner, (w.cells, w.points, w.points_held, w.open_problems, w.overdue_problems))).collect();
        prop_assert_eq!(got, want);

        let cov = map.coverage();
        let unassigned: Vec<String> = cells.iter().zip(&owners).filter(|(_, o)| o.is_none()).map(|(c, _)| c.0.clone()).collect();
        prop_assert_eq!(cov.unassigned_cells, unassigned);
        let outside: Vec<String> = pts.iter().enumerate().filter(|(_, (p, _))| cell_of(*p).is_none()).map(|(i, _)| format!("pt{i}")).collect();
        prop_assert_eq!(cov.points_outside_cells, outside);
        let outside: Vec<String> = probs.iter().enumerate().filter(|(_, (p, _, _))| cell_of(*p).is_none()).map(|(i, _)| format!("q{i}")).collect();
        prop_assert_eq!(cov.problems_outside_cells, outside);
    }
}

#[test]
fn the_undo_history_keeps_the_latest_steps_within_its_bounds() {
    let cells = grid((112.6, 26.9), 0.001, 4, 3);
    let mut map = Map::new();
    map.load_cells(&cells_json(&cells, |_| None), LoadOptions::default())
        .unwrap();
    let id = cells[0].0.as_str();
    let extra = 5;
    for k in 0..MAX_UNDO_STEPS + extra {
        let owner = format!("o{k}");
        assert_eq!(map.assign_cells(&[id], Some(&owner)).unwrap().assigned, 1);
    }
    assert_eq!(map.undo_depth(), MAX_UNDO_STEPS);
    for _ in 0..MAX_UNDO_STEPS {
        assert!(map.undo());
    }
    assert!(!map.undo(), "the oldest steps are forgotten");
    // What the forgotten steps did stays done: the cell is held by the owner of
    // the last forgotten step.
    let owner = map.cells()[0].owner.clone();
    assert_eq!(owner.as_deref(), Some(format!("o{}", extra - 1).as_str()));
    // Redo walks forward again to the newest.
    while map.redo() {}
    let last = format!("o{}", MAX_UNDO_STEPS + extra - 1);
    assert_eq!(map.cells()[0].owner.as_deref(), Some(last.as_str()));
}

#[test]
fn unknown_cells_and_owners_change_nothing() {
    let cells = grid((112.6, 26.9), 0.001, 2, 1);
    let mut map = Map::new();
    map.load_cells(&cells_json(&cells, |_| None), LoadOptions::default())
        .unwrap();
    let e = map
        .assign_cells(&[cells[0].0.as_str(), "ghost"], Some("li"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown cell ids: ghost; load the cells first or check the ids"
    );
    assert!(map.cells().iter().all(|c| c.owner.is_none()));
    map.load_owners(r#"[{"id":"li","name":"李明","unit":"区城管局","level":3}]"#)
        .unwrap();
    assert!(matches!(
        map.assign_cells(&[cells[0].0.as_str()], Some("wang")),
        Err(Error::UnknownOwner(_))
    ));
    assert_eq!(
        map.assign_cells(&[cells[0].0.as_str()], Some("li"))
            .unwrap()
            .assigned,
        1
    );
    let w = map.workload(0);
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].name.as_deref(), w[0].unit.as_deref(), w[0].cells),
        (Some("李明"), Some("区城管局"), 1)
    );
    let cell_area =
        haversine_m((112.6, 26.9), (112.601, 26.9)) * haversine_m((112.6, 26.9), (112.6, 26.901));
    assert!(
        (w[0].area_m2 - cell_area).abs() / cell_area < 0.01,
        "{} vs {cell_area}",
        w[0].area_m2
    );
}

#[test]
fn conflicts_are_cells_under_two_owners_at_one_level() {
    let cells = grid((112.6, 26.9), 0.001, 3, 1);
    let mut map = Map::new();
    map.load_cells(
        &cells_json(&cells, |_| Some("x".into())),
        LoadOptions::default(),
    )
    .unwrap();
    let z = |id: &str, owner: &str, level: u8, min: LngLat, max: LngLat| {
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"owner":"{owner}","level":{level}}},"geometry":{}}}"#,
            polygon_json(&rect(min, max))
        )
    };
    map.load_zones(
        &fc(&[
            z("a", "li", 3, (112.6, 26.9), (112.602, 26.901)), // cells 0 and 1
            z("b", "wang", 3, (112.601, 26.9), (112.603, 26.901)), // cells 1 and 2
            z("c", "zhao", 2, (112.6, 26.9), (112.603, 26.901)), // all, other level
            z("d", "li", 3, (112.6, 26.9), (112.601, 26.901)), // cell 0 again, same owner
        ]),
        LoadOptions::default(),
    )
    .unwrap();
    let cov = map.coverage();
    assert_eq!(cov.conflicts.len(), 1, "{:?}", cov.conflicts);
    let c = &cov.conflicts[0];
    assert_eq!((c.cell.as_str(), c.level), (cells[1].0.as_str(), 3));
    assert_eq!(c.owners, vec!["li", "wang"]);
}
