//! GeoJSON out: each layer as a FeatureCollection, written in one pass through
//! serde_json's serializer (no `Value` tree), with members in alphabetical order —
//! the bytes serde_json gave for the same data as `Value`s, so exports stay exactly
//! what they were and load back to the same state (tests/it/geojson.rs).

use crate::io::crs::Crs;
use crate::io::record;
use crate::model::*;
use geo::{MultiPolygon, Polygon};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// Cells with their current owners.
pub fn export_cells(cells: &[GridCell], crs: Crs) -> String {
    collection(cells, crs, |c| FeatureOut {
        geometry: Geometry::Area(&c.geometry),
        id: &c.id,
        properties: CellProps {
            code: &c.code,
            name: &c.name,
            owner: &c.owner,
        },
        crs,
    })
}

/// Zones with their owners and levels.
pub fn export_zones(zones: &[Zone], crs: Crs) -> String {
    collection(zones, crs, |z| FeatureOut {
        geometry: Geometry::Area(&z.geometry),
        id: &z.id,
        properties: ZoneProps {
            division: &z.division,
            level: z.level,
            members: &z.members,
            name: &z.name,
            owner: &z.owner,
        },
        crs,
    })
}

/// Inspection points with their categories and holders.
pub fn export_points(points: &[InspectionPoint], crs: Crs) -> String {
    collection(points, crs, |p| FeatureOut {
        geometry: Geometry::Point(p.lnglat),
        id: &p.id,
        properties: PointProps {
            category: p.category.key(),
            name: &p.name,
            owner: &p.owner,
        },
        crs,
    })
}

/// The problem ledger as it stands.
/// Problems with their cycle fields (`note`, `photos`, `extension`, `history`,
/// written only when present). `as_of` is written as the file's `x_as_of`.
pub fn export_problems(problems: &[Problem], crs: Crs, as_of: Option<Day>) -> String {
    collection_as_of(problems, crs, as_of, |p| problem_out(p, crs))
}

fn problem_out(p: &Problem, crs: Crs) -> FeatureOut<'_, ProblemProps<'_>> {
    FeatureOut {
        geometry: Geometry::Point(p.lnglat),
        id: &p.id,
        properties: ProblemProps {
            category: p.kind.key(),
            deadline: p.deadline.map(format_day),
            extension: p.extension().map(record::extension_to_json),
            found: p.found.map(format_day),
            history: (!p.history().is_empty()).then(|| record::steps_to_json(p.history())),
            note: p.note(),
            photos: p.photos(),
            point: &p.point,
            severity: p.severity,
            source: p.source.key(),
            status: p.status.key(),
        },
        crs,
    }
}

/// One problem as a GeoJSON Feature (WGS-84), as [`export_problems`] writes each:
/// also the record form of the journal and of change events.
pub fn problem_feature(p: &Problem, crs: Crs) -> serde_json::Value {
    serde_json::to_value(problem_out(p, crs)).unwrap_or_default()
}

// Properties in alphabetical order, as a `Value` map writes them.

#[derive(Serialize)]
struct CellProps<'a> {
    code: &'a Option<String>,
    name: &'a Option<String>,
    owner: &'a Option<String>,
}

#[derive(Serialize)]
struct ZoneProps<'a> {
    division: &'a Option<String>,
    level: u8,
    members: &'a [String],
    name: &'a str,
    owner: &'a Option<String>,
}

#[derive(Serialize)]
struct PointProps<'a> {
    category: &'a str,
    name: &'a str,
    owner: &'a Option<String>,
}

#[derive(Serialize)]
struct ProblemProps<'a> {
    category: &'a str,
    deadline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extension: Option<serde_json::Value>,
    found: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    photos: &'a [String],
    point: &'a Option<String>,
    severity: u8,
    source: &'a str,
    status: &'a str,
}

/// `{"crs":…,"features":[…],"type":"FeatureCollection"}`, one feature per item.
fn collection<'a, T, F: Serialize>(items: &'a [T], crs: Crs, one: impl Fn(&'a T) -> F) -> String {
    collection_as_of(items, crs, None, one)
}

/// [`collection`] with the ledger date as `x_as_of` (after `type`, as a `Value`
/// map orders it).
fn collection_as_of<'a, T, F: Serialize>(
    items: &'a [T],
    crs: Crs,
    as_of: Option<Day>,
    one: impl Fn(&'a T) -> F,
) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(64 + items.len() * 160);
    let mut ser = serde_json::Serializer::new(&mut out);
    let written = (|| -> Result<(), serde_json::Error> {
        let mut top = ser.serialize_map(None)?;
        if crs != Crs::Wgs84 {
            top.serialize_entry("crs", &CrsMember(crs.name()))?;
        }
        top.serialize_entry("features", &Features { items, one: &one })?;
        top.serialize_entry("type", "FeatureCollection")?;
        if let Some(d) = as_of {
            top.serialize_entry("x_as_of", &format_day(d))?;
        }
        SerializeMap::end(top)
    })();
    // Writing into a Vec cannot fail, and serde_json writes only UTF-8.
    debug_assert!(written.is_ok());
    String::from_utf8(out).unwrap_or_default()
}

struct Features<'a, 'f, T, F> {
    items: &'a [T],
    one: &'f dyn Fn(&'a T) -> F,
}

impl<'a, T, F: Serialize> Serialize for Features<'a, '_, T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for item in self.items {
            seq.serialize_element(&(self.one)(item))?;
        }
        seq.end()
    }
}

struct FeatureOut<'a, P> {
    geometry: Geometry<'a>,
    id: &'a str,
    properties: P,
    crs: Crs,
}

impl<P: Serialize> Serialize for FeatureOut<'_, P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("geometry", &GeometryOut(&self.geometry, self.crs))?;
        m.serialize_entry("id", self.id)?;
        m.serialize_entry("properties", &self.properties)?;
        m.serialize_entry("type", "Feature")?;
        m.end()
    }
}

enum Geometry<'a> {
    Point(LngLat),
    /// Written as a Polygon when it has one, else a MultiPolygon.
    Area(&'a MultiPolygon<f64>),
}

struct GeometryOut<'a>(&'a Geometry<'a>, Crs);

impl Serialize for GeometryOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let crs = self.1;
        let mut m = s.serialize_map(Some(2))?;
        match self.0 {
            Geometry::Point(p) => {
                m.serialize_entry("coordinates", &Pos(*p, crs))?;
                m.serialize_entry("type", "Point")?;
            }
            Geometry::Area(mp) if mp.0.len() == 1 => {
                m.serialize_entry("coordinates", &Rings(&mp.0[0], crs))?;
                m.serialize_entry("type", "Polygon")?;
            }
            Geometry::Area(mp) => {
                m.serialize_entry("coordinates", &Polys(mp, crs))?;
                m.serialize_entry("type", "MultiPolygon")?;
            }
        }
        m.end()
    }
}

/// `[x, y]` in `crs`.
struct Pos(LngLat, Crs);

impl Serialize for Pos {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (x, y) = self.1.from_wgs84(self.0);
        [x, y].serialize(s)
    }
}

struct Rings<'a>(&'a Polygon<f64>, Crs);

impl Serialize for Rings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(1 + self.0.interiors().len()))?;
        for r in std::iter::once(self.0.exterior()).chain(self.0.interiors()) {
            seq.serialize_element(&Ring(&r.0, self.1))?;
        }
        seq.end()
    }
}

struct Ring<'a>(&'a [geo::Coord], Crs);

impl Serialize for Ring<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for c in self.0 {
            seq.serialize_element(&Pos((c.x, c.y), self.1))?;
        }
        seq.end()
    }
}

struct Polys<'a>(&'a MultiPolygon<f64>, Crs);

impl Serialize for Polys<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0 .0.len()))?;
        for p in &self.0 .0 {
            seq.serialize_element(&Rings(p, self.1))?;
        }
        seq.end()
    }
}

/// `{"properties":{"name":…},"type":"name"}`: the 2008 `crs` member.
struct CrsMember(&'static str);

impl Serialize for CrsMember {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("properties", &NameMember(self.0))?;
        m.serialize_entry("type", "name")?;
        m.end()
    }
}

struct NameMember(&'static str);

impl Serialize for NameMember {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("name", self.0)?;
        m.end()
    }
}
