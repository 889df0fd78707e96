//! The raster against exact areas (Sutherland–Hodgman clipping), coverage across
//! borders and far off the canvas, seams, strokes, dashes, compositing and hatches.

use super::fill::coverage;
use super::path::{signed_area2, P};
use super::*;
use ab_glyph_rasterizer::Rasterizer;

/// Coverage of each pixel of a `w × h` raster, from the rasterizer.
pub(super) fn cov(path: &Path, w: usize, h: usize) -> Vec<f32> {
    let mut out = vec![0f32; w * h];
    let mut rast = Rasterizer::new(0, 0);
    coverage(&mut rast, path, w, h, |x, y, c| out[y * w + x] = c.min(1.0));
    out
}

pub(super) fn poly(pts: &[P], kind: RingKind) -> Path {
    let mut p = Path::new();
    p.push_ring(pts.iter().copied(), kind);
    p
}

pub(super) fn stroke_cov(path: &Path, width: f64, dash: &[f64], w: u32, h: u32) -> Vec<f32> {
    let mut r = Raster::new(w, h);
    r.stroke(path, &Stroke { width, dash }, &Paint::Solid([0, 0, 0, 255]));
    r.px.chunks_exact(4).map(|p| p[3] as f32 / 255.0).collect()
}

/// Area of a simple polygon inside the unit pixel (x, y): Sutherland–Hodgman
/// against the pixel's four sides, then the shoelace.
fn exact(pts: &[P], x: usize, y: usize) -> f64 {
    let (x0, y0, x1, y1) = (x as f64, y as f64, x as f64 + 1.0, y as f64 + 1.0);
    let mut ring: Vec<P> = pts.to_vec();
    type Side = (fn(P, f64) -> bool, fn(P, P, f64) -> P, f64);
    let sides: [Side; 4] = [
        (
            |p, v| p.0 >= v,
            |a, b, v| (v, a.1 + (b.1 - a.1) * (v - a.0) / (b.0 - a.0)),
            x0,
        ),
        (
            |p, v| p.0 <= v,
            |a, b, v| (v, a.1 + (b.1 - a.1) * (v - a.0) / (b.0 - a.0)),
            x1,
        ),
        (
            |p, v| p.1 >= v,
            |a, b, v| (a.0 + (b.0 - a.0) * (v - a.1) / (b.1 - a.1), v),
            y0,
        ),
        (
            |p, v| p.1 <= v,
            |a, b, v| (a.0 + (b.0 - a.0) * (v - a.1) / (b.1 - a.1), v),
            y1,
        ),
    ];
    for (inside, cut, v) in sides {
        let mut next = vec![];
        for k in 0..ring.len() {
            let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
            match (inside(a, v), inside(b, v)) {
                (true, true) => next.push(b),
                (true, false) => next.push(cut(a, b, v)),
                (false, true) => {
                    next.push(cut(a, b, v));
                    next.push(b)
                }
                (false, false) => {}
            }
        }
        ring = next;
        if ring.is_empty() {
            return 0.0;
        }
    }
    (signed_area2(&ring) / 2.0).abs()
}

/// Checks every pixel's coverage against the exact area of a simple polygon.
fn assert_exact(pts: &[P], w: usize, h: usize, tol: f32) {
    let got = cov(&poly(pts, RingKind::Outer), w, h);
    for y in 0..h {
        for x in 0..w {
            let want = exact(pts, x, y) as f32;
            let g = got[y * w + x];
            assert!(
                (g - want).abs() <= tol,
                "pixel ({x},{y}): coverage {g}, exact {want}"
            );
        }
    }
}

#[test]
fn a_rectangle_on_fractional_coordinates_covers_its_exact_area_per_pixel() {
    let r = [(1.25, 2.5), (4.75, 2.5), (4.75, 5.2), (1.25, 5.2)];
    assert_exact(&r, 8, 7, 1e-5);
    // Spot checks, by hand: corner pixel (1, 2) is 0.75 × 0.5.
    let c = cov(&poly(&r, RingKind::Outer), 8, 7);
    assert!((c[2 * 8 + 1] - 0.375).abs() < 1e-5);
    assert!((c[3 * 8 + 2] - 1.0).abs() < 1e-5);
    assert_eq!(c[3 * 8 + 5], 0.0);
}

#[test]
fn a_triangles_total_coverage_is_its_area() {
    let t = [(1.3, 1.1), (7.7, 2.9), (3.1, 6.6)];
    let area = signed_area2(&t).abs() / 2.0;
    let c = cov(&poly(&t, RingKind::Outer), 9, 8);
    let total: f64 = c.iter().map(|&v| v as f64).sum();
    assert!((total - area).abs() < 1e-4, "{total} vs {area}");
    assert_exact(&t, 9, 8, 1e-5);
    // Either orientation.
    let rev: Vec<P> = t.iter().rev().copied().collect();
    assert_exact(&rev, 9, 8, 1e-5);
}

#[test]
fn a_hole_stays_empty_whatever_the_rings_orientation() {
    let outer = [(1.0, 1.0), (11.0, 1.0), (11.0, 9.0), (1.0, 9.0)];
    let hole = [(3.5, 3.0), (8.0, 3.0), (8.0, 6.5), (3.5, 6.5)];
    for (ro, rh) in [(false, false), (false, true), (true, false), (true, true)] {
        let o: Vec<P> = if ro {
            outer.iter().rev().copied().collect()
        } else {
            outer.to_vec()
        };
        let h: Vec<P> = if rh {
            hole.iter().rev().copied().collect()
        } else {
            hole.to_vec()
        };
        let mut p = Path::new();
        p.push_ring(o, RingKind::Outer);
        p.push_ring(h, RingKind::Hole);
        let c = cov(&p, 12, 10);
        for y in 0..10 {
            for x in 0..12 {
                let want = exact(&outer, x, y) - exact(&hole, x, y);
                let g = c[y * 12 + x];
                assert!(
                    (g as f64 - want).abs() < 1e-5,
                    "{ro} {rh} ({x},{y}): {g} vs {want}"
                );
            }
        }
        // Inside the hole: nothing; the half-covered column x = 3 holds half.
        assert_eq!(c[4 * 12 + 5], 0.0);
        assert!((c[4 * 12 + 3] - 0.5).abs() < 1e-5);
    }
}

#[test]
fn polygons_across_each_border_cover_exactly_the_clipped_area() {
    let (w, h) = (10, 7);
    for shape in [
        // Across the left border, the right, the top, the bottom, all four, and
        // a concave one through two corners.
        vec![(-3.3, 1.2), (4.6, 2.1), (2.2, 6.4)],
        vec![(5.5, 0.7), (13.9, 3.3), (6.1, 6.2)],
        vec![(2.2, -4.4), (8.3, 2.6), (1.1, 3.7)],
        vec![(1.4, 2.2), (8.8, 5.1), (3.3, 11.7)],
        vec![(-2.5, -1.5), (12.7, 0.5), (11.2, 9.3), (-1.9, 8.1)],
        vec![
            (-2.0, -2.0),
            (5.0, 3.0),
            (13.0, -1.0),
            (12.0, 9.0),
            (4.0, 4.5),
            (-1.0, 9.5),
        ],
    ] {
        assert_exact(&shape, w, h, 2e-5);
    }
}

#[test]
fn a_polygon_a_million_px_off_canvas_covers_exactly_the_clipped_area() {
    // A wedge from far left and far above ending inside.
    let s = [
        (-1.0e6, -1.0e6),
        (1.0e6, 3.5),
        (4.25, 5.75),
        (-1.0e6, 1.0e6),
    ];
    let (w, h) = (9, 8);
    let c = cov(&poly(&s, RingKind::Outer), w, h);
    for y in 0..h {
        for x in 0..w {
            let want = exact(&s, x, y) as f32;
            assert!(
                (c[y * w + x] - want).abs() < 1e-3,
                "({x},{y}) {} {want}",
                c[y * w + x]
            );
        }
    }
    // Entirely off: nothing, and nothing leaks.
    for off in [(-2.0e6, 0.0), (2.0e6, 0.0), (0.0, -2.0e6), (0.0, 2.0e6)] {
        let sq: Vec<P> = [(0.0, 0.0), (5.0e5, 0.0), (5.0e5, 5.0e5), (0.0, 5.0e5)]
            .iter()
            .map(|p| (p.0 + off.0, p.1 + off.1))
            .collect();
        assert!(cov(&poly(&sq, RingKind::Outer), w, h)
            .iter()
            .all(|&v| v == 0.0));
    }
    // A huge square around the canvas: all full.
    let big = [
        (-1.0e6, -1.0e6),
        (1.0e6, -1.0e6),
        (1.0e6, 1.0e6),
        (-1.0e6, 1.0e6),
    ];
    assert!(cov(&poly(&big, RingKind::Outer), w, h)
        .iter()
        .all(|&v| (v - 1.0).abs() < 1e-4));
}

#[test]
fn adjacent_squares_in_one_path_leave_no_seam() {
    let mut p = Path::new();
    // Shared edge at x = 4.4, one ring clockwise and one counter-clockwise, and a
    // third below sharing a horizontal and a slanted edge.
    p.push_ring(
        [(1.0, 1.0), (4.4, 1.0), (4.4, 5.0), (1.0, 5.0)],
        RingKind::Outer,
    );
    p.push_ring(
        [(4.4, 1.0), (4.4, 5.0), (8.0, 5.0), (8.0, 1.0)],
        RingKind::Outer,
    );
    p.push_ring(
        [(1.0, 5.0), (8.0, 5.0), (8.0, 8.3), (1.0, 7.1)],
        RingKind::Outer,
    );
    let mut r = Raster::new(10, 10);
    r.fill(&p, &Paint::Solid([10, 20, 30, 255]));
    for y in 1..7 {
        for x in 1..8 {
            assert_eq!(
                r.premultiplied_at(x, y).unwrap()[3],
                255,
                "seam at ({x},{y})"
            );
        }
    }
    // Translucent: the shared column has exactly the colour's alpha, not more.
    let mut r = Raster::new(10, 10);
    r.fill(&p, &Paint::Solid([10, 20, 30, 100]));
    for y in 1..7 {
        assert_eq!(r.premultiplied_at(4, y).unwrap()[3], 100);
    }
}

#[test]
fn overlapping_rings_of_one_path_paint_once() {
    let mut p = Path::new();
    p.push_ring(
        [(1.0, 1.0), (6.0, 1.0), (6.0, 6.0), (1.0, 6.0)],
        RingKind::Outer,
    );
    p.push_ring(
        [(3.0, 3.0), (3.0, 8.0), (8.0, 8.0), (8.0, 3.0)],
        RingKind::Outer,
    );
    let mut r = Raster::new(10, 10);
    r.fill(&p, &Paint::Solid([0, 0, 0, 100]));
    assert_eq!(r.premultiplied_at(4, 4).unwrap()[3], 100);
    assert_eq!(r.premultiplied_at(2, 2).unwrap()[3], 100);
    assert_eq!(r.premultiplied_at(7, 2).unwrap()[3], 0);
}

#[test]
fn source_over_matches_the_formula_and_the_output_is_straight_alpha() {
    let sq = poly(
        &[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)],
        RingKind::Outer,
    );
    let (c1, c2) = ([200u8, 100, 50, 128], [20u8, 40, 240, 90]);
    let mut r = Raster::new(4, 4);
    r.fill(&sq, &Paint::Solid(c1));
    // Premultiplied inside (rounded).
    assert_eq!(r.premultiplied_at(1, 1).unwrap(), [100, 50, 25, 128]);
    r.fill(&sq, &Paint::Solid(c2));
    let out = r.into_rgba();
    let (a1, a2) = (c1[3] as f64 / 255.0, c2[3] as f64 / 255.0);
    let ao = a2 + a1 * (1.0 - a2);
    let mut want = [0u8; 4];
    for i in 0..3 {
        let v = (c2[i] as f64 * a2 + c1[i] as f64 * a1 * (1.0 - a2)) / ao;
        want[i] = v.round() as u8;
    }
    want[3] = (ao * 255.0).round() as u8;
    for i in 0..4 {
        assert!(out[i].abs_diff(want[i]) <= 1, "{:?} vs {want:?}", &out[..4]);
    }
    // One translucent colour on transparent comes back as given, within the
    // rounding of premultiplied 8-bit storage (255 / alpha / 2).
    let mut r = Raster::new(4, 4);
    r.fill(&sq, &Paint::Solid(c1));
    let out = r.into_rgba();
    for i in 0..4 {
        assert!(out[i].abs_diff(c1[i]) <= 1, "{:?} vs {c1:?}", &out[..4]);
    }
}

#[test]
fn partial_coverage_scales_alpha_not_colour() {
    // Half a pixel of opaque red: alpha 128, colour still pure red.
    let half = poly(
        &[(0.0, 0.0), (0.5, 0.0), (0.5, 1.0), (0.0, 1.0)],
        RingKind::Outer,
    );
    let mut r = Raster::new(2, 1);
    r.fill(&half, &Paint::Solid([255, 0, 0, 255]));
    let out = r.into_rgba();
    assert_eq!(out[3], 128);
    assert_eq!(&out[..3], &[255, 0, 0]);
    assert_eq!(&out[4..], &[0, 0, 0, 0]);
}

#[test]
fn the_hatch_repeats_along_the_diagonal_with_dark_lines() {
    let h = Hatch::new([189, 189, 189, 140], [90, 90, 90, 200], 8, 1.25);
    assert_eq!(h.period(), 8);
    let sq = poly(
        &[(0.0, 0.0), (16.0, 0.0), (16.0, 16.0), (0.0, 16.0)],
        RingKind::Outer,
    );
    let mut r = Raster::new(16, 16);
    r.fill(&sq, &Paint::Hatch(&h));
    let out = r.into_rgba();
    let at = |x: usize, y: usize| out[(y * 16 + x) * 4];
    // Pixel (x, y) spans x + y ∈ [s, s + 2]: the line x + y = 8 runs through the
    // pixels with s = 7 (dark), not those with s = 3 (light, the base colour).
    assert!(
        at(3, 4) < 150 && at(0, 7) < 150,
        "{} {}",
        at(3, 4),
        at(0, 7)
    );
    assert!(at(1, 2) > 180 && at(2, 1) > 180);
    for y in 0..8 {
        for x in 0..8 {
            assert_eq!(at(x, y), at(x + 8, y));
            assert_eq!(at(x, y), at(x, y + 8));
        }
    }
    // Average darkness matches the lines' share of the area (1.25 px / (8/√2)).
    let dark: f64 = (0..64)
        .map(|k| (189 - at(k % 8, k / 8) as i32) as f64)
        .sum::<f64>()
        / 64.0;
    assert!(dark > 15.0 && dark < 45.0, "{dark}");
}

#[test]
fn aliased_fills_tile_without_gaps_or_double_paint() {
    // Two triangles making a square, a hexagon-ish pair sharing a slanted edge.
    let mut r = Raster::new(12, 12);
    let a = poly(&[(1.3, 1.2), (10.6, 1.2), (1.3, 10.7)], RingKind::Outer);
    let b = poly(&[(10.6, 1.2), (10.6, 10.7), (1.3, 10.7)], RingKind::Outer);
    r.fill_aliased(&a, &Paint::Solid([0, 0, 0, 100]));
    r.fill_aliased(&b, &Paint::Solid([0, 0, 0, 100]));
    for y in 0..12u32 {
        for x in 0..12u32 {
            let (cx, cy) = (x as f64 + 0.5, y as f64 + 0.5);
            let inside = (1.3..10.6).contains(&cx) && (1.2..10.7).contains(&cy);
            let al = r.premultiplied_at(x, y).unwrap()[3];
            assert_eq!(al, if inside { 100 } else { 0 }, "({x},{y})");
        }
    }
    // Holes by pixel centres too.
    let mut p = Path::new();
    p.push_ring(
        [(0.0, 0.0), (8.0, 0.0), (8.0, 8.0), (0.0, 8.0)],
        RingKind::Outer,
    );
    p.push_ring(
        [(2.0, 2.0), (6.0, 2.0), (6.0, 6.0), (2.0, 6.0)],
        RingKind::Hole,
    );
    let mut r = Raster::new(8, 8);
    r.fill_aliased(&p, &Paint::Solid([0, 0, 0, 255]));
    assert_eq!(r.premultiplied_at(3, 3).unwrap()[3], 0);
    assert_eq!(r.premultiplied_at(1, 3).unwrap()[3], 255);
}

#[test]
fn empty_degenerate_and_nan_input_draws_nothing_and_does_not_panic() {
    let mut r = Raster::new(8, 8);
    let paint = Paint::Solid([0, 0, 0, 255]);
    let s = |width| Stroke { width, dash: &[] };
    let mut p = Path::new();
    r.fill(&p, &paint);
    r.stroke(&p, &s(2.0), &paint);
    p.push_ring([(f64::NAN, 1.0), (2.0, f64::INFINITY)], RingKind::Outer);
    assert!(p.is_empty());
    p.push_ring(
        [(1.0, 1.0), (f64::NAN, 3.0), (5.0, 1.0), (5.0, 5.0)],
        RingKind::Outer,
    );
    assert_eq!(p.rings().next().unwrap().0.len(), 3);
    r.fill(&p, &paint);
    r.fill_aliased(&p, &paint);
    for w in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-9, 3.0] {
        r.stroke(&p, &s(w), &paint);
    }
    for dash in [
        &[][..],
        &[0.0, 0.0],
        &[-1.0, 2.0],
        &[f64::NAN],
        &[0.0, 3.0],
        &[1e-9, 1e-9],
    ] {
        r.stroke(&p, &Stroke { width: 1.0, dash }, &paint);
    }
    // A lone point: a dot when open, nothing when closed; zero-size rasters.
    let dot = poly(&[(4.0, 4.0)], RingKind::Open);
    let c = stroke_cov(&dot, 2.0, &[], 8, 8);
    assert!((c.iter().sum::<f32>() - std::f32::consts::PI).abs() < 0.2);
    let c = stroke_cov(
        &poly(&[(4.0, 4.0), (4.0, 4.0)], RingKind::Outer),
        2.0,
        &[],
        8,
        8,
    );
    assert!(c.iter().all(|&v| v == 0.0));
    let mut z = Raster::new(0, 0);
    z.fill(&p, &paint);
    z.stroke(&p, &s(2.0), &paint);
    assert!(z.into_rgba().is_empty());
}

#[test]
fn layers_composite_source_over_on_a_background() {
    // Against the formula in f32: out = src·a + dst·(1 − a), straight alpha out.
    let layers: [Vec<u8>; 3] = [
        vec![200, 10, 10, 255, 0, 0, 0, 0, 10, 200, 30, 128],
        vec![0, 0, 255, 64, 9, 9, 9, 0, 250, 250, 250, 200],
        vec![30, 30, 30, 1, 100, 200, 50, 255, 0, 0, 0, 0],
    ];
    for bg in [None, Some([247u8, 247, 247])] {
        let mut r = Raster::new(3, 1);
        if let Some([a, b, c]) = bg {
            r.fill_all([a, b, c, 255]);
        }
        for l in &layers {
            assert!(r.draw_layer(l));
        }
        assert!(!r.draw_layer(&[0; 8]), "a layer of another size is refused");
        let got = r.into_rgba();
        for px in 0..3 {
            let mut o = match bg {
                Some([a, b, c]) => [a as f32, b as f32, c as f32, 255.0],
                None => [0.0; 4],
            };
            for c in 0..3 {
                o[c] *= o[3] / 255.0;
            }
            for l in &layers {
                let s = &l[px * 4..px * 4 + 4];
                let a = s[3] as f32 / 255.0;
                for c in 0..3 {
                    o[c] = s[c] as f32 * a + o[c] * (1.0 - a);
                }
                o[3] = s[3] as f32 + o[3] * (1.0 - a);
            }
            let want: Vec<f32> = (0..4)
                .map(|c| {
                    if c < 3 && o[3] > 0.0 {
                        o[c] * 255.0 / o[3]
                    } else {
                        o[c]
                    }
                })
                .collect();
            for c in 0..4 {
                let g = got[px * 4 + c] as f32;
                assert!(
                    (g - want[c]).abs() <= 2.0,
                    "bg {bg:?} px {px} channel {c}: {g} vs {}",
                    want[c]
                );
            }
        }
    }
}
