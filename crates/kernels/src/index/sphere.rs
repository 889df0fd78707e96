//! Distances on the sphere, in metres. Points are also kept as unit vectors:
//! the straight-line (chord) distance between two unit vectors grows strictly with
//! the great-circle distance, so the packed R-tree of [`super::packed`] answers
//! geodesic nearest-neighbour and radius queries exactly, with a true lower bound
//! at every node (no clamped-degree bounds that undercount at high latitude).

use crate::lnglat::LngLat;

/// Mean Earth radius (IUGG), the radius the haversine distances use.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres (haversine, stable for short distances).
#[inline]
pub fn haversine_m(a: LngLat, b: LngLat) -> f64 {
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = la2 - la1;
    let dlng = (b.0 - a.0).to_radians();
    let h = (dlat * 0.5).sin().powi(2) + la1.cos() * la2.cos() * (dlng * 0.5).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// The point on the unit sphere for a longitude/latitude.
// One copy in the module: inlined at its 20 callers it cost 1.9 KB gzipped, and
// the call is not what the index build waits for.
#[inline(never)]
pub fn to_unit((lng, lat): LngLat) -> [f64; 3] {
    let (sl, cl) = sin_cos_deg(lat);
    let (sg, cg) = sin_cos_deg(lng);
    [cl * cg, cl * sg, sl]
}

/// Sine and cosine of an angle in degrees, within about an ulp of the true values
/// (exact at multiples of 90°).
///
/// Why not libm: the three libm calls of a unit vector (sin, and cos through
/// `sin_cos`, which is two calls in wasm) were 38 % of building the point index in
/// wasm. Here the reduction is exact and done in degrees (x − 90k has no rounding
/// for any |x| below 2⁴⁴), one product turns the remainder (|r| ≤ 45°) into
/// radians, and fdlibm's kernels (k_sin.c, k_cos.c; © Sun Microsystems, "freely
/// granted, provided that this notice is preserved") give both values from one
/// square, inlined, with no call and no branch but the quadrant.
#[inline]
#[allow(clippy::excessive_precision)] // fdlibm's digits, as published
pub fn sin_cos_deg(x: f64) -> (f64, f64) {
    const S1: f64 = -1.666_666_666_666_663_243_48e-1;
    const S2: f64 = 8.333_333_333_322_489_461_24e-3;
    const S3: f64 = -1.984_126_982_985_794_931_34e-4;
    const S4: f64 = 2.755_731_370_707_006_767_89e-6;
    const S5: f64 = -2.505_076_025_340_686_341_95e-8;
    const S6: f64 = 1.589_690_995_211_550_102_21e-10;
    const C1: f64 = 4.166_666_666_666_660_190_37e-2;
    const C2: f64 = -1.388_888_888_887_410_957_49e-3;
    const C3: f64 = 2.480_158_728_947_672_941_78e-5;
    const C4: f64 = -2.755_731_435_139_066_330_35e-7;
    const C5: f64 = 2.087_572_321_298_174_827_90e-9;
    const C6: f64 = -1.135_964_755_778_819_482_65e-11;
    // Ties to even: one wasm instruction (f64.nearest); `round` is a call.
    let k = (x * (1.0 / 90.0)).round_ties_even();
    let a = (x - 90.0 * k) * (std::f64::consts::PI / 180.0);
    let z = a * a;
    let s = a + a * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
    let w = z * z;
    let r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    let hz = 0.5 * z;
    let one_hz = 1.0 - hz;
    let c = one_hz + (((1.0 - one_hz) - hz) + z * r);
    // k is integral and below 2³⁶ for |x| < 2⁴², so the cast keeps its quadrant.
    match (k as i64) & 3 {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

/// The squared chord length that corresponds to `metres` along the sphere.
#[inline]
pub fn chord2_for_m(metres: f64) -> f64 {
    let half = (metres / EARTH_RADIUS_M).min(std::f64::consts::PI) * 0.5;
    let c = 2.0 * half.sin();
    c * c
}

/// Metres along the sphere for a squared chord length.
#[inline]
pub fn m_for_chord2(chord2: f64) -> f64 {
    2.0 * EARTH_RADIUS_M * (chord2.sqrt() * 0.5).min(1.0).asin()
}

/// The 3-D box that holds the part of the unit sphere inside a longitude/latitude
/// box (`min.0 <= max.0`, no antimeridian crossing). Each unit-vector component is
/// a product of a function of latitude and one of longitude, so its extremes over
/// the box lie at combinations of each factor's extremes.
pub fn unit_box(min: LngLat, max: LngLat) -> ([f64; 3], [f64; 3]) {
    let range = |f: fn(f64) -> f64, lo: f64, hi: f64, crit: &[f64]| {
        let (a, b) = (f(lo), f(hi));
        let (mut min, mut max) = (a.min(b), a.max(b));
        for &c in crit {
            if c > lo && c < hi {
                let x = f(c);
                min = min.min(x);
                max = max.max(x);
            }
        }
        (min, max)
    };
    let cosd = |d: f64| d.to_radians().cos();
    let sind = |d: f64| d.to_radians().sin();
    let lng_crit = [
        -360.0, -270.0, -180.0, -90.0, 0.0, 90.0, 180.0, 270.0, 360.0,
    ];
    let (clat0, clat1) = range(cosd, min.1, max.1, &[0.0]);
    let (slat0, slat1) = range(sind, min.1, max.1, &[]);
    let (clng0, clng1) = range(cosd, min.0, max.0, &lng_crit);
    let (slng0, slng1) = range(sind, min.0, max.0, &lng_crit);
    let prod = |a: (f64, f64), b: (f64, f64)| {
        let c = [a.0 * b.0, a.0 * b.1, a.1 * b.0, a.1 * b.1];
        (
            c.iter().cloned().fold(f64::INFINITY, f64::min),
            c.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
        )
    };
    let x = prod((clat0, clat1), (clng0, clng1));
    let y = prod((clat0, clat1), (slng0, slng1));
    // A hair of slack: the query box must not lose points to rounding.
    const EPS: f64 = 1e-12;
    (
        [x.0 - EPS, y.0 - EPS, slat0 - EPS],
        [x.1 + EPS, y.1 + EPS, slat1 + EPS],
    )
}

/// Area of a (multi)polygon in m² on the sphere (Chamberlain–Duquette, the mean
/// Earth radius), whatever its rings' orientation: the same sphere as every
/// distance here. The ellipsoid's geodesic area (geographiclib) differs by about
/// 0.3 % at these latitudes and cost the wasm module 4 KB gzipped.
pub fn area_m2(mp: &geo::MultiPolygon<f64>) -> f64 {
    use geo::ChamberlainDuquetteArea;
    mp.chamberlain_duquette_unsigned_area()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = haversine_m((112.0, 26.0), (112.0, 27.0));
        assert!((d - 111_195.0).abs() < 1.0, "{d}");
        assert_eq!(haversine_m((112.0, 26.0), (112.0, 26.0)), 0.0);
    }

    #[test]
    fn chord_and_arc_agree() {
        for m in [0.0, 0.5, 100.0, 5_000.0, 1.0e6] {
            let back = m_for_chord2(chord2_for_m(m));
            assert!((back - m).abs() < 1e-6 * m.max(1.0), "{m} -> {back}");
        }
        let (a, b) = ((112.57, 26.89), (112.61, 26.93));
        let (ua, ub) = (to_unit(a), to_unit(b));
        let c2: f64 = (0..3).map(|i| (ua[i] - ub[i]).powi(2)).sum();
        assert!((m_for_chord2(c2) - haversine_m(a, b)).abs() < 1e-6);
    }

    /// Against libm over every quarter degree and random angles: within 2 ulps of
    /// libm plus what rounding libm's argument to radians costs it, and exact where
    /// the truth is 0 or ±1.
    #[test]
    fn sin_cos_deg_agrees_with_libm() {
        let mut seed = 12345u64;
        let mut angles: Vec<f64> = (-1440..=1440).map(|i| i as f64 * 0.25).collect();
        for _ in 0..100_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            angles.push(((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 720.0);
        }
        for x in angles {
            let (s, c) = sin_cos_deg(x);
            if (x / 90.0).fract() == 0.0 {
                let q = ((x / 90.0) as i64).rem_euclid(4) as usize;
                let want = [(0.0, 1.0), (1.0, 0.0), (0.0, -1.0), (-1.0, 0.0)][q];
                assert!(s == want.0 && c == want.1, "{x}: {s} {c}");
                continue;
            }
            // libm's argument, reduced to ±180° exactly, then rounded to radians.
            let r = (x - 360.0 * (x / 360.0).round()).to_radians();
            let tol = |v: f64| 2.0 * f64::EPSILON * (v.abs() + r.abs());
            assert!((s - r.sin()).abs() <= tol(s), "sin {x}: {s} vs {}", r.sin());
            assert!((c - r.cos()).abs() <= tol(c), "cos {x}: {c} vs {}", r.cos());
        }
    }

    #[test]
    fn unit_box_holds_every_point_of_the_lnglat_box() {
        for (min, max) in [
            ((112.0, 26.0), (113.0, 27.5)),
            ((-10.0, -5.0), (10.0, 5.0)),
            ((170.0, 50.0), (180.0, 60.0)),
        ] {
            let (lo, hi) = unit_box(min, max);
            for i in 0..=20 {
                for j in 0..=20 {
                    let p = (
                        min.0 + (max.0 - min.0) * i as f64 / 20.0,
                        min.1 + (max.1 - min.1) * j as f64 / 20.0,
                    );
                    let u = to_unit(p);
                    for k in 0..3 {
                        assert!(u[k] >= lo[k] && u[k] <= hi[k], "{p:?} axis {k}");
                    }
                }
            }
        }
    }
}
