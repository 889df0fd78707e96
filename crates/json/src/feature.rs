//! One feature read into a [`Scratch`]: its `type` and `id`, its `properties` (only
//! the keys the layer keeps) and its `geometry` (the coordinates as [`Node`]s).

use crate::scan::{Read, Reader};
use crate::sink::{Geom, Head, Keep, Scratch, MAX_KEYS};
use crate::values::{Node, Prop};

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
        while let Some(k) = self.key(&mut first)? {
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
        let mut first = true;
        while let Some(k) = self.key(&mut first)? {
            let Some(slot) = keep.slot(&k) else {
                self.skip()?;
                continue;
            };
            let v = self.prop()?;
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
