//! Planner operations: give cells to owners (网定格、格定责、责定人), undo and redo,
//! and the two views that show whether the grid is covered well: coverage (gaps and
//! conflicts) and workload per owner.

use super::history::Step;
use super::map::{Map, NO_CELL};
use crate::error::{Error, Result};
use crate::model::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Gaps and conflicts in the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Cells nobody holds.
    pub unassigned_cells: Vec<String>,
    /// Inspection points that lie in no cell.
    pub points_outside_cells: Vec<String>,
    /// Problems that lie in no cell.
    pub problems_outside_cells: Vec<String>,
    /// Cells covered by zones of two or more owners at the same level.
    pub conflicts: Vec<Conflict>,
}

/// A cell that zones of different owners at one level both cover. A zone covers a
/// cell when it holds the cell's interior point.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    pub cell: String,
    pub level: u8,
    pub zones: Vec<String>,
    pub owners: Vec<String>,
}

/// What one owner holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    pub owner: String,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub cells: usize,
    pub area_m2: f64,
    /// Inspection points inside the owner's cells.
    pub points: usize,
    /// Inspection points the owner holds directly (挂点).
    pub points_held: usize,
    /// Open or rectifying problems inside the owner's cells.
    pub open_problems: usize,
    pub overdue_problems: usize,
}

impl Map {
    /// Gives the cells to `owner` (or takes them back with `None`) as one undoable
    /// step. All ids are checked first: an unknown id changes nothing. When an owners
    /// list is loaded, the owner must be in it. Returns how many cells changed hands.
    pub fn assign_cells(&mut self, ids: &[&str], owner: Option<&str>) -> Result<usize> {
        let mut unknown = vec![];
        let mut cells = vec![];
        let mut seen = BTreeSet::new();
        for id in ids {
            match self.cell_pos(id) {
                Some(i) if seen.insert(i) => cells.push(i),
                Some(_) => {}
                None => unknown.push(*id),
            }
        }
        if !unknown.is_empty() {
            return Err(Error::UnknownCells(unknown.join(", ")));
        }
        let owner = owner.map(str::trim).filter(|o| !o.is_empty());
        if let Some(o) = owner {
            if !self.owners.is_empty() && self.owner(o).is_none() {
                return Err(Error::UnknownOwner(o.to_string()));
            }
        }
        cells.retain(|&i| self.cells[i as usize].owner.as_deref() != owner);
        if cells.is_empty() {
            return Ok(0);
        }
        let step = Step {
            before: cells
                .iter()
                .map(|&i| self.cells[i as usize].owner.clone())
                .collect(),
            cells,
            after: owner.map(str::to_string),
        };
        self.apply(&step, false);
        let n = step.cells.len();
        self.history.done.push(step);
        self.history.undone.clear();
        Ok(n)
    }

    fn apply(&mut self, step: &Step, backwards: bool) {
        for (k, &i) in step.cells.iter().enumerate() {
            self.cells[i as usize].owner = if backwards {
                step.before[k].clone()
            } else {
                step.after.clone()
            };
        }
    }

    /// Undoes the last assignment; false when there is nothing to undo.
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
        self.history.done.push(step);
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.history.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.history.undone.is_empty()
    }

    /// Gaps and conflicts: unassigned cells, points and problems in no cell, and
    /// cells covered by zones of different owners at the same level. Lists follow
    /// load order.
    pub fn coverage(&self) -> Coverage {
        let mut c = Coverage {
            unassigned_cells: self
                .cells
                .iter()
                .filter(|x| x.owner.is_none())
                .map(|x| x.id.clone())
                .collect(),
            ..Coverage::default()
        };
        c.points_outside_cells = self
            .points
            .iter()
            .zip(&self.point_cell)
            .filter(|(_, &k)| k == NO_CELL)
            .map(|(p, _)| p.id.clone())
            .collect();
        c.problems_outside_cells = self
            .problems
            .iter()
            .zip(&self.problem_cell)
            .filter(|(_, &k)| k == NO_CELL)
            .map(|(p, _)| p.id.clone())
            .collect();
        for (cell, &rep) in self.cells.iter().zip(&self.cell_rep) {
            let mut by_level: BTreeMap<u8, (Vec<String>, BTreeSet<String>)> = BTreeMap::new();
            for z in self.zone_index.containing(rep) {
                let z = &self.zones[z as usize];
                let e = by_level.entry(z.level).or_default();
                e.0.push(z.id.clone());
                e.1.insert(z.owner.clone());
            }
            for (level, (zones, owners)) in by_level {
                if owners.len() > 1 {
                    c.conflicts.push(Conflict {
                        cell: cell.id.clone(),
                        level,
                        zones,
                        owners: owners.into_iter().collect(),
                    });
                }
            }
        }
        c
    }

    /// Workload per owner, by owner id: every owner that holds a cell or a point,
    /// and every owner in the owners list (with zeros if they hold nothing).
    /// "Overdue" is reckoned on `as_of`.
    pub fn workload(&self, as_of: Day) -> Vec<Workload> {
        let mut rows: BTreeMap<&str, Workload> = BTreeMap::new();
        let blank = |id: &str| {
            let o = self.owner(id);
            Workload {
                owner: id.to_string(),
                name: o.map(|o| o.name.clone()),
                unit: o.map(|o| o.unit.clone()).filter(|u| !u.is_empty()),
                cells: 0,
                area_m2: 0.0,
                points: 0,
                points_held: 0,
                open_problems: 0,
                overdue_problems: 0,
            }
        };
        for o in &self.owners {
            rows.insert(&o.id, blank(&o.id));
        }
        for (i, cell) in self.cells.iter().enumerate() {
            if let Some(o) = &cell.owner {
                let w = rows.entry(o).or_insert_with(|| blank(o));
                w.cells += 1;
                w.area_m2 += self.cell_area_m2[i];
            }
        }
        let cell_owner = |k: u32| {
            (k != NO_CELL)
                .then(|| self.cells[k as usize].owner.as_deref())
                .flatten()
        };
        for (p, &k) in self.points.iter().zip(&self.point_cell) {
            if let Some(o) = cell_owner(k) {
                rows.entry(o).or_insert_with(|| blank(o)).points += 1;
            }
            if let Some(o) = &p.owner {
                rows.entry(o).or_insert_with(|| blank(o)).points_held += 1;
            }
        }
        for (p, &k) in self.problems.iter().zip(&self.problem_cell) {
            if p.status == Status::Closed {
                continue;
            }
            if let Some(o) = cell_owner(k) {
                let w = rows.entry(o).or_insert_with(|| blank(o));
                w.open_problems += 1;
                w.overdue_problems += p.is_overdue(as_of) as usize;
            }
        }
        rows.into_values().collect()
    }
}
