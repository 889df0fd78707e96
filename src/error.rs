//! One error type for the crate. Whole-call failures are [`Error`]; a feature that
//! fails validation is a [`Rejected`] row, and the rest of its file still loads.

use serde::Serialize;

/// A call that could not be carried out at all. Messages say what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The text is not JSON, or not a FeatureCollection (or Feature).
    #[error("not GeoJSON: {0}")]
    NotGeoJson(String),
    /// The text is not an owners list.
    #[error("not an owners list: {0}; give a JSON array of {{id, name, unit, level}} or a GeoJSON FeatureCollection of them")]
    NotOwners(String),
    /// A coordinate system name civicmap does not know.
    #[error("unknown coordinate system `{0}`; use wgs84 (also CGCS2000, EPSG:4326, EPSG:4490), gcj02 or bd09")]
    UnknownCrs(String),
    /// Cell ids that are not loaded (comma-separated).
    #[error("unknown cell ids: {0}; load the cells first or check the ids")]
    UnknownCells(String),
    /// An owner id that is not in the owners list.
    #[error("unknown owner `{0}`; it is not in the loaded owners list")]
    UnknownOwner(String),
    /// An argument of the wrong kind or out of its range.
    #[error("argument `{name}`: {reason}")]
    BadArgument {
        /// The argument, as the API names it (`radiusM`, `coords`, …).
        name: &'static str,
        /// What it must be.
        reason: String,
    },
    /// Every feature of a file was rejected, so the layer already loaded was kept.
    #[error("nothing loaded: all {} features of the file were rejected (first: {}); the {layer} already loaded are kept. Fix the file, or load with `allowEmpty: true` to leave the layer empty", rejected.len(), rejected.first().map(|r| r.to_string()).unwrap_or_default())]
    NothingLoaded {
        /// The layer that was kept ("cells", "problems", …).
        layer: &'static str,
        /// Every feature, with why it was rejected.
        rejected: Vec<Rejected>,
    },
}

impl Error {
    pub(crate) fn arg(name: &'static str, reason: impl Into<String>) -> Self {
        Error::BadArgument {
            name,
            reason: reason.into(),
        }
    }
}

/// A feature that was not loaded: where it is, which field, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Rejected {
    /// Position in the file's `features` array (0-based).
    pub index: usize,
    /// The feature's id, when it had one.
    pub id: Option<String>,
    /// The property or member at fault (`geometry`, `id`, `owner`, …).
    pub field: String,
    /// What is wrong and, where it helps, what to write instead.
    pub reason: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "feature {}", self.index)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id})")?;
        }
        write!(f, ": field `{}`: {}", self.field, self.reason)
    }
}

/// What one load did: how many features were loaded and which were not.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct LoadReport {
    /// Features loaded.
    pub loaded: usize,
    /// Features not loaded, in file order.
    pub rejected: Vec<Rejected>,
}

/// A result whose error is civicmap's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
