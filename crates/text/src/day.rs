//! ISO dates, `YYYY-MM-DD`, as days since 1970-01-01.

use crate::trim;

/// The day an ISO date `YYYY-MM-DD` names, in days since 1970-01-01 (a longer ISO
/// timestamp is cut to its date), after trimming; None when it is not one.
pub fn iso_day(text: &str) -> Option<i32> {
    let b = trim(text).as_bytes();
    if b.len() < 10 || (b.len() > 10 && !matches!(b[10], b'T' | b' ')) {
        return None;
    }
    // Exactly four, two and two ASCII digits, read by hand: `str::parse` alone
    // would take signs ("2026-+1-+1", "+202-01-01").
    let n = [b[0], b[1], b[2], b[3], b[5], b[6], b[8], b[9]].map(digit);
    // Every byte a digit: each value below 10.
    if b[4] != b'-' || b[7] != b'-' || n.iter().any(|&d| d > 9) {
        return None;
    }
    let y = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3];
    let (m, d) = (n[4] * 10 + n[5], n[6] * 10 + n[7]);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// An ASCII digit's value; any other byte's is above 9.
#[inline]
fn digit(c: u8) -> i32 {
    i32::from(c.wrapping_sub(b'0'))
}

/// The days of month `m` (1–12) of year `y`.
pub fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm: ten lines
/// instead of a date crate in the wasm module, and exact over the whole proleptic
/// Gregorian calendar).
pub fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
