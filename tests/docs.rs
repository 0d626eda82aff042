//! docs/forms.md is generated from the specs and must be current.
#![allow(clippy::unwrap_used, clippy::panic)]

#[test]
fn forms_reference_is_current() {
    let got = community_forms::docs::forms_markdown(&community_forms::Registry::builtin());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/forms.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        got == want,
        "docs/forms.md is stale: run `cargo run -- docs > docs/forms.md` (or UPDATE_GOLDEN=1 cargo test --test docs)"
    );
}
