//! Inspection points (点位) by category, placed in each community near its centre
//! (markets, stations and crossings closest), named after the community, held by
//! section-level cadres of the unit in charge of that kind of place; and the
//! level-4 zones around the busiest of them.

use super::grid::CELL_M;
use super::names::{is_village, root, NameMaker};
use super::rng::Draw;
use super::world::{GenOwner, GenPoint, GenZone, World};
use super::write::{from_micro, micro};
use crate::model::Category;
use std::collections::BTreeMap;

/// Expected points per urban community and per village, by category.
const PER_COMMUNITY: &[(Category, f64, f64)] = &[
    (Category::Community, 1.0, 1.0),
    (Category::BackStreet, 1.2, 0.2),
    (Category::Intersection, 0.6, 0.3),
    (Category::PublicToilet, 0.6, 0.4),
    (Category::AdBoard, 0.5, 0.3),
    (Category::School, 0.45, 0.3),
    (Category::Station, 0.4, 0.2),
    (Category::Market, 0.22, 0.12),
    (Category::ParkSquare, 0.18, 0.06),
    (Category::ConstructionSite, 0.15, 0.2),
    (Category::ServiceWindow, 0.1, 0.0),
];

/// The unit that holds each kind of place.
fn unit_for(cat: Category, street: &str) -> String {
    match cat {
        Category::Market => "区市场监管局".into(),
        Category::Station | Category::Intersection => "区交警大队".into(),
        Category::BackStreet | Category::PublicToilet | Category::ParkSquare => "区城管局".into(),
        Category::ConstructionSite => "区住建局".into(),
        Category::School => "区教育局".into(),
        Category::ServiceWindow => "区政务服务中心".into(),
        Category::AdBoard => "区委宣传部".into(),
        Category::Community | Category::Other => format!("{street}办事处"),
    }
}

fn point_name(cat: Category, place: &str, village: bool, k: usize, total: usize) -> String {
    const CN: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let no = |s: &str| {
        if total > 1 {
            format!("{s}{}", k + 1)
        } else {
            s.to_string()
        }
    };
    match cat {
        Category::Market if k == 0 => format!("{place}农贸市场"),
        Category::Market => format!("{place}第{}农贸市场", CN[k.min(9)]),
        Category::BackStreet => format!("{place}{}号背街小巷", k + 1),
        Category::Intersection => no(&format!("{place}交通路口")),
        Category::PublicToilet => no(&format!("{place}公厕")),
        Category::AdBoard => no(&format!("{place}公益广告牌")),
        Category::School => {
            let kinds = ["小学", "幼儿园", "中学", "完全小学"];
            format!("{place}{}", kinds[k % kinds.len()])
        }
        Category::Station => no(&format!("{place}公交站")),
        Category::ParkSquare if k.is_multiple_of(2) => format!("{place}游园"),
        Category::ParkSquare => format!("{place}广场"),
        Category::ConstructionSite => {
            let kinds = ["安置房项目工地", "道路提质改造工地", "棚改项目工地"];
            format!("{place}{}", kinds[k % kinds.len()])
        }
        Category::Community if village => format!("{place}村部"),
        Category::Community => format!("{place}小区"),
        Category::ServiceWindow => no(&format!("{place}党群服务中心")),
        Category::Other => no(&format!("{place}点位")),
    }
}

/// A random position inside cell `c` (metric frame), or its representative point.
pub(crate) fn inside_cell(w: &World, c: u32, rng: &mut impl Draw) -> (f64, f64) {
    let cell = &w.grid.cells[c as usize];
    for _ in 0..24 {
        let &(col, row) = rng.pick(&cell.squares);
        let p = (
            (col as f64 + rng.unit()) * CELL_M,
            (row as f64 + rng.unit()) * CELL_M,
        );
        if w.grid.cell_at_m(p) == Some(c) && w.grid.holds(c, p) {
            return p;
        }
    }
    cell.rep_m
}

pub(crate) fn place(
    w: &mut World,
    community_seed: &[u32],
    pr: &mut impl Draw,
    orr: &mut impl Draw,
) {
    let mut names = NameMaker::new();
    for o in &w.owners {
        names.reserve(&o.name);
    }
    let d = w.district.clone();
    let n = w.grid.cells.len() as u32;
    let mut cells_of: Vec<Vec<u32>> = vec![vec![]; w.communities.len()];
    for c in 0..n {
        cells_of[w.cell_community[c as usize] as usize].push(c);
    }
    let mut holder: BTreeMap<(String, usize), String> = BTreeMap::new();
    let mut first_of_street = vec![true; d.streets.len()];
    for i in 0..w.communities.len() {
        let (s, ci) = w.communities[i];
        let cells = &cells_of[i];
        if cells.is_empty() || community_seed[i] == u32::MAX {
            continue;
        }
        let com = &d.streets[s].communities[ci];
        let village = is_village(&com.name);
        let place = root(&com.name).to_string();
        let street = &d.streets[s].name;
        let seed = w.grid.cells[community_seed[i] as usize].rep_m;
        for &(cat, urban_e, village_e) in PER_COMMUNITY {
            let e = if village { village_e } else { urban_e };
            let mut total = e.floor() as usize + usize::from(pr.chance(e.fract()));
            if cat == Category::ServiceWindow && first_of_street[s] {
                total += 1; // every street has a service centre
            }
            // Busy places sit near the community's centre, the rest anywhere in it.
            let scale_m = match cat {
                Category::Market
                | Category::Station
                | Category::Intersection
                | Category::Community => 250.0,
                _ => 700.0,
            };
            let weights: Vec<f64> = cells
                .iter()
                .map(|&c| {
                    let r = w.grid.cells[c as usize].rep_m;
                    let dm = ((r.0 - seed.0).powi(2) + (r.1 - seed.1).powi(2)).sqrt();
                    (-dm / scale_m).exp() * w.grid.cells[c as usize].area_m2
                })
                .collect();
            for k in 0..total {
                let c = cells[pr.weighted(&weights)];
                let m = inside_cell(w, c, pr);
                let ll = w.grid.frame.m_to_lnglat(m);
                let mic = (micro(ll.0), micro(ll.1));
                let m = w
                    .grid
                    .frame
                    .lnglat_to_m((from_micro(mic.0), from_micro(mic.1)));
                let name = if cat == Category::ServiceWindow && first_of_street[s] && k == 0 {
                    format!("{street}便民服务中心")
                } else {
                    let k2 = if cat == Category::ServiceWindow && first_of_street[s] {
                        k - 1
                    } else {
                        k
                    };
                    let t2 = if cat == Category::ServiceWindow && first_of_street[s] {
                        total - 1
                    } else {
                        total
                    };
                    point_name(cat, &place, village, k2, t2)
                };
                let unit = unit_for(cat, street);
                let owner = if pr.chance(0.05) {
                    None
                } else {
                    let key = (unit.clone(), s);
                    if !holder.contains_key(&key) {
                        let id = format!(
                            "L4-{:03}",
                            w.owners.iter().filter(|o| o.level == 4).count() + 1
                        );
                        let title = if unit.ends_with("办事处") {
                            "副主任（科级）".to_string()
                        } else {
                            format!("{}片区负责人（科级）", root(street))
                        };
                        w.owners.push(GenOwner {
                            id: id.clone(),
                            name: names.person(orr),
                            unit: unit.clone(),
                            title,
                            level: 4,
                        });
                        holder.insert(key.clone(), id);
                    }
                    holder.get(&key).cloned()
                };
                let id = format!("D{:04}", w.points.len() + 1);
                let cell = w
                    .grid
                    .cell_at_m(m)
                    .filter(|&x| w.grid.holds(x, m))
                    .unwrap_or(c);
                w.points.push(GenPoint {
                    id,
                    name,
                    category: cat,
                    owner,
                    micro: mic,
                    m,
                    cell,
                    community: i as u32,
                });
            }
            if cat == Category::ServiceWindow {
                first_of_street[s] = false;
            }
        }
    }

    // Level 4: the block of cells around each market, station and square, held by
    // the point's cadre. Close points give overlapping blocks: real conflicts.
    for p in w.points.clone() {
        if !matches!(
            p.category,
            Category::Market | Category::Station | Category::ParkSquare
        ) {
            continue;
        }
        let Some(owner) = p.owner.clone() else {
            continue;
        };
        let (col, row) = w.grid.cells[p.cell as usize].squares[0];
        let mut cells = vec![];
        for dr in -1..=1 {
            for dc in -1..=1 {
                if let Some(c) = w.grid.cell_of_square(col + dc, row + dr) {
                    if !cells.contains(&c) {
                        cells.push(c);
                    }
                }
            }
        }
        cells.sort_unstable();
        w.zones.push(GenZone {
            id: format!("Z4-{}", p.id),
            name: format!("{}周边责任区", p.name),
            code: None,
            division: None,
            owner,
            level: 4,
            units: vec![],
            note: None,
            cells,
        });
    }
}
