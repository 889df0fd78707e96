//! Well-known binary (ISO/OGC simple features, little-endian, 2-D) for the
//! geometries civicmap keeps: points, polygons and multipolygons. Hand-written
//! (70 lines) because the `wkb`/`geozero` crates would bring a second geometry
//! stack for three types; read back strictly, so a file that is not what this
//! writes says why instead of loading something else.

use crate::model::LngLat;
use geo::{Coord, LineString, MultiPolygon, Polygon};

const POINT: u32 = 1;
const POLYGON: u32 = 3;
const MULTI_POLYGON: u32 = 6;

/// A point: 21 bytes.
pub fn point(out: &mut Vec<u8>, (x, y): LngLat) {
    out.push(1);
    out.extend_from_slice(&POINT.to_le_bytes());
    out.extend_from_slice(&x.to_le_bytes());
    out.extend_from_slice(&y.to_le_bytes());
}

fn rings(out: &mut Vec<u8>, p: &Polygon<f64>) {
    out.extend_from_slice(&(1 + p.interiors().len() as u32).to_le_bytes());
    for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
        out.extend_from_slice(&(ring.0.len() as u32).to_le_bytes());
        for c in &ring.0 {
            out.extend_from_slice(&c.x.to_le_bytes());
            out.extend_from_slice(&c.y.to_le_bytes());
        }
    }
}

/// A multipolygon of one polygon as a Polygon (what most files hold), else a
/// MultiPolygon. Returns the type written.
pub fn area(out: &mut Vec<u8>, mp: &MultiPolygon<f64>) -> &'static str {
    out.push(1);
    if let [p] = mp.0.as_slice() {
        out.extend_from_slice(&POLYGON.to_le_bytes());
        rings(out, p);
        "Polygon"
    } else {
        out.extend_from_slice(&MULTI_POLYGON.to_le_bytes());
        out.extend_from_slice(&(mp.0.len() as u32).to_le_bytes());
        for p in &mp.0 {
            out.push(1);
            out.extend_from_slice(&POLYGON.to_le_bytes());
            rings(out, p);
        }
        "MultiPolygon"
    }
}

/// Reads little- or big-endian WKB.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
    le: bool,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self
            .b
            .get(self.at..self.at + N)
            .ok_or_else(|| format!("WKB ends at byte {} of {}", self.at, self.b.len()))?;
        self.at += N;
        let mut a = [0; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn header(&mut self) -> Result<u32, String> {
        self.le = match self.take::<1>()?[0] {
            0 => false,
            1 => true,
            o => return Err(format!("WKB byte order {o} is neither 0 nor 1")),
        };
        self.u32()
    }
    fn u32(&mut self) -> Result<u32, String> {
        let a = self.take::<4>()?;
        Ok(if self.le {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        })
    }
    fn f64(&mut self) -> Result<f64, String> {
        let a = self.take::<8>()?;
        Ok(if self.le {
            f64::from_le_bytes(a)
        } else {
            f64::from_be_bytes(a)
        })
    }
    fn polygon(&mut self) -> Result<Polygon<f64>, String> {
        let n = self.u32()? as usize;
        let mut rings = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            let m = self.u32()? as usize;
            // Sixteen bytes a position must still be there before allocating.
            if m > (self.b.len() - self.at) / 16 {
                return Err(format!("WKB ring of {m} positions is longer than the data"));
            }
            let mut cs = Vec::with_capacity(m);
            for _ in 0..m {
                cs.push(Coord {
                    x: self.f64()?,
                    y: self.f64()?,
                });
            }
            rings.push(LineString(cs));
        }
        let mut it = rings.into_iter();
        let outer = it.next().ok_or("WKB polygon without rings")?;
        Ok(Polygon::new(outer, it.collect()))
    }
    fn done(&self) -> Result<(), String> {
        if self.at == self.b.len() {
            Ok(())
        } else {
            Err(format!(
                "{} bytes after the WKB geometry",
                self.b.len() - self.at
            ))
        }
    }
}

/// A WKB Point.
pub fn read_point(b: &[u8]) -> Result<LngLat, String> {
    let mut r = Reader { b, at: 0, le: true };
    match r.header()? {
        POINT => {
            let p = (r.f64()?, r.f64()?);
            r.done()?;
            Ok(p)
        }
        t => Err(format!("expected a WKB Point, got type {t}")),
    }
}

/// A WKB Polygon or MultiPolygon, as a multipolygon.
pub fn read_area(b: &[u8]) -> Result<MultiPolygon<f64>, String> {
    let mut r = Reader { b, at: 0, le: true };
    let mp = match r.header()? {
        POLYGON => MultiPolygon(vec![r.polygon()?]),
        MULTI_POLYGON => {
            let n = r.u32()? as usize;
            let mut ps = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                match r.header()? {
                    POLYGON => ps.push(r.polygon()?),
                    t => {
                        return Err(format!(
                            "expected a WKB Polygon inside the MultiPolygon, got type {t}"
                        ))
                    }
                }
            }
            MultiPolygon(ps)
        }
        t => Err(format!(
            "expected a WKB Polygon or MultiPolygon, got type {t}"
        ))?,
    };
    r.done()?;
    Ok(mp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_exactly_and_matches_the_standard_bytes() {
        let mut b = vec![];
        point(&mut b, (1.0, 2.0));
        // POINT (1 2), little-endian, as PostGIS's ST_AsBinary writes it.
        assert_eq!(
            b,
            [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40]
        );
        assert_eq!(read_point(&b).unwrap(), (1.0, 2.0));
        let sq = |x: f64| {
            Polygon::new(
                LineString::from(vec![(x, 0.0), (x + 1.0, 0.0), (x + 1.0, 1.0), (x, 0.0)]),
                vec![LineString::from(vec![
                    (x + 0.1, 0.1),
                    (x + 0.2, 0.1),
                    (x + 0.2, 0.2),
                    (x + 0.1, 0.1),
                ])],
            )
        };
        for mp in [
            MultiPolygon(vec![sq(0.0)]),
            MultiPolygon(vec![sq(0.0), sq(5.0 + 1e-9)]),
        ] {
            let mut b = vec![];
            let t = area(&mut b, &mp);
            assert_eq!(
                t,
                if mp.0.len() == 1 {
                    "Polygon"
                } else {
                    "MultiPolygon"
                }
            );
            assert_eq!(read_area(&b).unwrap(), mp);
            assert!(read_area(&b[..b.len() - 1]).is_err());
            assert!(read_point(&b).is_err());
        }
        // Big-endian reads too.
        let be = [
            0u8, 0, 0, 0, 1, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(read_point(&be).unwrap(), (1.0, 2.0));
        assert!(
            read_area(&[1, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0x0f]).is_err(),
            "huge ring count"
        );
    }
}
