//! Damaged precompiled bytes cannot make the reader reserve memory out of proportion to them.
//! In wasm a reservation is real (the memory grows, and past the browser's limit the engine
//! traps), so a length read from the bytes must not be trusted for a reservation: natively an
//! untouched reservation costs nothing, and the fuzzers cannot see it.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

struct Largest;
static WATCH: AtomicBool = AtomicBool::new(false);
static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only the size is noted.
unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if WATCH.load(Ordering::Relaxed) {
            LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: the caller's layout, as the caller gave it.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, that is from `System`, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if WATCH.load(Ordering::Relaxed) {
            LARGEST.fetch_max(new_size, Ordering::Relaxed);
        }
        // SAFETY: as for `dealloc`; `new_size` is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Largest = Largest;

/// A LEB128 number as the reader reads it.
fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let low = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            out.push(low);
            return out;
        }
        out.push(low | 0x80);
    }
}

#[test]
fn a_damaged_length_reserves_no_more_than_the_bytes_hold() {
    let reg = community_forms::Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    let good = community_forms::wire::encode_form(&form);
    // Decoding the real bytes: what a form of this size needs at most in one block.
    WATCH.store(true, Ordering::Relaxed);
    community_forms::Registry::builtin().add_compiled(&good).unwrap();
    WATCH.store(false, Ordering::Relaxed);
    let honest = LARGEST.swap(0, Ordering::Relaxed);
    // At every position, a length as large as the bytes that are left (the most the reader
    // lets a list claim): whatever list it lands in, the reader may refuse the bytes or read
    // them, but never reserves much more than the real form needed.
    let mut worst = (0, 0);
    for at in 0..good.len() {
        let mut bad = good[..at].to_vec();
        bad.extend(varint((good.len() - at) as u64));
        bad.extend_from_slice(&good[at..]);
        WATCH.store(true, Ordering::Relaxed);
        let _ = community_forms::Registry::builtin().add_compiled(&bad);
        WATCH.store(false, Ordering::Relaxed);
        let largest = LARGEST.swap(0, Ordering::Relaxed);
        if largest > worst.0 {
            worst = (largest, at);
        }
    }
    assert!(
        worst.0 <= honest.max(64 * 1024),
        "a length at byte {} of {} reserved {} bytes at once (the real form needs at most {honest})",
        worst.1,
        good.len(),
        worst.0
    );
}
