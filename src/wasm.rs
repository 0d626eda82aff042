//! WebAssembly bindings: convert, call the core, convert back. Nothing else lives here.
//! Every value crosses as a string (JSON text), so decimals never pass through a JS number.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::engine::json::form_info_json;
use crate::engine::view::Page;
use crate::{parse_values, Locale, Options, Registry};

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::builtin());
}

fn locale(s: &str) -> Locale {
    Locale::parse(s).unwrap_or_default()
}

fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// `evaluate(formId, valuesJson, locale, explain) -> resultJson`
#[wasm_bindgen]
pub fn evaluate(form_id: &str, values: &str, locale_name: &str, explain: bool) -> Result<String, JsError> {
    REGISTRY
        .with(|r| r.borrow().evaluate(form_id, values, Options { locale: locale(locale_name), explain }))
        .map_err(err)
}

/// Loads a spec (JSON text) at run time; returns its form id.
#[wasm_bindgen(js_name = addSpec)]
pub fn add_spec(text: &str) -> Result<String, JsError> {
    #[cfg(feature = "compiler")]
    return REGISTRY.with(|r| r.borrow_mut().add_spec(text)).map(|f| f.id.clone()).map_err(err);
    #[cfg(not(feature = "compiler"))]
    {
        let _ = text;
        Err(JsError::new(
            "this build of community-forms carries no spec compiler: compile the spec with \
             `community-forms precompile --out spec.cfw spec.json` and pass the file's bytes to addSpec",
        ))
    }
}

/// Loads a form precompiled by `community-forms precompile` (its bytes); returns its form id.
#[wasm_bindgen(js_name = addCompiledSpec)]
pub fn add_compiled_spec(bytes: &[u8]) -> Result<String, JsError> {
    REGISTRY.with(|r| r.borrow_mut().add_compiled(bytes)).map(|f| f.id.clone()).map_err(err)
}

/// Adds the forms of a bundle (the browser package's built-in forms travel in a custom section
/// of its .wasm, `cf-forms`, which the loader hands over; js/start.js). Returns how
/// many forms it held; throws when the bytes are not a bundle.
#[wasm_bindgen(js_name = useForms)]
pub fn use_forms(bundle: &[u8]) -> Result<u32, JsError> {
    let n = REGISTRY.with(|r| r.borrow_mut().add_bundle(bundle));
    n.map(|n| u32::try_from(n).unwrap_or(u32::MAX)).ok_or_else(|| JsError::new("not a bundle of precompiled forms"))
}

/// The keys text is hashed with, from the caller's random source (`crypto.getRandomValues`; the
/// wasm has none of its own): a crafted ledger then cannot make the uniqueness index's lookups
/// collide. Taken only before the first check; returns whether they were. The form package
/// has no such call (src/hash.rs).
#[cfg(feature = "bulk")]
#[wasm_bindgen(js_name = seedHash)]
pub fn seed_hash(a: u32, b: u32, c: u32, d: u32) -> bool {
    crate::hash::seed([u64::from(a) << 32 | u64::from(b), u64::from(c) << 32 | u64::from(d)])
}

/// The ids of every form, as a JSON array.
#[wasm_bindgen]
pub fn forms() -> String {
    REGISTRY.with(|r| {
        let mut out = String::from("[");
        for (i, id) in r.borrow().ids().enumerate() {
            if i > 0 {
                out.push(',');
            }
            crate::engine::json::escape(id, &mut out);
        }
        out.push(']');
        out
    })
}

/// Fields and tables of a form, as JSON.
#[wasm_bindgen(js_name = formInfo)]
pub fn form_info(form_id: &str, locale_name: &str) -> Result<String, JsError> {
    let form = REGISTRY.with(|r| r.borrow().get(form_id)).map_err(err)?;
    Ok(form_info_json(&form, locale(locale_name)))
}

/// Readies the memory a check of a ledger file of about `bytes` bytes will use (the ledger page
/// asks when a file is chosen, before its check; js/worker.js): taken from the system, written
/// once, a byte a page, and given back to the allocator, which serves the check from it. A
/// page's first write costs a fault and the system zeroing it (64 MB in Chromium: 50–75 ms, a
/// second write 2–15 ms), which the reviewer's first check would otherwise wait for. Only what
/// the memory lacks is taken: memory an earlier check used is ready already, and a block of the
/// whole size asked for would not fit among what that check left free, but grow the memory again.
#[cfg(feature = "bulk")]
#[wasm_bindgen(js_name = prepareMemory)]
pub fn prepare_memory(bytes: u32) {
    let held = core::arch::wasm32::memory_size(0).saturating_mul(65536);
    let lacking = usize::try_from(bytes).unwrap_or(0).saturating_sub(held);
    if lacking == 0 {
        return;
    }
    let mut block: Vec<u8> = Vec::new();
    if block.try_reserve_exact(lacking).is_ok() {
        for byte in block.spare_capacity_mut().iter_mut().step_by(4096) {
            byte.write(1);
        }
        std::hint::black_box(&mut block);
    }
}

/// A ledger read in one piece (`evaluateCsv`, js/bulk.js) or a piece at a time (a Web Worker
/// reports progress between pieces), then checked (`finish`).
/// Whether a worksheet's CSV text has `form_id`'s header where a check looks for one (which of
/// a workbook's worksheets is the ledger: `csv::finds_header`, as the command line decides).
#[cfg(feature = "bulk")]
#[wasm_bindgen(js_name = findsHeader)]
pub fn finds_header(form_id: &str, text: &str) -> Result<bool, JsError> {
    let form = REGISTRY.with(|r| r.borrow().get(form_id)).map_err(err)?;
    let table = form.main_table().ok_or_else(|| JsError::new("the form has no table"))?;
    Ok(crate::csv::finds_header(text, &form, table))
}

#[cfg(feature = "bulk")]
#[wasm_bindgen]
pub struct BulkSession {
    session: crate::Session,
    loader: crate::csv::Loader,
    form: std::rc::Rc<crate::Form>,
    table: u32,
    /// The problems `finish` found, until they are taken (`issuePaths`, `issueCodes`).
    issues: crate::engine::json::PackedIssues,
    /// Which rows have an error, once a tally asked (the page asks for two).
    rows_with_errors: Option<Vec<bool>>,
}

#[cfg(feature = "bulk")]
impl BulkSession {
    /// Why the text could not be read, in the session's language.
    fn unread(&self, e: &crate::csv::CsvError) -> JsError {
        JsError::new(&e.message(self.session.locale()))
    }
}

#[cfg(feature = "bulk")]
#[wasm_bindgen]
impl BulkSession {
    #[wasm_bindgen(constructor)]
    pub fn new(form_id: &str, locale_name: &str) -> Result<BulkSession, JsError> {
        let form = REGISTRY.with(|r| r.borrow().get(form_id)).map_err(err)?;
        let table = form.main_table().ok_or_else(|| JsError::new("this form has no table"))?;
        Ok(BulkSession {
            session: crate::Session::new(form.clone(), locale(locale_name)),
            loader: Default::default(),
            form,
            table,
            issues: Default::default(),
            rows_with_errors: None,
        })
    }

    /// A name the sheet is known by (its worksheet's, then its file's): a choice column the
    /// sheet lacks is taken from the first that holds one of its options (`csv::Given`; the
    /// result's `sheet.given` says so). Call before the first piece.
    #[wasm_bindgen(js_name = knownAs)]
    pub fn known_as(&mut self, name: &str) {
        self.loader.sheet.known_as(name);
    }

    /// Gives every row `value` for the column `field` if the sheet has no such column (the
    /// command line's `--set community_type=农村社区`; a column the sheet has is read as it is).
    /// Wins over a name (`knownAs`). Call before the first piece.
    pub fn give(&mut self, field: &str, value: &str) -> Result<(), JsError> {
        let slot = self.form.field_slot(self.table, field).ok_or_else(|| JsError::new("no such field"))?;
        self.loader.sheet.give(slot, value);
        Ok(())
    }

    /// Room for about `rows` rows (the lines of the whole text, when it comes in pieces), so
    /// that the table is sized once instead of doubling, and copied, as it fills.
    pub fn reserve(&mut self, rows: u32) {
        self.session.reserve_rows(self.table, usize::try_from(rows).unwrap_or(usize::MAX));
    }

    /// Adds the next piece of CSV / tab-separated text; returns the rows read so far.
    pub fn push(&mut self, text: &str, last: bool) -> Result<u32, JsError> {
        self.loader.push(text, last, &self.form, self.table, &mut self.session).map_err(|e| self.unread(&e))?;
        Ok(u32::try_from(self.loader.sheet.rows).unwrap_or(u32::MAX))
    }

    /// Adds the next piece of a file's bytes if they are UTF-8 (a character split between
    /// pieces waits for the rest); returns the rows read so far, or nothing, having read nothing
    /// of this piece, when the file's first bytes beyond ASCII are not UTF-8 (decode them,
    /// GB18030, and start afresh). Bytes that are not UTF-8 after some that are are read as
    /// U+FFFD, and the result's `sheet.not_utf8_line` says where (`csv::Loader::push_bytes`).
    #[wasm_bindgen(js_name = pushBytes)]
    pub fn push_bytes(&mut self, bytes: &[u8], last: bool) -> Result<Option<u32>, JsError> {
        let utf8 = self
            .loader
            .push_bytes(bytes, last, &self.form, self.table, &mut self.session)
            .map_err(|e| self.unread(&e))?;
        Ok(utf8.then(|| u32::try_from(self.loader.sheet.rows).unwrap_or(u32::MAX)))
    }

    /// Rows already split, as UTF-8 bytes: records separated by U+001E, cells by U+001F, the
    /// first record the header (js/bulk.js writes them straight from the rows' cells: joining
    /// them into one string first took three times as long). Returns the rows read so far.
    #[wasm_bindgen(js_name = pushRecords)]
    pub fn push_records(&mut self, bytes: &[u8]) -> Result<u32, JsError> {
        let text = std::str::from_utf8(bytes).map_err(|_| JsError::new("the rows are not UTF-8"))?;
        self.loader.push_records(text, &self.form, self.table, &mut self.session).map_err(|e| self.unread(&e))?;
        Ok(u32::try_from(self.loader.sheet.rows).unwrap_or(u32::MAX))
    }

    /// One column of the main table as text, for grouping and naming results (by street, the
    /// community of a problem): each row's value as the result shows it (text as it is, a
    /// decimal at its scale), "" for blank or unknown, each after a U+001F (which no value
    /// holds: a cell's control characters are refused; any other becomes a space). The ledger
    /// job splits it (js/ledger-job.js): the column of 100,000 names cost the worker's check
    /// about 14 ms as a JSON array parsed, about 9 ms so (Chromium).
    pub fn column(&self, field: &str) -> Result<String, JsError> {
        let slot = self.form.field_slot(self.table, field).ok_or_else(|| JsError::new("no such field"))?;
        let ft = self.form.slot_node(self.table, slot).and_then(|n| crate::engine::node_field_type(&n.kind));
        let rows = self.session.rows(self.table);
        let mut out = String::with_capacity(rows.saturating_mul(8));
        for row in 0..rows {
            let shown: String;
            let at = crate::At { scope: self.table, row: u32::try_from(row).unwrap_or(u32::MAX), slot };
            let text = match self.session.value(at) {
                // Text (a name column) written as it is, not copied first.
                Some(crate::value::Val::Text(t)) => &**t,
                Some(v) => {
                    shown = crate::format::display(v, ft, self.session.locale()).unwrap_or_default();
                    &shown
                }
                None => "",
            };
            crate::engine::json::push_piece(&mut out, text);
        }
        Ok(out)
    }

    /// Rows counted by the value of one column, how many of them have `flag` true and how many
    /// have an error (by street, by community type: how many communities, how many compliant,
    /// how many to send back), as a JSON array of `[value, rows, flagged, with errors]` in order
    /// of first appearance; a blank value is "", and the rows
    /// whose value is in error are counted under `null`.
    pub fn tally(&mut self, group: &str, flag: &str) -> Result<String, JsError> {
        let slot = |f: &str| self.form.field_slot(self.table, f).ok_or_else(|| JsError::new("no such field"));
        let (g, fl) = (slot(group)?, slot(flag)?);
        let groups = self.session.group_rows(self.table, g);
        let errors = self.rows_with_errors.get_or_insert_with(|| self.session.rows_with_errors(self.table));
        let mut counts: Vec<(u64, u64, u64)> = vec![(0, 0, 0); groups.keys.len()];
        for (row, &i) in groups.of_row.iter().enumerate() {
            let at = crate::At { scope: self.table, row: u32::try_from(row).unwrap_or(u32::MAX), slot: fl };
            let flagged = matches!(self.session.value(at), Some(crate::value::Val::Bool(true)));
            let error = errors.get(row).copied().unwrap_or(false);
            if let Some(c) = counts.get_mut(i) {
                c.0 = c.0.saturating_add(1);
                c.1 = c.1.saturating_add(u64::from(flagged));
                c.2 = c.2.saturating_add(u64::from(error));
            }
        }
        let mut out = String::from("[");
        for (i, (key, (n, ok, bad))) in groups.keys.iter().zip(&counts).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            if groups.in_error == Some(i) {
                out.push_str("null");
            } else {
                crate::json::escape(key, &mut out);
            }
            out.push(',');
            out.push_str(&n.to_string());
            out.push(',');
            out.push_str(&ok.to_string());
            out.push(',');
            out.push_str(&bad.to_string());
            out.push(']');
        }
        out.push(']');
        Ok(out)
    }

    /// Header columns that named no field (JSON array).
    pub fn ignored(&self) -> String {
        let list: Vec<String> = self
            .loader
            .sheet
            .ignored
            .iter()
            .map(|c| {
                let mut s = String::new();
                crate::json::escape(c, &mut s);
                s
            })
            .collect();
        format!("[{}]", crate::format::join(&list, ","))
    }

    /// The problems' paths found by `finish`, in reading order, each after a U+001F; once.
    #[wasm_bindgen(js_name = issuePaths)]
    pub fn issue_paths(&mut self) -> String {
        std::mem::take(&mut self.issues.paths)
    }

    /// `finish` writes no problem paths (`issuePaths` gives ""): for a caller that places each
    /// problem by its row (the ledger page, js/ledger-job.js `paths: false`).
    #[wasm_bindgen(js_name = withoutPaths)]
    pub fn without_paths(&mut self) {
        self.issues.without_paths = true;
    }

    /// Five numbers per problem found by `finish` (its row in the main table or -1, 1 for an
    /// error, the indexes of its code, message and citation in the result's `issues.texts`);
    /// once.
    #[wasm_bindgen(js_name = issueCodes)]
    pub fn issue_codes(&mut self) -> Vec<i32> {
        std::mem::take(&mut self.issues.codes)
    }

    /// Sets header values (JSON object), evaluates everything, returns the result JSON, its
    /// problems apart (`issuePaths`, `issueCodes`; src/engine/json.rs, `PackedIssues`).
    pub fn finish(&mut self, header: &str, explain: bool, rows: bool) -> Result<String, JsError> {
        if let crate::json::Value::Object(fields) =
            parse_values(if header.trim().is_empty() { "{}" } else { header }).map_err(err)?
        {
            for (k, v) in &fields {
                if let Some(slot) = self.form.field_slot(0, k) {
                    self.session.put_header(slot, v);
                }
            }
        }
        self.session.finish_bulk();
        self.rows_with_errors = None;
        self.loader.sheet.check_totals(&self.form, self.table, &mut self.session);
        // The result, and what was read of the sheet besides its rows: `header_row` (its
        // spreadsheet row), `header_rows` (1, or 2 for a heading over columns named in the row
        // below), `above_header` (rows above it, a title), `blank_rows`, `totals` and
        // `totals_rows` (the first few totals rows, 合计, by spreadsheet row), all left out;
        // `not_utf8_line` (the first line of a UTF-8 file holding bytes that are not, read as
        // U+FFFD; 0 for none); and
        // `numbers`, each table row's spreadsheet row as `[row, number]` where the numbering
        // jumps (each later row is numbered on from the last jump before it).
        let mut out = crate::engine::json::result_json_bulk(&self.session, explain, rows, &mut self.issues);
        if out.ends_with('}') {
            out.pop();
            let sheet = &self.loader.sheet;
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            let fields = [
                ("header_row", sheet.header_row),
                ("header_rows", sheet.header_rows),
                ("above_header", sheet.above_header),
                ("blank_rows", count(sheet.blank_rows)),
                ("totals", count(sheet.totals)),
                ("not_utf8_line", sheet.not_utf8_line),
            ];
            for (i, (name, n)) in fields.into_iter().enumerate() {
                out.push_str(if i == 0 { ",\"sheet\":{\"" } else { ",\"" });
                out.push_str(name);
                out.push_str("\":");
                crate::format::push_u32(&mut out, n);
            }
            out.push_str(",\"totals_rows\":[");
            for (i, &r) in sheet.totals_rows.iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                crate::format::push_u32(&mut out, r);
            }
            // `given`: a value every row took for a column the sheet lacks, read from the
            // worksheet's or file's name (`knownAs`) or given (`give`): field, label, options,
            // value, and the name (null when given).
            out.push_str("],\"given\":[");
            // A column as the page names it: its field and its label.
            let en = self.session.locale() == Locale::En;
            let push_column = |out: &mut String, slot: u32| {
                let node = self.form.slot_node(self.table, slot);
                out.push_str("\"field\":");
                crate::json::escape(node.map_or("", |n| n.id.as_str()), out);
                out.push_str(",\"label\":");
                crate::json::escape(node.map_or("", |n| n.label.get(en)), out);
            };
            // A choice column's options: what `give` can give it.
            let push_options = |out: &mut String, slot: u32| {
                out.push_str(",\"options\":[");
                let ft = self.form.slot_node(self.table, slot).and_then(|n| crate::engine::node_field_type(&n.kind));
                for (j, o) in ft.map(|ft| ft.options.as_slice()).unwrap_or_default().iter().enumerate() {
                    out.push_str(if j > 0 { "," } else { "" });
                    crate::json::escape(&o.value, out);
                }
                out.push(']');
            };
            for (i, g) in sheet.given.iter().enumerate() {
                out.push_str(if i > 0 { ",{" } else { "{" });
                push_column(&mut out, g.slot);
                push_options(&mut out, g.slot);
                out.push_str(",\"value\":");
                crate::json::escape(&g.value, &mut out);
                out.push_str(",\"from\":");
                match &g.from {
                    Some(name) => crate::json::escape(name, &mut out),
                    None => out.push_str("null"),
                }
                out.push('}');
            }
            // `sections`: rows that head a section (一、城市社区), giving the rows below them a
            // value for a column the sheet lacks: row, text, field, label, value.
            out.push_str("],\"sections\":[");
            for (i, sec) in sheet.sections.iter().enumerate() {
                out.push_str(if i > 0 { ",{\"row\":" } else { "{\"row\":" });
                crate::format::push_u32(&mut out, sec.row);
                out.push_str(",\"text\":");
                crate::json::escape(&sec.text, &mut out);
                out.push(',');
                push_column(&mut out, sec.slot);
                out.push_str(",\"value\":");
                crate::json::escape(&sec.value, &mut out);
                out.push('}');
            }
            // `missing`: required columns the sheet lacks and nothing gave (every row reports
            // the field missing): field, label, and a choice column's options, for the page to
            // offer (`give`).
            out.push_str("],\"missing\":[");
            for (i, slot) in sheet.missing(&self.form, self.table).into_iter().enumerate() {
                out.push_str(if i > 0 { ",{" } else { "{" });
                push_column(&mut out, slot);
                push_options(&mut out, slot);
                out.push('}');
            }
            out.push_str("],\"numbers\":[");
            for (i, &(row, number)) in self.session.row_number_jumps().iter().enumerate() {
                out.push_str(if i > 0 { ",[" } else { "[" });
                crate::format::push_u32(&mut out, row);
                out.push(',');
                crate::format::push_u32(&mut out, number);
                out.push(']');
            }
            out.push_str("]}}");
        }
        Ok(out)
    }
}

/// Bytes of linear memory the module holds (benchmarks: it must not grow while typing).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    let pages = core::arch::wasm32::memory_size(0);
    (pages as f64) * 65536.0
}

/// A form being filled in: the incremental session and what the page shows.
#[wasm_bindgen]
pub struct FormSession {
    page: Page,
}

#[wasm_bindgen]
impl FormSession {
    #[wasm_bindgen(constructor)]
    pub fn new(form_id: &str, locale_name: &str) -> Result<FormSession, JsError> {
        let form = REGISTRY.with(|r| r.borrow().get(form_id)).map_err(err)?;
        Ok(FormSession { page: Page::new(form, locale(locale_name)) })
    }

    /// Replaces every value; returns `{valid, values, show, summary}`.
    pub fn load(&mut self, values: &str) -> Result<String, JsError> {
        let v = parse_values(values).map_err(err)?;
        Ok(self.page.load(&v))
    }

    /// One edit of one field (`raw` is JSON: a string, a boolean or a list).
    pub fn input(&mut self, path: &str, raw: &str) -> Result<String, JsError> {
        let v = parse_values(raw).map_err(err)?;
        Ok(self.page.input(path, &v))
    }

    /// One edit of a text input (most keystrokes): the text crosses as a string, no JSON.
    #[wasm_bindgen(js_name = inputText)]
    pub fn input_text(&mut self, path: &str, text: &str) -> String {
        self.page.input(path, &crate::json::Value::String(text.to_string()))
    }

    pub fn commit(&mut self, path: &str) -> String {
        self.page.commit(path)
    }

    pub fn submit(&mut self) -> String {
        self.page.submit()
    }

    /// The whole result object of the contract.
    pub fn result(&self, explain: bool) -> String {
        crate::engine::json::result_json(&self.page.session, explain)
    }

    /// The working of one computed value.
    pub fn explain(&self, path: &str) -> Option<String> {
        let s = &self.page.session;
        s.locate(path).and_then(|at| s.explain(at))
    }

    pub fn valid(&self) -> bool {
        self.page.session.is_valid()
    }
}
