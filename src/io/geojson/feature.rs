//! [`Feat`]: one feature under validation, as the reader kept it, with the checks
//! every layer shares — text, whole numbers, vocabularies, dates, points and areas.
//! Each check returns a [`Rejected`] that names the feature, the field and the
//! reason; the first failing check decides, in the order a layer calls them.

use super::rings;
use crate::error::Rejected;
use crate::io::crs::Crs;
use crate::io::record;
use crate::model::{
    check_lnglat, check_photo, parse_day, split_list, trim, Day, LngLat, ProblemLog,
};
use civicmap_json::{children, Geom, Node, Prop, MAX_KEYS};
use geo::{Area, Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value;
use std::borrow::Cow;
use std::cell::Cell;

/// One feature under validation.
pub(crate) struct Feat<'s, 'de> {
    /// Position in the file's `features` array.
    pub index: usize,
    /// The id given in the file (feature `id`, else `properties.id`), or, for a
    /// feature without one, a stand-in the reader replaces once the file is read.
    pub id: &'s str,
    pub props: &'s [(Cow<'de, str>, Prop<'de>)],
    /// The layer's kept keys and where each one's value is (`civicmap_json::Scratch::at`).
    pub keys: &'static [&'static str],
    pub at: &'s [u8; MAX_KEYS + 1],
    pub geom: &'s Geom<'de>,
    pub nodes: &'s [Node],
    /// The system the file's coordinates are in; records are stored in WGS-84.
    pub crs: Crs,
    /// The slot [`Feat::prop`] tries first.
    pub next: Cell<usize>,
}

impl Feat<'_, '_> {
    pub fn reject(&self, field: &str, reason: impl Into<String>) -> Rejected {
        Rejected {
            index: self.index,
            id: Some(self.id.to_string()),
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A property, unless absent or null. A key of the layer's list is found by
    /// its slot (the literal is the list's own, so its address matches first):
    /// comparing keys once per lookup was a tenth of loading a ledger in wasm.
    pub fn prop(&self, key: &str) -> Option<&Prop<'_>> {
        let same = |k: &&str| std::ptr::eq(k.as_ptr(), key.as_ptr()) && k.len() == key.len();
        // Layers ask for their keys in the list's order: the slot after the last
        // one found is tried first.
        let guess = self.next.get();
        let slot = match self.keys.get(guess) {
            Some(k) if same(k) => Some(guess),
            _ => self.keys.iter().position(same),
        };
        if let Some(slot) = slot {
            self.next.set(slot + 1);
        }
        let v = match slot {
            Some(slot) => match self.at[slot] {
                0 => None,
                i => self.props.get(i as usize - 1).map(|(_, v)| v),
            },
            None => self.props.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        };
        v.filter(|v| **v != Prop::Null)
    }

    /// Optional text; a number is taken as its decimal text, blank text as absent.
    pub fn text(&self, key: &str) -> Result<Option<String>, Rejected> {
        match self.prop(key) {
            None => Ok(None),
            Some(Prop::Str(s)) if trim(s).is_empty() => Ok(None),
            Some(Prop::Str(s)) => Ok(Some(s.to_string())),
            Some(Prop::Num(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(self.reject(key, format!("expected text, got {}", other.kind()))),
        }
    }

    /// A list: an array of texts, or one text with items split by `、` or commas;
    /// each item once.
    pub fn list(&self, key: &str) -> Result<Option<Vec<String>>, Rejected> {
        let text = match self.prop(key) {
            // The items of an array joined, then split as one text.
            Some(Prop::Json(Value::Array(items))) => {
                let mut t = String::new();
                for v in items {
                    let s = v.as_str().ok_or_else(|| {
                        self.reject(
                            key,
                            format!(
                                "expected a list of texts, got {}",
                                crate::io::record::kind_of(v)
                            ),
                        )
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

    /// An optional whole number in `lo..=hi` (a number, or text that reads as one).
    pub fn int(&self, key: &str, lo: i64, hi: i64) -> Result<Option<i64>, Rejected> {
        let Some(p) = self.prop(key) else {
            return Ok(None);
        };
        let v = match p {
            Prop::Num(n) => n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64),
            Prop::Str(s) => trim(s).parse::<i64>().ok(),
            _ => None,
        };
        match v {
            Some(i) if (lo..=hi).contains(&i) => Ok(Some(i)),
            _ => Err(self.reject(
                key,
                format!(
                    "expected a whole number from {lo} to {hi}, got {}",
                    p.to_value()
                ),
            )),
        }
    }

    /// An optional word of a vocabulary (`parse` lists what is accepted).
    pub fn vocab<T>(
        &self,
        key: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, Rejected> {
        match self.prop(key) {
            None => Ok(None),
            Some(Prop::Str(s)) => parse(s).map(Some).map_err(|e| self.reject(key, e)),
            Some(other) => Err(self.reject(key, format!("expected text, got {}", other.kind()))),
        }
    }

    /// An optional date `YYYY-MM-DD`.
    pub fn day(&self, key: &str) -> Result<Option<Day>, Rejected> {
        match self.prop(key) {
            None => Ok(None),
            Some(Prop::Str(s)) => parse_day(s).map(Some).map_err(|e| self.reject(key, e)),
            Some(other) => Err(self.reject(
                key,
                format!("expected a date YYYY-MM-DD, got {}", other.kind()),
            )),
        }
    }

    /// The geometry's `type` and the node of its `coordinates`.
    fn geometry(&self) -> Result<&str, Rejected> {
        match self.geom {
            Geom::Missing => Err(self.reject("geometry", "missing")),
            Geom::NotObject | Geom::Object { kind: None, .. } => {
                Err(self.reject("geometry", "no `type`"))
            }
            Geom::Object {
                kind: Some(t),
                coords: false,
            } => Err(self.reject("geometry", format!("{t} without `coordinates`"))),
            Geom::Object {
                kind: Some(t),
                coords: true,
            } => Ok(t),
        }
    }

    /// A Point geometry, in WGS-84.
    pub fn point(&self) -> Result<LngLat, Rejected> {
        match self.geometry()? {
            "Point" => Ok(self.crs.to_wgs84(self.raw_position(0, "the point")?)),
            t => Err(self.reject("geometry", format!("expected a Point, got {t}"))),
        }
    }

    /// A Polygon or MultiPolygon geometry, in WGS-84, every ring checked.
    pub fn area(&self) -> Result<MultiPolygon<f64>, Rejected> {
        let polys: Vec<usize> = match self.geometry()? {
            "Polygon" => vec![0],
            "MultiPolygon" => match self.nodes.first() {
                Some(Node::Arr { .. }) => children(self.nodes, 0).collect(),
                _ => {
                    return Err(self.reject("geometry", "MultiPolygon coordinates must be an array"))
                }
            },
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
            let rings: Vec<usize> = match self.nodes.get(p) {
                Some(Node::Arr { len, .. }) if *len > 0 => children(self.nodes, p).collect(),
                _ => {
                    return Err(self.reject(
                        "geometry",
                        format!("polygon {pi} must be a non-empty array of rings"),
                    ))
                }
            };
            let mut lines = Vec::with_capacity(rings.len());
            for (ri, ring) in rings.into_iter().enumerate() {
                lines.push(self.ring(ring, pi, ri)?);
            }
            let exterior = lines.remove(0);
            out.push(Polygon::new(exterior, lines));
        }
        Ok(MultiPolygon(out))
    }

    fn ring(&self, at: usize, pi: usize, ri: usize) -> Result<LineString<f64>, Rejected> {
        let here = format!("polygon {pi} ring {ri}");
        let Some(Node::Arr { len, .. }) = self.nodes.get(at) else {
            return Err(self.reject("geometry", format!("{here} is not an array")));
        };
        if *len < 4 {
            return Err(self.reject(
                "geometry",
                format!("{here} has {len} positions; a ring needs at least 4"),
            ));
        }
        let mut raw: Vec<LngLat> = Vec::with_capacity(*len as usize);
        for (i, p) in children(self.nodes, at).enumerate() {
            raw.push(self.raw_position(p, &format!("{here} position {i}"))?);
        }
        let (first, last) = (raw[0], raw[raw.len() - 1]);
        if first != last {
            return Err(self.reject(
                "geometry",
                format!(
                    "{here} is not closed: first position {first:?} differs from the last {last:?}"
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
                format!("{here} is degenerate: it encloses no area"),
            ));
        }
        if let Some(bad) = rings::crossing(&line.0) {
            return Err(self.reject("geometry", format!("{here} {bad}")));
        }
        Ok(line)
    }

    /// The position at node `at`, as written (the file's system), range-checked.
    fn raw_position(&self, at: usize, what: &str) -> Result<LngLat, Rejected> {
        // Two numbers first (nearly every position): no iterator, which at
        // opt-level z stays calls.
        if let (Some(Node::Arr { len: 2.., .. }), Some(&Node::Num(lng)), Some(&Node::Num(lat))) = (
            self.nodes.get(at),
            self.nodes.get(at + 1),
            self.nodes.get(at + 2),
        ) {
            return check_lnglat((lng, lat))
                .map_err(|e| self.reject("geometry", format!("{what} {e}")));
        }
        let mut it = children(self.nodes, at);
        let (Some(Node::Arr { len: 2.., .. }), Some(a), Some(b)) =
            (self.nodes.get(at), it.next(), it.next())
        else {
            return Err(self.reject(
                "geometry",
                format!("{what} must be an array [longitude, latitude]"),
            ));
        };
        let (Node::Num(lng), Node::Num(lat)) = (self.nodes[a], self.nodes[b]) else {
            return Err(self.reject(
                "geometry",
                format!("{what} has a coordinate that is not a number"),
            ));
        };
        check_lnglat((lng, lat)).map_err(|e| self.reject("geometry", format!("{what} {e}")))
    }
}

impl Feat<'_, '_> {
    /// `note`, `photos`, `extension` and `history` (data/SCHEMA.md); None when the
    /// feature has none of them.
    #[inline(never)]
    pub fn problem_log(&self) -> Result<Option<Box<ProblemLog>>, Rejected> {
        // Most ledgers carry none of them: one pass over the properties instead of
        // a lookup per field and an empty log built and dropped.
        if ["note", "photos", "extension", "history"]
            .iter()
            .all(|k| self.prop(k).is_none())
        {
            return Ok(None);
        }
        let photos = match self.prop("photos") {
            None => vec![],
            Some(Prop::Json(Value::Array(a))) => a
                .iter()
                .enumerate()
                .map(|(i, v)| match v.as_str() {
                    Some(s) => check_photo(s)
                        .map(|()| s.to_string())
                        .map_err(|e| self.reject("photos", format!("photo {i}: {e}"))),
                    None => Err(self.reject("photos", format!("photo {i}: expected text"))),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(self.reject(
                    "photos",
                    format!(
                        "expected an array of file names or URLs, got {}",
                        other.kind()
                    ),
                ))
            }
        };
        let extension = self
            .prop("extension")
            .map(|v| record::extension_from_json(&v.as_value()))
            .transpose()
            .map_err(|e| self.reject("extension", e))?;
        let history = self
            .prop("history")
            .map(|v| record::steps_from_json(&v.as_value()))
            .transpose()
            .map_err(|e| self.reject("history", e))?
            .unwrap_or_default();
        let log = ProblemLog {
            note: self.text("note")?,
            photos,
            extension,
            history,
        };
        Ok((!log.is_empty()).then(|| Box::new(log)))
    }
}
