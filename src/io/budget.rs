//! The checked budget for the memory a load takes after its text is in: the
//! records as they are read and the indexes built from them.
//!
//! wasm memory stops at 4 GB, and an allocation that fails there does not return
//! an error: Rust's `handle_alloc_error` traps and leaves the module broken. So a
//! load accounts what each step will take (an estimate from the feature's text and
//! coordinates, or from the records, always above what was measured) and, each
//! time the bytes reserved so far run out, asks the allocator for the next
//! [`CHUNK`] with `try_reserve` and gives it straight back. In wasm the allocator
//! keeps what it took (memory never shrinks), so the step is then carved from
//! memory known to exist; a load that cannot have it is refused with
//! [`Error::OutOfMemory`] before anything changed, and [`SLACK`] is left free above
//! every load for the parser's working space and the calls after it.
//!
//! Measured natively (`cargo run --release --example load_memory`, 64-bit records,
//! larger than wasm's), as bytes per byte of text: a load's peak above its text
//! is 0.83 for a ledger of 200,000 problems, 0.92 for the demo's problems, 1.70
//! for points, 2.71 for cells and 3.04 for zones (a polygon is kept as a record
//! and again in the index); what the budget accounted was 7.1, 12, 309, 12.8 and
//! 126 (every growth of a vector counted as new memory, and at least a chunk):
//! it errs on the side of asking, and an ask is only the next step's need plus
//! [`CHUNK`]. In wasm (tests/node/memory.test.mjs) loads of 25,000 to 1,000,000
//! problems, whole and in slices, and of 250,000 to 4,000,000 coordinates, into
//! a module with 256 MB left, load or are refused; without the budget the first
//! that did not fit trapped.

use crate::error::Error;

/// Reserved at a time: a load asks the allocator about once per this many bytes.
pub const CHUNK: usize = 16 << 20;

/// Left free above every reservation.
pub const SLACK: usize = 16 << 20;

/// What a load has reserved and not yet used.
#[derive(Debug, Default)]
pub struct Budget {
    left: usize,
}

impl Budget {
    /// Accounts `bytes` for `what` (`"the problems"`), reserving more when what is
    /// left does not cover them.
    pub fn take(&mut self, bytes: usize, what: &'static str) -> Result<(), Error> {
        if bytes <= self.left {
            self.left -= bytes;
            return Ok(());
        }
        let ask = bytes.saturating_add(CHUNK);
        reserve(ask, what)?;
        self.left = ask - bytes;
        Ok(())
    }
}

/// The most one probe asks for at once: no allocation may exceed `isize::MAX`
/// (2 GB in wasm32), so a larger ask is held in pieces. (An ask past any address
/// space fails at once: the list of its pieces cannot be had.)
const PIECE: usize = 1 << 30;

/// Whether `bytes` (and [`SLACK`] above them) can be had now: asked for with
/// `try_reserve` in pieces of at most [`PIECE`], all held at once, then given
/// back (freed side by side, they merge again). One probe of 2 GB or more was
/// refused outright in wasm32, whatever memory was left: 10 million problems
/// from coordinates asked 2.3 GB with 3.8 GB free.
pub fn reserve(bytes: usize, what: &'static str) -> Result<(), Error> {
    let refused = || Error::OutOfMemory {
        what,
        mb: bytes.div_ceil(1 << 20),
    };
    let mut left = bytes.checked_add(SLACK).ok_or_else(refused)?;
    // The list first, so that the last block asked for is a piece.
    let mut held: Vec<Vec<u8>> = Vec::new();
    held.try_reserve_exact(left.div_ceil(PIECE))
        .map_err(|_| refused())?;
    while left > 0 {
        let n = left.min(PIECE);
        let mut piece: Vec<u8> = Vec::new();
        piece.try_reserve_exact(n).map_err(|_| refused())?;
        held.push(piece);
        left -= n;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_reserves_a_chunk_at_a_time_and_refuses_what_cannot_be_had() {
        let mut b = Budget::default();
        b.take(1000, "x").unwrap();
        assert_eq!(b.left, CHUNK);
        b.take(CHUNK, "x").unwrap();
        assert_eq!(b.left, 0);
        b.take(1, "x").unwrap();
        assert_eq!(b.left, CHUNK);
        // More than any address space: refused, with what it was for.
        let e = b.take(usize::MAX / 2, "the cells").unwrap_err();
        assert!(e.to_string().contains("the cells"), "{e}");
        let e = b.take(usize::MAX, "the cells").unwrap_err();
        assert!(e.to_string().contains("the cells"), "{e}");
        assert_eq!(b.left, CHUNK, "a refusal leaves the budget as it was");
    }
}
