//! cadre-pay-standard (渝委组〔2017〕312号, via seed 003).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;
use common::*;
use serde_json::json;

#[test]
fn minimum_pay_is_a_multiple_of_reference_income() {
    // (role, income, proposed, minimum_pay, meets, why)
    let rows = [
        ("村党组织书记/村委会主任", "16,361", "32722", "32722", true, "2 × 16361 = 32722: exactly the minimum"),
        ("村党组织书记/村委会主任", "16361", "32721.99", "32722", false, "one fen below 2 × 16361"),
        ("village", "16361.5", "40000", "32723", true, "alias; 2 × 16361.5 = 32723"),
        ("社区党组织书记/居委会主任", "40,006", "48007.2", "48007.2", true, "1.2 × 40006 = 48007.2"),
        ("社区", "40006", "48007.19", "48007.2", false, "1.2 × 40006 = 48007.20 > 48007.19"),
        (
            "社区党组织书记/居委会主任",
            "37938.33",
            "50000",
            "45525.996",
            true,
            "1.2 × 37938.33 = 45525.996, shown 45526 (2 dp half-up)",
        ),
    ];
    for (role, income, proposed, minimum, meets, why) in rows {
        let r =
            eval("cadre-pay-standard", json!({ "role": role, "reference_income": income, "proposed_pay": proposed }));
        let shown_min = r["values"]["minimum_pay"].as_str().unwrap().to_string();
        let want = community_forms::format::fmt_decimal(minimum.parse().unwrap(), 2, false);
        assert_eq!(shown_min, want, "{why}");
        assert_eq!(r["values"]["meets_minimum"], meets, "{why}");
        assert_eq!(has(&r, "proposed_pay", "pay_below_minimum"), !meets, "{why}");
        assert_eq!(r["valid"], meets, "{why}");
    }
}

#[test]
fn messages_name_the_numbers() {
    let r = eval("cadre-pay-standard", json!({ "role": "村", "reference_income": "16361", "proposed_pay": "30000" }));
    assert_eq!(
        message(&r, "proposed_pay", "pay_below_minimum"),
        "村党组织书记/村委会主任的补贴（报酬）标准不得低于32722元（上年度人均可支配收入16361元 × 2），您填写的是30000元"
    );
    let r = eval_locale(
        "cadre-pay-standard",
        json!({ "role": "社区", "reference_income": "40006", "proposed_pay": "1" }),
        community_forms::Locale::En,
    );
    assert_eq!(
        message(&r, "proposed_pay", "pay_below_minimum"),
        "Pay for 社区党组织书记/居委会主任 must be at least 48007.2 yuan (40006 yuan × 1.2); you entered 1 yuan"
    );
    assert_eq!(r["issues"][0]["citation"], "渝委组〔2017〕312号");
}

#[test]
fn required_and_typed() {
    let r = eval("cadre-pay-standard", json!({}));
    for f in ["role", "reference_income", "proposed_pay"] {
        assert!(has(&r, f, "required"), "{f}");
    }
    assert!(r["values"].get("minimum_pay").is_none());
    let r = eval("cadre-pay-standard", json!({ "role": "主任", "reference_income": "1.6万", "proposed_pay": "3万元" }));
    assert!(has(&r, "role", "not_an_option"));
    assert!(has(&r, "reference_income", "use_field_unit"), "万 in a 元 field suggests the 元 value");
    assert_eq!(
        message(&r, "reference_income", "use_field_unit"),
        "本区县上年度居民人均可支配收入应以元为单位填写：1.6万 = 16000元，请填写 16000（您填写的单位是“万”）"
    );
}
