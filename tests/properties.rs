//! Properties that must hold for every input, not just the ones we thought of.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;
use common::*;
use community_forms::engine::json::result_json;
use community_forms::{Locale, Options, Registry, Session};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Cents as the decimal text a person would type: 123456 → "1234.56".
fn cents_text(c: u64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// Half-up rounding of num/den to 2 decimals, by integer arithmetic only.
fn half_up_2(num: u128, den: u128) -> String {
    let hundredths = (num * 100 * 2 + den) / (2 * den);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn grouped(int: u64) -> String {
    let s = int.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn full_width(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn parts_sum_exactly_to_the_total(parts in proptest::collection::vec(0u64..100_000_000_000, 6)) {
        let ids = ["area_service_center", "area_police_room", "area_day_care", "area_health_station", "area_culture_room", "area_grocery"];
        let mut row = row_with(&[]);
        for (id, c) in ids.iter().zip(&parts) {
            row[*id] = Value::String(cents_text(*c));
        }
        let r = eval("facility-ledger", ledger(vec![row]));
        let total: u64 = parts.iter().sum();
        prop_assert_eq!(&r["values"]["communities"][0]["total_area"], &json!(cents_text(total)));
    }

    #[test]
    fn per_hundred_households_rounds_half_up(cents in 0u64..10_000_000_000, households in 1u64..10_000_000) {
        // area ÷ households × 100 = (cents / 100) ÷ households × 100 = cents ÷ households.
        let row = row_with(&[("area_service_center", &cents_text(cents)), ("households", &households.to_string())]);
        let r = eval("facility-ledger", ledger(vec![row]));
        let row = &r["values"]["communities"][0];
        prop_assert_eq!(&row["area_per_100_households"], &json!(half_up_2(cents as u128, households as u128)));
        // The threshold is decided on the exact value: cents ÷ households ≥ 30.
        prop_assert_eq!(&row["compliant"], &json!(cents >= 30 * households));
    }

    #[test]
    fn equivalent_spellings_normalise_alike(int in 0u64..10_000_000_000, frac in 0u64..100) {
        let plain = format!("{int}.{frac:02}");
        let spellings = [
            plain.clone(),
            format!("{}.{frac:02}", grouped(int)),
            full_width(&plain),
            full_width(&format!("{}.{frac:02}", grouped(int))),
            format!("  {plain} 平方米"),
            format!("{plain}㎡"),
            format!("{plain}m²"),
            format!("\u{3000}{plain}m2\u{3000}"),
        ];
        let mut seen = None;
        for s in &spellings {
            let r = eval("facility-ledger", ledger(vec![row_with(&[("area_service_center", s)])]));
            prop_assert!(codes(&r, "communities[0].area_service_center").is_empty(), "{} refused", s);
            let total = r["values"]["communities"][0]["total_area"].clone();
            if let Some(prev) = &seen {
                prop_assert_eq!(prev, &total, "{}", s);
            }
            seen = Some(total);
        }
    }

    #[test]
    fn evaluate_never_panics_on_any_text(values in proptest::collection::vec(any::<String>(), 12), header in proptest::collection::vec(any::<String>(), 3)) {
        let ids = ["street", "community", "community_type", "households", "area_service_center", "area_police_room",
                   "area_day_care", "area_health_station", "area_culture_room", "area_grocery", "compliance_year", "remarks"];
        let row: serde_json::Map<String, Value> = ids.iter().zip(values).map(|(k, v)| ((*k).to_string(), Value::String(v))).collect();
        let doc = json!({ "reporting_unit": header[0], "report_year": header[1], "report_date": header[2], "communities": [row] });
        let r = eval("facility-ledger", doc);
        prop_assert!(r["valid"].is_boolean());
        let c = eval("cadre-pay-standard", json!({ "role": header[0], "reference_income": header[1], "proposed_pay": header[2] }));
        prop_assert!(c["valid"].is_boolean());
    }

    #[test]
    fn evaluate_never_panics_on_any_json(text in "[\\[\\]{}\":,0-9a-z\\. -]{0,80}") {
        let _ = community_forms::evaluate("facility-ledger", &text, Options::default());
    }

    #[test]
    fn incremental_edits_equal_a_fresh_evaluation(edits in proptest::collection::vec((0usize..3, 0usize..6, "[0-9０-９.,x-]{0,6}"), 1..25)) {
        let fields = ["households", "area_service_center", "area_police_room", "compliance_year", "community", "community_type"];
        let mut values = ledger(vec![row_with(&[]), row_with(&[("community", "丽园社区")]), row_with(&[("community", "大磨滩村"), ("community_type", "农村社区")])]);
        let form = Registry::builtin().get("facility-ledger").unwrap();
        let mut s = Session::new(form.clone(), Locale::ZhCn);
        s.load(&community_forms::json::parse(&values.to_string()).unwrap());
        for (row, field, text) in edits {
            let field = fields[field];
            let text = if field == "community_type" { if text.len() % 2 == 0 { "城市社区".to_string() } else { text } } else { text };
            let path = format!("communities[{row}].{field}");
            let at = s.locate(&path).unwrap();
            s.set(at, &community_forms::json::Value::String(text.clone()));
            values["communities"][row][field] = Value::String(text);
        }
        let mut fresh = Session::new(form, Locale::ZhCn);
        fresh.load(&community_forms::json::parse(&values.to_string()).unwrap());
        prop_assert_eq!(result_json(&s, true), result_json(&fresh, true));
    }
}

#[test]
fn big_numbers_are_read_from_their_text_never_through_f64() {
    let mut reg = Registry::builtin();
    reg.add_spec(include_str!("data/all-types.json")).unwrap();
    // A JSON number, not a string: 12345678901234567890.123 through f64 would be 12345678901234567000.
    let out =
        reg.evaluate("all-types", r#"{"money": 12345678901234567890.123, "area": 1e3}"#, Options::default()).unwrap();
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["values"]["money_copy"], "12345678901234567890.123");
    assert!(has(&r, "area", "scientific_notation"), "1e3 as a JSON number is still scientific notation: {r:#}");
}
