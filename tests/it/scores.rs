//! Scores and rankings (`Map::scores`) against a plain model on random ledgers
//! (histories walked through the cycle, units of every kind), and a small case
//! computed by hand.

use crate::support::*;
use civicmap::scores::*;
use civicmap::*;
use proptest::prelude::*;

const ORIGIN: LngLat = (112.5, 26.8);
const STEP: f64 = 0.001;

fn day(t: &str) -> Day {
    parse_day(t).unwrap()
}

/// The status a step starts from, as the cycle's table says (the model's own copy).
fn from_status(a: Action, after: Status) -> Status {
    match a {
        Action::Record | Action::Start => Status::Open,
        Action::Submit => Status::Rectifying,
        Action::Pass | Action::Fail => Status::Submitted,
        Action::Reopen => Status::Closed,
        Action::Extend => after,
    }
}

/// The model's state of a problem at the end of a day: a scan of its history.
fn model_state(p: &Problem, d: Day) -> Option<(Status, Option<Day>)> {
    let f = p.found?;
    if d < f {
        return None;
    }
    let h = p.history();
    if h.is_empty() {
        return Some((p.status, p.deadline));
    }
    let mut state = (from_status(h[0].action, h[0].status), h[0].deadline);
    for s in h {
        if s.on <= d {
            state = (s.status, s.deadline);
        }
    }
    Some(state)
}

/// One unit of the model.
#[derive(Debug, Default, Clone)]
struct M {
    found: u32,
    weighted: f64,
    open: u32,
    overdue: u32,
    due: u32,
    on_time: u32,
    closed: u32,
    recurrences: u32,
    active: u32,
}

/// Tallies of every unit over `from..=to`, `unit(i)` naming each problem's unit.
fn model_tally(
    problems: &[Problem],
    cell_of: &[usize],
    unit: &dyn Fn(usize) -> Option<usize>,
    n_units: usize,
    w: &SourceWeights,
    (from, to, as_of): (Day, Day, Day),
) -> Vec<M> {
    let end = to.min(as_of);
    let mut out = vec![M::default(); n_units];
    for (i, p) in problems.iter().enumerate() {
        let Some(u) = unit(i) else { continue };
        let m = &mut out[u];
        let f = p.found.unwrap();
        let is_found = from <= f && f <= to;
        if is_found {
            m.found += 1;
            m.weighted += match p.source {
                Source::OpenInspection => w.open_inspection,
                Source::CovertInspection => w.covert_inspection,
                Source::Complaint => w.complaint,
                Source::Media => w.media,
            };
        }
        if let Some((s, dl)) = model_state(p, end) {
            if s != Status::Closed {
                m.open += 1;
                if dl.is_some_and(|d| d < end) {
                    m.overdue += 1;
                }
            } else if model_state(p, from - 1).is_none_or(|b| b.0 != Status::Closed) {
                m.closed += 1;
            }
            if let Some(d) = dl {
                if from <= d && d <= to && d < as_of {
                    m.due += 1;
                    if model_state(p, d).unwrap().0 == Status::Closed {
                        m.on_time += 1;
                    }
                }
            }
        }
        let reopened = p
            .history()
            .iter()
            .any(|s| s.action == Action::Reopen && from <= s.on && s.on <= end);
        let repeat = is_found
            && problems.iter().enumerate().any(|(j, q)| {
                j != i
                    && cell_of[j] == cell_of[i]
                    && q.kind == p.kind
                    && (1..=30).contains(&(f - q.found.unwrap()))
            });
        m.recurrences += (reopened || repeat) as u32;
        m.active += (is_found || reopened) as u32;
    }
    out
}

fn model_score(m: &M, area_km2: f64, days: i32) -> f64 {
    let share = |a: u32, b: u32| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let per_km2 = if area_km2 > 0.0 {
        m.weighted / area_km2
    } else {
        0.0
    };
    let found = (2.0 * per_km2 * 7.0 / days as f64).min(40.0);
    let s = 100.0
        - found
        - 30.0 * share(m.overdue, m.open)
        - 20.0 * share(m.due - m.on_time, m.due)
        - 10.0 * share(m.recurrences, m.active);
    (s.max(0.0) * 10.0).round() / 10.0
}

/// A problem's life: recorded on its found day, then random steps allowed by the
/// cycle, each 0–3 days after the one before; or no history at all.
#[derive(Debug, Clone)]
struct Life {
    cell: usize,
    at: (f64, f64),
    found: i32,
    kind: usize,
    source: usize,
    limit: i32,
    with_history: bool,
    /// Without a history: status and deadline as they stand.
    status: usize,
    steps: Vec<(usize, i32)>,
}

fn life(cells: usize) -> impl Strategy<Value = Life> {
    (
        0..cells,
        (0.05..0.95f64, 0.05..0.95f64),
        0..40i32,
        0..3usize,
        0..4usize,
        0..4i32,
        any::<bool>(),
        0..4usize,
        prop::collection::vec((0..6usize, 0..4i32), 0..8),
    )
        .prop_map(
            |(cell, at, found, kind, source, limit, with_history, status, steps)| Life {
                cell,
                at,
                found,
                kind,
                source,
                limit,
                with_history,
                status,
                steps,
            },
        )
}

/// Each problem's unit in the model.
type UnitOf = Box<dyn Fn(usize) -> Option<usize>>;

const D0: &str = "2026-10-01";

fn problem_of(i: usize, l: &Life, nx: usize) -> Problem {
    let (ci, cj) = (l.cell % nx, l.cell / nx);
    let lnglat = (
        ORIGIN.0 + (ci as f64 + l.at.0) * STEP,
        ORIGIN.1 + (cj as f64 + l.at.1) * STEP,
    );
    let found = day(D0) + l.found;
    let kinds = [
        ProblemKind::Garbage,
        ProblemKind::Bikes,
        ProblemKind::Stalls,
    ];
    let mut p = Problem {
        id: format!("P{i:03}"),
        lnglat,
        point: None,
        kind: kinds[l.kind],
        severity: 1,
        status: Status::ALL[l.status],
        found: Some(found),
        deadline: Some(found + l.limit),
        source: Source::ALL[l.source],
        log: None,
    };
    if l.with_history {
        let mut status = Status::Open;
        let mut deadline = found + l.limit;
        let mut on = found;
        let mut h = vec![Step {
            action: Action::Record,
            on,
            by: Some("t".into()),
            note: None,
            status,
            deadline: Some(deadline),
        }];
        let actions = [
            Action::Start,
            Action::Submit,
            Action::Pass,
            Action::Fail,
            Action::Reopen,
            Action::Extend,
        ];
        for &(a, gap) in &l.steps {
            let a = actions[a];
            let Some(next) = status.after(a) else {
                continue;
            };
            on += gap;
            match a {
                Action::Reopen => deadline = on + l.limit,
                Action::Extend => deadline += 1 + gap,
                _ => {}
            }
            status = next;
            h.push(Step {
                action: a,
                on,
                by: Some("t".into()),
                note: None,
                status,
                deadline: Some(deadline),
            });
        }
        p.status = status;
        p.deadline = Some(deadline);
        p.log_mut().history = h;
    }
    p
}

#[allow(clippy::too_many_arguments)]
/// Builds the map: an `nx` × `ny` grid; streets split it at column `split`
/// (and a small level-1 zone `s0` over the first cell when `extra`, to test the
/// smallest-id rule), communities split it at row `rsplit`; owners by cell.
fn build(
    nx: usize,
    ny: usize,
    split: usize,
    rsplit: usize,
    extra: bool,
    owners: &[usize],
    problems: &[Problem],
    as_of: Day,
) -> Map {
    let mut map = Map::new();
    let cells: Vec<(String, geo::MultiPolygon<f64>)> = (0..nx * ny)
        .map(|k| {
            let (i, j) = (k % nx, k / nx);
            let min = (ORIGIN.0 + i as f64 * STEP, ORIGIN.1 + j as f64 * STEP);
            (format!("c{k:03}"), rect(min, (min.0 + STEP, min.1 + STEP)))
        })
        .collect();
    let names = ["o1", "o2", "o3", "o4"];
    map.load_cells(
        &cells_json(&cells, |i| {
            (owners[i] < 4).then(|| names[owners[i]].to_string())
        }),
        LoadOptions::default(),
    )
    .unwrap();
    map.load_owners(
        r#"[{"id":"o1","name":"甲","unit":"U1"},{"id":"o2","name":"乙","unit":"U1"},{"id":"o3","name":"丙","unit":"U2"}]"#,
    )
    .unwrap();
    let x = |i: usize| ORIGIN.0 + i as f64 * STEP;
    let y = |j: usize| ORIGIN.1 + j as f64 * STEP;
    let zone = |id: &str, level: u8, min: LngLat, max: LngLat| {
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"owner":"o1","level":{level},"name":"{id}名"}},"geometry":{}}}"#,
            polygon_json(&rect(min, max))
        )
    };
    let mut zones = vec![];
    if split > 0 {
        zones.push(zone("s1", 1, (x(0), y(0)), (x(split), y(ny))));
    }
    if split < nx {
        zones.push(zone("s2", 1, (x(split), y(0)), (x(nx), y(ny))));
    }
    if extra {
        zones.push(zone("s0", 1, (x(0), y(0)), (x(1), y(1))));
    }
    if rsplit > 0 {
        zones.push(zone("m1", 3, (x(0), y(0)), (x(nx), y(rsplit))));
    }
    map.load_zones(&fc(&zones), LoadOptions::default()).unwrap();
    map.load_problems(
        &civicmap::geojson::export_problems(problems, Crs::Wgs84, Some(as_of)),
        LoadOptions::default(),
    )
    .unwrap();
    map
}

#[allow(clippy::type_complexity)]
fn case() -> impl Strategy<
    Value = (
        usize,
        usize,
        usize,
        usize,
        bool,
        Vec<usize>,
        Vec<Life>,
        i32,
        i32,
        i32,
        usize,
    ),
> {
    (2..5usize, 1..4usize).prop_flat_map(|(nx, ny)| {
        (
            Just(nx),
            Just(ny),
            0..=nx,
            0..=ny,
            any::<bool>(),
            prop::collection::vec(0..5usize, nx * ny),
            prop::collection::vec(life(nx * ny), 0..40),
            0..45i32,
            1..15i32,
            0..50i32,
            0..5usize,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_match_the_model(
        (nx, ny, split, rsplit, extra, owners, lives, start, len, asof, bottom) in case()
    ) {
        let problems: Vec<Problem> = lives.iter().enumerate().map(|(i, l)| problem_of(i, l, nx)).collect();
        let as_of = day(D0) + asof;
        let (from, to) = (day(D0) + start, day(D0) + start + len - 1);
        prop_assume!(from <= as_of);
        let map = build(nx, ny, split, rsplit, extra, &owners, &problems, as_of);
        prop_assert_eq!(map.problems().len(), problems.len());
        let cell_of: Vec<usize> = lives.iter().map(|l| l.cell).collect();
        let names = ["o1", "o2", "o3", "o4"];
        for by in [ScoreBy::Street, ScoreBy::Community, ScoreBy::Owner, ScoreBy::Unit] {
            let lives = lives.clone();
            let o = ScoreOptions { from: Some(from), to: Some(to), by, bottom, ..Default::default() };
            let got = map.scores(&o).unwrap();
            // The model's units, in id order, and each problem's unit.
            let (ids, unit): (Vec<String>, UnitOf) = match by {
                ScoreBy::Street => {
                    let mut ids = vec![];
                    if extra { ids.push("s0".to_string()); }
                    if split > 0 { ids.push("s1".into()); }
                    if split < nx { ids.push("s2".into()); }
                    let ids2 = ids.clone();
                    (ids, Box::new(move |i: usize| {
                        let c = lives[i].cell;
                        let col = c % nx;
                        let name = if extra && c == 0 { "s0" } else if col < split { "s1" } else { "s2" };
                        ids2.iter().position(|x| x == name)
                    }))
                }
                ScoreBy::Community => {
                    let ids = if rsplit > 0 { vec!["m1".to_string()] } else { vec![] };
                    (ids, Box::new(move |i: usize| (lives[i].cell / nx < rsplit).then_some(0)))
                }
                ScoreBy::Owner => {
                    let mut ids: Vec<String> = owners.iter().filter(|&&o| o < 4).map(|&o| names[o].to_string()).collect();
                    ids.sort();
                    ids.dedup();
                    let ids2 = ids.clone();
                    let owners = owners.clone();
                    (ids, Box::new(move |i: usize| {
                        let o = owners[lives[i].cell];
                        if o < 4 { ids2.iter().position(|x| x == names[o]) } else { None }
                    }))
                }
                _ => {
                    let unit_of = |o: usize| match o { 0 | 1 => Some("U1"), 2 => Some("U2"), _ => None };
                    let mut ids: Vec<String> = owners.iter().filter_map(|&o| unit_of(o)).map(String::from).collect();
                    ids.sort();
                    ids.dedup();
                    let ids2 = ids.clone();
                    let owners = owners.clone();
                    (ids, Box::new(move |i: usize| unit_of(owners[lives[i].cell]).and_then(|u| ids2.iter().position(|x| x == u))))
                }
            };
            let mut got_ids: Vec<String> = got.units.iter().map(|u| u.id.clone()).collect();
            got_ids.sort();
            prop_assert_eq!(&got_ids, &ids, "{:?}: units", by);
            let w = SourceWeights::default();
            let days = to - from + 1;
            let now = model_tally(&problems, &cell_of, &unit, ids.len(), &w, (from, to, as_of));
            let before = model_tally(&problems, &cell_of, &unit, ids.len(), &w, (from - days, from - 1, as_of));
            // Areas: a zone or an owner's cells, summed from the cells' own areas.
            let mut scores = vec![];
            let mut prev = vec![];
            for (k, id) in ids.iter().enumerate() {
                let u = got.units.iter().find(|u| &u.id == id).unwrap();
                let area: f64 = (0..nx * ny).filter(|&c| {
                    match by {
                        ScoreBy::Street => {
                            let name = if c % nx < split { "s1" } else { "s2" };
                            // s0's area is its one cell; s1 keeps the cell s0 overlaps.
                            if id == "s0" { c == 0 } else { name == id }
                        }
                        ScoreBy::Community => c / nx < rsplit,
                        ScoreBy::Owner => owners[c] < 4 && names[owners[c]] == id,
                        _ => match owners[c] { 0 | 1 => id == "U1", 2 => id == "U2", _ => false },
                    }
                }).map(|c| map.cell_areas_m2()[c]).sum::<f64>() / 1e6;
                prop_assert!((u.area_km2 - area).abs() <= 1e-6 * area.max(1e-9), "{:?} {}: area {} vs {}", by, id, u.area_km2, area);
                let m = &now[k];
                let t = &u.tally;
                prop_assert_eq!(
                    (t.found, t.open, t.overdue, t.due, t.on_time, t.closed, t.recurrences, t.active),
                    (m.found, m.open, m.overdue, m.due, m.on_time, m.closed, m.recurrences, m.active),
                    "{:?} {}: tally", by, id
                );
                prop_assert!((t.weighted - m.weighted).abs() < 1e-9);
                let s = model_score(m, u.area_km2, days);
                let ps = model_score(&before[k], u.area_km2, days);
                prop_assert_eq!(u.score, s, "{:?} {}: score", by, id);
                prop_assert_eq!(u.previous.score, ps, "{:?} {}: previous score", by, id);
                scores.push(s);
                prev.push(ps);
            }
            // Ranks: one plus how many scored higher; the order best first, ties by id.
            let rank = |v: &[f64], k: usize| 1 + v.iter().filter(|&&x| x > v[k]).count() as u32;
            let mut order: Vec<usize> = (0..ids.len()).collect();
            order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(ids[a].cmp(&ids[b])));
            let got_order: Vec<&str> = got.units.iter().map(|u| u.id.as_str()).collect();
            let want_order: Vec<&str> = order.iter().map(|&k| ids[k].as_str()).collect();
            prop_assert_eq!(got_order, want_order);
            let n = ids.len();
            for (pos, &k) in order.iter().enumerate() {
                let u = &got.units[pos];
                prop_assert_eq!(u.rank, rank(&scores, k));
                prop_assert_eq!(u.previous.rank, rank(&prev, k));
                prop_assert_eq!(u.rank_change, rank(&prev, k) as i32 - rank(&scores, k) as i32);
                // Bottom: the last `bottom` and ties with the last of them, never a 100.
                let cut = if bottom == 0 { f64::NEG_INFINITY } else { scores[order[n - bottom.min(n)]] };
                prop_assert_eq!(u.bottom, bottom > 0 && scores[k] <= cut && scores[k] < 100.0, "bottom {}", ids[k]);
            }
            // Totals count every problem once; the unattributed ones are the rest.
            let total_found = problems.iter().filter(|p| (from..=to).contains(&p.found.unwrap())).count() as u32;
            prop_assert_eq!(got.totals.found, total_found);
            let attributed: u32 = got.units.iter().map(|u| u.tally.found).sum();
            prop_assert_eq!(attributed + got.unattributed, total_found);
        }
    }
}

/// Two streets, a cell in neither; window 2026-W47 (16–22 Nov), ledger date 20 Nov.
#[test]
fn a_small_week_by_hand() {
    // Cells of 0.01° (about 1.1 km²), so the density deduction stays under its cap.
    const STEP: f64 = 0.01;
    let p = |id: &str, cell: usize, found: &str, source: Source, status: Status, deadline: &str| {
        Problem {
            id: id.into(),
            lnglat: (ORIGIN.0 + (cell as f64 + 0.5) * STEP, ORIGIN.1 + 0.5 * STEP),
            point: None,
            kind: ProblemKind::Garbage,
            severity: 1,
            status,
            found: Some(day(found)),
            deadline: Some(day(deadline)),
            source,
            log: None,
        }
    };
    use Source::*;
    use Status::*;
    let mut p3 = p("P3", 1, "2026-11-01", Complaint, Open, "2026-11-25");
    p3.kind = ProblemKind::Stalls;
    let step = |a, on: &str, s, d: &str| Step {
        action: a,
        on: day(on),
        by: Some("王".into()),
        note: None,
        status: s,
        deadline: Some(day(d)),
    };
    p3.log_mut().history = vec![
        step(Action::Record, "2026-11-01", Open, "2026-11-02"),
        step(Action::Start, "2026-11-01", Rectifying, "2026-11-02"),
        step(Action::Submit, "2026-11-02", Submitted, "2026-11-02"),
        step(Action::Pass, "2026-11-02", Closed, "2026-11-02"),
        step(Action::Reopen, "2026-11-18", Open, "2026-11-25"),
    ];
    let problems = vec![
        // Street A (cells 0, 1): overdue on the 20th and due on the 18th, missed.
        p("P1", 0, "2026-11-16", CovertInspection, Open, "2026-11-18"),
        // Closed (no history: in time), due on the 19th: on time, closed this week.
        p("P2", 1, "2026-11-17", OpenInspection, Closed, "2026-11-19"),
        // Reopened on the 18th: a recurrence; open, not overdue, not due.
        p3,
        // Same cell and category as P1, two days later: a repeat; due on the
        // 20th, the ledger date itself: not yet settled.
        p(
            "P4",
            0,
            "2026-11-18",
            CovertInspection,
            Rectifying,
            "2026-11-20",
        ),
        // Street B (cell 2): last week only, by the media, closed in time.
        p("P5", 2, "2026-11-10", Media, Closed, "2026-11-11"),
        // Cell 3 is in no street.
        p("P6", 3, "2026-11-19", OpenInspection, Open, "2026-11-26"),
    ];
    let mut map = Map::new();
    let cells: Vec<(String, geo::MultiPolygon<f64>)> = (0..4)
        .map(|k| {
            let min = (ORIGIN.0 + k as f64 * STEP, ORIGIN.1);
            (format!("c{k}"), rect(min, (min.0 + STEP, min.1 + STEP)))
        })
        .collect();
    map.load_cells(&cells_json(&cells, |_| None), LoadOptions::default())
        .unwrap();
    let x = |i: usize| ORIGIN.0 + i as f64 * STEP;
    let zone = |id: &str, name: &str, a: usize, b: usize| {
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"owner":"o{id}","level":1,"name":"{name}"}},"geometry":{}}}"#,
            polygon_json(&rect((x(a), ORIGIN.1), (x(b), ORIGIN.1 + STEP)))
        )
    };
    map.load_zones(
        &fc(&[zone("A", "甲街道", 0, 2), zone("B", "乙街道", 2, 3)]),
        LoadOptions::default(),
    )
    .unwrap();
    map.load_problems(
        &civicmap::geojson::export_problems(&problems, Crs::Wgs84, Some(day("2026-11-20"))),
        LoadOptions::default(),
    )
    .unwrap();
    let s = map
        .scores(&ScoreOptions {
            week: Some("2026-W47".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (format_day(s.from), format_day(s.to), format_day(s.end)),
        (
            "2026-11-16".into(),
            "2026-11-22".into(),
            "2026-11-20".into()
        )
    );
    assert_eq!(
        (format_day(s.previous_from), format_day(s.previous_to)),
        ("2026-11-09".into(), "2026-11-15".into())
    );
    let area = |cells: &[usize]| cells.iter().map(|&c| map.cell_areas_m2()[c]).sum::<f64>() / 1e6;
    let (a, b) = (&s.units[1], &s.units[0]);
    assert_eq!((a.id.as_str(), b.id.as_str()), ("A", "B"));
    let t = &a.tally;
    assert_eq!((t.found, t.by_source), (3, [1, 2, 0, 0]));
    assert!((t.weighted - 1.6).abs() < 1e-12);
    assert_eq!(
        (t.open, t.overdue, t.due, t.on_time, t.closed),
        (3, 1, 2, 1, 1)
    );
    assert_eq!(
        (t.reopened, t.repeats, t.recurrences, t.active),
        (1, 1, 2, 4)
    );
    // found 2 × 1.6 / area; backlog 30 × 1/3 = 10; late 20 × 1/2 = 10;
    // recurrence 10 × 2/4 = 5.
    // Zone areas are the zones' own (geodesic edges), within 1e-5 of their cells'.
    assert!(
        (a.area_km2 / area(&[0, 1]) - 1.0).abs() < 1e-5,
        "{} vs {}",
        a.area_km2,
        area(&[0, 1])
    );
    let found = 2.0 * 1.6 / a.area_km2;
    assert!(found > 1.0 && found < 2.0, "{found}");
    assert!((a.deductions.found - found).abs() < 1e-9);
    assert_eq!(
        (
            a.deductions.backlog,
            a.deductions.late,
            a.deductions.recurrence
        ),
        (10.0, 10.0, 5.0)
    );
    assert_eq!(a.score, ((100.0 - 25.0 - found) * 10.0f64).round() / 10.0);
    // B: nothing this week; last week one media problem (weight 1), due and in time.
    assert_eq!(b.score, 100.0);
    assert_eq!(b.tally.found, 0);
    assert_eq!(
        (
            b.previous.tally.found,
            b.previous.tally.due,
            b.previous.tally.on_time,
            b.previous.tally.closed
        ),
        (1, 1, 1, 1)
    );
    let prev_b = ((100.0 - 2.0 / b.area_km2) * 10.0f64).round() / 10.0;
    assert_eq!(b.previous.score, prev_b);
    // A was first last week (nothing deducted), B second; now B is first.
    assert_eq!((a.rank, a.previous.rank, a.rank_change), (2, 1, -1));
    assert_eq!((b.rank, b.previous.rank, b.rank_change), (1, 2, 1));
    assert_eq!(b.score_change, ((100.0 - prev_b) * 10.0f64).round() / 10.0);
    // Bottom three of two: A; never B, which lost nothing.
    assert!(a.bottom && !b.bottom);
    assert_eq!(s.unattributed, 1);
    assert_eq!(s.totals.found, 4);
    assert_eq!(a.holder.as_deref(), Some("oA"));
    assert_eq!(a.name, "甲街道");

    // The options say what is wrong.
    let err = |o: ScoreOptions| map.scores(&o).unwrap_err().to_string();
    assert!(err(ScoreOptions {
        by: ScoreBy::Zone,
        ..Default::default()
    })
    .contains("level"));
    assert!(err(ScoreOptions {
        week: Some("2026-47".into()),
        ..Default::default()
    })
    .contains("YYYY-Www"));
    assert!(err(ScoreOptions {
        from: Some(day("2026-11-21")),
        ..Default::default()
    })
    .contains("ledger date"));
    let o: Result<ScoreOptions, _> =
        serde_json::from_str(r#"{"weights":{"暗访":0.7,"明查":0.3},"by":"community"}"#);
    assert_eq!(o.unwrap().weights.covert_inspection, 0.7);
    let bad: Result<ScoreOptions, _> = serde_json::from_str(r#"{"weight":{}}"#);
    assert!(bad.unwrap_err().to_string().contains("unknown field"));
}
