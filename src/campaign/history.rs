//! The undo/redo history of planner operations. Below [`super::map::Map`], which
//! holds it, and [`super::assign`], which fills it.

/// One assignment as it can be undone: the cells, their owners before, the owner after.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) cells: Vec<u32>,
    pub(crate) before: Vec<Option<String>>,
    pub(crate) after: Option<String>,
}

/// Undo/redo stacks. A new assignment drops what could be redone.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub(crate) done: Vec<Step>,
    pub(crate) undone: Vec<Step>,
}
