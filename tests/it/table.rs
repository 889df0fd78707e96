//! The responsibility table (责任分解表): names filled from the data, the task list,
//! CSV as spreadsheets need it (BOM, neutralised formulas), the .xlsx read back
//! cell by cell, and the cell rows against the zone rule over GCJ-02 data.

use crate::support::*;
use crate::warnings::demo;
use civicmap::table::{Field, Table};
use civicmap::*;

fn table(m: &Map, by: TableShape) -> Table {
    m.responsibility_table(&TableOptions {
        by,
        as_of: Some(parse_day("2026-11-20").unwrap()),
        tasks: vec![],
        level_names: vec![],
    })
    .unwrap()
}

fn col(t: &Table, key: &str) -> usize {
    t.columns
        .iter()
        .position(|c| c.key == key)
        .unwrap_or_else(|| panic!("no column {key}"))
}

fn text(f: &Field) -> &str {
    match f {
        Field::Text(t) => t,
        _ => "",
    }
}

#[test]
fn demo_rows_carry_names_not_empty_columns() {
    let m = demo();
    let cells = table(&m, TableShape::Cell);
    assert_eq!(cells.rows.len(), m.cells().len());
    let titles: Vec<&str> = cells.columns.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "网格编码",
            "网格名称",
            "街道",
            "街道责任人",
            "片区",
            "片区责任人",
            "社区",
            "社区责任人",
            "网格责任区",
            "网格责任人"
        ]
    );
    let (code, name, street, community) = (
        col(&cells, "code"),
        col(&cells, "name"),
        col(&cells, "zone1"),
        col(&cells, "zone3"),
    );
    for (row, cell) in cells.rows.iter().zip(m.cells()) {
        assert_eq!(text(&row[code]), cell.code.as_deref().unwrap());
        assert_ne!(
            text(&row[name]),
            text(&row[code]),
            "a name, not the code again"
        );
        assert!(text(&row[name]).ends_with("号网格"), "{:?}", row[name]);
        assert!(
            !text(&row[street]).is_empty() && !text(&row[community]).is_empty(),
            "{row:?}"
        );
        assert!(
            !text(&row[street]).contains("包保责任区"),
            "the division's name: {row:?}"
        );
    }
    // 红湖社区's first cell, as the demo's codes say.
    let first = cells
        .rows
        .iter()
        .find(|r| text(&r[code]) == "4304080010010001")
        .unwrap();
    assert_eq!(text(&first[name]), "红湖社区0001号网格");
    assert_eq!(text(&first[street]), "蒸湘街道");

    let owners = table(&m, TableShape::Owner);
    let (level, streets, points, open) = (
        col(&owners, "level"),
        col(&owners, "zones1"),
        col(&owners, "points"),
        col(&owners, "openProblems"),
    );
    let l1: Vec<&Vec<Field>> = owners
        .rows
        .iter()
        .filter(|r| r[level] == Field::Int(1))
        .collect();
    assert_eq!(l1.len(), 5);
    for r in &l1 {
        assert!(!text(&r[streets]).is_empty(), "{r:?}");
        assert!(matches!(r[open], Field::Int(n) if n > 0), "{r:?}");
    }
    let market = owners
        .rows
        .iter()
        .find(|r| text(&r[points]).contains("南华农贸市场"))
        .unwrap();
    assert!(matches!(market[open], Field::Int(n) if n > 0), "{market:?}");
    // Level 1 first, units without a level last.
    let levels: Vec<i64> = owners
        .rows
        .iter()
        .map(|r| match r[level] {
            Field::Int(l) => l,
            _ => 9,
        })
        .collect();
    assert!(levels.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn the_task_list_goes_to_owners_by_the_categories_they_hold() {
    let mut m = demo();
    let tasks: Vec<Task> = serde_json::from_str(
        r#"[{"category":"农贸市场","task":"农贸市场环境整治","requirement":"划行归市，无占道经营","assessment":"实地考察"},
            {"category":"all","task":"每周督导不少于1次","level":1},
            {"category":"school","task":"张贴核心价值观公益广告"}]"#,
    )
    .unwrap();
    let e = serde_json::from_str::<Vec<Task>>(r#"[{"category":"菜场","task":"x"}]"#).unwrap_err();
    assert!(e.to_string().contains("菜场"), "{e}");
    assert!(serde_json::from_str::<Vec<Task>>(r#"[{"category":"all"}]"#).is_err());
    // A task at a level outside 1–4 is refused.
    let bad: Vec<Task> =
        serde_json::from_str(r#"[{"category":"all","task":"x","level":7}]"#).unwrap();
    assert!(m
        .responsibility_table(&TableOptions {
            by: TableShape::Owner,
            as_of: None,
            tasks: bad,
            level_names: vec![],
        })
        .is_err());
    let t = m
        .responsibility_table(&TableOptions {
            by: TableShape::Owner,
            as_of: None,
            tasks,
            level_names: vec![],
        })
        .unwrap();
    let (task, req, how, points, level) = (
        col(&t, "task"),
        col(&t, "requirement"),
        col(&t, "assessment"),
        col(&t, "points"),
        col(&t, "level"),
    );
    for r in &t.rows {
        let p = text(&r[points]);
        let holds_market = m
            .points()
            .iter()
            .any(|x| x.category == Category::Market && p.split('、').any(|n| n == x.name));
        assert_eq!(
            text(&r[task]).contains("农贸市场环境整治"),
            holds_market,
            "{r:?}"
        );
        assert_eq!(text(&r[req]).contains("划行归市"), holds_market);
        assert_eq!(
            text(&r[how]) == "实地考察",
            holds_market && !text(&r[task]).contains("公益广告")
        );
        assert_eq!(
            text(&r[task]).contains("每周督导"),
            r[level] == Field::Int(1)
        );
    }
    // Three levels: the columns follow the rules.
    m.set_rules(serde_json::from_str(r#"{"levels":[1,2,3]}"#).unwrap())
        .unwrap();
    let three = |names: &[&str]| TableOptions {
        by: TableShape::Cell,
        as_of: None,
        tasks: vec![],
        level_names: names.iter().map(|s| s.to_string()).collect(),
    };
    assert!(
        m.responsibility_table(&three(&["街道"])).is_err(),
        "one name for three levels"
    );
    let t = m
        .responsibility_table(&three(&["街道", "社区", "网格"]))
        .unwrap();
    let titles: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "网格编码",
            "网格名称",
            "街道",
            "街道责任人",
            "社区",
            "社区责任人",
            "网格责任区",
            "网格责任人"
        ]
    );
}

#[test]
fn csv_has_a_bom_and_neutralises_formulas_from_the_data() {
    let cells = grid((112.6, 26.9), 0.001, 2, 1);
    let mut m = Map::new();
    m.load_owners(r#"[{"id":"a","name":"=cmd|' /C calc'!A0","unit":"+区城管局","level":4},{"id":"b","name":"@SUM(1)","level":1}]"#)
        .unwrap();
    m.load_cells(
        &cells_json(&cells, |_| Some("a".into())),
        LoadOptions::default(),
    )
    .unwrap();
    m.load_zones(
        &fc(&[format!(
            r#"{{"type":"Feature","id":"s","properties":{{"owner":"b","level":1,"division":"-街道,一"}},"geometry":{}}}"#,
            polygon_json(&rect((112.59, 26.89), (112.61, 26.91)))
        )]),
        LoadOptions::default(),
    )
    .unwrap();
    let csv = table(&m, TableShape::Cell).to_csv();
    assert!(csv.starts_with("\u{feff}网格编码,网格名称,街道,"), "{csv}");
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].contains(r#","'=cmd|' /C calc'!A0""#) || lines[1].contains(",'=cmd|' /C calc'!A0"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(r#""'-街道,一",'@SUM(1)"#), "{}", lines[1]);
    let owners = table(&m, TableShape::Owner).to_csv();
    assert!(owners.contains(",'+区城管局,'=cmd"), "{owners}");
    // No field of any row starts a formula.
    for line in owners.lines().chain(csv.lines()).skip(1) {
        for f in line.split(',') {
            let f = f.trim_start_matches('"');
            assert!(!f.starts_with(['=', '+', '@']), "{line}");
        }
    }
}

#[test]
fn the_xlsx_reads_back_cell_by_cell() {
    use calamine::{Data, Reader, Xlsx};
    let m = demo();
    let tables = [table(&m, TableShape::Owner), table(&m, TableShape::Cell)];
    let day = parse_day("2026-11-20").unwrap();
    let bytes = civicmap::table::to_xlsx(&tables.iter().collect::<Vec<_>>(), day).unwrap();
    let again = civicmap::table::to_xlsx(&tables.iter().collect::<Vec<_>>(), day).unwrap();
    assert!(
        bytes == again,
        "the same tables on the same day give the same bytes"
    );
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["责任分解表（按责任人）", "责任分解表（按网格）"]
    );
    for t in &tables {
        let range = book.worksheet_range(&t.name).unwrap();
        assert_eq!(range.height(), t.rows.len() + 1, "{}", t.name);
        for (k, c) in t.columns.iter().enumerate() {
            assert_eq!(range.get((0, k)), Some(&Data::String(c.title.clone())));
        }
        for (r, row) in t.rows.iter().enumerate() {
            for (k, f) in row.iter().enumerate() {
                let got = range.get((r + 1, k)).cloned().unwrap_or(Data::Empty);
                let want = match f {
                    Field::Text(s) => Data::String(s.clone()),
                    Field::Int(i) => Data::Float(*i as f64),
                    Field::Num(x) => Data::Float(*x),
                    Field::Empty => Data::Empty,
                };
                assert_eq!(
                    got,
                    want,
                    "{} row {} column {}",
                    t.name,
                    r + 1,
                    t.columns[k].key
                );
            }
        }
    }
}

/// Issue 11: the cell rows follow the core's zone rule (the zones holding the
/// cell's interior point), whatever system the data came in.
#[test]
fn cell_rows_follow_the_zone_rule_over_gcj02_data() {
    let wgs = demo();
    let mut gcj = Map::new();
    gcj.load_owners(&repo_file("data/demo/owners.json"))
        .unwrap();
    let opts = LoadOptions {
        crs: Some(Crs::Gcj02),
        ..Default::default()
    };
    gcj.load_cells(&wgs.export_cells(Crs::Gcj02), opts).unwrap();
    gcj.load_zones(&wgs.export_zones(Crs::Gcj02), opts).unwrap();
    let t = table(&gcj, TableShape::Cell);
    let shapes: Vec<geo::MultiPolygon<f64>> =
        gcj.zones().iter().map(|z| z.geometry.clone()).collect();
    let levels = [1u8, 2, 3, 4];
    for (row, cell) in t.rows.iter().zip(gcj.cells()) {
        let rep = civicmap::interior_point(&cell.geometry).unwrap();
        let mut held = scan_containing(&shapes, rep);
        held.sort_by_key(|&z| {
            (
                gcj.zones()[z as usize].level,
                gcj.zones()[z as usize].id.clone(),
            )
        });
        for l in levels {
            let names: Vec<&str> = held
                .iter()
                .map(|&z| &gcj.zones()[z as usize])
                .filter(|z| z.level == l)
                .map(|z| z.label())
                .collect();
            assert_eq!(
                text(&row[col(&t, &format!("zone{l}"))]),
                names.join("、"),
                "{} level {l}",
                cell.id
            );
        }
    }
    assert_eq!(
        t.rows,
        table(&wgs, TableShape::Cell).rows,
        "the same rows as from WGS-84 data"
    );
}
