//! `civicmap render`: placeholder until the heatmap issue lands.

pub fn run(_args: &[String]) -> Result<(), String> {
    Err("render is not built yet".into())
}
