//! Text as the readers take it: [`trim`], compiled for speed in civicmap-text.

pub use civicmap_text::trim;
