//! The built-in form specs (data files beside this module), embedded at build time.

/// (form id, spec JSON) for every built-in form, in catalogue order (DOMAIN.md).
#[cfg(feature = "compiler")]
pub const BUILTIN: &[(&str, &str)] = &[
    ("facility-ledger", include_str!("facility-ledger.json")),
    ("poverty-project-filing", include_str!("poverty-project-filing.json")),
    ("demo-project-filing", include_str!("demo-project-filing.json")),
    ("poverty-project-acceptance", include_str!("poverty-project-acceptance.json")),
    ("demo-project-completion", include_str!("demo-project-completion.json")),
    ("project-allocation", include_str!("project-allocation.json")),
    ("jinjiang-governance-application", include_str!("jinjiang-governance-application.json")),
    ("service-indicators", include_str!("service-indicators.json")),
    ("cadre-pay-standard", include_str!("cadre-pay-standard.json")),
];

/// Built-in data sets that specs reference (`"references": [{ "data": … }]`): the seeds' own
/// tables, read correctly.
#[cfg(feature = "compiler")]
pub const BUILTIN_DATA: &[(&str, &str)] =
    &[("project-allocation-2019", include_str!("data/project-allocation-2019.json"))];

/// Without the spec compiler (the browser package's size build): the same forms precompiled by
/// `community-forms precompile` (scripts/build.sh writes the file and names it here).
#[cfg(not(feature = "compiler"))]
pub const BUILTIN_WIRE: &[u8] = include_bytes!(env!(
    "CF_BUILTIN_WIRE",
    "a build without the `compiler` feature needs CF_BUILTIN_WIRE: the file `community-forms precompile` writes"
));
