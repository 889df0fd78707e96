//! The responsibility table (责任分解表) for the official notice, in two shapes:
//! one row per owner (what they lead and hold, by name, with their problems and
//! the tasks of the campaign's 分工表), and one row per cell (its street,
//! community and holder at every level, by the chain rule of [`super::chains`]).
//! Written by [`crate::io::table`] as CSV, and as .xlsx natively.
//!
//! Names come from the data: a zone is written by its division (NBS name, 蒸湘街道)
//! or else its name; a holder by the owners list's name or else the id. A cell
//! without a name is called after its community and the sequence number of its
//! GB/T 30428.1 code (`红湖社区0034号网格`), or its id.

use super::map::Map;
use super::workload::WorkloadOptions;
use crate::error::{Error, Result};
use crate::io::table::{Column, Field, Table};
use crate::model::*;
use serde::{Deserialize, Deserializer};

/// One row per owner or one row per cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub enum TableShape {
    #[default]
    /// One row per owner and what they hold.
    Owner,
    /// One row per cell and its chain.
    Cell,
}

/// One task of a task list (分工表), given to the owners holding inspection points
/// of its category (or to every owner for `all` / `全部`), optionally only at one
/// level. From JS: `{category: "农贸市场", task, requirement, assessment, level}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Task {
    /// A point category (English key or Chinese name); None for every owner.
    #[serde(deserialize_with = "task_category")]
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "CategoryName | \"all\" | \"全部\" | \"*\"")
    )]
    pub category: Option<Category>,
    #[serde(default)]
    /// Only owners of this level get the task (every level when absent).
    pub level: Option<u8>,
    /// What to do (工作任务).
    pub task: String,
    #[serde(default)]
    /// The standard to meet (工作要求).
    pub requirement: String,
    /// 考核方法: how it is checked (材料审核, 实地考察, 问卷调查).
    #[serde(default)]
    pub assessment: String,
}

fn task_category<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Category>, D::Error> {
    let t = String::deserialize(d)?;
    match t.trim() {
        "all" | "全部" | "*" => Ok(None),
        other => Category::parse(other)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("{e}, all / 全部"))),
    }
}

/// Options of [`Map::responsibility_table`]. From JS: `{by: "owner" | "cell",
/// asOf: "2026-11-20", tasks: [...], levelNames: ["街道", "社区", "网格"]}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TableOptions {
    #[serde(default)]
    /// One row per owner or per cell.
    pub by: TableShape,
    /// The day overdue problems are reckoned on (none overdue without it).
    #[serde(default, deserialize_with = "crate::model::de_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub as_of: Option<Day>,
    #[serde(default)]
    /// The task list handed out by point category.
    pub tasks: Vec<Task>,
    /// What the columns call each level of the rules, in their order (absent:
    /// [`super::rules::Rules::default_level_names`]).
    #[serde(default)]
    pub level_names: Vec<String>,
}

fn col(key: impl Into<String>, title: impl Into<String>) -> Column {
    Column {
        key: key.into(),
        title: title.into(),
    }
}

/// Distinct texts joined with `、`; empty when there are none.
fn join(items: Vec<&str>) -> Field {
    let mut v: Vec<&str> = Vec::with_capacity(items.len());
    for i in items {
        if !v.contains(&i) {
            v.push(i);
        }
    }
    Field::text(v.join("、"))
}

impl Map {
    /// The responsibility table in the shape the options ask for.
    pub fn responsibility_table(&self, opts: &TableOptions) -> Result<Table> {
        if !opts.level_names.is_empty() && opts.level_names.len() != self.rules.levels.len() {
            return Err(Error::arg(
                "levelNames",
                format!(
                    "gives {} names for the rules' {} levels",
                    opts.level_names.len(),
                    self.rules.levels.len()
                ),
            ));
        }
        for t in &opts.tasks {
            if t.level.is_some_and(|l| !(1..=4).contains(&l)) {
                return Err(Error::arg(
                    "tasks",
                    format!("task `{}`: level runs from 1 to 4", t.task),
                ));
            }
        }
        Ok(match opts.by {
            TableShape::Owner => self.owner_table(opts),
            TableShape::Cell => self.cell_table(opts),
        })
    }

    /// The labels of the zones `zs` (of one level, or all), joined.
    fn zone_labels(&self, zs: &[u32], level: Option<u8>) -> Field {
        join(
            zs.iter()
                .map(|&z| &self.zones[z as usize])
                .filter(|z| level.is_none_or(|l| z.level == l))
                .map(|z| z.label())
                .collect(),
        )
    }

    /// How tables write a holder: the owners list's name, else the id.
    fn holder_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.owner(id).map_or(id, |o| o.name.as_str())
    }

    fn owner_table(&self, opts: &TableOptions) -> Table {
        let r = &self.rules;
        let mut columns = vec![
            col("level", "层级"),
            col("unit", "责任单位"),
            col("name", "责任人"),
            col("title", "职务"),
        ];
        for (&l, name) in r.levels.iter().zip(&self.level_names(opts)) {
            columns.push(col(format!("zones{l}"), format!("包抓{name}")));
        }
        columns.extend([
            col("joined", "联合包抓"),
            col("points", "包抓点位"),
            col("cells", "网格数"),
            col("cellsCovered", "覆盖网格数"),
            col("areaKm2", "面积（平方公里）"),
            col("openProblems", "待整改问题"),
            col("overdueProblems", "超期问题"),
            col("task", "任务"),
            col("requirement", "要求"),
            col("assessment", "考核方法"),
        ]);

        let mut work = self.workload_with(&WorkloadOptions {
            as_of: opts.as_of,
            ..Default::default()
        });
        crate::sort::by(&mut work, &|a, b| {
            (a.level.unwrap_or(u8::MAX), &a.owner).cmp(&(b.level.unwrap_or(u8::MAX), &b.owner))
        });
        let all = self.holdings();
        let rows = work
            .iter()
            .map(|w| {
                let h = &all.held[all.find(&w.owner).unwrap_or(0)];
                let o = self.owner(&w.owner);
                // Someone outside the owners list who only joins zones is a unit
                // (联合包抓 departments): written in the unit column.
                let unit_only = o.is_none() && h.cells.is_empty() && h.zones_led.is_empty();
                let (unit, name) = match o {
                    Some(o) => (o.unit.clone(), o.name.clone()),
                    None if unit_only => (w.owner.clone(), String::new()),
                    None => (String::new(), w.owner.clone()),
                };
                let mut row = vec![
                    w.level.map_or(Field::Empty, |l| Field::Int(l as i64)),
                    Field::text(unit),
                    Field::text(name),
                    Field::text(o.map(|o| o.title.clone()).unwrap_or_default()),
                ];
                for &l in &r.levels {
                    row.push(self.zone_labels(&h.zones_led, Some(l)));
                }
                row.push(self.zone_labels(&h.zones_joined, None));
                row.push(join(
                    h.points
                        .iter()
                        .map(|&p| {
                            let p = &self.points[p as usize];
                            if p.name.is_empty() {
                                p.id.as_str()
                            } else {
                                p.name.as_str()
                            }
                        })
                        .collect(),
                ));
                row.push(Field::Int(w.cells as i64));
                row.push(Field::Int(w.cells_covered as i64));
                row.push(Field::Num((w.area_m2 / 1e3).round() / 1e3));
                row.push(Field::Int(w.open_problems as i64));
                row.push(Field::Int(w.overdue_problems as i64));
                let tasks: Vec<&Task> = opts
                    .tasks
                    .iter()
                    .filter(|t| t.level.is_none_or(|l| w.level == Some(l)))
                    .filter(|t| {
                        t.category.is_none_or(|c| {
                            h.points
                                .iter()
                                .any(|&p| self.points[p as usize].category == c)
                        })
                    })
                    .collect();
                for part in 0..3 {
                    let lines: Vec<&str> = tasks
                        .iter()
                        .map(|t| match part {
                            0 => t.task.as_str(),
                            1 => t.requirement.as_str(),
                            _ => t.assessment.as_str(),
                        })
                        .filter(|s| !s.is_empty())
                        .collect();
                    row.push(Field::text(lines.join("\n")));
                }
                row
            })
            .collect();
        Table {
            name: "责任分解表（按责任人）".into(),
            columns,
            rows,
        }
    }

    /// The level names the table's options give, or the defaults.
    fn level_names(&self, opts: &TableOptions) -> Vec<String> {
        if opts.level_names.is_empty() {
            self.rules.default_level_names()
        } else {
            opts.level_names.clone()
        }
    }

    fn cell_table(&self, opts: &TableOptions) -> Table {
        let r = &self.rules;
        let cell_level = r.cell_level();
        let mut columns = vec![col("code", "网格编码"), col("name", "网格名称")];
        for (&l, name) in r.levels.iter().zip(&self.level_names(opts)) {
            let zone_title = if l == cell_level {
                format!("{name}责任区")
            } else {
                name.clone()
            };
            columns.push(col(format!("zone{l}"), zone_title));
            columns.push(col(format!("owner{l}"), format!("{name}责任人")));
        }
        // The community column names unnamed cells: the level before the cells'.
        let community = r.levels.iter().rev().nth(1).copied();
        let rows = (0..self.cells.len() as u32)
            .map(|c| {
                let cell = &self.cells[c as usize];
                let covering = self.cover().zones_of(c);
                let at = |l: u8| {
                    covering
                        .iter()
                        .map(|&z| &self.zones[z as usize])
                        .filter(move |z| z.level == l)
                };
                let name = cell.name.clone().unwrap_or_else(|| {
                    let place = community.and_then(|l| at(l).next()).map(|z| z.label());
                    let seq = cell
                        .code
                        .as_deref()
                        .filter(|k| k.len() == 16 && k.bytes().all(|b| b.is_ascii_digit()))
                        .map(|k| &k[12..]);
                    match (place, seq) {
                        (Some(p), Some(s)) => format!("{p}{s}号网格"),
                        _ => cell.id.clone(),
                    }
                });
                let mut row = vec![
                    Field::text(cell.code.clone().unwrap_or_else(|| cell.id.clone())),
                    Field::text(name),
                ];
                for &l in &r.levels {
                    row.push(self.zone_labels(covering, Some(l)));
                    row.push(join(
                        self.holders_at(c, l)
                            .into_iter()
                            .map(|o| self.holder_name(o))
                            .collect(),
                    ));
                }
                row
            })
            .collect();
        Table {
            name: "责任分解表（按网格）".into(),
            columns,
            rows,
        }
    }
}
