//! The ledger (问题台账) on the map: the date it reckons from, the time-limit
//! table, recording problems and moving them through their cycle, and the card a
//! supervisor acts from. Every change is appended to the journal
//! ([`super::journal`]) and returned, so the caller can tell its host.

use super::cycle::{self, RecordInput, StepInput};
use super::journal::{Change, Entry, ProblemChange};
use super::limits::TimeLimits;
use super::map::{next_generation, Map};
use super::query::Chain;
use crate::error::{Error, Result};
use crate::model::*;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A problem as a supervisor's card shows it: the record, where it is and who
/// answers for it, how overdue it is on the ledger date, and the steps allowed now.
/// Serialised as one object: the record's fields (`io::record`), then these.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemCard {
    /// The record.
    pub problem: Problem,
    /// The inspection point's name, when the problem names a loaded point.
    pub point_name: Option<String>,
    /// The code (else id) of the grid cell the problem lies in.
    pub cell: Option<String>,
    /// Names of the level-1 zone (a sub-district, 街道) and the level-3 zone (a
    /// community, 社区) over the problem, as the four-level scheme assigns them.
    pub street: Option<String>,
    /// The level-3 zone's name (社区).
    pub community: Option<String>,
    /// Who answers for the place, level by level.
    pub chain: Chain,
    /// The day `daysOverdue` is reckoned on.
    pub as_of: Option<Day>,
    /// Days past the deadline on `as_of` (0 when not overdue).
    pub days_overdue: i32,
    /// Unresolved and past its deadline on `as_of`.
    pub overdue: bool,
    /// The steps its status allows now.
    pub allowed: Vec<Action>,
}

impl Serialize for ProblemCard {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ProblemCard", 23)?;
        crate::io::record::write_record(&mut st, &self.problem)?;
        st.serialize_field("pointName", &self.point_name)?;
        st.serialize_field("cell", &self.cell)?;
        st.serialize_field("street", &self.street)?;
        st.serialize_field("community", &self.community)?;
        st.serialize_field("chain", &self.chain)?;
        st.serialize_field("asOf", &self.as_of.map(format_day))?;
        st.serialize_field("daysOverdue", &self.days_overdue)?;
        st.serialize_field("overdue", &self.overdue)?;
        st.serialize_field("allowed", &self.allowed)?;
        st.end()
    }
}

impl Map {
    // ---- the ledger date ---------------------------------------------------

    /// The day the ledger reckons from: the one set with [`Map::set_as_of`], else
    /// the one the files declare (`x_as_of`), else None (the caller's today).
    pub fn as_of(&self) -> Option<Day> {
        self.as_of_set.or(self.declared_as_of)
    }

    /// The date the loaded files declare, if any (the latest load that declared one).
    pub fn declared_as_of(&self) -> Option<Day> {
        self.declared_as_of
    }

    /// Sets the day to reckon from; None goes back to the files' date.
    pub fn set_as_of(&mut self, day: Option<Day>) {
        self.as_of_set = day;
    }

    /// `given`, else the ledger date; an error naming `what` when there is neither.
    pub(crate) fn day_or_ledger(&self, given: Option<Day>, what: &'static str) -> Result<Day> {
        given.or(self.as_of()).ok_or_else(|| {
            Error::arg(
                what,
                "no ledger date: the files declare none (`x_as_of`) and none was set; give the day or set one",
            )
        })
    }

    // ---- the time-limit table ----------------------------------------------

    /// The time-limit table (限时整改 days per category).
    pub fn time_limits(&self) -> &TimeLimits {
        &self.limits
    }

    /// Replaces the time-limit table with a city's own (JSON, see
    /// [`TimeLimits::from_json`]); a bad table changes nothing.
    pub fn load_time_limits(&mut self, text: &str) -> Result<&TimeLimits> {
        self.limits = TimeLimits::from_json(text)?;
        Ok(&self.limits)
    }

    // ---- recording and steps -----------------------------------------------

    /// A free id for a problem found on `day`: `P20261120-001`, `-002`, … (the
    /// first not taken here nor by `taken`).
    pub(crate) fn free_problem_id(&self, day: Day, taken: &dyn Fn(&str) -> bool) -> String {
        let date: String = format_day(day).chars().filter(|c| *c != '-').collect();
        (1u64..)
            .map(|n| format!("P{date}-{n:03}"))
            .find(|id| self.problem_pos(id).is_none() && !taken(id))
            .expect("an unbounded range has a free id")
    }

    /// The problem `input` describes, checked against the map (the point, the id)
    /// without changing it. `taken` says which other ids are spoken for.
    pub(crate) fn prepare_record(
        &self,
        input: &RecordInput,
        taken: &dyn Fn(&str) -> bool,
    ) -> Result<Problem> {
        let point = input
            .point
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let point_pos = match point {
            Some(id) => match self.point_pos(id) {
                Some(i) => Some(i),
                None if self.points.is_empty() => None,
                None => {
                    return Err(Error::arg(
                        "point",
                        format!(
                            "unknown inspection point `{id}`; it is not among the loaded points"
                        ),
                    ))
                }
            },
            None => None,
        };
        let lnglat = match (input.lng, input.lat, point_pos) {
            (Some(lng), Some(lat), _) => {
                if !(lng.is_finite()
                    && lat.is_finite()
                    && (-180.0..=180.0).contains(&lng)
                    && (-90.0..=90.0).contains(&lat))
                {
                    return Err(Error::arg(
                        "lng/lat",
                        format!("[{lng}, {lat}] is not a WGS-84 longitude/latitude"),
                    ));
                }
                (lng, lat)
            }
            (None, None, Some(i)) => self.points[i as usize].lnglat,
            _ => return Err(Error::arg(
                "lng/lat",
                "give both `lng` and `lat` (WGS-84), or a loaded inspection `point` to place it at",
            )),
        };
        let found = self.day_or_ledger(input.found, "found")?;
        let id = match input.id.as_deref().map(str::trim) {
            Some("") => return Err(Error::arg("id", "is empty; leave it out to get a new one")),
            Some(id) if self.problem_pos(id).is_some() || taken(id) => {
                return Err(Error::arg(
                    "id",
                    format!("`{id}` is already in the ledger; ids never repeat"),
                ))
            }
            Some(id) => id.to_string(),
            None => self.free_problem_id(found, taken),
        };
        cycle::new_problem(input, id, lnglat, found, &self.limits)
    }

    /// Records a new problem (登记): its id, cell and chain at once, a deadline from
    /// the time-limit table, and a journal entry, which is returned.
    pub fn record_problem(&mut self, input: &RecordInput) -> Result<&Entry> {
        let p = self.prepare_record(input, &|_| false)?;
        self.push_problem(p.clone());
        Ok(self.log_change(Action::Record, None, p))
    }

    /// The problem after `input`, checked without changing the map.
    pub(crate) fn prepare_step(&self, p: &Problem, input: &StepInput) -> Result<Problem> {
        let on = self.day_or_ledger(input.on, "on")?;
        cycle::step(p, input, on, &self.limits)
    }

    /// Takes one step in a problem's life; an illegal step changes nothing and says
    /// which steps are allowed. Returns the journal entry.
    pub fn step_problem(&mut self, id: &str, input: &StepInput) -> Result<&Entry> {
        let i = self
            .problem_pos(id)
            .ok_or_else(|| Error::UnknownProblem(id.to_string()))?;
        let next = self.prepare_step(&self.problems[i as usize], input)?;
        let before = self.problems[i as usize].clone();
        self.replace_problem(i, next.clone());
        Ok(self.log_change(input.action, Some(before), next))
    }

    /// Appends a problem: index, cell and id lookup follow at once.
    pub(crate) fn push_problem(&mut self, p: Problem) -> u32 {
        let i = self.problem_index.push(p.lnglat);
        self.problem_cell.push(self.cell_of(p.lnglat));
        if let Some(by_id) = self.problem_by_id.get_mut() {
            by_id.insert(p.id.clone(), i);
        }
        self.problems.push(p);
        self.problems_generation = next_generation();
        i
    }

    /// Puts a stepped problem in its place (same id, same location).
    pub(crate) fn replace_problem(&mut self, i: u32, p: Problem) {
        debug_assert_eq!(self.problems[i as usize].lnglat, p.lnglat);
        self.problems[i as usize] = p;
        self.problems_generation = next_generation();
    }

    pub(crate) fn log_change(
        &mut self,
        action: Action,
        before: Option<Problem>,
        after: Problem,
    ) -> &Entry {
        let seq = self.journal.last().map_or(1, |e| e.seq + 1);
        self.journal.push(Entry {
            seq,
            change: Change::Problem(ProblemChange {
                action,
                id: after.id.clone(),
                before,
                after,
            }),
        });
        self.journal.last().expect("just pushed")
    }

    // ---- reading -----------------------------------------------------------

    /// The journal since the problems were loaded, oldest first.
    pub fn journal(&self) -> &[Entry] {
        &self.journal
    }

    /// The steps of a problem, oldest first (empty for one loaded without history).
    pub fn problem_history(&self, id: &str) -> Result<&[Step]> {
        let i = self
            .problem_pos(id)
            .ok_or_else(|| Error::UnknownProblem(id.to_string()))?;
        Ok(self.problems[i as usize].history())
    }

    /// The steps allowed on a problem now.
    pub fn allowed_steps(&self, id: &str) -> Result<Vec<Action>> {
        let i = self
            .problem_pos(id)
            .ok_or_else(|| Error::UnknownProblem(id.to_string()))?;
        Ok(cycle::allowed_steps(&self.problems[i as usize]))
    }

    /// The card of a problem, overdue reckoned on `as_of` (else the ledger date).
    pub fn problem_card(&self, id: &str, as_of: Option<Day>) -> Result<ProblemCard> {
        let i = self
            .problem_pos(id)
            .ok_or_else(|| Error::UnknownProblem(id.to_string()))?;
        let p = &self.problems[i as usize];
        let chain = self.chain_at(p.lnglat, self.problem_cell[i as usize], p.point.as_deref());
        let (street, community) = chain.street_and_community();
        let as_of = as_of.or(self.as_of());
        Ok(ProblemCard {
            problem: p.clone(),
            point_name: self.point_name(p.point.as_deref()),
            cell: chain.cell.clone(),
            street,
            community,
            as_of,
            days_overdue: as_of.map_or(0, |d| p.days_overdue(d)),
            overdue: as_of.is_some_and(|d| p.is_overdue(d)),
            allowed: cycle::allowed_steps(p),
            chain,
        })
    }

    /// The name of a loaded inspection point (None when unknown or unnamed).
    pub(crate) fn point_name(&self, id: Option<&str>) -> Option<String> {
        let i = self.point_pos(id?)?;
        Some(self.points[i as usize].name.clone()).filter(|n| !n.is_empty())
    }
}
