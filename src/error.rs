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
    /// Zone ids that are not loaded (comma-separated).
    #[error("unknown zone ids: {0}; load the zones first or check the ids")]
    UnknownZones(String),
    /// Inspection point ids that are not loaded (comma-separated).
    #[error("unknown point ids: {0}; load the points first or check the ids")]
    UnknownPoints(String),
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
    /// A problem id that is not in the ledger.
    #[error(
        "unknown problem `{0}`; it is not in the ledger (check the id, or load the problems first)"
    )]
    UnknownProblem(String),
    /// A step the problem's status does not allow (see `campaign::cycle`).
    #[error("problem `{id}` is {status}: cannot {action}; {allowed}")]
    IllegalStep {
        /// The problem.
        id: String,
        /// The status, as `key (label)`.
        status: String,
        /// The refused step, as `key (label)`.
        action: String,
        /// What is allowed instead, in words.
        allowed: String,
    },
    /// A journal that does not fit the data; nothing of it was applied.
    #[error("journal line {line}: {reason}; nothing of the journal was applied")]
    BadJournal {
        /// The line of the journal (1-based).
        line: usize,
        /// What does not fit.
        reason: String,
    },
    /// A load (or another step sized by the caller) needs more memory than the
    /// module can get; nothing was changed.
    #[error("not enough memory for {what} ({mb} MB more; wasm memory ends at 4 GB); nothing changed. Load less at once (split the file by district or month) or free() unused maps")]
    OutOfMemory {
        /// What the memory was for (`the problems`).
        what: &'static str,
        /// How much was asked for, in MiB.
        mb: usize,
    },
    /// A time-limit table (限时整改 days per category) that cannot be read.
    #[error("not a time-limit table: {0}")]
    BadTimeLimits(String),
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
    /// The ledger date the file declares (`x_as_of`), when it declares one.
    #[serde(rename = "asOf", skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

/// A result whose error is civicmap's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<civicmap_kernels::crs::UnknownCrs> for Error {
    fn from(e: civicmap_kernels::crs::UnknownCrs) -> Self {
        Error::UnknownCrs(e.0)
    }
}

impl From<civicmap_kernels::BadArg> for Error {
    fn from(e: civicmap_kernels::BadArg) -> Self {
        Error::BadArgument {
            name: e.name,
            reason: e.reason,
        }
    }
}
