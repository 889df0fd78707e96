//! `CivicMap`: the ledger date, the time-limit table, the problem cycle, the
//! supervisor's search, the journal and change events. Convert and forward to
//! [`crate::campaign::ledger`] and friends, nothing else.
//!
//! Every parameter is a `JsValue` read by [`super::args`]. Cards cross through
//! `to_js`, the serializer query hits use; journal entries and change events are
//! the journal's JSON lines (records as GeoJSON Features) through `JSON.parse`.
//! Inputs are read by the core's own `from_json`, which names unknown keys.

use super::args::{self, MAX_K};
use super::*;
use crate::{RecordInput, StepInput};

fn json_to_js(text: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(text).map_err(|_| JsError::new("internal: bad JSON"))
}

/// A required object (the call makes no sense without it) as a JSON value.
fn required(value: &JsValue, what: &str, shape: &str) -> Result<serde_json::Value, JsError> {
    if args::absent(value) {
        return Err(JsError::new(&format!("{what}: give {shape}")));
    }
    args::value(value, what)
}

impl CivicMap {
    /// The card of a problem, overdue reckoned on the map's day.
    fn card(&self, id: &str) -> Result<JsValue, JsError> {
        let day = ledger_day(&self.inner);
        to_js(&self.inner.problem_card(id, Some(day)).map_err(err)?)
    }

    /// Tells the `onChange` callback about entries `range` of the journal, each in
    /// its own microtask, so the callback runs after the call that made the change
    /// has returned and may use the map. What the callback throws is its own
    /// business: the change stands.
    fn announce(&self, range: std::ops::Range<usize>, replayed: bool) -> Result<(), JsError> {
        let Some(f) = &self.on_change else {
            return Ok(());
        };
        let queue = js_sys::Reflect::get(&js_sys::global(), &"queueMicrotask".into())
            .ok()
            .and_then(|q| q.dyn_into::<js_sys::Function>().ok());
        for e in self.inner.journal().get(range).unwrap_or_default() {
            let event = json_to_js(&e.to_line())?;
            let _ = js_sys::Reflect::set(&event, &"replayed".into(), &replayed.into());
            let _ = match &queue {
                Some(q) => q.call1(&JsValue::UNDEFINED, &f.bind1(&JsValue::UNDEFINED, &event)),
                None => f.call1(&JsValue::UNDEFINED, &event),
            };
        }
        Ok(())
    }

    fn announce_last(&self) -> Result<(), JsError> {
        let n = self.inner.journal().len();
        self.announce(n.saturating_sub(1)..n, false)
    }
}

#[wasm_bindgen]
impl CivicMap {
    /// The day queries, heatmaps and workload reckon from ("YYYY-MM-DD"): the one
    /// set with `setAsOf`, else the files' `x_as_of`, else today.
    #[wasm_bindgen(js_name = asOf)]
    pub fn as_of(&self) -> String {
        crate::format_day(ledger_day(&self.inner))
    }

    /// Sets the day to reckon from ("YYYY-MM-DD"); null or undefined goes back to
    /// the files' date (else today). Returns the day now in force.
    #[wasm_bindgen(js_name = setAsOf)]
    pub fn set_as_of(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | null")] day: JsValue,
    ) -> Result<String, JsError> {
        let d = args::opt_string(&day, "asOf")?
            .map(|t| crate::parse_day(&t).map_err(|e| JsError::new(&format!("asOf: {e}"))))
            .transpose()?;
        self.inner.set_as_of(d);
        Ok(self.as_of())
    }

    /// The time-limit table (限时整改): `{days: {garbage: 1, …}, maxDaysBySeverity,
    /// maxDaysBySource, maxExtensionDays}`.
    #[wasm_bindgen(js_name = timeLimits)]
    pub fn time_limits(&self) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.time_limits().to_json())
    }

    /// Replaces the time-limit table with a city's own (JSON text); what it leaves
    /// out keeps the default. Returns the whole table now in force.
    #[wasm_bindgen(js_name = loadTimeLimits)]
    pub fn load_time_limits(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsError> {
        let text = args::string(&text, "text")?;
        json_to_js(&self.inner.load_time_limits(&text).map_err(err)?.to_json())
    }

    /// Records a problem (登记): `{lng, lat, category, severity, source, point?,
    /// note?, photos?, found?, deadline?, by?, id?}` → its card (new id, cell,
    /// chain, deadline from the time-limit table, allowed steps).
    #[wasm_bindgen(js_name = recordProblem)]
    pub fn record_problem(&mut self, input: JsValue) -> Result<JsValue, JsError> {
        let v = required(
            &input,
            "recordProblem",
            "{lng, lat, category, severity, source, …}",
        )?;
        let mut input = RecordInput::from_json(&v).map_err(err)?;
        input.found.get_or_insert_with(|| ledger_day(&self.inner));
        let crate::Change::Problem(c) = &self.inner.record_problem(&input).map_err(err)?.change;
        let id = c.id.clone();
        self.announce_last()?;
        self.card(&id)
    }

    /// One step: `{action: "start" | "submit" | "pass" | "fail" | "extend" |
    /// "reopen" (or 开始整改, 提交复查, 复查通过, 复查未通过, 延期, 复发), by, on?, note?,
    /// deadline?, days?}` → the card. `extend` (延期, once per round) needs the
    /// reason in `note` (or `reason`) and the new `deadline` or the `days` to add.
    /// An illegal step throws, naming the status and the steps allowed.
    #[wasm_bindgen(js_name = stepProblem)]
    pub fn step_problem(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        input: JsValue,
    ) -> Result<JsValue, JsError> {
        let id = args::string(&id, "id")?;
        let v = required(&input, "stepProblem", "{action, by, on?, note?}")?;
        let mut input = StepInput::from_json(&v).map_err(err)?;
        input.on.get_or_insert_with(|| ledger_day(&self.inner));
        self.inner.step_problem(&id, &input).map_err(err)?;
        self.announce_last()?;
        self.card(&id)
    }

    /// A problem's card: its record (`{id, lng, lat, point, category, severity,
    /// status, found, deadline, source, note, photos, extension, history}`) with
    /// `pointName, cell, street, community, chain, asOf, daysOverdue, overdue,
    /// allowed` (the steps allowed now); undefined for an unknown id.
    pub fn problem(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        let id = args::string(&id, "id")?;
        match self.inner.problem_pos(&id) {
            Some(_) => self.card(&id),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The steps of a problem, oldest first: `[{action, on, by, note, status, deadline}]`.
    #[wasm_bindgen(js_name = problemHistory)]
    pub fn problem_history(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        let id = args::string(&id, "id")?;
        to_js(&self.inner.problem_history(&id).map_err(err)?)
    }

    /// A supervisor's search: the problems the filter keeps, within `radiusM`
    /// (null: anywhere), ordered by `sort` ("distance", "daysOverdue" or
    /// "deadline"; null: distance), the first `k` as hits (the shape of
    /// `nearestProblems`) → `{total, hits}`. Days reckoned on the map's day.
    #[wasm_bindgen(js_name = searchProblems)]
    pub fn search_problems(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | null")] radius_m: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null")] sort: JsValue,
        filter: JsValue,
    ) -> Result<JsValue, JsError> {
        let q = (args::lng(&lng, "lng")?, args::lat(&lat, "lat")?);
        let radius_m = match args::absent(&radius_m) {
            true => None,
            false => Some(args::metres(&radius_m, "radiusM")?),
        };
        let s = crate::ProblemSearch {
            k: args::count(&k, "k", MAX_K)?,
            radius_m,
            sort: match args::opt_string(&sort, "sort")? {
                Some(t) => crate::Sort::parse(&t).map_err(err)?,
                None => crate::Sort::Distance,
            },
            filter: problem_filter(&self.inner, filter)?,
        };
        to_js(&self.inner.search_problems(q, &s).map_err(err)?)
    }

    /// Every change since the problems were loaded, as JSON lines (one entry a
    /// line: `{v, seq, kind, action, id, before, after}`, the records as GeoJSON
    /// Features, as `exportProblems` writes them).
    #[wasm_bindgen(js_name = exportJournal)]
    pub fn export_journal(&self) -> String {
        crate::campaign::journal::to_text(self.inner.journal())
    }

    /// Replays a journal made on the same data; all or nothing: an entry that does
    /// not fit throws naming its line, and nothing is applied. Returns how many
    /// entries were applied; `onChange` hears each with `replayed: true`.
    #[wasm_bindgen(js_name = applyJournal)]
    pub fn apply_journal(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<usize, JsError> {
        let text = args::string(&text, "text")?;
        let range = self.inner.apply_journal(&text).map_err(err)?;
        let n = range.len();
        self.announce(range, true)?;
        Ok(n)
    }

    /// Calls `callback(change)` for every change (record, step, replayed entry) with
    /// the journal entry `{v, seq, kind, action, id, before, after, replayed}`
    /// (before/after: GeoJSON Features), in a microtask after the call returns.
    /// Null removes it.
    #[wasm_bindgen(js_name = onChange)]
    pub fn on_change(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "((change: any) => void) | null")] callback: JsValue,
    ) -> Result<(), JsError> {
        self.on_change = match args::absent(&callback) {
            true => None,
            false => Some(
                callback
                    .dyn_into::<js_sys::Function>()
                    .map_err(|_| JsError::new("onChange: give a function, or null to stop"))?,
            ),
        };
        Ok(())
    }
}
