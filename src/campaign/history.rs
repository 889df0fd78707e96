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
/// zones or points clears both (steps refer to positions in the old layers). The
/// undo stack is bounded: at most [`MAX_UNDO_STEPS`] steps holding at most
/// [`MAX_UNDO_ITEMS`] items in all; past either, the oldest steps are forgotten (they
/// can no longer be undone; what they did stays done).
#[derive(Debug, Clone, Default)]
pub struct History {
    pub(crate) done: Vec<Step>,
    pub(crate) undone: Vec<Step>,
}

/// The most assignments that can be undone.
pub const MAX_UNDO_STEPS: usize = 1_000;
/// The most items (cells, zones, points) the undo stack holds in all: a step over
/// the whole demo grid holds 11,252, so about 90 such steps.
pub const MAX_UNDO_ITEMS: usize = 1_000_000;

impl History {
    /// Pushes a step made (or redone), forgetting the oldest ones past the bounds.
    pub(crate) fn push_done(&mut self, step: Step) {
        self.done.push(step);
        let mut items: usize = self.done.iter().map(|s| s.items.len()).sum();
        let mut drop = 0;
        while self.done.len() - drop > MAX_UNDO_STEPS
            || (items > MAX_UNDO_ITEMS && self.done.len() - drop > 1)
        {
            items -= self.done[drop].items.len();
            drop += 1;
        }
        self.done.drain(..drop);
    }

    /// How many assignments can be undone now.
    pub fn undo_depth(&self) -> usize {
        self.done.len()
    }
}
