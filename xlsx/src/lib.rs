//! `.xlsx` in the browser, as a module of its own: a workbook's worksheets become CSV text that
//! the ledger page then checks like any CSV. Kept out of the form package so
//! pages that never read workbooks do not pay for it.

use std::io::{self, Cursor, Read, Write};

use calamine::{Data, DataRef, Dimensions, ExcelDateTime, ExcelDateTimeType, Reader, Xlsx, XlsxError};

pub mod xls;

/// Why a workbook could not be read, in English (`Display`: the command line's `--locale en`)
/// and in Chinese (the ledger page's, and the command line's by default), said once here for
/// both.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    pub en: String,
    pub zh: String,
}

impl ReadError {
    pub(crate) fn new(en: impl Into<String>, zh: impl Into<String>) -> ReadError {
        ReadError { en: en.into(), zh: zh.into() }
    }

    /// The message in Chinese, or with `en` in English.
    pub fn message(&self, en: bool) -> &str {
        if en {
            &self.en
        } else {
            &self.zh
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for ReadError {}

/// What to do with a worksheet too large to read whole, in Chinese.
const SAVE_AS_CSV_ZH: &str =
    "可在 Excel 或 WPS 中另存为 CSV（逗号分隔）后再核查：CSV 分块读取，一次最多可核查1000000行。";

fn no_worksheet() -> ReadError {
    ReadError::new("the workbook has no worksheet", "工作簿中没有工作表。")
}

/// The error of a JavaScript call, in the language `locale` names (`en`; else Chinese).
#[cfg(target_arch = "wasm32")]
fn js_error(e: &ReadError, locale: &str) -> wasm_bindgen::JsError {
    wasm_bindgen::JsError::new(e.message(locale.trim().to_ascii_lowercase().starts_with("en")))
}

fn csv_cell(text: &str, out: &mut String) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// The first worksheet as CSV; an error in the language `locale` names (zh-CN or en).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = xlsxToCsv)]
pub fn xlsx_to_csv(bytes: &[u8], locale: &str) -> Result<String, wasm_bindgen::JsError> {
    first_sheet_csv(bytes).map_err(|e| js_error(&e, locale))
}

/// Every worksheet, each as its name and its CSV text, one after the other (the ledger page's
/// reader: the page then checks the first that has the form's header, as the command line does);
/// an error in the language `locale` names (zh-CN or en).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = xlsxSheets)]
pub fn xlsx_sheets(bytes: &[u8], locale: &str) -> Result<Vec<String>, wasm_bindgen::JsError> {
    all_sheets_csv(bytes).map_err(|e| js_error(&e, locale))
}

/// Every worksheet of a workbook as (name, CSV text), the workbook opened once; refused, saying
/// so, when the texts together pass `MAX_TEXT`.
pub fn all_sheets_csv(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    let mut book = Book::open(bytes)?;
    if book.names().is_empty() {
        return Err(no_worksheet());
    }
    let mut out = Vec::new();
    let mut total: usize = 0;
    for i in 0..book.names().len() {
        let text = book.sheet_csv(i)?;
        total = total.saturating_add(text.len());
        if total > MAX_TEXT {
            return Err(ReadError::new(
                format!("the workbook is too large to read (more than {} MB as text)", MAX_TEXT >> 20),
                format!("工作簿太大（各工作表转为文本合计超过{} MB）。", MAX_TEXT >> 20),
            ));
        }
        out.push(book.names().get(i).cloned().unwrap_or_default());
        out.push(text);
    }
    Ok(out)
}

/// The most cells read from one worksheet: a ledger of 200,000 rows of 25 columns, or 400,000
/// of the facility ledger's 12 (a workbook is read whole, in the command line and in a page
/// alike: such a sheet took the command line 0.37 GB). A larger ledger is read as CSV, a block at
/// a time, up to the 1,000,000 rows a session checks; the message says so.
pub const MAX_CELLS: usize = 5_000_000;

/// The most cells written as CSV for one worksheet, the blank ones between its values and those
/// a merged region fills counted: twice `MAX_CELLS`, so a sheet of that many values with blanks
/// among them is read, while a few bytes of far cells or merged regions over thousands of columns
/// (a fuzzer's finds: 34 million cells from 2.7 KB) are refused before they are written.
pub const MAX_WRITTEN_CELLS: usize = 2 * MAX_CELLS;

/// The most cells a worksheet's merged regions may cover (a ledger's street merged down its
/// communities' rows covers one a row; a title, a header's heading, a handful): beyond it, a few
/// bytes of regions would fill a sheet as large as the largest ledger.
pub const MAX_MERGED_CELLS: usize = 2_000_000;

/// A worksheet's columns, A to XFD (Excel's, and the file format's, limit).
pub const MAX_COLUMNS: u32 = 16_384;

/// The most CSV text written for one worksheet (a 100,000-row ledger is about 10 MB).
pub const MAX_TEXT: usize = 128 << 20;

/// The most bytes one XML part of a workbook (a worksheet, the shared strings) may unpack to: a
/// 100,000-row ledger's worksheet is about 45 MB.
pub const MAX_PART: u64 = 256 << 20;

/// The most bytes all the XML parts of a workbook may unpack to together.
pub const MAX_UNPACKED: u64 = 1 << 30;

/// A limit as people say it, in English and in Chinese: whole megabytes, or bytes below one.
fn size(bytes: u64) -> (String, String) {
    if bytes >= 1 << 20 {
        (format!("{} MB", bytes >> 20), format!("{} MB", bytes >> 20))
    } else {
        (format!("{bytes} bytes"), format!("{bytes} 字节"))
    }
}

/// How much of a shared strings part is kept to find its start tag in.
const SST_HEAD: usize = 64 << 10;

/// Bytes counted and dropped, the first `keep` of them kept.
struct Count {
    bytes: u64,
    keep: usize,
    head: Vec<u8>,
}

impl Write for Count {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes = self.bytes.saturating_add(buf.len() as u64);
        let room = self.keep.saturating_sub(self.head.len());
        self.head.extend_from_slice(buf.get(..room.min(buf.len())).unwrap_or_default());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The `uniqueCount` that a shared strings part's `<sst>` start tag states (as calamine reads it:
/// the first tag whose local name is `sst`), `Ok(None)` when it states none, `Err(())` when no
/// such tag is in `head` (the part's first bytes).
fn stated_unique_count(head: &[u8]) -> Result<Option<u64>, ()> {
    let mut rest = head;
    loop {
        let open = rest.iter().position(|&b| b == b'<').ok_or(())?;
        let after = rest.get(open.saturating_add(1)..).ok_or(())?;
        let close = after.iter().position(|&b| b == b'>').ok_or(())?;
        let tag = after.get(..close).ok_or(())?;
        rest = after.get(close.saturating_add(1)..).ok_or(())?;
        let name_len = tag.iter().position(|b| b.is_ascii_whitespace() || *b == b'/').unwrap_or(tag.len());
        let (name, attrs) = tag.split_at(name_len);
        if name.rsplit(|&b| b == b':').next() != Some(b"sst") {
            continue;
        }
        // `uniqueCount` = quoted digits, after white space.
        let mut at = attrs;
        while let Some(p) = at.windows(11).position(|w| w == b"uniqueCount") {
            let before = p.checked_sub(1).and_then(|i| at.get(i)).copied();
            let value = at.get(p.saturating_add(11)..).unwrap_or_default();
            at = value;
            if !before.is_some_and(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let value = value.trim_ascii_start().strip_prefix(b"=").unwrap_or_default().trim_ascii_start();
            let digits = value.get(1..).unwrap_or_default();
            let digits = digits.get(..digits.iter().take_while(|b| b.is_ascii_digit()).count()).unwrap_or_default();
            let mut n: u64 = 0;
            for &d in digits {
                n = n.saturating_mul(10).saturating_add(u64::from(d.wrapping_sub(b'0')));
            }
            return Ok(if digits.is_empty() { None } else { Some(n) });
        }
        return Ok(None);
    }
}

/// Refuses a workbook whose XML parts unpack to more than `max_part` bytes each or `max_total` in
/// all (`first_sheet_csv` gives `MAX_PART` and `MAX_UNPACKED`), counting what they really unpack
/// to (a part's stated size can lie), or whose shared strings state more strings than their size
/// can hold (calamine reserves room for as many as they state: a 1 KB workbook stating 10^15 of
/// them aborted the command line, and a smaller count would fill wasm's memory). calamine holds
/// the shared strings, and any one text of a worksheet, whole in memory, three times over: a file
/// of 400 KB holding one 400 MB text took the command line 1.2 GB (wasm has at most 4 GB). Parts
/// that cannot be read are left for calamine to report.
pub fn check_unpacked(bytes: &[u8], max_part: u64, max_total: u64) -> Result<(), ReadError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else { continue };
        let name = part.name().to_ascii_lowercase();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let strings = name.ends_with("sharedstrings.xml");
        let mut count = Count { bytes: 0, keep: if strings { SST_HEAD } else { 0 }, head: Vec::new() };
        // An error (a damaged part) ends the count; calamine then reports it, or never reads it.
        let _ = io::copy(&mut part.take(max_part.saturating_add(1)), &mut count);
        if count.bytes > max_part {
            let (en, zh) = size(max_part);
            return Err(ReadError::new(
                format!("the workbook is too large to read (a part of it unpacks to more than {en})"),
                format!("工作簿太大（其中一部分解压后超过{zh}）。"),
            ));
        }
        // Each string takes at least `<si/>`, five bytes.
        match strings.then(|| stated_unique_count(&count.head)) {
            Some(Ok(Some(n))) if n > count.bytes / 5 => {
                return Err(ReadError::new(
                    format!("the workbook is damaged: its shared strings state {n} strings, more than they can hold"),
                    format!("工作簿已损坏：其共享字符串声明有{n}个，超出其内容所能容纳。"),
                ))
            }
            Some(Err(())) if count.bytes > SST_HEAD as u64 => {
                return Err(ReadError::new(
                    "the workbook is damaged: its shared strings do not start as they should",
                    "工作簿已损坏：其共享字符串的开头不合格式。",
                ))
            }
            _ => {}
        }
        total = total.saturating_add(count.bytes);
        if total > max_total {
            let (en, zh) = size(max_total);
            return Err(ReadError::new(
                format!("the workbook is too large to read (its parts unpack to more than {en})"),
                format!("工作簿太大（解压后合计超过{zh}）。"),
            ));
        }
    }
    Ok(())
}

/// The first worksheet of an .xlsx workbook as CSV text, as the sheet shows it:
/// - numbers as the shortest text that reads back the double Excel stored, dates (serial
///   numbers) as YYYY-MM-DD;
/// - a merged cell's value in every cell it covers (a street merged down its communities' rows
///   belongs to each of them);
/// - the rows above the first that holds something as blank lines, so that every row keeps its
///   worksheet row number; each row as far as its last cell that holds something (or that a
///   merged region over it covers), down to the last row that holds something.
///
/// The cells are read as the workbook lists them, not as a rectangle: a stray cell at XFD1048576
/// made a rectangle of 17 billion cells from a file of 2 KB (the command line aborted, the
/// browser's reader trapped). A sheet beyond `MAX_CELLS` or `MAX_TEXT`, or a workbook whose parts
/// unpack to more than `MAX_PART` or `MAX_UNPACKED`, is refused, saying so.
pub fn first_sheet_csv(bytes: &[u8]) -> Result<String, ReadError> {
    let mut book = Book::open(bytes)?;
    if book.names().is_empty() {
        return Err(no_worksheet());
    }
    book.sheet_csv(0)
}

/// A workbook opened once (its parts' sizes checked, its shared strings read), whose worksheets
/// can then be read one by one: a ledger's urban and rural communities on two sheets, or a sheet
/// of instructions before the ledger. An .xlsx (a zip archive) or an Excel 97–2003 .xls (a
/// compound file, `xls`), told apart by their first bytes, whatever the file's name says.
pub struct Book<'a> {
    kind: Kind<'a>,
    names: Vec<String>,
}

enum Kind<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xls(xls::XlsBook),
}

/// Whether bytes are an Excel 97–2003 workbook (or another compound file) rather than an .xlsx.
pub fn is_xls(bytes: &[u8]) -> bool {
    bytes.starts_with(&xls::SIGNATURE)
}

impl<'a> Book<'a> {
    /// Opens a workbook, refusing an .xlsx whose parts unpack to more than `MAX_PART` each or
    /// `MAX_UNPACKED` in all (`check_unpacked`).
    pub fn open(bytes: &'a [u8]) -> Result<Book<'a>, ReadError> {
        if is_xls(bytes) {
            let book = xls::XlsBook::open(bytes)?;
            let names = book.names().to_vec();
            return Ok(Book { kind: Kind::Xls(book), names });
        }
        check_unpacked(bytes, MAX_PART, MAX_UNPACKED)?;
        let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
            ReadError::new(format!("not an .xlsx workbook: {e}"), format!("不是 .xlsx 工作簿（{e}）。"))
        })?;
        let names = wb.sheet_names();
        Ok(Book { kind: Kind::Xlsx(wb), names })
    }

    /// The worksheets' names, in the workbook's order (the tabs' order).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// One worksheet as CSV text (`first_sheet_csv` says how); `index` counts from 0 in `names`.
    pub fn sheet_csv(&mut self, index: usize) -> Result<String, ReadError> {
        let sheet = self.names.get(index).cloned().ok_or_else(|| no_sheet(index))?;
        match &mut self.kind {
            Kind::Xlsx(wb) => sheet_csv(wb, &sheet),
            Kind::Xls(book) => {
                let (cells, merges) = book.cells(index)?;
                cells_csv(cells, merges)
            }
        }
    }
}

/// No worksheet `index` (from 0).
pub(crate) fn no_sheet(index: usize) -> ReadError {
    ReadError::new(
        format!("the workbook has no worksheet {index}"),
        format!("工作簿中没有第{}个工作表。", index.saturating_add(1)),
    )
}

/// A worksheet past `MAX_CELLS`, and what to do instead.
pub(crate) fn too_many_cells() -> ReadError {
    ReadError::new(
        format!(
            "the worksheet is too large to read (more than {MAX_CELLS} cells); save it as CSV, which is read a block at \
             a time"
        ),
        format!("工作表太大（超过{MAX_CELLS}个单元格）。{SAVE_AS_CSV_ZH}"),
    )
}

/// calamine's own error reading a worksheet's XML.
fn unreadable_sheet(e: XlsxError) -> ReadError {
    ReadError::new(e.to_string(), format!("工作表无法读取，文件可能已损坏（{e}）。"))
}

fn sheet_csv(wb: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Result<String, ReadError> {
    let merges = wb.worksheet_merge_cells(sheet).and_then(Result::ok).unwrap_or_default();
    let mut cells: Vec<((u32, u32), Data)> = Vec::new();
    {
        let mut reader = match wb.worksheet_cells_reader(sheet) {
            Ok(r) => r,
            Err(XlsxError::NotAWorksheet(_)) => return Ok(String::new()),
            Err(e) => return Err(unreadable_sheet(e)),
        };
        while let Some(cell) = reader.next_cell().map_err(unreadable_sheet)? {
            if matches!(cell.get_value(), DataRef::Empty) {
                continue;
            }
            if cells.len() >= MAX_CELLS {
                return Err(too_many_cells());
            }
            cells.push((cell.get_position(), Data::from(cell.get_value().clone())));
        }
    }
    cells_csv(cells, merges)
}

/// A worksheet's cells (as its file lists them) and merged regions as CSV text.
fn cells_csv(mut cells: Vec<((u32, u32), Data)>, mut merges: Vec<Dimensions>) -> Result<String, ReadError> {
    merges.sort_by_key(|m| m.start.0);
    // In (row, column) order; of two cells at one place the later one counts, as in calamine's
    // own ranges.
    cells.sort_by_key(|&(at, _)| at);
    let mut kept: Vec<((u32, u32), Data)> = Vec::with_capacity(cells.len());
    for cell in cells {
        match kept.last_mut() {
            Some(last) if last.0 == cell.0 => *last = cell,
            _ => kept.push(cell),
        }
    }
    let cells = kept;
    let Some(top) = cells.first().map(|&((r, _), _)| r) else { return Ok(String::new()) };
    let Some(bottom) = cells.last().map(|&((r, _), _)| r) else { return Ok(String::new()) };
    let Some(left) = cells.iter().map(|&((_, c), _)| c).min() else { return Ok(String::new()) };
    let value_at =
        |at: (u32, u32)| cells.binary_search_by_key(&at, |&(p, _)| p).ok().and_then(|i| cells.get(i)).map(|(_, v)| v);
    let too_long = || {
        ReadError::new(
            format!("the worksheet is too large to read (more than {} MB as text)", MAX_TEXT >> 20),
            format!("工作表太大（转为文本超过{} MB）。{SAVE_AS_CSV_ZH}", MAX_TEXT >> 20),
        )
    };
    // Every row down to the last keeps its line, so a far row (a damaged reference such as
    // D27777777777, which calamine wraps to row 2,007,974,000) is bounded by the text's limit too.
    if usize::try_from(bottom).map_or(true, |lines| lines >= MAX_TEXT) {
        return Err(too_long());
    }
    // The text's least size (a line for every row, a comma between its cells), counted before
    // any is written: a few bytes of merged regions or far cells can ask for gigabytes, which are
    // refused at once rather than after 128 MB were written.
    let mut least = usize::try_from(top).unwrap_or(usize::MAX);
    let (mut written, mut merged) = (0usize, 0usize);
    let mut rows = Rows::new(&merges, &cells);
    let mut budget = Budget(MERGE_STEPS);
    for r in top..=bottom {
        let (own, last) = rows.row(r);
        budget.spend(rows.over.len())?;
        if let Some(last) = last.filter(|&l| l >= left) {
            if last >= MAX_COLUMNS {
                return Err(ReadError::new(
                    format!(
                        "the worksheet has a cell beyond column XFD, the last of a worksheet's {MAX_COLUMNS} columns \
                         (the workbook is damaged)"
                    ),
                    format!("工作表中有单元格超出了 XFD 列（工作表最多{MAX_COLUMNS}列），文件可能已损坏。"),
                ));
            }
            let width = usize::try_from(last.saturating_sub(left)).unwrap_or(usize::MAX);
            least = least.saturating_add(width);
            written = written.saturating_add(width).saturating_add(1);
            if written > MAX_WRITTEN_CELLS {
                return Err(ReadError::new(
                    format!(
                        "the worksheet is too large to read (more than {MAX_WRITTEN_CELLS} cells, the blank ones \
                         between its values counted)"
                    ),
                    format!(
                        "工作表太大（连同数值之间的空白单元格超过{MAX_WRITTEN_CELLS}个单元格，可能有合并单元格或远处的单元格）。"
                    ),
                ));
            }
            // Regions over one another (which Excel never writes) are counted once each.
            for (m, _) in rows.over.iter().filter(|(m, _)| m.start.1 <= m.end.1) {
                let span = m.end.1.min(last).saturating_sub(m.start.1.max(left));
                merged = merged.saturating_add(usize::try_from(span).unwrap_or(usize::MAX)).saturating_add(1);
            }
            if merged > MAX_MERGED_CELLS {
                return Err(ReadError::new(
                    format!("the worksheet's merged cells cover more than {MAX_MERGED_CELLS} cells"),
                    format!("工作表中合并单元格所覆盖的单元格超过{MAX_MERGED_CELLS}个，文件可能已损坏。"),
                ));
            }
            // The first region over the row shows its text in each cell of it that has no
            // value of its own, but its first (regions over one another, which Excel never
            // writes, show the first's; a region whose columns run backwards covers none).
            if let Some((m, text)) = rows.over.iter().find(|(m, _)| m.start.1 <= m.end.1) {
                let span = m.end.1.min(last).saturating_sub(m.start.1.max(left));
                let cells = usize::try_from(span).unwrap_or(usize::MAX).saturating_sub(own.len());
                least = least.saturating_add(cells.saturating_mul(*text));
            }
        }
        least = least.saturating_add(1);
        if least > MAX_TEXT {
            return Err(too_long());
        }
    }
    let mut out = "\n".repeat(usize::try_from(top).unwrap_or(0));
    let mut rows = Rows::new(&merges, &cells);
    let mut budget = Budget(MERGE_STEPS);
    for r in top..=bottom {
        let (row, last) = rows.row(r);
        let over = &rows.over;
        budget.spend(over.len())?;
        // Every row's reach, and the commas it writes, were checked in the count above.
        if let Some(last) = last.filter(|&l| l >= left) {
            let mut row = row.iter().peekable();
            for c in left..=last {
                if c > left {
                    out.push(',');
                }
                let own = row.next_if(|&&((_, col), _)| col == c).map(|(_, v)| v);
                let shown = match own {
                    Some(v) => Some(v),
                    None => {
                        // Overlapping regions (which Excel never writes) could make this
                        // search as long as their number for every cell of every row.
                        budget.spend(over.len())?;
                        over.iter()
                            .find(|(m, _)| m.start.1 <= c && c <= m.end.1 && m.start != (r, c))
                            .and_then(|(m, _)| value_at(m.start))
                    }
                };
                csv_cell(&cell_text(shown.unwrap_or(&Data::Empty)), &mut out);
                // A row of long merged texts stops here, not at its end.
                if out.len() > MAX_TEXT {
                    return Err(too_long());
                }
            }
            if out.len() > MAX_TEXT {
                return Err(too_long());
            }
        }
        if out.len() >= MAX_TEXT {
            return Err(too_long());
        }
        out.push('\n');
    }
    Ok(out)
}

/// What looking through the merged regions may cost in all (a real sheet's few regions over a
/// row cost a few steps a cell).
const MERGE_STEPS: usize = 200_000_000;

struct Budget(usize);

impl Budget {
    fn spend(&mut self, steps: usize) -> Result<(), ReadError> {
        match self.0.checked_sub(steps) {
            Some(left) => {
                self.0 = left;
                Ok(())
            }
            None => Err(ReadError::new(
                "the worksheet has too many merged cells over one another to read",
                "工作表中相互重叠的合并单元格过多。",
            )),
        }
    }
}

/// A sheet's rows one by one, top to bottom: each row's own cells and how far it reaches (its
/// last cell, or the last a merged region over it covers), with the merged regions over it
/// (added as their first row comes, dropped after their last).
struct Rows<'c> {
    merges: &'c [Dimensions],
    next: usize,
    /// Each with the length of the text it shows in the cells it covers.
    over: Vec<(Dimensions, usize)>,
    all: &'c [((u32, u32), Data)],
    rest: &'c [((u32, u32), Data)],
}

impl<'c> Rows<'c> {
    fn new(merges: &'c [Dimensions], cells: &'c [((u32, u32), Data)]) -> Rows<'c> {
        Rows { merges, next: 0, over: Vec::new(), all: cells, rest: cells }
    }

    #[allow(clippy::type_complexity)]
    fn row(&mut self, r: u32) -> (&'c [((u32, u32), Data)], Option<u32>) {
        self.over.retain(|(m, _)| m.end.0 >= r);
        while let Some(m) = self.merges.get(self.next).filter(|m| m.start.0 <= r) {
            if m.end.0 >= r {
                let all = self.all;
                let shown = all.binary_search_by_key(&m.start, |&(p, _)| p).ok().and_then(|i| all.get(i));
                self.over.push((*m, shown.map_or(0, |(_, v)| cell_text(v).len())));
            }
            self.next = self.next.saturating_add(1);
        }
        let here = self.rest.iter().take_while(|&&((row, _), _)| row == r).count();
        let (row, after) = self.rest.split_at(here);
        self.rest = after;
        let last = row.last().map(|&((_, c), _)| c);
        let last = self.over.iter().filter(|(m, _)| m.start.1 <= m.end.1).map(|(m, _)| m.end.1).chain(last).max();
        (row, last)
    }
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(n) => n.to_string(),
        Data::Bool(b) => (if *b { "是" } else { "否" }).to_string(),
        Data::DateTime(d) => {
            // A workbook of the 1904 date system (old Mac Excel) counts its serials from 1904:
            // calamine keeps which, and says so only through the date it gives.
            // (Asked only of serials in Excel's years, where calamine's date arithmetic cannot
            // overflow; any other is shown as the number it is.)
            let serial = d.as_f64();
            let as_1900 = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false);
            let of_1904 = (1.0..2_958_466.0).contains(&serial) && as_1900.to_ymd_hms_milli() != d.to_ymd_hms_milli();
            excel_date(if of_1904 { serial + 1462.0 } else { serial })
        }
        Data::Error(e) => e.to_string(),
    }
}

/// An Excel serial date (1900 system) as YYYY-MM-DD (Howard Hinnant's civil_from_days). The
/// serial is checked to lie in years 1900 to 9999 first, so no step can overflow.
#[allow(clippy::cast_possible_truncation, clippy::arithmetic_side_effects)]
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
