//! A small allocator for the form package's wasm (cargo feature `small-alloc`, set by
//! `scripts/build.sh` for the size build only): segregated free lists of power-of-two blocks.
//!
//! The standard library's wasm allocator (dlmalloc) is 7 KB of code that every page load pays
//! for. A form page's heap is small and its use steady (one form, a keystroke frees what the
//! one before allocated), which a size-class allocator serves in a few hundred bytes: a block
//! of 2^c bytes (c ≥ 4) is taken from the free list of its class, or carved from the end of the
//! heap, and a freed block goes back onto its class's list. Memory is never returned to the
//! browser (dlmalloc does not return it either), and in a steady state every class's list holds
//! what the next keystroke needs, so the heap stops growing: the benchmark measures the wasm
//! memory over 100,000 keystrokes. At most half of a block is unused. The ledger module, the
//! bulk worker and the Node build (whole ledgers: large, irregular allocations) keep dlmalloc.
//!
//! The bookkeeping (`Heap`) knows nothing of wasm: it is handed fresh memory by a `grow`
//! function, so that the native tests can run it over a buffer of their own.

use std::alloc::Layout;

/// Blocks of 2^MIN_CLASS bytes and more: room for the free list's link, 16-byte aligned.
const MIN_CLASS: u32 = 4;
/// Classes 2^4 … 2^31.
const CLASSES: usize = 28;

/// Free lists and the unused end of the heap. Addresses are plain numbers; 0 ends a list.
pub struct Heap {
    heads: [usize; CLASSES],
    next: usize,
    end: usize,
}

impl Heap {
    pub const fn new() -> Heap {
        Heap { heads: [0; CLASSES], next: 0, end: 0 }
    }

    /// The class of a layout: the smallest power of two that holds its size and its alignment.
    fn class(layout: Layout) -> Option<usize> {
        let need = layout.size().max(layout.align()).max(1 << MIN_CLASS);
        let c = usize::BITS.checked_sub(need.checked_sub(1)?.leading_zeros())?;
        usize::try_from(c.checked_sub(MIN_CLASS)?).ok().filter(|i| *i < CLASSES)
    }

    /// A block for `layout`, or 0. `grow(bytes)` returns the start of at least `bytes` fresh
    /// bytes (0 when refused); they continue the heap when they start where it ended.
    ///
    /// # Safety
    /// Every address on a free list must be a block this heap handed out and got back; the
    /// memory `grow` hands out must be writable and used by nothing else.
    pub unsafe fn alloc(&mut self, layout: Layout, grow: &mut dyn FnMut(usize) -> usize) -> usize {
        let Some(i) = Heap::class(layout) else { return 0 };
        let size = 1usize << (i.wrapping_add(MIN_CLASS as usize));
        // A listed block is 16-byte aligned; a layout asking more takes fresh memory.
        if layout.align() <= 1 << MIN_CLASS {
            if let Some(head) = self.heads.get_mut(i) {
                if *head != 0 {
                    let block = *head;
                    // SAFETY: a listed block holds the address of the next one (see `free`).
                    *head = unsafe { (block as *const usize).read() };
                    return block;
                }
            }
        }
        let align = layout.align().max(1 << MIN_CLASS);
        let Some(start) = self.carve(size, align) else {
            // Not enough left at the end: fresh memory, at least 256 KB at a time.
            let want = size.saturating_add(align).max(256 * 1024);
            let fresh = grow(want);
            if fresh == 0 {
                return 0;
            }
            if fresh != self.end {
                // The heap cannot continue where it was: what was left there is not used again.
                self.next = fresh;
            }
            self.end = fresh.saturating_add(want);
            return self.carve(size, align).unwrap_or(0);
        };
        start
    }

    /// `size` bytes aligned to `align` from the unused end of the heap, if they fit.
    fn carve(&mut self, size: usize, align: usize) -> Option<usize> {
        let start = self.next.checked_add(align.wrapping_sub(1))? & !align.wrapping_sub(1);
        let after = start.checked_add(size)?;
        if self.next == 0 || after > self.end {
            return None;
        }
        self.next = after;
        Some(start)
    }

    /// Gives back a block `alloc` returned for `layout`.
    ///
    /// # Safety
    /// `block` came from `alloc` with the same layout (or one of the same class) and is no
    /// longer used.
    pub unsafe fn free(&mut self, block: usize, layout: Layout) {
        let Some(head) = Heap::class(layout).and_then(|i| self.heads.get_mut(i)) else { return };
        // SAFETY: the block is at least 16 bytes, aligned, and ours again: its first word links
        // it to the rest of the list.
        unsafe { (block as *mut usize).write(*head) };
        *head = block;
    }

    /// Whether a block `alloc` returned for `old` also holds `new` (its class is the same):
    /// `realloc` then keeps it where it is.
    pub fn fits(old: Layout, new: Layout) -> bool {
        Heap::class(old).is_some() && Heap::class(old) == Heap::class(new)
    }
}

#[cfg(all(target_arch = "wasm32", feature = "small-alloc"))]
mod global {
    use super::Heap;
    use std::alloc::{GlobalAlloc, Layout};
    use std::cell::UnsafeCell;

    /// The wasm module's only heap. The form package's wasm has one thread.
    struct Small(UnsafeCell<Heap>);

    // SAFETY: wasm32 without the atomics feature runs one thread: nothing shares the heap.
    unsafe impl Sync for Small {}

    #[global_allocator]
    static ALLOCATOR: Small = Small(UnsafeCell::new(Heap::new()));

    /// Fresh pages at the end of the wasm memory.
    fn grow(bytes: usize) -> usize {
        let pages = bytes.div_ceil(65536);
        let before = core::arch::wasm32::memory_grow(0, pages);
        if before == usize::MAX {
            return 0;
        }
        before.saturating_mul(65536)
    }

    unsafe impl GlobalAlloc for Small {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: one thread, no reentrancy (the heap allocates nothing itself).
            let heap = unsafe { &mut *self.0.get() };
            // SAFETY: the heap's lists hold only its own freed blocks; grow hands out fresh pages.
            unsafe { heap.alloc(layout, &mut grow) as *mut u8 }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: as for alloc; the caller gives back a block of this layout.
            unsafe { (*self.0.get()).free(ptr as usize, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let Ok(new) = Layout::from_size_align(new_size, layout.align()) else {
                return core::ptr::null_mut();
            };
            if Heap::fits(layout, new) {
                return ptr;
            }
            // SAFETY: as for alloc.
            let fresh = unsafe { self.alloc(new) };
            if !fresh.is_null() {
                // SAFETY: both blocks are ours, distinct, and hold at least the bytes copied.
                unsafe {
                    core::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
            }
            fresh
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    use super::*;
    use proptest::prelude::*;

    /// A heap over a buffer of the test's own.
    struct Arena {
        buf: Vec<u128>,
        used: usize,
        grows: usize,
    }

    impl Arena {
        fn new() -> Arena {
            Arena { buf: vec![0; 64 * 1024 * 1024 / 16], used: 0, grows: 0 }
        }
        fn grow(&mut self, bytes: usize) -> usize {
            let base = self.buf.as_mut_ptr() as usize;
            // Every other time, memory that does not continue the heap.
            self.grows += 1;
            if self.grows % 2 == 0 {
                self.used += 48;
            }
            if self.used + bytes > self.buf.len() * 16 {
                return 0;
            }
            let start = base + self.used;
            self.used += bytes;
            start
        }
    }

    proptest! {
        /// Live blocks never overlap, are aligned, keep what was written into them, and freed
        /// blocks are used again: the heap stops growing when a pattern repeats.
        #[test]
        fn blocks_are_disjoint_aligned_and_reused(ops in prop::collection::vec((0usize..3, 1usize..5000, 0u32..6), 1..400)) {
            let mut arena = Arena::new();
            let mut heap = Heap::new();
            let mut live: Vec<(usize, Layout, u8)> = Vec::new();
            for round in 0..2 {
                for (k, &(op, size, align_pow)) in ops.iter().enumerate() {
                    if op == 0 && !live.is_empty() {
                        let (p, l, tag) = live.swap_remove(size % live.len());
                        let bytes = unsafe { std::slice::from_raw_parts(p as *const u8, l.size()) };
                        prop_assert!(bytes.iter().all(|b| *b == tag));
                        unsafe { heap.free(p, l) };
                        continue;
                    }
                    let layout = Layout::from_size_align(size, 1 << align_pow).unwrap();
                    let p = unsafe { heap.alloc(layout, &mut |n| arena.grow(n)) };
                    prop_assert!(p != 0);
                    prop_assert_eq!(p % layout.align(), 0);
                    for &(q, l, _) in &live {
                        prop_assert!(p + layout.size() <= q || q + l.size() <= p, "overlap");
                    }
                    let tag = (k % 251) as u8;
                    unsafe { std::ptr::write_bytes(p as *mut u8, tag, size) };
                    live.push((p, layout, tag));
                }
                // Everything back: the second round is served from the lists.
                let used = arena.used;
                for (p, l, _) in live.drain(..) {
                    unsafe { heap.free(p, l) };
                }
                // Blocks aligned beyond 16 bytes always take fresh memory.
                if round == 1 && ops.iter().all(|o| o.2 <= 4) {
                    prop_assert_eq!(arena.used, used);
                }
            }
        }
    }

    #[test]
    fn classes() {
        let l = |s, a| Layout::from_size_align(s, a).unwrap();
        assert_eq!(Heap::class(l(1, 1)), Some(0));
        assert_eq!(Heap::class(l(16, 8)), Some(0));
        assert_eq!(Heap::class(l(17, 1)), Some(1));
        assert_eq!(Heap::class(l(4, 64)), Some(2));
        assert!(Heap::fits(l(20, 4), l(32, 4)));
        assert!(!Heap::fits(l(20, 4), l(33, 4)));
        assert_eq!(Heap::class(l(1 << 31, 1)), Some(27));
        assert_eq!(Heap::class(l((1 << 31) + 1, 1)), None);
    }
}
