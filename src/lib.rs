//! # civicmap
//!
//! A civilized-city campaign (创建文明城市) on a map: inspection points, grid cells and
//! responsibility zones indexed for the questions planners and supervisors ask, and
//! the heatmaps and maps that show where problems gather and who holds what. A
//! pure-Rust core that builds and tests natively; the wasm bindings (built for
//! `wasm32` only) are the one module with `#[wasm_bindgen]`.
//!
//! The modules follow the data, lower ones never knowing higher ones: text in
//! (GeoJSON, coordinate systems) → records → indexes (points as unit vectors in a
//! static packed Hilbert R-tree, polygons in an R-tree) → the campaign ([`Map`]: layers,
//! queries, assignment) → drawing (view, raster, heatmaps, choropleths, the
//! assignment map) → the bindings. The modules are private; this page is the
//! surface:
//!
//! - **Records** ([`Problem`], [`GridCell`], [`Zone`], [`InspectionPoint`],
//!   [`Owner`] and their vocabularies) and **errors** ([`Error`], [`Rejected`]).
//! - **The map**: [`Map`] loads layers from GeoJSON ([`LoadOptions`]), answers
//!   queries ([`ProblemFilter`], [`ProblemHit`], …), assigns cells, exports.
//! - **Indexes** for callers with their own records: [`PointIndex`],
//!   [`PolygonIndex`], [`haversine_m`].
//! - **Drawing**: a [`View`], the [`HeatRenderer`], and the families in
//!   [`heat`], [`assignment`], [`choropleth`], [`hotspots`], [`palette`] and
//!   [`raster`].
//! - **Files**: [`geojson`] reads and writes every layer; [`gen`] (feature `gen`)
//!   makes synthetic campaigns on real districts.
//!
//! Coordinates are `(lng, lat)` in WGS-84 degrees; distances are metres.
#![warn(missing_docs)]

mod campaign;
mod draw;
mod error;
#[cfg(feature = "gen")]
pub mod gen;
use civicmap_kernels::index;
mod io;
mod model;
use civicmap_kernels::sort;

#[cfg(target_arch = "wasm32")]
mod wasm;

/// The allocator in the browser: talc, smaller than std's dlmalloc for the same
/// speed (Cargo.toml says by how much).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use crate::campaign::{
    AssignOptions, AssignReport, CellChain, Chain, ChainLevel, Change, Conflict, CoordsLoad,
    Coverage, Entry, Layer, Limit, Map, MissingLevel, PointFilter, PointHit, ProblemCard,
    ProblemChange, ProblemFilter, ProblemHit, ProblemSearch, RecordInput, Rules, SearchResult,
    Sort, StepInput, TableOptions, TableShape, Taken, Task, TimeLimits, Warning, WarningKind,
    Workload, WorkloadOptions, ZoneLink, ZoneRef, NO_CELL,
};
pub use crate::draw::view::{lnglat_to_world, world_to_lnglat, View};
pub use crate::draw::{
    AssignmentOptions, ChoroplethOptions, HeatGrid, HeatOptions, HeatRenderer, Label, LegendStop,
};
pub use crate::error::{Error, LoadReport, Rejected, Result};
pub use crate::index::sphere::{haversine_m, EARTH_RADIUS_M};
pub use crate::index::{PointIndex, PolygonIndex};
pub use crate::io::crs::{convert_flat, Crs};
pub use crate::io::geojson::LoadOptions;
pub use crate::io::obj::FromJson;
pub use crate::model::{
    check_lnglat, format_day, is_lat, is_lng, parse_day, Action, Category, Day, Extension,
    GridCell, InspectionPoint, LngLat, Owner, Problem, ProblemKind, ProblemLog, Source, Status,
    Step, Zone,
};

/// The memory a load may take: it reserves as it reads, a chunk at a time, and is
/// refused ([`Error::OutOfMemory`]) instead of trapping when the module cannot grow.
pub mod budget {
    pub use crate::io::budget::{CHUNK, SLACK};
}

/// Tables (the responsibility table, 责任分解表) as CSV with formula-like cells
/// neutralised, and natively with the `xlsx` feature as .xlsx.
pub mod table {
    pub use crate::io::table::*;
    #[cfg(feature = "xlsx")]
    pub use crate::io::xlsx::to_xlsx;
}
pub use crate::campaign::history::{MAX_UNDO_ITEMS, MAX_UNDO_STEPS};
pub use crate::index::interior::interior_point;
pub use crate::model::split_list;

/// GeoJSON in and out for callers with their own records: the reader [`Map`]'s
/// loaders use (every feature checked, each rejected one named), for each layer,
/// for owners lists and for any file of polygons or points; and the writers of
/// [`Map`]'s exports.
pub mod geojson {
    pub use crate::io::geojson::{
        detect_layer, export_cells, export_part, export_points, export_problems, export_zones,
        layer_of_name, parse_areas, parse_cells, parse_outline, parse_owners, parse_places,
        parse_points, parse_problem_feature, parse_problems, parse_zones, problem_feature, Feature,
        Layers, LoadJob, Outline, Parsed, Part, SlicedRead, HEAD_BYTES, MAX_EXPORT_BYTES,
    };
}

/// GeoParquet 1.1 out and back (native only, feature `parquet`): a district's
/// layers as a data set partitioned by district and month, with civicmap's
/// spatial join in every row ([`geoparquet::DistrictExport`], its columns in
/// [`geoparquet::schema`]), and a data set read back as GeoJSON layers that load
/// to the same state ([`geoparquet::import_dir`]).
#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
pub mod geoparquet {
    pub use crate::campaign::geoparquet::{export_map, DistrictExport, Written};
    pub use crate::io::parquet::schema;
    pub use crate::io::parquet::table::{footer_value, read_rows, Columns, Kind};
    pub use crate::io::parquet::wkb;
    pub use crate::io::parquet::{import_dir, import_into, Layers};
}

/// The journal of changes to the problems: one JSON line per change, written as
/// they happen and replayed onto the same data ([`Map::apply_journal`]).
pub mod journal {
    pub use crate::campaign::journal::{
        lines, to_text, Change, Entry, ProblemChange, JOURNAL_VERSION,
    };
}

/// Problem heatmaps: options, the density grid, the renderer and its legend.
pub mod heat {
    pub use crate::draw::heat::{
        legend, BlurKind, HeatGrid, HeatLayer, HeatOptions, HeatProgress, HeatRenderer, HeatStats,
        LegendStop, Mode, ProblemShare, ProblemsAt, Weights,
    };
}

/// The assignment map (who holds which cell) and its pieces: owner colours, zone
/// outlines by level, conflicts, labels.
pub mod assignment {
    pub use crate::draw::assignment::{
        assignment_labels, conflict_cells, owner_colours, render_assignment, zone_style,
        AssignmentOptions, Fill, Label, OwnerColours, CELL_LINE, CONFLICT, HATCH, SELECTED_FILL,
        SELECTED_LINE, UNASSIGNED_FILL,
    };
}

/// Hotspots: where problems cluster beyond chance (Getis–Ord Gi* over the cells,
/// with a false-discovery-rate cut), and their map and legend.
pub mod hotspots {
    pub use crate::campaign::hotspots::{
        bh_cut, gi_star, p_two_sided, Band, HotCell, HotspotOptions, Hotspots, ALPHAS,
    };
    pub use crate::draw::hotspots::{
        hotspot_legend, render_hotspots, HotspotLegend, CONFIDENCE_RGBA,
    };
}
pub use crate::campaign::hotspots::{HotspotOptions, Hotspots};

/// Scores and rankings of streets, communities, zones, owners or units over a
/// window ([`Map::scores`]; the formula is in [`scores::score`]'s module), and the
/// calendar they use: where a problem stood on a past day, ISO weeks.
pub mod scores {
    pub use crate::campaign::scores::{
        ranks_of, round1, score, Deductions, Previous, ScoreBy, ScoreOptions, ScoreRule, Scores,
        SourceWeights, Tally, UnitScore,
    };
    pub use crate::campaign::timeline::{
        iso_week, iso_week_of, reopened_within, state_on, weekday, StateOn,
    };
}
pub use crate::campaign::scores::{ScoreOptions, Scores};

/// Cells or zones coloured by a count of problems (or per km²).
pub mod choropleth {
    pub use crate::draw::choropleth::{
        choropleth_values, render_choropleth, AreaKind, ChoroplethOptions, Measure,
    };
}

/// Colour ramps, their lookup tables and the categorical palette of owners.
pub mod palette {
    pub use crate::draw::palette::{categorical, css, Lut, Ramp};
}

/// The RGBA raster every map is drawn into (fills, hatches, dashed strokes,
/// compositing), and a [`raster::Canvas`] that projects WGS-84 shapes onto it.
pub mod raster {
    pub use crate::draw::canvas::Canvas;
    pub use crate::draw::raster::{
        fill_polygons_px, Hatch, Paint, Path, PxShape, Raster, RingKind, Stroke,
    };
}
