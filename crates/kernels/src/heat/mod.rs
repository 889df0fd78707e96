//! The heatmap's per-point and per-pixel work: binning locations onto a raster
//! ([`bin`]), the blur ([`blur`]) and the map's problems prepared for binning
//! ([`splats`]), and colouring the density ([`colour`]). Options, colouring and legends live in civicmap's `draw::heat`.

pub mod bin;
pub mod blur;
pub mod colour;
pub mod splats;
