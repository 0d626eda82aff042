//! The worst spec and the worst input stay within time and memory: each finishes (no hang) with
//! a clear result. The bounds are generous; speed is measured by the benchmarks, not here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::time::{Duration, Instant};

use community_forms::{Options, Registry};
use serde_json::{json, Value};

fn within<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < limit, "{what} took {:?}", start.elapsed());
    out
}

#[test]
fn the_worst_input_is_bounded() {
    let reg = Registry::builtin();
    // 200,000 rows of hostile cells: the largest table a session accepts.
    let row = json!({ "street": "街", "community": "社区", "community_type": "城市", "households": "1e999",
                      "area_service_center": "９".repeat(30), "compliance_year": "٣", "remarks": "长".repeat(10) });
    let doc = json!({ "report_year": "2021", "communities": vec![row; 200_000] }).to_string();
    let out = within(Duration::from_secs(120), "200,000 hostile rows", || {
        reg.evaluate("facility-ledger", &doc, Options::default()).unwrap()
    });
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["valid"], false);
    // Past the document limit: refused before any work.
    let huge = json!({ "communities": vec![json!({ "remarks": "长".repeat(500) }); 200_000] }).to_string();
    assert!(reg
        .evaluate("facility-ledger", &huge, Options::default())
        .unwrap_err()
        .to_string()
        .contains("document too large"));
    // 1 MB in one field.
    let doc = json!({ "role": "村".repeat(1_000_000), "reference_income": "1".repeat(1_000_000) }).to_string();
    let out = within(Duration::from_secs(20), "1 MB strings", || {
        reg.evaluate("cadre-pay-standard", &doc, Options::default()).unwrap()
    });
    assert!(out.contains("too_long"), "{}", &out[..300.min(out.len())]);
}

#[test]
fn the_worst_spec_is_bounded() {
    // The most nested formula allowed, on the widest pattern, in a spec near the size limit.
    let nested = format!("{}1{}", "(".repeat(60), ")".repeat(60));
    let pattern = format!("matches(t, \"{}\")", "*{a|b|c}".repeat(15));
    let mut fields =
        vec![json!({ "id": "t", "label": { "zh-CN": "t", "en": "t" }, "type": "text", "max_length": 500 })];
    for i in 0..2000 {
        fields.push(json!({ "id": format!("f{i}"), "label": { "zh-CN": "f", "en": "f" }, "type": "number", "formula": if i == 0 { nested.clone() } else { format!("f{} + 1", i - 1) } }));
    }
    fields.push(json!({ "id": "p", "label": { "zh-CN": "p", "en": "p" }, "type": "boolean", "formula": pattern }));
    let spec = json!({ "id": "worst", "title": { "zh-CN": "w", "en": "w" }, "source": { "document": "d", "title": { "zh-CN": "t", "en": "t" }, "year": 2026 }, "fields": fields }).to_string();
    assert!(spec.len() < 2_000_000);
    let mut reg = Registry::builtin();
    within(Duration::from_secs(60), "compiling the worst spec", || reg.add_spec(&spec).unwrap());
    let doc = json!({ "t": "ab".repeat(250) }).to_string();
    let out = within(Duration::from_secs(30), "evaluating the worst spec", || {
        reg.evaluate("worst", &doc, Options::default()).unwrap()
    });
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["values"]["f1999"], "2000.00", "a 2,000-long chain of formulas: 1 + 1999");
}
