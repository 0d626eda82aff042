//! A fast hash for keys the program makes itself (places packed into a `u64`). User text is
//! hashed with it only in the form package: elsewhere text keys are hashed with a keyed hash, so
//! that a crafted ledger cannot make lookups collide (`Key for Rc<str>`, `seed`).

use std::hash::Hasher;

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

/// A key of [`Map`]: equality and a well-mixed hash.
pub trait Key: Eq {
    fn hash(&self) -> u64;
}

impl Key for u64 {
    fn hash(&self) -> u64 {
        let mut h = PlaceHasher::default();
        h.write_u64(*self);
        h.finish()
    }
}

/// Text (community names) is hashed with a keyed hash, one key for the program's life, so that a
/// crafted ledger cannot make lookups collide: natively the standard library's, whose keys are
/// random. On wasm32-unknown-unknown the standard library has no random source (it takes its
/// keys from two allocation addresses), so there the keys come from the page or from Node
/// (`seed`, which the package's loaders call with `crypto.getRandomValues`). The form package
/// hashes text as it hashes places instead, for 0.4 KB less: a form page checks only what its
/// own user types.
impl Key for std::rc::Rc<str> {
    fn hash(&self) -> u64 {
        #[cfg(all(target_arch = "wasm32", not(feature = "bulk")))]
        {
            let mut h = PlaceHasher::default();
            h.write(self.as_bytes());
            h.finish()
        }
        #[cfg(all(target_arch = "wasm32", feature = "bulk"))]
        {
            use std::sync::atomic::Ordering::Relaxed;
            SEEDED.store(true, Relaxed);
            // SipHash-2-4, the standard library's keyed hash that takes its keys.
            #[allow(deprecated)]
            let mut h = std::hash::SipHasher::new_with_keys(KEYS[0].load(Relaxed), KEYS[1].load(Relaxed));
            h.write(self.as_bytes());
            h.finish()
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            static KEYS: std::sync::OnceLock<std::hash::RandomState> = std::sync::OnceLock::new();
            std::hash::BuildHasher::hash_one(KEYS.get_or_init(std::hash::RandomState::new), &**self)
        }
    }
}

#[cfg(all(target_arch = "wasm32", feature = "bulk"))]
static KEYS: [std::sync::atomic::AtomicU64; 2] = [
    std::sync::atomic::AtomicU64::new(0x736f_6d65_7073_6575),
    std::sync::atomic::AtomicU64::new(0x646f_7261_6e64_6f6d),
];
#[cfg(all(target_arch = "wasm32", feature = "bulk"))]
static SEEDED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets the keys text is hashed with (wasm with whole ledgers). Only before the first text is
/// hashed: a table built with one key would not be found with another. Returns whether the keys
/// were taken.
#[cfg(all(target_arch = "wasm32", feature = "bulk"))]
pub fn seed(keys: [u64; 2]) -> bool {
    use std::sync::atomic::Ordering::Relaxed;
    if SEEDED.swap(true, Relaxed) {
        return false;
    }
    KEYS[0].store(keys[0], Relaxed);
    KEYS[1].store(keys[1], Relaxed);
    true
}

/// A map of places (`At::key`) and of addresses.
pub type PlaceMap<V> = Map<u64, V>;

/// A hash map of small code: the entries in a vector, in the order inserted, and one index of
/// positions that is the same code whatever the key and value types (`Index`). The standard
/// library's map is generic all the way down, a copy of its table per map type (five of them
/// cost the form package 11 KB of wasm); here only the thin layer below is.
pub struct Map<K, V> {
    entries: Vec<(K, V)>,
    index: Index,
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map { entries: Vec::new(), index: Index::default() }
    }
}

impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.entries.iter().map(|(k, v)| (k, v))).finish()
    }
}

impl<K: Key, V> Map<K, V> {
    pub fn with_capacity(n: usize) -> Self {
        let mut m = Map { entries: Vec::with_capacity(n), index: Index::default() };
        m.index.reserve(n);
        m
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
    }

    /// The key's hash (computed once, for the caller to reuse), and the entry's position or the
    /// index slot where it would go.
    fn find(&self, key: &K) -> (u64, Result<usize, usize>) {
        let hash = key.hash();
        (hash, self.index.find(hash, &mut |pos| self.entries.get(pos).is_some_and(|(k, _)| k == key)))
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        let pos = self.find(key).1.ok()?;
        self.entries.get(pos).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let pos = self.find(key).1.ok()?;
        self.entries.get_mut(pos).map(|(_, v)| v)
    }

    /// The value of `key`, inserted by `make` first if there is none (always `Some`).
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> Option<&mut V> {
        let pos = match self.find(&key) {
            (_, Ok(pos)) => pos,
            (hash, Err(slot)) => {
                let pos = self.entries.len();
                self.index.put(slot, hash, pos);
                self.entries.push((key, make()));
                pos
            }
        };
        self.entries.get_mut(pos).map(|(_, v)| v)
    }

    /// Sets `key`'s value; returns the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            (_, Ok(pos)) => self.entries.get_mut(pos).map(|e| std::mem::replace(&mut e.1, value)),
            (hash, Err(slot)) => {
                self.index.put(slot, hash, self.entries.len());
                self.entries.push((key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let (hash, found) = self.find(key);
        let pos = found.ok()?;
        let last = self.entries.len().checked_sub(1)?;
        // The last entry moves into the removed one's place.
        let moved = (pos != last).then(|| self.entries.last().map(|(k, _)| k.hash())).flatten();
        self.index.unput(hash, pos, moved.map(|h| (h, last)));
        Some(self.entries.swap_remove(pos).1)
    }

    /// Keeps the entries `keep` says to keep (it may change their values).
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let before = self.entries.len();
        self.entries.retain_mut(|(k, v)| keep(k, v));
        if self.entries.len() != before {
            self.reindex();
        }
    }

    /// The index made anew from the entries.
    fn reindex(&mut self) {
        self.index.clear();
        self.index.reserve(self.entries.len());
        for (pos, (k, _)) in self.entries.iter().enumerate() {
            let hash = k.hash();
            // A fresh index holds each key once: the slot is free.
            if let Err(slot) = self.index.find(hash, &mut |_| false) {
                self.index.put(slot, hash, pos);
            }
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The entries, in the order inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Open addressing with linear probing over entry positions: a slot holds the low 32 bits of
/// the key's hash and the position plus one (0 is a free slot). At most three quarters full;
/// removal shifts the slots after it back, so no tombstones build up.
#[derive(Default, Clone)]
struct Index {
    slots: Vec<u64>,
    used: usize,
}

impl Index {
    fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = 0);
        self.used = 0;
    }

    fn mask(&self) -> usize {
        self.slots.len().saturating_sub(1)
    }

    fn home(&self, hash: u64) -> usize {
        // Truncation intended: the low bits pick the slot.
        #[allow(clippy::cast_possible_truncation)]
        let h = hash as usize;
        h & self.mask()
    }

    /// `Ok(position)` of the entry whose hash is `hash` and that `is` accepts, or `Err(slot)`:
    /// the free slot where it would go (there is always one: the index is never full).
    fn find(&self, hash: u64, is: &mut dyn FnMut(usize) -> bool) -> Result<usize, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let tag = hash & 0xFFFF_FFFF;
        let mut i = self.home(hash);
        for _ in 0..self.slots.len() {
            let s = self.slots.get(i).copied().unwrap_or(0);
            if s == 0 {
                return Err(i);
            }
            let pos = usize::try_from((s & 0xFFFF_FFFF).saturating_sub(1)).unwrap_or(usize::MAX);
            if s >> 32 == tag && is(pos) {
                return Ok(pos);
            }
            i = i.wrapping_add(1) & self.mask();
        }
        Err(usize::MAX)
    }

    /// Room for `n` entries without growing.
    fn reserve(&mut self, n: usize) {
        let want = n.saturating_add(n / 3).saturating_add(1).max(8).checked_next_power_of_two().unwrap_or(usize::MAX);
        if want <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![0; want]);
        for s in old.into_iter().filter(|&s| s != 0) {
            let slot = self.free_slot(s >> 32);
            if let Some(x) = self.slots.get_mut(slot) {
                *x = s;
            }
        }
    }

    /// The first free slot from `hash`'s home (the index is never full).
    fn free_slot(&self, hash: u64) -> usize {
        let mut i = self.home(hash);
        while self.slots.get(i).is_some_and(|&s| s != 0) {
            i = i.wrapping_add(1) & self.mask();
        }
        i
    }

    /// Records entry `pos` in `slot` (from `find`), growing first if that would fill the index
    /// beyond three quarters.
    fn put(&mut self, slot: usize, hash: u64, pos: usize) {
        let entry = ((hash & 0xFFFF_FFFF) << 32) | u64::try_from(pos.saturating_add(1)).unwrap_or(0) & 0xFFFF_FFFF;
        self.used = self.used.saturating_add(1);
        let slot = if self.used.saturating_mul(4) > self.slots.len().saturating_mul(3) {
            self.reserve(self.used);
            self.free_slot(hash)
        } else {
            slot
        };
        if let Some(s) = self.slots.get_mut(slot) {
            *s = entry;
        }
    }

    /// The slot holding entry `pos`, found from its hash.
    fn slot_of(&self, hash: u64, pos: usize) -> Option<usize> {
        let want = u64::try_from(pos.saturating_add(1)).ok()?;
        let mut i = self.home(hash);
        for _ in 0..self.slots.len() {
            let s = *self.slots.get(i)?;
            if s == 0 {
                return None;
            }
            if s & 0xFFFF_FFFF == want {
                return Some(i);
            }
            i = i.wrapping_add(1) & self.mask();
        }
        None
    }

    /// Forgets entry `pos`; `moved` is the hash and old position of the entry that takes its
    /// position (the last one, when it is not the one removed).
    fn unput(&mut self, hash: u64, pos: usize, moved: Option<(u64, usize)>) {
        let Some(mut hole) = self.slot_of(hash, pos) else { return };
        self.used = self.used.saturating_sub(1);
        // Backward shift: a later slot of the run moves into the hole unless its home lies
        // after the hole (cyclically), where a lookup would no longer reach it.
        let mask = self.mask();
        let mut i = hole;
        loop {
            i = i.wrapping_add(1) & mask;
            let s = self.slots.get(i).copied().unwrap_or(0);
            if s == 0 {
                break;
            }
            let home = self.home(s >> 32);
            let dist_home = i.wrapping_sub(home) & mask;
            let dist_hole = i.wrapping_sub(hole) & mask;
            if dist_home >= dist_hole {
                if let Some(h) = self.slots.get_mut(hole) {
                    *h = s;
                }
                hole = i;
            }
        }
        if let Some(h) = self.slots.get_mut(hole) {
            *h = 0;
        }
        if let Some((mhash, from)) = moved {
            if let Some(slot) = self.slot_of(mhash, from) {
                let tag = self.slots.get(slot).copied().unwrap_or(0) & !0xFFFF_FFFF;
                if let Some(s) = self.slots.get_mut(slot) {
                    *s = tag | u64::try_from(pos.saturating_add(1)).unwrap_or(0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;
    use std::rc::Rc;

    proptest! {
        /// Every operation agrees with the standard library's map, over few keys (so that
        /// removals, reinsertions and long probe runs are common) and many.
        #[test]
        fn agrees_with_std(ops in prop::collection::vec((0u8..5, 0u64..40, any::<u32>()), 0..600), spread in prop::bool::ANY) {
            let mut ours: Map<u64, u32> = Map::default();
            let mut std_map: HashMap<u64, u32> = HashMap::new();
            for (op, k, v) in ops {
                let k = if spread { k.wrapping_mul(0x1_0000_0001) } else { k };
                match op {
                    0 | 1 => prop_assert_eq!(ours.insert(k, v), std_map.insert(k, v)),
                    2 => prop_assert_eq!(ours.remove(&k), std_map.remove(&k)),
                    3 => {
                        let keep = |k: &u64, v: &mut u32| { *v = v.wrapping_add(1); (k ^ u64::from(*v)) % 3 != 0 };
                        ours.retain(keep);
                        std_map.retain(keep);
                    }
                    _ => {
                        *ours.get_or_insert_with(k, || v).unwrap() ^= 1;
                        *std_map.entry(k).or_insert(v) ^= 1;
                    }
                }
                prop_assert_eq!(ours.get(&k), std_map.get(&k));
                prop_assert_eq!(ours.entries.len(), std_map.len());
            }
            for k in 0..40u64 {
                let k = if spread { k.wrapping_mul(0x1_0000_0001) } else { k };
                prop_assert_eq!(ours.get(&k), std_map.get(&k));
            }
            let mut a: Vec<(u64, u32)> = ours.into_iter().collect();
            let mut b: Vec<(u64, u32)> = std_map.into_iter().collect();
            a.sort_unstable();
            b.sort_unstable();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn text_keys_and_growth() {
        let mut m: Map<Rc<str>, usize> = Map::with_capacity(3);
        for i in 0..5000 {
            m.insert(Rc::from(format!("社区{i}")), i);
        }
        for i in (0..5000).step_by(2) {
            assert_eq!(m.remove(&Rc::from(format!("社区{i}"))), Some(i));
        }
        for i in 0..5000 {
            assert_eq!(m.get(&Rc::from(format!("社区{i}"))).copied(), (i % 2 == 1).then_some(i));
        }
        assert_eq!(m.keys().count(), 2500);
    }
}
