//! A real district: its outline (Tianditu) and the codes and names of its
//! sub-districts and communities (NBS), read from the files in data/districts; and the
//! local metric frame the generator works in.

use crate::model::LngLat;
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value;

/// 街道/乡镇: a sub-district or town, with its 9-digit NBS code.
#[derive(Debug, Clone, PartialEq)]
pub struct Street {
    pub code: String,
    pub name: String,
    pub communities: Vec<Community>,
}

/// 社区/村: a community or village, with its 12-digit NBS code.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub code: String,
    pub name: String,
}

/// A county-level district as the generator needs it.
#[derive(Debug, Clone)]
pub struct District {
    /// 6-digit administrative code, e.g. `430408`.
    pub adcode: String,
    pub name: String,
    pub city: String,
    pub province: String,
    /// WGS-84 (CGCS2000) outline.
    pub outline: MultiPolygon<f64>,
    pub streets: Vec<Street>,
    /// GeoNames town seats matched to a street code: `(street code, position)`.
    pub places: Vec<(String, LngLat)>,
    /// The outline's Feature as read, for an offline copy (see [`super::outline_geojson`]).
    pub(crate) outline_feature: Value,
}

impl District {
    /// Reads district `adcode` from the texts of data/districts' `outlines.geojson`
    /// (Tianditu), `divisions.json` (NBS) and, optionally, `places.geojson` (GeoNames).
    pub fn from_texts(
        boundaries: &str,
        divisions: &str,
        places: Option<&str>,
        adcode: &str,
    ) -> Result<District, String> {
        let b: Value = serde_json::from_str(boundaries).map_err(|e| format!("boundaries: {e}"))?;
        let feature = b["features"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|f| f["properties"]["adcode"].as_str() == Some(adcode))
            .ok_or_else(|| {
                let have: Vec<String> = b["features"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| {
                        let p = &f["properties"];
                        Some(format!("{} {}", p["adcode"].as_str()?, p["name"].as_str()?))
                    })
                    .collect();
                format!(
                    "no outline for district {adcode} in the boundaries file; it has {}",
                    have.join(", ")
                )
            })?;
        let props = &feature["properties"];
        let text = |k: &str| props[k].as_str().unwrap_or_default().to_string();
        let outline = multipolygon(&feature["geometry"])
            .ok_or_else(|| format!("district {adcode}: the outline is not a (Multi)Polygon"))?;

        let d: Value = serde_json::from_str(divisions).map_err(|e| format!("divisions: {e}"))?;
        let county = d["counties"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["code"].as_str() == Some(adcode))
            .ok_or_else(|| {
                format!("no sub-districts for {adcode} in the divisions file (it has codes only for some districts)")
            })?;
        let streets: Vec<Street> = county["streets"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| Street {
                code: s["code"].as_str().unwrap_or_default().into(),
                name: s["name"].as_str().unwrap_or_default().into(),
                communities: s["communities"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| Community {
                        code: c["code"].as_str().unwrap_or_default().into(),
                        name: c["name"].as_str().unwrap_or_default().into(),
                    })
                    .collect(),
            })
            .filter(|s| s.code.len() == 9 && !s.communities.is_empty())
            .collect();
        if streets.is_empty() {
            return Err(format!(
                "district {adcode} has no sub-districts with communities"
            ));
        }

        let mut seats = vec![];
        if let Some(p) = places {
            let p: Value = serde_json::from_str(p).map_err(|e| format!("places: {e}"))?;
            for f in p["features"].as_array().into_iter().flatten() {
                let pr = &f["properties"];
                let c = &f["geometry"]["coordinates"];
                if let (Some(code), Some(x), Some(y)) =
                    (pr["nbs_code"].as_str(), c[0].as_f64(), c[1].as_f64())
                {
                    if code.starts_with(adcode) {
                        seats.push((code.to_string(), (x, y)));
                    }
                }
            }
        }

        Ok(District {
            adcode: adcode.into(),
            name: text("name"),
            city: text("city"),
            province: text("province"),
            outline,
            streets,
            places: seats,
            outline_feature: feature.clone(),
        })
    }

    /// [`Self::from_texts`] on the files of a folder such as data/districts (for
    /// the CLI, tests and benches; the GeoNames file is optional).
    pub fn from_dir(dir: &std::path::Path, adcode: &str) -> Result<District, String> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read_to_string(&p).map_err(|e| format!("read {}: {e}", p.display()))
        };
        District::from_texts(
            &read("outlines.geojson")?,
            &read("divisions.json")?,
            read("places.geojson").ok().as_deref(),
            adcode,
        )
    }

    /// A district from parts (tests, or callers with their own outline).
    pub fn new(adcode: &str, name: &str, outline: MultiPolygon<f64>, streets: Vec<Street>) -> Self {
        District {
            adcode: adcode.into(),
            name: name.into(),
            city: String::new(),
            province: String::new(),
            outline,
            streets,
            places: vec![],
            outline_feature: Value::Null,
        }
    }
}

fn multipolygon(g: &Value) -> Option<MultiPolygon<f64>> {
    let ring = |r: &Value| -> Option<LineString<f64>> {
        r.as_array()?
            .iter()
            .map(|p| {
                Some(Coord {
                    x: p[0].as_f64()?,
                    y: p[1].as_f64()?,
                })
            })
            .collect::<Option<Vec<_>>>()
            .map(LineString)
    };
    let poly = |p: &Value| -> Option<Polygon<f64>> {
        let mut rings = p.as_array()?.iter().map(ring).collect::<Option<Vec<_>>>()?;
        if rings.is_empty() {
            return None;
        }
        let ext = rings.remove(0);
        Some(Polygon::new(ext, rings))
    };
    match g["type"].as_str()? {
        "Polygon" => Some(MultiPolygon(vec![poly(&g["coordinates"])?])),
        "MultiPolygon" => g["coordinates"]
            .as_array()?
            .iter()
            .map(poly)
            .collect::<Option<Vec<_>>>()
            .map(MultiPolygon),
        _ => None,
    }
}

use crate::index::sphere::EARTH_RADIUS_M as R_M;

/// A local equirectangular frame in metres: x east, y north, origin at
/// `(lng0, lat0)`. Over a district (≤ 50 km) its scale error is below 0.5 %, which
/// is what "about 100 m" cells allow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub lng0: f64,
    pub lat0: f64,
    /// Metres per degree of longitude at `lat0`, and of latitude.
    pub m_per_deg_lng: f64,
    pub m_per_deg_lat: f64,
}

impl Frame {
    pub fn new(lng0: f64, lat0: f64) -> Self {
        let m_per_deg_lat = R_M * std::f64::consts::PI / 180.0;
        Frame {
            lng0,
            lat0,
            m_per_deg_lat,
            m_per_deg_lng: m_per_deg_lat * lat0.to_radians().cos(),
        }
    }

    pub fn lnglat_to_m(&self, p: LngLat) -> (f64, f64) {
        (
            (p.0 - self.lng0) * self.m_per_deg_lng,
            (p.1 - self.lat0) * self.m_per_deg_lat,
        )
    }

    pub fn m_to_lnglat(&self, p: (f64, f64)) -> LngLat {
        (
            self.lng0 + p.0 / self.m_per_deg_lng,
            self.lat0 + p.1 / self.m_per_deg_lat,
        )
    }

    pub fn mp_to_m(&self, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        use geo::MapCoords;
        mp.map_coords(|c| {
            let (x, y) = self.lnglat_to_m((c.x, c.y));
            Coord { x, y }
        })
    }

    pub fn mp_to_lnglat(&self, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        use geo::MapCoords;
        mp.map_coords(|c| {
            let (x, y) = self.m_to_lnglat((c.x, c.y));
            Coord { x, y }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_round_trips_and_has_metre_scale() {
        let f = Frame::new(112.5, 26.9);
        let p = (112.53, 26.92);
        let m = f.lnglat_to_m(p);
        let q = f.m_to_lnglat(m);
        assert!((p.0 - q.0).abs() < 1e-12 && (p.1 - q.1).abs() < 1e-12);
        // 0.01° of latitude is 1112 m; of longitude at 26.9° it is 992 m.
        let a = f.lnglat_to_m((112.51, 26.91));
        assert!((a.1 - 1111.95).abs() < 0.1, "{a:?}");
        assert!((a.0 - 991.8).abs() < 0.5, "{a:?}");
    }
}
