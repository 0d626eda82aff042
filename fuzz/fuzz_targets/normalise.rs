//! Any text typed into any field type of every built-in form.
#![no_main]
use libfuzzer_sys::fuzz_target;

thread_local! {
    // Compiling the built-in specs once, not per input, keeps executions per second high.
    static REG: community_forms::Registry = community_forms::Registry::builtin();
}

fuzz_target!(|data: &[u8]| REG.with(|reg| {
    let Ok(typed) = std::str::from_utf8(data) else { return };
    let _ = community_forms::value::date::parse_date(typed);
    let _ = community_forms::value::ids::check_id_card(typed);
    let _ = community_forms::value::ids::valid_phone(typed);
    for id in ["facility-ledger", "poverty-project-acceptance", "cadre-pay-standard"] {
        let Ok(form) = reg.get(id) else { continue };
        let mut doc = String::from("{");
        let mut first = true;
        for scope in form.scopes.iter().take(1) {
            for &n in &scope.slots {
                let Some(node) = form.node(n) else { continue };
                if !first {
                    doc.push(',');
                }
                first = false;
                community_forms::json::escape(&node.id, &mut doc);
                doc.push(':');
                community_forms::json::escape(typed, &mut doc);
            }
        }
        doc.push('}');
        let _ = reg.evaluate(id, &doc, Default::default());
    }
}));
