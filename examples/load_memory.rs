//! Measures the memory a load takes beyond its text, natively, with a counting
//! allocator: the records as read and the indexes built after, per layer, as
//! bytes per byte of text and per record (what `io/budget.rs`'s estimates are set
//! from): `cargo run --release --example load_memory -- [problems]`.

#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod support;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    pub static LIVE: AtomicUsize = AtomicUsize::new(0);
    pub static PEAK: AtomicUsize = AtomicUsize::new(0);
    /// The budget's reservations: a block of at least `SLACK` freed right after it
    /// was taken (its size without the slack).
    pub static RESERVED: AtomicUsize = AtomicUsize::new(0);
    static LAST: AtomicUsize = AtomicUsize::new(0);

    pub struct Counting;

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            let live = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(live, Relaxed);
            let p = System.alloc(l);
            LAST.store(p as usize, Relaxed);
            p
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            let slack = civicmap::budget::SLACK;
            if p as usize == LAST.load(Relaxed) && l.size() >= slack {
                RESERVED.fetch_add(l.size() - slack, Relaxed);
                // A reservation is not memory the load takes.
                PEAK.fetch_sub(l.size(), Relaxed);
            }
            LIVE.fetch_sub(l.size(), Relaxed);
            System.dealloc(p, l)
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            // A realloc may move: count the old and the new block at once.
            let live = LIVE.fetch_add(new, Relaxed) + new;
            PEAK.fetch_max(live, Relaxed);
            let q = System.realloc(p, l, new);
            LAST.store(0, Relaxed);
            LIVE.fetch_sub(l.size(), Relaxed);
            q
        }
    }

    /// Runs `f`; returns (its peak above the start, what it left above the
    /// start, what the budget reserved).
    pub fn measure<R>(f: impl FnOnce() -> R) -> (R, usize, usize, usize) {
        let start = LIVE.load(Relaxed);
        PEAK.store(start, Relaxed);
        RESERVED.store(0, Relaxed);
        let r = f();
        let peak = PEAK.load(Relaxed) - start;
        let left = LIVE.load(Relaxed).saturating_sub(start);
        (r, peak, left, RESERVED.load(Relaxed))
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static A: counting::Counting = counting::Counting;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use civicmap::{geojson, LoadOptions, Map};
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let demo = |f: &str| std::fs::read_to_string(format!("data/demo/{f}")).expect("data/demo");
    let cells = demo("cells.geojson");
    let ledger = support::ledger(n, 45);
    let layers: [(&str, String); 5] = [
        ("cells", cells.clone()),
        ("zones", demo("zones.geojson")),
        ("points", demo("points.geojson")),
        ("problems", demo("problems.geojson")),
        ("ledger", ledger),
    ];
    println!("layer     text MB  records  read peak  reserved  load peak  reserved  kept  (bytes per byte of text)");
    for (name, text) in &layers {
        let o = LoadOptions::default();
        let (count, read_peak, _, read_reserved) = counting::measure(|| match *name {
            "cells" => geojson::parse_cells(text, o).map(|p| p.items.len()),
            "zones" => geojson::parse_zones(text, o).map(|p| p.items.len()),
            "points" => geojson::parse_points(text, o).map(|p| p.items.len()),
            _ => geojson::parse_problems(text, o).map(|p| p.items.len()),
        });
        let mut m = Map::new();
        if *name != "cells" {
            m.load_cells(&cells, o).expect("cells");
        }
        let (_, load_peak, kept, load_reserved) = counting::measure(|| match *name {
            "cells" => m.load_cells(text, o).map(|r| r.loaded),
            "zones" => m.load_zones(text, o).map(|r| r.loaded),
            "points" => m.load_points(text, o).map(|r| r.loaded),
            _ => m.load_problems(text, o).map(|r| r.loaded),
        });
        let t = text.len() as f64;
        let x = |b: usize| b as f64 / t;
        println!(
            "{name:9} {:7.1} {:8} {:10.2} {:9.2} {:10.2} {:9.2} {:5.2}",
            t / 1e6,
            count.unwrap_or(0),
            x(read_peak),
            x(read_reserved),
            x(load_peak),
            x(load_reserved),
            x(kept),
        );
        assert!(
            load_reserved >= load_peak,
            "{name}: the budget must cover the load"
        );
    }
    // The bulk path: problems from coordinates (no text), per problem.
    let coords: Vec<f64> = support::problems(n, 45)
        .into_iter()
        .flat_map(|(x, y)| [x, y])
        .collect();
    let mut m = Map::new();
    m.load_cells(&cells, LoadOptions::default()).expect("cells");
    let (r, peak, kept, reserved) = counting::measure(|| m.load_problem_coords(&coords, None));
    assert_eq!(r.map(|r| r.loaded).ok(), Some(n));
    let per = |b: usize| b as f64 / n as f64;
    println!(
        "coords: {n} problems, load peak {:.0} B, reserved {:.0} B, kept {:.0} B a problem",
        per(peak),
        per(reserved),
        per(kept)
    );
    assert!(reserved >= peak, "coords: the budget must cover the load");
}
