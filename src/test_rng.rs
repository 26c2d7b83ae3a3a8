//! A tiny deterministic random-number generator for the library's own sampling tests
//! (xorshift64): the same sequence on every run and platform, no dependency.

/// Returns `next(n)`, a pseudo-random number in `0..n` (`n` > 0), from `seed`
/// (non-zero).
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut(u64) -> usize {
    move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n) as usize
    }
}
