//! The bulk path alone, for a profiler (`perf record cargo run --release --example bulk`):
//! the seeded 100,000-row ledger of the benchmarks, already parsed, pushed into a session and
//! checked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

#[path = "../benches/ledger_data/mod.rs"]
mod ledger_data;

use std::time::Instant;

// The command line's allocator (src/bin/community-forms.rs), so that these figures are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use community_forms::json::Value;
use community_forms::{csv, Locale, Registry, Session};

fn main() {
    let rows = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    // `bulk N csv`: the CSV path alone, once (for an instruction count of that path).
    let csv_only = std::env::args().nth(2).is_some_and(|a| a == "csv");
    // `bulk N csvloop`: the CSV path alone (read and check, no result written), ten times, for
    // a profile of that path (`bulk N csvloop 1`: once).
    let csv_loop = std::env::args().nth(2).is_some_and(|a| a == "csvloop");
    let runs = if csv_only { 1 } else { 3 };
    let reg = Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    let table = form.main_table().unwrap();
    let text = ledger_data::ledger_csv(rows);
    if std::env::args().nth(2).is_some_and(|a| a == "write") {
        // `bulk N write`: the benchmarks' CSV written out, for profiling the wasm builds.
        std::fs::create_dir_all("target/bench").unwrap();
        std::fs::write(format!("target/bench/ledger-{rows}.csv"), &text).unwrap();
        return;
    }
    if csv_loop {
        let times = std::env::args().nth(3).and_then(|n| n.parse().ok()).unwrap_or(10);
        for _ in 0..times {
            let t = Instant::now();
            let mut s = Session::new(form.clone(), Locale::ZhCn);
            let mut loader = csv::Loader::default();
            loader.push(&text, true, &form, table, &mut s).unwrap();
            s.put_header(form.field_slot(0, "report_year").unwrap(), &Value::String("2021".into()));
            let read = t.elapsed().as_secs_f64() * 1e3;
            s.finish_bulk();
            let all = t.elapsed().as_secs_f64() * 1e3;
            println!("{rows} rows from CSV: read {read:.1} ms, checked {:.1} ms, {all:.1} ms in all", all - read);
        }
        return;
    }
    let records = if csv_only { Vec::new() } else { csv::parse(&text, ',').unwrap() };
    for _ in 0..if csv_only { 0 } else { 3 } {
        let t = Instant::now();
        let s = ledger_data::check_records(&form, &records);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let (mut errors, mut warnings) = (0, 0);
        for (_, i) in s.all_issues() {
            match i.severity {
                community_forms::spec::Severity::Error => errors += 1,
                community_forms::spec::Severity::Warning => warnings += 1,
            }
        }
        println!("{rows} pre-parsed rows checked in {ms:.1} ms: {errors} errors, {warnings} warnings");
    }
    for _ in 0..runs {
        let t = Instant::now();
        let mut s = Session::new(form.clone(), Locale::ZhCn);
        let mut loader = csv::Loader::default();
        loader.push(&text, true, &form, table, &mut s).unwrap();
        s.put_header(form.field_slot(0, "report_year").unwrap(), &Value::String("2021".into()));
        let pushed = t.elapsed().as_secs_f64() * 1e3;
        s.finish_bulk();
        let checked = t.elapsed().as_secs_f64() * 1e3;
        let out = community_forms::engine::json::result_json_with(&s, false, false);
        let total = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{rows} rows parsed from CSV and checked in {checked:.1} ms (read {pushed:.1} ms, checked {:.1} ms), result written in {:.1} ms ({} bytes)",
            checked - pushed,
            total - checked,
            out.len()
        );
    }
}
