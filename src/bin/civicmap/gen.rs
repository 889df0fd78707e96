//! `civicmap gen`: placeholder until the data issue lands.

pub fn run(_args: &[String]) -> Result<(), String> {
    Err("gen is not built yet".into())
}
