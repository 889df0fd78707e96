//! A GeoParquet data set written by `campaign::geoparquet` read back into the
//! records it came from and written as the GeoJSON layers the loaders read, so
//! that loading them (`Map::load_*`, the page, `civicmap … --data`) gives the same
//! state: same records, same order, same coordinates to the bit, the same ledger
//! date. The join columns are derived and not read: the loaders recompute them.

use super::table::{read_rows, Columns};
use super::wkb;
use crate::error::Error;
use crate::io::crs::Crs;
use crate::io::geojson::{
    export_cells, export_points, export_problems, export_zones, ProblemsWriter,
};
use crate::io::record::{extension_from_json, parse_json, steps_from_json};
use crate::model::*;
use std::path::{Path, PathBuf};

/// The layers as GeoJSON FeatureCollections (owners as a JSON array), in the
/// form the exports write and the loaders read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layers {
    /// cells.geojson.
    pub cells: String,
    /// zones.geojson.
    pub zones: String,
    /// points.geojson.
    pub points: String,
    /// problems.geojson, with the ledger date as `x_as_of`.
    pub problems: String,
    /// owners.json.
    pub owners: String,
    /// The districts read, in order.
    pub districts: Vec<String>,
}

/// Every `.parquet` file under `dir`, sorted by path.
fn files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Error::arg("geoparquet", format!("{}: {e}", d.display())))?;
        for e in entries {
            let p = e
                .map_err(|e| Error::arg("geoparquet", e.to_string()))?
                .path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                out.push(p);
            }
        }
    }
    crate::sort::by(&mut out, &|a, b| a.cmp(b));
    Ok(out)
}

/// The `district=` component of a path, if any.
fn district_of(p: &Path) -> Option<String> {
    p.components()
        .filter_map(|c| c.as_os_str().to_str())
        .find_map(|c| c.strip_prefix("district=").map(str::to_string))
}

fn vocab<T>(c: &Columns, name: &str, parse: fn(&str) -> Result<T, String>) -> Result<T, String> {
    parse(&c.text(name)?).map_err(|e| format!("column `{name}`: {e}"))
}

fn json_of(c: &Columns, name: &str) -> Result<Option<serde_json::Value>, String> {
    c.opt_text(name)?
        .map(|t| parse_json(&t).map_err(|e| format!("column `{name}`: {e}")))
        .transpose()
}

fn texts(c: &Columns, name: &str) -> Result<Vec<String>, String> {
    match json_of(c, name)? {
        None => Ok(vec![]),
        Some(v) => v
            .as_array()
            .ok_or_else(|| format!("column `{name}`: expected a JSON array"))?
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("column `{name}`: expected text items"))
            })
            .collect(),
    }
}

fn level(c: &Columns) -> Result<u8, String> {
    u8::try_from(c.int("level")?).map_err(|_| "column `level`: out of range".to_string())
}

fn problem(c: &Columns) -> Result<Problem, String> {
    let extension = match c.date("extended_from")? {
        Some(from) => Some(extension_from_json(&serde_json::json!({
            "from": format_day(from),
            "reason": c.opt_text("extension_reason")?,
        }))?),
        None => None,
    };
    let history = match json_of(c, "history")? {
        Some(v) => steps_from_json(&v)?,
        None => vec![],
    };
    let log = ProblemLog {
        note: c.opt_text("note")?,
        photos: texts(c, "photos")?,
        extension,
        history,
    };
    Ok(Problem {
        id: c.text("id")?,
        lnglat: wkb::read_point(c.bytes("geometry")?)?,
        point: c.opt_text("point")?,
        kind: vocab(c, "category", ProblemKind::parse)?,
        severity: u8::try_from(c.int("severity")?)
            .map_err(|_| "column `severity`: out of range".to_string())?,
        status: vocab(c, "status", Status::parse)?,
        found: c.date("found")?,
        deadline: c.date("deadline")?,
        source: vocab(c, "source", Source::parse)?,
        log: (!log.is_empty()).then(|| Box::new(log)),
    })
}

/// A ledger date and the file it was first read from.
type AsOfAt = (PathBuf, Day);

/// A data set's files, those of one district when asked.
struct DataSet<'a> {
    dir: &'a Path,
    all: Vec<PathBuf>,
    district: Option<&'a str>,
}

/// Every table but the problems, and the districts in the order their problems go.
struct Small {
    cells: Vec<GridCell>,
    zones: Vec<Zone>,
    points: Vec<InspectionPoint>,
    owners: Vec<Owner>,
    /// The districts of the cells, in path order.
    districts: Vec<String>,
    /// Those, then the districts that only problems name (path order).
    order: Vec<String>,
}

impl<'a> DataSet<'a> {
    fn open(dir: &'a Path, district: Option<&'a str>) -> Result<Self, Error> {
        let all = files(dir)?;
        if all.is_empty() {
            return Err(Error::arg(
                "geoparquet",
                format!("{}: no .parquet files", dir.display()),
            ));
        }
        Ok(DataSet { dir, all, district })
    }

    /// A table's files (of the district asked for), in path order.
    fn table(&self, name: &str) -> Vec<PathBuf> {
        self.all
            .iter()
            .filter(|p| {
                p.strip_prefix(self.dir)
                    .ok()
                    .and_then(|r| r.components().next())
                    .is_some_and(|c| c.as_os_str() == name)
            })
            .filter(|p| {
                self.district
                    .is_none_or(|d| district_of(p).as_deref() == Some(d))
            })
            .cloned()
            .collect()
    }

    fn read(
        &self,
        files: &[PathBuf],
        f: &mut dyn FnMut(&Path, &Columns) -> Result<(), String>,
    ) -> Result<(), Error> {
        for p in files {
            read_rows(p, |c| f(p, c))?;
        }
        Ok(())
    }

    /// Every row of a table, one record each.
    fn rows<T>(
        &self,
        name: &str,
        one: &dyn Fn(&Columns) -> Result<T, String>,
    ) -> Result<Vec<T>, Error> {
        let mut out = vec![];
        self.read(&self.table(name), &mut |_, c| {
            out.push(one(c)?);
            Ok(())
        })?;
        Ok(out)
    }

    fn small(&self) -> Result<Small, Error> {
        let mut districts: Vec<String> = vec![];
        for p in self.table("cells") {
            if let Some(d) = district_of(&p) {
                if !districts.contains(&d) {
                    districts.push(d);
                }
            }
        }
        let mut order = districts.clone();
        for p in self.table("problems") {
            let d = district_of(&p).unwrap_or_default();
            if !order.contains(&d) {
                order.push(d);
            }
        }

        let cells = self.rows("cells", &|c| {
            Ok(GridCell {
                id: c.text("id")?,
                name: c.opt_text("name")?,
                code: c.opt_text("code")?,
                owner: c.opt_text("owner")?,
                geometry: wkb::read_area(c.bytes("geometry")?)?,
            })
        })?;

        let zones = self.rows("zones", &|c| {
            Ok(Zone {
                id: c.text("id")?,
                name: c.text("name")?,
                owner: c.opt_text("owner")?,
                members: texts(c, "members")?,
                division: c.opt_text("division")?,
                level: level(c)?,
                geometry: wkb::read_area(c.bytes("geometry")?)?,
            })
        })?;

        let points = self.rows("points", &|c| {
            Ok(InspectionPoint {
                id: c.text("id")?,
                name: c.text("name")?,
                category: vocab(c, "category", Category::parse)?,
                owner: c.opt_text("owner")?,
                lnglat: wkb::read_point(c.bytes("geometry")?)?,
            })
        })?;

        let owners = self.rows("owners", &|c| {
            Ok(Owner {
                id: c.text("id")?,
                name: c.text("name")?,
                unit: c.text("unit")?,
                title: c.text("title")?,
                level: level(c)?,
            })
        })?;
        Ok(Small {
            cells,
            zones,
            points,
            owners,
            districts,
            order,
        })
    }

    /// The problems of the districts `keep` takes, in ledger order within each
    /// district (the month partitions split the ledger) and districts in `order`;
    /// and the first ledger date in path order, with the file it was read from.
    fn problems(
        &self,
        order: &[String],
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<(Vec<Problem>, Option<AsOfAt>), Error> {
        let files: Vec<PathBuf> = self
            .table("problems")
            .into_iter()
            .filter(|p| keep(&district_of(p).unwrap_or_default()))
            .collect();
        let mut rows: Vec<(usize, i32, Problem)> = vec![];
        let mut as_of = None;
        self.read(&files, &mut |p, c| {
            let d = district_of(p).unwrap_or_default();
            let k = order.iter().position(|x| *x == d).unwrap_or(order.len());
            let a = c.date("as_of")?;
            if as_of.is_none() {
                as_of = a.map(|a| (p.to_path_buf(), a));
            }
            rows.push((k, c.int("ledger_order")?, problem(c)?));
            Ok(())
        })?;
        crate::sort::by(&mut rows, &|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        Ok((rows.into_iter().map(|r| r.2).collect(), as_of))
    }
}

/// Reads the data set under `dir`: one district's tables when `district` is
/// given, else every district one after another (ids must then differ between
/// districts for the layers to load as one map).
pub fn import_dir(dir: &Path, district: Option<&str>) -> Result<Layers, Error> {
    let set = DataSet::open(dir, district)?;
    let s = set.small()?;
    let (problems, as_of) = set.problems(&s.order, &|_| true)?;
    Ok(Layers {
        cells: export_cells(&s.cells, Crs::Wgs84),
        zones: export_zones(&s.zones, Crs::Wgs84),
        points: export_points(&s.points, Crs::Wgs84),
        problems: export_problems(&problems, Crs::Wgs84, as_of.map(|a| a.1)),
        owners: serde_json::to_string(&s.owners)
            .map_err(|e| Error::arg("geoparquet", e.to_string()))?,
        districts: s.districts,
    })
}

/// [`import_dir`] written into the folder `out` as the files the loaders read
/// (`cells.geojson`, `zones.geojson`, `points.geojson`, `problems.geojson`,
/// `owners.json`), the same bytes, with the problems read and written a district
/// at a time: memory holds one district's ledger, not every district's and the
/// whole text (all five districts of README's 20 M problems took 8.6 GB at once).
/// Returns the districts read.
pub fn import_into(dir: &Path, district: Option<&str>, out: &Path) -> Result<Vec<String>, Error> {
    let io = |p: &Path, e: std::io::Error| Error::arg("out", format!("{}: {e}", p.display()));
    let set = DataSet::open(dir, district)?;
    let s = set.small()?;
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let owners =
        serde_json::to_string(&s.owners).map_err(|e| Error::arg("geoparquet", e.to_string()))?;
    for (name, text) in [
        ("cells.geojson", export_cells(&s.cells, Crs::Wgs84)),
        ("zones.geojson", export_zones(&s.zones, Crs::Wgs84)),
        ("points.geojson", export_points(&s.points, Crs::Wgs84)),
        ("owners.json", owners),
    ] {
        let p = out.join(name);
        std::fs::write(&p, text).map_err(|e| io(&p, e))?;
    }
    let p = out.join("problems.geojson");
    let file = std::fs::File::create(&p).map_err(|e| io(&p, e))?;
    let mut w =
        ProblemsWriter::new(std::io::BufWriter::new(file), Crs::Wgs84).map_err(|e| io(&p, e))?;
    // The ledger date as the whole read takes it: the first in path order.
    let mut as_of: Option<AsOfAt> = None;
    for d in &s.order {
        let (problems, first) = set.problems(&s.order, &|x| x == d)?;
        w.write(&problems).map_err(|e| io(&p, e))?;
        if let Some(f) = first {
            if as_of.as_ref().is_none_or(|a| f.0 < a.0) {
                as_of = Some(f);
            }
        }
    }
    w.finish(as_of.map(|a| a.1)).map_err(|e| io(&p, e))?;
    Ok(s.districts)
}
