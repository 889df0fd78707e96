//! Spatial indexes and the geometry they stand on: metres on the sphere
//! ([`sphere`]), the static packed Hilbert R-tree under [`PointIndex`] ([`packed`]), the packed R-tree of
//! boxes ([`boxes`]) with exact point-in-polygon under [`PolygonIndex`] (edge [`bands`] for shapes
//! with many vertices), and a point inside each cell ([`interior`]).
//!
//! Knows only the records' coordinates ([`crate::lnglat::LngLat`]): nothing of the
//! campaign above it.

pub mod bands;
pub mod boxes;
pub mod buckets;
pub mod interior;
pub mod packed;
mod points;
mod polygons;
pub mod sphere;

pub use points::PointIndex;
pub use polygons::PolygonIndex;
