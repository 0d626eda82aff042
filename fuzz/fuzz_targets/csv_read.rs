//! Any bytes as a ledger CSV: read, mapped to the main table, evaluated.
#![no_main]
use libfuzzer_sys::fuzz_target;

thread_local! {
    // Compiling the built-in specs once, not per input, keeps executions per second high.
    static REG: community_forms::Registry = community_forms::Registry::builtin();
}

fuzz_target!(|data: &[u8]| REG.with(|reg| {
    let text = String::from_utf8_lossy(data);
    let delim = community_forms::csv::detect_delimiter(&text);
    let Ok(records) = community_forms::csv::parse(&text, delim) else { return };
    let Ok(form) = reg.get("facility-ledger") else { return };
    let Some(table) = form.main_table() else { return };
    let (values, _) = community_forms::csv::records_to_values(&form, table, &records);
    let _ = community_forms::evaluate_form(form, &values, Default::default());
}));
