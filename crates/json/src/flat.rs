//! The flat shape: a feature whose `id` is text, whose kept properties are text,
//! whole numbers or null, and whose geometry is a Point — nearly every feature of
//! a problem ledger or a list of inspection points, whichever program wrote it.
//! Such a feature is read straight into a [`Flat`] (no `Cow`, no `Prop`, nothing
//! allocated) and a sink that takes it ([`Sink::flat`]) builds its record from
//! that. Anything else — an escape in a string, a nested property, a float where
//! text or a whole number would be, a missing `id`, another geometry, a syntax
//! error — and the reader steps back to the feature's start and reads it the
//! general way ([`Reader::feature`]), which gives every message; so does a sink
//! that declines. Only *what* is read differs, never what a text gives.
//!
//! Figures (README "Measured", "The flat path"): natively 50,000 problems read in
//! 31–36 ms instead of 72–77; in wasm 0.85× the time from a string and 0.72× from
//! bytes, a worked ledger's 1.01×, for 3.5 KB of the gzipped module.

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
            let read = self.flat(keys, &mut flat.f, &mut flat.order).is_some();
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
    ) -> Option<()> {
        let keys = &keys[..keys.len().min(MAX_KEYS)];
        *f = Flat::default();
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
            match m {
                0 => (self.plain()? == "Feature").then_some(())?,
                1 => f.id = Some(self.plain()?),
                2 => self.flat_props(keys, f)?,
                _ => self.point(f, &mut order.point)?,
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
    fn flat_props(&mut self, keys: &'static [&'static str], f: &mut Flat<'de>) -> Option<()> {
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
            match slot {
                Some(s) => *f.vals.get_mut(s)? = self.val()?,
                None if key == Some("id") => f.props_id = Some(self.plain()?),
                None => self.skip().ok()?,
            }
            if self.close(b'}')? {
                return Some(());
            }
        }
    }

    /// `geometry`: a Point, its `type` and `coordinates` in either order.
    fn point(&mut self, f: &mut Flat<'de>, order: &mut [u8; 3]) -> Option<()> {
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
                f.lng = self.coordinate()?;
                self.byte(b',')?;
                f.lat = self.coordinate()?;
                self.byte(b']')?;
            }
            if self.close(b'}')? {
                return (seen == 3).then_some(());
            }
        }
    }

    /// A number as the general reader keeps a coordinate.
    fn coordinate(&mut self) -> Option<f64> {
        self.ws();
        match self.b.get(self.i)? {
            b'-' | b'0'..=b'9' => self.number().ok()?.as_f64(),
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

/// Whether a layer's reading still tries flat features, with the [`Flat`] they are
/// read into (one per read, reused).
#[derive(Debug, Default)]
pub struct FlatState<'de> {
    f: Flat<'de>,
    order: Order,
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
