//! [`ProblemRecord`]: a problem as the outside sees it — in change events, in the
//! journal, and in the cards the page shows. Every stored field and nothing
//! derived, so two records are equal exactly when the problems are.

use crate::model::*;
use serde::{Deserialize, Serialize};

/// A problem's stored fields as JSON (camelCase): `{id, lng, lat, point, category,
/// severity, status, found, deadline, source, note, photos, extension, history}`.
/// Numbers are written in the shortest form that reads back to the same double.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemRecord {
    pub id: String,
    pub lng: f64,
    pub lat: f64,
    #[serde(default)]
    pub point: Option<String>,
    pub category: ProblemKind,
    pub severity: u8,
    pub status: Status,
    #[serde(
        default,
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    pub found: Option<Day>,
    #[serde(
        default,
        deserialize_with = "crate::model::de_opt_day",
        serialize_with = "crate::model::ser_opt_day"
    )]
    pub deadline: Option<Day>,
    pub source: Source,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub photos: Vec<String>,
    #[serde(default)]
    pub extension: Option<Extension>,
    #[serde(default)]
    pub history: Vec<Step>,
}

impl From<&Problem> for ProblemRecord {
    fn from(p: &Problem) -> Self {
        ProblemRecord {
            id: p.id.clone(),
            lng: p.lnglat.0,
            lat: p.lnglat.1,
            point: p.point.clone(),
            category: p.kind,
            severity: p.severity,
            status: p.status,
            found: p.found,
            deadline: p.deadline,
            source: p.source,
            note: p.note().map(str::to_string),
            photos: p.photos().to_vec(),
            extension: p.extension().cloned(),
            history: p.history().to_vec(),
        }
    }
}

impl ProblemRecord {
    /// The problem this record describes (the log left out when it is empty).
    pub fn to_problem(&self) -> Problem {
        let log = ProblemLog {
            note: self.note.clone(),
            photos: self.photos.clone(),
            extension: self.extension.clone(),
            history: self.history.clone(),
        };
        Problem {
            id: self.id.clone(),
            lnglat: (self.lng, self.lat),
            point: self.point.clone(),
            kind: self.category,
            severity: self.severity,
            status: self.status,
            found: self.found,
            deadline: self.deadline,
            source: self.source,
            log: (!log.is_empty()).then(|| Box::new(log)),
        }
    }

    /// The first field in which two records differ, as `field: here X, there Y`
    /// (for errors that say why a journal entry does not fit).
    pub fn first_difference(&self, other: &ProblemRecord) -> Option<String> {
        let (a, b) = (
            serde_json::to_value(self).unwrap_or_default(),
            serde_json::to_value(other).unwrap_or_default(),
        );
        let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
            return None;
        };
        a.iter().find_map(|(k, va)| {
            let vb = b.get(k).unwrap_or(&serde_json::Value::Null);
            (va != vb).then(|| format!("`{k}`: here {va}, in the journal {vb}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_to_the_same_problem() {
        let p = Problem {
            id: "P1".into(),
            lnglat: (112.612_345_678_912_34, 26.9),
            point: Some("D0001".into()),
            kind: ProblemKind::Garbage,
            severity: 2,
            status: Status::Submitted,
            found: Some(20_000),
            deadline: Some(20_003),
            source: Source::CovertInspection,
            log: Some(Box::new(ProblemLog {
                note: Some("<b>桶满</b>".into()),
                photos: vec!["a.jpg".into()],
                extension: Some(Extension {
                    from: 20_001,
                    reason: "雨".into(),
                }),
                history: vec![],
            })),
        };
        let text = serde_json::to_string(&ProblemRecord::from(&p)).unwrap();
        assert!(text.contains(r#""status":"submitted""#), "{text}");
        let back: ProblemRecord = serde_json::from_str(&text).unwrap();
        assert_eq!(back.to_problem(), p);
        let mut q = back.clone();
        q.severity = 3;
        assert_eq!(
            back.first_difference(&q).as_deref(),
            Some("`severity`: here 2, in the journal 3")
        );
        let bare = Problem { log: None, ..p };
        assert_eq!(ProblemRecord::from(&bare).to_problem(), bare);
    }
}
