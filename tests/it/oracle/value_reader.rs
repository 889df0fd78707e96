//! The plain model of the reader: the layers' rules read off a `serde_json::Value`
//! tree, feature by feature, as civicmap did before its streaming reader (commit
//! 75f0307). Kept as the oracle the streaming reader must agree with, on files
//! without the cases where the rules changed since (a made-up id that a later
//! feature also gives, rings that cross themselves, a byte-order mark).

use civicmap::geojson::Parsed;
use civicmap::*;
use civicmap::{Crs, Error, LoadOptions, Rejected};
use geo::{Area, Coord, LineString, MultiPolygon, Polygon};
use serde_json::{Map as JsonMap, Value};
use std::collections::HashSet;

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
            log: None,
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
        as_of: None,
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
        as_of: None,
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
    Ok(name.map(Crs::parse).transpose()?)
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
