//! The JS API in headless Chromium, through the shipped glue: the module built into
//! `www/pkg/` by `scripts/build-wasm.sh` is imported as a JS snippet and initialised
//! with its own wasm bytes, so every call crosses the same JS ↔ wasm conversions a
//! page uses (strings, Float64Array, Uint8Array, options objects, thrown errors).
//!
//! Run (after `bash scripts/build-wasm.sh`):
//! `CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//!  cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float64Array, Function, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

static WASM: &[u8] = include_bytes!("../www/pkg/civicmap_bg.wasm");

#[wasm_bindgen(module = "/www/pkg/civicmap.js")]
extern "C" {
    #[wasm_bindgen(js_name = initSync)]
    fn init_sync(options: &JsValue) -> JsValue;

    type CivicMap;
    #[wasm_bindgen(constructor)]
    fn new() -> CivicMap;
}

thread_local! {
    static READY: () = {
        let opts = Object::new();
        Reflect::set(&opts, &"module".into(), &Uint8Array::from(WASM)).unwrap();
        init_sync(&opts);
    };
}

fn civic() -> JsValue {
    READY.with(|_| ());
    CivicMap::new().into()
}

/// Calls `obj[name](...args)`, returning what it returns or what it throws.
fn call(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &name.into())?.dyn_into()?;
    f.apply(obj, &args.iter().collect::<Array>())
}

fn ok(obj: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    call(obj, name, args).unwrap_or_else(|e| panic!("{name} threw {}", text(&e)))
}

fn json(v: &str) -> JsValue {
    JSON::parse(v).unwrap()
}

fn text(v: &JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    JSON::stringify(v).map(String::from).unwrap_or_default()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn square(id: &str, x: f64, y: f64, s: f64, props: &str) -> String {
    format!(
        r#"{{"type":"Feature","id":"{id}","properties":{props},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{x2},{y}],[{x2},{y2}],[{x},{y2}],[{x},{y}]]]}}}}"#,
        x2 = x + s,
        y2 = y + s
    )
}

fn point(id: &str, x: f64, y: f64, props: &str) -> String {
    format!(
        r#"{{"type":"Feature","id":"{id}","properties":{props},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#
    )
}

fn fc(features: &[String]) -> JsValue {
    JsValue::from_str(&format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    ))
}

/// A 2 × 1 grid at (112.6, 26.9), one zone, two problems.
fn loaded() -> JsValue {
    let m = civic();
    let cells = fc(&[
        square(
            "a",
            112.6,
            26.9,
            0.001,
            r#"{"name":"<img src=x onerror=alert(1)>"}"#,
        ),
        square("b", 112.601, 26.9, 0.001, "{}"),
    ]);
    assert_eq!(
        text(&ok(&m, "loadCells", &[cells])),
        r#"{"loaded":2,"rejected":[]}"#
    );
    let zones = fc(&[square(
        "z",
        112.5995,
        26.8995,
        0.003,
        r#"{"owner":"li","level":1}"#,
    )]);
    assert_eq!(text(&get(&ok(&m, "loadZones", &[zones]), "loaded")), "1");
    let problems = fc(&[
        point(
            "p1",
            112.6005,
            26.9005,
            r#"{"severity":3,"status":"open","found":"2026-11-01","deadline":"2026-11-08"}"#,
        ),
        point("p2", 112.6015, 26.9005, r#"{"status":"closed"}"#),
    ]);
    assert_eq!(
        text(&get(&ok(&m, "loadProblems", &[problems]), "loaded")),
        "2"
    );
    let owners = JsValue::from_str(
        r#"[{"id":"wang","name":"王伟","unit":"区城管局","level":3},{"id":"li","name":"李娜"}]"#,
    );
    assert_eq!(text(&get(&ok(&m, "loadOwners", &[owners]), "loaded")), "2");
    m
}

#[wasm_bindgen_test]
fn loads_and_counts() {
    let m = loaded();
    assert_eq!(
        text(&ok(&m, "counts", &[])),
        r#"{"cells":2,"zones":1,"points":0,"problems":2,"owners":2}"#
    );
    assert_eq!(ok(&m, "cellAt", &[112.6005.into(), 26.9005.into()]), "a");
    assert!(ok(&m, "cellAt", &[0.0.into(), 0.0.into()]).is_undefined());
    assert_eq!(
        text(&ok(&m, "zonesAt", &[112.6005.into(), 26.9005.into()])),
        r#"["z"]"#
    );
}

#[wasm_bindgen_test]
fn rejected_features_come_back_as_plain_objects() {
    let m = civic();
    let bad = fc(&[
        square("ok", 112.6, 26.9, 0.001, "{}"),
        point("pt", 112.6, 26.9, "{}"),
        square("ok", 112.7, 26.9, 0.001, "{}"),
    ]);
    let r = ok(&m, "loadCells", &[bad]);
    assert_eq!(text(&get(&r, "loaded")), "1");
    let rejected: Array = get(&r, "rejected").dyn_into().unwrap();
    assert_eq!(rejected.length(), 2);
    assert_eq!(text(&get(&rejected.get(0), "field")), r#""geometry""#);
    assert_eq!(text(&get(&rejected.get(1), "id")), r#""ok""#);
    assert!(text(&get(&rejected.get(1), "reason")).contains("duplicate"));
    // Not GeoJSON at all: a thrown Error with the core's message, and the map still works.
    let e = call(&m, "loadCells", &["not json".into()]).unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert!(text(&e).starts_with("not GeoJSON"), "{}", text(&e));
    assert_eq!(text(&get(&ok(&m, "counts", &[]), "cells")), "1");
}

#[wasm_bindgen_test]
fn nearest_problems_with_filters_and_chain() {
    let m = loaded();
    ok(
        &m,
        "assignCells",
        &[Array::of1(&"a".into()).into(), "wang".into()],
    );
    let all = ok(
        &m,
        "nearestProblems",
        &[
            112.6005.into(),
            26.9005.into(),
            5.into(),
            json(r#"{"asOf":"2026-11-23"}"#),
        ],
    );
    let all: Array = all.dyn_into().unwrap();
    assert_eq!(all.length(), 2);
    let p1 = all.get(0);
    assert_eq!(get(&p1, "id"), "p1");
    assert_eq!(get(&p1, "owner"), "wang");
    assert_eq!(get(&p1, "daysOverdue").as_f64(), Some(15.0));
    assert_eq!(get(&get(&p1, "chain"), "cellOwner"), "wang");
    let d1 = get(&p1, "distanceM").as_f64().unwrap();
    let d2 = get(&all.get(1), "distanceM").as_f64().unwrap();
    assert!(d1 < 1.0 && d2 > 90.0 && d2 < 110.0, "{d1} {d2}");
    let open = ok(
        &m,
        "nearestProblems",
        &[
            112.6015.into(),
            26.9005.into(),
            5.into(),
            json(r#"{"status":"open"}"#),
        ],
    );
    assert_eq!(Array::from(&open).length(), 1);
    // A misspelt filter key is an error, not a silent no-op.
    let e = call(
        &m,
        "nearestProblems",
        &[0.into(), 0.into(), 1.into(), json(r#"{"minSeverty":2}"#)],
    )
    .unwrap_err();
    assert!(text(&e).contains("minSeverty"), "{}", text(&e));
}

#[wasm_bindgen_test]
fn typed_arrays_cross_the_boundary() {
    let m = loaded();
    let ring = Float64Array::from(
        &[
            112.5999, 26.8999, 112.6012, 26.8999, 112.6012, 26.9012, 112.5999, 26.9012,
        ][..],
    );
    assert_eq!(
        text(&ok(&m, "problemsInPolygon", &[ring.clone().into()])),
        r#"["p1"]"#
    );
    assert_eq!(text(&ok(&m, "cellsInPolygon", &[ring.into()])), r#"["a"]"#);
    let coords = Float64Array::from(&[112.6, 26.9, 112.61, 26.91, 112.62, 26.92][..]);
    let sev = Uint8Array::from(&[1u8, 2, 3][..]);
    let r = ok(&m, "loadProblemCoords", &[coords.into(), sev.into()]);
    assert_eq!(text(&get(&r, "loaded")), "3");
    let bad = Float64Array::from(&[112.6, 26.9, f64::NAN, 26.9][..]);
    let r = call(&m, "loadProblemCoords", &[bad.into(), JsValue::UNDEFINED]);
    let rejected = r
        .map(|v| Array::from(&get(&v, "rejected")).length())
        .unwrap_or(1);
    assert_eq!(rejected, 1, "the NaN pair is refused");
}

#[wasm_bindgen_test]
fn assign_undo_redo_workload_and_export() {
    let m = loaded();
    let ids = Array::of2(&"a".into(), &"b".into());
    assert_eq!(
        get(
            &ok(&m, "assignCells", &[ids.into(), "wang".into()]),
            "assigned"
        )
        .as_f64(),
        Some(2.0)
    );
    let rows: Array = ok(&m, "workload", &["2026-11-23".into()])
        .dyn_into()
        .unwrap();
    let wang = rows.iter().find(|r| get(r, "owner") == "wang").unwrap();
    assert_eq!(get(&wang, "cells").as_f64(), Some(2.0));
    assert_eq!(get(&wang, "openProblems").as_f64(), Some(1.0));
    assert_eq!(ok(&m, "undo", &[]), JsValue::TRUE);
    assert_eq!(
        text(&get(&ok(&m, "coverage", &[]), "unassignedCells")),
        r#"["a","b"]"#
    );
    assert_eq!(ok(&m, "redo", &[]), JsValue::TRUE);
    let out = ok(&m, "exportCells", &[]);
    assert!(out.as_string().unwrap().contains(r#""owner":"wang""#));
    // Unknown owner once an owners list is loaded: a thrown Error.
    let e = call(
        &m,
        "assignCells",
        &[Array::of1(&"a".into()).into(), "nobody".into()],
    )
    .unwrap_err();
    assert!(text(&e).contains("nobody"), "{}", text(&e));
    // The export loads back into a fresh map, names and all.
    let again = civic();
    assert_eq!(
        text(&get(
            &ok(&again, "loadCells", std::slice::from_ref(&out)),
            "loaded"
        )),
        "2"
    );
    assert_eq!(ok(&again, "exportCells", &[]), out);
    let gcj = ok(&m, "exportCells", &[json(r#"{"crs":"gcj02"}"#)])
        .as_string()
        .unwrap();
    assert!(gcj.contains("gcj02"));
}

#[wasm_bindgen_test]
fn render_heat_returns_a_device_sized_rgba_raster() {
    let m = loaded();
    if get(&m, "renderHeat").is_undefined() {
        return; // a build without the renderers (issue 3)
    }
    let view = json(
        r#"{"lng":112.6005,"lat":26.9005,"zoom":16,"width":301,"height":200,"pixelRatio":1.5,"baseCrs":"wgs84"}"#,
    );
    let rgba = ok(
        &m,
        "renderHeat",
        &[view.clone(), json(r#"{"radiusM":50,"asOf":"2026-11-23"}"#)],
    );
    assert!(rgba.is_instance_of::<js_sys::Uint8ClampedArray>());
    let rgba = js_sys::Uint8ClampedArray::from(rgba).to_vec();
    let (w, h) = ((301.0f64 * 1.5).round() as usize, 300usize);
    assert_eq!(rgba.len(), w * h * 4);
    // p1 (open, severity 3) sits at the centre: opaque there, clear in a corner.
    assert!(rgba[((h / 2) * w + w / 2) * 4 + 3] > 0);
    assert_eq!(rgba[3], 0);
    let c = ok(
        &m,
        "lngLatToPixel",
        &[view.clone(), 112.6005.into(), 26.9005.into()],
    );
    assert_eq!(text(&c), r#"{"0":150.5,"1":100}"#);
    let e = call(
        &m,
        "renderHeat",
        &[
            json(r#"{"lng":0,"lat":0,"zoom":1,"width":10,"height":10,"dpr":2}"#),
            JsValue::UNDEFINED,
        ],
    )
    .unwrap_err();
    assert!(text(&e).contains("dpr"), "{}", text(&e));
}
