//! One error type for the crate. Whole-call failures are [`Error`]; a feature that
//! fails validation is a [`Rejected`] row, and the rest of its file still loads.

use serde::Serialize;

/// A call that could not be carried out at all. Messages say what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("not GeoJSON: {0}")]
    NotGeoJson(String),
    #[error("not an owners list: {0}; give a JSON array of {{id, name, unit, level}} or a GeoJSON FeatureCollection of them")]
    NotOwners(String),
    #[error("unknown coordinate system `{0}`; use wgs84 (also CGCS2000, EPSG:4326, EPSG:4490), gcj02 or bd09")]
    UnknownCrs(String),
    #[error("unknown cell ids: {0}; load the cells first or check the ids")]
    UnknownCells(String),
    #[error("unknown zone ids: {0}; load the zones first or check the ids")]
    UnknownZones(String),
    #[error("unknown point ids: {0}; load the points first or check the ids")]
    UnknownPoints(String),
    #[error("unknown owner `{0}`; it is not in the loaded owners list")]
    UnknownOwner(String),
    #[error("argument `{name}`: {reason}")]
    BadArgument { name: &'static str, reason: String },
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
pub struct Rejected {
    /// Position in the file's `features` array (0-based).
    pub index: usize,
    /// The feature's id, when it had one.
    pub id: Option<String>,
    /// The property or member at fault (`geometry`, `id`, `owner`, …).
    pub field: String,
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
pub struct LoadReport {
    pub loaded: usize,
    pub rejected: Vec<Rejected>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
