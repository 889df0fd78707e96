//! Hand-written JSON output: coordinates as whole micro-degrees (6 decimals,
//! ≈ 0.1 m), keys in a fixed order, no serde_json `Value` trees, so a file of ten
//! million problems streams through a `BufWriter` in constant memory and the same
//! inputs give the same bytes.

use super::district::Frame;
use geo::orient::{Direction, Orient};
use geo::MultiPolygon;
use std::fmt::Write as _;

/// A coordinate rounded to whole micro-degrees.
pub(crate) fn micro(v: f64) -> i64 {
    (v * 1e6).round() as i64
}

/// The double a micro-degree value stands for: exactly what parsing its decimal
/// text gives, since both are the double nearest to `m / 10⁶`.
pub(crate) fn from_micro(m: i64) -> f64 {
    m as f64 / 1e6
}

/// Writes `m` micro-degrees as a decimal with trailing zeros trimmed.
pub(crate) fn push_micro(out: &mut String, m: i64) {
    let sign = if m < 0 { "-" } else { "" };
    let a = m.unsigned_abs();
    let (int, frac) = (a / 1_000_000, a % 1_000_000);
    if frac == 0 {
        let _ = write!(out, "{sign}{int}");
    } else {
        let mut f = format!("{frac:06}");
        while f.ends_with('0') {
            f.pop();
        }
        let _ = write!(out, "{sign}{int}.{f}");
    }
}

pub(crate) fn push_pos(out: &mut String, p: (i64, i64)) {
    out.push('[');
    push_micro(out, p.0);
    out.push(',');
    push_micro(out, p.1);
    out.push(']');
}

/// A JSON string literal.
pub(crate) fn push_str(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `"key":"value",` (the value as a JSON string).
pub(crate) fn push_kv(out: &mut String, key: &str, value: &str) {
    push_str(out, key);
    out.push(':');
    push_str(out, value);
    out.push(',');
}

/// A metric-frame MultiPolygon as rings of micro-degree positions, exteriors
/// counter-clockwise (RFC 7946), repeated positions removed; rings left with fewer
/// than 4 positions are dropped, and polygons whose exterior was dropped.
pub(crate) fn rings_micro(frame: &Frame, mp_m: &MultiPolygon<f64>) -> Vec<Vec<Vec<(i64, i64)>>> {
    let ll = frame.mp_to_lnglat(mp_m).orient(Direction::Default);
    let mut out = vec![];
    for p in &ll.0 {
        let mut rings = vec![];
        for (k, r) in std::iter::once(p.exterior())
            .chain(p.interiors())
            .enumerate()
        {
            let mut pts: Vec<(i64, i64)> = Vec::with_capacity(r.0.len());
            for c in &r.0 {
                let q = (micro(c.x), micro(c.y));
                if pts.last() != Some(&q) {
                    pts.push(q);
                }
            }
            if pts.first() != pts.last() {
                let first = pts[0];
                pts.push(first);
            }
            if pts.len() < 4 || ring_area2(&pts) == 0 {
                if k == 0 {
                    break;
                }
                continue;
            }
            rings.push(pts);
        }
        if !rings.is_empty() {
            out.push(rings);
        }
    }
    out
}

fn ring_area2(pts: &[(i64, i64)]) -> i128 {
    pts.windows(2)
        .map(|w| w[0].0 as i128 * w[1].1 as i128 - w[1].0 as i128 * w[0].1 as i128)
        .sum()
}

/// A GeoJSON Polygon (one polygon) or MultiPolygon geometry object.
pub(crate) fn push_area(out: &mut String, polys: &[Vec<Vec<(i64, i64)>>]) {
    let poly = |out: &mut String, p: &Vec<Vec<(i64, i64)>>| {
        out.push('[');
        for (i, r) in p.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            for (j, &q) in r.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                push_pos(out, q);
            }
            out.push(']');
        }
        out.push(']');
    };
    if polys.len() == 1 {
        out.push_str(r#"{"type":"Polygon","coordinates":"#);
        poly(out, &polys[0]);
    } else {
        out.push_str(r#"{"type":"MultiPolygon","coordinates":["#);
        for (i, p) in polys.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            poly(out, p);
        }
        out.push(']');
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micro_degrees_print_short_and_parse_back() {
        let mut s = String::new();
        for m in [112_512_345i64, 26_900_000, -5, 0, -112_000_010] {
            s.clear();
            push_micro(&mut s, m);
            let back: f64 = s.parse().unwrap();
            assert_eq!(back, from_micro(m), "{s}");
        }
        s.clear();
        push_micro(&mut s, 26_900_000);
        assert_eq!(s, "26.9");
        s.clear();
        push_micro(&mut s, -5);
        assert_eq!(s, "-0.000005");
    }

    #[test]
    fn strings_are_escaped() {
        let mut s = String::new();
        push_str(&mut s, "a\"b\\c\n红湖");
        assert_eq!(s, r#""a\"b\\c\u000a红湖""#);
        let v: String = serde_json::from_str(&s).unwrap();
        assert_eq!(v, "a\"b\\c\n红湖");
    }
}
