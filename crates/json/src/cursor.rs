//! [`Cursor`]: a FeatureCollection read a few features at a time, so that a page can
//! load a large file in slices between frames, show how far it got and stop it.
//!
//! The state between calls is a byte position and where in the collection it is;
//! the features themselves go through the same visitors and the same sink as
//! [`crate::read_features`], one feature's text at a time (its end found by
//! structure first, then parsed by serde_json, which checks it). Anything the
//! cursor does not expect — broken JSON, a top level that is not an object — makes
//! it stop with [`Unsliced`]: the caller then reads the whole text at once, which
//! gives the file's result and serde_json's message exactly. One difference is
//! left: serde_json's depth limit (128) counts from the top of the text at once
//! and from the feature here, so a feature nested 126–128 deep that the whole read
//! refuses as a file is read here.

use crate::stream::{FeatureSeed, Head, Keep, Scratch, Sink, Top};
use crate::values::{Key, Prop};
use serde::de::{DeserializeSeed, IgnoredAny};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;

/// Where a [`Cursor`] is in the collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the top-level `{`.
    Start,
    /// Before a member's key (`first`: no comma before it).
    Member { first: bool },
    /// In `features`, before an element (`first`: no comma before it).
    Element { first: bool },
    /// After a feature: a comma or the array's end.
    AfterElement,
    /// After a member's value: a comma or the object's end.
    AfterMember,
    /// The object is closed and nothing but whitespace followed.
    Done,
}

/// The cursor cannot read this text in slices: read it whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsliced;

/// A FeatureCollection read on from where the last [`Cursor::step`] stopped.
#[derive(Debug)]
pub struct Cursor {
    pos: usize,
    at: At,
    index: usize,
    top: Top<'static>,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            pos: 0,
            at: At::Start,
            index: 0,
            top: Top::default(),
        }
    }
}

impl Cursor {
    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Features handed to the sink so far.
    pub fn features(&self) -> usize {
        self.index
    }

    /// Whether the whole collection has been read.
    pub fn done(&self) -> bool {
        self.at == At::Done
    }

    /// The top level's members once [`Cursor::done`] (owned: the cursor outlives
    /// each call's borrow of the text). A top-level Feature's own members are not
    /// kept: a file of one Feature is read whole.
    pub fn top(&self) -> &Top<'static> {
        &self.top
    }

    /// Reads on: at most `max` more features go to `sink` (the same `text` every
    /// call). `Ok(true)` once the collection is read to its end.
    pub fn step<'de>(
        &mut self,
        text: &'de str,
        sink: &mut dyn Sink<'de>,
        max: usize,
    ) -> Result<bool, Unsliced> {
        let b = text.as_bytes();
        let mut scratch = Scratch::default();
        let mut left = max;
        loop {
            match self.at {
                At::Done => return Ok(true),
                At::Start => {
                    if text.starts_with('\u{feff}') {
                        self.pos = '\u{feff}'.len_utf8();
                    }
                    self.expect(b, b'{')?;
                    self.top.object = true;
                    self.at = At::Member { first: true };
                }
                At::Member { first } => {
                    self.ws(b);
                    if first && b.get(self.pos) == Some(&b'}') {
                        self.pos += 1;
                        self.end(b)?;
                        continue;
                    }
                    let Key(key) =
                        self.parse(text, |d, _, _| Key::deserialize(d), &mut scratch, Keep::All)?;
                    self.expect(b, b':')?;
                    self.ws(b);
                    self.member(text, &key, sink, &mut scratch)?;
                }
                At::Element { first } => {
                    self.ws(b);
                    if first && b.get(self.pos) == Some(&b']') {
                        self.pos += 1;
                        self.at = At::AfterMember;
                        continue;
                    }
                    if left == 0 {
                        return Ok(false);
                    }
                    let head: Head<'de> = self.parse(
                        text,
                        |d, scratch, keep| FeatureSeed { scratch, keep }.deserialize(d),
                        &mut scratch,
                        sink.keep(),
                    )?;
                    sink.feature(self.index, head, &scratch);
                    self.index += 1;
                    left -= 1;
                    self.at = At::AfterElement;
                }
                At::AfterElement => {
                    self.ws(b);
                    self.at = match b.get(self.pos) {
                        Some(b',') => At::Element { first: false },
                        Some(b']') => At::AfterMember,
                        _ => return Err(Unsliced),
                    };
                    self.pos += 1;
                }
                At::AfterMember => {
                    self.ws(b);
                    match b.get(self.pos) {
                        Some(b',') => self.at = At::Member { first: false },
                        Some(b'}') => {
                            self.pos += 1;
                            self.end(b)?;
                            continue;
                        }
                        _ => return Err(Unsliced),
                    }
                    self.pos += 1;
                }
            }
        }
    }

    /// One top-level member's value, as the whole read takes it.
    fn member<'de>(
        &mut self,
        text: &'de str,
        key: &str,
        sink: &mut dyn Sink<'de>,
        scratch: &mut Scratch<'de>,
    ) -> Result<(), Unsliced> {
        let skip = |d: &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
                    _: &mut Scratch<'de>,
                    _: Keep| IgnoredAny::deserialize(d).map(|_| ());
        let value = |d: &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
                     _: &mut Scratch<'de>,
                     _: Keep| Value::deserialize(d);
        self.at = At::AfterMember;
        match key {
            "features" => {
                sink.restart();
                self.index = 0;
                if text.as_bytes().get(self.pos) == Some(&b'[') {
                    self.pos += 1;
                    self.top.features = Some(true);
                    self.at = At::Element { first: true };
                } else {
                    self.parse(text, skip, scratch, Keep::All)?;
                    self.top.features = Some(false);
                }
            }
            "crs" => {
                let v: Value = self.parse(text, value, scratch, Keep::All)?;
                sink.crs_member(&v);
                self.top.crs = Some(v);
            }
            "x_as_of" => self.top.as_of = Some(self.parse(text, value, scratch, Keep::All)?),
            "type" => {
                self.top.kind = Some(
                    match self.parse(text, |d, _, _| Prop::deserialize(d), scratch, Keep::All)? {
                        Prop::Str(s) => Some(Cow::Owned(s.into_owned())),
                        _ => None,
                    },
                )
            }
            _ => {
                self.parse(text, skip, scratch, Keep::All)?;
            }
        }
        Ok(())
    }

    /// Parses the value at the position with `read` and moves past it.
    fn parse<'de, T>(
        &mut self,
        text: &'de str,
        read: fn(
            &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
            &mut Scratch<'de>,
            Keep,
        ) -> serde_json::Result<T>,
        scratch: &mut Scratch<'de>,
        keep: Keep,
    ) -> Result<T, Unsliced> {
        let end = value_end(text.as_bytes(), self.pos).ok_or(Unsliced)?;
        let span = text.get(self.pos..end).ok_or(Unsliced)?;
        let mut de = serde_json::Deserializer::from_str(span);
        let v = read(&mut de, scratch, keep).map_err(|_| Unsliced)?;
        de.end().map_err(|_| Unsliced)?;
        self.pos = end;
        Ok(v)
    }

    fn ws(&mut self, b: &[u8]) {
        while matches!(b.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: &[u8], c: u8) -> Result<(), Unsliced> {
        self.ws(b);
        if b.get(self.pos) != Some(&c) {
            return Err(Unsliced);
        }
        self.pos += 1;
        Ok(())
    }

    /// After the top-level object: only whitespace may follow.
    fn end(&mut self, b: &[u8]) -> Result<(), Unsliced> {
        self.ws(b);
        if self.pos != b.len() {
            return Err(Unsliced);
        }
        self.at = At::Done;
        Ok(())
    }
}

/// Where the JSON value starting at `i` ends, by its structure alone (strings and
/// escapes, brackets and braces); serde_json then checks the value itself.
#[inline(never)]
fn value_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match *b.get(i)? {
            b'"' => {
                i += 1;
                loop {
                    match *b.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ if depth == 0 => {
                while !matches!(
                    b.get(i),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    i += 1;
                }
                return Some(i);
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_ends_by_structure() {
        let t = br#"{"a":[1,"]\"}",{"b":null}]} , 12.5e3, "x\\" ]"#;
        assert_eq!(value_end(t, 0), Some(27));
        assert_eq!(value_end(t, 30), Some(36));
        assert_eq!(value_end(t, 38), Some(43));
        assert_eq!(value_end(b"[1,2", 0), None);
        assert_eq!(value_end(b"]", 0), None);
    }
}
