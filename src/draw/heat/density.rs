//! The density grid: a view's problems binned onto a raster and blurred, in weight
//! per raster px with a per-row factor to weighted problems per km²; the map's
//! problems prepared for binning are cached between frames.

use super::bin::{Binner, GridSpec};
use super::blur::{Blur, Kernel};
use super::options::{BlurKind, HeatLayer, HeatOptions, Weights};
use super::splats::{self, Splats, SplatsBuilder, World, WorldBuilder};
use crate::campaign::map::Map;
use crate::draw::view::View;
use crate::error::{Error, Result};
use crate::model::*;

/// The density raster of one view: bin + blur, in raster units (weight per raster
/// px); [`HeatGrid::density_km2`] converts to weighted problems per km².
#[derive(Debug, Clone, Default)]
pub struct HeatGrid {
    /// The raster's size, padding and device px per raster px.
    pub spec: GridSpec,
    /// Weight per raster px, `spec.w × spec.h`, row-major.
    pub data: Vec<f32>,
    /// km² → per raster px, for each raster row (Mercator's scale varies with latitude).
    pub per_km2_row: Vec<f32>,
    pub(super) binner: Binner,
    pub(super) blur: Blur,
    /// The last frame's kernel (what [`HeatGrid::problems_at`] blurs with).
    pub(super) kernel: Option<Kernel>,
    /// Locations that reached the raster.
    pub binned: usize,
    /// Their total weight.
    pub total_weight: f64,
    /// The kernel's σ in device px.
    pub sigma_px: f64,
    pub(super) cache: WorldCache,
}

/// The map's problems prepared for binning ([`splats`]), kept between frames: the
/// positions until the problems or the base system change (keyed on
/// [`Map::problems_generation`]), the weighted splats until the weighting options
/// change too. A frame's hot loop then reads one 12-byte record per problem.
#[derive(Debug, Clone, Default)]
pub(super) struct WorldCache {
    key: Option<(u64, crate::Crs)>,
    pub(super) world: World,
    /// The problems' ids in the point tree's order, gathered a slice at a time
    /// for the world about to be built, for the key it is gathered for.
    gathering: Option<((u64, crate::Crs), Vec<u32>)>,
    /// A world being built a slice at a time ([`HeatGrid::prepare_problems`]), for
    /// the key it is built for.
    building: Option<((u64, crate::Crs), WorldBuilder)>,
    /// What the weights depend on besides the problems: weights, from, to, asOf.
    splats_key: Option<WeightKey>,
    splats: Splats,
    /// The weights being computed a slice at a time.
    weighing: Option<Weighing>,
}

/// The weights of the splats being made, by record and then by slot, for `key`;
/// then the splats themselves.
#[derive(Debug, Clone)]
struct Weighing {
    key: WeightKey,
    by_id: Vec<f32>,
    by_slot: Vec<f32>,
    splats: Option<SplatsBuilder>,
}

type WeightKey = (Weights, Option<Day>, Option<Day>, Option<Day>);

/// Passes over the problems in preparing their heatmap ([`HeatProgress`]).
const PASSES: usize = 9;

/// How far the heatmap's preparation for the map's problems has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct HeatProgress {
    /// Whether the next frame renders without preparing anything.
    pub ready: bool,
    /// Work done, in problems passed (each problem is passed nine times: its id
    /// in the tree's order, three for its position, two for its weight, three
    /// for its splat).
    pub done: usize,
    /// Work in all.
    pub total: usize,
}

impl WorldCache {
    /// Brings the world and the splats up to date: the map's problems with a
    /// positive weight under `opts`, for base system `crs`. Does at most `budget`
    /// problems' worth of work per call (usize::MAX: all of it), a slice of one
    /// pass: the ids in the tree's order, the world's three, the weights' two,
    /// then the splats' three.
    fn prepare(
        &mut self,
        map: &Map,
        crs: crate::Crs,
        opts: &HeatOptions,
        mut budget: usize,
    ) -> HeatProgress {
        let key = (map.problems_generation(), crs);
        let problems = map.problems();
        let n = problems.len();
        if self.key != Some(key) {
            if self.building.as_ref().map(|b| b.0) != Some(key) {
                if self.gathering.as_ref().map(|g| g.0) != Some(key) {
                    // The old world and splats are for other problems: their memory
                    // goes now, not after the new ones are made.
                    self.world = World::default();
                    self.splats = Splats::default();
                    self.weighing = None;
                    self.key = None;
                    self.building = None;
                    self.gathering = Some((key, Vec::with_capacity(n)));
                }
                let Some((_, ids)) = self.gathering.as_mut() else {
                    return HeatProgress::default();
                };
                // The problem index is built over exactly these problems; its order
                // keeps neighbours on the ground next to each other. A slice at a
                // time: 10M at once held the first call 121 ms in Node.
                let index = map.problem_index();
                let (from, to) = (ids.len(), ids.len().saturating_add(budget.max(1)).min(n));
                if index.len() == n {
                    ids.extend(index.ids_in_tree_order_from(from).take(to - from));
                } else {
                    ids.extend(from as u32..to as u32);
                }
                if ids.len() < n {
                    return HeatProgress {
                        ready: false,
                        done: ids.len(),
                        total: PASSES * n,
                    };
                }
                let Some((_, ids)) = self.gathering.take() else {
                    return HeatProgress::default();
                };
                self.building = Some((key, WorldBuilder::new(crs, ids, n)));
                // The rest of the budget goes on (all of it, for a render that
                // prepares at once).
                if budget <= to - from {
                    return HeatProgress {
                        ready: false,
                        done: n,
                        total: PASSES * n,
                    };
                }
                budget -= to - from;
            }
            let Some((_, b)) = self.building.as_mut() else {
                return HeatProgress::default();
            };
            if !b.step(budget, |i| problems[i as usize].lnglat) {
                // The ids, three passes of the world, then two of the weights.
                let (done, total) = b.progress();
                return HeatProgress {
                    ready: false,
                    done: n + done,
                    total: n + total + (PASSES - 4) * n,
                };
            }
            if let Some((_, b)) = self.building.take() {
                self.world = b.finish();
            }
            self.key = Some(key);
            self.splats_key = None;
        }
        let key = (opts.weights.clone(), opts.from, opts.to, opts.as_of);
        if self.splats_key.as_ref() != Some(&key) {
            // The weights by record, then by slot, in slices too: a pass over every
            // record, then a read at random per slot.
            if self.weighing.as_ref().map(|w| &w.key) != Some(&key) {
                self.weighing = Some(Weighing {
                    key: key.clone(),
                    by_id: Vec::with_capacity(problems.len()),
                    by_slot: Vec::new(),
                    splats: None,
                });
            }
            let Some(w) = self.weighing.as_mut() else {
                return HeatProgress::default();
            };
            let mut left = budget.max(1);
            if w.splats.is_none() {
                let from = w.by_id.len();
                let to = from.saturating_add(left).min(n);
                w.by_id
                    .extend(problems.get(from..to).unwrap_or_default().iter().map(|p| {
                        if opts.in_window(p) {
                            opts.weights.of(p, opts.as_of) as f32
                        } else {
                            0.0
                        }
                    }));
                left -= to - from;
                let slots = self.world.ids.len();
                if to == n && left > 0 {
                    let from = w.by_slot.len();
                    let to = from.saturating_add(left).min(slots);
                    if from == 0 {
                        w.by_slot.reserve_exact(slots);
                    }
                    splats::gather_weights(&self.world, &w.by_id, from..to, &mut w.by_slot);
                    left -= to - from;
                }
                if w.by_id.len() < n || w.by_slot.len() < slots {
                    return HeatProgress {
                        ready: false,
                        done: 4 * n + w.by_id.len() + w.by_slot.len(),
                        total: PASSES * n,
                    };
                }
                w.by_id = Vec::new();
                w.splats = Some(SplatsBuilder::new(
                    &self.world,
                    std::mem::take(&mut w.by_slot),
                ));
            }
            let Some(b) = w.splats.as_mut() else {
                return HeatProgress::default();
            };
            // The splats, a slice at a time too: 10M at once held the last call
            // 62–100 ms in Node.
            if left == 0 || !b.step(&self.world, left) {
                let (done, total) = b.progress();
                return HeatProgress {
                    ready: false,
                    done: 6 * n + done.min(total).min(3 * n),
                    total: PASSES * n,
                };
            }
            if let Some(b) = self.weighing.take().and_then(|w| w.splats) {
                self.splats = b.finish();
            }
            self.splats_key = Some(key);
        }
        HeatProgress {
            ready: true,
            done: PASSES * n,
            total: PASSES * n,
        }
    }
}

impl HeatGrid {
    /// An empty grid; [`HeatGrid::compute`] sizes it for a view.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prepares the map's problems for the heatmaps of `opts` in base system `crs`,
    /// at most `budget` problems' worth of work per call, and says how far it got.
    /// A page with millions of problems calls it once a frame until it is ready,
    /// then renders; a render before that prepares whatever is left at once.
    /// Points and bins need no preparation.
    pub fn prepare_problems(
        &mut self,
        map: &Map,
        crs: crate::Crs,
        opts: &HeatOptions,
        budget: usize,
    ) -> Result<HeatProgress> {
        let opts = &opts.for_map(map)?;
        opts.check()?;
        if opts.layer != HeatLayer::Problems || opts.mode != super::options::Mode::Kernel {
            return Ok(HeatProgress {
                ready: true,
                ..Default::default()
            });
        }
        Ok(self.cache.prepare(map, crs, opts, budget))
    }

    /// Sizes and clears the raster for `view` with a kernel of σ device px.
    pub fn prepare(
        &mut self,
        view: &View,
        sigma_dev: f64,
        blur: BlurKind,
        n_points: usize,
    ) -> Kernel {
        let factor = ((sigma_dev / 2.0).floor() as usize).max(1);
        // The bilinear splat widens the kernel by 1/6 raster px² per axis on average
        // (E[f(1-f)] over the position f in a px), and so does bilinear sampling when
        // the raster is coarser than the device; the blur makes up the rest.
        let sigma_g = sigma_dev / factor as f64;
        let extra = if factor > 1 { 1.0 / 3.0 } else { 1.0 / 6.0 };
        let sigma = (sigma_g * sigma_g - extra).max(0.0).sqrt() as f32;
        let kernel = match blur {
            BlurKind::Box => Kernel::box3(sigma),
            BlurKind::Gauss => Kernel::Gauss(sigma),
        };
        let (dw, dh) = view.device_size();
        let spec = GridSpec::new(dw, dh, factor, kernel.support() + 1);
        self.spec = spec;
        self.sigma_px = sigma_dev;
        self.data.clear();
        self.data.resize(spec.w * spec.h, 0.0);
        let proj = view.device_projector();
        self.binner.prepare(spec, &proj, n_points);
        self.per_km2_row.clear();
        for j in 0..spec.h {
            let y = spec.to_dev(j as f64);
            let lat = proj.px_to_base_lnglat(0.0, y).1;
            let side_m = view.metres_per_px_at(lat) / view.pixel_ratio * factor as f64;
            self.per_km2_row.push((1.0e6 / (side_m * side_m)) as f32);
        }
        self.binned = 0;
        self.total_weight = 0.0;
        self.kernel = Some(kernel);
        kernel
    }

    /// Adds a WGS-84 location with a weight.
    #[inline]
    pub fn add(&mut self, p: LngLat, weight: f32) {
        self.add_all(std::iter::once((p, weight)));
    }

    /// Adds many WGS-84 locations with their weights (the hot loop).
    pub fn add_all(&mut self, items: impl Iterator<Item = (LngLat, f32)>) {
        let (n, w) = self.binner.add_all(&mut self.data, items);
        self.binned += n;
        self.total_weight += w;
    }

    /// Bins the map's problems (or points) as `opts` says, then blurs.
    pub fn compute(&mut self, map: &Map, view: &View, opts: &HeatOptions) -> Result<()> {
        view.check().map_err(|e| Error::arg("view", e))?;
        let opts = &opts.for_map(map)?;
        opts.check()?;
        let n = match opts.layer {
            HeatLayer::Problems => map.problems().len(),
            HeatLayer::Points => map.points().len(),
        };
        let kernel = self.prepare(view, opts.sigma_dev_px(view), opts.blur, n);
        match opts.layer {
            HeatLayer::Problems => {
                self.cache.prepare(map, view.base_crs, opts, usize::MAX);
                let c = &self.cache;
                let (n, total) = c.splats.bin(&c.world, &self.binner, &mut self.data);
                self.binned += n;
                self.total_weight += total;
            }
            HeatLayer::Points => self.add_all(map.points().iter().map(|p| (p.lnglat, 1.0))),
        }
        self.blur(kernel);
        Ok(())
    }

    /// Bins bare locations (WGS-84) with optional weights (1 each when absent), then
    /// blurs: for callers that keep their own records.
    pub fn compute_points(
        &mut self,
        view: &View,
        coords: &[LngLat],
        weights: Option<&[f32]>,
        opts: &HeatOptions,
    ) -> Result<()> {
        view.check().map_err(|e| Error::arg("view", e))?;
        opts.check()?;
        if weights.is_some_and(|w| w.len() != coords.len()) {
            return Err(Error::arg("weights", "give one weight per location"));
        }
        let kernel = self.prepare(view, opts.sigma_dev_px(view), opts.blur, coords.len());
        match weights {
            Some(w) => self.add_all(coords.iter().copied().zip(w.iter().copied())),
            None => self.add_all(coords.iter().map(|&p| (p, 1.0))),
        }
        self.blur(kernel);
        Ok(())
    }

    /// Blurs the binned raster in place with `kernel` (σ in raster px).
    pub fn blur(&mut self, kernel: Kernel) {
        let (w, h) = (self.spec.w, self.spec.h);
        self.blur.run(&mut self.data, w, h, kernel);
    }

    /// Density (weighted problems per km²) at a continuous device position,
    /// bilinearly sampled from the raster.
    #[inline]
    pub fn density_km2(&self, x_dev: f64, y_dev: f64) -> f32 {
        let s = &self.spec;
        let u = s.to_grid(x_dev).clamp(0.0, (s.w - 1) as f64 - 1e-9);
        let v = s.to_grid(y_dev).clamp(0.0, (s.h - 1) as f64 - 1e-9);
        let (i, j) = (u as usize, v as usize);
        let (fx, fy) = ((u - i as f64) as f32, (v - j as f64) as f32);
        let k = j * s.w + i;
        let d = &self.data;
        let top = d[k] + (d[k + 1] - d[k]) * fx;
        let bottom = d[k + s.w] + (d[k + s.w + 1] - d[k + s.w]) * fx;
        let r0 = self.per_km2_row[j];
        let r1 = self.per_km2_row[(j + 1).min(s.h - 1)];
        top * r0 + (bottom * r1 - top * r0) * fy
    }

    /// Density of device px `(x, y)` (its centre).
    #[inline]
    pub fn pixel_km2(&self, x: u32, y: u32) -> f32 {
        self.density_km2(x as f64 + 0.5, y as f64 + 0.5)
    }

    /// Sum of weight over the whole padded raster (the blur keeps it).
    pub fn mass(&self) -> f64 {
        self.data.iter().map(|&v| v as f64).sum()
    }

    /// The largest density, and the `p`-th percentile of the non-zero densities,
    /// over the raster px that cover the view (histogram of 4096 bins: O(px)).
    pub fn percentile_km2(&self, p: f64) -> (f64, f64) {
        super::colour_kernel::percentile_km2(self.spec, &self.data, &self.per_km2_row, p)
    }
}
