//! The command line: `community-forms check|forms` (INTERFACE.md). Exit 0 valid, 1 errors
//! found, 2 the command itself could not run (one clear line on stderr).

use std::io::{Read, Write};

use std::process::ExitCode;
use std::rc::Rc;

use community_forms::engine::{json, At};
use community_forms::format::display;
use community_forms::json::Value as Json;
use community_forms::spec::{NodeKind, Severity};
use community_forms::value::{Kind, Val};
use community_forms::{csv, Form, Locale, Registry, Session};

const USAGE: &str = "\
community-forms: exact validation and calculation for community-service forms

USAGE:
    community-forms check --form <form-id> [--format json|text|csv] [--locale zh-CN|en]
                          [--spec <spec.json>]... [--set <field>=<value>]... [--explain]
                          [--only errors|warnings] [--by <field>]... [--sheet <name|number>] <file>...
    community-forms forms [--format json|text] [--spec <spec.json>]...
    community-forms spec <form-id>
    community-forms docs            (the forms reference, docs/forms.md)
    community-forms precompile --out <file> [--forms <id>,<id>...] [<spec.json>]

precompile writes a spec compiled for the browser package's `addSpec` (bytes, read without the
spec compiler), or with no spec a bundle of built-in forms: every one, or with --forms those
named and the forms they read (what scripts/build.sh puts beside the browser package's code;
--forms '' writes a bundle of none).

<file> is a JSON values object, or a CSV / tab-separated file (UTF-8, GBK or UTF-16) or a
workbook (.xlsx, or Excel 97–2003 .xls, told by its first bytes) of the form's main table
(header row: field ids or the Chinese labels); `-` reads standard input (not a workbook).
--format csv writes the problems as a table for Excel (UTF-8 with a byte-order mark): row,
name, field, severity, code, message, source, path.
--only errors (or warnings) lists only those problems (text and csv; the counts stay whole).
--by <field> adds to the text output the rows counted by that column of the table (e.g.
--by street): rows, rows with errors, and each yes/no column's yes count and rate.
Several files (a district's ledgers, one from each street) are each checked on their own: the
text in a section per file and a count of the files at the end; JSON, one line per file,
{\"file\": …, \"result\": …}; CSV, one table with the file first. Exit status 2 if a file could not
be read (the others are still checked), else 1 if one has errors.
--sheet picks a workbook's worksheet by its name or number (1 is the first); without it, the
first worksheet that has the form's header is read, and any other that has one is named.
--spec loads a form spec at run time (a bureau's own form, or a replacement of a built-in).
--set gives header fields when the file is a CSV (e.g. --set report_year=2021), and a column of
the table to every row of a spreadsheet that lacks it (--set community_type=农村社区). A choice
column the spreadsheet lacks is taken from the worksheet's or the file's name when it holds one of
the column's options (the ledger's rural communities on a worksheet named 农村社区), with a note.

Exit status: 0 valid, 1 errors found, 2 the command could not run.";

/// The usage in Chinese (`USAGE` in English, with `--locale en`).
const USAGE_ZH: &str = "\
community-forms：社区服务表单的精确校验与计算

用法：
    community-forms check --form <表单编号> [--format json|text|csv] [--locale zh-CN|en]
                          [--spec <表单定义.json>]... [--set <字段>=<值>]... [--explain]
                          [--only errors|warnings] [--by <字段>]... [--sheet <名称|序号>] <文件>...
    community-forms forms [--format json|text] [--spec <表单定义.json>]...
    community-forms spec <表单编号>
    community-forms docs            （表单说明，即 docs/forms.md）
    community-forms precompile --out <文件> [--forms <编号>,<编号>...] [<表单定义.json>]

<文件> 可以是 JSON 数值文档，也可以是表单主表格的 CSV / 制表符分隔文件（UTF-8、GBK 或
UTF-16）或工作簿（.xlsx，或 Excel 97–2003 的 .xls，按文件开头的字节识别）；表头行写字段名或
中文列名均可。`-` 表示读取标准输入（工作簿除外）。
--format csv 把问题写成可用 Excel 打开的表格（带字节顺序标记的 UTF-8）：行、名称、栏目、
级别、代码、说明、依据、路径。
--only errors（或 warnings）只列出这一级别的问题（text 与 csv 输出；计数仍为全部）。
--by <字段> 在 text 输出中按表格的这一列分组计数（如 --by street）：行数、有错误的行数，
以及每个“是/否”列为“是”的行数和比例。
给出多个文件（一个区各街道的台账）时逐个核查：text 输出每个文件一节，最后统计文件数；
JSON 每个文件一行 {\"file\": …, \"result\": …}；CSV 合为一张表，每行先写文件名。
有文件无法读取时退出状态为 2（其余文件照常核查），否则有错误时为 1。
--sheet 按名称或序号（1 为第一个）选择工作簿中的工作表；不给时读取第一个有本表表头的
工作表，并指出其他也有表头的工作表。
--spec 在运行时载入表单定义（本单位自己的表单，或替换内置表单）。
--set 在文件为 CSV 时给出表头字段（如 --set report_year=2021），也可给缺少某列的电子表格的
每一行补上这一列（--set community_type=农村社区）。电子表格缺少的选项列，如工作表名或文件名
含有该列的某个选项（农村社区的台账放在名为“农村社区”的工作表中），即按其读入，并给出提示。
precompile 把表单定义编译为浏览器包 addSpec 所用的字节（无需表单编译器即可读取）；不给
表单定义时，输出内置表单的合集：全部表单，或用 --forms 指定的表单及其引用的表单。

退出状态：0 无错误，1 发现错误，2 命令无法执行。
";

/// Why the command could not run, in Chinese and in English: one line on standard error in the
/// language `--locale` asks for (Chinese by default, as the findings are), exit status 2.
struct Fail {
    zh: String,
    en: String,
}

impl Fail {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Fail {
        Fail { zh: zh.into(), en: en.into() }
    }

    /// A file that could not be read or written (`what`: 读取 / read, 写入 / write), with the
    /// system's reason, in Chinese where it is a common one.
    fn io(what: (&str, &str), path: &str, e: &std::io::Error) -> Fail {
        let place_zh = if path == "-" { "标准输入".to_string() } else { format!("“{path}”") };
        let place_en = if path == "-" { "standard input".to_string() } else { format!("`{path}`") };
        Fail::new(
            format!("无法{}{place_zh}：{}", what.0, io_reason_zh(e)),
            format!("cannot {} {place_en}: {e}", what.1),
        )
    }

    /// One line on standard error.
    fn print(&self, locale: Locale) {
        let _ = if locale.is_en() {
            writeln!(std::io::stderr(), "community-forms: {}", self.en)
        } else {
            writeln!(std::io::stderr(), "community-forms：{}", self.zh)
        };
    }
}

impl From<community_forms::Error> for Fail {
    fn from(e: community_forms::Error) -> Fail {
        Fail::new(e.message(Locale::ZhCn), e.to_string())
    }
}

const READ: (&str, &str) = ("读取", "read");
const WRITE: (&str, &str) = ("写入", "write");

/// The system's reason a file could not be read or written, in Chinese where it is a common one.
fn io_reason_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "文件不存在".into(),
        ErrorKind::PermissionDenied => "没有访问权限".into(),
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件".into(),
        ErrorKind::StorageFull => "磁盘已满".into(),
        ErrorKind::InvalidData => format!("内容无效（{e}）"),
        _ => e.to_string(),
    }
}

/// The language asked for by the last well-formed `--locale`, before the options are read: a
/// mistake in them is said in that language too.
fn asked_locale(args: &[String]) -> Locale {
    let mut locale = Locale::default();
    for pair in args.windows(2) {
        if let [k, v] = pair {
            if k == "--locale" {
                locale = Locale::parse(v).unwrap_or(locale);
            }
        }
    }
    locale
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(fail) => {
            fail.print(asked_locale(&args));
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
    only: Option<Severity>,
    by: Vec<String>,
    sheet: Option<String>,
    files: Vec<String>,
}

fn parse_opts(args: &[String]) -> Result<Opts, Fail> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<String, Fail> {
            it.next().cloned().ok_or_else(|| Fail::new(format!("{name} 后面缺少取值"), format!("{name} needs a value")))
        };
        match a.as_str() {
            "--form" | "-f" => o.form = Some(value("--form")?),
            "--format" => {
                let v = value("--format")?;
                if v != "json" && v != "text" && v != "csv" {
                    return Err(Fail::new(
                        format!("--format 只能是 json、text 或 csv，不能是“{v}”"),
                        format!("--format must be json, text or csv, not `{v}`"),
                    ));
                }
                o.format = Some(v);
            }
            "--locale" => {
                let v = value("--locale")?;
                o.locale = Locale::parse(&v).ok_or_else(|| {
                    Fail::new(
                        format!("--locale 只能是 zh-CN 或 en，不能是“{v}”"),
                        format!("--locale must be zh-CN or en, not `{v}`"),
                    )
                })?;
            }
            "--spec" => o.specs.push(value("--spec")?),
            "--set" => {
                let v = value("--set")?;
                let (k, val) = v.split_once('=').ok_or_else(|| {
                    Fail::new(
                        format!("--set 的写法是 字段=值，不能是“{v}”"),
                        format!("--set takes field=value, not `{v}`"),
                    )
                })?;
                o.sets.push((k.trim().to_string(), val.to_string()));
            }
            "--explain" => o.explain = true,
            "--only" => {
                let v = value("--only")?;
                o.only = Some(match v.as_str() {
                    "errors" | "error" => Severity::Error,
                    "warnings" | "warning" => Severity::Warning,
                    _ => {
                        return Err(Fail::new(
                            format!("--only 只能是 errors 或 warnings，不能是“{v}”"),
                            format!("--only must be errors or warnings, not `{v}`"),
                        ))
                    }
                });
            }
            "--by" => o.by.push(value("--by")?),
            "--sheet" => o.sheet = Some(value("--sheet")?),
            "-" => o.files.push("-".into()),
            s if s.starts_with('-') => {
                return Err(Fail::new(
                    format!("没有“{s}”这个选项；--help 列出用法"),
                    format!("unknown option `{s}`; see --help"),
                ))
            }
            s => o.files.push(s.to_string()),
        }
    }
    Ok(o)
}

fn read_input(path: &str) -> Result<Vec<u8>, Fail> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| Fail::io(READ, path, &e))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| Fail::io(READ, path, &e))
}

/// A file that is not UTF-8 text where only UTF-8 is read (a spec).
fn not_utf8(path: &str) -> Fail {
    Fail::new(format!("“{path}”不是 UTF-8 文本"), format!("`{path}` is not UTF-8 text"))
}

/// A spec that was refused (its errors are for whoever wrote it, in English).
fn bad_spec(path: &str, e: impl std::fmt::Display) -> Fail {
    Fail::new(format!("“{path}”：{e}"), format!("{path}: {e}"))
}

fn registry(specs: &[String]) -> Result<Registry, Fail> {
    let mut reg = Registry::builtin();
    for path in specs {
        let bytes = read_input(path)?;
        let text = String::from_utf8(bytes).map_err(|_| not_utf8(path))?;
        reg.add_spec(&text).map_err(|e| bad_spec(path, e))?;
    }
    Ok(reg)
}

/// The usage, in the language `--locale` asks for.
fn usage(args: &[String]) -> String {
    if asked_locale(args).is_en() {
        format!("{USAGE}\n")
    } else {
        USAGE_ZH.to_string()
    }
}

fn run(args: &[String]) -> Result<u8, Fail> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err(Fail::new(format!("没有给出命令\n\n{USAGE_ZH}"), format!("no command given\n\n{USAGE}\n")));
    };
    // `check --help` and the like: the usage, whatever else was given.
    let help = rest.iter().any(|a| matches!(a.as_str(), "--help" | "-h"));
    match cmd.as_str() {
        _ if help => {
            emit(&usage(args))?;
            Ok(0)
        }
        "--help" | "-h" | "help" => {
            emit(&usage(args))?;
            Ok(0)
        }
        "--version" | "-V" => {
            emit(&format!("community-forms {}\n", env!("CARGO_PKG_VERSION")))?;
            Ok(0)
        }
        "forms" => forms(rest),
        "spec" => {
            let id = rest.first().ok_or_else(|| Fail::new("spec 后面缺少表单编号", "spec needs a form id"))?;
            let reg = Registry::builtin();
            let text = reg.spec_text(id).ok_or_else(|| Fail::from(community_forms::Error::UnknownForm(id.clone())))?;
            emit(&format!("{text}\n"))?;
            Ok(0)
        }
        "check" => check(rest),
        "precompile" => precompile(rest),
        "docs" => {
            emit(&community_forms::docs::forms_markdown(&Registry::builtin()))?;
            Ok(0)
        }
        other => Err(Fail::new(
            format!("没有“{other}”这个命令（命令有 check、forms、spec、docs、precompile）；--help 列出用法"),
            format!("unknown command `{other}` (check, forms, spec, docs, precompile); see --help"),
        )),
    }
}

/// `precompile --out <file> [--forms <ids>] [<spec.json>]`: one spec compiled to bytes, or a
/// bundle of built-in forms (every one, or those named and the forms they read).
fn precompile(args: &[String]) -> Result<u8, Fail> {
    let mut out_path = None;
    let mut spec_path = None;
    let mut only: Option<Vec<String>> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => {
                out_path =
                    Some(it.next().ok_or_else(|| Fail::new("--out 后面缺少文件名", "--out needs a file"))?.clone())
            }
            "--forms" => {
                let list = it.next().ok_or_else(|| {
                    Fail::new("--forms 后面缺少表单编号（以逗号分隔）", "--forms needs form ids, separated by commas")
                })?;
                only = Some(list.split(',').map(str::trim).filter(|id| !id.is_empty()).map(str::to_string).collect());
            }
            other if other.starts_with("--") => {
                return Err(Fail::new(format!("没有“{other}”这个选项"), format!("unknown option `{other}`")))
            }
            other => spec_path = Some(other.to_string()),
        }
    }
    let out_path =
        out_path.ok_or_else(|| Fail::new("precompile 需要 --out <文件>", "precompile needs --out <file>"))?;
    let mut reg = Registry::builtin();
    let bytes = match spec_path {
        Some(_) if only.is_some() => {
            return Err(Fail::new(
                "precompile 只接受一个表单定义或 --forms，不能两者都给",
                "precompile takes a spec or --forms, not both",
            ))
        }
        Some(path) => {
            let text = String::from_utf8(read_input(&path)?).map_err(|_| not_utf8(&path))?;
            let form = reg.add_spec(&text).map_err(|e| bad_spec(&path, e))?;
            community_forms::wire::encode_form(&form)
        }
        None => {
            let every: Vec<String> = reg.ids().map(str::to_string).collect();
            // The forms asked for and, transitively, the forms they read (a filing checked
            // against its allocation needs the allocation too).
            let mut wanted = only.unwrap_or_else(|| every.clone());
            let mut i = 0;
            while let Some(id) = wanted.get(i).cloned() {
                let form = reg.get(&id)?;
                for r in &form.references {
                    if !wanted.contains(&r.form.id) {
                        wanted.push(r.form.id.clone());
                    }
                }
                i = i.saturating_add(1);
            }
            let mut forms = Vec::new();
            for id in every.iter().filter(|id| wanted.contains(id)) {
                let form = reg.get(id)?;
                forms.push((id.clone(), community_forms::wire::encode_form(&form)));
            }
            community_forms::wire::encode_bundle(&forms)
        }
    };
    std::fs::write(&out_path, bytes).map_err(|e| Fail::io(WRITE, &out_path, &e))?;
    Ok(0)
}

fn forms(args: &[String]) -> Result<u8, Fail> {
    let o = parse_opts(args)?;
    let reg = registry(&o.specs)?;
    let ids: Vec<String> = reg.ids().map(str::to_string).collect();
    let mut out = String::new();
    if o.format.as_deref() == Some("json") {
        out.push('[');
        for (i, id) in ids.iter().enumerate() {
            let form = reg.get(id)?;
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
            let form = reg.get(id)?;
            let source = &form.source.document;
            if o.locale.is_en() {
                out.push_str(&format!("{id:<36} {} ({source})\n", form.title.en));
            } else {
                out.push_str(&format!("{id:<36} {}（{source}）\n", form.title.zh));
            }
        }
    }
    emit(&format!("{}\n", out.trim_end()))?;
    Ok(0)
}

fn check(args: &[String]) -> Result<u8, Fail> {
    let o = parse_opts(args)?;
    let form_id =
        o.form.clone().ok_or_else(|| Fail::new("check 需要 --form <表单编号>", "check needs --form <form-id>"))?;
    if o.files.is_empty() {
        return Err(Fail::new(
            "check 需要一个输入文件（或用 - 表示标准输入）",
            "check needs an input file (or - for standard input)",
        ));
    }
    let reg = registry(&o.specs)?;
    let form = reg.get(&form_id)?;
    let format = o.format.as_deref().unwrap_or("text");
    if o.only.is_some() && format == "json" {
        return Err(Fail::new(
            "--only 只用于 text 和 csv 输出；JSON 结果总是完整的",
            "--only is for the text and csv outputs; the JSON result is always whole",
        ));
    }
    if o.sheet.is_some() && !o.files.iter().all(|f| is_workbook(f)) {
        return Err(Fail::new("--sheet 只用于工作簿（.xlsx、.xls）", "--sheet is for workbooks (.xlsx, .xls)"));
    }
    if !o.by.is_empty() && format != "text" {
        return Err(Fail::new("--by 只用于 text 输出", "--by is for the text output"));
    }
    if o.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Fail::new("标准输入（-）只能读取一次", "standard input (-) can be read only once"));
    }
    for (k, _) in &o.sets {
        if form.field_slot(0, k).is_none() && table_column(&form, k).is_none() {
            return Err(Fail::new(
                format!("--set {k}：“{k}”既不是 {form_id} 表头的字段，也不是其表格的列"),
                format!("--set {k}: `{k}` is neither a header field nor a column of {form_id}"),
            ));
        }
    }
    // The --by columns, found before any file is read.
    let mut by = Vec::new();
    for field in &o.by {
        let table = form.main_table().ok_or_else(|| {
            Fail::new(
                format!("--by {field}：表单 {form_id} 没有表格"),
                format!("--by {field}: form `{form_id}` has no table"),
            )
        })?;
        match form.field_slot(table, field) {
            Some(slot) => by.push((table, slot)),
            None => {
                return Err(Fail::new(
                    format!("--by {field}：“{field}”不是 {form_id} 表格的列"),
                    format!("--by {field}: `{field}` is not a column of {form_id}'s table"),
                ))
            }
        }
    }
    let [path] = o.files.as_slice() else {
        return check_each(&o, &form, format, &by);
    };
    let session = load_file(&o, &form, path)?;
    match format {
        "json" => {
            let mut out = String::new();
            write_json(&session, o.explain, &mut out)?;
            out.push('\n');
            emit(&out)?;
        }
        "csv" => emit(&problems_csv(&session, o.only, None, true)?)?,
        _ => print_text(&session, o.explain, o.only, &by)?,
    }
    Ok(if session.is_valid() { 0 } else { 1 })
}

/// Whether a file is read as a workbook, an .xlsx (a zip archive) or an Excel 97–2003 .xls (a
/// compound file): an .xlsx by its name, any other by its first bytes (systems that export
/// "Excel" often write tab-separated text named .xls, which is read as text; a workbook named .csv
/// is still a workbook). An unreadable .xls by its name (the error is said where it is read).
/// Standard input is read as text.
fn is_workbook(path: &str) -> bool {
    if path == "-" {
        return false;
    }
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
        return true;
    }
    let mut head = Vec::with_capacity(8);
    let read = std::fs::File::open(path).and_then(|f| f.take(8).read_to_end(&mut head));
    if read.is_err() || head.is_empty() {
        return lower.ends_with(".xls");
    }
    head.starts_with(b"PK\x03\x04") || community_forms_xlsx::is_xls(&head)
}

/// Several files (a district's ledgers, one from each street), each checked on its own: the text
/// output in a section per file (`==> file <==`) and a last line counting the files; JSON, one
/// line per file, `{"file": …, "result": …}`; CSV, one table with the file first on each line. A
/// file that cannot be read is said on standard error and the others are still checked. Exit
/// status: 2 if a file could not be read, else 1 if one has errors, else 0.
fn check_each(o: &Opts, form: &Rc<Form>, format: &str, by: &[(u32, u32)]) -> Result<u8, Fail> {
    let en = o.locale.is_en();
    let (mut with_errors, mut unread) = (0usize, 0usize);
    for (i, path) in o.files.iter().enumerate() {
        if format == "text" {
            emit(&format!("{}==> {} <==\n", if i > 0 { "\n" } else { "" }, shown(path)))?;
        }
        let session = match load_file(o, form, path) {
            Ok(s) => s,
            Err(fail) => {
                fail.print(o.locale);
                unread = unread.saturating_add(1);
                continue;
            }
        };
        if !session.is_valid() {
            with_errors = with_errors.saturating_add(1);
        }
        match format {
            "json" => {
                let mut line = String::from("{\"file\":");
                community_forms::json::escape(path, &mut line);
                line.push_str(",\"result\":");
                write_json(&session, o.explain, &mut line)?;
                line.push_str("}\n");
                emit(&line)?;
            }
            "csv" => emit(&problems_csv(&session, o.only, Some(path), i == 0)?)?,
            _ => print_text(&session, o.explain, o.only, by)?,
        }
    }
    let files = o.files.len();
    let valid = files.saturating_sub(with_errors).saturating_sub(unread);
    if format == "text" {
        let mut line = if en {
            format!("\n{files} files: {with_errors} with errors, {valid} without")
        } else {
            format!("\n共 {files} 个文件：{with_errors} 个有错误，{valid} 个没有错误")
        };
        if unread > 0 {
            line.push_str(&if en {
                format!(", {unread} could not be read")
            } else {
                format!("，{unread} 个无法读取")
            });
        }
        line.push('\n');
        emit(&line)?;
    }
    Ok(if unread > 0 {
        2
    } else if with_errors > 0 {
        1
    } else {
        0
    })
}

/// Reads one file into a session of `form` and checks it: a JSON values document, a CSV or
/// tab-separated file, or an .xlsx workbook; `--set` gives the header.
fn load_file(o: &Opts, form: &Rc<Form>, path: &str) -> Result<Session, Fail> {
    let form_id = &form.id;
    let lower = path.to_ascii_lowercase();
    let is_xlsx = is_workbook(path);
    let mut session = Session::new(Rc::clone(form), o.locale);
    let mut input = open_input(path)?;
    let mut head = Vec::new();
    if !is_xlsx {
        // The first block decides the encoding and whether this is JSON.
        let mut block = vec![0u8; 64 * 1024];
        let n = input.read(&mut block).map_err(|e| Fail::io(READ, path, &e))?;
        block.truncate(n);
        head = block;
    }
    if head.starts_with(b"PK\x03\x04") || community_forms_xlsx::is_xls(&head) {
        return Err(Fail::new(
            "标准输入中是工作簿（.xlsx 或 .xls），而工作簿须从文件读取：请给出文件名",
            format!(
                "{path}: a workbook (.xlsx or .xls) is read from its file, not from standard input: give the file's name"
            ),
        ));
    }
    let first = String::from_utf8_lossy(&head);
    let is_json =
        !is_xlsx && (lower.ends_with(".json") || first.trim_start_matches('\u{FEFF}').trim_start().starts_with('{'));
    if is_json {
        let mut bytes = head;
        input.read_to_end(&mut bytes).map_err(|e| Fail::io(READ, path, &e))?;
        let (text, encoding, damaged) = bulk::detect(&bytes).decode(&bytes);
        if damaged && encoding == encoding_rs::UTF_8 {
            note(
                o.locale,
                "文件是 UTF-8 编码，但其中有不合 UTF-8 的字节，已读作 U+FFFD（\u{FFFD}），请检查文件".into(),
                "the file is UTF-8, but holds bytes that are not; they were read as U+FFFD, \u{FFFD} (check the file)"
                    .into(),
            );
        }
        let mut values = community_forms::parse_values(&text)
            .map_err(|e| Fail::new(format!("“{path}”：{}", e.message(Locale::ZhCn)), format!("{path}: {e}")))?;
        for (k, v) in &o.sets {
            if form.field_slot(0, k).is_none() {
                return Err(Fail::new(
                    format!(
                        "--set {k}：此项是给缺少该列的电子表格补上一列；“{path}”是数值文档（JSON），其各行自有取值"
                    ),
                    format!(
                        "--set {k}: a column is given to a spreadsheet that lacks it; `{path}` is a values document, \
                         whose rows give their own"
                    ),
                ));
            }
            values.set(k, Json::String(v.clone()));
        }
        session.load(&values);
    } else {
        let table = form.main_table().ok_or_else(|| {
            Fail::new(
                format!("表单 {form_id} 没有表格，不能读取电子表格"),
                format!("form `{form_id}` has no table, so it cannot read a spreadsheet"),
            )
        })?;
        let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let mut loader = csv::Loader::default();
        for (k, v) in &o.sets {
            if let Some(slot) = table_column(form, k) {
                loader.sheet.give(slot, v);
            }
        }
        // The file's name, after a worksheet's (load_xlsx), may say which kind of row it holds.
        let file_name = std::path::Path::new(path).file_stem().filter(|_| path != "-").map(|n| n.to_string_lossy());
        let sheet = if is_xlsx {
            bulk::load_xlsx(path, o, file_name.as_deref(), loader, form, table, &mut session)?
        } else {
            if let Some(name) = &file_name {
                loader.sheet.known_as(name);
            }
            // What many systems export as "Excel": a web page's table under an .xls name.
            let text = first.trim_start_matches('\u{FEFF}').trim_start();
            if (lower.ends_with(".xls") || lower.ends_with(".xlsx")) && text.starts_with('<') {
                return Err(Fail::new(
                    format!(
                        "“{path}”：该文件是以 Excel 文件名保存的网页（HTML），不是工作簿。请在 Excel 或 WPS 中打开，\
                         另存为 Excel 工作簿（.xlsx）或 CSV 后再核查（文件 → 另存为）"
                    ),
                    format!(
                        "{path}: the file is a web page (HTML) saved under an Excel name, not a workbook: open it in \
                         Excel or WPS and save it as an .xlsx workbook or as CSV (文件 → 另存为)"
                    ),
                ));
            }
            bulk::load_csv(head, input, total, loader, form, table, &mut session).map_err(|e| match e {
                bulk::Unread::Csv(e) => unread_csv(path, &e),
                bulk::Unread::Io(e) => Fail::io(READ, path, &e),
            })?
        };
        for col in &sheet.ignored {
            note(
                o.locale,
                format!("“{}”列不是{}的栏目，未读入", shown(col), form.title.zh),
                format!("column “{}” names no field of {form_id}; ignored", shown(col)),
            );
        }
        bulk::note_left_out(&sheet, o.locale);
        note_given(o, form, table, &sheet);
        for (k, v) in &o.sets {
            if let Some(slot) = form.field_slot(0, k) {
                session.put_header(slot, &Json::String(v.clone()));
            }
        }
        session.finish_bulk();
        sheet.check_totals(form, table, &mut session);
    }
    Ok(session)
}

/// The slot of `field` among the columns of `form`'s main table, if it is a column one types in.
fn table_column(form: &Form, field: &str) -> Option<u32> {
    let table = form.main_table()?;
    let slot = form.field_slot(table, field)?;
    let node = form.slot_node(table, slot)?;
    matches!(node.kind, NodeKind::Input { .. }).then_some(slot)
}

/// A note on standard error about how a file was read, in the output's language.
fn note(locale: Locale, zh: String, en: String) {
    if locale.is_en() {
        eprintln!("community-forms: note: {en}");
    } else {
        eprintln!("community-forms：注意：{zh}");
    }
}

/// Says what every row was given for a column the spreadsheet lacks, and which `--set` column
/// the spreadsheet has of its own (read as it is).
fn note_given(o: &Opts, form: &Form, table: u32, sheet: &csv::Sheet) {
    let label = |slot: u32| form.slot_node(table, slot).map(|n| n.label.zh.clone()).unwrap_or_default();
    for g in &sheet.given {
        let (zh, en) = match &g.from {
            Some(name) => (format!("（取自名称“{}”）", shown(name)), format!(", from the name “{}”", shown(name))),
            None => ("（--set）".to_string(), " (--set)".to_string()),
        };
        note(
            o.locale,
            format!("没有“{}”列：每行都按“{}”读入{zh}", label(g.slot), shown(&g.value)),
            format!("no {} column: every row is read as {}{en}", label(g.slot), shown(&g.value)),
        );
    }
    for s in &sheet.sections {
        note(
            o.locale,
            format!(
                "第{}行“{}”是分段标题：其下各行的“{}”按“{}”读入",
                s.row,
                shown(&s.text),
                label(s.slot),
                shown(&s.value)
            ),
            format!(
                "row {} “{}” heads a section: the rows below it are read as {} ({})",
                s.row,
                shown(&s.text),
                shown(&s.value),
                label(s.slot)
            ),
        );
    }
    // A required column nothing gave: every row reports it missing. Say so once, and how to give it.
    for slot in sheet.missing(form, table) {
        let Some(node) = form.slot_node(table, slot) else { continue };
        let options = |or: &str, value: &str| match &node.kind {
            NodeKind::Input { ft, .. } if !ft.options.is_empty() => {
                ft.options.iter().map(|o| o.value.to_string()).collect::<Vec<_>>().join(or)
            }
            _ => value.to_string(),
        };
        note(
            o.locale,
            format!(
                "没有“{}”列，而每行都须填写，所以每行都报告缺少此项；如各行相同，可用 --set {}={} 给出",
                node.label.zh,
                node.id,
                options(" 或 ", "<值>")
            ),
            format!(
                "no {} column, which every row must fill, so every row is reported without it; if all rows share one \
                 value, give it with --set {}={}",
                node.label.zh,
                node.id,
                options(" or ", "<value>")
            ),
        );
    }
    for (k, _) in &o.sets {
        if let Some(slot) = table_column(form, k) {
            if sheet.has_header() && !sheet.given.iter().any(|g| g.slot == slot) {
                note(
                    o.locale,
                    format!("--set {k}：文件有自己的“{}”列，按文件读入", label(slot)),
                    format!("--set {k}: the file has its own {} column, which is read", label(slot)),
                );
            }
        }
    }
}

/// Writes to standard output. A reader that stopped reading (`| head`) ends the output quietly,
/// with the status the command would have had; any other failure (a full disk) is the command's.
fn emit(text: &str) -> Result<(), Fail> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fail::new(format!("无法写出结果：{}", io_reason_zh(&e)), format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Writes `out` once it holds a megabyte, and empties it: a 1,000,000-row ledger's problems are
/// written as they are made, not held whole (about 150 MB as text, 235 MB as JSON).
fn spill(out: &mut String) -> Result<(), Fail> {
    if out.len() >= 1 << 20 {
        emit(out)?;
        out.clear();
    }
    Ok(())
}

/// The result object after what `out` holds, written a megabyte at a time; the end is left in
/// `out`.
fn write_json(session: &Session, explain: bool, out: &mut String) -> Result<(), Fail> {
    let mut failed = None;
    json::write_result_json(session, explain, out, |out| {
        if failed.is_none() {
            failed = spill(out).err();
        } else {
            out.clear();
        }
    });
    failed.map_or(Ok(()), Err)
}

/// A table that could not be read (no header, an unclosed quote …).
fn unread_csv(path: &str, e: &csv::CsvError) -> Fail {
    Fail::new(format!("“{path}”：{}", e.message(Locale::ZhCn)), format!("{path}: {}", e.message(Locale::En)))
}

fn open_input(path: &str) -> Result<Box<dyn Read>, Fail> {
    if path == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    let f = std::fs::File::open(path).map_err(|e| Fail::io(READ, path, &e))?;
    Ok(Box::new(std::io::BufReader::with_capacity(256 * 1024, f)))
}

/// Spreadsheets in bulk: encoding detection, block-by-block reading, progress on a terminal.
mod bulk {
    use std::io::{IsTerminal, Read, Write};

    use community_forms::{csv, Form, Locale, Session};
    use encoding_rs::{Decoder, Encoding, GB18030, UTF_8};

    use super::{shown, Fail, READ};

    /// A values document's encoding, decided as a ledger's is (`csv::Loader::push_bytes`): the
    /// one its byte-order mark names; else UTF-8 unless its first bytes beyond ASCII are not
    /// UTF-8, and then GB18030, the superset of GBK that Excel in China writes.
    pub fn detect(bytes: &[u8]) -> &'static Encoding {
        if let Some((enc, _)) = Encoding::for_bom(bytes) {
            return enc;
        }
        let Some(first) = bytes.iter().position(|b| !b.is_ascii()) else { return UTF_8 };
        let next = bytes.get(first..first.saturating_add(4).min(bytes.len())).unwrap_or_default();
        match std::str::from_utf8(next) {
            Ok(_) => UTF_8,
            Err(e) if e.valid_up_to() > 0 => UTF_8,
            // A character cut short by the end of the file is still UTF-8.
            Err(e) if e.error_len().is_none() && first.saturating_add(next.len()) == bytes.len() => UTF_8,
            Err(_) => GB18030,
        }
    }

    struct Progress {
        on: bool,
        total: u64,
        rows: usize,
    }

    impl Progress {
        fn tick(&mut self, read: u64) {
            if self.on {
                let pct = read.saturating_mul(100).checked_div(self.total).unwrap_or(0);
                let _ = write!(std::io::stderr(), "\r读取中 {} 行（{}%）", self.rows, pct.min(100));
            }
        }
        fn done(&self) {
            if self.on {
                let _ = writeln!(std::io::stderr(), "\r已读取 {} 行          ", self.rows);
            }
        }
    }

    /// Why a spreadsheet's text could not be read: the text itself, or reading the file.
    pub enum Unread {
        Csv(csv::CsvError),
        Io(std::io::Error),
    }

    /// Reads a CSV / tab-separated file a block at a time into the session's main table, as the
    /// ledger page's worker reads one (js/ledger-job.js): UTF-16 after its byte-order mark
    /// (Excel's "Unicode text"); otherwise as UTF-8 unless its first bytes beyond ASCII are not
    /// (`csv::Loader::push_bytes`), and then, from there on, as GB18030, the superset of GBK that
    /// Excel in China writes (what came before was ASCII, which it reads alike). A file whose
    /// first 64 KB were ASCII was read as UTF-8 before, its later GBK names turned into U+FFFD.
    pub fn load_csv(
        head: Vec<u8>,
        mut input: Box<dyn Read>,
        total: u64,
        mut loader: csv::Loader,
        form: &Form,
        table: u32,
        session: &mut Session,
    ) -> Result<csv::Sheet, Unread> {
        let mut decoder: Option<Decoder> = match Encoding::for_bom(&head) {
            Some((enc, _)) if enc != UTF_8 => Some(enc.new_decoder()),
            _ => None,
        };
        let mut progress = Progress { on: std::io::stderr().is_terminal(), total, rows: 0 };
        let mut block = head;
        let mut read = block.len() as u64;
        let mut text = String::new();
        let mut sized = false;
        loop {
            let last = block.is_empty();
            if decoder.is_none() && !loader.push_bytes(&block, last, form, table, session).map_err(Unread::Csv)? {
                let mut carried = loader.take_carry();
                carried.extend_from_slice(&block);
                block = carried;
                decoder = Some(GB18030.new_decoder_without_bom_handling());
            }
            if let Some(decoder) = decoder.as_mut() {
                text.clear();
                text.reserve(block.len().saturating_mul(3).saturating_add(16));
                let _ = decoder.decode_to_string(&block, &mut text, last);
                loader.push(&text, last, form, table, session).map_err(Unread::Csv)?;
            }
            if !sized && loader.sheet.rows > 0 {
                // The table sized once, from the file's size and the first block's rows, instead
                // of doubling as it fills: the last doubling of a 600,000-row ledger copied
                // 190 MB into 380 MB. Room not used is never touched, so never held.
                sized = true;
                let per_row = read.checked_div(loader.sheet.rows as u64).unwrap_or(1).max(1);
                let rows = total.checked_div(per_row).unwrap_or(0);
                let rows = rows.saturating_add(rows.checked_div(8).unwrap_or(0));
                session.reserve_rows(table, usize::try_from(rows).unwrap_or(usize::MAX).saturating_add(16));
            }
            if loader.sheet.rows / 5000 != progress.rows / 5000 {
                progress.rows = loader.sheet.rows;
                progress.tick(read);
            }
            progress.rows = loader.sheet.rows;
            if last {
                break;
            }
            block = vec![0u8; 256 * 1024];
            let n = input.read(&mut block).map_err(Unread::Io)?;
            block.truncate(n);
            read = read.saturating_add(n as u64);
        }
        progress.done();
        Ok(loader.sheet)
    }

    /// A worksheet of an .xlsx workbook, read as the ledger page reads it (its reader, xlsx/,
    /// gives the sheet as CSV text: merged cells filled, rows at their worksheet rows), then like
    /// any CSV. `--sheet` names the worksheet or gives its number (1 the first); without it, the
    /// first that has the form's header (a sheet of instructions often comes first). When the
    /// workbook has more than one, a note says which was read, and names any other that has the
    /// form's header too (a ledger's rural communities on a sheet of their own).
    pub fn load_xlsx(
        path: &str,
        o: &super::Opts,
        file_name: Option<&str>,
        mut loader: csv::Loader,
        form: &Form,
        table: u32,
        session: &mut Session,
    ) -> Result<csv::Sheet, Fail> {
        let (choice, locale) = (o.sheet.as_deref(), o.locale);
        // A workbook is read whole; one larger than its parts may unpack to is refused unread.
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > community_forms_xlsx::MAX_UNPACKED {
            let mb = community_forms_xlsx::MAX_UNPACKED >> 20;
            return Err(Fail::new(
                format!("“{path}”：工作簿太大（超过{mb} MB），无法读取"),
                format!("`{path}`: the workbook is too large to read (more than {mb} MB)"),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Fail::io(READ, path, &e))?;
        let failed = |e: community_forms_xlsx::ReadError| {
            Fail::new(format!("“{path}”：{}", e.zh), format!("`{path}`: {}", e.en))
        };
        let mut book = community_forms_xlsx::Book::open(&bytes).map_err(failed)?;
        let names = book.names().to_vec();
        let listed = |sep: &str, space: &str| {
            let list: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{}{space}“{}”", i.saturating_add(1), shown(n)))
                .collect();
            list.join(sep)
        };
        if names.is_empty() {
            return Err(Fail::new(
                format!("“{path}”：工作簿中没有工作表"),
                format!("`{path}`: the workbook has no worksheet"),
            ));
        }
        let mut header_found = true;
        let (index, text) = match choice {
            Some(c) => {
                let by_number = c.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).filter(|&i| i < names.len());
                let Some(i) = names.iter().position(|n| n == c).or(by_number) else {
                    return Err(Fail::new(
                        format!("“{path}”：工作簿中没有名为“{}”的工作表；其工作表有：{}", shown(c), listed("、", "")),
                        format!(
                            "`{path}`: the workbook has no worksheet “{}”; its worksheets: {}",
                            shown(c),
                            listed(", ", " ")
                        ),
                    ));
                };
                (i, book.sheet_csv(i).map_err(failed)?)
            }
            None => {
                let mut first = None;
                let mut found = None;
                header_found = false;
                for i in 0..names.len() {
                    let text = book.sheet_csv(i).map_err(failed)?;
                    if csv::finds_header(&text, form, table) {
                        header_found = true;
                        found = Some((i, text));
                        break;
                    }
                    first.get_or_insert(text);
                }
                // No sheet has the header: the first, whose error says so.
                found.unwrap_or_else(|| (0, first.unwrap_or_default()))
            }
        };
        if names.len() > 1 {
            let name = names.get(index).map(|n| shown(n).into_owned()).unwrap_or_default();
            let mut also = Vec::new();
            // Without a choice, the sheets before the one read have no header.
            let from = if choice.is_some() { 0 } else { index };
            for i in (from..names.len()).filter(|&i| i != index) {
                if book.sheet_csv(i).is_ok_and(|t| csv::finds_header(&t, form, table)) {
                    also.push(format!(
                        "{} “{}”",
                        i.saturating_add(1),
                        names.get(i).map(|n| shown(n)).unwrap_or_default()
                    ));
                }
            }
            let (zh, en) = match (choice, header_found) {
                (Some(_), _) => ("", ""),
                (None, true) => ("，即第一个有本表表头的工作表", ", the first with the form's header"),
                (None, false) => ("（没有一个工作表有本表的表头）", " (none has the form's header)"),
            };
            super::note(
                locale,
                format!(
                    "工作簿有{}个工作表（{}）；读取的是第{}个“{name}”{zh}",
                    names.len(),
                    listed("、", ""),
                    index.saturating_add(1)
                ),
                format!(
                    "the workbook has {} worksheets ({}); read {} “{name}”{en}",
                    names.len(),
                    listed(", ", " "),
                    index.saturating_add(1)
                ),
            );
            if !also.is_empty() {
                super::note(
                    locale,
                    format!("以下工作表也有本表的表头，但未读取：{}（用 --sheet <名称或序号> 读取）", also.join("、")),
                    format!(
                        "not read, though it has the form's header too: {} (--sheet <name or number> reads it)",
                        also.join(", ")
                    ),
                );
            }
        }
        for name in names.get(index).map(String::as_str).into_iter().chain(file_name) {
            loader.sheet.known_as(name);
        }
        loader.push(&text, true, form, table, session).map_err(|e| super::unread_csv(path, &e))?;
        Ok(loader.sheet)
    }

    /// Says which rows were not read as rows: a title above the header, totals rows, blank rows.
    pub fn note_left_out(sheet: &csv::Sheet, locale: Locale) {
        let note = |zh: String, en: String| super::note(locale, zh, en);
        if sheet.above_header > 0 || sheet.header_rows > 1 {
            let last = sheet.header_row.saturating_add(sheet.header_rows.saturating_sub(1));
            let (zh, en) = if sheet.header_rows > 1 {
                (format!("第{}–{last}行", sheet.header_row), format!("rows {}–{last}", sheet.header_row))
            } else {
                (format!("第{}行", sheet.header_row), format!("row {}", sheet.header_row))
            };
            let (above_zh, above_en) = match sheet.above_header {
                0 => (String::new(), String::new()),
                1 => ("；其上1行（标题）未读入".to_string(), "; the row above it (a title) was not read".to_string()),
                n => (format!("；其上{n}行（标题）未读入"), format!("; the {n} rows above it (a title) were not read")),
            };
            note(format!("表头在{zh}{above_zh}"), format!("the header is {en}{above_en}"));
        }
        if sheet.totals > 0 {
            let rows: Vec<String> = sheet.totals_rows.iter().map(u32::to_string).collect();
            let more = sheet.totals.saturating_sub(rows.len());
            let one = sheet.totals == 1;
            note(
                format!(
                    "第{}行{}是合计行（合计、小计、总计或共计），不作为台账的行（合计行的合计数与各行核对）",
                    community_forms::format::join(&rows, "、"),
                    if more > 0 { format!("等{}行", sheet.totals) } else { String::new() },
                ),
                format!(
                    "row{} {}{} {} totals row{} (合计, 小计, 总计 or 共计), left out of the table (a 合计 row's totals \
                     are checked against the rows)",
                    if one { "" } else { "s" },
                    community_forms::format::join(&rows, ", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() },
                    if one { "is a" } else { "are" },
                    if one { "" } else { "s" },
                ),
            );
        }
        if sheet.blank_rows > 0 {
            note(
                format!("略去{}个空行", sheet.blank_rows),
                format!("{} blank row{} left out", sheet.blank_rows, if sheet.blank_rows == 1 { "" } else { "s" }),
            );
        }
        if sheet.not_utf8_line > 0 {
            note(
                format!(
                    "文件是 UTF-8 编码，但第{}行有不合 UTF-8 的字节，已读作 U+FFFD（\u{FFFD}），请检查文件",
                    sheet.not_utf8_line
                ),
                format!(
                    "the file is UTF-8, but line {} holds bytes that are not; they were read as U+FFFD, \u{FFFD} (check \
                     the file)",
                    sheet.not_utf8_line
                ),
            );
        }
    }
}

/// One line per problem, as a reviewer reads it: row, community, field label, message (with
/// `only`, the problems of that severity); then the header's computed values, each `by` column's
/// counts, the workings (`explain`) and the totals.
fn print_text(s: &Session, explain: bool, only: Option<Severity>, by: &[(u32, u32)]) -> Result<(), Fail> {
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
        if only.is_some_and(|w| w != issue.severity) {
            continue;
        }
        let place = describe_place(s, &path, &issue.message);
        let mut line = format!("[{tag}] {place}{}", issue.message);
        if !issue.citation.is_empty() {
            if en {
                line.push_str(&format!(" ({})", issue.citation));
            } else {
                line.push_str(&format!("（{}）", issue.citation));
            }
        }
        out.push_str(&shown(&line));
        out.push('\n');
        spill(&mut out)?;
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
        out.push_str(&shown(&summary.join(if en { "; " } else { "；" })));
        out.push('\n');
    }
    for &(table, slot) in by {
        for line in counts_by(s, table, slot) {
            out.push_str(&shown(&line));
            out.push('\n');
        }
    }
    if explain {
        for (path, text) in s.explain_all() {
            out.push_str(&shown(&format!("{path}: {text}")));
            out.push('\n');
        }
    }
    let listed = match (only, en) {
        (None, _) => "",
        (Some(Severity::Error), false) => "（只列出了错误）",
        (Some(Severity::Warning), false) => "（只列出了警告）",
        (Some(Severity::Error), true) => " (only the errors listed)",
        (Some(Severity::Warning), true) => " (only the warnings listed)",
    };
    if en {
        out.push_str(&format!(
            "{}: {}, {}{listed}\n",
            form.title.en,
            plural(u64::try_from(errors).unwrap_or(u64::MAX), "error"),
            plural(u64::try_from(warnings).unwrap_or(u64::MAX), "warning")
        ));
    } else {
        out.push_str(&format!("{}：{errors} 个错误，{warnings} 个警告{listed}\n", form.title.zh));
    }
    emit(&out)
}

/// A count and its noun, in the singular for one: "1 row", "2 rows".
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The rows of `table` counted by the value in `slot` (`--by street`), in the order the values
/// first appear: rows, rows with an error, and for each yes/no column computed for the rows (a
/// ledger's 是否达标) how many say yes, and what share. A title, then one line per value.
fn counts_by(s: &Session, table: u32, slot: u32) -> Vec<String> {
    let form = s.form();
    let en = s.locale().is_en();
    let groups = s.group_rows(table, slot);
    let flags: Vec<(u32, &str)> = form.scope(table).map_or_else(Vec::new, |scope| {
        let mut flags = Vec::new();
        for (flag, &n) in scope.slots.iter().enumerate() {
            let Some(def) = form.node(n) else { continue };
            if matches!(&def.kind, NodeKind::Computed { ft, .. } if ft.kind == Kind::Boolean) {
                flags.push((u32::try_from(flag).unwrap_or(u32::MAX), def.label.get(en)));
            }
        }
        flags
    });
    let with_error = s.rows_with_errors(table);
    // Per group: rows, rows with an error, then each flag's yes count.
    let width = flags.len().saturating_add(2);
    let mut counts = vec![0u64; groups.keys.len().saturating_mul(width)];
    for (row, &g) in groups.of_row.iter().enumerate() {
        let Some(c) = counts.get_mut(g.saturating_mul(width)..g.saturating_add(1).saturating_mul(width)) else {
            continue;
        };
        let row32 = u32::try_from(row).unwrap_or(u32::MAX);
        let yes = flags
            .iter()
            .map(|&(f, _)| matches!(s.value(At { scope: table, row: row32, slot: f }), Some(Val::Bool(true))));
        let add = [true, with_error.get(row).copied().unwrap_or(false)].into_iter().chain(yes);
        for (n, hit) in c.iter_mut().zip(add) {
            *n = n.saturating_add(u64::from(hit));
        }
    }
    // Groups shown under one name (a blank street, and one written （未填）) are one line.
    let mut shown: Vec<(&str, Vec<u64>)> = Vec::with_capacity(groups.keys.len());
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, (key, c)) in groups.keys.iter().zip(counts.chunks(width)).enumerate() {
        let key = match (groups.in_error == Some(i), key.is_empty(), en) {
            (true, _, false) => "（填写有误）",
            (true, _, true) => "(in error)",
            (false, true, false) => "（未填）",
            (false, true, true) => "(blank)",
            (false, false, _) => &**key,
        };
        match at.get(key).and_then(|&j| shown.get_mut(j)) {
            Some((_, sum)) => {
                for (a, b) in sum.iter_mut().zip(c) {
                    *a = a.saturating_add(*b);
                }
            }
            None => {
                at.insert(key, shown.len());
                shown.push((key, c.to_vec()));
            }
        }
    }
    let label = form.slot_node(table, slot).map(|n| n.label.get(en)).unwrap_or_default();
    let mut lines = vec![if en {
        format!("By {label} ({}):", plural(u64::try_from(shown.len()).unwrap_or(u64::MAX), "value"))
    } else {
        format!("按{label}统计（{} 组）：", shown.len())
    }];
    for (key, c) in &shown {
        let (rows, errors) = (c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0));
        let mut out = if en {
            format!("  {key}: {}, {errors} with errors", plural(rows, "row"))
        } else {
            format!("  {key}：{rows} 行，有错误的 {errors} 行")
        };
        for (&(_, flag), &yes) in flags.iter().zip(c.get(2..).unwrap_or(&[])) {
            let rate = share(yes, rows);
            if en {
                out.push_str(&format!(", {flag} yes: {yes} ({rate}%)"));
            } else {
                out.push_str(&format!("，{flag}为“是”的 {yes} 行（{rate}%）"));
            }
        }
        lines.push(out);
    }
    lines
}

/// `part` of `whole` as a percentage, half-up to one decimal, exactly (0 of 0 is 0.0).
fn share(part: u64, whole: u64) -> String {
    let d = rust_decimal::Decimal::from(part)
        .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(rust_decimal::Decimal::from(whole)))
        .unwrap_or_default();
    community_forms::format::fmt_decimal(community_forms::formula::round_half_up(d, 1), 1, true)
}

/// The problems as a CSV table a reviewer opens in Excel (the ledger page's export, with the
/// field, the code and the path too): UTF-8 with a byte-order mark (which Excel needs to read it
/// as UTF-8), lines ended by CRLF, every text quoted. A cell that starts like a formula (=, +,
/// -, @, a tab or CR: the names come from the ledger) gets a leading ', so Excel shows it as
/// text rather than running it.
/// The problems as CSV lines; written out a megabyte at a time, the rest returned.
fn problems_csv(s: &Session, only: Option<Severity>, file: Option<&str>, header: bool) -> Result<String, Fail> {
    let form = s.form();
    let en = s.locale().is_en();
    let mut out = String::new();
    if header {
        out.push('\u{FEFF}');
        if file.is_some() {
            out.push_str(if en { "File," } else { "文件," });
        }
        out.push_str(if en {
            "Row,Name,Field,Severity,Code,Problem,Source,Path\r\n"
        } else {
            "行,名称,字段,级别,代码,问题,依据,路径\r\n"
        });
    }
    let cell = |out: &mut String, text: &str| {
        out.push('"');
        if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            out.push('\'');
        }
        out.push_str(&text.replace('"', "\"\""));
        out.push_str("\",");
    };
    for (path, issue) in s.all_issues() {
        if only.is_some_and(|w| w != issue.severity) {
            continue;
        }
        let (row, name, field) = match s.locate(&path) {
            Some(at) => {
                let label = form.slot_node(at.scope, at.slot).map(|n| n.label.get(en)).unwrap_or_default();
                if at.scope == 0 {
                    (String::new(), String::new(), label.to_string())
                } else {
                    let row = s.row_number(at.scope, at.row).to_string();
                    (row, s.row_label(at.scope, at.row).unwrap_or_default(), label.to_string())
                }
            }
            None => {
                let table = form.table(&path).and_then(|t| form.scope(t)).map(|sc| sc.label.get(en).to_string());
                // A totals row that does not add up: its own spreadsheet row.
                match s.sheet_row(issue) {
                    Some(row) => {
                        (row.to_string(), if en { "Totals" } else { "合计" }.to_string(), table.unwrap_or_default())
                    }
                    None => (String::new(), String::new(), table.unwrap_or_default()),
                }
            }
        };
        if let Some(f) = file {
            cell(&mut out, f);
        }
        out.push_str(&row);
        out.push(',');
        cell(&mut out, &name);
        cell(&mut out, &field);
        out.push_str(match (issue.severity, en) {
            (Severity::Error, false) => "错误,",
            (Severity::Warning, false) => "警告,",
            (Severity::Error, true) => "error,",
            (Severity::Warning, true) => "warning,",
        });
        cell(&mut out, &issue.code);
        cell(&mut out, &issue.message);
        cell(&mut out, &issue.citation);
        cell(&mut out, &path);
        // The last cell's comma becomes the line's end.
        out.pop();
        out.push_str("\r\n");
        spill(&mut out)?;
    }
    Ok(out)
}

/// Text from a ledger made safe for a terminal: a crafted cell must not move the cursor, rewrite
/// or hide lines, set the window title or the clipboard (escape sequences), start a line of its
/// own (line breaks) or reorder what is shown (bidirectional controls). Each such character is
/// shown as `\u{..}`; all other text is unchanged.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(16));
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn describe_place(s: &Session, path: &str, message: &str) -> String {
    let form = s.form();
    let en = s.locale().is_en();
    let sep = if en { ": " } else { "：" };
    if let Some(at) = s.locate(path) {
        let label = form.slot_node(at.scope, at.slot).map(|n| n.label.get(en).to_string()).unwrap_or_default();
        // A message that starts with the field's name (辖区户籍人口总户数应填写数字…) is not
        // given the name a second time.
        let field =
            if !label.is_empty() && message.starts_with(&label) { String::new() } else { format!("{label}{sep}") };
        if at.scope == 0 {
            return field;
        }
        // A spreadsheet's own row number (the header is a row, and so are rows left out);
        // JSON: the 1-based row.
        return format!("{} {field}", s.row_place(at.scope, at.row));
    }
    if let Some(t) = form.table(path) {
        let label = form.scope(t).map(|sc| sc.label.get(en).to_string()).unwrap_or_default();
        return format!("{label}{sep}");
    }
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}{sep}")
    }
}
