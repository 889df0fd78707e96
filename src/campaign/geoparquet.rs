//! civicmap's state as a partitioned GeoParquet 1.1 data set (native only, the
//! `parquet` feature; the files themselves are written by `io::parquet`), with
//! the spatial join already done, for the engines a province's campaign office
//! runs (DuckDB, Apache Sedona, SedonaDB, GeoPandas):
//!
//! ```text
//! out/problems/district=430408/month=2026-11/part-0.parquet   one file per month found
//! out/points/district=430408/part-0.parquet
//! out/cells/district=430408/part-0.parquet
//! out/zones/district=430408/part-0.parquet
//! out/owners/district=430408/part-0.parquet                   plain Parquet
//! ```
//!
//! Every row names its district in `district_code` too (a row read alone should
//! say it; ids need only be unique within a district). Rows of problems, points
//! and cells carry what civicmap's join says (the columns of
//! `io::parquet::schema::JOIN`): the cell by [`Map::cell_at`]'s rule (the
//! smallest id on shared edges), its code, the street and community codes in
//! it, its holder, and at each level the zone of the chain (the zones covering
//! the cell, `cover.rs`; the zones holding the location when it is in no cell),
//! the smallest id of that level, with its lead.
//!
//! Problems stream: [`DistrictExport::push_problems`] takes them a batch at a
//! time, and only a row group per month is held. A cell's join is made once and
//! shared by every row in that cell.

use super::map::{Map, NO_CELL};
use crate::error::Error;
use crate::io::parquet::schema::{
    cell_columns, division_codes, point_columns, problem_columns, OWNER_COLUMNS, ZONE_COLUMNS,
};
use crate::io::parquet::table::{TableWriter, Value};
use crate::io::parquet::wkb;
use crate::io::record::steps_to_json;
use crate::model::{format_day, Action, Day, LngLat, Problem, Status};
use parquet::data_type::ByteArray;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The 13 join values of a location, as shared bytes.
type Joined = [Option<ByteArray>; 13];

fn bytes(s: Option<&str>) -> Option<ByteArray> {
    s.map(|s| ByteArray::from(s.as_bytes().to_vec()))
}

/// The join of a location in `cell` (or [`NO_CELL`]) at `at`.
fn join(map: &Map, at: LngLat, cell: u32) -> Joined {
    let c = map.cells().get(cell as usize);
    let zones = match c {
        Some(_) => map.cover().zones_of(cell).to_vec(),
        None => map.zones_at(at),
    };
    // Both lists come by level, then id: the first of a level is its smallest id.
    let mut by_level: [Option<u32>; 4] = [None; 4];
    for z in zones {
        let level = map.zones()[z as usize].level as usize;
        if let Some(slot) = by_level.get_mut(level.wrapping_sub(1)) {
            slot.get_or_insert(z);
        }
    }
    let code = c.and_then(|c| c.code.as_deref());
    let (street, community) = division_codes(code);
    let zone = |l: usize| by_level[l].map(|z| &map.zones()[z as usize]);
    [
        bytes(c.map(|c| c.id.as_str())),
        bytes(code),
        bytes(street),
        bytes(community),
        bytes(c.and_then(|c| c.owner.as_deref())),
        bytes(zone(0).map(|z| z.id.as_str())),
        bytes(zone(1).map(|z| z.id.as_str())),
        bytes(zone(2).map(|z| z.id.as_str())),
        bytes(zone(3).map(|z| z.id.as_str())),
        bytes(zone(0).and_then(|z| z.owner.as_deref())),
        bytes(zone(1).and_then(|z| z.owner.as_deref())),
        bytes(zone(2).and_then(|z| z.owner.as_deref())),
        bytes(zone(3).and_then(|z| z.owner.as_deref())),
    ]
}

fn push_joined<'a>(row: &mut Vec<Value<'a>>, j: &'a Joined) {
    row.extend(j.iter().map(|b| Value::Shared(b.as_ref())));
}

/// What rows share, made once: a key's bytes, a day's month and ISO week.
#[derive(Default)]
struct Shared {
    keys: Vec<(&'static str, ByteArray)>,
    days: std::collections::HashMap<Day, (String, ByteArray)>,
}

impl Shared {
    fn key(&mut self, k: &'static str) -> usize {
        match self.keys.iter().position(|(x, _)| std::ptr::eq(*x, k)) {
            Some(i) => i,
            None => {
                self.keys.push((k, ByteArray::from(k.as_bytes().to_vec())));
                self.keys.len() - 1
            }
        }
    }

    fn day(&mut self, d: Day) -> &(String, ByteArray) {
        self.days.entry(d).or_insert_with(|| {
            let week = crate::campaign::timeline::iso_week_of(d);
            (
                format_day(d)[..7].to_string(),
                ByteArray::from(week.into_bytes()),
            )
        })
    }
}

/// Counts of what one export wrote.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Rows of each table.
    pub problems: usize,
    /// Points.
    pub points: usize,
    /// Cells.
    pub cells: usize,
    /// Zones.
    pub zones: usize,
    /// Owners.
    pub owners: usize,
}

/// A path component that cannot climb out of `out/` or name a device.
fn safe(part: &str, what: &'static str) -> Result<(), Error> {
    if part.is_empty()
        || part.starts_with('.')
        || !part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(Error::arg(
            what,
            format!("`{part}`: use letters, digits, `-`, `_` and `.` only"),
        ));
    }
    Ok(())
}

/// The day the problem was closed: that of the last step, when it is closed.
fn closed_on(p: &Problem) -> Option<Day> {
    (p.status == Status::Closed)
        .then(|| p.history().last())
        .flatten()
        .filter(|s| s.action == Action::Pass)
        .map(|s| s.on)
}

/// One district's tables, problems streamed in.
pub struct DistrictExport<'m> {
    map: &'m Map,
    out: PathBuf,
    district: String,
    part: String,
    months: BTreeMap<String, TableWriter>,
    next_order: i32,
    written: Written,
    wkb: Vec<u8>,
    /// The join of each cell, made on first use.
    cell_join: Vec<Option<Joined>>,
    as_of: Option<Day>,
    cells_of: Vec<u32>,
    at: Vec<LngLat>,
    shared: Shared,
    district_bytes: ByteArray,
}

impl<'m> DistrictExport<'m> {
    /// Tables of `map` for `district` (a code such as `430408`: it names the
    /// partition) under `out`, in files named `<part>.parquet`. The ledger date
    /// written is the map's ([`Map::as_of`]) until [`Self::set_as_of`].
    pub fn new(map: &'m Map, out: &Path, district: &str, part: &str) -> Result<Self, Error> {
        safe(district, "district")?;
        safe(part, "part")?;
        Ok(DistrictExport {
            map,
            out: out.to_path_buf(),
            district: district.to_string(),
            part: part.to_string(),
            months: BTreeMap::new(),
            next_order: 0,
            written: Written::default(),
            wkb: Vec::with_capacity(64),
            cell_join: vec![None; map.cells().len()],
            as_of: map.as_of(),
            cells_of: vec![],
            at: vec![],
            shared: Shared::default(),
            district_bytes: ByteArray::from(district.as_bytes().to_vec()),
        })
    }

    /// The ledger date written in every problem row (`as_of`).
    pub fn set_as_of(&mut self, day: Option<Day>) {
        self.as_of = day;
    }

    fn file(&self, table: &str, month: Option<&str>) -> PathBuf {
        let mut p = self
            .out
            .join(table)
            .join(format!("district={}", self.district));
        if let Some(m) = month {
            p = p.join(format!("month={m}"));
        }
        p.join(format!("{}.parquet", self.part))
    }

    fn joined_at(&mut self, at: LngLat, cell: u32) -> Joined {
        match self.cell_join.get_mut(cell as usize) {
            Some(slot) => slot.get_or_insert_with(|| join(self.map, at, cell)).clone(),
            None => join(self.map, at, NO_CELL),
        }
    }

    /// Writes the cells, zones, points and owners of the map.
    pub fn write_layers(&mut self) -> Result<(), Error> {
        let map = self.map;
        let district = self.district.clone();
        let mut w = TableWriter::create(&self.file("cells", None), "cells", &cell_columns())?;
        let areas = map.cell_areas_m2();
        for (i, c) in map.cells().iter().enumerate() {
            let j = self.joined_at(map.cell_interior_point(i as u32), i as u32);
            self.wkb.clear();
            let t = wkb::area(&mut self.wkb, &c.geometry);
            w.geometry(t, exterior(&c.geometry));
            let mut row = vec![
                Value::Text(&c.id),
                Value::Text(&district),
                Value::Wkb(&self.wkb),
                Value::OptText(c.name.as_deref()),
                Value::OptText(c.code.as_deref()),
                Value::OptText(c.owner.as_deref()),
                Value::Double(areas.get(i).copied().unwrap_or(f64::NAN)),
            ];
            push_joined(&mut row, &j);
            w.push(&row)?;
        }
        self.written.cells = w.finish()?;

        let mut w = TableWriter::create(&self.file("zones", None), "zones", &ZONE_COLUMNS)?;
        for z in map.zones() {
            self.wkb.clear();
            let t = wkb::area(&mut self.wkb, &z.geometry);
            w.geometry(t, exterior(&z.geometry));
            let members = (!z.members.is_empty())
                .then(|| serde_json::to_string(&z.members).unwrap_or_default());
            w.push(&[
                Value::Text(&z.id),
                Value::Text(&district),
                Value::Wkb(&self.wkb),
                Value::Text(&z.name),
                Value::Int(z.level as i32),
                Value::OptText(z.owner.as_deref()),
                Value::OptText(members.as_deref()),
                Value::OptText(z.division.as_deref()),
            ])?;
        }
        self.written.zones = w.finish()?;

        let mut w = TableWriter::create(&self.file("points", None), "points", &point_columns())?;
        for (i, p) in map.points().iter().enumerate() {
            let cell = map.point_cells().get(i).copied().unwrap_or(NO_CELL);
            let j = self.joined_at(p.lnglat, cell);
            self.wkb.clear();
            wkb::point(&mut self.wkb, p.lnglat);
            w.geometry("Point", [p.lnglat]);
            let mut row = vec![
                Value::Text(&p.id),
                Value::Text(&district),
                Value::Wkb(&self.wkb),
                Value::Text(&p.name),
                Value::Text(p.category.key()),
                Value::OptText(p.owner.as_deref()),
            ];
            push_joined(&mut row, &j);
            w.push(&row)?;
        }
        self.written.points = w.finish()?;

        let mut w = TableWriter::create(&self.file("owners", None), "owners", &OWNER_COLUMNS)?;
        for o in map.owners() {
            w.push(&[
                Value::Text(&o.id),
                Value::Text(&district),
                Value::Text(&o.name),
                Value::Text(&o.unit),
                Value::Text(&o.title),
                Value::Int(o.level as i32),
            ])?;
        }
        self.written.owners = w.finish()?;
        self.written.files += 4;
        Ok(())
    }

    /// Joins a batch of problems (one pass of the cell index over them all) and
    /// appends each to its month's file (`month=none` when it has no date
    /// found), with its position in the ledger.
    pub fn push_problems(&mut self, ps: &[Problem]) -> Result<(), Error> {
        let map = self.map;
        self.at.clear();
        self.at.extend(ps.iter().map(|p| p.lnglat));
        let mut cells = std::mem::take(&mut self.cells_of);
        map.join_cells_into(&self.at, &mut cells);
        let result = ps
            .iter()
            .zip(&cells)
            .try_for_each(|(p, &c)| self.push_one(p, c));
        self.cells_of = cells;
        result
    }

    fn push_one(&mut self, p: &Problem, cell: u32) -> Result<(), Error> {
        let map = self.map;
        let tmp;
        let j: &Joined = match self.cell_join.get_mut(cell as usize) {
            Some(slot) => slot.get_or_insert_with(|| join(map, p.lnglat, cell)),
            None => {
                tmp = join(map, p.lnglat, NO_CELL);
                &tmp
            }
        };
        let keys = [
            self.shared.key(p.kind.key()),
            self.shared.key(p.status.key()),
            self.shared.key(p.source.key()),
        ];
        let (month, week) = match p.found {
            Some(d) => {
                let (m, w) = self.shared.day(d);
                (m.clone(), Some(w.clone()))
            }
            None => ("none".to_string(), None),
        };
        if !self.months.contains_key(&month) {
            let path = self
                .out
                .join("problems")
                .join(format!("district={}", self.district))
                .join(format!("month={month}"))
                .join(format!("{}.parquet", self.part));
            let w = TableWriter::create(&path, "problems", &problem_columns())?;
            self.months.insert(month.clone(), w);
        }
        let Some(w) = self.months.get_mut(&month) else {
            return Ok(());
        };
        self.wkb.clear();
        wkb::point(&mut self.wkb, p.lnglat);
        w.geometry("Point", [p.lnglat]);
        let point_owner = p
            .point
            .as_deref()
            .and_then(|id| map.point_pos(id))
            .and_then(|i| map.points()[i as usize].owner.as_deref());
        let photos =
            (!p.photos().is_empty()).then(|| serde_json::to_string(p.photos()).unwrap_or_default());
        let history = (!p.history().is_empty()).then(|| steps_to_json(p.history()).to_string());
        let ext = p.extension();
        let key = |i: usize| Value::Shared(Some(&self.shared.keys[i].1));
        let mut row = vec![
            Value::Text(&p.id),
            Value::Shared(Some(&self.district_bytes)),
            Value::Wkb(&self.wkb),
            key(keys[0]),
            Value::Int(p.severity as i32),
            key(keys[1]),
            key(keys[2]),
            Value::Date(p.found),
            Value::Date(p.deadline),
            Value::Date(ext.map(|e| e.from)),
            Value::Date(closed_on(p)),
            Value::Date(self.as_of),
            Value::Shared(week.as_ref()),
            Value::OptText(p.point.as_deref()),
        ];
        push_joined(&mut row, j);
        row.extend([
            Value::OptText(point_owner),
            Value::OptText(p.note()),
            Value::OptText(photos.as_deref()),
            Value::OptText(ext.map(|e| e.reason.as_str())),
            Value::OptText(history.as_deref()),
            Value::Int(self.next_order),
        ]);
        w.push(&row)?;
        self.next_order += 1;
        Ok(())
    }

    /// Closes every file; what was written.
    pub fn finish(mut self) -> Result<Written, Error> {
        for (_, w) in std::mem::take(&mut self.months) {
            self.written.problems += w.finish()?;
            self.written.files += 1;
        }
        Ok(self.written)
    }
}

fn exterior(g: &geo::MultiPolygon<f64>) -> impl Iterator<Item = (f64, f64)> + '_ {
    g.0.iter()
        .flat_map(|p| p.exterior().0.iter().map(|c| (c.x, c.y)))
}

/// Everything loaded in `map` as the district's partitions under `out`.
pub fn export_map(map: &Map, out: &Path, district: &str) -> Result<Written, Error> {
    let mut e = DistrictExport::new(map, out, district, "part-0")?;
    e.write_layers()?;
    for batch in map.problems().chunks(65_536) {
        e.push_problems(batch)?;
    }
    e.finish()
}
