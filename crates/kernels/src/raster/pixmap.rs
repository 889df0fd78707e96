//! The pixmap and compositing: a premultiplied RGBA8 raster, source-over of a
//! premultiplied colour at a coverage, and the straight-alpha output canvas
//! `ImageData` and PNG want.

use super::paint::premultiply;
use super::path::{Path, P};
use ab_glyph_rasterizer::Rasterizer;

/// Source-over of premultiplied `src` (0..=255 scale) at coverage `cov` onto a
/// premultiplied RGBA8 pixel.
#[inline]
pub(super) fn blend(dst: &mut [u8], src: [f32; 4], cov: f32) {
    let inv = 1.0 - src[3] * cov / 255.0;
    for i in 0..4 {
        // `as u8` saturates at 255 (and a clamp would be a call in wasm).
        dst[i] = (src[i] * cov + dst[i] as f32 * inv + 0.5) as u8;
    }
}

/// Coverage below this (a quarter of one 8-bit step) changes no pixel.
pub(super) const MIN_COVERAGE: f32 = 1.0 / 1024.0;

/// A `width × height` premultiplied RGBA8 raster, transparent at first, with the
/// scratch memory its fills and strokes reuse.
pub struct Raster {
    pub(super) width: usize,
    pub(super) height: usize,
    pub(super) px: Vec<u8>,
    pub(super) rast: Rasterizer,
    /// A stroke's polygons.
    pub(super) pieces: Path,
    /// A ring without repeated or collinear points; a dash.
    pub(super) line: Vec<P>,
    pub(super) dash_line: Vec<P>,
    /// Simplified rings of an undashed stroke, their segments' keys, and which
    /// segments repeat an earlier one.
    pub(super) simple: Path,
    pub(super) keys: Vec<([i64; 4], usize)>,
    pub(super) skip: Vec<bool>,
    /// Crossings of one row (aliased fills).
    pub(super) crossings: Vec<(f64, i32)>,
    /// A stroke's pieces by tile ([`super::tiles`]).
    pub(super) tile_starts: Vec<u32>,
    pub(super) tile_pieces: Vec<u32>,
    pub(super) tile_next: Vec<u32>,
}

impl Raster {
    /// A transparent `width × height` raster.
    pub fn new(width: u32, height: u32) -> Raster {
        let (width, height) = (width as usize, height as usize);
        Raster {
            width,
            height,
            px: vec![0; width * height * 4],
            rast: Rasterizer::new(0, 0),
            pieces: Path::new(),
            line: Vec::new(),
            dash_line: Vec::new(),
            simple: Path::new(),
            keys: Vec::new(),
            skip: Vec::new(),
            crossings: Vec::new(),
            tile_starts: Vec::new(),
            tile_pieces: Vec::new(),
            tile_next: Vec::new(),
        }
    }

    /// Width in px.
    pub fn width(&self) -> u32 {
        self.width as u32
    }

    /// Height in px.
    pub fn height(&self) -> u32 {
        self.height as u32
    }

    /// Pixel (x, y), premultiplied; None outside.
    pub fn premultiplied_at(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        let (x, y) = (x as usize, y as usize);
        (x < self.width && y < self.height).then(|| {
            let k = (y * self.width + x) * 4;
            [self.px[k], self.px[k + 1], self.px[k + 2], self.px[k + 3]]
        })
    }

    /// Paints every pixel one colour (non-premultiplied RGBA8), e.g. a background.
    pub fn fill_all(&mut self, rgba: [u8; 4]) {
        let p = premultiply(rgba).map(|c| (c + 0.5) as u8);
        for px in self.px.chunks_exact_mut(4) {
            px.copy_from_slice(&p);
        }
    }

    /// Source-over of a layer of straight-alpha RGBA8 the raster's size (what the
    /// renderers return) onto this raster: layers composited bottom first, as the
    /// command line does for its PNGs. Returns false, drawing nothing, when the
    /// layer's size differs.
    pub fn draw_layer(&mut self, rgba: &[u8]) -> bool {
        if rgba.len() != self.px.len() {
            return false;
        }
        for (dst, src) in self.px.chunks_exact_mut(4).zip(rgba.chunks_exact(4)) {
            if src[3] != 0 {
                blend(dst, premultiply([src[0], src[1], src[2], src[3]]), 1.0);
            }
        }
        true
    }

    /// Non-premultiplied ("straight alpha") RGBA8, as canvas `ImageData` and PNG want.
    pub fn into_rgba(self) -> Vec<u8> {
        let mut data = self.px;
        for px in data.chunks_exact_mut(4) {
            let a = px[3] as u32;
            if a != 0 && a != 255 {
                for c in &mut px[..3] {
                    *c = ((*c as u32 * 255 + a / 2) / a).min(255) as u8;
                }
            }
        }
        data
    }
}
