//! GeoJSON in and out: the one reader of the crate, for every layer of the map, the
//! owners list, the command line's outlines and the generator's district files.
//!
//! Every feature is validated on its own: the valid ones load, each rejected one is
//! reported with its index, id, field and reason ([`Rejected`]), and nothing
//! panics. The text is read once, front to back, straight into the records
//! (the visitors of crates/json, compiled at opt-level 3): no `serde_json::Value` tree, strings borrowed from the text while
//! a feature is checked, and only the properties a layer reads are kept. A UTF-8
//! byte-order mark at the start is skipped. Exports ([`write`]) write what is loaded
//! (WGS-84 by default) and load back to the same state. data/SCHEMA.md lists every
//! property.
//!
//! Ids: a feature's `id`, else `properties.id`; they must be unique in a file (a
//! repeat is rejected). A feature without one gets `<kind>-<index>` (`cell-7`), or
//! `<kind>-<index>-2`, `-3`, … when the file itself uses that id elsewhere, so a
//! made-up id never takes a given one.
//!
//! Why not the `geojson` crate's types (the card names the crate): its `Feature`
//! keeps every property as a `serde_json::Value` map and reads foreign members
//! through `#[serde(flatten)]`, which buffers each feature first, and a bad
//! geometry fails the file with a serde message instead of a per-feature reason.
//! Measured (with a throwaway probe, before the dependency was removed) on 200,000
//! problems of 7 properties and a Point each (51 MB, ASCII, the shape of
//! bench/geojson-rows.mjs's ledger), on this 2-core machine shared with other
//! builds, each feature then put through the same checks as here:
//! - native (release): this reader 212–306 ms, median 295; `geojson::FeatureCollection`
//!   390–679 ms, median 654 (2.2×); `geojson::FeatureReader` 864–960 ms (3.1×);
//! - wasm in Node 20 (CPU time through `loadProblems`): this reader 338–379 ms
//!   (first load in a fresh instance 632–712); `geojson::FeatureCollection` 476–688
//!   (1.4×; first load 1,825–2,748 ms, 2.6–3.9×, the whole collection in memory);
//! - the wasm module: +28,967 bytes gzipped (281,245 → 310,212) with that path linked.
//!
//! Over the 20 KB the layout issue allows, and over its 1.5× natively and on a
//! first load (a repeated load in wasm was 1.4×), so the reader is our own and
//! `geojson` is not a dependency.
//!
//! Those figures are from before civicmap was compiled for size. At opt-level `z`
//! the same reader took 182–214 ms in wasm for 50,000 problems (13.3 MB); with the
//! visitors and serde_json's parser in civicmap-json at opt-level 3 and the checks
//! here trimmed, 117–136 ms (README, "Against the JS libraries").

mod detect;
mod feature;
mod ids;
mod layers;
mod outline;
mod read;
mod rings;
mod write;

pub use detect::{detect_layer, layer_of_name, HEAD_BYTES};
pub use layers::{crs_named, Feature, LoadOptions, Parsed};
pub use outline::{parse_outline, Outline};
pub use read::SlicedRead;
#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
pub use write::ProblemsWriter;
pub use write::{
    export_cells, export_part, export_points, export_problems, export_zones, problem_feature,
    Layers, Part, MAX_EXPORT_BYTES,
};

use crate::error::Error;
use crate::model::*;
use geo::MultiPolygon;
use layers::{AREAS, CELLS, PLACES, POINTS, PROBLEMS, ZONES};
use read::{read_layer, OwnerReader};
use std::collections::HashSet;

/// Grid cells: properties `name`, `code`, `owner`; a (Multi)Polygon each.
pub fn parse_cells(text: &str, opts: LoadOptions) -> Result<Parsed<GridCell>, Error> {
    read_layer(text, opts, &CELLS)
}

/// Responsibility zones: `owner` and `level` (1–4) required, `name`; a (Multi)Polygon each.
pub fn parse_zones(text: &str, opts: LoadOptions) -> Result<Parsed<Zone>, Error> {
    read_layer(text, opts, &ZONES)
}

/// Inspection points: `name`, `category`, `owner`; a Point each.
pub fn parse_points(text: &str, opts: LoadOptions) -> Result<Parsed<InspectionPoint>, Error> {
    read_layer(text, opts, &POINTS)
}

/// The problem ledger: `found`, `deadline`, `point`, `category`, `severity` (1–3),
/// `status`, `source`; a Point each.
pub fn parse_problems(text: &str, opts: LoadOptions) -> Result<Parsed<Problem>, Error> {
    read_layer(text, opts, &PROBLEMS)
}

/// The (Multi)Polygon features of any file, every property kept (district outlines).
pub fn parse_areas(
    text: &str,
    opts: LoadOptions,
) -> Result<Parsed<Feature<MultiPolygon<f64>>>, Error> {
    read_layer(text, opts, &AREAS)
}

/// The Point features of any file, every property kept (lists of places).
pub fn parse_places(text: &str, opts: LoadOptions) -> Result<Parsed<Feature<LngLat>>, Error> {
    read_layer(text, opts, &PLACES)
}

/// A layer being read a slice of features at a time, for a page that must stay
/// responsive while a large file loads: [`LoadJob::step`] until it says done, then
/// `Map::finish_load`. Dropping it cancels the load; nothing is changed until the
/// finish. The result is what the layer's `parse_*` gives for the same text.
pub enum LoadJob {
    /// Grid cells.
    Cells(SlicedRead<GridCell>),
    /// Responsibility zones.
    Zones(SlicedRead<Zone>),
    /// Inspection points.
    Points(SlicedRead<InspectionPoint>),
    /// The problem ledger.
    Problems(SlicedRead<Problem>),
}

/// Calls `$f` on the [`SlicedRead`] inside a [`LoadJob`], whatever its layer.
macro_rules! each {
    ($job:expr, $r:ident => $f:expr) => {
        match $job {
            LoadJob::Cells($r) => $f,
            LoadJob::Zones($r) => $f,
            LoadJob::Points($r) => $f,
            LoadJob::Problems($r) => $f,
        }
    };
}

impl LoadJob {
    /// Starts reading `text` as `layer` (`cells`, `zones`, `points`, `problems`).
    pub fn new(layer: &str, text: String, opts: LoadOptions) -> Result<LoadJob, Error> {
        Ok(match layer {
            "cells" => LoadJob::Cells(SlicedRead::new(text, opts, &CELLS)),
            "zones" => LoadJob::Zones(SlicedRead::new(text, opts, &ZONES)),
            "points" => LoadJob::Points(SlicedRead::new(text, opts, &POINTS)),
            "problems" => LoadJob::Problems(SlicedRead::new(text, opts, &PROBLEMS)),
            other => {
                return Err(Error::arg(
                    "layer",
                    format!("unknown layer `{other}`; give cells, zones, points or problems"),
                ))
            }
        })
    }

    /// Reads at most `max` more features; `true` once the whole text is read.
    pub fn step(&mut self, max: usize) -> bool {
        each!(self, r => r.step(max))
    }

    /// Whether the whole text is read.
    pub fn done(&self) -> bool {
        each!(self, r => r.done())
    }

    /// `(bytes read, bytes in all, features read)`.
    pub fn progress(&self) -> (usize, usize, usize) {
        each!(self, r => r.progress())
    }
}

/// Reads an owners list: a JSON array of `{id, name, unit, level}` objects, or a
/// FeatureCollection whose features carry those properties (a feature's `id` when
/// its properties have none). Every owner needs an id, unique in the list.
pub fn parse_owners(text: &str) -> Result<Parsed<Owner>, Error> {
    let mut r = OwnerReader {
        out: Parsed {
            items: vec![],
            rejected: vec![],
            as_of: None,
        },
        seen: HashSet::new(),
    };
    let top =
        civicmap_json::read_features(text, &mut r).map_err(|e| Error::NotOwners(e.to_string()))?;
    match (top.array, top.object, top.features) {
        (true, ..) | (_, true, Some(true)) => Ok(r.out),
        (_, true, _) => Err(Error::NotOwners("an object without `features`".into())),
        _ => Err(Error::NotOwners("neither an array nor an object".into())),
    }
}

/// One problem Feature (JSON text) read as [`parse_problems`] reads each
/// feature; the error is the rejection (`field `x`: reason`).
pub fn parse_problem_feature(text: &str) -> Result<Problem, String> {
    let mut p = parse_problems(
        &format!(r#"{{"type":"FeatureCollection","features":[{text}]}}"#),
        LoadOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    match p.rejected.pop() {
        Some(r) => Err(format!("field `{}`: {}", r.field, r.reason)),
        None => p.items.pop().ok_or_else(|| "no feature".to_string()),
    }
}

#[cfg(test)]
mod tests;
