//! A broken spec is refused when it loads, with a message naming the spec, the field or rule,
//! and the position in the formula.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use community_forms::spec::compile::compile_json;
use serde_json::{json, Value};

fn spec(fields: Value, rules: Value) -> String {
    json!({
        "id": "broken",
        "title": { "zh-CN": "坏规格", "en": "Broken" },
        "source": { "document": "测试", "title": { "zh-CN": "测试", "en": "Test" }, "year": 2026 },
        "constants": [ { "id": "min_area", "value": "600", "unit": "m2" } ],
        "fields": fields,
        "tables": [ { "id": "rows", "label": { "zh-CN": "行", "en": "Rows" }, "fields": [
            { "id": "x", "label": { "zh-CN": "x", "en": "x" }, "type": "area_m2" } ] } ],
        "rules": rules
    })
    .to_string()
}

fn f(id: &str, ty: &str, formula: Option<&str>) -> Value {
    let mut v = json!({ "id": id, "label": { "zh-CN": id, "en": id }, "type": ty });
    if let Some(fm) = formula {
        v["formula"] = Value::String(fm.into());
    }
    v
}

fn refused(fields: Value, rules: Value) -> String {
    match compile_json(&spec(fields, rules)) {
        Ok(_) => panic!("spec was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn unit_errors() {
    let e = refused(
        json!([f("area", "area_m2", None), f("money", "money_wan", None), f("bad", "number", Some("area + money"))]),
        json!([]),
    );
    assert_eq!(e, "spec `broken`, field `bad`, at character 6: unit error: cannot add `m2` and `万元`\n    area + money\n         ^");
    // m² ÷ 户 is m² per household, not m².
    let e = refused(
        json!([f("area", "area_m2", None), f("hh", "households", None), f("per", "area_m2", Some("area / hh * 100"))]),
        json!([]),
    );
    assert!(e.contains("unit error: the formula gives a value in `m2/户` but the field is declared in `m2`"), "{e}");
    // Comparing an area with money.
    let e = refused(
        json!([f("money", "money_wan", None)]),
        json!([{ "id": "r", "field": "money", "assert": "money >= min_area", "severity": "error", "citation": "c", "message": { "zh-CN": "m", "en": "m" } }]),
    );
    assert!(
        e.contains(
            "rule `r` (assert), at character 7: unit error: the two sides of the comparison are in `万元` and `m2`"
        ),
        "{e}"
    );
}

#[test]
fn unknown_names_have_positions_and_suggestions() {
    let e = refused(json!([f("households", "households", None), f("y", "number", Some("househlds * 2"))]), json!([]));
    assert_eq!(e, "spec `broken`, field `y`, at character 1: unknown field `househlds`; did you mean `households`?\n    househlds * 2\n    ^");
    let e = refused(json!([f("y", "area_m2", Some("x * 2"))]), json!([]));
    assert!(e.contains("`x` is a column of table `rows`; use an aggregate such as sum(rows.x)"), "{e}");
    let e = refused(json!([f("y", "area_m2", Some("sum(rows.nope)"))]), json!([]));
    assert!(e.contains("`nope` is not a column of table `rows`"), "{e}");
    let e = refused(json!([f("y", "number", Some("frobnicate(1)"))]), json!([]));
    assert!(e.contains("unknown function `frobnicate`"), "{e}");
}

#[test]
fn cycles_are_named() {
    let e = refused(
        json!([f("a", "number", Some("b + 1")), f("b", "number", Some("c + 1")), f("c", "number", Some("a + 1"))]),
        json!([]),
    );
    assert!(e.ends_with("computed fields form a cycle (each uses the next): a → b → c → a"), "{e}");
    let e = refused(json!([f("a", "number", Some("a + 1"))]), json!([]));
    assert!(e.ends_with("cycle (each uses the next): a → a"), "{e}");
}

#[test]
fn type_and_syntax_errors() {
    let e = refused(json!([f("d", "date", None), f("y", "number", Some("d + 1"))]), json!([]));
    assert!(e.contains("type error: cannot add a date and a number"), "{e}");
    let e = refused(json!([f("y", "number", Some("(1 + 2"))]), json!([]));
    assert!(e.contains("at character 7: expected `)`, found end of formula"), "{e}");
    let e = refused(json!([f("c", "choice", None)]), json!([]));
    assert!(e.contains("a `choice` field needs `options`"), "{e}");
    let e = refused(json!([f("c", "colour", None)]), json!([]));
    assert!(e.contains("unknown type `colour`"), "{e}");
    let mut choice = f("t", "choice", None);
    choice["options"] = json!(["城市社区", "农村社区"]);
    let e = refused(
        json!([choice]),
        json!([{ "id": "r", "field": "t", "assert": "t == \"城镇社区\"", "severity": "error", "citation": "c", "message": { "zh-CN": "m", "en": "m" } }]),
    );
    assert!(e.contains("“城镇社区” is not an option of this field"), "{e}");
    let e = refused(
        json!([f("a", "number", None)]),
        json!([{ "id": "r", "field": "a", "assert": "a > 1", "severity": "fatal", "citation": "c", "message": { "zh-CN": "m", "en": "m" } }]),
    );
    assert!(e.contains("severity `fatal` must be `error` or `warning`"), "{e}");
    let e = refused(
        json!([f("a", "number", None)]),
        json!([{ "id": "r", "field": "a", "assert": "a > 1", "severity": "error", "citation": "c", "message": { "zh-CN": "{nope}", "en": "m" } }]),
    );
    assert!(e.contains("rule `r` (message)") && e.contains("unknown field `nope`"), "{e}");
}

#[test]
fn garbage_is_refused_clearly() {
    let cases = [
        ("", "spec `?`: not a valid spec file: unexpected end of input at line 1 column 1"),
        ("null", "spec `?`: expected an object, found null"),
        ("[]", "spec `?`: expected an object, found an array"),
        ("{", "spec `?`: not a valid spec file: expected a string key at line 1 column 2"),
        ("\u{0}\u{1}garbage", "spec `?`: not a valid spec file: expected a JSON value at line 1 column 1"),
        ("{\"id\": 5}", "spec `?`: `id` must be a string, found a number"),
    ];
    for (text, want) in cases {
        assert_eq!(compile_json(text).unwrap_err().to_string(), want);
    }
    let deep = compile_json(&"[".repeat(100_000)).unwrap_err().to_string();
    assert!(deep.contains("nested too deeply"), "{deep}");
    let e = compile_json(&json!({ "id": "x", "title": { "zh-CN": "x", "en": "x" } }).to_string()).unwrap_err();
    assert_eq!(e.to_string(), "spec `x`: missing `source`");
    let e = compile_json(&json!({ "id": "x", "title": { "zh-CN": "x" } }).to_string()).unwrap_err();
    assert_eq!(e.to_string(), "spec `x`, `title`: missing `en`");
    let mut typo = serde_json::from_str::<Value>(include_str!("../src/forms/cadre-pay-standard.json")).unwrap();
    typo["fields"][0]["requried"] = json!(true);
    let e = compile_json(&typo.to_string()).unwrap_err();
    assert_eq!(e.to_string(), "spec `cadre-pay-standard`, field `role`: unknown key `requried`");
    let big = format!("{{\"id\":\"{}\"}}", "a".repeat(3_000_000));
    assert!(compile_json(&big).unwrap_err().to_string().contains("too large"));
}

#[test]
fn built_in_specs_load() {
    let reg = community_forms::Registry::builtin();
    for id in reg.ids() {
        reg.get(id).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
}

#[test]
fn a_runtime_spec_replaces_a_built_in_number_without_recompiling() {
    // Next year's notice changes the standard: an edit to a spec file, not to Rust.
    let text = include_str!("../src/forms/facility-ledger.json").replace(
        "{ \"id\": \"min_area_per_100_households\", \"value\": \"30\"",
        "{ \"id\": \"min_area_per_100_households\", \"value\": \"35\"",
    );
    let mut reg = community_forms::Registry::builtin();
    reg.add_spec(&text).unwrap();
    let values =
        json!({ "report_year": "2021", "communities": [ { "households": "3800", "area_service_center": "1250" } ] })
            .to_string();
    let r: Value =
        serde_json::from_str(&reg.evaluate("facility-ledger", &values, Default::default()).unwrap()).unwrap();
    assert_eq!(r["values"]["communities"][0]["compliant"], false, "32.89 < 35");
}

#[test]
fn a_choice_compared_with_an_alias_means_that_option() {
    // The check accepts `t == "城市"` because 城市 names the option 城市社区; a cell of that option
    // holds 城市社区, so the comparison must mean the option, not the alias's spelling.
    let mut choice = f("t", "choice", None);
    choice["options"] =
        json!([{ "value": "城市社区", "aliases": ["城市"] }, { "value": "农村社区", "aliases": ["农村"] }]);
    let text = spec(
        json!([choice, f("urban", "boolean", Some("t == \"城市\"")), f("not_rural", "boolean", Some("\"农村\" != t"))]),
        json!([]),
    );
    let mut reg = community_forms::Registry::builtin();
    reg.add_spec(&text).unwrap();
    let mut wired = community_forms::Registry::builtin();
    wired.add_compiled(&community_forms::wire::encode_form(&reg.get("broken").unwrap())).unwrap();
    for (typed, urban, not_rural) in
        [("城市社区", true, true), ("城市", true, true), ("农村社区", false, false), ("农村", false, false)]
    {
        for r in [&reg, &wired] {
            let out: Value = serde_json::from_str(
                &r.evaluate("broken", &json!({ "t": typed }).to_string(), Default::default()).unwrap(),
            )
            .unwrap();
            assert_eq!(
                (out["values"]["urban"].clone(), out["values"]["not_rural"].clone()),
                (json!(urban), json!(not_rural)),
                "{typed}"
            );
        }
    }
}

/// A formula's tree is bounded, counting every operation: compiling, evaluating and explaining
/// recurse over it, and a 2,000-term sum (within the length limit) overflowed wasm's 1 MB stack.
/// The deepest formula accepted compiles, is precompiled and read back, and evaluates; one level
/// more is refused with a message; and precompiled bytes nesting deeper are refused too (the
/// `wire_read` fuzz target's find).
#[test]
fn a_formula_too_deep_for_the_stack_is_refused() {
    use community_forms::formula::MAX_TREE_DEPTH;
    let sum = |n: usize| vec!["x"; n].join(" + ");
    let table = |formula: &str| {
        let mut s: Value = serde_json::from_str(&spec(json!([]), json!([]))).unwrap();
        s["tables"][0]["fields"].as_array_mut().unwrap().push(f("total", "area_m2", Some(formula)));
        s.to_string()
    };
    // The deepest formula allowed, compiled, precompiled, read back and evaluated with its
    // working shown, on a quarter of wasm's 1 MB stack: the bound leaves a margin.
    let deepest = table(&sum(MAX_TREE_DEPTH));
    let small_stack = std::thread::Builder::new().stack_size(256 * 1024);
    let run = move || {
        let mut reg = community_forms::Registry::builtin();
        reg.add_spec(&deepest).unwrap();
        let mut wired = community_forms::Registry::builtin();
        wired.add_compiled(&community_forms::wire::encode_form(&reg.get("broken").unwrap())).unwrap();
        let values = json!({ "rows": [ { "x": "1.5" } ] }).to_string();
        let options = community_forms::Options { explain: true, ..Default::default() };
        for r in [&reg, &wired] {
            let out: Value = serde_json::from_str(&r.evaluate("broken", &values, options).unwrap()).unwrap();
            assert_eq!(out["values"]["rows"][0]["total"], json!("300.00"));
        }
    };
    small_stack.spawn(run).unwrap().join().unwrap();
    let e = compile_json(&table(&sum(MAX_TREE_DEPTH + 1))).unwrap_err().to_string();
    assert!(e.contains("formula too deep (more than 200 operations"), "{e}");
    // Within the length limit (3,999 characters), the sum that overflowed the stack.
    let e = compile_json(&table(&vec!["x"; 2000].join("+"))).unwrap_err().to_string();
    assert!(e.contains("formula too deep"), "{e}");
    let hostile = include_bytes!("data/wire-deep-formula.cfw");
    assert!(community_forms::Registry::builtin().add_compiled(hostile).is_err());
}
