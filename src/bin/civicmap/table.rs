//! `civicmap table …`: the responsibility table (责任分解表) of a campaign's files,
//! one row per owner or per cell, as CSV (UTF-8 with BOM) or .xlsx, for the
//! official notice.

use civicmap::{LoadOptions, Map};
use civicmap::{Rules, TableOptions, TableShape, Task};

const HELP: &str = "\
usage: civicmap table [--data DIR] [files] [options] --out table.xlsx|table.csv

data:
  --data DIR                    cells.geojson, zones.geojson, points.geojson,
                                problems.geojson and owners.json from DIR (each
                                when present); any of the files below overrides
  --cells F --zones F --points F --problems F --owners F
table:
  --by owner|cell               one row per owner (default) or per cell
  --as-of YYYY-MM-DD            reckon overdue problems on this day (default: the
                                data's x_as_of, else none are overdue)
  --tasks F                     a task list (分工表): JSON array of {category,
                                task, requirement, assessment, level}
  --rules F                     the planner's rules: JSON {levels, pointLevels,
                                limits}
  --level-names 街道,社区,网格  what the columns call the rules' levels
output:
  --out F.xlsx | F.csv          .xlsx holds both shapes when --by is not given";

fn read(path: &str, what: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("--{what} {path}: {e}"))
}

/// The ledger's "today" written by the generator (`"x_as_of":"YYYY-MM-DD"` at the
/// top of a file), read without parsing the whole file again.
fn as_of_in(text: &str) -> Option<i32> {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let at = head.find("\"x_as_of\"")?;
    let rest = &head[at + 9..];
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    civicmap::parse_day(&rest[start..end]).ok()
}

pub fn run(args: &[String]) -> Result<(), String> {
    if args
        .iter()
        .any(|a| a == "--help" || a == "-h" || a == "help")
    {
        println!("{HELP}");
        return Ok(());
    }
    let mut opts = std::collections::HashMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let key = a
            .strip_prefix("--")
            .ok_or_else(|| format!("unexpected `{a}`; options start with --"))?;
        let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
        opts.insert(key.to_string(), v.clone());
    }
    let mut take = |k: &str| opts.remove(k);

    let dir = take("data");
    let mut map = Map::new();
    if let Some(f) = take("rules") {
        let rules: Rules =
            serde_json::from_str(&read(&f, "rules")?).map_err(|e| format!("--rules {f}: {e}"))?;
        map.set_rules(rules).map_err(|e| e.to_string())?;
    }
    let mut as_of = None;
    // Cells before points and problems, so the spatial join sees them.
    for (what, file) in [
        ("owners", "owners.json"),
        ("cells", "cells.geojson"),
        ("zones", "zones.geojson"),
        ("points", "points.geojson"),
        ("problems", "problems.geojson"),
    ] {
        let path = match (take(what), &dir) {
            (Some(p), _) => p,
            (None, Some(d)) if std::path::Path::new(d).join(file).exists() => {
                std::path::Path::new(d).join(file).display().to_string()
            }
            _ => continue,
        };
        let text = read(&path, what)?;
        as_of = as_of.or_else(|| as_of_in(&text));
        let r = match what {
            "owners" => map.load_owners(&text),
            "cells" => map.load_cells(&text, LoadOptions::default()),
            "zones" => map.load_zones(&text, LoadOptions::default()),
            "points" => map.load_points(&text, LoadOptions::default()),
            _ => map.load_problems(&text, LoadOptions::default()),
        }
        .map_err(|e| format!("{path}: {e}"))?;
        for rej in r.rejected.iter().take(5) {
            eprintln!("civicmap: {path}: rejected {rej}");
        }
        if r.rejected.len() > 5 {
            eprintln!("civicmap: {path}: … {} rejected in all", r.rejected.len());
        }
    }
    if map.cells().is_empty() && map.zones().is_empty() {
        return Err("no cells or zones loaded: give --data DIR or --cells/--zones files".into());
    }
    if let Some(d) = take("as-of") {
        as_of = Some(civicmap::parse_day(&d).map_err(|e| format!("--as-of: {e}"))?);
    }
    let tasks: Vec<Task> = match take("tasks") {
        Some(f) => {
            serde_json::from_str(&read(&f, "tasks")?).map_err(|e| format!("--tasks {f}: {e}"))?
        }
        None => vec![],
    };
    let level_names: Vec<String> = take("level-names")
        .map(|t| civicmap::split_list(&t))
        .unwrap_or_default();
    let by = take("by");
    let shapes: Vec<TableShape> = match by.as_deref() {
        None => vec![TableShape::Owner, TableShape::Cell],
        Some("owner") => vec![TableShape::Owner],
        Some("cell") => vec![TableShape::Cell],
        Some(other) => return Err(format!("--by `{other}`: use owner or cell")),
    };
    let out = take("out").ok_or("give --out F.xlsx or F.csv")?;
    if let Some(k) = opts.keys().next() {
        return Err(format!("unknown option --{k}; see civicmap table --help"));
    }

    let started = std::time::Instant::now();
    let tables = shapes
        .iter()
        .map(|&by| {
            map.responsibility_table(&TableOptions {
                by,
                as_of,
                tasks: tasks.clone(),
                level_names: level_names.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let bytes = if out.ends_with(".csv") {
        if tables.len() > 1 {
            return Err("a CSV holds one table: add --by owner or --by cell".into());
        }
        tables[0].to_csv().into_bytes()
    } else if out.ends_with(".xlsx") {
        // Created on the ledger's day (or 1970-01-01): the same data, the same bytes.
        xlsx(&tables, as_of.unwrap_or(0))?
    } else {
        return Err(format!("--out {out}: write to a .xlsx or .csv file"));
    };
    std::fs::write(&out, &bytes).map_err(|e| format!("--out {out}: {e}"))?;
    let rows: Vec<String> = tables
        .iter()
        .map(|t| format!("{}: {} rows", t.name, t.rows.len()))
        .collect();
    eprintln!(
        "civicmap: wrote {out} ({} bytes; {}) in {:.0} ms",
        bytes.len(),
        rows.join(", "),
        started.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}

#[cfg(feature = "xlsx")]
fn xlsx(tables: &[civicmap::table::Table], day: i32) -> Result<Vec<u8>, String> {
    civicmap::table::to_xlsx(&tables.iter().collect::<Vec<_>>(), day)
}

#[cfg(not(feature = "xlsx"))]
fn xlsx(_: &[civicmap::table::Table], _: i32) -> Result<Vec<u8>, String> {
    Err("this build has no .xlsx writer (cargo feature `xlsx`); write a .csv".into())
}
