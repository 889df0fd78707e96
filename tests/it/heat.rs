//! Heatmap pixels against analytic expectations, tile alignment, and goldens.

use crate::render::{assert_image_close, city_view, px, small_city, TOL};
use civicmap::choropleth::{self, AreaKind, ChoroplethOptions, Measure};
use civicmap::heat::{self, BlurKind, HeatGrid, HeatRenderer, Mode};
use civicmap::lnglat_to_world;
use civicmap::palette::{self, Lut};
use civicmap::*;

const HENGYANG: LngLat = (112.5713, 26.8968);

fn one_point(view: &View, p: LngLat, opts: &HeatOptions) -> HeatGrid {
    let mut g = HeatGrid::new();
    g.compute_points(view, &[p], Some(&[2.0]), opts).unwrap();
    g
}

#[test]
fn one_points_kernel_is_the_gaussian_and_symmetric() {
    let view = View::new(HENGYANG, 15.0, 160.0, 120.0);
    assert_eq!(view.lnglat_to_px(HENGYANG), (80.0, 60.0));
    // The point at the centre of device px (80, 60), sampled at px centres, so
    // neither the splat nor the sampling widens the kernel.
    let p = view.px_to_lnglat((80.5, 60.5));
    // σ = 3 px: raster px = device px (no coarsening).
    for (blur, tol) in [(BlurKind::Gauss, 0.01), (BlurKind::Box, 0.08)] {
        let o = HeatOptions {
            radius_px: Some(6.0),
            blur,
            ..HeatOptions::default()
        };
        let g = one_point(&view, p, &o);
        assert_eq!(g.spec.factor, 1);
        // The blur's σ makes up for the splat's average widening (1/6 px²).
        let sigma = (9.0f64 - 1.0 / 6.0).sqrt();
        let per_km2 =
            g.density_km2(80.5, 60.5) as f64 / g.data.iter().cloned().fold(0.0, f32::max) as f64;
        let peak = 2.0 / (2.0 * std::f64::consts::PI * sigma * sigma) * per_km2;
        for (dx, dy) in [
            (0.0, 0.0),
            (1.0, 0.0),
            (3.0, 0.0),
            (2.0, 2.0),
            (6.0, 0.0),
            (4.0, 3.0),
        ] {
            let want = peak * (-(dx * dx + dy * dy) / (2.0 * sigma * sigma)).exp();
            for (sx, sy) in [(1.0, 1.0), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0)] {
                let got = g.density_km2(80.5 + sx * dx, 60.5 + sy * dy) as f64;
                assert!(
                    (got - want).abs() < tol * peak,
                    "{blur:?} ({dx},{dy})·({sx},{sy}): {got} vs {want}"
                );
                // Mirror images agree to rounding.
                let mirror = g.density_km2(80.5 - sx * dx, 60.5 - sy * dy) as f64;
                assert!((got - mirror).abs() < 1e-5 * peak);
            }
        }
    }
}

#[test]
fn the_blur_keeps_the_total_mass() {
    let view = View::new(HENGYANG, 14.0, 300.0, 180.0);
    let pts: Vec<LngLat> = (0..50)
        .map(|k| view.px_to_lnglat((20.0 + (k * 37 % 260) as f64, 15.0 + (k * 53 % 150) as f64)))
        .collect();
    let w: Vec<f32> = (0..50).map(|k| 1.0 + (k % 3) as f32).collect();
    let total: f64 = w.iter().map(|&v| v as f64).sum();
    // Small σ (raster = device px) and large σ (coarsened raster).
    for (radius_px, blur) in [
        (5.0, BlurKind::Box),
        (5.0, BlurKind::Gauss),
        (60.0, BlurKind::Box),
    ] {
        let o = HeatOptions {
            radius_px: Some(radius_px),
            blur,
            ..HeatOptions::default()
        };
        let mut g = HeatGrid::new();
        g.compute_points(&view, &pts, Some(&w), &o).unwrap();
        assert_eq!(g.binned, 50);
        let m = g.mass();
        assert!(
            (m - total).abs() < 1e-4 * total,
            "{radius_px} {blur:?}: {m} vs {total}"
        );
        if radius_px > 20.0 {
            assert!(g.spec.factor > 1);
        }
    }
}

#[test]
fn a_radius_in_metres_gives_the_same_density_at_every_zoom() {
    let o = HeatOptions {
        radius_m: 200.0,
        blur: BlurKind::Gauss,
        ..HeatOptions::default()
    };
    // One point of weight 2 with σ = 100 m peaks at 2 / (2π σ²) per m².
    let want = 2.0 / (2.0 * std::f64::consts::PI * 0.1 * 0.1);
    for zoom in [13.0, 14.5, 16.0, 17.0] {
        let view = View::new(HENGYANG, zoom, 640.0, 400.0);
        let g = one_point(&view, HENGYANG, &o);
        let (x, y) = view.lnglat_to_px(HENGYANG);
        let got = g.density_km2(x, y) as f64;
        // Mercator's scale is taken at each raster row; the splat and the sampling
        // widen the kernel by a fraction of a raster px (made up for on average).
        assert!(
            (got - want).abs() < 0.04 * want,
            "zoom {zoom}: {got} per km² vs {want}"
        );
    }
}

#[test]
fn a_fixed_domain_colours_by_the_lut_and_the_threshold_cuts() {
    let view = View::new(HENGYANG, 15.0, 160.0, 120.0);
    // σ = 3 px: no coarsening; one point of weight 1 peaks near 1/(2π·9) per px².
    let o = HeatOptions {
        radius_px: Some(6.0),
        domain_max: Some(400.0),
        threshold: 0.2,
        ..HeatOptions::default()
    };
    let mut r = HeatRenderer::new();
    let rgba = r
        .render_points(&view, &[HENGYANG], Some(&[1.0]), &o)
        .unwrap()
        .to_vec();
    let lut = Lut::new(o.ramp, o.opacity);
    let mut drawn = 0;
    for y in 0..120u32 {
        for x in 0..160u32 {
            let t = r.grid.pixel_km2(x, y) / 400.0;
            let got = px(&rgba, 160, (x as f64, y as f64));
            if t > 0.2 + 1e-4 {
                let want = lut.at(t);
                // Rounding may pick the neighbouring LUT entry.
                assert!(
                    (0..4).all(|c| got[c].abs_diff(want[c]) <= 3),
                    "{x},{y} t={t}: {got:?} vs {want:?}"
                );
                drawn += 1;
            } else if t < 0.2 - 1e-4 {
            } else {
                assert_eq!(got, [0, 0, 0, 0], "{x},{y} t={t} is under the threshold");
            }
        }
    }
    assert!(drawn > 20, "{drawn}");
    assert!(r.stats.max_density > 400.0, "{:?}", r.stats);
    assert_eq!(r.stats.domain_max, 400.0);
}

#[test]
fn the_automatic_domain_and_the_legend_agree() {
    let map = small_city();
    let view = city_view(320.0, 200.0);
    let mut r = HeatRenderer::new();
    let o = HeatOptions {
        radius_m: 120.0,
        ..HeatOptions::default()
    };
    r.render(&map, &view, &o).unwrap();
    let s = r.stats;
    assert!(s.domain_max > 0.0 && s.domain_max <= s.max_density, "{s:?}");
    let legend = r.legend(&o);
    assert_eq!(legend.len(), 5);
    assert_eq!(legend[0].value, 0.0);
    assert!((legend[4].value - s.domain_max).abs() < 1e-9);
    let lut = Lut::new(o.ramp, o.opacity);
    assert_eq!(legend[4].rgba, lut.at(1.0));
    assert!(legend[2].color.starts_with("rgba("));
    // A fixed domain wins over the last frame's.
    let fixed = HeatOptions {
        domain_max: Some(500.0),
        ..o.clone()
    };
    assert_eq!(r.legend(&fixed)[4].value, 500.0);
}

#[test]
fn the_date_window_and_weights_choose_what_is_drawn() {
    let map = small_city();
    let view = city_view(320.0, 200.0);
    let mut r = HeatRenderer::new();
    let all = HeatOptions {
        weights: heat::Weights {
            closed: 1.0,
            rectifying: 1.0,
            severity: [1.0; 3],
            ..Default::default()
        },
        ..HeatOptions::default()
    };
    r.render(&map, &view, &all).unwrap();
    assert_eq!(r.stats.binned, 60);
    assert_eq!(r.stats.total_weight, 60.0);
    // Default weights: closed problems weigh nothing.
    r.render(&map, &view, &HeatOptions::default()).unwrap();
    assert_eq!(r.stats.binned, 45);
    // One week.
    let week = HeatOptions {
        from: parse_day("2026-11-01").ok(),
        to: parse_day("2026-11-07").ok(),
        ..all.clone()
    };
    r.render(&map, &view, &week).unwrap();
    let want = map
        .problems()
        .iter()
        .filter(|p| {
            p.found
                .is_some_and(|f| f <= parse_day("2026-11-07").unwrap())
        })
        .count();
    assert_eq!(r.stats.binned, want);
    assert!(want > 0 && want < 60);
    // An empty window draws nothing.
    let none = HeatOptions {
        from: parse_day("2025-01-01").ok(),
        to: parse_day("2025-01-31").ok(),
        ..all
    };
    let rgba = r.render(&map, &view, &none).unwrap();
    assert!(rgba.chunks_exact(4).all(|p| p[3] == 0));
}

#[test]
fn known_locations_land_on_their_tile_pixels() {
    // Null Island at zoom 0 is the middle of the one tile.
    let v0 = View::default();
    assert_eq!(v0.lnglat_to_px((0.0, 0.0)), (128.0, 128.0));
    // A Hengyang point's XYZ tile (as Tianditu/OSM number them), by the slippy-map
    // formula (asinh(tan φ)), at several zooms; the known tiles are hard-coded too.
    let known = [(12, 3328, 1730), (15, 26630, 13840), (17, 106521, 55362)];
    for (z, tx, ty) in known {
        let n = 2f64.powi(z);
        let fx = (HENGYANG.0 + 180.0) / 360.0 * n;
        let fy = (1.0 - HENGYANG.1.to_radians().tan().asinh() / std::f64::consts::PI) / 2.0 * n;
        assert_eq!((fx as i64, fy as i64), (tx, ty));
        // A 256×256 view centred on the tile's centre shows that tile exactly.
        let tile_centre = civicmap::world_to_lnglat((
            (tx as f64 + 0.5) * 256.0 / n,
            (ty as f64 + 0.5) * 256.0 / n,
        ));
        let v = View::new(tile_centre, z as f64, 256.0, 256.0);
        let (x, y) = v.lnglat_to_px(HENGYANG);
        assert!((x - (fx - tx as f64) * 256.0).abs() < 1e-6, "z{z}: x {x}");
        assert!((y - (fy - ty as f64) * 256.0).abs() < 1e-6, "z{z}: y {y}");
        // And at a fractional zoom, pixels scale by 2^dz around the centre.
        let half = View {
            zoom: z as f64 + 0.5,
            ..v
        };
        let (xh, yh) = half.lnglat_to_px(HENGYANG);
        assert!((xh - 128.0 - (x - 128.0) * 2f64.sqrt()).abs() < 1e-6);
        assert!((yh - 128.0 - (y - 128.0) * 2f64.sqrt()).abs() < 1e-6);
    }
    let w = lnglat_to_world((-180.0, 85.051_128_779_806_6));
    assert!(w.0.abs() < 1e-9 && w.1.abs() < 1e-6);
}

#[test]
fn a_gcj02_base_map_moves_the_peak_by_the_offset() {
    let centre = (112.58, 26.89);
    let p = (112.5805, 26.8903);
    let o = HeatOptions {
        radius_px: Some(4.0),
        blur: BlurKind::Gauss,
        ..HeatOptions::default()
    };
    let wgs = View::new(centre, 17.0, 400.0, 300.0);
    for crs in [Crs::Wgs84, Crs::Gcj02, Crs::Bd09] {
        let v = wgs.with_base_crs(crs);
        let g = one_point(&v, p, &o);
        let (x, y) = v.lnglat_to_px(p);
        // The peak pixel is where the view puts the point.
        let (mut best, mut at) = (0f32, (0u32, 0u32));
        for yy in 0..300 {
            for xx in 0..400 {
                let d = g.pixel_km2(xx, yy);
                if d > best {
                    best = d;
                    at = (xx, yy);
                }
            }
        }
        assert!(
            (at.0 as f64 + 0.5 - x).abs() <= 1.0 && (at.1 as f64 + 0.5 - y).abs() <= 1.0,
            "{crs:?}: peak {at:?}, point {x},{y}"
        );
    }
    // And the GCJ-02 view is shifted against WGS-84 by the offset (hundreds of metres:
    // many px at zoom 17), relative to the shared centre.
    let a = wgs.lnglat_to_px(p);
    let b = wgs.with_base_crs(Crs::Gcj02).lnglat_to_px(p);
    assert!((a.0 - b.0).abs() + (a.1 - b.1).abs() > 0.05, "{a:?} {b:?}");
}

#[test]
fn square_and_hex_bins_hold_every_weight() {
    let map = small_city();
    let view = city_view(320.0, 200.0);
    let mut r = HeatRenderer::new();
    for mode in [Mode::Square, Mode::Hex] {
        let o = HeatOptions {
            mode,
            bin_px: 20.0,
            threshold: 0.0,
            ..HeatOptions::default()
        };
        let rgba = r.render(&map, &view, &o).unwrap().to_vec();
        let want: f64 = map.problems().iter().map(|p| o.weights.of(p, None)).sum();
        assert!((r.stats.total_weight - want).abs() < 1e-3, "{mode:?}");
        assert!(rgba.chunks_exact(4).any(|p| p[3] > 0));
        // The hotspot bin is the darkest: its pixel carries the top colour.
        let hot = view.lnglat_to_px(crate::render::cell_centre(5, 2));
        let p = px(&rgba, 320, hot);
        assert!(p[3] > 0, "{mode:?}: hotspot not drawn");
    }
}

#[test]
fn choropleth_counts_weights_and_densities_per_cell_and_zone() {
    let map = small_city();
    let count = choropleth::choropleth_values(&map, &ChoroplethOptions::default());
    assert_eq!(count.len(), map.cells().len());
    // Count of problems with a non-zero weight per cell, by the spatial join.
    let w = heat::Weights::default();
    let mut want = vec![0.0; map.cells().len()];
    for (p, &c) in map.problems().iter().zip(map.problem_cells()) {
        if c != NO_CELL && w.of(p, None) > 0.0 {
            want[c as usize] += 1.0;
        }
    }
    assert_eq!(count, want);
    let dens = choropleth::choropleth_values(
        &map,
        &ChoroplethOptions {
            measure: Measure::PerKm2,
            ..Default::default()
        },
    );
    let weighted = choropleth::choropleth_values(
        &map,
        &ChoroplethOptions {
            measure: Measure::Weighted,
            ..Default::default()
        },
    );
    for i in 0..map.cells().len() {
        let a_km2 = map.cell_areas_m2()[i] / 1e6;
        assert!((dens[i] * a_km2 - weighted[i]).abs() < 1e-9);
    }
    let zones = choropleth::choropleth_values(
        &map,
        &ChoroplethOptions {
            by: AreaKind::Zones,
            level: Some(1),
            ..Default::default()
        },
    );
    assert_eq!(zones.len(), 3);
    assert!(zones[2].is_nan(), "level-2 zone left out");
    assert!(zones[0] > 0.0 && zones[1] > 0.0);
}

#[test]
fn golden_heat_320x200() {
    let map = small_city();
    let view = city_view(320.0, 200.0);
    let o = HeatOptions {
        radius_m: 120.0,
        ..HeatOptions::default()
    };
    let mut r = HeatRenderer::new();
    let rgba = r.render(&map, &view, &o).unwrap().to_vec();
    assert!(rgba.chunks_exact(4).filter(|p| p[3] > 0).count() > 1000);
    assert_image_close("heat_small_320x200", &rgba, 320, 200, TOL);
}

#[test]
fn golden_hex_bins_viridis_300x170() {
    let map = small_city();
    let view = city_view(300.0, 170.0);
    let o = HeatOptions {
        mode: Mode::Hex,
        bin_px: 18.0,
        ramp: palette::Ramp::Viridis,
        ..HeatOptions::default()
    };
    let mut r = HeatRenderer::new();
    let rgba = r.render(&map, &view, &o).unwrap().to_vec();
    assert_image_close("heat_hex_small_300x170", &rgba, 300, 170, TOL);
}

#[test]
fn cached_projections_follow_a_reload_and_match_the_direct_path() {
    let view = View::new(HENGYANG, 15.0, 200.0, 150.0).with_base_crs(Crs::Gcj02);
    let o = HeatOptions {
        radius_px: Some(6.0),
        ..HeatOptions::default()
    };
    let mut map = Map::new();
    let mut r = HeatRenderer::new();
    for shift in [0.0, 0.0004, 0.0008] {
        let pts: Vec<LngLat> = (0..40)
            .map(|k| {
                (
                    HENGYANG.0 - 0.001 + shift + (k % 8) as f64 * 0.0003,
                    HENGYANG.1 - 0.0006 + (k / 8) as f64 * 0.0003,
                )
            })
            .collect();
        let flat: Vec<f64> = pts.iter().flat_map(|p| [p.0, p.1]).collect();
        // Same length each time: only the contents tell the cache it is stale.
        map.load_problem_coords(&flat, None).unwrap();
        r.grid.compute(&map, &view, &o).unwrap();
        let via_map = r.grid.data.clone();
        let mut direct = HeatGrid::new();
        direct.compute_points(&view, &pts, None, &o).unwrap();
        assert_eq!(r.grid.binned, direct.binned);
        let max = direct.data.iter().cloned().fold(0.0, f32::max);
        for (a, b) in via_map.iter().zip(&direct.data) {
            assert!((a - b).abs() < 2e-3 * max, "shift {shift}: {a} vs {b}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// The cached path (the point tree's order, fixed point, blocks culled by their box or
    /// binned without range checks) against binning each location directly: the same
    /// count and weight land, and the rasters agree, on random data and views that
    /// put blocks outside, across and inside the raster's edges.
    #[test]
    fn cached_blocks_bin_what_direct_binning_bins(
        n in 0usize..3000,
        seed in 0u64..1_000_000,
        zoom in 11.0f64..19.5,
        dx in -0.02f64..0.02,
        dy in -0.02f64..0.02,
        radius_px in 2.0f64..30.0,
        w in 40u32..400,
        h in 40u32..300,
    ) {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
        let pts: Vec<LngLat> = (0..n)
            .map(|_| {
                let s = if rng.random_bool(0.5) { 0.002 } else { 0.05 };
                (
                    HENGYANG.0 + rng.random_range(-s..s),
                    HENGYANG.1 + rng.random_range(-s..s),
                )
            })
            .collect();
        let sev: Vec<u8> = (0..n).map(|_| rng.random_range(1..=3u8)).collect();
        let flat: Vec<f64> = pts.iter().flat_map(|p| [p.0, p.1]).collect();
        let mut map = Map::new();
        map.load_problem_coords(&flat, Some(&sev)).unwrap();
        let view = View::new((HENGYANG.0 + dx, HENGYANG.1 + dy), zoom, w as f64, h as f64);
        let o = HeatOptions {
            radius_px: Some(radius_px),
            // Severity 1 weighs nothing: those problems are left out of the blocks.
            weights: heat::Weights { severity: [0.0, 1.0, 3.0], ..heat::Weights::default() },
            ..HeatOptions::default()
        };
        let mut g = HeatGrid::new();
        g.compute(&map, &view, &o).unwrap();
        let weights: Vec<f32> = map.problems().iter().map(|p| o.weights.of(p, None) as f32).collect();
        let mut direct = HeatGrid::new();
        direct.compute_points(&view, &pts, Some(&weights), &o).unwrap();
        proptest::prop_assert_eq!(g.binned, direct.binned);
        proptest::prop_assert!((g.total_weight - direct.total_weight).abs() < 1e-6 * direct.total_weight.max(1.0));
        let max = direct.data.iter().cloned().fold(0.0, f32::max);
        for (a, b) in g.data.iter().zip(&direct.data) {
            proptest::prop_assert!((a - b).abs() <= 2e-3 * max + 1e-6, "{} vs {}", a, b);
        }
    }
}
