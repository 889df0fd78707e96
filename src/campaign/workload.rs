//! Workload per owner at every level: the zones they lead and join, the cells and
//! points they hold, and the problems inside all of it, so that a level-1 leader
//! holding a street shows the street's cells and problems.
//!
//! An owner answers for a cell when they hold it, or lead or jointly hold a zone
//! covering it (the chain rule of [`super::chains`]); for a point when they hold
//! it or answer for its cell; for a problem when they answer for its cell or hold
//! the inspection point it was recorded at. A point or problem in no cell goes by
//! the zones holding its location. Everything counts once per owner, however many
//! of their holdings it lies in.

use super::map::{Map, NO_CELL};
use crate::model::*;
use serde::{Deserialize, Serialize};

/// Options of [`Map::workload_with`]. From JS: `{asOf, from, to}` (`YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkloadOptions {
    /// The day "overdue" is reckoned on; without it nothing is overdue.
    #[serde(default, deserialize_with = "crate::model::de_opt_day")]
    pub as_of: Option<Day>,
    /// The window of closed problems (both ends included, open-ended when
    /// absent). The ledger keeps no closing date yet, so a closed problem is in
    /// the window when it was found in it.
    #[serde(default, deserialize_with = "crate::model::de_opt_day")]
    pub from: Option<Day>,
    #[serde(default, deserialize_with = "crate::model::de_opt_day")]
    /// The window's last day.
    pub to: Option<Day>,
}

/// What one owner holds and answers for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    /// The owner's id (or a unit name for members not in the owners list).
    pub owner: String,
    /// The owner's name, from the owners list.
    pub name: Option<String>,
    /// The owner's unit, from the owners list.
    pub unit: Option<String>,
    /// From the owners list (none when it gives none, or for a unit name).
    pub level: Option<u8>,
    /// Zones the owner leads (牵头).
    pub zones_led: usize,
    /// Zones the owner holds jointly (联合包抓).
    pub zones_joined: usize,
    /// Cells the owner holds directly.
    pub cells: usize,
    /// Cells the owner answers for: held, or under a zone led or joined.
    pub cells_covered: usize,
    /// Area of the cells answered for, m².
    pub area_m2: f64,
    /// Inspection points answered for (held, or in cells answered for).
    pub points: usize,
    /// Inspection points held directly (挂点).
    pub points_held: usize,
    /// Open or rectifying problems answered for.
    pub open_problems: usize,
    /// Of those, past their deadline on `asOf`.
    pub overdue_problems: usize,
    /// Closed problems answered for, in the options' window.
    pub closed_problems: usize,
}

/// Row positions with a stamp per row, so a list of rows is made distinct in
/// place without sorting.
struct Distinct {
    stamp: Vec<u32>,
    now: u32,
}

impl Distinct {
    fn new(n: usize) -> Self {
        Distinct {
            stamp: vec![0; n],
            now: 0,
        }
    }
    fn next(&mut self) {
        self.now += 1;
    }
    /// True the first time `row` is seen since the last `next`.
    fn first(&mut self, row: usize) -> bool {
        let fresh = self.stamp[row] != self.now;
        self.stamp[row] = self.now;
        fresh
    }
}

impl Map {
    /// Workload per owner with overdue reckoned on `as_of` and every closed
    /// problem counted.
    pub fn workload(&self, as_of: Day) -> Vec<Workload> {
        self.workload_with(&WorkloadOptions {
            as_of: Some(as_of),
            ..Default::default()
        })
    }

    /// Workload per owner, by owner id: every owner in the owners list (with zeros
    /// when they hold nothing) and every other id or unit that holds something.
    pub fn workload_with(&self, opts: &WorkloadOptions) -> Vec<Workload> {
        let all = self.holdings();
        let row_of = |id: &str| all.find(id);
        let mut rows: Vec<Workload> = all
            .ids
            .iter()
            .zip(&all.held)
            .map(|(&id, h)| {
                let o = self.owner(id);
                Workload {
                    owner: id.to_string(),
                    name: o.map(|o| o.name.clone()),
                    unit: o.map(|o| o.unit.clone()).filter(|u| !u.is_empty()),
                    level: self.owner_level(id),
                    zones_led: h.zones_led.len(),
                    zones_joined: h.zones_joined.len(),
                    cells: h.cells.len(),
                    cells_covered: 0,
                    area_m2: 0.0,
                    points: 0,
                    points_held: h.points.len(),
                    open_problems: 0,
                    overdue_problems: 0,
                    closed_problems: 0,
                }
            })
            .collect();

        // Who answers for each cell, as row positions: flat, one range per cell.
        let zone_rows = |z: u32, out: &mut Vec<u32>| {
            let z = &self.zones[z as usize];
            out.extend(z.owner.as_deref().and_then(row_of).map(|r| r as u32));
            out.extend(z.members.iter().filter_map(|m| row_of(m)).map(|r| r as u32));
        };
        let mut seen = Distinct::new(rows.len());
        let mut start = Vec::with_capacity(self.cells.len() + 1);
        let mut answer: Vec<u32> = Vec::new();
        let mut scratch: Vec<u32> = Vec::new();
        start.push(0u32);
        for (c, cell) in self.cells.iter().enumerate() {
            scratch.clear();
            scratch.extend(cell.owner.as_deref().and_then(row_of).map(|r| r as u32));
            for &z in self.cover().zones_of(c as u32) {
                zone_rows(z, &mut scratch);
            }
            seen.next();
            for &r in &scratch {
                if seen.first(r as usize) {
                    answer.push(r);
                    let w = &mut rows[r as usize];
                    w.cells_covered += 1;
                    w.area_m2 += self.cell_area_m2[c];
                }
            }
            start.push(answer.len() as u32);
        }
        // Rows answering for a location: its cell's, or the zones holding it.
        let at = |cell: u32, p: LngLat, out: &mut Vec<u32>| {
            out.clear();
            if cell != NO_CELL {
                out.extend_from_slice(
                    &answer[start[cell as usize] as usize..start[cell as usize + 1] as usize],
                );
            } else {
                self.zone_index.visit_containing(p, |z| zone_rows(z, out));
            }
        };

        for (p, &cell) in self.points.iter().zip(&self.point_cell) {
            at(cell, p.lnglat, &mut scratch);
            scratch.extend(p.owner.as_deref().and_then(row_of).map(|r| r as u32));
            seen.next();
            for &r in &scratch {
                if seen.first(r as usize) {
                    rows[r as usize].points += 1;
                }
            }
        }
        for (p, &cell) in self.problems.iter().zip(&self.problem_cell) {
            at(cell, p.lnglat, &mut scratch);
            let point_holder = p
                .point
                .as_deref()
                .and_then(|id| self.point_pos(id))
                .and_then(|i| self.points[i as usize].owner.as_deref())
                .and_then(row_of);
            scratch.extend(point_holder.map(|r| r as u32));
            let (open, overdue, closed) = match p.status {
                Status::Closed => (false, false, p.found_within(opts.from, opts.to)),
                _ => (true, opts.as_of.is_some_and(|d| p.is_overdue(d)), false),
            };
            seen.next();
            for &r in &scratch {
                if seen.first(r as usize) {
                    let w = &mut rows[r as usize];
                    w.open_problems += open as usize;
                    w.overdue_problems += overdue as usize;
                    w.closed_problems += closed as usize;
                }
            }
        }
        rows
    }
}
