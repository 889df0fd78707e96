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
