//! [`Map`]: the loaded campaign (cells, zones, points, problems, owners), its
//! indexes, and the facts derived from them (which cell holds each point and
//! problem). Queries live in `query.rs`, planner operations in `assign.rs`.

use super::cover::Cover;
use super::history::History;
use super::index_bytes::{index_bytes, Indexed};
use super::journal::Entry;
use super::limits::TimeLimits;
use super::rules::Rules;
use crate::error::{Error, LoadReport, Result};
use crate::index::sphere::area_m2;
use crate::index::{PointIndex, PolygonIndex};
use crate::io::budget;
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
    pub(crate) cell_rank: Vec<u64>,
    pub(crate) cell_by_id: HashMap<String, u32>,
    pub(crate) cell_area_m2: Vec<f64>,
    /// A point inside each cell, used to decide which zones cover the cell.
    pub(crate) cell_rep: Vec<LngLat>,

    pub(crate) zones: Vec<Zone>,
    pub(crate) zone_index: PolygonIndex,
    pub(crate) zone_by_id: HashMap<String, u32>,
    /// Each zone's level: the key of the most senior zone over a location.
    pub(crate) zone_level: Vec<u64>,

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
    /// Changes whenever the cells are replaced (a join made before is stale).
    pub(crate) cells_generation: u64,

    pub(crate) owners: Vec<Owner>,
    pub(crate) owner_by_id: HashMap<String, u32>,

    pub(crate) history: History,

    /// The ledger date the last loaded file declared (`x_as_of`).
    pub(crate) declared_as_of: Option<Day>,
    /// The ledger date set by the user; wins over the declared one.
    pub(crate) as_of_set: Option<Day>,
    /// 限时整改: days per category for new and reopened problems.
    pub(crate) limits: TimeLimits,
    /// Every change to the problems since they were loaded, oldest first.
    pub(crate) journal: Vec<Entry>,

    /// Which zones cover which cells; built on first use after cells or zones load.
    pub(crate) cover: OnceLock<Cover>,
    /// The planner's rules: expected levels, who may hold what, limits.
    pub(crate) rules: Rules,
}

pub(crate) fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// What a load did; refuses (keeping the layer) a file whose every feature was
/// rejected, unless the caller allowed an empty layer.
fn report<T>(p: &mut Parsed<T>, layer: &'static str, allow_empty: bool) -> Result<LoadReport> {
    if p.items.is_empty() && !p.rejected.is_empty() && !allow_empty {
        return Err(Error::NothingLoaded {
            layer,
            rejected: std::mem::take(&mut p.rejected),
        });
    }
    Ok(LoadReport {
        loaded: p.items.len(),
        rejected: std::mem::take(&mut p.rejected),
        as_of: p.as_of.map(format_day),
    })
}

impl Map {
    /// An empty map: load layers into it.
    pub fn new() -> Self {
        Self::default()
    }

    // ---- loading -----------------------------------------------------------

    /// Replaces the grid cells with those of a GeoJSON text. Clears the undo history
    /// (it refers to the old cells), as loading zones or points does. Every `load_*`
    /// refuses a file whose every feature is rejected and keeps the layer
    /// ([`Error::NothingLoaded`]), unless `opts.allow_empty`; a file with no features
    /// clears the layer.
    pub fn load_cells(&mut self, text: &str, opts: LoadOptions) -> Result<LoadReport> {
        self.load_cells_from(text, opts)
    }

    /// [`Map::load_cells`] from a text that is freed once read, before the indexes
    /// are built (the wasm shell's path: a load then needs memory for the text or
    /// the indexes, not both).
    pub(crate) fn load_cells_from<S: AsRef<str>>(
        &mut self,
        text: S,
        opts: LoadOptions,
    ) -> Result<LoadReport> {
        let parsed = geojson::parse_cells(text.as_ref(), opts);
        drop(text);
        self.take(parsed, "cells", opts.allow_empty, Map::set_cells)
    }

    /// Replaces the responsibility zones (as [`Map::load_cells`] does the cells).
    pub fn load_zones(&mut self, text: &str, opts: LoadOptions) -> Result<LoadReport> {
        self.load_zones_from(text, opts)
    }

    /// [`Map::load_zones`] from a text that is freed once read, before the indexes
    /// are built (the wasm shell's path: a load then needs memory for the text or
    /// the indexes, not both).
    pub(crate) fn load_zones_from<S: AsRef<str>>(
        &mut self,
        text: S,
        opts: LoadOptions,
    ) -> Result<LoadReport> {
        let parsed = geojson::parse_zones(text.as_ref(), opts);
        drop(text);
        self.take(parsed, "zones", opts.allow_empty, Map::set_zones)
    }

    /// Replaces the inspection points (as [`Map::load_cells`] does the cells).
    pub fn load_points(&mut self, text: &str, opts: LoadOptions) -> Result<LoadReport> {
        self.load_points_from(text, opts)
    }

    /// [`Map::load_points`] from a text that is freed once read, before the indexes
    /// are built (the wasm shell's path: a load then needs memory for the text or
    /// the indexes, not both).
    pub(crate) fn load_points_from<S: AsRef<str>>(
        &mut self,
        text: S,
        opts: LoadOptions,
    ) -> Result<LoadReport> {
        let parsed = geojson::parse_points(text.as_ref(), opts);
        drop(text);
        self.take(parsed, "points", opts.allow_empty, Map::set_points)
    }

    /// Replaces the problem ledger (as [`Map::load_cells`] does the cells).
    pub fn load_problems(&mut self, text: &str, opts: LoadOptions) -> Result<LoadReport> {
        self.load_problems_from(text, opts)
    }

    /// [`Map::load_problems`] from a text that is freed once read, before the indexes
    /// are built (the wasm shell's path: a load then needs memory for the text or
    /// the indexes, not both).
    pub(crate) fn load_problems_from<S: AsRef<str>>(
        &mut self,
        text: S,
        opts: LoadOptions,
    ) -> Result<LoadReport> {
        let parsed = geojson::parse_problems(text.as_ref(), opts);
        drop(text);
        self.take(parsed, "problems", opts.allow_empty, Map::set_problems)
    }

    /// Ends a load read in slices ([`geojson::LoadJob`]): replaces the layer as its
    /// `load_*` does with the same text and options. Refused while the job is not
    /// read to its end.
    pub fn finish_load(&mut self, job: geojson::LoadJob, allow_empty: bool) -> Result<LoadReport> {
        use geojson::LoadJob as J;
        let unread = || {
            Error::arg(
                "job",
                "the file is not read to its end yet: step until done",
            )
        };
        let e = allow_empty;
        match job {
            J::Cells(r) => self.take(r.finish().ok_or_else(unread)?, "cells", e, Map::set_cells),
            J::Zones(r) => self.take(r.finish().ok_or_else(unread)?, "zones", e, Map::set_zones),
            J::Points(r) => self.take(r.finish().ok_or_else(unread)?, "points", e, Map::set_points),
            J::Problems(r) => self.take(
                r.finish().ok_or_else(unread)?,
                "problems",
                e,
                Map::set_problems,
            ),
        }
    }

    /// A layer read (from any reader): refused when nothing valid remains (unless
    /// `allow_empty`), else the map's ledger date and the layer replaced by `set`.
    /// Refused ([`Error::OutOfMemory`], nothing changed) when the indexes to be built
    /// cannot be had ([`index_bytes`]).
    fn take<T: Indexed>(
        &mut self,
        parsed: Result<Parsed<T>>,
        layer: &'static str,
        allow_empty: bool,
        set: fn(&mut Map, Vec<T>),
    ) -> Result<LoadReport> {
        let mut parsed = parsed?;
        let r = report(&mut parsed, layer, allow_empty)?;
        let need = index_bytes(&parsed.items, self.points.len() + self.problems.len());
        budget::reserve(need, "the layer's indexes")?;
        self.declared_as_of = parsed.as_of.or(self.declared_as_of);
        set(self, parsed.items);
        Ok(r)
    }

    /// Replaces the owners list (a JSON array, or a FeatureCollection of owners);
    /// refuses a list whose every row is rejected, as the layers do (`[]` clears).
    pub fn load_owners(&mut self, text: &str) -> Result<LoadReport> {
        let mut parsed = geojson::parse_owners(text)?;
        let r = report(&mut parsed, "owners", false)?;
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
    /// open, category other, source open inspection. Replaces the problems, unless
    /// every pair is rejected ([`Error::NothingLoaded`]; empty arrays clear them).
    pub fn load_problem_coords(
        &mut self,
        lnglat: &[f64],
        severities: Option<&[u8]>,
    ) -> Result<LoadReport> {
        if !lnglat.len().is_multiple_of(2) {
            return Err(Error::arg("coords", "needs an even length: lng, lat pairs"));
        }
        self.load_problem_coords_from(lnglat.len() / 2, severities, |start, buf| {
            buf.copy_from_slice(&lnglat[2 * start..2 * start + buf.len()])
        })
    }

    /// [`Map::load_problem_coords`] for `n` pairs read a slice at a time:
    /// `fill(start, buf)` writes the pairs from pair `start` on into `buf` (an even
    /// length). The bindings read a Float64Array this way, so its 16 bytes a pair
    /// are not copied into wasm memory whole (160 MB for 10 million).
    pub fn load_problem_coords_from(
        &mut self,
        n: usize,
        severities: Option<&[u8]>,
        fill: impl FnMut(usize, &mut [f64]),
    ) -> Result<LoadReport> {
        let mut job = self.begin_problem_coords(n, severities.map(<[u8]>::to_vec))?;
        self.step_problem_coords(&mut job, usize::MAX, fill);
        self.finish_problem_coords(job)
    }

    pub(crate) fn set_cells(&mut self, cells: Vec<GridCell>) {
        self.cell_index = PolygonIndex::build(cells.iter().map(|c| c.geometry.clone()).collect());
        let mut order: Vec<u32> = (0..cells.len() as u32).collect();
        crate::sort::ids_by(&mut order, &|a, b| {
            cells[a as usize].id.cmp(&cells[b as usize].id)
        });
        self.cell_rank = vec![0; cells.len()];
        for (rank, &i) in order.iter().enumerate() {
            self.cell_rank[i as usize] = rank as u64;
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
        self.cells_generation = next_generation();
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
        self.zone_level = zones.iter().map(|z| z.level as u64).collect();
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

    /// Replaces the problems; the journal starts again (it recorded changes to the
    /// problems that were there).
    pub(crate) fn set_problems(&mut self, problems: Vec<Problem>) {
        let ll: Vec<LngLat> = problems.iter().map(|p| p.lnglat).collect();
        // The same positions for the join and then kept by the index: each copy
        // was 16 bytes a problem at the load's peak (wasm memory never shrinks).
        let cells = self.join_of(&ll);
        self.set_problems_joined(problems, PointIndex::from_vec(ll), cells);
    }

    /// [`Map::set_problems`] with their positions indexed and cells found.
    pub(crate) fn set_problems_joined(
        &mut self,
        problems: Vec<Problem>,
        index: PointIndex,
        cells: Vec<u32>,
    ) {
        self.journal.clear();
        self.problem_cell = cells;
        self.problem_index = index;
        self.problem_by_id = OnceLock::new();
        self.problems_generation = next_generation();
        self.problems = problems;
    }

    /// The spatial join: the cell of every problem (or [`NO_CELL`]).
    fn join_problems(&self) -> Vec<u32> {
        let pts: Vec<LngLat> = self.problems.iter().map(|p| p.lnglat).collect();
        self.join_of(&pts)
    }

    fn join_of(&self, pts: &[LngLat]) -> Vec<u32> {
        let mut out = vec![];
        self.join_cells_into(pts, &mut out);
        out
    }

    /// The spatial join of any locations into the grid: the cell of each (by the
    /// rule of [`Map::cell_at`]) or [`NO_CELL`], written into `out` (cleared first).
    pub fn join_cells_into(&self, pts: &[LngLat], out: &mut Vec<u32>) {
        self.cell_index.first_into(pts, &self.cell_rank, out);
    }

    /// The spatial join into zones: how many zones hold each location, and the
    /// lowest-level (most senior) zone of each (or [`NO_CELL`] when none).
    pub fn join_zones_into(&self, pts: &[LngLat], count: &mut Vec<u8>, top: &mut Vec<u32>) {
        self.zone_index.join_into(pts, &self.zone_level, count, top);
    }

    /// The cell holding `p`, by the rule of [`Map::cell_at`], or [`NO_CELL`].
    pub(crate) fn cell_of(&self, p: LngLat) -> u32 {
        self.cell_index.min_key_containing(p, &self.cell_rank)
    }

    // ---- records -----------------------------------------------------------

    /// The grid cells, in file order (positions are the ids queries return).
    pub fn cells(&self) -> &[GridCell] {
        &self.cells
    }
    /// The responsibility zones, in file order.
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }
    /// The inspection points, in file order.
    pub fn points(&self) -> &[InspectionPoint] {
        &self.points
    }
    /// The problem ledger, in file order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
    /// The owners list, in file order.
    pub fn owners(&self) -> &[Owner] {
        &self.owners
    }
    /// A point strictly inside cell `i` (the point zones and selections test, and
    /// the one hotspot distance bands are measured between).
    pub fn cell_interior_point(&self, i: u32) -> LngLat {
        self.cell_rep[i as usize]
    }

    /// Area of each cell in m² on the sphere, in cell order.
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
    /// The geodesic index of the problems (ids: positions in [`Map::problems`]).
    pub fn problem_index(&self) -> &PointIndex {
        &self.problem_index
    }
    /// The geodesic index of the inspection points.
    pub fn point_index(&self) -> &PointIndex {
        &self.point_index
    }
    /// The polygon index of the cells (ids: positions in [`Map::cells`]).
    pub fn cell_index(&self) -> &PolygonIndex {
        &self.cell_index
    }
    /// The polygon index of the zones.
    pub fn zone_index(&self) -> &PolygonIndex {
        &self.zone_index
    }

    /// The id of the cell at position `i`.
    pub fn cell_id(&self, i: u32) -> Option<&str> {
        self.cells.get(i as usize).map(|c| c.id.as_str())
    }
    /// The position of the cell with this id (O(1)).
    pub fn cell_pos(&self, id: &str) -> Option<u32> {
        self.cell_by_id.get(id).copied()
    }
    /// The position of the zone with this id (O(1)).
    pub fn zone_pos(&self, id: &str) -> Option<u32> {
        self.zone_by_id.get(id).copied()
    }
    /// The position of the inspection point with this id (O(1)).
    pub fn point_pos(&self, id: &str) -> Option<u32> {
        self.point_by_id.get(id).copied()
    }
    /// The position of the problem with this id (the lookup table is built on first use).
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
    /// The owner with this id.
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
    /// Zones as GeoJSON in `crs`.
    pub fn export_zones(&self, crs: Crs) -> String {
        geojson::export_zones(&self.zones, crs)
    }
    /// Inspection points as GeoJSON in `crs`.
    pub fn export_points(&self, crs: Crs) -> String {
        geojson::export_points(&self.points, crs)
    }
    /// Problems with their cycle fields, and the ledger date as `x_as_of`.
    pub fn export_problems(&self, crs: Crs) -> String {
        geojson::export_problems(&self.problems, crs, self.as_of())
    }

    /// One part of a layer's export (`cells`, `zones`, `points`, `problems`): the
    /// parts concatenated are the whole export byte for byte; `None` past the last.
    /// Refused past `part.max_bytes` instead of running out of memory.
    pub fn export_part(
        &self,
        layer: &str,
        crs: Crs,
        part: geojson::Part,
    ) -> Result<Option<String>> {
        let layers = geojson::Layers {
            cells: &self.cells,
            zones: &self.zones,
            points: &self.points,
            problems: &self.problems,
            as_of: self.as_of(),
        };
        geojson::export_part(layers, layer, crs, part)
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
