//! The undo/redo history of planner operations: cells, zones and points in one
//! history, undone and redone in the order they were made. Below
//! [`super::map::Map`], which holds it, and [`super::assign`], which fills it.

use super::rules::Layer;

/// Who holds one cell, zone or point: the lead (or sole) holder and, for zones,
/// the units holding it jointly.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Holding {
    pub(crate) owner: Option<String>,
    pub(crate) members: Vec<String>,
}

/// One assignment as it can be undone: the items of one layer (positions), and
/// their holdings before and after.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) layer: Layer,
    pub(crate) items: Vec<u32>,
    pub(crate) before: Vec<Holding>,
    pub(crate) after: Vec<Holding>,
}

/// Undo/redo stacks. A new assignment drops what could be redone; loading cells,
/// zones or points clears both (steps refer to positions in the old layers).
#[derive(Debug, Clone, Default)]
pub struct History {
    pub(crate) done: Vec<Step>,
    pub(crate) undone: Vec<Step>,
}
