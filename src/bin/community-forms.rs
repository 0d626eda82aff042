//! The command line: `community-forms check|forms` (INTERFACE.md). Exit 0 valid, 1 errors
//! found, 2 the command itself could not run (one clear line on stderr).

use std::io::{Read, Write};
use std::process::ExitCode;
use std::rc::Rc;

use community_forms::engine::{json, At, TABLE_ROW};
use community_forms::format::display;
use community_forms::json::Value as Json;
use community_forms::spec::{NodeKind, Severity};
use community_forms::{csv, Locale, Registry, Session};

const USAGE: &str = "\
community-forms: exact validation and calculation for community-service forms

USAGE:
    community-forms check --form <form-id> [--format json|text] [--locale zh-CN|en]
                          [--spec <spec.json>]... [--set <field>=<value>]... [--explain] <file>
    community-forms forms [--format json|text] [--spec <spec.json>]...
    community-forms spec <form-id>
    community-forms docs            (the forms reference, docs/forms.md)

<file> is a JSON values object, or a CSV / tab-separated file of the form's main table
(header row: field ids or the Chinese labels); `-` reads standard input.
--spec loads a form spec at run time (a bureau's own form, or a replacement of a built-in).
--set gives header fields when the file is a CSV (e.g. --set report_year=2021).

Exit status: 0 valid, 1 errors found, 2 the command could not run.";

struct Fail(String);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(Fail(msg)) => {
            let _ = writeln!(std::io::stderr(), "community-forms: {msg}");
            ExitCode::from(2)
        }
    }
}

#[derive(Default)]
struct Opts {
    form: Option<String>,
    format: Option<String>,
    locale: Locale,
    specs: Vec<String>,
    sets: Vec<(String, String)>,
    explain: bool,
    file: Option<String>,
}

fn parse_opts(args: &[String]) -> Result<Opts, Fail> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<String, Fail> {
            it.next().cloned().ok_or_else(|| Fail(format!("{name} needs a value")))
        };
        match a.as_str() {
            "--form" | "-f" => o.form = Some(value("--form")?),
            "--format" => {
                let v = value("--format")?;
                if v != "json" && v != "text" {
                    return Err(Fail(format!("--format must be json or text, not `{v}`")));
                }
                o.format = Some(v);
            }
            "--locale" => {
                let v = value("--locale")?;
                o.locale = Locale::parse(&v).ok_or_else(|| Fail(format!("--locale must be zh-CN or en, not `{v}`")))?;
            }
            "--spec" => o.specs.push(value("--spec")?),
            "--set" => {
                let v = value("--set")?;
                let (k, val) = v.split_once('=').ok_or_else(|| Fail(format!("--set takes field=value, not `{v}`")))?;
                o.sets.push((k.trim().to_string(), val.to_string()));
            }
            "--explain" => o.explain = true,
            "-" => o.file = Some("-".into()),
            s if s.starts_with('-') => return Err(Fail(format!("unknown option `{s}`; see --help"))),
            s => {
                if o.file.is_some() {
                    return Err(Fail(format!("only one input file, got a second: `{s}`")));
                }
                o.file = Some(s.to_string());
            }
        }
    }
    Ok(o)
}

fn read_input(path: &str) -> Result<Vec<u8>, Fail> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| Fail(format!("cannot read standard input: {e}")))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| Fail(format!("cannot read `{path}`: {e}")))
}

fn registry(specs: &[String]) -> Result<Registry, Fail> {
    let mut reg = Registry::builtin();
    for path in specs {
        let bytes = read_input(path)?;
        let text = String::from_utf8(bytes).map_err(|_| Fail(format!("`{path}` is not UTF-8 text")))?;
        reg.add_spec(&text).map_err(|e| Fail(format!("{path}: {e}")))?;
    }
    Ok(reg)
}

fn run(args: &[String]) -> Result<u8, Fail> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err(Fail(format!("no command given\n\n{USAGE}")));
    };
    match cmd.as_str() {
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Ok(0)
        }
        "--version" | "-V" => {
            println!("community-forms {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        "forms" => forms(rest),
        "spec" => {
            let id = rest.first().ok_or_else(|| Fail("spec needs a form id".into()))?;
            let reg = Registry::builtin();
            let text = reg
                .spec_text(id)
                .ok_or_else(|| Fail(format!("unknown form `{id}`; `community-forms forms` lists them")))?;
            println!("{text}");
            Ok(0)
        }
        "check" => check(rest),
        "docs" => {
            print!("{}", community_forms::docs::forms_markdown(&Registry::builtin()));
            Ok(0)
        }
        other => Err(Fail(format!("unknown command `{other}` (check, forms, spec); see --help"))),
    }
}

fn forms(args: &[String]) -> Result<u8, Fail> {
    let o = parse_opts(args)?;
    let reg = registry(&o.specs)?;
    let ids: Vec<String> = reg.ids().map(str::to_string).collect();
    let mut out = String::new();
    if o.format.as_deref() == Some("json") {
        out.push('[');
        for (i, id) in ids.iter().enumerate() {
            let form = reg.get(id).map_err(|e| Fail(e.to_string()))?;
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"id\":");
            json::escape(id, &mut out);
            out.push_str(",\"title\":");
            json::escape(&form.title.zh, &mut out);
            out.push_str(",\"title_en\":");
            json::escape(&form.title.en, &mut out);
            out.push_str(",\"source\":");
            json::escape(&form.source.document, &mut out);
            out.push('}');
        }
        out.push(']');
    } else {
        for id in &ids {
            let form = reg.get(id).map_err(|e| Fail(e.to_string()))?;
            let title = if o.locale.is_en() { &form.title.en } else { &form.title.zh };
            out.push_str(&format!("{id:<36} {title}（{}）\n", form.source.document));
        }
    }
    println!("{}", out.trim_end());
    Ok(0)
}

fn check(args: &[String]) -> Result<u8, Fail> {
    let o = parse_opts(args)?;
    let form_id = o.form.clone().ok_or_else(|| Fail("check needs --form <form-id>".into()))?;
    let path = o.file.clone().ok_or_else(|| Fail("check needs an input file (or - for standard input)".into()))?;
    let reg = registry(&o.specs)?;
    let form = reg.get(&form_id).map_err(|e| Fail(e.to_string()))?;
    let bytes = read_input(&path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Fail(format!("`{path}` is not UTF-8 text (GBK files are read by the ledger tools)")))?;
    let trimmed = text.trim_start_matches('\u{FEFF}').trim_start();
    let is_json = path.to_ascii_lowercase().ends_with(".json") || trimmed.starts_with('{');
    let (mut values, csv_input) = if is_json {
        (community_forms::parse_values(&text).map_err(|e| Fail(format!("{path}: {e}")))?, false)
    } else {
        let table = form
            .main_table()
            .ok_or_else(|| Fail(format!("form `{form_id}` has no table, so it cannot read a CSV file")))?;
        let records = csv::parse(&text, csv::detect_delimiter(&text)).map_err(|e| Fail(format!("{path}: {e}")))?;
        let (values, ignored) = csv::records_to_values(&form, table, &records);
        for col in ignored {
            eprintln!("community-forms: note: column “{col}” names no field of {form_id}; ignored");
        }
        (values, true)
    };
    for (k, v) in &o.sets {
        values.set(k, Json::String(v.clone()));
    }
    let mut session = Session::new(Rc::clone(&form), o.locale);
    session.load(&values);
    let valid = session.is_valid();
    match o.format.as_deref() {
        Some("json") => println!("{}", json::result_json(&session, o.explain)),
        _ => print_text(&session, csv_input, o.explain),
    }
    Ok(if valid { 0 } else { 1 })
}

/// One line per problem, as a reviewer reads it: row, community, field label, message.
fn print_text(s: &Session, csv_input: bool, explain: bool) {
    let form = s.form();
    let en = s.locale().is_en();
    let mut out = String::new();
    let (mut errors, mut warnings) = (0usize, 0usize);
    for (path, issue) in s.all_issues() {
        let tag = match (issue.severity, en) {
            (Severity::Error, false) => {
                errors = errors.saturating_add(1);
                "错误"
            }
            (Severity::Warning, false) => {
                warnings = warnings.saturating_add(1);
                "警告"
            }
            (Severity::Error, true) => {
                errors = errors.saturating_add(1);
                "error"
            }
            (Severity::Warning, true) => {
                warnings = warnings.saturating_add(1);
                "warning"
            }
        };
        let place = describe_place(s, &path, csv_input);
        out.push_str(&format!("[{tag}] {place}{}", issue.message));
        if !issue.citation.is_empty() {
            if en {
                out.push_str(&format!(" ({})", issue.citation));
            } else {
                out.push_str(&format!("（{}）", issue.citation));
            }
        }
        out.push('\n');
    }
    // The header's computed values: what a reviewer checks first.
    let mut summary = Vec::new();
    if let Some(scope) = form.scope(0) {
        for (slot, &n) in scope.slots.iter().enumerate() {
            let Some(def) = form.node(n) else { continue };
            let NodeKind::Computed { ft, unit_label, .. } = &def.kind else {
                continue;
            };
            let at = At { scope: 0, row: 0, slot: u32::try_from(slot).unwrap_or(u32::MAX) };
            if let Some(v) = s.value(at).and_then(|v| display(v, Some(ft), s.locale())) {
                let unit = unit_label.get(en);
                let sep = if en { ": " } else { "：" };
                summary.push(format!(
                    "{}{sep}{v}{}{unit}",
                    def.label.get(en),
                    if unit.is_empty() || unit == "%" { "" } else { " " }
                ));
            }
        }
    }
    if !summary.is_empty() {
        out.push_str(&summary.join(if en { "; " } else { "；" }));
        out.push('\n');
    }
    if explain {
        for (path, text) in s.explain_all() {
            out.push_str(&format!("{path}: {text}\n"));
        }
    }
    if en {
        out.push_str(&format!("{}: {errors} error(s), {warnings} warning(s)\n", form.id));
    } else {
        out.push_str(&format!("{}：{errors} 个错误，{warnings} 个警告\n", form.title.zh));
    }
    print!("{out}");
}

fn describe_place(s: &Session, path: &str, csv_input: bool) -> String {
    let form = s.form();
    let en = s.locale().is_en();
    let sep = if en { ": " } else { "：" };
    if let Some(at) = s.locate(path) {
        let label = form.slot_node(at.scope, at.slot).map(|n| n.label.get(en).to_string()).unwrap_or_default();
        if at.scope == 0 {
            return format!("{label}{sep}");
        }
        // CSV: the spreadsheet's own row number (header is row 1); JSON: the 1-based row.
        let shown_row = if csv_input { at.row.saturating_add(2) } else { at.row.saturating_add(1) };
        let name = s
            .row_label(at.scope, at.row)
            .map(|n| if en { format!(" ({n})") } else { format!("（{n}）") })
            .unwrap_or_default();
        return if en {
            format!("row {shown_row}{name} {label}{sep}")
        } else {
            format!("第{shown_row}行{name} {label}{sep}")
        };
    }
    if let Some(t) = form.table(path) {
        let label = form.scope(t).map(|sc| sc.label.get(en).to_string()).unwrap_or_default();
        let _ = TABLE_ROW;
        return format!("{label}{sep}");
    }
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}{sep}")
    }
}
