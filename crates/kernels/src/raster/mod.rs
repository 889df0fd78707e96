//! An RGBA raster with source-over compositing, paths of rings in device px, fills
//! (a solid colour or a hatch) and round-joined, optionally dashed strokes: what the
//! assignment map, the choropleths and the bins draw.
//!
//! Why our own: this used to be tiny-skia, whose raster pipeline (shaders, blend
//! modes, gradients, its own stroker and dasher, SIMD paths) made up about a quarter
//! of the wasm module. Built as `scripts/build-wasm.sh` does (release, LTO,
//! wasm-opt -O3), the tree just before the switch gave 1,146,632 bytes, 454,223
//! gzipped, and with this module and `ab_glyph_rasterizer` in tiny-skia's place
//! 829,000 bytes, 335,306 gzipped (−119 KB gzipped, −26%). The maps need polygons
//! and polylines in one colour each, so this is one coverage rasterizer and a
//! little geometry.
//!
//! How:
//! - Coverage comes from `ab_glyph_rasterizer` (font-rs style): every edge adds its
//!   signed area to a buffer, and a running sum gives each pixel's coverage. That sum
//!   is the winding number integrated over the pixel, so coverage is *nonzero with a
//!   clamp at 1*: rings must be oriented consistently. [`Path::push_ring`] takes each
//!   ring's role ([`RingKind`]) and the fill orients outer rings one way and holes
//!   the other by signed area, whatever the input's orientation. Many disjoint cells
//!   in one path then fill in one pass, and where cells of one path share an edge the
//!   two copies cancel exactly: no seam.
//! - The rasterizer drops coverage left of x = 0 and wraps coverage right of its width
//!   into the next row, so every edge is clipped here (in f64, before the f32 the
//!   rasterizer takes) to the rows and columns of the path's box on the canvas; the
//!   part of an edge beyond the left or right border becomes a vertical edge on that
//!   border spanning the same rows, which leaves the coverage inside exact.
//! - Each fill rasterises into a buffer the size of its path's (clipped) box, so the
//!   cost follows the path's size on screen, not the canvas's, and then composites
//!   coverage × paint into the canvas (premultiplied RGBA8, like tiny-skia's).
//! - Strokes are turned into polygons, one quad per segment, a round wedge on the
//!   outer side of each join, half discs as caps of open lines (dashes end square,
//!   as canvas draws them), filled
//!   together as one path. Pieces meeting along a segment's end line cancel there
//!   exactly; where pieces overlap near the stroke's edge (the inside corner of a
//!   join, or two cells' outlines along their shared edge in one path), the clamp
//!   over-counts that pixel's coverage by at most the overlap's share of it. Pieces
//!   farther than the stroke width off the canvas are not made, and a dash pattern
//!   skips the invisible length of a segment in O(1), so rings a million px across
//!   (deep zooms) cost what their visible part costs.
//!
//! Allocation: a [`Raster`] keeps its rasterizer and scratch buffers between calls;
//! after the first few draws, fills allocate nothing, and a stroke only the order in
//! which it sorts its segments to find shared ones (see [`crate::sort`]).

mod dash;
mod fill;
mod outline;
mod paint;
mod path;
mod pixmap;
mod stroke;
mod tiles;

pub use fill::{fill_polygons_px, PxShape};
pub use paint::{Hatch, Paint};
pub use path::{Path, RingKind};
pub use pixmap::Raster;
pub use stroke::Stroke;

#[cfg(test)]
mod tests;
