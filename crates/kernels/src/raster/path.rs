//! Paths: rings of points in device px, each with its role, and the edges a fill
//! walks (oriented so that outer rings and holes wind opposite ways).

/// A point in device px.
pub(super) type P = (f64, f64);

/// What a ring of a [`Path`] is. Fills orient `Outer` rings one way and `Hole`s the
/// other; an `Open` ring is a polyline: filled as if closed, stroked with caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RingKind {
    /// An outer ring: filled.
    Outer,
    /// A hole of the outer rings before it: left empty.
    Hole,
    /// A polyline: stroked with caps (filled as if closed).
    Open,
}

/// Rings in device px (x right, y down). Non-finite points are dropped on the way in.
#[derive(Debug, Clone, Default)]
pub struct Path {
    pub(super) pts: Vec<P>,
    /// (start, end) into `pts`, and what the ring is.
    pub(super) rings: Vec<(usize, usize, RingKind)>,
}

impl Path {
    /// An empty path.
    pub fn new() -> Path {
        Path::default()
    }

    /// Empties the path, keeping its memory.
    pub fn clear(&mut self) {
        self.pts.clear();
        self.rings.clear();
    }

    /// Whether the path has no ring.
    pub fn is_empty(&self) -> bool {
        self.rings.is_empty()
    }

    /// Adds a ring. A closed ring (`Outer`, `Hole`) joins its last point to its first
    /// (a repeated first point at the end, as GeoJSON has, changes nothing). Points
    /// with a NaN or infinite coordinate are skipped; a ring left with no point is not
    /// added.
    pub fn push_ring(&mut self, pts: impl IntoIterator<Item = (f64, f64)>, kind: RingKind) {
        let start = self.pts.len();
        self.pts.extend(
            pts.into_iter()
                .filter(|p| p.0.is_finite() && p.1.is_finite()),
        );
        if self.pts.len() > start {
            self.rings.push((start, self.pts.len(), kind));
        }
    }

    /// The rings, in the order they were added.
    pub fn rings(&self) -> impl Iterator<Item = (&[P], RingKind)> + '_ {
        self.rings.iter().map(|&(s, e, k)| (&self.pts[s..e], k))
    }

    /// The box around every point: (min, max); None when empty.
    pub fn bounds(&self) -> Option<(P, P)> {
        ring_bounds(&self.pts)
    }
}

/// The box of some points (None when there are none).
pub(super) fn ring_bounds(pts: &[P]) -> Option<(P, P)> {
    let mut it = pts.iter();
    let &first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), &(x, y)| {
        (
            (lesser(lo.0, x), lesser(lo.1, y)),
            (greater(hi.0, x), greater(hi.1, y)),
        )
    }))
}

/// The lesser of two numbers, as a compare: wasm has no instruction for
/// `f64::min` (its `f64.min` treats NaN otherwise), so that is a call to `fmin`,
/// which in the stroke's box and cull checks was 12 % of drawing the demo's zones.
#[inline]
pub(super) fn lesser(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// The greater of two numbers (see [`lesser`]).
#[inline]
pub(super) fn greater(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Twice the signed area of a ring, relative to its first point (fewer rounding
/// errors far from the origin). Positive is clockwise on screen (y down).
pub(super) fn signed_area2(ring: &[P]) -> f64 {
    let Some(&o) = ring.first() else {
        return 0.0;
    };
    let mut s = 0.0;
    for k in 1..ring.len().saturating_sub(1) {
        let (a, b) = (ring[k], ring[k + 1]);
        s += (a.0 - o.0) * (b.1 - o.1) - (b.0 - o.0) * (a.1 - o.1);
    }
    s
}

/// Calls `f(a, b)` for each edge of each ring (closing edges included), oriented so
/// that outer and open rings have positive area and holes negative.
pub(super) fn for_each_edge(path: &Path, mut f: impl FnMut(P, P)) {
    for (ring, kind) in path.rings() {
        ring_edges(ring, kind, &mut f);
    }
}

/// [`for_each_edge`] of one ring.
pub(super) fn ring_edges(ring: &[P], kind: RingKind, mut f: impl FnMut(P, P)) {
    {
        if ring.len() < 2 {
            return;
        }
        let area = signed_area2(ring);
        let flip = match kind {
            RingKind::Hole => area > 0.0,
            RingKind::Outer | RingKind::Open => area < 0.0,
        };
        let n = ring.len();
        for k in 0..n {
            let (a, b) = (ring[k], ring[(k + 1) % n]);
            if flip {
                f(b, a)
            } else {
                f(a, b)
            }
        }
    }
}
