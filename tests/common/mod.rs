//! Helpers shared by the integration tests: evaluate and read the contract's JSON back.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use community_forms::{evaluate, Locale, Options};
use serde_json::Value;

pub fn eval_locale(form: &str, values: Value, locale: Locale) -> Value {
    let out = evaluate(form, &values.to_string(), Options { locale, explain: true }).expect("evaluate runs");
    serde_json::from_str(&out).expect("result is JSON")
}

pub fn eval(form: &str, values: Value) -> Value {
    eval_locale(form, values, Locale::ZhCn)
}

/// Codes of the issues on one path.
pub fn codes(result: &Value, path: &str) -> Vec<String> {
    result["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["path"] == path)
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect()
}

/// The message of the first issue with `code` on `path`.
pub fn message(result: &Value, path: &str, code: &str) -> String {
    result["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == path && i["code"] == code)
        .map(|i| i["message"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {code} on {path} in {result:#}"))
}

pub fn has(result: &Value, path: &str, code: &str) -> bool {
    codes(result, path).iter().any(|c| c == code)
}

/// A valid one-row ledger to vary.
pub fn ledger_row() -> Value {
    serde_json::json!({
        "street": "天生街道", "community": "朝阳社区", "community_type": "城市社区",
        "households": "3800", "area_service_center": "1250", "compliance_year": "2020",
        "remarks": "警务室设在便民服务中心内"
    })
}

pub fn ledger(rows: Vec<Value>) -> Value {
    serde_json::json!({
        "reporting_unit": "北碚区天生街道办事处", "report_year": "2021", "report_date": "2021-04-28",
        "communities": rows
    })
}

/// One ledger row with some fields replaced.
pub fn row_with(changes: &[(&str, &str)]) -> Value {
    let mut r = ledger_row();
    for (k, v) in changes {
        r[*k] = Value::String((*v).to_string());
    }
    r
}

/// Compares `got` with a golden file under the crate root; `UPDATE_GOLDEN=1` rewrites it.
pub fn golden(rel: &str, got: &str, how: &str) {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "{rel} is stale: {how} (or UPDATE_GOLDEN=1 cargo test)\n--- got ---\n{}",
        &got[..got.len().min(3000)]
    );
}
