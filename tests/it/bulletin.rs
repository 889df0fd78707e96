//! `civicmap bulletin` on the demo week 2026-W47 against committed golden files
//! (tests/golden/bulletin/): the CSV tables and the HTML text exactly (the embedded
//! images replaced by a placeholder), the two maps within the image tolerance.
//! `UPDATE_GOLDEN=1` rewrites them. And text from the data stays text.

use crate::render::{assert_image_close, read_png, Tol};
use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the command into a fresh folder under target/.
fn bulletin(name: &str, data: &Path, extra: &[&str]) -> PathBuf {
    let out = root().join("target/bulletin-test").join(name);
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_civicmap"))
        .arg("bulletin")
        .arg("--data")
        .arg(data)
        .args(extra)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run civicmap");
    assert!(status.success(), "civicmap bulletin failed");
    out
}

/// The page with each embedded image's bytes replaced, so the text compares exactly.
fn without_images(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("base64,") {
        out.push_str(&rest[..i + 7]);
        rest = &rest[i + 7..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push('…');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn golden_text(name: &str, got: &str) {
    let path = root().join("tests/golden/bulletin").join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    if got != want {
        let actual = root().join("target/golden/bulletin").join(name);
        std::fs::create_dir_all(actual.parent().unwrap()).unwrap();
        std::fs::write(&actual, got).unwrap();
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or(got.lines().count().min(want.lines().count()), |l| l);
        panic!(
            "bulletin {name} differs from its golden at line {} (got `{}`, want `{}`); see {}",
            line + 1,
            got.lines().nth(line).unwrap_or(""),
            want.lines().nth(line).unwrap_or(""),
            actual.display()
        );
    }
}

#[test]
fn golden_bulletin_of_the_demo_week() {
    let out = bulletin(
        "demo-w47",
        &root().join("data/demo"),
        &[
            "--week",
            "2026-W47",
            "--outline",
            root().join("data/zhengxiang.geojson").to_str().unwrap(),
            "--width",
            "360",
        ],
    );
    for name in [
        "summary.csv",
        "ranking-street.csv",
        "ranking-community.csv",
        "overdue.csv",
    ] {
        golden_text(name, &std::fs::read_to_string(out.join(name)).unwrap());
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    golden_text("index.html", &without_images(&html));
    // The embedded images are the PNG files beside the page.
    for (name, embedded) in [("heat", 0), ("hotspots", 1)] {
        let png = std::fs::read(out.join(format!("{name}.png"))).unwrap();
        let b64 = html.split("base64,").nth(embedded + 1).unwrap();
        let b64 = &b64[..b64.find('"').unwrap()];
        assert_eq!(b64.len(), png.len().div_ceil(3) * 4, "{name}: embedded");
        let (w, h, rgba) = read_png(&out.join(format!("{name}.png"))).unwrap();
        assert_image_close(
            &format!("bulletin/{name}"),
            &rgba,
            w,
            h,
            Tol {
                channel: 3,
                frac: 0.002,
            },
        );
    }
    // What the page must say, whatever the golden holds.
    for text in [
        "2026年第47周",
        "2026-11-16 至 2026-11-22",
        "台账日期 2026-11-20",
        "排名后3位（通报）",
        "明查 0.4、暗访 0.6",
        "<footer>数据来源：天地图；",
        "@page { size: A4",
    ] {
        assert!(html.contains(text), "the page lacks `{text}`");
    }
    assert_eq!(html.matches("<tr class=\"bottom\">").count(), 6);
}

/// A zone named like markup and an owner named like a formula: the page shows
/// them as text, the CSV defuses the formula.
#[test]
fn text_from_the_data_is_escaped() {
    let dir = root().join("target/bulletin-test/hostile-data");
    std::fs::create_dir_all(&dir).unwrap();
    let o = (112.5, 26.8);
    let cells = grid(o, 0.01, 2, 1);
    std::fs::write(
        dir.join("cells.geojson"),
        cells_json(&cells, |_| Some("=SUM(A1:A9)".into())),
    )
    .unwrap();
    let zone = format!(
        r#"{{"type":"Feature","id":"z1","properties":{{"owner":"o","level":1,"name":"<img src=x onerror=alert(1)>街道"}},"geometry":{}}}"#,
        polygon_json(&rect(o, (o.0 + 0.02, o.1 + 0.01)))
    );
    std::fs::write(dir.join("zones.geojson"), fc(&[zone])).unwrap();
    let problem = format!(
        r#"{{"type":"Feature","id":"P<1>","properties":{{"found":"2026-11-10","deadline":"2026-11-11","source":"暗访"}},"geometry":{}}}"#,
        point_json((o.0 + 0.005, o.1 + 0.005))
    );
    let problems = fc(&[problem]).replacen('{', r#"{"x_as_of":"2026-11-20","#, 1);
    std::fs::write(dir.join("problems.geojson"), problems).unwrap();
    let out = bulletin("hostile", &dir, &[]);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        !html.contains("<img src=x"),
        "markup from the data reached the page"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;街道"));
    assert!(html.contains("P&lt;1&gt;"));
    let csv = std::fs::read_to_string(out.join("overdue.csv")).unwrap();
    assert!(csv.contains(r#""'=SUM(A1:A9)""#), "{csv}");
    assert!(csv.contains(r#""P<1>""#));
    // The default week is the ledger date's, 2026-W47.
    assert!(html.contains("2026年第47周"));
}
