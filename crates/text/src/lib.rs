//! The readers of a record's text values that run for every record of a file:
//! trimming ([`trim`]), a vocabulary's words ([`Words`]) and ISO dates
//! ([`iso_day`]). civicmap keeps the vocabularies, the messages and the records;
//! this crate only answers "which word" and "which day".
//!
//! Why a crate: civicmap is compiled for size (`opt-level = "z"`, README "Size"),
//! and these run three words and two dates a problem. Without them (constants in
//! their place) 50,000 problems loaded from a JS string in 0.84× the time in wasm;
//! here, at opt-level 3 and with the words found by a small hash instead of a
//! loop over them, the load took 0.96–0.98× the time it took with them in
//! civicmap, for no bytes of the gzipped module (`scripts/load-compare.mjs`,
//! 2026-12-03).

#![warn(missing_docs)]

mod day;
mod trim;
mod words;

pub use day::{days_from_civil, days_in_month, iso_day};
pub use trim::trim;
pub use words::Words;
