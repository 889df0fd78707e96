//! The problem cycle against a plain model: random sequences of record, step,
//! extend and reopen on a map and on a few lines of bookkeeping written from the
//! issue's rules (not from src/campaign/cycle.rs); the journal replayed into a fresh
//! map gives the same state; exports load back to the same problems; every illegal
//! step is refused, naming the state and what is allowed.

use crate::support::*;
use civicmap::*;
use proptest::prelude::*;

/// The ledger date of the random sequences.
const D0: Day = 20_000;

/// A 4 × 4 grid of 0.002° cells with a street and a community zone, and two
/// inspection points: the base data every sequence starts from.
fn base_map() -> Map {
    let mut m = Map::new();
    let cells = grid((112.60, 26.90), 0.002, 4, 4);
    m.load_cells(
        &cells_json(&cells, |i| Some(format!("o{}", i % 3))),
        LoadOptions::default(),
    )
    .unwrap();
    let zones = fc(&[
        format!(
            r#"{{"type":"Feature","id":"s1","properties":{{"owner":"li","level":1,"name":"蒸湘街道"}},"geometry":{}}}"#,
            polygon_json(&rect((112.59, 26.89), (112.62, 26.92)))
        ),
        format!(
            r#"{{"type":"Feature","id":"c1","properties":{{"owner":"zhao","level":3,"name":"红湖社区"}},"geometry":{}}}"#,
            polygon_json(&rect((112.60, 26.90), (112.604, 26.904)))
        ),
    ]);
    m.load_zones(&zones, LoadOptions::default()).unwrap();
    let points = fc(&[
        format!(
            r#"{{"type":"Feature","id":"D1","properties":{{"name":"红湖农贸市场","category":"market"}},"geometry":{}}}"#,
            point_json((112.601, 26.901))
        ),
        format!(
            r#"{{"type":"Feature","id":"D2","properties":{{"name":"公厕","category":"public_toilet"}},"geometry":{}}}"#,
            point_json((112.606, 26.905))
        ),
    ]);
    m.load_points(&points, LoadOptions::default()).unwrap();
    let problems = fc(&[
        format!(
            r#"{{"type":"Feature","id":"old1","properties":{{"category":"garbage","status":"closed","found":"2024-10-01","deadline":"2024-10-02"}},"geometry":{}}}"#,
            point_json((112.603, 26.903))
        ),
        format!(
            r#"{{"type":"Feature","id":"old2","properties":{{"category":"stalls","status":"rectifying","found":"2024-10-10","deadline":"2024-10-20"}},"geometry":{}}}"#,
            point_json((112.604, 26.902))
        ),
    ]);
    m.load_problems(&problems, LoadOptions::default()).unwrap();
    m.set_as_of(Some(D0));
    m
}

/// The issue's time limits: the category's days, at most 1 for serious problems and
/// for those the media exposed.
fn model_days(kind: ProblemKind, severity: u8, source: Source) -> Day {
    let d = match kind {
        ProblemKind::Facilities | ProblemKind::Ads => 7,
        ProblemKind::Other => 3,
        _ => 1,
    };
    if severity == 3 || source == Source::Media {
        d.min(1)
    } else {
        d
    }
}

/// What the model keeps of each problem.
#[derive(Debug, Clone, PartialEq)]
struct Plain {
    id: String,
    kind: ProblemKind,
    severity: u8,
    source: Source,
    status: Status,
    deadline: Option<Day>,
    /// The deadline before the extension of this round, if any.
    extended_from: Option<Day>,
    steps: usize,
    last_on: Day,
}

fn next_status(s: Status, a: Action) -> Option<Status> {
    use Action::*;
    use Status::*;
    Some(match (s, a) {
        (Open, Start) => Rectifying,
        (Rectifying, Submit) => Submitted,
        (Submitted, Pass) => Closed,
        (Submitted, Fail) => Rectifying,
        (Closed, Reopen) => Open,
        (Open, Extend) => Open,
        (Rectifying, Extend) => Rectifying,
        _ => return None,
    })
}

impl Plain {
    /// The model's answer to a step: the new state, or None when refused.
    fn step(&self, a: Action, on: Day, by: &str, note: &str, days: u32) -> Option<Plain> {
        let status = next_status(self.status, a)?;
        if by.trim().is_empty() || on < self.last_on {
            return None;
        }
        let mut next = Plain {
            status,
            steps: self.steps + 1,
            last_on: on,
            ..self.clone()
        };
        match a {
            Action::Extend => {
                let from = self.deadline?;
                if self.extended_from.is_some() || note.trim().is_empty() || days == 0 || days > 7 {
                    return None;
                }
                next.deadline = Some(from + days as Day);
                next.extended_from = Some(from);
            }
            Action::Reopen => {
                next.deadline = Some(on + model_days(self.kind, self.severity, self.source));
                next.extended_from = None;
            }
            _ => {}
        }
        Some(next)
    }

    fn check(&self, p: &Problem) -> Result<(), TestCaseError> {
        prop_assert_eq!(&p.id, &self.id);
        prop_assert_eq!(p.status, self.status);
        prop_assert_eq!(p.deadline, self.deadline);
        prop_assert_eq!(p.extension().map(|e| e.from), self.extended_from);
        prop_assert_eq!(p.history().len(), self.steps);
        prop_assert_eq!(p.history().last().map(|s| s.on), Some(self.last_on));
        prop_assert_eq!(p.check_history(), Ok(()));
        Ok(())
    }
}

#[derive(Debug, Clone)]
enum Op {
    Record {
        at: (f64, f64),
        kind: usize,
        severity: u8,
        source: usize,
        back: i32,
        on_point: bool,
    },
    Step {
        pick: prop::sample::Index,
        action: usize,
        dt: i32,
        by_blank: bool,
        note: bool,
        days: u32,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => ((0.0..0.008f64, 0.0..0.008f64), 0..7usize, 1u8..=3, 0..4usize, 0..4i32, any::<bool>())
            .prop_map(|(at, kind, severity, source, back, on_point)| Op::Record { at, kind, severity, source, back, on_point }),
        3 => (any::<prop::sample::Index>(), 0..6usize, -2..4i32, prop::bool::weighted(0.1), prop::bool::weighted(0.85), 0..10u32)
            .prop_map(|(pick, action, dt, by_blank, note, days)| Op::Step { pick, action, dt, by_blank, note, days }),
    ]
}

const STEPS: [Action; 6] = [
    Action::Start,
    Action::Submit,
    Action::Pass,
    Action::Fail,
    Action::Extend,
    Action::Reopen,
];

/// Runs `ops` on `map` and on the model, checking them against each other after
/// every operation. Returns the model.
fn run(map: &mut Map, ops: &[Op]) -> Result<Vec<Plain>, TestCaseError> {
    let mut model: Vec<Plain> = vec![];
    for op in ops {
        match op {
            Op::Record {
                at,
                kind,
                severity,
                source,
                back,
                on_point,
            } => {
                let (kind, source) = (ProblemKind::ALL[*kind], Source::ALL[*source]);
                let found = D0 - back;
                let input = RecordInput {
                    id: None,
                    lng: (!on_point).then_some(112.60 + at.0),
                    lat: (!on_point).then_some(26.90 + at.1),
                    point: on_point.then(|| "D1".to_string()),
                    category: kind,
                    severity: *severity,
                    source,
                    note: Some("现场照片两张".into()),
                    photos: vec!["IMG_1.jpg".into()],
                    found: Some(found),
                    deadline: None,
                    by: Some("督导组".into()),
                };
                let n = map.problems().len();
                let id = match &map.record_problem(&input).unwrap().change {
                    Change::Problem(c) => c.id.clone(),
                };
                prop_assert_eq!(map.problems().len(), n + 1);
                prop_assert!(
                    map.problems()[..n].iter().all(|p| p.id != id),
                    "a new id never collides"
                );
                let p = &map.problems()[n];
                let want_ll = if *on_point {
                    (112.601, 26.901)
                } else {
                    (112.60 + at.0, 26.90 + at.1)
                };
                prop_assert_eq!(p.lnglat, want_ll);
                prop_assert_eq!(
                    map.problem_cells()[n],
                    map.cell_at(p.lnglat).unwrap_or(NO_CELL)
                );
                let plain = Plain {
                    id,
                    kind,
                    severity: *severity,
                    source,
                    status: Status::Open,
                    deadline: Some(found + model_days(kind, *severity, source)),
                    extended_from: None,
                    steps: 1,
                    last_on: found,
                };
                plain.check(p)?;
                model.push(plain);
            }
            Op::Step {
                pick,
                action,
                dt,
                by_blank,
                note,
                days,
            } => {
                if model.is_empty() {
                    continue;
                }
                let k = pick.index(model.len());
                let a = STEPS[*action];
                let on = model[k].last_on + dt;
                let by = if *by_blank { " " } else { "李娜" };
                let note = if *note { "等材料" } else { "" };
                let mut input = StepInput::new(a, by);
                input.on = Some(on);
                input.note = Some(note.to_string());
                if a == Action::Extend {
                    input.days = Some(*days);
                }
                let before = map.export_problems(Crs::Wgs84);
                let got = map.step_problem(&model[k].id, &input).map(|_| ());
                let want = model[k].step(a, on, by, note, *days);
                prop_assert_eq!(
                    got.is_ok(),
                    want.is_some(),
                    "{:?} on {:?}: {:?}",
                    a,
                    model[k],
                    got
                );
                match want {
                    Some(next) => model[k] = next,
                    None => prop_assert_eq!(
                        map.export_problems(Crs::Wgs84),
                        before,
                        "a refused step changes nothing"
                    ),
                }
                let i = map.problem_pos(&model[k].id).unwrap() as usize;
                model[k].check(&map.problems()[i])?;
            }
        }
    }
    Ok(model)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Random lives against the model; then the journal, replayed into a fresh map
    /// of the same data, gives the same problems and the same journal; replayed
    /// again, it is refused whole; and the export loads back to the same problems.
    #[test]
    fn random_lives_match_the_model_and_replay(ops in prop::collection::vec(op(), 1..40)) {
        let mut map = base_map();
        let model = run(&mut map, &ops)?;
        for m in &model {
            let card = map.problem_card(&m.id, None).unwrap();
            prop_assert_eq!(card.days_overdue, m.deadline.map_or(0, |d| if m.status != Status::Closed && d < D0 { D0 - d } else { 0 }));
        }

        let journal = civicmap::journal::to_text(map.journal());
        prop_assert_eq!(journal.lines().count(), map.journal().len());
        let mut fresh = base_map();
        let applied = fresh.apply_journal(&journal).unwrap();
        prop_assert_eq!(applied.len(), map.journal().len());
        prop_assert_eq!(fresh.problems(), map.problems());
        prop_assert_eq!(fresh.export_problems(Crs::Wgs84), map.export_problems(Crs::Wgs84));
        prop_assert_eq!(civicmap::journal::to_text(fresh.journal()), journal.clone());

        if !map.journal().is_empty() {
            let before = fresh.export_problems(Crs::Wgs84);
            let e = fresh.apply_journal(&journal).unwrap_err().to_string();
            prop_assert!(e.contains("journal line 1:") && e.contains("nothing of the journal was applied"), "{}", e);
            prop_assert_eq!(fresh.export_problems(Crs::Wgs84), before);
            prop_assert_eq!(fresh.journal().len(), map.journal().len());
        }

        let text = map.export_problems(Crs::Wgs84);
        let mut again = Map::new();
        let r = again.load_problems(&text, LoadOptions::default()).unwrap();
        prop_assert!(r.rejected.is_empty(), "{:?}", r.rejected);
        prop_assert_eq!(again.problems(), map.problems());
        prop_assert_eq!(again.as_of(), Some(D0), "the ledger date travels as x_as_of");
    }

    /// A journal with an entry twice, changed, or of another version is refused
    /// naming the line, and the map is as it was.
    #[test]
    fn a_journal_that_does_not_fit_changes_nothing(ops in prop::collection::vec(op(), 2..25), which in any::<prop::sample::Index>(), how in 0..3usize) {
        let mut map = base_map();
        run(&mut map, &ops)?;
        let lines: Vec<String> = map.journal().iter().map(|e| e.to_line()).collect();
        prop_assume!(lines.len() >= 2);
        let k = which.index(lines.len());
        let mut bad = lines.clone();
        match how {
            0 => { let dup = bad[k].clone(); bad.insert(k + 1, dup); } // an entry twice
            1 => {
                // A step entry whose `before` says another status than the map has.
                let steps: Vec<usize> = (0..bad.len()).filter(|&i| !bad[i].contains(r#""before":null"#)).collect();
                prop_assume!(!steps.is_empty());
                let i = steps[k % steps.len()];
                let (head, tail) = bad[i].split_once(r#","after":"#).unwrap();
                let other = if head.contains(r#""status":"closed""#) { "open" } else { "closed" };
                let head = ["open", "rectifying", "submitted", "closed"].iter().fold(head.to_string(), |h, s| {
                    h.replace(&format!(r#""status":"{s}""#), &format!(r#""status":"{other}""#))
                });
                bad[i] = format!(r#"{head},"after":{tail}"#);
            }
            _ => bad[k] = bad[k].replacen(r#""v":1"#, r#""v":9"#, 1),
        }
        prop_assume!(bad != lines);
        let mut fresh = base_map();
        let before = fresh.export_problems(Crs::Wgs84);
        let e = fresh.apply_journal(&bad.join("\n")).unwrap_err();
        prop_assert!(matches!(e, Error::BadJournal { .. }), "{e}");
        prop_assert!(e.to_string().contains("nothing of the journal was applied"));
        prop_assert_eq!(fresh.export_problems(Crs::Wgs84), before);
        prop_assert!(fresh.journal().is_empty());
    }
}

#[test]
fn every_illegal_step_is_refused_naming_the_state_and_the_allowed_steps() {
    let mut map = base_map();
    let rec = RecordInput {
        id: None,
        lng: Some(112.6015),
        lat: Some(26.9015),
        point: None,
        category: ProblemKind::Facilities,
        severity: 2,
        source: Source::CovertInspection,
        note: None,
        photos: vec![],
        found: None,
        deadline: None,
        by: None,
    };
    // One problem in each status.
    let mut ids = vec![];
    for path in [
        &[][..],
        &[Action::Start][..],
        &[Action::Start, Action::Submit][..],
        &[Action::Start, Action::Submit, Action::Pass][..],
    ] {
        let id = match &map.record_problem(&rec).unwrap().change {
            Change::Problem(c) => c.id.clone(),
        };
        for &a in path {
            map.step_problem(&id, &StepInput::new(a, "李娜")).unwrap();
        }
        ids.push(id);
    }
    let allowed = [
        "start (开始整改), extend (延期)",
        "submit (提交复查), extend (延期)",
        "pass (复查通过), fail (复查未通过)",
        "reopen (复发)",
    ];
    let names = [
        "open (待整改)",
        "rectifying (整改中)",
        "submitted (待复查)",
        "closed (已销号)",
    ];
    let mut refused = 0;
    for (k, id) in ids.iter().enumerate() {
        for a in STEPS {
            let status = map.problems()[map.problem_pos(id).unwrap() as usize].status;
            if next_status(status, a).is_some() {
                continue;
            }
            let before = map.export_problems(Crs::Wgs84);
            let e = map
                .step_problem(id, &StepInput::new(a, "李娜"))
                .unwrap_err();
            assert_eq!(
                e.to_string(),
                format!(
                    "problem `{id}` is {}: cannot {} ({}); allowed now: {}",
                    names[k],
                    a.key(),
                    a.label(),
                    allowed[k]
                )
            );
            assert_eq!(map.export_problems(Crs::Wgs84), before);
            refused += 1;
        }
    }
    assert_eq!(
        refused,
        4 * 6 - 7,
        "every status × step pair the cycle does not allow"
    );
    // A second extension, an extension without a reason, and the record step.
    let id = &ids[0];
    let mut ext = StepInput::new(Action::Extend, "赵强");
    ext.days = Some(2);
    assert!(map
        .step_problem(id, &ext)
        .unwrap_err()
        .to_string()
        .contains("reason"));
    ext.note = Some("等材料".into());
    map.step_problem(id, &ext).unwrap();
    let e = map.step_problem(id, &ext).unwrap_err().to_string();
    assert!(
        e.contains("already extended once") && e.ends_with("allowed now: start (开始整改)"),
        "{e}"
    );
    let e = map
        .step_problem(id, &StepInput::new(Action::Record, "x"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("recording is not a step"), "{e}");
    let e = map
        .step_problem("nope", &StepInput::new(Action::Start, "x"))
        .unwrap_err();
    assert_eq!(e, Error::UnknownProblem("nope".into()));
    // The history and the card show the extension.
    let card = map.problem_card(id, None).unwrap();
    assert_eq!(
        card.problem.extension().map(|e| e.reason.as_str()),
        Some("等材料")
    );
    assert_eq!(card.street.as_deref(), Some("蒸湘街道"));
    assert_eq!(card.community.as_deref(), Some("红湖社区"));
    let h = map.problem_history(id).unwrap();
    assert_eq!(
        h.iter().map(|s| s.action).collect::<Vec<_>>(),
        [Action::Record, Action::Extend]
    );
    assert_eq!(h[1].by.as_deref(), Some("赵强"));
}

#[test]
fn recording_checks_its_input_and_ids_never_repeat() {
    let mut map = base_map();
    let input = |v: serde_json::Value| RecordInput::from_json(&v);
    let ok = serde_json::json!({"lng": 112.601, "lat": 26.9011, "category": "垃圾", "severity": 2, "source": "暗访", "photos": ["a.jpg"], "note": "桶满", "by": "王伟"});
    let a = map
        .record_problem(&input(ok.clone()).unwrap())
        .unwrap()
        .clone();
    let b = map
        .record_problem(&input(ok.clone()).unwrap())
        .unwrap()
        .clone();
    let ids: Vec<String> = [a, b]
        .iter()
        .map(|e| match &e.change {
            Change::Problem(c) => c.id.clone(),
        })
        .collect();
    assert_eq!(
        ids,
        ["P20241004-001", "P20241004-002"],
        "the ledger date 2024-10-04 (day 20000)"
    );
    let p = &map.problems()[map.problem_pos(&ids[0]).unwrap() as usize];
    assert_eq!(
        (p.kind, p.source, p.deadline),
        (ProblemKind::Garbage, Source::CovertInspection, Some(D0 + 1))
    );
    for (patch, needle) in [
        (serde_json::json!({"colour": 1}), "unknown field `colour`"),
        (
            serde_json::json!({"category": null}),
            "field `category`: missing",
        ),
        (serde_json::json!({"severity": 5}), "from 1 to 3"),
        (
            serde_json::json!({"source": "radio"}),
            "accepted: open_inspection / 明查",
        ),
        (
            serde_json::json!({"found": "yesterday"}),
            "write YYYY-MM-DD",
        ),
    ] {
        let mut v = ok.clone();
        for (k, x) in patch.as_object().unwrap() {
            v[k] = x.clone();
        }
        let e = input(v).map(|_| ()).unwrap_err().to_string();
        assert!(e.contains(needle), "{patch}: {e}");
    }
    for (patch, needle) in [
        (serde_json::json!({"lng": 200.0}), "not a WGS-84"),
        (
            serde_json::json!({"point": "D9"}),
            "unknown inspection point `D9`",
        ),
        (serde_json::json!({"id": "old1"}), "already in the ledger"),
        (
            serde_json::json!({"deadline": "2024-10-01"}),
            "before the day it was found",
        ),
        (
            serde_json::json!({"photos": ["javascript:alert(1)"]}),
            "not a photo reference",
        ),
    ] {
        let mut v = ok.clone();
        for (k, x) in patch.as_object().unwrap() {
            v[k] = x.clone();
        }
        let n = map.problems().len();
        let e = map
            .record_problem(&input(v).unwrap())
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{patch}: {e}");
        assert_eq!(map.problems().len(), n, "a refused record adds nothing");
    }
    // Without a ledger date and without `found`, recording says what to do.
    let mut bare = Map::new();
    let e = bare
        .record_problem(&input(ok).unwrap())
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("no ledger date"), "{e}");
}

/// Today's files keep loading, `closed` and all; a history that does not tell one
/// story is rejected by name.
#[test]
fn old_files_load_and_bad_histories_are_named() {
    let text = repo_file("data/demo/problems.geojson");
    let mut map = Map::new();
    let r = map.load_problems(&text, LoadOptions::default()).unwrap();
    assert_eq!((r.loaded, r.rejected.len()), (6000, 0));
    assert_eq!(r.as_of.as_deref(), Some("2026-11-20"));
    let feature = |history: &str| {
        fc(&[format!(
            r#"{{"type":"Feature","id":"h","properties":{{"status":"closed","found":"2026-11-01","deadline":"2026-11-02","history":{history}}},"geometry":{}}}"#,
            point_json((112.6, 26.9))
        )])
    };
    let good = r#"[{"action":"record","on":"2026-11-01","status":"open","deadline":"2026-11-02"},{"action":"start","on":"2026-11-01","by":"a","status":"rectifying","deadline":"2026-11-02"},{"action":"submit","on":"2026-11-02","by":"a","status":"submitted","deadline":"2026-11-02"},{"action":"pass","on":"2026-11-03","by":"b","status":"closed","deadline":"2026-11-02"}]"#;
    let r = map
        .load_problems(&feature(good), LoadOptions::default())
        .unwrap();
    assert_eq!(r.loaded, 1, "{:?}", r.rejected);
    for (bad, needle) in [
        (
            good.replace(r#""action":"submit""#, r#""action":"pass""#),
            "step 2 (pass) cannot lead from status rectifying",
        ),
        (
            good.replace("2026-11-03", "2026-11-01"),
            "before the step before it",
        ),
        (
            good.replace(
                r#""by":"b","status":"closed""#,
                r#""by":"b","status":"submitted""#,
            ),
            "step 3 (pass) cannot lead",
        ),
        (
            good.replace(
                r#""on":"2026-11-01","status":"open""#,
                r#""on":"2026-10-01","status":"open""#,
            ),
            "before the problem was found",
        ),
        (r#"[{"action":"start"}]"#.to_string(), "field `on`: missing"),
    ] {
        // Every feature rejected: the load is refused and the ledger kept.
        let Err(Error::NothingLoaded { rejected, .. }) =
            map.load_problems(&feature(&bad), LoadOptions::default())
        else {
            panic!("{bad}: expected the load to be refused");
        };
        let r = LoadReport {
            loaded: 0,
            rejected,
            as_of: None,
        };
        assert_eq!(map.problems().len(), 1, "the ledger is kept");
        assert_eq!(r.rejected[0].field, "history");
        assert!(
            r.rejected[0].reason.contains(needle),
            "{}",
            r.rejected[0].reason
        );
    }
}
