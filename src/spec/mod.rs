//! Form specifications: the file format (model.rs) and its compilation into a checked,
//! evaluable form (compile.rs): names resolved, types and units checked, cycles refused,
//! dependencies known.

#[cfg(feature = "compiler")]
pub mod compile;
#[cfg(feature = "compiler")]
pub mod model;

use std::fmt;
use std::rc::Rc;

use crate::formula::{Code, Ty};
use crate::value::FieldType;
#[cfg(feature = "compiler")]
pub use compile::compile;
#[cfg(feature = "compiler")]
pub use model::SpecFile;

/// Largest spec file accepted, in bytes.
pub const MAX_SPEC_BYTES: usize = 2_000_000;

/// Text in both locales.
#[derive(Debug, Clone, PartialEq)]
pub struct L10n {
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
#[derive(Debug, Clone)]
pub struct Source {
    /// How to cite it: `北碚民发〔2020〕77号`.
    pub document: String,
    /// The document's title.
    pub title: L10n,
    pub year: u16,
    /// The seed file it was distilled from, if any.
    pub seed: Option<String>,
}

/// Why a spec was refused: which spec, where in it, and (for formulas) where in the formula.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecError {
    pub spec: String,
    /// `field \`total_area\``, `rule \`compliance_year_reached\``; empty for the whole file.
    pub location: String,
    /// The formula and the 0-based character position in it, when the error is in one.
    pub formula: Option<(String, usize)>,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "spec `{}`", self.spec)?;
        if !self.location.is_empty() {
            write!(f, ", {}", self.location)?;
        }
        match &self.formula {
            Some((text, pos)) => {
                write!(f, ", at character {}: {}", pos.saturating_add(1), self.message)?;
                let mut caret = String::new();
                for c in text.chars().take(*pos) {
                    caret.push(if c.is_ascii() { ' ' } else { '　' });
                }
                write!(f, "\n    {text}\n    {caret}^")
            }
            None => write!(f, ": {}", self.message),
        }
    }
}

impl std::error::Error for SpecError {}

listed_enum! {
    /// `error` blocks submission; `warning` is shown but does not.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Severity {
        Error,
        Warning,
    }
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Finds other forms (and built-in data sets) while a spec that references them compiles.
pub trait Resolver {
    fn form(&self, id: &str) -> Result<Rc<Form>, String>;
    fn data(&self, name: &str) -> Option<crate::json::Value>;
}

/// For specs that reference nothing.
pub struct NoForms;

impl Resolver for NoForms {
    fn form(&self, id: &str) -> Result<Rc<Form>, String> {
        Err(format!("form `{id}` is not available here"))
    }
    fn data(&self, _: &str) -> Option<crate::json::Value> {
        None
    }
}

/// Another form this one reads.
#[derive(Debug)]
pub struct Reference {
    pub id: String,
    pub form: Rc<Form>,
    /// Values used when the caller gives none (a built-in data set).
    pub data: Option<crate::json::Value>,
}

/// A compiled form, ready to evaluate.
#[derive(Debug)]
pub struct Form {
    pub id: String,
    pub title: L10n,
    pub source: Source,
    pub description: Option<L10n>,
    /// Scope 0 is the header; scopes 1.. are the tables in spec order.
    pub scopes: Vec<Scope>,
    pub nodes: Vec<NodeDef>,
    /// Every non-input node, in an order where each comes after what it reads.
    pub order: Vec<u32>,
    /// Position of each node in `order` (inputs: 0).
    pub rank: Vec<u32>,
    /// For each node, the nodes that read it.
    pub dependents: Vec<Vec<u32>>,
    /// Other forms this one reads.
    pub references: Vec<Reference>,
    /// The spec as written, for generated documentation.
    /// (`None` for a form read precompiled.)
    #[cfg(feature = "compiler")]
    pub spec: Option<SpecFile>,
}

/// The header or one table.
#[derive(Debug)]
pub struct Scope {
    pub id: String,
    pub label: L10n,
    pub is_table: bool,
    /// Value slot → node.
    pub slots: Vec<u32>,
    /// The slot of the field that names a row for a reader.
    pub row_label: Option<u32>,
    pub max_rows: usize,
    /// Slot → nodes whose issues are shown on that field.
    pub attached: Vec<Vec<u32>>,
    /// Tables only: header-level rules whose issues are shown on the table itself.
    pub table_rules: Vec<u32>,
}

#[derive(Debug)]
pub struct NodeDef {
    pub id: String,
    pub scope: u32,
    /// The node's value slot in its scope (fields and aggregates; not rules).
    pub slot: Option<u32>,
    pub label: L10n,
    pub citation: Rc<str>,
    /// Other names (spreadsheet column headers).
    pub aliases: Vec<String>,
    /// What a blank input stands for in formulas (`"blank": "0"`).
    pub default: Option<crate::value::Val>,
    pub kind: NodeKind,
    /// Nodes this one reads.
    pub deps: Vec<u32>,
}

listed_enum! {
    /// The ways a table column can be summarised into one header value.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum AggKind {
        Sum,
        CountRows,
        CountIf,
        Min,
        Max,
    }
}

#[derive(Debug)]
pub enum NodeKind {
    Input { ft: FieldType, unit_label: L10n },
    Computed { ft: FieldType, unit_label: L10n, code: Code, formula: String },
    Aggregate { table: u32, kind: AggKind, contrib: Option<Code>, ft: FieldType, unit_label: L10n },
    Rule(Box<RuleNode>),
}

/// Where a rule's issue is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// A field of the rule's own scope (a header field, or a column for a row).
    Field(u32),
    /// A table (scope index), for header rules on aggregates.
    Table(u32),
}

#[derive(Debug)]
pub enum RuleMessage {
    /// The built-in "required" message.
    Required,
    /// The spec's own zh-CN and English templates.
    Template([Template; 2]),
}

impl RuleMessage {
    /// The template's parts in one language (none for the built-in message).
    pub fn parts(&self, en: bool) -> &[TemplatePart] {
        match self {
            RuleMessage::Template([zh, en_t]) => (if en { en_t } else { zh }).0.as_slice(),
            RuleMessage::Required => &[],
        }
    }
}

#[derive(Debug)]
pub enum RuleCheck {
    /// Raise when `assert` is false (and `when`, if any, is true).
    Assert { when: Option<Code>, assert: Code },
    /// Raise on every row whose value of this column also appears on another row.
    Unique { column: u32 },
}

#[derive(Debug)]
pub struct RuleNode {
    pub attach: Attach,
    pub check: RuleCheck,
    pub severity: Severity,
    pub message: RuleMessage,
    pub code: Rc<str>,
}

/// A message template: text with `{formula}` placeholders, compiled at load.
#[derive(Debug, Default)]
pub struct Template(pub Vec<TemplatePart>);

#[derive(Debug)]
pub enum TemplatePart {
    Text(Rc<str>),
    /// A formula; `node` is the field it names directly, for display scale and unit.
    Value {
        code: Code,
        ty: Ty,
        node: Option<u32>,
    },
    /// The label of the field the rule is shown on.
    Label,
    /// The 1-based row number.
    Row,
    /// The other rows with the same value (unique rules).
    Rows,
}

impl Form {
    pub fn node(&self, id: u32) -> Option<&NodeDef> {
        usize::try_from(id).ok().and_then(|i| self.nodes.get(i))
    }

    pub fn scope(&self, id: u32) -> Option<&Scope> {
        usize::try_from(id).ok().and_then(|i| self.scopes.get(i))
    }

    /// The node holding a value slot of a scope.
    pub fn slot_node(&self, scope: u32, slot: u32) -> Option<&NodeDef> {
        let s = self.scope(scope)?;
        let n = *s.slots.get(usize::try_from(slot).ok()?)?;
        self.node(n)
    }

    /// Finds a field by id in a scope.
    pub fn field_slot(&self, scope: u32, id: &str) -> Option<u32> {
        let s = self.scope(scope)?;
        s.slots.iter().position(|&n| self.node(n).is_some_and(|d| d.id == id)).and_then(|p| u32::try_from(p).ok())
    }

    /// Finds a table by id; returns its scope index.
    pub fn table(&self, id: &str) -> Option<u32> {
        self.scopes.iter().position(|s| s.is_table && s.id == id).and_then(|p| u32::try_from(p).ok())
    }

    /// The main table (the first), which a CSV file fills.
    pub fn main_table(&self) -> Option<u32> {
        self.scopes.iter().position(|s| s.is_table).and_then(|p| u32::try_from(p).ok())
    }
}
