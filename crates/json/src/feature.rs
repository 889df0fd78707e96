//! One feature read into a [`Scratch`]: its `type` and `id`, its `properties` (only
//! the keys the layer keeps) and its `geometry` (the coordinates as [`Node`]s).

use crate::scan::{Read, Reader, FOLLOW_SKIPPED, FOLLOW_START};
use crate::sink::{Geom, Head, Keep, Scratch, MAX_KEYS};
use crate::values::{Node, Prop};
use std::borrow::Cow;

/// A feature's usual first member, `"type":"Feature"`, in bytes.
const TYPE_FEATURE: &[u8] = br#""type":"Feature""#;

/// A feature's members in the order programs write them.
const MEMBERS: [&str; 4] = ["type", "id", "properties", "geometry"];

/// A Point geometry's usual members up to its coordinates.
const POINT_COORDINATES: &[u8] = br#""type":"Point","coordinates":"#;

impl<'de> Reader<'de> {
    /// One element of `features` (`scratch` is cleared first, whatever it is).
    pub fn feature(&mut self, keep: Keep, sc: &mut Scratch<'de>) -> Read<Head<'de>> {
        sc.clear();
        if self.peek()? != b'{' {
            self.other()?;
            return Ok(Head::default());
        }
        self.enter()?;
        let mut head = Head {
            object: true,
            ..Head::default()
        };
        let mut first = true;
        // Nearly every feature starts so (written by a program): read at once.
        if self.ahead(TYPE_FEATURE) {
            self.i += TYPE_FEATURE.len();
            head.feature = true;
            first = false;
        }
        // The member programs write next, tried first as `,"key":` at once.
        let mut next = !first as usize;
        loop {
            let k = match MEMBERS.get(next) {
                Some(&g) if self.member_ahead(g, first) => {
                    self.i += g.len() + 3 + !first as usize;
                    self.ws();
                    first = false;
                    next += 1;
                    Cow::Borrowed(g)
                }
                _ => match self.key(&mut first)? {
                    Some(k) => {
                        next = MEMBERS
                            .iter()
                            .position(|m| k == *m)
                            .map_or(usize::MAX, |p| p + 1);
                        k
                    }
                    None => break,
                },
            };
            if k == "type" {
                head.feature = matches!(self.prop()?, Prop::Str(s) if s == "Feature");
            } else if !self.member(&k, keep, sc, &mut head)? {
                self.skip()?;
            }
        }
        Ok(head)
    }

    /// A feature's `id`, `properties` or `geometry` (also a top-level Feature's);
    /// `false` for another key, whose value is left to the caller.
    pub fn member(
        &mut self,
        key: &str,
        keep: Keep,
        sc: &mut Scratch<'de>,
        head: &mut Head<'de>,
    ) -> Read<bool> {
        match key {
            "id" => {
                head.id = match self.prop()? {
                    Prop::Null => None,
                    p => Some(p),
                }
            }
            "properties" => {
                sc.props.clear();
                sc.at = [0; MAX_KEYS + 1];
                sc.props_object = self.props(keep, sc)?;
            }
            "geometry" => {
                sc.nodes.clear();
                sc.geom = self.geometry(&mut sc.nodes)?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// A `properties` value (or a row of an owners list) into `sc.props`: whether it
    /// was an object. A repeated key keeps its last value.
    pub fn props(&mut self, keep: Keep, sc: &mut Scratch<'de>) -> Read<bool> {
        if self.peek()? != b'{' {
            self.other()?;
            return Ok(false);
        }
        self.enter()?;
        let (keys, mut first, mut prev) = (keep.keys(), true, FOLLOW_START);
        loop {
            // The key that came next in the last object, else the key as it is.
            let guess = self.follow.get(prev).map_or(usize::MAX, |&g| g as usize);
            let guessed = keys.get(guess).copied();
            // As programs write it, `,"key":` (or `"key":` first) at once: one
            // comparison for the separator, the key and the colon.
            let (k, slot) = match guessed {
                Some(g) if self.member_ahead(g, first) => {
                    self.i += g.len() + 3 + !first as usize;
                    self.ws();
                    first = false;
                    (Cow::Borrowed(g), Some(guess))
                }
                _ => {
                    if !self.key_start(&mut first)? {
                        break;
                    }
                    let (k, slot) = match guessed {
                        Some(g) if self.quoted(g) => {
                            self.i += g.len() + 2;
                            (Cow::Borrowed(g), Some(guess))
                        }
                        _ => {
                            let k = self.string()?;
                            let slot = keep.slot(&k);
                            (k, slot)
                        }
                    };
                    self.colon()?;
                    (k, slot)
                }
            };
            let next = slot.unwrap_or(FOLLOW_SKIPPED);
            if let Some(f) = self.follow.get_mut(prev) {
                *f = next.min(u8::MAX as usize) as u8;
            }
            prev = next;
            let Some(slot) = slot else {
                self.skip()?;
                continue;
            };
            // Text, most values of a kept key, read here without `prop`'s dispatch.
            let v = match self.b.get(self.i) {
                Some(b'"') => Prop::Str(self.string()?),
                _ => self.prop()?,
            };
            let have = match sc.at.get(slot) {
                Some(&i) => (i as usize).checked_sub(1),
                None => sc.props.iter().position(|(have, _)| *have == k),
            };
            match have.and_then(|i| sc.props.get_mut(i)) {
                Some(p) => p.1 = v,
                None => {
                    sc.props.push((k, v));
                    if let Some(i) = sc.at.get_mut(slot) {
                        *i = sc.props.len() as u8;
                    }
                }
            }
        }
        Ok(true)
    }

    /// A `geometry` value.
    fn geometry(&mut self, nodes: &mut Vec<Node>) -> Read<Geom<'de>> {
        match self.peek()? {
            b'{' => {}
            b'n' => {
                self.literal(b"null")?;
                return Ok(Geom::Missing);
            }
            _ => {
                self.other()?;
                return Ok(Geom::NotObject);
            }
        }
        self.enter()?;
        let (mut kind, mut coords) = (None, false);
        let mut first = true;
        // A point as programs write it: its `type` and `coordinates` key at once.
        if self.ahead(POINT_COORDINATES) {
            self.i += POINT_COORDINATES.len();
            self.ws();
            kind = Some(Cow::Borrowed("Point"));
            nodes.clear();
            self.coords(nodes)?;
            coords = true;
            first = false;
        }
        while let Some(k) = self.key(&mut first)? {
            match &*k {
                "type" => {
                    kind = match self.prop()? {
                        Prop::Str(s) => Some(s),
                        _ => None,
                    }
                }
                "coordinates" => {
                    nodes.clear();
                    self.coords(nodes)?;
                    coords = true;
                }
                _ => {
                    self.skip()?;
                }
            }
        }
        Ok(Geom::Object { kind, coords })
    }

    /// A `coordinates` value, in pre-order: an array, then its elements.
    fn coords(&mut self, nodes: &mut Vec<Node>) -> Read<()> {
        let node = match self.peek()? {
            b'[' => {
                self.enter()?;
                let at = nodes.len();
                nodes.push(Node::Arr { len: 0, end: 0 });
                let (mut len, mut first) = (0u32, true);
                while self.next(&mut first)? {
                    self.coords(nodes)?;
                    len += 1;
                }
                let end = nodes.len() as u32;
                if let Some(n) = nodes.get_mut(at) {
                    *n = Node::Arr { len, end };
                }
                return Ok(());
            }
            b'{' => {
                self.object_skipped()?;
                Node::Other("an object")
            }
            b'-' | b'0'..=b'9' => Node::Num(self.number()?.as_f64().unwrap_or(0.0)),
            _ => match self.prop()? {
                Prop::Str(_) => Node::Other("text"),
                Prop::Bool(_) => Node::Other("true/false"),
                _ => Node::Other("null"),
            },
        };
        nodes.push(node);
        Ok(())
    }
}
