//! `.xlsx` in the browser, as a module of its own: the first worksheet of a workbook becomes
//! CSV text that the ledger page then checks like any CSV. Kept out of the form package so
//! pages that never read workbooks do not pay for it.

use std::io::Cursor;

use calamine::{Data, Dimensions, Reader, Xlsx};

fn csv_cell(text: &str, out: &mut String) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// The first worksheet as CSV (the ledger page's reader; the command line reads workbooks with
/// `first_sheet_csv` too).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = xlsxToCsv)]
pub fn xlsx_to_csv(bytes: &[u8]) -> Result<String, wasm_bindgen::JsError> {
    first_sheet_csv(bytes).map_err(|e| wasm_bindgen::JsError::new(&e))
}

/// The first worksheet of an .xlsx workbook as CSV text, as the sheet shows it:
/// - numbers as the shortest text that reads back the double Excel stored, dates (serial
///   numbers) as YYYY-MM-DD;
/// - a merged cell's value in every cell it covers (a street merged down its communities' rows
///   belongs to each of them);
/// - the rows above the first that holds something as blank lines, so that every row keeps its
///   worksheet row number.
pub fn first_sheet_csv(bytes: &[u8]) -> Result<String, String> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("not an .xlsx workbook: {e}"))?;
    let sheet = wb.sheet_names().first().cloned().ok_or_else(|| "the workbook has no worksheet".to_string())?;
    let range = wb.worksheet_range(&sheet).map_err(|e| e.to_string())?;
    let mut merges = wb.worksheet_merge_cells(&sheet).and_then(Result::ok).unwrap_or_default();
    merges.sort_by_key(|m| m.start.0);
    let Some((top, left)) = range.start() else { return Ok(String::new()) };
    let mut out = "\n".repeat(usize::try_from(top).unwrap_or(0));
    // The merged regions over the row being written: added as their first row comes, dropped
    // after their last.
    let mut next = 0usize;
    let mut over: Vec<Dimensions> = Vec::new();
    for (r, row) in (top..).zip(range.rows()) {
        over.retain(|m| m.end.0 >= r);
        while let Some(m) = merges.get(next).filter(|m| m.start.0 <= r) {
            if m.end.0 >= r {
                over.push(*m);
            }
            next += 1;
        }
        for (c, cell) in (left..).zip(row.iter()) {
            if c > left {
                out.push(',');
            }
            let shown = match cell {
                Data::Empty => over
                    .iter()
                    .find(|m| m.start.1 <= c && c <= m.end.1 && m.start != (r, c))
                    .and_then(|m| range.get_value(m.start)),
                _ => Some(cell),
            };
            csv_cell(&cell_text(shown.unwrap_or(&Data::Empty)), &mut out);
        }
        out.push('\n');
    }
    Ok(out)
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(n) => n.to_string(),
        Data::Bool(b) => (if *b { "是" } else { "否" }).to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (1900 system) as YYYY-MM-DD (Howard Hinnant's civil_from_days).
#[allow(clippy::cast_possible_truncation)]
fn excel_date(serial: f64) -> String {
    if !(1.0..2_958_466.0).contains(&serial) {
        return format!("{serial}");
    }
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
