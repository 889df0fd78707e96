//! Index build, k-nearest, radius and the spatial join, at 100k and 1M problems;
//! loading GeoJSON text (100k problems, ~12k cells).
//! Seeded data: problems spread over 衡阳市蒸湘区's extent with hotspots, a grid of
//! ~12k unit cells (0.001° squares) and 50 overlapping zones.
//!
//! `cargo bench --bench index` (full), `cargo bench --bench index -- --test` (one
//! pass each, as CI runs it).
//!
//! Native only: the wasm32 build of this target (clippy checks every target for
//! wasm32 too) is an empty `main`.

#[cfg(not(target_arch = "wasm32"))]
mod support;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use civicmap::{LoadOptions, Map, PointIndex};
    use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
    use rand::{RngExt, SeedableRng};
    use rand_pcg::Pcg64;
    use std::hint::black_box;

    use super::support::{ledger, problems, square, MAX, MIN};

    fn city() -> Map {
        let step = 0.001;
        let (nx, ny) = (
            ((MAX.0 - MIN.0) / step).round() as usize,
            ((MAX.1 - MIN.1) / step).round() as usize,
        );
        let mut fs = vec![];
        for j in 0..ny {
            for i in 0..nx {
                let min = (MIN.0 + i as f64 * step, MIN.1 + j as f64 * step);
                fs.push(format!(
                    r#"{{"type":"Feature","id":"c{j:03}{i:03}","properties":{{"owner":"o{}"}},"geometry":{}}}"#,
                    (i / 10 + j / 10) % 37,
                    square(min, (min.0 + step, min.1 + step))
                ));
            }
        }
        let mut map = Map::new();
        map.load_cells(
            &format!(
                r#"{{"type":"FeatureCollection","features":[{}]}}"#,
                fs.join(",")
            ),
            LoadOptions::default(),
        )
        .unwrap();
        let mut rng = Pcg64::seed_from_u64(9);
        let zs: Vec<String> = (0..50)
            .map(|k| {
                let a = (rng.random_range(MIN.0..MAX.0 - 0.02), rng.random_range(MIN.1..MAX.1 - 0.02));
                let b = (a.0 + rng.random_range(0.005..0.02), a.1 + rng.random_range(0.005..0.02));
                format!(r#"{{"type":"Feature","id":"z{k}","properties":{{"owner":"l{k}","level":{}}},"geometry":{}}}"#, 1 + k % 4, square(a, b))
            })
            .collect();
        map.load_zones(
            &format!(
                r#"{{"type":"FeatureCollection","features":[{}]}}"#,
                zs.join(",")
            ),
            LoadOptions::default(),
        )
        .unwrap();
        map
    }

    /// GeoJSON text in, records and indexes out: the reader, the point tree and the
    /// join into the ~12k cells, per megabyte of text.
    fn load(c: &mut Criterion) {
        let mut g = c.benchmark_group("load");
        g.sample_size(10);
        let text = ledger(100_000, 45);
        g.throughput(Throughput::Bytes(text.len() as u64));
        let mut map = city();
        g.bench_function(BenchmarkId::new("geojson_problems", 100_000), |b| {
            b.iter(|| {
                map.load_problems(&text, LoadOptions::default())
                    .unwrap()
                    .loaded
            })
        });
        let cells = map.export_cells(civicmap::Crs::Wgs84);
        g.throughput(Throughput::Bytes(cells.len() as u64));
        g.bench_function(BenchmarkId::new("geojson_cells", map.cells().len()), |b| {
            b.iter(|| {
                map.load_cells(&cells, LoadOptions::default())
                    .unwrap()
                    .loaded
            })
        });
        g.finish();
    }

    fn bench(c: &mut Criterion) {
        let queries = problems(10_000, 7);
        let map = city();
        for n in [100_000usize, 1_000_000] {
            let pts = problems(n, 42);
            let mut g = c.benchmark_group(format!("{}k", n / 1000));
            g.sample_size(10);
            g.throughput(Throughput::Elements(n as u64));
            g.bench_function(BenchmarkId::new("build", n), |b| {
                b.iter(|| black_box(PointIndex::build(&pts)))
            });
            let idx = PointIndex::build(&pts);
            g.throughput(Throughput::Elements(queries.len() as u64));
            g.bench_function(BenchmarkId::new("nearest10_x10k", n), |b| {
                b.iter(|| {
                    queries
                        .iter()
                        .map(|&q| idx.nearest(q).take(10).count())
                        .sum::<usize>()
                })
            });
            let mut out = Vec::new();
            g.bench_function(BenchmarkId::new("radius500m_x10k", n), |b| {
                b.iter(|| {
                    let mut total = 0;
                    for &q in &queries {
                        out.clear();
                        total += idx.within_radius_m_into(q, 500.0, &mut out);
                    }
                    total
                })
            });
            g.throughput(Throughput::Elements(n as u64));
            let mut cells = Vec::new();
            g.bench_function(BenchmarkId::new("join_cells", n), |b| {
                b.iter(|| map.join_cells_into(&pts, &mut cells))
            });
            let (mut count, mut top) = (Vec::new(), Vec::new());
            g.bench_function(BenchmarkId::new("join_zones", n), |b| {
                b.iter(|| map.join_zones_into(&pts, &mut count, &mut top))
            });
            g.finish();
        }
        // Gi* hotspots of 100k problems over the 12,100 cells, 300 m band: the
        // per-cell counts, the band (a radius query per cell) and the statistic.
        let mut map = city();
        let flat: Vec<f64> = problems(100_000, 42)
            .iter()
            .flat_map(|&(x, y)| [x, y])
            .collect();
        map.load_problem_coords(&flat, None).unwrap();
        let mut g = c.benchmark_group("stats");
        g.sample_size(10);
        let o = civicmap::HotspotOptions::default();
        g.bench_function(BenchmarkId::new("hotspots_300m", map.cells().len()), |b| {
            b.iter(|| black_box(map.hotspots(&o).unwrap().hot))
        });
        g.finish();
    }

    criterion_group!(benches, bench, load);
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
