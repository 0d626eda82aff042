//! Any bytes as a precompiled form (what the browser package's `addSpec` takes): refused or
//! read, and a form read back evaluates an empty and a one-row document without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reg = community_forms::Registry::builtin();
    let Ok(form) = reg.add_compiled(data) else { return };
    let table = form.scopes.iter().skip(1).next().map(|s| s.id.clone());
    let one_row = match table {
        Some(t) => format!(r#"{{"{t}":[{{}}]}}"#),
        None => "{}".to_string(),
    };
    for doc in ["{}", one_row.as_str()] {
        let values = community_forms::json::parse(doc).unwrap_or(community_forms::json::Value::Null);
        let _ = community_forms::evaluate_form(form.clone(), &values, Default::default());
    }
});
