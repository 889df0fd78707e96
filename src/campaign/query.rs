//! The questions supervisors and planners ask of the map. Distances are metres on
//! the sphere. Results come nearest first; ties keep index order.

use crate::campaign::map::{Map, NO_CELL};
use crate::error::{Error, Result};
use crate::model::*;
use geo::MultiPolygon;
use serde::{Deserialize, Deserializer, Serialize};

/// Which problems a query keeps. Every field is optional; an empty filter keeps all.
/// From JS: `{status: "open" | ["open","rectifying"], category, minSeverity,
/// overdue: true, asOf: "2026-11-23", foundFrom, foundTo}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemFilter {
    /// One status or several (any of them).
    #[serde(default, deserialize_with = "one_or_many")]
    #[cfg_attr(feature = "typescript", tsify(type = "Status | Status[] | null"))]
    pub status: Option<Vec<Status>>,
    /// One kind of problem or several.
    #[serde(default, deserialize_with = "one_or_many")]
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "ProblemKind | ProblemKind[] | null")
    )]
    pub category: Option<Vec<ProblemKind>>,
    /// Severity 1 to 3: keep this and above.
    #[serde(default)]
    pub min_severity: Option<u8>,
    /// Keep only problems overdue on `as_of`.
    #[serde(default)]
    pub overdue: bool,
    /// The day "overdue" and `daysOverdue` are reckoned on ("YYYY-MM-DD"; from JS,
    /// today when left out).
    #[serde(default, deserialize_with = "crate::model::de_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub as_of: Option<Day>,
    /// Found on or after this day ("YYYY-MM-DD").
    #[serde(default, deserialize_with = "crate::model::de_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub found_from: Option<Day>,
    /// Found on or before this day ("YYYY-MM-DD").
    #[serde(default, deserialize_with = "crate::model::de_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub found_to: Option<Day>,
}

impl ProblemFilter {
    /// Open or rectifying problems: what a supervisor looks for.
    pub fn unresolved() -> Self {
        ProblemFilter {
            status: Some(vec![Status::Open, Status::Rectifying]),
            ..Default::default()
        }
    }

    pub fn check(&self) -> Result<()> {
        if self.overdue && self.as_of.is_none() {
            return Err(Error::arg(
                "filter.overdue",
                "needs `asOf`, the day to reckon from",
            ));
        }
        if let Some(s) = self.min_severity {
            if !(1..=3).contains(&s) {
                return Err(Error::arg(
                    "filter.minSeverity",
                    format!("expected 1 to 3, got {s}"),
                ));
            }
        }
        Ok(())
    }

    #[inline]
    pub fn keeps(&self, p: &Problem) -> bool {
        self.status.as_ref().is_none_or(|s| s.contains(&p.status))
            && self.category.as_ref().is_none_or(|c| c.contains(&p.kind))
            && self.min_severity.is_none_or(|m| p.severity >= m)
            && (!self.overdue || self.as_of.is_some_and(|d| p.is_overdue(d)))
            && self
                .found_from
                .is_none_or(|d| p.found.is_some_and(|f| f >= d))
            && self
                .found_to
                .is_none_or(|d| p.found.is_some_and(|f| f <= d))
    }
}

/// Which inspection points a query keeps.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PointFilter {
    /// One category of inspection point or several.
    #[serde(default, deserialize_with = "one_or_many")]
    #[cfg_attr(feature = "typescript", tsify(type = "Category | Category[] | null"))]
    pub category: Option<Vec<Category>>,
}

impl PointFilter {
    #[inline]
    pub fn keeps(&self, p: &InspectionPoint) -> bool {
        self.category
            .as_ref()
            .is_none_or(|c| c.contains(&p.category))
    }
}

fn one_or_many<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        One(T),
        Many(Vec<T>),
    }
    Ok(Option::<OneOrMany<T>>::deserialize(d)?.map(|v| match v {
        OneOrMany::One(x) => vec![x],
        OneOrMany::Many(v) => v,
    }))
}

/// A zone and who holds it, as shown in a chain of responsibility.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ZoneRef {
    pub id: String,
    pub name: String,
    pub owner: String,
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
    pub deadline: Option<String>,
    pub days_overdue: i32,
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

    fn chain_at(&self, p: LngLat, cell: u32, point: Option<&str>) -> Chain {
        let cell = self.cells.get(cell as usize);
        let pt = point
            .and_then(|id| self.point_pos(id))
            .map(|i| &self.points[i as usize]);
        Chain {
            cell: cell.map(|c| c.id.clone()),
            cell_owner: cell.and_then(|c| c.owner.clone()),
            zones: self
                .zones_at(p)
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
            deadline: p.deadline.map(format_day),
            days_overdue: as_of.map_or(0, |d| p.days_overdue(d)),
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
        self.problem_index
            .nearest(p)
            .filter(|&(i, _)| f.keeps(&self.problems[i as usize]))
            .take(k)
            .collect()
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

    pub fn nearest_problems(
        &self,
        p: LngLat,
        k: usize,
        f: &ProblemFilter,
    ) -> Result<Vec<ProblemHit>> {
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
        f.check()?;
        check_radius(radius_m)?;
        Ok(self
            .problem_ids_within(p, radius_m, f)
            .into_iter()
            .map(|(i, d)| self.problem_hit(i, d, f.as_of))
            .collect())
    }

    pub fn nearest_points(&self, p: LngLat, k: usize, f: &PointFilter) -> Vec<PointHit> {
        self.point_index
            .nearest(p)
            .filter(|&(i, _)| f.keeps(&self.points[i as usize]))
            .take(k)
            .map(|(i, d)| self.point_hit(i, d))
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
