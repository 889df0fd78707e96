//! The options read by hand (src/io/obj.rs) against what the types write: every
//! field serialised and read back equal, on random options, so that a key the
//! reader misspells or forgets is an error here. Filters have no writer; their
//! keys are checked one by one in cycle_filters.rs.

use civicmap::assignment::Fill;
use civicmap::heat::{BlurKind, HeatLayer, Mode, Weights};
use civicmap::palette::Ramp;
use civicmap::*;
use proptest::prelude::*;

fn day() -> impl Strategy<Value = Option<Day>> {
    prop::option::of(0..40_000i32)
}

fn num() -> impl Strategy<Value = f64> {
    // Whole, fractional, tiny and huge: each must come back bit for bit.
    prop_oneof![
        (0..1000i32).prop_map(f64::from),
        -1e6..1e6f64,
        Just(1e-300),
        Just(1.7e308)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn heat_options_read_back_what_they_write(
        layer in 0..2usize, mode in 0..3usize, blur in 0..2usize,
        radius_m in num(), radius_px in prop::option::of(num()), bin_px in num(),
        sev in prop::array::uniform3(num()), w in prop::array::uniform5(num()),
        from in day(), to in day(), last_days in prop::option::of(0..5000u32), as_of in day(),
        domain_max in prop::option::of(num()), p in num(), threshold in num(), opacity in num(),
        ramp in 0..Ramp::ALL.len(), legend_stops in 0..40usize,
    ) {
        let o = HeatOptions {
            layer: [HeatLayer::Problems, HeatLayer::Points][layer],
            mode: [Mode::Kernel, Mode::Square, Mode::Hex][mode],
            radius_m,
            radius_px,
            bin_px,
            blur: [BlurKind::Box, BlurKind::Gauss][blur],
            weights: Weights {
                severity: sev,
                open: w[0],
                rectifying: w[1],
                closed: w[2],
                per_day_overdue: w[3],
                max_days_overdue: w[4],
            },
            from,
            to,
            last_days,
            as_of,
            domain_max,
            auto_percentile: p,
            threshold,
            opacity,
            ramp: Ramp::ALL[ramp],
            legend_stops,
        };
        let v = serde_json::to_value(&o).unwrap();
        prop_assert_eq!(HeatOptions::from_json(&v, "options"), Ok(o.clone()));
        // And through serde, as a native caller reads them.
        prop_assert_eq!(serde_json::from_value::<HeatOptions>(v).unwrap(), o);
    }

    #[test]
    fn assignment_options_read_back_what_they_write(
        fill in 0..6usize, selected in prop::collection::vec("[a-z0-9]{1,6}", 0..4),
        as_of in day(), fill_opacity in num(), flags in prop::array::uniform4(any::<bool>()),
        zone_levels in prop::option::of(prop::collection::vec(1..5u8, 0..4)),
        ramp in 0..Ramp::ALL.len(), domain_max in prop::option::of(num()),
    ) {
        let fills = [Fill::Owner, Fill::OpenProblems, Fill::OverdueProblems, Fill::Points, Fill::Cells, Fill::Area];
        let o = AssignmentOptions {
            fill: fills[fill],
            selected,
            as_of,
            fill_opacity,
            cell_outlines: flags[0],
            zones: flags[1],
            zone_levels,
            unassigned: flags[2],
            conflicts: flags[3],
            ramp: Ramp::ALL[ramp],
            domain_max,
        };
        let v = serde_json::to_value(&o).unwrap();
        prop_assert_eq!(AssignmentOptions::from_json(&v, "options"), Ok(o));
    }

    #[test]
    fn views_read_back_what_they_write(
        lng in num(), lat in num(), zoom in num(), width in num(), height in num(),
        pixel_ratio in num(), crs in 0..3usize,
    ) {
        let v = View { lng, lat, zoom, width, height, pixel_ratio, base_crs: [Crs::Wgs84, Crs::Gcj02, Crs::Bd09][crs] };
        prop_assert_eq!(View::from_json(&serde_json::to_value(v).unwrap(), "view"), Ok(v));
    }
}

#[test]
fn defaults_fill_what_is_left_out_and_typos_are_named() {
    let empty = serde_json::json!({});
    assert_eq!(
        HeatOptions::from_json(&empty, ""),
        Ok(HeatOptions::default())
    );
    assert_eq!(
        AssignmentOptions::from_json(&empty, ""),
        Ok(AssignmentOptions::default())
    );
    let e = HeatOptions::from_json(
        &serde_json::json!({"weights": {"sev": [1, 2, 3]}}),
        "options",
    )
    .unwrap_err();
    assert!(
        e.starts_with("options: field `weights`: unknown field `sev`, expected one of `severity`"),
        "{e}"
    );
    let e = HeatOptions::from_json(
        &serde_json::json!({"weights": {"severity": [1, 2]}}),
        "options",
    )
    .unwrap_err();
    assert_eq!(
        e,
        "options: field `weights`: field `severity`: give 3 weights (severity 1, 2, 3), got 2"
    );
    let e = HeatOptions::from_json(&serde_json::json!({"mode": "hexagon"}), "options").unwrap_err();
    assert_eq!(e, "options: field `mode`: unknown variant `hexagon`, expected one of `kernel`, `square`, `hex`");
    let e =
        AssignmentOptions::from_json(&serde_json::json!({"zones": "yes"}), "options").unwrap_err();
    assert_eq!(
        e,
        "options: field `zones`: expected true or false, got text"
    );
}
