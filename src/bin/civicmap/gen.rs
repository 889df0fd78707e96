//! `civicmap gen`: synthetic campaign data on a real district, deterministic by seed.
//!
//! ```text
//! civicmap gen --district 430408 --seed 42 --problems 6000 --out data/demo \
//!              --outline data/zhengxiang.geojson
//! ```
//! writes cells.geojson, zones.geojson, points.geojson, problems.geojson and
//! owners.json into `--out` (problems stream, so 10 M is fine), and with `--outline`
//! a copy of the real district outline.

use civicmap::gen::{District, Options, World};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::Instant;

const HELP: &str = "\
usage: civicmap gen [options]
  --district CODE   6-digit district code (default 430408, 蒸湘区; data/districts has
                    430408, 610102 新城区, 429004 仙桃, 429005 潜江, 429006 天门)
  --seed N          random seed (default 42)
  --problems N      number of problems, 0 to 10000000 and more (default 6000)
  --as-of DATE      the ledger's today, YYYY-MM-DD (default 2026-11-20)
  --centre LNG,LAT  the urban core (default: built in for 430408 and 610102)
  --out DIR         output folder (default data/demo)
  --outline FILE    also write the district outline (real, Tianditu) there
  --districts DIR   outlines.geojson, divisions.json and places.geojson
                    (default data/districts in the repository)
  --quiet           no summary on stderr";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut adcode = civicmap::gen::DEMO_DISTRICT.to_string();
    let mut opts = Options::default();
    let mut out = PathBuf::from("data/demo");
    let mut outline: Option<PathBuf> = None;
    let mut districts: Option<PathBuf> = None;
    let mut quiet = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value; see civicmap gen --help"))
        };
        match a.as_str() {
            "--district" => adcode = val(a)?,
            "--seed" => opts.seed = num(a, &val(a)?)?,
            "--problems" => opts.problems = num(a, &val(a)?)?,
            "--as-of" => {
                opts.as_of = civicmap::parse_day(&val(a)?).map_err(|e| format!("--as-of: {e}"))?
            }
            "--centre" | "--center" => {
                let v = val(a)?;
                let (x, y) = v
                    .split_once(',')
                    .ok_or_else(|| format!("--centre: write LNG,LAT, got `{v}`"))?;
                opts.urban_centre = Some((num(a, x)?, num(a, y)?));
            }
            "--out" => out = PathBuf::from(val(a)?),
            "--outline" => outline = Some(PathBuf::from(val(a)?)),
            "--districts" => districts = Some(PathBuf::from(val(a)?)),
            "--quiet" => quiet = true,
            "--help" | "-h" => {
                println!("{HELP}");
                return Ok(());
            }
            other => return Err(format!("unknown option `{other}`; see civicmap gen --help")),
        }
    }
    let districts = districts.unwrap_or_else(default_districts);
    let district = District::from_dir(&districts, &adcode).map_err(|e| {
        if e.starts_with("read ") {
            format!("{e} (give the districts folder with --districts)")
        } else {
            e
        }
    })?;

    let t0 = Instant::now();
    let world = World::build(&district, &opts);
    let t_build = t0.elapsed();
    std::fs::create_dir_all(&out).map_err(|e| format!("create {}: {e}", out.display()))?;
    let write = |p: &Path, text: &str| {
        std::fs::write(p, text).map_err(|e| format!("write {}: {e}", p.display()))
    };
    write(&out.join("cells.geojson"), &world.cells_geojson())?;
    write(&out.join("zones.geojson"), &world.zones_geojson())?;
    write(&out.join("points.geojson"), &world.points_geojson())?;
    write(&out.join("owners.json"), &world.owners_json())?;
    if let Some(p) = &outline {
        write(p, &world.outline_geojson())?;
    }
    let t1 = Instant::now();
    let path = out.join("problems.geojson");
    let f = std::fs::File::create(&path).map_err(|e| format!("create {}: {e}", path.display()))?;
    world
        .write_problems(BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| format!("write {}: {e}", path.display()))?;
    let t_problems = t1.elapsed();
    if !quiet {
        eprintln!(
            "{} {}: {} cells, {} zones, {} points, {} owners ({:.2} s); {} problems ({:.2} s) in {}",
            district.adcode,
            district.name,
            world.grid.cells.len(),
            world.zones.len(),
            world.points.len(),
            world.owners.len(),
            t_build.as_secs_f64(),
            opts.problems,
            t_problems.as_secs_f64(),
            out.display()
        );
    }
    Ok(())
}

fn num<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, String> {
    v.trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{name}: `{v}` is not a number"))
}

/// data/districts in the repository (found from the crate root at build time, else
/// from the working directory).
fn default_districts() -> PathBuf {
    let from_crate = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/districts");
    if from_crate.is_dir() {
        from_crate
    } else {
        PathBuf::from("data/districts")
    }
}
