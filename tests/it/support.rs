//! Strategies, fixtures and brute-force oracles shared by the integration tests.

use civicmap::haversine_m;
use civicmap::*;
use geo::coordinate_position::{CoordPos, CoordinatePosition};
use geo::{Coord, MultiPolygon};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// A file of the repository, by its path from the crate root (tests/fixtures/ for
/// test-only data, data/districts/ for what the generator ships with).
pub fn repo_file(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// A district of data/districts/ by its code (the generator's input).
pub fn district(adcode: &str) -> civicmap::gen::District {
    civicmap::gen::District::from_texts(
        &repo_file("data/districts/outlines.geojson"),
        &repo_file("data/districts/divisions.json"),
        Some(&repo_file("data/districts/places.geojson")),
        adcode,
    )
    .unwrap()
}

/// A centre anywhere between 18°N and 54°N in China's longitudes.
pub fn centre() -> impl Strategy<Value = LngLat> {
    (73.0..135.0f64, 18.0..54.0f64)
}

/// A coordinate near `c`: half of them snapped to a 0.001° lattice, so that
/// duplicates, shared x/y values and lattice vertices come up often.
pub fn near(c: LngLat, spread: f64) -> impl Strategy<Value = LngLat> {
    (-spread..spread, -spread..spread, any::<bool>()).prop_map(move |(dx, dy, snap)| {
        let (x, y) = (c.0 + dx, c.1 + dy);
        if snap {
            ((x * 1000.0).round() / 1000.0, (y * 1000.0).round() / 1000.0)
        } else {
            (x, y)
        }
    })
}

/// A centre, 0..n points around it (with exact duplicates appended), and a query near it.
pub fn cloud(n: usize) -> impl Strategy<Value = (Vec<LngLat>, LngLat)> {
    centre().prop_flat_map(move |c| {
        (
            prop::collection::vec(near(c, 0.05), 0..n),
            near(c, 0.06),
            prop::collection::vec(any::<prop::sample::Index>(), 0..8),
        )
            .prop_map(|(mut pts, q, dups)| {
                if !pts.is_empty() {
                    for d in dups {
                        pts.push(pts[d.index(pts.len())]);
                    }
                }
                (pts, q)
            })
    })
}

/// Linear haversine scan: ids within `r`, as a set.
pub fn scan_within_m(pts: &[LngLat], q: LngLat, r: f64) -> BTreeSet<u32> {
    pts.iter()
        .enumerate()
        .filter(|(_, &p)| haversine_m(q, p) <= r)
        .map(|(i, _)| i as u32)
        .collect()
}

/// Linear scan: every id with its distance, nearest first (ties by id).
pub fn scan_nearest(pts: &[LngLat], q: LngLat) -> Vec<(u32, f64)> {
    let mut v: Vec<(u32, f64)> = pts
        .iter()
        .enumerate()
        .map(|(i, &p)| (i as u32, haversine_m(q, p)))
        .collect();
    v.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    v
}

/// Linear scan: polygons holding `p`, boundary included.
pub fn scan_containing(shapes: &[MultiPolygon<f64>], p: LngLat) -> Vec<u32> {
    shapes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.coordinate_position(&Coord { x: p.0, y: p.1 }) != CoordPos::Outside)
        .map(|(i, _)| i as u32)
        .collect()
}

pub fn rect(min: LngLat, max: LngLat) -> MultiPolygon<f64> {
    MultiPolygon(vec![geo::Rect::new(
        Coord { x: min.0, y: min.1 },
        Coord { x: max.0, y: max.1 },
    )
    .to_polygon()])
}

/// A FeatureCollection of the given features (JSON text each).
pub fn fc(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

pub fn polygon_json(m: &MultiPolygon<f64>) -> String {
    let rings: Vec<String> = m.0[0]
        .exterior()
        .0
        .iter()
        .map(|c| format!("[{},{}]", c.x, c.y))
        .collect();
    format!(
        r#"{{"type":"Polygon","coordinates":[[{}]]}}"#,
        rings.join(",")
    )
}

pub fn point_json(p: LngLat) -> String {
    format!(r#"{{"type":"Point","coordinates":[{},{}]}}"#, p.0, p.1)
}

/// A square grid of `nx` × `ny` cells of `step` degrees from `origin`, with ids in
/// scrambled order so that load order and id order differ.
pub fn grid(origin: LngLat, step: f64, nx: usize, ny: usize) -> Vec<(String, MultiPolygon<f64>)> {
    let mut v = vec![];
    for j in 0..ny {
        for i in 0..nx {
            let min = (origin.0 + i as f64 * step, origin.1 + j as f64 * step);
            let max = (min.0 + step, min.1 + step);
            let k = (i * 7 + j * 13) % (nx * ny).max(1);
            v.push((format!("c{k:04}-{i}-{j}"), rect(min, max)));
        }
    }
    v
}

pub fn cells_json(
    cells: &[(String, MultiPolygon<f64>)],
    owner: impl Fn(usize) -> Option<String>,
) -> String {
    let fs: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(i, (id, g))| {
            let owner = owner(i).map_or("null".to_string(), |o| format!("\"{o}\""));
            format!(r#"{{"type":"Feature","id":"{id}","properties":{{"owner":{owner}}},"geometry":{}}}"#, polygon_json(g))
        })
        .collect();
    fc(&fs)
}
