//! Four-level responsibility (四级包抓): assigning cells, zones and points in one
//! undo history against a plain model; chains, coverage and workload against a
//! brute-force computation from the raw layers; each warning and the dry run.

use crate::support::*;
use civicmap::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const STEP: f64 = 0.001;
const O: LngLat = (112.6, 26.9);

fn zone_json(
    id: &str,
    owner: Option<&str>,
    members: &[&str],
    level: u8,
    min: LngLat,
    max: LngLat,
) -> String {
    let owner = owner.map_or("null".to_string(), |o| format!("\"{o}\""));
    let members: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    format!(
        r#"{{"type":"Feature","id":"{id}","properties":{{"owner":{owner},"members":[{}],"level":{level},"name":"{id}"}},"geometry":{}}}"#,
        members.join(","),
        polygon_json(&rect(min, max))
    )
}

fn point_feature(id: &str, p: LngLat, owner: Option<&str>, category: &str) -> String {
    let owner = owner.map_or("null".to_string(), |o| format!("\"{o}\""));
    format!(
        r#"{{"type":"Feature","id":"{id}","properties":{{"owner":{owner},"category":"{category}","name":"{id}"}},"geometry":{}}}"#,
        point_json(p)
    )
}

/// A corner of the cell lattice (i, j) from the origin.
fn at(i: f64, j: f64) -> LngLat {
    (O.0 + i * STEP, O.1 + j * STEP)
}

// ---- assign / unassign / undo / redo against a plain model -------------------------

#[derive(Debug, Clone, PartialEq, Default)]
struct State {
    cells: Vec<Option<String>>,
    zones: Vec<(Option<String>, Vec<String>)>,
    points: Vec<Option<String>>,
}

#[derive(Debug, Clone)]
enum Op {
    Cells(Vec<usize>, Option<u8>, bool),
    Zones(Vec<usize>, Option<u8>, Option<Vec<u8>>, bool),
    Points(Vec<usize>, Option<u8>, bool),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let idx = |n| prop::collection::vec(0usize..n, 0..5);
    let who = prop::option::of(0u8..4);
    prop_oneof![
        3 => (idx(12), who.clone(), any::<bool>()).prop_map(|(i, o, d)| Op::Cells(i, o, d)),
        3 => (idx(5), who.clone(), prop::option::of(prop::collection::vec(0u8..5, 0..4)), any::<bool>())
            .prop_map(|(i, o, m, d)| Op::Zones(i, o, m, d)),
        2 => (idx(4), who, any::<bool>()).prop_map(|(i, o, d)| Op::Points(i, o, d)),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn read_state(map: &Map) -> State {
    State {
        cells: map.cells().iter().map(|c| c.owner.clone()).collect(),
        zones: map
            .zones()
            .iter()
            .map(|z| (z.owner.clone(), z.members.clone()))
            .collect(),
        points: map.points().iter().map(|p| p.owner.clone()).collect(),
    }
}

fn small_map() -> (Map, Vec<String>) {
    let cells = grid(O, STEP, 4, 3);
    let mut map = Map::new();
    map.load_cells(&cells_json(&cells, |_| None), LoadOptions::default())
        .unwrap();
    let zones = [
        zone_json("z1", None, &[], 1, at(0.0, 0.0), at(4.0, 3.0)),
        zone_json("z2", None, &[], 2, at(0.0, 0.0), at(2.0, 3.0)),
        zone_json("z3a", None, &[], 3, at(0.0, 0.0), at(2.0, 2.0)),
        zone_json("z3b", None, &["u1"], 3, at(1.0, 0.0), at(4.0, 2.0)),
        zone_json("z4", None, &[], 4, at(2.0, 1.0), at(3.0, 2.0)),
    ];
    map.load_zones(&fc(&zones), LoadOptions::default()).unwrap();
    let points: Vec<String> = (0..4)
        .map(|k| point_feature(&format!("p{k}"), at(k as f64 + 0.5, 1.5), None, "market"))
        .collect();
    map.load_points(&fc(&points), LoadOptions::default())
        .unwrap();
    (map, cells.into_iter().map(|c| c.0).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any sequence of assignments over the three layers, undos and redos leaves
    /// the map as a plain model of snapshots says; a dry run changes nothing and
    /// answers as the real assignment then does.
    #[test]
    fn assignments_of_every_layer_follow_a_plain_model(ops in prop::collection::vec(op(), 0..40)) {
        let (mut map, cell_ids) = small_map();
        let zone_ids = ["z1", "z2", "z3a", "z3b", "z4"];
        let point_ids = ["p0", "p1", "p2", "p3"];
        let mut now = read_state(&map);
        let mut done: Vec<State> = vec![];
        let mut undone: Vec<State> = vec![];
        let name = |o: Option<u8>| o.map(|o| format!("o{o}"));
        for op in ops {
            let (layer, idx, owner, members, dry) = match &op {
                Op::Cells(i, o, d) => (Layer::Cells, i.clone(), name(*o), None, *d),
                Op::Zones(i, o, m, d) => (
                    Layer::Zones,
                    i.clone(),
                    name(*o),
                    m.as_ref().map(|m| m.iter().map(|x| if *x == 4 { " ".to_string() } else { format!("o{x}") }).collect::<Vec<_>>()),
                    *d,
                ),
                Op::Points(i, o, d) => (Layer::Points, i.clone(), name(*o), None, *d),
                Op::Undo => {
                    prop_assert_eq!(map.undo(), !done.is_empty());
                    if let Some(prev) = done.pop() { undone.push(std::mem::replace(&mut now, prev)); }
                    prop_assert_eq!(read_state(&map), now.clone());
                    continue;
                }
                Op::Redo => {
                    prop_assert_eq!(map.redo(), !undone.is_empty());
                    if let Some(next) = undone.pop() { done.push(std::mem::replace(&mut now, next)); }
                    prop_assert_eq!(read_state(&map), now.clone());
                    continue;
                }
            };
            let ids: Vec<&str> = idx.iter().map(|&i| match layer {
                Layer::Cells => cell_ids[i].as_str(),
                Layer::Zones => zone_ids[i],
                Layer::Points => point_ids[i],
            }).collect();
            // The model: each named item takes the owner (and the members).
            let mut next = now.clone();
            let mut distinct: Vec<usize> = vec![];
            for &i in &idx {
                if !distinct.contains(&i) { distinct.push(i); }
            }
            let clean: Option<Vec<String>> = members.as_ref().map(|m| {
                let mut out: Vec<String> = vec![];
                for x in m.iter().map(|x| x.trim()).filter(|x| !x.is_empty()) {
                    if Some(x) != owner.as_deref() && !out.iter().any(|o| o == x) { out.push(x.to_string()); }
                }
                out
            });
            let mut taken: BTreeMap<String, usize> = BTreeMap::new();
            let mut changed = 0;
            for &i in &distinct {
                let before_owner = match layer {
                    Layer::Cells => { let b = next.cells[i].clone(); next.cells[i] = owner.clone(); b }
                    Layer::Points => { let b = next.points[i].clone(); next.points[i] = owner.clone(); b }
                    Layer::Zones => {
                        let (b, bm) = next.zones[i].clone();
                        let m = clean.clone().unwrap_or_else(|| bm.iter().filter(|x| Some(x.as_str()) != owner.as_deref()).cloned().collect());
                        next.zones[i] = (owner.clone(), m);
                        b
                    }
                };
                let differs = match layer {
                    Layer::Cells => next.cells[i] != now.cells[i],
                    Layer::Points => next.points[i] != now.points[i],
                    Layer::Zones => next.zones[i] != now.zones[i],
                };
                if differs {
                    changed += 1;
                    if let Some(b) = before_owner.filter(|b| Some(b) != owner.as_ref()) {
                        *taken.entry(b).or_default() += 1;
                    }
                }
            }
            let opts = AssignOptions { members: members.clone(), dry_run: true };
            let dry = if dry { Some(map.assign(layer, &ids, owner.as_deref(), &opts).unwrap()) } else { None };
            prop_assert_eq!(read_state(&map), now.clone(), "a dry run changes nothing");
            let opts = AssignOptions { members, dry_run: false };
            let r = map.assign(layer, &ids, owner.as_deref(), &opts).unwrap();
            if let Some(mut d) = dry {
                d.dry_run = false;
                prop_assert_eq!(&d, &r, "the dry run answers as the assignment does");
            }
            prop_assert_eq!(r.assigned, changed);
            prop_assert_eq!(r.unchanged, distinct.len() - changed);
            let got: BTreeMap<String, usize> = r.taken_from.iter().map(|t| (t.owner.clone(), t.count)).collect();
            prop_assert_eq!(got, taken);
            if changed > 0 {
                done.push(std::mem::replace(&mut now, next));
                undone.clear();
            }
            prop_assert_eq!(read_state(&map), now.clone());
            prop_assert_eq!(map.can_undo(), !done.is_empty());
            prop_assert_eq!(map.can_redo(), !undone.is_empty());
        }
    }
}

// ---- chains, coverage and workload against brute force -----------------------------

/// Random zones on the cell lattice (and on half steps, so cell centres fall on
/// zone edges too): (level, lead, members, lower-left, upper-right) in half steps.
/// A random zone: level, lead, members, lower-left and upper-right in half steps.
type RandomZone = (u8, Option<u8>, Vec<u8>, (u8, u8), (u8, u8));
/// A loaded zone as the oracle sees it: id, level, lead, members, shape.
type OracleZone = (
    String,
    u8,
    Option<String>,
    Vec<String>,
    geo::MultiPolygon<f64>,
);

fn zones_strategy() -> impl Strategy<Value = Vec<RandomZone>> {
    prop::collection::vec(
        (
            1u8..=4,
            prop::option::of(0u8..6),
            prop::collection::vec(0u8..8, 0..3),
            (0u8..10, 0u8..8),
            (1u8..6, 1u8..6),
        )
            .prop_map(|(l, o, m, (x, y), (w, h))| (l, o, m, (x, y), (x + w, y + h))),
        0..8,
    )
}

fn holder(k: u8) -> String {
    // Owners o0..o5 are in the owners list; u6, u7 are units not in it.
    if k < 6 {
        format!("o{k}")
    } else {
        format!("u{k}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    #[allow(clippy::needless_range_loop)]
    fn chains_coverage_and_workload_match_brute_force(
        cell_owner in prop::collection::vec(prop::option::of(0u8..6), 20),
        zones in zones_strategy(),
        owner_level in prop::collection::vec(0u8..=4, 6),
        pts in prop::collection::vec((near((112.6025, 26.902), 0.004), prop::option::of(0u8..6), 0usize..3), 0..12),
        probs in prop::collection::vec((near((112.6025, 26.902), 0.004), 0u8..3, 0i32..20, prop::option::of(0usize..12)), 0..40),
        three_levels in any::<bool>(),
    ) {
        let cells = grid(O, STEP, 5, 4);
        let mut map = Map::new();
        let levels: Vec<u8> = if three_levels { vec![1, 2, 3] } else { vec![1, 2, 3, 4] };
        let rules = Rules {
            levels: levels.clone(),
            point_levels: vec![3, 4],
            limits: vec![
                Limit { owner_level: Some(1), layer: Layer::Zones, zone_level: Some(3), max: 1 },
                Limit { owner_level: None, layer: Layer::Cells, zone_level: None, max: 3 },
                Limit { owner_level: Some(4), layer: Layer::Points, zone_level: None, max: 1 },
            ],
        };
        map.set_rules(rules.clone()).unwrap();
        let owners: Vec<String> = (0..6).map(|k| format!(r#"{{"id":"o{k}","name":"N{k}","level":{}}}"#, owner_level[k])).collect();
        map.load_owners(&format!("[{}]", owners.join(","))).unwrap();
        map.load_cells(&cells_json(&cells, |i| cell_owner[i].map(holder)), LoadOptions::default()).unwrap();
        let zs: Vec<OracleZone> = zones.iter().enumerate().map(|(k, (l, o, m, a, b))| {
            let mut members: Vec<String> = vec![];
            for x in m.iter().map(|&x| holder(x)) {
                if Some(&x) != o.map(holder).as_ref() && !members.contains(&x) { members.push(x); }
            }
            let min = at(a.0 as f64 / 2.0, a.1 as f64 / 2.0);
            let max = at(b.0 as f64 / 2.0, b.1 as f64 / 2.0);
            (format!("z{k}"), *l, o.map(holder), members, rect(min, max))
        }).collect();
        let zone_fs: Vec<String> = zs.iter().map(|(id, l, o, m, g)| {
            let m: Vec<&str> = m.iter().map(String::as_str).collect();
            let r = g.0[0].exterior().0.clone();
            zone_json(id, o.as_deref(), &m, *l, (r[0].x, r[0].y), (r[2].x, r[2].y))
        }).collect();
        map.load_zones(&fc(&zone_fs), LoadOptions::default()).unwrap();
        let cats = ["market", "school", "station"];
        let pt_fs: Vec<String> = pts.iter().enumerate().map(|(i, (p, o, c))| point_feature(&format!("pt{i}"), *p, o.map(holder).as_deref(), cats[*c])).collect();
        map.load_points(&fc(&pt_fs), LoadOptions::default()).unwrap();
        let statuses = ["open", "rectifying", "closed"];
        let pr_fs: Vec<String> = probs.iter().enumerate().map(|(i, (p, s, d, at_pt))| {
            let point = at_pt.filter(|&k| k < pts.len()).map_or("null".to_string(), |k| format!("\"pt{k}\""));
            format!(r#"{{"type":"Feature","id":"q{i}","properties":{{"status":"{}","found":"{}","deadline":"{}","point":{point}}},"geometry":{}}}"#,
                statuses[*s as usize], format_day(20_000 + d), format_day(20_000 + d + 3), point_json(*p))
        }).collect();
        map.load_problems(&fc(&pr_fs), LoadOptions::default()).unwrap();
        let today = 20_012;
        let cell_level = *levels.last().unwrap();

        // Brute force from the raw layers.
        let centre = |c: usize| {
            let e = &cells[c].1.0[0].exterior().0;
            ((e[0].x + e[2].x) / 2.0, (e[0].y + e[2].y) / 2.0)
        };
        for c in 0..cells.len() {
            let ip = civicmap::interior_point(&cells[c].1).unwrap();
            prop_assert!((ip.0 - centre(c).0).abs() < 1e-12 && (ip.1 - centre(c).1).abs() < 1e-12, "a square's interior point is its centre");
        }
        let shapes: Vec<geo::MultiPolygon<f64>> = zs.iter().map(|z| z.4.clone()).collect();
        let covering = |p: LngLat| -> Vec<usize> {
            let mut v: Vec<usize> = scan_containing(&shapes, p).into_iter().map(|z| z as usize).collect();
            v.sort_by(|&a, &b| (zs[a].1, &zs[a].0).cmp(&(zs[b].1, &zs[b].0)));
            v
        };
        let cell_of = |q: LngLat| -> Option<usize> {
            cells.iter().enumerate().filter(|(_, (_, g))| {
                let e = &g.0[0].exterior().0;
                q.0 >= e[0].x.min(e[2].x) && q.0 <= e[0].x.max(e[2].x) && q.1 >= e[0].y.min(e[2].y) && q.1 <= e[0].y.max(e[2].y)
            }).min_by(|a, b| a.1.0.cmp(&b.1.0)).map(|(i, _)| i)
        };
        let co = |c: usize| cell_owner[c].map(holder);

        // Chains.
        let chains = map.chains();
        prop_assert_eq!(chains.len(), cells.len());
        let mut want_missing: BTreeMap<u8, Vec<String>> = levels.iter().map(|&l| (l, vec![])).collect();
        let mut want_conflicts = vec![];
        for (c, chain) in chains.iter().enumerate() {
            let zc = covering(centre(c));
            let mut missing = vec![];
            let mut conflicts = vec![];
            for (k, &l) in levels.iter().enumerate() {
                let mut holders: Vec<String> = vec![];
                for &z in zc.iter().filter(|&&z| zs[z].1 == l) {
                    if let Some(o) = &zs[z].2 { if !holders.contains(o) { holders.push(o.clone()); } }
                }
                let leads = holders.len();
                if l == cell_level { if let Some(o) = co(c) { if !holders.contains(&o) { holders.push(o); } } }
                prop_assert_eq!(&chain.levels[k].holders, &holders, "cell {} level {}", c, l);
                let zone_ids: Vec<&str> = zc.iter().filter(|&&z| zs[z].1 == l).map(|&z| zs[z].0.as_str()).collect();
                let got: Vec<&str> = chain.levels[k].zones.iter().map(|z| z.id.as_str()).collect();
                prop_assert_eq!(got, zone_ids);
                if holders.is_empty() { missing.push(l); want_missing.get_mut(&l).unwrap().push(cells[c].0.clone()); }
                let _ = leads;
            }
            for l in 1..=4u8 {
                let leads: BTreeSet<&String> = zc.iter().filter(|&&z| zs[z].1 == l).filter_map(|&z| zs[z].2.as_ref()).collect();
                if leads.len() > 1 {
                    conflicts.push(l);
                    want_conflicts.push((cells[c].0.clone(), l, leads.into_iter().cloned().collect::<Vec<_>>()));
                }
            }
            prop_assert_eq!(&chain.missing, &missing);
            prop_assert_eq!(&chain.conflicts, &conflicts);
            let again = map.cell_chain(&cells[c].0);
            prop_assert_eq!(again.as_ref(), Some(chain));
        }

        // Coverage.
        let cov = map.coverage();
        let got_missing: BTreeMap<u8, Vec<String>> = cov.missing.iter().map(|m| (m.level, m.cells.clone())).collect();
        prop_assert_eq!(got_missing, want_missing);
        let got_conflicts: Vec<(String, u8, Vec<String>)> = cov.conflicts.iter().map(|c| (c.cell.clone(), c.level, c.owners.clone())).collect();
        prop_assert_eq!(got_conflicts, want_conflicts);
        prop_assert_eq!(cov.unheld_zones, zs.iter().filter(|z| z.2.is_none()).map(|z| z.0.clone()).collect::<Vec<_>>());
        prop_assert_eq!(cov.unheld_points, pts.iter().enumerate().filter(|(_, p)| p.1.is_none()).map(|(i, _)| format!("pt{i}")).collect::<Vec<_>>());
        let holds = |o: &str| cell_owner.iter().flatten().any(|&k| holder(k) == o)
            || zs.iter().any(|z| z.2.as_deref() == Some(o) || z.3.iter().any(|m| m == o))
            || pts.iter().any(|p| p.1.map(holder).as_deref() == Some(o));
        let idle: Vec<String> = (0..6).map(|k| format!("o{k}")).filter(|o| !holds(o)).collect();
        prop_assert_eq!(cov.idle_owners, idle);
        // Limits and level mismatches per owner, by brute force.
        let level_of = |o: &str| -> Option<u8> { o.strip_prefix('o').and_then(|k| k.parse::<usize>().ok()).map(|k| owner_level[k]).filter(|&l| l > 0) };
        let mut want_over = vec![];
        let mut want_mis = vec![];
        let mut everyone: BTreeSet<String> = (0..6).map(|k| format!("o{k}")).collect();
        everyone.extend(cell_owner.iter().flatten().map(|&k| holder(k)));
        everyone.extend(zs.iter().flat_map(|z| z.2.iter().chain(z.3.iter()).cloned()));
        everyone.extend(pts.iter().filter_map(|p| p.1.map(holder)));
        for o in &everyone {
            let lv = level_of(o);
            let my_cells: Vec<String> = (0..cells.len()).filter(|&c| co(c).as_deref() == Some(o.as_str())).map(|c| cells[c].0.clone()).collect();
            let my_points: Vec<String> = (0..pts.len()).filter(|&i| pts[i].1.map(holder).as_deref() == Some(o.as_str())).map(|i| format!("pt{i}")).collect();
            for limit in &rules.limits {
                if limit.owner_level.is_some_and(|l| Some(l) != lv) { continue; }
                let items: Vec<String> = match limit.layer {
                    Layer::Cells => my_cells.clone(),
                    Layer::Points => my_points.clone(),
                    Layer::Zones => zs.iter().filter(|z| (z.2.as_deref() == Some(o.as_str()) || z.3.contains(o)) && limit.zone_level.is_none_or(|l| z.1 == l)).map(|z| z.0.clone()).collect(),
                };
                if items.len() > limit.max { want_over.push((o.clone(), items)); }
            }
            if let Some(l) = lv {
                if !my_cells.is_empty() && l != cell_level { want_mis.push((o.clone(), Layer::Cells, vec![cell_level], my_cells.clone())); }
                for zl in 1..=4u8 {
                    let ids: Vec<String> = zs.iter().filter(|z| z.2.as_deref() == Some(o.as_str()) && z.1 == zl && zl != l).map(|z| z.0.clone()).collect();
                    if !ids.is_empty() { want_mis.push((o.clone(), Layer::Zones, vec![zl], ids)); }
                }
                if !my_points.is_empty() && l != 3 && l != 4 { want_mis.push((o.clone(), Layer::Points, vec![3, 4], my_points.clone())); }
            }
        }
        let got_over: Vec<(String, Vec<String>)> = cov.over_limit.iter().map(|x| (x.owner.clone().unwrap(), x.ids.clone())).collect();
        prop_assert_eq!(got_over, want_over);
        let got_mis: Vec<(String, Layer, Vec<u8>, Vec<String>)> = cov.level_mismatches.iter().map(|m| (m.owner.clone().unwrap(), m.layer, m.levels.clone(), m.ids.clone())).collect();
        prop_assert_eq!(got_mis, want_mis);

        // Workload: who answers for what, counted once per owner.
        let answer_cell = |c: usize| -> BTreeSet<String> {
            let mut s: BTreeSet<String> = co(c).into_iter().collect();
            for z in covering(centre(c)) { s.extend(zs[z].2.iter().cloned()); s.extend(zs[z].3.iter().cloned()); }
            s
        };
        let answer_at = |p: LngLat| -> BTreeSet<String> {
            match cell_of(p) {
                Some(c) => answer_cell(c),
                None => {
                    let mut s = BTreeSet::new();
                    for z in covering(p) { s.extend(zs[z].2.iter().cloned()); s.extend(zs[z].3.iter().cloned()); }
                    s
                }
            }
        };
        type Row = (usize, usize, usize, usize, usize, usize, usize, usize, usize);
        let mut want: BTreeMap<String, Row> = everyone.iter().map(|o| (o.clone(), Row::default())).collect();
        for o in &everyone {
            let w = want.get_mut(o).unwrap();
            w.0 = zs.iter().filter(|z| z.2.as_deref() == Some(o.as_str())).count();
            w.1 = zs.iter().filter(|z| z.2.as_deref() != Some(o.as_str()) && z.3.contains(o)).count();
            w.2 = (0..cells.len()).filter(|&c| co(c).as_deref() == Some(o.as_str())).count();
            w.5 = pts.iter().filter(|p| p.1.map(holder).as_deref() == Some(o.as_str())).count();
        }
        for c in 0..cells.len() {
            for o in answer_cell(c) { want.get_mut(&o).unwrap().3 += 1; }
        }
        for p in &pts {
            let mut s = answer_at(p.0);
            s.extend(p.1.map(holder));
            for o in s { want.get_mut(&o).unwrap().4 += 1; }
        }
        for (p, s, d, at_pt) in &probs {
            let mut who = answer_at(*p);
            if let Some(k) = at_pt.filter(|&k| k < pts.len()) { who.extend(pts[k].1.map(holder)); }
            for o in who {
                let w = want.get_mut(&o).unwrap();
                match s { 2 => w.8 += 1, _ => { w.6 += 1; w.7 += (20_000 + d + 3 < today) as usize; } }
            }
        }
        let got: BTreeMap<String, Row> = map.workload(today).into_iter().map(|w| (w.owner, (w.zones_led, w.zones_joined, w.cells, w.cells_covered, w.points, w.points_held, w.open_problems, w.overdue_problems, w.closed_problems))).collect();
        prop_assert_eq!(got, want);
    }
}
