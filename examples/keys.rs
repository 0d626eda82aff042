//! Keystrokes in a 1,000-row ledger through the page layer, as the browser package makes them
//! (`Page::input`, the JSON delta included), for a profiler:
//! `perf record cargo run --release --example keys`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

#[path = "../benches/ledger_data/mod.rs"]
mod ledger_data;

use std::time::Instant;

use community_forms::engine::view::Page;
use community_forms::json::Value;
use community_forms::{Locale, Registry};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let reg = Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    let records = community_forms::csv::parse(&ledger_data::ledger_csv(1000), ',').unwrap();
    let header = &records[0];
    let rows: Vec<Value> = records[1..]
        .iter()
        .map(|r| {
            Value::Object(header.iter().zip(r).map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect())
        })
        .collect();
    let doc = Value::Object(vec![
        ("report_year".into(), Value::String("2021".into())),
        ("communities".into(), Value::Array(rows)),
    ]);
    let mut page = Page::new(form, Locale::ZhCn);
    page.load(&doc);
    let paths: Vec<String> = (0..27).map(|i| format!("communities[{}].area_service_center", i * 37)).collect();
    let values = ["1", "12", "125", "1250", "1250.5", "abc", "99"];
    let t = Instant::now();
    let mut bytes = 0;
    for i in 0..n {
        let d = page.input(&paths[i % paths.len()], &Value::String(values[i % values.len()].to_string()));
        bytes += d.len();
    }
    let us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("{n} keystrokes: {us:.2} µs each (mean), {} bytes of delta each", bytes / n);
}
