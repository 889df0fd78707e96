//! [`Cursor`]: a FeatureCollection read a few features at a time, so that a page can
//! load a large file in slices between frames, show how far it got and stop it.
//!
//! The state between calls is a byte position and where in the collection it is;
//! the features themselves go through the same reader and the same sink as
//! [`crate::read_features`], with the same depth around them, so a text read in
//! slices gives what it gives read whole. Anything the cursor does not expect —
//! broken JSON, a top level that is not an object — makes it stop with
//! [`Unsliced`]: the caller then reads the whole text at once, which gives the
//! file's result and its error message.

use crate::flat::FlatState;
use crate::scan::{Fail, Reader};
use crate::sink::{Head, Scratch, Sink, Top};
use crate::values::Prop;
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
        let mut scratch = Scratch::default();
        let mut flat = FlatState::new(sink.takes_flat());
        let mut left = max;
        loop {
            if self.at == At::Done {
                return Ok(true);
            }
            // Parsed containers open here: the top object, and `features` in it.
            let depth = match self.at {
                At::Element { .. } | At::AfterElement => 2,
                _ => 1,
            };
            let mut r = Reader::new(text, self.pos, depth);
            r.ws();
            let c = r.peek().map_err(|_| Unsliced)?;
            match self.at {
                At::Done => {}
                At::Start => {
                    if text.starts_with('\u{feff}') {
                        r.i = 3;
                        r.ws();
                    }
                    if !matches!(r.peek(), Ok(b'{')) {
                        return Err(Unsliced);
                    }
                    r.i += 1;
                    self.top.object = true;
                    self.at = At::Member { first: true };
                }
                At::Member { first } => {
                    if first && c == b'}' {
                        r.i += 1;
                        self.end(r)?;
                        continue;
                    }
                    if c != b'"' {
                        return Err(Unsliced);
                    }
                    let key = r.string().map_err(|_| Unsliced)?;
                    r.colon().map_err(|_| Unsliced)?;
                    self.member(&mut r, &key, sink)?;
                }
                At::Element { first } => {
                    if first && c == b']' {
                        r.i += 1;
                        self.at = At::AfterMember;
                    } else if left == 0 {
                        return Ok(false);
                    } else {
                        r.element(sink, &mut scratch, &mut flat, self.index)
                            .map_err(|_| Unsliced)?;
                        self.index += 1;
                        left -= 1;
                        self.at = At::AfterElement;
                    }
                }
                At::AfterElement => {
                    self.at = match c {
                        b',' => At::Element { first: false },
                        b']' => At::AfterMember,
                        _ => return Err(Unsliced),
                    };
                    r.i += 1;
                }
                At::AfterMember => match c {
                    b',' => {
                        self.at = At::Member { first: false };
                        r.i += 1;
                    }
                    b'}' => {
                        r.i += 1;
                        self.end(r)?;
                        continue;
                    }
                    _ => return Err(Unsliced),
                },
            }
            self.pos = r.i;
        }
    }

    /// One top-level member's value, as the whole read takes it.
    fn member<'de>(
        &mut self,
        r: &mut Reader<'de>,
        key: &str,
        sink: &mut dyn Sink<'de>,
    ) -> Result<(), Unsliced> {
        self.at = At::AfterMember;
        let mut read = |r: &mut Reader<'de>, top: &mut Top<'static>| -> Result<(), Fail> {
            match key {
                "crs" => {
                    let v = r.value()?;
                    sink.crs_member(&v);
                    top.crs = Some(v);
                }
                "x_as_of" => top.as_of = Some(r.value()?),
                "type" => {
                    top.kind = Some(match r.prop()? {
                        Prop::Str(s) => Some(Cow::Owned(s.into_owned())),
                        _ => None,
                    })
                }
                // A top-level Feature's members: read as the whole read reads them
                // (so that it refuses the same texts), then dropped: a file of one
                // Feature is read whole.
                other => {
                    let (mut scratch, mut head) = (Scratch::default(), Head::default());
                    if !r.member(other, sink.keep(), &mut scratch, &mut head)? {
                        r.skip()?;
                    }
                }
            }
            Ok(())
        };
        if key == "features" {
            sink.restart();
            self.index = 0;
            match r.peek() {
                Ok(b'[') => {
                    r.i += 1;
                    self.top.features = Some(true);
                    self.at = At::Element { first: true };
                }
                Ok(b'{') => {
                    r.object_skipped().map_err(|_| Unsliced)?;
                    self.top.features = Some(false);
                }
                _ => {
                    r.prop().map_err(|_| Unsliced)?;
                    self.top.features = Some(false);
                }
            }
            return Ok(());
        }
        read(r, &mut self.top).map_err(|_| Unsliced)
    }

    /// After the top-level object: only whitespace may follow.
    fn end(&mut self, mut r: Reader<'_>) -> Result<(), Unsliced> {
        r.ws();
        if r.i != r.b.len() {
            return Err(Unsliced);
        }
        self.pos = r.i;
        self.at = At::Done;
        Ok(())
    }
}
