//! docs/spec.schema.json describes the same format the loader reads: every key of every built-in
//! spec is one the schema knows, and the schema knows no key the loader would refuse.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use serde_json::Value;

fn keys(v: &Value) -> Vec<String> {
    v["properties"].as_object().unwrap().keys().cloned().collect()
}

#[test]
fn built_in_specs_use_only_schema_keys() {
    let schema: Value = serde_json::from_str(include_str!("../docs/spec.schema.json")).unwrap();
    let top = keys(&schema);
    let field = keys(&schema["$defs"]["field"]);
    let rule = keys(&schema["$defs"]["rule"]);
    let table = keys(&schema["properties"]["tables"]["items"]);
    for (id, text) in community_forms::forms::BUILTIN {
        let spec: Value = serde_json::from_str(text).unwrap();
        for k in spec.as_object().unwrap().keys() {
            assert!(top.contains(k), "{id}: `{k}` not in the schema");
        }
        let mut all_fields: Vec<&Value> = spec["fields"].as_array().map(|a| a.iter().collect()).unwrap_or_default();
        let mut all_rules: Vec<&Value> = spec["rules"].as_array().map(|a| a.iter().collect()).unwrap_or_default();
        for t in spec["tables"].as_array().map(|a| a.iter().collect::<Vec<_>>()).unwrap_or_default() {
            for k in t.as_object().unwrap().keys() {
                assert!(table.contains(k), "{id}: table key `{k}` not in the schema");
            }
            all_fields.extend(t["fields"].as_array().unwrap());
            all_rules.extend(t["rules"].as_array().map(|a| a.iter().collect::<Vec<_>>()).unwrap_or_default());
        }
        for f in all_fields {
            for k in f.as_object().unwrap().keys() {
                assert!(field.contains(k), "{id}: field key `{k}` not in the schema");
            }
        }
        for r in all_rules {
            for k in r.as_object().unwrap().keys() {
                assert!(rule.contains(k), "{id}: rule key `{k}` not in the schema");
            }
        }
    }
}

#[test]
fn the_loader_accepts_every_schema_key() {
    // A spec using every optional key the schema lists for a field loads.
    let spec = serde_json::json!({
        "$schema": "x", "id": "every-key", "title": { "zh-CN": "全", "en": "All" },
        "source": { "document": "d", "title": { "zh-CN": "t", "en": "t" }, "year": 2026, "seed": "s" },
        "description": { "zh-CN": "d", "en": "d" },
        "constants": [ { "id": "c", "value": "1", "kind": "number", "unit": "m2", "label": { "zh-CN": "c", "en": "c" }, "citation": "x" } ],
        "fields": [
            { "id": "a", "label": { "zh-CN": "a", "en": "a" }, "type": "number", "unit": "m2", "unit_label": { "zh-CN": "平", "en": "m²" },
              "scale": 2, "fixed": true, "required": false, "required_when": "true", "blank": "0", "max_length": 20, "multiline": false,
              "citation": "x", "help": { "zh-CN": "h", "en": "h" }, "aliases": ["甲"] },
            { "id": "p", "label": { "zh-CN": "p", "en": "p" }, "type": "image", "accept": ["image/png"], "max_bytes": 100 },
            { "id": "o", "label": { "zh-CN": "o", "en": "o" }, "type": "choice", "options": ["x", { "value": "y", "aliases": ["yy"], "en": "why" }] },
            { "id": "f", "label": { "zh-CN": "f", "en": "f" }, "type": "number", "unit": "m2", "formula": "a + c" }
        ],
        "tables": [ { "id": "t", "label": { "zh-CN": "t", "en": "t" }, "row_label": "x", "max_rows": 10,
                      "fields": [ { "id": "x", "label": { "zh-CN": "x", "en": "x" }, "type": "text" } ],
                      "rules": [ { "id": "u", "field": "x", "unique": "x", "severity": "warning", "message": { "zh-CN": "{rows}", "en": "{rows}" }, "citation": "x" } ] } ],
        "rules": [ { "id": "r", "field": "a", "when": "true", "assert": "a >= c", "severity": "error", "message": { "zh-CN": "{label}", "en": "{label}" }, "citation": "x" } ]
    });
    community_forms::spec::compile::compile_json(&spec.to_string()).unwrap();
}
