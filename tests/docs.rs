//! docs/forms.md is generated from the specs and must be current.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

#[test]
fn forms_reference_is_current() {
    let got = community_forms::docs::forms_markdown(&community_forms::Registry::builtin());
    common::golden("docs/forms.md", &got, "run `cargo run -- docs > docs/forms.md`");
}
