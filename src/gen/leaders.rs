//! Leaders at four levels and their zones: a standing-committee member per street,
//! district leaders over sectors of neighbouring communities, a division-level
//! cadre per community with the departments that hold it jointly, a few deliberate
//! overlaps; and which leader holds each cell.

use super::names::{self, root, NameMaker};
use super::rng::Draw;
use super::world::{GenOwner, GenZone, World};

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
    pub(super) fn add_owner(
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

    pub(super) fn make_zones(
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
    pub(super) fn assign_cells(&mut self, zr: &mut impl Draw) {
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
}
