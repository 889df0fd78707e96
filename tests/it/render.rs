//! The assignment map's pixels, a small synthetic city shared with `heat.rs`, and
//! golden-image comparison with a tolerance.

use civicmap::assignment::{self as render, AssignmentOptions, Fill};
use civicmap::choropleth::{self, AreaKind, ChoroplethOptions};
use civicmap::palette;
use civicmap::*;
use std::path::PathBuf;

// ---- fixture ---------------------------------------------------------------

pub const X0: f64 = 112.56;
pub const Y0: f64 = 26.88;
pub const STEP: f64 = 0.002;
pub const NX: usize = 8;
pub const NY: usize = 5;

fn square(i: usize, j: usize) -> String {
    let (x, y) = (X0 + i as f64 * STEP, Y0 + j as f64 * STEP);
    let (x1, y1) = (x + STEP, y + STEP);
    format!(
        r#"{{"type":"Polygon","coordinates":[[[{x},{y}],[{x1},{y}],[{x1},{y1}],[{x},{y1}],[{x},{y}]]]}}"#
    )
}

/// The owner of cell (i, j): blocks of four owners; (0, 0) and (7, 4) are unassigned.
pub fn owner_of(i: usize, j: usize) -> Option<&'static str> {
    if (i, j) == (0, 0) || (i, j) == (7, 4) {
        return None;
    }
    Some(match (i / 3, j / 3) {
        (0, 0) => "a",
        (1, 0) => "b",
        (2, 0) => "c",
        (0, _) => "d",
        (1, _) => "a",
        _ => "e",
    })
}

pub fn cell_id(i: usize, j: usize) -> String {
    format!("c{j}{i}")
}

/// The centre of cell (i, j).
pub fn cell_centre(i: usize, j: usize) -> LngLat {
    (X0 + (i as f64 + 0.5) * STEP, Y0 + (j as f64 + 0.5) * STEP)
}

/// 8 × 5 cells of 0.002° near 衡阳 (~200 m), five owners, two unassigned cells; two
/// level-1 zones of different owners overlapping on columns 3–4 (conflicts there) and
/// a level-2 zone; 60 problems with severities, statuses and found dates.
pub fn small_city() -> Map {
    let mut cells = vec![];
    for j in 0..NY {
        for i in 0..NX {
            let owner = owner_of(i, j)
                .map(|o| format!(r#""owner":"{o}""#))
                .unwrap_or_default();
            cells.push(format!(
                r#"{{"type":"Feature","id":"{}","properties":{{{owner}}},"geometry":{}}}"#,
                cell_id(i, j),
                square(i, j)
            ));
        }
    }
    let fc = |v: Vec<String>| {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            v.join(",")
        )
    };
    let mut map = Map::new();
    map.load_owners(
        r#"[{"id":"a","name":"张三"},{"id":"b","name":"李四"},{"id":"c","name":"王五"},
            {"id":"d","name":"赵六"},{"id":"e","name":"钱七"}]"#,
    )
    .unwrap();
    let r = map.load_cells(&fc(cells), LoadOptions::default()).unwrap();
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    let zone = |id: &str,
                owner: &str,
                level: u8,
                (i0, j0, i1, j1): (usize, usize, usize, usize)| {
        let (x, y) = (X0 + i0 as f64 * STEP, Y0 + j0 as f64 * STEP);
        let (x1, y1) = (X0 + i1 as f64 * STEP, Y0 + j1 as f64 * STEP);
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"owner":"{owner}","level":{level},"name":"{id}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{x1},{y}],[{x1},{y1}],[{x},{y1}],[{x},{y}]]]}}}}"#
        )
    };
    let zones = vec![
        zone("z1", "a", 1, (0, 0, 5, 5)),
        zone("z2", "b", 1, (3, 0, 8, 5)),
        zone("z3", "c", 2, (1, 1, 7, 4)),
    ];
    map.load_zones(&fc(zones), LoadOptions::default()).unwrap();
    let mut probs = vec![];
    for k in 0..60usize {
        // Deterministic scatter with a hotspot around cell (5, 2).
        let h = (k * 7919 % 1000) as f64 / 1000.0;
        let g = (k * 104_729 % 997) as f64 / 997.0;
        let (x, y) = if k % 3 == 0 {
            (X0 + NX as f64 * STEP * h, Y0 + NY as f64 * STEP * g)
        } else {
            let c = cell_centre(5, 2);
            (c.0 + (h - 0.5) * STEP * 1.5, c.1 + (g - 0.5) * STEP * 1.5)
        };
        let status = ["open", "rectifying", "open", "closed"][k % 4];
        let day = 1 + k % 28;
        probs.push(format!(
            r#"{{"type":"Feature","id":"p{k}","properties":{{"category":"garbage","severity":{},"status":"{status}","found":"2026-11-{day:02}","deadline":"2026-11-{:02}","source":"12345"}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#,
            1 + k % 3,
            (day + 2).min(30)
        ));
    }
    let r = map
        .load_problems(&fc(probs), LoadOptions::default())
        .unwrap();
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    map
}

/// A view of the whole small city, non-square.
pub fn city_view(w: f64, h: f64) -> View {
    View::default().fit_bounds(
        (X0, Y0),
        (X0 + NX as f64 * STEP, Y0 + NY as f64 * STEP),
        w,
        h,
        10.0,
        19.0,
    )
}

pub fn px(rgba: &[u8], w: u32, (x, y): (f64, f64)) -> [u8; 4] {
    let k = (y as usize * w as usize + x as usize) * 4;
    [rgba[k], rgba[k + 1], rgba[k + 2], rgba[k + 3]]
}

// ---- golden images -----------------------------------------------------------

pub struct Tol {
    /// Largest difference of one channel that still counts as equal.
    pub channel: u8,
    /// Fraction of pixels allowed to differ by more.
    pub frac: f64,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn write_png(path: &std::path::Path, w: u32, h: u32, rgba: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut e = png::Encoder::new(f, w, h);
    e.set_color(png::ColorType::Rgba);
    e.set_depth(png::BitDepth::Eight);
    e.write_header().unwrap().write_image_data(rgba).unwrap();
}

pub fn read_png(path: &std::path::Path) -> Option<(u32, u32, Vec<u8>)> {
    let f = std::io::BufReader::new(std::fs::File::open(path).ok()?);
    let mut r = png::Decoder::new(f).read_info().ok()?;
    let mut buf = vec![0; r.output_buffer_size()?];
    let info = r.next_frame(&mut buf).ok()?;
    assert_eq!(
        info.color_type,
        png::ColorType::Rgba,
        "{}: golden must be RGBA8",
        path.display()
    );
    buf.truncate(info.buffer_size());
    Some((info.width, info.height, buf))
}

/// Compares `rgba` with tests/golden/<name>.png: at most `tol.frac` of the pixels
/// may differ by more than `tol.channel` in some channel. `UPDATE_GOLDEN=1` rewrites
/// the golden; a failure writes target/golden/<name>.{actual,diff}.png.
pub fn assert_image_close(name: &str, rgba: &[u8], w: u32, h: u32, tol: Tol) {
    let golden = root().join("tests/golden").join(format!("{name}.png"));
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        write_png(&golden, w, h, rgba);
        return;
    }
    if let Err((why, diff)) = compare_image(name, rgba, w, h, tol) {
        let dir = root().join("target/golden");
        write_png(&dir.join(format!("{name}.actual.png")), w, h, rgba);
        if let Some(d) = diff {
            write_png(&dir.join(format!("{name}.diff.png")), w, h, &d);
        }
        panic!("{name}: {why}; see target/golden/{name}.actual.png and .diff.png");
    }
}

/// The comparison behind [`assert_image_close`], writing nothing: on a mismatch,
/// why, and a diff image (red where a pixel is off) when the sizes agree.
pub fn compare_image(
    name: &str,
    rgba: &[u8],
    w: u32,
    h: u32,
    tol: Tol,
) -> Result<(), (String, Option<Vec<u8>>)> {
    let golden = root().join("tests/golden").join(format!("{name}.png"));
    let Some((gw, gh, want)) = read_png(&golden) else {
        panic!(
            "{}: missing; run with UPDATE_GOLDEN=1 and look at it",
            golden.display()
        );
    };
    if (gw, gh) != (w, h) {
        return Err((format!("size {w}×{h}, golden {gw}×{gh}"), None));
    }
    let mut bad = 0usize;
    let mut diff = vec![0u8; rgba.len()];
    for (k, (a, b)) in rgba.chunks_exact(4).zip(want.chunks_exact(4)).enumerate() {
        let d = (0..4).map(|c| a[c].abs_diff(b[c])).max().unwrap();
        let o = &mut diff[k * 4..k * 4 + 4];
        if d > tol.channel {
            bad += 1;
            o.copy_from_slice(&[255, 0, 0, 255]);
        } else {
            o.copy_from_slice(&[a[0] / 3 + 170, a[1] / 3 + 170, a[2] / 3 + 170, 255]);
        }
    }
    let n = (w * h) as f64;
    if bad as f64 > tol.frac * n {
        return Err((
            format!(
                "{bad} px ({:.3}%) differ by more than {}",
                100.0 * bad as f64 / n,
                tol.channel
            ),
            Some(diff),
        ));
    }
    Ok(())
}

pub const TOL: Tol = Tol {
    channel: 2,
    frac: 0.001,
};

// ---- the assignment map --------------------------------------------------------

fn plain() -> AssignmentOptions {
    AssignmentOptions {
        cell_outlines: false,
        zones: false,
        conflicts: false,
        ..AssignmentOptions::default()
    }
}

#[test]
fn a_cell_is_filled_with_its_owners_colour() {
    let map = small_city();
    let view = city_view(400.0, 260.0);
    let rgba = render::render_assignment(&map, &view, &plain()).unwrap();
    let (w, _) = view.device_size();
    let colours = render::owner_colours(&map);
    let cat = palette::categorical();
    for (i, j) in [(1, 1), (4, 0), (7, 0), (0, 4), (4, 4), (6, 3)] {
        let o = owner_of(i, j).unwrap();
        let [r, g, b] = cat[colours[o]];
        let got = px(&rgba, w, view.lnglat_to_px(cell_centre(i, j)));
        let alpha = (0.6f64 * 255.0).round() as u8;
        for (c, want) in [r, g, b, alpha].into_iter().enumerate() {
            assert!(
                got[c].abs_diff(want) <= 1,
                "cell ({i},{j}) of {o}: {got:?} vs {:?}",
                [r, g, b, alpha]
            );
        }
    }
}

#[test]
fn an_unassigned_cell_is_hatched_grey() {
    let map = small_city();
    let view = city_view(480.0, 300.0);
    let rgba = render::render_assignment(&map, &view, &plain()).unwrap();
    let (w, _) = view.device_size();
    for (i, j) in [(0, 0), (7, 4)] {
        let (a, b) = (
            view.lnglat_to_px((X0 + i as f64 * STEP, Y0 + (j + 1) as f64 * STEP)),
            view.lnglat_to_px((X0 + (i + 1) as f64 * STEP, Y0 + j as f64 * STEP)),
        );
        let (mut light, mut dark, mut total) = (0, 0, 0);
        for y in (a.1 as u32 + 3)..(b.1 as u32 - 3) {
            for x in (a.0 as u32 + 3)..(b.0 as u32 - 3) {
                let p = px(&rgba, w, (x as f64, y as f64));
                total += 1;
                let grey = p[0].abs_diff(p[1]) <= 2 && p[1].abs_diff(p[2]) <= 2;
                assert!(grey, "({i},{j}) px {x},{y}: {p:?} is not grey");
                if p[0] >= 170 {
                    light += 1;
                } else if p[0] <= 130 {
                    dark += 1;
                }
            }
        }
        assert!(light * 2 > total, "({i},{j}): {light}/{total} light");
        assert!(dark * 20 > total, "({i},{j}): {dark}/{total} hatch");
    }
    // An assigned cell has no grey at all.
    let p = px(&rgba, w, view.lnglat_to_px(cell_centre(1, 1)));
    assert!(!(p[0] == p[1] && p[1] == p[2]), "{p:?}");
}

#[test]
fn owners_whose_cells_touch_get_different_colours() {
    let map = small_city();
    let c = render::owner_colours(&map);
    for j in 0..NY {
        for i in 0..NX {
            for (di, dj) in [(1, 0), (0, 1), (1, 1)] {
                let (a, b) = (owner_of(i, j), owner_of(i + di, j + dj));
                if let (Some(a), Some(b)) = (a, b) {
                    if i + di < NX && j + dj < NY && a != b {
                        assert_ne!(c[a], c[b], "{a} and {b} touch at ({i},{j})");
                    }
                }
            }
        }
    }
}

#[test]
fn conflict_cells_get_a_red_outline_and_others_none() {
    let map = small_city();
    let view = city_view(480.0, 300.0);
    let o = AssignmentOptions {
        zones: false,
        cell_outlines: false,
        ..AssignmentOptions::default()
    };
    let rgba = render::render_assignment(&map, &view, &o).unwrap();
    let (w, h) = view.device_size();
    let red = |p: [u8; 4]| p[0] > 180 && p[1] < 80 && p[2] < 80 && p[3] > 200;
    // Column 3 and 4 cells are in both level-1 zones (owners a and b): their left edge is red.
    let edge = view.lnglat_to_px((X0 + 3.0 * STEP, cell_centre(3, 2).1));
    assert!(red(px(&rgba, w, edge)), "{:?}", px(&rgba, w, edge));
    // Columns 0–1 are in one level-1 zone only: no red anywhere left of column 2.
    let limit = view.lnglat_to_px((X0 + 2.0 * STEP, Y0)).0 - 3.0;
    for y in 0..h {
        for x in 0..limit as u32 {
            assert!(!red(px(&rgba, w, (x as f64, y as f64))), "red at {x},{y}");
        }
    }
    let conflicts =
        render::conflict_cells(&map, &(0..map.cells().len() as u32).collect::<Vec<_>>());
    let from_coverage: std::collections::BTreeSet<u32> = map
        .coverage()
        .conflicts
        .iter()
        .map(|c| map.cell_pos(&c.cell).unwrap())
        .collect();
    assert_eq!(conflicts, from_coverage.into_iter().collect::<Vec<_>>());
}

#[test]
fn selected_cells_are_washed_blue() {
    let map = small_city();
    let view = city_view(400.0, 260.0);
    let base = render::render_assignment(&map, &view, &plain()).unwrap();
    let o = AssignmentOptions {
        selected: vec![cell_id(2, 2)],
        ..plain()
    };
    let sel = render::render_assignment(&map, &view, &o).unwrap();
    let (w, _) = view.device_size();
    let at = view.lnglat_to_px(cell_centre(2, 2));
    let (a, b) = (px(&base, w, at), px(&sel, w, at));
    assert!(
        b[2] as i32 - b[0] as i32 > a[2] as i32 - a[0] as i32,
        "{a:?} -> {b:?}"
    );
    // Other cells are untouched.
    let far = view.lnglat_to_px(cell_centre(6, 1));
    assert_eq!(px(&base, w, far), px(&sel, w, far));
}

#[test]
fn workload_fill_ranks_owners_by_open_problems() {
    let map = small_city();
    let view = city_view(400.0, 260.0);
    let o = AssignmentOptions {
        fill: Fill::OpenProblems,
        ..plain()
    };
    let rgba = render::render_assignment(&map, &view, &o).unwrap();
    let (w, _) = view.device_size();
    let wl = map.workload(0);
    let open = |o: &str| wl.iter().find(|r| r.owner == o).unwrap().open_problems;
    // The hotspot (cell (5, 2)) lies under zone z3, which c leads at level 2: c
    // answers for it (workload counts zones), is the busiest, and c's cells are
    // drawn darkest (YlOrRd).
    let busiest = ["a", "b", "c", "d", "e"]
        .into_iter()
        .max_by_key(|o| open(o))
        .unwrap();
    assert_eq!(busiest, "c");
    let lum = |p: [u8; 4]| p[0] as u32 + p[1] as u32 + p[2] as u32;
    let c = px(&rgba, w, view.lnglat_to_px(cell_centre(6, 1)));
    let d = px(&rgba, w, view.lnglat_to_px(cell_centre(0, 4)));
    assert!(
        open("d") < open("c") && lum(c) < lum(d),
        "c {c:?} ({}) vs d {d:?} ({})",
        open("c"),
        open("d")
    );
    let bad = AssignmentOptions {
        fill: Fill::OverdueProblems,
        ..plain()
    };
    assert!(
        render::render_assignment(&map, &view, &bad).is_err(),
        "overdue needs asOf"
    );
}

#[test]
fn labels_sit_on_their_owners_cells() {
    let map = small_city();
    let view = city_view(400.0, 260.0);
    let labels = render::assignment_labels(&map, &view, 20.0).unwrap();
    assert_eq!(labels.len(), 5);
    for l in &labels {
        let at = view.px_to_lnglat((l.x, l.y));
        let cell = map.cell_at(at).expect("inside the grid");
        let o = map.cells()[cell as usize].owner.as_deref();
        // The mean of a block's centres lies in the block (blocks here are convex).
        assert_eq!(o, Some(l.owner.as_str()), "{l:?}");
    }
    assert_eq!(labels.iter().find(|l| l.owner == "a").unwrap().name, "张三");
}

#[test]
fn a_deep_zoom_draws_the_cells_and_zone_edges_under_the_view() {
    // Zoom 24 at ratio 4: a cell is ~95,000 device px across and the zones' far
    // corners lie ~500,000 px off the raster; the view sits on the left edge of
    // column 3 (level-1 zone z2's edge, conflict cells' edge), in row 2.
    let map = small_city();
    let view =
        View::new((X0 + 3.0 * STEP, cell_centre(3, 2).1), 24.0, 300.0, 200.0).with_pixel_ratio(4.0);
    let rgba = render::render_assignment(&map, &view, &AssignmentOptions::default()).unwrap();
    let (w, h) = view.device_size();
    let colours = render::owner_colours(&map);
    let cat = palette::categorical();
    let alpha = (0.6f64 * 255.0).round() as u8;
    let close = |got: [u8; 4], want: [u8; 4], d: u8| (0..4).all(|c| got[c].abs_diff(want[c]) <= d);
    let cx = view.lnglat_to_px((X0 + 3.0 * STEP, Y0)).0 * 4.0;
    for (x, (i, j)) in [(cx - 200.0, (2, 2)), (cx + 200.0, (3, 2))] {
        let [r, g, b] = cat[colours[owner_of(i, j).unwrap()]];
        for y in [5.0, h as f64 / 2.0, h as f64 - 5.0] {
            let got = px(&rgba, w, (x, y));
            assert!(
                close(got, [r, g, b, alpha], 1),
                "cell ({i},{j}) at {x},{y}: {got:?}"
            );
        }
    }
    // The level-1 zone outline (3 CSS px, on top) runs down the middle, solid, over
    // the opaque red conflict outline.
    let (line, _, _) = render::zone_style(1);
    let k = line[3] as u32;
    let over: [u8; 4] = std::array::from_fn(|c| {
        let (l, r) = (line[c] as u32, render::CONFLICT[c] as u32);
        if c == 3 {
            255
        } else {
            ((l * k + r * (255 - k) + 127) / 255) as u8
        }
    });
    for y in (0..h).step_by(37) {
        let got = px(&rgba, w, (cx, y as f64));
        assert!(close(got, over, 2), "row {y}: {got:?} vs {over:?}");
    }
    // Nothing else: the columns between the outline and the cells' interiors are
    // the red conflict outline (10 device px) or the fills, never transparent.
    assert!(rgba.chunks_exact(4).all(|p| p[3] >= alpha));
}

#[test]
fn golden_assignment_360x220() {
    let map = small_city();
    let view = city_view(360.0, 220.0);
    let o = AssignmentOptions {
        selected: vec![cell_id(1, 3)],
        ..AssignmentOptions::default()
    };
    let rgba = render::render_assignment(&map, &view, &o).unwrap();
    let (w, h) = view.device_size();
    assert_image_close("assignment_small_360x220", &rgba, w, h, TOL);
}

#[test]
fn golden_assignment_gcj02_hidpi_300x170() {
    let map = small_city();
    let view = city_view(300.0, 170.0)
        .with_pixel_ratio(2.0)
        .with_base_crs(Crs::Gcj02);
    let rgba = render::render_assignment(&map, &view, &AssignmentOptions::default()).unwrap();
    let (w, h) = view.device_size();
    assert_eq!((w, h), (600, 340));
    assert_image_close("assignment_small_gcj02_300x170@2x", &rgba, w, h, TOL);
}

#[test]
fn the_golden_check_can_fail() {
    let map = small_city();
    let view = city_view(360.0, 220.0);
    let o = AssignmentOptions {
        selected: vec![cell_id(1, 3)],
        ..AssignmentOptions::default()
    };
    let mut rgba = render::render_assignment(&map, &view, &o).unwrap();
    let (w, h) = view.device_size();
    // Change 0.2% of the pixels by 3: more than the tolerance allows.
    let n = (w * h) as usize;
    for k in (0..n).step_by(500) {
        rgba[k * 4] = rgba[k * 4].wrapping_add(3);
    }
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        return;
    }
    // Compared without writing failure images, which would clobber those of the
    // real golden test running beside this one.
    let r = compare_image("assignment_small_360x220", &rgba, w, h, TOL);
    let (why, _) = r.expect_err("a change beyond the tolerance must fail");
    assert!(why.contains("differ by more than 2"), "{why}");
}

#[test]
fn a_zone_choropleth_draws_nested_zones_over_their_seniors() {
    // The level-2 zone is loaded first: drawing by position would bury it under the
    // level-1 zone around it.
    let sq = |id: &str, level: u8, (x0, y0, x1, y1): (f64, f64, f64, f64)| {
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"owner":"o{id}","level":{level}}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#
        )
    };
    let mut map = Map::new();
    let zones = format!(
        r#"{{"type":"FeatureCollection","features":[{},{}]}}"#,
        sq("inner", 2, (X0 + 0.004, Y0 + 0.004, X0 + 0.008, Y0 + 0.008)),
        sq("outer", 1, (X0, Y0, X0 + 0.012, Y0 + 0.012)),
    );
    map.load_zones(&zones, LoadOptions::default()).unwrap();
    // Three problems in the inner zone, five more in the outer one only.
    let mut coords = vec![];
    for k in 0..8 {
        let d = if k < 3 {
            0.005 + 0.001 * k as f64
        } else {
            0.001 + 0.0003 * k as f64
        };
        coords.extend([X0 + d, Y0 + d]);
    }
    map.load_problem_coords(&coords, None).unwrap();
    let opts = ChoroplethOptions {
        by: AreaKind::Zones,
        opacity: 1.0,
        ..ChoroplethOptions::default()
    };
    let values = choropleth::choropleth_values(&map, &opts);
    assert_eq!(values, [3.0, 8.0]);
    let view =
        View::default().fit_bounds((X0, Y0), (X0 + 0.012, Y0 + 0.012), 120.0, 120.0, 10.0, 19.0);
    let (rgba, top) = choropleth::render_choropleth(&map, &view, &opts).unwrap();
    assert_eq!(top, 8.0);
    let (x, y) = view.lnglat_to_px((X0 + 0.006, Y0 + 0.006));
    let [r, g, b] = opts.ramp.rgb(3.0 / 8.0);
    let got = px(&rgba, 120, (x, y));
    assert!(
        got[..3]
            .iter()
            .zip([r, g, b])
            .all(|(a, b)| a.abs_diff(b) <= 1),
        "{got:?} vs the inner zone's {:?}",
        [r, g, b]
    );
}

/// The demo's owners keep their colours when a planner reassigns a cell: only
/// owners next to the edit may change (most-connected-first greedy colouring
/// recoloured 11–16 of the 53 for each of these edits).
#[test]
fn an_assignment_recolours_at_most_the_owners_next_to_it() {
    let dir = root().join("data/demo");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let mut map = Map::new();
    map.load_owners(&read("owners.json")).unwrap();
    map.load_cells(&read("cells.geojson"), LoadOptions::default())
        .unwrap();
    let before = render::owner_colours(&map);
    assert!(before.len() > 40, "{}", before.len());
    for k in [10usize, 500, 3000, 7000, 11000] {
        let cell = map.cells()[k].id.clone();
        let owner = before.keys().nth(k % before.len()).unwrap().clone();
        map.assign_cells(&[cell.as_str()], Some(owner.as_str()))
            .unwrap();
        let after = render::owner_colours(&map);
        let changed: Vec<&String> = before
            .iter()
            .filter(|(o, c)| after.get(o) != Some(c))
            .map(|(o, _)| o)
            .collect();
        assert!(
            changed.len() <= 2,
            "cell {k} to {owner}: {changed:?} changed colour"
        );
        map.undo();
        assert_eq!(
            render::owner_colours(&map),
            before,
            "undo restores the colours"
        );
    }
}
