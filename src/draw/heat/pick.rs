//! Click the heat: which problems make up the density at a device pixel, and how
//! much each adds.
//!
//! The kernel pipeline is linear: bin (a bilinear splat of each weight over four
//! raster px), blur (separable box or Gaussian passes), sample (bilinear, times the
//! row's px → km² factor). So the density at pixel p is Σᵢ wᵢ · (sᵢ · Bᵀc): the
//! sampling weights c of p, blurred once by the transpose of the blur, read at the
//! four raster px of each problem's splat sᵢ. The blur is a symmetric convolution
//! and, for a pixel in view, never meets the raster's edge (the raster is padded by
//! the kernel's reach), so Bᵀc is the same blur applied to c. One extra blur and
//! one pass over the problems, however many there are: exact up to f32 rounding
//! (tests/it/heat.rs checks the parts' sum against the rendered grid to 1e-3
//! relative, and each part against the problem rendered alone).

use super::density::HeatGrid;
use super::options::{HeatLayer, HeatOptions, Mode};
use crate::campaign::map::Map;
use crate::draw::view::View;
use crate::error::{Error, Result};
use serde::Serialize;

/// One problem's part of a pixel's density.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ProblemShare {
    /// The problem's id.
    pub id: String,
    /// Its position in [`Map::problems`].
    pub index: u32,
    /// What it adds to the pixel, weighted problems per km².
    pub density: f64,
    /// Its fraction of the pixel's density.
    pub share: f64,
}

/// The problems under a pixel of the heatmap, largest part first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ProblemsAt {
    /// The pixel's density as the renderer computes it (weighted problems per km²).
    pub density: f64,
    /// The sum of every problem's part (equal to `density` up to f32 rounding).
    pub attributed: f64,
    /// How many problems add something.
    pub count: usize,
    /// The largest parts, at most `limit`.
    pub problems: Vec<ProblemShare>,
    /// What the problems beyond `limit` add together.
    pub rest: f64,
}

impl HeatGrid {
    /// The problems making up the kernel density at device pixel `(x, y)` of `view`
    /// under `opts`, largest part first (at most `limit` of them; the rest summed).
    /// Renders the density grid as a frame would.
    pub fn problems_at(
        &mut self,
        map: &Map,
        view: &View,
        opts: &HeatOptions,
        (x, y): (u32, u32),
        limit: usize,
    ) -> Result<ProblemsAt> {
        let opts = &opts.for_map(map)?;
        if opts.mode != Mode::Kernel || opts.layer != HeatLayer::Problems {
            return Err(Error::arg(
                "options",
                "problemsAt reads the kernel heatmap of problems (mode: kernel, layer: problems)",
            ));
        }
        let (dw, dh) = view.device_size();
        if x >= dw || y >= dh {
            return Err(Error::arg(
                "x/y",
                format!("device pixel ({x}, {y}) is outside the view's {dw} × {dh}"),
            ));
        }
        self.compute(map, view, opts)?;
        let kernel = self
            .kernel
            .ok_or_else(|| Error::arg("view", "nothing rendered"))?;
        let s = self.spec;
        // The sampling weights of the pixel (as density_km2), blurred.
        let pu = s
            .to_grid(x as f64 + 0.5)
            .clamp(0.0, (s.w - 1) as f64 - 1e-9);
        let pv = s
            .to_grid(y as f64 + 0.5)
            .clamp(0.0, (s.h - 1) as f64 - 1e-9);
        let (i, j) = (pu as usize, pv as usize);
        let (fx, fy) = ((pu - i as f64) as f32, (pv - j as f64) as f32);
        let (r0, r1) = (self.per_km2_row[j], self.per_km2_row[(j + 1).min(s.h - 1)]);
        let mut resp = vec![0f32; s.w * s.h];
        let k = j * s.w + i;
        resp[k] = (1.0 - fx) * (1.0 - fy) * r0;
        resp[k + 1] = fx * (1.0 - fy) * r0;
        resp[k + s.w] = (1.0 - fx) * fy * r1;
        resp[k + s.w + 1] = fx * fy * r1;
        self.blur.run(&mut resp, s.w, s.h, kernel);

        // Each problem's splat read against the response, positions as the
        // frame's splats place them.
        let world = &self.cache.world;
        let (ws, wu, wv) = self.binner.world_affine();
        let frame = world.frame;
        let (a, wu, wv) = (
            ws / frame.scale,
            frame.origin.0 * ws + wu,
            frame.origin.1 * ws + wv,
        );
        // Beyond the kernel's reach (plus the splat's and the sample's px) a part is
        // zero; what the running sums leave there is rounding, not a problem.
        let reach = kernel.support() as f64 + 2.0;
        let problems = map.problems();
        let mut parts: Vec<(u32, f64)> = Vec::new();
        for ((&id, &px), &py) in world.ids.iter().zip(&world.x).zip(&world.y) {
            // Position first: the slots are read in order, a record only when near.
            let (u, v) = (px as f64 * a + wu, py as f64 * a + wv);
            if (u - pu).abs() > reach || (v - pv).abs() > reach {
                continue;
            }
            let p = &problems[id as usize];
            if !opts.in_window(p) {
                continue;
            }
            let wt = opts.weights.of(p, opts.as_of) as f32;
            if !(wt > 0.0 && u >= 0.0 && v >= 0.0 && u < (s.w - 1) as f64 && v < (s.h - 1) as f64) {
                continue;
            }
            let (i, j) = (u as usize, v as usize);
            let (fx, fy) = ((u - i as f64) as f32, (v - j as f64) as f32);
            let k = j * s.w + i;
            let r = &resp[k..k + s.w + 2];
            let d = wt
                * ((1.0 - fy) * ((1.0 - fx) * r[0] + fx * r[1])
                    + fy * ((1.0 - fx) * r[s.w] + fx * r[s.w + 1]));
            if d > 0.0 {
                parts.push((id, d as f64));
            }
        }
        let attributed: f64 = parts.iter().map(|p| p.1).sum();
        let density = self.pixel_km2(x, y) as f64;
        crate::sort::by(&mut parts, &|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let count = parts.len();
        let rest = parts.iter().skip(limit).map(|p| p.1).sum();
        parts.truncate(limit);
        let whole = if density > 0.0 { density } else { attributed };
        Ok(ProblemsAt {
            density,
            attributed,
            count,
            problems: parts
                .into_iter()
                .map(|(i, d)| ProblemShare {
                    id: problems[i as usize].id.clone(),
                    index: i,
                    density: d,
                    share: if whole > 0.0 { d / whole } else { 0.0 },
                })
                .collect(),
            rest,
        })
    }
}
