//! The spec file format, as written by a spec author (JSON). `docs/spec.schema.json` describes
//! the same format for editors; `compile.rs` checks everything the schema cannot.
//!
//! Decoding is explicit (no serde): every error names the spec, the place in it and the key,
//! and an unknown key is refused, since a misspelt `requried` would otherwise pass silently.

use super::{L10n, Source, SpecError};
use crate::json::Value;

#[derive(Debug, Clone)]
pub struct SpecFile {
    pub schema: Option<String>,
    /// Stable form id (`facility-ledger`).
    pub id: String,
    pub title: L10n,
    pub source: Source,
    pub description: Option<L10n>,
    /// Named numbers and dates from the policy, with their units and citations.
    pub constants: Vec<ConstantDef>,
    /// Header fields (not in a table), computed ones included.
    pub fields: Vec<FieldDef>,
    pub tables: Vec<TableDef>,
    /// Rules on header fields and on table aggregates.
    pub rules: Vec<RuleDef>,
    /// Other forms whose values this one reads (`lookup`).
    pub references: Vec<ReferenceDef>,
}

/// Another form this one reads, with the built-in data set used when the caller gives none.
#[derive(Debug, Clone)]
pub struct ReferenceDef {
    /// The name formulas use (`allocation`).
    pub id: String,
    /// The referenced form's id.
    pub form: String,
    /// A built-in data set (`src/forms/data/<name>.json`).
    pub data: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ConstantDef {
    pub id: String,
    /// A decimal number, or a date written `2020-12-31`.
    pub value: String,
    /// `number` (default) or `date`.
    pub kind: Option<String>,
    pub unit: Option<String>,
    pub label: Option<L10n>,
    pub citation: Option<String>,
}

#[derive(Debug, Clone)]
pub enum OptionDef {
    Plain(String),
    WithAliases { value: String, aliases: Vec<String>, en: Option<String> },
}

impl OptionDef {
    pub fn value(&self) -> &str {
        match self {
            OptionDef::Plain(v) | OptionDef::WithAliases { value: v, .. } => v,
        }
    }
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub id: String,
    pub label: L10n,
    pub kind: String,
    /// Unit expression (`m2`, `万元`, `m2/户`); defaults from the type.
    pub unit: Option<String>,
    /// How to show the unit when the default label does not read well (`m²/百户`).
    pub unit_label: Option<L10n>,
    /// Decimals kept and shown.
    pub scale: Option<u32>,
    /// Pad the display to `scale` decimals.
    pub fixed: Option<bool>,
    pub required: bool,
    /// Required only when this formula is true.
    pub required_when: Option<String>,
    /// The value a blank input stands for in formulas (`"0"`).
    pub blank: Option<String>,
    pub options: Vec<OptionDef>,
    pub max_length: Option<usize>,
    pub multiline: bool,
    /// Image MIME types accepted.
    pub accept: Option<Vec<String>>,
    pub max_bytes: Option<u64>,
    /// A computed field's formula.
    pub formula: Option<String>,
    pub citation: Option<String>,
    pub help: Option<L10n>,
    /// Other names for the field, as column headers in spreadsheets (`便民服务中心`).
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct TableDef {
    pub id: String,
    pub label: L10n,
    /// The field that names a row for a reader (`community`).
    pub row_label: Option<String>,
    pub max_rows: Option<usize>,
    pub fields: Vec<FieldDef>,
    pub rules: Vec<RuleDef>,
}

#[derive(Debug, Clone)]
pub struct RuleDef {
    pub id: String,
    /// The field (or, at header level, the table) the issue is shown on.
    pub field: String,
    /// The rule applies only when this is true.
    pub when: Option<String>,
    /// Must be true, else the issue is raised.
    pub assert: Option<String>,
    /// Table rules only: this column's values must be unique within the table.
    pub unique: Option<String>,
    /// `error` or `warning`.
    pub severity: String,
    pub message: L10n,
    pub citation: String,
}

/// Reads one JSON object of a spec, remembering which keys were used.
struct Obj<'a> {
    spec: &'a str,
    at: String,
    entries: &'a [(String, Value)],
    used: Vec<bool>,
}

impl<'a> Obj<'a> {
    fn new(v: &'a Value, spec: &'a str, at: String) -> Result<Obj<'a>, SpecError> {
        match v {
            Value::Object(entries) => Ok(Obj { spec, at, entries, used: vec![false; entries.len()] }),
            other => Err(err(spec, &at, format!("expected an object, found {}", other.kind()))),
        }
    }

    fn err(&self, message: String) -> SpecError {
        err(self.spec, &self.at, message)
    }

    fn take(&mut self, key: &str) -> Option<&'a Value> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
        self.entries.get(i).map(|(_, v)| v).filter(|v| !matches!(v, Value::Null))
    }

    fn req_str(&mut self, key: &str) -> Result<String, SpecError> {
        self.opt_str(key)?.ok_or_else(|| self.err(format!("missing `{key}`")))
    }

    fn opt_str(&mut self, key: &str) -> Result<Option<String>, SpecError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) if key == "value" => Ok(Some(n.clone())),
            Some(other) => Err(self.err(format!("`{key}` must be a string, found {}", other.kind()))),
        }
    }

    fn opt_bool(&mut self, key: &str) -> Result<bool, SpecError> {
        match self.take(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(self.err(format!("`{key}` must be true or false, found {}", other.kind()))),
        }
    }

    fn opt_fixed(&mut self, key: &str) -> Result<Option<bool>, SpecError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.err(format!("`{key}` must be true or false, found {}", other.kind()))),
        }
    }

    fn opt_u64(&mut self, key: &str) -> Result<Option<u64>, SpecError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Number(n)) => {
                n.parse().map(Some).map_err(|_| self.err(format!("`{key}` must be a whole number ≥ 0, found {n}")))
            }
            Some(other) => Err(self.err(format!("`{key}` must be a number, found {}", other.kind()))),
        }
    }

    fn opt_u32(&mut self, key: &str) -> Result<Option<u32>, SpecError> {
        self.opt_u64(key)?.map(|n| u32::try_from(n).map_err(|_| self.err(format!("`{key}` is too large")))).transpose()
    }

    fn opt_usize(&mut self, key: &str) -> Result<Option<usize>, SpecError> {
        self.opt_u64(key)?
            .map(|n| usize::try_from(n).map_err(|_| self.err(format!("`{key}` is too large"))))
            .transpose()
    }

    fn l10n(&mut self, key: &str) -> Result<L10n, SpecError> {
        self.opt_l10n(key)?.ok_or_else(|| self.err(format!("missing `{key}` (an object with \"zh-CN\" and \"en\")")))
    }

    fn opt_l10n(&mut self, key: &str) -> Result<Option<L10n>, SpecError> {
        let Some(v) = self.take(key) else { return Ok(None) };
        let at = if self.at.is_empty() { format!("`{key}`") } else { format!("{} `{key}`", self.at) };
        let mut o = Obj::new(v, self.spec, at)?;
        let l = L10n { zh: o.req_str("zh-CN")?, en: o.req_str("en")? };
        o.finish()?;
        Ok(Some(l))
    }

    fn str_list(&mut self, key: &str) -> Result<Vec<String>, SpecError> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| {
                    x.as_str().map(str::to_string).ok_or_else(|| self.err(format!("`{key}` must be a list of strings")))
                })
                .collect(),
            Some(other) => Err(self.err(format!("`{key}` must be a list of strings, found {}", other.kind()))),
        }
    }

    fn list(&mut self, key: &str) -> Result<&'a [Value], SpecError> {
        match self.take(key) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(other) => Err(self.err(format!("`{key}` must be a list, found {}", other.kind()))),
        }
    }

    /// Refuses keys the format does not know.
    fn finish(self) -> Result<(), SpecError> {
        for ((k, _), used) in self.entries.iter().zip(&self.used) {
            if !used {
                return Err(self.err(format!("unknown key `{k}`")));
            }
        }
        Ok(())
    }
}

fn err(spec: &str, at: &str, message: String) -> SpecError {
    SpecError { spec: spec.to_string(), location: at.to_string(), formula: None, message }
}

/// The id of the thing at `v`, for naming it in errors before it is decoded.
fn id_of(v: &Value) -> String {
    v.get("id").and_then(Value::as_str).unwrap_or("?").to_string()
}

impl SpecFile {
    /// Decodes a spec document.
    pub fn from_json(v: &Value) -> Result<SpecFile, SpecError> {
        let id = match v.get("id") {
            Some(Value::String(s)) => s.clone(),
            _ => "?".to_string(),
        };
        let spec = id.as_str();
        let mut o = Obj::new(v, spec, String::new())?;
        let schema = o.opt_str("$schema")?;
        let id = o.req_str("id")?;
        let title = o.l10n("title")?;
        let source = {
            let sv = o.take("source").ok_or_else(|| err(spec, "", "missing `source`".into()))?;
            let mut so = Obj::new(sv, spec, "`source`".into())?;
            let s = Source {
                document: so.req_str("document")?,
                title: so.l10n("title")?,
                year: u16::try_from(so.opt_u64("year")?.ok_or_else(|| so.err("missing `year`".into()))?)
                    .map_err(|_| so.err("`year` is not a year".into()))?,
                seed: so.opt_str("seed")?,
            };
            so.finish()?;
            s
        };
        let description = o.opt_l10n("description")?;
        let constants =
            o.list("constants")?.iter().map(|c| ConstantDef::from_json(c, spec)).collect::<Result<_, _>>()?;
        let fields = o.list("fields")?.iter().map(|f| FieldDef::from_json(f, spec, "")).collect::<Result<_, _>>()?;
        let tables = o.list("tables")?.iter().map(|t| TableDef::from_json(t, spec)).collect::<Result<_, _>>()?;
        let rules = o.list("rules")?.iter().map(|r| RuleDef::from_json(r, spec)).collect::<Result<_, _>>()?;
        let references = o
            .list("references")?
            .iter()
            .map(|r| {
                let mut ro = Obj::new(r, spec, format!("reference `{}`", id_of(r)))?;
                let d = ReferenceDef { id: ro.req_str("id")?, form: ro.req_str("form")?, data: ro.opt_str("data")? };
                ro.finish()?;
                Ok(d)
            })
            .collect::<Result<_, SpecError>>()?;
        o.finish()?;
        Ok(SpecFile { schema, id, title, source, description, constants, fields, tables, rules, references })
    }
}

impl ConstantDef {
    fn from_json(v: &Value, spec: &str) -> Result<ConstantDef, SpecError> {
        let mut o = Obj::new(v, spec, format!("constant `{}`", id_of(v)))?;
        let c = ConstantDef {
            id: o.req_str("id")?,
            value: o.req_str("value")?,
            kind: o.opt_str("kind")?,
            unit: o.opt_str("unit")?,
            label: o.opt_l10n("label")?,
            citation: o.opt_str("citation")?,
        };
        o.finish()?;
        Ok(c)
    }
}

impl OptionDef {
    fn from_json(v: &Value, spec: &str, at: &str) -> Result<OptionDef, SpecError> {
        if let Value::String(s) = v {
            return Ok(OptionDef::Plain(s.clone()));
        }
        let mut o = Obj::new(v, spec, format!("{at} option"))?;
        let d = OptionDef::WithAliases {
            value: o.req_str("value")?,
            aliases: o.str_list("aliases")?,
            en: o.opt_str("en")?,
        };
        o.finish()?;
        Ok(d)
    }
}

impl FieldDef {
    fn from_json(v: &Value, spec: &str, table: &str) -> Result<FieldDef, SpecError> {
        let at =
            if table.is_empty() { format!("field `{}`", id_of(v)) } else { format!("field `{table}.{}`", id_of(v)) };
        let mut o = Obj::new(v, spec, at.clone())?;
        let accept = match o.take("accept") {
            None => None,
            Some(_) => {
                // Re-read as a list of strings (take marked it used).
                let list = v
                    .get("accept")
                    .and_then(Value::as_array)
                    .ok_or_else(|| o.err("`accept` must be a list of MIME types".into()))?;
                Some(
                    list.iter()
                        .map(|x| {
                            x.as_str()
                                .map(str::to_string)
                                .ok_or_else(|| o.err("`accept` must be a list of MIME types".into()))
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                )
            }
        };
        let f = FieldDef {
            id: o.req_str("id")?,
            label: o.l10n("label")?,
            kind: o.req_str("type")?,
            unit: o.opt_str("unit")?,
            unit_label: o.opt_l10n("unit_label")?,
            scale: o.opt_u32("scale")?,
            fixed: o.opt_fixed("fixed")?,
            required: o.opt_bool("required")?,
            required_when: o.opt_str("required_when")?,
            blank: o.opt_str("blank")?,
            options: o.list("options")?.iter().map(|x| OptionDef::from_json(x, spec, &at)).collect::<Result<_, _>>()?,
            max_length: o.opt_usize("max_length")?,
            multiline: o.opt_bool("multiline")?,
            accept,
            max_bytes: o.opt_u64("max_bytes")?,
            formula: o.opt_str("formula")?,
            citation: o.opt_str("citation")?,
            help: o.opt_l10n("help")?,
            aliases: o.str_list("aliases")?,
        };
        o.finish()?;
        Ok(f)
    }
}

impl TableDef {
    fn from_json(v: &Value, spec: &str) -> Result<TableDef, SpecError> {
        let id = id_of(v);
        let mut o = Obj::new(v, spec, format!("table `{id}`"))?;
        let t = TableDef {
            id: o.req_str("id")?,
            label: o.l10n("label")?,
            row_label: o.opt_str("row_label")?,
            max_rows: o.opt_usize("max_rows")?,
            fields: o.list("fields")?.iter().map(|f| FieldDef::from_json(f, spec, &id)).collect::<Result<_, _>>()?,
            rules: o.list("rules")?.iter().map(|r| RuleDef::from_json(r, spec)).collect::<Result<_, _>>()?,
        };
        o.finish()?;
        Ok(t)
    }
}

impl RuleDef {
    fn from_json(v: &Value, spec: &str) -> Result<RuleDef, SpecError> {
        let mut o = Obj::new(v, spec, format!("rule `{}`", id_of(v)))?;
        let r = RuleDef {
            id: o.req_str("id")?,
            field: o.req_str("field")?,
            when: o.opt_str("when")?,
            assert: o.opt_str("assert")?,
            unique: o.opt_str("unique")?,
            severity: o.req_str("severity")?,
            message: o.l10n("message")?,
            citation: o.req_str("citation")?,
        };
        o.finish()?;
        Ok(r)
    }
}
