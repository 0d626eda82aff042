//! Any bytes as a values document for every built-in form.
#![no_main]
use libfuzzer_sys::fuzz_target;

thread_local! {
    // Compiling the built-in specs once, not per input, keeps executions per second high.
    static REG: community_forms::Registry = community_forms::Registry::builtin();
}

fuzz_target!(|data: &[u8]| REG.with(|reg| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for id in reg.ids().map(str::to_string).collect::<Vec<_>>() {
        let _ = reg.evaluate(&id, text, community_forms::Options { locale: community_forms::Locale::En, explain: true });
    }
}));
