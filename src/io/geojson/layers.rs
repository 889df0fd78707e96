//! What a layer is made of: the records a file gives ([`Parsed`]), the options it
//! is read with, and for each layer the properties it reads, how a feature becomes
//! a record (checks in order: the first that fails names the field) and its id rule.

use super::feature::Feat;
use crate::error::Rejected;
use crate::io::crs::Crs;
use crate::model::*;
use civicmap_json::{Flat, Keep, Val};
use geo::MultiPolygon;
use serde_json::Value;

/// The features of one file that passed validation, and those that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    /// The records, in file order.
    pub items: Vec<T>,
    /// One row per feature that was not loaded, in file order.
    pub rejected: Vec<Rejected>,
    /// The ledger date the file declares in its top-level `x_as_of`.
    pub as_of: Option<Day>,
}

/// Options a caller may give with a file (from JS: `{crs: "gcj02", allowEmpty: true}`).
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(missing_as_null),
    serde(rename_all = "camelCase", default)
)]
pub struct LoadOptions {
    /// The file's coordinate system; overrides whatever the file declares.
    pub crs: Option<Crs>,
    /// Load even when every feature is rejected, leaving the layer empty. Without
    /// it such a load is refused ([`Error::NothingLoaded`]) and the layer already
    /// loaded is kept. (A file with no features at all always loads, as an empty
    /// layer: that is how a layer is cleared on purpose.)
    pub allow_empty: bool,
}

crate::io::obj::by_hand!(json: LoadOptions);

impl crate::io::obj::FromJson for LoadOptions {
    fn from_json(v: &Value, what: &str) -> std::result::Result<Self, String> {
        let o = crate::io::obj::Obj::new(v, what, &["crs", "allowEmpty"])?;
        Ok(LoadOptions {
            crs: o.vocab("crs", crs_named)?,
            allow_empty: o.flag("allowEmpty")?.unwrap_or(false),
        })
    }
}

/// A coordinate system by any name [`Crs::parse`] takes.
pub fn crs_named(name: &str) -> std::result::Result<Crs, String> {
    Crs::parse(name).map_err(|e| e.to_string())
}

/// A feature of any other GeoJSON file (district outlines, place lists): its id
/// when it has one, every property as written, and its geometry, checked as the
/// map's layers are.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature<G> {
    /// The feature's `id` (or `properties.id`), as text.
    pub id: Option<String>,
    /// Every property, as written.
    pub properties: serde_json::Map<String, Value>,
    /// In WGS-84.
    pub geometry: G,
}

/// How one layer reads its features.
pub(crate) struct Layer<T> {
    /// The prefix of made-up ids (`cell-7`).
    pub kind: &'static str,
    pub keep: Keep,
    pub build: fn(&Feat) -> Result<T, Rejected>,
    /// A flat feature's record ([`civicmap_json::Flat`]; its id and the file's
    /// system given) when `build` would accept it and make the same record; None
    /// leaves the feature to `build` (which names what is wrong). Layers without
    /// one read every feature the general way.
    pub flat: Option<FlatBuild<T>>,
    pub ids: Ids<T>,
}

/// Where `key` is in a layer's `keys` (at compile time: the flat builders read
/// values by place; a key not in the list does not compile).
const fn slot(keys: &[&str], key: &str) -> usize {
    let mut i = 0;
    while i < keys.len() {
        let (a, b) = (keys[i].as_bytes(), key.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not a kept key")
}

/// A flat value as `Feat::prop` gives it: null is absent.
fn given<'a>(f: &Flat<'a>, slot: usize) -> Option<Val<'a>> {
    match f.vals[slot] {
        Val::Absent | Val::Null => None,
        v => Some(v),
    }
}

/// `Feat::text` of a flat value (None: leave it to `build`).
fn flat_text(v: Option<Val>) -> Option<Option<String>> {
    match v {
        None => Some(None),
        Some(Val::Str(t)) => Some((!trim(t).is_empty()).then(|| t.to_string())),
        Some(_) => None,
    }
}

/// `Feat::vocab` of a flat value, `or` when absent (None: leave it to `build`).
fn flat_word<T>(v: Option<Val>, find: fn(&str) -> Option<T>, or: T) -> Option<T> {
    match v {
        None => Some(or),
        Some(Val::Str(t)) => find(t),
        Some(_) => None,
    }
}

/// `Feat::day` of a flat value (None: leave it to `build`).
fn flat_day(v: Option<Val>) -> Option<Option<Day>> {
    match v {
        None => Some(None),
        Some(Val::Str(t)) => civicmap_text::iso_day(t).map(Some),
        Some(_) => None,
    }
}

/// `Feat::point` of a flat feature (None: leave it to `build`).
fn flat_point(f: &Flat, crs: Crs) -> Option<LngLat> {
    Some(crs.to_wgs84(check_lnglat((f.lng, f.lat)).ok()?))
}

/// A layer's record from a flat feature, its id and the file's system.
pub(crate) type FlatBuild<T> = fn(&Flat, &str, Crs) -> Option<T>;

/// What a layer does with ids.
pub(crate) enum Ids<T> {
    /// Unique and present: repeats are rejected, missing ones made up. How to read
    /// and set the record's id.
    Unique(fn(&T) -> &str, fn(&mut T, String)),
    /// Kept as given, or none ([`Feature`]s).
    AsGiven(fn(&mut T, Option<String>)),
}

pub(crate) const CELLS: Layer<GridCell> = Layer {
    kind: "cell",
    keep: Keep::Keys(&["name", "code", "owner"]),
    build: |f| {
        Ok(GridCell {
            id: f.id.to_string(),
            name: f.text("name")?,
            code: f.text("code")?,
            owner: f.text("owner")?,
            geometry: f.area()?,
        })
    },
    flat: None,
    ids: Ids::Unique(|c| &c.id, |c, id| c.id = id),
};

pub(crate) const ZONES: Layer<Zone> = Layer {
    kind: "zone",
    keep: Keep::Keys(&["name", "owner", "level", "members", "units", "division"]),
    build: |f| {
        Ok(Zone {
            id: f.id.to_string(),
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
    },
    flat: None,
    ids: Ids::Unique(|z| &z.id, |z, id| z.id = id),
};

const POINT_KEYS: &[&str] = &["name", "category", "owner"];

pub(crate) const POINTS: Layer<InspectionPoint> = Layer {
    kind: "point",
    keep: Keep::Keys(POINT_KEYS),
    build: |f| {
        Ok(InspectionPoint {
            id: f.id.to_string(),
            name: f.text("name")?.unwrap_or_default(),
            category: f
                .vocab("category", Category::parse)?
                .unwrap_or(Category::Other),
            owner: f.text("owner")?,
            lnglat: f.point()?,
        })
    },
    flat: Some(|f, id, crs| {
        macro_rules! at {
            ($k:literal) => {
                given(f, const { slot(POINT_KEYS, $k) })
            };
        }
        Some(InspectionPoint {
            id: id.to_string(),
            name: flat_text(at!("name"))?.unwrap_or_default(),
            category: flat_word(at!("category"), Category::find, Category::Other)?,
            owner: flat_text(at!("owner"))?,
            lnglat: flat_point(f, crs)?,
        })
    }),
    ids: Ids::Unique(|p| &p.id, |p, id| p.id = id),
};

const PROBLEM_KEYS: &[&str] = &[
    "found",
    "deadline",
    "point",
    "category",
    "severity",
    "status",
    "source",
    "note",
    "photos",
    "extension",
    "history",
];

pub(crate) const PROBLEMS: Layer<Problem> = Layer {
    kind: "problem",
    keep: Keep::Keys(PROBLEM_KEYS),
    build: |f| {
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
        let p = Problem {
            id: f.id.to_string(),
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
            log: f.problem_log()?,
        };
        p.check_history().map_err(|e| f.reject("history", e))?;
        Ok(p)
    },
    flat: Some(|f, id, crs| {
        macro_rules! at {
            ($k:literal) => {
                given(f, const { slot(PROBLEM_KEYS, $k) })
            };
        }
        // Photos, an extension and a history are read the general way (their
        // values are never flat anyway); a note is text.
        if at!("photos")
            .or(at!("extension"))
            .or(at!("history"))
            .is_some()
        {
            return None;
        }
        let note = flat_text(at!("note"))?;
        let (found, deadline) = (flat_day(at!("found"))?, flat_day(at!("deadline"))?);
        if matches!((found, deadline), (Some(a), Some(b)) if b < a) {
            return None;
        }
        let severity = match at!("severity") {
            None => 1,
            Some(Val::Int(n @ 1..=3)) => n as u8,
            // Text ("2") is read the general way.
            Some(_) => return None,
        };
        let p = Problem {
            id: id.to_string(),
            lnglat: flat_point(f, crs)?,
            point: flat_text(at!("point"))?,
            kind: flat_word(at!("category"), ProblemKind::find, ProblemKind::Other)?,
            severity,
            status: flat_word(at!("status"), Status::find, Status::Open)?,
            found,
            deadline,
            source: flat_word(at!("source"), Source::find, Source::OpenInspection)?,
            log: note.map(|note| {
                Box::new(ProblemLog {
                    note: Some(note),
                    ..Default::default()
                })
            }),
        };
        p.check_history().ok()?;
        Some(p)
    }),
    ids: Ids::Unique(|p| &p.id, |p, id| p.id = id),
};

fn any_feature<G>(f: &Feat, geometry: G) -> Feature<G> {
    Feature {
        id: None,
        properties: f
            .props
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_value()))
            .collect(),
        geometry,
    }
}

pub(crate) const AREAS: Layer<Feature<MultiPolygon<f64>>> = Layer {
    kind: "area",
    keep: Keep::All,
    build: |f| Ok(any_feature(f, f.area()?)),
    flat: None,
    ids: Ids::AsGiven(|f, id| f.id = id),
};

pub(crate) const PLACES: Layer<Feature<LngLat>> = Layer {
    kind: "place",
    keep: Keep::All,
    build: |f| Ok(any_feature(f, f.point()?)),
    flat: None,
    ids: Ids::AsGiven(|f, id| f.id = id),
};
