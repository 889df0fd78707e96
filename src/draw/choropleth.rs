//! Choropleths: one value per cell or per zone (problems counted, weighted or per
//! km² over a date window), and those values drawn as filled cells or zones.

use super::canvas::Canvas;
use super::heat::{HeatLayer, HeatOptions, Weights};
use super::palette::Ramp;
use super::raster::{Paint, Path};
use super::view::View;
use crate::campaign::{Map, NO_CELL};
use crate::error::{Error, Result};
use crate::index::sphere::area_m2;
use crate::model::*;
use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

/// What a choropleth aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum Measure {
    /// How many problems (after the window and a non-zero weight).
    #[default]
    Count,
    /// Sum of weights.
    Weighted,
    /// Sum of weights per km² of the area.
    PerKm2,
}

/// Areas to aggregate into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum AreaKind {
    #[default]
    /// One value per grid cell.
    Cells,
    /// One value per zone (of `level`).
    Zones,
}

/// Choropleth options. From JS: `{by: "cells" | "zones", measure: "count" |
/// "weighted" | "perKm2", layer, weights, from, to, asOf, level, domainMax, ramp,
/// opacity}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ChoroplethOptions {
    /// Cells or zones.
    pub by: AreaKind,
    /// What is aggregated.
    pub measure: Measure,
    /// Problems or inspection points.
    pub layer: HeatLayer,
    /// How problems weigh (for `weighted` and `perKm2`).
    pub weights: Weights,
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    /// First found day counted (inclusive).
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub from: Option<Day>,
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    /// Last found day counted (inclusive).
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub to: Option<Day>,
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    /// The day overdue is reckoned on.
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub as_of: Option<Day>,
    /// Zones of this level only (1–4).
    pub level: Option<u8>,
    /// Fixed top of the colour scale; none: the largest value.
    pub domain_max: Option<f64>,
    /// The colour ramp.
    pub ramp: Ramp,
    /// Opacity of the fill, 0 to 1.
    pub opacity: f64,
}

impl Default for ChoroplethOptions {
    fn default() -> Self {
        ChoroplethOptions {
            by: AreaKind::Cells,
            measure: Measure::Count,
            layer: HeatLayer::Problems,
            weights: Weights::default(),
            from: None,
            to: None,
            as_of: None,
            level: None,
            domain_max: None,
            ramp: Ramp::YlOrRd,
            opacity: 0.7,
        }
    }
}

/// One value per cell (in [`Map::cells`] order) or per zone ([`Map::zones`] order;
/// zones of another level than `level` get NaN).
pub fn choropleth_values(map: &Map, opts: &ChoroplethOptions) -> Vec<f64> {
    // Overdue weights reckon from the ledger date when no day is given.
    let as_of = opts.as_of.or(map.as_of());
    let window = HeatOptions {
        from: opts.from,
        to: opts.to,
        ..HeatOptions::default()
    };
    let n = match opts.by {
        AreaKind::Cells => map.cells().len(),
        AreaKind::Zones => map.zones().len(),
    };
    let mut sums = vec![0f64; n];
    let mut add = |area: u32, w: f64| {
        if w > 0.0 {
            sums[area as usize] += if opts.measure == Measure::Count {
                1.0
            } else {
                w
            };
        }
    };
    let each = |f: &mut dyn FnMut(LngLat, u32, f64)| match opts.layer {
        HeatLayer::Problems => {
            for (i, p) in map.problems().iter().enumerate() {
                if window.in_window(p) {
                    f(p.lnglat, map.problem_cells()[i], opts.weights.of(p, as_of));
                }
            }
        }
        HeatLayer::Points => {
            for (i, p) in map.points().iter().enumerate() {
                f(p.lnglat, map.point_cells()[i], 1.0);
            }
        }
    };
    match opts.by {
        AreaKind::Cells => each(&mut |_, cell, w| {
            if cell != NO_CELL {
                add(cell, w)
            }
        }),
        AreaKind::Zones => each(&mut |p, _, w| {
            map.zone_index().visit_containing(p, |z| add(z, w));
        }),
    }
    if opts.measure == Measure::PerKm2 {
        for (i, s) in sums.iter_mut().enumerate() {
            let a = match opts.by {
                AreaKind::Cells => map.cell_areas_m2()[i],
                AreaKind::Zones => area_m2(&map.zones()[i].geometry),
            };
            *s = if a > 0.0 { *s / (a / 1.0e6) } else { 0.0 };
        }
    }
    if let (AreaKind::Zones, Some(level)) = (opts.by, opts.level) {
        for (z, s) in map.zones().iter().zip(sums.iter_mut()) {
            if z.level != level {
                *s = f64::NAN;
            }
        }
    }
    sums
}

/// Cells or zones filled by a choropleth value on a ramp (zones outlined by level
/// on top). Returns the raster and the top of the scale used.
pub fn render_choropleth(
    map: &Map,
    view: &View,
    opts: &ChoroplethOptions,
) -> Result<(Vec<u8>, f64)> {
    if !(0.0..=1.0).contains(&opts.opacity) {
        return Err(Error::arg("opacity", "give a fraction in 0..1"));
    }
    let values = choropleth_values(map, opts);
    let top = opts
        .domain_max
        .unwrap_or_else(|| {
            values
                .iter()
                .cloned()
                .filter(|v| v.is_finite())
                .fold(0.0, f64::max)
        })
        .max(1e-9);
    let mut cv = Canvas::new(view)?;
    let alpha = (opts.opacity * 255.0).round() as u8;
    let (min, max) = view.bounds(4.0);
    let (index, shapes): (_, Vec<&MultiPolygon<f64>>) = match opts.by {
        AreaKind::Cells => (
            map.cell_index(),
            map.cells().iter().map(|c| &c.geometry).collect(),
        ),
        AreaKind::Zones => (
            map.zone_index(),
            map.zones().iter().map(|z| &z.geometry).collect(),
        ),
    };
    let mut ids = index.boxes_meeting(min, max);
    // Senior (larger) zones first so the nested ones drawn after them stay visible;
    // cells, which do not nest, by position.
    match opts.by {
        AreaKind::Cells => crate::sort::ids(&mut ids),
        AreaKind::Zones => crate::sort::ids_by(&mut ids, &|a, b| {
            let level = |z: u32| map.zones()[z as usize].level;
            level(a).cmp(&level(b))
        }),
    }
    let mut path = Path::new();
    for i in ids {
        let v = values[i as usize];
        if !v.is_finite() {
            continue;
        }
        let [r, g, b] = opts.ramp.rgb(v / top);
        path.clear();
        cv.add_to(&mut path, shapes[i as usize]);
        cv.fill(&path, &Paint::Solid([r, g, b, alpha]));
        if opts.by == AreaKind::Zones {
            cv.stroke(&path, [60, 60, 60, 200], view.pixel_ratio, None);
        }
    }
    Ok((cv.into_rgba(), top))
}
