//! The `geo` key of a GeoParquet 1.1 file (<https://geoparquet.org/releases/v1.1.0/>):
//! which column holds the geometry, its encoding, the types in it, its CRS and
//! bounding box.

/// OGC:CRS84 (WGS-84 longitude, latitude) as PROJJSON, the CRS civicmap stores
/// (CGCS2000 agrees with it to centimetres; GCJ-02 and BD-09 are converted on
/// load). Written out rather than left to the default, so that readers that
/// assume another default still see it.
const CRS84: &str = r#"{"$schema":"https://proj.org/schemas/v0.7/projjson.schema.json","type":"GeographicCRS","name":"WGS 84 (CRS84)","datum_ensemble":{"name":"World Geodetic System 1984 ensemble","members":[{"name":"World Geodetic System 1984 (Transit)"},{"name":"World Geodetic System 1984 (G730)"},{"name":"World Geodetic System 1984 (G873)"},{"name":"World Geodetic System 1984 (G1150)"},{"name":"World Geodetic System 1984 (G1674)"},{"name":"World Geodetic System 1984 (G1762)"},{"name":"World Geodetic System 1984 (G2139)"}],"ellipsoid":{"name":"WGS 84","semi_major_axis":6378137,"inverse_flattening":298.257223563},"accuracy":"2.0"},"coordinate_system":{"subtype":"ellipsoidal","axis":[{"name":"Geodetic longitude","abbreviation":"Lon","direction":"east","unit":"degree"},{"name":"Geodetic latitude","abbreviation":"Lat","direction":"north","unit":"degree"}]},"scope":"Not known.","area":"World.","bbox":{"south_latitude":-90,"west_longitude":-180,"north_latitude":90,"east_longitude":180},"id":{"authority":"OGC","code":"CRS84"}}"#;

/// A bounding box that grows; empty until something is added.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// The smallest longitude and latitude.
    pub min: (f64, f64),
    /// The largest.
    pub max: (f64, f64),
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            min: (f64::INFINITY, f64::INFINITY),
            max: (f64::NEG_INFINITY, f64::NEG_INFINITY),
        }
    }
}

impl Bounds {
    /// Grows the box to hold `(x, y)`.
    pub fn add(&mut self, (x, y): (f64, f64)) {
        self.min = (self.min.0.min(x), self.min.1.min(y));
        self.max = (self.max.0.max(x), self.max.1.max(y));
    }
}

/// The `geo` metadata of a file whose WKB column `geometry` holds `types`
/// (GeoParquet names: "Point", "Polygon", "MultiPolygon") within `b`.
pub fn geo_json(types: &[&str], b: &Bounds) -> String {
    let mut t: Vec<&str> = types.to_vec();
    crate::sort::by(&mut t, &|a, b| a.cmp(b));
    t.dedup();
    let types = serde_json::to_string(&t).unwrap_or_else(|_| "[]".into());
    let bbox = if b.min.0 <= b.max.0 {
        format!(
            r#","bbox":[{:?},{:?},{:?},{:?}]"#,
            b.min.0, b.min.1, b.max.0, b.max.1
        )
    } else {
        String::new()
    };
    format!(
        r#"{{"version":"1.1.0","primary_column":"geometry","columns":{{"geometry":{{"encoding":"WKB","geometry_types":{types},"crs":{CRS84},"edges":"planar"{bbox}}}}}}}"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geo_metadata_is_json_with_what_readers_look_for() {
        let mut b = Bounds::default();
        b.add((112.5, 26.8));
        b.add((112.6, 26.9));
        let v: serde_json::Value =
            serde_json::from_str(&geo_json(&["Polygon", "MultiPolygon", "Polygon"], &b)).unwrap();
        assert_eq!(v["version"], "1.1.0");
        assert_eq!(v["primary_column"], "geometry");
        let g = &v["columns"]["geometry"];
        assert_eq!(g["encoding"], "WKB");
        assert_eq!(
            g["geometry_types"],
            serde_json::json!(["MultiPolygon", "Polygon"])
        );
        assert_eq!(g["crs"]["id"]["code"], "CRS84");
        assert_eq!(g["bbox"], serde_json::json!([112.5, 26.8, 112.6, 26.9]));
        let empty: serde_json::Value =
            serde_json::from_str(&geo_json(&[], &Bounds::default())).unwrap();
        assert!(empty["columns"]["geometry"].get("bbox").is_none());
    }
}
