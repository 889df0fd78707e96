//! Unit tests of the generator on a small made-up district (2 × 1.5 km, a notch
//! cut into it): fast, and every stage is exercised.

use super::*;
use crate::{LoadOptions, Map};
use geo::{Area, LineString, MultiPolygon, Polygon};

fn tiny() -> District {
    let f = Frame::new(112.55, 26.9);
    let ring: Vec<(f64, f64)> = [
        (0.0, 0.0),
        (2030.0, 0.0),
        (2030.0, 1500.0),
        (1200.0, 1530.0),
        (1000.0, 900.0), // the notch
        (830.0, 1510.0),
        (0.0, 1480.0),
        (0.0, 0.0),
    ]
    .iter()
    .map(|&p| f.m_to_lnglat(p))
    .collect();
    let com = |code: &str, name: &str| Community {
        code: code.into(),
        name: name.into(),
    };
    District::new(
        "430499",
        "测试区",
        MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])]),
        vec![
            Street {
                code: "430499001".into(),
                name: "甲街道".into(),
                communities: vec![
                    com("430499001001", "东风社区居委会"),
                    com("430499001002", "西湖社区居委会"),
                    com("430499001201", "南山村委会"),
                ],
            },
            Street {
                code: "430499100".into(),
                name: "乙镇".into(),
                communities: vec![
                    com("430499100001", "乙镇社区居委会"),
                    com("430499100201", "北岭村委会"),
                ],
            },
        ],
    )
}

fn opts(seed: u64, problems: usize) -> Options {
    Options {
        seed,
        problems,
        ..Options::default()
    }
}

#[test]
fn the_tiny_district_is_fully_generated_and_loads_without_rejections() {
    let w = World::build(&tiny(), &opts(3, 2_000));
    // ~3 km² of 1 ha cells.
    let n = w.grid.cells.len();
    assert!((250..=330).contains(&n), "{n} cells");
    let total: f64 = w.grid.cells.iter().map(|c| c.area_m2).sum();
    let want = w.grid.district_m.unsigned_area();
    assert!((total - want).abs() / want < 1e-6, "{total} vs {want}");

    // Every community has cells, and every zone level 1 and 3 is non-empty.
    for k in 0..w.communities.len() as u32 {
        assert!(w.cell_community.contains(&k), "community {k} has no cells");
    }
    for z in &w.zones {
        assert!(!z.cells.is_empty(), "{}", z.id);
    }
    assert_eq!(w.zones.iter().filter(|z| z.level == 1).count(), 2);
    assert_eq!(w.zones.iter().filter(|z| z.level == 3).count(), 5);

    let mut m = Map::new();
    let o = LoadOptions::default();
    for (what, r) in [
        ("cells", m.load_cells(&w.cells_geojson(), o).unwrap()),
        ("zones", m.load_zones(&w.zones_geojson(), o).unwrap()),
        ("points", m.load_points(&w.points_geojson(), o).unwrap()),
        (
            "problems",
            m.load_problems(&w.problems_geojson(), o).unwrap(),
        ),
        ("owners", m.load_owners(&w.owners_json()).unwrap()),
    ] {
        assert!(
            r.rejected.is_empty(),
            "{what}: {:?}",
            &r.rejected[..r.rejected.len().min(3)]
        );
        assert!(r.loaded > 0, "{what}");
    }
    assert!(
        !m.coverage().conflicts.is_empty(),
        "the deliberate overlaps show"
    );
}

#[test]
fn codes_follow_the_community_codes() {
    let w = World::build(&tiny(), &opts(3, 0));
    let mut seen = std::collections::HashSet::new();
    for (i, code) in w.cell_code.iter().enumerate() {
        assert_eq!(code.len(), 16);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        let (s, c) = w.communities[w.cell_community[i] as usize];
        assert!(code.starts_with(&w.district.streets[s].communities[c].code));
        assert_ne!(&code[12..], "0000");
        assert!(seen.insert(code.clone()), "duplicate {code}");
    }
}

#[test]
fn problems_are_in_the_window_with_some_overdue() {
    let w = World::build(&tiny(), &opts(9, 3_000));
    let as_of = w.opts.as_of;
    let ps: Vec<GenProblem> = w.problems().collect();
    assert_eq!(ps.len(), 3_000);
    let mut overdue = 0;
    for p in &ps {
        assert!(p.found >= as_of - DAYS && p.found < as_of, "{p:?}");
        assert!(p.deadline >= p.found && (1..=3).contains(&p.severity));
        if p.status != Status::Closed && p.deadline < as_of {
            overdue += 1;
        }
    }
    let share = overdue as f64 / ps.len() as f64;
    assert!((0.05..0.3).contains(&share), "overdue share {share}");
    let (xy, sev) = w.problem_coords();
    assert_eq!(xy.len(), 6_000);
    assert_eq!(sev[17], ps[17].severity);
    assert_eq!((xy[34], xy[35]), ps[17].lnglat());
}

use crate::model::Status;
