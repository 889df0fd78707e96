//! Planner operations (网定格、格定责、责定人): give cells, zones and points to
//! owners or take them back, each as one step of one undo history, and say what
//! each does and disturbs — items taken from other owners, owners at the wrong
//! level or over a limit, cells left without a holder, new conflicts — both before
//! the planner confirms (a dry run gives the same answer and changes nothing) and
//! after.

use super::chains::Held;
use super::history::{Holding, Step};
use super::map::Map;
use super::rules::Layer;
use super::warning::{Warning, WarningKind};
use crate::error::{Error, Result};
use crate::io::obj::{by_hand, FromJson, Obj};
use serde::Serialize;
use serde_json::Value;

/// Options of an assignment. From JS: `{members: ["区教育局", …], dryRun: true}`.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(missing_as_null),
    serde(rename_all = "camelCase", default)
)]
pub struct AssignOptions {
    /// Zones only: who holds them jointly with the lead (联合包抓), owner ids or
    /// unit names. Absent keeps each zone's members; `[]` clears them.
    pub members: Option<Vec<String>>,
    /// Report what the assignment would do without doing it.
    pub dry_run: bool,
}

by_hand!(json: AssignOptions);

impl FromJson for AssignOptions {
    fn from_json(v: &Value, what: &str) -> std::result::Result<Self, String> {
        let o = Obj::new(v, what, &["members", "dryRun"])?;
        Ok(AssignOptions {
            members: o.list("members")?,
            dry_run: o.flag("dryRun")?.unwrap_or(false),
        })
    }
}

/// Items an assignment takes from one previous holder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Taken {
    pub owner: String,
    pub count: usize,
}

/// What an assignment did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct AssignReport {
    pub layer: Layer,
    pub owner: Option<String>,
    /// Items whose holder (or joint members) changed.
    pub assigned: usize,
    /// Items asked for that were already so.
    pub unchanged: usize,
    /// Previous holders of the changed items, most items first.
    pub taken_from: Vec<Taken>,
    pub warnings: Vec<Warning>,
    pub dry_run: bool,
}

impl Map {
    /// Gives cells to `owner`, or takes them back with `None`: one undoable step.
    pub fn assign_cells(&mut self, ids: &[&str], owner: Option<&str>) -> Result<AssignReport> {
        self.assign(Layer::Cells, ids, owner, &AssignOptions::default())
    }

    /// Gives zones to a lead `owner` with optional joint `members` (None keeps
    /// each zone's members), or takes the lead away with `None`.
    pub fn assign_zones(
        &mut self,
        ids: &[&str],
        owner: Option<&str>,
        members: Option<&[&str]>,
    ) -> Result<AssignReport> {
        let opts = AssignOptions {
            members: members.map(|m| m.iter().map(|s| s.to_string()).collect()),
            dry_run: false,
        };
        self.assign(Layer::Zones, ids, owner, &opts)
    }

    /// Gives inspection points to `owner` (挂点), or takes them back with `None`.
    pub fn assign_points(&mut self, ids: &[&str], owner: Option<&str>) -> Result<AssignReport> {
        self.assign(Layer::Points, ids, owner, &AssignOptions::default())
    }

    /// The general assignment. Every id is checked first: an unknown id, an owner
    /// missing from a loaded owners list, or members given for cells or points
    /// change nothing and return an error. Items already held so are left alone;
    /// the rest change as one step of the undo history (none in a dry run).
    pub fn assign(
        &mut self,
        layer: Layer,
        ids: &[&str],
        owner: Option<&str>,
        opts: &AssignOptions,
    ) -> Result<AssignReport> {
        let items = self.resolve(layer, ids)?;
        let owner = owner.map(str::trim).filter(|o| !o.is_empty());
        if let Some(o) = owner {
            if !self.owners.is_empty() && self.owner(o).is_none() {
                return Err(Error::UnknownOwner(o.to_string()));
            }
        }
        if opts.members.is_some() && layer != Layer::Zones {
            return Err(Error::arg(
                "members",
                "only zones have joint members; leave it out for cells and points",
            ));
        }
        let members: Option<Vec<String>> = opts.members.as_ref().map(|m| {
            let mut out: Vec<String> = vec![];
            for x in m.iter().map(|x| x.trim()).filter(|x| !x.is_empty()) {
                if Some(x) != owner && !out.iter().any(|o| o == x) {
                    out.push(x.to_string());
                }
            }
            out
        });

        let mut step = Step {
            layer,
            items: vec![],
            before: vec![],
            after: vec![],
        };
        for &i in &items {
            let before = self.holding(layer, i);
            let after = Holding {
                owner: owner.map(str::to_string),
                members: match &members {
                    Some(m) => m.clone(),
                    None => before
                        .members
                        .iter()
                        .filter(|m| Some(m.as_str()) != owner)
                        .cloned()
                        .collect(),
                },
            };
            if after != before {
                step.items.push(i);
                step.before.push(before);
                step.after.push(after);
            }
        }

        // Who gains something whose limits may break: the owner and new members.
        let mut gaining: Vec<String> = owner.map(str::to_string).into_iter().collect();
        for h in &step.after {
            for m in &h.members {
                if !gaining.contains(m) {
                    gaining.push(m.clone());
                }
            }
        }
        let before_counts: Vec<Held> = gaining.iter().map(|o| self.held_by(o)).collect();
        let watched = self.watched_cells(&step);
        let held_before: Vec<bool> = watched
            .iter()
            .map(|&(c, l)| !self.holders_at(c, l).is_empty())
            .collect();
        let clash_before: Vec<bool> = watched
            .iter()
            .map(|&(c, l)| layer == Layer::Zones && self.conflict_levels(c).contains(&l))
            .collect();

        self.apply(&step, false);

        let mut warnings = vec![];
        if let Some(o) = owner {
            self.warn_levels(&step, o, &mut warnings);
        }
        for (x, before) in gaining.iter().zip(&before_counts) {
            self.warn_limits(x, layer, before, &mut warnings);
        }
        // Per level 1–4 (arrays rather than maps: less code in the wasm module).
        let mut left: [Vec<String>; 5] = Default::default();
        let mut clash: [Vec<String>; 5] = Default::default();
        for (k, &(c, l)) in watched.iter().enumerate() {
            let id = &self.cells[c as usize].id;
            let l = l as usize % 5;
            if held_before[k] && self.holders_at(c, l as u8).is_empty() {
                left[l].push(id.clone());
            }
            if layer == Layer::Zones
                && !clash_before[k]
                && self.conflict_levels(c).contains(&(l as u8))
            {
                clash[l].push(id.clone());
            }
        }
        for (kind, lists) in [
            (WarningKind::LeftWithoutHolder, left),
            (WarningKind::NewConflict, clash),
        ] {
            for (level, ids) in lists.into_iter().enumerate() {
                if !ids.is_empty() {
                    warnings.push(cell_warning(kind, layer, level as u8, ids));
                }
            }
        }
        if let Some(m) = &members {
            self.warn_members(m, &mut warnings);
        }

        let mut taken_from: Vec<Taken> = vec![];
        for h in &step.before {
            if let Some(b) = h.owner.as_deref().filter(|&b| Some(b) != owner) {
                match taken_from.iter_mut().find(|t| t.owner == b) {
                    Some(t) => t.count += 1,
                    None => taken_from.push(Taken {
                        owner: b.to_string(),
                        count: 1,
                    }),
                }
            }
        }
        // Most items first, then by id: an insertion sort over a few holders.
        for k in 1..taken_from.len() {
            let mut j = k;
            while j > 0 && {
                let (a, b) = (&taken_from[j - 1], &taken_from[j]);
                (b.count, &a.owner) > (a.count, &b.owner)
            } {
                taken_from.swap(j - 1, j);
                j -= 1;
            }
        }

        let report = AssignReport {
            layer,
            owner: owner.map(str::to_string),
            assigned: step.items.len(),
            unchanged: items.len() - step.items.len(),
            taken_from,
            warnings,
            dry_run: opts.dry_run,
        };
        if opts.dry_run {
            self.apply(&step, true);
        } else if !step.items.is_empty() {
            self.history.push_done(step);
            self.history.undone.clear();
        }
        Ok(report)
    }

    /// Positions of the ids in a layer, each once, in the order given.
    fn resolve(&self, layer: Layer, ids: &[&str]) -> Result<Vec<u32>> {
        let mut unknown = vec![];
        let mut out = vec![];
        let n = match layer {
            Layer::Cells => self.cells.len(),
            Layer::Zones => self.zones.len(),
            Layer::Points => self.points.len(),
        };
        let mut seen = vec![false; n];
        for id in ids {
            let pos = match layer {
                Layer::Cells => self.cell_pos(id),
                Layer::Zones => self.zone_pos(id),
                Layer::Points => self.point_pos(id),
            };
            match pos {
                Some(i) if !seen[i as usize] => {
                    seen[i as usize] = true;
                    out.push(i);
                }
                Some(_) => {}
                None => unknown.push(*id),
            }
        }
        if unknown.is_empty() {
            return Ok(out);
        }
        let list = unknown.join(", ");
        Err(match layer {
            Layer::Cells => Error::UnknownCells(list),
            Layer::Zones => Error::UnknownZones(list),
            Layer::Points => Error::UnknownPoints(list),
        })
    }

    fn holding(&self, layer: Layer, i: u32) -> Holding {
        let i = i as usize;
        match layer {
            Layer::Cells => Holding {
                owner: self.cells[i].owner.clone(),
                members: vec![],
            },
            Layer::Zones => Holding {
                owner: self.zones[i].owner.clone(),
                members: self.zones[i].members.clone(),
            },
            Layer::Points => Holding {
                owner: self.points[i].owner.clone(),
                members: vec![],
            },
        }
    }

    fn apply(&mut self, step: &Step, backwards: bool) {
        let to = if backwards { &step.before } else { &step.after };
        for (&i, h) in step.items.iter().zip(to) {
            let i = i as usize;
            match step.layer {
                Layer::Cells => self.cells[i].owner = h.owner.clone(),
                Layer::Zones => {
                    self.zones[i].owner = h.owner.clone();
                    self.zones[i].members = h.members.clone();
                }
                Layer::Points => self.points[i].owner = h.owner.clone(),
            }
        }
    }

    /// What one holder holds.
    pub(crate) fn held_by(&self, who: &str) -> Held {
        let mut all = self.holdings();
        all.find(who)
            .map(|i| std::mem::take(&mut all.held[i]))
            .unwrap_or_default()
    }

    /// The (cell, level) pairs a step can leave without a holder or put in
    /// conflict: its cells at the cells' level, or the cells its zones cover at
    /// each zone's level.
    fn watched_cells(&self, step: &Step) -> Vec<(u32, u8)> {
        match step.layer {
            Layer::Cells => {
                let l = self.rules.cell_level();
                step.items.iter().map(|&c| (c, l)).collect()
            }
            Layer::Zones => {
                let mut v: Vec<(u32, u8)> = vec![];
                for &z in &step.items {
                    let l = self.zones[z as usize].level;
                    v.extend(self.cover().cells_of(z).iter().map(|&c| (c, l)));
                }
                let mut order: Vec<u32> = (0..v.len() as u32).collect();
                crate::sort::ids_by(&mut order, &|a, b| v[a as usize].cmp(&v[b as usize]));
                let mut out: Vec<(u32, u8)> = order.iter().map(|&k| v[k as usize]).collect();
                out.dedup();
                out
            }
            Layer::Points => vec![],
        }
    }

    fn warn_levels(&self, step: &Step, owner: &str, out: &mut Vec<Warning>) {
        let Some(level) = self.owner_level(owner) else {
            return;
        };
        // Items by the level they call for: cells and points one group (index 0),
        // zones by their level.
        let mut groups: [Vec<String>; 5] = Default::default();
        for &i in &step.items {
            let (id, item_level) = match step.layer {
                Layer::Cells => (&self.cells[i as usize].id, 0),
                Layer::Zones => (&self.zones[i as usize].id, self.zones[i as usize].level),
                Layer::Points => (&self.points[i as usize].id, 0),
            };
            if !self.level_fits(step.layer, level, item_level) {
                groups[item_level as usize % 5].push(id.clone());
            }
        }
        for (item_level, ids) in groups.into_iter().enumerate() {
            if ids.is_empty() {
                continue;
            }
            let levels = self.expected_levels(step.layer, item_level as u8);
            out.push(Warning {
                kind: WarningKind::LevelMismatch,
                layer: step.layer,
                owner: Some(owner.to_string()),
                owner_level: Some(level),
                levels,
                max: None,
                count: ids.len(),
                ids,
            });
        }
    }

    fn warn_limits(&self, who: &str, layer: Layer, before: &Held, out: &mut Vec<Warning>) {
        let level = self.owner_level(who);
        let after = self.held_by(who);
        for limit in self.limits_for(level).filter(|l| l.layer == layer) {
            let now = self.limit_items(&after, limit);
            let was = self.limit_items(before, limit).len();
            if now.len() > limit.max && now.len() > was {
                out.push(Warning {
                    kind: WarningKind::OverLimit,
                    layer,
                    owner: Some(who.to_string()),
                    owner_level: level,
                    levels: limit.zone_level.into_iter().collect(),
                    max: Some(limit.max),
                    count: now.len(),
                    ids: now,
                });
            }
        }
    }

    fn warn_members(&self, members: &[String], out: &mut Vec<Warning>) {
        if self.owners.is_empty() {
            return;
        }
        for m in members {
            if self.owner(m).is_none() && !self.owners.iter().any(|o| &o.unit == m) {
                out.push(Warning {
                    kind: WarningKind::UnknownMember,
                    layer: Layer::Zones,
                    owner: Some(m.clone()),
                    owner_level: None,
                    levels: vec![],
                    max: None,
                    count: 1,
                    ids: vec![],
                });
            }
        }
    }

    /// Undoes the last assignment of any layer; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.history.done.pop() else {
            return false;
        };
        self.apply(&step, true);
        self.history.undone.push(step);
        true
    }

    /// Redoes the last undone assignment; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.history.undone.pop() else {
            return false;
        };
        self.apply(&step, false);
        self.history.push_done(step);
        true
    }

    /// How many assignments can be undone now (at most
    /// [`super::history::MAX_UNDO_STEPS`]; the oldest are forgotten past the bounds).
    pub fn undo_depth(&self) -> usize {
        self.history.undo_depth()
    }

    pub fn can_undo(&self) -> bool {
        !self.history.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.history.undone.is_empty()
    }
}

fn cell_warning(kind: WarningKind, layer: Layer, level: u8, ids: Vec<String>) -> Warning {
    Warning {
        kind,
        layer,
        owner: None,
        owner_level: None,
        levels: vec![level],
        max: None,
        count: ids.len(),
        ids,
    }
}
