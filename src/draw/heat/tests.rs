//! Options, weights and the renderer on small maps.

use super::*;
use crate::draw::view::View;
use crate::model::*;

#[test]
fn options_read_camel_case_and_refuse_typos() {
    let o: HeatOptions = serde_json::from_str(
        r#"{"radiusM": 300, "from": "2026-11-01", "to": "2026-11-07", "ramp": "viridis",
            "weights": {"severity": [1, 1, 5], "closed": 0.2}, "mode": "hex"}"#,
    )
    .unwrap();
    assert_eq!(o.radius_m, 300.0);
    assert_eq!(o.from, parse_day("2026-11-01").ok());
    assert_eq!(o.weights.severity, [1.0, 1.0, 5.0]);
    assert_eq!(o.weights.open, 1.0);
    assert_eq!(o.mode, Mode::Hex);
    let e = serde_json::from_str::<HeatOptions>(r#"{"radiusMeters": 3}"#).unwrap_err();
    assert!(e.to_string().contains("radiusMeters"), "{e}");
    assert!(serde_json::from_str::<HeatOptions>(r#"{"from": "last week"}"#).is_err());
    let bad = HeatOptions {
        from: Some(10),
        to: Some(9),
        ..Default::default()
    };
    assert!(bad.check().is_err());
}

#[test]
fn weights_follow_severity_status_and_lateness() {
    let w = Weights::default();
    let mut p = Problem {
        id: "p".into(),
        lnglat: (112.6, 26.9),
        point: None,
        kind: ProblemKind::Garbage,
        severity: 3,
        status: Status::Open,
        found: Some(100),
        deadline: Some(110),
        source: Source::Complaint,
        log: None,
    };
    assert_eq!(w.of(&p, None), 3.0);
    assert_eq!(w.of(&p, Some(120)), 3.0 * 1.5);
    assert_eq!(w.of(&p, Some(1000)), 3.0 * 4.0);
    p.status = Status::Rectifying;
    assert_eq!(w.of(&p, Some(105)), 1.5);
    p.status = Status::Submitted;
    assert_eq!(
        w.of(&p, Some(105)),
        1.5,
        "waiting for the re-check weighs as rectifying"
    );
    p.status = Status::Closed;
    assert_eq!(w.of(&p, Some(120)), 0.0);
}

#[test]
fn the_window_is_inclusive_and_drops_undated_problems() {
    let o = HeatOptions {
        from: Some(10),
        to: Some(16),
        ..Default::default()
    };
    let mut p = Problem {
        id: "p".into(),
        lnglat: (0.0, 0.0),
        point: None,
        kind: ProblemKind::Other,
        severity: 1,
        status: Status::Open,
        found: Some(10),
        deadline: None,
        source: Source::Media,
        log: None,
    };
    assert!(o.in_window(&p));
    p.found = Some(16);
    assert!(o.in_window(&p));
    p.found = Some(17);
    assert!(!o.in_window(&p));
    p.found = None;
    assert!(!o.in_window(&p));
    assert!(HeatOptions::default().in_window(&p));
}

#[test]
fn percentile_finds_the_top_of_a_known_distribution() {
    let view = View::new((112.58, 26.89), 14.0, 100.0, 80.0);
    let mut g = HeatGrid::new();
    g.prepare(&view, 0.5, BlurKind::Box, 100);
    // No blur: densities are exactly the binned weights.
    for i in 0..100u32 {
        let p = view.px_to_lnglat(((i % 100) as f64 + 0.5, 40.5));
        g.add(p, (i + 1) as f32);
    }
    let r = g.per_km2_row[g.spec.pad + 40] as f64;
    let (max, p90) = g.percentile_km2(0.9);
    assert!((max / r - 100.0).abs() < 1e-3, "{}", max / r);
    assert!((p90 / r - 90.0).abs() < 0.1, "{}", p90 / r);
}

/// The heatmap's cache prepared a slice at a time gives the frame made at once,
/// also when the problems or the weights change halfway through.
#[test]
fn a_heatmap_prepared_in_slices_is_the_one_made_at_once() {
    let grid = |dx: f64| -> Vec<f64> {
        (0..3000)
            .flat_map(|i| {
                [
                    112.57 + dx + (i % 61) as f64 * 2e-4,
                    26.89 + (i / 61) as f64 * 2e-4,
                ]
            })
            .collect()
    };
    let (a, b) = (grid(0.0), grid(0.003));
    let mut view = View::new((112.577, 26.895), 15.0, 300.0, 200.0);
    view.base_crs = crate::Crs::Gcj02;
    let plain = HeatOptions::default();
    let heavy = HeatOptions {
        weights: Weights {
            severity: [1.0, 2.0, 9.0],
            ..Weights::default()
        },
        ..HeatOptions::default()
    };
    let at_once = |coords: &[f64], opts: &HeatOptions| {
        let mut m = crate::Map::new();
        m.load_problem_coords(coords, None).unwrap();
        HeatRenderer::new()
            .render(&m, &view, opts)
            .unwrap()
            .to_vec()
    };
    let until_ready = |r: &mut HeatRenderer, m: &crate::Map, opts: &HeatOptions| {
        let mut calls = 0;
        while !r.prepare(m, &view, opts, 500).unwrap().ready {
            calls += 1;
        }
        calls
    };
    let mut m = crate::Map::new();
    m.load_problem_coords(&a, None).unwrap();
    let mut r = HeatRenderer::new();
    for _ in 0..5 {
        let p = r.prepare(&m, &view, &plain, 500).unwrap();
        assert!(!p.ready && p.done < p.total, "{p:?}");
    }
    // Other problems halfway: their frame, not a mix.
    m.load_problem_coords(&b, None).unwrap();
    assert!(until_ready(&mut r, &m, &plain) >= 3 * 3000 / 500);
    assert_eq!(
        r.render(&m, &view, &plain).unwrap(),
        &at_once(&b, &plain)[..]
    );
    // Other weights halfway through weighing, then back.
    assert!(!r.prepare(&m, &view, &heavy, 500).unwrap().ready);
    until_ready(&mut r, &m, &plain);
    assert_eq!(
        r.render(&m, &view, &plain).unwrap(),
        &at_once(&b, &plain)[..]
    );
    assert_eq!(
        r.render(&m, &view, &heavy).unwrap(),
        &at_once(&b, &heavy)[..]
    );
}
