//! Gi* hotspots (src/campaign/hotspots.rs): the z-scores against PySAL's esda on the
//! demo and on random data, the distance band against a haversine scan, a planted
//! cluster found, and the false discovery rate held on data with no cluster.

use crate::support::*;
use civicmap::campaign::hotspots::{gi_star, Band, HotspotOptions};
use civicmap::index::sphere::haversine_m;
use civicmap::*;
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use std::path::PathBuf;

/// The Python with esda and libpysal that scripts/setup.sh installs into target/py
/// (or `CIVICMAP_PYTHON`). Missing means setup did not run: fail, do not skip.
fn python() -> PathBuf {
    if let Ok(p) = std::env::var("CIVICMAP_PYTHON") {
        return PathBuf::from(p);
    }
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/py/bin/python");
    assert!(
        p.exists(),
        "{} is missing: run `bash scripts/setup.sh`, which installs esda and libpysal \
         (tests/py/requirements.txt) there",
        p.display()
    );
    p
}

/// esda's Gi* z-scores for each case `(counts, band)`; where esda has no variance to
/// divide by (NaN) civicmap documents z = 0, so None reads as 0.
fn esda_z(cases: &[(Vec<f64>, Band)]) -> Vec<Vec<f64>> {
    let dir = tempdir("hotspots");
    let input = serde_json::json!(cases
        .iter()
        .map(|(x, band)| {
            let nb: Vec<Vec<u32>> = (0..x.len())
                .map(|i| {
                    band.of(i)
                        .iter()
                        .copied()
                        .filter(|&j| j as usize != i)
                        .collect()
                })
                .collect();
            serde_json::json!({ "x": x, "neighbours": nb })
        })
        .collect::<Vec<_>>());
    let (inp, out) = (dir.join("in.json"), dir.join("out.json"));
    std::fs::write(&inp, input.to_string()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/py/gi_star.py");
    let status = std::process::Command::new(python())
        .arg(&script)
        .arg(&inp)
        .arg(&out)
        .status()
        .expect("run tests/py/gi_star.py");
    assert!(status.success(), "tests/py/gi_star.py failed: {status}");
    let z: Vec<Vec<Option<f64>>> =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    z.into_iter()
        .map(|v| v.into_iter().map(|z| z.unwrap_or(0.0)).collect())
        .collect()
}

/// A fresh folder under target/ for one call's files (tests run in parallel).
fn tempdir(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let k = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tmp")
        .join(format!("{name}-{}-{k}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn assert_close(ours: &[f64], theirs: &[f64], what: &str) {
    assert_eq!(ours.len(), theirs.len(), "{what}");
    let worst = ours
        .iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-6, "{what}: largest |z - esda z| = {worst}");
}

fn demo() -> Map {
    let mut map = Map::new();
    let o = LoadOptions::default();
    map.load_cells(&repo_file("data/demo/cells.geojson"), o)
        .unwrap();
    map.load_problems(&repo_file("data/demo/problems.geojson"), o)
        .unwrap();
    map
}

/// Square cells of 0.001° on a `side × side` grid, and their interior points.
fn lattice(side: usize) -> (Map, Vec<LngLat>) {
    let cells = grid((112.6, 26.9), 0.001, side, side);
    let mut map = Map::new();
    map.load_cells(&cells_json(&cells, |_| None), LoadOptions::default())
        .unwrap();
    let centres = cells
        .iter()
        .map(|(_, g)| {
            let r = geo::BoundingRect::bounding_rect(g).unwrap();
            ((r.min().x + r.max().x) / 2.0, (r.min().y + r.max().y) / 2.0)
        })
        .collect();
    (map, centres)
}

/// Problems as GeoJSON: `counts[i]` problems at `centres[i]`, found on 2026-11-02.
fn problems_at(centres: &[LngLat], counts: &[u32]) -> String {
    let mut feats = vec![];
    for (i, (&c, &n)) in centres.iter().zip(counts).enumerate() {
        for k in 0..n {
            feats.push(format!(
                r#"{{"type":"Feature","id":"p{i}-{k}","properties":{{"category":"garbage","severity":1,"status":"open","found":"2026-11-02"}},"geometry":{}}}"#,
                point_json(c)
            ));
        }
    }
    fc(&feats)
}

#[test]
fn gi_star_agrees_with_esda_on_the_demo() {
    let map = demo();
    let mut cases = vec![];
    let mut ours = vec![];
    for (from, to, band_m) in [
        (None, None, 300.0),
        (
            parse_day("2026-11-01").ok(),
            parse_day("2026-11-20").ok(),
            300.0,
        ),
        (
            parse_day("2026-11-14").ok(),
            parse_day("2026-11-20").ok(),
            500.0,
        ),
    ] {
        let o = HotspotOptions {
            from,
            to,
            band_m,
            ..HotspotOptions::default()
        };
        let h = map.hotspots(&o).unwrap();
        assert!(h.problems > 0);
        let x: Vec<f64> = h.cells.iter().map(|c| c.count).collect();
        let centres: Vec<LngLat> = (0..map.cells().len())
            .map(|i| map.cell_interior_point(i as u32))
            .collect();
        cases.push((x, Band::within(&centres, band_m)));
        ours.push(h.cells.iter().map(|c| c.z).collect::<Vec<_>>());
    }
    let theirs = esda_z(&cases);
    for (k, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_close(a, b, &format!("demo case {k}"));
    }
    // The demo's problems cluster (60 % around hotspots): some cells are hot at 99 %.
    let h = map.hotspots(&HotspotOptions::default()).unwrap();
    assert!(h.hot[2] > 10, "{:?}", h.hot);
}

#[test]
fn gi_star_agrees_with_esda_on_random_data() {
    let mut rng = Pcg64::seed_from_u64(7);
    let mut cases = vec![];
    for case in 0..12 {
        let n = 2 + rng.random_range(0..300usize);
        let pts: Vec<LngLat> = (0..n)
            .map(|_| {
                (
                    112.6 + rng.random_range(0.0..0.02),
                    26.9 + rng.random_range(0.0..0.02),
                )
            })
            .collect();
        // Counts with many zeros and a long tail; one case all equal (s = 0).
        let x: Vec<f64> = (0..n)
            .map(|_| {
                if case == 0 {
                    3.0
                } else if rng.random_range(0.0..1.0) < 0.6 {
                    0.0
                } else {
                    rng.random_range(1..40u32) as f64
                }
            })
            .collect();
        let band_m = [50.0, 150.0, 300.0, 800.0][case % 4];
        cases.push((x, Band::within(&pts, band_m)));
    }
    let theirs = esda_z(&cases);
    for (k, ((x, band), z)) in cases.iter().zip(&theirs).enumerate() {
        assert_close(&gi_star(x, band), z, &format!("random case {k}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The band holds exactly the pairs a haversine scan finds, each point in its own.
    #[test]
    fn the_band_is_a_haversine_scan((pts, _) in cloud(60), band_m in 0.0..3000.0f64) {
        let band = Band::within(&pts, band_m);
        for (i, &p) in pts.iter().enumerate() {
            let want: Vec<u32> = scan_within_m(&pts, p, band_m).into_iter().collect();
            prop_assert_eq!(band.of(i), &want[..]);
            prop_assert!(band.of(i).contains(&(i as u32)));
        }
        for (i, &p) in pts.iter().enumerate() {
            for &j in band.of(i) {
                prop_assert!(haversine_m(p, pts[j as usize]) <= band_m);
            }
        }
    }
}

#[test]
fn a_planted_cluster_comes_out_hot() {
    let (mut map, centres) = lattice(30);
    let mut rng = Pcg64::seed_from_u64(11);
    // Background: 0-2 problems a cell; planted: a 4 × 4 block with 8-12 each.
    let planted = |i: usize| (12..16).contains(&(i % 30)) && (12..16).contains(&(i / 30));
    let counts: Vec<u32> = (0..centres.len())
        .map(|i| {
            if planted(i) {
                8 + rng.random_range(0..5u32)
            } else {
                rng.random_range(0..3u32)
            }
        })
        .collect();
    map.load_problems(&problems_at(&centres, &counts), LoadOptions::default())
        .unwrap();
    let h = map.hotspots(&HotspotOptions::default()).unwrap();
    // Cell ids follow grid(): row-major from the south-west; map them back.
    for (i, c) in h.cells.iter().enumerate() {
        if planted(i) {
            assert_eq!(c.confidence, 3, "planted cell {} z {}", c.cell, c.z);
        }
    }
    // Nothing far from the block is hot.
    for (i, c) in h.cells.iter().enumerate() {
        let (col, row) = (i % 30, i / 30);
        if !(9..19).contains(&col) || !(9..19).contains(&row) {
            assert!(
                c.confidence <= 0,
                "cell {} far from the block is hot",
                c.cell
            );
        }
    }
    // And a window without those problems finds nothing.
    let none = map
        .hotspots(&HotspotOptions {
            to: parse_day("2026-11-01").ok(),
            ..HotspotOptions::default()
        })
        .unwrap();
    assert_eq!(none.problems, 0);
    assert!(none.cells.iter().all(|c| c.confidence == 0 && c.z == 0.0));
}

#[test]
fn with_no_cluster_the_false_discovery_rate_holds() {
    // Counts drawn independently for every cell: every discovery is false, so the
    // rate of data sets with any significant cell estimates the FDR (= the FWER
    // under the complete null), which BH holds at the level. Without control about
    // 5 % of the cells of every data set come out "significant" at 95 %.
    let (map0, centres) = lattice(20);
    drop(map0);
    let mut rng = Pcg64::seed_from_u64(5);
    let (trials, mut with_fdr, mut cells_without) = (200, [0usize; 3], 0usize);
    let mut band = None;
    for _ in 0..trials {
        let x: Vec<f64> = (0..centres.len())
            .map(|_| rng.random_range(0..6u32) as f64)
            .collect();
        let band = band.get_or_insert_with(|| Band::within(&centres, 300.0));
        let z = gi_star(&x, band);
        let mut p: Vec<f64> = z
            .iter()
            .map(|&z| civicmap::campaign::hotspots::p_two_sided(z))
            .collect();
        cells_without += p.iter().filter(|&&p| p < 0.05).count();
        p.sort_by(f64::total_cmp);
        for (k, a) in civicmap::campaign::hotspots::ALPHAS.iter().enumerate() {
            if civicmap::campaign::hotspots::bh_cut(&p, *a) > 0.0 {
                with_fdr[k] += 1;
            }
        }
    }
    // Binomial(200, α) stays under these bounds with probability > 0.999.
    assert!(
        with_fdr[0] <= 35,
        "90 %: {} of {trials} null data sets had a discovery",
        with_fdr[0]
    );
    assert!(with_fdr[1] <= 21, "95 %: {} of {trials}", with_fdr[1]);
    assert!(with_fdr[2] <= 7, "99 %: {} of {trials}", with_fdr[2]);
    let per_set = cells_without as f64 / trials as f64;
    assert!(
        per_set > 5.0,
        "without control: {per_set} false cells a data set"
    );
}

#[test]
fn the_hotspot_map_fills_significant_cells_by_confidence() {
    use civicmap::draw::hotspots::{hotspot_legend, render_hotspots, CONFIDENCE_RGBA};
    let (mut map, centres) = lattice(30);
    let planted = |i: usize| (12..16).contains(&(i % 30)) && (12..16).contains(&(i / 30));
    let counts: Vec<u32> = (0..centres.len())
        .map(|i| if planted(i) { 10 } else { (i % 3) as u32 })
        .collect();
    map.load_problems(&problems_at(&centres, &counts), LoadOptions::default())
        .unwrap();
    let h = map.hotspots(&HotspotOptions::default()).unwrap();
    let view = View {
        lng: 112.615,
        lat: 26.915,
        zoom: 14.0,
        width: 400.0,
        height: 400.0,
        ..View::default()
    };
    let rgba = render_hotspots(&map, &view, &h).unwrap();
    let at = |p: LngLat| {
        let (x, y) = view.lnglat_to_px(p);
        let k = (y as usize * 400 + x as usize) * 4;
        [rgba[k], rgba[k + 1], rgba[k + 2], rgba[k + 3]]
    };
    let hot = 12 * 30 + 13; // row 12, column 13: inside the block
    assert_eq!(h.cells[hot].confidence, 3);
    assert_eq!(at(centres[hot]), CONFIDENCE_RGBA[6]);
    let far = 2 * 30 + 2;
    assert_eq!(h.cells[far].confidence, 0);
    assert_eq!(at(centres[far])[3], 0, "not significant stays clear");
    let legend = hotspot_legend(&h);
    assert_eq!(legend.len(), 7);
    assert_eq!(legend[0].confidence, 3);
    assert_eq!(legend.iter().map(|l| l.cells).sum::<usize>(), 900);
    assert_eq!(legend[0].cells, h.hot[2]);
}
