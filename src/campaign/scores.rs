//! Scores and rankings (测评排名) of streets, communities, zones, owners or units
//! over a date window, as the weekly bulletin (周通报) publishes them.
//!
//! **What is counted**, per unit and window `from..=to` (see [`Tally`]): problems
//! found (and weighted by source: 明查 0.4, 暗访 0.6 by default, one city's rule),
//! the weighted count per km² of the unit's area, problems open and overdue at the
//! window's end, problems due in the window and how many of them were rectified on
//! time (closed by the end of their deadline day), problems closed in the window,
//! and recurrences: a problem reopened (复发) in the window, or a new problem found
//! in the window in the same cell and category as one found 1–30 days before it.
//! Where a problem stood on a past day is read from its history
//! ([`super::timeline::state_on`]; without a history, from where it stands now).
//!
//! **The score** is 100 minus four deductions, each capped, rounded to 0.1 (the
//! defaults of [`ScoreRule`] in brackets):
//!
//! ```text
//! found      = min(foundMax [40], foundPerKm2Week [2] × weighted found per km² × 7 / days)
//! backlog    = backlog [30]    × overdue at the end / open at the end      (0 when none open)
//! late       = late [20]       × (due − rectified on time) / due           (0 when none due)
//! recurrence = recurrence [10] × recurrences / (found ∪ reopened)          (0 when neither)
//! score      = max(0, 100 − found − backlog − late − recurrence)
//! ```
//!
//! so a unit loses up to 40 points for how densely problems are found on its ground
//! (per week, so a month's window scores like a week's), 30 for its backlog, 20 for
//! missed deadlines and 10 for problems that come back. Rankings order by score
//! (highest first, ties by unit id); equal scores share a rank (1, 2, 2, 4). The
//! bottom N (default 3, 排名后三位) are the last N in that order plus any unit tied
//! with the last of them; a unit with nothing deducted is never marked.
//!
//! **Units**: `street` is a level-1 zone and `community` a level-3 zone (the
//! four-level scheme holds streets at level 1 and communities at level 3, as the
//! problem card names them, [`super::query::Chain::street_and_community`]); `zone`
//! is any zone of the `level` asked. A problem belongs to the zone of that level
//! holding its location (the smallest id when zones of a level overlap). `owner`
//! is the holder of the problem's cell, `unit` that holder's 责任单位 in the owners
//! list; their area is the cells they hold. Problems in no unit are counted in
//! `unattributed`.
//!
//! **Days**: the window defaults to the 7 days ending on the ledger date (or an ISO
//! `week`). The ledger knows nothing after its date, so a window reaching past it
//! is judged on the ledger date (`end`), and only deadlines before the ledger date
//! count as due. The previous window is the same number of days just before.

use super::map::{Map, NO_CELL};
use super::score_options::check_weights;
pub use super::score_options::{ScoreBy, ScoreOptions, ScoreRule, SourceWeights};
pub use super::score_sheet::{Deductions, Previous, Scores, Tally, UnitScore};
use super::timeline::{iso_week, iso_week_of, reopened_within, state_on};
use crate::error::{Error, Result};
use crate::model::*;

/// The units of a scoring, and which one each problem belongs to.
struct Units {
    ids: Vec<String>,
    names: Vec<String>,
    holders: Vec<Option<String>>,
    area_m2: Vec<f64>,
    /// The unit of each problem, or `NO_CELL`.
    of_problem: Vec<u32>,
}

impl Map {
    /// Scores and ranks units over a window (see the module comment for what is
    /// counted and the formula).
    pub fn scores(&self, o: &ScoreOptions) -> Result<Scores> {
        let (from, to, as_of) = self.score_window(o)?;
        check_weights(o)?;
        let level = match (o.by, o.level) {
            (ScoreBy::Street, None) => Some(1),
            (ScoreBy::Community, None) => Some(3),
            (ScoreBy::Zone, Some(l)) if (1..=4).contains(&l) => Some(l),
            (ScoreBy::Zone, _) => {
                return Err(Error::arg("level", "with by: zone, give the level, 1 to 4"))
            }
            (ScoreBy::Owner | ScoreBy::Unit, None) => None,
            (_, Some(_)) => {
                return Err(Error::arg(
                    "level",
                    "only with by: zone (streets are level 1, communities level 3)",
                ))
            }
        };
        let units = self.score_units(o.by, level);
        let repeat = self.repeats(o.repeat_days);
        let days = to - from + 1;
        let (pfrom, pto) = (from - days, from - 1);
        let (now, now_all) = self.tally(&units, &repeat, &o.weights, from, to, as_of);
        let (before, before_all) = self.tally(&units, &repeat, &o.weights, pfrom, pto, as_of);
        let score_of = |t: &Tally| score(&o.rule, t, days);
        let scored: Vec<(Deductions, f64)> = now.iter().map(score_of).collect();
        let prev: Vec<f64> = before.iter().map(|t| score_of(t).1).collect();
        let ranks = ranks_of(&scored.iter().map(|s| s.1).collect::<Vec<_>>());
        let prev_ranks = ranks_of(&prev);
        // Best first, ties by id.
        let mut order: Vec<u32> = (0..units.ids.len() as u32).collect();
        crate::sort::ids_by(&mut order, &|a, b| {
            let (a, b) = (a as usize, b as usize);
            scored[b]
                .1
                .total_cmp(&scored[a].1)
                .then_with(|| units.ids[a].cmp(&units.ids[b]))
        });
        let mut out: Vec<UnitScore> = order
            .iter()
            .map(|&u| {
                let u = u as usize;
                UnitScore {
                    id: units.ids[u].clone(),
                    name: units.names[u].clone(),
                    holder: units.holders[u].clone(),
                    area_km2: units.area_m2[u] / 1e6,
                    tally: now[u],
                    deductions: scored[u].0,
                    score: scored[u].1,
                    rank: ranks[u],
                    bottom: false,
                    previous: Previous {
                        tally: before[u],
                        score: prev[u],
                        rank: prev_ranks[u],
                    },
                    score_change: round1(scored[u].1 - prev[u]),
                    rank_change: prev_ranks[u] as i32 - ranks[u] as i32,
                }
            })
            .collect();
        mark_bottom(&mut out, o.bottom);
        let unattributed = self
            .problems
            .iter()
            .zip(&units.of_problem)
            .filter(|(p, &u)| u == NO_CELL && p.found.is_some_and(|f| f >= from && f <= to))
            .count() as u32;
        let mut totals = now_all;
        let mut previous_totals = before_all;
        let area: f64 = self.cell_area_m2.iter().sum::<f64>() / 1e6;
        for t in [&mut totals, &mut previous_totals] {
            t.per_km2 = if area > 0.0 { t.weighted / area } else { 0.0 };
        }
        Ok(Scores {
            by: o.by,
            level,
            from,
            to,
            end: as_of.map_or(to, |d| d.min(to)),
            as_of,
            week: Some(iso_week_of(from)).filter(|w| iso_week(w).ok() == Some((from, to))),
            as_of_week: as_of.map(iso_week_of),
            previous_from: pfrom,
            previous_to: pto,
            weights: o.weights.clone(),
            rule: o.rule.clone(),
            bottom: o.bottom,
            units: out,
            totals,
            previous_totals,
            unattributed,
        })
    }

    /// The window `(from, to)` and the ledger date of the options.
    fn score_window(&self, o: &ScoreOptions) -> Result<(Day, Day, Option<Day>)> {
        let as_of = o.as_of.or(self.as_of());
        let (from, to) = match (&o.week, o.from, o.to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(Error::arg("week", "give a week or from/to, not both"))
            }
            (Some(w), None, None) => iso_week(w)?,
            (None, Some(a), Some(b)) => (a, b),
            (None, Some(a), None) => (a, a + 6),
            (None, None, Some(b)) => (b - 6, b),
            (None, None, None) => {
                let b = as_of.ok_or_else(|| {
                    Error::arg(
                        "to",
                        "no ledger date to end the window on: give `week` or `from`/`to`",
                    )
                })?;
                (b - 6, b)
            }
        };
        if from > to {
            return Err(Error::arg(
                "from",
                format!("{} is after `to` {}", format_day(from), format_day(to)),
            ));
        }
        if to - from > 3660 {
            return Err(Error::arg("to", "give a window of at most ten years"));
        }
        if let Some(d) = as_of.filter(|&d| d < from) {
            return Err(Error::arg(
                "from",
                format!(
                    "the window starts after the ledger date {}: the ledger knows nothing of it yet",
                    format_day(d)
                ),
            ));
        }
        Ok((from, to, as_of))
    }

    /// The units of `by` and the unit of every problem.
    fn score_units(&self, by: ScoreBy, level: Option<u8>) -> Units {
        let holder = |id: &str| {
            Some(
                self.owner(id)
                    .map_or(id, |o| if o.name.is_empty() { id } else { &o.name })
                    .to_string(),
            )
        };
        let mut u = Units {
            ids: vec![],
            names: vec![],
            holders: vec![],
            area_m2: vec![],
            of_problem: vec![NO_CELL; self.problems.len()],
        };
        if let Some(level) = level {
            let mut zones: Vec<u32> = (0..self.zones.len() as u32)
                .filter(|&z| self.zones[z as usize].level == level)
                .collect();
            crate::sort::ids_by(&mut zones, &|a, b| {
                self.zones[a as usize].id.cmp(&self.zones[b as usize].id)
            });
            let mut pos = vec![NO_CELL; self.zones.len()];
            for (k, &z) in zones.iter().enumerate() {
                let zone = &self.zones[z as usize];
                pos[z as usize] = k as u32;
                u.ids.push(zone.id.clone());
                u.names.push(if zone.name.is_empty() {
                    zone.id.clone()
                } else {
                    zone.name.clone()
                });
                u.holders.push(zone.owner.as_deref().and_then(holder));
                u.area_m2
                    .push(crate::index::sphere::area_m2(&zone.geometry));
            }
            for (i, p) in self.problems.iter().enumerate() {
                // The zone of that level with the smallest id holding the problem.
                let mut best: Option<u32> = None;
                self.zone_index.visit_containing(p.lnglat, |z| {
                    if pos[z as usize] != NO_CELL && best.is_none_or(|b| pos[z as usize] < b) {
                        best = Some(pos[z as usize]);
                    }
                });
                u.of_problem[i] = best.unwrap_or(NO_CELL);
            }
            return u;
        }
        // Owners or units: through the cells they hold, grouped by key.
        let key_of_cell = |c: u32| -> Option<&str> {
            let owner = self.cells[c as usize].owner.as_deref()?;
            match by {
                ScoreBy::Unit => Some(self.owner(owner)?.unit.trim()).filter(|t| !t.is_empty()),
                _ => Some(owner),
            }
        };
        let mut held: Vec<u32> = (0..self.cells.len() as u32)
            .filter(|&c| key_of_cell(c).is_some())
            .collect();
        crate::sort::ids_by(&mut held, &|a, b| key_of_cell(a).cmp(&key_of_cell(b)));
        let mut cell_unit = vec![NO_CELL; self.cells.len()];
        for (k, &c) in held.iter().enumerate() {
            let key = key_of_cell(c).unwrap_or_default();
            if k == 0 || key_of_cell(held[k - 1]) != Some(key) {
                let (name, unit) = match by {
                    ScoreBy::Unit => (key.to_string(), None),
                    _ => {
                        let o = self.owner(key);
                        let name = o.map(|o| o.name.as_str()).filter(|n| !n.is_empty());
                        (
                            name.unwrap_or(key).to_string(),
                            o.map(|o| o.unit.clone()).filter(|t| !t.is_empty()),
                        )
                    }
                };
                u.ids.push(key.to_string());
                u.names.push(name);
                u.holders.push(unit);
                u.area_m2.push(0.0);
            }
            let i = u.ids.len() - 1;
            cell_unit[c as usize] = i as u32;
            u.area_m2[i] += self.cell_area_m2[c as usize];
        }
        for (i, &c) in self.problem_cell.iter().enumerate() {
            if c != NO_CELL {
                u.of_problem[i] = cell_unit[c as usize];
            }
        }
        u
    }

    /// Whether each problem was found within `days` after another in the same cell
    /// and category (1..=days days later): problems sorted by cell, category and
    /// day, each compared with the ones before it in its group.
    fn repeats(&self, days: u32) -> Vec<bool> {
        let key = |i: u32| {
            let p = &self.problems[i as usize];
            (self.problem_cell[i as usize], p.kind, p.found)
        };
        let mut order: Vec<u32> = (0..self.problems.len() as u32)
            .filter(|&i| self.problem_cell[i as usize] != NO_CELL && key(i).2.is_some())
            .collect();
        crate::sort::ids_by(&mut order, &|a, b| key(a).cmp(&key(b)));
        let mut out = vec![false; self.problems.len()];
        let mut first = 0; // the first of the group within reach
        for k in 0..order.len() {
            let (cell, kind, Some(f)) = key(order[k]) else {
                continue;
            };
            let reach = |j: usize| {
                let (c, t, d) = key(order[j]);
                c == cell && t == kind && d.is_some_and(|d| d >= f - days as Day)
            };
            while first < k && !reach(first) {
                first += 1;
            }
            // The earliest day in reach is the first's (the group is sorted by day).
            out[order[k] as usize] = first < k && key(order[first]).2.is_some_and(|d| d < f);
        }
        out
    }

    /// Tallies of each unit, and of everything, in `from..=to`.
    fn tally(
        &self,
        units: &Units,
        repeat: &[bool],
        w: &SourceWeights,
        from: Day,
        to: Day,
        as_of: Option<Day>,
    ) -> (Vec<Tally>, Tally) {
        let end = as_of.map_or(to, |d| d.min(to));
        // Deadlines settled by the ledger date (the deadline day has passed).
        let settled = as_of.map_or(to, |d| (d - 1).min(to));
        let mut out = vec![Tally::default(); units.ids.len()];
        let mut all = Tally::default();
        for (i, p) in self.problems.iter().enumerate() {
            let Some(found) = p.found else { continue };
            let mut t = Tally::default();
            let is_found = found >= from && found <= to;
            if is_found {
                t.found = 1;
                t.by_source[p.source as usize] = 1;
                t.weighted = w.of(p.source);
            }
            let at_end = state_on(p, end);
            if let Some(s) = at_end {
                if s.status.is_unresolved() {
                    t.open = 1;
                    t.overdue = s.deadline.is_some_and(|d| d < end) as u32;
                } else if state_on(p, from - 1).is_none_or(|b| b.status.is_unresolved()) {
                    t.closed = 1;
                }
                if let Some(d) = s.deadline.filter(|&d| d >= from && d <= settled) {
                    t.due = 1;
                    t.on_time = state_on(p, d).is_some_and(|x| x.status == Status::Closed) as u32;
                }
            }
            let reopened = reopened_within(p, from, end);
            t.reopened = reopened as u32;
            t.repeats = (is_found && repeat[i]) as u32;
            t.recurrences = (reopened || t.repeats == 1) as u32;
            t.active = (is_found || reopened) as u32;
            add(&mut all, &t);
            if let Some(u) = out.get_mut(units.of_problem[i] as usize) {
                add(u, &t);
            }
        }
        for (t, &a) in out.iter_mut().zip(&units.area_m2) {
            t.per_km2 = if a > 0.0 { t.weighted / (a / 1e6) } else { 0.0 };
        }
        (out, all)
    }
}

fn add(a: &mut Tally, t: &Tally) {
    a.found += t.found;
    for k in 0..4 {
        a.by_source[k] += t.by_source[k];
    }
    a.weighted += t.weighted;
    a.open += t.open;
    a.overdue += t.overdue;
    a.due += t.due;
    a.on_time += t.on_time;
    a.closed += t.closed;
    a.reopened += t.reopened;
    a.repeats += t.repeats;
    a.recurrences += t.recurrences;
    a.active += t.active;
}

/// To one decimal, as scores are published.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The deductions and score of a tally over a window of `days` days.
pub fn score(rule: &ScoreRule, t: &Tally, days: i32) -> (Deductions, f64) {
    let share = |part: u32, whole: u32| {
        if whole > 0 {
            part as f64 / whole as f64
        } else {
            0.0
        }
    };
    let d = Deductions {
        found: (rule.found_per_km2_week * t.per_km2 * 7.0 / days as f64).min(rule.found_max),
        backlog: rule.backlog * share(t.overdue, t.open),
        late: rule.late * share(t.due - t.on_time, t.due),
        recurrence: rule.recurrence * share(t.recurrences, t.active),
    };
    let s = (100.0 - d.found - d.backlog - d.late - d.recurrence).max(0.0);
    (d, round1(s))
}

/// Competition ranks (1, 2, 2, 4) of scores, highest first: one plus how many
/// scored higher.
pub fn ranks_of(scores: &[f64]) -> Vec<u32> {
    let mut sorted = scores.to_vec();
    crate::sort::floats(&mut sorted);
    scores
        .iter()
        .map(|s| (sorted.len() - sorted.partition_point(|x| x <= s)) as u32 + 1)
        .collect()
}

/// Marks the last `n` of units sorted best first, and any tied with the last of
/// them; never a unit scoring 100.
fn mark_bottom(units: &mut [UnitScore], n: usize) {
    let len = units.len();
    if n == 0 || len == 0 {
        return;
    }
    let cut = units[len - n.min(len)].score;
    for u in units.iter_mut() {
        u.bottom = u.score <= cut && u.score < 100.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranks() {
        assert_eq!(ranks_of(&[90.0, 95.0, 90.0, 80.0]), vec![2, 1, 2, 4]);
        assert_eq!(ranks_of(&[]), Vec::<u32>::new());
    }

    #[test]
    fn the_formula_by_hand() {
        // 7 days, 3 weighted per km² → 6 points; 1 of 4 open overdue → 7.5; 1 of 2
        // due late → 10; 1 of 5 a recurrence → 2: 100 − 25.5 = 74.5.
        let t = Tally {
            per_km2: 3.0,
            open: 4,
            overdue: 1,
            due: 2,
            on_time: 1,
            recurrences: 1,
            active: 5,
            ..Default::default()
        };
        let (d, s) = score(&ScoreRule::default(), &t, 7);
        assert_eq!(
            (d.found, d.backlog, d.late, d.recurrence),
            (6.0, 7.5, 10.0, 2.0)
        );
        assert_eq!(s, 74.5);
        // A 14-day window halves the density's deduction; the cap holds.
        assert_eq!(score(&ScoreRule::default(), &t, 14).0.found, 3.0);
        let dense = Tally { per_km2: 1e6, ..t };
        assert_eq!(score(&ScoreRule::default(), &dense, 7).0.found, 40.0);
    }
}
