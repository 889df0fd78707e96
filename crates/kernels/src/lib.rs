//! civicmap's kernels: the lower layers whose loops run per point, per pixel or per
//! query — positions and their range check ([`lnglat`]), the sorts ([`sort`]),
//! the spatial indexes ([`index`]), coordinate systems ([`crs`]), the Web Mercator
//! [`view`], colour ramps ([`palette`]), the anti-aliased [`raster`] and the
//! heatmap's binning, blur and splats ([`heat`]).
//!
//! A crate of its own so that it is compiled for speed (opt-level 3) while the
//! campaign above it (records, readers, the problem cycle, bindings: code that runs
//! once per call) is compiled for size: the wasm module must stay under 300 KB
//! gzipped. Knows nothing of the campaign; `civicmap` re-exports what callers use.
#![warn(missing_docs)]

pub mod crs;
pub mod heat;
pub mod index;
pub mod lnglat;
pub mod palette;
pub mod raster;
pub mod sort;
pub mod view;

/// An argument of the wrong kind or out of its range: the argument as the API names
/// it, and what it must be (civicmap turns it into its `Error::BadArgument`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadArg {
    /// The argument (`coords`, …).
    pub name: &'static str,
    /// What it must be.
    pub reason: String,
}

impl BadArg {
    /// An error for argument `name`.
    pub fn new(name: &'static str, reason: impl Into<String>) -> Self {
        BadArg {
            name,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for BadArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "argument `{}`: {}", self.name, self.reason)
    }
}
