//! A [`View`] read from JSON by hand ([`crate::io::obj`]): `{lng, lat, zoom, width,
//! height, pixelRatio, baseCrs}`, the last two optional. View lives in
//! civicmap-kernels, which has no reader of its own: it serialises, this reads.

use super::view::View;
use crate::io::geojson::crs_named;
use crate::io::obj::{FromJson, Obj};

impl FromJson for View {
    fn from_json(v: &serde_json::Value, what: &str) -> Result<Self, String> {
        let o = Obj::new(
            v,
            what,
            &[
                "lng",
                "lat",
                "zoom",
                "width",
                "height",
                "pixelRatio",
                "baseCrs",
            ],
        )?;
        let need = |k| o.num(k)?.ok_or_else(|| o.missing(k));
        Ok(View {
            lng: need("lng")?,
            lat: need("lat")?,
            zoom: need("zoom")?,
            width: need("width")?,
            height: need("height")?,
            pixel_ratio: o.num("pixelRatio")?.unwrap_or(1.0),
            base_crs: o.vocab("baseCrs", crs_named)?.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_view_reads_back_and_misspelt_or_missing_keys_are_named() {
        let v = View {
            lng: 112.6,
            lat: 26.9,
            zoom: 14.5,
            width: 900.0,
            height: 700.0,
            pixel_ratio: 2.0,
            base_crs: crate::Crs::Gcj02,
        };
        let text = serde_json::to_value(v).unwrap();
        assert_eq!(View::from_json(&text, "view"), Ok(v));
        let short = json!({"lng": 1, "lat": 2, "zoom": 3, "width": 4, "height": 5});
        assert_eq!(View::from_json(&short, "").map(|v| v.pixel_ratio), Ok(1.0));
        let e = View::from_json(&json!({"lng": 1}), "view").unwrap_err();
        assert_eq!(e, "view: field `lat`: missing");
        let e = View::from_json(&json!({"lng": 1, "pixelratio": 2}), "view").unwrap_err();
        assert!(
            e.starts_with("view: unknown field `pixelratio`, expected one of"),
            "{e}"
        );
        let e = View::from_json(
            &json!({"lng": 1, "lat": 2, "zoom": 3, "width": 4, "height": 5, "baseCrs": "utm"}),
            "",
        )
        .unwrap_err();
        assert!(e.starts_with("field `baseCrs`: "), "{e}");
    }
}
