//! The planner's rules (四级包抓): which levels every cell's chain must have, which
//! owner levels may hold cells, zones and points, and how much one owner may hold.
//! Assignments warn against them and `coverage` reports what breaks them. Some
//! cities run three levels; their rules say `levels: [1, 2, 3]`.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A layer a planner assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum Layer {
    /// Grid cells.
    Cells,
    /// Responsibility zones.
    Zones,
    /// Inspection points.
    Points,
}

impl Layer {
    /// The key JS and messages use (`cells`, `zones`, `points`).
    pub fn key(self) -> &'static str {
        match self {
            Layer::Cells => "cells",
            Layer::Zones => "zones",
            Layer::Points => "points",
        }
    }
}

/// How much an owner of one level may hold. From JS: `{ownerLevel: 1, layer:
/// "zones", zoneLevel: 3, max: 2}` — a level-1 leader holds at most 2 communities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Limit {
    /// Owners of this level (every owner when absent).
    #[serde(default)]
    pub owner_level: Option<u8>,
    /// The layer counted.
    pub layer: Layer,
    /// For zones: only zones of this level count (all levels when absent).
    #[serde(default)]
    pub zone_level: Option<u8>,
    /// The most an owner may hold; zones count whether led or joined.
    pub max: usize,
}

/// The rules of one city. Every key is optional from JS:
/// `{levels: [1, 2, 3, 4], pointLevels: [3, 4], limits: [...]}`. (What tables call
/// the levels is an option of the table.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Rules {
    /// The levels every cell's chain must have, senior first. The last one is the
    /// level of cells: the cell's own holder answers at it.
    pub levels: Vec<u8>,
    /// Owner levels that may hold inspection points directly (处级干部包抓点位,
    /// section-level cadres filling in).
    pub point_levels: Vec<u8>,
    /// How much owners of each level may hold.
    pub limits: Vec<Limit>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            levels: vec![1, 2, 3, 4],
            point_levels: vec![3, 4],
            // Each city or district leader 挂点 one or two communities (the
            // campaign reports in data/SOURCES.md).
            limits: vec![
                Limit {
                    owner_level: Some(1),
                    layer: Layer::Zones,
                    zone_level: Some(3),
                    max: 2,
                },
                Limit {
                    owner_level: Some(2),
                    layer: Layer::Zones,
                    zone_level: Some(3),
                    max: 2,
                },
            ],
        }
    }
}

const DEFAULT_NAMES: [&str; 4] = ["一级", "二级", "三级", "四级"];

impl Rules {
    /// Checks the rules and fills in level names when none are given.
    pub fn checked(self) -> Result<Rules> {
        // Fixed messages: formatting the values would bring their Debug code into
        // the wasm module.
        let level = |l: &u8| (1..=4).contains(l);
        let why = if self.levels.is_empty()
            || !self.levels.iter().all(level)
            || self.levels.windows(2).any(|w| w[0] >= w[1])
        {
            Some((
                "rules.levels",
                "give levels from 1 to 4 in ascending order, e.g. [1, 2, 3, 4]",
            ))
        } else if !self.point_levels.iter().all(level) {
            Some(("rules.pointLevels", "give levels from 1 to 4"))
        } else if self
            .limits
            .iter()
            .any(|l| !l.owner_level.iter().all(level) || !l.zone_level.iter().all(level))
        {
            Some(("rules.limits", "ownerLevel and zoneLevel run from 1 to 4"))
        } else if self
            .limits
            .iter()
            .any(|l| l.zone_level.is_some() && l.layer != Layer::Zones)
        {
            Some(("rules.limits", "zoneLevel applies to zones only"))
        } else {
            None
        };
        match why {
            Some((what, reason)) => Err(Error::arg(what, reason)),
            None => Ok(self),
        }
    }

    /// The level of cells: the last of `levels`.
    pub fn cell_level(&self) -> u8 {
        self.levels.last().copied().unwrap_or(4)
    }

    /// What tables call each level when the table options do not say: 街道, 片区,
    /// 社区, 网格 for four levels, else 一级, 二级, ….
    pub fn default_level_names(&self) -> Vec<String> {
        if self.levels == [1, 2, 3, 4] {
            ["街道", "片区", "社区", "网格"].map(String::from).to_vec()
        } else {
            self.levels
                .iter()
                .map(|&l| DEFAULT_NAMES[(l as usize).clamp(1, 4) - 1].to_string())
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_checked_and_named() {
        let r = Rules::default().checked().unwrap();
        assert_eq!(r.cell_level(), 4);
        assert_eq!(r.default_level_names()[2], "社区");
        let three: Rules = serde_json::from_str(r#"{"levels":[1,2,3]}"#).unwrap();
        let three = three.checked().unwrap();
        assert_eq!(three.cell_level(), 3);
        assert_eq!(three.default_level_names(), ["一级", "二级", "三级"]);
        for bad in [
            r#"{"levels":[]}"#,
            r#"{"levels":[2,1]}"#,
            r#"{"levels":[1,5]}"#,
            r#"{"pointLevels":[0]}"#,
            r#"{"limits":[{"layer":"cells","zoneLevel":3,"max":1}]}"#,
        ] {
            let r: Rules = serde_json::from_str(bad).unwrap();
            assert!(r.checked().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Rules>(r#"{"level":[1]}"#).is_err());
    }
}
