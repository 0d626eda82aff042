//! One keystroke through the page layer (what the browser calls), for a profiler:
//! `perf record cargo run --release --example keystroke`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

#[path = "../benches/ledger_data/mod.rs"]
mod ledger_data;

use std::time::Instant;

use community_forms::engine::view::Page;
use community_forms::json::Value;
use community_forms::{csv, Locale, Registry};

fn main() {
    let reg = Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    let table = form.main_table().unwrap();
    let mut page = Page::new(form.clone(), Locale::ZhCn);
    let mut loader = csv::Loader::default();
    loader.push(&ledger_data::ledger_csv(1000), true, &form, table, &mut page.session).unwrap();
    page.session.put_header(form.field_slot(0, "report_year").unwrap(), &Value::String("2021".into()));
    page.session.finish_bulk();
    let paths: Vec<String> = (0..27).map(|i| format!("communities[{}].area_service_center", i * 37)).collect();
    let vals = ["1", "12", "125", "1250", "1250.5", "abc", "99"];
    // `keystroke N`: N keystrokes through the page layer and nothing else (an instruction count
    // per keystroke under callgrind).
    if let Some(n) = std::env::args().nth(1).and_then(|n| n.parse::<usize>().ok()) {
        // `keystroke N noop`: the same value into the same cell every time (the floor).
        let noop = std::env::args().nth(2).is_some_and(|a| a == "noop");
        for i in 0..n {
            let (p, v) = if noop { (&paths[0], "1") } else { (&paths[i % 27], vals[i % 7]) };
            std::hint::black_box(page.input(p, &Value::String(v.into())));
        }
        return;
    }
    let mut by = vec![(0f64, 0u32); 7];
    for i in 0..70_000 {
        let at = page.session.locate(&paths[i % 27]).unwrap();
        let t = Instant::now();
        std::hint::black_box(page.session.set(at, &Value::String(vals[i % 7].into())));
        by[i % 7].0 += t.elapsed().as_secs_f64() * 1e6;
        by[i % 7].1 += 1;
    }
    let mut times: Vec<f64> = (0..50_000)
        .map(|i| {
            let at = page.session.locate(&paths[i % 27]).unwrap();
            let t = Instant::now();
            std::hint::black_box(page.session.set(at, &Value::String(vals[i % 7].into())));
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("  set: median {:.2} µs, p99 {:.2} µs", times[times.len() / 2], times[times.len() * 99 / 100]);
    for (v, (t, n)) in vals.iter().zip(&by) {
        println!("  set to {v:>7}: {:.2} µs", t / f64::from(*n));
    }
    for _ in 0..3 {
        let n = 200_000;
        let t = Instant::now();
        // `keystroke N noop`: the same value into the same cell every time (the floor).
        let noop = std::env::args().nth(2).is_some_and(|a| a == "noop");
        for i in 0..n {
            let (p, v) = if noop { (&paths[0], "1") } else { (&paths[i % 27], vals[i % 7]) };
            std::hint::black_box(page.input(p, &Value::String(v.into())));
        }
        println!("Page::input {:.2} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
        let t = Instant::now();
        for i in 0..n {
            std::hint::black_box(page.session.locate(&paths[i % 27]));
        }
        println!("  locate {:.2} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
        let t = Instant::now();
        for i in 0..n {
            let at = page.session.locate(&paths[i % 27]).unwrap();
            std::hint::black_box(page.session.set(at, &Value::String(vals[i % 7].into())));
        }
        println!("  locate + set {:.2} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    }
}
