//! GeoJSON out: each layer as a FeatureCollection, written in one pass through
//! serde_json's serializer (no `Value` tree), with members in alphabetical order —
//! the bytes serde_json gave for the same data as `Value`s, so exports stay exactly
//! what they were and load back to the same state (tests/it/geojson.rs).

use crate::error::Error;
use crate::io::crs::Crs;
use crate::io::record;
use crate::model::*;
use geo::{MultiPolygon, Polygon};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// Cells with their current owners.
pub fn export_cells(cells: &[GridCell], crs: Crs) -> String {
    collection(cells, crs, |c| cell_out(c, crs))
}

/// Zones with their owners and levels.
pub fn export_zones(zones: &[Zone], crs: Crs) -> String {
    collection(zones, crs, |z| zone_out(z, crs))
}

/// Inspection points with their categories and holders.
pub fn export_points(points: &[InspectionPoint], crs: Crs) -> String {
    collection(points, crs, |p| point_out(p, crs))
}

/// The problem ledger as it stands.
/// Problems with their cycle fields (`note`, `photos`, `extension`, `history`,
/// written only when present). `as_of` is written as the file's `x_as_of`.
pub fn export_problems(problems: &[Problem], crs: Crs, as_of: Option<Day>) -> String {
    collection_as_of(problems, crs, as_of, |p| problem_out(p, crs))
}

/// One [`Part`] of [`export_cells`], [`export_zones`], [`export_points`] or
/// [`export_problems`] (`layer`: `cells`, `zones`, `points`, `problems`).
pub fn export_part(
    layers: Layers<'_>,
    layer: &str,
    crs: Crs,
    part: Part,
) -> Result<Option<String>, Error> {
    match layer {
        "cells" => write_part(layers.cells, crs, None, part, &|c| cell_out(c, crs)),
        "zones" => write_part(layers.zones, crs, None, part, &|z| zone_out(z, crs)),
        "points" => write_part(layers.points, crs, None, part, &|p| point_out(p, crs)),
        "problems" => write_part(layers.problems, crs, layers.as_of, part, &|p| {
            problem_out(p, crs)
        }),
        other => Err(Error::arg(
            "layer",
            format!("unknown layer `{other}`; give cells, zones, points or problems"),
        )),
    }
}

/// What [`export_part`] reads: every layer of a map, and its ledger date.
#[derive(Debug, Clone, Copy)]
pub struct Layers<'a> {
    /// Grid cells.
    pub cells: &'a [GridCell],
    /// Responsibility zones.
    pub zones: &'a [Zone],
    /// Inspection points.
    pub points: &'a [InspectionPoint],
    /// The problem ledger.
    pub problems: &'a [Problem],
    /// Written as the problems' `x_as_of`.
    pub as_of: Option<Day>,
}

fn cell_out(c: &GridCell, crs: Crs) -> FeatureOut<'_, CellProps<'_>> {
    FeatureOut {
        geometry: Geometry::Area(&c.geometry),
        id: &c.id,
        properties: CellProps {
            code: &c.code,
            name: &c.name,
            owner: &c.owner,
        },
        crs,
    }
}

fn zone_out(z: &Zone, crs: Crs) -> FeatureOut<'_, ZoneProps<'_>> {
    FeatureOut {
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
    }
}

fn point_out(p: &InspectionPoint, crs: Crs) -> FeatureOut<'_, PointProps<'_>> {
    FeatureOut {
        geometry: Geometry::Point(p.lnglat),
        id: &p.id,
        properties: PointProps {
            category: p.category.key(),
            name: &p.name,
            owner: &p.owner,
        },
        crs,
    }
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
    // Written as the exports write it and read back: serde_json's `Value` serializer
    // for these types would be one more copy of the writer in the wasm module.
    let text = serde_json::to_string(&problem_out(p, crs)).unwrap_or_default();
    record::parse_json(&text).unwrap_or_default()
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
    let whole = Part::whole(usize::MAX);
    // Without a byte budget the only failure is an allocation, which aborts here
    // as anywhere in native code; the wasm shell writes through [`Part`] budgets.
    write_part(items, crs, as_of, whole, &one)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// The most text one export call of the JS API writes: 256 MiB (V8 strings stop
/// at about 512 M characters, and the text is in wasm memory and in JS at once).
/// Past it the call is refused with a message that says to write in parts.
pub const MAX_EXPORT_BYTES: usize = 256 << 20;

/// Which features of a layer one export call writes, and how many bytes it may
/// take. The parts of a layer, concatenated, are byte for byte its whole export:
/// part 0 opens the collection, the last part closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// Which part, from 0.
    pub index: usize,
    /// Features in each part (at least 1).
    pub per_part: usize,
    /// The most bytes this call may write; past it the call is refused.
    pub max_bytes: usize,
}

impl Part {
    /// The whole layer in one call of at most `max_bytes`.
    pub fn whole(max_bytes: usize) -> Part {
        Part {
            index: 0,
            per_part: usize::MAX,
            max_bytes,
        }
    }
}

/// Writes one [`Part`] of a layer: `None` once `part.index` is past the last part
/// (a layer with no features has one part). Refused when the text would pass
/// `max_bytes` or memory for it cannot be had (`try_reserve`), instead of trapping.
pub(crate) fn write_part<'a, T, F: Serialize>(
    items: &'a [T],
    crs: Crs,
    as_of: Option<Day>,
    part: Part,
    one: &dyn Fn(&'a T) -> F,
) -> Result<Option<String>, Error> {
    let write = |buf: &mut Vec<u8>, i: usize| match items.get(i) {
        Some(item) => serde_json::to_writer(buf, &one(item)),
        None => Ok(()),
    };
    write_items(items.len(), crs, as_of, part, &write)
}

/// [`write_part`] for `len` items that `write` serializes by position: one copy
/// of the loop for every layer (a copy per layer cost the wasm module 1 KB each).
fn write_items(
    len: usize,
    crs: Crs,
    as_of: Option<Day>,
    part: Part,
    write: &dyn Fn(&mut Vec<u8>, usize) -> serde_json::Result<()>,
) -> Result<Option<String>, Error> {
    let per = part.per_part.max(1);
    let start = part.index.saturating_mul(per);
    if start > 0 && start >= len {
        return Ok(None);
    }
    let end = start.saturating_add(per).min(len);
    let mut out: Vec<u8> = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    let put = |out: &mut Vec<u8>, bytes: &[u8]| -> Result<(), Error> {
        if out.len().saturating_add(bytes.len()) > part.max_bytes {
            return Err(too_large(part.max_bytes));
        }
        out.try_reserve(bytes.len())
            .map_err(|_| too_large(out.len().saturating_add(bytes.len())))?;
        out.extend_from_slice(bytes);
        Ok(())
    };
    if start == 0 {
        open_collection(&mut buf, crs).map_err(json_error)?;
        put(&mut out, &buf)?;
    }
    for i in start..end {
        buf.clear();
        if i > 0 {
            buf.push(b',');
        }
        write(&mut buf, i).map_err(json_error)?;
        put(&mut out, &buf)?;
    }
    if end == len {
        buf.clear();
        close_collection(&mut buf, as_of);
        put(&mut out, &buf)?;
    }
    // serde_json writes only UTF-8, and so does everything above.
    String::from_utf8(out)
        .map(Some)
        .map_err(|e| json_error(e.to_string()))
}

/// A collection's bytes up to its first feature.
fn open_collection(buf: &mut Vec<u8>, crs: Crs) -> serde_json::Result<()> {
    buf.push(b'{');
    if crs != Crs::Wgs84 {
        buf.extend_from_slice(br#""crs":"#);
        serde_json::to_writer(&mut *buf, &CrsMember(crs.name()))?;
        buf.push(b',');
    }
    buf.extend_from_slice(br#""features":["#);
    Ok(())
}

/// A collection's bytes after its last feature.
fn close_collection(buf: &mut Vec<u8>, as_of: Option<Day>) {
    buf.extend_from_slice(br#"],"type":"FeatureCollection""#);
    if let Some(d) = as_of {
        buf.extend_from_slice(br#","x_as_of":""#);
        buf.extend_from_slice(format_day(d).as_bytes());
        buf.push(b'"');
    }
    buf.push(b'}');
}

/// A problem ledger written into `out` a run of problems at a time: the bytes of
/// [`export_problems`] of every run's problems in order, for a ledger too large to
/// hold with its text (`civicmap import` of a province: 20 M problems took 8.6 GB
/// held at once).
#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
pub struct ProblemsWriter<W: std::io::Write> {
    out: W,
    crs: Crs,
    written: usize,
    buf: Vec<u8>,
}

#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
impl<W: std::io::Write> ProblemsWriter<W> {
    /// Opens the collection.
    pub fn new(mut out: W, crs: Crs) -> std::io::Result<Self> {
        let mut buf = Vec::new();
        open_collection(&mut buf, crs)?;
        out.write_all(&buf)?;
        Ok(ProblemsWriter {
            out,
            crs,
            written: 0,
            buf,
        })
    }

    /// Writes the next problems.
    pub fn write(&mut self, problems: &[Problem]) -> std::io::Result<()> {
        for p in problems {
            self.buf.clear();
            if self.written > 0 {
                self.buf.push(b',');
            }
            serde_json::to_writer(&mut self.buf, &problem_out(p, self.crs))?;
            self.out.write_all(&self.buf)?;
            self.written += 1;
        }
        Ok(())
    }

    /// Closes the collection with the ledger date; gives the writer back.
    pub fn finish(mut self, as_of: Option<Day>) -> std::io::Result<W> {
        self.buf.clear();
        close_collection(&mut self.buf, as_of);
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn too_large(bytes: usize) -> Error {
    Error::arg(
        "part",
        format!(
            "the export would pass {} MB; write it in parts (exportPart with fewer featuresPerPart)",
            bytes / 1_000_000
        ),
    )
}

fn json_error(e: impl std::fmt::Display) -> Error {
    Error::arg("part", format!("could not be written: {e}"))
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
