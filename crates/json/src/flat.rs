//! The flat shape: a feature whose `id` is text, whose kept properties are text,
//! whole numbers or null, and whose geometry is a Point — nearly every feature of
//! a problem ledger or a list of inspection points, whichever program wrote it.
//! Such a feature is read straight into a [`Flat`] (no `Cow`, no `Prop`, nothing
//! allocated) and a sink that takes it ([`Sink::flat`]) builds its record from
//! that. Anything else — an escape in a string, a nested property, a float where
//! text or a whole number would be, a missing `id`, another geometry, a syntax
//! error — and the reader steps back to the feature's start and reads it the
//! general way ([`Reader::feature`]), which gives every message; so does a sink
//! that declines. Only *what* is read differs, never what a text gives. After the
//! first, a feature is tried against the last one's pattern ([`Template`]): its
//! bytes between the values compared in runs, each value read where it stands.
//!
//! Figures (README "Measured", "The flat path" and "The pattern"): natively 50,000
//! problems read in 31–36 ms instead of 72–77; in wasm 0.85× the time from a string
//! and 0.72× from bytes, a worked ledger's 1.01×, for 3.5 KB of the gzipped module;
//! the pattern (with civicmap-text's words and dates and the quotient by 5^d)
//! then 0.80–0.81× from a string, for 0.8 KB.

use crate::scan::{scan, Read, Reader, FOLLOW_SKIPPED, FOLLOW_START};
use crate::sink::{Keep, Scratch, Sink};
use crate::MAX_KEYS;

/// A kept property of a [`Flat`] feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Val<'de> {
    /// Not in the feature.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// Text without escapes, as written.
    Str(&'de str),
    /// A whole number of at most 18 digits, written without sign, fraction or exponent.
    Int(u64),
}

/// A feature of the flat shape, as written (the coordinates in the file's system).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flat<'de> {
    /// The feature's `id`, when it is text.
    pub id: Option<&'de str>,
    /// `properties.id`, when it is text.
    pub props_id: Option<&'de str>,
    /// The kept properties by their place in the layer's [`Keep::Keys`] list.
    pub vals: [Val<'de>; MAX_KEYS],
    /// The Point's coordinates.
    pub lng: f64,
    /// See `lng`.
    pub lat: f64,
    /// The feature's length in the text: what a sink reserves for its kept
    /// properties (at least their text; about what the general reader's 32 bytes
    /// a property and its text come to).
    pub bytes: usize,
}

/// A feature's members in the order programs write them.
const MEMBERS: [&str; 4] = ["type", "id", "properties", "geometry"];

/// A Point geometry's members.
const POINT: [&str; 2] = ["type", "coordinates"];

/// Which member came after which in the last feature read ([`MEMBERS`], then
/// [`POINT`]; the place after the last is for the first member, a value past the
/// end for none): the guesses [`Reader::flat`] tries first.
#[derive(Debug, Clone)]
pub struct Order {
    members: [u8; 5],
    point: [u8; 3],
}

impl Default for Order {
    /// As programs usually write them: `type`, `id`, `properties`, `geometry`;
    /// `type`, `coordinates`.
    fn default() -> Self {
        Order {
            members: [1, 2, 3, 4, 0],
            point: [1, 2, 0],
        }
    }
}

/// Flat features the reader tries before it stops trying, beyond twice those
/// taken: a file of another shape is then read once, not twice.
const TRIES: u32 = 16;

impl<'de> Reader<'de> {
    /// One element of `features` to `sink`: as a [`Flat`] feature when it is one
    /// and the sink takes it, else the general way.
    pub fn element(
        &mut self,
        sink: &mut dyn Sink<'de>,
        sc: &mut Scratch<'de>,
        flat: &mut FlatState<'de>,
        index: usize,
    ) -> Read<()> {
        let keep = sink.keep();
        if let (Keep::Keys(keys), true) = (keep, flat.on) {
            let at = self.i;
            let patterned =
                !flat.tpl.parts.is_empty() && self.templated(&flat.tpl, &mut flat.f).is_some();
            flat.patterned += patterned as u32;
            let read = patterned || {
                self.i = at;
                let read = self
                    .flat(keys, &mut flat.f, &mut flat.order, &mut flat.spans)
                    .is_some();
                if read {
                    flat.tpl.learn(self.b, &flat.spans, at, self.i);
                }
                read
            };
            flat.f.bytes = self.i - at;
            if read && sink.flat(index, &flat.f) {
                flat.taken += 1;
                return Ok(());
            }
            self.i = at;
            flat.missed += 1;
            // Stop trying when most features are not flat (a worked ledger, where
            // nearly every problem has a history): each miss is read twice.
            flat.on = flat.missed < TRIES + 2 * flat.taken;
        }
        let head = self.feature(keep, sc)?;
        sink.feature(index, head, sc);
        Ok(())
    }

    /// A flat feature at the position into `f`; None (the position somewhere in
    /// it) when it is not one.
    fn flat(
        &mut self,
        keys: &'static [&'static str],
        f: &mut Flat<'de>,
        order: &mut Order,
        spans: &mut Vec<Span>,
    ) -> Option<()> {
        let keys = &keys[..keys.len().min(MAX_KEYS)];
        *f = Flat::default();
        spans.clear();
        let mut seen = 0u8;
        self.byte(b'{')?;
        let mut prev = MEMBERS.len();
        loop {
            // The member that came next in the last feature is tried first, without
            // a scan: programs write every feature's members in one order.
            let next = order.members[prev] as usize;
            let m = match self.key_as(MEMBERS.get(next).copied())? {
                Ok(_) => next,
                Err(k) => MEMBERS.iter().position(|m| *m == k)?,
            };
            order.members[prev] = m as u8;
            prev = m;
            let bit = 1 << m;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            let a = self.i;
            match m {
                0 => (self.plain()? == "Feature").then_some(())?,
                1 => f.id = Some(self.plain()?),
                2 => self.flat_props(keys, f, spans)?,
                _ => self.point(f, &mut order.point, spans)?,
            }
            if m == 1 {
                spans.push((a, self.i, Role::Id));
            }
            if self.close(b'}')? {
                break;
            }
        }
        // `type`, `properties` and `geometry`; the id here or in the properties.
        ((seen | 2) == 15 && (f.id.is_some() || f.props_id.is_some())).then_some(())
    }

    /// `properties`: kept keys into `f.vals` (a repeated key keeps its last
    /// value), others skipped.
    fn flat_props(
        &mut self,
        keys: &'static [&'static str],
        f: &mut Flat<'de>,
        spans: &mut Vec<Span>,
    ) -> Option<()> {
        self.byte(b'{')?;
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Some(());
        }
        let mut prev = FOLLOW_START;
        loop {
            // The key that came next in the last feature's properties (`follow`).
            let guess = self.follow.get(prev).map_or(usize::MAX, |&g| g as usize);
            let (slot, key) = match self.key_as(keys.get(guess).copied())? {
                Ok(_) => (Some(guess), None),
                // Length and first byte before the bytes (as `Keep::slot`).
                Err(k) => (
                    keys.iter().position(|c| {
                        c.len() == k.len()
                            && c.as_bytes().first() == k.as_bytes().first()
                            && *c == k
                    }),
                    Some(k),
                ),
            };
            let here = slot.unwrap_or(FOLLOW_SKIPPED);
            if let Some(g) = self.follow.get_mut(prev) {
                *g = here.min(u8::MAX as usize) as u8;
            }
            prev = here;
            let a = self.i;
            let role = match slot {
                Some(s) => {
                    *f.vals.get_mut(s)? = self.val()?;
                    Role::Kept(s as u8)
                }
                None if key == Some("id") => {
                    f.props_id = Some(self.plain()?);
                    Role::PropsId
                }
                None => {
                    self.skip().ok()?;
                    Role::Skipped
                }
            };
            spans.push((a, self.i, role));
            if self.close(b'}')? {
                return Some(());
            }
        }
    }

    /// `geometry`: a Point, its `type` and `coordinates` in either order.
    fn point(
        &mut self,
        f: &mut Flat<'de>,
        order: &mut [u8; 3],
        spans: &mut Vec<Span>,
    ) -> Option<()> {
        self.byte(b'{')?;
        let mut seen = 0u8;
        let mut prev = POINT.len();
        loop {
            // As for a feature's members: the key that came next last time first.
            let next = order[prev] as usize;
            let k = match self.key_as(POINT.get(next).copied())? {
                Ok(_) => next,
                Err(k) => POINT.iter().position(|p| *p == k)?,
            };
            order[prev] = k as u8;
            prev = k;
            if seen & (1 << k) != 0 {
                return None;
            }
            seen |= 1 << k;
            if k == 0 {
                (self.plain()? == "Point").then_some(())?;
            } else {
                self.byte(b'[')?;
                let a = self.i;
                f.lng = self.coordinate()?;
                spans.push((a, self.i, Role::Lng));
                self.byte(b',')?;
                let a = self.i;
                f.lat = self.coordinate()?;
                spans.push((a, self.i, Role::Lat));
                self.byte(b']')?;
            }
            if self.close(b'}')? {
                return (seen == 3).then_some(());
            }
        }
    }

    /// A flat feature at the position read by `tpl` (see [`Template`]) into `f`;
    /// None (the position somewhere in it) at the first byte that differs from the
    /// pattern or a value that is not what it was.
    fn templated(&mut self, tpl: &Template<'de>, f: &mut Flat<'de>) -> Option<()> {
        *f = Flat::default();
        for &(lit, role) in &tpl.parts {
            self.lit(lit)?;
            match role {
                Role::Id => f.id = Some(self.plain()?),
                Role::PropsId => f.props_id = Some(self.plain()?),
                Role::Kept(s) => *f.vals.get_mut(s as usize)? = self.val()?,
                Role::Skipped => self.skip().ok()?,
                Role::Lng => f.lng = self.coordinate()?,
                Role::Lat => f.lat = self.coordinate()?,
            }
        }
        self.lit(tpl.end)
    }

    /// The bytes `lit` at the position, and past them.
    fn lit(&mut self, lit: &[u8]) -> Option<()> {
        self.ahead(lit).then(|| self.i += lit.len())
    }

    /// A number as the general reader keeps a coordinate.
    fn coordinate(&mut self) -> Option<f64> {
        self.ws();
        match self.b.get(self.i)? {
            b'-' | b'0'..=b'9' => self.number_f64(),
            _ => None,
        }
    }

    /// A kept property's value.
    fn val(&mut self) -> Option<Val<'de>> {
        Some(match *self.b.get(self.i)? {
            b'"' => Val::Str(self.plain()?),
            b'n' if self.ahead(b"null") => {
                self.i += 4;
                Val::Null
            }
            c @ b'0'..=b'9' => {
                let start = self.i;
                let mut n = u64::from(c - b'0');
                self.i += 1;
                while let Some(&d @ b'0'..=b'9') = self.b.get(self.i) {
                    n = n * 10 + u64::from(d - b'0');
                    self.i += 1;
                }
                // No leading zero, fraction or exponent, at most 18 digits.
                let len = self.i - start;
                if (c == b'0' && len > 1)
                    || len > 18
                    || matches!(self.b.get(self.i), Some(b'.' | b'e' | b'E'))
                {
                    return None;
                }
                Val::Int(n)
            }
            _ => return None,
        })
    }

    /// A key without escapes, and the colon after it: `Ok` when it is `guess`
    /// (compared in place, no scan), else `Err` with the key.
    fn key_as(&mut self, guess: Option<&'static str>) -> Option<Result<&'static str, &'de str>> {
        self.ws();
        if let Some(g) = guess {
            if self.quoted(g) && self.b.get(self.i + g.len() + 2) == Some(&b':') {
                self.i += g.len() + 3;
                self.ws();
                return Some(Ok(g));
            }
        }
        let k = self.plain()?;
        self.byte(b':')?;
        self.ws();
        Some(Err(k))
    }

    /// Text without escapes or control characters at the position (its `"`).
    fn plain(&mut self) -> Option<&'de str> {
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        let start = self.i + 1;
        let end = scan(self.b, start);
        if self.b.get(end) != Some(&b'"') {
            return None;
        }
        self.i = end + 1;
        self.t.get(start..end)
    }

    /// `c`, after any whitespace.
    fn byte(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// After a member: `,` (false) or the container's `end` (true).
    fn close(&mut self, end: u8) -> Option<bool> {
        self.ws();
        let c = *self.b.get(self.i)?;
        self.i += 1;
        match c {
            b',' => Some(false),
            c if c == end => Some(true),
            _ => None,
        }
    }
}

/// What a value of a [`Template`] is, and so how it is read.
#[derive(Debug, Clone, Copy)]
enum Role {
    /// The feature's `id`.
    Id,
    /// `properties.id`.
    PropsId,
    /// A kept property, by its slot.
    Kept(u8),
    /// A property not kept.
    Skipped,
    /// The first coordinate.
    Lng,
    /// The second.
    Lat,
}

/// Where a value of a flat feature stood in the text (from, to) and what it was.
type Span = (usize, usize, Role);

/// The last flat feature as a pattern: the bytes between its values (keys,
/// punctuation and whitespace as written, and the two `type`s, which are the same
/// in every flat feature) and what each value is. A ledger's
/// features differ in their values only, so the next one is read by comparing
/// those bytes in runs and reading each value where it stands, with the function
/// [`Reader::flat`] reads it with: what matches is the same keys in the same
/// order, and gives what [`Reader::flat`] gives; anything else fails at the first
/// byte that differs, and [`Reader::flat`] reads it (and makes it the pattern).
///
/// Why: looking up each member and key in turn was most of the flat reader's
/// time in wasm (`key_as` 10.6 % and the reader's own 12.6 % of loading 50,000
/// problems from a string, Node profile, 2026-12-03).
#[derive(Debug, Default)]
struct Template<'de> {
    /// The bytes before each value, and the value.
    parts: Vec<(&'de [u8], Role)>,
    /// The bytes after the last value, to the feature's `}`.
    end: &'de [u8],
}

impl<'de> Template<'de> {
    /// The pattern of the flat feature `b[from..to]`, whose values stood at `spans`.
    fn learn(&mut self, b: &'de [u8], spans: &[Span], from: usize, to: usize) {
        self.parts.clear();
        let mut at = from;
        for &(a, z, role) in spans {
            self.parts.push((&b[at..a], role));
            at = z;
        }
        self.end = &b[at..to];
    }
}

/// Whether a layer's reading still tries flat features, with the [`Flat`] they are
/// read into (one per read, reused).
#[derive(Debug, Default)]
pub struct FlatState<'de> {
    f: Flat<'de>,
    order: Order,
    tpl: Template<'de>,
    spans: Vec<Span>,
    /// Features read by the pattern.
    patterned: u32,
    on: bool,
    taken: u32,
    missed: u32,
}

impl FlatState<'_> {
    /// For a sink that takes flat features ([`Sink::takes_flat`]).
    pub fn new(on: bool) -> Self {
        FlatState {
            on,
            ..Default::default()
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::sink::Head;

    /// Takes every flat feature; counts the others.
    #[derive(Default)]
    struct Count {
        flat: Vec<(Option<String>, Val<'static>, f64)>,
        general: usize,
    }

    impl<'de> Sink<'de> for Count {
        fn keep(&self) -> Keep {
            Keep::Keys(&["a", "b"])
        }
        fn feature(&mut self, _: usize, _: Head<'de>, _: &Scratch<'de>) {
            self.general += 1;
        }
        fn takes_flat(&self) -> bool {
            true
        }
        fn flat(&mut self, _: usize, f: &Flat<'de>) -> bool {
            let a = match f.vals[0] {
                Val::Str(_) => Val::Str("text"),
                Val::Absent => Val::Absent,
                Val::Null => Val::Null,
                Val::Int(n) => Val::Int(n),
            };
            self.flat.push((f.id.map(str::to_string), a, f.lng));
            true
        }
        fn restart(&mut self) {}
    }

    /// After the first, features of one shape are read by the pattern; one that
    /// is not flat (a float where text was) is read the general way and leaves
    /// the pattern as it was.
    #[test]
    fn features_of_one_shape_are_read_by_the_pattern() {
        let f = |i: usize| {
            let a = match i {
                6 => "1.5",
                3 => "null",
                _ => r#""x""#,
            };
            format!(
                r#"{{"type":"Feature","id":"P{i}","properties":{{"a":{a},"c":[1]}},"geometry":{{"type":"Point","coordinates":[112.{i},26.9]}}}}"#
            )
        };
        let text = (0..10).map(f).collect::<Vec<_>>().join(",");
        let mut r = Reader::new(&text, 0, 0);
        let mut sink = Count::default();
        let (mut sc, mut st) = (Scratch::default(), FlatState::new(true));
        for i in 0..10 {
            if i > 0 {
                assert_eq!(r.b[r.i], b',');
                r.i += 1;
            }
            r.element(&mut sink, &mut sc, &mut st, i).unwrap();
        }
        assert_eq!(r.i, text.len());
        assert_eq!(sink.general, 1);
        assert_eq!(st.patterned, 8);
        let want: Vec<_> = (0..10)
            .filter(|&i| i != 6)
            .map(|i| {
                let a = if i == 3 { Val::Null } else { Val::Str("text") };
                (
                    Some(format!("P{i}")),
                    a,
                    format!("112.{i}").parse().unwrap(),
                )
            })
            .collect();
        assert_eq!(sink.flat, want);
    }
}
