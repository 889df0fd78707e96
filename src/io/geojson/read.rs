//! Reading a layer: the sink that receives features as they stream in, checks
//! ids (unique; made up where missing, never taking a given one), builds records
//! through the layer's rules and collects the rejections; and the same for an
//! owners list.

use super::feature::Feat;
use super::ids::IdSet;
use super::layers::{Ids, Layer, LoadOptions, Parsed};
use crate::error::{Error, Rejected};
use crate::io::budget::Budget;
use crate::io::crs::Crs;
use crate::model::{parse_day, Day, Owner};
use civicmap_json::{Cursor, Flat, Head, Keep, Prop, Scratch, Sink, Top, Unsliced, MAX_KEYS};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;

/// A feature's id as text: non-blank text as written, a number as serde_json writes it.
fn id_text<'a>(v: Option<&'a Prop<'_>>) -> Option<Cow<'a, str>> {
    match v? {
        Prop::Str(s) if !crate::model::trim(s).is_empty() => Some(Cow::Borrowed(&**s)),
        Prop::Num(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// The raw `properties.id` (null included: it is a given id that is not text).
fn props_id<'a, 'de>(scratch: &'a Scratch<'de>, keep: Keep) -> Option<&'a Prop<'de>> {
    match keep {
        Keep::Keys(_) => scratch.get(MAX_KEYS),
        Keep::All => scratch
            .props
            .iter()
            .find(|(k, _)| k == "id")
            .map(|(_, v)| v),
    }
}

/// Where a made-up id goes once the whole file is known.
enum Slot {
    Item(usize),
    Rejected(usize),
}

/// A layer's features as they stream in.
struct Reader<'l, T> {
    layer: &'l Layer<T>,
    crs: Crs,
    /// The caller named the system: `crs` members do not change it.
    forced: bool,
    /// The system the last `features` array was read in.
    crs_used: Crs,
    out: Parsed<T>,
    /// Loaded records with a given id (made-up ids avoid these and `refused`);
    /// built only once the ids stop rising (see [`Reader::is_loaded`]).
    seen: IdSet,
    /// Whether the given ids loaded so far rise, in (length, text) order, and
    /// the latest of them.
    rising: bool,
    last: Option<u32>,
    /// Given ids of rejected features.
    refused: HashSet<String>,
    /// Features without an id, by index, to be given one at the end.
    pending: Vec<(usize, Slot)>,
    /// The memory the records take, reserved as they come ([`crate::io::budget`]).
    budget: Budget,
    /// Set when memory for the next feature could not be had: the rest is skipped
    /// and the read refused.
    failed: Option<Error>,
}

impl<'l, T> Reader<'l, T> {
    fn new(layer: &'l Layer<T>, crs: Crs) -> Self {
        Reader {
            layer,
            crs,
            forced: false,
            crs_used: crs,
            out: Parsed {
                items: vec![],
                rejected: vec![],
                as_of: None,
            },
            seen: IdSet::default(),
            rising: true,
            last: None,
            refused: HashSet::new(),
            pending: vec![],
            budget: Budget::default(),
            failed: None,
        }
    }

    /// Reserves what this feature's record (or rejection) will take.
    fn afford(&mut self, scratch: &Scratch<'_>) -> bool {
        if self.failed.is_some() {
            return false;
        }
        let mut props = 0;
        // A loop, not `map().sum()`: at opt-level z those stay calls, per feature.
        for (_, v) in &scratch.props {
            props += prop_bytes(v);
        }
        self.reserve(scratch.nodes.len(), props)
    }

    /// Reserves what a feature with `nodes` coordinate nodes and kept properties
    /// of `props` bytes ([`prop_bytes`]; for a flat feature, its length in the
    /// text) will take.
    fn reserve(&mut self, nodes: usize, props: usize) -> bool {
        let (items, rejected) = (&self.out.items, &self.out.rejected);
        let vecs = [
            (items.len(), items.capacity(), std::mem::size_of::<T>()),
            (
                rejected.len(),
                rejected.capacity(),
                std::mem::size_of::<Rejected>(),
            ),
            (self.pending.len(), self.pending.capacity(), 16),
        ];
        let r = afford(&mut self.budget, nodes, props, &vecs);
        self.failed = r.err();
        self.failed.is_none()
    }

    /// What [`Sink::feature`] does with a record it built from a feature with a
    /// given id: pushes it and notes the id.
    fn push_given(&mut self, item: T, get: fn(&T) -> &str) {
        let pos = self.out.items.len();
        self.out.items.push(item);
        if self.rising {
            self.last = Some(pos as u32);
        } else {
            let items = &self.out.items;
            self.seen.insert(pos as u32, get(&items[pos]));
        }
    }

    /// Whether a loaded record has the id `id`. While the given ids rise in
    /// (length, text) order, as `P1, P2, …, P10` and most numbered or exported
    /// files do, a larger one is new without a lookup, and the table of ids is
    /// built only when one does not rise: the table's lookups, a cache miss each,
    /// were 5 % of loading 50,000 problems in wasm and more of 200,000 (548 →
    /// 444 ms without them).
    fn is_loaded(&mut self, id: &str, get: fn(&T) -> &str) -> bool {
        if self.rising {
            let items = &self.out.items;
            if self.last.is_none_or(|p| {
                let l = get(&items[p as usize]);
                (l.len(), l) < (id.len(), id)
            }) {
                return false;
            }
            self.build_seen(get);
        }
        let items = &self.out.items;
        self.seen.find(id, &|p| get(&items[p as usize])).is_some()
    }

    /// Puts every loaded record with a given id in `seen` (records waiting for a
    /// made-up id have none yet) and stops the rising shortcut.
    fn build_seen(&mut self, get: fn(&T) -> &str) {
        self.rising = false;
        for (i, item) in self.out.items.iter().enumerate() {
            let id = get(item);
            if !id.is_empty() {
                self.seen.insert(i as u32, id);
            }
        }
    }

    /// Gives the features without an id theirs: `<kind>-<index>`, or with `-2`,
    /// `-3`, … appended while the file uses that id itself.
    fn finish(mut self) -> Parsed<T> {
        let Ids::Unique(get, set) = self.layer.ids else {
            return self.out;
        };
        if self.rising && !self.pending.is_empty() {
            self.build_seen(get);
        }
        for (index, slot) in std::mem::take(&mut self.pending) {
            let items = &self.out.items;
            let taken = |id: &str| {
                self.seen.find(id, &|p| get(&items[p as usize])).is_some()
                    || self.refused.contains(id)
            };
            let id = made_up_id(self.layer.kind, index, &taken);
            match slot {
                Slot::Item(i) => {
                    set(&mut self.out.items[i], id);
                    let items = &self.out.items;
                    self.seen.insert(i as u32, get(&items[i]));
                }
                Slot::Rejected(i) => self.out.rejected[i].id = Some(id),
            }
        }
        self.out
    }
}

/// Takes from `budget` what a feature's record (or rejection) will take: the
/// records' vectors' next growth (`(len, capacity, item size)` each; an item is at
/// most a record plus a rejection), 16 bytes a coordinate node (a position is three
/// nodes and 16 bytes stored, once more in the index) and its kept text. One copy
/// for every layer (the reader is generic): the module is kept small.
fn afford(
    budget: &mut Budget,
    nodes: usize,
    props: usize,
    vecs: &[(usize, usize, usize); 3],
) -> Result<(), Error> {
    let grow: usize = vecs
        .iter()
        .map(|&(len, cap, size)| if len == cap { cap.max(4) * 2 * size } else { 0 })
        .sum();
    let item = vecs[0].2 + vecs[1].2;
    let need = item + grow + 16 * nodes + props + 64;
    budget.take(need, "the file's features")
}

/// What a kept property may take in a record: its text, or for an array or an
/// object 64 bytes a member (nested values are rare and small: a problem's
/// history or photos; the [`crate::io::budget::SLACK`] covers them).
fn prop_bytes(v: &Prop<'_>) -> usize {
    32 + match v {
        Prop::Str(s) => s.len(),
        Prop::Json(Value::Array(a)) => 64 * a.len(),
        Prop::Json(Value::Object(o)) => 64 * o.len(),
        _ => 0,
    }
}

/// `<kind>-<index>`, or with `-2`, `-3`, … appended while `taken` says the file
/// uses it.
fn made_up_id(kind: &str, index: usize, taken: &dyn Fn(&str) -> bool) -> String {
    let base = format!("{kind}-{index}");
    let mut id = base.clone();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

impl<'de, T> Sink<'de> for Reader<'_, T> {
    fn keep(&self) -> Keep {
        self.layer.keep
    }

    fn restart(&mut self) {
        self.out.items.clear();
        self.out.rejected.clear();
        self.seen.clear();
        (self.rising, self.last) = (true, None);
        self.refused.clear();
        self.pending.clear();
        self.crs_used = self.crs;
    }

    fn crs_member(&mut self, crs: &Value) {
        if let (false, Ok(Some(c))) = (self.forced, declared_crs(Some(crs))) {
            self.crs = c;
        }
    }

    fn takes_flat(&self) -> bool {
        self.layer.flat.is_some()
    }

    /// As [`Sink::feature`] does with a feature whose id is given and whose record
    /// its layer builds; declined (nothing changed) otherwise.
    fn flat(&mut self, _index: usize, f: &Flat<'de>) -> bool {
        let (Some(build), &Ids::Unique(get, _)) = (self.layer.flat, &self.layer.ids) else {
            return false;
        };
        // The feature's id, else `properties.id`: non-blank text (`id_text`).
        let Some(id) =
            f.id.or(f.props_id)
                .filter(|s| !crate::model::trim(s).is_empty())
        else {
            return false;
        };
        if self.failed.is_some() || self.is_loaded(id, get) {
            return false;
        }
        let Some(item) = build(f, id, self.crs) else {
            return false;
        };
        // A point is three coordinate nodes (`Scratch::nodes`).
        if self.reserve(3, f.bytes) {
            self.push_given(item, get);
        }
        true
    }

    fn feature(&mut self, index: usize, head: Head<'de>, scratch: &Scratch<'de>) {
        if !self.afford(scratch) {
            return;
        }
        if !(head.object && head.feature) {
            self.out.rejected.push(Rejected {
                index,
                id: None,
                field: "type".into(),
                reason: "not a GeoJSON Feature".into(),
            });
            return;
        }
        let raw_id = head
            .id
            .as_ref()
            .or_else(|| props_id(scratch, self.layer.keep));
        let given = id_text(raw_id);
        let f = Feat {
            index,
            id: given.as_deref().unwrap_or_default(),
            props: &scratch.props,
            keys: self.layer.keep.keys(),
            at: &scratch.at,
            geom: &scratch.geom,
            nodes: &scratch.nodes,
            crs: self.crs,
            next: Default::default(),
        };
        let result = if raw_id.is_some() && given.is_none() {
            Err(f.reject("id", "must be a string or a number"))
        } else {
            let dup = match (&self.layer.ids, &given) {
                (&Ids::Unique(get, _), Some(id)) => self.is_loaded(id, get),
                _ => false,
            };
            if dup {
                Err(f.reject("id", "duplicate id; ids must be unique in a file"))
            } else {
                (self.layer.build)(&f)
            }
        };
        match (result, &self.layer.ids) {
            (Ok(mut item), Ids::AsGiven(set)) => {
                set(&mut item, given.map(Cow::into_owned));
                self.out.items.push(item);
            }
            (Err(mut r), Ids::AsGiven(_)) => {
                r.id = given.map(Cow::into_owned);
                self.out.rejected.push(r);
            }
            (Ok(item), &Ids::Unique(get, _)) => {
                if given.is_some() {
                    self.push_given(item, get);
                } else {
                    self.pending.push((index, Slot::Item(self.out.items.len())));
                    self.out.items.push(item);
                }
            }
            (Err(r), Ids::Unique(..)) => {
                match given {
                    Some(id) => {
                        self.refused.insert(id.into_owned());
                    }
                    None => self
                        .pending
                        .push((index, Slot::Rejected(self.out.rejected.len()))),
                }
                self.out.rejected.push(r);
            }
        }
    }
}

/// The coordinate system a file declares: the 2008 `crs` member
/// (`{"type":"name","properties":{"name":…}}`) or a plain `"crs": "gcj02"`.
/// The ledger date a file declares (`x_as_of`), as YYYY-MM-DD.
fn declared_as_of(v: Option<&Value>) -> Result<Option<Day>, Error> {
    match v.filter(|v| !v.is_null()) {
        None => Ok(None),
        Some(Value::String(s)) => parse_day(s)
            .map(Some)
            .map_err(|e| Error::NotGeoJson(format!("`x_as_of` (the ledger date): {e}"))),
        Some(other) => Err(Error::NotGeoJson(format!(
            "`x_as_of` (the ledger date) must be a date YYYY-MM-DD, got {}",
            crate::io::record::kind_of(other)
        ))),
    }
}

fn declared_crs(v: Option<&Value>) -> Result<Option<Crs>, Error> {
    let name = match v {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Object(o)) => o
            .get("properties")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str),
        _ => None,
    };
    Ok(name.map(Crs::parse).transpose()?)
}

pub(super) fn read_layer<T>(
    text: &str,
    opts: LoadOptions,
    layer: &Layer<T>,
) -> Result<Parsed<T>, Error> {
    let mut forced = opts.crs;
    loop {
        let mut r = Reader::new(layer, forced.unwrap_or_default());
        r.forced = forced.is_some();
        let top = civicmap_json::read_features(text, &mut r)
            .map_err(|e| Error::NotGeoJson(e.to_string()))?;
        match conclude(&top, r, forced)? {
            Outcome::Read(p) => return Ok(p),
            Outcome::Again(crs) => forced = Some(crs),
        }
    }
}

/// What a read of the whole text came to.
enum Outcome<T> {
    Read(Parsed<T>),
    /// The `crs` member came after the features: read them again in it.
    Again(Crs),
}

/// The checks of the top level once the features went through `r`, and the
/// records (`forced`: the system the caller named).
fn conclude<T>(
    top: &Top<'_>,
    mut r: Reader<'_, T>,
    forced: Option<Crs>,
) -> Result<Outcome<T>, Error> {
    if let Some(e) = r.failed.take() {
        return Err(e);
    }
    if !top.object {
        return Err(Error::NotGeoJson(
            "expected a FeatureCollection object".into(),
        ));
    }
    let crs = forced
        .or(declared_crs(top.crs.as_ref())?)
        .unwrap_or_default();
    let as_of = declared_as_of(top.as_of.as_ref())?;
    match top.kind.as_ref().map(|k| k.as_deref()) {
        Some(Some("FeatureCollection")) if top.features == Some(true) => {}
        Some(Some("FeatureCollection")) => {
            return Err(Error::NotGeoJson(
                "FeatureCollection without a `features` array".into(),
            ))
        }
        Some(Some("Feature")) => {
            let mut head = top.head.clone();
            head.feature = true;
            Sink::restart(&mut r);
            r.crs = crs;
            r.feature(0, head, &top.scratch);
            if let Some(e) = r.failed.take() {
                return Err(e);
            }
            return Ok(Outcome::Read(Parsed {
                as_of,
                ..r.finish()
            }));
        }
        Some(Some(other)) => {
            return Err(Error::NotGeoJson(format!(
                "expected a FeatureCollection, got type `{other}`"
            )))
        }
        _ => {
            return Err(Error::NotGeoJson(
                "no `type` member; expected a FeatureCollection".into(),
            ))
        }
    }
    if r.crs_used != crs {
        return Ok(Outcome::Again(crs));
    }
    Ok(Outcome::Read(Parsed {
        as_of,
        ..r.finish()
    }))
}

/// A layer read a slice of features at a time ([`civicmap_json::Cursor`]), with the
/// same result as [`read_layer`] on the same text: a text the cursor cannot slice
/// (broken JSON, one Feature, a `crs` after the features) is read whole instead,
/// which also gives whole-file errors their usual messages.
pub struct SlicedRead<T: 'static> {
    text: String,
    /// The text's length (kept: the text is freed once read).
    total: usize,
    opts: LoadOptions,
    layer: &'static Layer<T>,
    cursor: Cursor,
    reader: Reader<'static, T>,
    result: Option<Result<Parsed<T>, Error>>,
}

impl<T> SlicedRead<T> {
    pub(super) fn new(text: String, opts: LoadOptions, layer: &'static Layer<T>) -> Self {
        let mut reader = Reader::new(layer, opts.crs.unwrap_or_default());
        reader.forced = opts.crs.is_some();
        SlicedRead {
            total: text.len(),
            text,
            opts,
            layer,
            cursor: Cursor::default(),
            reader,
            result: None,
        }
    }

    /// Reads at most `max` more features; `true` once the text is read.
    pub fn step(&mut self, max: usize) -> bool {
        if self.result.is_some() {
            return true;
        }
        let result = match self.cursor.step(&self.text, &mut self.reader, max) {
            Ok(false) => return false,
            Ok(true) => {
                let top = self.cursor.top();
                let kind = top.kind.as_ref().and_then(|k| k.as_deref());
                let reader =
                    std::mem::replace(&mut self.reader, Reader::new(self.layer, Crs::default()));
                match kind {
                    // A file of one Feature keeps its members on the top level.
                    Some("Feature") => read_layer(&self.text, self.opts, self.layer),
                    _ => match conclude(top, reader, self.opts.crs) {
                        Ok(Outcome::Read(p)) => Ok(p),
                        Ok(Outcome::Again(crs)) => {
                            let opts = LoadOptions {
                                crs: Some(crs),
                                ..self.opts
                            };
                            read_layer(&self.text, opts, self.layer)
                        }
                        Err(e) => Err(e),
                    },
                }
            }
            Err(Unsliced) => read_layer(&self.text, self.opts, self.layer),
        };
        self.result = Some(result);
        // The text is no longer needed: free it before the indexes are built.
        self.text = String::new();
        true
    }

    /// `(bytes read, bytes in all, features read)`.
    pub fn progress(&self) -> (usize, usize, usize) {
        // Once done the whole text counts as read, also when the end came from
        // reading it whole (a text the cursor could not slice).
        let read = if self.done() {
            self.total
        } else {
            self.cursor.position()
        };
        (read, self.total, self.cursor.features())
    }

    /// Whether the text is read (and [`SlicedRead::finish`] has the result).
    pub fn done(&self) -> bool {
        self.result.is_some()
    }

    /// What the read came to, once [`SlicedRead::step`] said it is done.
    pub fn finish(self) -> Option<Result<Parsed<T>, Error>> {
        self.result
    }
}

/// What an owners list's rows are read for.
const OWNER_KEEP: Keep = Keep::Keys(&["name", "unit", "title", "level"]);

pub(super) struct OwnerReader {
    pub out: Parsed<Owner>,
    /// Ids met so far, rejected rows included.
    pub seen: HashSet<String>,
}

impl<'de> Sink<'de> for OwnerReader {
    fn rows(&self) -> bool {
        true
    }

    fn keep(&self) -> Keep {
        OWNER_KEEP
    }

    fn restart(&mut self) {
        self.out.items.clear();
        self.out.rejected.clear();
        self.seen.clear();
    }

    fn feature(&mut self, index: usize, head: Head<'de>, scratch: &Scratch<'de>) {
        if !(head.object && scratch.props_object) {
            self.out.rejected.push(Rejected {
                index,
                id: None,
                field: "owner".into(),
                reason: "not an object".into(),
            });
            return;
        }
        // The row's own `id` (even null), else its feature's.
        let raw = props_id(scratch, OWNER_KEEP).or(head.id.as_ref());
        let id = id_text(raw).unwrap_or_default();
        let f = Feat {
            index,
            id: &id,
            props: &scratch.props,
            keys: OWNER_KEEP.keys(),
            at: &scratch.at,
            geom: &scratch.geom,
            nodes: &scratch.nodes,
            crs: Crs::Wgs84,
            next: Default::default(),
        };
        let one = (|| -> Result<Owner, Rejected> {
            if f.id.is_empty() {
                return Err(f.reject("id", "missing; every owner needs an id"));
            }
            if !self.seen.insert(f.id.to_string()) {
                return Err(f.reject("id", "duplicate id; ids must be unique in a file"));
            }
            Ok(Owner {
                id: f.id.to_string(),
                name: f.text("name")?.unwrap_or_else(|| f.id.to_string()),
                unit: f.text("unit")?.unwrap_or_default(),
                title: f.text("title")?.unwrap_or_default(),
                level: f.int("level", 0, 4)?.unwrap_or(0) as u8,
            })
        })();
        match one {
            Ok(o) => self.out.items.push(o),
            Err(r) => self.out.rejected.push(r),
        }
    }
}
