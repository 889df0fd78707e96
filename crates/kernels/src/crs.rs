//! Coordinate systems used by Chinese base maps. The index stores WGS-84; data in
//! GCJ-02 (AMap, Tencent) or BD-09 (Baidu) is converted on load, and rasters can be
//! drawn back into the base map's system. The transforms come from the
//! `coordtransform` crate (dependency-free, iterated inverses); see tests/it/crs.rs
//! for the check against tests/fixtures/coord_vectors.json.

use crate::lnglat::LngLat;
use serde::{Deserialize, Serialize};

/// A geographic coordinate system a file or a base map may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum Crs {
    /// WGS-84; also CGCS2000 (Tianditu), which differs by well under a metre.
    #[default]
    Wgs84,
    /// The "Mars" offset system of AMap/Gaode and Tencent.
    Gcj02,
    /// Baidu's system, an offset of GCJ-02.
    Bd09,
}

/// A coordinate system name civicmap does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCrs(pub String);

impl std::fmt::Display for UnknownCrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown coordinate system `{}`; use wgs84 (also CGCS2000, EPSG:4326, EPSG:4490), gcj02 or bd09",
            self.0
        )
    }
}

/// Reads any name [`Crs::parse`] accepts.
impl<'de> Deserialize<'de> for Crs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Crs::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl Crs {
    /// Reads a name as written in options or in a GeoJSON `crs` member.
    pub fn parse(name: &str) -> Result<Crs, UnknownCrs> {
        let n: String = name
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect();
        if n == "wgs84"
            || n == "cgcs2000"
            || n.ends_with("epsg:4326")
            || n.ends_with("epsg::4326")
            || n.ends_with("epsg:4490")
            || n.ends_with("epsg::4490")
            || n.ends_with("crs84")
        {
            Ok(Crs::Wgs84)
        } else if n == "gcj02" || n == "gcj" || n == "mars" {
            Ok(Crs::Gcj02)
        } else if n == "bd09" || n == "bd09ll" || n == "baidu" {
            Ok(Crs::Bd09)
        } else {
            Err(UnknownCrs(name.to_string()))
        }
    }

    /// The name written in exports (`wgs84`, `gcj02`, `bd09`).
    pub fn name(self) -> &'static str {
        match self {
            Crs::Wgs84 => "wgs84",
            Crs::Gcj02 => "gcj02",
            Crs::Bd09 => "bd09",
        }
    }

    /// Converts a coordinate in this system to WGS-84: the exact inverse of
    /// [`Crs::from_wgs84`], by fixed-point iteration (the offset changes slowly, so
    /// each step shrinks the error about tenfold; it stops under 1e-12°).
    #[inline]
    pub fn to_wgs84(self, (lng, lat): LngLat) -> LngLat {
        if self == Crs::Wgs84 || taper(lng, lat).is_none() && far_from_box(lng, lat) {
            return (lng, lat);
        }
        let (gx, gy) = (lng, lat);
        let mut w = (gx, gy);
        for _ in 0..40 {
            let (dx, dy) = self.offset(w);
            let next = (gx - dx, gy - dy);
            let done = (next.0 - w.0).abs() < 1e-12 && (next.1 - w.1).abs() < 1e-12;
            w = next;
            if done {
                break;
            }
        }
        w
    }

    /// Converts a WGS-84 coordinate into this system.
    #[inline]
    pub fn from_wgs84(self, (lng, lat): LngLat) -> LngLat {
        let (dx, dy) = self.offset((lng, lat));
        (lng + dx, lat + dy)
    }

    /// How far this system moves a WGS-84 coordinate: the vendors' offset inside
    /// China's box, tapered to nothing over its outer 0.1° (see [`taper`]), none
    /// outside.
    fn offset(self, (lng, lat): LngLat) -> (f64, f64) {
        let Some(s) = taper(lng, lat) else {
            return (0.0, 0.0);
        };
        if self == Crs::Wgs84 {
            return (0.0, 0.0);
        }
        let (x, y) = coordtransform::wgs84_to_gcj02_in_mainland(lng, lat);
        let (x, y) = match self {
            Crs::Bd09 => coordtransform::gcj02_to_bd09(x, y),
            _ => (x, y),
        };
        (s * (x - lng), s * (y - lat))
    }
}

/// Converts interleaved `lng, lat` pairs from one system to another, through
/// WGS-84. A trailing odd value is dropped.
pub fn convert_flat(coords: &[f64], from: Crs, to: Crs) -> Vec<f64> {
    let mut out = Vec::with_capacity(coords.len() & !1);
    for c in coords.chunks_exact(2) {
        let (x, y) = to.from_wgs84(from.to_wgs84((c[0], c[1])));
        out.push(x);
        out.push(y);
    }
    out
}

/// Where the GCJ-02 offset applies: the box gcoord and prcoords use (lng
/// 72.004–137.8347, lat 0.8293–55.8271). coordtransform's own finer mask leaves out
/// border cities such as 黑河 (gcoord fixture case 259) and 三沙 south of 18°N (case
/// 92), which vendor maps do offset; a campaign map must get every Chinese city
/// right, and the box also matches the JS libraries portals already use. The cost:
/// points just outside China inside the box (Seoul, Hanoi) are offset too, as they
/// are by gcoord.
const BOX: [f64; 4] = [72.004, 0.8293, 137.8347, 55.8271];

/// Width in degrees of the band inside the box's edge over which the offset fades.
///
/// Why: with a hard edge the transform is not one-to-one there. A point just inside
/// the edge is offset (by up to ~0.007°, ~700 m for BD-09) across it, onto where
/// points outside are left in place, so its inverse cannot be told apart: such a
/// point moved 657 m (GCJ-02) or 1.4 km (BD-09) on export and reload. Fading the
/// offset linearly over 0.1° keeps the transform one-to-one (the offset changes by
/// at most ~0.08° per degree there, far below 1), so [`Crs::to_wgs84`] inverts it
/// exactly everywhere. The band lies outside China at every edge of the box (the
/// nearest Chinese land is over 1° inside it), so no Chinese city moves.
const TAPER_DEG: f64 = 0.1;

/// The share of the offset a WGS-84 coordinate gets: 1 inside the box away from its
/// edges, falling to 0 at them; None outside the box.
#[inline]
fn taper(lng: f64, lat: f64) -> Option<f64> {
    let d = (lng - BOX[0])
        .min(BOX[2] - lng)
        .min(lat - BOX[1])
        .min(BOX[3] - lat);
    (d > 0.0).then(|| (d / TAPER_DEG).min(1.0))
}

/// Whether no point near this one can have been moved here by an offset (more than
/// 0.1° from the box): the inverse can leave it be.
#[inline]
fn far_from_box(lng: f64, lat: f64) -> bool {
    !(lng > BOX[0] - 0.1 && lng < BOX[2] + 0.1 && lat > BOX[1] - 0.1 && lat < BOX[3] + 0.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_loosely() {
        assert_eq!(Crs::parse("EPSG:4490"), Ok(Crs::Wgs84));
        assert_eq!(Crs::parse("urn:ogc:def:crs:OGC:1.3:CRS84"), Ok(Crs::Wgs84));
        assert_eq!(Crs::parse("urn:ogc:def:crs:EPSG::4326"), Ok(Crs::Wgs84));
        assert_eq!(Crs::parse("GCJ-02"), Ok(Crs::Gcj02));
        assert_eq!(Crs::parse("BD-09"), Ok(Crs::Bd09));
        assert!(matches!(Crs::parse("EPSG:3857"), Err(UnknownCrs(_))));
    }

    #[test]
    fn convert_flat_goes_through_wgs84() {
        let w = [112.5713, 26.8968, 116.404, 39.915];
        let g = convert_flat(&w, Crs::Wgs84, Crs::Gcj02);
        assert_eq!((g[2], g[3]), Crs::Gcj02.from_wgs84((116.404, 39.915)));
        let b = convert_flat(&g, Crs::Gcj02, Crs::Bd09);
        let back = convert_flat(&b, Crs::Bd09, Crs::Wgs84);
        for k in 0..4 {
            assert!((back[k] - w[k]).abs() < 1e-8, "{back:?}");
        }
        assert_eq!(
            convert_flat(&[1.0, 2.0, 3.0], Crs::Wgs84, Crs::Wgs84),
            vec![1.0, 2.0]
        );
    }

    #[test]
    fn gcj_round_trip_is_sub_millimetre_in_china() {
        for crs in [Crs::Gcj02, Crs::Bd09] {
            let p = (112.5713, 26.8968);
            let q = crs.from_wgs84(p);
            assert!((q.0 - p.0).abs() > 1e-4, "{crs:?} should move the point");
            let back = crs.to_wgs84(q);
            assert!(
                (back.0 - p.0).abs() < 1e-8 && (back.1 - p.1).abs() < 1e-8,
                "{crs:?}: {back:?}"
            );
        }
    }
}
