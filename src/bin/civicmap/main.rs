//! `civicmap`: the command-line tool.
//!
//! - `civicmap render …`: a heatmap or an assignment map of GeoJSON files to PNG.
//! - `civicmap gen …`: synthetic campaign data of any size, deterministic by seed.
//! - `civicmap table …`: the responsibility table (责任分解表) as .xlsx or CSV.
//! - `civicmap bulletin …`: the weekly bulletin (周通报) as printable HTML and CSV.
//!
//! `civicmap help` lists the options of each.

mod bulletin;
mod bulletin_html;
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
        Some("help") | Some("--help") | Some("-h") | None => {
            println!(
                "usage: civicmap render --help | civicmap gen --help | civicmap table --help | civicmap bulletin --help"
            );
            Ok(())
        }
        Some(other) => Err(format!(
            "unknown command `{other}`; use `render`, `gen`, `table` or `bulletin`"
        )),
    };
    if let Err(e) = result {
        eprintln!("civicmap: {e}");
        std::process::exit(2);
    }
}
