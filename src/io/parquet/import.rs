//! A GeoParquet data set written by `campaign::geoparquet` read back into the
//! records it came from and written as the GeoJSON layers the loaders read, so
//! that loading them (`Map::load_*`, the page, `civicmap … --data`) gives the same
//! state: same records, same order, same coordinates to the bit, the same ledger
//! date. The join columns are derived and not read: the loaders recompute them.

use super::table::{read_rows, Columns};
use super::wkb;
use crate::error::Error;
use crate::io::crs::Crs;
use crate::io::geojson::{export_cells, export_points, export_problems, export_zones};
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

/// Reads the data set under `dir`: one district's tables when `district` is
/// given, else every district one after another (ids must then differ between
/// districts for the layers to load as one map).
pub fn import_dir(dir: &Path, district: Option<&str>) -> Result<Layers, Error> {
    let all = files(dir)?;
    if all.is_empty() {
        return Err(Error::arg(
            "geoparquet",
            format!("{}: no .parquet files", dir.display()),
        ));
    }
    let table = |name: &str| -> Vec<PathBuf> {
        all.iter()
            .filter(|p| {
                p.strip_prefix(dir)
                    .ok()
                    .and_then(|r| r.components().next())
                    .is_some_and(|c| c.as_os_str() == name)
            })
            .filter(|p| district.is_none_or(|d| district_of(p).as_deref() == Some(d)))
            .cloned()
            .collect()
    };
    let mut districts: Vec<String> = vec![];
    for p in table("cells") {
        if let Some(d) = district_of(&p) {
            if !districts.contains(&d) {
                districts.push(d);
            }
        }
    }
    let read = |name: &str,
                f: &mut dyn FnMut(&Path, &Columns) -> Result<(), String>|
     -> Result<(), Error> {
        for p in table(name) {
            read_rows(&p, |c| f(&p, c))?;
        }
        Ok(())
    };

    let mut cells = vec![];
    read("cells", &mut |_, c| {
        cells.push(GridCell {
            id: c.text("id")?,
            name: c.opt_text("name")?,
            code: c.opt_text("code")?,
            owner: c.opt_text("owner")?,
            geometry: wkb::read_area(c.bytes("geometry")?)?,
        });
        Ok(())
    })?;

    let mut zones = vec![];
    read("zones", &mut |_, c| {
        zones.push(Zone {
            id: c.text("id")?,
            name: c.text("name")?,
            owner: c.opt_text("owner")?,
            members: texts(c, "members")?,
            division: c.opt_text("division")?,
            level: level(c)?,
            geometry: wkb::read_area(c.bytes("geometry")?)?,
        });
        Ok(())
    })?;

    let mut points = vec![];
    read("points", &mut |_, c| {
        points.push(InspectionPoint {
            id: c.text("id")?,
            name: c.text("name")?,
            category: vocab(c, "category", Category::parse)?,
            owner: c.opt_text("owner")?,
            lnglat: wkb::read_point(c.bytes("geometry")?)?,
        });
        Ok(())
    })?;

    // Problems come back in ledger order within each district (the month
    // partitions split the ledger); districts in the order of their cells.
    let mut rows: Vec<(usize, i32, Problem)> = vec![];
    let mut order = districts.clone();
    let mut as_of = None;
    read("problems", &mut |p, c| {
        let d = district_of(p).unwrap_or_default();
        let k = order.iter().position(|x| *x == d).unwrap_or_else(|| {
            order.push(d);
            order.len() - 1
        });
        as_of = as_of.or(c.date("as_of")?);
        rows.push((k, c.int("ledger_order")?, problem(c)?));
        Ok(())
    })?;
    crate::sort::by(&mut rows, &|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let problems: Vec<Problem> = rows.into_iter().map(|r| r.2).collect();

    let mut owners = vec![];
    read("owners", &mut |_, c| {
        owners.push(Owner {
            id: c.text("id")?,
            name: c.text("name")?,
            unit: c.text("unit")?,
            title: c.text("title")?,
            level: level(c)?,
        });
        Ok(())
    })?;

    Ok(Layers {
        cells: export_cells(&cells, Crs::Wgs84),
        zones: export_zones(&zones, Crs::Wgs84),
        points: export_points(&points, Crs::Wgs84),
        problems: export_problems(&problems, Crs::Wgs84, as_of),
        owners: serde_json::to_string(&owners)
            .map_err(|e| Error::arg("geoparquet", e.to_string()))?,
        districts,
    })
}
