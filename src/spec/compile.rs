//! Turns a spec file into a `Form`: every name resolved, every formula type- and unit-checked,
//! computed fields ordered, cycles refused. A spec that loads cannot fail at evaluation time
//! except on the user's numbers (overflow, division by zero), which are field errors.

use std::rc::Rc;

use rust_decimal::Decimal;

use super::model::{FieldDef, RuleDef, SpecFile};
use super::L10n;
use super::{
    AggKind, Attach, Form, NodeDef, NodeKind, RuleCheck, RuleMessage, RuleNode, Scope, Severity, SpecError, Template,
    TemplatePart, MAX_SPEC_BYTES,
};
use crate::formula::parse::{self, Ast, BinOp, Node};
use crate::formula::{Code, Func, PatternPart, Place, Ty};
use crate::units::Unit;
use crate::value::{self, Date, FieldType, Kind, NumberRule, Opt, Val};

/// Parses and compiles a spec from JSON text (a spec that references no other form).
pub fn compile_json(text: &str) -> Result<Form, SpecError> {
    compile_json_with(text, &super::NoForms)
}

/// Parses and compiles a spec, finding the forms it references through `resolver`.
pub fn compile_json_with(text: &str, resolver: &dyn super::Resolver) -> Result<Form, SpecError> {
    let whole = |message: String| SpecError { spec: "?".into(), location: String::new(), formula: None, message };
    if text.len() > MAX_SPEC_BYTES {
        return Err(whole(format!("spec file too large ({} bytes; at most {MAX_SPEC_BYTES})", text.len())));
    }
    let doc = crate::json::parse(text).map_err(|e| whole(format!("not a valid spec file: {e}")))?;
    compile_with(SpecFile::from_json(&doc)?, resolver)
}

const HEADER: u32 = 0;

/// A small map with linear lookup. A spec has tens of names; one simple map type instead of
/// several hash maps keeps the wasm small.
struct Small<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Small<K, V> {
    fn new() -> Self {
        Small { entries: Vec::new() }
    }

    fn get<Q: ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: PartialEq<Q>,
    {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn contains_key<Q: ?Sized>(&self, key: &Q) -> bool
    where
        K: PartialEq<Q>,
    {
        self.get(key).is_some()
    }

    /// Inserts unless the key exists; returns the existing value then.
    fn insert(&mut self, key: K, value: V) -> Option<&V>
    where
        K: PartialEq,
    {
        match self.entries.iter().position(|(k, _)| *k == key) {
            Some(i) => self.entries.get(i).map(|(_, v)| v),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }
}

/// (evaluation order, rank of each node in it, dependents of each node)
type Ordering = (Vec<u32>, Vec<u32>, Vec<Vec<u32>>);

struct Builder {
    spec_id: String,
    scopes: Vec<Scope>,
    nodes: Vec<NodeDef>,
    /// scope → field id → node
    names: Vec<Small<String, u32>>,
    constants: Small<String, (Val, Ty, String)>,
    /// aggregate text → node, so `sum(t.x)` written twice is one node
    aggregates: Vec<u32>,
    /// node → the value a blank input stands for
    defaults: Small<u32, Val>,
    references: Vec<super::Reference>,
    default_citation: Rc<str>,
}

/// Compiles a parsed spec that references no other form.
pub fn compile(spec: SpecFile) -> Result<Form, SpecError> {
    compile_with(spec, &super::NoForms)
}

/// Compiles a parsed spec.
pub fn compile_with(spec: SpecFile, resolver: &dyn super::Resolver) -> Result<Form, SpecError> {
    let mut b = Builder {
        spec_id: spec.id.clone(),
        scopes: Vec::new(),
        nodes: Vec::new(),
        names: Vec::new(),
        constants: Small::new(),
        aggregates: Vec::new(),
        defaults: Small::new(),
        references: Vec::new(),
        default_citation: spec.source.document.as_str().into(),
    };
    b.check_id(&spec.id, "the form id")?;
    b.constants(&spec)?;
    for r in &spec.references {
        b.check_id(&r.id, "a reference id")?;
        let location = format!("reference `{}`", r.id);
        let form = resolver.form(&r.form).map_err(|e| b.err(location.clone(), e))?;
        let data = match &r.data {
            Some(name) => Some(
                resolver.data(name).ok_or_else(|| b.err(location.clone(), format!("no built-in data set `{name}`")))?,
            ),
            None => None,
        };
        b.references.push(super::Reference { id: r.id.clone(), form, data });
    }

    // Pass 1: every field gets a node and a slot, so formulas can refer to any of them.
    b.add_scope(&spec.id, spec.title.clone(), false, None, 0);
    for f in &spec.fields {
        b.declare_field(HEADER, f)?;
    }
    for t in &spec.tables {
        b.check_id(&t.id, "a table id")?;
        if b.names.first().is_some_and(|h| h.contains_key(&t.id)) || b.scopes.iter().any(|s| s.id == t.id) {
            return Err(b.err(format!("table `{}`", t.id), "a field or table with this id already exists".into()));
        }
        let scope = b.add_scope(&t.id, t.label.clone(), true, None, t.max_rows.unwrap_or(crate::engine::MAX_ROWS));
        for f in &t.fields {
            b.declare_field(scope, f)?;
        }
        if let Some(label) = &t.row_label {
            let slot =
                b.lookup_own(scope, label).and_then(|n| b.nodes.get(n as usize).and_then(|d| d.slot)).ok_or_else(
                    || b.err(format!("table `{}`", t.id), format!("row_label `{label}` is not a field of the table")),
                )?;
            if let Some(s) = b.scopes.get_mut(scope as usize) {
                s.row_label = Some(slot);
            }
        }
    }

    // Pass 2: defaults, then formulas of computed fields (which may add aggregate nodes).
    b.defaults(HEADER, &spec.fields)?;
    for (i, t) in spec.tables.iter().enumerate() {
        b.defaults(u32::try_from(i.saturating_add(1)).unwrap_or(u32::MAX), &t.fields)?;
    }
    b.compile_fields(HEADER, &spec.fields)?;
    for (i, t) in spec.tables.iter().enumerate() {
        let scope = u32::try_from(i.saturating_add(1)).unwrap_or(u32::MAX);
        b.compile_fields(scope, &t.fields)?;
    }

    // Pass 3: rules, including the implicit "required" ones.
    b.required_rules(HEADER, &spec.fields)?;
    for r in &spec.rules {
        b.rule(HEADER, r)?;
    }
    for (i, t) in spec.tables.iter().enumerate() {
        let scope = u32::try_from(i.saturating_add(1)).unwrap_or(u32::MAX);
        b.required_rules(scope, &t.fields)?;
        for r in &t.rules {
            b.rule(scope, r)?;
        }
    }

    let (order, rank, dependents) = b.order()?;
    Ok(Form {
        id: spec.id.clone(),
        title: spec.title.clone(),
        source: spec.source.clone(),
        description: spec.description.clone(),
        scopes: b.scopes,
        nodes: b.nodes,
        order,
        rank,
        dependents,
        references: std::mem::take(&mut b.references),
        spec: Some(spec),
    })
}

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && s.len() <= 64
}

fn unit_of(ty: Ty) -> Option<Option<Unit>> {
    match ty {
        Ty::Num(u) => Some(Some(u)),
        Ty::Lit => Some(None),
        _ => None,
    }
}

/// Static type of a field's value.
fn field_ty(ft: &FieldType) -> Ty {
    match ft.kind {
        k if k.is_numeric() => Ty::Num(ft.unit),
        Kind::YesNo | Kind::Boolean => Ty::Bool,
        Kind::Date => Ty::Date,
        Kind::Checks | Kind::Image => Ty::List,
        _ => Ty::Text,
    }
}

/// Edit distance, for "did you mean" suggestions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i.saturating_add(1)];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0).saturating_add(usize::from(ca != *cb));
            let del = prev.get(j.saturating_add(1)).copied().unwrap_or(0).saturating_add(1);
            let ins = cur.last().copied().unwrap_or(0).saturating_add(1);
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Context for compiling one formula: where it is evaluated and how to name it in errors.
#[derive(Clone)]
struct Cx<'a> {
    scope: u32,
    location: &'a str,
    text: &'a str,
    /// Inside `sum(t, …)`/`count(t, …)`: the table whose rows the argument reads.
    in_table: Option<u32>,
}

impl Builder {
    fn err(&self, location: String, message: String) -> SpecError {
        SpecError { spec: self.spec_id.clone(), location, formula: None, message }
    }

    fn ferr(&self, cx: &Cx<'_>, pos: usize, message: String) -> SpecError {
        SpecError {
            spec: self.spec_id.clone(),
            location: cx.location.to_string(),
            formula: Some((cx.text.to_string(), pos)),
            message,
        }
    }

    fn check_id(&self, id: &str, what: &str) -> Result<(), SpecError> {
        if is_id(id) {
            Ok(())
        } else {
            Err(self.err(
                String::new(),
                format!("{what} `{id}` must be lower-case ASCII letters, digits, `_` or `-`, starting with a letter"),
            ))
        }
    }

    fn add_scope(&mut self, id: &str, label: L10n, is_table: bool, row_label: Option<u32>, max_rows: usize) -> u32 {
        self.scopes.push(Scope {
            id: id.to_string(),
            label,
            is_table,
            slots: Vec::new(),
            row_label,
            max_rows,
            attached: Vec::new(),
            table_rules: Vec::new(),
        });
        self.names.push(Small::new());
        u32::try_from(self.scopes.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }

    fn constants(&mut self, spec: &SpecFile) -> Result<(), SpecError> {
        for c in &spec.constants {
            self.check_id(&c.id, "a constant id")?;
            let location = format!("constant `{}`", c.id);
            let (val, ty) = match c.kind.as_deref().unwrap_or("number") {
                "number" => {
                    let d = Decimal::from_str_exact(c.value.trim())
                        .map_err(|_| self.err(location.clone(), format!("`{}` is not a decimal number", c.value)))?;
                    let unit =
                        Unit::parse(c.unit.as_deref().unwrap_or("")).map_err(|e| self.err(location.clone(), e))?;
                    (Val::Num(d), Ty::Num(unit))
                }
                "date" => {
                    let d = value::date::parse_date(c.value.trim())
                        .map_err(|_| self.err(location.clone(), format!("`{}` is not a date", c.value)))?;
                    (Val::Date(d), Ty::Date)
                }
                other => return Err(self.err(location, format!("unknown constant kind `{other}` (number or date)"))),
            };
            if self.constants.insert(c.id.clone(), (val, ty, c.value.clone())).is_some() {
                return Err(self.err(location, "declared twice".into()));
            }
        }
        Ok(())
    }

    fn field_type(&self, scope_id: &str, f: &FieldDef) -> Result<(FieldType, L10n), SpecError> {
        let location = format!("field `{scope_id}.{}`", f.id);
        let kind = Kind::parse(&f.kind).ok_or_else(|| {
            self.err(location.clone(), format!("unknown type `{}` (one of: {})", f.kind, Kind::NAMES))
        })?;
        let unit_text = f.unit.clone().unwrap_or_else(|| kind.default_unit().to_string());
        let unit = Unit::parse(&unit_text).map_err(|e| self.err(location.clone(), e))?;
        if f.unit.is_some()
            && !matches!(kind, Kind::Count | Kind::Number | Kind::Percent)
            && unit_text != kind.default_unit()
        {
            return Err(self.err(
                location,
                format!(
                    "a field of type `{}` is always in `{}`; only count, number and percent fields take a unit",
                    f.kind,
                    kind.default_unit()
                ),
            ));
        }
        let (default_scale, default_fixed) = kind.default_scale();
        let scale = f.scale.unwrap_or(default_scale);
        if scale > 10 {
            return Err(self.err(location, "scale must be at most 10".into()));
        }
        let number = kind.is_numeric().then(|| NumberRule {
            unit,
            max_decimals: match kind {
                Kind::Count | Kind::Households | Kind::Year => 0,
                _ => scale,
            },
            min: match kind {
                Kind::Households => Some(Decimal::ONE),
                Kind::Percent | Kind::Number => None,
                Kind::Year => Some(Decimal::from(1000)),
                _ => Some(Decimal::ZERO),
            },
            extra_suffixes: match kind {
                Kind::Year => &["年", "年度"],
                Kind::Percent => &["%", "％"],
                _ => &[],
            },
        });
        let mut options = Vec::new();
        for o in &f.options {
            let (value, aliases, en) = match o {
                super::model::OptionDef::Plain(v) => (v.clone(), Vec::new(), None),
                super::model::OptionDef::WithAliases { value, aliases, en } => {
                    (value.clone(), aliases.clone(), en.clone())
                }
            };
            let mut aliases = aliases;
            if let Some(en) = en {
                aliases.push(en);
            }
            options.push(Opt { value: value.into(), aliases });
        }
        if matches!(kind, Kind::Choice | Kind::Checks) && options.is_empty() {
            return Err(self.err(location, format!("a `{}` field needs `options`", f.kind)));
        }
        let unit_label = f.unit_label.clone().unwrap_or_else(|| L10n {
            zh: if kind == Kind::Percent { "%".into() } else { unit.label(false) },
            en: if kind == Kind::Percent { "%".into() } else { unit.label(true) },
        });
        let ft = FieldType {
            kind,
            unit,
            scale,
            fixed: f.fixed.unwrap_or(default_fixed),
            number,
            options,
            max_length: f.max_length.unwrap_or(if f.multiline { 5000 } else { 200 }).min(value::HARD_MAX_TEXT),
            multiline: f.multiline,
            accept: f.accept.clone().unwrap_or_else(|| vec!["image/jpeg".into(), "image/png".into()]),
            max_bytes: f.max_bytes.unwrap_or(10 * 1024 * 1024),
        };
        Ok((ft, unit_label))
    }

    fn declare_field(&mut self, scope: u32, f: &FieldDef) -> Result<(), SpecError> {
        self.check_id(&f.id, "a field id")?;
        let scope_id = self.scopes.get(scope as usize).map(|s| s.id.clone()).unwrap_or_default();
        if self.names.get(scope as usize).is_some_and(|m| m.contains_key(&f.id)) || self.constants.contains_key(&f.id) {
            return Err(self.err(
                format!("field `{}`", f.id),
                "declared twice (field ids are unique within their table, and distinct from constants)".into(),
            ));
        }
        let (ft, unit_label) = self.field_type(&scope_id, f)?;
        let kind = match &f.formula {
            // The formula is compiled in pass 2; a placeholder keeps the slot.
            Some(formula) => {
                NodeKind::Computed { ft, unit_label, code: Code::Lit(Val::Blank, "".into()), formula: formula.clone() }
            }
            None => {
                if ft.kind == Kind::Boolean {
                    return Err(self.err(
                        format!("field `{}`", f.id),
                        "type `boolean` is for computed fields; an input is `yes_no`".into(),
                    ));
                }
                NodeKind::Input { ft, unit_label }
            }
        };
        let citation: Rc<str> = f.citation.as_deref().map_or_else(|| self.default_citation.clone(), Rc::from);
        let node = self.push_node(scope, f.id.clone(), f.label.clone(), citation, kind, true);
        if let Some(n) = self.nodes.get_mut(node as usize) {
            n.aliases = f.aliases.clone();
        }
        Ok(())
    }

    fn push_node(
        &mut self,
        scope: u32,
        id: String,
        label: L10n,
        citation: Rc<str>,
        kind: NodeKind,
        has_slot: bool,
    ) -> u32 {
        let node = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        let mut slot = None;
        if let Some(s) = self.scopes.get_mut(scope as usize) {
            if has_slot {
                slot = u32::try_from(s.slots.len()).ok();
                s.slots.push(node);
                s.attached.push(if matches!(kind, NodeKind::Aggregate { .. }) { Vec::new() } else { vec![node] });
            }
        }
        if has_slot && !matches!(kind, NodeKind::Aggregate { .. }) {
            if let Some(m) = self.names.get_mut(scope as usize) {
                let _ = m.insert(id.clone(), node);
            }
        }
        self.nodes.push(NodeDef {
            id,
            scope,
            slot,
            label,
            citation,
            aliases: Vec::new(),
            default: None,
            kind,
            deps: Vec::new(),
        });
        node
    }

    fn lookup_own(&self, scope: u32, name: &str) -> Option<u32> {
        self.names.get(scope as usize)?.get(name).copied()
    }

    fn node_ty(&self, node: u32) -> Ty {
        match self.nodes.get(node as usize).map(|n| &n.kind) {
            Some(NodeKind::Input { ft, .. } | NodeKind::Computed { ft, .. }) => field_ty(ft),
            Some(NodeKind::Aggregate { ft, kind, .. }) => match kind {
                AggKind::CountRows | AggKind::CountIf => Ty::Num(Unit::NONE),
                _ => field_ty(ft),
            },
            _ => Ty::Blank,
        }
    }

    fn field_code(&self, node: u32, place: Place) -> Code {
        let (slot, default) = match self.nodes.get(node as usize) {
            Some(n) => (n.slot.unwrap_or(u32::MAX), self.defaults.get(&node).cloned()),
            None => (u32::MAX, None),
        };
        Code::Field { node, place, slot, default }
    }

    /// Defaults for blank inputs (`"blank": "0"`), read through the field's own normaliser.
    fn defaults(&mut self, scope: u32, fields: &[FieldDef]) -> Result<(), SpecError> {
        for f in fields {
            let Some(text) = &f.blank else { continue };
            let node = self.lookup_own(scope, &f.id).unwrap_or(u32::MAX);
            let ft = match self.nodes.get(node as usize).map(|n| &n.kind) {
                Some(NodeKind::Input { ft, .. }) => ft.clone(),
                _ => return Err(self.err(format!("field `{}`", f.id), "`blank` is only for input fields".into())),
            };
            let v = value::normalise(&ft, &crate::json::Value::String(text.clone())).map_err(|e| {
                self.err(
                    format!("field `{}`", f.id),
                    format!("`blank` value `{text}` is not valid for the field ({})", crate::messages::input_code(&e)),
                )
            })?;
            if let Some(n) = self.nodes.get_mut(node as usize) {
                n.default = Some(v.clone());
            }
            self.defaults.insert(node, v);
        }
        Ok(())
    }

    fn compile_fields(&mut self, scope: u32, fields: &[FieldDef]) -> Result<(), SpecError> {
        for f in fields {
            let Some(formula) = &f.formula else { continue };
            let node = self.lookup_own(scope, &f.id).unwrap_or(u32::MAX);
            let location = format!("field `{}`", f.id);
            let cx = Cx { scope, location: &location, text: formula, in_table: None };
            let ast = parse::parse(formula).map_err(|e| self.ferr(&cx, e.pos, e.message))?;
            let (code, ty) = self.expr(&cx, &ast)?;
            let (declared, unit_label) = match self.nodes.get(node as usize).map(|n| &n.kind) {
                Some(NodeKind::Computed { ft, .. }) => (field_ty(ft), ft.unit),
                _ => (Ty::Blank, Unit::NONE),
            };
            let fits = match (declared, ty) {
                (_, Ty::Blank) => true,
                (Ty::Num(d), Ty::Num(u)) => d == u,
                (Ty::Num(_), Ty::Lit) => true,
                (a, b) => a == b,
            };
            if !fits {
                let msg = match (declared, ty) {
                    (Ty::Num(_), Ty::Num(u)) => format!(
                        "unit error: the formula gives a value in `{u}` but the field is declared in `{unit_label}`"
                    ),
                    _ => format!(
                        "type error: the formula gives {} but the field is {}",
                        ty.describe(),
                        declared.describe()
                    ),
                };
                return Err(self.ferr(&cx, 0, msg));
            }
            if let Some(NodeKind::Computed { code: slot, .. }) = self.nodes.get_mut(node as usize).map(|n| &mut n.kind)
            {
                *slot = code;
            }
        }
        Ok(())
    }

    fn required_rules(&mut self, scope: u32, fields: &[FieldDef]) -> Result<(), SpecError> {
        for f in fields {
            if !f.required && f.required_when.is_none() {
                continue;
            }
            if f.formula.is_some() {
                return Err(self.err(format!("field `{}`", f.id), "a computed field cannot be required".into()));
            }
            let node = self.lookup_own(scope, &f.id).unwrap_or(u32::MAX);
            let slot = self.nodes.get(node as usize).and_then(|n| n.slot).unwrap_or(u32::MAX);
            let place = if scope == HEADER { Place::Header } else { Place::Row };
            let when = match &f.required_when {
                Some(text) => {
                    let location = format!("field `{}` (required_when)", f.id);
                    let cx = Cx { scope, location: &location, text, in_table: None };
                    let ast = parse::parse(text).map_err(|e| self.ferr(&cx, e.pos, e.message))?;
                    let (code, ty) = self.expr(&cx, &ast)?;
                    self.want(&cx, &ast, ty, Ty::Bool)?;
                    Some(code)
                }
                None => None,
            };
            let assert = Code::Not(Box::new(Code::IsBlank { place, slot }));
            let citation = self
                .nodes
                .get(node as usize)
                .map(|n| n.citation.clone())
                .unwrap_or_else(|| self.default_citation.clone());
            let label = self
                .nodes
                .get(node as usize)
                .map(|n| n.label.clone())
                .unwrap_or_else(|| L10n { zh: String::new(), en: String::new() });
            let rule = RuleNode {
                attach: Attach::Field(slot),
                check: RuleCheck::Assert { when, assert },
                severity: Severity::Error,
                message: RuleMessage::Required,
                code: "required".into(),
            };
            let id = format!("{}.required", f.id);
            let r = self.push_node(scope, id, label, citation, NodeKind::Rule(Box::new(rule)), false);
            self.attach(scope, Attach::Field(slot), r);
        }
        Ok(())
    }

    fn attach(&mut self, scope: u32, at: Attach, rule: u32) {
        match at {
            Attach::Field(slot) => {
                if let Some(list) = self.scopes.get_mut(scope as usize).and_then(|s| s.attached.get_mut(slot as usize))
                {
                    list.push(rule);
                }
            }
            Attach::Table(t) => {
                if let Some(s) = self.scopes.get_mut(t as usize) {
                    s.table_rules.push(rule);
                }
            }
        }
    }

    fn rule(&mut self, scope: u32, r: &RuleDef) -> Result<(), SpecError> {
        self.check_id(&r.id, "a rule id")?;
        let location = format!("rule `{}`", r.id);
        let severity = match r.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            other => return Err(self.err(location, format!("severity `{other}` must be `error` or `warning`"))),
        };
        if self.nodes.iter().any(|n| n.id == r.id) {
            return Err(self.err(location, "a rule or field with this id already exists".into()));
        }
        let attach =
            match self.lookup_own(scope, &r.field).and_then(|n| self.nodes.get(n as usize)).and_then(|n| n.slot) {
                Some(slot) => Attach::Field(slot),
                None => match self.scopes.iter().position(|s| s.is_table && s.id == r.field) {
                    Some(t) if scope == HEADER => Attach::Table(u32::try_from(t).unwrap_or(u32::MAX)),
                    _ => {
                        return Err(self.err(
                            location,
                            format!(
                                "`field` names `{}`, which is not a field of this {}",
                                r.field,
                                if scope == HEADER { "form (or a table)" } else { "table" }
                            ),
                        ))
                    }
                },
            };
        let check = match (&r.assert, &r.unique) {
            (Some(text), None) => {
                let when = match &r.when {
                    Some(w) => {
                        let loc = format!("rule `{}` (when)", r.id);
                        let cx = Cx { scope, location: &loc, text: w, in_table: None };
                        let ast = parse::parse(w).map_err(|e| self.ferr(&cx, e.pos, e.message))?;
                        let (code, ty) = self.expr(&cx, &ast)?;
                        self.want(&cx, &ast, ty, Ty::Bool)?;
                        Some(code)
                    }
                    None => None,
                };
                let loc = format!("rule `{}` (assert)", r.id);
                let cx = Cx { scope, location: &loc, text, in_table: None };
                let ast = parse::parse(text).map_err(|e| self.ferr(&cx, e.pos, e.message))?;
                let (assert, ty) = self.expr(&cx, &ast)?;
                self.want(&cx, &ast, ty, Ty::Bool)?;
                RuleCheck::Assert { when, assert }
            }
            (None, Some(col)) if scope != HEADER => {
                let slot = self
                    .lookup_own(scope, col)
                    .and_then(|n| self.nodes.get(n as usize))
                    .and_then(|n| n.slot)
                    .ok_or_else(|| {
                        self.err(
                            location.clone(),
                            format!("`unique` names `{col}`, which is not a column of this table"),
                        )
                    })?;
                RuleCheck::Unique { column: slot }
            }
            _ => return Err(self.err(
                location,
                "a rule needs exactly one of `assert` (a formula that must hold) or, in a table, `unique` (a column)"
                    .into(),
            )),
        };
        let zh = self.template(scope, &r.id, &r.message.zh)?;
        let en = self.template(scope, &r.id, &r.message.en)?;
        let label = match attach {
            Attach::Field(_) => {
                self.lookup_own(scope, &r.field).and_then(|n| self.nodes.get(n as usize)).map(|n| n.label.clone())
            }
            Attach::Table(t) => self.scopes.get(t as usize).map(|s| s.label.clone()),
        }
        .unwrap_or_else(|| L10n { zh: String::new(), en: String::new() });
        let rule =
            RuleNode { attach, check, severity, message: RuleMessage::Template([zh, en]), code: r.id.as_str().into() };
        let node = self.push_node(
            scope,
            r.id.clone(),
            label,
            r.citation.as_str().into(),
            NodeKind::Rule(Box::new(rule)),
            false,
        );
        self.attach(scope, attach, node);
        Ok(())
    }

    fn template(&mut self, scope: u32, rule: &str, text: &str) -> Result<Template, SpecError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        let location = format!("rule `{rule}` (message)");
        while let Some(i) = rest.find(['{', '}']) {
            let (before, after) = rest.split_at(i);
            lit.push_str(before);
            if let Some(r) = after.strip_prefix("{{") {
                lit.push('{');
                rest = r;
                continue;
            }
            if let Some(r) = after.strip_prefix("}}") {
                lit.push('}');
                rest = r;
                continue;
            }
            let Some(body_end) = after.find('}').filter(|_| after.starts_with('{')) else {
                return Err(self.err(
                    location,
                    format!("unbalanced braces in message `{text}` (write {{{{ or }}}} for a literal brace)"),
                ));
            };
            let body = after.get(1..body_end).unwrap_or("").trim();
            rest = after.get(body_end.saturating_add(1)..).unwrap_or("");
            if !lit.is_empty() {
                parts.push(TemplatePart::Text(std::mem::take(&mut lit).into()));
            }
            parts.push(match body {
                "label" => TemplatePart::Label,
                "row" => TemplatePart::Row,
                "rows" => TemplatePart::Rows,
                _ => {
                    let cx = Cx { scope, location: &location, text: body, in_table: None };
                    let ast = parse::parse(body).map_err(|e| self.ferr(&cx, e.pos, e.message))?;
                    let (code, ty) = self.expr(&cx, &ast)?;
                    let node = match &code {
                        Code::Field { node, .. } => Some(*node),
                        Code::Call(Func::Exact, _) => None,
                        _ => None,
                    };
                    TemplatePart::Value { code, ty, node }
                }
            });
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            parts.push(TemplatePart::Text(lit.into()));
        }
        Ok(Template(parts))
    }

    fn want(&self, cx: &Cx<'_>, ast: &Node, got: Ty, want: Ty) -> Result<(), SpecError> {
        if got == want || got == Ty::Blank {
            Ok(())
        } else {
            Err(self.ferr(cx, ast.pos, format!("type error: expected {}, found {}", want.describe(), got.describe())))
        }
    }

    fn resolve_name(&self, cx: &Cx<'_>, name: &str, pos: usize) -> Result<(Code, Ty), SpecError> {
        let running = cx.in_table.unwrap_or(cx.scope);
        if running != HEADER {
            if let Some(node) = self.lookup_own(running, name) {
                return Ok((self.field_code(node, Place::Row), self.node_ty(node)));
            }
        }
        if let Some(node) = self.lookup_own(HEADER, name) {
            return Ok((self.field_code(node, Place::Header), self.node_ty(node)));
        }
        if let Some((val, ty, text)) = self.constants.get(name) {
            return Ok((Code::Lit(val.clone(), text.as_str().into()), *ty));
        }
        if let Some(t) = self.scopes.iter().position(|s| s.is_table && s.id == name) {
            let _ = t;
            return Err(self.ferr(
                cx,
                pos,
                format!("`{name}` is a table, not a value; use count({name}) or sum({name}.field)"),
            ));
        }
        for (i, names) in self.names.iter().enumerate() {
            if i != running as usize && i != 0 && names.contains_key(name) {
                let table = self.scopes.get(i).map(|s| s.id.as_str()).unwrap_or("");
                return Err(self.ferr(
                    cx,
                    pos,
                    format!("`{name}` is a column of table `{table}`; use an aggregate such as sum({table}.{name})"),
                ));
            }
        }
        let mut candidates: Vec<&str> = self.constants.keys().map(String::as_str).collect();
        for (i, names) in self.names.iter().enumerate() {
            if i == 0 || i == running as usize {
                candidates.extend(names.keys().map(String::as_str));
            }
        }
        let best = candidates.iter().map(|c| (distance(name, c), *c)).filter(|(d, _)| *d <= 3).min();
        let hint = best.map(|(_, c)| format!("; did you mean `{c}`?")).unwrap_or_default();
        Err(self.ferr(cx, pos, format!("unknown field `{name}`{hint}")))
    }

    fn expr(&mut self, cx: &Cx<'_>, n: &Node) -> Result<(Code, Ty), SpecError> {
        match &n.ast {
            Ast::Num(d, text) => Ok((Code::Lit(Val::Num(*d), text.as_str().into()), Ty::Lit)),
            Ast::Str(s) => Ok((Code::Lit(Val::Text(s.as_str().into()), format!("“{s}”").into()), Ty::Text)),
            Ast::Bool(b) => Ok((Code::Lit(Val::Bool(*b), if *b { "true" } else { "false" }.into()), Ty::Bool)),
            Ast::Name(name) => self.resolve_name(cx, name, n.pos),
            Ast::Path(r, t, c) => {
                Err(self.ferr(cx, n.pos, format!("`{r}.{t}.{c}` is a column of another form; use it in lookup(…)")))
            }
            Ast::Column(t, c) => {
                Err(self.ferr(cx, n.pos, format!("`{t}.{c}` is a whole column; use it inside sum(), min() or max()")))
            }
            Ast::Neg(inner) => {
                let (code, ty) = self.expr(cx, inner)?;
                if unit_of(ty).is_none() {
                    return Err(self.ferr(cx, n.pos, format!("type error: cannot negate {}", ty.describe())));
                }
                Ok((Code::Neg(Box::new(code)), ty))
            }
            Ast::Not(inner) => {
                let (code, ty) = self.expr(cx, inner)?;
                self.want(cx, inner, ty, Ty::Bool)?;
                Ok((Code::Not(Box::new(code)), Ty::Bool))
            }
            Ast::If(c, t, e) => {
                let (cc, ct) = self.expr(cx, c)?;
                self.want(cx, c, ct, Ty::Bool)?;
                let (tc, tt) = self.expr(cx, t)?;
                let (ec, et) = self.expr(cx, e)?;
                let ty = self.unify(cx, n.pos, tt, et, "the two branches of `if`")?;
                Ok((Code::If(Box::new(cc), Box::new(tc), Box::new(ec)), ty))
            }
            Ast::Bin(op, a, b) => {
                let (ac, at) = self.expr(cx, a)?;
                let (bc, bt) = self.expr(cx, b)?;
                let ty = self.binary_ty(cx, n.pos, *op, at, bt, (&ac, &bc))?;
                let (ac, bc) = if op.is_comparison() { self.option_literal(ac, bc) } else { (ac, bc) };
                Ok((Code::Bin(*op, Box::new(ac), Box::new(bc)), ty))
            }
            Ast::Call(name, args) => self.call(cx, n, name, args),
        }
    }

    /// A choice compared with a string literal (checked by `binary_ty` to name one of its
    /// options): the literal becomes the option's own value, the text a cell of that option
    /// holds. `community_type == "城市"` (an alias) then means the urban option, as the check
    /// accepted it, and the comparison finds the same text by its pointer, not byte by byte.
    fn option_literal(&self, a: Code, b: Code) -> (Code, Code) {
        let option = |field: &Code, lit: &Code| -> Option<Code> {
            let (Code::Field { node, .. }, Code::Lit(Val::Text(s), shown)) = (field, lit) else { return None };
            let Some(NodeKind::Input { ft, .. }) = self.nodes.get(*node as usize).map(|n| &n.kind) else { return None };
            if ft.kind != Kind::Choice {
                return None;
            }
            let o = value::find_option(&ft.options, s)?;
            Some(Code::Lit(Val::Text(o.value.clone()), shown.clone()))
        };
        match (option(&a, &b), option(&b, &a)) {
            (Some(lit), _) => (a, lit),
            (None, Some(lit)) => (lit, b),
            (None, None) => (a, b),
        }
    }

    fn unify(&self, cx: &Cx<'_>, pos: usize, a: Ty, b: Ty, what: &str) -> Result<Ty, SpecError> {
        match (a, b) {
            (Ty::Blank, t) | (t, Ty::Blank) => Ok(t),
            (Ty::Num(x), Ty::Num(y)) if x == y => Ok(Ty::Num(x)),
            (Ty::Num(x), Ty::Lit) | (Ty::Lit, Ty::Num(x)) => Ok(Ty::Num(x)),
            (Ty::Num(x), Ty::Num(y)) => Err(self.ferr(cx, pos, format!("unit error: {what} are in `{x}` and `{y}`"))),
            (x, y) if x == y => Ok(x),
            (x, y) => Err(self.ferr(cx, pos, format!("type error: {what} are {} and {}", x.describe(), y.describe()))),
        }
    }

    fn binary_ty(
        &self,
        cx: &Cx<'_>,
        pos: usize,
        op: BinOp,
        a: Ty,
        b: Ty,
        codes: (&Code, &Code),
    ) -> Result<Ty, SpecError> {
        match op {
            BinOp::And | BinOp::Or => {
                for t in [a, b] {
                    if t != Ty::Bool && t != Ty::Blank {
                        return Err(self.ferr(
                            cx,
                            pos,
                            format!(
                                "type error: `{}` needs yes/no values, found {}",
                                if op == BinOp::And { "and" } else { "or" },
                                t.describe()
                            ),
                        ));
                    }
                }
                Ok(Ty::Bool)
            }
            BinOp::Add | BinOp::Sub => {
                if unit_of(a).is_none() || unit_of(b).is_none() {
                    return Err(self.ferr(
                        cx,
                        pos,
                        format!(
                            "type error: cannot {} {} and {}",
                            if op == BinOp::Add { "add" } else { "subtract" },
                            a.describe(),
                            b.describe()
                        ),
                    ));
                }
                let verb = if op == BinOp::Add { "the operands of +" } else { "the operands of −" };
                match (a, b) {
                    (Ty::Num(x), Ty::Num(y)) if x != y => Err(self.ferr(
                        cx,
                        pos,
                        format!(
                            "unit error: cannot {} `{x}` and `{y}`",
                            if op == BinOp::Add { "add" } else { "subtract" }
                        ),
                    )),
                    _ => self.unify(cx, pos, a, b, verb),
                }
            }
            BinOp::Mul | BinOp::Div => {
                let (Some(x), Some(y)) = (unit_of(a), unit_of(b)) else {
                    return Err(self.ferr(
                        cx,
                        pos,
                        format!(
                            "type error: cannot {} {} and {}",
                            if op == BinOp::Mul { "multiply" } else { "divide" },
                            a.describe(),
                            b.describe()
                        ),
                    ));
                };
                Ok(match (x, y) {
                    (None, None) => Ty::Lit,
                    (Some(u), None) => Ty::Num(u),
                    (None, Some(u)) if op == BinOp::Mul => Ty::Num(u),
                    (None, Some(u)) => Ty::Num(Unit::NONE.div(&u).unwrap_or(Unit::NONE)),
                    (Some(u), Some(v)) => Ty::Num(
                        if op == BinOp::Mul { u.mul(&v) } else { u.div(&v) }
                            .ok_or_else(|| self.ferr(cx, pos, "unit exponent overflow".into()))?,
                    ),
                })
            }
            _ => {
                // Comparisons.
                let t = self.unify(cx, pos, a, b, "the two sides of the comparison")?;
                if matches!(t, Ty::List) {
                    return Err(self.ferr(cx, pos, "type error: lists cannot be compared; use has() or size()".into()));
                }
                if matches!(t, Ty::Bool | Ty::Text) && !matches!(op, BinOp::Eq | BinOp::Ne) {
                    return Err(self.ferr(
                        cx,
                        pos,
                        format!("type error: {} can only be compared with == or !=", t.describe()),
                    ));
                }
                // A choice compared with a string literal: the literal must be one of its options.
                if let (Code::Field { node, .. }, Code::Lit(Val::Text(s), _))
                | (Code::Lit(Val::Text(s), _), Code::Field { node, .. }) = codes
                {
                    if let Some(NodeKind::Input { ft, .. }) = self.nodes.get(*node as usize).map(|n| &n.kind) {
                        if ft.kind == Kind::Choice && value::find_option(&ft.options, s).is_none() {
                            let opts: Vec<&str> = ft.options.iter().map(|o| &*o.value).collect();
                            return Err(self.ferr(
                                cx,
                                pos,
                                format!("“{s}” is not an option of this field (options: {})", opts.join(", ")),
                            ));
                        }
                    }
                }
                Ok(Ty::Bool)
            }
        }
    }

    fn call(&mut self, cx: &Cx<'_>, n: &Node, name: &str, args: &[Node]) -> Result<(Code, Ty), SpecError> {
        let argc = |this: &Self, k: std::ops::RangeInclusive<usize>| -> Result<(), SpecError> {
            if k.contains(&args.len()) {
                Ok(())
            } else {
                let want =
                    if k.start() == k.end() { k.start().to_string() } else { format!("{} to {}", k.start(), k.end()) };
                Err(this.ferr(cx, n.pos, format!("`{name}` takes {want} argument(s), got {}", args.len())))
            }
        };
        // Aggregates over a table: sum(t.x), sum(t, expr), count(t), count(t, cond), min/max(t.x).
        let table_arg = args.first().and_then(|a| match &a.ast {
            Ast::Column(t, c) => Some((t.clone(), Some(c.clone()))),
            Ast::Name(t) if self.scopes.iter().any(|s| s.is_table && s.id == *t) => Some((t.clone(), None)),
            _ => None,
        });
        if let (Some((table, column)), "sum" | "count" | "min" | "max") = (&table_arg, name) {
            return self.aggregate(cx, n, name, table, column.as_deref(), args);
        }
        let mut compiled = Vec::new();
        let mut tys = Vec::new();
        let simple = matches!(name, "blank" | "present" | "date" | "matches" | "round" | "lookup");
        if !simple {
            for a in args {
                let (c, t) = self.expr(cx, a)?;
                compiled.push(c);
                tys.push(t);
            }
        }
        let num = |this: &Self, i: usize| -> Result<Ty, SpecError> {
            let t = tys.get(i).copied().unwrap_or(Ty::Blank);
            if unit_of(t).is_some() || t == Ty::Blank {
                Ok(t)
            } else {
                let pos = args.get(i).map_or(n.pos, |a| a.pos);
                Err(this.ferr(cx, pos, format!("type error: `{name}` needs a number, found {}", t.describe())))
            }
        };
        let arg_want = |this: &Self, i: usize, want: Ty| -> Result<(), SpecError> {
            match (args.get(i), tys.get(i)) {
                (Some(a), Some(t)) => this.want(cx, a, *t, want),
                _ => Ok(()),
            }
        };
        let f = |func: Func, code: Vec<Code>, ty: Ty| Ok((Code::Call(func, code), ty));
        match name {
            "min" | "max" => {
                argc(self, 2..=16)?;
                let mut ty = num(self, 0)?;
                for i in 1..args.len() {
                    let t = num(self, i)?;
                    ty = self.unify(cx, n.pos, ty, t, &format!("the arguments of {name}"))?;
                }
                f(if name == "min" { Func::Min } else { Func::Max }, compiled, ty)
            }
            "ceil" | "floor" | "abs" => {
                argc(self, 1..=1)?;
                let ty = num(self, 0)?;
                f(
                    match name {
                        "ceil" => Func::Ceil,
                        "floor" => Func::Floor,
                        _ => Func::Abs,
                    },
                    compiled,
                    ty,
                )
            }
            "exact" => {
                argc(self, 1..=1)?;
                let ty = tys.first().copied().unwrap_or(Ty::Blank);
                f(Func::Exact, compiled, ty)
            }
            "round" => {
                argc(self, 2..=2)?;
                let (x, xt) = match args.first() {
                    Some(a) => self.expr(cx, a)?,
                    None => return Err(self.ferr(cx, n.pos, "round needs 2 arguments".into())),
                };
                if unit_of(xt).is_none() && xt != Ty::Blank {
                    return Err(self.ferr(
                        cx,
                        n.pos,
                        format!("type error: `round` needs a number, found {}", xt.describe()),
                    ));
                }
                let dp = match args.get(1).map(|a| &a.ast) {
                    Some(Ast::Num(d, text))
                        if d.fract().is_zero() && *d >= Decimal::ZERO && *d <= Decimal::from(10) =>
                    {
                        Code::Lit(Val::Num(*d), text.as_str().into())
                    }
                    _ => {
                        return Err(self.ferr(
                            cx,
                            args.get(1).map_or(n.pos, |a| a.pos),
                            "the second argument of round is a whole number of decimals, 0 to 10".into(),
                        ))
                    }
                };
                f(Func::Round, vec![x, dp], xt)
            }
            "coalesce" => {
                argc(self, 1..=16)?;
                let mut ty = Ty::Blank;
                for t in &tys {
                    ty = self.unify(cx, n.pos, ty, *t, "the arguments of coalesce")?;
                }
                f(Func::Coalesce, compiled, ty)
            }
            "year" | "month" | "day" => {
                argc(self, 1..=1)?;
                arg_want(self, 0, Ty::Date)?;
                f(
                    match name {
                        "year" => Func::Year,
                        "month" => Func::Month,
                        _ => Func::Day,
                    },
                    compiled,
                    Ty::Num(Unit::NONE),
                )
            }
            "date" => match args {
                [Node { ast: Ast::Str(s), pos }] => {
                    let d: Date =
                        value::date::parse_date(s).map_err(|_| self.ferr(cx, *pos, format!("“{s}” is not a date")))?;
                    Ok((Code::Lit(Val::Date(d), d.to_string().into()), Ty::Date))
                }
                [y, m, d] => {
                    let mut codes = Vec::new();
                    for a in [y, m, d] {
                        let (c, t) = self.expr(cx, a)?;
                        if unit_of(t).is_none() && t != Ty::Blank {
                            return Err(self.ferr(
                                cx,
                                a.pos,
                                "type error: date(year, month, day) needs numbers".into(),
                            ));
                        }
                        codes.push(c);
                    }
                    f(Func::MakeDate, codes, Ty::Date)
                }
                _ => Err(self.ferr(
                    cx,
                    n.pos,
                    "date takes a string such as \"2020-12-31\", or (year, month, day)".into(),
                )),
            },
            "len" => {
                argc(self, 1..=1)?;
                arg_want(self, 0, Ty::Text)?;
                f(Func::Len, compiled, Ty::Num(Unit::NONE))
            }
            "contains" => {
                argc(self, 2..=2)?;
                arg_want(self, 0, Ty::Text)?;
                arg_want(self, 1, Ty::Text)?;
                f(Func::Contains, compiled, Ty::Bool)
            }
            "has" => {
                argc(self, 2..=2)?;
                arg_want(self, 0, Ty::List)?;
                arg_want(self, 1, Ty::Text)?;
                // A literal must be one of the checklist's options.
                if let (Some(Code::Field { node, .. }), Some(Code::Lit(Val::Text(s), _))) =
                    (compiled.first(), compiled.get(1))
                {
                    if let Some(NodeKind::Input { ft, .. }) = self.nodes.get(*node as usize).map(|x| &x.kind) {
                        if ft.kind == Kind::Checks && value::find_option(&ft.options, s).is_none() {
                            return Err(self.ferr(
                                cx,
                                args.get(1).map_or(n.pos, |a| a.pos),
                                format!("“{s}” is not an option of this checklist"),
                            ));
                        }
                    }
                }
                f(Func::Has, compiled, Ty::Bool)
            }
            "size" | "count" => {
                argc(self, 1..=1)?;
                arg_want(self, 0, Ty::List)?;
                f(Func::Size, compiled, Ty::Num(Unit::NONE))
            }
            "has_digit" => {
                argc(self, 1..=1)?;
                arg_want(self, 0, Ty::Text)?;
                f(Func::HasDigit, compiled, Ty::Bool)
            }
            "matches" => {
                argc(self, 2..=2)?;
                let (x, xt) = match args.first() {
                    Some(a) => self.expr(cx, a)?,
                    None => return Err(self.ferr(cx, n.pos, "matches needs 2 arguments".into())),
                };
                if let Some(a) = args.first() {
                    self.want(cx, a, xt, Ty::Text)?;
                }
                let pattern =
                    match args.get(1).map(|a| &a.ast) {
                        Some(Ast::Str(p)) => {
                            parse_pattern(p).map_err(|m| self.ferr(cx, args.get(1).map_or(n.pos, |a| a.pos), m))?
                        }
                        _ => return Err(self.ferr(
                            cx,
                            n.pos,
                            "the pattern of matches must be a string such as \"*{街道|镇|乡}*{村|社区}便民服务中心\""
                                .into(),
                        )),
                    };
                Ok((Code::Pattern(Box::new(x), pattern.into()), Ty::Bool))
            }
            "blank" | "present" => {
                if args.is_empty() && name == "blank" {
                    return Ok((Code::Lit(Val::Blank, "—".into()), Ty::Blank));
                }
                argc(self, 1..=1)?;
                let Some(Node { ast: Ast::Name(field), pos }) = args.first() else {
                    return Err(self.ferr(cx, n.pos, format!("`{name}` takes a field name")));
                };
                let (code, _) = self.resolve_name(cx, field, *pos)?;
                let Code::Field { place, slot, .. } = code else {
                    return Err(self.ferr(cx, *pos, format!("`{field}` is not a field")));
                };
                let test = Code::IsBlank { place, slot };
                // Keep the dependency visible to the graph.
                let test = if name == "present" { Code::Not(Box::new(test)) } else { test };
                Ok((test, Ty::Bool))
            }
            "lookup" => self.lookup(cx, n, args),
            "sum" => Err(self.ferr(
                cx,
                n.pos,
                format!("`{name}` takes a table: {name}(table.field) or {name}(table, formula)"),
            )),
            _ => {
                const KNOWN: &str = "sum, count, min, max, lookup, ceil, floor, round, abs, coalesce, blank, present, date, year, month, day, len, contains, has, size, has_digit, matches, exact";
                Err(self.ferr(cx, n.pos, format!("unknown function `{name}` (known: {KNOWN})")))
            }
        }
    }

    fn aggregate(
        &mut self,
        cx: &Cx<'_>,
        n: &Node,
        name: &str,
        table: &str,
        column: Option<&str>,
        args: &[Node],
    ) -> Result<(Code, Ty), SpecError> {
        if cx.scope != HEADER || cx.in_table.is_some() {
            return Err(self.ferr(
                cx,
                n.pos,
                format!("`{name}` over a table can only be used in header fields and header rules"),
            ));
        }
        let t = u32::try_from(self.scopes.iter().position(|s| s.is_table && s.id == table).unwrap_or(usize::MAX))
            .unwrap_or(u32::MAX);
        if self.scopes.get(t as usize).is_none() {
            return Err(self.ferr(cx, n.pos, format!("unknown table `{table}`")));
        }
        let inner = Cx { in_table: Some(t), ..cx.clone() };
        let (kind, contrib, ty, ft, unit_label) = match (name, column, args.len()) {
            ("count", None, 1) => (AggKind::CountRows, None, Ty::Lit, None, None),
            ("count", None, 2) => {
                let a = args.get(1).ok_or_else(|| self.ferr(cx, n.pos, "count needs a condition".into()))?;
                let (c, ty) = self.expr(&inner, a)?;
                self.want(&inner, a, ty, Ty::Bool)?;
                (AggKind::CountIf, Some(c), Ty::Lit, None, None)
            }
            ("sum" | "min" | "max", Some(col), 1) => {
                let node = self
                    .lookup_own(t, col)
                    .ok_or_else(|| self.ferr(cx, n.pos, format!("`{col}` is not a column of table `{table}`")))?;
                let ty = self.node_ty(node);
                if unit_of(ty).is_none() {
                    return Err(self.ferr(
                        cx,
                        n.pos,
                        format!("type error: `{name}` needs a numeric column; `{col}` is {}", ty.describe()),
                    ));
                }
                let (ft, ul) = match self.nodes.get(node as usize).map(|x| &x.kind) {
                    Some(NodeKind::Input { ft, unit_label } | NodeKind::Computed { ft, unit_label, .. }) => {
                        (Some(ft.clone()), Some(unit_label.clone()))
                    }
                    _ => (None, None),
                };
                let kind = match name {
                    "sum" => AggKind::Sum,
                    "min" => AggKind::Min,
                    _ => AggKind::Max,
                };
                (kind, Some(self.field_code(node, Place::Row)), ty, ft, ul)
            }
            ("sum" | "min" | "max", None, 2) => {
                let a = args.get(1).ok_or_else(|| self.ferr(cx, n.pos, "missing formula".into()))?;
                let (c, ty) = self.expr(&inner, a)?;
                if unit_of(ty).is_none() {
                    return Err(self.ferr(
                        &inner,
                        a.pos,
                        format!("type error: `{name}` needs a number, found {}", ty.describe()),
                    ));
                }
                let kind = match name {
                    "sum" => AggKind::Sum,
                    "min" => AggKind::Min,
                    _ => AggKind::Max,
                };
                (kind, Some(c), ty, None, None)
            }
            _ => {
                return Err(self.ferr(
                    cx,
                    n.pos,
                    format!("`{name}` takes {name}(table.field) or {name}(table, formula)"),
                ));
            }
        };
        let unit = match ty {
            Ty::Num(u) => u,
            _ => Unit::NONE,
        };
        let ft = ft.unwrap_or(FieldType {
            kind: if matches!(kind, AggKind::CountRows | AggKind::CountIf) { Kind::Count } else { Kind::Number },
            unit,
            scale: if matches!(kind, AggKind::CountRows | AggKind::CountIf) { 0 } else { 4 },
            fixed: false,
            number: None,
            options: Vec::new(),
            max_length: 0,
            multiline: false,
            accept: Vec::new(),
            max_bytes: 0,
        });
        let unit_label = unit_label.unwrap_or_else(|| L10n { zh: unit.label(false), en: unit.label(true) });
        // The same aggregate written twice is one node.
        let existing = self.aggregates.iter().copied().find(|&a| {
            matches!(self.nodes.get(a as usize).map(|x| &x.kind),
                Some(NodeKind::Aggregate { table: t2, kind: k2, contrib: c2, .. }) if *t2 == t && *k2 == kind && *c2 == contrib)
        });
        let node = match existing {
            Some(existing) => existing,
            None => {
                let label_text = match (name, column) {
                    (_, Some(c)) => format!("{name}({table}.{c})"),
                    _ => format!("{name}({table})"),
                };
                let node = self.push_node(
                    HEADER,
                    label_text.clone(),
                    L10n { zh: label_text.clone(), en: label_text },
                    self.default_citation.clone(),
                    NodeKind::Aggregate { table: t, kind, contrib, ft, unit_label },
                    true,
                );
                self.aggregates.push(node);
                node
            }
        };
        Ok((self.field_code(node, Place::Header), ty))
    }

    /// `lookup(ref.table.key, value, ref.table.result)`: another form's value by key.
    fn lookup(&mut self, cx: &Cx<'_>, n: &Node, args: &[Node]) -> Result<(Code, Ty), SpecError> {
        let [Node { ast: Ast::Path(r1, t1, k), pos: p1 }, key, Node { ast: Ast::Path(r2, t2, v), pos: p2 }] = args
        else {
            return Err(self.ferr(
                cx,
                n.pos,
                "lookup takes (reference.table.key_column, value, reference.table.result_column)".into(),
            ));
        };
        if r1 != r2 || t1 != t2 {
            return Err(self.ferr(
                cx,
                *p2,
                format!("the key and result columns must be in the same table (`{r1}.{t1}`)"),
            ));
        }
        let (ri, reference) =
            self.references.iter().enumerate().find(|(_, r)| r.id == *r1).ok_or_else(|| {
                self.ferr(cx, *p1, format!("unknown reference `{r1}` (declare it under \"references\")"))
            })?;
        let form = reference.form.clone();
        let table =
            form.table(t1).ok_or_else(|| self.ferr(cx, *p1, format!("form `{}` has no table `{t1}`", form.id)))?;
        let column = |c: &str, pos: usize| -> Result<(u32, u32, Ty), SpecError> {
            let slot = form
                .field_slot(table, c)
                .ok_or_else(|| self.ferr(cx, pos, format!("table `{t1}` of form `{}` has no field `{c}`", form.id)))?;
            let node = form.scopes.get(table as usize).and_then(|s| s.slots.get(slot as usize)).copied().unwrap_or(0);
            let ty = match form.node(node).map(|x| &x.kind) {
                Some(NodeKind::Input { ft, .. } | NodeKind::Computed { ft, .. }) => field_ty(ft),
                _ => Ty::Blank,
            };
            Ok((slot, node, ty))
        };
        let (key_slot, _, key_ty) = column(k, *p1)?;
        let default = |node: u32| form.node(node).and_then(|x| x.default.clone());
        let (result_slot, result_node, result_ty) = column(v, *p2)?;
        let (key_code, kt) = self.expr(cx, key)?;
        self.unify(cx, key.pos, key_ty, kt, "the key column and the key value")?;
        let reference = u32::try_from(ri).unwrap_or(u32::MAX);
        let default = default(result_node);
        Ok((
            Code::Lookup { reference, table, key_slot, result_slot, result_node, default, key: Box::new(key_code) },
            result_ty,
        ))
    }

    /// Computes dependencies and the evaluation order; refuses cycles.
    fn order(&mut self) -> Result<Ordering, SpecError> {
        let count = self.nodes.len();
        let mut deps: Vec<Vec<u32>> = vec![Vec::new(); count];
        for (i, n) in self.nodes.iter().enumerate() {
            let mut out = Vec::new();
            match &n.kind {
                NodeKind::Input { .. } => {}
                NodeKind::Computed { code, .. } => collect(code, &mut out),
                NodeKind::Aggregate { contrib, .. } => {
                    if let Some(c) = contrib {
                        collect(c, &mut out);
                    }
                }
                NodeKind::Rule(r) => {
                    match &r.check {
                        RuleCheck::Assert { when, assert } => {
                            if let Some(w) = when {
                                collect(w, &mut out);
                            }
                            collect(assert, &mut out);
                        }
                        RuleCheck::Unique { column } => {
                            if let Some(&node) =
                                self.scopes.get(n.scope as usize).and_then(|s| s.slots.get(*column as usize))
                            {
                                out.push(node);
                            }
                        }
                    }
                    if let RuleMessage::Template(ts) = &r.message {
                        for t in ts {
                            for p in &t.0 {
                                if let TemplatePart::Value { code, .. } = p {
                                    collect(code, &mut out);
                                }
                            }
                        }
                    }
                    // `blank(x)` and `required`: the tested field.
                    if let RuleCheck::Assert { assert, when } = &r.check {
                        let scope = n.scope;
                        for code in std::iter::once(assert).chain(when.iter()) {
                            collect_blank_tests(code, scope, &self.scopes, &mut out);
                        }
                    }
                }
            }
            if let NodeKind::Computed { code, .. } = &n.kind {
                collect_blank_tests(code, n.scope, &self.scopes, &mut out);
            }
            if let NodeKind::Aggregate { contrib: Some(c), table, .. } = &n.kind {
                collect_blank_tests(c, *table, &self.scopes, &mut out);
            }
            out.sort_unstable();
            out.dedup();
            if let Some(slot) = deps.get_mut(i) {
                *slot = out;
            }
        }
        // Kahn's algorithm.
        let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); count];
        let mut indegree = vec![0usize; count];
        for (i, ds) in deps.iter().enumerate() {
            for &d in ds {
                if let Some(list) = dependents.get_mut(d as usize) {
                    list.push(u32::try_from(i).unwrap_or(u32::MAX));
                }
                if let Some(x) = indegree.get_mut(i) {
                    *x = x.saturating_add(1);
                }
            }
        }
        // Always take the lowest ready node, so the order follows the spec where it can.
        let mut ready: Vec<usize> = (0..count).filter(|&i| indegree.get(i) == Some(&0)).collect();
        let mut order = Vec::new();
        let mut rank = vec![0u32; count];
        let mut seen = 0usize;
        while let Some(pos) = ready.iter().enumerate().min_by_key(|(_, &v)| v).map(|(p, _)| p) {
            let i = ready.swap_remove(pos);
            seen = seen.saturating_add(1);
            if !matches!(self.nodes.get(i).map(|n| &n.kind), Some(NodeKind::Input { .. })) {
                if let Some(r) = rank.get_mut(i) {
                    *r = u32::try_from(order.len()).unwrap_or(u32::MAX);
                }
                order.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
            for &d in dependents.get(i).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(x) = indegree.get_mut(d as usize) {
                    *x = x.saturating_sub(1);
                    if *x == 0 {
                        ready.push(d as usize);
                    }
                }
            }
        }
        if seen < count {
            let stuck: Vec<usize> = (0..count).filter(|&i| indegree.get(i).is_some_and(|d| *d > 0)).collect();
            let cycle = self.find_cycle(&deps, &stuck);
            return Err(self.err(String::new(), format!("computed fields form a cycle (each uses the next): {cycle}")));
        }
        for (n, d) in self.nodes.iter_mut().zip(deps) {
            n.deps = d;
        }
        Ok((order, rank, dependents))
    }

    fn find_cycle(&self, deps: &[Vec<u32>], stuck: &[usize]) -> String {
        let name = |i: usize| self.nodes.get(i).map(|n| n.id.clone()).unwrap_or_default();
        let Some(&start) = stuck.first() else {
            return String::new();
        };
        let mut path = vec![start];
        let mut cur = start;
        for _ in 0..=stuck.len() {
            let next = deps.get(cur).and_then(|ds| ds.iter().map(|&d| d as usize).find(|d| stuck.contains(d)));
            let Some(next) = next else { break };
            if let Some(p) = path.iter().position(|&x| x == next) {
                let mut cycle: Vec<String> = path.get(p..).unwrap_or(&[]).iter().map(|&i| name(i)).collect();
                if let Some(first) = cycle.first().cloned() {
                    cycle.push(first);
                }
                return cycle.join(" → ");
            }
            path.push(next);
            cur = next;
        }
        stuck.iter().map(|&i| name(i)).collect::<Vec<_>>().join(", ")
    }
}

fn collect(code: &Code, out: &mut Vec<u32>) {
    match code {
        Code::Field { node, .. } => out.push(*node),
        Code::Lit(..) | Code::IsBlank { .. } => {}
        Code::Neg(a) | Code::Not(a) | Code::Pattern(a, _) => collect(a, out),
        Code::Lookup { key, .. } => collect(key, out),
        Code::Bin(_, a, b) => {
            collect(a, out);
            collect(b, out);
        }
        Code::If(a, b, c) => {
            collect(a, out);
            collect(b, out);
            collect(c, out);
        }
        Code::Call(_, args) => args.iter().for_each(|a| collect(a, out)),
    }
}

/// `blank(x)` reads x's raw value: a dependency like any other.
fn collect_blank_tests(code: &Code, scope: u32, scopes: &[Scope], out: &mut Vec<u32>) {
    match code {
        Code::IsBlank { place, slot } => {
            let s = match place {
                Place::Header => 0,
                Place::Row => scope,
            };
            if let Some(&n) = scopes.get(s as usize).and_then(|sc| sc.slots.get(*slot as usize)) {
                out.push(n);
            }
        }
        Code::Field { .. } | Code::Lit(..) => {}
        Code::Neg(a) | Code::Not(a) | Code::Pattern(a, _) => collect_blank_tests(a, scope, scopes, out),
        Code::Lookup { key, .. } => collect_blank_tests(key, scope, scopes, out),
        Code::Bin(_, a, b) => {
            collect_blank_tests(a, scope, scopes, out);
            collect_blank_tests(b, scope, scopes, out);
        }
        Code::If(a, b, c) => {
            for x in [a, b, c] {
                collect_blank_tests(x, scope, scopes, out);
            }
        }
        Code::Call(_, args) => args.iter().for_each(|a| collect_blank_tests(a, scope, scopes, out)),
    }
}

/// Parses a name pattern: `*` is any text, `{a|b}` one of the words (may be empty: `{(|}`),
/// everything else literal. Brackets are folded to half-width, as input is.
fn parse_pattern(p: &str) -> Result<Vec<PatternPart>, String> {
    let p = crate::formula::normalise_brackets(p);
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                if !lit.is_empty() {
                    parts.push(PatternPart::Text(std::mem::take(&mut lit)));
                }
                parts.push(PatternPart::Any);
            }
            '{' => {
                if !lit.is_empty() {
                    parts.push(PatternPart::Text(std::mem::take(&mut lit)));
                }
                let mut body = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(x) => body.push(x),
                        None => return Err(format!("unclosed `{{` in pattern “{p}”")),
                    }
                }
                parts.push(PatternPart::OneOf(body.split('|').map(str::to_string).collect()));
            }
            _ => lit.push(c),
        }
    }
    if !lit.is_empty() {
        parts.push(PatternPart::Text(lit));
    }
    if parts.len() > 32 {
        return Err("pattern too long".into());
    }
    Ok(parts)
}
