//! The generator (src/gen) on the real districts in data/districts: determinism,
//! loading with no rejection, the grid tiling its district, the cell codes, the
//! bulk path, and the committed demo in data/ matching the generator exactly.
//!
//! Most tests use 新城区 (610102, 31 km², ~3,100 cells) and small problem counts;
//! only the demo check builds 蒸湘区 (430408).

use crate::support::district;
use civicmap::gen::{Frame, Options, World, DEMO_DISTRICT, DEMO_PROBLEMS, DEMO_SEED};
use civicmap::*;
use geo::{Area, BooleanOps, Coord, MapCoords, MultiPolygon};
use std::collections::HashSet;

fn xincheng(seed: u64, problems: usize) -> World {
    World::build(
        &district("610102"),
        &Options {
            seed,
            problems,
            ..Options::default()
        },
    )
}

fn files(w: &World) -> [String; 5] {
    [
        w.cells_geojson(),
        w.zones_geojson(),
        w.points_geojson(),
        w.problems_geojson(),
        w.owners_json(),
    ]
}

#[test]
fn same_seed_same_bytes_other_seed_other_data() {
    let a = files(&xincheng(7, 2_000));
    let b = files(&xincheng(7, 2_000));
    for (x, y) in a.iter().zip(&b) {
        assert!(x == y, "same seed, different output");
    }
    let c = files(&xincheng(8, 2_000));
    // The grid's shapes and codes do not depend on the seed; everything drawn does.
    for (i, name) in ["cells", "zones", "points", "problems", "owners"]
        .iter()
        .enumerate()
    {
        assert_ne!(a[i], c[i], "{name} did not change with the seed");
    }
    // Changing only the count changes only problems.geojson (and the generator line).
    let d = files(&xincheng(7, 500));
    let strip = |s: &str| s.replace("--problems 500 ", "--problems 2000 ");
    for i in [0, 1, 2, 4] {
        assert_eq!(strip(&d[i]), a[i]);
    }
}

fn load_all(w: &World) -> (Map, Vec<(String, LoadReport)>) {
    let mut m = Map::new();
    let o = LoadOptions::default();
    let [cells, zones, points, problems, owners] = files(w);
    let r = vec![
        ("owners".into(), m.load_owners(&owners).unwrap()),
        ("cells".into(), m.load_cells(&cells, o).unwrap()),
        ("zones".into(), m.load_zones(&zones, o).unwrap()),
        ("points".into(), m.load_points(&points, o).unwrap()),
        ("problems".into(), m.load_problems(&problems, o).unwrap()),
    ];
    (m, r)
}

#[test]
fn every_generated_feature_loads_without_rejection() {
    let w = xincheng(11, 3_000);
    let (m, reports) = load_all(&w);
    let want = [
        w.owners.len(),
        w.grid.cells.len(),
        w.zones.len(),
        w.points.len(),
        3_000,
    ];
    for ((name, r), n) in reports.iter().zip(want) {
        assert!(
            r.rejected.is_empty(),
            "{name}: {} rejected, first {}",
            r.rejected.len(),
            r.rejected[0]
        );
        assert_eq!(r.loaded, n, "{name}");
    }
    // Points and problems all fall in a cell; the coverage panel has gaps and
    // conflicts to show, by design.
    let cov = m.coverage();
    assert!(
        cov.points_outside_cells.is_empty(),
        "{:?}",
        cov.points_outside_cells
    );
    assert!(
        cov.problems_outside_cells.is_empty(),
        "{:?}",
        &cov.problems_outside_cells[..cov.problems_outside_cells.len().min(5)]
    );
    assert!(!cov.unassigned_cells.is_empty());
    assert!(cov.unassigned_cells.len() * 5 < w.grid.cells.len());
    assert!(!cov.conflicts.is_empty());
    // Every zone and point owner is in the owners list; four levels are present.
    let ids: HashSet<&str> = w.owners.iter().map(|o| o.id.as_str()).collect();
    for z in &w.zones {
        assert!(ids.contains(z.owner.as_str()), "{}", z.owner);
    }
    let levels: HashSet<u8> = w.zones.iter().map(|z| z.level).collect();
    assert_eq!(levels, HashSet::from([1, 2, 3, 4]));
}

/// The loaded cells, in the district's metric frame.
fn cells_m(w: &World) -> Vec<MultiPolygon<f64>> {
    let f: Frame = w.grid.frame;
    let v: serde_json::Value = serde_json::from_str(&w.cells_geojson()).unwrap();
    let parsed =
        civicmap::geojson::parse_cells(&w.cells_geojson(), LoadOptions::default()).unwrap();
    assert_eq!(parsed.items.len(), v["features"].as_array().unwrap().len());
    parsed
        .items
        .iter()
        .map(|c| {
            c.geometry.map_coords(|p| {
                let (x, y) = f.lnglat_to_m((p.x, p.y));
                Coord { x, y }
            })
        })
        .collect()
}

/// Tolerances, from rounding every position to 10⁻⁶° (≤ 0.06 m): the summed cell
/// area matches the district to 1 part in 10⁴, each pair of edge neighbours
/// overlaps by under 1 m² (they share their vertices exactly, so in practice 0),
/// all overlaps together are under 0.01 % of the area, and no cell sticks out of
/// the outline by more than 0.06 m times its perimeter.
#[test]
fn the_grid_tiles_the_district() {
    check_tiling(&xincheng(1, 0));
}

#[test]
fn the_demo_grid_tiles_its_district() {
    check_tiling(&World::build(&district(DEMO_DISTRICT), &Options::default()));
}

fn check_tiling(w: &World) {
    let cells = cells_m(w);
    let district = &w.grid.district_m;
    let area_d = district.unsigned_area();
    let sum: f64 = cells.iter().map(|c| c.unsigned_area()).sum();
    assert!(
        (sum - area_d).abs() / area_d < 1e-4,
        "cells {sum} m² vs district {area_d} m²"
    );
    let mut total_overlap = 0.0;
    let mut pairs = 0;
    for i in 0..cells.len() as u32 {
        for j in w.grid.neighbours(i) {
            if j <= i {
                continue;
            }
            let o = cells[i as usize]
                .intersection(&cells[j as usize])
                .unsigned_area();
            assert!(o < 1.0, "cells {i} and {j} overlap by {o} m²");
            total_overlap += o;
            pairs += 1;
        }
    }
    assert!(pairs > cells.len(), "{pairs} neighbour pairs");
    assert!(total_overlap < 1e-4 * area_d, "{total_overlap} m²");
    // No cell reaches outside the district by more than the rounding of its cut
    // points (≤ 0.06 m off the outline, along at most its whole perimeter).
    for (i, c) in cells.iter().enumerate() {
        let out = c.unsigned_area() - c.intersection(district).unsigned_area();
        let perimeter_m: f64 =
            c.0.iter()
                .flat_map(|p| p.exterior().lines())
                .map(|l| (l.dx() * l.dx() + l.dy() * l.dy()).sqrt())
                .sum();
        assert!(out < 0.06 * perimeter_m, "cell {i} has {out} m² outside");
    }
    // Cells are about 100 m: most whole (10,000 m² up to rounding: sides move by
    // ≤ 0.11 m, so ±25 m²), none a crumb, none huge.
    let full = cells
        .iter()
        .filter(|c| (c.unsigned_area() - 1e4).abs() < 25.0)
        .count();
    assert!(full * 10 > cells.len() * 8, "{full} of {}", cells.len());
    for c in &cells {
        let a = c.unsigned_area();
        assert!(a > 2_400.0 && a < 3e4, "cell of {a} m²");
    }
}

#[test]
fn codes_are_unique_16_digits_from_the_real_divisions() {
    let d = district("610102");
    let w = World::build(&d, &Options::default());
    let real: HashSet<&str> = d
        .streets
        .iter()
        .flat_map(|s| s.communities.iter().map(|c| c.code.as_str()))
        .collect();
    let mut seen = HashSet::new();
    for code in &w.cell_code {
        assert_eq!(code.len(), 16, "{code}");
        assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        assert!(code.starts_with("610102"), "{code}");
        assert!(real.contains(&code[..12]), "{code}: no such community");
        let seq: u32 = code[12..].parse().unwrap();
        assert!(seq >= 1, "{code}");
        assert!(seen.insert(code.as_str()), "duplicate {code}");
    }
    // Sequences run 0001..n within each community, without holes.
    let mut per: std::collections::HashMap<&str, Vec<u32>> = Default::default();
    for code in &w.cell_code {
        per.entry(&code[..12])
            .or_default()
            .push(code[12..].parse().unwrap());
    }
    for (c, mut s) in per {
        s.sort_unstable();
        assert_eq!(s, (1..=s.len() as u32).collect::<Vec<_>>(), "{c}");
    }
}

/// The codes, the zones and the points agree: each cell lies in the level-1 zone of
/// its street and the level-3 zone of its community (as the loaded files say), and
/// each point names the cell that holds it.
#[test]
fn codes_zones_and_points_agree() {
    let w = xincheng(2, 0);
    let (m, _) = load_all(&w);
    let zone_ids: Vec<&str> = m.zones().iter().map(|z| z.id.as_str()).collect();
    for (i, c) in m.cells().iter().enumerate() {
        let code = c.code.as_deref().unwrap();
        let rep = w.grid.frame.m_to_lnglat(w.grid.cells[i].rep_m);
        let at: Vec<&str> = m
            .zones_at(rep)
            .iter()
            .map(|&z| zone_ids[z as usize])
            .collect();
        let street = format!("Z1-{}", &code[..9]);
        let community = format!("Z3-{}", &code[..12]);
        assert!(at.contains(&street.as_str()), "cell {code}: zones {at:?}");
        assert!(
            at.contains(&community.as_str()),
            "cell {code}: zones {at:?}"
        );
    }
    for (p, gp) in m.points().iter().zip(&w.points) {
        let cell = m
            .cell_at(p.lnglat)
            .map(|i| m.cells()[i as usize].id.as_str());
        assert_eq!(
            cell,
            Some(w.cell_code[gp.cell as usize].as_str()),
            "{}",
            p.id
        );
    }
}

#[test]
fn the_bulk_path_gives_the_files_positions() {
    let w = xincheng(5, 1_500);
    let (xy, sev) = w.problem_coords();
    let parsed =
        civicmap::geojson::parse_problems(&w.problems_geojson(), LoadOptions::default()).unwrap();
    assert_eq!(parsed.items.len(), 1_500);
    for (i, p) in parsed.items.iter().enumerate() {
        assert_eq!(p.lnglat, (xy[2 * i], xy[2 * i + 1]), "problem {i}");
        assert_eq!(p.severity, sev[i]);
    }
    let mut m = Map::new();
    let r = m.load_problem_coords(&xy, Some(&sev)).unwrap();
    assert!(r.rejected.is_empty());
    assert_eq!(r.loaded, 1_500);
}

#[test]
fn hotspots_sit_at_markets_and_stations() {
    let w = xincheng(3, 6_000);
    let hot: HashSet<u32> = w
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.category, Category::Market | Category::Station))
        .map(|(i, _)| i as u32)
        .collect();
    let share_points = hot.len() as f64 / w.points.len() as f64;
    let ps: Vec<_> = w.problems().collect();
    let linked = ps.iter().filter(|p| p.point.is_some()).count();
    let at_hot = ps
        .iter()
        .filter(|p| p.point.is_some_and(|i| hot.contains(&i)))
        .count();
    let share_problems = at_hot as f64 / linked as f64;
    assert!(
        share_problems > 1.8 * share_points,
        "{share_problems} of linked problems at {share_points} of points"
    );
    let sources: HashSet<Source> = ps.iter().map(|p| p.source).collect();
    assert_eq!(sources.len(), 4);
    let overdue = ps
        .iter()
        .filter(|p| p.status != Status::Closed && p.deadline < w.opts.as_of)
        .count();
    assert!(overdue > 100 && overdue < 3_000, "{overdue} overdue");
}

/// data/demo/ and data/zhengxiang.geojson are exactly what the generator writes with
/// the documented settings: regenerate with README's command when this fails.
#[test]
fn the_committed_demo_is_what_the_generator_makes() {
    let w = World::build(
        &district(DEMO_DISTRICT),
        &Options {
            seed: DEMO_SEED,
            problems: DEMO_PROBLEMS,
            ..Options::default()
        },
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    // The demo itself loads cleanly and gives the coverage panel something to show.
    let (m, reports) = load_all(&w);
    for (name, r) in &reports {
        assert!(r.rejected.is_empty(), "demo {name}: {}", r.rejected[0]);
    }
    assert_eq!(w.grid.cells.len(), reports[1].1.loaded);
    let cov = m.coverage();
    assert!(!cov.unassigned_cells.is_empty() && !cov.conflicts.is_empty());
    let [cells, zones, points, problems, owners] = files(&w);
    for (name, want) in [
        ("demo/cells.geojson", cells),
        ("demo/zones.geojson", zones),
        ("demo/points.geojson", points),
        ("demo/problems.geojson", problems),
        ("demo/owners.json", owners),
        ("zhengxiang.geojson", w.outline_geojson()),
    ] {
        let got = std::fs::read_to_string(root.join(name)).unwrap_or_default();
        assert!(
            got == want,
            "data/{name} differs from the generator's output ({} vs {} bytes); run: \
             cargo run --release --bin civicmap -- gen --out data/demo --outline data/zhengxiang.geojson",
            got.len(),
            want.len()
        );
    }
}
