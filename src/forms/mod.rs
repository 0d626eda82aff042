//! The built-in form specs (data files beside this module), embedded at build time.

/// (form id, spec JSON) for every built-in form, in catalogue order (DOMAIN.md).
pub const BUILTIN: &[(&str, &str)] = &[
    ("facility-ledger", include_str!("facility-ledger.json")),
    ("cadre-pay-standard", include_str!("cadre-pay-standard.json")),
];
