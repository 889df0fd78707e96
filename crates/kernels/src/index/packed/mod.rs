//! A static packed R-tree over unit vectors: the points sorted along a Hilbert
//! curve ([`order`]), cut into leaves of [`NODE_SIZE`], each level of boxes packed
//! over the one below, as flatbush packs its tree. One flat array of points, one
//! of boxes, no node objects.
//!
//! Distances here are squared chords between unit vectors; they grow strictly with
//! the great-circle distance, so the order and the radius tests are exact on the
//! sphere, and a node's box gives a true lower bound.
//!
//! The boxes are taken in a turned frame, where the middle of the data's box is
//! +z: a city then lies nearly flat in x and y, and its boxes are thin along the
//! Earth's radius. The points themselves stay unturned, and every distance to a
//! point is computed from them as before, so the answers are the same bits as the
//! k-d tree's that this replaced; the leaf boxes are widened by more than the
//! rounding of the turn, so a box's distance stays a lower bound.
//!
//! History: this was a k-d tree laid out as kdbush's (median splits by selection).
//! Building it was 1.3–1.9× faster than flatbush and kdbush in wasm, and its
//! lazy best-first queries 1.1–1.6× faster than geokdbush; in a wasm profile
//! (`node --cpu-prof`) of the 100k build std's selection was 55 % of the time, and
//! of 10,000 10-nearest queries the lazy walk 70 %. The Hilbert build needs no
//! selection and [`PackedTree::nearest_k`] no per-point queue.

mod build;
mod knn;
mod lazy;
mod order;
mod tree;

pub use build::TreeBuild;
pub use lazy::Nearest;
pub use tree::{PackedTree, NODE_SIZE};
