//! Hotspots that are statistics, not colours: the Getis-Ord Gi* statistic of each
//! cell's problem count over a date window, with binary distance-band weights
//! between cell interior points (the cell itself included), two-sided p-values, and
//! Benjamini–Hochberg control of the false discovery rate at 90, 95 and 99 %
//! confidence.
//!
//! For cell i with neighbours N(i) (cells whose interior points lie within the band
//! of i's, i itself included), counts x, n cells, mean x̄ and standard deviation
//! s = sqrt(Σx²/n − x̄²):
//!
//! ```text
//! Gi* = (Σ_{j∈N(i)} x_j − x̄·|N(i)|) / (s · sqrt((n·|N(i)| − |N(i)|²) / (n − 1)))
//! ```
//!
//! which is the z-score PySAL's `esda.G_Local(y, w, transform='B', star=True).Zs`
//! computes (tests/it/hotspots.rs checks it against esda to 1e-6). When every cell
//! has the same count (s = 0) no cell stands out: every z is 0 and every p is 1.
//! A cell whose band holds every cell has no variance either and gets z = 0.

use super::map::{Map, NO_CELL};
use crate::error::{Error, Result};
use crate::index::PointIndex;
use crate::model::{Day, LngLat};
use serde::{Deserialize, Serialize};

/// Hotspot options. From JS: `{from, to, bandM, fdr}` (every key optional).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct HotspotOptions {
    /// First day of the window (found on or after); none: from the start.
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub from: Option<Day>,
    /// Last day of the window (found on or before); none: to the end.
    #[serde(
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub to: Option<Day>,
    /// Distance band in metres between cell interior points (default 300).
    pub band_m: f64,
    /// Benjamini–Hochberg control of the false discovery rate (default true);
    /// false: each cell tested alone at 10/5/1 %.
    pub fdr: bool,
}

impl Default for HotspotOptions {
    fn default() -> Self {
        HotspotOptions {
            from: None,
            to: None,
            band_m: 300.0,
            fdr: true,
        }
    }
}

/// The significance levels, weakest first: a cell's confidence counts how many it
/// passes (1: 90 %, 2: 95 %, 3: 99 %).
pub const ALPHAS: [f64; 3] = [0.10, 0.05, 0.01];

/// One cell's statistic.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct HotCell {
    /// The cell's id.
    pub cell: String,
    /// Problems found in the cell in the window.
    pub count: f64,
    /// Cells in its band, itself included.
    pub neighbours: u32,
    /// Gi* z-score.
    pub z: f64,
    /// Two-sided p-value of `z` under the normal approximation.
    pub p: f64,
    /// +1/+2/+3: a hot spot at 90/95/99 % confidence; −1/−2/−3: a cold spot; 0:
    /// not significant.
    pub confidence: i8,
}

/// Gi* for every cell, in [`Map::cells`] order, and what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hotspots {
    /// One entry per cell, in cell order.
    pub cells: Vec<HotCell>,
    /// Problems counted (found in the window and inside a cell).
    pub problems: usize,
    /// Mean count per cell.
    pub mean: f64,
    /// Standard deviation of the counts (population).
    pub sd: f64,
    /// Distance band used, metres.
    pub band_m: f64,
    /// Whether the false discovery rate was controlled.
    pub fdr: bool,
    /// The largest p-value still significant at 90/95/99 % (0 when none is).
    pub p_cut: [f64; 3],
    /// Hot cells at 90/95/99 % confidence (each level counts the cells at it or
    /// above it).
    pub hot: [usize; 3],
    /// Cold cells at 90/95/99 % confidence, counted the same way.
    pub cold: [usize; 3],
}

/// Neighbour lists in compressed rows: the neighbours of i are
/// `ids[start[i]..start[i + 1]]`, sorted, i itself included.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Band {
    /// Row starts, one more than there are points.
    pub start: Vec<u32>,
    /// Neighbour ids, row after row.
    pub ids: Vec<u32>,
}

impl Band {
    /// Every pair of points at most `band_m` metres apart (haversine), each point
    /// its own neighbour. Cost: one radius query per point.
    pub fn within(points: &[LngLat], band_m: f64) -> Band {
        let index = PointIndex::build(points);
        let mut band = Band {
            start: Vec::with_capacity(points.len() + 1),
            ids: Vec::new(),
        };
        band.start.push(0);
        let mut row = Vec::new();
        for &p in points {
            row.clear();
            index.within_radius_m_into(p, band_m, &mut row);
            crate::sort::ids(&mut row);
            band.ids.extend_from_slice(&row);
            band.start.push(band.ids.len() as u32);
        }
        band
    }

    /// The neighbours of point `i`, itself included.
    pub fn of(&self, i: usize) -> &[u32] {
        &self.ids[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Gi* z-scores of `x` over `band` (each row including its own point); see the
/// module comment for the formula. All zeros when the counts do not vary.
pub fn gi_star(x: &[f64], band: &Band) -> Vec<f64> {
    let n = x.len() as f64;
    if x.len() < 2 {
        return vec![0.0; x.len()];
    }
    let mean = x.iter().sum::<f64>() / n;
    let var = (x.iter().map(|v| v * v).sum::<f64>() / n - mean * mean).max(0.0);
    let s = var.sqrt();
    (0..x.len())
        .map(|i| {
            let row = band.of(i);
            let c = row.len() as f64;
            let sum: f64 = row.iter().map(|&j| x[j as usize]).sum();
            let den = s * ((n * c - c * c) / (n - 1.0)).max(0.0).sqrt();
            if den > 0.0 && den.is_finite() {
                (sum - mean * c) / den
            } else {
                0.0
            }
        })
        .collect()
}

/// Two-sided p-value of a standard normal z: 2·(1 − Φ(|z|)) = erfc(|z|/√2).
pub fn p_two_sided(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0)
}

/// The Benjamini–Hochberg cut for level `alpha`: the largest p(k) with
/// p(k) ≤ k·alpha/m over the ascending p-values; every p at or below it is
/// significant. 0 when none is (so that only p = 0 would pass, and none has p = 0
/// unless its z is infinite).
pub fn bh_cut(sorted_p: &[f64], alpha: f64) -> f64 {
    let m = sorted_p.len() as f64;
    let mut cut = 0.0;
    for (k, &p) in sorted_p.iter().enumerate() {
        if p <= (k + 1) as f64 * alpha / m {
            cut = p;
        }
    }
    cut
}

impl Map {
    /// Gi* hot and cold spots of the problems found in a window, per cell.
    pub fn hotspots(&self, o: &HotspotOptions) -> Result<Hotspots> {
        if !(o.band_m.is_finite() && o.band_m >= 0.0) {
            return Err(Error::arg("bandM", "give a distance in metres, 0 or more"));
        }
        if let (Some(a), Some(b)) = (o.from, o.to) {
            if a > b {
                return Err(Error::arg("from", "the window starts after it ends"));
            }
        }
        let mut x = vec![0f64; self.cells.len()];
        let mut counted = 0;
        for (p, &cell) in self.problems.iter().zip(&self.problem_cell) {
            if cell != NO_CELL && p.found_within(o.from, o.to) {
                x[cell as usize] += 1.0;
                counted += 1;
            }
        }
        let band = Band::within(&self.cell_rep, o.band_m);
        let z = gi_star(&x, &band);
        let p: Vec<f64> = z.iter().map(|&z| p_two_sided(z)).collect();
        let p_cut = if o.fdr {
            let mut sorted = p.clone();
            crate::sort::floats(&mut sorted);
            ALPHAS.map(|a| bh_cut(&sorted, a))
        } else {
            // Without control: significant when p < alpha (the cut is just below).
            ALPHAS.map(|a| a * (1.0 - f64::EPSILON))
        };
        let n = x.len().max(1) as f64;
        let mean = x.iter().sum::<f64>() / n;
        let sd = (x.iter().map(|v| v * v).sum::<f64>() / n - mean * mean)
            .max(0.0)
            .sqrt();
        let mut out = Hotspots {
            cells: Vec::with_capacity(x.len()),
            problems: counted,
            mean,
            sd,
            band_m: o.band_m,
            fdr: o.fdr,
            p_cut,
            hot: [0; 3],
            cold: [0; 3],
        };
        for (i, cell) in self.cells.iter().enumerate() {
            let levels = p_cut
                .iter()
                .take_while(|&&cut| z[i] != 0.0 && p[i] <= cut && cut > 0.0)
                .count();
            for l in 0..levels {
                if z[i] > 0.0 {
                    out.hot[l] += 1;
                } else {
                    out.cold[l] += 1;
                }
            }
            out.cells.push(HotCell {
                cell: cell.id.clone(),
                count: x[i],
                neighbours: band.of(i).len() as u32,
                z: z[i],
                p: p[i],
                confidence: (levels as i8) * if z[i] > 0.0 { 1 } else { -1 },
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_are_two_sided() {
        assert!((p_two_sided(1.959_963_984_540_054) - 0.05).abs() < 1e-12);
        assert!((p_two_sided(-2.575_829_303_548_901) - 0.01).abs() < 1e-12);
        assert_eq!(p_two_sided(0.0), 1.0);
    }

    #[test]
    fn bh_cut_takes_the_largest_passing_p() {
        // m = 5, alpha = 0.05: thresholds 0.01, 0.02, 0.03, 0.04, 0.05. The second
        // p fails its own threshold but is under the third's passing p: step-up.
        let p = [0.001, 0.025, 0.029, 0.2, 0.9];
        assert_eq!(bh_cut(&p, 0.05), 0.029);
        assert_eq!(bh_cut(&[0.001, 0.03, 0.031, 0.2, 0.9], 0.05), 0.001);
        assert_eq!(bh_cut(&[0.02, 0.5], 0.01), 0.0);
    }

    #[test]
    fn gi_star_by_hand() {
        // Four points in a row, each the neighbour of the next: x = [4, 0, 0, 0].
        let band = Band {
            start: vec![0, 2, 5, 8, 10],
            ids: vec![0, 1, 0, 1, 2, 1, 2, 3, 2, 3],
        };
        let z = gi_star(&[4.0, 0.0, 0.0, 0.0], &band);
        // n = 4, mean 1, s = sqrt(16/4 - 1) = sqrt(3); cell 0: c = 2, sum 4:
        // (4 - 2) / (sqrt(3) * sqrt((8 - 4) / 3)) = 2 / 2 = 1.
        assert!((z[0] - 1.0).abs() < 1e-12, "{z:?}");
        // cell 1: c = 3, sum 4: (4 - 3) / (sqrt(3) * sqrt((12 - 9) / 3)) = 1/sqrt(3).
        assert!((z[1] - 1.0 / 3f64.sqrt()).abs() < 1e-12, "{z:?}");
        assert_eq!(gi_star(&[2.0, 2.0, 2.0, 2.0], &band), vec![0.0; 4]);
    }
}
