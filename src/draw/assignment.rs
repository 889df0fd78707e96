//! The assignment map (who holds which cell), rasterised with anti-aliasing by
//! [`crate::draw::raster`] into RGBA8 rasters (non-premultiplied, as canvas
//! `ImageData` wants) of `view.device_size()`.
//!
//! Assignment map, bottom to top:
//! 1. cells filled by owner from a categorical palette, coloured so that owners
//!    whose cells touch get different colours (each owner keeps a colour from a hash
//!    of its id unless a neighbour took it, so edits recolour only owners near them);
//!    or, in a workload mode, by the
//!    owner's open problems / overdue problems / points / cells / area on a ramp;
//! 2. unassigned cells: light grey with dark diagonal hatching;
//! 3. thin cell outlines (when cells are at least a few px across);
//! 4. conflict cells (zones of two owners at one level cover them): a red outline;
//! 5. zone outlines by level: level 1 thick and solid … level 4 thin and dotted;
//! 6. selected cells: a blue wash and outline.
//!
//! Owner labels are not rasterised: [`assignment_labels`] returns anchors in CSS px
//! for the page to write with `fillText` (fonts are the page's business).

use super::canvas::Canvas;
use crate::campaign::map::Map;
use crate::draw::palette::{self, Ramp};
use crate::draw::raster::{Hatch, Paint, Path};
use crate::draw::view::View;
use crate::error::{Error, Result};
use crate::io::obj::{by_hand, pick, FromJson, Obj};
use crate::model::*;
use geo::BoundingRect;
use serde::Serialize;
use serde_json::Value;

// No BTreeMap, BTreeSet or HashMap keyed by owner here: sorted lists and positions
// instead. Each map type instantiated for another key cost the wasm module 2–4 KB
// gzipped; these five were 7 KB.

/// What fills the cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum Fill {
    /// A categorical colour per owner.
    #[default]
    Owner,
    /// Workload choropleths: each cell coloured by its owner's total.
    OpenProblems,
    /// Each cell coloured by its owner's overdue problems.
    OverdueProblems,
    /// Each cell coloured by its owner's inspection points.
    Points,
    /// Each cell coloured by its owner's number of cells.
    Cells,
    /// Each cell coloured by its owner's total area (km²).
    Area,
}

/// Assignment-map options. From JS (every key optional): `{fill: "owner" |
/// "openProblems" | "overdueProblems" | "points" | "cells" | "area", selected: [ids],
/// asOf: "2026-11-23", fillOpacity, cellOutlines, zones, zoneLevels: [1, 2],
/// unassigned, conflicts, ramp, domainMax}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default)]
pub struct AssignmentOptions {
    /// What fills the cells.
    pub fill: Fill,
    /// Cell ids drawn as selected.
    pub selected: Vec<String>,
    /// The day overdue problems are reckoned on (for `overdueProblems`).
    #[serde(serialize_with = "crate::model::ser_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub as_of: Option<Day>,
    /// Opacity of the cell fill, 0 to 1.
    pub fill_opacity: f64,
    /// Draw each cell's outline.
    pub cell_outlines: bool,
    /// Draw zone outlines.
    pub zones: bool,
    /// Only these zone levels (all when absent).
    pub zone_levels: Option<Vec<u8>>,
    /// Mark unassigned cells (hatched grey).
    pub unassigned: bool,
    /// Mark conflict cells (red outline).
    pub conflicts: bool,
    /// Ramp of the workload modes.
    pub ramp: Ramp,
    /// Fixed top of the workload scale; none: the busiest owner.
    pub domain_max: Option<f64>,
}

impl Default for AssignmentOptions {
    fn default() -> Self {
        AssignmentOptions {
            fill: Fill::Owner,
            selected: vec![],
            as_of: None,
            fill_opacity: 0.6,
            cell_outlines: true,
            zones: true,
            zone_levels: None,
            unassigned: true,
            conflicts: true,
            ramp: Ramp::YlOrRd,
            domain_max: None,
        }
    }
}

impl Fill {
    /// `owner`, `openProblems`, `overdueProblems`, `points`, `cells` or `area`.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        pick(
            text,
            &[
                ("owner", Self::Owner),
                ("openProblems", Self::OpenProblems),
                ("overdueProblems", Self::OverdueProblems),
                ("points", Self::Points),
                ("cells", Self::Cells),
                ("area", Self::Area),
            ],
        )
    }
}

by_hand!(parse: Fill);
by_hand!(json: AssignmentOptions);

impl FromJson for AssignmentOptions {
    fn from_json(v: &Value, what: &str) -> std::result::Result<Self, String> {
        let o = Obj::new(
            v,
            what,
            &[
                "fill",
                "selected",
                "asOf",
                "fillOpacity",
                "cellOutlines",
                "zones",
                "zoneLevels",
                "unassigned",
                "conflicts",
                "ramp",
                "domainMax",
            ],
        )?;
        let d = AssignmentOptions::default();
        Ok(AssignmentOptions {
            fill: o.vocab("fill", Fill::parse)?.unwrap_or(d.fill),
            selected: o.texts("selected")?,
            as_of: o.day("asOf")?,
            fill_opacity: o.num("fillOpacity")?.unwrap_or(d.fill_opacity),
            cell_outlines: o.flag("cellOutlines")?.unwrap_or(d.cell_outlines),
            zones: o.flag("zones")?.unwrap_or(d.zones),
            zone_levels: o
                .wholes("zoneLevels", 0, 255)?
                .map(|l| l.into_iter().map(|x| x as u8).collect()),
            unassigned: o.flag("unassigned")?.unwrap_or(d.unassigned),
            conflicts: o.flag("conflicts")?.unwrap_or(d.conflicts),
            ramp: o.vocab("ramp", Ramp::parse)?.unwrap_or(d.ramp),
            domain_max: o.num("domainMax")?,
        })
    }
}

/// Colours of the marks, non-premultiplied RGBA.
pub const UNASSIGNED_FILL: [u8; 4] = [189, 189, 189, 140];
/// The hatch lines over unassigned cells.
pub const HATCH: [u8; 4] = [90, 90, 90, 200];
/// The outline of cells held by two zones of one level.
pub const CONFLICT: [u8; 4] = [215, 25, 28, 255];
/// The fill of selected cells.
pub const SELECTED_FILL: [u8; 4] = [30, 110, 255, 90];
/// The outline of selected cells.
pub const SELECTED_LINE: [u8; 4] = [20, 80, 230, 255];
/// Cell outlines.
pub const CELL_LINE: [u8; 4] = [60, 60, 60, 70];

/// The hatch of unassigned cells: light grey with dark diagonal lines every 8 CSS px,
/// 1.25 CSS px wide.
fn hatch(pixel_ratio: f64) -> Hatch {
    let n = ((8.0 * pixel_ratio).round() as u32).max(4);
    Hatch::new(UNASSIGNED_FILL, HATCH, n, 1.25 * pixel_ratio)
}

/// Owner → index into [`palette::categorical`], so that owners whose cells touch
/// (bounding boxes meeting, a slight over-approximation of sharing an edge or a
/// corner) get different colours whenever the palette allows. Deterministic: same
/// cells and owners, same colours.
pub fn owner_colours(map: &Map) -> OwnerColours {
    let cells = map.cells();
    let owners = cell_owners(map);
    let pos = |o: &str| owners.binary_search(&o).ok();
    let mut adj: Vec<Vec<u32>> = vec![vec![]; owners.len()];
    for c in cells {
        let Some(a) = c.owner.as_deref().and_then(pos) else {
            continue;
        };
        let Some(r) = c.geometry.bounding_rect() else {
            continue;
        };
        let eps = 1e-7;
        let (min, max) = (
            (r.min().x - eps, r.min().y - eps),
            (r.max().x + eps, r.max().y + eps),
        );
        for j in map.cell_index().boxes_meeting(min, max) {
            if let Some(b) = cells[j as usize].owner.as_deref().and_then(pos) {
                if b != a {
                    adj[a].push(b as u32);
                    adj[b].push(a as u32);
                }
            }
        }
    }
    // Each owner has a preferred colour from a hash of its id, and owners are
    // coloured in id order, keeping their preference unless an owner coloured before
    // them touches it. An assignment changes the graph near one cell only, so only
    // owners near it can change colour: a planner's map does not repaint itself
    // after every edit (with most-connected-first greedy colouring, one reassigned
    // cell recoloured 11–16 of the demo's 53 owners).
    let n = palette::categorical().len();
    let mut colour: Vec<Option<usize>> = vec![None; owners.len()];
    let mut used = vec![0usize; n];
    for (k, o) in owners.iter().enumerate() {
        used.fill(0);
        let nbrs = &mut adj[k];
        crate::sort::ids(nbrs);
        nbrs.dedup();
        for &nb in nbrs.iter() {
            if let Some(c) = colour[nb as usize] {
                used[c] += 1;
            }
        }
        // The preferred colour if free, else the next free one after it; when all
        // are taken, the least used among the neighbours.
        let pref = (fnv1a(o.as_bytes()) % n as u64) as usize;
        let c = (0..n)
            .map(|k| (pref + k) % n)
            .min_by_key(|&c| (used[c], (c + n - pref) % n))
            .unwrap_or(0);
        colour[k] = Some(c);
    }
    OwnerColours(
        owners
            .iter()
            .zip(colour)
            .map(|(o, c)| (o.to_string(), c.unwrap_or(0)))
            .collect(),
    )
}

/// The owners of the map's cells, each once, sorted by id.
fn cell_owners(map: &Map) -> Vec<&str> {
    let mut owners: Vec<&str> = map
        .cells()
        .iter()
        .filter_map(|c| c.owner.as_deref())
        .collect();
    crate::sort::by(&mut owners, &|a, b| a.cmp(b));
    owners.dedup();
    owners
}

/// Owner → index into [`palette::categorical`], sorted by owner id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OwnerColours(Vec<(String, usize)>);

impl OwnerColours {
    /// The colour of an owner with cells.
    pub fn get(&self, owner: &str) -> Option<&usize> {
        self.0
            .binary_search_by(|(o, _)| o.as_str().cmp(owner))
            .ok()
            .map(|i| &self.0[i].1)
    }
    /// How many owners have cells.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether no cell has an owner.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The owners, by id.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(o, _)| o)
    }
    /// Owner and colour, by owner id.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &usize)> {
        self.0.iter().map(|(o, c)| (o, c))
    }
}

impl std::ops::Index<&str> for OwnerColours {
    type Output = usize;
    fn index(&self, owner: &str) -> &usize {
        self.get(owner).unwrap_or(&0)
    }
}

impl IntoIterator for OwnerColours {
    type Item = (String, usize);
    type IntoIter = std::vec::IntoIter<(String, usize)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// FNV-1a, 64 bits: a fixed hash (std's is seeded per process), so an owner's
/// preferred colour is the same in every session and in the CLI.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Each owner's workload value for a fill mode.
fn workload_values(map: &Map, fill: Fill, as_of: Option<Day>) -> Vec<(String, f64)> {
    map.workload(as_of.unwrap_or(Day::MIN))
        .into_iter()
        .map(|w| {
            let v = match fill {
                Fill::OpenProblems => w.open_problems as f64,
                Fill::OverdueProblems => w.overdue_problems as f64,
                Fill::Points => w.points as f64,
                Fill::Cells => w.cells as f64,
                Fill::Area => w.area_m2 / 1.0e6,
                Fill::Owner => 0.0,
            };
            (w.owner, v)
        })
        .collect()
}

/// The cells whose bounding box meets the view (plus a margin), in index order.
fn cells_in_view(map: &Map, view: &View) -> Vec<u32> {
    let (min, max) = view.bounds(4.0);
    let mut ids = map.cell_index().boxes_meeting(min, max);
    crate::sort::ids(&mut ids);
    ids
}

/// The assignment map of `view`: RGBA8, non-premultiplied, `view.device_size()`.
pub fn render_assignment(map: &Map, view: &View, opts: &AssignmentOptions) -> Result<Vec<u8>> {
    if !(0.0..=1.0).contains(&opts.fill_opacity) {
        return Err(Error::arg("fillOpacity", "give a fraction in 0..1"));
    }
    // Overdue reckons from the ledger date when no day is given.
    let as_of = opts.as_of.or(map.as_of());
    if opts.fill == Fill::OverdueProblems && as_of.is_none() {
        return Err(Error::arg(
            "asOf",
            "overdueProblems needs the day to reckon from",
        ));
    }
    let mut cv = Canvas::new(view)?;
    let pr = view.pixel_ratio;
    let ids = cells_in_view(map, view);
    let cells = map.cells();
    let alpha = (opts.fill_opacity * 255.0).round() as u8;

    // Owner colours, or workload colours. Fills at opacity 0 paint nothing: no
    // colours and no fill paths then (the page asks for outlines, zones or the
    // selection alone this way; for the demo at 1024 × 768 such a render took 75 ms
    // with the invisible fills, most of it rasterising them).
    let fill = alpha > 0;
    let cat = palette::categorical();
    let mut owner_rgba: Vec<(String, [u8; 4])> = if !fill {
        vec![]
    } else if opts.fill == Fill::Owner {
        owner_colours(map)
            .into_iter()
            .map(|(o, c)| {
                let [r, g, b] = cat[c];
                (o, [r, g, b, alpha])
            })
            .collect()
    } else {
        let vals = workload_values(map, opts.fill, as_of);
        let top = opts
            .domain_max
            .unwrap_or_else(|| vals.iter().map(|v| v.1).fold(0.0, f64::max))
            .max(1e-9);
        vals.into_iter()
            .map(|(o, v)| {
                let [r, g, b] = opts.ramp.rgb(v / top);
                (o, [r, g, b, alpha])
            })
            .collect()
    };
    crate::sort::by(&mut owner_rgba, &|a, b| a.0.cmp(&b.0));
    let rgba_of = |o: &str| {
        owner_rgba
            .binary_search_by(|(k, _)| k.as_str().cmp(o))
            .map_or([150, 150, 150, alpha], |i| owner_rgba[i].1)
    };

    let hatch = hatch(view.pixel_ratio);

    // Rings of all cells in view, grouped by what they are drawn with (a few
    // colours: a list searched in turn, then drawn in colour order).
    let mut by_colour: Vec<([u8; 4], Path)> = vec![];
    let (mut unassigned, mut all, mut conflict, mut selected) =
        (Path::new(), Path::new(), Path::new(), Path::new());
    // A flag per cell for conflicts and the selection.
    let mut in_conflict = vec![false; cells.len()];
    if opts.conflicts {
        for i in conflict_cells(map, &ids) {
            in_conflict[i as usize] = true;
        }
    }
    let mut sel = vec![false; cells.len()];
    for i in opts.selected.iter().filter_map(|id| map.cell_pos(id)) {
        sel[i as usize] = true;
    }
    let mut px_area = 0.0f64;
    for &i in &ids {
        let geom = &cells[i as usize].geometry;
        if let Some(r) = geom.bounding_rect() {
            let (a, b) = (
                cv.proj.lnglat_to_px((r.min().x, r.min().y)),
                cv.proj.lnglat_to_px((r.max().x, r.max().y)),
            );
            px_area += ((b.0 - a.0) * (a.1 - b.1)).abs();
        }
        match &cells[i as usize].owner {
            Some(_) if !fill => {}
            Some(o) => {
                let rgba = rgba_of(o);
                let k = match by_colour.iter().position(|(c, _)| *c == rgba) {
                    Some(k) => k,
                    None => {
                        by_colour.push((rgba, Path::new()));
                        by_colour.len() - 1
                    }
                };
                cv.add_to(&mut by_colour[k].1, geom);
            }
            None if opts.unassigned => cv.add_to(&mut unassigned, geom),
            None => {}
        }
        if opts.cell_outlines {
            cv.add_to(&mut all, geom);
        }
        if in_conflict[i as usize] {
            cv.add_to(&mut conflict, geom);
        }
        if sel[i as usize] {
            cv.add_to(&mut selected, geom);
        }
    }
    // Outlines only when a typical cell is at least 10 px across.
    let outlines =
        opts.cell_outlines && !ids.is_empty() && px_area / ids.len() as f64 >= (10.0 * pr).powi(2);

    crate::sort::by(&mut by_colour, &|a, b| a.0.cmp(&b.0));
    for (rgba, path) in &by_colour {
        cv.fill(path, &Paint::Solid(*rgba));
    }
    cv.fill(&unassigned, &Paint::Hatch(&hatch));
    if outlines {
        cv.stroke(&all, CELL_LINE, 0.75 * pr, None);
    }
    cv.stroke(&conflict, CONFLICT, 2.5 * pr, None);
    if opts.zones {
        draw_zones(map, view, &mut cv, opts.zone_levels.as_deref());
    }
    cv.fill(&selected, &Paint::Solid(SELECTED_FILL));
    cv.stroke(&selected, SELECTED_LINE, 2.0 * pr, None);
    Ok(cv.into_rgba())
}

/// Of the cells `ids`, those covered by zones of two or more leads at one level,
/// by the one rule of [`Map::in_conflict`] that `coverage` reports.
/// Ascending, each once.
pub fn conflict_cells(map: &Map, ids: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = ids
        .iter()
        .copied()
        .filter(|&i| map.in_conflict(i))
        .collect();
    crate::sort::ids(&mut out);
    out.dedup();
    out
}

/// Zone outline style per level: (colour, width in CSS px, dash in CSS px).
pub fn zone_style(level: u8) -> ([u8; 4], f32, Option<[f32; 2]>) {
    match level {
        1 => ([37, 37, 37, 230], 3.0, None),
        2 => ([84, 39, 143, 220], 2.0, None),
        3 => ([8, 81, 156, 210], 1.5, Some([6.0, 3.0])),
        _ => ([0, 109, 44, 200], 1.0, Some([2.0, 2.0])),
    }
}

fn draw_zones(map: &Map, view: &View, cv: &mut Canvas, levels: Option<&[u8]>) {
    let (min, max) = view.bounds(8.0);
    let mut ids = map.zone_index().boxes_meeting(min, max);
    // Junior levels first, so level 1 lies on top.
    crate::sort::ids_by(&mut ids, &|a, b| {
        let level = |z: u32| map.zones()[z as usize].level;
        level(b).cmp(&level(a))
    });
    let pr = view.pixel_ratio;
    let mut path = Path::new();
    for z in ids {
        let zone = &map.zones()[z as usize];
        if levels.is_some_and(|l| !l.contains(&zone.level)) {
            continue;
        }
        let (rgba, w, dash) = zone_style(zone.level);
        path.clear();
        cv.add_to(&mut path, &zone.geometry);
        let dash = dash.map(|d| [d[0] as f64 * pr, d[1] as f64 * pr]);
        cv.stroke(&path, rgba, w as f64 * pr, dash.as_ref().map(|d| &d[..]));
    }
}

/// Where to write an owner's name: the mean of its cells' interior points in view,
/// in CSS px, kept when the owner's cells span at least `min_px` across.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Label {
    /// The owner's id.
    pub owner: String,
    /// The owner's name (its id when the owners list lacks it).
    pub name: String,
    /// CSS px from the view's left.
    pub x: f64,
    /// CSS px from the view's top.
    pub y: f64,
    /// Cells of this owner in view.
    pub cells: usize,
}

/// Owner label anchors for a view (CSS px), largest owners first.
pub fn assignment_labels(map: &Map, view: &View, min_px: f64) -> Result<Vec<Label>> {
    view.check().map_err(|e| Error::arg("view", e))?;
    let owners = cell_owners(map);
    let mut acc: Vec<(f64, f64, usize, [f64; 4])> =
        vec![(0.0, 0.0, 0, [f64::MAX, f64::MAX, f64::MIN, f64::MIN]); owners.len()];
    for i in cells_in_view(map, view) {
        let c = &map.cells()[i as usize];
        let Some(k) = c
            .owner
            .as_deref()
            .and_then(|o| owners.binary_search(&o).ok())
        else {
            continue;
        };
        let rep = map.cell_rep[i as usize];
        if !rep.0.is_finite() {
            continue;
        }
        let (x, y) = view.lnglat_to_px(rep);
        if !(0.0..=view.width).contains(&x) || !(0.0..=view.height).contains(&y) {
            continue;
        }
        let e = &mut acc[k];
        e.0 += x;
        e.1 += y;
        e.2 += 1;
        e.3 = [e.3[0].min(x), e.3[1].min(y), e.3[2].max(x), e.3[3].max(y)];
    }
    let mut out: Vec<Label> = owners
        .into_iter()
        .zip(acc)
        .filter(|(_, e)| e.2 > 0)
        .filter(|(_, e)| {
            (e.3[2] - e.3[0]).max(e.3[3] - e.3[1]) >= min_px || e.2 == 1 && min_px <= 0.0
        })
        .map(|(o, e)| Label {
            owner: o.to_string(),
            name: map
                .owner(o)
                .map_or_else(|| o.to_string(), |w| w.name.clone()),
            x: e.0 / e.2 as f64,
            y: e.1 / e.2 as f64,
            cells: e.2,
        })
        .collect();
    crate::sort::by(&mut out, &|a, b| {
        b.cells.cmp(&a.cells).then(a.owner.cmp(&b.owner))
    });
    Ok(out)
}
