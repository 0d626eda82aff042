//! The incremental session: setting one field re-evaluates only its dependents, and the result
//! always equals a fresh evaluation of the same values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;
use common::*;
use community_forms::engine::json::{delta_json, result_json};
use community_forms::{Locale, Registry, Session};
use serde_json::{json, Value};

fn session(form: &str, values: &Value) -> Session {
    let f = Registry::builtin().get(form).unwrap();
    let mut s = Session::new(f, Locale::ZhCn);
    s.load(&lib_json(values));
    s
}

/// The library reads JSON itself; tests build documents with serde_json and hand over text.
fn lib_json(v: &Value) -> community_forms::json::Value {
    community_forms::json::parse(&v.to_string()).unwrap()
}

fn full(form: &str, values: &Value) -> String {
    result_json(&session(form, values), true)
}

/// Sets `path` in both the session and the plain values object.
fn edit(s: &mut Session, values: &mut Value, path: &str, raw: &str) -> Value {
    let at = s.locate(path).unwrap_or_else(|| panic!("no path {path}"));
    let d = s.set(at, &community_forms::json::Value::String(raw.into()));
    match path.split_once('[') {
        None => values[path] = Value::String(raw.into()),
        Some((table, rest)) => {
            let (i, field) = rest.split_once("].").unwrap();
            values[table][i.parse::<usize>().unwrap()][field] = Value::String(raw.into());
        }
    }
    serde_json::from_str(&delta_json(&d)).unwrap()
}

#[test]
fn typing_digit_by_digit_matches_a_full_evaluation_at_every_step() {
    let mut values = ledger(vec![row_with(&[]), row_with(&[("community", "丽园社区"), ("compliance_year", "2022")])]);
    let mut s = session("facility-ledger", &values);
    for typed in ["5", "59", "599", "599.", "599.9", "599.99", "599.999", "599.99"] {
        edit(&mut s, &mut values, "communities[1].area_service_center", typed);
        assert_eq!(result_json(&s, true), full("facility-ledger", &values), "after typing {typed}");
    }
    for typed in ["2", "20", "200", "2000"] {
        edit(&mut s, &mut values, "communities[1].households", typed);
        assert_eq!(result_json(&s, true), full("facility-ledger", &values), "households {typed}");
    }
    // A header field read by every row's rules.
    for typed in ["2020", "2022", "2021"] {
        edit(&mut s, &mut values, "report_year", typed);
        assert_eq!(result_json(&s, true), full("facility-ledger", &values), "report_year {typed}");
    }
}

#[test]
fn a_delta_holds_what_changed_and_nothing_else() {
    let mut values = ledger(vec![row_with(&[]), row_with(&[("community", "丽园社区")])]);
    let mut s = session("facility-ledger", &values);
    // 1250 → 1140: 1140 ÷ 3800 × 100 = 30.00 exactly, still compliant.
    let d = edit(&mut s, &mut values, "communities[0].area_service_center", "1140");
    assert_eq!(
        d["values"],
        json!({
            "communities[0].total_area": "1140.00",
            "communities[0].area_per_100_households": "30.00",
            "total_facility_area": "2390.00",
            "urban_area_per_100_households": "31.45"
        }),
        "2390 ÷ 7600 × 100 = 31.447… → 31.45"
    );
    assert_eq!(d["issues"], json!({}));
    assert_eq!(d["valid"], true);
    // 1139.99: 29.9997… not compliant: the compliance year rule fires, counts change.
    let d = edit(&mut s, &mut values, "communities[0].area_service_center", "1139.99");
    assert_eq!(d["values"]["communities[0].compliant"], false);
    assert_eq!(d["values"]["compliant_count"], "1");
    assert_eq!(d["issues"]["communities[0].compliance_year"][0]["code"], "compliance_year_planned");
    assert_eq!(d["issues"]["communities"][0]["code"], "meets_annual_target", "50% < 70%");
    assert_eq!(d["valid"], false);
    // A bad keystroke: the value becomes unknown, dependents disappear, the input error shows.
    let d = edit(&mut s, &mut values, "communities[0].area_service_center", "1139.99x");
    assert_eq!(d["issues"]["communities[0].area_service_center"][0]["code"], "not_a_number");
    assert_eq!(d["values"]["communities[0].total_area"], Value::Null);
    assert_eq!(d["issues"]["communities[0].compliance_year"], json!([]), "the rule on an unknown value is withdrawn");
    // Fixing it clears the error at once.
    let d = edit(&mut s, &mut values, "communities[0].area_service_center", "1250");
    assert_eq!(d["issues"]["communities[0].area_service_center"], json!([]));
    assert_eq!(d["valid"], true);
}

#[test]
fn a_cell_change_in_a_1000_row_ledger_touches_only_its_dependents() {
    let rows: Vec<Value> = (0..1000)
        .map(|i| row_with(&[("community", &format!("社区{i}")), ("households", &format!("{}", 1000 + i))]))
        .collect();
    let mut values = ledger(rows);
    let mut s = session("facility-ledger", &values);
    let d = edit(&mut s, &mut values, "communities[500].area_service_center", "200");
    let changed: Vec<&String> = d["values"].as_object().unwrap().keys().collect();
    // The row's three computed values and the aggregates it feeds, never other rows.
    assert!(changed.iter().all(|k| !k.starts_with("communities[") || k.starts_with("communities[500]")), "{changed:?}");
    assert!(changed.len() <= 10, "{changed:?}");
    assert_eq!(result_json(&s, false), result_json(&session("facility-ledger", &values), false));
}

#[test]
fn duplicates_appear_and_disappear_as_names_are_typed() {
    let mut values = ledger(vec![row_with(&[]), row_with(&[("community", "丽园社区")])]);
    let mut s = session("facility-ledger", &values);
    let d = edit(&mut s, &mut values, "communities[1].community", "朝阳社区");
    assert_eq!(d["issues"]["communities[0].community"][0]["code"], "community_unique");
    assert_eq!(d["issues"]["communities[1].community"][0]["code"], "community_unique");
    let d = edit(&mut s, &mut values, "communities[1].community", "朝阳社");
    assert_eq!(d["issues"]["communities[0].community"], json!([]));
    assert_eq!(d["issues"]["communities[1].community"], json!([]));
    assert_eq!(result_json(&s, true), full("facility-ledger", &values));
}

#[test]
fn rows_can_be_added_and_removed() {
    let values = ledger(vec![row_with(&[]), row_with(&[("community", "丽园社区"), ("households", "x")])]);
    let mut s = session("facility-ledger", &values);
    let t = s.form().table("communities").unwrap();
    assert!(!s.is_valid());
    assert!(s.remove_row(t, 1));
    assert!(s.is_valid(), "the bad row went with its issues");
    let r = s.insert_row(t, None).unwrap();
    assert_eq!(r, 1);
    assert!(!s.is_valid(), "an empty row has required fields");
    let expected = ledger(vec![row_with(&[]), json!({})]);
    assert_eq!(result_json(&s, true), full("facility-ledger", &expected));
}

/// A row formula that reads a total of its own table (a share of the whole), a rule on it, and
/// a total of those shares: evaluation by blocks of rows must still finish the totals before
/// the shares read them, and agree with the incremental session.
#[test]
fn rows_reading_their_own_tables_total() {
    let spec = r#"{
      "id": "shares", "title": { "zh-CN": "份额", "en": "Shares" },
      "source": { "document": "测试", "title": { "zh-CN": "测试", "en": "test" }, "year": 2024 },
      "constants": [ { "id": "hundred", "value": "100" }, { "id": "cap", "value": "50" } ],
      "fields": [
        { "id": "total", "label": { "zh-CN": "合计", "en": "Total" }, "type": "money_wan", "formula": "sum(items.amount)" },
        { "id": "share_sum", "label": { "zh-CN": "份额合计", "en": "Sum of shares" }, "type": "percent", "scale": 2, "formula": "sum(items.share)" },
        { "id": "big", "label": { "zh-CN": "大项数", "en": "Large items" }, "type": "count", "unit": "个", "formula": "count(items, share > cap)" }
      ],
      "tables": [ { "id": "items", "label": { "zh-CN": "项目", "en": "Items" }, "fields": [
        { "id": "amount", "label": { "zh-CN": "金额", "en": "Amount" }, "type": "money_wan", "required": true },
        { "id": "share", "label": { "zh-CN": "占比", "en": "Share" }, "type": "percent", "scale": 2, "formula": "amount / total * hundred" },
        { "id": "doubled", "label": { "zh-CN": "加倍", "en": "Doubled" }, "type": "money_wan", "formula": "amount * 2" }
      ], "rules": [
        { "id": "share_cap", "field": "amount", "assert": "share <= cap", "severity": "warning", "citation": "测试",
          "message": { "zh-CN": "占比{share}%超过{cap}%", "en": "Share {share}% is over {cap}%" } }
      ] } ]
    }"#;
    let mut reg = Registry::builtin();
    reg.add_spec(spec).unwrap();
    let form = reg.get("shares").unwrap();
    let values = json!({ "items": [ { "amount": "10" }, { "amount": "30" }, { "amount": "60" } ] });
    let mut s = Session::new(form.clone(), Locale::ZhCn);
    s.load(&lib_json(&values));
    let out: Value = serde_json::from_str(&result_json(&s, false)).unwrap();
    assert_eq!(out["values"]["total"], "100");
    assert_eq!(out["values"]["items"][2]["share"], "60.00");
    assert_eq!(out["values"]["share_sum"], "100.00");
    assert_eq!(out["values"]["big"], "1");
    assert_eq!(out["issues"][0]["path"], "items[2].amount");
    assert!(out["issues"][0]["message"].as_str().unwrap().contains("60.00%"));
    // The same after edits, incrementally and afresh.
    let mut values = values;
    for (path, raw) in [("items[0].amount", "70"), ("items[2].amount", "5"), ("items[1].amount", "x")] {
        edit(&mut s, &mut values, path, raw);
        let mut fresh = Session::new(form.clone(), Locale::ZhCn);
        fresh.load(&lib_json(&values));
        assert_eq!(result_json(&s, true), result_json(&fresh, true), "after {path} = {raw}");
    }
}
