//! Any bytes as a spec file: refused or loaded, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(form) = community_forms::spec::compile::compile_json(text) {
            // A spec that loads evaluates an empty document.
            let _ = community_forms::evaluate_form(std::rc::Rc::new(form), &community_forms::json::Value::Object(vec![]), Default::default());
        }
    }
});
