//! Problem heatmaps: kernel density of problems (or inspection points) on a view,
//! coloured through a ramp, plus square/hex bins at screen scale, per-cell and
//! per-zone choropleth values, and the legend.
//!
//! The pipeline, cost O(locations + pixels), never locations × kernel area:
//! 1. **bin** ([`bin`]): each location's weight is split bilinearly over the four
//!    raster px around it (projection tabulated per frame);
//! 2. **blur** ([`blur`]): three box passes per axis approximating a Gaussian (or an
//!    exact separable Gaussian), on a raster padded by the kernel's reach;
//! 3. **colour** ([`palette`]): density → `t = density / domainMax` → 256-entry LUT.
//!
//! **Units.** Density is *weighted problems per km²* of ground. With the radius given
//! in metres the kernel covers the same ground at every zoom, so a fixed
//! `domainMax` gives a colour the same meaning at every zoom and from week to week.
//! When the kernel's σ reaches 4 device px the raster is coarsened by an integer
//! factor (σ stays 2–4 raster px) and sampled back bilinearly: a Gaussian that wide
//! has no detail finer than the coarse raster, and the cost stays flat however far
//! the map is zoomed in.
//!
//! **Kernel.** `radius` is 2σ of the Gaussian: the density one location adds falls
//! to e⁻² ≈ 13.5 % of its peak at the radius and to ~1 % at 1.5 × the radius.

pub use civicmap_kernels::heat::{bin, blur, colour as colour_kernel, splats};
mod colour;
mod density;
mod legend;
mod options;
mod pick;

pub use colour::{HeatRenderer, HeatStats};
pub use density::{HeatGrid, HeatProgress};
pub use legend::{legend, LegendStop};
pub use options::{BlurKind, HeatLayer, HeatOptions, Mode, Weights};
pub use pick::{ProblemShare, ProblemsAt};

#[cfg(test)]
mod tests;
