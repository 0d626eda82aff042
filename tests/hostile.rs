//! The hostile-input catalogue (tests/hostile/catalogue.json, grouped: numbers, dates, text,
//! phone and ID numbers, choices; plus tables and specs below). Each entry states its expected
//! outcome: accepted as a canonical value, blank, or a specific error. Every document is also
//! written to target/hostile.jsonl with its native result, which the JS tests require wasm (in
//! Node and in Chromium) to reproduce byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;
use common::codes;
use community_forms::{Locale, Options, Registry};
use serde_json::{json, Value};

const ECHO: &str = include_str!("hostile/echo.json");

fn registry() -> Registry {
    let mut reg = Registry::builtin();
    reg.add_spec(ECHO).unwrap();
    reg
}

fn run(reg: &Registry, doc: &str) -> Value {
    serde_json::from_str(&reg.evaluate("hostile", doc, Options::default()).unwrap()).unwrap()
}

/// Table-shaped hostility: (document, path, expected code or "" for no issue, why).
fn tables() -> Vec<(String, &'static str, &'static str, &'static str)> {
    // One row past the limit (engine::MAX_ROWS, room for a national ledger).
    let million = format!("{{\"rows\":[{}]}}", vec!["{}"; 1_000_001].join(","));
    vec![
        (r#"{"rows":[]}"#.into(), "rows", "", "0 rows"),
        (million, "rows", "too_many_rows", "1,000,001 rows: the last refused past the limit, quickly"),
        (r#"{"rows":"x"}"#.into(), "rows", "wrong_shape", "a table that is a string"),
        (r#"{"rows":{"a":"1"}}"#.into(), "rows", "wrong_shape", "a table that is an object"),
        (r#"{"rows":[1]}"#.into(), "rows[0]", "wrong_shape", "a row that is a number"),
        (r#"{"rows":[[]]}"#.into(), "rows[0]", "wrong_shape", "a row that is an array"),
        (r#"{"rows":[{"a":null}]}"#.into(), "rows[0].a", "", "a null cell is blank"),
        (r#"{"rows":[{"a":1250.5}]}"#.into(), "rows[0].a", "", "a JSON number"),
        (r#"{"rows":[{"a":1e3}]}"#.into(), "rows[0].a", "scientific_notation", "a JSON number in exponent form"),
        (r#"{"rows":[{"a":true}]}"#.into(), "rows[0].a", "not_a_number", "a boolean in a number field"),
        (r#"{"rows":[{"a":["1"]}]}"#.into(), "rows[0].a", "wrong_shape", "a list in a number field"),
        (r#"{"rows":[{"zzz":"1"}]}"#.into(), "rows[0].zzz", "unknown_field", "an unknown column"),
        (
            r#"{"rows":[{"b":"999"}]}"#.into(),
            "rows[0].b",
            "",
            "a stated computed value over a blank input is not checked",
        ),
        (r#"{"rows":[{"a":"10","b":"21"}]}"#.into(), "rows[0].b", "computed_mismatch", "10 × 10 = 100, stated 21"),
        (
            r#"{"area":"99999999999999999999999999","rows":[{"a":"9999999999999999999999999999"}]}"#.into(),
            "rows[0].b",
            "overflow",
            "a 28-digit number squared overflows: a field error, not a crash",
        ),
        (r#"[]"#.into(), "", "wrong_shape", "a document that is an array"),
        (r#"{"text":{"a":1}}"#.into(), "text", "wrong_shape", "an object in a text field"),
    ]
}

/// Spec-shaped hostility: (spec text, expected fragment of the load error).
fn specs() -> Vec<(String, &'static str)> {
    let base = |fields: Value| {
        json!({ "id": "bad", "title": { "zh-CN": "x", "en": "x" }, "source": { "document": "d", "title": { "zh-CN": "t", "en": "t" }, "year": 2026 }, "fields": fields }).to_string()
    };
    let f = |id: &str, ty: &str, formula: &str| json!({ "id": id, "label": { "zh-CN": id, "en": id }, "type": ty, "formula": formula });
    let deep = format!("{}1{}", "(".repeat(300), ")".repeat(300));
    let long = "1 + ".repeat(2000) + "1";
    vec![
        ("garbage \u{0}\u{1}".into(), "not a valid spec file"),
        ("{".into(), "not a valid spec file"),
        ("[".repeat(10_000), "nested too deeply"),
        (base(json!([f("a", "number", "(1 + 2")])), "expected `)`"),
        (base(json!([f("a", "number", "1 +")])), "expected a value"),
        (base(json!([f("a", "number", "1 ) 2")])), "after the end of the formula"),
        (base(json!([f("a", "number", "\"unterminated")])), "unterminated string"),
        (base(json!([f("a", "number", &deep)])), "nested too deeply"),
        (base(json!([f("a", "number", &long)])), "formula too long"),
        (base(json!([f("a", "number", "b + 1"), f("b", "number", "a + 1")])), "cycle"),
        (base(json!([f("a", "number", "a")])), "cycle"),
        (base(json!([f("a", "number", "nope(1)")])), "unknown function"),
        (base(json!([f("a", "number", "min(1)")])), "takes 2 to 16 argument(s)"),
        (base(json!([f("a", "number", "if 1 > 0 then 1")])), "expected `else`"),
        (base(json!([f("a", "area_m2", "1"), f("b", "money_wan", "a")])), "unit error"),
        (base(json!([f("a", "date", "date(\"2020-02-30\")")])), "is not a date"),
        (
            base(
                json!([{ "id": "a", "label": { "zh-CN": "a", "en": "a" }, "type": "number" }, { "id": "a", "label": { "zh-CN": "a", "en": "a" }, "type": "number" }]),
            ),
            "declared twice",
        ),
        (
            base(json!([{ "id": "A b", "label": { "zh-CN": "a", "en": "a" }, "type": "number" }])),
            "must be lower-case ASCII",
        ),
        (
            base(json!([{ "id": "a", "label": { "zh-CN": "a", "en": "a" }, "type": "number", "unit": "furlong" }])),
            "unknown unit `furlong`",
        ),
        (base(json!([{ "id": "a", "label": "a", "type": "number" }])), "expected an object, found a string"),
        (format!("{{\"id\":\"{}\"}}", "x".repeat(3_000_000)), "too large"),
    ]
}

#[test]
fn catalogue_outcomes_are_as_stated() {
    let reg = registry();
    let catalogue: Vec<Value> = serde_json::from_str(include_str!("hostile/catalogue.json")).unwrap();
    let mut lines = String::new();
    let mut failures = Vec::new();
    for e in &catalogue {
        let (group, field, input, expect) =
            (e["group"].as_str().unwrap(), e["field"].as_str().unwrap(), &e["input"], e["expect"].as_str().unwrap());
        let doc = json!({ field: input }).to_string();
        let r = run(&reg, &doc);
        let codes = codes(&r, field);
        let value = &r["values"][format!("{field}_value")];
        let ok = match expect.chars().next() {
            Some('=') => {
                let want = &expect[expect.char_indices().nth(1).map_or(expect.len(), |(i, _)| i)..];
                let got = match value {
                    Value::String(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    _ => String::from("(none)"),
                };
                codes.is_empty() && got == want
            }
            Some('!') => codes.iter().any(|c| *c == expect[1..]),
            _ => codes.is_empty() && value.is_null(),
        };
        if !ok {
            failures.push(format!("[{group}] {field} = {input}: expected {expect}, got codes {codes:?} value {value}"));
        }
        for locale in ["zh-CN", "en"] {
            let l = if locale == "en" { Locale::En } else { Locale::ZhCn };
            let expected = reg.evaluate("hostile", &doc, Options { locale: l, explain: true }).unwrap();
            lines.push_str(
                &json!({ "form": "hostile", "locale": locale, "values": doc, "expected": expected }).to_string(),
            );
            lines.push('\n');
        }
    }
    assert!(failures.is_empty(), "{} of {} entries differ:\n{}", failures.len(), catalogue.len(), failures.join("\n"));
    // Tables.
    let mut n = catalogue.len();
    for (doc, path, code, why) in tables() {
        let r = run(&reg, &doc);
        let codes = codes(&r, path);
        if code.is_empty() {
            assert!(codes.is_empty(), "[tables] {why}: {codes:?}");
        } else {
            assert!(codes.iter().any(|c| c == code), "[tables] {why}: expected {code}, got {codes:?}");
        }
        if doc.len() < 10_000 {
            let expected = reg.evaluate("hostile", &doc, Options { locale: Locale::ZhCn, explain: true }).unwrap();
            lines.push_str(
                &json!({ "form": "hostile", "locale": "zh-CN", "values": doc, "expected": expected }).to_string(),
            );
            lines.push('\n');
        }
        n += 1;
    }
    // Specs.
    for (text, fragment) in specs() {
        let e = community_forms::spec::compile::compile_json(&text).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains(fragment), "[specs] expected “{fragment}”, got “{e}”");
        n += 1;
    }
    assert!(n >= 150, "the catalogue has {n} entries");
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/target/hostile.jsonl"), lines).unwrap();
}
