//! The heatmap's per-pixel loops: density to colour through a lookup table
//! (upsampled bilinearly when the grid is coarser than the device), and the
//! percentile of the densities that sets an automatic colour domain.

use super::bin::GridSpec;

/// The colouring loop's buffers, kept between frames so a frame allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct ColourScratch {
    /// Each device column's raster column and fraction.
    cols: Vec<(u32, f32)>,
    /// One vertically blended raster row.
    row: Vec<f32>,
    /// One device row of `t · 255`, and its LUT indices.
    line: Vec<f32>,
    keys: Vec<u8>,
}

/// The LUT entry of each `t · 255` in `line`: the nearest of the 256, or 0 (not
/// drawn) at or below `thr`. Branch-free and without float-to-int conversions
/// (adding 2²³ leaves the rounded value in the low mantissa bits), so it
/// vectorises.
fn lut_keys(line: &[f32], thr: f32, keys: &mut [u8]) {
    const MAGIC: f32 = 8_388_608.0;
    for (k, &v) in keys.iter_mut().zip(line) {
        let r = (v.clamp(0.0, 255.0) + MAGIC).to_bits() - MAGIC.to_bits();
        *k = (r as u8) & ((v > thr) as u8).wrapping_neg();
    }
}

/// Colours a density raster (`data`: weight per raster px, `spec.w × spec.h`;
/// `per_km2_row`: km² → per raster px for each raster row) into `rgba`, `w × h`
/// device px: `t = density · inv / 255` looked up in `lut`, whose entry 0 stands
/// for "not drawn" (at or below `thr`, in `t · 255`). Every pixel is written.
#[allow(clippy::too_many_arguments)]
pub fn colour_grid(
    spec: GridSpec,
    data: &[f32],
    per_km2_row: &[f32],
    inv: f32,
    thr: f32,
    lut: &[[u8; 4]; 256],
    (w, h): (usize, usize),
    sc: &mut ColourScratch,
    rgba: &mut Vec<u8>,
) {
    let s = spec;
    rgba.resize(w * h * 4, 0);
    // Per device row: `t · 255` for each px into `line` (t = density / domain),
    // then LUT indices (a loop that vectorises), then the LUT lookups.
    sc.line.resize(w, 0.0);
    sc.keys.resize(w, 0);
    if s.factor > 1 {
        // Bilinear upsampling: each device column's raster column and fraction,
        // once per frame.
        sc.cols.clear();
        sc.cols.extend((0..w).map(|x| {
            let u = s.to_grid(x as f64 + 0.5);
            let i = u as usize;
            (i as u32, (u - i as f64) as f32)
        }));
        sc.row.resize(s.w, 0.0);
    }
    if w == 0 {
        return;
    }
    for (y, out) in rgba.chunks_exact_mut(w * 4).take(h).enumerate() {
        colour_row(s, data, per_km2_row, inv, y, sc);
        lut_keys(&sc.line, thr, &mut sc.keys);
        for (px, &k) in out.chunks_exact_mut(4).zip(&sc.keys) {
            px.copy_from_slice(&lut[k as usize]);
        }
    }
}

/// Device row `y`'s `t · 255` into `sc.line`. A call per row, never inlined: a
/// browser's engine swaps in optimised wasm only at a function's next call, so a
/// frame's one call would colour its first frame wholly in baseline code.
#[inline(never)]
fn colour_row(
    s: GridSpec,
    data: &[f32],
    per_km2_row: &[f32],
    inv: f32,
    y: usize,
    sc: &mut ColourScratch,
) {
    if s.factor == 1 {
        // Raster px (x + pad, y + pad) is device px (x, y): no sampling.
        let j = y + s.pad;
        let k = inv * per_km2_row[j];
        let w = sc.line.len();
        let src = &data[j * s.w + s.pad..j * s.w + s.pad + w];
        for (o, &v) in sc.line.iter_mut().zip(src) {
            *o = v * k;
        }
    } else {
        // One vertically blended raster row, then a lerp per device px.
        let v = s.to_grid(y as f64 + 0.5);
        let j = v as usize;
        let fy = (v - j as f64) as f32;
        let (a, b) = (
            inv * per_km2_row[j] * (1.0 - fy),
            inv * per_km2_row[j + 1] * fy,
        );
        let (r0, r1) = (
            &data[j * s.w..(j + 1) * s.w],
            &data[(j + 1) * s.w..(j + 2) * s.w],
        );
        for ((o, &p), &q) in sc.row.iter_mut().zip(r0).zip(r1) {
            *o = p * a + q * b;
        }
        let row = &sc.row[..];
        for (o, &(i, fx)) in sc.line.iter_mut().zip(&sc.cols) {
            let (p, q) = (row[i as usize], row[i as usize + 1]);
            *o = p + (q - p) * fx;
        }
    }
}

/// The largest density of the raster's inner part (in weighted problems per km²),
/// and the `p`-quantile of the densities above a millionth of it (a 4096-bin
/// histogram: exact to 1/4096 of the maximum).
pub fn percentile_km2(spec: GridSpec, data: &[f32], per_km2_row: &[f32], p: f64) -> (f64, f64) {
    let s = &spec;
    let inner = |f: &mut dyn FnMut(f32)| {
        let (i1, j1) = (s.w - s.pad, s.h - s.pad);
        for j in s.pad..j1 {
            let r = per_km2_row[j];
            for &v in &data[j * s.w + s.pad..j * s.w + i1] {
                f(v * r);
            }
        }
    };
    let mut max = 0f32;
    inner(&mut |v| max = max.max(v));
    if max <= 0.0 {
        return (0.0, 0.0);
    }
    const N: usize = 4096;
    let mut hist = vec![0u32; N];
    let floor = max * 1e-6;
    let scale = (N - 1) as f32 / max;
    let mut count = 0u64;
    inner(&mut |v| {
        if v > floor {
            hist[(v * scale) as usize] += 1;
            count += 1;
        }
    });
    let target = ((p * count as f64).ceil() as u64).max(1);
    let mut seen = 0u64;
    for (b, &c) in hist.iter().enumerate() {
        seen += c as u64;
        if seen >= target {
            return (max as f64, ((b + 1) as f64 / scale as f64).min(max as f64));
        }
    }
    (max as f64, max as f64)
}
