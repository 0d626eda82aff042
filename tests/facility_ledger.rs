//! facility-ledger (seed 004, 北碚民发〔2020〕77号): every computed value against a hand
//! calculation, every rule with a case that triggers it and one that does not.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;
use common::*;

#[test]
fn computed_values_match_hand_calculations() {
    // (row changes, total_area, area_per_100_households, compliant, why)
    type Row<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str, bool, &'a str);
    let rows: &[Row] = &[
        (&[], "1250.00", "32.89", true, "1250 ÷ 3800 × 100 = 32.894… → 32.89 ≥ 30"),
        (
            &[("households", "2000"), ("area_service_center", "599.99")],
            "599.99",
            "30.00",
            false,
            "599.99 ÷ 2000 × 100 = 29.9995: shown 30.00 (half-up) but below 30 exactly",
        ),
        (
            &[("households", "2000"), ("area_service_center", "600")],
            "600.00",
            "30.00",
            true,
            "600 ÷ 2000 × 100 = 30 exactly: compliant (不低于30)",
        ),
        (
            &[
                ("households", "860"),
                ("area_service_center", "320"),
                ("area_police_room", "20"),
                ("area_day_care", "80"),
                ("area_health_station", "40"),
                ("area_culture_room", "60"),
                ("area_grocery", "30"),
            ],
            "550.00",
            "63.95",
            true,
            "320+20+80+40+60+30 = 550; 550 ÷ 860 × 100 = 63.953… → 63.95",
        ),
        (
            &[("households", "3"), ("area_service_center", "0.01")],
            "0.01",
            "0.33",
            false,
            "0.01 ÷ 3 × 100 = 0.333… → 0.33",
        ),
        (
            &[("households", "8"), ("area_service_center", "0.18")],
            "0.18",
            "2.25",
            false,
            "0.18 ÷ 8 × 100 = 2.25 exactly",
        ),
        (
            &[("households", "400"), ("area_service_center", "0.18")],
            "0.18",
            "0.05",
            false,
            "0.18 ÷ 400 × 100 = 0.045 → 0.05: half-up, not banker's (which gives 0.04)",
        ),
        (
            &[("households", "1,234"), ("area_service_center", "１，２３４．５")],
            "1234.50",
            "100.04",
            true,
            "grouped and full-width input: 1234.5 ÷ 1234 × 100 = 100.0405… → 100.04",
        ),
    ];
    for (changes, total, per100, compliant, why) in rows {
        let r = eval("facility-ledger", ledger(vec![row_with(changes)]));
        let row = &r["values"]["communities"][0];
        assert_eq!(row["total_area"], *total, "total_area: {why}");
        assert_eq!(row["area_per_100_households"], *per100, "per 100: {why}");
        assert_eq!(row["compliant"], *compliant, "compliant: {why}");
    }
}

#[test]
fn aggregates_and_target() {
    // Rows: compliant, not (29.9995), compliant (rural 63.95).
    let rows = vec![
        row_with(&[]),
        row_with(&[
            ("community", "丽园社区"),
            ("households", "2000"),
            ("area_service_center", "599.99"),
            ("compliance_year", "2022"),
        ]),
        row_with(&[
            ("community", "大磨滩村"),
            ("community_type", "农村社区"),
            ("households", "860"),
            ("area_service_center", "550"),
            ("compliance_year", "2019"),
        ]),
    ];
    let r = eval("facility-ledger", ledger(rows));
    let v = &r["values"];
    assert_eq!(v["community_count"], "3");
    assert_eq!(v["compliant_count"], "2");
    assert_eq!(v["compliance_rate"], "66.7", "2 ÷ 3 × 100 = 66.666… → 66.7");
    assert_eq!(v["target_rate"], "70", "2021 → 70% (seed 004 §二)");
    assert_eq!(v["meets_target"], false, "66.67 < 70");
    assert_eq!(v["urban_count"], "2");
    assert_eq!(v["urban_compliance_rate"], "50.0", "1 of 2");
    assert_eq!(v["rural_compliance_rate"], "100.0", "1 of 1");
    assert_eq!(v["total_households"], "6660", "3800 + 2000 + 860");
    assert_eq!(v["total_facility_area"], "2399.99", "1250 + 599.99 + 550");
    assert_eq!(v["urban_area_per_100_households"], "31.90", "(1250 + 599.99) ÷ (3800 + 2000) × 100 = 31.896… → 31.90");
    assert_eq!(v["rural_area_per_100_households"], "63.95", "550 ÷ 860 × 100 = 63.953… → 63.95");
}

/// (header changes, row changes, path, code, expected to fire, why)
type Case = (
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
    bool,
    &'static str,
);

const CASES: &[Case] = &[
    // Required fields.
    (&[("reporting_unit", "")], &[], "reporting_unit", "required", true, "填报单位 blank"),
    (&[], &[], "reporting_unit", "required", false, "填报单位 filled"),
    (&[("report_year", "")], &[], "report_year", "required", true, "报告年度 blank"),
    (&[], &[("street", "  ")], "communities[0].street", "required", true, "spaces only count as blank"),
    (&[], &[("community", "")], "communities[0].community", "required", true, "社区名称 blank"),
    (&[], &[("community_type", "")], "communities[0].community_type", "required", true, "社区类型 blank"),
    (&[], &[("households", "")], "communities[0].households", "required", true, "总户数 blank"),
    (&[], &[("area_service_center", "")], "communities[0].area_service_center", "required", true, "便民服务中心 blank"),
    (&[], &[("area_police_room", "")], "communities[0].area_police_room", "required", false, "警务室 blank = 0"),
    (&[], &[("compliance_year", "")], "communities[0].compliance_year", "required", true, "达标年度 blank"),
    // Field types.
    (&[], &[("households", "0")], "communities[0].households", "below_minimum", true, "0 户: per-100 undefined"),
    (&[], &[("households", "1")], "communities[0].households", "below_minimum", false, "1 户 is enough"),
    (
        &[],
        &[("community_type", "城镇")],
        "communities[0].community_type",
        "not_an_option",
        true,
        "not 城市社区/农村社区",
    ),
    (&[], &[("community_type", "urban")], "communities[0].community_type", "not_an_option", false, "alias of 城市社区"),
    (&[], &[("area_grocery", "-5")], "communities[0].area_grocery", "negative", true, "negative area"),
    (&[("report_date", "2021-02-29")], &[], "report_date", "no_such_date", true, "2021 is not a leap year"),
    // Compliance year, compliant row (1250 ÷ 3800 × 100 = 32.89 ≥ 30).
    (
        &[],
        &[("compliance_year", "2022")],
        "communities[0].compliance_year",
        "compliance_year_reached",
        true,
        "compliant, but year after report year 2021",
    ),
    (
        &[],
        &[("compliance_year", "2021")],
        "communities[0].compliance_year",
        "compliance_year_reached",
        false,
        "reached in the report year",
    ),
    (
        &[],
        &[("compliance_year", "2019")],
        "communities[0].compliance_year",
        "compliance_year_reached",
        false,
        "reached before",
    ),
    // Compliance year, non-compliant row (599.99 ÷ 2000 × 100 = 29.9995 < 30).
    (
        &[],
        &[("households", "2000"), ("area_service_center", "599.99"), ("compliance_year", "2020")],
        "communities[0].compliance_year",
        "compliance_year_planned",
        true,
        "planned year before the report year",
    ),
    (
        &[],
        &[("households", "2000"), ("area_service_center", "599.99"), ("compliance_year", "2023")],
        "communities[0].compliance_year",
        "compliance_year_planned",
        true,
        "planned after the plan ends (2022)",
    ),
    (
        &[],
        &[("households", "2000"), ("area_service_center", "599.99"), ("compliance_year", "2022")],
        "communities[0].compliance_year",
        "compliance_year_planned",
        false,
        "planned within 2021–2022",
    ),
    (
        &[],
        &[("households", "2000"), ("area_service_center", "600"), ("compliance_year", "2020")],
        "communities[0].compliance_year",
        "compliance_year_planned",
        false,
        "600 ÷ 2000 × 100 = 30: compliant, rule does not apply",
    ),
    // 说明2: blank facility areas need a remark.
    (
        &[],
        &[("remarks", "")],
        "communities[0].remarks",
        "remarks_for_shared_rooms",
        true,
        "four areas blank, no remark",
    ),
    (&[], &[], "communities[0].remarks", "remarks_for_shared_rooms", false, "remark given"),
    (
        &[],
        &[
            ("remarks", ""),
            ("area_police_room", "20"),
            ("area_day_care", "0"),
            ("area_health_station", "30"),
            ("area_culture_room", "40"),
        ],
        "communities[0].remarks",
        "remarks_for_shared_rooms",
        false,
        "all four filled (0 is filled)",
    ),
    // Report year within the plan.
    (
        &[("report_year", "2023"), ("report_date", "2023-04-01")],
        &[("compliance_year", "2020")],
        "report_year",
        "report_year_in_plan",
        true,
        "after 2022",
    ),
    (
        &[("report_year", "2019"), ("report_date", "2019-04-01")],
        &[("compliance_year", "2019")],
        "report_year",
        "report_year_in_plan",
        true,
        "before 2020",
    ),
    (
        &[("report_year", "2022"), ("report_date", "2022-04-01")],
        &[],
        "report_year",
        "report_year_in_plan",
        false,
        "2022 is the last plan year",
    ),
    // Report date.
    (
        &[("report_date", "2020-10-30")],
        &[],
        "report_date",
        "report_date_in_year",
        true,
        "dated 2020 for report year 2021",
    ),
    (&[("report_date", "2021年10月30日")], &[], "report_date", "report_date_in_year", false, "in the year"),
    (&[("report_date", "2021-10-31")], &[], "report_date", "report_date_due", true, "after 30 October"),
    (&[("report_date", "2021年10月30日")], &[], "report_date", "report_date_due", false, "on the due date"),
    (
        &[("report_date", "2021年12月")],
        &[],
        "report_date",
        "report_date_due",
        true,
        "month precision = 2021-12-31, after the due date",
    ),
];

fn ledger_with(header: &[(&str, &str)], row: &[(&str, &str)]) -> serde_json::Value {
    let mut v = ledger(vec![row_with(row)]);
    for (k, val) in header {
        v[*k] = serde_json::Value::String((*val).to_string());
    }
    v
}

#[test]
fn every_rule_fires_and_stays_quiet() {
    for (header, row, path, code, fires, why) in CASES {
        let r = eval("facility-ledger", ledger_with(header, row));
        assert_eq!(has(&r, path, code), *fires, "{code} on {path}: {why}\n{:#}", r["issues"]);
    }
}

#[test]
fn duplicate_communities_warn_on_both_rows() {
    let rows = vec![row_with(&[]), row_with(&[("community", "丽园社区")]), row_with(&[("community", "朝阳 社区")])];
    let r = eval("facility-ledger", ledger(rows));
    assert!(has(&r, "communities[0].community", "community_unique"));
    assert!(!has(&r, "communities[1].community", "community_unique"));
    assert!(has(&r, "communities[2].community", "community_unique"), "spaces do not make a name different");
    assert_eq!(
        message(&r, "communities[0].community", "community_unique"),
        "社区名称“朝阳社区”与第3行重复，同一社区只应填写一行"
    );
    assert_eq!(r["valid"], true, "a duplicate is a warning only");
}

#[test]
fn annual_target_is_a_table_warning() {
    // 1 of 2 compliant = 50% < 70% (2021).
    let rows = vec![
        row_with(&[]),
        row_with(&[
            ("community", "丽园社区"),
            ("households", "2000"),
            ("area_service_center", "599.99"),
            ("compliance_year", "2022"),
        ]),
    ];
    let r = eval("facility-ledger", ledger(rows));
    assert_eq!(
        message(&r, "communities", "meets_annual_target"),
        "2021年每百户面积达标社区比例的目标为70%，本台账为50.0%（1/2个社区）"
    );
    // 1 of 1 = 100% ≥ 70%.
    let r = eval("facility-ledger", ledger(vec![row_with(&[])]));
    assert!(!has(&r, "communities", "meets_annual_target"));
    assert_eq!(r["valid"], true, "{:#}", r["issues"]);
    assert!(r["issues"].as_array().unwrap().is_empty(), "a clean ledger has no issues: {:#}", r["issues"]);
}

#[test]
fn threshold_is_decided_on_the_exact_value_and_says_so() {
    let r = eval(
        "facility-ledger",
        ledger_with(&[], &[("households", "2000"), ("area_service_center", "599.99"), ("compliance_year", "2020")]),
    );
    let m = message(&r, "communities[0].compliance_year", "compliance_year_planned");
    assert!(m.contains("29.9995"), "the exact value is visible, not the rounded 30.00: {m}");
    assert_eq!(r["values"]["communities"][0]["area_per_100_households"], "30.00");
    assert_eq!(
        r["explanations"]["communities[0].compliant"],
        "599.99 m² ÷ 2,000 户 × 100 = 29.9995 m²/百户 ≥ 30 ✗（渝民〔2020〕116号；万盛经开民发〔2018〕99号）"
    );
}

#[test]
fn explanations_show_the_working() {
    let r = eval("facility-ledger", ledger(vec![row_with(&[])]));
    let e = &r["explanations"];
    assert_eq!(
        e["communities[0].area_per_100_households"],
        "1,250.00 m² ÷ 3,800 户 × 100 = 32.89 m²/百户（北碚民发〔2020〕77号 附件）"
    );
    assert_eq!(
        e["communities[0].compliant"],
        "1,250.00 m² ÷ 3,800 户 × 100 = 32.89 m²/百户 ≥ 30 ✓（渝民〔2020〕116号；万盛经开民发〔2018〕99号）"
    );
    let r = eval_locale("facility-ledger", ledger(vec![row_with(&[])]), community_forms::Locale::En);
    assert_eq!(
        r["explanations"]["communities[0].compliant"],
        "1,250.00 m² ÷ 3,800 households × 100 = 32.89 m² per 100 households ≥ 30 ✓ (渝民〔2020〕116号；万盛经开民发〔2018〕99号)"
    );
}

#[test]
fn values_in_error_leave_computed_values_absent() {
    let r = eval("facility-ledger", ledger(vec![row_with(&[("households", "abc")])]));
    let row = &r["values"]["communities"][0];
    assert_eq!(row["total_area"], "1250.00", "does not depend on households");
    assert!(row.get("area_per_100_households").is_none(), "cannot be computed");
    assert!(row.get("compliant").is_none());
    assert!(
        !has(&r, "communities[0].compliance_year", "compliance_year_reached"),
        "rules on an unknown value stay quiet"
    );
    assert_eq!(r["valid"], false);
}

#[test]
fn a_spreadsheet_error_value_is_said_as_one() {
    // A ledger exported from Excel carries a failed formula's error value as the cell's text.
    let r = eval("facility-ledger", ledger(vec![row_with(&[("households", "#N/A"), ("total_area", "#REF!")])]));
    assert_eq!(
        message(&r, "communities[0].households", "spreadsheet_error"),
        "辖区户籍人口总户数：“#N/A”是电子表格中公式出错时显示的错误值，请先在表格中改正公式，或直接填写正确的值"
    );
    assert_eq!(
        message(&r, "communities[0].total_area", "computed_mismatch"),
        "综合服务设施总建筑面积填报为“#REF!”（电子表格中公式出错时显示的错误值），按公式计算应为1250.00m²：\
         1,250.00 + 0.00 + 0.00 + 0.00 + 0.00 + 0.00 = 1,250.00 m²"
    );
    let r = eval_locale(
        "facility-ledger",
        ledger(vec![row_with(&[("total_area", "Err:502")])]),
        community_forms::Locale::En,
    );
    assert!(
        message(&r, "communities[0].total_area", "computed_mismatch")
            .starts_with("Total facility floor area is stated as “Err:502”, the error a spreadsheet shows where a formula failed, but calculates to 1250.00 m²"),
        "{:#}",
        r["issues"]
    );
}

#[test]
fn empty_ledger() {
    let r = eval("facility-ledger", ledger(vec![]));
    assert_eq!(r["values"]["community_count"], "0");
    assert!(r["values"].get("compliance_rate").is_none(), "0 of 0 is not a rate");
    assert_eq!(r["valid"], true, "{:#}", r["issues"]);
}

#[test]
fn a_type_whose_households_are_all_blank_has_no_area_per_100_and_no_second_error() {
    // Found by the demo pages' monkey (tests/js/monkey.test.mjs): a rural row with areas but its
    // households not yet filled in made the rural aggregate divide by zero, an error of its own
    // on a value no page shows, beside the row's own "fill in the households".
    let rows = vec![
        row_with(&[]),
        row_with(&[
            ("community", "大磨滩村"),
            ("community_type", "农村社区"),
            ("households", ""),
            ("area_service_center", "320"),
        ]),
    ];
    let r = eval("facility-ledger", ledger(rows));
    assert!(!r["issues"].as_array().unwrap().iter().any(|i| i["code"] == "division_by_zero"), "{:#}", r["issues"]);
    assert!(r["values"].get("rural_area_per_100_households").is_none(), "nothing to divide by: left blank");
    assert_eq!(r["values"]["urban_area_per_100_households"], "32.89", "the other type is still computed");
    assert!(
        r["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["path"] == "communities[1].households" && i["severity"] == "error"),
        "the row says what is missing: {:#}",
        r["issues"]
    );
}
