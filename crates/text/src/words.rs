//! A vocabulary's words — keys, which ignore ASCII case, and aliases, which are
//! exact — found by a small hash, so that reading a word compares it with one
//! candidate, not with every word in turn.

use crate::trim;

/// Places in a table.
const SLOTS: usize = 64;

/// No word at this place.
const EMPTY: u8 = u8::MAX;

/// Two or more words at this place: [`Words::find`] tries them all.
const SHARED: u8 = u8::MAX - 1;

/// A vocabulary: its keys (lowercase ASCII), its aliases, and where each is.
#[derive(Debug)]
pub struct Words {
    keys: &'static [&'static str],
    aliases: &'static [&'static str],
    /// At each word's [`place`], its index (keys, then aliases after them),
    /// [`EMPTY`] or [`SHARED`].
    table: [u8; SLOTS],
}

impl Words {
    /// The vocabulary of `keys` (lowercase ASCII: they are matched in any ASCII
    /// case) and `aliases` (matched exactly); at most 250 words.
    pub const fn new(keys: &'static [&'static str], aliases: &'static [&'static str]) -> Self {
        let n = keys.len() + aliases.len();
        assert!(n < SHARED as usize, "too many words");
        let mut table = [EMPTY; SLOTS];
        let mut i = 0;
        while i < n {
            let w = if i < keys.len() {
                keys[i]
            } else {
                aliases[i - keys.len()]
            };
            if let Some(p) = place(w.as_bytes()) {
                table[p] = if table[p] == EMPTY { i as u8 } else { SHARED };
            }
            i += 1;
        }
        Words {
            keys,
            aliases,
            table,
        }
    }

    /// The word `text` is, once trimmed: its index among the keys, or the number
    /// of keys plus its index among the aliases. The first key that matches wins,
    /// then the first alias (a vocabulary whose words are distinct has one).
    pub fn find(&self, text: &str) -> Option<usize> {
        let t = trim(text).as_bytes();
        match self.table[place(t)?] {
            EMPTY => None,
            SHARED => self.scan(t),
            i => {
                let i = i as usize;
                // The one word at this place; the scan when it is not `t` (which
                // another word can then not be, as none other is here).
                let hit = match self.keys.get(i) {
                    Some(k) => lowercase_is(t, k.as_bytes()),
                    None => self.aliases[i - self.keys.len()].as_bytes() == t,
                };
                hit.then_some(i)
            }
        }
    }

    /// Every word in turn: keys, then aliases.
    fn scan(&self, t: &[u8]) -> Option<usize> {
        if let Some(i) = self.keys.iter().position(|k| lowercase_is(t, k.as_bytes())) {
            return Some(i);
        }
        let a = self.aliases.iter().position(|a| a.as_bytes() == t)?;
        Some(self.keys.len() + a)
    }
}

/// A word's place: its length and its first, middle and last bytes, ASCII
/// lowercased since keys ignore ASCII case. Empty text has none.
#[inline]
const fn place(b: &[u8]) -> Option<usize> {
    let n = b.len();
    if n == 0 {
        return None;
    }
    let (a, m, z) = (
        b[0].to_ascii_lowercase() as usize,
        b[n / 2].to_ascii_lowercase() as usize,
        b[n - 1].to_ascii_lowercase() as usize,
    );
    Some((n * 13 + a * 5 + m * 3 + z) % SLOTS)
}

/// Whether `t` is the lowercase key `k` in any ASCII case.
#[inline]
fn lowercase_is(t: &[u8], k: &[u8]) -> bool {
    k.len() == t.len() && k.iter().zip(t).all(|(k, t)| *k == t.to_ascii_lowercase())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain reading: the first key equal ignoring ASCII case, else the first
    /// alias equal, after `str::trim`.
    fn model(keys: &[&str], aliases: &[&str], text: &str) -> Option<usize> {
        let t = text.trim();
        keys.iter()
            .position(|k| k.eq_ignore_ascii_case(t))
            .or_else(|| aliases.iter().position(|a| *a == t).map(|a| keys.len() + a))
    }

    fn leak(v: Vec<String>) -> &'static [&'static str] {
        Vec::leak(v.into_iter().map(|s| &*String::leak(s)).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Random vocabularies of short words (so that many share a place, and
        /// some are the same word twice), asked for their own words in any case,
        /// with whitespace, one byte changed, and for other text.
        #[test]
        fn find_is_the_plain_reading(
            keys in prop::collection::vec("[a-c_]{1,3}", 1..12),
            aliases in prop::collection::vec("[a-cA-C\u{4e00}\u{4e01}]{1,3}", 0..12),
            pick in any::<prop::sample::Index>(),
            upper in any::<u64>(),
            pad in any::<bool>(),
            change in prop::option::of((0usize..4, prop::sample::select(vec!['a', 'B', '_', '\u{4e00}', ' ']))),
            other in "[ a-cA-C_\u{4e00}\u{3000}]{0,5}",
        ) {
            let (keys, aliases) = (leak(keys), leak(aliases));
            let all: Vec<&str> = keys.iter().chain(aliases).copied().collect();
            let words = Words::new(keys, aliases);
            let mut asks: Vec<String> = all.iter().map(|w| w.to_string()).collect();
            asks.push(other);
            let mut w: Vec<char> = pick.get(&all).chars().collect();
            for (k, c) in w.iter_mut().enumerate() {
                if upper >> k & 1 == 1 {
                    *c = c.to_ascii_uppercase();
                }
            }
            if let Some((k, c)) = change {
                if let Some(x) = w.get_mut(k) {
                    *x = c;
                }
            }
            let w: String = w.into_iter().collect();
            asks.push(if pad { format!(" {w}\u{3000}") } else { w });
            for ask in &asks {
                prop_assert_eq!(words.find(ask), model(keys, aliases, ask), "{:?} in {:?} {:?}", ask, keys, aliases);
            }
        }
    }

    #[test]
    fn shared_and_empty_places() {
        let words = Words::new(&["open", "closed"], &["待整改", "open"]);
        assert_eq!(words.find("OPEN"), Some(0));
        assert_eq!(words.find(" closed "), Some(1));
        assert_eq!(words.find("待整改"), Some(2));
        assert_eq!(words.find(""), None);
        assert_eq!(words.find("   "), None);
        assert_eq!(words.find("done"), None);
        // "open" twice: one place, marked shared, and the key wins.
        assert_eq!(words.table[place(b"open").unwrap()], SHARED);
    }
}
