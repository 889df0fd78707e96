//! Dashes: walking a ring through a dash pattern, each dash stroked as an open
//! line; the part of a segment off the canvas is skipped in O(1).

use super::outline::{polyline, Cap};
use super::path::{Path, P};

/// Where a dash pattern stands: interval `i` (even: on) with `left` px to go.
pub(super) struct DashState<'a> {
    pat: &'a [f64],
    /// Intervals per period: an odd pattern runs twice so on and off alternate.
    len: usize,
    period: f64,
    i: usize,
    left: f64,
}

impl<'a> DashState<'a> {
    pub(super) fn new(pat: &'a [f64]) -> DashState<'a> {
        let len = if pat.len() % 2 == 1 {
            2 * pat.len()
        } else {
            pat.len()
        };
        let period = pat.iter().sum::<f64>() * (len / pat.len()) as f64;
        DashState {
            pat,
            len,
            period,
            i: 0,
            left: pat[0],
        }
    }

    fn on(&self) -> bool {
        self.i.is_multiple_of(2)
    }

    fn next(&mut self) {
        self.i = (self.i + 1) % self.len;
        self.left = self.pat[self.i % self.pat.len()];
    }

    /// Moves `d` px along the pattern in O(pattern length), however long `d` is.
    fn skip(&mut self, d: f64) {
        if d < self.left {
            self.left -= d;
            return;
        }
        let mut d = (d - self.left) % self.period;
        self.next();
        while d >= self.left {
            d -= self.left;
            self.next();
        }
        self.left -= d;
    }
}

/// Strokes the dash in `cur` (if any) and empties it.
pub(super) fn end_dash(out: &mut Path, cur: &mut Vec<P>, r: f64, cull: (P, P)) {
    if !cur.is_empty() {
        cur.dedup();
        polyline(out, cur, false, Cap::Butt, (r, cull), &[]);
        cur.clear();
    }
}

/// Walks segment a → b through the dash pattern, extending the dash in `cur` (a
/// polyline; empty between dashes) and stroking each dash that ends. Only the part
/// of the segment within `cull` (grown by `r`) is walked dash by dash; the rest is
/// skipped in O(1) and ends any dash there (its cap lies off the canvas).
pub(super) fn dash_segment(
    out: &mut Path,
    cur: &mut Vec<P>,
    d: &mut DashState,
    (a, b): (P, P),
    r: f64,
    cull: (P, P),
) {
    let len = (b.0 - a.0).hypot(b.1 - a.1);
    if len == 0.0 {
        return;
    }
    let at = |s: f64| {
        let t = s / len;
        (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
    };
    // The stretch [t0, t1] of the segment within cull grown by r (Liang–Barsky).
    let (lo, hi) = cull;
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (a.0 - b.0, a.0 - (lo.0 - r)),
        (b.0 - a.0, hi.0 + r - a.0),
        (a.1 - b.1, a.1 - (lo.1 - r)),
        (b.1 - a.1, hi.1 + r - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                t1 = -1.0;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    if t0 >= t1 {
        end_dash(out, cur, r, cull);
        d.skip(len);
        return;
    }
    let (s0, s1) = (t0 * len, t1 * len);
    if s0 > 0.0 {
        end_dash(out, cur, r, cull);
        d.skip(s0);
    }
    let mut s = s0;
    while s < s1 {
        if d.on() && cur.is_empty() {
            cur.push(at(s));
        }
        if d.left >= s1 - s {
            d.left -= s1 - s;
            s = s1;
        } else {
            s += d.left;
            d.left = 0.0;
        }
        if d.left <= 0.0 {
            if d.on() {
                cur.push(at(s));
                end_dash(out, cur, r, cull);
            }
            d.next();
        }
    }
    if s1 < len {
        if !cur.is_empty() {
            cur.push(at(s1));
        }
        end_dash(out, cur, r, cull);
        d.skip(len - s1);
    } else if !cur.is_empty() {
        cur.push(b);
    }
}
