//! The wasm bindings, run in headless Chromium by wasm-bindgen-test:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use community_forms::json::{parse, Value};
use community_forms::{Locale, Options, Registry};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| match k.parse::<usize>() {
        Ok(i) => v.as_array().and_then(|a| a.get(i)).unwrap_or(&Value::Null),
        Err(_) => v.get(k).unwrap_or(&Value::Null),
    })
}

#[wasm_bindgen_test]
fn evaluate_runs_in_the_browser() {
    let out = Registry::builtin()
        .evaluate(
            "facility-ledger",
            r#"{"report_year":"2021","communities":[{"households":"2000","area_service_center":"599.99"}]}"#,
            Options { locale: Locale::ZhCn, explain: false },
        )
        .unwrap();
    let v = parse(&out).unwrap();
    assert_eq!(get(&v, &["values", "communities", "0", "area_per_100_households"]).as_str(), Some("30.00"));
    assert_eq!(get(&v, &["values", "communities", "0", "compliant"]), &Value::Bool(false));
}

#[wasm_bindgen_test]
fn decimals_are_exact_in_wasm_too() {
    // 0.1 + 0.2 in binary floating point is 0.30000000000000004; here it is 0.3.
    let spec = r#"{"id":"sum","title":{"zh-CN":"和","en":"Sum"},"source":{"document":"t","title":{"zh-CN":"t","en":"t"},"year":2026},
      "fields":[{"id":"a","label":{"zh-CN":"a","en":"a"},"type":"money_wan"},{"id":"b","label":{"zh-CN":"b","en":"b"},"type":"money_wan"},
                {"id":"c","label":{"zh-CN":"c","en":"c"},"type":"money_wan","formula":"a + b"}]}"#;
    let mut reg = Registry::builtin();
    reg.add_spec(spec).unwrap();
    let out = reg.evaluate("sum", r#"{"a":"0.1","b":"0.2"}"#, Options::default()).unwrap();
    assert_eq!(get(&parse(&out).unwrap(), &["values", "c"]).as_str(), Some("0.3"));
}

#[wasm_bindgen_test]
fn a_session_in_the_browser_speaks_only_on_commit() {
    use community_forms::engine::view::Page;
    let form = Registry::builtin().get("cadre-pay-standard").unwrap();
    let mut page = Page::new(form, Locale::En);
    page.load(&parse(r#"{"role":"village","reference_income":"16361"}"#).unwrap());
    let typed = parse(&page.input("proposed_pay", &Value::String("300".into()))).unwrap();
    assert_eq!(get(&typed, &["show"]), &Value::Object(vec![]));
    let committed = parse(&page.commit("proposed_pay")).unwrap();
    assert_eq!(get(&committed, &["show", "proposed_pay", "0", "code"]).as_str(), Some("pay_below_minimum"));
}
