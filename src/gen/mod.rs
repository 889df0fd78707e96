//! Synthetic campaign data on a real district, deterministic by seed.
//!
//! Real: the district outline (Tianditu) and the codes and names of its
//! sub-districts and communities (NBS), read by [`District::from_dir`] from data/districts.
//! Made up here: everything else — the unit grid's cells are real geometry derived
//! from the outline, but the zone shapes, the people, the inspection points and the
//! problems are synthetic, and every file says so in its metadata (`x_synthetic`).
//!
//! ```no_run
//! # use civicmap::gen::*;
//! let district = District::from_dir(std::path::Path::new("data/districts"), "430408").unwrap();
//! let world = World::build(&district, &Options { seed: 42, problems: 20_000, ..Options::default() });
//! let cells = world.cells_geojson();
//! let mut problems = Vec::new();
//! world.write_problems(&mut problems).unwrap(); // streams: fine for 10 M
//! ```
//!
//! Stages draw from separate PCG-64 streams (src/gen/rng.rs), so the problem count
//! changes only problems.geojson. Same seed, same bytes: the streams and the integer
//! arithmetic are fixed. A few libm calls (`cos` of the frame's latitude, `ln`/`cos` of
//! the normal deviates, `exp` of weights) may differ in the last bit between
//! platforms; positions are rounded to 10⁻⁶° afterwards, so only such a difference
//! landing on a rounding or comparison boundary could tell two platforms apart. This
//! is tested on Linux x86-64 only.
//!
//! data/SCHEMA.md documents the cell codes (GB/T 30428.1) and data/SOURCES.md what
//! is real.

// Native only (the wasm module is built without the `gen` feature), so the standard
// sorts that clippy.toml keeps out of the library are fine here.
#![allow(clippy::disallowed_methods)]

mod build;
pub mod district;
mod files;
pub mod grid;
mod leaders;
mod names;
mod points;
mod problems;
pub(crate) mod rng;
mod world;
mod write;
mod zones;

pub use district::{Community, District, Frame, Street};
pub use grid::{Grid, CELL_M};
pub use problems::{GenProblem, Problems, DAYS};
pub use world::{
    known_urban_centre, GenOwner, GenPoint, GenZone, Options, World, DEMO_DISTRICT, DEMO_PROBLEMS,
    DEMO_SEED, TIANDITU_CREDIT,
};

#[cfg(test)]
mod tests;
