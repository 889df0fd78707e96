//! A whole text read at once: the top level's members into a [`Top`], each element
//! of `features` to the sink as it is read (or, for a sink that takes rows, each
//! element of a top-level array: the owners list's other shape).

use crate::flat::FlatState;
use crate::scan::{Fail, Read, Reader};
use crate::sink::{Head, Scratch, Sink, Top};
use crate::values::Prop;

/// Reads `text` (a UTF-8 byte-order mark first is skipped) into `sink`; only
/// whitespace may follow the top-level value. On failure, the byte index where
/// the text was given up on is in the [`Fail`].
pub fn read<'de>(text: &'de str, sink: &mut dyn Sink<'de>) -> Read<Top<'de>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut r = Reader::new(text, start, 0);
    r.ws();
    let top = match r.peek()? {
        b'{' => r.top_object(sink)?,
        b'[' => r.top_array(sink)?,
        _ => {
            r.prop()?;
            Top::default()
        }
    };
    r.ws();
    if r.i != text.len() {
        return Err(Fail::Syntax);
    }
    Ok(top)
}

impl<'de> Reader<'de> {
    fn top_object(&mut self, sink: &mut dyn Sink<'de>) -> Read<Top<'de>> {
        self.enter()?;
        let mut top = Top {
            object: true,
            ..Top::default()
        };
        let keep = sink.keep();
        let mut first = true;
        while let Some(k) = self.key(&mut first)? {
            match &*k {
                "features" => {
                    sink.restart();
                    top.features = Some(self.features(sink)?);
                }
                "crs" => {
                    let v = self.value()?;
                    sink.crs_member(&v);
                    top.crs = Some(v);
                }
                "x_as_of" => top.as_of = Some(self.value()?),
                "type" => {
                    top.kind = Some(match self.prop()? {
                        Prop::Str(s) => Some(s),
                        _ => None,
                    })
                }
                other => {
                    if !self.member(other, keep, &mut top.scratch, &mut top.head)? {
                        self.skip()?;
                    }
                }
            }
        }
        top.head.object = true;
        Ok(top)
    }

    /// A `features` member: each element to the sink; whether it was an array.
    fn features(&mut self, sink: &mut dyn Sink<'de>) -> Read<bool> {
        match self.peek()? {
            b'[' => {}
            b'{' => {
                self.object_skipped()?;
                return Ok(false);
            }
            _ => {
                self.prop()?;
                return Ok(false);
            }
        }
        self.enter()?;
        let mut scratch = Scratch::default();
        let mut flat = FlatState::new(sink.takes_flat());
        let (mut index, mut first) = (0, true);
        while self.next(&mut first)? {
            self.element(sink, &mut scratch, &mut flat, index)?;
            index += 1;
        }
        Ok(true)
    }

    /// A top-level array: skipped, or each element a row's properties when the
    /// sink takes rows.
    fn top_array(&mut self, sink: &mut dyn Sink<'de>) -> Read<Top<'de>> {
        if !sink.rows() {
            self.other()?;
        } else {
            self.enter()?;
            let mut scratch = Scratch::default();
            let keep = sink.keep();
            let (mut index, mut first) = (0, true);
            while self.next(&mut first)? {
                scratch.clear();
                let object = self.props(keep, &mut scratch)?;
                scratch.props_object = object;
                let head = Head {
                    object,
                    feature: true,
                    id: None,
                };
                sink.feature(index, head, &scratch);
                index += 1;
            }
        }
        Ok(Top {
            array: true,
            ..Top::default()
        })
    }
}
