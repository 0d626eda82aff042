//! Any text as a formula of a small spec: a load error or a working form.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(formula) = std::str::from_utf8(data) else { return };
    let _ = community_forms::formula::parse::parse(formula);
    let mut spec = String::from(r#"{"id":"f","title":{"zh-CN":"f","en":"f"},"source":{"document":"d","title":{"zh-CN":"t","en":"t"},"year":2026},
      "fields":[{"id":"a","label":{"zh-CN":"a","en":"a"},"type":"area_m2"},{"id":"h","label":{"zh-CN":"h","en":"h"},"type":"households"},
                {"id":"d","label":{"zh-CN":"d","en":"d"},"type":"date"},{"id":"t","label":{"zh-CN":"t","en":"t"},"type":"text"},
                {"id":"x","label":{"zh-CN":"x","en":"x"},"type":"number","unit":"m2/户","formula":"#);
    community_forms::json::escape(formula, &mut spec);
    spec.push_str("}]}");
    if let Ok(form) = community_forms::spec::compile::compile_json(&spec) {
        let doc = community_forms::json::parse(r#"{"a":"1250","h":"3800","d":"2020-12-31","t":"x"}"#).unwrap_or_default();
        let _ = community_forms::evaluate_form(std::rc::Rc::new(form), &doc, Default::default());
    }
});
