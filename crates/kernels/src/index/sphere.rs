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
#[inline]
pub fn to_unit((lng, lat): LngLat) -> [f64; 3] {
    let sl = lat.to_radians().sin();
    // cos(lat) >= 0 on [-90°, 90°], so it follows from sin(lat) without a third
    // libm call (they dominate building the index in wasm); the error stays
    // below 1e-14 relative, micrometres on the ground even near the poles.
    // A comparison, not f64::max (a call to fmax in wasm); the same value.
    let c2 = 1.0 - sl * sl;
    let cl = if c2 > 0.0 { c2.sqrt() } else { 0.0 };
    let (sg, cg) = lng.to_radians().sin_cos();
    [cl * cg, cl * sg, sl]
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
