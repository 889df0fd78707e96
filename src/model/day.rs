//! Civil dates as [`Day`] numbers: read from `YYYY-MM-DD` (strictly: four, two and
//! two digits, no signs), written back the same way, and the serde helpers the
//! options and records use.

use serde::{Deserialize, Serialize};

/// Days since 1970-01-01 (a civil date; time of day is not kept).
pub type Day = i32;

/// Parses an ISO date `YYYY-MM-DD` (a longer ISO timestamp is cut to its date).
pub fn parse_day(text: &str) -> Result<Day, String> {
    civicmap_text::iso_day(text).ok_or_else(|| format!("`{text}` is not a date; write YYYY-MM-DD"))
}

/// Serde helper: an optional `YYYY-MM-DD` field, as options and filters take it.
pub(crate) fn de_opt_day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Day>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|s| parse_day(&s).map_err(serde::de::Error::custom))
        .transpose()
}

/// Serde helper: writes a day as `YYYY-MM-DD`.
pub(crate) fn ser_day<S: serde::Serializer>(d: &Day, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_day(*d))
}

/// Serde helper: writes an optional day as `YYYY-MM-DD` (or null).
pub(crate) fn ser_opt_day<S: serde::Serializer>(d: &Option<Day>, s: S) -> Result<S::Ok, S::Error> {
    d.map(format_day).serialize(s)
}

/// Formats a day as `YYYY-MM-DD`.
pub fn format_day(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

pub(crate) use civicmap_text::days_from_civil;
#[cfg(all(test, not(target_arch = "wasm32")))]
use civicmap_text::days_in_month;

pub(crate) fn civil_from_days(z: Day) -> (i32, i32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_known_values() {
        assert_eq!(parse_day("1970-01-01"), Ok(0));
        assert_eq!(parse_day("2026-11-23"), Ok(20_780));
        assert_eq!(parse_day("2024-02-29T08:00:00+08:00"), Ok(19_782));
        // Every year YYYY can write: 0000-01-01 to 9999-12-31.
        let (first, last) = (-719_528, 2_932_896);
        assert_eq!(format_day(first), "0000-01-01");
        assert_eq!(format_day(last), "9999-12-31");
        for day in (first..=last).step_by(997).chain([last]) {
            assert_eq!(parse_day(&format_day(day)), Ok(day), "{day}");
        }
    }

    /// The plain reading: cut to ten characters, split at the dashes, every part
    /// ASCII digits, the day in its month.
    fn model(text: &str) -> Option<Day> {
        let t = text.trim();
        let date = t.get(..10)?;
        if t.len() > 10 && !matches!(t.as_bytes()[10], b'T' | b' ') {
            return None;
        }
        let parts: Vec<&str> = date.split('-').collect();
        let [y, m, d] = parts[..] else { return None };
        if [(y, 4), (m, 2), (d, 2)]
            .iter()
            .any(|(p, len)| p.len() != *len || !p.bytes().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
            .then(|| days_from_civil(y, m, d))
    }

    proptest::proptest! {
        /// Any text near a date reads as the plain reading says.
        #[test]
        fn parse_day_is_the_plain_reading(
            t in "[ ]?[0-9+\\-]{0,5}[0-9\\-]{0,6}[0-9]{0,2}([T ][0-9:]{0,3}|x|\u{663}|)[ \t]?"
        ) {
            proptest::prop_assert_eq!(parse_day(&t).ok(), model(&t), "{:?}", t);
        }

        #[test]
        fn parse_day_reads_every_written_day(
            y in 0i32..10_000, m in 0i32..14, d in 0i32..33, tail in "(|T08:00|[ ]x)",
            dashes in "(--|[-+0/][-+0/])"
        ) {
            let (a, b) = (&dashes[..1], &dashes[1..]);
            let t = format!("{y:04}{a}{m:02}{b}{d:02}{tail}");
            proptest::prop_assert_eq!(parse_day(&t).ok(), model(&t), "{}", t);
        }
    }

    #[test]
    fn bad_days_are_rejected() {
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "yesterday",
            "",
            "2025-01-01x",
            "2026-+1-+1",
            "+202-01-01",
            "-202-01-01",
            "2026-01-+1",
            " 2026-1-1 ",
            "2026-01-1\u{663}",
            "２０２６-01-01",
        ] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
    }
}
