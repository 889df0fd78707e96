//! The questions supervisors and planners ask of the map. Distances are metres on
//! the sphere. Results come nearest first; ties keep index order.

use crate::campaign::map::{Map, NO_CELL};
use crate::error::{Error, Result};
use crate::model::*;
use geo::MultiPolygon;
use serde::Serialize;

pub use crate::campaign::filter::{PointFilter, ProblemFilter, Sort};

/// A supervisor's search (from JS: `{k: 20, radiusM: 1000, sort: "daysOverdue",
/// filter: {…}}`): the first `k` problems the filter keeps, within `radiusM` when
/// given, in `sort` order, with the total count of all that match.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemSearch {
    pub k: usize,
    pub radius_m: Option<f64>,
    pub sort: Sort,
    pub filter: ProblemFilter,
}

impl Default for ProblemSearch {
    fn default() -> Self {
        ProblemSearch {
            k: 20,
            radius_m: None,
            sort: Sort::Distance,
            filter: ProblemFilter::default(),
        }
    }
}

/// The first k results and how many matched in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    pub total: usize,
    pub hits: Vec<ProblemHit>,
}

/// A zone and who holds it, as shown in a chain of responsibility.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ZoneRef {
    pub id: String,
    pub name: String,
    /// The zone's lead, if it has one.
    pub owner: Option<String>,
    pub level: u8,
}

/// Who answers for a place: its cell and the cell's owner, the zones over it and
/// their owners (level 1 first), and the inspection point's own owner.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Chain {
    pub cell: Option<String>,
    pub cell_owner: Option<String>,
    pub zones: Vec<ZoneRef>,
    pub point: Option<String>,
    pub point_owner: Option<String>,
}

impl Chain {
    /// The names of the first level-1 zone (a sub-district, 街道) and the first
    /// level-3 zone (a community, 社区) in the chain, as the four-level scheme holds them.
    pub fn street_and_community(&self) -> (Option<String>, Option<String>) {
        let at = |l: u8| {
            self.zones
                .iter()
                .find(|z| z.level == l && !z.name.is_empty())
                .map(|z| z.name.clone())
        };
        (at(1), at(3))
    }
}

/// One problem found by a query, with what a supervisor needs to act on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ProblemHit {
    pub id: String,
    /// Position in [`Map::problems`].
    pub index: u32,
    pub distance_m: f64,
    pub lng: f64,
    pub lat: f64,
    pub cell: Option<String>,
    /// The owner of the problem's cell.
    pub owner: Option<String>,
    pub status: Status,
    pub severity: u8,
    pub category: ProblemKind,
    pub source: Source,
    pub found: Option<String>,
    pub deadline: Option<String>,
    /// Whether the deadline was extended (延期).
    pub extended: bool,
    pub days_overdue: i32,
    /// The inspection point and its name, when the problem names one.
    pub point: Option<String>,
    pub point_name: Option<String>,
    /// Sub-district and community names ([`Chain::street_and_community`]).
    pub street: Option<String>,
    pub community: Option<String>,
    pub chain: Chain,
}

/// One inspection point found by a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct PointHit {
    pub id: String,
    pub index: u32,
    pub name: String,
    pub distance_m: f64,
    pub lng: f64,
    pub lat: f64,
    pub category: Category,
    pub chain: Chain,
}

impl Map {
    /// The cell holding a location. A location on an edge or vertex shared by
    /// several cells belongs to the one with the smallest id (string order), so the
    /// answer does not depend on load order.
    pub fn cell_at(&self, p: LngLat) -> Option<u32> {
        Some(self.cell_of(p)).filter(|&c| c != NO_CELL)
    }

    /// Every zone holding a location (boundary included), by level then id.
    pub fn zones_at(&self, p: LngLat) -> Vec<u32> {
        let mut z = self.zone_index.containing(p);
        crate::sort::ids_by(&mut z, &|a, b| {
            let (za, zb) = (&self.zones[a as usize], &self.zones[b as usize]);
            (za.level, &za.id).cmp(&(zb.level, &zb.id))
        });
        z
    }

    /// The chain at a location in `cell`: the zones covering the cell (the chain
    /// rule of `chains.rs`), or when it lies in no cell the zones holding it.
    pub(crate) fn chain_at(&self, p: LngLat, cell: u32, point: Option<&str>) -> Chain {
        let zones = match self.cells.get(cell as usize) {
            Some(_) => self.cover().zones_of(cell).to_vec(),
            None => self.zones_at(p),
        };
        let cell = self.cells.get(cell as usize);
        let pt = point
            .and_then(|id| self.point_pos(id))
            .map(|i| &self.points[i as usize]);
        Chain {
            cell: cell.map(|c| c.id.clone()),
            cell_owner: cell.and_then(|c| c.owner.clone()),
            zones: zones
                .into_iter()
                .map(|i| {
                    let z = &self.zones[i as usize];
                    ZoneRef {
                        id: z.id.clone(),
                        name: z.name.clone(),
                        owner: z.owner.clone(),
                        level: z.level,
                    }
                })
                .collect(),
            point: point.map(str::to_string),
            point_owner: pt.and_then(|p| p.owner.clone()),
        }
    }

    /// The chain of responsibility for a problem, by id.
    pub fn problem_chain(&self, id: &str) -> Option<Chain> {
        let i = self.problem_pos(id)? as usize;
        let p = &self.problems[i];
        Some(self.chain_at(p.lnglat, self.problem_cell[i], p.point.as_deref()))
    }

    /// The chain of responsibility for an inspection point, by id.
    pub fn point_chain(&self, id: &str) -> Option<Chain> {
        let i = self.point_pos(id)? as usize;
        let p = &self.points[i];
        Some(self.chain_at(p.lnglat, self.point_cell[i], Some(&p.id)))
    }

    fn problem_hit(&self, i: u32, distance_m: f64, as_of: Option<Day>) -> ProblemHit {
        let p = &self.problems[i as usize];
        let cell = self.problem_cell[i as usize];
        let chain = self.chain_at(p.lnglat, cell, p.point.as_deref());
        let (street, community) = chain.street_and_community();
        ProblemHit {
            id: p.id.clone(),
            index: i,
            distance_m,
            lng: p.lnglat.0,
            lat: p.lnglat.1,
            cell: chain.cell.clone(),
            owner: chain.cell_owner.clone(),
            status: p.status,
            severity: p.severity,
            category: p.kind,
            source: p.source,
            found: p.found.map(format_day),
            deadline: p.deadline.map(format_day),
            extended: p.extension().is_some(),
            days_overdue: as_of.map_or(0, |d| p.days_overdue(d)),
            point: p.point.clone(),
            point_name: self.point_name(p.point.as_deref()),
            street,
            community,
            chain,
        }
    }

    fn point_hit(&self, i: u32, distance_m: f64) -> PointHit {
        let p = &self.points[i as usize];
        PointHit {
            id: p.id.clone(),
            index: i,
            name: p.name.clone(),
            distance_m,
            lng: p.lnglat.0,
            lat: p.lnglat.1,
            category: p.category,
            chain: self.chain_at(p.lnglat, self.point_cell[i as usize], Some(&p.id)),
        }
    }

    /// Ids (positions) of the k problems nearest `p` that the filter keeps, with
    /// their distances in metres, nearest first.
    pub fn nearest_problem_ids(&self, p: LngLat, k: usize, f: &ProblemFilter) -> Vec<(u32, f64)> {
        let mut out = Vec::new();
        self.problem_index.nearest_k_into(
            p,
            k,
            &mut |i| f.keeps(&self.problems[i as usize]),
            &mut out,
        );
        for hit in &mut out {
            hit.1 = crate::index::sphere::m_for_chord2(hit.1);
        }
        out
    }

    /// Positions of the problems within `radius_m` of `p` that the filter keeps,
    /// nearest first, with distances.
    pub fn problem_ids_within(
        &self,
        p: LngLat,
        radius_m: f64,
        f: &ProblemFilter,
    ) -> Vec<(u32, f64)> {
        let ll = |i: u32| self.problem_index.lnglat(i);
        let mut out: Vec<(u32, f64)> = self
            .problem_index
            .within_radius_m(p, radius_m)
            .into_iter()
            .filter(|&i| f.keeps(&self.problems[i as usize]))
            .map(|i| (i, crate::index::sphere::haversine_m(p, ll(i))))
            .collect();
        crate::sort::by(&mut out, &|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The filter with `as_of` filled from the ledger date when not given.
    pub fn with_ledger_day(&self, f: &ProblemFilter) -> ProblemFilter {
        let mut f = f.clone();
        f.as_of = f.as_of.or(self.as_of());
        f
    }

    /// The k problems nearest `p` that the filter keeps, nearest first. Days are
    /// reckoned on `f.as_of`, else the ledger date.
    pub fn nearest_problems(
        &self,
        p: LngLat,
        k: usize,
        f: &ProblemFilter,
    ) -> Result<Vec<ProblemHit>> {
        let f = &self.with_ledger_day(f);
        f.check()?;
        Ok(self
            .nearest_problem_ids(p, k, f)
            .into_iter()
            .map(|(i, d)| self.problem_hit(i, d, f.as_of))
            .collect())
    }

    pub fn problems_within(
        &self,
        p: LngLat,
        radius_m: f64,
        f: &ProblemFilter,
    ) -> Result<Vec<ProblemHit>> {
        let f = &self.with_ledger_day(f);
        f.check()?;
        check_radius(radius_m)?;
        Ok(self
            .problem_ids_within(p, radius_m, f)
            .into_iter()
            .map(|(i, d)| self.problem_hit(i, d, f.as_of))
            .collect())
    }

    /// A supervisor's search: the problems the filter keeps (within `radius_m` when
    /// given), ordered by `sort`, the first `k` as hits with the total beside them.
    /// Cost: with a radius, the problems inside it; without, a pass over all.
    pub fn search_problems(&self, p: LngLat, s: &ProblemSearch) -> Result<SearchResult> {
        let f = &self.with_ledger_day(&s.filter);
        f.check()?;
        let as_of = f.as_of;
        let mut found: Vec<(u32, f64)> = match s.radius_m {
            Some(r) => {
                check_radius(r)?;
                self.problem_ids_within(p, r, f)
            }
            None if s.sort == Sort::Distance => {
                let total = self.problems.iter().filter(|x| f.keeps(x)).count();
                let hits = self
                    .nearest_problem_ids(p, s.k, f)
                    .into_iter()
                    .map(|(i, d)| self.problem_hit(i, d, as_of))
                    .collect();
                return Ok(SearchResult { total, hits });
            }
            None => (0..self.problems.len() as u32)
                .filter(|&i| f.keeps(&self.problems[i as usize]))
                .map(|i| {
                    let ll = self.problem_index.lnglat(i);
                    (i, crate::index::sphere::haversine_m(p, ll))
                })
                .collect(),
        };
        let days = |i: u32| as_of.map_or(0, |d| self.problems[i as usize].days_overdue(d));
        let deadline = |i: u32| self.problems[i as usize].deadline.unwrap_or(Day::MAX);
        let near = |a: &(u32, f64), b: &(u32, f64)| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0));
        match s.sort {
            Sort::Distance => crate::sort::by(&mut found, &near),
            Sort::DaysOverdue => crate::sort::by(&mut found, &|a, b| {
                days(b.0).cmp(&days(a.0)).then_with(|| near(a, b))
            }),
            Sort::Deadline => crate::sort::by(&mut found, &|a, b| {
                deadline(a.0).cmp(&deadline(b.0)).then_with(|| near(a, b))
            }),
        }
        let total = found.len();
        found.truncate(s.k);
        let hits = found
            .into_iter()
            .map(|(i, d)| self.problem_hit(i, d, as_of))
            .collect();
        Ok(SearchResult { total, hits })
    }

    pub fn nearest_points(&self, p: LngLat, k: usize, f: &PointFilter) -> Vec<PointHit> {
        let mut near = Vec::new();
        self.point_index.nearest_k_into(
            p,
            k,
            &mut |i| f.keeps(&self.points[i as usize]),
            &mut near,
        );
        near.into_iter()
            .map(|(i, c2)| self.point_hit(i, crate::index::sphere::m_for_chord2(c2)))
            .collect()
    }

    pub fn points_within(
        &self,
        p: LngLat,
        radius_m: f64,
        f: &PointFilter,
    ) -> Result<Vec<PointHit>> {
        check_radius(radius_m)?;
        let mut out: Vec<PointHit> = self
            .point_index
            .within_radius_m(p, radius_m)
            .into_iter()
            .filter(|&i| f.keeps(&self.points[i as usize]))
            .map(|i| {
                self.point_hit(
                    i,
                    crate::index::sphere::haversine_m(p, self.point_index.lnglat(i)),
                )
            })
            .collect();
        crate::sort::by(&mut out, &|a, b| {
            a.distance_m
                .total_cmp(&b.distance_m)
                .then(a.index.cmp(&b.index))
        });
        Ok(out)
    }

    /// Positions of the problems in a closed longitude/latitude box, ascending.
    pub fn problems_in_bbox(&self, min: LngLat, max: LngLat, f: &ProblemFilter) -> Vec<u32> {
        let f = &self.with_ledger_day(f);
        let mut v: Vec<u32> = self
            .problem_index
            .in_bbox(min, max)
            .into_iter()
            .filter(|&i| f.keeps(&self.problems[i as usize]))
            .collect();
        crate::sort::ids(&mut v);
        v
    }

    /// Positions of the problems inside a drawn polygon (boundary included), ascending.
    pub fn problems_in_polygon(&self, area: &MultiPolygon<f64>, f: &ProblemFilter) -> Vec<u32> {
        let f = &self.with_ledger_day(f);
        let mut v: Vec<u32> = self
            .problem_index
            .in_polygon(area)
            .into_iter()
            .filter(|&i| f.keeps(&self.problems[i as usize]))
            .collect();
        crate::sort::ids(&mut v);
        v
    }

    pub fn points_in_bbox(&self, min: LngLat, max: LngLat) -> Vec<u32> {
        let mut v = self.point_index.in_bbox(min, max);
        crate::sort::ids(&mut v);
        v
    }

    pub fn points_in_polygon(&self, area: &MultiPolygon<f64>) -> Vec<u32> {
        let mut v = self.point_index.in_polygon(area);
        crate::sort::ids(&mut v);
        v
    }

    /// Cells whose interior point lies in the closed box: what a planner's box
    /// selection picks. Ascending positions.
    pub fn cells_in_bbox(&self, min: LngLat, max: LngLat) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .cell_index
            .boxes_meeting(min, max)
            .into_iter()
            .filter(|&i| {
                let (x, y) = self.cell_rep[i as usize];
                x >= min.0 && x <= max.0 && y >= min.1 && y <= max.1
            })
            .collect();
        crate::sort::ids(&mut v);
        v
    }

    /// Cells whose interior point lies in a drawn polygon (a lasso). Ascending.
    pub fn cells_in_polygon(&self, area: &MultiPolygon<f64>) -> Vec<u32> {
        use geo::coordinate_position::{CoordPos, CoordinatePosition};
        use geo::BoundingRect;
        let Some(r) = area.bounding_rect() else {
            return vec![];
        };
        let mut v: Vec<u32> = self
            .cells_in_bbox((r.min().x, r.min().y), (r.max().x, r.max().y))
            .into_iter()
            .filter(|&i| {
                let (x, y) = self.cell_rep[i as usize];
                area.coordinate_position(&geo::Coord { x, y }) != CoordPos::Outside
            })
            .collect();
        crate::sort::ids(&mut v);
        v
    }
}

fn check_radius(r: f64) -> Result<()> {
    if r.is_finite() && r >= 0.0 {
        Ok(())
    } else {
        Err(Error::arg(
            "radiusM",
            format!("expected metres, zero or more, got {r}"),
        ))
    }
}
