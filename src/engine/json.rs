//! The JSON of the public contract (INTERFACE.md), written by hand so that key order follows
//! the spec and the bytes are identical on every platform.

pub use crate::json::escape;
use crate::json::Value as Json;

use super::{At, Delta, Issue, Session};
use crate::format::{display, fmt_decimal, push_decimal, Locale};
use crate::spec::NodeKind;
use crate::value::{FieldType, Val};

/// A value as the contract shows it: decimals as strings rounded half-up to the field's scale,
/// booleans as booleans, dates as ISO strings; `None` when it cannot be shown.
pub fn value_json(v: &Val, ft: Option<&FieldType>) -> Option<Json> {
    Some(match v {
        Val::Blank | Val::Unknown => return None,
        Val::Num(d) => Json::String(match ft {
            Some(ft) => fmt_decimal(*d, ft.scale, ft.fixed),
            None => crate::format::fmt_decimal_plain(*d),
        }),
        Val::Bool(b) => Json::Bool(*b),
        Val::List(l) => {
            let mut items = Vec::with_capacity(l.len());
            for s in l.iter() {
                items.push(Json::String(s.to_string()));
            }
            Json::Array(items)
        }
        other => Json::String(display(other, ft, Locale::ZhCn).unwrap_or_default()),
    })
}

/// `value_json` written to `out`, `null` when the value cannot be shown. A number or a yes/no,
/// what a keystroke changes, is written in place.
pub(crate) fn write_value(v: &Val, ft: Option<&FieldType>, out: &mut String) {
    match (v, ft) {
        (Val::Num(d), Some(ft)) => {
            out.push('"');
            push_decimal(out, *d, ft.scale, ft.fixed);
            out.push('"');
        }
        (Val::Bool(b), _) => out.push_str(if *b { "true" } else { "false" }),
        _ => match value_json(v, ft) {
            Some(j) => crate::json::write(&j, out),
            None => out.push_str("null"),
        },
    }
}

/// One issue as the contract writes it; without `path` where the place is already the key
/// (deltas, the page's `show`).
pub(crate) fn write_issue(path: Option<&str>, i: &Issue, out: &mut String) {
    out.push('{');
    if let Some(path) = path {
        out.push_str("\"path\":");
        escape(path, out);
        out.push(',');
    }
    out.push_str("\"severity\":\"");
    out.push_str(i.severity.as_str());
    out.push_str("\",\"code\":");
    escape(&i.code, out);
    out.push_str(",\"message\":");
    escape(&i.message, out);
    out.push_str(",\"citation\":");
    escape(&i.citation, out);
    out.push('}');
}

/// Writes the computed values of one scope row as `"id":value` pairs; returns how many.
fn write_computed(s: &Session, scope: u32, row: u32, out: &mut String) -> usize {
    let form = s.form();
    let Some(sc) = form.scope(scope) else {
        return 0;
    };
    let mut n = 0usize;
    for (slot, &node) in sc.slots.iter().enumerate() {
        let Some(def) = form.node(node) else { continue };
        let NodeKind::Computed { ft, .. } = &def.kind else {
            continue;
        };
        let slot = u32::try_from(slot).unwrap_or(u32::MAX);
        let Some(v) = s.value(At { scope, row, slot }).and_then(|v| value_json(v, Some(ft))) else {
            continue;
        };
        if n > 0 {
            out.push(',');
        }
        escape(&def.id, out);
        out.push(':');
        crate::json::write(&v, out);
        n = n.saturating_add(1);
    }
    n
}

/// The whole result object of `evaluate`.
pub fn result_json(s: &Session, explanations: bool) -> String {
    result_json_with(s, explanations, true)
}

/// The result object with every part as the contract has it; the bulk calls of the browser
/// package leave the problems out of the text instead (`result_json_bulk`). `rows: false` (a
/// table's values left out) is for whole ledgers: a build without `bulk` writes them always.
pub fn result_json_with(s: &Session, explanations: bool, rows: bool) -> String {
    let mut out = String::with_capacity(1024);
    result_json_as(s, explanations, rows, None, &mut out, |_| {});
    out
}

/// The result object as `result_json`, handed to `spill` a part at a time: `spill` is called
/// with the text so far between rows and between problems, and may write it out and empty it
/// (the command line: a 1,000,000-row ledger's result is about 235 MB of JSON, never held whole).
/// What is left when it returns is the end of the text.
pub fn write_result_json(s: &Session, explanations: bool, out: &mut String, spill: impl FnMut(&mut String)) {
    result_json_as(s, explanations, true, None, out, spill);
}

#[cfg(feature = "bulk")]
/// The result object of the browser package's bulk calls (`evaluateCsv`, `evaluateRows`, the
/// ledger worker): as `result_json_with`, but with `"issues":{"texts":[…]}` only, the problems
/// themselves left in `packed` (`write_issues_packed`), which the package's JavaScript turns
/// back into the contract's objects before anyone sees them.
pub fn result_json_bulk(s: &Session, explanations: bool, rows: bool, packed: &mut PackedIssues) -> String {
    let mut out = String::with_capacity(1024);
    result_json_as(s, explanations, rows, Some(packed), &mut out, |_| {});
    out
}

/// A bulk result's problems, apart from its JSON text: a ledger's 50,000 problems share a
/// handful of codes, messages and citations, and numbers cross from wasm to JavaScript as a
/// typed array, copied at once, where a JSON array of them had to be written and parsed.
#[derive(Debug, Default)]
pub struct PackedIssues {
    /// Each problem's path, in reading order, each after a U+001F (`push_piece`).
    pub paths: String,
    /// Five numbers per problem: its row in the form's main table (-1 when it is not on one;
    /// -2 - n for a problem of the sheet on its row n, a totals row that does not add up), 1 for
    /// an error or 0, then the indexes of its code, message and citation in `"texts"`.
    pub codes: Vec<i32>,
    /// No paths are written (`paths` stays empty): the ledger page places each problem by its
    /// row and never shows a path, and a ledger's 48,000 paths were 1.7 MB of text written,
    /// decoded and posted from its worker.
    pub without_paths: bool,
}

#[cfg(feature = "bulk")]
/// `text` appended to `out` as the next piece of a list of texts each after a U+001F (the bulk
/// calls' problem paths, a column of the ledger worker), a U+001F of its own as a space.
pub fn push_piece(out: &mut String, text: &str) {
    out.push('\u{1f}');
    if text.as_bytes().contains(&0x1f) {
        out.push_str(&text.replace('\u{1f}', " "));
    } else {
        out.push_str(text);
    }
}

#[cfg(feature = "bulk")]
/// Issues as `{"texts":[…]}` in `out`, and each problem in `packed`. Every text is one shared
/// text in the engine, found here by address.
fn write_issues_packed(s: &Session, out: &mut String, packed: &mut PackedIssues) {
    let mut index: crate::hash::PlaceMap<u32> = crate::hash::PlaceMap::default();
    let mut texts: Vec<&str> = Vec::new();
    fn text_id<'a>(t: &'a std::rc::Rc<str>, index: &mut crate::hash::PlaceMap<u32>, texts: &mut Vec<&'a str>) -> i32 {
        // Every text is held by the session while this runs, so an address names one text.
        let key = std::rc::Rc::as_ptr(t).cast::<u8>() as usize as u64;
        let next = u32::try_from(texts.len()).unwrap_or(u32::MAX);
        let id = index
            .get_or_insert_with(key, || {
                texts.push(t);
                next
            })
            .map_or(next, |id| *id);
        i32::try_from(id).unwrap_or(i32::MAX)
    }
    let main = s.form().main_table();
    let PackedIssues { paths, codes, without_paths } = packed;
    let with_paths = !*without_paths;
    paths.clear();
    codes.clear();
    // Each path spelled into one buffer, not a string of its own.
    let mut path = String::new();
    s.each_issue(&mut |place, issue| {
        let row = match place {
            Ok(at) => {
                if with_paths {
                    path.clear();
                    s.push_path(at, &mut path);
                    push_piece(paths, &path);
                }
                if Some(at.scope) == main && at.row != super::TABLE_ROW {
                    i32::try_from(at.row).unwrap_or(-1)
                } else {
                    -1
                }
            }
            Err(p) => {
                if with_paths {
                    push_piece(paths, p);
                }
                // A document's problem on a spreadsheet row of its own (a totals row): -2 - row.
                s.sheet_row(issue)
                    .and_then(|r| i32::try_from(r).ok())
                    .and_then(|r| (-2i32).checked_sub(r))
                    .unwrap_or(-1)
            }
        };
        codes.push(row);
        codes.push(i32::from(issue.severity == crate::spec::Severity::Error));
        for t in [&issue.code, issue.message.text(), &issue.citation] {
            codes.push(text_id(t, &mut index, &mut texts));
        }
    });
    out.push_str("{\"texts\":[");
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        escape(t, out);
    }
    out.push_str("]}");
}

/// The result object; without `rows`, a table's computed values are left out and `"rows"` gives
/// each table's row count instead (a 100,000-row ledger's problems without its every total).
/// `spill` as in `write_result_json`.
fn result_json_as(
    s: &Session,
    explanations: bool,
    rows: bool,
    packed: Option<&mut PackedIssues>,
    out: &mut String,
    mut spill: impl FnMut(&mut String),
) {
    // Only whole ledgers leave the rows out (the form package, without `bulk`, never does).
    let rows = rows || !cfg!(feature = "bulk");
    let form = s.form();
    out.push_str("{\"form\":");
    escape(&form.id, out);
    out.push_str(",\"valid\":");
    out.push_str(if s.is_valid() { "true" } else { "false" });
    out.push_str(",\"values\":{");
    let mut n = write_computed(s, 0, 0, out);
    for (t, scope) in form.scopes.iter().enumerate().skip(1) {
        let has_computed =
            scope.slots.iter().any(|&node| matches!(form.node(node).map(|d| &d.kind), Some(NodeKind::Computed { .. })));
        if !has_computed || !rows {
            continue;
        }
        if n > 0 {
            out.push(',');
        }
        escape(&scope.id, out);
        out.push_str(":[");
        let t = u32::try_from(t).unwrap_or(u32::MAX);
        for row in 0..s.rows(t) {
            if row > 0 {
                out.push(',');
            }
            out.push('{');
            write_computed(s, t, u32::try_from(row).unwrap_or(u32::MAX), out);
            out.push('}');
            spill(out);
        }
        out.push(']');
        n = n.saturating_add(1);
    }
    out.push('}');
    if !rows {
        out.push_str(",\"rows\":{");
        for (i, (t, scope)) in form.scopes.iter().enumerate().skip(1).enumerate() {
            if i > 0 {
                out.push(',');
            }
            escape(&scope.id, out);
            out.push(':');
            out.push_str(&s.rows(u32::try_from(t).unwrap_or(u32::MAX)).to_string());
        }
        out.push('}');
    }
    match packed {
        #[cfg(feature = "bulk")]
        Some(packed) => {
            out.push_str(",\"issues\":");
            write_issues_packed(s, out, packed);
        }
        _ => {
            out.push_str(",\"issues\":[");
            for (i, (path, issue)) in s.all_issues().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_issue(Some(&path), issue, out);
                spill(out);
            }
            out.push(']');
        }
    }
    if explanations {
        out.push_str(",\"explanations\":{");
        for (i, (path, text)) in s.explain_all().into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            escape(&path, out);
            out.push(':');
            escape(&text, out);
        }
        out.push('}');
    }
    out.push('}');
}

/// The changes of one incremental update: `{"valid":…,"values":{path:value|null},
/// "issues":{path:[issue…]}}`; a path listed under `issues` carries its complete new list.
pub fn delta_json(d: &Delta) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"valid\":");
    out.push_str(if d.valid { "true" } else { "false" });
    out.push_str(",\"values\":");
    out.push_str(&d.values);
    out.push_str(",\"issues\":");
    write_issue_lists(&d.issues, true, &mut out);
    out.push('}');
    out
}

/// `{path:[issue…],…}`; each issue also names its path when `with_path`.
pub(crate) fn write_issue_lists(lists: &[(String, Vec<Issue>)], with_path: bool, out: &mut String) {
    out.push('{');
    for (i, (path, list)) in lists.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        escape(path, out);
        out.push_str(":[");
        for (j, issue) in list.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            write_issue(with_path.then_some(path.as_str()), issue, out);
        }
        out.push(']');
    }
    out.push('}');
}

/// What a page binding needs to know about a form: its fields (which are computed, their
/// labels and types), its tables, in spec order.
pub fn form_info_json(form: &crate::spec::Form, locale: Locale) -> String {
    let en = locale.is_en();
    let mut out = String::with_capacity(1024);
    out.push_str("{\"id\":");
    escape(&form.id, &mut out);
    out.push_str(",\"title\":");
    escape(form.title.get(en), &mut out);
    out.push_str(",\"source\":");
    escape(&form.source.document, &mut out);
    for (si, scope) in form.scopes.iter().enumerate() {
        if si == 0 {
            out.push_str(",\"fields\":");
        } else if si == 1 {
            out.push_str(",\"tables\":[");
        }
        if si >= 1 {
            if si > 1 {
                out.push(',');
            }
            out.push_str("{\"id\":");
            escape(&scope.id, &mut out);
            out.push_str(",\"label\":");
            escape(scope.label.get(en), &mut out);
            out.push_str(",\"fields\":");
        }
        out.push('[');
        let mut first = true;
        for &n in &scope.slots {
            let Some(def) = form.node(n) else { continue };
            let (ft, computed, unit) = match &def.kind {
                NodeKind::Input { ft, unit_label } => (ft, false, unit_label.get(en)),
                NodeKind::Computed { ft, unit_label, .. } => (ft, true, unit_label.get(en)),
                _ => continue,
            };
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str("{\"id\":");
            escape(&def.id, &mut out);
            out.push_str(",\"label\":");
            escape(def.label.get(en), &mut out);
            out.push_str(",\"type\":");
            escape(kind_name(ft.kind), &mut out);
            out.push_str(",\"unit\":");
            escape(unit, &mut out);
            out.push_str(",\"computed\":");
            out.push_str(if computed { "true" } else { "false" });
            // A choice's options and the other names each is known by (a page sets a list from
            // a pasted 农村 to its option 农村社区).
            if ft.kind == crate::value::Kind::Choice && !computed {
                out.push_str(",\"options\":[");
                for (i, o) in ft.options.iter().enumerate() {
                    out.push_str(if i > 0 { ",[" } else { "[" });
                    escape(&o.value, &mut out);
                    for a in &o.aliases {
                        out.push(',');
                        escape(a, &mut out);
                    }
                    out.push(']');
                }
                out.push(']');
            }
            out.push('}');
        }
        out.push(']');
        if si >= 1 {
            out.push('}');
        }
    }
    if form.scopes.len() > 1 {
        out.push(']');
    } else {
        out.push_str(",\"tables\":[]");
    }
    out.push('}');
    out
}

fn kind_name(k: crate::value::Kind) -> &'static str {
    use crate::value::Kind;
    match k {
        Kind::Count => "count",
        Kind::Households => "households",
        Kind::AreaM2 => "area_m2",
        Kind::MoneyWan => "money_wan",
        Kind::MoneyYuan => "money_yuan",
        Kind::Percent => "percent",
        Kind::Number => "number",
        Kind::Year => "year",
        Kind::Date => "date",
        Kind::Text => "text",
        Kind::Choice => "choice",
        Kind::Checks => "checks",
        Kind::YesNo => "yes_no",
        Kind::Phone => "phone",
        Kind::Email => "email",
        Kind::IdCard => "id_card",
        Kind::Image => "image",
        Kind::Boolean => "boolean",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic, clippy::arithmetic_side_effects)]
    use super::*;
    use crate::json::{parse, Value};

    /// The bulk calls' packed problems are the result's problems: the same paths in the same
    /// order, severities, codes, messages and citations, and each on its row of the main table
    /// (or -1: a header field, the table as a whole).
    #[cfg(feature = "bulk")]
    #[test]
    fn packed_problems_are_the_results_problems() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let mut s = Session::new(form.clone(), crate::Locale::ZhCn);
        let mut loader = crate::csv::Loader::default();
        let text = "社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,达标年度\n\
                    朝阳社区,城市社区,3800,1250,2020\n\
                    丽园社区,城市社区,-5,599.99,2019\n\
                    朝阳社区,农村,２０００,abc,\n";
        loader.push(text, true, &form, table, &mut s).unwrap();
        s.put_header(form.field_slot(0, "report_year").unwrap(), &Value::String("2021".into()));
        s.finish_bulk();
        let mut packed = PackedIssues::default();
        let bulk = parse(&result_json_bulk(&s, false, false, &mut packed)).unwrap();
        let full = parse(&result_json_with(&s, false, false)).unwrap();
        let field = |v: &Value, k: &str| match v {
            Value::Object(fields) => fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap(),
            _ => panic!("not an object"),
        };
        let text = |v: Value| match v {
            Value::String(s) => s,
            other => panic!("not a string: {other:?}"),
        };
        let Value::Array(texts) = field(&field(&bulk, "issues"), "texts") else { panic!("no texts") };
        let Value::Array(issues) = field(&full, "issues") else { panic!("no issues") };
        let paths: Vec<&str> = packed.paths.split('\u{1f}').collect();
        assert_eq!(paths.first(), Some(&""));
        assert_eq!((paths.len() - 1, packed.codes.len()), (issues.len(), issues.len() * 5));
        assert!(issues.len() >= 6, "{issues:?}");
        for (i, issue) in issues.iter().enumerate() {
            let codes = &packed.codes[i * 5..i * 5 + 5];
            let path = text(field(issue, "path"));
            assert_eq!(paths[i + 1], path);
            let row =
                path.strip_prefix("communities[").and_then(|p| p.split(']').next()).map_or(-1, |r| r.parse().unwrap());
            assert_eq!(codes[0], row, "{path}");
            assert_eq!(codes[1] == 1, text(field(issue, "severity")) == "error", "{path}");
            for (k, name) in [(2, "code"), (3, "message"), (4, "citation")] {
                let id = usize::try_from(codes[k]).unwrap();
                assert_eq!(text(texts[id].clone()), text(field(issue, name)), "{path} {name}");
            }
        }
        assert!(packed.codes.chunks(5).any(|c| c[0] == -1), "a problem off the rows (reporting_unit)");
        assert!(packed.codes.chunks(5).any(|c| c[0] == 2), "a problem on the third row");
    }
}
