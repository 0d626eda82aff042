//! `docs/forms.md`, generated from the specs: every form, field, formula and rule with its
//! citation, in Chinese and English. Regenerate with `community-forms docs > docs/forms.md`;
//! a test fails when it is stale, so the reference integrators read is always the truth.

use crate::spec::model::{FieldDef, RuleDef};
use crate::value::Kind;
use crate::Registry;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn code(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("`{}`", s.replace('|', "\\|"))
    }
}

fn fields(out: &mut String, list: &[FieldDef]) {
    out.push_str(
        "| id | 标签 | label | type | unit | required | formula | citation |\n|---|---|---|---|---|---|---|---|\n",
    );
    for f in list {
        let unit =
            f.unit.clone().or_else(|| Kind::parse(&f.kind).map(|k| k.default_unit().to_string())).unwrap_or_default();
        let required = match (&f.required_when, f.required) {
            (Some(w), _) => format!("when {}", code(w)),
            (None, true) => "yes".into(),
            (None, false) => match &f.blank {
                Some(b) => format!("blank = {b}"),
                None => String::new(),
            },
        };
        let mut ty = f.kind.clone();
        if !f.options.is_empty() {
            let opts: Vec<&str> = f.options.iter().map(|o| o.value()).collect();
            ty = format!("{ty}: {}", opts.join(" / "));
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
            f.id,
            cell(&f.label.zh),
            cell(&f.label.en),
            cell(&ty),
            cell(&unit),
            required,
            f.formula.as_deref().map(code).unwrap_or_default(),
            cell(f.citation.as_deref().unwrap_or("")),
        ));
    }
    out.push('\n');
}

fn rules(out: &mut String, list: &[RuleDef]) {
    if list.is_empty() {
        return;
    }
    out.push_str("| rule | on | severity | condition | message (zh-CN) | message (en) | citation |\n|---|---|---|---|---|---|---|\n");
    for r in list {
        let cond = match (&r.when, &r.assert, &r.unique) {
            (_, _, Some(u)) => format!("`{u}` unique in the table"),
            (Some(w), Some(a), _) => format!("when {}: {}", code(w), code(a)),
            (None, Some(a), _) => code(a),
            _ => String::new(),
        };
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} | {} | {} |\n",
            r.id,
            r.field,
            r.severity,
            cond,
            cell(&r.message.zh),
            cell(&r.message.en),
            cell(&r.citation)
        ));
    }
    out.push('\n');
}

/// The whole reference, for every form of `reg`.
pub fn forms_markdown(reg: &Registry) -> String {
    let mut out = String::from(
        "# Forms reference\n\n<!-- Generated from src/forms/*.json by `community-forms docs > docs/forms.md`. Do not edit. -->\n\n\
         Every built-in form: its fields (ids are the public interface), computed values with their formulas, \
         rules with their messages in both languages, and the policy document each comes from. Types and the formula \
         language are described in [authoring.md](authoring.md).\n\n",
    );
    for id in reg.ids() {
        let Ok(form) = reg.get(id) else { continue };
        out.push_str(&format!("- [`{id}`](#{id}) {}\n", form.title.zh));
    }
    out.push('\n');
    for id in reg.ids() {
        let Ok(form) = reg.get(id) else { continue };
        let Some(s) = &form.spec else { continue };
        out.push_str(&format!("## {id}\n\n**{}** — {}\n\n", s.title.zh, s.title.en));
        out.push_str(&format!("Source: {} ({}), {}", s.source.document, s.source.title.zh, s.source.year));
        if let Some(seed) = &s.source.seed {
            out.push_str(&format!("; seed {seed}"));
        }
        out.push_str(".\n\n");
        if let Some(d) = &s.description {
            out.push_str(&format!("{}\n\n{}\n\n", d.zh, d.en));
        }
        if !s.references.is_empty() {
            out.push_str("References (read with `lookup`):\n\n");
            for r in &s.references {
                let data = r.data.as_deref().map(|d| format!(", built-in data `{d}`")).unwrap_or_default();
                out.push_str(&format!("- `{}`: form `{}`{data}\n", r.id, r.form));
            }
            out.push('\n');
        }
        if !s.constants.is_empty() {
            out.push_str("### Constants\n\n| id | value | unit | meaning | citation |\n|---|---|---|---|---|\n");
            for c in &s.constants {
                let label = c.label.as_ref().map(|l| format!("{} / {}", l.zh, l.en)).unwrap_or_default();
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    c.id,
                    cell(&c.value),
                    cell(c.unit.as_deref().unwrap_or("")),
                    cell(&label),
                    cell(c.citation.as_deref().unwrap_or(""))
                ));
            }
            out.push('\n');
        }
        if !s.fields.is_empty() {
            out.push_str("### Fields\n\n");
            fields(&mut out, &s.fields);
        }
        for t in &s.tables {
            out.push_str(&format!(
                "### Table `{}` ({} / {})\n\nAddressed as `{}[row].field`.\n\n",
                t.id, t.label.zh, t.label.en, t.id
            ));
            fields(&mut out, &t.fields);
            if !t.rules.is_empty() {
                out.push_str(&format!("Rules on each row of `{}`:\n\n", t.id));
                rules(&mut out, &t.rules);
            }
        }
        if !s.rules.is_empty() {
            out.push_str("### Rules\n\n");
            rules(&mut out, &s.rules);
        }
    }
    out
}
