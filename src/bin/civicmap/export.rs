//! `civicmap export --geoparquet OUT --data DIR`: a district's layers (as
//! `civicmap gen` writes them) into a GeoParquet data set partitioned by district
//! and month, with civicmap's spatial join in every row (src/io/parquet). Problems
//! stream: the file is read in chunks of 50,000 features (`--batch`), each joined and written
//! as it comes, so a district of millions needs memory for its cells and zones,
//! not for its problems. `civicmap import --geoparquet IN --out DIR` reads a data
//! set back into GeoJSON layers that load to the same state.

use civicmap::geojson::parse_problems;
use civicmap::geoparquet::{import_into, DistrictExport};
use civicmap::{LoadOptions, Map};
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;

const HELP: &str = "\
usage: civicmap export --geoparquet OUT --data DIR [options]
  --geoparquet OUT  the data set's folder (created; a district's files are replaced)
  --data DIR        cells.geojson, zones.geojson, points.geojson, problems.geojson
                    and owners.json (each optional but cells), as civicmap gen writes
  --district CODE   the partition's district code (default: the files' x_district,
                    else the first 6 digits of the first cell code)
  --part NAME       file name in each partition (default part-0), to add files
  --batch N         problems read, joined and written per batch (default 50000)
  --quiet           no summary on stderr

usage: civicmap import --geoparquet IN --out DIR [--district CODE]
  writes cells.geojson, zones.geojson, points.geojson, problems.geojson and
  owners.json: every district of IN one after another, or only --district";

struct Args {
    geoparquet: Option<PathBuf>,
    data: Option<PathBuf>,
    out: Option<PathBuf>,
    district: Option<String>,
    part: String,
    quiet: bool,
    batch: usize,
}

fn parse(args: &[String], cmd: &str) -> Result<Option<Args>, String> {
    let mut a = Args {
        geoparquet: None,
        data: None,
        out: None,
        district: None,
        part: "part-0".into(),
        quiet: false,
        batch: 50_000,
    };
    let mut it = args.iter();
    while let Some(k) = it.next() {
        let mut val = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value; see civicmap {cmd} --help"))
        };
        match k.as_str() {
            "--geoparquet" => a.geoparquet = Some(val(k)?.into()),
            "--data" => a.data = Some(val(k)?.into()),
            "--out" => a.out = Some(val(k)?.into()),
            "--district" => a.district = Some(val(k)?),
            "--part" => a.part = val(k)?,
            "--quiet" => a.quiet = true,
            "--batch" => {
                a.batch = val(k)?
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or("--batch takes a number of problems, at least 1")?
            }
            "--help" | "-h" => {
                println!("{HELP}");
                return Ok(None);
            }
            other => {
                return Err(format!(
                    "unknown option `{other}`; see civicmap {cmd} --help"
                ))
            }
        }
    }
    Ok(Some(a))
}

fn read(p: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(p) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", p.display())),
    }
}

/// Prints what a load rejected (the first ten) and fails on a whole-file error.
fn report(what: &str, r: Result<civicmap::LoadReport, civicmap::Error>) -> Result<(), String> {
    let r = r.map_err(|e| format!("{what}: {e}"))?;
    for x in r.rejected.iter().take(10) {
        eprintln!("civicmap export: {what}: rejected {x}");
    }
    if r.rejected.len() > 10 {
        eprintln!(
            "civicmap export: {what}: {} more rejected",
            r.rejected.len() - 10
        );
    }
    Ok(())
}

/// `x_district` of a generated file ("430408 蒸湘区" -> "430408").
fn x_district(text: &str) -> Option<String> {
    let head = &text[..text.len().min(4096)];
    let at = head.find("\"x_district\"")?;
    let rest = &head[at + 12..];
    let start = rest.find('"')? + 1;
    let code: String = rest[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    (!code.is_empty()).then_some(code)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let Some(a) = parse(args, "export")? else {
        return Ok(());
    };
    let out = a
        .geoparquet
        .ok_or("--geoparquet OUT is required; see civicmap export --help")?;
    let data = a
        .data
        .ok_or("--data DIR is required; see civicmap export --help")?;
    let t0 = Instant::now();
    let cells = read(&data.join("cells.geojson"))?
        .ok_or_else(|| format!("{}: no cells.geojson", data.display()))?;
    let mut map = Map::new();
    report("cells", map.load_cells(&cells, LoadOptions::default()))?;
    let district = match a.district.or_else(|| x_district(&cells)) {
        Some(d) => d,
        None => map
            .cells()
            .iter()
            .find_map(|c| {
                c.code
                    .as_deref()
                    .filter(|c| c.len() >= 6)
                    .map(|c| c[..6].to_string())
            })
            .ok_or("no district code: give --district")?,
    };
    drop(cells);
    if let Some(t) = read(&data.join("owners.json"))? {
        report("owners", map.load_owners(&t))?;
    }
    if let Some(t) = read(&data.join("zones.geojson"))? {
        report("zones", map.load_zones(&t, LoadOptions::default()))?;
    }
    if let Some(t) = read(&data.join("points.geojson"))? {
        report("points", map.load_points(&t, LoadOptions::default()))?;
    }
    // A district's files are replaced, not mixed with an earlier export's.
    for table in ["problems", "points", "cells", "zones", "owners"] {
        let dir = out.join(table).join(format!("district={district}"));
        if a.part == "part-0" && dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    let mut e = DistrictExport::new(&map, &out, &district, &a.part).map_err(|e| e.to_string())?;
    e.write_layers().map_err(|e| e.to_string())?;
    let t_layers = t0.elapsed();

    let (mut rejected, mut duplicates) = (0usize, 0usize);
    let path = data.join("problems.geojson");
    if let Ok(file) = std::fs::File::open(&path) {
        // Ids seen, by a 64-bit hash: 8 bytes an id instead of the id itself.
        let hasher = std::collections::hash_map::RandomState::new();
        let mut seen: HashSet<u64> = HashSet::new();
        let mut batch = Vec::with_capacity(a.batch.min(1 << 20));
        let n = crate::features::chunks(file, a.batch, |first, text| {
            let parsed = parse_problems(text, LoadOptions::default()).map_err(|e| e.to_string())?;
            // The problems file's ledger date wins over the other layers', as
            // loading it last would make it.
            if first == 0 && parsed.as_of.is_some() {
                e.set_as_of(parsed.as_of);
            }
            for r in &parsed.rejected {
                rejected += 1;
                if rejected <= 10 {
                    eprintln!(
                        "civicmap export: problems: rejected feature {} : {}",
                        first + r.index,
                        r.reason
                    );
                }
            }
            batch.clear();
            for p in parsed.items {
                let mut h = hasher.build_hasher();
                h.write(p.id.as_bytes());
                if !seen.insert(h.finish()) {
                    duplicates += 1;
                    if duplicates <= 10 {
                        eprintln!(
                            "civicmap export: problems: duplicate id {} (the first one is kept)",
                            p.id
                        );
                    }
                    continue;
                }
                batch.push(p);
            }
            e.push_problems(&batch).map_err(|e| e.to_string())
        })
        .map_err(|e| format!("{}: {e}", path.display()))?;
        if !a.quiet {
            eprintln!("civicmap export: {n} problems read from {}", path.display());
        }
    }
    let w = e.finish().map_err(|e| e.to_string())?;
    if !a.quiet {
        eprintln!(
            "civicmap export: district {district}: {} problems, {} points, {} cells, {} zones, {} owners in {} files under {} ({} rejected, {} duplicate ids); layers {:.2} s, total {:.2} s",
            w.problems, w.points, w.cells, w.zones, w.owners, w.files, out.display(), rejected, duplicates,
            t_layers.as_secs_f64(), t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

pub fn run_import(args: &[String]) -> Result<(), String> {
    let Some(a) = parse(args, "import")? else {
        return Ok(());
    };
    let src = a
        .geoparquet
        .ok_or("--geoparquet IN is required; see civicmap import --help")?;
    let out = a
        .out
        .ok_or("--out DIR is required; see civicmap import --help")?;
    let t0 = Instant::now();
    // A district's problems at a time: memory holds one district's ledger.
    let districts = import_into(&src, a.district.as_deref(), &out).map_err(|e| e.to_string())?;
    if !a.quiet {
        eprintln!(
            "civicmap import: districts {} from {} into {} in {:.2} s",
            districts.join(", "),
            src.display(),
            out.display(),
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
