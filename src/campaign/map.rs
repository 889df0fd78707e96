//! [`Map`]: the loaded campaign (cells, zones, points, problems, owners), its
//! indexes, and the facts derived from them (which cell holds each point and
//! problem). Queries live in `query.rs`, planner operations in `assign.rs`.

use super::cover::Cover;
use super::history::History;
use super::rules::Rules;
use crate::error::{Error, LoadReport, Result};
use crate::index::sphere::area_m2;
use crate::index::{PointIndex, PolygonIndex};
use crate::io::crs::Crs;
use crate::io::geojson::{self, LoadOptions, Parsed};
use crate::model::*;
use geo::BoundingRect;
use std::collections::HashMap;
use std::sync::OnceLock;

/// "No cell": the cell of a point or problem that lies in none.
pub const NO_CELL: u32 = u32::MAX;

/// The whole campaign map. Each `load_*` replaces that layer.
#[derive(Debug, Default)]
pub struct Map {
    pub(crate) cells: Vec<GridCell>,
    pub(crate) cell_index: PolygonIndex,
    /// Position of each cell in id order: on a shared edge or vertex the cell with
    /// the smallest id wins, whatever the load order.
    pub(crate) cell_rank: Vec<u32>,
    pub(crate) cell_by_id: HashMap<String, u32>,
    pub(crate) cell_area_m2: Vec<f64>,
    /// A point inside each cell, used to decide which zones cover the cell.
    pub(crate) cell_rep: Vec<LngLat>,

    pub(crate) zones: Vec<Zone>,
    pub(crate) zone_index: PolygonIndex,
    pub(crate) zone_by_id: HashMap<String, u32>,

    pub(crate) points: Vec<InspectionPoint>,
    pub(crate) point_index: PointIndex,
    pub(crate) point_by_id: HashMap<String, u32>,
    pub(crate) point_cell: Vec<u32>,

    pub(crate) problems: Vec<Problem>,
    pub(crate) problem_index: PointIndex,
    /// Built on first use: the bulk path loads a million problems without it.
    pub(crate) problem_by_id: OnceLock<HashMap<String, u32>>,
    pub(crate) problem_cell: Vec<u32>,
    /// Changes whenever the problems are replaced, unique across maps: caches of
    /// per-problem values (projected positions, weights) key on it.
    pub(crate) problems_generation: u64,

    pub(crate) owners: Vec<Owner>,
    pub(crate) owner_by_id: HashMap<String, u32>,

    pub(crate) history: History,
    /// Which zones cover which cells; built on first use after cells or zones load.
    pub(crate) cover: OnceLock<Cover>,
    /// The planner's rules: expected levels, who may hold what, limits.
    pub(crate) rules: Rules,
}

fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn report<T>(p: &Parsed<T>) -> LoadReport {
    LoadReport {
        loaded: p.items.len(),
        rejected: p.rejected.clone(),
    }
}

impl Map {
    pub fn new() -> Self {
        Self::default()
    }

    // ---- loading -----------------------------------------------------------

    /// Replaces the grid cells. Clears the undo history (it refers to the old cells),
    /// as loading zones or points does.
    pub fn load_cells(&mut self, text: &str, opts: LoadOptions) -> Result<LoadReport> {
        let parsed = geojson::parse_cells(text, opts)?;
        let r = report(&parsed);
        self.set_cells(parsed.items);
        Ok(r)
    }

    pub fn load_zones(&mut self, text: &str, opts: LoadOptions) -> Result<LoadReport> {
        let parsed = geojson::parse_zones(text, opts)?;
        let r = report(&parsed);
        self.set_zones(parsed.items);
        Ok(r)
    }

    pub fn load_points(&mut self, text: &str, opts: LoadOptions) -> Result<LoadReport> {
        let parsed = geojson::parse_points(text, opts)?;
        let r = report(&parsed);
        self.set_points(parsed.items);
        Ok(r)
    }

    pub fn load_problems(&mut self, text: &str, opts: LoadOptions) -> Result<LoadReport> {
        let parsed = geojson::parse_problems(text, opts)?;
        let r = report(&parsed);
        self.set_problems(parsed.items);
        Ok(r)
    }

    pub fn load_owners(&mut self, text: &str) -> Result<LoadReport> {
        let parsed = geojson::parse_owners(text)?;
        let r = report(&parsed);
        self.owner_by_id = parsed
            .items
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i as u32))
            .collect();
        self.owners = parsed.items;
        Ok(r)
    }

    /// The bulk path: problems from interleaved `lng, lat` pairs (WGS-84), with
    /// optional severities (1–3). Ids are their positions (`"0"`, `"1"`, …); status
    /// open, category other, source open inspection. Replaces the problems.
    pub fn load_problem_coords(
        &mut self,
        lnglat: &[f64],
        severities: Option<&[u8]>,
    ) -> Result<LoadReport> {
        if !lnglat.len().is_multiple_of(2) {
            return Err(Error::arg("coords", "needs an even length: lng, lat pairs"));
        }
        let n = lnglat.len() / 2;
        if let Some(s) = severities {
            if s.len() != n {
                return Err(Error::arg(
                    "severities",
                    format!("has {} values for {n} points", s.len()),
                ));
            }
        }
        let mut out = LoadReport::default();
        let mut items = Vec::with_capacity(n);
        for i in 0..n {
            let (lng, lat) = (lnglat[2 * i], lnglat[2 * i + 1]);
            let sev = severities.map_or(1, |s| s[i]);
            let reject = |field: &str, reason: String| crate::error::Rejected {
                index: i,
                id: Some(i.to_string()),
                field: field.into(),
                reason,
            };
            if !(lng.is_finite()
                && lat.is_finite()
                && (-180.0..=180.0).contains(&lng)
                && (-90.0..=90.0).contains(&lat))
            {
                out.rejected.push(reject(
                    "geometry",
                    format!("[{lng}, {lat}] is not a finite longitude/latitude"),
                ));
                continue;
            }
            if !(1..=3).contains(&sev) {
                out.rejected
                    .push(reject("severity", format!("expected 1 to 3, got {sev}")));
                continue;
            }
            items.push(Problem {
                id: i.to_string(),
                lnglat: (lng, lat),
                point: None,
                kind: ProblemKind::Other,
                severity: sev,
                status: Status::Open,
                found: None,
                deadline: None,
                source: Source::OpenInspection,
            });
        }
        out.loaded = items.len();
        self.set_problems(items);
        Ok(out)
    }

    pub(crate) fn set_cells(&mut self, cells: Vec<GridCell>) {
        self.cell_index = PolygonIndex::build(cells.iter().map(|c| c.geometry.clone()).collect());
        let mut order: Vec<u32> = (0..cells.len() as u32).collect();
        crate::sort::ids_by(&mut order, &|a, b| {
            cells[a as usize].id.cmp(&cells[b as usize].id)
        });
        self.cell_rank = vec![0; cells.len()];
        for (rank, &i) in order.iter().enumerate() {
            self.cell_rank[i as usize] = rank as u32;
        }
        self.cell_by_id = cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i as u32))
            .collect();
        self.cell_area_m2 = cells.iter().map(|c| area_m2(&c.geometry)).collect();
        self.cell_rep = cells
            .iter()
            .map(|c| {
                crate::index::interior::interior_point(&c.geometry).unwrap_or((f64::NAN, f64::NAN))
            })
            .collect();
        self.cells = cells;
        self.history = History::default();
        self.cover = OnceLock::new();
        self.point_cell = self.points.iter().map(|p| self.cell_of(p.lnglat)).collect();
        self.problem_cell = self.join_problems();
    }

    pub(crate) fn set_zones(&mut self, zones: Vec<Zone>) {
        self.zone_index = PolygonIndex::build(zones.iter().map(|z| z.geometry.clone()).collect());
        self.zone_by_id = zones
            .iter()
            .enumerate()
            .map(|(i, z)| (z.id.clone(), i as u32))
            .collect();
        self.zones = zones;
        // Steps refer to positions in the old zones.
        self.history = History::default();
        self.cover = OnceLock::new();
    }

    pub(crate) fn set_points(&mut self, points: Vec<InspectionPoint>) {
        let ll: Vec<LngLat> = points.iter().map(|p| p.lnglat).collect();
        self.point_index = PointIndex::build(&ll);
        self.point_by_id = points
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        self.point_cell = ll.iter().map(|&p| self.cell_of(p)).collect();
        self.points = points;
        // Steps refer to positions in the old points.
        self.history = History::default();
    }

    pub(crate) fn set_problems(&mut self, problems: Vec<Problem>) {
        let ll: Vec<LngLat> = problems.iter().map(|p| p.lnglat).collect();
        self.problem_index = PointIndex::build(&ll);
        self.problem_by_id = OnceLock::new();
        self.problems_generation = next_generation();
        self.problems = problems;
        self.problem_cell = self.join_problems();
    }

    /// The spatial join: the cell of every problem (or [`NO_CELL`]).
    fn join_problems(&self) -> Vec<u32> {
        self.problems
            .iter()
            .map(|p| self.cell_of(p.lnglat))
            .collect()
    }

    /// The spatial join of any locations into the grid: the cell of each (by the
    /// rule of [`Map::cell_at`]) or [`NO_CELL`], written into `out` (cleared first).
    pub fn join_cells_into(&self, pts: &[LngLat], out: &mut Vec<u32>) {
        out.clear();
        out.extend(pts.iter().map(|&p| self.cell_of(p)));
    }

    /// The spatial join into zones: how many zones hold each location, and the
    /// lowest-level (most senior) zone of each (or [`NO_CELL`] when none).
    pub fn join_zones_into(&self, pts: &[LngLat], count: &mut Vec<u8>, top: &mut Vec<u32>) {
        count.clear();
        top.clear();
        for &p in pts {
            let (mut n, mut best) = (0u8, NO_CELL);
            self.zone_index.visit_containing(p, |z| {
                n = n.saturating_add(1);
                let key = |z: u32| (self.zones[z as usize].level, z);
                if best == NO_CELL || key(z) < key(best) {
                    best = z;
                }
            });
            count.push(n);
            top.push(best);
        }
    }

    /// The cell holding `p`, by the rule of [`Map::cell_at`], or [`NO_CELL`].
    #[inline]
    pub(crate) fn cell_of(&self, p: LngLat) -> u32 {
        let mut best = NO_CELL;
        self.cell_index.visit_containing(p, |id| {
            if best == NO_CELL || self.cell_rank[id as usize] < self.cell_rank[best as usize] {
                best = id;
            }
        });
        best
    }

    // ---- records -----------------------------------------------------------

    pub fn cells(&self) -> &[GridCell] {
        &self.cells
    }
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }
    pub fn points(&self) -> &[InspectionPoint] {
        &self.points
    }
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
    pub fn owners(&self) -> &[Owner] {
        &self.owners
    }
    /// Geodesic area of each cell in m², in cell order.
    /// A point strictly inside cell `i` (the point zones and selections test, and
    /// the one hotspot distance bands are measured between).
    pub fn cell_interior_point(&self, i: u32) -> LngLat {
        self.cell_rep[i as usize]
    }

    pub fn cell_areas_m2(&self) -> &[f64] {
        &self.cell_area_m2
    }
    /// The cell of each problem (position in [`Map::cells`]) or [`NO_CELL`].
    pub fn problem_cells(&self) -> &[u32] {
        &self.problem_cell
    }
    /// The cell of each inspection point or [`NO_CELL`].
    pub fn point_cells(&self) -> &[u32] {
        &self.point_cell
    }
    /// A number that changes whenever the problems are replaced (0: never loaded);
    /// two maps never share one.
    pub fn problems_generation(&self) -> u64 {
        self.problems_generation
    }
    pub fn problem_index(&self) -> &PointIndex {
        &self.problem_index
    }
    pub fn point_index(&self) -> &PointIndex {
        &self.point_index
    }
    pub fn cell_index(&self) -> &PolygonIndex {
        &self.cell_index
    }
    pub fn zone_index(&self) -> &PolygonIndex {
        &self.zone_index
    }

    pub fn cell_id(&self, i: u32) -> Option<&str> {
        self.cells.get(i as usize).map(|c| c.id.as_str())
    }
    pub fn cell_pos(&self, id: &str) -> Option<u32> {
        self.cell_by_id.get(id).copied()
    }
    pub fn zone_pos(&self, id: &str) -> Option<u32> {
        self.zone_by_id.get(id).copied()
    }
    pub fn point_pos(&self, id: &str) -> Option<u32> {
        self.point_by_id.get(id).copied()
    }
    pub fn problem_pos(&self, id: &str) -> Option<u32> {
        self.problem_by_id
            .get_or_init(|| {
                self.problems
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.id.clone(), i as u32))
                    .collect()
            })
            .get(id)
            .copied()
    }
    /// The planner's rules in force.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }
    /// Replaces the planner's rules (checked first; on error nothing changes).
    pub fn set_rules(&mut self, rules: Rules) -> Result<()> {
        self.rules = rules.checked()?;
        Ok(())
    }
    pub fn owner(&self, id: &str) -> Option<&Owner> {
        self.owner_by_id.get(id).map(|&i| &self.owners[i as usize])
    }
    /// Which zones cover which cells (by the cells' interior points).
    pub fn cover(&self) -> &Cover {
        self.cover
            .get_or_init(|| Cover::build(&self.cell_rep, &self.zone_index, &self.zones))
    }

    // ---- export ------------------------------------------------------------

    /// Cells with their current owners, as GeoJSON in `crs`.
    pub fn export_cells(&self, crs: Crs) -> String {
        geojson::export_cells(&self.cells, crs)
    }
    pub fn export_zones(&self, crs: Crs) -> String {
        geojson::export_zones(&self.zones, crs)
    }
    pub fn export_points(&self, crs: Crs) -> String {
        geojson::export_points(&self.points, crs)
    }
    pub fn export_problems(&self, crs: Crs) -> String {
        geojson::export_problems(&self.problems, crs)
    }
}

impl Map {
    /// The WGS-84 box `(min, max)` around everything loaded (cells, zones, points,
    /// problems), or None when the map is empty. For fitting a view to the data.
    pub fn data_bounds(&self) -> Option<(LngLat, LngLat)> {
        let mut b: Option<(LngLat, LngLat)> = None;
        let mut add = |p: LngLat| {
            let e = b.get_or_insert((p, p));
            e.0 = (e.0 .0.min(p.0), e.0 .1.min(p.1));
            e.1 = (e.1 .0.max(p.0), e.1 .1.max(p.1));
        };
        for g in self
            .cells()
            .iter()
            .map(|c| &c.geometry)
            .chain(self.zones().iter().map(|z| &z.geometry))
        {
            if let Some(r) = g.bounding_rect() {
                add((r.min().x, r.min().y));
                add((r.max().x, r.max().y));
            }
        }
        self.points().iter().for_each(|p| add(p.lnglat));
        self.problems().iter().for_each(|p| add(p.lnglat));
        b
    }
}
