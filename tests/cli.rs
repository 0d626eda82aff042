//! The command line of INTERFACE.md: exit codes, JSON and text output, CSV input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::process::Command;

fn cf(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_community-forms"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// A directory of this test run's own, made afresh.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cf-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `check` of the facility ledger for 2021 as JSON, with `extra` arguments, on `file`.
fn ledger_json(extra: &[&str], file: &str) -> (i32, String, String) {
    let mut args = vec!["check", "--form", "facility-ledger", "--set", "report_year=2021", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(file);
    cf(&args)
}

#[test]
fn forms_lists_the_catalogue() {
    let (code, out, _) = cf(&["forms"]);
    assert_eq!(code, 0);
    assert!(out.contains("facility-ledger") && out.contains("cadre-pay-standard"), "{out}");
    assert!(out.contains(" 城乡社区综合服务设施统计台账（北碚民发〔2020〕77号）\n"), "{out}");
    // In English the title and its source are set as English text is, with ASCII brackets.
    let (code, en, _) = cf(&["forms", "--locale", "en"]);
    assert_eq!(code, 0);
    assert!(en.contains(" Urban and rural community service facility ledger (北碚民发〔2020〕77号)\n"), "{en}");
    let (code, out, _) = cf(&["forms", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["id"], "facility-ledger");
}

/// `--help` after a command gives the usage (it had answered "unknown option `--help`; see --help").
#[test]
fn help_after_a_command_gives_the_usage() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["check", "--form", "facility-ledger", "-h"],
        &["precompile", "--help"],
    ] {
        let (code, out, err) = cf(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("用法：") && out.contains("community-forms check --form <表单编号>"), "{args:?}: {out}");
        let english: Vec<&str> = args.iter().copied().chain(["--locale", "en"]).collect();
        let (code, out, err) = cf(&english);
        assert_eq!(code, 0, "{english:?}: {err}");
        assert!(out.contains("USAGE:") && out.contains("community-forms check --form <form-id>"), "{english:?}: {out}");
    }
}

#[test]
fn exit_codes() {
    let (code, _, _) = cf(&["check", "--form", "facility-ledger", "tests/data/ledger-sample.json"]);
    assert_eq!(code, 1, "errors found");
    std::fs::create_dir_all(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let ok = format!("{}/ok.json", env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(&ok, r#"{"role":"村","reference_income":"16361","proposed_pay":"40000"}"#).unwrap();
    let (code, out, _) = cf(&["check", "--form", "cadre-pay-standard", &ok]);
    assert_eq!(code, 0, "{out}");
    // Said in Chinese by default, as the findings are, and in English with --locale en, wherever
    // it stands (a mistake before it is said in its language too).
    for (args, zh, en) in [
        (vec!["check", "--form", "no-such-form", "tests/data/ledger-sample.json"], "没有名为“no-such-form”的表单", "unknown form `no-such-form`"),
        (vec!["check", "--form", "facility-ledger", "tests/data/missing.json"], "无法读取“tests/data/missing.json”：文件不存在", "cannot read `tests/data/missing.json`"),
        (vec!["check", "--form", "facility-ledger", "tests"], "无法读取“tests”：这是一个文件夹，不是文件", "cannot read `tests`"),
        (vec!["check", "tests/data/ledger-sample.json"], "check 需要 --form <表单编号>", "check needs --form"),
        (vec!["check", "--form", "facility-ledger", "--format", "xml", "x"], "--format 只能是 json、text 或 csv，不能是“xml”", "--format must be json, text or csv"),
        (vec!["frobnicate"], "没有“frobnicate”这个命令", "unknown command `frobnicate`"),
        (vec!["check", "--bogus", "x"], "没有“--bogus”这个选项；--help 列出用法", "unknown option `--bogus`; see --help"),
        (vec!["check", "--form", "facility-ledger", "--format", "json", "--only", "errors", "x"], "--only 只用于 text 和 csv 输出", "--only is for the text and csv outputs"),
        (vec!["check", "--form", "facility-ledger", "--only", "notes", "x"], "--only 只能是 errors 或 warnings，不能是“notes”", "--only must be errors or warnings"),
        (vec!["check", "--form", "facility-ledger", "--format", "csv", "--by", "street", "x"], "--by 只用于 text 输出", "--by is for the text output"),
        (vec!["check", "--form", "facility-ledger", "--by", "nope", "x"], "“nope”不是 facility-ledger 表格的列", "`nope` is not a column of facility-ledger's table"),
        (vec!["check", "--form", "cadre-pay-standard", "--by", "role", "x"], "表单 cadre-pay-standard 没有表格", "form `cadre-pay-standard` has no table"),
        (vec!["check", "--form", "facility-ledger", "tests/data/broken.json"], "“tests/data/broken.json”：不是有效的 JSON 文档（第", "tests/data/broken.json: the values are not valid JSON: "),
        (vec!["check", "--form", "facility-ledger", "--spec", "tests/data/broken-spec.json", "tests/data/ledger-sample.json"], "“tests/data/broken-spec.json”：spec `broken-ledger`, field `total_area`, at character 21: unit error: cannot add `m2` and `户`", "tests/data/broken-spec.json: spec `broken-ledger`, field `total_area`, at character 21: unit error: cannot add `m2` and `户`"),
    ] {
        let lines = if en.contains("unit error") { 3 } else { 1 };
        let (code, out, err) = cf(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert_eq!(err.lines().count(), lines, "one clear line: {err}");
        assert!(err.starts_with("community-forms：") && err.contains(zh), "{args:?}: {err}");
        let english: Vec<&str> = args.iter().copied().chain(["--locale", "en"]).collect();
        let (code, out, err) = cf(&english);
        assert_eq!(code, 2, "{english:?}: {out}{err}");
        assert_eq!(err.lines().count(), lines, "one clear line: {err}");
        assert!(err.starts_with("community-forms: ") && err.contains(en), "{english:?}: {err}");
    }
    // A wrong --locale is said in the default language.
    let (code, _, err) = cf(&["check", "--form", "facility-ledger", "--locale", "fr", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("--locale 只能是 zh-CN 或 en，不能是“fr”"), "{err}");
}

#[test]
fn json_output_is_the_library_result_byte_for_byte() {
    let (code, out, _) =
        cf(&["check", "--form", "facility-ledger", "--format", "json", "tests/data/ledger-sample.json"]);
    assert_eq!(code, 1);
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ledger-sample.json")).unwrap();
    let lib = community_forms::evaluate("facility-ledger", &text, Default::default()).unwrap();
    assert_eq!(out.trim_end(), lib);
}

#[test]
fn csv_with_chinese_headers_reads_like_a_reviewer_would() {
    let (code, out, err) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--set",
        "report_year=2021",
        "--set",
        "reporting_unit=北碚区民政局",
        "tests/data/ledger-sample.csv",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.is_empty(), "every column is known: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("[错误] 第2行（朝阳社区） 综合服务设施总建筑面积填报为“1200”，按公式计算应为1250.00m²"),
        "{out}"
    );
    assert!(
        out.contains("[错误] 第3行（丽园社区） 达标年度：该社区每百户居民拥有综合服务设施面积为29.9995m²"),
        "{out}"
    );
    assert!(out.contains("[错误] 第5行（卫星村） 辖区户籍人口总户数不能使用科学计数法"), "{out}");
    assert!(out.contains("达标率：50.0%"), "{out}");
    let (_, en, _) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--locale",
        "en",
        "--set",
        "report_year=2021",
        "tests/data/ledger-sample.csv",
    ]);
    assert!(en.contains("[error] Row 5 (卫星村) Registered households cannot use scientific notation"), "{en}");
    // A message that does not start with the field's name keeps the name before it.
    assert!(en.contains("[error] Row 3 (丽园社区) Compliance year: "), "{en}");
}

#[test]
fn stdin_and_tabs() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_community-forms"))
        .args(["check", "--form", "facility-ledger", "--format", "json", "--set", "report_year=2021", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all("社区名称\t总户数\t便民服务中心\n朝阳社区\t3800\t1250\n".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["values"]["communities"][0]["area_per_100_households"], "32.89");
}

#[test]
fn gbk_csv_unicode_text_and_xlsx_read_like_utf8() {
    let run =
        |file: &str| cf(&["check", "--form", "facility-ledger", "--format", "json", "--set", "report_year=2021", file]);
    let (code, utf8, _) = run("tests/data/ledger-sample.csv");
    assert_eq!(code, 1);
    let (_, gbk, err) = run("tests/data/ledger-sample-gbk.csv");
    assert_eq!(gbk, utf8, "GB18030 as Excel in China saves it: {err}");
    let (_, utf16, err) = run("tests/data/ledger-sample-utf16.txt");
    assert_eq!(utf16, utf8, "Excel's \"Unicode text\": UTF-16 with its byte-order mark, tab-separated: {err}");
    let (_, xlsx, err) = run("tests/data/ledger-sample.xlsx");
    assert_eq!(xlsx, utf8, "the first worksheet of a workbook: {err}");
    let (code, _, err) = cf(&["check", "--form", "facility-ledger", "--set", "nope=1", "tests/data/ledger-sample.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("“nope”既不是 facility-ledger 表头的字段，也不是其表格的列"), "{err}");
}

/// A ledger as reviewers receive it (a title above the header, blank rows, a totals row): the
/// rows are found and named by their spreadsheet rows, and what was left out is said.
#[test]
fn a_title_blank_and_totals_rows_are_left_out_and_said() {
    let dir = scratch("sheet");
    let file = dir.join("ledger.csv");
    let csv = "北碚区城乡社区综合服务设施统计台账,,,,,\r\n\
               所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,达标年度\r\n\
               天生街道,朝阳社区,城市社区,3800,1250,2020\r\n\
               ,,,,,\r\n\
               天生街道,丽园社区,城市社区,-1,599.99,2020\r\n\
               合计,,,3799,1849.99,\r\n";
    std::fs::write(&file, csv).unwrap();
    let check = |locale: &str| {
        cf(&[
            "check",
            "--form",
            "facility-ledger",
            "--locale",
            locale,
            "--set",
            "report_year=2021",
            file.to_str().unwrap(),
        ])
    };
    let (code, out, err) = check("zh-CN");
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("第5行（丽园社区） 辖区户籍人口总户数"), "{out}");
    assert!(out.contains("社区总数：2 个"), "the totals row is not a community: {out}");
    assert!(err.contains("表头在第2行；其上1行（标题）未读入"), "{err}");
    assert!(err.contains("第6行是合计行"), "{err}");
    assert!(err.contains("略去1个空行"), "{err}");
    // The notes, like the findings, follow --locale.
    let (_, out, err) = check("en");
    assert!(out.contains("Row 5 (丽园社区)"), "{out}");
    assert!(
        err.contains("community-forms: note: the header is row 2; the row above it (a title) was not read"),
        "{err}"
    );
    assert!(err.contains("note: row 6 is a totals row (合计, 小计, 总计 or 共计)"), "{err}");
    assert!(err.contains("note: 1 blank row left out") && !err.contains("注意"), "{err}");
    // A workbook laid out the same way, with merged cells (the title across the columns, a
    // two-row header, a street merged down its rows, the totals' label across three columns):
    // read as the same rows, numbered as in the worksheet (scripts/dev/make-merged-xlsx.py).
    let json =
        |file: &str| cf(&["check", "--form", "facility-ledger", "--format", "json", "--set", "report_year=2021", file]);
    let (_, merged, err) = json("tests/data/ledger-merged.xlsx");
    assert_eq!(merged, json("tests/data/ledger-merged.csv").1, "{err}");
    assert!(err.contains("表头在第2–3行；其上1行（标题）未读入"), "{err}");
    assert!(err.contains("第6行是合计行"), "{err}");
    let (_, text, _) =
        cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", "tests/data/ledger-merged.xlsx"]);
    assert!(text.contains("第5行（丽园社区）"), "{text}");
    // The ledger's header exactly as the seed draws it: 综合服务设施总建筑面积（m²）, which names
    // the total, merged over the six rooms and 合计. The workbook, Excel's CSV of it and the same
    // rows under a header of one row are read alike, 合计 as the total checked against the sum.
    let (_, flat, _) = json("tests/data/ledger-seed-layout-flat.csv");
    for file in ["tests/data/ledger-seed-layout.xlsx", "tests/data/ledger-seed-layout.csv"] {
        let (_, merged, err) = json(file);
        assert_eq!(merged, flat, "{file}: {err}");
        assert!(err.contains("表头在第2–3行"), "{file}: {err}");
        assert!(!err.contains("列不是"), "{file}: {err}");
        let (_, text, _) = cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", file]);
        assert!(text.contains("第4行（朝阳社区） 综合服务设施总建筑面积填报为“1200”"), "{text}");
        assert!(text.contains("社区总数：3 个"), "{text}");
    }
    // With no header in the first rows, nothing is checked.
    std::fs::write(&file, "甲,乙\n1,2\n").unwrap();
    let (code, _, err) = cf(&["check", "--form", "facility-ledger", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("找不到表头：前2行中没有一行写有本表的列名"), "{err}");
    let (_, _, err) = cf(&["check", "--form", "facility-ledger", "--locale", "en", file.to_str().unwrap()]);
    assert!(err.contains("no header row: none of the first 2 rows names a column"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A ledger comes from elsewhere: what the text output echoes of it must not drive the
/// reviewer's terminal (escape sequences, line breaks, bidirectional reordering).
#[test]
fn text_output_cannot_drive_the_terminal() {
    let dir = scratch("term");
    let file = dir.join("ledger.csv");
    let csv =
        "所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,达标年度,\u{1b}]0;title\u{7}列\n\
               天生街道,朝阳社区,城市社区,38\u{1b}[2J00,12\u{202E}50,2020,x\n";
    std::fs::write(&file, csv).unwrap();
    let (_, out, err) =
        cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    for text in [&out, &err] {
        assert!(!text.chars().any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202E}'), "{text:?}");
    }
    assert!(out.contains("12\\u{202e}50"), "{out}");
    assert!(err.contains("\\u{1b}]0;title\\u{7}列"), "{err}");
    // Every line of problems starts as the tool wrote it.
    assert!(out.lines().all(|l| !l.trim().is_empty()), "{out}");
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::Read;
    // 3,000 rows, each with an error: far more text than a pipe holds, so the command is still
    // writing when the reader (`| head`) goes away.
    std::fs::create_dir_all(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let csv = format!("{}/many-errors.csv", env!("CARGO_TARGET_TMPDIR"));
    let mut text = String::from("street,community,community_type,households\n");
    for i in 0..8000 {
        text.push_str(&format!("天生街道,社区{i},城市社区,x{i}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_community-forms"))
        .args(["check", "--form", "facility-ledger", &csv])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "errors found, as with the whole output read: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn precompile_bundles_the_forms_asked_for_and_those_they_read() {
    use community_forms::wire::read_bundle;
    std::fs::create_dir_all(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = format!("{}/forms.wire", env!("CARGO_TARGET_TMPDIR"));
    let ids = |args: &[&str]| -> Vec<String> {
        let (code, _, err) = cf(&[&["precompile", "--out", &out][..], args].concat());
        assert_eq!(code, 0, "{err}");
        read_bundle(&std::fs::read(&out).unwrap()).unwrap().into_iter().map(|(id, _)| id).collect()
    };
    assert_eq!(ids(&["--forms", "facility-ledger"]), ["facility-ledger"]);
    // The filing is checked against the allocation (附件1), so the allocation comes too.
    assert_eq!(ids(&["--forms", "poverty-project-filing"]), ["poverty-project-filing", "project-allocation"]);
    assert_eq!(ids(&["--forms", ""]), Vec::<String>::new());
    assert_eq!(ids(&[]).len(), 9, "every built-in form");
    // A registry takes such a bundle as it is (the browser package's loader hands it over) and
    // evaluates its forms as it does the forms compiled from their specs.
    ids(&["--forms", "poverty-project-filing"]);
    let values =
        r#"{"district":"城口县","projects":[{"center_name":"坪坝镇新华村便民服务中心","building_area":"580"}]}"#;
    let options = || community_forms::Options { locale: community_forms::Locale::ZhCn, explain: true };
    let want = community_forms::Registry::builtin().evaluate("poverty-project-filing", values, options()).unwrap();
    let mut reg = community_forms::Registry::builtin();
    assert_eq!(reg.add_bundle(&std::fs::read(&out).unwrap()), Some(2));
    assert_eq!(reg.evaluate("poverty-project-filing", values, options()).unwrap(), want);
    assert_eq!(reg.add_bundle(b"not a bundle"), None);
    let (code, _, err) = cf(&["precompile", "--out", &out, "--forms", "no-such-form"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-form"), "{err}");
}

/// Workbooks a rectangle of cells cannot hold (scripts/dev/make-hostile-xlsx.py): a stray cell at
/// XFD1048576 made the reader ask for 17 billion cells and the command line abort; it is now read
/// as the cells the workbook lists. Sheets too large as text, or whose merged regions lie over
/// one another thousands deep, are refused, saying why.
#[test]
fn a_workbook_of_stray_far_cells_is_read_and_one_too_large_is_refused() {
    let (code, out, err) = cf(&["check", "--form", "facility-ledger", "tests/data/xlsx-stray-cell.xlsx"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("第2行（朝阳社区） 便民服务中心面积不能为负数"), "{out}");
    assert!(out.contains("社区总数：1 个"), "the stray cell's row is not a community: {out}");
    assert!(err.contains("略去1048574个空行"), "{err}");
    // 10,000 rows reaching column XFD: 164 million cells, refused before any is written.
    let (code, _, err) = cf(&["check", "--form", "facility-ledger", "tests/data/xlsx-wide-rows.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("工作表太大（连同数值之间的空白单元格超过10000000个单元格，可能有合并单元格或远处的单元格）"),
        "{err}"
    );
    // 10,000 regions each over the whole sheet: refused by the cells they cover, counted before
    // any text is written.
    let (code, _, err) = cf(&["check", "--form", "facility-ledger", "tests/data/xlsx-merges-overlap.xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("工作表中合并单元格所覆盖的单元格超过2000000个"), "{err}");
    let (_, _, err) =
        cf(&["check", "--form", "facility-ledger", "--locale", "en", "tests/data/xlsx-merges-overlap.xlsx"]);
    assert!(err.contains("the worksheet's merged cells cover more than 2000000 cells"), "{err}");
    // A workbook is read whole: one larger than its parts may unpack to is refused unread (a
    // sparse file, which takes no room on disk).
    let dir = scratch("huge");
    let huge = dir.join("huge.xlsx");
    std::fs::File::create(&huge).unwrap().set_len(1100 << 20).unwrap();
    let (code, _, err) = cf(&["check", "--form", "facility-ledger", huge.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 2);
    assert!(err.contains("工作簿太大（超过1024 MB），无法读取"), "{err}");
}

/// The first bytes beyond ASCII decide a file's encoding, as on the ledger page: a GBK file whose
/// first 64 KB are ASCII (a header of field ids, rows of codes) was read as UTF-8, and its later
/// names became U+FFFD; a UTF-8 file with a damaged byte is still UTF-8, the damage noted. A
/// values document is decided the same way.
#[test]
fn a_gbk_file_that_starts_in_ascii_is_gbk_and_damage_in_a_utf8_file_is_noted() {
    let dir = scratch("encoding");
    let mut ascii = String::from("street,community,community_type,households,area_service_center\n");
    for i in 0..8000 {
        ascii.push_str(&format!("S{i},C{i},,1000,300\n"));
    }
    assert!(ascii.len() > 2 * 64 * 1024, "beyond the first block the command line reads");
    let (gbk, _, _) = encoding_rs::GB18030.encode("S,热水社区,城市社区,1000,300\n");
    let mixed = dir.join("mixed.csv");
    std::fs::write(&mixed, [ascii.as_bytes(), &gbk].concat()).unwrap();
    let (code, out, err) =
        cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", mixed.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("第8002行（热水社区）"), "{}", out.lines().last().unwrap_or(""));
    assert!(!out.contains('\u{FFFD}') && !err.contains("not UTF-8"), "{err}");
    let damaged = dir.join("damaged.csv");
    let text = ascii.replace("C10,", "朝阳社区,");
    let at = text.find("C2000,").unwrap();
    let (before, after) = text.as_bytes().split_at(at);
    std::fs::write(&damaged, [before, b"\xff", after].concat()).unwrap();
    let (_, out, err) =
        cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", damaged.to_str().unwrap()]);
    assert!(out.contains("第12行（朝阳社区）") && out.contains("第2002行（\u{FFFD}C2000）"), "{err}");
    assert!(err.contains("文件是 UTF-8 编码，但第2002行有不合 UTF-8 的字节"), "{err}");
    // A values document alike: GBK after 100 KB of ASCII (white space), and damage in UTF-8.
    let pad = " ".repeat(100 * 1024);
    let (gbk, _, _) = encoding_rs::GB18030.encode("二〇二一");
    let doc = dir.join("gbk.json");
    std::fs::write(&doc, [format!("{{{pad}\"report_year\":\"").as_bytes(), &gbk, b"\"}"].concat()).unwrap();
    let (_, out, err) = cf(&["check", "--form", "facility-ledger", doc.to_str().unwrap()]);
    assert!(out.contains("“二〇二一”"), "{out}{err}");
    std::fs::write(&doc, [format!("{{{pad}\"report_year\":\"二〇").as_bytes(), b"\xff\"}"].concat()).unwrap();
    let (_, out, err) = cf(&["check", "--form", "facility-ledger", doc.to_str().unwrap()]);
    assert!(out.contains("“二〇\u{FFFD}”"), "{out}{err}");
    assert!(err.contains("文件是 UTF-8 编码，但其中有不合 UTF-8 的字节"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn problems_as_a_csv_table_for_excel() {
    let (code, all, _) =
        cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", "tests/data/ledger-sample.csv"]);
    assert_eq!(code, 1);
    let (code, out, err) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--set",
        "report_year=2021",
        "--format",
        "csv",
        "tests/data/ledger-sample.csv",
    ]);
    assert_eq!(code, 1, "{err}");
    // A byte-order mark (Excel then reads UTF-8), CRLF, one line per problem of the text output.
    assert!(out.starts_with("\u{FEFF}行,名称,字段,级别,代码,问题,依据,路径\r\n"), "{out}");
    assert!(out.ends_with("\r\n") && !out.replace("\r\n", "").contains('\n'), "{out}");
    let problems = all.lines().filter(|l| l.starts_with('[')).count();
    assert_eq!(out.lines().count(), problems + 1, "{out}");
    // The spreadsheet's row number, the row's name, the field's label, the path.
    assert!(
        out.contains("\r\n2,\"朝阳社区\",\"综合服务设施总建筑面积\",错误,\"computed_mismatch\",\"综合服务设施总建筑面积填报为“1200”"),
        "{out}"
    );
    assert!(out.contains(",\"communities[0].total_area\"\r\n"), "{out}");
    // A header field's problem has no row.
    assert!(out.contains("\r\n,\"\",\"填报单位\",错误,\"required\""), "{out}");
    // English, and only the warnings.
    let (_, en, _) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--locale",
        "en",
        "--format",
        "csv",
        "--only",
        "warnings",
        "tests/data/ledger-sample.json",
    ]);
    assert!(en.starts_with("\u{FEFF}Row,Name,Field,Severity,Code,Problem,Source,Path\r\n"), "{en}");
    assert!(en.lines().skip(1).all(|l| l.contains(",warning,")) && en.lines().count() > 1, "{en}");

    // A name that Excel would run as a formula is kept as text; quotes are doubled.
    let dir = scratch("csv-injection");
    let f = dir.join("ledger.csv");
    std::fs::write(&f, "community,community_type,households\n=HYPERLINK(\"http://x\"),城市社区,-5\n").unwrap();
    let (_, out, _) = cf(&["check", "--form", "facility-ledger", "--format", "csv", f.to_str().unwrap()]);
    assert!(out.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{out}");
    assert!(!out.contains(",\"=HYPERLINK"), "{out}");
}

#[test]
fn only_errors_and_counts_by_street() {
    let (code, out, _) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--set",
        "report_year=2021",
        "--only",
        "errors",
        "--by",
        "street",
        "--by",
        "community_type",
        "tests/data/ledger-sample.csv",
    ]);
    assert_eq!(code, 1, "errors found, whatever is listed");
    assert!(out.contains("[错误]") && !out.contains("[警告]"), "{out}");
    // The totals stay whole, and say what was left out of the list.
    assert!(out.ends_with("5 个错误，2 个警告（只列出了错误）\n"), "{out}");
    // Rows, rows with an error, and the yes/no column's yes count and share, in ledger order.
    let by = "按所在街道（乡镇）统计（2 组）：\n  天生街道：2 行，有错误的 2 行，是否达标为“是”的 1 行（50.0%）\n  歇马街道：2 行，有错误的 1 行，是否达标为“是”的 1 行（50.0%）\n按社区类型统计（2 组）：\n";
    assert!(out.contains(by), "{out}");
    let (_, en, _) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--locale",
        "en",
        "--only",
        "warnings",
        "--by",
        "street",
        "tests/data/ledger-sample.json",
    ]);
    assert!(en.contains("By Sub-district (township) (2 values):\n  天生街道: 2 rows, 1 with errors, Compliant yes: 1 (50.0%)\n  歇马街道: 3 rows, 2 with errors, Compliant yes: 1 (33.3%)\n"), "{en}");
    assert!(
        en.contains("[warning]")
            && !en.contains("[error]")
            && en.ends_with(
                "Urban and rural community service facility ledger: 5 errors, 5 warnings (only the warnings listed)\n"
            ),
        "{en}"
    );
    // Blank values, and values in error (control and direction characters are refused as
    // typed; what was typed is not kept), each counted as what they are.
    let dir = scratch("by-blank");
    let f = dir.join("ledger.csv");
    std::fs::write(
        &f,
        "street,community\n,甲社区\n\"a\u{1b}[2Jb\",乙社区\n\"天生\u{202E}街道\",丙社区\n,丁社区\n（未填）,戊社区\n__proto__,己社区\n",
    )
    .unwrap();
    let (_, out, _) = cf(&["check", "--form", "facility-ledger", "--by", "street", f.to_str().unwrap()]);
    assert!(
        // A street written （未填） is shown with the blank ones, on one line, as the ledger page does.
        out.contains("统计（3 组）：\n  （未填）：3 行，有错误的 3 行，")
            && out.contains("\n  （填写有误）：2 行，")
            && out.contains("\n  __proto__：1 行，"),
        "{out}"
    );
}

/// A ledger's 合计 row is checked against its rows (DOMAIN.md: reviewers check totals): a column's
/// typed total that is not the sum of the rows is an error naming the row, in either language.
#[test]
fn a_totals_row_that_does_not_add_up_is_an_error() {
    let dir = scratch("totals");
    let file = dir.join("ledger.csv");
    let ledger = std::fs::read_to_string("tests/data/ledger-seed-layout.csv").unwrap();
    // 3800 + 2000 + 860 = 6660 households; the rooms' totals 1250.00 + 599.99 + 550.00 = 2399.99.
    std::fs::write(&file, format!("{ledger}合计,,,,6660,,,,,,,2400,,,\r\n")).unwrap();
    let file = file.to_str().unwrap();
    let run = |locale: &str| {
        cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", "--locale", locale, file])
    };
    let (code, out, err) = run("zh-CN");
    assert_eq!(code, 1);
    assert!(
        out.contains("[错误] 社区：第7行合计的综合服务设施总建筑面积填报为“2400”，按各行相加应为2399.99m²（北碚民发〔2020〕77号）\n"),
        "{out}"
    );
    assert!(!out.contains("第7行合计的辖区户籍人口总户数"), "6660 is right: {out}");
    assert!(err.contains("第7行是合计行") && err.contains("合计行的合计数与各行核对"), "{err}");
    let (_, out, _) = run("en");
    assert!(
        out.contains("The totals row (row 7) gives total facility floor area as “2400”; the rows add up to 2399.99 m²"),
        "{out}"
    );
    // The problems as CSV: the totals row's problem is on row 7, named as the totals.
    let (_, out, _) = cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", "--format", "csv", file]);
    assert!(out.contains("\n7,\"合计\",\"社区\",错误,\"totals_row_sum\",\"第7行合计的"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The seed's own 附件1 table, with its 合计 row (32 · 1600 · 20 · 400 · 2000 · 900 · 1100 万元), adds
/// up; a total typed wrong is found.
#[test]
fn the_seeds_allocation_table_adds_up_to_its_totals_row() {
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("src/forms/data/project-allocation-2019.json").unwrap()).unwrap();
    let cols = [
        "district",
        "poverty_count",
        "poverty_amount",
        "demo_count",
        "demo_amount",
        "total_amount",
        "finance_amount",
        "lottery_amount",
    ];
    let mut csv = cols.join(",") + "\n";
    for row in data["districts"].as_array().unwrap() {
        let cells: Vec<&str> = cols.iter().map(|c| row[c].as_str().unwrap_or("")).collect();
        csv += &(cells.join(",") + "\n");
    }
    let dir = scratch("allocation");
    let file = dir.join("附件1.csv");
    for (totals, code) in [("合计,32,1600,20,400,2000,900,1100", 0), ("合计,32,1600,20,400,2000,900,1000", 1)] {
        std::fs::write(&file, format!("{csv}{totals}\n")).unwrap();
        let (got, out, err) = cf(&["check", "--form", "project-allocation", file.to_str().unwrap()]);
        assert_eq!(got, code, "{out}{err}");
        assert_eq!(out.contains("第26行合计的福彩填报为“1000”，按各行相加应为1100万元"), code == 1, "{out}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The notice's own table has no 社区类型 column: urban and rural communities come on worksheets
/// (or in files) of their own, whose names say which, and every row is read as that kind, with a
/// note; `--set` gives a column outright. A values document's rows give their own.
#[test]
fn a_column_the_ledger_lacks_comes_from_the_sheets_name_or_set() {
    let check = ledger_json;
    let typed = check(&["--sheet", "农村社区"], "tests/data/ledger-sheets.xlsx").1;
    let (code, out, err) = check(&["--sheet", "农村社区"], "tests/data/ledger-sheets-no-type.xlsx");
    assert_eq!((code, &out), (1, &typed), "the same as with the column: {err}");
    assert!(err.contains("注意：没有“社区类型”列：每行都按“农村社区”读入（取自名称“农村社区”）"), "{err}");
    let (_, out, err) = check(&[], "tests/data/ledger-sheets-no-type.xlsx");
    assert_eq!(out, check(&[], "tests/data/ledger-sheets.xlsx").1);
    assert!(err.contains("每行都按“城市社区”读入（取自名称“城市社区”）"), "{err}");
    // A CSV file's name; a value set outright comes first; a file with the column reads its own.
    let dir = scratch("given");
    let file = dir.join("歇马街道农村社区.csv");
    std::fs::write(&file, "社区名称,辖区户籍人口总户数（户）,便民服务中心,达标年度\n素心村,900,200,2021\n").unwrap();
    let file = file.to_str().unwrap();
    let (_, out, err) = check(&[], file);
    assert!(out.contains(r#""rural_count":"1""#), "{out}");
    assert!(err.contains("每行都按“农村社区”读入（取自名称“歇马街道农村社区”）"), "{err}");
    let (_, out, err) = check(&["--set", "community_type=城市社区"], file);
    assert!(out.contains(r#""urban_count":"1""#), "{out}");
    assert!(err.contains("每行都按“城市社区”读入（--set）"), "{err}");
    let (_, out, err) = check(&["--set", "community_type=农村社区"], "tests/data/ledger-sheets.xlsx");
    assert_eq!(out, check(&[], "tests/data/ledger-sheets.xlsx").1);
    assert!(err.contains("--set community_type：文件有自己的“社区类型”列，按文件读入"), "{err}");
    // Nothing gives it: every row is reported without it, and the note says how to give it.
    let plain = dir.join("台账.csv");
    std::fs::write(&plain, "社区名称,辖区户籍人口总户数（户）,便民服务中心,达标年度\n素心村,900,200,2021\n").unwrap();
    let (_, out, err) = check(&[], plain.to_str().unwrap());
    assert!(out.contains(r#""path":"communities[0].community_type","severity":"error","code":"required""#), "{out}");
    assert!(
        err.contains(
            "注意：没有“社区类型”列，而每行都须填写，所以每行都报告缺少此项；\
             如各行相同，可用 --set community_type=城市社区 或 农村社区 给出"
        ),
        "{err}"
    );
    assert!(
        err.contains("注意：没有“所在街道（乡镇）”列，而每行都须填写") && err.contains("--set street=<值>"),
        "{err}"
    );
    let (_, _, err) = check(&["--set", "community_type=农村社区"], plain.to_str().unwrap());
    assert!(!err.contains("没有“社区类型”列，而"), "{err}");
    // One sheet, the urban and rural communities under headings of their own.
    let sections = dir.join("台账.csv");
    std::fs::write(
        &sections,
        "序号,社区名称,辖区户籍人口总户数（户）,便民服务中心,达标年度\n一、城市社区,,,,\n1,朝阳社区,3800,1250,2020\n\
         二、农村社区,二、农村社区,二、农村社区,二、农村社区,二、农村社区\n2,素心村,900,300,2020\n",
    )
    .unwrap();
    let (_, out, err) = check(&[], sections.to_str().unwrap());
    assert!(out.contains(r#""urban_count":"1""#) && out.contains(r#""rural_count":"1""#), "{out}");
    assert!(err.contains("第2行“一、城市社区”是分段标题：其下各行的“社区类型”按“城市社区”读入"), "{err}");
    assert!(err.contains("第4行“二、农村社区”是分段标题：其下各行的“社区类型”按“农村社区”读入"), "{err}");
    // Not a column one types in, or a values document.
    let (code, _, err) = check(&["--set", "total_area=1"], file);
    assert_eq!(code, 2);
    assert!(err.contains("“total_area”既不是 facility-ledger 表头的字段，也不是其表格的列"), "{err}");
    let (code, _, err) = check(&["--set", "community_type=农村社区"], "tests/data/ledger-sample.json");
    assert_eq!(code, 2);
    assert!(err.contains("“tests/data/ledger-sample.json”是数值文档（JSON），其各行自有取值"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_workbooks_first_sheet_with_the_header_is_read_and_the_others_named() {
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--form", "facility-ledger", "--set", "report_year=2021"];
        args.extend_from_slice(extra);
        args.push("tests/data/ledger-sheets.xlsx");
        cf(&args)
    };
    // Instructions first: the urban sheet is the first with the header; the rural one is named.
    let (code, out, err) = check(&[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("第2行（朝阳社区）") && !out.contains("素心村"), "{out}");
    assert!(err.contains("工作簿有3个工作表（1“填表说明”、2“城市社区”、3“农村社区”）；读取的是第2个“城市社区”，即第一个有本表表头的工作表"), "{err}");
    assert!(err.contains("以下工作表也有本表的表头，但未读取：3 “农村社区”（用 --sheet <名称或序号> 读取）"), "{err}");
    // By name or by number.
    for pick in ["农村社区", "3"] {
        let (_, out, err) = check(&["--sheet", pick]);
        assert!(out.contains("第2行（素心村）") && out.contains("为22.2222…m²") && !out.contains("朝阳社区"), "{out}");
        assert!(err.contains("；读取的是第3个“农村社区”\n") && err.contains("但未读取：2 “城市社区”"), "{err}");
    }
    // The instructions, asked for: no header there.
    let (code, _, err) = check(&["--sheet", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("找不到表头"), "{err}");
    let (code, _, err) = check(&["--sheet", "4"]);
    assert_eq!(code, 2);
    assert!(err.contains("工作簿中没有名为“4”的工作表；其工作表有：1“填表说明”、2“城市社区”、3“农村社区”"), "{err}");
    let (code, _, err) = cf(&["check", "--form", "facility-ledger", "--sheet", "1", "tests/data/ledger-sample.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("--sheet 只用于工作簿（.xlsx、.xls）"), "{err}");
    // A workbook of one sheet says nothing about sheets.
    let (_, _, err) = cf(&["check", "--form", "facility-ledger", "tests/data/ledger-sample.xlsx"]);
    assert!(!err.contains("工作簿有"), "{err}");
}

#[test]
fn several_files_are_each_checked_and_counted() {
    let (code, out, err) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--set",
        "report_year=2021",
        "tests/data/ledger-sample.csv",
        "tests/data/missing.csv",
        "tests/data/ledger-sheets.xlsx",
    ]);
    assert_eq!(code, 2, "a file could not be read; the others were still checked: {out}");
    assert!(out.starts_with("==> tests/data/ledger-sample.csv <==\n"), "{out}");
    assert!(out.contains("\n\n==> tests/data/missing.csv <==\n\n==> tests/data/ledger-sheets.xlsx <==\n"), "{out}");
    assert!(
        out.contains("第2行（朝阳社区）") && out.ends_with("\n共 3 个文件：2 个有错误，0 个没有错误，1 个无法读取\n"),
        "{out}"
    );
    assert!(err.contains("community-forms：无法读取“tests/data/missing.csv”：文件不存在"), "{err}");
    // Each file's section is that file's own check.
    let (_, alone, _) =
        cf(&["check", "--form", "facility-ledger", "--set", "report_year=2021", "tests/data/ledger-sample.csv"]);
    let first = out.split("\n\n==> ").next().unwrap();
    assert_eq!(first, format!("==> tests/data/ledger-sample.csv <==\n{}", alone.trim_end()));
    // JSON: a line per file, naming it; the result is the one file's.
    let (code, out, _) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--format",
        "json",
        "tests/data/ledger-sample.json",
        "tests/data/ledger-merged.csv",
    ]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["file"], "tests/data/ledger-merged.csv");
    let (_, one, _) = cf(&["check", "--form", "facility-ledger", "--format", "json", "tests/data/ledger-merged.csv"]);
    assert_eq!(lines[1]["result"], serde_json::from_str::<serde_json::Value>(&one).unwrap());
    // CSV: one table, the file first on each line, one header.
    let (_, out, _) = cf(&[
        "check",
        "--form",
        "facility-ledger",
        "--format",
        "csv",
        "tests/data/ledger-sample.json",
        "tests/data/ledger-merged.csv",
    ]);
    assert!(
        out.starts_with("\u{FEFF}文件,行,名称,字段,级别,代码,问题,依据,路径\r\n\"tests/data/ledger-sample.json\",1,"),
        "{out}"
    );
    assert_eq!(out.matches('\u{FEFF}').count(), 1);
    assert!(out.contains("\r\n\"tests/data/ledger-merged.csv\","), "{out}");
    // A header field that does not exist is refused before any file is read.
    let (code, out, err) =
        cf(&["check", "--form", "facility-ledger", "--set", "nope=1", "tests/data/ledger-sample.csv", "x.csv"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("--set nope：“nope”既不是 facility-ledger 表头的字段，也不是其表格的列"), "{err}");
    let (code, _, err) = cf(&["check", "--form", "facility-ledger", "-", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("标准输入（-）只能读取一次"), "{err}");
}

/// Excel 97–2003 workbooks (.xls; scripts/dev/make-xls.py), as many offices still save them: read
/// as the same sheets saved as .xlsx are, worksheets picked the same way. What a file is, is told
/// by its first bytes: tab-separated text that a system exported under an .xls name is read as
/// text, a workbook named .csv as a workbook, and a web page named .xls is refused, saying what to
/// do. A damaged .xls is refused, saying so (calamine followed this one's loop without end).
#[test]
fn an_xls_workbook_reads_as_the_same_xlsx_and_a_file_is_known_by_its_bytes() {
    let json = ledger_json;
    let (code, xls, err) = json(&[], "tests/data/ledger-merged.xls");
    assert_eq!((code, &xls), (1, &json(&[], "tests/data/ledger-merged.xlsx").1), "{err}");
    assert!(err.contains("表头在第2–3行；其上1行（标题）未读入"), "{err}");
    for sheet in ["农村社区", "2"] {
        let (_, out, err) = json(&["--sheet", sheet], "tests/data/ledger-sheets.xls");
        assert_eq!(out, json(&["--sheet", sheet], "tests/data/ledger-sheets.xlsx").1, "{err}");
    }
    let (_, out, err) = json(&[], "tests/data/ledger-sheets.xls");
    assert_eq!(out, json(&[], "tests/data/ledger-sheets.xlsx").1, "the first sheet with the header: {err}");
    assert!(err.contains("读取的是第2个“城市社区”，即第一个有本表表头的工作表"), "{err}");

    let dir = scratch("xls-named");
    let as_csv = dir.join("台账.csv");
    std::fs::copy("tests/data/ledger-merged.xls", &as_csv).unwrap();
    assert_eq!(json(&[], as_csv.to_str().unwrap()).1, xls, "a workbook named .csv");
    let tsv = dir.join("导出.xls");
    std::fs::write(&tsv, "所在街道（乡镇）\t社区名称\t社区类型\t辖区户籍人口总户数（户）\t便民服务中心\t警务室\t达标年度\n天生街道\t朝阳社区\t城市社区\t3800\t1250\t\t2020\n天生街道\t丽园社区\t城市社区\t2000\t599.99\t\t2021\n").unwrap();
    assert_eq!(json(&[], tsv.to_str().unwrap()).1, json(&[], "tests/data/ledger-merged.csv").1, "text named .xls");
    let html = dir.join("导出的网页.xls");
    std::fs::write(&html, "<html><body><table><tr><td>社区名称</td></tr></table></body></html>").unwrap();
    let (code, _, err) = json(&[], html.to_str().unwrap());
    assert_eq!(code, 2);
    assert!(err.contains("该文件是以 Excel 文件名保存的网页（HTML），不是工作簿"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();

    // From standard input, only text: a workbook is named by its file.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_community-forms"))
        .args(["check", "--form", "facility-ledger", "-"])
        .stdin(std::fs::File::open("tests/data/ledger-merged.xls").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("标准输入中是工作簿（.xlsx 或 .xls），而工作簿须从文件读取"), "{err}");
    let (code, _, err) = json(&[], "tests/data/xls-loop.xls");
    assert_eq!(code, 2);
    assert!(err.contains("xls-loop.xls”：工作簿已损坏，无法读取（扇区链首尾相接成环）"), "{err}");
    let (code, _, err) = json(&["--locale", "en"], "tests/data/xls-loop.xls");
    assert_eq!(code, 2);
    assert!(err.contains("xls-loop.xls`: the workbook is damaged (a chain of its sectors runs in a circle)"), "{err}");
    let (code, _, err) = json(&[], "tests/data/xls-far-column.xls");
    assert_eq!(code, 2);
    assert!(err.contains("超出了 XFD 列"), "{err}");
}

#[test]
fn a_ledger_past_200000_rows_is_checked_whole_and_written_as_it_goes() {
    use community_forms::{csv, Locale, Registry, Session};
    // 250,000 communities, past the 200,000 rows a session once held (a national ledger has about
    // 710,000): every row checked, and the outputs, written a megabyte at a time, the same as the
    // library's whole result.
    std::fs::create_dir_all(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = format!("{}/ledger-250k.csv", env!("CARGO_TARGET_TMPDIR"));
    let mut text = String::from(
        "street,community,community_type,households,area_service_center,area_police_room,area_day_care,\
         area_health_station,area_culture_room,compliance_year\n",
    );
    for i in 0..250_000 {
        // Every 1,000th row without its households (an error); the others all compliant.
        let households = if i % 1000 == 999 { String::new() } else { (100 + i % 900).to_string() };
        text.push_str(&format!("天生街道,社区{i},城市社区,{households},{}.5,0,0,0,0,2020\n", 300 + i % 700));
    }
    std::fs::write(&path, &text).unwrap();
    let reg = Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    let mut s = Session::new(form.clone(), Locale::ZhCn);
    let mut loader = csv::Loader::default();
    loader.push(&text, true, &form, form.main_table().unwrap(), &mut s).unwrap();
    for (field, value) in [("report_year", "2021"), ("reporting_unit", "北碚区民政局")] {
        s.put_header(form.field_slot(0, field).unwrap(), &community_forms::json::Value::String(value.into()));
    }
    s.finish_bulk();
    let lib = community_forms::engine::json::result_json(&s, false);

    let (code, out, err) = ledger_json(&["--set", "reporting_unit=北碚区民政局"], &path);
    assert_eq!(code, 1, "{err}");
    assert!(out.len() > 4 << 20, "several megabytes, written in parts: {}", out.len());
    assert!(out.trim_end() == lib, "the JSON written in parts differs from the library's result");
    assert!(!out.contains("too_many_rows"));

    let set =
        ["check", "--form", "facility-ledger", "--set", "report_year=2021", "--set", "reporting_unit=北碚区民政局"];
    let (code, out, _) = cf(&[&set[..], &[&path]].concat());
    assert_eq!(code, 1);
    assert!(out.contains("社区总数：250000 个"), "{}", &out[out.len().saturating_sub(600)..]);
    assert!(out.contains("第250001行（社区249999） 辖区户籍人口总户数"), "the last row is checked too");
    assert!(out.ends_with("250 个错误，0 个警告\n"), "{}", &out[out.len().saturating_sub(300)..]);

    let (code, out, _) = cf(&[&set[..], &["--format", "csv", &path]].concat());
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 251, "the header and one line per error");
}
