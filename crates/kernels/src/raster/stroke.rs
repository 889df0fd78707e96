//! Strokes: round joins and caps, optional dashes (square ends), every piece filled together as
//! one path so that the stroke paints once where it overlaps itself.

use super::dash::{dash_segment, end_dash, DashState};
use super::outline::{polyline, repeated_segments, simplify, Cap};
use super::paint::Paint;
use super::path::{Path, RingKind};
use super::pixmap::Raster;

/// How a path is stroked. Joins and caps are round; dashes end square.
#[derive(Debug, Clone, Copy)]
pub struct Stroke<'a> {
    /// Width in px.
    pub width: f64,
    /// Dash pattern, on and off lengths in px from each ring's first point (an odd
    /// count is repeated, as canvas `setLineDash` does); empty patterns, patterns
    /// with a negative or non-finite length and periods under half a px draw solid.
    pub dash: &'a [f64],
}

impl Raster {
    /// Strokes every ring of `path` (closed rings closed, open ones with round caps)
    /// with round joins, as one fill: where the stroke overlaps itself it is painted
    /// once.
    pub fn stroke(&mut self, path: &Path, stroke: &Stroke, paint: &Paint) {
        let r = stroke.width / 2.0;
        if !(r > 0.0 && r.is_finite()) {
            return;
        }
        let dash = stroke.dash;
        // Sub-pixel periods would cost a dash per half pixel and look solid anyway.
        let dashed = !dash.is_empty()
            && dash.iter().all(|d| d.is_finite() && *d >= 0.0)
            && dash.iter().sum::<f64>() >= 0.5;
        // Pieces farther than this from the canvas cannot touch it.
        let m = r + 1.0;
        let cull = ((-m, -m), (self.width as f64 + m, self.height as f64 + m));
        let mut pieces = std::mem::take(&mut self.pieces);
        let (mut line, mut dash_line) = (
            std::mem::take(&mut self.line),
            std::mem::take(&mut self.dash_line),
        );
        pieces.clear();
        if dashed {
            for (ring, kind) in path.rings() {
                let closed = kind != RingKind::Open;
                simplify(ring, closed, &mut line);
                let n = line.len();
                if n == 1 {
                    // A lone point of an open line is a dot, dashed or not.
                    if !closed {
                        polyline(&mut pieces, &line, false, Cap::Round, (r, cull), &[]);
                    }
                    continue;
                }
                let mut d = DashState::new(dash);
                dash_line.clear();
                for k in 0..if closed { n } else { n - 1 } {
                    let seg = (line[k], line[(k + 1) % n]);
                    dash_segment(&mut pieces, &mut dash_line, &mut d, seg, r, cull);
                }
                end_dash(&mut pieces, &mut dash_line, r, cull);
            }
        } else {
            // Each segment once: under nonzero a segment that two rings share (cells
            // side by side) is painted once, but here its second quad would double
            // the anti-aliased fringe along it.
            let mut simple = std::mem::take(&mut self.simple);
            simple.clear();
            for (ring, kind) in path.rings() {
                simplify(ring, kind != RingKind::Open, &mut line);
                simple.push_ring(line.iter().copied(), kind);
            }
            repeated_segments(&simple, &mut self.keys, &mut self.skip);
            for &(s, e, kind) in &simple.rings {
                let closed = kind != RingKind::Open;
                let skip = &self.skip[s..e];
                polyline(
                    &mut pieces,
                    &simple.pts[s..e],
                    closed,
                    Cap::Round,
                    (r, cull),
                    skip,
                );
            }
            self.simple = simple;
        }
        // No piece is as wide as a tile while the width is under one.
        if !(stroke.width < super::tiles::TILE as f64 && self.fill_by_tiles(&pieces, paint)) {
            self.fill(&pieces, paint);
        }
        self.pieces = pieces;
        self.line = line;
        self.dash_line = dash_line;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{poly, stroke_cov};
    use super::*;

    #[test]
    fn a_horizontal_stroke_of_width_w_covers_w_rows() {
        for (y, width) in [(5.0, 2.0), (5.25, 1.5), (5.5, 1.0), (4.9, 3.3)] {
            let line = poly(&[(2.0, y), (18.0, y)], RingKind::Open);
            let c = stroke_cov(&line, width, &[], 20, 12);
            // Away from the caps each column holds `width` rows' worth.
            for x in 4..16 {
                let col: f32 = (0..12).map(|yy| c[yy * 20 + x]).sum();
                assert!((col - width as f32).abs() < 0.01, "w {width} x {x}: {col}");
            }
            // With round caps the total is the capsule's, within the arcs' tolerance.
            let total: f32 = c.iter().sum();
            let r = width / 2.0;
            let want = 16.0 * width + std::f64::consts::PI * r * r;
            assert!(
                (total as f64 - want).abs() < 0.05 * want,
                "{total} vs {want}"
            );
        }
    }

    #[test]
    fn a_closed_ring_is_stroked_all_round_and_not_filled() {
        let sq = poly(
            &[(3.0, 3.0), (13.0, 3.0), (13.0, 9.0), (3.0, 9.0), (3.0, 3.0)],
            RingKind::Outer,
        );
        let c = stroke_cov(&sq, 2.0, &[], 16, 12);
        let at = |x: usize, y: usize| c[y * 16 + x];
        // Each side covers the two pixels either side of it; the inside stays empty.
        for x in 4..12 {
            assert!(at(x, 2) > 0.99 && at(x, 3) > 0.99 && at(x, 8) > 0.99 && at(x, 9) > 0.99);
        }
        for y in 4..8 {
            assert!(at(2, y) > 0.99 && at(3, y) > 0.99 && at(12, y) > 0.99 && at(13, y) > 0.99);
        }
        for y in 5..7 {
            for x in 5..11 {
                assert_eq!(at(x, y), 0.0);
            }
        }
        // Round outer corners: the corner pixel (2, 2) is about a quarter disc of
        // radius 1 (π/4), not the full square a miter would give.
        assert!((at(2, 2) - 0.785).abs() < 0.06, "{}", at(2, 2));
        // Straight runs have no seams where a point sits mid-side.
        let sq2 = poly(
            &[(3.0, 3.0), (8.0, 3.0), (13.0, 3.0), (13.0, 9.0), (3.0, 9.0)],
            RingKind::Outer,
        );
        let c2 = stroke_cov(&sq2, 2.0, &[], 16, 12);
        assert_eq!(c, c2);
    }

    #[test]
    fn an_edge_two_rings_share_is_stroked_once() {
        // Two cells side by side at x = 8.3 (the second's copy a hair off, as float
        // sums give): the line there (width 1: x ∈ [7.8, 8.8]) covers 0.2 and 0.8 of
        // pixels 7 and 8, as a single line would, not twice that.
        let mut p = Path::new();
        p.push_ring(
            [(2.0, 2.0), (8.3, 2.0), (8.3, 9.0), (2.0, 9.0)],
            RingKind::Outer,
        );
        let x = 8.3 + 1e-12;
        p.push_ring(
            [(x, 2.0), (14.0, 2.0), (14.0, 9.0), (x, 9.0)],
            RingKind::Outer,
        );
        let c = stroke_cov(&p, 1.0, &[], 16, 12);
        for y in 4..7 {
            assert!((c[y * 16 + 7] - 0.2).abs() < 0.01, "{}", c[y * 16 + 7]);
            assert!((c[y * 16 + 8] - 0.8).abs() < 0.01, "{}", c[y * 16 + 8]);
        }
    }

    #[test]
    fn dashes_leave_gaps_where_the_pattern_says() {
        // Dashes of 4 on, 4 off from x = 0 on row 10 (width 1: rows 10.0..11.0), with
        // square ends, as canvas draws dashes: ink on x ∈ [8k, 8k + 4], none beyond.
        let line = poly(&[(0.0, 10.5), (40.0, 10.5)], RingKind::Open);
        let c = stroke_cov(&line, 1.0, &[4.0, 4.0], 40, 20);
        for k in 0..5 {
            for x in 8 * k..8 * k + 4 {
                assert!(c[10 * 40 + x] > 0.99, "dash {k} at {x}: {}", c[10 * 40 + x]);
            }
            for x in 8 * k + 4..8 * k + 8 {
                assert_eq!(c[10 * 40 + x], 0.0, "gap {k} at {x}");
            }
        }
        // The pattern continues round corners: a 4 + 4 ring of side 16 has 8 dashes.
        let sq = poly(
            &[(2.0, 2.5), (18.0, 2.5), (18.0, 18.5), (2.0, 18.5)],
            RingKind::Outer,
        );
        let c = stroke_cov(&sq, 1.0, &[4.0, 4.0], 21, 21);
        let top: Vec<bool> = (2..18).map(|x| c[2 * 21 + x] > 0.5).collect();
        let want: Vec<bool> = (2..18).map(|x| (x - 2) % 8 < 4).collect();
        assert_eq!(top, want);
        // An odd pattern repeats: [3] is 3 on, 3 off.
        let c = stroke_cov(&line, 1.0, &[3.0], 40, 20);
        assert!(c[10 * 40 + 1] > 0.99 && c[10 * 40 + 4] == 0.0 && c[10 * 40 + 7] > 0.99);
    }

    #[test]
    fn a_dashed_line_a_million_px_long_costs_only_its_visible_part() {
        let line = poly(&[(-1.0e7, 5.5), (1.0e7 + 0.3, 5.5)], RingKind::Open);
        let mut r = Raster::new(32, 10);
        r.stroke(
            &line,
            &Stroke {
                width: 1.0,
                dash: &[2.0, 4.0],
            },
            &Paint::Solid([0, 0, 0, 255]),
        );
        // The work, counted rather than timed: only the dashes near the canvas are
        // built (the whole line would be 3.3 million of them).
        assert!(r.pieces.pts.len() < 1000, "{} points", r.pieces.pts.len());
        let c: Vec<f32> = r.px.chunks_exact(4).map(|p| p[3] as f32 / 255.0).collect();
        // In phase with the line's start: the pattern position of canvas x is
        // (x + 1e7) mod 6; ink on [0, 2] plus the caps' 0.5, clear on [2.5, 5.5].
        let (mut inked, mut clear) = (0, 0);
        for x in 0..32 {
            let pos = (x as f64 + 0.5 + 1.0e7) % 6.0;
            let v = c[5 * 32 + x];
            if (0.5..=1.5).contains(&pos) {
                assert!(v > 0.99, "{x}: {v}");
                inked += 1;
            }
            if (3.5..=4.5).contains(&pos) {
                assert_eq!(v, 0.0, "{x}");
                clear += 1;
            }
        }
        assert!(inked >= 10 && clear >= 10, "{inked} {clear}");
    }
}
