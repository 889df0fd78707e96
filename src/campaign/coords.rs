//! The bulk path, problems from bare coordinates, a slice at a time: the records
//! made, checked and joined into the grid as [`Map::step_problem_coords`] is
//! called, then the point tree built by the same steps, a piece at a time, and
//! [`Map::finish_problem_coords`] puts them in place. A page loading ten million
//! problems this way keeps drawing between slices: the whole load in one call
//! held the thread for 4.8 s in Chromium, and the tree's build alone, when the
//! finish made it in one piece, 3.2 s in Node.

use super::map::Map;
use crate::error::{Error, LoadReport, Rejected, Result};
use crate::index::packed::TreeBuild;
use crate::index::PointIndex;
use crate::io::budget;
use crate::model::*;

/// A load of problems from coordinates under way ([`Map::begin_problem_coords`]).
#[derive(Debug)]
pub struct CoordsLoad {
    n: usize,
    severities: Option<Vec<u8>>,
    /// Pairs read so far.
    next: usize,
    items: Vec<Problem>,
    ll: Vec<LngLat>,
    cells: Vec<u32>,
    /// The grid the cells were found in.
    cells_generation: u64,
    rejected: Vec<Rejected>,
    /// The point tree's build, once every pair is read.
    tree: Option<TreeBuild>,
}

impl CoordsLoad {
    /// Pairs read so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.n)
    }

    /// The point tree's build: work done and in all ((0, 1) until every pair is
    /// read; equal when the finish has only to put things in place).
    pub fn indexing(&self) -> (usize, usize) {
        self.tree.as_ref().map_or((0, 1), TreeBuild::progress)
    }
}

/// Pairs read into a buffer at a time.
const SLICE: usize = 8192;

/// Units of the tree's build ([`TreeBuild`]) a step's pair is worth. In wasm
/// (Node, 10 M problems, 2026-12-02, `SLICES=50000 scripts/bulk-timings.mjs`)
/// steps of 50,000 pairs read them in about 10 ms and built 400,000 units of
/// the tree in about as long (the longest of each 11–25 and 15–35 ms over three
/// runs): a step holds the thread no longer while it builds than while it reads.
const TREE_UNITS_PER_PAIR: usize = 8;

impl Map {
    /// Starts loading `n` problems from coordinates, with optional severities (one
    /// per pair, 1–3); reserves what the load will take, or refuses it before
    /// anything changed.
    pub fn begin_problem_coords(
        &self,
        n: usize,
        severities: Option<Vec<u8>>,
    ) -> Result<CoordsLoad> {
        if let Some(s) = &severities {
            if s.len() != n {
                return Err(Error::arg(
                    "severities",
                    format!("has {} values for {n} points", s.len()),
                ));
            }
        }
        // What a problem from coordinates takes at the load's peak, by layout: the
        // record, its id's text (one 16-byte allocator chunk), its position (read
        // for the join, then kept by the index), its cell (4), and the point
        // tree's build, plus 8 in hand: 160 bytes in wasm32 for 10 million (the
        // tree sorts pairs above 2 million). The coordinates themselves come a
        // slice at a time. examples/load_memory.rs checks natively that this
        // covers the peak.
        let record = std::mem::size_of::<Problem>()
            + 16
            + std::mem::size_of::<LngLat>()
            + 4
            + PointIndex::build_peak_bytes(n).max(16)
            + 8;
        budget::reserve(n.saturating_mul(record), "the problems")?;
        Ok(CoordsLoad {
            n,
            severities,
            next: 0,
            items: Vec::with_capacity(n),
            ll: Vec::with_capacity(n),
            cells: Vec::with_capacity(n),
            cells_generation: self.cells_generation,
            rejected: vec![],
            tree: None,
        })
    }

    /// Reads up to `budget` more pairs (`fill(start, buf)` writes the pairs from
    /// pair `start` on into `buf`, an even length), makes and checks their
    /// records, and joins them into the grid; returns the pairs read so far. Once
    /// every pair is read, each step builds a piece of the point tree instead
    /// (about as long as reading `budget` pairs), until [`CoordsLoad::indexing`]
    /// says it is done.
    pub fn step_problem_coords(
        &self,
        job: &mut CoordsLoad,
        budget: usize,
        fill: impl FnMut(usize, &mut [f64]),
    ) -> usize {
        if job.next == job.n {
            let tree = job.tree.get_or_insert_with(|| TreeBuild::new(job.ll.len()));
            tree.step(&job.ll, budget.saturating_mul(TREE_UNITS_PER_PAIR));
            return job.next;
        }
        self.read_coords(job, budget, fill)
    }

    fn read_coords(
        &self,
        job: &mut CoordsLoad,
        budget: usize,
        mut fill: impl FnMut(usize, &mut [f64]),
    ) -> usize {
        let end = job.next.saturating_add(budget.max(1)).min(job.n);
        let mut buf = vec![0.0; 2 * SLICE.min(end - job.next)];
        let first = job.ll.len();
        while job.next < end {
            let start = job.next;
            let len = SLICE.min(end - start);
            let part = &mut buf[..2 * len];
            fill(start, part);
            for (k, c) in part.chunks_exact(2).enumerate() {
                let i = start + k;
                let (lng, lat) = (c[0], c[1]);
                let sev = job.severities.as_ref().map_or(1, |s| s[i]);
                let reject = |field: &str, reason: String| Rejected {
                    index: i,
                    id: Some(i.to_string()),
                    field: field.into(),
                    reason,
                };
                if let Err(e) = check_lnglat((lng, lat)) {
                    job.rejected
                        .push(reject("geometry", format!("position {e}")));
                    continue;
                }
                if !(1..=3).contains(&sev) {
                    job.rejected
                        .push(reject("severity", format!("expected 1 to 3, got {sev}")));
                    continue;
                }
                job.items.push(Problem {
                    id: i.to_string(),
                    lnglat: (lng, lat),
                    point: None,
                    kind: ProblemKind::Other,
                    severity: sev,
                    status: Status::Open,
                    found: None,
                    deadline: None,
                    source: Source::OpenInspection,
                    log: None,
                });
                job.ll.push((lng, lat));
            }
            job.next += len;
        }
        let mut cells = vec![];
        self.join_cells_into(&job.ll[first..], &mut cells);
        job.cells.extend_from_slice(&cells);
        job.next
    }

    /// Replaces the problems with the ones `job` read (every pair must have been
    /// read), joined again if the grid changed meanwhile, and indexes them; the
    /// journal starts again. Refused when every pair was rejected
    /// ([`Error::NothingLoaded`]; no pairs at all clear the problems).
    pub fn finish_problem_coords(&mut self, job: CoordsLoad) -> Result<LoadReport> {
        if job.next < job.n {
            return Err(Error::arg(
                "job",
                format!(
                    "read {} of {} pairs: step until all are read",
                    job.next, job.n
                ),
            ));
        }
        let out = LoadReport {
            loaded: job.items.len(),
            rejected: job.rejected,
            ..LoadReport::default()
        };
        if job.items.is_empty() && !out.rejected.is_empty() {
            return Err(Error::NothingLoaded {
                layer: "problems",
                rejected: out.rejected,
            });
        }
        let cells = if job.cells_generation == self.cells_generation {
            job.cells
        } else {
            let mut cells = vec![];
            self.join_cells_into(&job.ll, &mut cells);
            cells
        };
        let index = match job.tree {
            Some(tree) => PointIndex::from_build(tree, job.ll),
            None => PointIndex::from_vec(job.ll),
        };
        self.set_problems_joined(job.items, index, cells);
        Ok(out)
    }
}
