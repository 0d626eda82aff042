//! Allocation counts of the bulk path (`cargo run --release --example allocs [rows]`): the seeded
//! ledger read from CSV into a session, then checked; a counting allocator around the system one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
#[path = "../benches/ledger_data/mod.rs"]
mod ledger_data;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
struct Count;
static N: AtomicUsize = AtomicUsize::new(0);
/// Bytes live now, and the most live at once.
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}
unsafe impl GlobalAlloc for Count {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        N.fetch_add(1, Relaxed);
        grew(l.size());
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        N.fetch_add(1, Relaxed);
        LIVE.fetch_sub(l.size(), Relaxed);
        grew(n);
        unsafe { System.realloc(p, l, n) }
    }
}
const MB: f64 = 1024.0 * 1024.0;
#[global_allocator]
static A: Count = Count;
use community_forms::json::Value;
use community_forms::{csv, Locale, Registry, Session};
fn main() {
    let reg = Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    let table = form.main_table().unwrap();
    let text = ledger_data::ledger_csv(std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000));
    let n0 = N.load(Relaxed);
    let text_bytes = LIVE.load(Relaxed);
    let mut s = Session::new(form.clone(), Locale::ZhCn);
    let mut loader = csv::Loader::default();
    loader.push(&text, true, &form, table, &mut s).unwrap();
    s.put_header(form.field_slot(0, "report_year").unwrap(), &Value::String("2021".into()));
    let n1 = N.load(Relaxed);
    let read_bytes = LIVE.load(Relaxed) - text_bytes;
    s.finish_bulk();
    let n2 = N.load(Relaxed);
    println!("allocations: read {}, check {}", n1 - n0, n2 - n1);
    println!(
        "live memory besides the text ({:.1} MB): {:.1} MB after reading, {:.1} MB after checking, peak {:.1} MB",
        text_bytes as f64 / MB,
        read_bytes as f64 / MB,
        (LIVE.load(Relaxed) - text_bytes) as f64 / MB,
        (PEAK.load(Relaxed) - text_bytes) as f64 / MB,
    );
}
