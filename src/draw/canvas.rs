//! [`Canvas`]: a raster the size of a view's device raster with the view's
//! projection, so that the maps above it draw WGS-84 shapes in device px.

use super::raster::{Paint, Path, Raster, RingKind, Stroke};
use super::view::{Projector, View};
use crate::error::{Error, Result};
use geo::MultiPolygon;

/// A raster the size of a view's device raster, with the view's projection.
pub struct Canvas {
    pub raster: Raster,
    pub proj: Projector,
}

impl Canvas {
    pub fn new(view: &View) -> Result<Canvas> {
        view.check().map_err(|e| Error::arg("view", e))?;
        let (w, h) = view.device_size();
        if w == 0 || h == 0 {
            return Err(Error::arg("view", "empty raster"));
        }
        Ok(Canvas {
            raster: Raster::new(w, h),
            proj: view.device_projector(),
        })
    }

    /// The path of a WGS-84 (multi)polygon in device px; None when it has no rings.
    pub fn path(&self, mp: &MultiPolygon<f64>) -> Option<Path> {
        let mut path = Path::new();
        self.add_to(&mut path, mp);
        (!path.is_empty()).then_some(path)
    }

    /// Appends a WGS-84 (multi)polygon's rings, in device px, to `path` (exteriors
    /// as outer rings, interiors as holes, whatever their orientation). Filling many
    /// cells as one path costs one pass, paints overlaps once and leaves no hairline
    /// seams where cells of the path meet.
    pub fn add_to(&self, path: &mut Path, mp: &MultiPolygon<f64>) {
        let proj = &self.proj;
        for poly in &mp.0 {
            let ext = poly.exterior().0.iter();
            path.push_ring(ext.map(|c| proj.lnglat_to_px((c.x, c.y))), RingKind::Outer);
            for hole in poly.interiors() {
                let px = hole.0.iter().map(|c| proj.lnglat_to_px((c.x, c.y)));
                path.push_ring(px, RingKind::Hole);
            }
        }
    }

    /// Fills `path` (nonzero: overlapping rings paint once; holes stay empty).
    pub fn fill(&mut self, path: &Path, paint: &Paint) {
        self.raster.fill(path, paint);
    }

    /// Strokes `path`'s rings, `width` px wide with round joins and caps, dashed by
    /// `dash` (on, off, … in px) when given.
    pub fn stroke(&mut self, path: &Path, rgba: [u8; 4], width: f64, dash: Option<&[f64]>) {
        let stroke = Stroke {
            width,
            dash: dash.unwrap_or(&[]),
        };
        self.raster.stroke(path, &stroke, &Paint::Solid(rgba));
    }

    /// Non-premultiplied RGBA8.
    pub fn into_rgba(self) -> Vec<u8> {
        self.raster.into_rgba()
    }
}
