//! Which zones cover which cells, and the one conflict rule.
//!
//! A zone **covers** a cell when it holds the cell's interior point (boundary
//! included). Chains, coverage, conflicts, workload, the responsibility table and
//! the assignment map all read this one relation, so a cell is in the same zones
//! everywhere. Built once per load of cells or zones (a zone's owner changes
//! nothing here: assignments keep it); about 11k point-in-polygon lookups on the
//! demo.

use crate::index::PolygonIndex;
use crate::model::{LngLat, Zone};

/// The cell–zone relation both ways, as flat arrays (one allocation each).
#[derive(Debug, Clone, Default)]
pub struct Cover {
    cell_start: Vec<u32>,
    /// Per cell: the zones covering it, by level then id.
    cell_zones: Vec<u32>,
    zone_start: Vec<u32>,
    /// Per zone: the cells it covers, ascending.
    zone_cells: Vec<u32>,
}

impl Cover {
    /// The relation for cells with interior points `reps` (a non-finite one is in
    /// no zone) and the zones in `index` (built from `zones`, same order).
    pub fn build(reps: &[LngLat], index: &PolygonIndex, zones: &[Zone]) -> Cover {
        let mut cell_start = Vec::with_capacity(reps.len() + 1);
        let mut cell_zones = Vec::new();
        let mut per_zone = vec![0u32; zones.len()];
        cell_start.push(0);
        for &rep in reps {
            let from = cell_zones.len();
            if rep.0.is_finite() && rep.1.is_finite() {
                index.visit_containing(rep, |z| cell_zones.push(z));
            }
            crate::sort::ids_by(&mut cell_zones[from..], &|a, b| {
                let (za, zb) = (&zones[a as usize], &zones[b as usize]);
                (za.level, &za.id).cmp(&(zb.level, &zb.id))
            });
            for &z in &cell_zones[from..] {
                per_zone[z as usize] += 1;
            }
            cell_start.push(cell_zones.len() as u32);
        }
        // Counting sort into the zone side: cells come out ascending.
        let mut zone_start = Vec::with_capacity(zones.len() + 1);
        zone_start.push(0u32);
        for n in &per_zone {
            zone_start.push(zone_start.last().copied().unwrap_or(0) + n);
        }
        let mut fill = zone_start.clone();
        let mut zone_cells = vec![0u32; cell_zones.len()];
        for c in 0..reps.len() {
            for &z in &cell_zones[cell_start[c] as usize..cell_start[c + 1] as usize] {
                zone_cells[fill[z as usize] as usize] = c as u32;
                fill[z as usize] += 1;
            }
        }
        Cover {
            cell_start,
            cell_zones,
            zone_start,
            zone_cells,
        }
    }

    /// The zones covering cell `c`, by level then id (empty for an unknown cell).
    pub fn zones_of(&self, c: u32) -> &[u32] {
        let c = c as usize;
        if c + 1 >= self.cell_start.len() {
            return &[];
        }
        &self.cell_zones[self.cell_start[c] as usize..self.cell_start[c + 1] as usize]
    }

    /// The cells zone `z` covers, ascending (empty for an unknown zone).
    pub fn cells_of(&self, z: u32) -> &[u32] {
        let z = z as usize;
        if z + 1 >= self.zone_start.len() {
            return &[];
        }
        &self.zone_cells[self.zone_start[z] as usize..self.zone_start[z + 1] as usize]
    }
}

/// The conflict rule, written once: the levels at which zones with two or more
/// different leads cover a cell, given the zones covering it sorted by level (as
/// [`Cover::zones_of`] gives them). Unheld zones and joint members clash with
/// no one: members hold *with* their lead.
pub fn clash_levels(zones: &[Zone], covering: &[u32], mut f: impl FnMut(u8)) {
    let mut k = 0;
    while k < covering.len() {
        let level = zones[covering[k] as usize].level;
        let mut lead: Option<&str> = None;
        let mut clash = false;
        while k < covering.len() && zones[covering[k] as usize].level == level {
            if let Some(o) = zones[covering[k] as usize].owner.as_deref() {
                match lead {
                    None => lead = Some(o),
                    Some(l) if l != o => clash = true,
                    Some(_) => {}
                }
            }
            k += 1;
        }
        if clash {
            f(level);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Coord, MultiPolygon, Rect};

    fn zone(id: &str, owner: Option<&str>, level: u8, min: LngLat, max: LngLat) -> Zone {
        Zone {
            id: id.into(),
            name: String::new(),
            owner: owner.map(str::to_string),
            members: vec![],
            division: None,
            level,
            geometry: MultiPolygon(vec![Rect::new(
                Coord { x: min.0, y: min.1 },
                Coord { x: max.0, y: max.1 },
            )
            .to_polygon()]),
        }
    }

    #[test]
    fn both_sides_agree_and_clashes_need_two_leads_at_one_level() {
        let zones = vec![
            zone("b", Some("li"), 3, (0.0, 0.0), (2.0, 1.0)),
            zone("a", Some("wang"), 3, (1.0, 0.0), (3.0, 1.0)),
            zone("s", Some("zhao"), 1, (0.0, 0.0), (3.0, 1.0)),
            zone("u", None, 3, (0.0, 0.0), (1.0, 1.0)),
        ];
        let index = PolygonIndex::build(zones.iter().map(|z| z.geometry.clone()).collect());
        let reps = [
            (0.5, 0.5),
            (1.5, 0.5),
            (2.5, 0.5),
            (9.0, 9.0),
            (f64::NAN, 0.0),
        ];
        let cover = Cover::build(&reps, &index, &zones);
        assert_eq!(cover.zones_of(0), &[2, 0, 3]); // s (level 1), then b, u by id
        assert_eq!(cover.zones_of(1), &[2, 1, 0]);
        assert_eq!(cover.zones_of(3), &[] as &[u32]);
        assert_eq!(cover.zones_of(4), &[] as &[u32]);
        assert_eq!(cover.zones_of(99), &[] as &[u32]);
        assert_eq!(cover.cells_of(0), &[0, 1]);
        assert_eq!(cover.cells_of(2), &[0, 1, 2]);
        let clash = |c: u32| {
            let mut v = vec![];
            clash_levels(&zones, cover.zones_of(c), |l| v.push(l));
            v
        };
        assert_eq!(
            clash(0),
            Vec::<u8>::new(),
            "an unheld zone clashes with no one"
        );
        assert_eq!(clash(1), vec![3]);
        assert_eq!(clash(2), Vec::<u8>::new());
    }
}
