//! The tables of civicmap's GeoParquet data set, column by column: what the
//! export writes (`campaign::geoparquet`) and the import reads back
//! ([`super::import`]). README's *GeoParquet* section describes them for the SQL
//! reader.
//!
//! Problems, points and cells carry the spatial join ([`JOIN`]): the cell (the
//! smallest id on shared edges), its GB/T 30428.1 code and the street and
//! community codes in it, the cell's holder, and at each of the four levels the
//! zone of the chain (the smallest id when two zones of a level cover the cell)
//! and its lead.

use super::table::Kind::{self, *};

/// The join columns shared by problems, points and cells, in this order.
pub const JOIN: [(&str, Kind); 13] = [
    ("cell", OptText),
    ("cell_code", OptText),
    ("street_code", OptText),
    ("community_code", OptText),
    ("cell_owner", OptText),
    ("zone_l1", OptText),
    ("zone_l2", OptText),
    ("zone_l3", OptText),
    ("zone_l4", OptText),
    ("owner_l1", OptText),
    ("owner_l2", OptText),
    ("owner_l3", OptText),
    ("owner_l4", OptText),
];

fn with_join(
    head: &[(&'static str, Kind)],
    tail: &[(&'static str, Kind)],
) -> Vec<(&'static str, Kind)> {
    head.iter().chain(&JOIN).chain(tail).copied().collect()
}

/// The problem ledger: one row per problem, in `problems/district=D/month=M/`.
/// The ledger dates: `found`, `deadline` (after any extension), `extended_from`
/// (the deadline before it), `closed` (the day of the re-check that closed it),
/// `as_of` (the ledger's today) and `week` (ISO week found, `2026-W47`).
/// `note`, `photos` (JSON array), `extension_reason` and `history` (JSON array
/// of steps, as in GeoJSON) keep the rest of the record; `ledger_order` is the
/// problem's position in its district's ledger.
pub fn problem_columns() -> Vec<(&'static str, Kind)> {
    with_join(
        &[
            ("id", Text),
            ("district_code", Text),
            ("geometry", Wkb),
            ("category", Text),
            ("severity", Int),
            ("status", Text),
            ("source", Text),
            ("found", Date),
            ("deadline", Date),
            ("extended_from", Date),
            ("closed", Date),
            ("as_of", Date),
            ("week", OptText),
            ("point", OptText),
        ],
        &[
            ("point_owner", OptText),
            ("note", OptText),
            ("photos", OptText),
            ("extension_reason", OptText),
            ("history", OptText),
            ("ledger_order", Int),
        ],
    )
}

/// Inspection points, in `points/district=D/`.
pub fn point_columns() -> Vec<(&'static str, Kind)> {
    with_join(
        &[
            ("id", Text),
            ("district_code", Text),
            ("geometry", Wkb),
            ("name", Text),
            ("category", Text),
            ("owner", OptText),
        ],
        &[],
    )
}

/// Grid cells, in `cells/district=D/`; `area_m2` on the sphere.
pub fn cell_columns() -> Vec<(&'static str, Kind)> {
    with_join(
        &[
            ("id", Text),
            ("district_code", Text),
            ("geometry", Wkb),
            ("name", OptText),
            ("code", OptText),
            ("owner", OptText),
            ("area_m2", Double),
        ],
        &[],
    )
}

/// Responsibility zones, in `zones/district=D/`; `members` a JSON array.
pub const ZONE_COLUMNS: [(&str, Kind); 8] = [
    ("id", Text),
    ("district_code", Text),
    ("geometry", Wkb),
    ("name", Text),
    ("level", Int),
    ("owner", OptText),
    ("members", OptText),
    ("division", OptText),
];

/// Owners, in `owners/district=D/` (plain Parquet: no geometry).
pub const OWNER_COLUMNS: [(&str, Kind); 6] = [
    ("id", Text),
    ("district_code", Text),
    ("name", Text),
    ("unit", Text),
    ("title", Text),
    ("level", Int),
];

/// Street (9 digits) and community (12 digits) codes of a 16-digit GB/T 30428.1
/// cell code (data/SCHEMA.md, *Grid code*); none for codes of another form.
pub fn division_codes(code: Option<&str>) -> (Option<&str>, Option<&str>) {
    match code {
        Some(c) if c.len() == 16 && c.bytes().all(|b| b.is_ascii_digit()) => {
            (Some(&c[..9]), Some(&c[..12]))
        }
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_codes_split_only_when_well_formed() {
        for cols in [problem_columns(), point_columns(), cell_columns()] {
            let names: std::collections::BTreeSet<_> = cols.iter().map(|c| c.0).collect();
            assert_eq!(names.len(), cols.len());
        }
        assert_eq!(
            division_codes(Some("4304080010010034")),
            (Some("430408001"), Some("430408001001"))
        );
        assert_eq!(division_codes(Some("C-12")), (None, None));
        assert_eq!(division_codes(Some("430408001001003x")), (None, None));
        assert_eq!(division_codes(None), (None, None));
    }
}
