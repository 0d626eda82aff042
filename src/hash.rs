//! A fast hash for keys the program makes itself (places packed into a `u64`). User text is
//! never hashed with it: text keys keep the standard library's keyed hash, so that a crafted
//! ledger cannot make lookups collide.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by places.
pub type PlaceMap<V> = HashMap<u64, V, BuildHasherDefault<PlaceHasher>>;

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Multiply and fold the two halves of the product, so every input bit reaches the low bits
/// the table indexes by.
#[derive(Default, Clone, Copy)]
pub struct PlaceHasher(u64);

impl Hasher for PlaceHasher {
    fn finish(&self) -> u64 {
        let p = u128::from(self.0).wrapping_mul(u128::from(K));
        // Truncation intended: the low half folded with the high half.
        #[allow(clippy::cast_possible_truncation)]
        let (lo, hi) = (p as u64, (p >> 64) as u64);
        lo ^ hi
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(23) ^ n).wrapping_mul(K);
    }
}
