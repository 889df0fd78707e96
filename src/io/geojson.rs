//! GeoJSON in and out. Every feature is validated on its own: the valid ones load,
//! each rejected one is reported with its index, id, field and reason, and nothing
//! panics. Exports write what is loaded (WGS-84 by default) and load back to the
//! same state. data/SCHEMA.md lists every property.

use crate::error::{Error, Rejected};
use crate::io::crs::Crs;
use crate::model::*;
use geo::{Area, Coord, LineString, MultiPolygon, Polygon};
use serde_json::{json, Map as JsonMap, Value};
use std::collections::HashSet;

/// The features of one file that passed validation, and those that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    pub items: Vec<T>,
    pub rejected: Vec<Rejected>,
}

/// Options a caller may give with a file (from JS: `{crs: "gcj02"}`).
#[derive(Debug, Clone, Copy, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadOptions {
    /// Overrides whatever the file declares.
    pub crs: Option<Crs>,
}

pub fn parse_cells(text: &str, opts: LoadOptions) -> Result<Parsed<GridCell>, Error> {
    parse_with(text, opts, "cell", |f| {
        Ok(GridCell {
            id: f.id.clone(),
            name: f.text("name")?,
            code: f.text("code")?,
            owner: f.text("owner")?,
            geometry: f.area()?,
        })
    })
}

pub fn parse_zones(text: &str, opts: LoadOptions) -> Result<Parsed<Zone>, Error> {
    parse_with(text, opts, "zone", |f| {
        Ok(Zone {
            id: f.id.clone(),
            name: f.text("name")?.unwrap_or_default(),
            owner: f.text("owner")?,
            // `units` is what the generator wrote before `members` existed.
            members: match f.list("members")? {
                Some(m) => m,
                None => f.list("units")?.unwrap_or_default(),
            },
            division: f.text("division")?,
            level: f
                .int("level", 1, 4)?
                .ok_or_else(|| f.reject("level", "missing; give 1 to 4"))? as u8,
            geometry: f.area()?,
        })
    })
}

pub fn parse_points(text: &str, opts: LoadOptions) -> Result<Parsed<InspectionPoint>, Error> {
    parse_with(text, opts, "point", |f| {
        Ok(InspectionPoint {
            id: f.id.clone(),
            name: f.text("name")?.unwrap_or_default(),
            category: f
                .vocab("category", Category::parse)?
                .unwrap_or(Category::Other),
            owner: f.text("owner")?,
            lnglat: f.point()?,
        })
    })
}

pub fn parse_problems(text: &str, opts: LoadOptions) -> Result<Parsed<Problem>, Error> {
    parse_with(text, opts, "problem", |f| {
        let found = f.day("found")?;
        let deadline = f.day("deadline")?;
        if let (Some(a), Some(b)) = (found, deadline) {
            if b < a {
                return Err(f.reject(
                    "deadline",
                    format!("{} is before found {}", format_day(b), format_day(a)),
                ));
            }
        }
        Ok(Problem {
            id: f.id.clone(),
            lnglat: f.point()?,
            point: f.text("point")?,
            kind: f
                .vocab("category", ProblemKind::parse)?
                .unwrap_or(ProblemKind::Other),
            severity: f.int("severity", 1, 3)?.unwrap_or(1) as u8,
            status: f.vocab("status", Status::parse)?.unwrap_or(Status::Open),
            found,
            deadline,
            source: f
                .vocab("source", Source::parse)?
                .unwrap_or(Source::OpenInspection),
        })
    })
}

/// Reads an owners list: a JSON array of `{id, name, unit, level}` objects, or a
/// FeatureCollection whose features carry those properties.
pub fn parse_owners(text: &str) -> Result<Parsed<Owner>, Error> {
    let v: Value = serde_json::from_str(text).map_err(|e| Error::NotOwners(e.to_string()))?;
    let rows: Vec<Value> = match v {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("features") {
            Some(Value::Array(fs)) => fs
                .into_iter()
                .map(|mut f| {
                    let mut props = f
                        .get_mut("properties")
                        .map(Value::take)
                        .unwrap_or(Value::Null);
                    if let (Value::Object(p), Some(id)) = (&mut props, f.get("id")) {
                        p.entry("id").or_insert(id.clone());
                    }
                    props
                })
                .collect(),
            _ => return Err(Error::NotOwners("an object without `features`".into())),
        },
        _ => return Err(Error::NotOwners("neither an array nor an object".into())),
    };
    let mut out = Parsed {
        items: vec![],
        rejected: vec![],
    };
    let mut seen = HashSet::new();
    for (index, row) in rows.into_iter().enumerate() {
        let Value::Object(props) = row else {
            out.rejected.push(Rejected {
                index,
                id: None,
                field: "owner".into(),
                reason: "not an object".into(),
            });
            continue;
        };
        let f = Feat {
            index,
            id: id_text(props.get("id")).unwrap_or_default(),
            props: &props,
            geometry: None,
            crs: Crs::Wgs84,
        };
        let one = (|| -> Result<Owner, Rejected> {
            if f.id.is_empty() {
                return Err(f.reject("id", "missing; every owner needs an id"));
            }
            if !seen.insert(f.id.clone()) {
                return Err(f.reject("id", "duplicate id; ids must be unique in a file"));
            }
            Ok(Owner {
                id: f.id.clone(),
                name: f.text("name")?.unwrap_or_else(|| f.id.clone()),
                unit: f.text("unit")?.unwrap_or_default(),
                title: f.text("title")?.unwrap_or_default(),
                level: f.int("level", 0, 4)?.unwrap_or(0) as u8,
            })
        })();
        match one {
            Ok(o) => out.items.push(o),
            Err(r) => out.rejected.push(r),
        }
    }
    Ok(out)
}

fn parse_with<T>(
    text: &str,
    opts: LoadOptions,
    kind: &str,
    mut one: impl FnMut(&Feat) -> Result<T, Rejected>,
) -> Result<Parsed<T>, Error> {
    let v: Value = serde_json::from_str(text).map_err(|e| Error::NotGeoJson(e.to_string()))?;
    let Value::Object(mut top) = v else {
        return Err(Error::NotGeoJson(
            "expected a FeatureCollection object".into(),
        ));
    };
    let declared = declared_crs(&top)?;
    let crs = opts.crs.or(declared).unwrap_or_default();
    let features = match top.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => match top.remove("features") {
            Some(Value::Array(fs)) => fs,
            _ => {
                return Err(Error::NotGeoJson(
                    "FeatureCollection without a `features` array".into(),
                ))
            }
        },
        Some("Feature") => vec![Value::Object(top)],
        Some(other) => {
            return Err(Error::NotGeoJson(format!(
                "expected a FeatureCollection, got type `{other}`"
            )))
        }
        None => {
            return Err(Error::NotGeoJson(
                "no `type` member; expected a FeatureCollection".into(),
            ))
        }
    };
    let mut out = Parsed {
        items: Vec::with_capacity(features.len()),
        rejected: vec![],
    };
    let mut seen: HashSet<String> = HashSet::with_capacity(features.len());
    let empty = JsonMap::new();
    for (index, feature) in features.iter().enumerate() {
        let Some(obj) = feature
            .as_object()
            .filter(|o| o.get("type").and_then(Value::as_str) == Some("Feature"))
        else {
            out.rejected.push(Rejected {
                index,
                id: None,
                field: "type".into(),
                reason: "not a GeoJSON Feature".into(),
            });
            continue;
        };
        let props = match obj.get("properties") {
            Some(Value::Object(p)) => p,
            _ => &empty,
        };
        let raw_id = obj
            .get("id")
            .filter(|v| !v.is_null())
            .or_else(|| props.get("id"));
        let id = id_text(raw_id).unwrap_or_else(|| format!("{kind}-{index}"));
        let f = Feat {
            index,
            id,
            props,
            geometry: obj.get("geometry"),
            crs,
        };
        if raw_id.is_some() && id_text(raw_id).is_none() {
            out.rejected
                .push(f.reject("id", "must be a string or a number"));
            continue;
        }
        if seen.contains(&f.id) {
            out.rejected
                .push(f.reject("id", "duplicate id; ids must be unique in a file"));
            continue;
        }
        match one(&f) {
            Ok(item) => {
                seen.insert(f.id.clone());
                out.items.push(item);
            }
            Err(r) => out.rejected.push(r),
        }
    }
    Ok(out)
}

fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The coordinate system a file declares: the 2008 `crs` member
/// (`{"type":"name","properties":{"name":…}}`) or a plain `"crs": "gcj02"`.
fn declared_crs(top: &JsonMap<String, Value>) -> Result<Option<Crs>, Error> {
    let name = match top.get("crs") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Object(o)) => o
            .get("properties")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str),
        _ => None,
    };
    name.map(Crs::parse).transpose()
}

/// One feature under validation.
struct Feat<'a> {
    index: usize,
    id: String,
    props: &'a JsonMap<String, Value>,
    geometry: Option<&'a Value>,
    crs: Crs,
}

impl Feat<'_> {
    fn reject(&self, field: &str, reason: impl Into<String>) -> Rejected {
        Rejected {
            index: self.index,
            id: Some(self.id.clone()),
            field: field.into(),
            reason: reason.into(),
        }
    }

    fn prop(&self, key: &str) -> Option<&Value> {
        self.props.get(key).filter(|v| !v.is_null())
    }

    fn text(&self, key: &str) -> Result<Option<String>, Rejected> {
        match self.prop(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(self.reject(key, format!("expected text, got {}", kind_of(other)))),
        }
    }

    /// A list: an array of texts, or one text with items split by `、` or commas;
    /// each item once.
    fn list(&self, key: &str) -> Result<Option<Vec<String>>, Rejected> {
        let text = match self.prop(key) {
            // The items of an array joined, then split as one text.
            Some(Value::Array(items)) => {
                let mut t = String::new();
                for v in items {
                    let s = v.as_str().ok_or_else(|| {
                        self.reject(key, format!("expected a list of texts, got {}", kind_of(v)))
                    })?;
                    t.push_str(s);
                    t.push('\n');
                }
                Some(t)
            }
            _ => self.text(key)?,
        };
        Ok(text.map(|t| split_list(&t)))
    }

    fn int(&self, key: &str, lo: i64, hi: i64) -> Result<Option<i64>, Rejected> {
        let v = match self.prop(key) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64),
            Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
            Some(_) => None,
        };
        match v {
            Some(i) if (lo..=hi).contains(&i) => Ok(Some(i)),
            _ => Err(self.reject(
                key,
                format!(
                    "expected a whole number from {lo} to {hi}, got {}",
                    self.props[key]
                ),
            )),
        }
    }

    fn vocab<T>(
        &self,
        key: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, Rejected> {
        match self.prop(key) {
            None => Ok(None),
            Some(Value::String(s)) => parse(s).map(Some).map_err(|e| self.reject(key, e)),
            Some(other) => Err(self.reject(key, format!("expected text, got {}", kind_of(other)))),
        }
    }

    fn day(&self, key: &str) -> Result<Option<Day>, Rejected> {
        match self.prop(key) {
            None => Ok(None),
            Some(Value::String(s)) => parse_day(s).map(Some).map_err(|e| self.reject(key, e)),
            Some(other) => Err(self.reject(
                key,
                format!("expected a date YYYY-MM-DD, got {}", kind_of(other)),
            )),
        }
    }

    fn geometry(&self) -> Result<(&str, &Value), Rejected> {
        let g = self
            .geometry
            .filter(|g| !g.is_null())
            .ok_or_else(|| self.reject("geometry", "missing"))?;
        let t = g
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| self.reject("geometry", "no `type`"))?;
        let c = g
            .get("coordinates")
            .ok_or_else(|| self.reject("geometry", format!("{t} without `coordinates`")))?;
        Ok((t, c))
    }

    fn point(&self) -> Result<LngLat, Rejected> {
        match self.geometry()? {
            ("Point", c) => self.position(c, "the point"),
            (t, _) => Err(self.reject("geometry", format!("expected a Point, got {t}"))),
        }
    }

    fn area(&self) -> Result<MultiPolygon<f64>, Rejected> {
        let (t, c) = self.geometry()?;
        let polys: Vec<&Value> = match t {
            "Polygon" => vec![c],
            "MultiPolygon" => c
                .as_array()
                .ok_or_else(|| {
                    self.reject("geometry", "MultiPolygon coordinates must be an array")
                })?
                .iter()
                .collect(),
            t => {
                return Err(self.reject(
                    "geometry",
                    format!("expected a Polygon or MultiPolygon, got {t}"),
                ))
            }
        };
        if polys.is_empty() {
            return Err(self.reject("geometry", "MultiPolygon with no polygons"));
        }
        let mut out = Vec::with_capacity(polys.len());
        for (pi, p) in polys.into_iter().enumerate() {
            let rings = p.as_array().filter(|r| !r.is_empty()).ok_or_else(|| {
                self.reject(
                    "geometry",
                    format!("polygon {pi} must be a non-empty array of rings"),
                )
            })?;
            let mut lines = Vec::with_capacity(rings.len());
            for (ri, ring) in rings.iter().enumerate() {
                lines.push(self.ring(ring, pi, ri)?);
            }
            let exterior = lines.remove(0);
            out.push(Polygon::new(exterior, lines));
        }
        Ok(MultiPolygon(out))
    }

    fn ring(&self, ring: &Value, pi: usize, ri: usize) -> Result<LineString<f64>, Rejected> {
        let at = format!("polygon {pi} ring {ri}");
        let pos = ring
            .as_array()
            .ok_or_else(|| self.reject("geometry", format!("{at} is not an array")))?;
        if pos.len() < 4 {
            return Err(self.reject(
                "geometry",
                format!("{at} has {} positions; a ring needs at least 4", pos.len()),
            ));
        }
        let raw: Vec<LngLat> = pos
            .iter()
            .enumerate()
            .map(|(i, p)| self.raw_position(p, &format!("{at} position {i}")))
            .collect::<Result<_, _>>()?;
        if raw[0] != raw[raw.len() - 1] {
            return Err(self.reject(
                "geometry",
                format!(
                    "{at} is not closed: first position {:?} differs from the last {:?}",
                    raw[0],
                    raw[raw.len() - 1]
                ),
            ));
        }
        let coords: Vec<Coord> = raw
            .iter()
            .map(|&p| {
                let (x, y) = self.crs.to_wgs84(p);
                Coord { x, y }
            })
            .collect();
        let line = LineString(coords);
        if Polygon::new(line.clone(), vec![]).unsigned_area() == 0.0 {
            return Err(self.reject(
                "geometry",
                format!("{at} is degenerate: it encloses no area"),
            ));
        }
        Ok(line)
    }

    fn raw_position(&self, p: &Value, what: &str) -> Result<LngLat, Rejected> {
        let a = p.as_array().filter(|a| a.len() >= 2).ok_or_else(|| {
            self.reject(
                "geometry",
                format!("{what} must be an array [longitude, latitude]"),
            )
        })?;
        let (Some(lng), Some(lat)) = (a[0].as_f64(), a[1].as_f64()) else {
            return Err(self.reject(
                "geometry",
                format!("{what} has a coordinate that is not a number"),
            ));
        };
        if !lng.is_finite() || !lat.is_finite() {
            return Err(self.reject("geometry", format!("{what} is not finite")));
        }
        if !(-180.0..=180.0).contains(&lng) || !(-90.0..=90.0).contains(&lat) {
            return Err(self.reject(
                "geometry",
                format!("{what} [{lng}, {lat}] is out of range (longitude -180..180, latitude -90..90; is it [lat, lng] or projected metres?)"),
            ));
        }
        Ok((lng, lat))
    }

    fn position(&self, p: &Value, what: &str) -> Result<LngLat, Rejected> {
        Ok(self.crs.to_wgs84(self.raw_position(p, what)?))
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---- export ------------------------------------------------------------------

fn collection(features: Vec<Value>, crs: Crs) -> String {
    let mut top = json!({ "type": "FeatureCollection" });
    if crs != Crs::Wgs84 {
        top["crs"] = json!({ "type": "name", "properties": { "name": crs.name() } });
    }
    top["features"] = Value::Array(features);
    serde_json::to_string(&top).expect("a JSON value always serialises")
}

fn feature(id: &str, props: Value, geometry: Value) -> Value {
    json!({ "type": "Feature", "id": id, "properties": props, "geometry": geometry })
}

fn pos(p: LngLat, crs: Crs) -> Value {
    let (x, y) = crs.from_wgs84(p);
    json!([x, y])
}

fn area_json(m: &MultiPolygon<f64>, crs: Crs) -> Value {
    let poly = |p: &Polygon<f64>| -> Value {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(|r| Value::Array(r.0.iter().map(|c| pos((c.x, c.y), crs)).collect()))
            .collect()
    };
    if m.0.len() == 1 {
        json!({ "type": "Polygon", "coordinates": poly(&m.0[0]) })
    } else {
        json!({ "type": "MultiPolygon", "coordinates": m.0.iter().map(poly).collect::<Vec<_>>() })
    }
}

/// Cells with their current owners.
pub fn export_cells(cells: &[GridCell], crs: Crs) -> String {
    let fs = cells
        .iter()
        .map(|c| {
            feature(
                &c.id,
                json!({ "name": c.name, "code": c.code, "owner": c.owner }),
                area_json(&c.geometry, crs),
            )
        })
        .collect();
    collection(fs, crs)
}

pub fn export_zones(zones: &[Zone], crs: Crs) -> String {
    let fs = zones
        .iter()
        .map(|z| {
            feature(
                &z.id,
                json!({ "name": z.name, "owner": z.owner, "members": z.members,
                    "division": z.division, "level": z.level }),
                area_json(&z.geometry, crs),
            )
        })
        .collect();
    collection(fs, crs)
}

pub fn export_points(points: &[InspectionPoint], crs: Crs) -> String {
    let fs = points
        .iter()
        .map(|p| {
            feature(
                &p.id,
                json!({ "name": p.name, "category": p.category.key(), "owner": p.owner }),
                json!({ "type": "Point", "coordinates": pos(p.lnglat, crs) }),
            )
        })
        .collect();
    collection(fs, crs)
}

pub fn export_problems(problems: &[Problem], crs: Crs) -> String {
    let fs = problems
        .iter()
        .map(|p| {
            feature(
                &p.id,
                json!({
                    "point": p.point,
                    "category": p.kind.key(),
                    "severity": p.severity,
                    "status": p.status.key(),
                    "found": p.found.map(format_day),
                    "deadline": p.deadline.map(format_day),
                    "source": p.source.key(),
                }),
                json!({ "type": "Point", "coordinates": pos(p.lnglat, crs) }),
            )
        })
        .collect();
    collection(fs, crs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fc(features: &str) -> String {
        format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#)
    }

    const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[112.6,26.9],[112.601,26.9],[112.601,26.901],[112.6,26.901],[112.6,26.9]]]}"#;

    #[test]
    fn every_bad_feature_is_named_and_the_rest_load() {
        let text = fc(&[
            format!(r#"{{"type":"Feature","id":"a","properties":{{"owner":"li"}},"geometry":{SQUARE}}}"#),
            r#"{"type":"Feature","id":"b","properties":{},"geometry":{"type":"Point","coordinates":[112.6,26.9]}}"#.into(),
            r#"{"type":"Feature","id":"c","properties":{},"geometry":{"type":"Polygon","coordinates":[[[112.6,26.9],[112.7,26.9],[112.7,27.0],[112.6,27.0]]]}}"#.into(),
            format!(r#"{{"type":"Feature","id":"a","properties":{{}},"geometry":{SQUARE}}}"#),
            r#"{"type":"Feature","id":"e","properties":{},"geometry":{"type":"Polygon","coordinates":[[[112.6,26.9],[112.7,26.9],[112.8,26.9],[112.6,26.9]]]}}"#.into(),
            r#"{"type":"Feature","id":"f","properties":{},"geometry":{"type":"Polygon","coordinates":[[[212.6,26.9],[112.7,26.9],[112.7,27.0],[212.6,26.9]]]}}"#.into(),
            r#"{"type":"Feature","id":"g","properties":{"owner":{"x":1}},"geometry":null}"#.into(),
            r#"[1,2]"#.into(),
        ]
        .join(","));
        let p = parse_cells(&text, LoadOptions::default()).unwrap();
        assert_eq!(p.items.len(), 1);
        assert_eq!(p.items[0].owner.as_deref(), Some("li"));
        let got: Vec<(usize, &str)> = p
            .rejected
            .iter()
            .map(|r| (r.index, r.field.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "geometry"),
                (2, "geometry"),
                (3, "id"),
                (4, "geometry"),
                (5, "geometry"),
                (6, "owner"),
                (7, "type")
            ]
        );
        assert!(p.rejected[0]
            .reason
            .contains("expected a Polygon or MultiPolygon, got Point"));
        assert!(
            p.rejected[1].reason.contains("has 4 positions")
                || p.rejected[1].reason.contains("not closed"),
            "{}",
            p.rejected[1].reason
        );
        assert!(p.rejected[3].reason.contains("degenerate"));
        assert!(p.rejected[4].reason.contains("out of range"));
    }

    #[test]
    fn unknown_vocabulary_lists_what_is_accepted() {
        let text = fc(
            r#"{"type":"Feature","id":"p1","properties":{"status":"fixed"},"geometry":{"type":"Point","coordinates":[112.6,26.9]}}"#,
        );
        let p = parse_problems(&text, LoadOptions::default()).unwrap();
        assert!(p.items.is_empty());
        let r = &p.rejected[0];
        assert_eq!(
            (r.index, r.id.as_deref(), r.field.as_str()),
            (0, Some("p1"), "status")
        );
        assert!(r.reason.contains("accepted: open"), "{}", r.reason);
    }

    #[test]
    fn not_geojson_is_a_whole_file_error() {
        assert!(matches!(
            parse_points("hello", LoadOptions::default()),
            Err(Error::NotGeoJson(_))
        ));
        assert!(matches!(
            parse_points(
                r#"{"type":"Point","coordinates":[1,2]}"#,
                LoadOptions::default()
            ),
            Err(Error::NotGeoJson(_))
        ));
        assert!(matches!(
            parse_points(
                r#"{"type":"FeatureCollection","crs":"EPSG:3857","features":[]}"#,
                LoadOptions::default()
            ),
            Err(Error::UnknownCrs(_))
        ));
    }

    #[test]
    fn declared_gcj02_is_stored_as_wgs84() {
        let (lng, lat) = Crs::Gcj02.from_wgs84((112.6, 26.9));
        let text = format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"GCJ-02"}}}},"features":[{{"type":"Feature","id":1,"properties":{{"category":"公厕"}},"geometry":{{"type":"Point","coordinates":[{lng},{lat}]}}}}]}}"#
        );
        let p = parse_points(&text, LoadOptions::default()).unwrap();
        let got = p.items[0].lnglat;
        assert!(
            (got.0 - 112.6).abs() < 1e-8 && (got.1 - 26.9).abs() < 1e-8,
            "{got:?}"
        );
        assert_eq!(p.items[0].id, "1");
        assert_eq!(p.items[0].category, Category::PublicToilet);
    }

    #[test]
    fn problems_export_and_load_back_identically() {
        let text = fc(
            r#"{"type":"Feature","id":"q","properties":{"category":"垃圾","severity":3,"status":"rectifying","found":"2026-09-01","deadline":"2026-09-08","source":"12345","point":"pt7"},"geometry":{"type":"Point","coordinates":[112.61234567891234,26.9]}}"#,
        );
        let a = parse_problems(&text, LoadOptions::default()).unwrap().items;
        let b = parse_problems(&export_problems(&a, Crs::Wgs84), LoadOptions::default()).unwrap();
        assert!(b.rejected.is_empty());
        assert_eq!(a, b.items);
    }
}
