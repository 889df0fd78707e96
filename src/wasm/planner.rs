//! The planner's calls: assign and unassign cells, zones and points (one undo
//! history), chains, coverage, workload, rules and the responsibility table.
//! Convert and forward to [`crate::campaign`], nothing else; arguments are
//! read by [`super::args`] so that a wrong type is a plain thrown `Error`, never a
//! trap.

use super::args;
use super::*;
use crate::campaign::{AssignOptions, Layer, Rules, WorkloadOptions};

/// `owner`: a non-empty string.
fn owner_arg(value: &JsValue) -> Result<String, JsError> {
    let s = args::string(value, "owner")?;
    if s.trim().is_empty() {
        return Err(JsError::new(
            "owner: give the owner's id (use unassign… to take items back)",
        ));
    }
    Ok(s)
}

impl CivicMap {
    fn assign_js(
        &mut self,
        layer: Layer,
        ids: &JsValue,
        owner: Option<&JsValue>,
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        let ids = args::strings(ids, "ids")?;
        let owner = owner.map(owner_arg).transpose()?;
        let opts: AssignOptions = from_js(options, "options")?;
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        to_js(
            &self
                .inner
                .assign(layer, &ids, owner.as_deref(), &opts)
                .map_err(err)?,
        )
    }
}

#[wasm_bindgen]
impl CivicMap {
    /// Gives cells to an owner as one undoable step. `options`: `{dryRun}`.
    /// Returns `{layer, owner, assigned, unchanged, takenFrom: [{owner, count}],
    /// warnings: [{kind, message, owner, ownerLevel, layer, levels, max, count, ids}], dryRun}`.
    #[wasm_bindgen(js_name = assignCells, unchecked_return_type = "AssignReport")]
    pub fn assign_cells(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] owner: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Omit<AssignOptions, \"members\"> | null")]
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        self.assign_js(Layer::Cells, &ids, Some(&owner), options)
    }

    /// Takes cells back from their owners, as one undoable step.
    #[wasm_bindgen(js_name = unassignCells, unchecked_return_type = "AssignReport")]
    pub fn unassign_cells(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Omit<AssignOptions, \"members\"> | null")]
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        self.assign_js(Layer::Cells, &ids, None, options)
    }

    /// Gives zones to a lead owner; `options`: `{members: [ids or unit names], dryRun}`
    /// (without `members` each zone keeps its own).
    #[wasm_bindgen(js_name = assignZones, unchecked_return_type = "AssignReport")]
    pub fn assign_zones(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] owner: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AssignOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        self.assign_js(Layer::Zones, &ids, Some(&owner), options)
    }

    /// Takes the lead of zones away (members stay unless `options.members` says).
    #[wasm_bindgen(js_name = unassignZones, unchecked_return_type = "AssignReport")]
    pub fn unassign_zones(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AssignOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        self.assign_js(Layer::Zones, &ids, None, options)
    }

    /// Gives inspection points to an owner (挂点); `options`: `{dryRun}`.
    #[wasm_bindgen(js_name = assignPoints, unchecked_return_type = "AssignReport")]
    pub fn assign_points(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] owner: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Omit<AssignOptions, \"members\"> | null")]
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        self.assign_js(Layer::Points, &ids, Some(&owner), options)
    }

    /// Takes inspection points back from their holders, as one undoable step.
    #[wasm_bindgen(js_name = unassignPoints, unchecked_return_type = "AssignReport")]
    pub fn unassign_points(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Omit<AssignOptions, \"members\"> | null")]
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        self.assign_js(Layer::Points, &ids, None, options)
    }

    /// Undoes the last assignment of cells, zones or points; false when none.
    pub fn undo(&mut self) -> bool {
        self.inner.undo()
    }

    pub fn redo(&mut self) -> bool {
        self.inner.redo()
    }

    #[wasm_bindgen(js_name = canUndo)]
    pub fn can_undo(&self) -> bool {
        self.inner.can_undo()
    }

    /// How many assignments can be undone now (the latest 1,000 at most).
    #[wasm_bindgen(js_name = undoDepth)]
    pub fn undo_depth(&self) -> usize {
        self.inner.undo_depth()
    }

    #[wasm_bindgen(js_name = canRedo)]
    pub fn can_redo(&self) -> bool {
        self.inner.can_redo()
    }

    /// Gaps, conflicts and breaches of the rules: `{unassignedCells,
    /// pointsOutsideCells, problemsOutsideCells, conflicts, levels, completeCells,
    /// missing: [{level, cells}], unheldZones, unheldPoints, idleOwners, overLimit,
    /// levelMismatches}`.
    #[wasm_bindgen(unchecked_return_type = "Coverage")]
    pub fn coverage(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.coverage())
    }

    /// One row per owner: `workload(asOf?, from?, to?)`, days as "YYYY-MM-DD";
    /// `asOf` (the day overdue is reckoned on) defaults to today, `from`..`to` is
    /// the window of closed problems (all when left out).
    #[wasm_bindgen(unchecked_return_type = "Workload[]")]
    pub fn workload(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null", js_name = asOf)]
        as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] from: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] to: JsValue,
    ) -> Result<JsValue, JsError> {
        // Positional days rather than an options object: no deserializer for it in
        // the module (about 1 KB gzipped).
        let day = |v: &JsValue, name: &str| -> Result<Option<Day>, JsError> {
            args::opt_string(v, name)?
                .map(|t| crate::parse_day(&t).map_err(|e| JsError::new(&format!("{name}: {e}"))))
                .transpose()
        };
        let o = WorkloadOptions {
            as_of: Some(day_or_ledger(&self.inner, &as_of)?),
            from: day(&from, "from")?,
            to: day(&to, "to")?,
        };
        to_js(&self.inner.workload_with(&o))
    }

    /// The chain of a cell from level 1 to the cells' level, or undefined.
    #[wasm_bindgen(js_name = cellChain, unchecked_return_type = "CellChain | undefined")]
    pub fn cell_chain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        let id = args::string(&id, "id")?;
        match self.inner.cell_chain(&id) {
            Some(c) => to_js(&c),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The cells a zone covers (`kind` "zone") or an owner answers for ("owner":
    /// held, or under zones they lead or join), as a Uint32Array of positions in
    /// the order of `exportCells`: what the page washes when a zone or a workload row
    /// is picked.
    #[wasm_bindgen(js_name = cellsOf)]
    pub fn cells_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "'zone' | 'owner'")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<Vec<u32>, JsError> {
        let (kind, id) = (args::string(&kind, "kind")?, args::string(&id, "id")?);
        let m = &self.inner;
        Ok(match kind.as_str() {
            "zone" => match m.zone_pos(&id) {
                Some(z) => m.cover().cells_of(z).to_vec(),
                None => return Err(JsError::new(&format!("unknown zone `{id}`"))),
            },
            "owner" => m.owner_cells(&id),
            _ => return Err(JsError::new("kind: use \"zone\" or \"owner\"")),
        })
    }

    /// Every cell's chain, in the order of `exportCells` (the tables module only).
    #[cfg(feature = "tables")]
    #[wasm_bindgen(unchecked_return_type = "CellChain[]")]
    pub fn chains(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.chains())
    }

    /// Replaces the planner's rules: `setRules(levels, pointLevels?, limits?)`, the
    /// levels as arrays of numbers (`[1, 2, 3]` for a three-level city), the limits
    /// as a flat array of `ownerLevel, layer, zoneLevel, max` fours (0 for any
    /// level; layer 0 cells, 1 zones, 2 points): `[1, 1, 3, 2]` is "a level-1 owner
    /// holds at most 2 level-3 zones". Left out, pointLevels and limits keep the
    /// defaults. Numbers rather than an options object: its deserializer cost
    /// 3.3 KB of the gzipped module.
    #[wasm_bindgen(js_name = setRules)]
    pub fn set_rules(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number[]")] levels: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number[] | null", js_name = pointLevels)]
        point_levels: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number[] | null")] limits: JsValue,
    ) -> Result<(), JsError> {
        let small = |v: &JsValue, name: &str| -> Result<Vec<u8>, JsError> {
            args::f64s(v, name)?
                .into_iter()
                .map(|x| {
                    (x.fract() == 0.0 && (0.0..=255.0).contains(&x))
                        .then_some(x as u8)
                        .ok_or_else(|| JsError::new(&format!("{name}: {x} is not a level")))
                })
                .collect()
        };
        let d = Rules::default();
        let mut r = Rules {
            levels: small(&levels, "levels")?,
            point_levels: if args::absent(&point_levels) {
                d.point_levels
            } else {
                small(&point_levels, "pointLevels")?
            },
            limits: d.limits,
        };
        if !args::absent(&limits) {
            let xs = args::f64s(&limits, "limits")?;
            if xs.len() % 4 != 0 {
                return Err(JsError::new(
                    "limits: give ownerLevel, layer, zoneLevel, max fours",
                ));
            }
            r.limits.clear();
            for q in xs.chunks_exact(4) {
                let &[o, l, z, max] = q else { continue };
                if [o, l, z, max].iter().any(|x| x.fract() != 0.0 || *x < 0.0) {
                    return Err(JsError::new("limits: give whole numbers, 0 or more"));
                }
                let [o, l, z, max] = [o, l, z, max].map(|x| x.min(u32::MAX as f64) as u32);
                let level = |x: u32| (x > 0).then_some(x.min(255) as u8);
                r.limits.push(crate::campaign::Limit {
                    owner_level: level(o),
                    layer: match l {
                        0 => Layer::Cells,
                        1 => Layer::Zones,
                        2 => Layer::Points,
                        _ => {
                            return Err(JsError::new(
                                "limits: layer is 0 cells, 1 zones or 2 points",
                            ))
                        }
                    },
                    zone_level: level(z),
                    max: max as usize,
                });
            }
        }
        self.inner.set_rules(r).map_err(err)
    }

    /// The rules in force (the tables module only; chains name their levels).
    #[cfg(feature = "tables")]
    #[wasm_bindgen(unchecked_return_type = "Rules")]
    pub fn rules(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.rules())
    }

    // The tables are in the on-demand module only (feature `tables`).
    /// The responsibility table (责任分解表): `{name, columns: [{key, title}],
    /// rows: [[…]]}`. `options`: `{by: "owner" | "cell", asOf, tasks}`; `asOf`
    /// defaults to today.
    #[cfg(feature = "tables")]
    #[wasm_bindgen(js_name = responsibilityTable, unchecked_return_type = "Table")]
    pub fn responsibility_table(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TableOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        to_js(&self.table(options)?)
    }

    /// The same table as CSV text: UTF-8 with a BOM, formulas neutralised.
    #[cfg(feature = "tables")]
    #[wasm_bindgen(js_name = responsibilityCsv)]
    pub fn responsibility_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TableOptions | null")] options: JsValue,
    ) -> Result<String, JsError> {
        Ok(self.table(options)?.to_csv())
    }

    /// Both shapes of the table (or the one `options.by` names) as an .xlsx
    /// workbook, one sheet each: a Uint8Array to save as a file.
    #[cfg(all(feature = "tables", feature = "xlsx"))]
    #[wasm_bindgen(js_name = responsibilityXlsx)]
    pub fn responsibility_xlsx(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TableOptions | null")] options: JsValue,
    ) -> Result<Vec<u8>, JsError> {
        let value: serde_json::Value = if args::absent(&options) {
            serde_json::Value::Null
        } else {
            args::json(&options, "options")?
        };
        let both = value.get("by").is_none();
        let mut o: crate::campaign::TableOptions = if value.is_null() {
            crate::campaign::TableOptions::default()
        } else {
            serde_json::from_value(value).map_err(|e| JsError::new(&format!("options: {e}")))?
        };
        o.as_of.get_or_insert_with(today);
        let day = o.as_of.unwrap_or(0);
        let shapes = if both {
            vec![
                crate::campaign::TableShape::Owner,
                crate::campaign::TableShape::Cell,
            ]
        } else {
            vec![o.by]
        };
        let mut tables = vec![];
        for by in shapes {
            o.by = by;
            tables.push(self.inner.responsibility_table(&o).map_err(err)?);
        }
        crate::io::xlsx::to_xlsx(&tables.iter().collect::<Vec<_>>(), day)
            .map_err(|e| JsError::new(&e))
    }
}

#[cfg(feature = "tables")]
impl CivicMap {
    fn table(&self, options: JsValue) -> Result<crate::io::table::Table, JsError> {
        let mut o: crate::campaign::TableOptions = from_js_serde(options, "options")?;
        o.as_of.get_or_insert_with(today);
        self.inner.responsibility_table(&o).map_err(err)
    }
}

/// Any table as CSV the way the core writes its own (UTF-8 BOM, CRLF, text that a
/// spreadsheet would run as a formula neutralised, numbers as numbers): `titles`
/// are the column titles, each row as many cells (text, a number or null). For the
/// page's own tables (the bulletin tab's ranking), so that CSV is written in one
/// place. In the tables module only.
#[cfg(feature = "tables")]
#[wasm_bindgen(js_name = csvTable)]
pub fn csv_table(
    #[wasm_bindgen(unchecked_param_type = "string[]")] titles: JsValue,
    #[wasm_bindgen(unchecked_param_type = "(string | number | null)[][]")] rows: JsValue,
) -> Result<String, JsError> {
    use crate::table::{Column, Field, Table};
    let titles = args::strings(&titles, "titles")?;
    let rows: Vec<Vec<serde_json::Value>> = args::json(&rows, "rows")?;
    let mut table = Table {
        name: String::new(),
        columns: titles
            .into_iter()
            .map(|t| Column {
                key: String::new(),
                title: t,
            })
            .collect(),
        rows: Vec::with_capacity(rows.len()),
    };
    for (i, row) in rows.into_iter().enumerate() {
        if row.len() != table.columns.len() {
            return Err(JsError::new(&format!(
                "rows: row {i} has {} cells for {} columns",
                row.len(),
                table.columns.len()
            )));
        }
        let cells = row.into_iter().map(|v| match v {
            serde_json::Value::String(s) => Field::text(s),
            serde_json::Value::Number(n) => n.as_f64().map_or(Field::Empty, Field::Num),
            serde_json::Value::Null => Field::Empty,
            other => Field::text(other.to_string()),
        });
        table.rows.push(cells.collect());
    }
    Ok(table.to_csv())
}
