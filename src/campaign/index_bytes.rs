//! What building a layer's indexes takes above its records, for the load's memory
//! budget (`crate::io::budget`): an estimate above what `examples/load_memory`
//! measured.

use crate::model::{GridCell, InspectionPoint, Problem, Zone};

/// For every record its place in the index and the id table, for a polygon its
/// vertices copied into the index and its edge bands, and the joins of the
/// `joined` points and problems redone (when the cells change).
pub(crate) fn index_bytes<T: Indexed>(items: &[T], joined: usize) -> usize {
    let vertices: usize = items.iter().map(Indexed::vertices).sum();
    items.len() * T::PER_RECORD + vertices * 64 + 8 * joined
}

/// A layer's records, for [`index_bytes`].
pub(crate) trait Indexed {
    /// Index and id-table bytes a record takes, vertices aside.
    const PER_RECORD: usize;
    /// The vertices of its polygon (0 for a point).
    fn vertices(&self) -> usize {
        0
    }
}

fn vertices_of(g: &geo::MultiPolygon<f64>) -> usize {
    g.iter()
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum()
}

impl Indexed for GridCell {
    const PER_RECORD: usize = 256;
    fn vertices(&self) -> usize {
        vertices_of(&self.geometry)
    }
}

impl Indexed for Zone {
    const PER_RECORD: usize = 256;
    fn vertices(&self) -> usize {
        vertices_of(&self.geometry)
    }
}

impl Indexed for InspectionPoint {
    const PER_RECORD: usize = 160;
}

impl Indexed for Problem {
    const PER_RECORD: usize = 160;
}
