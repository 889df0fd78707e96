//! Positions: `(lng, lat)` in WGS-84 degrees, and the one range check of the crates.

/// A longitude/latitude pair in WGS-84 degrees.
pub type LngLat = (f64, f64);

/// Whether `x` is a longitude in degrees, −180 to 180 (NaN is not).
#[inline]
pub fn is_lng(x: f64) -> bool {
    (-180.0..=180.0).contains(&x)
}

/// Whether `y` is a latitude in degrees, −90 to 90 (NaN is not).
#[inline]
pub fn is_lat(y: f64) -> bool {
    (-90.0..=90.0).contains(&y)
}

/// Checks a WGS-84 position: both numbers finite, longitude in -180..=180 and
/// latitude in -90..=90. The one range check of the crate (the GeoJSON reader, the
/// bulk path, point indexes); the error names the pair and says what is wrong, for
/// the caller to put after its own subject ("polygon 0 ring 0 position 3 …").
pub fn check_lnglat(p: LngLat) -> Result<LngLat, String> {
    let (lng, lat) = p;
    if !lng.is_finite() || !lat.is_finite() {
        return Err(format!("[{lng}, {lat}] is not finite"));
    }
    if !is_lng(lng) || !is_lat(lat) {
        return Err(format!(
            "[{lng}, {lat}] is out of range (longitude -180..180, latitude -90..90; is it [lat, lng] or projected metres?)"
        ));
    }
    Ok(p)
}
