//! The agreement corpus: every case of the rule-pack tests plus hostile inputs, evaluated
//! natively here and written with the results to `target/corpus.jsonl`. The JS tests run the same
//! corpus through wasm in Node and in Chromium and require byte-identical JSON.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;
use common::*;
use community_forms::{Locale, Options, Registry};
use serde_json::{json, Value};

fn cases() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    // The facility ledger: each field varied through awkward spellings and hostile text.
    let spellings = [
        "",
        " ",
        "0",
        "1",
        "-0",
        "3800",
        "3,800",
        "３８００",
        "3800户",
        "1e3",
        "NaN",
        "--5",
        "1.2.3",
        "五十",
        "1250.555",
        "599.99",
        "５９９．９９平方米",
        "600 ㎡",
        "1,23,4",
        "0x10",
        "#DIV/0!",
        "Err:502",
        "(1,250.00)",
        "0.38万户",
        "+5",
        "٣",
        "1\u{200B}0",
        "99999999999999999999999999999",
        "0.0000000000000000000000000001",
        "😀",
        "<b>1</b>",
        "\u{202E}12",
        "2021年",
        "二〇二一",
        "2020年12月底",
        "2021-02-29",
        "a\u{0}b",
        "1250\t599.99",
        "天生街道\t朝阳社区",
        "1250\n599",
        "城市社区",
        "urban",
        "村",
    ];
    let fields = [
        "households",
        "area_service_center",
        "area_police_room",
        "compliance_year",
        "community_type",
        "community",
        "street",
    ];
    for f in fields {
        for s in spellings {
            out.push(("facility-ledger".into(), ledger(vec![row_with(&[(f, s)])])));
        }
    }
    for s in spellings {
        let mut v = ledger(vec![row_with(&[])]);
        v["report_year"] = json!(s);
        v["report_date"] = json!(s);
        out.push(("facility-ledger".into(), v));
    }
    out.push(("facility-ledger".into(), ledger(vec![])));
    out.push(("facility-ledger".into(), json!({ "communities": "not a table" })));
    out.push(("facility-ledger".into(), json!({ "communities": [1, null, "x", []] })));
    out.push(("facility-ledger".into(), json!({ "unknown_field": "x", "communities": [{ "nope": "1" }] })));
    out.push(("facility-ledger".into(), json!([])));
    out.push(("facility-ledger".into(), ledger(vec![row_with(&[("remarks", &"长".repeat(10_000))])])));
    let many: Vec<Value> = (0..300)
        .map(|i| {
            row_with(&[
                ("community", &format!("社区{}", i % 250)),
                ("households", &(100 + i).to_string()),
                ("area_service_center", &format!("{}.{:02}", 20 + i, i % 100)),
            ])
        })
        .collect();
    out.push(("facility-ledger".into(), ledger(many)));
    // Every other form: each input field (header and first row) through the same spellings.
    let reg = Registry::builtin();
    for form_id in [
        "poverty-project-filing",
        "demo-project-filing",
        "poverty-project-acceptance",
        "demo-project-completion",
        "project-allocation",
        "jinjiang-governance-application",
        "service-indicators",
    ] {
        let form = reg.get(form_id).unwrap();
        for (si, scope) in form.scopes.iter().enumerate() {
            for &n in &scope.slots {
                let node = form.node(n).unwrap();
                if !matches!(node.kind, community_forms::spec::NodeKind::Input { .. }) {
                    continue;
                }
                for s in spellings.iter().step_by(3) {
                    let doc = if si == 0 {
                        json!({ node.id.clone(): s })
                    } else {
                        json!({ scope.id.clone(): [{ node.id.clone(): s }] })
                    };
                    out.push((form_id.into(), doc));
                }
            }
        }
    }
    out.push((
        "project-allocation".into(),
        serde_json::from_str(include_str!("../src/forms/data/project-allocation-2019.json")).unwrap(),
    ));
    // Cadre pay.
    for role in ["村", "社区", "村党组织书记/村委会主任", "主任", ""] {
        for income in ["16361", "16,361", "1.6万", "", "abc", "40006.5"] {
            for pay in ["32722", "32721.99", "48007.2", "", "３００００"] {
                out.push((
                    "cadre-pay-standard".into(),
                    json!({ "role": role, "reference_income": income, "proposed_pay": pay }),
                ));
            }
        }
    }
    out
}

#[test]
fn write_the_agreement_corpus() {
    let reg = Registry::builtin();
    let mut lines = String::new();
    let mut n = 0usize;
    for (form, values) in cases() {
        for (locale, name) in [(Locale::ZhCn, "zh-CN"), (Locale::En, "en")] {
            let text = values.to_string();
            let expected = reg.evaluate(&form, &text, Options { locale, explain: true }).unwrap();
            let line = json!({ "form": form, "locale": name, "values": text, "expected": expected });
            lines.push_str(&line.to_string());
            lines.push('\n');
            n += 1;
        }
    }
    assert!(n > 600, "{n}");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/corpus.jsonl");
    std::fs::write(path, lines).unwrap();
}

/// The browser package reads the built-in forms precompiled (`community-forms precompile`,
/// src/wire.rs): every form written to bytes and read back must give byte-identical results on
/// the whole corpus, explanations included.
#[test]
fn precompiled_forms_agree_with_compiled_ones() {
    let reg = Registry::builtin();
    let mut wired = Registry::builtin();
    let ids: Vec<String> = reg.ids().map(str::to_string).collect();
    // Referenced forms first (the allocation table), so references resolve to read-back forms.
    let mut order = ids.clone();
    order.sort_by_key(|id| usize::from(!reg.get(id).unwrap().references.is_empty()));
    for id in &order {
        let bytes = community_forms::wire::encode_form(&reg.get(id).unwrap());
        let form = wired.add_compiled(&bytes).unwrap();
        assert_eq!(&form.id, id);
    }
    let mut n = 0usize;
    for (form, values) in cases() {
        for locale in [Locale::ZhCn, Locale::En] {
            let text = values.to_string();
            let options = Options { locale, explain: true };
            assert_eq!(
                wired.evaluate(&form, &text, options).unwrap(),
                reg.evaluate(&form, &text, options).unwrap(),
                "{form}: {text}"
            );
            n += 1;
        }
    }
    assert!(n > 600, "{n}");
    // A damaged or foreign file is refused with a message, never misread.
    let good = community_forms::wire::encode_form(&reg.get("facility-ledger").unwrap());
    for cut in [0, 3, 4, 10, good.len() / 2, good.len() - 1] {
        assert!(wired.add_compiled(&good[..cut]).is_err(), "cut at {cut}");
    }
    let mut flipped = good.clone();
    flipped[4] ^= 0x55;
    assert!(wired.add_compiled(&flipped).is_err());
    assert!(wired.add_compiled(b"{\"id\":\"x\"}").unwrap_err().to_string().contains("precompile"));
}
