//! `civicmap`: the command-line tool.
//!
//! - `civicmap render …`: a heatmap or an assignment map of GeoJSON files to PNG.
//! - `civicmap gen …`: synthetic campaign data of any size, deterministic by seed.
//! - `civicmap table …`: the responsibility table (责任分解表) as .xlsx or CSV.
//! - `civicmap bulletin …`: the weekly bulletin (周通报) as printable HTML and CSV.
//! - `civicmap export --geoparquet …` / `civicmap import --geoparquet …`: a
//!   district's layers to a partitioned GeoParquet data set with the spatial join
//!   done, and back (feature `parquet`).
//!
//! `civicmap help` lists the options of each.

mod bulletin;
mod bulletin_html;
#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
mod export;
#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
mod features;
mod gen;
mod render;
mod table;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("render") => render::run(&args[1..]),
        Some("gen") => gen::run(&args[1..]),
        Some("table") => table::run(&args[1..]),
        Some("bulletin") => bulletin::run(&args[1..]),
        #[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
        Some("export") => export::run(&args[1..]),
        #[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
        Some("import") => export::run_import(&args[1..]),
        #[cfg(not(all(feature = "parquet", not(target_arch = "wasm32"))))]
        Some("export" | "import") => Err(
            "this civicmap was built without the `parquet` feature (cargo build --features parquet)"
                .to_string(),
        ),
        Some("help") | Some("--help") | Some("-h") | None => {
            println!(
                "usage: civicmap render --help | civicmap gen --help | civicmap table --help | civicmap bulletin --help | civicmap export --help | civicmap import --help"
            );
            Ok(())
        }
        Some(other) => Err(format!(
            "unknown command `{other}`; use `render`, `gen`, `table`, `bulletin`, `export` or `import`"
        )),
    };
    if let Err(e) = result {
        eprintln!("civicmap: {e}");
        std::process::exit(2);
    }
}
