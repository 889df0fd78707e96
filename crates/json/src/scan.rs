//! The byte-level half of the reader: whitespace, strings, numbers, literals and
//! values skipped, with serde_json 1.0's checks and results.
//!
//! Through serde_json's visitors a problem ledger loaded at 97 MB/s in wasm, and
//! most of the time was serde_json's machinery (a profile of 50,000 problems: the
//! string scan 8.5 %, `parse_str` 5.2 %, `deserialize_any` 4.7 %, the visitors
//! 12 %, numbers 7 %); the visitors also cost 9 KB of the gzipped module. This
//! reader walks the bytes once, scans strings eight bytes at a time, and reads the
//! usual numbers exactly without serde_json's general float parser (which it keeps
//! for the rest). It accepts exactly what serde_json's visitors accepted and reads
//! the same values (a test-only copy of those visitors checks it, `serde_model`):
//! values a visitor takes are *parsed* (strings with their escapes checked, numbers
//! in range, nesting counted against serde_json's limit of 128), values it ignores
//! are only *skipped*, checked for syntax as `IgnoredAny` checks them.

use crate::values::Prop;
use serde_json::Value;
use std::borrow::Cow;

/// Why a read stopped. A syntax error's message is serde_json's own (the caller
/// asks serde_json to skip the text and report); the others are errors serde_json's
/// skipping does not see, described here.
#[derive(Debug)]
pub enum Fail {
    /// Not JSON.
    Syntax,
    /// JSON that serde_json's visitors refuse: the reason and where (byte index).
    Refused(&'static str, usize),
    /// What serde_json said of the part of the text from a byte index on.
    Serde(Box<(serde_json::Error, usize)>),
}

pub type Read<T> = Result<T, Fail>;

/// serde_json's depth limit: containers nested this deep are refused.
pub const DEPTH_LIMIT: u32 = 128;

/// A position in a text, reading on.
pub struct Reader<'de> {
    pub t: &'de str,
    pub b: &'de [u8],
    pub i: usize,
    /// Parsed containers open around the position (skipped ones are not counted,
    /// as serde_json does not count them).
    pub depth: u32,
    /// For the properties of a [`crate::Keep::Keys`] layer: which kept key came
    /// after each one in the last object read (by slot; [`FOLLOW_START`] for the
    /// first, [`FOLLOW_SKIPPED`] after a key not kept). The next object's keys are
    /// tried as those first: programs write every feature's keys in one order.
    pub follow: [u8; FOLLOW_START + 1],
}

/// [`Reader::follow`]'s place for an object's first key.
pub const FOLLOW_START: usize = crate::MAX_KEYS + 2;
/// [`Reader::follow`]'s place for the key after one not kept.
pub const FOLLOW_SKIPPED: usize = crate::MAX_KEYS + 1;

impl<'de> Reader<'de> {
    pub fn new(t: &'de str, i: usize, depth: u32) -> Self {
        Reader {
            t,
            b: t.as_bytes(),
            i,
            depth,
            follow: [u8::MAX; FOLLOW_START + 1],
        }
    }

    pub fn peek(&self) -> Read<u8> {
        self.b.get(self.i).copied().ok_or(Fail::Syntax)
    }

    pub fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// Into a parsed container at its `[` or `{`.
    pub fn enter(&mut self) -> Read<()> {
        self.depth += 1;
        if self.depth >= DEPTH_LIMIT {
            return Err(Fail::Refused("recursion limit exceeded", self.i + 1));
        }
        self.i += 1;
        Ok(())
    }

    /// The next key of a parsed object whose `{` is read (`first`: none read yet)
    /// and the `:` after it; `None` when the object ends.
    pub fn key(&mut self, first: &mut bool) -> Read<Option<Cow<'de, str>>> {
        if !self.key_start(first)? {
            return Ok(None);
        }
        let k = self.string()?;
        self.colon()?;
        Ok(Some(k))
    }

    /// Up to the next key of a parsed object (at its `"`, then `true`), or past
    /// the object's end (`false`), as [`Reader::key`].
    pub fn key_start(&mut self, first: &mut bool) -> Read<bool> {
        self.ws();
        match (self.peek()?, *first) {
            (b'}', _) => {
                self.i += 1;
                self.depth -= 1;
                return Ok(false);
            }
            (b',', false) => {
                self.i += 1;
                self.ws();
                match self.b.get(self.i) {
                    Some(b'}') => return Err(Fail::Refused("trailing comma", self.i + 1)),
                    // A parsed object says so after a comma (a skipped one: "EOF
                    // while parsing an object").
                    None => return Err(Fail::Refused("EOF while parsing a value", self.i)),
                    _ => {}
                }
            }
            (_, true) => {}
            _ => return Err(Fail::Syntax),
        }
        *first = false;
        if self.peek()? != b'"' {
            return Err(Fail::Syntax);
        }
        Ok(true)
    }

    /// Whether the string at the position (its `"`) is exactly `key`, with no
    /// escapes: compared byte by byte, no call.
    #[inline]
    pub fn quoted(&self, key: &str) -> bool {
        self.quoted_at(self.i, key)
    }

    #[inline]
    fn quoted_at(&self, at: usize, key: &str) -> bool {
        let k = key.as_bytes();
        match self.b.get(at + 1..at + k.len() + 2) {
            Some(s) => s[k.len()] == b'"' && s.iter().zip(k).all(|(a, b)| a == b),
            None => false,
        }
    }

    /// Whether the text at the position is `,"key":` (`"key":` for an object's
    /// first member), without whitespace or escapes: a feature's members as
    /// programs write them, read at once.
    #[inline]
    pub fn member_ahead(&self, key: &str, first: bool) -> bool {
        let at = self.i + !first as usize;
        (first || self.b.get(self.i) == Some(&b','))
            && self.b.get(at) == Some(&b'"')
            && self.quoted_at(at, key)
            && self.b.get(at + key.len() + 2) == Some(&b':')
    }

    pub fn colon(&mut self) -> Read<()> {
        self.ws();
        if self.peek()? != b':' {
            return Err(Fail::Syntax);
        }
        self.i += 1;
        self.ws();
        Ok(())
    }

    /// Whether a parsed array whose `[` is read has another element (then at it).
    pub fn next(&mut self, first: &mut bool) -> Read<bool> {
        self.ws();
        match (self.peek()?, *first) {
            (b']', _) => {
                self.i += 1;
                self.depth -= 1;
                return Ok(false);
            }
            (b',', false) => {
                self.i += 1;
                self.ws();
                if self.peek()? == b']' {
                    return Err(Fail::Refused("trailing comma", self.i + 1));
                }
            }
            (_, true) => {}
            _ => return Err(Fail::Syntax),
        }
        *first = false;
        Ok(true)
    }

    /// A value a visitor takes only as "not what I want": an array's elements are
    /// skipped, a scalar is parsed (objects are each caller's).
    pub fn other(&mut self) -> Read<()> {
        if self.peek()? == b'[' {
            self.enter()?;
            let mut first = true;
            while self.next(&mut first)? {
                self.skip()?;
            }
            Ok(())
        } else {
            self.prop().map(drop)
        }
    }

    /// An object whose keys are parsed and values skipped (`next_entry` of two
    /// `IgnoredAny`), at its `{`.
    pub fn object_skipped(&mut self) -> Read<()> {
        self.enter()?;
        let mut first = true;
        while self.key(&mut first)?.is_some() {
            self.skip()?;
        }
        Ok(())
    }

    /// Any value as `Prop` takes it; arrays and objects through serde_json's `Value`
    /// once this reader has found their end, so that they are exactly its own.
    pub fn prop(&mut self) -> Read<Prop<'de>> {
        Ok(match self.peek()? {
            b'"' => Prop::Str(self.string()?),
            b'n' => {
                self.literal(b"null")?;
                Prop::Null
            }
            b't' => {
                self.literal(b"true")?;
                Prop::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                Prop::Bool(false)
            }
            b'-' | b'0'..=b'9' => Prop::Num(self.number()?),
            b'[' | b'{' => Prop::Json(self.value()?),
            _ => return Err(Fail::Syntax),
        })
    }

    /// Any value as serde_json's `Value` reads it: objects by key (a repeated key
    /// keeps its last value), nesting counted, strings and numbers parsed.
    pub fn value(&mut self) -> Read<Value> {
        Ok(match self.peek()? {
            b'[' => {
                self.enter()?;
                let (mut v, mut first) = (Vec::new(), true);
                while self.next(&mut first)? {
                    v.push(self.value()?);
                }
                Value::Array(v)
            }
            b'{' => {
                self.enter()?;
                let (mut m, mut first) = (serde_json::Map::new(), true);
                while let Some(k) = self.key(&mut first)? {
                    let v = self.value()?;
                    m.insert(k.into_owned(), v);
                }
                Value::Object(m)
            }
            _ => match self.prop()? {
                Prop::Null => Value::Null,
                Prop::Bool(b) => Value::Bool(b),
                Prop::Num(n) => Value::Number(n),
                Prop::Str(s) => Value::String(s.into_owned()),
                Prop::Json(v) => v,
            },
        })
    }

    /// Whether the text at the position starts with `lit`: eight bytes at a time,
    /// no call (a literal known to the caller folds into constants).
    #[inline(always)]
    pub fn ahead(&self, lit: &[u8]) -> bool {
        let load = |s: &[u8], k: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&s[k..k + 8]);
            u64::from_le_bytes(a)
        };
        let Some(s) = self.b.get(self.i..self.i + lit.len()) else {
            return false;
        };
        if lit.len() < 8 {
            return s.iter().zip(lit).all(|(a, b)| a == b);
        }
        let mut k = 0;
        while k + 8 <= lit.len() {
            if load(s, k) != load(lit, k) {
                return false;
            }
            k += 8;
        }
        // The last eight bytes, overlapping those compared.
        k == lit.len() || load(s, lit.len() - 8) == load(lit, lit.len() - 8)
    }

    pub fn literal(&mut self, word: &[u8]) -> Read<()> {
        let end = self.i + word.len();
        if self.b.get(self.i..end) != Some(word) {
            return Err(Fail::Syntax);
        }
        self.i = end;
        Ok(())
    }

    /// A string at its `"`, parsed as serde_json parses it: borrowed when it has no
    /// escapes.
    pub fn string(&mut self) -> Read<Cow<'de, str>> {
        let start = self.i + 1;
        let j = scan(self.b, start);
        match self.b.get(j) {
            Some(b'"') => {
                self.i = j + 1;
                Ok(Cow::Borrowed(self.t.get(start..j).ok_or(Fail::Syntax)?))
            }
            Some(b'\\') => self.escaped(start, j).map(Cow::Owned),
            Some(_) => Err(control(j)),
            None => Err(Fail::Syntax),
        }
    }

    /// The rest of a string from its first escape at `j`.
    #[inline(never)]
    fn escaped(&mut self, start: usize, mut j: usize) -> Read<String> {
        let (b, t) = (self.b, self.t);
        let mut out = String::with_capacity(j - start + 16);
        out.push_str(t.get(start..j).ok_or(Fail::Syntax)?);
        loop {
            match *b.get(j).ok_or(Fail::Syntax)? {
                b'"' => {
                    self.i = j + 1;
                    return Ok(out);
                }
                b'\\' => {
                    let (c, len) = unescape(b, j)?;
                    out.push(c);
                    j += len;
                }
                _ => {
                    let k = scan(b, j);
                    if k == j {
                        return Err(control(j));
                    }
                    out.push_str(t.get(j..k).ok_or(Fail::Syntax)?);
                    j = k;
                }
            }
        }
    }

    /// A string at its `"`, checked as serde_json's `ignore_str` checks it (escapes
    /// well formed, surrogates not paired).
    fn skip_string(&mut self) -> Read<()> {
        let b = self.b;
        let mut j = self.i + 1;
        loop {
            j = scan(b, j);
            match b.get(j) {
                Some(b'"') => {
                    self.i = j + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    j += match b.get(j + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => 2,
                        Some(b'u') if hex4(b, j + 2).is_some() => 6,
                        _ => return Err(Fail::Syntax),
                    }
                }
                _ => return Err(Fail::Syntax),
            }
        }
    }

    /// Any value, checked for syntax only, as serde_json's `IgnoredAny` checks it
    /// (no depth limit there either).
    pub fn skip(&mut self) -> Read<()> {
        // One bit per open container, 1 for an object; a spill past 64 levels.
        let (mut bits, mut spill, mut open) = (0u64, Vec::new(), 0u32);
        let is_obj = |bits: u64, spill: &Vec<bool>, open: u32| {
            if open > 64 {
                spill.last() == Some(&true)
            } else {
                bits >> (open - 1) & 1 == 1
            }
        };
        loop {
            // A value.
            self.ws();
            match self.peek()? {
                b'"' => self.skip_string()?,
                c @ (b'[' | b'{') => {
                    let obj = c == b'{';
                    self.i += 1;
                    self.ws();
                    match self.peek()? {
                        b']' if !obj => self.i += 1,
                        b'}' if obj => self.i += 1,
                        _ => {
                            open += 1;
                            if open > 64 {
                                spill.push(obj);
                            } else if obj {
                                bits |= 1 << (open - 1);
                            } else {
                                bits &= !(1 << (open - 1));
                            }
                            if obj {
                                self.skip_key()?;
                            }
                            continue;
                        }
                    }
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => {
                    self.skip_number()?;
                }
                _ => return Err(Fail::Syntax),
            }
            // After a value: a comma, or the end of containers.
            loop {
                if open == 0 {
                    return Ok(());
                }
                self.ws();
                let obj = is_obj(bits, &spill, open);
                match (self.peek()?, obj) {
                    (b',', _) => {
                        self.i += 1;
                        if obj {
                            self.ws();
                            self.skip_key()?;
                        }
                        break;
                    }
                    (b']', false) | (b'}', true) => {
                        self.i += 1;
                        if open > 64 {
                            spill.pop();
                        }
                        open -= 1;
                    }
                    _ => return Err(Fail::Syntax),
                }
            }
        }
    }

    /// A skipped object's key and its `:`.
    fn skip_key(&mut self) -> Read<()> {
        if self.peek()? != b'"' {
            return Err(Fail::Syntax);
        }
        self.skip_string()?;
        self.colon()
    }
}

/// A control character in a parsed string (serde_json reports it one byte later
/// than when it skips the string).
fn control(at: usize) -> Fail {
    Fail::Refused(
        "control character (\\u0000-\\u001F) found while parsing a string",
        at + 1,
    )
}

/// What serde_json said of a part of the text from byte `start` on.
pub(crate) fn refused(e: serde_json::Error, start: usize) -> Fail {
    Fail::Serde(Box::new((e, start)))
}

/// One escape at `j` (its `\`): the character and the bytes it takes. Surrogates
/// must come in pairs, as serde_json's parsed strings require.
fn unescape(b: &[u8], j: usize) -> Read<(char, usize)> {
    let c = match b.get(j + 1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\x08',
        Some(b'f') => '\x0c',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            let hi = hex4(b, j + 2).ok_or(Fail::Syntax)?;
            return match hi {
                0xDC00..=0xDFFF => {
                    Err(Fail::Refused("lone leading surrogate in hex escape", j + 6))
                }
                0xD800..=0xDBFF => {
                    // Another `\u` must follow (cut short: a syntax error).
                    let end = |at: usize| match b.get(at) {
                        None => Fail::Syntax,
                        Some(_) => Fail::Refused("unexpected end of hex escape", at + 1),
                    };
                    if b.get(j + 6) != Some(&b'\\') {
                        return Err(end(j + 6));
                    }
                    if b.get(j + 7) != Some(&b'u') {
                        return Err(end(j + 7));
                    }
                    let lo = hex4(b, j + 8).ok_or(Fail::Syntax)?;
                    if !(0xDC00..=0xDFFF).contains(&lo) {
                        return Err(Fail::Refused(
                            "lone leading surrogate in hex escape",
                            j + 12,
                        ));
                    }
                    let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                    Ok((c.ok_or(Fail::Syntax)?, 12))
                }
                _ => Ok((char::from_u32(hi).ok_or(Fail::Syntax)?, 6)),
            };
        }
        _ => return Err(Fail::Syntax),
    };
    Ok((c, 2))
}

/// `\uXXXX`'s four hex digits at `at`.
fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let mut v = 0;
    for &c in b.get(at..at + 4)? {
        v = v * 16 + (c as char).to_digit(16)?;
    }
    Some(v)
}

/// The first byte at or after `i` that ends a plain run of a string: `"`, `\` or
/// a control character (or the end), eight bytes at a time.
#[inline]
pub(crate) fn scan(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let v = u64::from_le_bytes(a);
        let hit = zero(v ^ (ONES * b'"' as u64))
            | zero(v ^ (ONES * b'\\' as u64))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGH);
        if hit != 0 {
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn strings_are_scanned_to_their_end() {
        for (text, end) in [
            ("abcdefghij\"", 10),
            ("ab\\c", 2),
            ("abcdefgh\u{1}", 8),
            ("abc", 3),
            ("垃圾垃圾\"", 12),
        ] {
            assert_eq!(scan(text.as_bytes(), 0), end, "{text:?}");
        }
    }
}
