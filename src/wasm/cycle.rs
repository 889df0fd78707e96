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

// TypeScript for what the cycle's readers take and its JSON results give. They are
// read by hand over serde_json Values (`RecordInput::from_json`, `StepInput::from_json`,
// `TimeLimits::from_json`, io/record.rs: a derive per type cost the module ~25 KB
// gzipped), so these are written by hand, key for key what the readers accept;
// tests/package/node.test.mjs compares each interface's keys with the keys the
// reader names when it refuses one, and a card's and a change's keys with a real
// card and change. A custom section: wasm-bindgen moves it into civicmap.d.ts.
#[cfg(feature = "typescript")]
#[wasm_bindgen(typescript_custom_section)]
const CYCLE_TS: &str = r#"
/** What `recordProblem` takes (登记). Without `lng`/`lat` the problem is placed at
 * its inspection `point`; without `found`, the ledger date; without `deadline`, the
 * time-limit table gives it; without `id`, the ledger makes one (P20261120-001). */
export interface RecordInput {
    /** The id to record it under (unique in the ledger). */
    id?: string | null;
    /** Where, WGS-84 longitude (with `lat`). */
    lng?: number | null;
    /** Where, WGS-84 latitude (with `lng`). */
    lat?: number | null;
    /** The inspection point it was found at (its id). */
    point?: string | null;
    /** What kind of problem (问题类别). */
    category: ProblemKindName;
    /** 1 (minor) to 3 (serious). */
    severity: 1 | 2 | 3;
    /** How it was found: 明查, 暗访, 投诉, 媒体… */
    source: SourceName;
    /** What the supervisor wrote. */
    note?: string | null;
    /** Photo file names or URLs the host stores. */
    photos?: string[] | null;
    /** The day it was found ("YYYY-MM-DD"). */
    found?: string | null;
    /** The day it must be rectified by (限时整改, "YYYY-MM-DD"). */
    deadline?: string | null;
    /** Who recorded it. */
    by?: string | null;
}

/** The steps `stepProblem` takes (recording is `recordProblem`). */
export type StepAction = Exclude<ActionName, "record" | "登记">;

/** What `stepProblem` takes: the step, who takes it, when (the ledger date when
 * left out). `extend` (延期, once per round) needs the reason, in `note` or `reason`
 * (not both), and the new `deadline` or the `days` to add; `reopen` may take a
 * `deadline`. */
export type StepInput = {
    /** The step: start, submit, pass, fail, extend, reopen (or 开始整改, 提交复查,
     * 复查通过, 复查未通过, 延期, 复发). */
    action: StepAction;
    /** Who takes it. */
    by?: string | null;
    /** The day it is taken ("YYYY-MM-DD"). */
    on?: string | null;
    /** A new deadline ("YYYY-MM-DD"; extend, reopen). */
    deadline?: string | null;
    /** Days to add to the deadline (extend). */
    days?: number | null;
} & (
    | { /** Why (required for an extension). */ note?: string | null; reason?: never }
    | { /** Why, as `note`. */ reason?: string | null; note?: never }
);

/** The time-limit table in force (限时整改), as `timeLimits()` gives it. */
export interface TimeLimits {
    /** Days to rectify, per problem category. */
    days: Record<ProblemKind, number>;
    /** At most this many days per severity ("1" to "3"; null: no cap). */
    maxDaysBySeverity: Record<"1" | "2" | "3", number | null>;
    /** At most this many days per source (null: no cap). */
    maxDaysBySource: Record<Source, number | null>;
    /** The most days one extension may add (null: no cap). */
    maxExtensionDays: number | null;
}

/** A city's own time-limit table for `loadTimeLimits`: what it leaves out keeps the
 * default. Categories and sources by key or alias. */
export interface TimeLimitsTable {
    days?: Partial<Record<ProblemKindName, number>>;
    maxDaysBySeverity?: Partial<Record<"1" | "2" | "3", number | null>>;
    maxDaysBySource?: Partial<Record<SourceName, number | null>>;
    maxExtensionDays?: number | null;
}

/** A problem's record, as the ledger keeps it. */
export interface ProblemRecord {
    id: string;
    /** WGS-84. */
    lng: number;
    lat: number;
    /** The inspection point it was found at. */
    point: string | null;
    category: ProblemKind;
    /** 1 (minor) to 3 (serious). */
    severity: number;
    status: Status;
    /** "YYYY-MM-DD". */
    found: string | null;
    /** "YYYY-MM-DD". */
    deadline: string | null;
    source: Source;
    note: string | null;
    /** Photo file names or URLs. */
    photos: string[];
    /** The one extension (延期), if any. */
    extension: Extension | null;
    /** Its steps, oldest first. */
    history: Step[];
}

/** A problem's card: its record, where it is, who answers for it, how overdue it is
 * on the ledger date and the steps allowed now. */
export interface ProblemCard extends ProblemRecord {
    /** The inspection point's name. */
    pointName: string | null;
    /** The code (else id) of its grid cell. */
    cell: string | null;
    /** The level-1 zone's name (街道). */
    street: string | null;
    /** The level-3 zone's name (社区). */
    community: string | null;
    /** Who answers for the place, level by level. */
    chain: Chain;
    /** The day `daysOverdue` is reckoned on ("YYYY-MM-DD"). */
    asOf: string | null;
    /** Days past the deadline on `asOf` (0 when not overdue). */
    daysOverdue: number;
    overdue: boolean;
    /** The steps its status allows now. */
    allowed: Action[];
}

/** A problem as a GeoJSON Feature (WGS-84), as `exportProblems` writes each. */
export interface ProblemFeature {
    type: "Feature";
    id: string;
    geometry: { type: "Point"; coordinates: [number, number] };
    properties: {
        category: ProblemKind;
        deadline: string | null;
        extension?: Extension;
        found: string | null;
        history?: Step[];
        note?: string;
        photos?: string[];
        point: string | null;
        severity: number;
        source: Source;
        status: Status;
    };
}

/** One entry of the journal (`exportJournal` writes one a line). */
export interface JournalEntry {
    /** The journal's format version. */
    v: number;
    /** Its place in the journal, from 1. */
    seq: number;
    kind: "problem";
    action: Action;
    /** The problem's id. */
    id: string;
    /** The record before (null when recorded) and after. */
    before: ProblemFeature | null;
    after: ProblemFeature;
}

/** What `onChange` hears: a journal entry, and whether it came from `applyJournal`. */
export interface ChangeEvent extends JournalEntry {
    replayed: boolean;
}

/** How `searchProblems` orders its hits. */
export type ProblemSort = "distance" | "daysOverdue" | "deadline";
"#;

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
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] day: JsValue,
    ) -> Result<String, JsError> {
        let d = args::opt_string(&day, "asOf")?
            .map(|t| crate::parse_day(&t).map_err(|e| JsError::new(&format!("asOf: {e}"))))
            .transpose()?;
        self.inner.set_as_of(d);
        Ok(self.as_of())
    }

    /// The time-limit table (限时整改): `{days: {garbage: 1, …}, maxDaysBySeverity,
    /// maxDaysBySource, maxExtensionDays}`.
    #[wasm_bindgen(js_name = timeLimits, unchecked_return_type = "TimeLimits")]
    pub fn time_limits(&self) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.time_limits().to_json())
    }

    /// Replaces the time-limit table with a city's own (JSON text, or the object);
    /// what it leaves out keeps the default. Returns the whole table now in force.
    #[wasm_bindgen(js_name = loadTimeLimits, unchecked_return_type = "TimeLimits")]
    pub fn load_time_limits(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | TimeLimitsTable")] table: JsValue,
    ) -> Result<JsValue, JsError> {
        // JSON text, or the table itself (its JSON text, read the same way).
        let text = match table.is_string() || args::absent(&table) {
            true => args::string(&table, "table")?,
            false => args::json_text(&table, "table")?,
        };
        json_to_js(&self.inner.load_time_limits(&text).map_err(err)?.to_json())
    }

    /// Records a problem (登记): `{lng, lat, category, severity, source, point?,
    /// note?, photos?, found?, deadline?, by?, id?}` → its card (new id, cell,
    /// chain, deadline from the time-limit table, allowed steps).
    #[wasm_bindgen(js_name = recordProblem, unchecked_return_type = "ProblemCard")]
    pub fn record_problem(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "RecordInput")] input: JsValue,
    ) -> Result<JsValue, JsError> {
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
    #[wasm_bindgen(js_name = stepProblem, unchecked_return_type = "ProblemCard")]
    pub fn step_problem(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "StepInput")] input: JsValue,
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
    #[wasm_bindgen(unchecked_return_type = "ProblemCard | undefined")]
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
    #[wasm_bindgen(js_name = problemHistory, unchecked_return_type = "Step[]")]
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
    #[wasm_bindgen(js_name = searchProblems, unchecked_return_type = "SearchResult")]
    pub fn search_problems(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null", js_name = radiusM)]
        radius_m: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProblemSort | null")] sort: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProblemFilter | null")] filter: JsValue,
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
        #[wasm_bindgen(unchecked_param_type = "((change: ChangeEvent) => void) | null")]
        callback: JsValue,
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
