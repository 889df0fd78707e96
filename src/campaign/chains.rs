//! Chains of responsibility (网定格、格定责、责定人): for every cell, who answers for
//! it at each level, and the coverage report built on them — cells missing a
//! level, levels held by two leads (conflicts), zones and points nobody holds,
//! owners holding nothing, owners at the wrong level or over a limit.
//!
//! The chain rule: at each level of [`super::rules::Rules::levels`], a cell is held
//! by the leads of the zones of that level covering it (a zone covers a cell when it
//! holds the cell's interior point, [`super::cover`]); at the last level (the
//! cells' level) the cell's own holder answers too. Joint members (联合包抓) hold
//! with their lead: a zone without a lead leaves its level missing.

use super::cover::clash_levels;
use super::map::{Map, NO_CELL};
use super::rules::{Layer, Limit};
use super::warning::{Warning, WarningKind};
use serde::Serialize;

/// A zone in a chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ZoneLink {
    /// The zone's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The division it stands for (蒸湘街道, 红湖社区), if any.
    pub division: Option<String>,
    /// Its lead (牵头), if assigned.
    pub owner: Option<String>,
    /// Units or people holding it jointly (联合包抓).
    pub members: Vec<String>,
    /// Its level, 1–4.
    pub level: u8,
}

/// One level of a cell's chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ChainLevel {
    /// The level, 1–4.
    pub level: u8,
    /// The zones of this level covering the cell, by id.
    pub zones: Vec<ZoneLink>,
    /// Who answers at this level: the zones' leads in zone order, then (at the
    /// cells' level) the cell's own holder; each once.
    pub holders: Vec<String>,
}

/// A cell's chain from the most senior level to the cells' level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct CellChain {
    /// The cell's id.
    pub cell: String,
    /// The cell's own holder.
    pub owner: Option<String>,
    /// Each level of the rules, senior first.
    pub levels: Vec<ChainLevel>,
    /// Levels nobody holds.
    pub missing: Vec<u8>,
    /// Levels where zones of two or more leads cover the cell.
    pub conflicts: Vec<u8>,
}

/// A cell that zones of different leads at one level both cover.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// The cell's id.
    pub cell: String,
    /// The level at which the zones overlap.
    pub level: u8,
    /// The overlapping zones, by id.
    pub zones: Vec<String>,
    /// Their leads.
    pub owners: Vec<String>,
}

/// The cells nobody holds at one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct MissingLevel {
    /// The level nobody holds.
    pub level: u8,
    /// The cells without a holder at it, by id.
    pub cells: Vec<String>,
}

/// Gaps, conflicts and breaches of the rules, over the whole map.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Cells without a holder of their own.
    pub unassigned_cells: Vec<String>,
    /// Inspection points that lie in no cell.
    pub points_outside_cells: Vec<String>,
    /// Problems that lie in no cell.
    pub problems_outside_cells: Vec<String>,
    /// Cells covered by zones of two or more leads at the same level.
    pub conflicts: Vec<Conflict>,
    /// Cells held at every level by one holder or one lead, without conflicts.
    pub complete_cells: usize,
    /// Per level of the rules, the cells nobody holds at it.
    pub missing: Vec<MissingLevel>,
    /// Zones without a lead.
    pub unheld_zones: Vec<String>,
    /// Inspection points without a holder.
    pub unheld_points: Vec<String>,
    /// Owners in the owners list who hold no cell, zone or point.
    pub idle_owners: Vec<String>,
    /// Owners over a limit of the rules (kind overLimit: the items counted, the
    /// limit's layer, zone level and maximum).
    pub over_limit: Vec<Warning>,
    /// Owners holding items whose level is not theirs, per layer (and zone level):
    /// kind levelMismatch, `levels` the levels the items call for.
    pub level_mismatches: Vec<Warning>,
}

/// What every holder holds: ids in string order, and what each holds.
pub(crate) struct Holdings<'a> {
    pub(crate) ids: Vec<&'a str>,
    pub(crate) held: Vec<Held>,
}

impl Holdings<'_> {
    /// The position of `id` in `ids`.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.ids.binary_search(&id).ok()
    }
}

/// What one owner holds, as positions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Held {
    pub(crate) cells: Vec<u32>,
    pub(crate) zones_led: Vec<u32>,
    pub(crate) zones_joined: Vec<u32>,
    pub(crate) points: Vec<u32>,
}

impl Map {
    /// The owner's level from the owners list, when it gives one (1–4).
    pub fn owner_level(&self, id: &str) -> Option<u8> {
        self.owner(id).map(|o| o.level).filter(|&l| l > 0)
    }

    fn zone_link(&self, z: u32) -> ZoneLink {
        let z = &self.zones[z as usize];
        ZoneLink {
            id: z.id.clone(),
            name: z.name.clone(),
            division: z.division.clone(),
            owner: z.owner.clone(),
            members: z.members.clone(),
            level: z.level,
        }
    }

    /// Who answers for cell `c` at `level` (see the module's chain rule).
    pub(crate) fn holders_at(&self, c: u32, level: u8) -> Vec<&str> {
        let mut out: Vec<&str> = vec![];
        for &z in self.cover().zones_of(c) {
            let zone = &self.zones[z as usize];
            if zone.level == level {
                if let Some(o) = zone.owner.as_deref() {
                    if !out.contains(&o) {
                        out.push(o);
                    }
                }
            }
        }
        if level == self.rules.cell_level() {
            if let Some(o) = self.cells[c as usize].owner.as_deref() {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }

    /// The levels at which zones of two or more leads cover cell `c`.
    pub fn conflict_levels(&self, c: u32) -> Vec<u8> {
        let mut out = vec![];
        clash_levels(&self.zones, self.cover().zones_of(c), |l| out.push(l));
        out
    }

    /// Whether zones of two or more leads cover cell `c` at some level.
    pub fn in_conflict(&self, c: u32) -> bool {
        let mut clash = false;
        clash_levels(&self.zones, self.cover().zones_of(c), |_| clash = true);
        clash
    }

    /// The chain of cell `c` (a position).
    pub fn chain_of(&self, c: u32) -> CellChain {
        let cell = &self.cells[c as usize];
        let zones = self.cover().zones_of(c);
        let mut missing = vec![];
        let levels = self
            .rules
            .levels
            .iter()
            .map(|&level| {
                let holders: Vec<String> = self
                    .holders_at(c, level)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                if holders.is_empty() {
                    missing.push(level);
                }
                ChainLevel {
                    level,
                    zones: zones
                        .iter()
                        .filter(|&&z| self.zones[z as usize].level == level)
                        .map(|&z| self.zone_link(z))
                        .collect(),
                    holders,
                }
            })
            .collect();
        CellChain {
            cell: cell.id.clone(),
            owner: cell.owner.clone(),
            levels,
            missing,
            conflicts: self.conflict_levels(c),
        }
    }

    /// The cells an owner answers for: held, or under a zone they lead or join;
    /// ascending positions.
    pub fn owner_cells(&self, owner: &str) -> Vec<u32> {
        let mut flag = vec![false; self.cells.len()];
        for (i, c) in self.cells.iter().enumerate() {
            flag[i] = c.owner.as_deref() == Some(owner);
        }
        for (z, zone) in self.zones.iter().enumerate() {
            if zone.owner.as_deref() == Some(owner) || zone.members.iter().any(|m| m == owner) {
                for &c in self.cover().cells_of(z as u32) {
                    flag[c as usize] = true;
                }
            }
        }
        (0..self.cells.len() as u32)
            .filter(|&i| flag[i as usize])
            .collect()
    }

    /// The chain of a cell by id.
    pub fn cell_chain(&self, id: &str) -> Option<CellChain> {
        self.cell_pos(id).map(|c| self.chain_of(c))
    }

    /// Every cell's chain, in load order.
    pub fn chains(&self) -> Vec<CellChain> {
        (0..self.cells.len() as u32)
            .map(|c| self.chain_of(c))
            .collect()
    }

    /// What every holder holds: each owner in the owners list (possibly nothing)
    /// and every other id or unit that holds a cell, zone or point; by id.
    pub(crate) fn holdings(&self) -> Holdings<'_> {
        // A sorted list and positions rather than a BTreeMap: one instantiation of
        // the tree's code less in the wasm module.
        let mut ids: Vec<&str> = self.owners.iter().map(|o| o.id.as_str()).collect();
        ids.extend(self.cells.iter().filter_map(|c| c.owner.as_deref()));
        for z in &self.zones {
            ids.extend(z.owner.as_deref());
            ids.extend(z.members.iter().map(String::as_str));
        }
        ids.extend(self.points.iter().filter_map(|p| p.owner.as_deref()));
        let mut order: Vec<u32> = (0..ids.len() as u32).collect();
        crate::sort::ids_by(&mut order, &|a, b| ids[a as usize].cmp(ids[b as usize]));
        let mut ids: Vec<&str> = order.iter().map(|&k| ids[k as usize]).collect();
        ids.dedup();
        let mut held = vec![Held::default(); ids.len()];
        let pos = |id: &str| ids.binary_search(&id).unwrap_or(0);
        for (i, c) in self.cells.iter().enumerate() {
            if let Some(o) = c.owner.as_deref() {
                held[pos(o)].cells.push(i as u32);
            }
        }
        for (i, z) in self.zones.iter().enumerate() {
            if let Some(o) = z.owner.as_deref() {
                held[pos(o)].zones_led.push(i as u32);
            }
            for m in &z.members {
                if z.owner.as_deref() != Some(m.as_str()) {
                    held[pos(m)].zones_joined.push(i as u32);
                }
            }
        }
        for (i, p) in self.points.iter().enumerate() {
            if let Some(o) = p.owner.as_deref() {
                held[pos(o)].points.push(i as u32);
            }
        }
        Holdings { ids, held }
    }

    /// The items a limit counts for an owner with these holdings, as ids.
    pub(crate) fn limit_items(&self, held: &Held, limit: &Limit) -> Vec<String> {
        match limit.layer {
            Layer::Cells => held
                .cells
                .iter()
                .map(|&i| self.cells[i as usize].id.clone())
                .collect(),
            Layer::Points => held
                .points
                .iter()
                .map(|&i| self.points[i as usize].id.clone())
                .collect(),
            Layer::Zones => {
                let mut zs: Vec<u32> = held
                    .zones_led
                    .iter()
                    .chain(&held.zones_joined)
                    .copied()
                    .filter(|&z| {
                        limit
                            .zone_level
                            .is_none_or(|l| self.zones[z as usize].level == l)
                    })
                    .collect();
                crate::sort::ids(&mut zs);
                zs.dedup();
                zs.iter()
                    .map(|&z| self.zones[z as usize].id.clone())
                    .collect()
            }
        }
    }

    /// The limits an owner of `level` is held to.
    pub(crate) fn limits_for(&self, level: Option<u8>) -> impl Iterator<Item = &Limit> {
        self.rules
            .limits
            .iter()
            .filter(move |l| l.owner_level.is_none_or(|x| Some(x) == level))
    }

    /// Whether an owner of `level` may hold an item of `layer` whose level is
    /// `item_level` (zones; ignored for cells and points).
    pub(crate) fn level_fits(&self, layer: Layer, level: u8, item_level: u8) -> bool {
        match layer {
            Layer::Cells => level == self.rules.cell_level(),
            Layer::Zones => level == item_level,
            Layer::Points => self.rules.point_levels.contains(&level),
        }
    }

    /// The levels a layer's item calls for.
    pub(crate) fn expected_levels(&self, layer: Layer, item_level: u8) -> Vec<u8> {
        match layer {
            Layer::Cells => vec![self.rules.cell_level()],
            Layer::Zones => vec![item_level],
            Layer::Points => self.rules.point_levels.clone(),
        }
    }

    /// Gaps, conflicts and breaches of the rules. Lists follow load order; owner
    /// reports go by owner id.
    pub fn coverage(&self) -> Coverage {
        let mut c = Coverage {
            ..Coverage::default()
        };
        for x in &self.cells {
            if x.owner.is_none() {
                c.unassigned_cells.push(x.id.clone());
            }
        }
        for (p, &k) in self.points.iter().zip(&self.point_cell) {
            if k == NO_CELL {
                c.points_outside_cells.push(p.id.clone());
            }
            if p.owner.is_none() {
                c.unheld_points.push(p.id.clone());
            }
        }
        for (p, &k) in self.problems.iter().zip(&self.problem_cell) {
            if k == NO_CELL {
                c.problems_outside_cells.push(p.id.clone());
            }
        }
        for z in &self.zones {
            if z.owner.is_none() {
                c.unheld_zones.push(z.id.clone());
            }
        }
        let mut missing: Vec<Vec<String>> = vec![vec![]; self.rules.levels.len()];
        for (i, cell) in self.cells.iter().enumerate() {
            let i = i as u32;
            let covering = self.cover().zones_of(i);
            let mut clash = false;
            clash_levels(&self.zones, covering, |level| {
                clash = true;
                let mut zones = vec![];
                let mut owners: Vec<String> = vec![];
                for &z in covering {
                    let z = &self.zones[z as usize];
                    if z.level == level {
                        zones.push(z.id.clone());
                        // Kept sorted and distinct as they come.
                        if let Some(o) = &z.owner {
                            if !owners.contains(o) {
                                let at = owners.iter().position(|x| x > o).unwrap_or(owners.len());
                                owners.insert(at, o.clone());
                            }
                        }
                    }
                }
                c.conflicts.push(Conflict {
                    cell: cell.id.clone(),
                    level,
                    zones,
                    owners,
                });
            });
            let mut complete = !clash;
            for (k, &level) in self.rules.levels.iter().enumerate() {
                if self.holders_at(i, level).is_empty() {
                    missing[k].push(cell.id.clone());
                    complete = false;
                }
            }
            c.complete_cells += complete as usize;
        }
        c.missing = self
            .rules
            .levels
            .iter()
            .zip(missing)
            .map(|(&level, cells)| MissingLevel { level, cells })
            .collect();

        let all = self.holdings();
        for (&owner, held) in all.ids.iter().zip(&all.held) {
            let level = self.owner_level(owner);
            if self.owner(owner).is_some()
                && held.cells.is_empty()
                && held.zones_led.is_empty()
                && held.zones_joined.is_empty()
                && held.points.is_empty()
            {
                c.idle_owners.push(owner.to_string());
            }
            for limit in self.limits_for(level) {
                let items = self.limit_items(held, limit);
                if items.len() > limit.max {
                    c.over_limit.push(Warning {
                        kind: WarningKind::OverLimit,
                        layer: limit.layer,
                        owner: Some(owner.to_string()),
                        owner_level: level,
                        levels: limit.zone_level.into_iter().collect(),
                        max: Some(limit.max),
                        count: items.len(),
                        ids: items,
                    });
                }
            }
            if let Some(level) = level {
                c.level_mismatches
                    .extend(self.mismatches(owner, level, held));
            }
        }
        c
    }

    /// An owner's holdings whose level is not `level`: one row per layer (and per
    /// zone level).
    fn mismatches(&self, owner: &str, level: u8, held: &Held) -> Vec<Warning> {
        let row = |layer, levels, ids: Vec<String>| Warning {
            kind: WarningKind::LevelMismatch,
            layer,
            owner: Some(owner.to_string()),
            owner_level: Some(level),
            levels,
            max: None,
            count: ids.len(),
            ids,
        };
        let mut out = vec![];
        if !held.cells.is_empty() && !self.level_fits(Layer::Cells, level, 0) {
            out.push(row(
                Layer::Cells,
                self.expected_levels(Layer::Cells, 0),
                held.cells
                    .iter()
                    .map(|&i| self.cells[i as usize].id.clone())
                    .collect(),
            ));
        }
        for l in 1..=4u8 {
            let ids: Vec<String> = held
                .zones_led
                .iter()
                .map(|&z| &self.zones[z as usize])
                .filter(|z| z.level == l && l != level)
                .map(|z| z.id.clone())
                .collect();
            if !ids.is_empty() {
                out.push(row(Layer::Zones, vec![l], ids));
            }
        }
        let points: Vec<String> = held
            .points
            .iter()
            .filter(|_| !self.level_fits(Layer::Points, level, 0))
            .map(|&i| self.points[i as usize].id.clone())
            .collect();
        if !points.is_empty() {
            out.push(row(
                Layer::Points,
                self.expected_levels(Layer::Points, 0),
                points,
            ));
        }
        out
    }
}
