//! Every computed value can explain itself: its formula with the actual numbers in it, e.g.
//! `1,250.00 m² ÷ 3,800 户 × 100 = 32.89 m²/百户 ≥ 30 ✓（渝民〔2020〕116号）`.

use super::{At, Session};
use crate::format::{display, fmt_decimal_plain, group};
use crate::formula::{BinOp, Code, Func, Place};
use crate::spec::{NodeDef, NodeKind};
use crate::value::Val;

/// Binding strength, for parentheses.
fn prec(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 1,
        BinOp::And => 2,
        op if op.is_comparison() => 3,
        BinOp::Add | BinOp::Sub => 4,
        _ => 5,
    }
}

impl Session {
    fn unit_label(&self, node: &NodeDef) -> String {
        let en = self.locale().is_en();
        match &node.kind {
            NodeKind::Input { unit_label, .. }
            | NodeKind::Computed { unit_label, .. }
            | NodeKind::Aggregate { unit_label, .. } => unit_label.get(en).to_string(),
            NodeKind::Rule(_) => String::new(),
        }
    }

    /// A number as an explanation shows it: rounded to the field's scale and grouped, unless
    /// rounding would hide something (29.9995 shown as 30.00 next to a threshold of 30).
    fn shown(&self, v: &Val, node: Option<&NodeDef>, with_unit: bool) -> String {
        let ft = node.and_then(|n| match &n.kind {
            NodeKind::Input { ft, .. } | NodeKind::Computed { ft, .. } | NodeKind::Aggregate { ft, .. } => Some(ft),
            NodeKind::Rule(_) => None,
        });
        let en = self.locale().is_en();
        let text = match v {
            Val::Num(d) => {
                let rounded = display(v, ft, self.locale()).unwrap_or_default();
                let exact = fmt_decimal_plain(*d);
                let exact_short = d.normalize().scale() <= 8;
                let is_computed = node.is_some_and(|n| matches!(n.kind, NodeKind::Computed { .. }));
                let differs = ft.is_some_and(|f| d.normalize().scale() > f.scale);
                if is_computed && differs && exact_short {
                    group(&exact)
                } else {
                    group(&rounded)
                }
            }
            Val::Bool(b) => (if *b { "✓" } else { "✗" }).to_string(),
            Val::Blank => return if en { "(blank)".into() } else { "（空）".into() },
            Val::Unknown => return "?".into(),
            other => display(other, ft, self.locale()).unwrap_or_default(),
        };
        let unit = node.map(|n| self.unit_label(n)).unwrap_or_default();
        if with_unit && matches!(v, Val::Num(_)) && !unit.is_empty() && unit != "%" {
            format!("{text} {unit}")
        } else if with_unit && unit == "%" && matches!(v, Val::Num(_)) {
            format!("{text}%")
        } else {
            text
        }
    }

    fn field_value(&self, code: &Code, scope: u32, row: u32) -> Val {
        self.eval_at(code, scope, row).unwrap_or(Val::Unknown)
    }

    fn render(&self, code: &Code, scope: u32, row: u32, parent: u8, additive: bool) -> String {
        let form = self.form();
        match code {
            Code::Lit(Val::Num(_), text) => group(text),
            Code::Lit(v, text) => match v {
                Val::Blank => "—".into(),
                _ => text.to_string(),
            },
            Code::Field { node, .. } => {
                let v = self.field_value(code, scope, row);
                self.shown(&v, form.node(*node), !additive)
            }
            Code::IsBlank { place, slot } => {
                let s = if *place == Place::Header { 0 } else { scope };
                let label = form
                    .slot_node(s, *slot)
                    .map(|n| n.label.get(self.locale().is_en()).to_string())
                    .unwrap_or_default();
                if self.locale().is_en() {
                    format!("{label} is blank")
                } else {
                    format!("{label}为空")
                }
            }
            Code::Neg(a) => format!("−{}", self.render(a, scope, row, 6, additive)),
            Code::Not(a) => {
                let inner = self.render(a, scope, row, 6, false);
                if self.locale().is_en() {
                    format!("not ({inner})")
                } else {
                    format!("非（{inner}）")
                }
            }
            Code::Bin(op, a, b) => {
                let p = prec(*op);
                let add = matches!(op, BinOp::Add | BinOp::Sub);
                let left = self.render(a, scope, row, p, add);
                let right = self.render(b, scope, row, p.saturating_add(1), add);
                let sym = match (op, self.locale().is_en()) {
                    (BinOp::And, true) => "and",
                    (BinOp::Or, true) => "or",
                    _ => op.symbol(),
                };
                let text = format!("{left} {sym} {right}");
                if p < parent {
                    format!("({text})")
                } else {
                    text
                }
            }
            Code::If(c, t, e) => match self.eval_at(c, scope, row) {
                Ok(Val::Bool(true)) => self.render(t, scope, row, parent, additive),
                Ok(Val::Bool(false)) => self.render(e, scope, row, parent, additive),
                _ => "?".into(),
            },
            Code::Call(f, args) => {
                let name = match f {
                    Func::Min => "min",
                    Func::Max => "max",
                    Func::Ceil => "ceil",
                    Func::Floor => "floor",
                    Func::Round => "round",
                    Func::Abs => "abs",
                    Func::Coalesce => "coalesce",
                    Func::Year => "year",
                    Func::Month => "month",
                    Func::Day => "day",
                    Func::MakeDate => "date",
                    Func::Len => "len",
                    Func::Contains => "contains",
                    Func::Has => "has",
                    Func::Size => "count",
                    Func::HasDigit => "has_digit",
                    Func::Matches => "matches",
                    Func::Exact => {
                        return args.first().map(|a| self.render(a, scope, row, parent, additive)).unwrap_or_default()
                    }
                };
                let mut inner: Vec<String> = Vec::with_capacity(args.len());
                for a in args {
                    inner.push(self.render(a, scope, row, 0, false));
                }
                format!("{name}({})", crate::format::join(&inner, ", "))
            }
            Code::Pattern(a, _) => self.render(a, scope, row, parent, false),
            Code::Lookup { reference, result_node, .. } => {
                let v = self.field_value(code, scope, row);
                let def = self.form().references.get(*reference as usize).and_then(|r| r.form.node(*result_node));
                self.shown(&v, def, !additive)
            }
        }
    }

    /// The working alone, without the citation.
    pub fn working_at(&self, at: At) -> Option<String> {
        let node = self.form().slot_node(at.scope, at.slot)?;
        let NodeKind::Computed { code, .. } = &node.kind else {
            return None;
        };
        Some(self.working(code, at.scope, at.row, node))
    }

    /// The working of the computed value at `at` with its citation, or `None` if `at` is not a
    /// computed field.
    pub fn explain(&self, at: At) -> Option<String> {
        let node = self.form().slot_node(at.scope, at.slot)?;
        let en = self.locale().is_en();
        let body = self.working_at(at)?;
        let cite = &node.citation;
        Some(if cite.is_empty() {
            body
        } else if en {
            format!("{body} ({cite})")
        } else {
            format!("{body}（{cite}）")
        })
    }

    fn working(&self, code: &Code, scope: u32, row: u32, node: &NodeDef) -> String {
        let form = self.form();
        let value = self.value(At { scope, row, slot: node.slot.unwrap_or(u32::MAX) }).cloned().unwrap_or(Val::Unknown);
        // `ratio ≥ 30`, where ratio is itself computed: show how the ratio came about.
        if let Code::Bin(op, a, b) = code {
            if op.is_comparison() {
                if let Code::Field { node: inner, .. } = a.as_ref() {
                    if let Some(inner_def) = form.node(*inner) {
                        if let NodeKind::Computed { code: inner_code, .. } = &inner_def.kind {
                            let left =
                                self.working(inner_code, if inner_def.scope == 0 { 0 } else { scope }, row, inner_def);
                            let right = self.render(b, scope, row, 4, false);
                            return format!("{left} {} {right} {}", op.symbol(), self.shown(&value, Some(node), true));
                        }
                    }
                }
            }
        }
        let expr = self.render(code, scope, row, 0, false);
        match value {
            Val::Bool(_) => format!("{expr} {}", self.shown(&value, Some(node), true)),
            _ => format!("{expr} = {}", self.shown(&value, Some(node), true)),
        }
    }

    /// Explanations of every computed value that has one, keyed by path.
    pub fn explain_all(&self) -> Vec<(String, String)> {
        let form = self.form();
        let mut out = Vec::new();
        for (si, scope) in form.scopes.iter().enumerate() {
            let si = u32::try_from(si).unwrap_or(u32::MAX);
            let rows = if scope.is_table { self.rows(si) } else { 1 };
            for row in 0..rows {
                let row = u32::try_from(row).unwrap_or(u32::MAX);
                for (slot, &n) in scope.slots.iter().enumerate() {
                    if !matches!(form.node(n).map(|d| &d.kind), Some(NodeKind::Computed { .. })) {
                        continue;
                    }
                    let at = At { scope: si, row, slot: u32::try_from(slot).unwrap_or(u32::MAX) };
                    if matches!(self.value(at), Some(Val::Blank | Val::Unknown) | None) {
                        continue;
                    }
                    if let Some(text) = self.explain(at) {
                        out.push((self.path(at), text));
                    }
                }
            }
        }
        out
    }
}
