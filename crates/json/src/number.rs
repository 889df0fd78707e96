//! Numbers, read exactly as serde_json reads them (`float_roundtrip`): whole
//! numbers as u64/i64 as it gives them, decimals of up to 19 digits not far from 1
//! here (Clinger's fast path, else a 128-bit quotient; see [`decimal_to_f64`]), the
//! rest by serde_json itself.

use crate::scan::{refused, Fail, Read, Reader};
use serde_json::{Number, Value};

impl Reader<'_> {
    /// A number's syntax only (a skipped number).
    pub(crate) fn skip_number(&mut self) -> Read<()> {
        self.number_syntax(false).map(drop)
    }

    /// A number, exactly as serde_json reads it (`float_roundtrip`).
    pub fn number(&mut self) -> Read<Number> {
        let start = self.i;
        let n = self.number_syntax(true)?;
        if n.exact && n.whole {
            return Ok(match n.neg {
                false => n.digits.into(),
                true => match (n.digits as i64).wrapping_neg() {
                    // `-0` and what does not fit an i64 become floats, as in serde_json.
                    i if i >= 0 => float(-(n.digits as f64)),
                    i => i.into(),
                },
            });
        }
        if let Some(f) = decimal_to_f64(n.digits, n.e10).filter(|_| n.exact) {
            return Ok(float(if n.neg { -f } else { f }));
        }
        // More than 19 digits, or far from 1: serde_json's own reading (which also
        // refuses what is out of range).
        let span = self.t.get(start..self.i).ok_or(Fail::Syntax)?;
        match civicmap_value::parse(span) {
            Ok(Value::Number(n)) => Ok(n),
            Err(e) => Err(refused(e, start)),
            Ok(_) => Err(Fail::Syntax),
        }
    }

    /// A number as an f64, as [`Reader::number`] then `as_f64` give it, without
    /// the `Number` between (a coordinate: two a feature); None where `number`
    /// fails.
    pub(crate) fn number_f64(&mut self) -> Option<f64> {
        let start = self.i;
        let n = self.number_syntax(true).ok()?;
        if n.exact {
            let f = match n.whole {
                // As `number`'s u64 or i64 (or, for -0 and beyond i64, float)
                // reads: rounding to nearest is the same either side of 0.
                true => Some(n.digits as f64),
                false => decimal_to_f64(n.digits, n.e10),
            };
            if let Some(f) = f {
                return Some(if n.neg { -f } else { f });
            }
        }
        self.i = start;
        self.number().ok()?.as_f64()
    }

    /// A number's syntax, as serde_json checks it, and its digits. Cut short where
    /// a digit must come, a `parsed` number says "EOF while parsing a value"
    /// (serde_json's skip says "invalid number").
    fn number_syntax(&mut self, parsed: bool) -> Read<Digits> {
        let b = self.b;
        let eof = |i: usize| match parsed && i >= b.len() {
            true => Fail::Refused("EOF while parsing a value", b.len()),
            false => Fail::Syntax,
        };
        let mut i = self.i;
        let neg = b.get(i) == Some(&b'-');
        i += neg as usize;
        let mut n = Digits {
            neg,
            digits: 0,
            e10: 0,
            whole: true,
            exact: true,
        };
        let mut count = 0u32;
        let push = |n: &mut Digits, count: &mut u32, d: u8, frac: bool| {
            if n.digits == 0 && d == 0 {
                // Leading zeros (of a fraction) count for nothing.
            } else if *count < 19 {
                n.digits = n.digits * 10 + d as u64;
                *count += 1;
            } else {
                n.exact = false;
                return;
            }
            if frac {
                n.e10 -= 1;
            }
        };
        match b.get(i) {
            Some(b'0') => {
                i += 1;
                if let Some(b'0'..=b'9') = b.get(i) {
                    return Err(Fail::Syntax);
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&c @ b'0'..=b'9') = b.get(i) {
                    push(&mut n, &mut count, c - b'0', false);
                    i += 1;
                }
            }
            _ => return Err(eof(i)),
        }
        if b.get(i) == Some(&b'.') {
            n.whole = false;
            i += 1;
            let from = i;
            // Eight digits at once while they fit the 19 kept (a coordinate's
            // fraction has 12–15): after a leading digit, so no leading zero.
            if n.digits != 0 {
                while count <= 11 {
                    let Some(v) = eight_digits(b, i) else { break };
                    n.digits = n.digits * 100_000_000 + v;
                    n.e10 -= 8;
                    count += 8;
                    i += 8;
                }
            }
            while let Some(&c @ b'0'..=b'9') = b.get(i) {
                push(&mut n, &mut count, c - b'0', true);
                i += 1;
            }
            if i == from {
                return Err(eof(i));
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            n.whole = false;
            i += 1;
            let minus = b.get(i) == Some(&b'-');
            if let Some(b'-' | b'+') = b.get(i) {
                i += 1;
            }
            let (from, mut x) = (i, 0i32);
            while let Some(&c @ b'0'..=b'9') = b.get(i) {
                if i - from < 4 {
                    x = x * 10 + (c - b'0') as i32;
                } else {
                    n.exact = false;
                }
                i += 1;
            }
            if i == from {
                return Err(eof(i));
            }
            n.e10 += if minus { -x } else { x };
        }
        self.i = i;
        Ok(n)
    }
}

/// The value of the eight bytes at `i` when all are ASCII digits (SWAR, as in
/// simdjson's `parse_eight_digits_unrolled`).
#[inline]
fn eight_digits(b: &[u8], i: usize) -> Option<u64> {
    let mut a = [0u8; 8];
    a.copy_from_slice(b.get(i..i + 8)?);
    let v = u64::from_le_bytes(a);
    // Each byte 0x30..=0x39: its high nibble 3, and adding 6 keeps it 3.
    let high = (v & 0xF0F0_F0F0_F0F0_F0F0)
        | ((v.wrapping_add(0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4);
    if high != 0x3333_3333_3333_3333 {
        return None;
    }
    let mut x = v - 0x3030_3030_3030_3030;
    // Pairs, then fours, then all eight (the first byte is the highest digit).
    // The products overflow on purpose: the bits that fall off are the ones
    // the shift would drop.
    x = x.wrapping_mul(10).wrapping_add(x >> 8);
    x = (x & 0x0000_00FF_0000_00FF)
        .wrapping_mul(100 + (1_000_000 << 32))
        .wrapping_add(((x >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32)))
        >> 32;
    Some(x)
}

/// A number's parts: `digits × 10^e10`, negative or not; `whole` when written
/// without fraction or exponent, `exact` when at most 19 significant digits and a
/// short exponent were written.
struct Digits {
    neg: bool,
    digits: u64,
    e10: i32,
    whole: bool,
    exact: bool,
}

fn float(f: f64) -> Number {
    // Finite by construction.
    Number::from_f64(f).unwrap_or_else(|| 0.into())
}

/// `w × 10^e10` correctly rounded, for the cases done here (`None`: ask serde_json).
///
/// Small cases are Clinger's: both operands exact, one rounding. Otherwise
/// `w / 10^d = (w / 5^d) / 2^d`: the quotient by `5^d` is taken to 63–64 bits
/// ([`div_by_pow5`]), a sticky bit records a remainder, and the one conversion to
/// f64 rounds it to nearest-even; the power of two is exact.
fn decimal_to_f64(w: u64, e10: i32) -> Option<f64> {
    if w == 0 {
        return Some(0.0);
    }
    if e10 >= 0 {
        let p = 10u128.checked_pow(e10 as u32).filter(|_| e10 <= 19)?;
        return Some((w as u128 * p) as f64);
    }
    let d = e10.unsigned_abs();
    if w <= 1 << 53 && d <= 22 {
        return Some(w as f64 / POW10[d as usize]);
    }
    let &(m, inv, sh) = POW5.get(d as usize)?;
    // `w` with its top bit set, times 2^63, over `5^d` with its top bit set: a
    // quotient of 63 or 64 bits (the numerator's high half stays below `m`).
    let lz = w.leading_zeros();
    let wn = w << lz;
    let (q, r) = div_by_pow5(wn >> 1, wn << 63, m, inv);
    let q = q | (r != 0) as u64;
    // The numerator was w·2^(63 + lz) and the divisor 5^d·2^sh.
    let k = 63 + lz + d - sh;
    Some(q as f64 * f64::from_bits(((1023 - k) as u64) << 52))
}

/// `5^d` shifted until its top bit is set, its reciprocal for [`div_by_pow5`]
/// (`⌊(2^128 − 1) / m⌋ − 2^64`), and the shift, for `d` up to 27 (where `5^d`
/// still fits 64 bits with the quotient's).
const POW5: [(u64, u64, u32); 28] = {
    let mut t = [(0, 0, 0); 28];
    let mut d = 0;
    while d < 28 {
        let m = 5u64.pow(d as u32);
        let sh = m.leading_zeros();
        let v = m << sh;
        t[d] = (v, (u128::MAX / v as u128 - (1 << 64)) as u64, sh);
        d += 1;
    }
    t
};

/// `(hi·2^64 + lo) / m` and its remainder, for `m` with its top bit set, `hi < m`,
/// and `inv` its reciprocal as in [`POW5`]: two multiplications and at most two
/// corrections (Möller and Granlund, "Improved division by invariant integers",
/// 2011, algorithm 4). Knuth's division in 32-bit digits with wasm's 64-bit
/// `div` before it was 3.9 % of loading 50,000 problems from a string.
fn div_by_pow5(hi: u64, lo: u64, m: u64, inv: u64) -> (u64, u64) {
    let p = (inv as u128 * hi as u128).wrapping_add((hi as u128) << 64 | lo as u128);
    let (q1, q0) = ((p >> 64) as u64, p as u64);
    let mut q = q1.wrapping_add(1);
    let mut r = lo.wrapping_sub(q.wrapping_mul(m));
    if r > q0 {
        q = q.wrapping_sub(1);
        r = r.wrapping_add(m);
    }
    if r >= m {
        q += 1;
        r -= m;
    }
    (q, r)
}

/// The powers of ten that are exact in an f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_hand(text: &str) -> Option<String> {
        let mut r = Reader::new(text, 0, 0);
        let n = r.number().ok()?;
        (r.i == text.len()).then(|| format!("{n:?}"))
    }

    /// `digits` written as a number: the point after `at` of them, an exponent,
    /// a sign; the integer part's leading zeros dropped when `trim`.
    fn decimal(digits: &str, at: usize, exp: Option<i32>, neg: bool, trim: bool) -> String {
        let (int, frac) = digits.split_at(at);
        let int = match int.trim_start_matches('0') {
            "" if trim => "0",
            i if trim => i,
            _ => int,
        };
        let mut text = format!("{}{int}", if neg { "-" } else { "" });
        if !frac.is_empty() {
            text += &format!(".{frac}");
        }
        if let Some(e) = exp {
            text += &format!("e{e}");
        }
        text
    }

    fn by_serde(text: &str) -> Option<String> {
        serde_json::from_str::<Number>(text)
            .ok()
            .map(|n| format!("{n:?}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        #[test]
        fn numbers_read_as_serde_reads_them(
            digits in "[0-9]{1,24}",
            point in any::<prop::sample::Index>(),
            exp in prop::option::of(-330i32..330),
            neg in any::<bool>(),
        ) {
            let text = decimal(&digits, point.index(digits.len() + 1), exp, neg, true);
            prop_assert_eq!(by_hand(&text), by_serde(&text), "{}", text);
        }

        #[test]
        fn numbers_read_as_f64_as_number_gives_them(
            digits in "[0-9]{1,24}",
            point in any::<prop::sample::Index>(),
            exp in prop::option::of(-330i32..330),
            neg in any::<bool>(),
            tail in "(|,|]|x|\\.|e)",
        ) {
            // Leading zeros kept: a number JSON refuses is refused alike.
            let text = decimal(&digits, point.index(digits.len() + 1), exp, neg, false) + &tail;
            let mut a = Reader::new(&text, 0, 0);
            let mut b = Reader::new(&text, 0, 0);
            let got = a.number_f64();
            let want = b.number().ok().and_then(|n| n.as_f64());
            prop_assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits), "{}", text);
            if want.is_some() {
                prop_assert_eq!(a.i, b.i, "{}", text);
            }
        }

        #[test]
        fn eight_digits_are_read_only_when_all_are_digits(
            s in prop_oneof!["[0-9]{8}", "[/0-9:a\u{80}]{8}"],
        ) {
            let plain = s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse::<u64>().unwrap());
            prop_assert_eq!(eight_digits(s.as_bytes(), 0), plain, "{}", s);
        }

        #[test]
        fn shortest_floats_read_exactly(f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
            for text in [format!("{f:?}"), format!("{f:e}"), format!("{f}")] {
                prop_assert_eq!(by_hand(&text), by_serde(&text), "{}", text);
            }
        }
    }

    proptest! {
        #[test]
        fn a_quotient_by_a_power_of_five_is_exact(
            hi in any::<u64>(),
            lo in any::<u64>(),
            d in 0usize..28,
        ) {
            let (m, inv, _) = POW5[d];
            let hi = hi % m;
            let n = (hi as u128) << 64 | lo as u128;
            let (q, r) = div_by_pow5(hi, lo, m, inv);
            prop_assert_eq!((q as u128, r as u128), (n / m as u128, n % m as u128));
        }
    }

    /// At the edges: the largest numerator below `m·2^64`, the smallest, and
    /// multiples of `m` and one either side.
    #[test]
    fn quotients_at_the_edges_are_exact() {
        for &(m, inv, sh) in &POW5 {
            assert_eq!(m.leading_zeros(), 0);
            assert_eq!(m >> sh << sh, m);
            for (hi, lo) in [(m - 1, u64::MAX), (0, 0), (0, 1), (m - 1, 0), (1, 0)] {
                let n = (hi as u128) << 64 | lo as u128;
                assert_eq!(
                    div_by_pow5(hi, lo, m, inv),
                    ((n / m as u128) as u64, (n % m as u128) as u64)
                );
            }
            for k in [1u128, 2, 3, 1 << 63, (1 << 64) - 1] {
                for n in [k * m as u128 - 1, k * m as u128, k * m as u128 + 1] {
                    let (hi, lo) = ((n >> 64) as u64, n as u64);
                    assert_eq!(
                        div_by_pow5(hi, lo, m, inv),
                        ((n / m as u128) as u64, (n % m as u128) as u64)
                    );
                }
            }
        }
    }

    /// Quotients whose kept bits end exactly half way, with a remainder below them:
    /// only the sticky bit tells that they must round up (random numbers hit this
    /// once in thousands, so they are searched for).
    #[test]
    fn near_halfway_quotients_round_as_serde_does() {
        let (mut seed, mut found) = (0x9e37_79b9_7f4a_7c15u64, 0);
        for _ in 0..400_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let w = 1_000_000_000_000_000_000 + seed % 9_000_000_000_000_000_000;
            let d = 20 + (seed >> 60) as u32 % 8;
            let n = (w as u128) << (w.leading_zeros() + 64);
            let q = n / 5u128.pow(d);
            let drop = 128 - q.leading_zeros() - 53;
            if q & ((1 << drop) - 1) != 1 << (drop - 1) || n.is_multiple_of(5u128.pow(d)) {
                continue;
            }
            found += 1;
            let text = format!("{w}e-{d}");
            assert_eq!(by_hand(&text), by_serde(&text), "{text}");
        }
        assert!(found >= 10, "only {found} cases");
    }
}
