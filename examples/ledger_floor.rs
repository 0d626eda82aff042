//! The floor under the native bulk figure (`ledger_data::floor_check`): the facility ledger's
//! rules written out by hand, over the same CSV scanner and decimal arithmetic, beside the
//! engine's own check of the same text (BENCHMARKS.md, "where the time goes").
//!   cargo run --release --example ledger_floor [rows] [runs]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

#[path = "../benches/ledger_data/mod.rs"]
mod ledger_data;

use std::time::Instant;

use community_forms::Registry;

// The command line's allocator, as the benchmarks use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let rows: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let runs: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(10);
    let reg = Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    let text = ledger_data::ledger_csv(rows);
    let (mut floor_best, mut engine_best) = (f64::MAX, f64::MAX);
    let mut last = None;
    for _ in 0..runs {
        // The previous run's results go first, so each run starts from the same memory.
        drop(last.take());
        let t = Instant::now();
        let f = ledger_data::floor_check(&form, &text);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        floor_best = floor_best.min(ms);
        let mut rows_with_errors: Vec<u32> = f.problems.iter().filter(|p| p.1 != 41).map(|p| p.0).collect();
        rows_with_errors.dedup();
        let t = Instant::now();
        let s = ledger_data::check_csv(&form, &text);
        let engine = t.elapsed().as_secs_f64() * 1e3;
        engine_best = engine_best.min(engine);
        println!(
            "{} rows: by hand {ms:.1} ms ({} problems, {} rows with errors, {} compliant); the engine {engine:.1} ms ({} problems)",
            f.rows,
            f.problems.len(),
            rows_with_errors.len(),
            f.compliant,
            s.all_issues().len()
        );
        last = Some((f, s));
    }
    if let Some((f, s)) = last.filter(|_| std::env::var_os("FLOOR_DIFF").is_some()) {
        // The rows whose problems the two count differently (the last run's).
        let mut by_engine = std::collections::BTreeMap::<u32, Vec<String>>::new();
        for (path, i) in s.all_issues() {
            let row = path.split(['[', ']']).nth(1).and_then(|r| r.parse().ok()).unwrap_or(u32::MAX);
            by_engine.entry(row).or_default().push(format!("{path} {}", i.code));
        }
        let mut by_hand = std::collections::BTreeMap::<u32, Vec<u8>>::new();
        for (row, rule) in &f.problems {
            by_hand.entry(*row).or_default().push(*rule);
        }
        for (row, rules) in &by_hand {
            if by_engine.get(row).map_or(0, Vec::len) != rules.len() {
                println!("row {row}: by hand {rules:?}, the engine {:?}", by_engine.get(row));
            }
        }
        for (row, issues) in &by_engine {
            if !by_hand.contains_key(row) {
                println!("row {row}: the engine only {issues:?}");
            }
        }
    }
    // The scanner alone: every record split into its cells, and nothing done with them.
    let scan_best = ledger_data::best_ms(runs, || ledger_data::scan_cells(&text));
    println!("the CSV scanner alone: {scan_best:.1} ms");
    // Tuned by hand (fixed-point integers, no division for the threshold, a multiplicative hash):
    // what code generated for this form could do.
    let tuned_best = ledger_data::best_ms(runs, || ledger_data::floor_check_tuned(&form, &text));
    println!("tuned by hand (fixed-point, no division, a fast hash): {tuned_best:.1} ms");
    println!("best: by hand {floor_best:.1} ms, the engine {engine_best:.1} ms ({:.2}×)", engine_best / floor_best);
}
