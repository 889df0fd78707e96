//! GeoParquet out and back (src/io/parquet, src/campaign/geoparquet.rs): the demo,
//! with problems walked through the cycle, exported and imported loads to exactly
//! the same state; every join column of every problem, point and cell row says
//! what civicmap's own join says; problems land in their district's and month's
//! partition; the `geo` metadata is there. Also writes the two data sets the SQL
//! engines check (tests/py/sql_joins.py, run by scripts/test.sh after this) under
//! `<target>/tmp/geoparquet/`: the demo, and two generated districts with
//! problems on shared cell edges and corners, each with civicmap's counts per
//! cell and week (`counts.csv`, from the map, not from the files).

use crate::support::{district, repo_file};
use civicmap::gen::{Options, World};
use civicmap::geoparquet::{
    export_map, footer_value, import_dir, import_into, read_rows, schema, DistrictExport, Kind,
    Layers,
};
use civicmap::scores::iso_week_of;
use civicmap::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn out(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("geoparquet")
        .join(name);
    let _ = std::fs::remove_dir_all(&p);
    p
}

/// A map of the given layers, failing on any rejection.
fn load(cells: &str, zones: &str, points: &str, problems: &str, owners: &str) -> Map {
    let mut m = Map::new();
    let o = LoadOptions::default();
    assert!(m.load_owners(owners).unwrap().rejected.is_empty());
    assert!(m.load_cells(cells, o).unwrap().rejected.is_empty());
    assert!(m.load_zones(zones, o).unwrap().rejected.is_empty());
    assert!(m.load_points(points, o).unwrap().rejected.is_empty());
    let r = m.load_problems(problems, o).unwrap();
    assert!(r.rejected.is_empty(), "{:?}", r.rejected.first());
    m
}

fn load_layers(l: &Layers) -> Map {
    load(&l.cells, &l.zones, &l.points, &l.problems, &l.owners)
}

/// Notes, photos, extensions and histories on some problems, so that the
/// columns keeping them are put to the test (the demo has none).
fn with_logs(problems: &str) -> String {
    let mut fc: serde_json::Value = serde_json::from_str(problems).unwrap();
    let mut counts = [0; 3];
    for f in fc["features"].as_array_mut().unwrap() {
        let p = f["properties"].as_object_mut().unwrap();
        let (Some(found), Some(deadline)) = (p["found"].as_str(), p["deadline"].as_str()) else {
            continue;
        };
        let (found, deadline) = (found.to_string(), deadline.to_string());
        let step = |action: &str, status: &str| {
            serde_json::json!({"action": action, "on": found, "by": "督导组 \"A\"",
                "note": null, "status": status, "deadline": deadline})
        };
        match p["status"].as_str().unwrap() {
            "closed" if counts[0] < 300 => {
                counts[0] += 1;
                p.insert(
                    "history".into(),
                    serde_json::json!([
                        step("record", "open"),
                        step("start", "rectifying"),
                        step("submit", "submitted"),
                        step("pass", "closed")
                    ]),
                );
                p.insert("note".into(), "已整改，复查通过; 含逗号, 与引号\"".into());
            }
            "open" if found < deadline && counts[1] < 100 => {
                counts[1] += 1;
                p.insert(
                    "extension".into(),
                    serde_json::json!({"from": found, "reason": "雨天施工"}),
                );
                p.insert(
                    "photos".into(),
                    serde_json::json!(["a,b.jpg", "https://example.org/p/1.png"]),
                );
            }
            _ => {}
        }
    }
    assert!(counts[0] == 300 && counts[1] > 10, "{counts:?}");
    fc.to_string()
}

fn demo() -> Map {
    load(
        &repo_file("data/demo/cells.geojson"),
        &repo_file("data/demo/zones.geojson"),
        &repo_file("data/demo/points.geojson"),
        &with_logs(&repo_file("data/demo/problems.geojson")),
        &repo_file("data/demo/owners.json"),
    )
}

fn same_state(a: &Map, b: &Map) {
    assert!(
        a.export_cells(Crs::Wgs84) == b.export_cells(Crs::Wgs84),
        "cells differ"
    );
    assert!(
        a.export_zones(Crs::Wgs84) == b.export_zones(Crs::Wgs84),
        "zones differ"
    );
    assert!(
        a.export_points(Crs::Wgs84) == b.export_points(Crs::Wgs84),
        "points differ"
    );
    assert!(
        a.export_problems(Crs::Wgs84) == b.export_problems(Crs::Wgs84),
        "problems differ"
    );
    assert_eq!(a.owners(), b.owners());
    assert_eq!(a.as_of(), b.as_of());
    assert_eq!(a.problems(), b.problems());
}

/// Every `.parquet` file of a table, sorted.
fn files(dir: &Path, table: &str) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.join(table)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

type Row = HashMap<String, Option<String>>;

/// Every row of a table, text and date columns as text, with its file.
fn rows(dir: &Path, table: &str, cols: &[(&'static str, Kind)]) -> Vec<(PathBuf, Row)> {
    let mut all = vec![];
    for f in files(dir, table) {
        read_rows(&f, |c| {
            let mut r = Row::new();
            for &(name, kind) in cols {
                let v = match kind {
                    Kind::Text | Kind::OptText => c.opt_text(name)?,
                    Kind::Date => c.date(name)?.map(format_day),
                    Kind::Int => Some(c.int(name)?.to_string()),
                    _ => continue,
                };
                r.insert(name.to_string(), v);
            }
            all.push((f.clone(), r));
            Ok(())
        })
        .unwrap();
    }
    all
}

/// The join columns civicmap's own API gives for a location: the chain's cell,
/// the cell's code, the codes in it, its holder, and per level the smallest zone
/// id of the chain with its lead.
fn expected_join(map: &Map, chain: &Chain) -> Row {
    let cell = chain.cell.as_deref().and_then(|id| map.cell_pos(id));
    let code = cell.and_then(|i| map.cells()[i as usize].code.clone());
    let well_formed = code
        .as_deref()
        .filter(|c| c.len() == 16 && c.bytes().all(|b| b.is_ascii_digit()));
    let mut r = Row::new();
    r.insert("cell".into(), chain.cell.clone());
    r.insert("cell_code".into(), code.clone());
    r.insert(
        "street_code".into(),
        well_formed.map(|c| c[..9].to_string()),
    );
    r.insert(
        "community_code".into(),
        well_formed.map(|c| c[..12].to_string()),
    );
    r.insert("cell_owner".into(), chain.cell_owner.clone());
    for level in 1..=4u8 {
        let z = chain
            .zones
            .iter()
            .filter(|z| z.level == level)
            .min_by(|a, b| a.id.cmp(&b.id));
        r.insert(format!("zone_l{level}"), z.map(|z| z.id.clone()));
        r.insert(format!("owner_l{level}"), z.and_then(|z| z.owner.clone()));
    }
    r
}

fn check_join(what: &str, got: &Row, want: &Row) {
    for (k, v) in want {
        assert_eq!(got.get(k), Some(v), "{what}: column {k}");
    }
}

/// Every join column of every row of `dir`'s district against the map; the
/// partition each problem is in; the `geo` metadata of each file.
fn check_rows(map: &Map, dir: &Path, district: &str) {
    let in_district = |f: &PathBuf| {
        f.to_string_lossy()
            .contains(&format!("district={district}/"))
    };
    let probs: Vec<_> = rows(dir, "problems", &schema::problem_columns())
        .into_iter()
        .filter(|(f, _)| in_district(f))
        .collect();
    assert_eq!(probs.len(), map.problems().len());
    let mut joined = 0;
    for (file, r) in &probs {
        let id = r["id"].as_deref().unwrap();
        let i = map.problem_pos(id).unwrap() as usize;
        let p = &map.problems()[i];
        assert_eq!(
            r["ledger_order"],
            Some(i.to_string()),
            "{id}: its place in the ledger"
        );
        let chain = map.problem_chain(id).unwrap();
        check_join(id, r, &expected_join(map, &chain));
        joined += chain.cell.is_some() as usize;
        assert_eq!(r["point_owner"], chain.point_owner, "{id}");
        assert_eq!(r["district_code"].as_deref(), Some(district));
        assert_eq!(r["found"], p.found.map(format_day));
        assert_eq!(r["deadline"], p.deadline.map(format_day));
        assert_eq!(r["week"], p.found.map(iso_week_of));
        assert_eq!(r["as_of"], map.as_of().map(format_day));
        assert_eq!(
            r["extended_from"],
            p.extension().map(|e| format_day(e.from))
        );
        let closed = (p.status == Status::Closed && !p.history().is_empty())
            .then(|| format_day(p.history().last().unwrap().on));
        assert_eq!(r["closed"], closed, "{id}");
        let month = p
            .found
            .map_or("none".into(), |f| format_day(f)[..7].to_string());
        assert!(
            file.to_string_lossy()
                .contains(&format!("problems/district={district}/month={month}/")),
            "{file:?}"
        );
    }
    assert!(joined > map.problems().len() * 9 / 10, "{joined}");

    for (_, r) in rows(dir, "points", &schema::point_columns())
        .into_iter()
        .filter(|(f, _)| in_district(f))
    {
        let id = r["id"].as_deref().unwrap();
        check_join(id, &r, &expected_join(map, &map.point_chain(id).unwrap()));
    }
    let cells: Vec<_> = rows(dir, "cells", &schema::cell_columns())
        .into_iter()
        .filter(|(f, _)| in_district(f))
        .collect();
    assert_eq!(cells.len(), map.cells().len());
    for (_, r) in &cells {
        let id = r["id"].as_deref().unwrap();
        let cc = map.cell_chain(id).unwrap();
        let chain = Chain {
            cell: Some(cc.cell.clone()),
            cell_owner: cc.owner.clone(),
            zones: cc
                .levels
                .iter()
                .flat_map(|l| &l.zones)
                .map(|z| ZoneRef {
                    id: z.id.clone(),
                    name: z.name.clone(),
                    owner: z.owner.clone(),
                    level: z.level,
                })
                .collect(),
            point: None,
            point_owner: None,
        };
        check_join(id, r, &expected_join(map, &chain));
    }

    // GeoParquet 1.1 metadata on every file with geometry; the owners have none.
    let (min, max) = map.data_bounds().unwrap();
    for table in ["problems", "points", "cells", "zones", "owners"] {
        for f in files(dir, table).iter().filter(|f| in_district(f)) {
            let geo = footer_value(f, "geo").unwrap();
            if table == "owners" {
                assert!(geo.is_none());
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&geo.unwrap()).unwrap();
            assert_eq!(v["version"], "1.1.0");
            assert_eq!(v["primary_column"], "geometry");
            let g = &v["columns"]["geometry"];
            assert_eq!(g["encoding"], "WKB");
            assert_eq!(g["crs"]["id"]["code"], "CRS84");
            let types = g["geometry_types"].as_array().unwrap();
            let want: &[&str] = match table {
                "problems" | "points" => &["Point"],
                _ => &["MultiPolygon", "Polygon"],
            };
            assert!(
                types.iter().all(|t| want.contains(&t.as_str().unwrap())),
                "{types:?}"
            );
            let b: Vec<f64> = serde_json::from_value(g["bbox"].clone()).unwrap();
            assert!(b[0] >= min.0 && b[1] >= min.1 && b[2] <= max.0 && b[3] <= max.1);
        }
    }
}

/// civicmap's problems per (cell id, ISO week found), from the map's own join, as
/// tests/py/sql_joins.py reads them.
fn write_counts(map: &Map, path: &Path, counts: &mut BTreeMap<(String, String), usize>) {
    for (p, &c) in map.problems().iter().zip(map.problem_cells()) {
        if let (Some(cell), Some(found)) = (map.cell_id(c), p.found) {
            *counts
                .entry((cell.to_string(), iso_week_of(found)))
                .or_default() += 1;
        }
    }
    let mut text = String::from("cell,week,problems\n");
    for ((cell, week), n) in counts.iter() {
        text.push_str(&format!("{cell},{week},{n}\n"));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn demo_exports_and_imports_to_the_same_state() {
    let map = demo();
    let dir = out("demo");
    let w = export_map(&map, &dir, "430408").unwrap();
    assert_eq!(
        (w.problems, w.points, w.cells, w.zones, w.owners),
        (6000, 261, 11252, 108, 109)
    );
    let l = import_dir(&dir, None).unwrap();
    assert_eq!(l.districts, vec!["430408".to_string()]);
    same_state(&map, &load_layers(&l));
    // One district of several, by name; an unknown one is empty.
    assert_eq!(import_dir(&dir, Some("430408")).unwrap(), l);
    assert!(import_dir(&dir, Some("999999"))
        .unwrap()
        .districts
        .is_empty());
    check_rows(&map, &dir, "430408");
    let months: BTreeSet<_> = files(&dir, "problems")
        .iter()
        .map(|f| f.parent().unwrap().file_name().unwrap().to_owned())
        .collect();
    assert!(months.len() >= 3, "{months:?}");
    write_counts(&map, &dir.join("counts.csv"), &mut BTreeMap::new());
}

#[test]
fn bad_partition_names_and_bad_files_are_refused() {
    let map = Map::new();
    let dir = out("bad");
    assert!(DistrictExport::new(&map, &dir, "../x", "part-0").is_err());
    assert!(DistrictExport::new(&map, &dir, "430408", "a/b").is_err());
    assert!(import_dir(&dir, None).is_err(), "no folder");
    std::fs::create_dir_all(dir.join("cells/district=1")).unwrap();
    assert!(import_dir(&dir, None).is_err(), "no files");
    std::fs::write(dir.join("cells/district=1/part-0.parquet"), b"not parquet").unwrap();
    let e = import_dir(&dir, None).unwrap_err().to_string();
    assert!(e.contains("geoparquet"), "{e}");
}

/// `problems` with `extra` more at cell corners and on cell edges: where several
/// cells hold a location and the smallest id must win (the SQL engines must break
/// the tie the same way).
fn with_problems_on_edges(problems: &str, cells: &[GridCell], extra: usize) -> String {
    let mut fc: serde_json::Value = serde_json::from_str(problems).unwrap();
    let fs = fc["features"].as_array_mut().unwrap();
    for k in 0..extra {
        let ring = &cells[(k * 7919) % cells.len()].geometry.0[0].exterior().0;
        let (a, b) = (ring[k % (ring.len() - 1)], ring[k % (ring.len() - 1) + 1]);
        // Even k: a corner; odd k: the middle of an edge (on it exactly for the
        // vertical edges of the generated grid; a corner again for the others).
        let at = if k % 2 == 0 {
            (a.x, a.y)
        } else {
            (a.x, (a.y + b.y) / 2.0)
        };
        fs.push(serde_json::json!({
            "type": "Feature", "id": format!("EDGE{k}"),
            "properties": { "found": format!("2026-11-{:02}", 1 + k % 19), "severity": 1 },
            "geometry": { "type": "Point", "coordinates": [at.0, at.1] }
        }));
    }
    fc.to_string()
}

/// Two generated districts in one data set (for tests/py/sql_joins.py), with
/// problems on shared edges and corners: each district's export round-trips on
/// its own, and its rows carry civicmap's join.
#[test]
fn generated_districts_in_one_data_set() {
    let dir = out("multi");
    let mut counts = BTreeMap::new();
    for (adcode, seed, problems) in [("610102", 11, 20_000), ("430408", 12, 20_000)] {
        let w = World::build(
            &district(adcode),
            &Options {
                seed,
                problems,
                ..Options::default()
            },
        );
        let mut cells = Map::new();
        cells
            .load_cells(&w.cells_geojson(), LoadOptions::default())
            .unwrap();
        let edged = with_problems_on_edges(&w.problems_geojson(), cells.cells(), 400);
        let map = load(
            &w.cells_geojson(),
            &w.zones_geojson(),
            &w.points_geojson(),
            &edged,
            &w.owners_json(),
        );
        let written = export_map(&map, &dir, adcode).unwrap();
        assert_eq!(written.problems, problems + 400);
        // Some of them do lie on more than one cell; civicmap gives them the smallest.
        let shared = map
            .problems()
            .iter()
            .zip(map.problem_cells())
            .filter(|(p, _)| p.id.starts_with("EDGE"))
            .filter(|(p, &c)| {
                let holding: Vec<&str> = map
                    .cells()
                    .iter()
                    .filter(|c| {
                        geo::Intersects::intersects(&c.geometry, &geo::Point::from(p.lnglat))
                    })
                    .map(|c| c.id.as_str())
                    .collect();
                assert_eq!(map.cell_id(c), holding.iter().min().copied(), "{}", p.id);
                holding.len() > 1
            })
            .count();
        assert!(shared > 100, "{shared} problems on shared edges");
        let l = import_dir(&dir, Some(adcode)).unwrap();
        same_state(&map, &load_layers(&l));
        check_rows(&map, &dir, adcode);
        write_counts(&map, &dir.join("counts.csv"), &mut counts);
    }
    let l = import_dir(&dir, None).unwrap();
    assert_eq!(
        l.districts,
        vec!["430408".to_string(), "610102".to_string()]
    );
    // Written a district at a time, the files are the same bytes as the whole read
    // (both districts, and each alone).
    for district in [None, Some("430408"), Some("610102")] {
        let back = out("multi-into");
        let whole = import_dir(&dir, district).unwrap();
        assert_eq!(import_into(&dir, district, &back).unwrap(), whole.districts);
        let file = |name: &str| std::fs::read_to_string(back.join(name)).unwrap();
        assert!(file("problems.geojson") == whole.problems, "{district:?}");
        assert!(file("cells.geojson") == whole.cells, "{district:?}");
        assert_eq!(file("zones.geojson"), whole.zones);
        assert_eq!(file("points.geojson"), whole.points);
        assert_eq!(file("owners.json"), whole.owners);
    }
}

/// `civicmap export --geoparquet` streams the demo's problems in batches (here of
/// 999, so seven) and `civicmap import --geoparquet` writes GeoJSON files that
/// load to the state the demo's own files load to.
#[test]
fn the_command_line_exports_in_batches_and_imports_back() {
    let dir = out("cli");
    let back = out("cli-back");
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_civicmap"))
            .args(args)
            .output()
            .expect("run civicmap");
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(o.status.success(), "civicmap {args:?}: {err}");
        err
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    let (dir_s, back_s, data_s) = (
        dir.to_str().unwrap(),
        back.to_str().unwrap(),
        data.to_str().unwrap(),
    );
    let said = run(&[
        "export",
        "--geoparquet",
        dir_s,
        "--data",
        data_s,
        "--batch",
        "999",
    ]);
    assert!(
        said.contains("district 430408: 6000 problems, 261 points, 11252 cells"),
        "{said}"
    );
    run(&["import", "--geoparquet", dir_s, "--out", back_s]);
    let file = |d: &Path, f: &str| std::fs::read_to_string(d.join(f)).unwrap();
    let loaded = |d: &Path| {
        load(
            &file(d, "cells.geojson"),
            &file(d, "zones.geojson"),
            &file(d, "points.geojson"),
            &file(d, "problems.geojson"),
            &file(d, "owners.json"),
        )
    };
    let map = loaded(&data);
    same_state(&map, &loaded(&back));
    check_rows(&map, &dir, "430408");
}
