//! The spec file format, as written by a spec author (JSON). `docs/spec.schema.json` describes
//! the same format for editors; `compile.rs` checks everything the schema cannot.

use serde::Deserialize;

/// Text in both locales.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct L10n {
    #[serde(rename = "zh-CN")]
    pub zh: String,
    pub en: String,
}

impl L10n {
    pub fn get(&self, en: bool) -> &str {
        if en {
            &self.en
        } else {
            &self.zh
        }
    }
}

/// The policy document a form comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// How to cite it: `北碚民发〔2020〕77号`.
    pub document: String,
    /// The document's title.
    pub title: L10n,
    pub year: u16,
    /// The seed file it was distilled from, if any.
    #[serde(default)]
    pub seed: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Stable form id (`facility-ledger`).
    pub id: String,
    pub title: L10n,
    pub source: Source,
    #[serde(default)]
    pub description: Option<L10n>,
    /// Named numbers and dates from the policy, with their units and citations.
    #[serde(default)]
    pub constants: Vec<ConstantDef>,
    /// Header fields (not in a table), computed ones included.
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    #[serde(default)]
    pub tables: Vec<TableDef>,
    /// Rules on header fields and on table aggregates.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstantDef {
    pub id: String,
    /// A decimal number, or a date written `2020-12-31`.
    pub value: String,
    /// `number` (default) or `date`.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub label: Option<L10n>,
    #[serde(default)]
    pub citation: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OptionDef {
    Plain(String),
    WithAliases {
        value: String,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        en: Option<String>,
    },
}

impl OptionDef {
    pub fn value(&self) -> &str {
        match self {
            OptionDef::Plain(v) | OptionDef::WithAliases { value: v, .. } => v,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub id: String,
    pub label: L10n,
    #[serde(rename = "type")]
    pub kind: String,
    /// Unit expression (`m2`, `万元`, `m2/户`); defaults from the type.
    #[serde(default)]
    pub unit: Option<String>,
    /// How to show the unit when the default label does not read well (`m²/百户`).
    #[serde(default)]
    pub unit_label: Option<L10n>,
    /// Decimals kept and shown.
    #[serde(default)]
    pub scale: Option<u32>,
    /// Pad the display to `scale` decimals.
    #[serde(default)]
    pub fixed: Option<bool>,
    #[serde(default)]
    pub required: bool,
    /// Required only when this formula is true.
    #[serde(default)]
    pub required_when: Option<String>,
    /// The value a blank input stands for in formulas (`"0"`).
    #[serde(default)]
    pub blank: Option<String>,
    #[serde(default)]
    pub options: Vec<OptionDef>,
    #[serde(default)]
    pub max_length: Option<usize>,
    #[serde(default)]
    pub multiline: bool,
    /// Image MIME types accepted.
    #[serde(default)]
    pub accept: Option<Vec<String>>,
    #[serde(default)]
    pub max_bytes: Option<u64>,
    /// A computed field's formula.
    #[serde(default)]
    pub formula: Option<String>,
    #[serde(default)]
    pub citation: Option<String>,
    #[serde(default)]
    pub help: Option<L10n>,
    /// Other names for the field, as column headers in spreadsheets (`便民服务中心`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub id: String,
    pub label: L10n,
    /// The field that names a row for a reader (`community`).
    #[serde(default)]
    pub row_label: Option<String>,
    #[serde(default)]
    pub max_rows: Option<usize>,
    pub fields: Vec<FieldDef>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    /// The field (or, at header level, the table) the issue is shown on.
    pub field: String,
    /// The rule applies only when this is true.
    #[serde(default)]
    pub when: Option<String>,
    /// Must be true, else the issue is raised.
    #[serde(default)]
    pub assert: Option<String>,
    /// Table rules only: this column's values must be unique within the table.
    #[serde(default)]
    pub unique: Option<String>,
    /// `error` or `warning`.
    pub severity: String,
    pub message: L10n,
    pub citation: String,
}
