//! Heatmaps of 100k and 1M problems into a 1024×768 view, and the assignment map
//! of ~12k cells. Seeded data over 衡阳市蒸湘区's extent with hotspots.
//!
//! `cargo bench --bench heat` (10 samples each, ~1 min), `cargo bench --bench heat --
//! --test` (one pass each).
//!
//! Native only: the wasm32 build of this target (clippy checks every target for
//! wasm32 too) is an empty `main`.

#[cfg(not(target_arch = "wasm32"))]
mod support;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use civicmap::draw::assignment::{self as render, AssignmentOptions};
    use civicmap::draw::heat::HeatRenderer;
    use civicmap::{HeatOptions, LoadOptions, Map, View};
    use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
    use rand::{RngExt, SeedableRng};
    use rand_pcg::Pcg64;
    use std::hint::black_box;

    use super::support::{problems, square, MAX, MIN};
    use std::time::Duration;

    /// 110 × 110 = 12 100 cells of 0.001°, owners in blocks (every 23rd cell unassigned),
    /// and 50 zones at four levels.
    fn city() -> Map {
        let step = 0.001;
        let n = ((MAX.0 - MIN.0) / step).round() as usize;
        let mut fs = vec![];
        for j in 0..n {
            for i in 0..n {
                let min = (MIN.0 + i as f64 * step, MIN.1 + j as f64 * step);
                let owner = if (i * 7 + j) % 23 == 0 {
                    String::new()
                } else {
                    format!(r#""owner":"o{}""#, (i / 10 + j / 10 * 11) % 37)
                };
                fs.push(format!(
                    r#"{{"type":"Feature","id":"c{j:03}{i:03}","properties":{{{owner}}},"geometry":{}}}"#,
                    square(min, (min.0 + step, min.1 + step))
                ));
            }
        }
        let mut map = Map::new();
        let fc = |v: Vec<String>| {
            format!(
                r#"{{"type":"FeatureCollection","features":[{}]}}"#,
                v.join(",")
            )
        };
        map.load_cells(&fc(fs), LoadOptions::default()).unwrap();
        let mut rng = Pcg64::seed_from_u64(9);
        let zs: Vec<String> = (0..50)
            .map(|k| {
                let a = (rng.random_range(MIN.0..MAX.0 - 0.02), rng.random_range(MIN.1..MAX.1 - 0.02));
                let b = (a.0 + rng.random_range(0.005..0.02), a.1 + rng.random_range(0.005..0.02));
                format!(
                    r#"{{"type":"Feature","id":"z{k}","properties":{{"owner":"l{k}","level":{}}},"geometry":{}}}"#,
                    1 + k % 4,
                    square(a, b)
                )
            })
            .collect();
        map.load_zones(&fc(zs), LoadOptions::default()).unwrap();
        map
    }

    fn bench(c: &mut Criterion) {
        let view = View::default().fit_bounds(MIN, MAX, 1024.0, 768.0, 16.0, 19.0);
        let opts = HeatOptions {
            radius_m: 200.0,
            ..HeatOptions::default()
        };
        let mut map = city();
        for n in [100_000usize, 1_000_000] {
            let pts = problems(n, 42);
            let flat: Vec<f64> = pts.iter().flat_map(|p| [p.0, p.1]).collect();
            map.load_problem_coords(&flat, None).unwrap();
            let mut g = c.benchmark_group(format!("heat_{}k", n / 1000));
            g.sample_size(10)
                .warm_up_time(Duration::from_millis(500))
                .measurement_time(Duration::from_secs(2));
            g.throughput(Throughput::Elements(n as u64));
            let mut r = HeatRenderer::new();
            g.bench_function(BenchmarkId::new("map_1024x768", n), |b| {
                b.iter(|| black_box(r.render(&map, &view, &opts).unwrap().len()))
            });
            g.bench_function(BenchmarkId::new("coords_1024x768", n), |b| {
                b.iter(|| black_box(r.render_points(&view, &pts, None, &opts).unwrap().len()))
            });
            let gcj = view.with_base_crs(civicmap::Crs::Gcj02);
            g.bench_function(BenchmarkId::new("coords_gcj02_1024x768", n), |b| {
                b.iter(|| black_box(r.render_points(&gcj, &pts, None, &opts).unwrap().len()))
            });
            g.finish();
        }
        let mut g = c.benchmark_group("assignment");
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        let a = AssignmentOptions::default();
        g.bench_function(BenchmarkId::new("cells_1024x768", map.cells().len()), |b| {
            b.iter(|| black_box(render::render_assignment(&map, &view, &a).unwrap().len()))
        });
        // What the page asks for under the heatmap when no fill is shown: cell outlines,
        // conflicts and zones, fills at opacity 0.
        let bare = AssignmentOptions {
            fill_opacity: 0.0,
            unassigned: false,
            ..AssignmentOptions::default()
        };
        g.bench_function(
            BenchmarkId::new("outlines_zones_1024x768", map.cells().len()),
            |b| b.iter(|| black_box(render::render_assignment(&map, &view, &bare).unwrap().len())),
        );
        g.finish();
    }

    criterion_group!(benches, bench);
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::benches();
        criterion::Criterion::default()
            .configure_from_args()
            .final_summary();
    }
}
