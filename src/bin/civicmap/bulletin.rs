//! `civicmap bulletin`: the weekly bulletin (周通报) of a campaign's data folder: one
//! self-contained, printable A4 HTML page in Chinese (the week against the week
//! before, rankings of streets and communities with the bottom three named, the
//! heatmap and the hotspot map as embedded images, the overdue problems by holder,
//! the weights and the formula, the data's source and ledger date) and its tables
//! as CSV. Everything it states comes from the library (`Map::scores`,
//! `Map::hotspots`, the renderers); this file gathers and writes.

use crate::bulletin_html::{self as html, Bulletin, Images, Overdue};
use crate::render::{composite, context_layer, png_bytes, read_outline};
use civicmap::heat::{HeatOptions, HeatRenderer, Weights};
use civicmap::hotspots::{hotspot_legend, render_hotspots, HotspotOptions};
use civicmap::scores::{iso_week_of, state_on, ScoreBy, ScoreOptions};
use civicmap::{format_day, parse_day, LoadOptions, Map, View};
use std::path::{Path, PathBuf};

const HELP: &str = "\
usage: civicmap bulletin --data DIR [--week 2026-W47 | --from D --to D] --out DIR

  --data DIR        cells.geojson, zones.geojson, points.geojson, problems.geojson,
                    owners.json (each optional)
  --week YYYY-Www   the ISO week (default: the week of the ledger date)
  --from --to       a window of days instead of a week
  --as-of D         the ledger date (default: the files' x_as_of)
  --bottom N        how many units the ranking names at the bottom (default 3)
  --outline F       the district outline drawn on the maps (GeoJSON)
  --width 720       map width in px (height 3/4 of it)
  --out DIR         writes index.html, heat.png, hotspots.png and the CSV tables";

/// What the data folder's problems file says of itself (top-level members).
#[derive(serde::Deserialize, Default)]
struct Meta {
    #[serde(default)]
    x_source: Option<String>,
    #[serde(default)]
    x_credit: Option<String>,
    #[serde(default)]
    x_synthetic: Option<bool>,
    #[serde(default)]
    x_district: Option<String>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    if args.is_empty() || args.iter().any(|a| a == "--help" || a == "-h") {
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
    let data = PathBuf::from(take("data").ok_or("give --data DIR")?);
    let out = PathBuf::from(take("out").ok_or("give --out DIR")?);
    let day = |v: Option<String>, k: &str| {
        v.map(|t| parse_day(&t).map_err(|e| format!("--{k}: {e}")))
            .transpose()
    };
    let (from, to, as_of) = (
        day(take("from"), "from")?,
        day(take("to"), "to")?,
        day(take("as-of"), "as-of")?,
    );
    let week = take("week");
    let bottom = match take("bottom") {
        Some(b) => b
            .parse::<usize>()
            .map_err(|_| format!("--bottom `{b}`: give a whole number"))?,
        None => 3,
    };
    let width = match take("width") {
        Some(w) => w
            .parse::<f64>()
            .ok()
            .filter(|w| (200.0..=4000.0).contains(w))
            .ok_or_else(|| format!("--width `{w}`: give 200 to 4000 px"))?,
        None => 720.0,
    };
    let outline = match take("outline") {
        Some(f) => read_outline(&f, None)?,
        None => vec![],
    };
    if let Some(k) = opts.keys().next() {
        return Err(format!(
            "unknown option --{k}; see civicmap bulletin --help"
        ));
    }

    let (map, meta) = load(&data)?;
    let as_of = as_of.or(map.as_of());
    let week = match (&week, from, to) {
        (None, None, None) => Some(iso_week_of(
            as_of.ok_or("the data declare no ledger date (x_as_of): give --week or --from/--to")?,
        )),
        _ => week,
    };
    let base = ScoreOptions {
        week: week.clone(),
        from,
        to,
        as_of,
        bottom,
        ..ScoreOptions::default()
    };
    let streets = map.scores(&base).map_err(|e| e.to_string())?;
    let communities = map
        .scores(&ScoreOptions {
            by: ScoreBy::Community,
            ..base.clone()
        })
        .map_err(|e| e.to_string())?;
    let overdue = overdue(&map, streets.end);
    let images = images(&map, streets.from, streets.to, width, &outline)?;

    let title_week = match &week {
        Some(w) => {
            let (y, n) = w.split_once("-W").unwrap_or((w, ""));
            format!("{y}年第{}周", n.trim_start_matches('0'))
        }
        None => format!("{} 至 {}", format_day(streets.from), format_day(streets.to)),
    };
    let b = Bulletin {
        title_week,
        district: meta.x_district.clone(),
        source: [meta.x_credit.clone(), meta.x_source.clone()]
            .into_iter()
            .flatten()
            .collect(),
        synthetic: meta.x_synthetic.unwrap_or(false),
        streets: &streets,
        communities: &communities,
        overdue: &overdue,
        images: &images,
    };
    std::fs::create_dir_all(&out).map_err(|e| format!("--out {}: {e}", out.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let p = out.join(name);
        std::fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))
    };
    write("index.html", html::page(&b).as_bytes())?;
    write("heat.png", &images.heat)?;
    write("hotspots.png", &images.hotspots)?;
    write("summary.csv", html::summary_csv(&b).as_bytes())?;
    write(
        "ranking-street.csv",
        html::ranking_csv(&streets, "街道").as_bytes(),
    )?;
    write(
        "ranking-community.csv",
        html::ranking_csv(&communities, "社区").as_bytes(),
    )?;
    write("overdue.csv", html::overdue_csv(&overdue).as_bytes())?;
    eprintln!(
        "civicmap: bulletin {} ({} to {}, ledger date {}): {} streets, {} communities, {} overdue; wrote {}",
        b.title_week,
        format_day(streets.from),
        format_day(streets.to),
        streets.as_of.map_or("none".into(), format_day),
        streets.units.len(),
        communities.units.len(),
        overdue.len(),
        out.display()
    );
    Ok(())
}

/// Loads the layers of a data folder (cells first, so the spatial joins see them)
/// and the problems file's own metadata.
fn load(dir: &Path) -> Result<(Map, Meta), String> {
    let mut map = Map::new();
    let mut meta = Meta::default();
    for (what, file) in [
        ("owners", "owners.json"),
        ("cells", "cells.geojson"),
        ("zones", "zones.geojson"),
        ("points", "points.geojson"),
        ("problems", "problems.geojson"),
    ] {
        let path = dir.join(file);
        if !path.exists() {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let r = match what {
            "owners" => map.load_owners(&text),
            "cells" => map.load_cells(&text, LoadOptions::default()),
            "zones" => map.load_zones(&text, LoadOptions::default()),
            "points" => map.load_points(&text, LoadOptions::default()),
            _ => {
                meta = serde_json::from_str(&text).unwrap_or_default();
                map.load_problems(&text, LoadOptions::default())
            }
        }
        .map_err(|e| format!("{}: {e}", path.display()))?;
        if !r.rejected.is_empty() {
            eprintln!(
                "civicmap: {}: {} rejected (first: {})",
                path.display(),
                r.rejected.len(),
                r.rejected[0]
            );
        }
    }
    if map.problems().is_empty() {
        return Err(format!(
            "{}: no problems.geojson to report on",
            dir.display()
        ));
    }
    Ok((map, meta))
}

/// Problems overdue at the end of `end` (unresolved, past the deadline in force
/// then), most days overdue first, with who holds them.
fn overdue(map: &Map, end: i32) -> Vec<Overdue> {
    let mut rows: Vec<Overdue> = map
        .problems()
        .iter()
        .filter_map(|p| {
            let s = state_on(p, end)?;
            let deadline = s
                .deadline
                .filter(|&d| d < end && s.status.is_unresolved())?;
            let card = map.problem_card(&p.id, Some(end)).ok()?;
            let owner = card.chain.cell_owner.clone();
            let o = owner.as_deref().and_then(|id| map.owner(id));
            Some(Overdue {
                id: p.id.clone(),
                days: end - deadline,
                deadline,
                found: p.found,
                category: p.kind,
                status: s.status,
                source: p.source,
                owner: owner.clone(),
                owner_name: o.map(|o| o.name.clone()).filter(|n| !n.is_empty()),
                unit: o.map(|o| o.unit.clone()).filter(|u| !u.is_empty()),
                street: card.street,
                community: card.community,
                point: card.point_name,
            })
        })
        .collect();
    #[allow(clippy::disallowed_methods)] // native only: the wasm module never has it
    rows.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.id.cmp(&b.id)));
    rows
}

/// The week's heatmap (problems found per km², every problem weighing 1) and its
/// Gi* hotspot map, over the grid and the outline, fitted to the data.
fn images(
    map: &Map,
    from: i32,
    to: i32,
    width: f64,
    outline: &[geo::MultiPolygon<f64>],
) -> Result<Images, String> {
    let height = (width * 0.75).round();
    let (min, max) = map.data_bounds().ok_or("no data to draw")?;
    let view = View::default().fit_bounds(min, max, width, height, 12.0, 18.0);
    let (w, h) = view.device_size();
    let frame = |layer: Vec<u8>| -> Result<Vec<u8>, String> {
        let mut layers = vec![context_layer(map, &view)?, layer];
        if !outline.is_empty() {
            let mut cv = civicmap::raster::Canvas::new(&view).map_err(|e| e.to_string())?;
            for mp in outline {
                if let Some(p) = cv.path(mp) {
                    cv.stroke(&p, [40, 40, 40, 220], 2.0, Some(&[8.0, 4.0]));
                }
            }
            layers.push(cv.into_rgba());
        }
        png_bytes(w, h, &composite(&layers, Some([255, 255, 255]), w, h))
    };
    let heat_opts = HeatOptions {
        radius_m: 250.0,
        from: Some(from),
        to: Some(to),
        as_of: Some(to),
        weights: Weights {
            severity: [1.0; 3],
            open: 1.0,
            rectifying: 1.0,
            closed: 1.0,
            per_day_overdue: 0.0,
            max_days_overdue: 0.0,
        },
        ..HeatOptions::default()
    };
    let mut r = HeatRenderer::new();
    let heat = r
        .render(map, &view, &heat_opts)
        .map_err(|e| e.to_string())?
        .to_vec();
    let heat_legend = r.legend(&heat_opts);
    let hs = map
        .hotspots(&HotspotOptions {
            from: Some(from),
            to: Some(to),
            ..HotspotOptions::default()
        })
        .map_err(|e| e.to_string())?;
    let hot = render_hotspots(map, &view, &hs).map_err(|e| e.to_string())?;
    Ok(Images {
        heat: frame(heat)?,
        hotspots: frame(hot)?,
        width: w,
        height: h,
        heat_legend,
        hotspot_legend: hotspot_legend(&hs),
        hotspot_band_m: hs.band_m,
    })
}
