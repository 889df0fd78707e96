//! A stroke as polygons: lines simplified, segments two rings share found once, and
//! for each segment a quad, for each join a round wedge, for each open end a half
//! disc, skipping what lies off the canvas.

use super::path::{greater, lesser, Path, RingKind, P};

/// The ring without repeated points and without points on a straight line between
/// their neighbours (within 0.01 px): a grid's zone outline has thousands of those,
/// and each would otherwise cost a join. For a closed ring the last point repeating
/// the first is dropped too.
pub(super) fn simplify(ring: &[P], closed: bool, out: &mut Vec<P>) {
    const TOL: f64 = 0.01;
    let straight = |a: P, m: P, b: P| {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = (m.0 - a.0) * dx + (m.1 - a.1) * dy;
        let cross = (m.0 - a.0) * dy - (m.1 - a.1) * dx;
        t > 0.0 && t < len2 && cross * cross <= TOL * TOL * len2
    };
    out.clear();
    for &p in ring {
        if out.last().is_some_and(|&q| q == p) {
            continue;
        }
        while out.len() >= 2 && straight(out[out.len() - 2], out[out.len() - 1], p) {
            out.pop();
        }
        out.push(p);
    }
    if closed {
        while out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        let n = out.len();
        if n >= 3 && straight(out[n - 1], out[0], out[1]) {
            out.remove(0);
        }
    }
}

/// Marks in `skip` (indexed like `path`'s points: the segment from point k to the
/// next) each segment whose endpoints, either way round, are those of an earlier
/// segment, compared on a 1/1024 px grid (neighbouring cells' shared corners often
/// differ in the last bits: `x0 + step` against `x0 + 2·step − step`).
pub(super) fn repeated_segments(
    path: &Path,
    keys: &mut Vec<([i64; 4], usize)>,
    skip: &mut Vec<bool>,
) {
    skip.clear();
    skip.resize(path.pts.len(), false);
    if path.rings.len() < 2 {
        return;
    }
    keys.clear();
    for &(s, e, kind) in &path.rings {
        let n = e - s;
        let segs = match kind {
            _ if n < 2 => 0,
            RingKind::Open => n - 1,
            _ => n,
        };
        for k in 0..segs {
            let snap = |(x, y): P| ((x * 1024.0).round() as i64, (y * 1024.0).round() as i64);
            let (a, b) = (snap(path.pts[s + k]), snap(path.pts[s + (k + 1) % n]));
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            let key = [a.0, a.1, b.0, b.1];
            keys.push((key, s + k));
        }
    }
    crate::sort::by(keys, &|a, b| a.cmp(b));
    for w in keys.windows(2) {
        if w[0].0 == w[1].0 {
            skip[w[1].1] = true;
        }
    }
}

/// Does the box of `pts` grown by `r` meet `cull`?
pub(super) fn visible(pts: &[P], r: f64, cull: (P, P)) -> bool {
    let (lo, hi) = cull;
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pts {
        x0 = lesser(x0, p.0);
        y0 = lesser(y0, p.1);
        x1 = greater(x1, p.0);
        y1 = greater(y1, p.1);
    }
    x1 + r >= lo.0 && x0 - r <= hi.0 && y1 + r >= lo.1 && y0 - r <= hi.1
}

/// Unit direction of a → b (a ≠ b).
pub(super) fn dir(a: P, b: P) -> P {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let l = dx.hypot(dy);
    (dx / l, dy / l)
}

/// Points of the arc around `c` from `c + v0`, turning by `phi` radians (sign: the
/// direction of rotation, positive from +x towards +y), within 0.02 px of the circle.
pub(super) fn arc(out: &mut Vec<P>, c: P, v0: P, phi: f64, r: f64) {
    const TOL: f64 = 0.02;
    let step = if r > TOL {
        2.0 * (1.0 - TOL / r).acos()
    } else {
        std::f64::consts::PI
    };
    let n = (phi.abs() / step).ceil().clamp(1.0, 64.0) as usize;
    let (s, co) = (phi / n as f64).sin_cos();
    let mut v = v0;
    out.push((c.0 + v.0, c.1 + v.1));
    for _ in 0..n {
        v = (v.0 * co - v.1 * s, v.0 * s + v.1 * co);
        out.push((c.0 + v.0, c.1 + v.1));
    }
}

/// Adds a piece (a closed outer ring built in `pts`' tail) to `out`.
pub(super) fn push_piece(out: &mut Path, start: usize) {
    let end = out.pts.len();
    if end > start {
        out.rings.push((start, end, RingKind::Outer));
    }
}

/// How an open line ends.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Cap {
    /// A half disc (a lone point: a disc): open lines.
    Round,
    /// Square at the end point, nothing beyond: dashes, as canvas `setLineDash`
    /// draws them by default. Two round caps were four fifths of a thin dash's
    /// edges (a 2 px dash at width 1: 20 points instead of 4).
    Butt,
}

/// The stroke of a polyline (no repeated points) as polygons: a quad per segment
/// (but not for segment k, from point k, when `skip[k]`), a round wedge on the
/// outer side of each join, and an open line's ends as `cap` says. Pieces off
/// `cull` are skipped.
pub(super) fn polyline(
    out: &mut Path,
    pts: &[P],
    closed: bool,
    cap: Cap,
    (r, cull): (f64, (P, P)),
    skip: &[bool],
) {
    let n = pts.len();
    if n == 0 || closed && n < 2 || n == 1 && cap == Cap::Butt {
        return;
    }
    if n == 1 {
        if visible(pts, r, cull) {
            let s = out.pts.len();
            arc(
                &mut out.pts,
                pts[0],
                (r, 0.0),
                2.0 * std::f64::consts::PI,
                r,
            );
            push_piece(out, s);
        }
        return;
    }
    let segs = if closed { n } else { n - 1 };
    for k in 0..segs {
        let (a, b) = (pts[k], pts[(k + 1) % n]);
        if skip.get(k) == Some(&true) || !visible(&[a, b], r, cull) {
            continue;
        }
        let d = dir(a, b);
        let l = (-d.1 * r, d.0 * r);
        let s = out.pts.len();
        out.pts.extend([
            (a.0 + l.0, a.1 + l.1),
            (b.0 + l.0, b.1 + l.1),
            (b.0 - l.0, b.1 - l.1),
            (a.0 - l.0, a.1 - l.1),
        ]);
        push_piece(out, s);
    }
    // Joins at the vertices between two segments.
    let joins = if closed { 0..n } else { 1..n - 1 };
    for k in joins {
        let p = pts[k];
        if !visible(&[p], r, cull) {
            continue;
        }
        let (d0, d1) = (dir(pts[(k + n - 1) % n], p), dir(p, pts[(k + 1) % n]));
        let cross = d0.0 * d1.1 - d0.1 * d1.0;
        let dot = d0.0 * d1.0 + d0.1 * d1.1;
        let phi = cross.atan2(dot);
        if phi.abs() < 1e-6 {
            continue;
        }
        // The outer side is opposite the turn; an about-turn goes round the front.
        let side = if cross >= 0.0 { -r } else { r };
        let phi = if cross == 0.0 {
            std::f64::consts::PI
        } else {
            phi
        };
        let s = out.pts.len();
        out.pts.push(p);
        arc(&mut out.pts, p, (-d0.1 * side, d0.0 * side), phi, r);
        push_piece(out, s);
    }
    if !closed && cap == Cap::Round {
        for (p, d, v) in [
            (pts[0], dir(pts[0], pts[1]), 1.0),
            (pts[n - 1], dir(pts[n - 2], pts[n - 1]), -1.0),
        ] {
            if !visible(&[p], r, cull) {
                continue;
            }
            // From the +normal side (start) or the −normal side (end), half a turn
            // through the outward direction.
            let s = out.pts.len();
            out.pts.push(p);
            arc(
                &mut out.pts,
                p,
                (-d.1 * r * v, d.0 * r * v),
                std::f64::consts::PI,
                r,
            );
            push_piece(out, s);
        }
    }
}
