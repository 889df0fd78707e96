//! A Web Mercator view in the XYZ tile scheme (256-px tiles; at zoom `z` the world is
//! `256 · 2^z` CSS pixels wide), so rasters line up with Tianditu/OSM tiles and with
//! Leaflet and OpenLayers maps. Fractional zooms are allowed.
//!
//! Geometry is stored in WGS-84. A view drawn over a Chinese base map converts each
//! location into the base map's system ([`View::base_crs`], GCJ-02 for AMap/Tencent,
//! BD-09 for Baidu) before projecting, so overlays land on the base map's streets.
//!
//! Pixels: "CSS px" have their origin at the top left of the view, `x` to the right,
//! `y` down; "device px" are CSS px times [`View::pixel_ratio`], the size of the RGBA
//! rasters the renderers return ([`View::device_size`]).

use crate::crs::Crs;
use crate::lnglat::LngLat;
use serde::Serialize;

/// Pixels per tile side.
pub const TILE_PX: f64 = 256.0;
/// The latitude where Web Mercator's square world ends.
pub const MAX_LAT: f64 = 85.051_128_779_806_6;
/// Web Mercator's sphere radius (EPSG:3857), for ground resolution.
pub const WEB_MERCATOR_RADIUS_M: f64 = 6_378_137.0;
/// The largest raster side the renderers accept, in device px.
pub const MAX_SIDE_PX: u32 = 8192;
/// The most device px a frame may have (4096², 64 MiB of RGBA): a frame's buffers
/// are sized by the caller's view, and a budget keeps one call from taking the
/// module's memory (an 8192² frame took 268 MB and 1.8 s).
pub const MAX_PIXELS: u64 = 4096 * 4096;

/// What a map shows: centre, zoom, size and the base map's coordinate system.
/// From JS: `{lng, lat, zoom, width, height, pixelRatio, baseCrs}`.
// Read from JSON by civicmap's draw/view_json.rs (by hand, as every option is).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// Centre longitude, WGS-84 degrees.
    pub lng: f64,
    /// Centre latitude, WGS-84 degrees.
    pub lat: f64,
    /// XYZ zoom; fractional zooms scale between tile levels.
    pub zoom: f64,
    /// Width in CSS px.
    pub width: f64,
    /// Height in CSS px.
    pub height: f64,
    /// Device px per CSS px (`window.devicePixelRatio`); 1 when absent.
    // `default`: optional in the TypeScript declaration (tsify reads it).
    #[serde(default)]
    pub pixel_ratio: f64,
    /// The base map's coordinate system; geometry is converted into it first.
    #[serde(default)]
    pub base_crs: Crs,
}

impl Default for View {
    /// The whole world at zoom 0 in one 256 × 256 tile.
    fn default() -> Self {
        View {
            lng: 0.0,
            lat: 0.0,
            zoom: 0.0,
            width: TILE_PX,
            height: TILE_PX,
            pixel_ratio: 1.0,
            base_crs: Crs::Wgs84,
        }
    }
}

/// Where a location falls in the world square at zoom 0: `0..256` both ways, `y`
/// down. Latitude is clamped to ±[`MAX_LAT`]. The location is in whatever system the
/// tiles use; see [`View::lnglat_to_px`] for the conversion from WGS-84.
#[inline]
pub fn lnglat_to_world((lng, lat): LngLat) -> (f64, f64) {
    (lng_to_world(lng), lat_to_world(lat))
}

#[inline]
/// Longitude → Web Mercator world x (zoom 0, 256 px wide).
pub fn lng_to_world(lng: f64) -> f64 {
    (lng + 180.0) / 360.0 * TILE_PX
}

#[inline]
/// Latitude → Web Mercator world y (zoom 0), clamped to the Mercator limit.
pub fn lat_to_world(lat: f64) -> f64 {
    let s = lat.clamp(-MAX_LAT, MAX_LAT).to_radians().sin();
    (0.5 - ((1.0 + s) / (1.0 - s)).ln() / (4.0 * std::f64::consts::PI)) * TILE_PX
}

/// The inverse of [`lnglat_to_world`].
#[inline]
pub fn world_to_lnglat((x, y): (f64, f64)) -> LngLat {
    let lng = x / TILE_PX * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / TILE_PX);
    (lng, n.sinh().atan().to_degrees())
}

impl View {
    /// A view centred on `(lng, lat)` at `zoom`, `width × height` CSS px, ratio 1, WGS-84.
    pub fn new(center: LngLat, zoom: f64, width: f64, height: f64) -> View {
        View {
            lng: center.0,
            lat: center.1,
            zoom,
            width,
            height,
            ..View::default()
        }
    }

    /// The view with device px per CSS px set (2 on most phones).
    pub fn with_pixel_ratio(mut self, ratio: f64) -> View {
        self.pixel_ratio = ratio;
        self
    }

    /// The view drawn in the base map's coordinate system (GCJ-02 for AMap tiles).
    pub fn with_base_crs(mut self, crs: Crs) -> View {
        self.base_crs = crs;
        self
    }

    /// Checks what a caller may get wrong; the message says what to send instead.
    pub fn check(&self) -> Result<(), String> {
        let finite = [
            self.lng,
            self.lat,
            self.zoom,
            self.width,
            self.height,
            self.pixel_ratio,
        ]
        .iter()
        .all(|v| v.is_finite());
        if !finite {
            return Err("view: every number must be finite".into());
        }
        if !crate::lnglat::is_lng(self.lng) {
            return Err(format!("view.lng {} is not a longitude", self.lng));
        }
        if !crate::lnglat::is_lat(self.lat) {
            return Err(format!("view.lat {} is not a latitude", self.lat));
        }
        if !(0.0..=24.0).contains(&self.zoom) {
            return Err(format!("view.zoom {} is outside 0..24", self.zoom));
        }
        if !(self.pixel_ratio > 0.0 && self.pixel_ratio <= 8.0) {
            return Err(format!(
                "view.pixelRatio {} is outside (0, 8]",
                self.pixel_ratio
            ));
        }
        let (w, h) = self.device_size();
        if w == 0 || h == 0 || w > MAX_SIDE_PX || h > MAX_SIDE_PX {
            return Err(format!(
                "view: {}×{} device px; each side must be 1..{MAX_SIDE_PX}",
                w, h
            ));
        }
        if w as u64 * h as u64 > MAX_PIXELS {
            return Err(format!(
                "view: {w}×{h} device px is over the budget of {MAX_PIXELS} px (4096²); draw a smaller view or a lower pixelRatio"
            ));
        }
        Ok(())
    }

    /// The raster size in device px: `round(width · pixelRatio) × round(height · pixelRatio)`,
    /// as a canvas sized for the view is.
    pub fn device_size(&self) -> (u32, u32) {
        let side = |v: f64| (v * self.pixel_ratio).round().clamp(0.0, u32::MAX as f64) as u32;
        (side(self.width), side(self.height))
    }

    /// CSS px per world unit at zoom 0: `2^zoom`.
    #[inline]
    pub fn scale(&self) -> f64 {
        self.zoom.exp2()
    }

    /// The centre in world units (zoom 0), in the base map's system.
    #[inline]
    pub fn center_world(&self) -> (f64, f64) {
        lnglat_to_world(self.base_crs.from_wgs84((self.lng, self.lat)))
    }

    /// CSS px of a WGS-84 location (converted into the base map's system first).
    /// Not clamped: locations outside the view give pixels outside `0..width`.
    pub fn lnglat_to_px(&self, p: LngLat) -> (f64, f64) {
        self.projector(1.0).lnglat_to_px(p)
    }

    /// The WGS-84 location under CSS px `(x, y)`.
    pub fn px_to_lnglat(&self, (x, y): (f64, f64)) -> LngLat {
        let s = self.scale();
        let (cx, cy) = self.center_world();
        let w = (
            cx + (x - self.width * 0.5) / s,
            cy + (y - self.height * 0.5) / s,
        );
        self.base_crs.to_wgs84(world_to_lnglat(w))
    }

    /// A projector into device px (`factor` = 1 gives CSS px, `pixel_ratio` device px).
    pub fn projector(&self, factor: f64) -> Projector {
        let s = self.scale() * factor;
        let (cx, cy) = self.center_world();
        Projector {
            scale: s,
            ox: self.width * factor * 0.5 - cx * s,
            oy: self.height * factor * 0.5 - cy * s,
            crs: self.base_crs,
        }
    }

    /// The projector into the device-px raster the renderers fill.
    pub fn device_projector(&self) -> Projector {
        self.projector(self.pixel_ratio)
    }

    /// Ground metres per CSS px at a latitude (Web Mercator's scale grows as 1/cos φ).
    pub fn metres_per_px_at(&self, lat: f64) -> f64 {
        lat.clamp(-MAX_LAT, MAX_LAT).to_radians().cos()
            * 2.0
            * std::f64::consts::PI
            * WEB_MERCATOR_RADIUS_M
            / (TILE_PX * self.scale())
    }

    /// Ground metres per CSS px at the view's centre.
    pub fn metres_per_px(&self) -> f64 {
        self.metres_per_px_at(self.lat)
    }

    /// The WGS-84 box `(min, max)` the view shows, widened by `margin_px` CSS px on
    /// every side. For GCJ-02/BD-09 base maps it is widened by a further 0.02° (the
    /// offsets are under 1.5 km) so that culling with it never loses a feature.
    pub fn bounds(&self, margin_px: f64) -> (LngLat, LngLat) {
        let a = self.px_to_lnglat((-margin_px, self.height + margin_px));
        let b = self.px_to_lnglat((self.width + margin_px, -margin_px));
        let pad = if self.base_crs == Crs::Wgs84 {
            0.0
        } else {
            0.02
        };
        (
            (a.0.min(b.0) - pad, (a.1.min(b.1) - pad).max(-90.0)),
            (a.0.max(b.0) + pad, (a.1.max(b.1) + pad).min(90.0)),
        )
    }

    /// The view of `width × height` CSS px that shows the WGS-84 box `min..max` with
    /// `padding_px` on every side, at the largest zoom up to `max_zoom` (fractional).
    /// Keeps this view's pixel ratio and base map system.
    pub fn fit_bounds(
        &self,
        min: LngLat,
        max: LngLat,
        width: f64,
        height: f64,
        padding_px: f64,
        max_zoom: f64,
    ) -> View {
        let crs = self.base_crs;
        let corners = [
            (min.0, min.1),
            (min.0, max.1),
            (max.0, min.1),
            (max.0, max.1),
        ]
        .map(|c| lnglat_to_world(crs.from_wgs84(c)));
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in corners {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let w = (x1 - x0).max(1e-12);
        let h = (y1 - y0).max(1e-12);
        let zx = ((width - 2.0 * padding_px).max(1.0) / w).log2();
        let zy = ((height - 2.0 * padding_px).max(1.0) / h).log2();
        let zoom = zx.min(zy).clamp(0.0, max_zoom);
        let centre = crs.to_wgs84(world_to_lnglat(((x0 + x1) * 0.5, (y0 + y1) * 0.5)));
        View {
            lng: centre.0,
            lat: centre.1,
            zoom,
            width,
            height,
            ..*self
        }
    }
}

/// The affine part of a view's projection, precomputed: world units → px. Copy it
/// into hot loops; [`Projector::lnglat_to_px`] does the CRS conversion and Mercator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projector {
    /// px per world unit (zoom 0).
    pub scale: f64,
    /// px offset of world x 0.
    pub ox: f64,
    /// px offset of world y 0.
    pub oy: f64,
    /// The base map's system, positions are converted into before projecting.
    pub crs: Crs,
}

impl Projector {
    /// px of a WGS-84 location.
    #[inline]
    pub fn lnglat_to_px(&self, p: LngLat) -> (f64, f64) {
        let (wx, wy) = lnglat_to_world(self.crs.from_wgs84(p));
        (wx * self.scale + self.ox, wy * self.scale + self.oy)
    }

    /// px `x` of a longitude already in the base system.
    #[inline]
    pub fn x_of_lng(&self, lng: f64) -> f64 {
        lng_to_world(lng) * self.scale + self.ox
    }

    /// px `y` of a latitude already in the base system.
    #[inline]
    pub fn y_of_lat(&self, lat: f64) -> f64 {
        lat_to_world(lat) * self.scale + self.oy
    }

    /// The base-system location of px `(x, y)`.
    #[inline]
    pub fn px_to_base_lnglat(&self, x: f64, y: f64) -> LngLat {
        world_to_lnglat(((x - self.ox) / self.scale, (y - self.oy) / self.scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_island_is_the_centre_of_tile_zero() {
        let v = View::new((10.0, 10.0), 0.0, 256.0, 256.0);
        let v0 = View {
            lng: 0.0,
            lat: 0.0,
            ..v
        };
        assert_eq!(v0.lnglat_to_px((0.0, 0.0)), (128.0, 128.0));
        let (x, y) = v0.lnglat_to_px((-180.0, MAX_LAT));
        assert!(x.abs() < 1e-9 && y.abs() < 1e-6, "{x} {y}");
    }

    #[test]
    fn px_and_lnglat_round_trip_in_every_crs() {
        for crs in [Crs::Wgs84, Crs::Gcj02, Crs::Bd09] {
            for zoom in [3.0, 11.5, 17.0] {
                let v = View::new((112.58, 26.89), zoom, 800.0, 500.0)
                    .with_pixel_ratio(2.0)
                    .with_base_crs(crs);
                for p in [(112.57, 26.90), (112.6, 26.88), (112.58, 26.89)] {
                    let q = v.px_to_lnglat(v.lnglat_to_px(p));
                    assert!(
                        (q.0 - p.0).abs() < 1e-7 && (q.1 - p.1).abs() < 1e-7,
                        "{crs:?} z{zoom}: {p:?} -> {q:?}"
                    );
                }
                let (x, y) = v.lnglat_to_px((v.lng, v.lat));
                assert!((x - 400.0).abs() < 1e-6 && (y - 250.0).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn gcj_base_moves_overlays_by_the_offset() {
        let p = (112.58, 26.89);
        let wgs = View::new(p, 16.0, 400.0, 300.0);
        let gcj = wgs.with_base_crs(Crs::Gcj02);
        // The centre is the same place on both maps, so the centre pixel is the same...
        assert_eq!(wgs.lnglat_to_px(p), (200.0, 150.0));
        assert!((gcj.lnglat_to_px(p).0 - 200.0).abs() < 1e-6);
        // ...but a GCJ-02 base map draws everything else through the (varying) offset,
        // which agrees with converting first and projecting in WGS-84 terms.
        let q = (112.59, 26.895);
        let (x, y) = gcj.lnglat_to_px(q);
        let (cx, cy) = lnglat_to_world(Crs::Gcj02.from_wgs84(p));
        let (qx, qy) = lnglat_to_world(Crs::Gcj02.from_wgs84(q));
        let s = 2f64.powi(16);
        assert!((x - (200.0 + (qx - cx) * s)).abs() < 1e-6);
        assert!((y - (150.0 + (qy - cy) * s)).abs() < 1e-6);
    }

    #[test]
    fn fit_bounds_shows_the_box_inside_the_padding() {
        let v =
            View::default().fit_bounds((112.5, 26.8), (112.7, 26.95), 1024.0, 600.0, 20.0, 19.0);
        for c in [(112.5, 26.8), (112.7, 26.95)] {
            let (x, y) = v.lnglat_to_px(c);
            assert!((19.999..=1004.001).contains(&x), "{x}");
            assert!((19.999..=580.001).contains(&y), "{y}");
        }
        // One side touches the padding exactly (the zoom is as large as it can be).
        let (x0, y0) = v.lnglat_to_px((112.5, 26.95));
        let (x1, y1) = v.lnglat_to_px((112.7, 26.8));
        assert!(((x1 - x0) - 984.0).abs() < 1e-6 || ((y1 - y0) - 560.0).abs() < 1e-6);
    }

    #[test]
    fn metres_per_px_matches_the_published_table() {
        // OSM wiki "Zoom levels": 156 543.03 m/px at zoom 0 on the equator.
        let v = View::default();
        assert!((v.metres_per_px_at(0.0) - 156_543.03).abs() < 0.01);
        let v12 = View { zoom: 12.0, ..v };
        assert!((v12.metres_per_px_at(60.0) - 19.109).abs() < 0.001);
    }

    #[test]
    fn bad_views_are_refused_with_a_reason() {
        let ok = View::new((112.0, 27.0), 12.0, 300.0, 200.0);
        assert!(ok.check().is_ok());
        assert!(View {
            zoom: f64::NAN,
            ..ok
        }
        .check()
        .is_err());
        assert!(View { width: 0.0, ..ok }
            .check()
            .unwrap_err()
            .contains("device px"));
        assert!(View {
            width: 9000.0,
            ..ok
        }
        .check()
        .is_err());
        assert!(View {
            pixel_ratio: 0.0,
            ..ok
        }
        .check()
        .is_err());
    }
}
