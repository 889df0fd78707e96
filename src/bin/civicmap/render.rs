//! `civicmap render heat|assignment|choropleth …`: a map of GeoJSON files to PNG, for
//! the weekly bulletin (周通报) and for servers that pre-render. The same renderers as
//! the browser's, composited over a plain background with the grid and zone
//! outlines for context.

use civicmap::assignment::{self as render, AssignmentOptions, Fill};
use civicmap::choropleth::{self, ChoroplethOptions, Measure};
use civicmap::heat::{HeatOptions, HeatRenderer, Mode};
use civicmap::raster::Canvas;
use civicmap::raster::Raster;
use civicmap::{Crs, LoadOptions, Map, View};
use geo::MultiPolygon;

const HELP: &str = "\
usage: civicmap render heat|assignment|choropleth [options] --out map.png

data (GeoJSON files; each optional):
  --cells F --zones F --points F --problems F --owners F
  --outline F [--adcode CODE]   draw the (Multi)Polygons of F (only those whose
                                properties.adcode is CODE) as a boundary
view:
  --width 1024 --height 768     size in CSS px (default 1024×768)
  --fit                         fit the data (default), or
  --center LNG,LAT --zoom Z     a fixed view (XYZ zoom, fractional allowed)
  --pixel-ratio R               device px per CSS px (default 1)
  --base-crs wgs84|gcj02|bd09   draw in the base map's system (default wgs84)
heat:
  --radius-m 150 | --radius-px N   kernel radius (2σ)
  --from YYYY-MM-DD --to YYYY-MM-DD   found-date window
  --as-of YYYY-MM-DD            reckon overdue weights on this day
  --domain-max X                fixed colour top (weighted problems per km²)
  --mode kernel|square|hex      --bin-px 24   --layer problems|points
  --ramp YlOrRd|viridis|…       --opacity 0.85
assignment:
  --fill owner|openProblems|overdueProblems|points|cells|area
  --select ID,ID,…              cells drawn as selected
choropleth:
  --by cells|zones  --measure count|weighted|perKm2
output:
  --background #f7f7f7|none     (default #f7f7f7)
  --out FILE.png";

struct Args {
    kind: String,
    opts: std::collections::HashMap<String, String>,
    flags: std::collections::HashSet<String>,
}

impl Args {
    fn parse(args: &[String]) -> Result<Args, String> {
        let kind = args
            .first()
            .cloned()
            .ok_or("say what to render: heat, assignment or choropleth")?;
        let mut opts = std::collections::HashMap::new();
        let mut flags = std::collections::HashSet::new();
        let mut it = args[1..].iter();
        while let Some(a) = it.next() {
            let Some(key) = a.strip_prefix("--") else {
                return Err(format!("unexpected `{a}`; options start with --"));
            };
            if matches!(key, "fit" | "help") {
                flags.insert(key.to_string());
                continue;
            }
            let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
            opts.insert(key.to_string(), v.clone());
        }
        Ok(Args { kind, opts, flags })
    }

    fn take(&mut self, key: &str) -> Option<String> {
        self.opts.remove(key)
    }

    fn num(&mut self, key: &str) -> Result<Option<f64>, String> {
        self.take(key)
            .map(|v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| format!("--{key} `{v}` is not a number"))
            })
            .transpose()
    }

    fn day(&mut self, key: &str) -> Result<Option<i32>, String> {
        self.take(key)
            .map(|v| civicmap::parse_day(&v).map_err(|e| format!("--{key}: {e}")))
            .transpose()
    }

    /// A JSON string value read through serde (for the enums' own names and errors).
    fn enum_of<T: serde::de::DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>, String> {
        self.take(key)
            .map(|v| {
                serde_json::from_value(serde_json::Value::String(v.clone()))
                    .map_err(|e| format!("--{key} `{v}`: {e}"))
            })
            .transpose()
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    if args.is_empty()
        || args
            .iter()
            .any(|a| a == "--help" || a == "-h" || a == "help")
    {
        println!("{HELP}");
        return Ok(());
    }
    let mut a = Args::parse(args)?;
    let mut map = Map::new();
    let load = |what: &str, text: &str, map: &mut Map| -> Result<(), String> {
        let r = match what {
            "cells" => map.load_cells(text, LoadOptions::default()),
            "zones" => map.load_zones(text, LoadOptions::default()),
            "points" => map.load_points(text, LoadOptions::default()),
            "problems" => map.load_problems(text, LoadOptions::default()),
            _ => map.load_owners(text),
        }
        .map_err(|e| format!("--{what}: {e}"))?;
        for r in r.rejected.iter().take(5) {
            eprintln!("civicmap: --{what}: rejected {r}");
        }
        if r.rejected.len() > 5 {
            eprintln!("civicmap: --{what}: … {} rejected in all", r.rejected.len());
        }
        Ok(())
    };
    // Cells before points and problems, so the spatial join sees them.
    for what in ["owners", "cells", "zones", "points", "problems"] {
        if let Some(f) = a.take(what) {
            let text = std::fs::read_to_string(&f).map_err(|e| format!("--{what} {f}: {e}"))?;
            load(what, &text, &mut map)?;
        }
    }
    let outline = match a.take("outline") {
        Some(f) => read_outline(&f, a.take("adcode").as_deref())?,
        None => vec![],
    };

    let width = a.num("width")?.unwrap_or(1024.0);
    let height = a.num("height")?.unwrap_or(768.0);
    let base = View {
        pixel_ratio: a.num("pixel-ratio")?.unwrap_or(1.0),
        base_crs: match a.take("base-crs") {
            Some(c) => Crs::parse(&c).map_err(|e| e.to_string())?,
            None => Crs::Wgs84,
        },
        ..View::default()
    };
    let view = match (a.take("center"), a.num("zoom")?) {
        (Some(c), Some(zoom)) => {
            let (lng, lat) = c
                .split_once(',')
                .and_then(|(x, y)| {
                    Some((x.trim().parse::<f64>().ok()?, y.trim().parse::<f64>().ok()?))
                })
                .ok_or_else(|| format!("--center `{c}`: write LNG,LAT"))?;
            View {
                lng,
                lat,
                zoom,
                width,
                height,
                ..base
            }
        }
        (None, None) => {
            let mut b = map.data_bounds();
            for mp in &outline {
                use geo::BoundingRect;
                if let Some(r) = mp.bounding_rect() {
                    let e = b.get_or_insert(((r.min().x, r.min().y), (r.max().x, r.max().y)));
                    e.0 = (e.0 .0.min(r.min().x), e.0 .1.min(r.min().y));
                    e.1 = (e.1 .0.max(r.max().x), e.1 .1.max(r.max().y));
                }
            }
            let (min, max) = b.ok_or("nothing to fit: give data files or --center and --zoom")?;
            base.fit_bounds(min, max, width, height, 16.0, 18.0)
        }
        _ => return Err("give both --center and --zoom, or neither (fit the data)".into()),
    };
    a.flags.remove("fit");
    view.check()?;

    let background = match a.take("background").as_deref() {
        None => Some([247, 247, 247]),
        Some("none") => None,
        Some(hex) => Some(parse_hex(hex)?),
    };
    let out = a.take("out").ok_or("give --out FILE.png")?;

    let kind = a.kind.clone();
    let (rgba, context) = match kind.as_str() {
        "heat" => {
            let mut o = HeatOptions {
                radius_m: a.num("radius-m")?.unwrap_or(150.0),
                radius_px: a.num("radius-px")?,
                from: a.day("from")?,
                to: a.day("to")?,
                as_of: a.day("as-of")?,
                domain_max: a.num("domain-max")?,
                ..HeatOptions::default()
            };
            if let Some(m) = a.enum_of::<Mode>("mode")? {
                o.mode = m;
            }
            if let Some(l) = a.enum_of("layer")? {
                o.layer = l;
            }
            if let Some(r) = a.enum_of("ramp")? {
                o.ramp = r;
            }
            if let Some(b) = a.num("bin-px")? {
                o.bin_px = b;
            }
            if let Some(x) = a.num("opacity")? {
                o.opacity = x;
            }
            let mut r = HeatRenderer::new();
            let rgba = r
                .render(&map, &view, &o)
                .map_err(|e| e.to_string())?
                .to_vec();
            let s = r.stats;
            eprintln!(
                "civicmap: heat: {} located, colour top {:.0} per km² (max {:.0}), σ {:.1} px",
                s.binned, s.domain_max, s.max_density, s.sigma_px
            );
            (rgba, true)
        }
        "assignment" => {
            let mut o = AssignmentOptions {
                as_of: a.day("as-of")?,
                selected: a
                    .take("select")
                    .map(|s| s.split(',').map(|x| x.trim().to_string()).collect())
                    .unwrap_or_default(),
                ..AssignmentOptions::default()
            };
            if let Some(f) = a.enum_of::<Fill>("fill")? {
                o.fill = f;
            }
            let rgba = render::render_assignment(&map, &view, &o).map_err(|e| e.to_string())?;
            (rgba, false)
        }
        "choropleth" => {
            let mut o = ChoroplethOptions {
                from: a.day("from")?,
                to: a.day("to")?,
                as_of: a.day("as-of")?,
                domain_max: a.num("domain-max")?,
                ..ChoroplethOptions::default()
            };
            if let Some(b) = a.enum_of("by")? {
                o.by = b;
            }
            if let Some(m) = a.enum_of::<Measure>("measure")? {
                o.measure = m;
            }
            let (rgba, top) =
                choropleth::render_choropleth(&map, &view, &o).map_err(|e| e.to_string())?;
            eprintln!("civicmap: choropleth: colour top {top:.2}");
            (rgba, true)
        }
        other => {
            return Err(format!(
                "unknown map `{other}`; use heat, assignment or choropleth"
            ))
        }
    };
    if let Some(k) = a.opts.keys().next() {
        return Err(format!("unknown option --{k}; see civicmap render --help"));
    }

    // Context under heat and choropleths: the grid and the zones, faint.
    let mut layers = vec![];
    if context {
        layers.push(context_layer(&map, &view)?);
    }
    layers.push(rgba);
    if !outline.is_empty() {
        let mut cv = Canvas::new(&view).map_err(|e| e.to_string())?;
        for mp in &outline {
            if let Some(p) = cv.path(mp) {
                cv.stroke(
                    &p,
                    [40, 40, 40, 220],
                    2.0 * view.pixel_ratio,
                    Some(&[8.0, 4.0]),
                );
            }
        }
        layers.push(cv.into_rgba());
    }
    let (w, h) = view.device_size();
    let img = composite(&layers, background, w, h);
    write_png(&out, w, h, &img)?;
    eprintln!("civicmap: wrote {out} ({w}×{h})");
    Ok(())
}

pub fn context_layer(map: &Map, view: &View) -> Result<Vec<u8>, String> {
    let o = AssignmentOptions {
        unassigned: false,
        conflicts: false,
        fill_opacity: 0.0,
        ..AssignmentOptions::default()
    };
    let mut rgba = render::render_assignment(map, view, &o).map_err(|e| e.to_string())?;
    // Fainter than on the assignment map.
    for px in rgba.chunks_exact_mut(4) {
        px[3] /= 2;
    }
    Ok(rgba)
}

/// The layers (straight-alpha RGBA8, bottom first) composited source-over on an
/// optional opaque background, by the library's raster.
pub fn composite(layers: &[Vec<u8>], background: Option<[u8; 3]>, w: u32, h: u32) -> Vec<u8> {
    let mut out = Raster::new(w, h);
    if let Some([r, g, b]) = background {
        out.fill_all([r, g, b, 255]);
    }
    for layer in layers {
        out.draw_layer(layer);
    }
    out.into_rgba()
}

fn parse_hex(hex: &str) -> Result<[u8; 3], String> {
    let h = hex.trim_start_matches('#');
    let bad = || format!("--background `{hex}`: write #rrggbb or none");
    if h.len() != 6 {
        return Err(bad());
    }
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).map_err(|_| bad());
    Ok([c(0)?, c(2)?, c(4)?])
}

/// The (Multi)Polygons of a GeoJSON file, read by the library's reader (bad
/// features are named on stderr), optionally only those whose `properties.adcode`
/// is `adcode`.
pub fn read_outline(path: &str, adcode: Option<&str>) -> Result<Vec<MultiPolygon<f64>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("--outline {path}: {e}"))?;
    let areas = civicmap::geojson::parse_areas(&text, LoadOptions::default())
        .map_err(|e| format!("--outline {path}: {e}"))?;
    for r in &areas.rejected {
        eprintln!("civicmap: --outline: rejected {r}");
    }
    let code = |f: &civicmap::geojson::Feature<MultiPolygon<f64>>| match f.properties.get("adcode")
    {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let out: Vec<MultiPolygon<f64>> = areas
        .items
        .into_iter()
        .filter(|f| adcode.is_none_or(|a| code(f).as_deref() == Some(a)))
        .map(|f| f.geometry)
        .collect();
    if out.is_empty() {
        return Err(format!(
            "--outline {path}: no polygons{}",
            adcode
                .map(|a| format!(" with adcode {a}"))
                .unwrap_or_default()
        ));
    }
    Ok(out)
}

/// RGBA8 as PNG bytes (for images embedded in the bulletin).
#[cfg(not(target_arch = "wasm32"))]
pub fn png_bytes(w: u32, h: u32, rgba: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut wr = enc.write_header().map_err(|e| e.to_string())?;
    wr.write_image_data(rgba).map_err(|e| e.to_string())?;
    wr.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(not(target_arch = "wasm32"))]
fn write_png(path: &str, w: u32, h: u32, rgba: &[u8]) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| format!("--out {path}: {e}"))?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut wr = enc
        .write_header()
        .map_err(|e| format!("--out {path}: {e}"))?;
    wr.write_image_data(rgba)
        .map_err(|e| format!("--out {path}: {e}"))
}

#[cfg(target_arch = "wasm32")]
pub fn png_bytes(_: u32, _: u32, _: &[u8]) -> Result<Vec<u8>, String> {
    Err("PNG output is native-only".into())
}

#[cfg(target_arch = "wasm32")]
fn write_png(_: &str, _: u32, _: u32, _: &[u8]) -> Result<(), String> {
    Err("PNG output is native-only".into())
}
