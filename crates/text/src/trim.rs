//! Text as the readers take it.

/// `text` without leading and trailing whitespace, as `str::trim`, returned at
/// once when it starts and ends with a visible ASCII character (nearly every
/// value of a file): `trim` decodes characters from both ends, 2 % of loading a
/// ledger in wasm.
#[inline]
pub fn trim(text: &str) -> &str {
    let b = text.as_bytes();
    let visible = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_graphic());
    if visible(b.first()) && visible(b.last()) {
        text
    } else {
        text.trim()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    proptest::proptest! {
        /// The fast path agrees with `str::trim` on any text, ASCII or not.
        #[test]
        fn trim_is_str_trim(t in "[ \\t\\u{3000}a-z0-9\\u{4e00}-\\u{4e10}\\n]{0,8}") {
            proptest::prop_assert_eq!(super::trim(&t), t.trim());
        }
    }
}
