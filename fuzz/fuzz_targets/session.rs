//! Random sequences of edits in an incremental session: after every sequence the session's
//! result must equal a fresh evaluation of the final values.
#![no_main]
use community_forms::engine::json::result_json;
use community_forms::json::Value;
use community_forms::{Locale, Session};
use libfuzzer_sys::fuzz_target;

const FIELDS: [&str; 8] = ["households", "area_service_center", "area_police_room", "compliance_year", "community", "community_type", "remarks", "street"];
const HEADER: [&str; 2] = ["report_year", "report_date"];

thread_local! {
    // Compiling the built-in specs once, not per input, keeps executions per second high.
    static REG: community_forms::Registry = community_forms::Registry::builtin();
}

fuzz_target!(|data: &[u8]| REG.with(|reg| {
    let Ok(form) = reg.get("facility-ledger") else { return };
    let rows = 3usize;
    let mut values: Vec<Vec<String>> = vec![vec![String::new(); FIELDS.len()]; rows];
    let mut header = vec![String::new(); HEADER.len()];
    let mut s = Session::new(form.clone(), Locale::ZhCn);
    let mut doc = community_forms::json::parse(r#"{"communities":[{},{},{}]}"#).unwrap_or_default();
    s.load(&doc);
    // Each edit: 1 byte target, then a length-prefixed text.
    let mut i = 0usize;
    while i + 2 <= data.len() {
        let target = data[i] as usize;
        let len = (data[i + 1] as usize) % 12;
        let end = (i + 2 + len).min(data.len());
        let text = String::from_utf8_lossy(&data[i + 2..end]).to_string();
        i = end;
        let (path, slot) = if target % 10 < 8 {
            let row = (target / 10) % rows;
            let f = target % FIELDS.len();
            values[row][f] = text.clone();
            (format!("communities[{row}].{}", FIELDS[f]), ())
        } else {
            let h = target % HEADER.len();
            header[h] = text.clone();
            (HEADER[h].to_string(), ())
        };
        let _ = slot;
        if let Some(at) = s.locate(&path) {
            s.set(at, &Value::String(text));
        }
    }
    // The same values, evaluated from scratch.
    let rows_json: Vec<Value> = values
        .iter()
        .map(|r| Value::Object(FIELDS.iter().zip(r).map(|(k, v)| (k.to_string(), Value::String(v.clone()))).collect()))
        .collect();
    doc = Value::Object(
        HEADER.iter().zip(&header).map(|(k, v)| (k.to_string(), Value::String(v.clone()))).chain(std::iter::once(("communities".to_string(), Value::Array(rows_json)))).collect(),
    );
    let mut fresh = Session::new(form, Locale::ZhCn);
    fresh.load(&doc);
    assert_eq!(result_json(&s, true), result_json(&fresh, true), "incremental result differs from a fresh evaluation");
}));
