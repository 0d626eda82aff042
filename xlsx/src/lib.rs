//! `.xlsx` in the browser, as a module of its own: the first worksheet of a workbook becomes
//! CSV text that the ledger page then checks like any CSV. Kept out of the form package so
//! pages that never read workbooks do not pay for it.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use wasm_bindgen::prelude::*;

fn csv_cell(text: &str, out: &mut String) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// The first worksheet as CSV. Numbers are written as the shortest text that reads back the
/// double Excel stored; dates (serial numbers) as YYYY-MM-DD.
#[wasm_bindgen(js_name = xlsxToCsv)]
pub fn xlsx_to_csv(bytes: &[u8]) -> Result<String, JsError> {
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| JsError::new(&format!("not an .xlsx workbook: {e}")))?;
    let sheet = wb.sheet_names().first().cloned().ok_or_else(|| JsError::new("the workbook has no worksheet"))?;
    let range = wb.worksheet_range(&sheet).map_err(|e| JsError::new(&e.to_string()))?;
    // A worksheet is read from its first row that holds something; the rows above it are
    // written as blank lines, so that the ledger's rows keep their worksheet row numbers.
    let mut out = "\n".repeat(range.start().map_or(0, |(row, _)| usize::try_from(row).unwrap_or(0)));
    for row in range.rows() {
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let text = match c {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Float(f) => format!("{f}"),
                Data::Int(n) => n.to_string(),
                Data::Bool(b) => (if *b { "是" } else { "否" }).to_string(),
                Data::DateTime(d) => excel_date(d.as_f64()),
                Data::Error(e) => format!("#{e:?}"),
            };
            csv_cell(&text, &mut out);
        }
        out.push('\n');
    }
    Ok(out)
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
