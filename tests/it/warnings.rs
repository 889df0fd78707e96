//! What an assignment says before and after it is made: each warning, the dry
//! run, items taken from others, errors that change nothing; and the demo as a
//! planner tried it (issue 12).

use crate::support::*;
use civicmap::*;

const STEP: f64 = 0.001;
const O: LngLat = (112.6, 26.9);

fn at(i: f64, j: f64) -> LngLat {
    (O.0 + i * STEP, O.1 + j * STEP)
}

fn zone(id: &str, owner: &str, level: u8, min: LngLat, max: LngLat) -> String {
    let owner = if owner.is_empty() {
        "null".to_string()
    } else {
        format!("\"{owner}\"")
    };
    format!(
        r#"{{"type":"Feature","id":"{id}","properties":{{"owner":{owner},"level":{level},"division":"{id}"}},"geometry":{}}}"#,
        polygon_json(&rect(min, max))
    )
}

/// A 4 × 2 grid held by `g4` (level 4), one street, two communities, a point.
fn city() -> (Map, Vec<String>) {
    let cells = grid(O, STEP, 4, 2);
    let mut map = Map::new();
    map.load_owners(
        r#"[{"id":"l1","name":"刘丽","level":1},{"id":"l1b","name":"卢秀海","level":1},
            {"id":"l3","name":"姜云","unit":"区委办","level":3},{"id":"l3b","name":"朱荣松","unit":"区民政局","level":3},
            {"id":"g4","name":"廖娜","level":4},{"id":"g4b","name":"王伟","level":4}]"#,
    )
    .unwrap();
    map.load_cells(
        &cells_json(&cells, |_| Some("g4".into())),
        LoadOptions::default(),
    )
    .unwrap();
    map.load_zones(
        &fc(&[
            zone("street", "l1", 1, at(0.0, 0.0), at(4.0, 2.0)),
            zone("west", "l3", 3, at(0.0, 0.0), at(2.0, 2.0)),
            zone("east", "", 3, at(2.0, 0.0), at(4.0, 2.0)),
            zone("mid", "", 3, at(1.0, 0.0), at(3.0, 1.0)),
            zone("far", "", 3, at(10.0, 10.0), at(11.0, 11.0)),
        ]),
        LoadOptions::default(),
    )
    .unwrap();
    map.load_points(
        &fc(&[format!(
            r#"{{"type":"Feature","id":"mkt","properties":{{"category":"market","name":"南华农贸市场"}},"geometry":{}}}"#,
            point_json(at(0.5, 0.5))
        )]),
        LoadOptions::default(),
    )
    .unwrap();
    (map, cells.into_iter().map(|c| c.0).collect())
}

fn kinds(r: &AssignReport) -> Vec<WarningKind> {
    r.warnings.iter().map(|w| w.kind).collect()
}

fn dry() -> AssignOptions {
    AssignOptions {
        dry_run: true,
        ..Default::default()
    }
}

#[test]
fn a_level_mismatch_is_named_per_layer() {
    let (mut map, cells) = city();
    let ids: Vec<&str> = cells.iter().map(String::as_str).collect();
    // Cells are level 4: a level-1 leader is the wrong holder.
    let r = map.assign_cells(&ids[..3], Some("l1")).unwrap();
    assert_eq!(kinds(&r), [WarningKind::LevelMismatch]);
    let w = &r.warnings[0];
    assert_eq!(
        (
            w.owner.as_deref(),
            w.owner_level,
            r.layer,
            &w.levels[..],
            w.count
        ),
        (Some("l1"), Some(1), Layer::Cells, &[4u8][..], 3)
    );
    assert_eq!(
        w.to_string(),
        "l1 is a level-1 owner; 3 cells call for level 4"
    );
    // A level-3 zone to a level-1 leader; a point to a level-1 leader.
    let r = map.assign_zones(&["east"], Some("l1b"), None).unwrap();
    assert_eq!(kinds(&r), [WarningKind::LevelMismatch]);
    assert_eq!(r.warnings[0].levels, [3]);
    let r = map.assign_points(&["mkt"], Some("l1")).unwrap();
    assert_eq!(kinds(&r), [WarningKind::LevelMismatch]);
    assert_eq!(r.warnings[0].levels, [3, 4]);
    // The right levels say nothing.
    assert!(map
        .assign_points(&["mkt"], Some("g4b"))
        .unwrap()
        .warnings
        .is_empty());
    assert!(map
        .assign_zones(&["east"], Some("l3b"), None)
        .unwrap()
        .warnings
        .is_empty());
    // Owners without a level in the list, or not in it, are not judged.
    let mut free = Map::new();
    free.load_cells(
        &cells_json(&grid(O, STEP, 1, 1), |_| None),
        LoadOptions::default(),
    )
    .unwrap();
    let id = free.cells()[0].id.clone();
    assert!(free
        .assign_cells(&[id.as_str()], Some("anyone"))
        .unwrap()
        .warnings
        .is_empty());
}

#[test]
fn a_leader_over_the_limit_of_communities_is_warned_members_too() {
    let (mut map, _) = city();
    // The default rules: a level-1 or level-2 leader holds at most 2 communities.
    map.assign_zones(&["west"], Some("l1b"), None).unwrap();
    map.assign_zones(&["east"], Some("l1b"), None).unwrap();
    let r = map
        .assign(Layer::Zones, &["mid"], Some("l1b"), &dry())
        .unwrap();
    let over: Vec<&Warning> = r
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::OverLimit)
        .collect();
    assert_eq!(over.len(), 1, "{:?}", r.warnings);
    assert_eq!(
        (
            over[0].owner.as_deref(),
            over[0].count,
            over[0].max,
            &over[0].levels[..]
        ),
        (Some("l1b"), 3, Some(2), &[3u8][..])
    );
    assert_eq!(over[0].ids, ["west", "east", "mid"]);
    // Joining counts as holding: l1 joins two communities and would join a third.
    map.assign_zones(&["west", "east"], Some("l3"), Some(&["l1"]))
        .unwrap();
    let r = map
        .assign_zones(&["mid"], Some("l3b"), Some(&["l1"]))
        .unwrap();
    let over: Vec<&Warning> = r
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::OverLimit)
        .collect();
    assert_eq!(over.len(), 1, "{:?}", r.warnings);
    assert_eq!(over[0].owner.as_deref(), Some("l1"));
    // A limit of the city's own: a grid holder with at most 5 cells.
    let mut rules = map.rules().clone();
    rules.limits.push(Limit {
        owner_level: Some(4),
        layer: Layer::Cells,
        zone_level: None,
        max: 5,
    });
    map.set_rules(rules).unwrap();
    let (mut map2, cells) = city();
    map2.set_rules(map.rules().clone()).unwrap();
    let ids: Vec<&str> = cells.iter().map(String::as_str).collect();
    map2.unassign_all(&ids);
    assert!(map2
        .assign_cells(&ids[..5], Some("g4"))
        .unwrap()
        .warnings
        .is_empty());
    let r = map2.assign_cells(&ids[5..6], Some("g4")).unwrap();
    assert_eq!(kinds(&r), [WarningKind::OverLimit]);
    assert_eq!(r.warnings[0].count, 6);
}

trait UnassignAll {
    fn unassign_all(&mut self, ids: &[&str]);
}
impl UnassignAll for Map {
    fn unassign_all(&mut self, ids: &[&str]) {
        self.assign_cells(ids, None).unwrap();
    }
}

#[test]
fn cells_left_without_a_holder_are_counted_by_level() {
    let (mut map, cells) = city();
    let ids: Vec<&str> = cells.iter().map(String::as_str).collect();
    let r = map.assign_cells(&ids[..2], None).unwrap();
    assert_eq!(kinds(&r), [WarningKind::LeftWithoutHolder]);
    let w = &r.warnings[0];
    assert_eq!((w.levels[0], w.count), (4, 2));
    assert_eq!(r.taken_from.len(), 1);
    assert_eq!(
        (r.taken_from[0].owner.as_str(), r.taken_from[0].count),
        ("g4", 2)
    );
    // A level-4 zone over a cell keeps it held when its own holder goes.
    map.undo();
    map.load_zones(
        &fc(&[zone("block", "g4b", 4, at(0.0, 0.0), at(1.0, 1.0))]),
        LoadOptions::default(),
    )
    .unwrap();
    let first = cells
        .iter()
        .find(|c| map.cell_chain(c).unwrap().levels[3].zones.len() == 1)
        .unwrap();
    let r = map.assign_cells(&[first.as_str()], None).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Taking a zone's lead away leaves its cells without that level.
    let (mut map, _) = city();
    let r = map.assign_zones(&["west"], None, None).unwrap();
    assert_eq!(kinds(&r), [WarningKind::LeftWithoutHolder]);
    assert_eq!((r.warnings[0].levels[0], r.warnings[0].count), (3, 4));
}

#[test]
fn a_zone_that_makes_two_leads_at_one_level_is_a_new_conflict() {
    let (mut map, _) = city();
    // `mid` overlaps `west` (held by l3) on two cells.
    let r = map.assign_zones(&["mid"], Some("l3b"), None).unwrap();
    let c: Vec<&Warning> = r
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::NewConflict)
        .collect();
    assert_eq!(c.len(), 1, "{:?}", r.warnings);
    assert_eq!((c[0].levels[0], c[0].count), (3, 1));
    assert_eq!(map.coverage().conflicts.len(), 1);
    // The same lead on both: no conflict.
    map.undo();
    let r = map.assign_zones(&["mid"], Some("l3"), None).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn members_are_kept_cleaned_and_checked() {
    let (mut map, _) = city();
    let r = map
        .assign_zones(
            &["east"],
            Some("l3b"),
            Some(&["区委办", " l3 ", "区民政局", "区委办", "l3b", "区财政局"]),
        )
        .unwrap();
    assert_eq!(kinds(&r), [WarningKind::UnknownMember]);
    assert_eq!(r.warnings[0].owner.as_deref(), Some("区财政局"));
    let z = &map.zones()[map.zone_pos("east").unwrap() as usize];
    assert_eq!(
        z.members,
        ["区委办", "l3", "区民政局", "区财政局"],
        "trimmed, once each, the lead left out"
    );
    // Without `members` a new lead keeps the zone's members (less the lead itself).
    map.assign_zones(&["east"], Some("l3"), None).unwrap();
    let z = &map.zones()[map.zone_pos("east").unwrap() as usize];
    assert_eq!(z.members, ["区委办", "区民政局", "区财政局"]);
    // Members only for zones.
    let e = map
        .assign(
            Layer::Cells,
            &[map.cells()[0].id.clone().as_str()],
            Some("g4"),
            &AssignOptions {
                members: Some(vec!["x".into()]),
                dry_run: false,
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("only zones"), "{e}");
}

#[test]
fn a_dry_run_answers_the_same_and_changes_nothing() {
    let (mut map, cells) = city();
    let ids: Vec<&str> = cells.iter().map(String::as_str).collect();
    let before = map.export_cells(Crs::Wgs84);
    let zones_before = map.export_zones(Crs::Wgs84);
    let mut d = map.assign(Layer::Cells, &ids, Some("l1"), &dry()).unwrap();
    assert!(d.dry_run && d.assigned == 8 && !d.warnings.is_empty());
    assert_eq!(map.export_cells(Crs::Wgs84), before);
    assert!(!map.can_undo(), "a dry run is not in the history");
    let dz = map
        .assign(Layer::Zones, &["west", "mid"], None, &dry())
        .unwrap();
    assert_eq!(map.export_zones(Crs::Wgs84), zones_before);
    let r = map.assign_cells(&ids, Some("l1")).unwrap();
    d.dry_run = false;
    assert_eq!(d, r);
    map.undo();
    let mut dz2 = map.assign_zones(&["west", "mid"], None, None).unwrap();
    dz2.dry_run = true;
    assert_eq!(dz, dz2);
}

#[test]
fn unknown_ids_and_owners_change_nothing() {
    let (mut map, cells) = city();
    let before = (
        map.export_cells(Crs::Wgs84),
        map.export_zones(Crs::Wgs84),
        map.export_points(Crs::Wgs84),
    );
    let e = map
        .assign_zones(&["west", "ghost"], Some("l3"), None)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown zone ids: ghost; load the zones first or check the ids"
    );
    let e = map.assign_points(&["nope"], Some("g4")).unwrap_err();
    assert!(matches!(e, Error::UnknownPoints(_)));
    let e = map
        .assign_cells(&[cells[0].as_str()], Some("nobody"))
        .unwrap_err();
    assert!(matches!(e, Error::UnknownOwner(_)));
    let e = map
        .assign_zones(&["west"], Some("nobody"), None)
        .unwrap_err();
    assert!(matches!(e, Error::UnknownOwner(_)));
    assert_eq!(
        before,
        (
            map.export_cells(Crs::Wgs84),
            map.export_zones(Crs::Wgs84),
            map.export_points(Crs::Wgs84)
        )
    );
    assert!(!map.can_undo());
}

#[test]
fn one_history_undoes_every_layer_in_order() {
    let (mut map, cells) = city();
    map.assign_cells(&[cells[0].as_str()], Some("g4b")).unwrap();
    map.assign_zones(&["east"], Some("l3b"), Some(&["区民政局"]))
        .unwrap();
    map.assign_points(&["mkt"], Some("g4")).unwrap();
    let chain = |m: &Map| {
        (
            m.cells()[0].owner.clone(),
            m.zones()[2].owner.clone(),
            m.zones()[2].members.clone(),
            m.points()[0].owner.clone(),
        )
    };
    let all = chain(&map);
    assert!(map.undo());
    assert_eq!(map.points()[0].owner, None);
    assert!(map.undo());
    assert_eq!(
        (map.zones()[2].owner.clone(), map.zones()[2].members.len()),
        (None, 0)
    );
    assert!(map.undo());
    assert_eq!(map.cells()[0].owner.as_deref(), Some("g4"));
    assert!(!map.undo());
    assert!(map.redo() && map.redo() && map.redo() && !map.redo());
    assert_eq!(chain(&map), all);
    // Exported and loaded back, zones keep their lead and members.
    let mut again = Map::new();
    again
        .load_zones(&map.export_zones(Crs::Wgs84), LoadOptions::default())
        .unwrap();
    assert_eq!(again.zones(), map.zones());
}

// ---- the demo, as issue 12 tried it -----------------------------------------------

pub fn demo() -> Map {
    let mut m = Map::new();
    m.load_owners(&repo_file("data/demo/owners.json")).unwrap();
    for (layer, file) in [
        ("cells", "cells"),
        ("zones", "zones"),
        ("points", "points"),
        ("problems", "problems"),
    ] {
        let text = repo_file(&format!("data/demo/{file}.geojson"));
        let r = match layer {
            "cells" => m.load_cells(&text, LoadOptions::default()),
            "zones" => m.load_zones(&text, LoadOptions::default()),
            "points" => m.load_points(&text, LoadOptions::default()),
            _ => m.load_problems(&text, LoadOptions::default()),
        }
        .unwrap();
        assert!(r.rejected.is_empty(), "{layer}: {:?}", &r.rejected[..1]);
    }
    m
}

#[test]
fn on_the_demo_every_level_has_work_and_reassignments_are_reported() {
    let mut m = demo();
    let as_of = parse_day("2026-11-20").unwrap();
    let w = m.workload(as_of);
    let row = |id: &str| w.iter().find(|r| r.owner == id).unwrap().clone();
    // Level 1 leads a street: its cells, points and problems are theirs.
    let l1 = row("L1-01");
    assert_eq!((l1.level, l1.zones_led), (Some(1), 1));
    assert!(
        l1.cells_covered > 1000 && l1.points > 10 && l1.open_problems > 100,
        "{l1:?}"
    );
    for r in w.iter().filter(|r| matches!(r.level, Some(1 | 2))) {
        assert!(
            r.zones_led > 0 && r.cells_covered > 0 && r.open_problems > 0,
            "{r:?}"
        );
    }
    // The holder of 南华农贸市场 answers for the problems recorded at it.
    let market = m
        .points()
        .iter()
        .find(|p| p.name == "南华农贸市场")
        .unwrap()
        .clone();
    let holder = market.owner.clone().unwrap();
    let at_point = m
        .problems()
        .iter()
        .filter(|p| p.point.as_deref() == Some(&market.id) && p.status != Status::Closed)
        .count();
    assert!(at_point > 0);
    assert!(row(&holder).open_problems >= at_point, "{:?}", row(&holder));
    // Every level-4 owner holds something.
    for r in w.iter().filter(|r| r.level == Some(4)) {
        assert!(r.points_held + r.zones_led + r.cells > 0, "{r:?}");
    }
    // Assigning a box of cells says whom they were taken from.
    let ids: Vec<String> = m
        .cells_in_bbox((112.56, 26.90), (112.567, 26.905))
        .into_iter()
        .map(|i| m.cells()[i as usize].id.clone())
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let held = ids
        .iter()
        .filter(|id| m.cell_chain(id).unwrap().owner.is_some())
        .count();
    let r = m.assign_cells(&ids, Some("L4-001")).unwrap();
    assert_eq!(r.taken_from.iter().map(|t| t.count).sum::<usize>(), held);
    assert!(held > 10);
    // A level-1 leader given 110 cells is warned.
    let r = m.assign(Layer::Cells, &ids, Some("L1-02"), &dry()).unwrap();
    assert!(r
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::LevelMismatch));
}
