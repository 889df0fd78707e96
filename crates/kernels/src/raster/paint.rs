//! Paint: what fills a path — a solid colour, or a diagonal hatch computed per
//! pixel from a small table — in premultiplied form.

/// What fills a path.
#[derive(Debug, Clone, Copy)]
pub enum Paint<'a> {
    /// A colour, non-premultiplied RGBA8.
    Solid([u8; 4]),
    /// A repeating diagonal hatch anchored at the raster's origin.
    Hatch(&'a Hatch),
}

/// Diagonal lines (lower left to upper right) over a base colour, repeating every
/// `period` px along x and along y; a procedural pattern: the colour of pixel (x, y)
/// depends only on (x + y) mod period.
#[derive(Debug, Clone)]
pub struct Hatch {
    /// Premultiplied colours (0..=255 scale) by (x + y) mod period.
    pub(super) table: Vec<[f32; 4]>,
}

impl Hatch {
    /// `base` and `line` are non-premultiplied RGBA8; lines run along x + y = k·period
    /// and are `line_width_px` wide (anti-aliased by their exact area in each pixel).
    pub fn new(base: [u8; 4], line: [u8; 4], period: u32, line_width_px: f64) -> Hatch {
        let n = period.max(2) as usize;
        // Over a pixel square, s = x + y is spread as a triangle on [s0, s0 + 2]: its
        // CDF measured from s0.
        let cdf = |t: f64| {
            if t <= 0.0 {
                0.0
            } else if t <= 1.0 {
                t * t / 2.0
            } else if t <= 2.0 {
                1.0 - (2.0 - t) * (2.0 - t) / 2.0
            } else {
                1.0
            }
        };
        // |x + y − k·n| ≤ half width · √2 is the band of line k.
        let hw = line_width_px.max(0.0) / 2.0 * std::f64::consts::SQRT_2;
        let (b, l) = (premultiply(base), premultiply(line));
        let table = (0..n)
            .map(|s0| {
                let c: f64 = (-1..=2i32)
                    .map(|k| {
                        let mid = (k * n as i32) as f64 - s0 as f64;
                        cdf(mid + hw) - cdf(mid - hw)
                    })
                    .sum::<f64>()
                    .min(1.0);
                let la = l[3] as f64 / 255.0 * c;
                std::array::from_fn(|i| (l[i] as f64 * c + b[i] as f64 * (1.0 - la)) as f32)
            })
            .collect();
        Hatch { table }
    }

    /// The pattern's period in px.
    pub fn period(&self) -> usize {
        self.table.len()
    }
}

/// Premultiplied RGBA, 0..=255 scale.
pub(super) fn premultiply([r, g, b, a]: [u8; 4]) -> [f32; 4] {
    let k = a as f32 / 255.0;
    [r as f32 * k, g as f32 * k, b as f32 * k, a as f32]
}
