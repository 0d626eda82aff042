//! Reading a form's main table from CSV or tab-separated text (what Excel saves or pastes):
//! quoted fields, doubled quotes, CRLF, a byte-order mark; the header row holds field ids or
//! the Chinese labels.

use std::borrow::Cow;

use crate::json::Value as Json;

use crate::spec::Form;
use crate::value::number::fold_width;

/// Why a CSV text could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum CsvError {
    /// A quoted field never closes; the 1-based line where it opened.
    UnclosedQuote { line: usize },
    /// No header row.
    Empty,
    /// None of the first rows names a column of the form (`HEADER_SEARCH` of them, or as
    /// many as there were).
    NoHeader { rows: u32 },
    /// A record of more than `MAX_FIELDS` fields; the 1-based line where it starts.
    TooManyFields { line: usize },
}

/// The most fields one record may have: Excel's most columns (XFD). A line of 40 million commas
/// (40 MB) took the command line 53 s and 1 GB before; wasm has at most 4 GB.
pub const MAX_FIELDS: usize = 16_384;

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CsvError::UnclosedQuote { line } => {
                write!(f, "a quoted field opened on line {line} never closes")
            }
            CsvError::Empty => write!(f, "the file has no header row"),
            CsvError::TooManyFields { line } => write!(
                f,
                "line {line} has more than {MAX_FIELDS} fields (a spreadsheet has at most {MAX_FIELDS} columns)"
            ),
            CsvError::NoHeader { rows } => write!(
                f,
                "no header row: none of the first {rows} rows names a column of the form (field ids or their labels, \
                 such as 社区名称)"
            ),
        }
    }
}

impl CsvError {
    /// What went wrong, in `locale` (the English is `Display`'s; the ledger page says the same in
    /// Chinese, www/ledger.js `readingError`).
    pub fn message(&self, locale: crate::Locale) -> String {
        if locale.is_en() {
            return self.to_string();
        }
        match *self {
            CsvError::UnclosedQuote { line } => format!("第{line}行有一个引号（\"）没有闭合，其后的内容无法分行"),
            CsvError::Empty => "文件是空的，没有表头行".to_string(),
            CsvError::TooManyFields { line } => {
                format!("第{line}行超过{MAX_FIELDS}列（电子表格最多{MAX_FIELDS}列），无法读取；请检查文件是否为本表")
            }
            CsvError::NoHeader { rows } => format!(
                "找不到表头：前{rows}行中没有一行写有本表的列名（字段名或中文列名，如“社区名称”）；请检查文件是否为本表"
            ),
        }
    }
}

/// Tab when the first line that has either has tabs and no commas (pasted from Excel), else
/// comma. A title above the header (`台账` alone on its line) or a blank line does not decide.
pub fn detect_delimiter(text: &str) -> char {
    let first = text.lines().take(HEADER_SEARCH as usize).find(|l| l.contains(['\t', ','])).unwrap_or("");
    if first.contains('\t') && !first.contains(',') {
        '\t'
    } else {
        ','
    }
}

/// Splits CSV text into records of fields.
pub fn parse(text: &str, delim: char) -> Result<Vec<Vec<String>>, CsvError> {
    let mut records = Vec::new();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    scan(text, delim_byte(delim), true, 1, &mut |r| {
        if !r.is_empty() {
            records.push(r.iter().map(|c| c.to_string()).collect());
        }
    })?;
    if records.is_empty() {
        return Err(CsvError::Empty);
    }
    Ok(records)
}

fn delim_byte(delim: char) -> u8 {
    if delim == '\t' {
        b'\t'
    } else {
        b','
    }
}

/// The scanner under `parse` and `Stream`: calls `each` with every complete record's fields
/// (slices of `text` where no quote had to be undone, so a plain ledger allocates nothing per
/// cell). A blank line is a record of no fields (it is a spreadsheet row all the same). Unless `last`, stops before a record the text does not finish
/// and returns where it starts; `line` is the 1-based line `text` starts on.
fn scan(
    text: &str,
    delim: u8,
    last: bool,
    line: usize,
    each: &mut dyn FnMut(&[Cow<'_, str>]),
) -> Result<Scanned, CsvError> {
    let b = text.as_bytes();
    let len = b.len();
    let mut fields: Vec<Cow<'_, str>> = Vec::new();
    let mut i = 0usize;
    let mut line = line;
    let mut record_start = (0usize, line);
    let slice = |from: usize, to: usize| text.get(from..to).unwrap_or("");
    let field_end = |from: usize| field_end(b, from, delim);
    let incomplete = |start: (usize, usize)| Ok(Scanned { consumed: start.0, line: start.1 });
    loop {
        if i >= len {
            // The input ends after a delimiter (an empty last field) or at a record's start.
            if !fields.is_empty() {
                if !last {
                    return incomplete(record_start);
                }
                fields.push(Cow::Borrowed(""));
                each(&fields);
            }
            return Ok(Scanned { consumed: len, line });
        }
        let field = if b.get(i) == Some(&b'"') {
            let quote_line = line;
            i = i.saturating_add(1);
            let mut seg = i;
            let mut owned: Option<String> = None;
            let closed_at = loop {
                let Some(q) =
                    b.get(i..).and_then(|rest| rest.iter().position(|&c| c == b'"')).map(|p| i.saturating_add(p))
                else {
                    if !last {
                        return incomplete(record_start);
                    }
                    return Err(CsvError::UnclosedQuote { line: quote_line });
                };
                line = line.saturating_add(b.get(i..q).map_or(0, |r| count_breaks(r, false)));
                match b.get(q.saturating_add(1)) {
                    Some(b'"') => {
                        // A doubled quote: one quote in the value.
                        owned.get_or_insert_with(String::new).push_str(slice(seg, q.saturating_add(1)));
                        i = q.saturating_add(2);
                        seg = i;
                    }
                    None if !last => return incomplete(record_start),
                    _ => break q,
                }
            };
            let inner = slice(seg, closed_at);
            i = closed_at.saturating_add(1);
            // Text after the closing quote belongs to the field, as Excel reads it.
            let tail_end = field_end(i);
            let tail = slice(i, tail_end);
            i = tail_end;
            match owned {
                None if tail.is_empty() => Cow::Borrowed(inner),
                None => Cow::Owned([inner, tail].concat()),
                Some(mut o) => {
                    o.push_str(inner);
                    o.push_str(tail);
                    Cow::Owned(o)
                }
            }
        } else {
            let end = field_end(i);
            let f = slice(i, end);
            i = end;
            Cow::Borrowed(f)
        };
        if fields.len() >= MAX_FIELDS {
            return Err(CsvError::TooManyFields { line: record_start.1 });
        }
        fields.push(field);
        match b.get(i) {
            None => {
                if !last {
                    return incomplete(record_start);
                }
                emit(&mut fields, each);
                return Ok(Scanned { consumed: len, line });
            }
            Some(&c) if c == delim => i = i.saturating_add(1),
            Some(b'\r') if b.get(i.saturating_add(1)).is_none() && !last => return incomplete(record_start),
            Some(&c) => {
                i = i.saturating_add(if c == b'\r' && b.get(i.saturating_add(1)) == Some(&b'\n') { 2 } else { 1 });
                line = line.saturating_add(1);
                emit(&mut fields, each);
                record_start = (i, line);
            }
        }
    }
}

/// Where the field starting at `from` ends: the first delimiter, line feed or carriage return
/// at or after `from`, or the end. Eight bytes at a time (most fields are a few bytes; wasm has
/// no vector instructions by default): a byte of `x ^ pattern` is zero where `x` has the
/// pattern's byte, and the lowest such zero is found exactly (a borrow only runs upwards).
fn field_end(b: &[u8], from: usize, delim: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let (d, lf, cr) = (ONES * u64::from(delim), ONES * u64::from(b'\n'), ONES * u64::from(b'\r'));
    let mut i = from;
    while let Some(chunk) = i.checked_add(8).and_then(|end| b.get(i..end)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let hits = zero_bytes(x ^ d) | zero_bytes(x ^ lf) | zero_bytes(x ^ cr);
        if hits != 0 {
            return i.saturating_add((hits.trailing_zeros() / 8) as usize);
        }
        i = i.saturating_add(8);
    }
    b.get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == delim || c == b'\n' || c == b'\r'))
        .map_or(b.len(), |p| i.saturating_add(p))
}

/// What `scan` read: the bytes it used, and the line the rest starts on.
struct Scanned {
    consumed: usize,
    line: usize,
}

fn emit<'a>(fields: &mut Vec<Cow<'a, str>>, each: &mut dyn FnMut(&[Cow<'a, str>])) {
    let blank_line = matches!(fields.as_slice(), [only] if only.is_empty());
    each(if blank_line { &[] } else { fields });
    fields.clear();
}

/// Splits CSV text that arrives in pieces (a large file read a block at a time) into records,
/// keeping an incomplete last record until the rest of it arrives.
#[derive(Debug)]
pub struct Stream {
    pending: String,
    delim: Option<u8>,
    line: usize,
    started: bool,
    /// The length the kept text must reach before it is scanned again: twice what the last scan
    /// left unfinished, so a record (or a first line) spread over many pieces is scanned a
    /// bounded number of times in all, not once more with every piece (a 40 MB line read in
    /// 256 KB blocks was scanned 160 times).
    rescan_at: usize,
}

impl Default for Stream {
    fn default() -> Self {
        Stream { pending: String::new(), delim: None, line: 1, started: false, rescan_at: 0 }
    }
}

impl Stream {
    pub fn new() -> Stream {
        Stream::default()
    }

    /// The 1-based line that the next text pushed starts on.
    fn line_at_end(&self) -> usize {
        self.line.saturating_add(count_breaks(self.pending.as_bytes(), false))
    }

    /// Whether the text kept ends in a carriage return (whose line feed may come next).
    fn ends_in_cr(&self) -> bool {
        self.pending.ends_with('\r')
    }

    /// Adds text and calls `each` with every record now complete (a blank line as a record of
    /// no fields). `last` marks the end of the input.
    pub fn push(&mut self, text: &str, last: bool, each: &mut dyn FnMut(&[Cow<'_, str>])) -> Result<(), CsvError> {
        if !last && self.pending.len().saturating_add(text.len()) < self.rescan_at {
            self.pending.push_str(text);
            return Ok(());
        }
        let whole = if self.pending.is_empty() {
            text
        } else {
            self.pending.push_str(text);
            self.pending.as_str()
        };
        let mut from = whole;
        if !self.started {
            if !last && !delimiter_decided(from) {
                self.pending = from.to_string();
                self.rescan_at = self.pending.len().saturating_mul(2);
                return Ok(());
            }
            from = from.strip_prefix('\u{FEFF}').unwrap_or(from);
            self.delim = Some(delim_byte(detect_delimiter(from)));
            self.started = true;
        }
        let done = scan(from, self.delim.unwrap_or(b','), last, self.line, each)?;
        self.line = done.line;
        let rest = from.get(done.consumed..).unwrap_or("").to_string();
        self.rescan_at = rest.len().saturating_mul(2);
        self.pending = rest;
        Ok(())
    }
}

/// Whether `text` holds the line that decides the delimiter (`detect_delimiter`): a whole line
/// with a tab or a comma among its first lines, or all of those lines.
fn delimiter_decided(text: &str) -> bool {
    let mut lines = 0u32;
    for line in text.split_inclusive('\n') {
        if !line.ends_with('\n') {
            return false;
        }
        lines = lines.saturating_add(1);
        if line.contains(['\t', ',']) || lines >= HEADER_SEARCH {
            return true;
        }
    }
    false
}

/// The names a table's columns can go by (a field's id, its Chinese and English labels, its
/// aliases), each folded by `header_key` once for a whole header rather than once per cell.
struct ColumnNames<'f> {
    /// Each input or computed field of the table: its position among the table's slots, the
    /// field, and its folded names.
    fields: Vec<(usize, &'f crate::spec::NodeDef, Vec<String>)>,
}

impl<'f> ColumnNames<'f> {
    fn new(form: &'f Form, scope: &crate::spec::Scope) -> Self {
        let mut fields = Vec::new();
        for (at, &n) in scope.slots.iter().enumerate() {
            let Some(node) = form.node(n) else { continue };
            if !matches!(node.kind, crate::spec::NodeKind::Input { .. } | crate::spec::NodeKind::Computed { .. }) {
                continue;
            }
            let mut names = vec![header_key(&node.label.zh), header_key(&node.label.en)];
            for a in node.aliases.iter() {
                names.push(header_key(a));
            }
            fields.push((at, node, names));
        }
        ColumnNames { fields }
    }

    /// The field a header cell names, if any (its position among the table's slots), and
    /// whether the cell is one that names no field without being worth a mention (blank, or a
    /// row number's 序号).
    fn find(&self, header: &str) -> (Option<(usize, &'f crate::spec::NodeDef)>, bool) {
        let key = header_key(header);
        if key.is_empty() {
            // A blank header cell names nothing, even a field with a blank name.
            return (None, true);
        }
        let id = header.trim();
        let found = self
            .fields
            .iter()
            .find(|(_, node, names)| node.id == id || names.contains(&key))
            .map(|&(at, node, _)| (at, node));
        (found, matches!(key.as_str(), "序号" | "no." | "#" | ""))
    }
}

/// Whether `text` (CSV or tab-separated) has a header naming a column of `table` where a
/// `Loader` looks for one, among its first `HEADER_SEARCH` records: which of a workbook's
/// worksheets is the ledger. Only the text up to that record is scanned.
pub fn finds_header(text: &str, form: &Form, table: u32) -> bool {
    let mut stream = Stream::new();
    let (mut seen, mut found) = (0u32, false);
    let mut at = 0;
    while !found && seen < HEADER_SEARCH && at < text.len() {
        let want = at.saturating_add(64 * 1024).min(text.len());
        let end = (want..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        let piece = text.get(at..end).unwrap_or("");
        let mut each = |cells: &[Cow<'_, str>]| {
            if found || seen >= HEADER_SEARCH {
                return;
            }
            seen = seen.saturating_add(1);
            let header: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            found = header_slots(form, table, &header).0.iter().any(Option::is_some);
        };
        if stream.push(piece, end == text.len(), &mut each).is_err() {
            return false;
        }
        at = end;
    }
    found
}

/// Maps a header row to field slots of `table` (ids, Chinese labels or aliases); `None` for
/// columns that name no field. Also returns the headers that were not recognised.
pub fn header_slots(form: &Form, table: u32, header: &[String]) -> (Vec<Option<u32>>, Vec<String>) {
    let mut slots = Vec::new();
    let mut ignored = Vec::new();
    let Some(scope) = form.scope(table) else { return (slots, ignored) };
    let names = ColumnNames::new(form, scope);
    for h in header {
        let (found, unremarkable) = names.find(h);
        if found.is_none() && !unremarkable {
            ignored.push(h.clone());
        }
        slots.push(found.and_then(|(at, _)| u32::try_from(at).ok()));
    }
    (slots, ignored)
}

/// Reads CSV text (all of it, or the next piece) into `session`'s `table` (see `Sheet` for
/// which records are rows). Call `Session::finish_bulk` after the last piece.
#[derive(Debug, Default)]
pub struct Loader {
    stream: Stream,
    /// The start of a character that a piece of bytes (`push_bytes`) ended in the middle of.
    carry: Vec<u8>,
    /// Whether the bytes read so far held UTF-8 beyond ASCII: after that, bytes that are not
    /// UTF-8 are damage in a UTF-8 file, not a sign of GBK.
    seen_utf8: bool,
    pub sheet: Sheet,
}

/// How many rows are searched for the header: a ledger often has a title, the reporting unit or
/// a date above it.
pub const HEADER_SEARCH: u32 = 10;

/// A ledger's records as they are read, one spreadsheet row each. The header is the first of the
/// first `HEADER_SEARCH` records that names a column of the form; those above it (a title) are
/// left out. After it, every record is a row of the table except a blank one (nothing in any of
/// the form's columns: the empty rows Excel keeps when they were formatted, a template's rows
/// numbered in advance) and a totals row (合计, 小计, 总计 or 共计 first in it): those are counted
/// but not read. Rows are numbered by their spreadsheet row (`Session::number_row`).
#[derive(Debug, Default)]
pub struct Sheet {
    /// The header's columns (`None` before it is found): each one's field slot, if any.
    slots: Option<Vec<Option<u32>>>,
    /// The header cells that named no field.
    pub ignored: Vec<String>,
    /// The rows read into the table.
    pub rows: usize,
    /// The spreadsheet row of the last record (blank lines included).
    pub records: u32,
    /// The spreadsheet row of the header, how many rows it spans (2 for a heading over several
    /// columns with their names below it) and how many records were above it (a title).
    pub header_row: u32,
    pub header_rows: u32,
    pub above_header: u32,
    /// Blank records after the header, left out.
    pub blank_rows: usize,
    /// The first line (1-based) of a UTF-8 file holding bytes that are not UTF-8, read as
    /// U+FFFD; 0 when there is none.
    pub not_utf8_line: u32,
    /// The spreadsheet rows of the totals rows, left out (the first few).
    pub totals_rows: Vec<u32>,
    /// How many totals rows there were.
    pub totals: usize,
    /// The header's cells until the record after it has been seen (it may be the header's
    /// second row).
    header: Option<Vec<String>>,
    /// Values every row takes for a column the header lacks, decided once the header is whole
    /// (`Sheet::give`, `Sheet::known_as`).
    pub given: Vec<Given>,
    /// Values offered for columns (`give`), and the names the sheet is known by (`known_as`).
    offered: Vec<(u32, String)>,
    names: Vec<String>,
    /// Section headings met (一、城市社区 above the urban rows, 二、农村社区 above the rural):
    /// the first few, and the value each gives the rows below it.
    pub sections: Vec<Section>,
    /// The choice columns the header lacks and no value was given for outright: what a section
    /// heading can give.
    section_slots: Vec<u32>,
    /// The values rows take now: `given`, then what the last section heading gave.
    active: Vec<(u32, String)>,
    /// The first few grand totals rows (合计, 总计, 共计; not 小计, whose rows are a group's):
    /// each one's spreadsheet row and its cells in the form's columns (`check_totals`).
    totals_cells: Vec<(u32, Vec<(u32, String)>)>,
}

/// A row that heads a section of a sheet without a 社区类型 column (一、城市社区): every non-blank
/// cell holds its text, which holds one option of a choice column the header lacks. The rows
/// below it, to the next such heading, take that option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its spreadsheet row, and its text.
    pub row: u32,
    pub text: String,
    /// The column, and the option it gives.
    pub slot: u32,
    pub value: String,
}

/// A value every row of a sheet takes for a column the sheet does not have. The notice asks for
/// urban and rural communities to be filled in separately (北碚民发〔2020〕77号 附件 说明1), so its
/// ledger has no 社区类型 column: a reviewer receives the rural communities on a worksheet (or in
/// a file) named 农村社区. A choice column the header lacks takes the one option whose value the
/// worksheet's or file's name holds; a value can also be given outright (`--set`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    /// The column's slot in the table.
    pub slot: u32,
    pub value: String,
    /// The name the value was read from; `None` for a value given outright.
    pub from: Option<String>,
}

impl Sheet {
    /// Starts the count of spreadsheet rows at `row` (a worksheet whose first rows hold nothing
    /// is read from its first row that does).
    pub fn start_at(&mut self, row: u32) {
        self.records = row.saturating_sub(1);
    }

    /// Gives every row `value` for the column at `slot` if the sheet has no such column (a
    /// column it has is read as it is). Call before reading.
    pub fn give(&mut self, slot: u32, value: &str) {
        self.offered.push((slot, value.to_string()));
    }

    /// A name the sheet is known by (its worksheet's, its file's), tried in the order given for
    /// a choice column the header lacks (see `Given`). Call before reading.
    pub fn known_as(&mut self, name: &str) {
        self.names.push(name.to_string());
    }

    /// Decides `given` once the header is whole.
    fn decide_given(&mut self, form: &Form, table: u32) {
        let Some(slots) = &self.slots else { return };
        let has = |slot: u32| slots.contains(&Some(slot));
        let mut given: Vec<Given> = Vec::new();
        for (slot, value) in &self.offered {
            if !has(*slot) && !given.iter().any(|g| g.slot == *slot) {
                given.push(Given { slot: *slot, value: value.clone(), from: None });
            }
        }
        let mut section_slots = Vec::new();
        for (slot, options) in choice_columns(form, table) {
            if has(slot) || given.iter().any(|g| g.slot == slot) {
                continue;
            }
            section_slots.push(slot);
            // The first name that holds exactly one option's value (城市社区 in 2021年城市社区);
            // a name holding two says nothing.
            if let Some((name, value)) = self.names.iter().find_map(|name| one_option(options, name).map(|v| (name, v)))
            {
                given.push(Given { slot, value: value.to_string(), from: Some(name.clone()) });
            }
        }
        self.active = given.iter().map(|g| (g.slot, g.value.clone())).collect();
        self.section_slots = section_slots;
        self.given = given;
    }

    /// Whether `cells` head a section (`Section`): if so, the rows below take what it gives.
    fn section<'a>(&mut self, form: &Form, table: u32, cells: impl Iterator<Item = &'a str>) -> bool {
        let mut text = "";
        for cell in cells {
            let cell = cell.trim();
            if cell.is_empty() || cell == text {
                continue;
            }
            if !text.is_empty() {
                return false;
            }
            text = cell;
        }
        if text.is_empty() {
            return false;
        }
        let mut found = false;
        for (slot, options) in choice_columns(form, table) {
            if !self.section_slots.contains(&slot) {
                continue;
            }
            let Some(value) = one_option(options, text) else { continue };
            found = true;
            match self.active.iter_mut().find(|(s, _)| *s == slot) {
                Some((_, v)) => *v = value.to_string(),
                None => self.active.push((slot, value.to_string())),
            }
            if self.sections.len() < 20 {
                self.sections.push(Section {
                    row: self.records,
                    text: text.to_string(),
                    slot,
                    value: value.to_string(),
                });
            }
        }
        found
    }

    /// Checks each grand totals row (合计) against the rows, once the session is finished:
    /// every column that adds up (households, areas, money, counts; not a ratio such as 每百户,
    /// nor a year) whose total is typed as a number must equal the sum of the rows, exactly. A
    /// column with a row in error is not summed. Reviewers check a ledger's totals (DOMAIN.md);
    /// a street's 合计 that does not add up is an error of the ledger, on the table.
    pub fn check_totals(&self, form: &Form, table: u32, session: &mut crate::Session) {
        use crate::value::{Kind, Val};
        let rows = u32::try_from(session.rows(table)).unwrap_or(u32::MAX);
        for (record, typed) in &self.totals_cells {
            for (slot, text) in typed {
                let Some(node) = form.slot_node(table, *slot) else { continue };
                let (crate::spec::NodeKind::Input { ft, unit_label }
                | crate::spec::NodeKind::Computed { ft, unit_label, .. }) = &node.kind
                else {
                    continue;
                };
                if !matches!(ft.kind, Kind::Count | Kind::Households | Kind::AreaM2 | Kind::MoneyWan | Kind::MoneyYuan)
                {
                    continue;
                }
                // The number as a cell of the column would read it (5,800, 5800户, ５８００); a
                // spreadsheet's error value where the total's formula failed (#REF!) is said too.
                let total = match ft.number.as_ref().map(|rule| crate::value::number::parse_number(text, rule)) {
                    Some(Ok(total)) => Some(total),
                    _ if crate::value::is_sheet_error(text.trim()) => None,
                    _ => continue,
                };
                let mut sum = Some(rust_decimal::Decimal::ZERO);
                for row in 0..rows {
                    sum = match session.value(crate::engine::At { scope: table, row, slot: *slot }) {
                        Some(Val::Num(d)) => sum.and_then(|s| s.checked_add(*d)),
                        // Blank stands for 0 where the field says so (a room the centre houses).
                        Some(Val::Blank) if node.default.is_some() => sum,
                        _ => None,
                    };
                }
                // A total that reads is wrong only when the rows all read and add up to another;
                // a failed one (no total) is wrong whatever the rows are.
                if let Some(total) = total {
                    if sum.is_none_or(|s| s == total) {
                        continue;
                    }
                }
                let shown = sum.and_then(|s| crate::format::display(&Val::Num(s), Some(ft), session.locale()));
                let (zh, en) = crate::messages::totals_row(
                    *record,
                    &node.label,
                    text,
                    shown.as_deref(),
                    unit_label,
                    total.is_none(),
                );
                session.table_error(table, Some(*record), "totals_row_sum", &en, &zh);
            }
        }
    }

    /// The columns every row must fill (a field required without a condition) that the sheet
    /// lacks and nothing gave: no `give`, no name, no section heading. Every row then reports the
    /// field missing; the page and the command line say which column to give (`give`). Empty
    /// before the header is found.
    pub fn missing(&self, form: &Form, table: u32) -> Vec<u32> {
        let (Some(slots), Some(scope)) = (&self.slots, form.scope(table)) else { return Vec::new() };
        let required = |rules: &[u32]| {
            rules.iter().any(|&r| match form.node(r).map(|n| &n.kind) {
                Some(crate::spec::NodeKind::Rule(rule)) => {
                    matches!(rule.message, crate::spec::RuleMessage::Required)
                        && matches!(rule.check, crate::spec::RuleCheck::Assert { when: None, .. })
                }
                _ => false,
            })
        };
        let mut missing = Vec::new();
        for (at, (&node, rules)) in scope.slots.iter().zip(&scope.attached).enumerate() {
            let Ok(slot) = u32::try_from(at) else { break };
            let input = matches!(form.node(node).map(|n| &n.kind), Some(crate::spec::NodeKind::Input { .. }));
            let supplied = slots.contains(&Some(slot))
                || self.given.iter().any(|g| g.slot == slot)
                || self.sections.iter().any(|s| s.slot == slot);
            if input && !supplied && required(rules) {
                missing.push(slot);
            }
        }
        missing
    }

    /// Whether the header has been found.
    pub fn has_header(&self) -> bool {
        self.slots.is_some()
    }

    /// The error for a text that ended, or went on past the search, without a header.
    pub fn no_header(&self) -> CsvError {
        if self.records == 0 {
            CsvError::Empty
        } else {
            CsvError::NoHeader { rows: self.records.min(HEADER_SEARCH) }
        }
    }

    /// Takes one record (its cells in column order): the header, a row pushed into `session`,
    /// or a record left out (above).
    pub fn record<'a, I>(&mut self, form: &Form, table: u32, session: &mut crate::Session, cells: I)
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        self.records = self.records.saturating_add(1);
        if self.slots.is_none() {
            if self.records > HEADER_SEARCH {
                return;
            }
            let header: Vec<String> = cells.map(str::to_string).collect();
            let (slots, ignored) = header_slots(form, table, &header);
            if slots.iter().any(Option::is_some) {
                self.slots = Some(slots);
                self.ignored = ignored;
                self.header_row = self.records;
                self.header_rows = 1;
                self.header = Some(header);
            } else {
                self.above_header = self.above_header.saturating_add(1);
            }
            return;
        }
        if let Some(header) = self.header.take() {
            let second = self.second_header_row(form, table, &header, cells.clone());
            self.decide_given(form, table);
            if second {
                self.header_rows = 2;
                return;
            }
        }
        if !self.section_slots.is_empty() && self.section(form, table, cells.clone()) {
            return;
        }
        let Some(slots) = &self.slots else { return };
        // The first cell with something in it says whether this is a totals row; the first in
        // one of the form's columns, that it is not blank (most rows: the first or second cell).
        let mut first = true;
        let mut blank = true;
        for (slot, cell) in slots.iter().zip(cells.clone()) {
            let text = cell.trim();
            if text.is_empty() {
                continue;
            }
            if first && is_totals(text) {
                self.totals = self.totals.saturating_add(1);
                if self.totals_rows.len() < 20 {
                    self.totals_rows.push(self.records);
                }
                if !text.starts_with('小') && self.totals_cells.len() < 20 {
                    let typed = slots.iter().zip(cells).filter_map(|(slot, cell)| {
                        slot.filter(|_| !cell.trim().is_empty()).map(|x| (x, cell.trim().to_string()))
                    });
                    self.totals_cells.push((self.records, typed.collect()));
                }
                return;
            }
            first = false;
            if slot.is_some() {
                blank = false;
                break;
            }
        }
        if blank {
            self.blank_rows = self.blank_rows.saturating_add(1);
            return;
        }
        let row = u32::try_from(self.rows).unwrap_or(u32::MAX);
        let read = slots.iter().zip(cells).filter_map(|(slot, cell)| slot.map(|x| (x, cell)));
        if session.push_row(table, read.chain(self.active.iter().map(|(slot, value)| (*slot, value.as_str())))) {
            session.number_row(table, row, self.records);
        }
        self.rows = self.rows.saturating_add(1);
    }

    /// A header of two rows (a heading over several columns, 综合服务设施总建筑面积（m²）, and under
    /// it 便民服务中心, 警务室 … 合计, as the ledger itself is drawn): the record after the header is
    /// its second row when it names fields, and each of its other cells is blank or repeats the
    /// heading above it (a heading merged down both rows). A column's own name wins over the
    /// heading merged across it, even one that names a field (the heading above is the total's
    /// label, 综合服务设施总建筑面积 for `total_area`); under such a heading, a 合计 or 小计 column
    /// is the heading's field, and the heading names no other column.
    fn second_header_row<'a>(
        &mut self,
        form: &Form,
        table: u32,
        header: &[String],
        cells: impl Iterator<Item = &'a str>,
    ) -> bool {
        let cells: Vec<String> = cells.map(str::to_string).collect();
        let (named, _) = header_slots(form, table, &cells);
        let Some(slots) = &mut self.slots else { return false };
        let spans = heading_spans(header);
        let span_of = |i: usize| spans.iter().copied().find(|&(from, to)| from <= i && i < to);
        let mut adds = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let text = cell.trim();
            let own = slots.get(i).copied().flatten();
            let span = span_of(i);
            // The field the heading merged across this column names, if any.
            let heading_field = span.and_then(|(from, _)| slots.get(from).copied().flatten());
            match named.get(i).copied().flatten() {
                _ if text.is_empty() => {}
                _ if header.get(i).is_some_and(|h| h.trim() == text) => {}
                Some(field) if own.is_none() || span.is_some() => adds.push((i, field)),
                None if is_totals(text) && heading_field.is_some() => adds.extend(heading_field.map(|f| (i, f))),
                _ => return false,
            }
        }
        if adds.is_empty() {
            return false;
        }
        // A heading merged across columns that the second row names names at most one of them
        // itself (the .xlsx reader repeats it in every cell it covers): the first left blank
        // below it (建筑面积 over a blank and 其中：公共服务大厅), unless a 合计 below it is its field.
        for &(from, to) in &spans {
            if !adds.iter().any(|&(i, _)| from <= i && i < to) {
                continue;
            }
            let heading = slots.get(from).copied().flatten();
            let taken = adds.iter().any(|&(i, f)| from <= i && i < to && Some(f) == heading);
            let own = (from..to).find(|&i| cells.get(i).is_none_or(|c| c.trim().is_empty())).filter(|_| !taken);
            for (i, slot) in slots.iter_mut().enumerate().take(to).skip(from) {
                *slot = if Some(i) == own { heading } else { None };
            }
        }
        for (i, field) in adds {
            if slots.len() <= i {
                slots.resize(i.saturating_add(1), None);
            }
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(field);
            }
            // The heading over these columns named no field; the columns under it now do.
            if let Some(h) = header.get(i) {
                if let Some(at) = self.ignored.iter().position(|x| x == h) {
                    self.ignored.remove(at);
                }
            }
        }
        true
    }
}

/// The choice columns of `table` one types in, with their options.
fn choice_columns<'f>(form: &'f Form, table: u32) -> impl Iterator<Item = (u32, &'f [crate::value::Opt])> + 'f {
    let slots = form.scope(table).map(|s| s.slots.as_slice()).unwrap_or_default();
    slots.iter().enumerate().filter_map(move |(at, &n)| match form.node(n).map(|node| &node.kind) {
        Some(crate::spec::NodeKind::Input { ft, .. }) if ft.kind == crate::value::Kind::Choice => {
            Some((u32::try_from(at).ok()?, ft.options.as_slice()))
        }
        _ => None,
    })
}

/// The value of the one option whose value `text` holds (城市社区 in 一、城市社区); none when it
/// holds none or two.
fn one_option<'o>(options: &'o [crate::value::Opt], text: &str) -> Option<&'o str> {
    let mut held = options.iter().filter(|o| crate::value::find_text(text, &o.value).is_some());
    match (held.next(), held.next()) {
        (Some(option), None) => Some(&option.value),
        _ => None,
    }
}

/// The headings of a header row merged across columns: `(first, end)` for each run of two or
/// more columns that starts with a heading and goes on with cells that are blank (a merged cell
/// saved as CSV) or repeat it (as the .xlsx reader writes a merged cell), up to the next other
/// heading (or the header's end).
fn heading_spans(header: &[String]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0usize;
    while let Some(cell) = header.get(i) {
        let text = cell.trim();
        let mut end = i.saturating_add(1);
        if !text.is_empty() {
            while header.get(end).is_some_and(|c| c.trim().is_empty() || c.trim() == text) {
                end = end.saturating_add(1);
            }
            if end.saturating_sub(i) >= 2 {
                spans.push((i, end));
            }
        }
        i = end;
    }
    spans
}

/// A totals row's first cell: 合计, 小计, 总计 or 共计, spaced out or not (合　计), perhaps with a colon.
fn is_totals(text: &str) -> bool {
    if !matches!(text.chars().next(), Some('合' | '小' | '总' | '共')) {
        return false;
    }
    let mut word = ['\0'; 2];
    let mut n = 0usize;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        match word.get_mut(n) {
            Some(w) => *w = c,
            None if matches!(c, ':' | '：') => continue,
            None => return false,
        }
        n = n.saturating_add(1);
    }
    matches!(word, ['合' | '小' | '总' | '共', '计'])
}

impl Loader {
    pub fn push(
        &mut self,
        text: &str,
        last: bool,
        form: &Form,
        table: u32,
        session: &mut crate::Session,
    ) -> Result<(), CsvError> {
        if last && !self.sheet.has_header() {
            // The whole text at once: its lines bound the rows (quoted line breaks make it an
            // overestimate), so the table is sized once instead of doubling as it fills.
            session.reserve_rows(table, count_newlines(text.as_bytes()));
        }
        let Loader { stream, sheet, .. } = self;
        stream.push(text, last, &mut |record| {
            sheet.record(form, table, session, record.iter().map(|c| c.as_ref()));
        })?;
        if !self.sheet.has_header() && (last || self.sheet.records > HEADER_SEARCH) {
            return Err(self.sheet.no_header());
        }
        Ok(())
    }

    /// The next piece of a file's bytes, read if they are UTF-8 (a character split between
    /// pieces waits for its other bytes). The first bytes beyond ASCII decide the encoding: when
    /// they are not UTF-8 (a file Excel saved as GBK), returns `Ok(false)`, having read nothing
    /// of this piece and keeping what it carried (`take_carry`): everything read so far was
    /// ASCII, which GBK reads alike, so the caller decodes the rest as GB18030 and reads it as
    /// text (the command line), or reads the whole file afresh so (a page's worker). Bytes that
    /// are not UTF-8 after UTF-8 beyond ASCII are damage: read as U+FFFD, and the first line
    /// holding them noted (`Sheet::not_utf8_line`). Both routes read a file alike. A page's
    /// worker reads a file this way without decoding it into a string first.
    pub fn push_bytes(
        &mut self,
        bytes: &[u8],
        last: bool,
        form: &Form,
        table: u32,
        session: &mut crate::Session,
    ) -> Result<bool, CsvError> {
        let mut rest = bytes;
        // The split character, completed from this piece's first bytes.
        let mut head = std::mem::take(&mut self.carry);
        let carried = head.len();
        if let Some(&lead) = head.first() {
            let want: usize = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            // Only the bytes that can continue it: a byte that cannot ends it (damage), and is
            // read afresh, as when the file is read whole.
            let need = want.saturating_sub(head.len());
            let take = rest.iter().take(need).take_while(|&&b| b & 0xC0 == 0x80).count();
            let (taken, after) = rest.split_at(take);
            head.extend_from_slice(taken);
            rest = after;
            if head.len() < want && rest.is_empty() && !last {
                self.carry = head;
                return Ok(true);
            }
        }
        let head_valid = std::str::from_utf8(&head).is_ok();
        // How far `rest` is UTF-8, and whether what follows is damage rather than a character
        // the next piece completes.
        let (valid, broken) = match std::str::from_utf8(rest) {
            Ok(_) => (rest.len(), false),
            Err(e) => (e.valid_up_to(), last || e.error_len().is_some()),
        };
        let (before, after) = rest.split_at(valid);
        let (head_text, rest_text, tail): (Cow<'_, str>, Cow<'_, str>, &[u8]) = if head_valid && !broken {
            let head_text = std::str::from_utf8(&head).unwrap_or("");
            (Cow::Borrowed(head_text), Cow::Borrowed(std::str::from_utf8(before).unwrap_or("")), after)
        } else {
            // The first bytes beyond ASCII decide: the carried character's if there was one.
            let utf8_first = self.seen_utf8 || (head_valid && (!head.is_empty() || !before.is_ascii()));
            if !utf8_first {
                head.truncate(carried);
                self.carry = head;
                return Ok(false);
            }
            // Damage in a UTF-8 file: its first line noted, the bytes read as U+FFFD.
            if self.sheet.not_utf8_line == 0 {
                let ahead = if head_valid { before } else { &[] };
                let line = self
                    .stream
                    .line_at_end()
                    .saturating_add(count_breaks(ahead, head.is_empty() && self.stream.ends_in_cr()));
                self.sheet.not_utf8_line = u32::try_from(line).unwrap_or(u32::MAX).max(1);
            }
            let (body, tail) = if last { (rest, &[][..]) } else { split_incomplete(rest) };
            (String::from_utf8_lossy(&head), String::from_utf8_lossy(body), tail)
        };
        if !self.seen_utf8 && (!head_text.is_empty() || !rest_text.is_ascii()) {
            self.seen_utf8 = true;
        }
        if !head_text.is_empty() {
            self.push(&head_text, false, form, table, session)?;
        }
        // The carry's own buffer, holding the next split character, for the next piece.
        drop(head_text);
        head.clear();
        head.extend_from_slice(tail);
        self.push(&rest_text, last, form, table, session)?;
        self.carry = head;
        Ok(true)
    }

    /// What a piece of bytes ended in the middle of (`push_bytes` returned `Ok(false)`): to be
    /// decoded with the rest.
    pub fn take_carry(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.carry)
    }

    /// Rows that are already split (a spreadsheet read by a script, rows of a JS array): records
    /// separated by U+001E, cells by U+001F, nothing quoted; the header is found as in a text
    /// (`Sheet`), and an empty record is a blank row.
    pub fn push_records(
        &mut self,
        text: &str,
        form: &Form,
        table: u32,
        session: &mut crate::Session,
    ) -> Result<(), CsvError> {
        // Each record's cells found once, by one pass over the bytes (both separators are ASCII,
        // so every cut falls between characters), and lent as a slice: `record` walks a row's
        // cells more than once, and a `split` iterator cloned searched them again each time
        // (reading 100,000 rows took a quarter longer than from CSV).
        let mut cells: Vec<&str> = Vec::with_capacity(32);
        let mut start = 0usize;
        record_separators(text.as_bytes(), |at, b| {
            cells.push(text.get(start..at).unwrap_or(""));
            start = at.saturating_add(1);
            if b == 0x1E {
                self.sheet.record(form, table, session, cells.iter().copied());
                cells.clear();
            }
        });
        cells.push(text.get(start..).unwrap_or(""));
        self.sheet.record(form, table, session, cells.iter().copied());
        if self.sheet.has_header() {
            Ok(())
        } else {
            Err(self.sheet.no_header())
        }
    }
}

/// Line breaks in `b` as the scanner counts them, in quoted fields too: a line feed, a carriage
/// return, or the two together (`after_cr`: the byte before `b` was a carriage return). Each
/// line's number is then the same however the text was cut into pieces.
fn count_breaks(b: &[u8], after_cr: bool) -> usize {
    let mut n = 0usize;
    let mut cr = after_cr;
    for &c in b {
        if c == b'\r' || (c == b'\n' && !cr) {
            n = n.saturating_add(1);
        }
        cr = c == b'\r';
    }
    n
}

/// `b` split before a character its end cuts short (the start of a UTF-8 sequence missing its
/// last bytes), which the next piece may complete.
fn split_incomplete(b: &[u8]) -> (&[u8], &[u8]) {
    let len = b.len();
    for back in 1..=3usize.min(len) {
        let at = len.saturating_sub(back);
        let Some(&lead) = b.get(at) else { break };
        if lead & 0xC0 == 0x80 {
            continue;
        }
        let want = match lead {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        return if want > back { b.split_at(at) } else { (b, &[]) };
    }
    (b, &[])
}

/// The bytes of `word` (eight bytes, little-endian) that equal `value` once masked by `mask`:
/// the high bit of each such byte of the result is set, and no other bit. The low seven bits of
/// each byte are added apart, so no carry crosses bytes (wasm has no vector instructions by
/// default, and a 10 MB ledger is ten million bytes).
fn matching_bytes(word: [u8; 8], mask: u8, value: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // A byte of `x` is zero exactly where the masked byte equals `value`.
    let x = (u64::from_le_bytes(word) & (ONES * u64::from(mask))) ^ (ONES * u64::from(value));
    !(((x & LOW7).wrapping_add(LOW7)) | x) & !LOW7
}

/// `b` as words of eight bytes, and the bytes after the last whole word.
fn words(b: &[u8]) -> (impl Iterator<Item = [u8; 8]> + '_, &[u8]) {
    let chunks = b.chunks_exact(8);
    let rest = chunks.remainder();
    let words = chunks.map(|c| {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        word
    });
    (words, rest)
}

/// Calls `f` with the position and byte of each U+001E and U+001F in `b`, in order, looking at
/// eight bytes at a time (most words of a ledger hold neither).
fn record_separators(b: &[u8], mut f: impl FnMut(usize, u8)) {
    let (whole, rest) = words(b);
    let mut base = 0usize;
    for word in whole {
        // 0x1E and 0x1F differ in the low bit alone.
        let mut hit = matching_bytes(word, 0xFE, 0x1E);
        while hit != 0 {
            let at = (hit.trailing_zeros() / 8) as usize;
            if let Some(&byte) = word.get(at) {
                f(base.saturating_add(at), byte);
            }
            hit &= hit.wrapping_sub(1);
        }
        base = base.saturating_add(8);
    }
    for (at, &byte) in rest.iter().enumerate() {
        if byte == 0x1E || byte == 0x1F {
            f(base.saturating_add(at), byte);
        }
    }
}

/// Line feeds in `b`, eight bytes at a time.
fn count_newlines(b: &[u8]) -> usize {
    let (whole, rest) = words(b);
    let n = whole.fold(0usize, |n, word| n.saturating_add(matching_bytes(word, 0xFF, b'\n').count_ones() as usize));
    n.saturating_add(rest.iter().filter(|&&c| c == b'\n').count())
}

/// A header or label, compared without width, spaces or a bracketed unit: `辖区户籍人口总户数（户）`
/// matches the label `辖区户籍人口总户数`.
fn header_key(s: &str) -> String {
    let folded = crate::value::without_spaces(&fold_width(s));
    let mut key = folded.as_str();
    // Drop one trailing "(unit)".
    if key.ends_with(')') {
        if let Some(open) = key.rfind('(') {
            let inner = key.get(open..).unwrap_or("");
            if crate::value::char_count(inner) <= 8 {
                key = key.get(..open).unwrap_or(key);
            }
        }
    }
    key.to_ascii_lowercase()
}

/// Turns CSV records (header first) into a values object filling `table`. Columns of computed
/// fields (a ledger's own totals) are kept: they are checked against the computation. Returns
/// the object and the header cells that named no field (ignored).
pub fn records_to_values(form: &Form, table: u32, records: &[Vec<String>]) -> (Json, Vec<String>) {
    let Some(scope) = form.scope(table) else {
        return (Json::Object(Vec::new()), Vec::new());
    };
    let Some((header, rows)) = records.split_first() else {
        return (Json::Object(Vec::new()), Vec::new());
    };
    let names = ColumnNames::new(form, scope);
    let mut columns: Vec<Option<String>> = Vec::new();
    let mut ignored = Vec::new();
    for h in header {
        let (found, unremarkable) = names.find(h);
        if found.is_none() && !unremarkable {
            ignored.push(h.clone());
        }
        columns.push(found.map(|(_, n)| n.id.clone()));
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut obj = Vec::new();
        for (cell, col) in r.iter().zip(columns.iter()) {
            if let Some(id) = col {
                obj.push((id.clone(), Json::String(cell.clone())));
            }
        }
        out.push(Json::Object(obj));
    }
    (Json::Object(vec![(scope.id.clone(), Json::Array(out))]), ignored)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use std::rc::Rc;

    /// A field's end found eight bytes at a time is the first delimiter, line feed or carriage
    /// return, wherever it falls in a word, whatever the bytes around it (high bytes of UTF-8
    /// text, the bytes one above or below the ones sought).
    #[test]
    fn a_field_ends_where_the_byte_by_byte_search_says() {
        let pool = [b',', b'\t', b'\n', b'\r', b'a', b'0', 0x80, 0xE7, 0xFF, 0x2D, 0x2B, 0x0B, 0x0C, 0x09, 0x01, 0x00];
        let mut rng = crate::testing::Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..50_000 {
            let len = rng.below(24);
            let bytes: Vec<u8> = (0..len).map(|_| rng.pick(&pool)).collect();
            for delim in [b',', b'\t'] {
                for from in 0..=len {
                    let want = bytes[from..]
                        .iter()
                        .position(|&c| c == delim || c == b'\n' || c == b'\r')
                        .map_or(len, |p| from + p);
                    assert_eq!(field_end(&bytes, from, delim), want, "{bytes:?} from {from}");
                }
            }
        }
    }

    #[test]
    fn line_feeds_are_counted_in_any_position() {
        for len in 0..40 {
            for at in 0..len {
                let mut b = vec![b'a'; len];
                b[at] = b'\n';
                if at + 3 < len {
                    b[at + 3] = 0x8A; // a byte that differs from '\n' only in its high bit
                    b[at + 1] = b'\n';
                }
                let want = b.iter().filter(|&&c| c == b'\n').count();
                assert_eq!(count_newlines(&b), want, "{b:?}");
            }
        }
        assert_eq!(count_newlines("甲\n乙\r\n丙\n\n".as_bytes()), 4);
    }

    #[test]
    fn quoting() {
        let r = parse("a,b\r\n\"1,234.5\",\"say \"\"hi\"\"\"\r\n", ',').unwrap();
        assert_eq!(r, vec![vec!["a", "b"], vec!["1,234.5", "say \"hi\""]]);
        assert_eq!(parse("a\tb\n1\t2", '\t').unwrap(), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(parse("a\n\"open", ','), Err(CsvError::UnclosedQuote { line: 2 }));
        assert_eq!(header_key("辖区户籍人口总户数（户）"), header_key("辖区户籍人口总户数"));
    }

    /// The first bytes beyond ASCII decide: not UTF-8 there, and the caller reads the rest as
    /// GB18030 (nothing of the piece read, its carried bytes given back); UTF-8 there, and later
    /// bytes that are not are damage, read as U+FFFD and their line noted.
    #[test]
    fn the_first_bytes_beyond_ascii_decide_whether_a_file_is_utf8() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let push_all = |pieces: &[&[u8]]| {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            let mut read = Vec::new();
            for (i, piece) in pieces.iter().enumerate() {
                read.push(loader.push_bytes(piece, i + 1 == pieces.len(), &form, table, &mut s).unwrap());
                if read.last() == Some(&false) {
                    break;
                }
            }
            (read, loader)
        };
        let ascii = "community,households\nC1,100\n".as_bytes();
        // GBK after ASCII, cut inside a GBK character whose first byte could start UTF-8 (0xC8).
        let (gbk, _, _) = encoding_rs::GB18030.encode("热水社区,100\n");
        let gbk = gbk.into_owned();
        assert_eq!(gbk.first(), Some(&0xC8));
        let (read, mut loader) = push_all(&[ascii, &gbk[..1], &gbk[1..]]);
        assert_eq!(read, vec![true, true, false]);
        assert_eq!(loader.take_carry(), vec![0xC8], "the carried byte is given back");
        assert_eq!(loader.sheet.rows, 1, "C1 read; nothing of the GBK piece");
        // UTF-8 beyond ASCII first, in the same piece as the damage: damage.
        let damaged = [ascii, "朝阳社区,100\n".as_bytes(), b"\xffC3,100\n"].concat();
        let (read, loader) = push_all(&[&damaged]);
        assert_eq!(read, vec![true]);
        assert_eq!(loader.sheet.not_utf8_line, 4);
        assert_eq!(loader.sheet.rows, 3);
        // The same in pieces: the damage found in a later piece, a character split between two.
        let split = "朝阳社区".as_bytes();
        let (read, loader) = push_all(&[ascii, &split[..4], &split[4..], b",100\n\n\xff\xfe,1\n"]);
        assert_eq!(read, vec![true, true, true, true]);
        assert_eq!((loader.sheet.not_utf8_line, loader.sheet.rows), (5, 3));
        // A damaged carried character after UTF-8: damage too, not GBK.
        let (read, loader) = push_all(&[ascii, split, &[0xE6], b"x,1\n"]);
        assert_eq!(read, vec![true, true, true, true]);
        assert_eq!(loader.sheet.not_utf8_line, 3);
        // Damage reads the same wherever the pieces are cut (a fuzz find: a character cut after
        // a damaged byte took the next character's first byte with it, and 娤 became two U+FFFD).
        // (In the households column, whose message quotes what was read.)
        let damaged = [
            ascii,
            "C0,1\rC2,活".as_bytes(),
            b"\x8a\xae\xe5",
            "娤\r\r\nC3,".as_bytes(),
            b"\xe0\x80",
            "化\r\n".as_bytes(),
        ]
        .concat();
        let read_in = |pieces: &[&[u8]]| {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            for (i, piece) in pieces.iter().enumerate() {
                assert!(loader.push_bytes(piece, i + 1 == pieces.len(), &form, table, &mut s).unwrap());
            }
            s.finish_bulk();
            (loader.sheet.not_utf8_line, crate::engine::json::result_json(&s, false))
        };
        let whole = read_in(&[&damaged]);
        // Its line as the scanner counts lines (a carriage return alone ends one too; the fuzzer
        // found pieces counting them differently from the whole).
        assert_eq!(whole.0, 4);
        assert!(
            whole.1.contains("活\u{FFFD}\u{FFFD}\u{FFFD}娤") && whole.1.contains("\u{FFFD}\u{FFFD}化"),
            "{}",
            whole.1
        );
        for cut in 1..damaged.len() {
            let (a, b) = damaged.split_at(cut);
            assert_eq!(read_in(&[a, b]), whole, "cut at {cut}");
        }
    }

    #[test]
    fn a_record_of_more_fields_than_a_spreadsheet_has_columns_is_refused() {
        let widest = ",".repeat(MAX_FIELDS - 1);
        let r = parse(&format!("a,b\n{widest}\n"), ',').unwrap();
        assert_eq!(r.get(1).map(Vec::len), Some(MAX_FIELDS));
        let text = format!("a,b\n1,2\n{widest},\n");
        assert_eq!(parse(&text, ','), Err(CsvError::TooManyFields { line: 3 }));
        let mut stream = Stream::new();
        let mut read = Ok(());
        for piece in text.as_bytes().chunks(1000) {
            read = read.and_then(|()| stream.push(std::str::from_utf8(piece).unwrap(), false, &mut |_| {}));
        }
        assert_eq!(read.and_then(|()| stream.push("", true, &mut |_| {})), Err(CsvError::TooManyFields { line: 3 }));
        assert_eq!(
            CsvError::TooManyFields { line: 3 }.to_string(),
            "line 3 has more than 16384 fields (a spreadsheet has at most 16384 columns)"
        );
    }

    /// A record spread over many pieces is scanned again only once the text kept for it has
    /// doubled: the same records, whatever the pieces, and a bounded number of scans.
    #[test]
    fn a_long_record_in_many_small_pieces_is_read_whole_and_in_order() {
        let long = "x".repeat(100_000);
        let text = format!("title\na,b\n1,\"{long}\"\n\"{long}\"\n2,3\n");
        let whole = parse(&text, ',').unwrap();
        let mut stream = Stream::new();
        let mut got: Vec<Vec<String>> = Vec::new();
        let mut each = |r: &[Cow<'_, str>]| {
            if !r.is_empty() {
                got.push(r.iter().map(|c| c.to_string()).collect());
            }
        };
        for piece in text.as_bytes().chunks(97) {
            stream.push(std::str::from_utf8(piece).unwrap(), false, &mut each).unwrap();
        }
        stream.push("", true, &mut each).unwrap();
        assert_eq!(got, whole);
        assert_eq!(got.len(), 5);
    }

    #[test]
    fn streamed_in_any_pieces_reads_the_same() {
        let texts = [
            "a,b\r\n1,\"x\ny\"\r\n2,\"say \"\"hi\"\"\"\r\n3,z",
            "\u{FEFF}a,b\r\r\n\n1,\"q\"tail,\r2,\n\"\"\n\"\",\"\"\"\"\n4,",
            "a\tb\n\"x\ty\"\t2\r\n",
        ];
        for text in texts {
            pieces_read_the_same(text);
        }
        assert_eq!(
            parse("a,b\r1,\"q\"tail\n\n\"\",\n4,", ',').unwrap(),
            vec![vec!["a", "b"], vec!["1", "qtail"], vec!["", ""], vec!["4", ""]]
        );
    }

    #[test]
    fn bytes_in_any_pieces_read_as_the_text_unless_they_are_not_utf8() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let text = "\u{FEFF}所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,备注\r\n\
                    天生街道,朝阳😀社区,城市社区,3800,1250,\"全部\n设在中心内\"\r\n静观镇,素心村,农村社区,２０００,599.99,é";
        let result = |s: &crate::Session| crate::engine::json::result_json_with(s, false, true);
        let mut whole = crate::Session::new(form.clone(), crate::Locale::ZhCn);
        Loader::default().push(text, true, &form, table, &mut whole).unwrap();
        whole.finish_bulk();
        let want = result(&whole);
        for size in [1, 2, 3, 4, 5, 7, 64, 4096] {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            let chunks: Vec<&[u8]> = text.as_bytes().chunks(size).collect();
            for (i, chunk) in chunks.iter().enumerate() {
                assert_eq!(
                    loader.push_bytes(chunk, i + 1 == chunks.len(), &form, table, &mut s),
                    Ok(true),
                    "pieces of {size}"
                );
            }
            s.finish_bulk();
            assert_eq!(result(&s), want, "pieces of {size}");
        }
        // GBK (社区 is 0xC9 0xE7 0xC7 0xF8): not UTF-8, and nothing of it is read.
        let gbk = b"\xC9\xE7\xC7\xF8,households\n1,2";
        for size in [1, 2, 3, 64] {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            let chunks: Vec<&[u8]> = gbk.chunks(size).collect();
            // The caller stops at the first piece refused.
            let refused = chunks
                .iter()
                .enumerate()
                .position(|(i, c)| !loader.push_bytes(c, i + 1 == chunks.len(), &form, table, &mut s).unwrap());
            assert!(refused.is_some_and(|i| i <= 4), "pieces of {size}: refused at {refused:?}");
            assert_eq!(loader.sheet.rows, 0);
        }
        // A file that ends inside a character is not UTF-8 either.
        let mut loader = Loader::default();
        let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
        assert_eq!(loader.push_bytes("a,b\n社".as_bytes().get(..6).unwrap(), true, &form, table, &mut s), Ok(false));
    }

    /// `text` read by a ledger loader in pieces of `size` characters, evaluated.
    fn load_in_pieces(form: &Rc<Form>, table: u32, text: &str, size: usize) -> (crate::Session, Loader) {
        let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
        let mut loader = Loader::default();
        let chars: Vec<char> = text.chars().collect();
        let pieces: Vec<String> = chars.chunks(size).map(|c| c.iter().collect()).collect();
        for (i, piece) in pieces.iter().enumerate() {
            loader.push(piece, i.saturating_add(1) == pieces.len(), form, table, &mut s).unwrap();
        }
        s.finish_bulk();
        (s, loader)
    }

    /// A ledger as reviewers receive it: a title and the reporting unit above the header, a blank
    /// line, rows Excel kept because they were formatted (`,,,`), a template's rows numbered in
    /// advance, a totals row; the rows are numbered as in the spreadsheet, in messages too.
    #[test]
    fn a_title_blank_rows_and_totals_are_not_rows_and_rows_keep_their_spreadsheet_numbers() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let text = "城乡社区综合服务设施统计台账,,,,\r\n\
                    填报单位：天生街道（盖章）,,,,\r\n\
                    序号,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心\r\n\
                    1,朝阳社区,城市社区,3800,1250\r\n\
                    \r\n\
                    2,丽园社区,城市社区,-5,599.99\r\n\
                    3,,,,\r\n\
                    ,,,,\r\n\
                    4,朝阳社区,城市社区,2000,700\r\n\
                    合　计,,,5800,2549.99\r\n\
                    ,,,,\r\n";
        for size in [text.len(), 7] {
            let (s, loader) = load_in_pieces(&form, table, text, size);
            let sheet = &loader.sheet;
            assert_eq!((sheet.header_row, sheet.above_header, sheet.rows), (3, 2, 3), "pieces of {size}");
            assert_eq!((sheet.blank_rows, sheet.totals, sheet.totals_rows.clone()), (4, 1, vec![10]));
            assert!(sheet.ignored.is_empty(), "序号 is known not to be a field: {:?}", sheet.ignored);
            assert_eq!([0, 1, 2].map(|r| s.row_number(table, r)), [4, 6, 9]);
            let issues: Vec<(String, String)> = s
                .all_issues()
                .map(|(p, i)| (p, i.message.to_string()))
                .filter(|(p, _)| p.contains("community"))
                .collect();
            assert!(
                issues.iter().any(|(p, m)| p == "communities[0].community" && m.contains("与第9行重复")),
                "{issues:?}"
            );
            assert!(issues.iter().any(|(p, m)| p == "communities[2].community" && m.contains("与第4行重复")));
        }
        // Tab-separated, as Excel's "Unicode text" or a paste: a title alone on its line does not
        // decide the delimiter.
        let tsv = "城乡社区综合服务设施统计台账\n\n社区名称\t便民服务中心\n甲\t1\n";
        assert_eq!(detect_delimiter(tsv), '\t');
        for size in [1, 3, tsv.len()] {
            let (s, loader) = load_in_pieces(&form, table, tsv, size);
            assert_eq!((loader.sheet.header_row, loader.sheet.rows), (3, 1), "pieces of {size}");
            assert_eq!(s.row_number(table, 0), 4);
        }
        // Rows pushed already split number the same way (the header is record 1).
        let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
        let mut loader = Loader::default();
        let records = "社区名称\u{1F}便民服务中心\u{1E}甲\u{1F}1\u{1E}\u{1E}乙\u{1F}2\u{1E}\u{1F}";
        loader.push_records(records, &form, table, &mut s).unwrap();
        assert_eq!((loader.sheet.rows, loader.sheet.blank_rows), (2, 2));
        assert_eq!([0, 1].map(|r| s.row_number(table, r)), [2, 4]);
    }

    /// The separators of rows already split are found wherever they fall in a word of eight
    /// bytes, and nothing else is taken for one (0x1C, 0x1D, 0x3E, 0x9E, 0x9F, 0xFE and 0xFF
    /// differ from them in one bit).
    #[test]
    fn record_separators_are_found_eight_bytes_at_a_time() {
        let mut state = 7u64;
        for len in 0..80usize {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    [0x1E, 0x1F, 0x1C, 0x1D, 0x3E, 0x9E, 0x9F, 0xFE, 0xFF, b'a', 0x00][(state >> 33) as usize % 11]
                })
                .collect();
            let mut found = Vec::new();
            record_separators(&bytes, |at, b| found.push((at, b)));
            let want: Vec<(usize, u8)> =
                bytes.iter().enumerate().filter(|(_, &b)| b == 0x1E || b == 0x1F).map(|(i, &b)| (i, b)).collect();
            assert_eq!(found, want, "{bytes:?}");
        }
    }

    /// Rows pushed already split read as the same rows written as CSV do: the same result, cell
    /// for cell, with blank cells, blank rows, a totals row, a title above the header, a cell
    /// holding the CSV's delimiter and a record that ends on a separator.
    #[test]
    fn rows_already_split_read_as_their_csv_does() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let rows: Vec<Vec<&str>> = vec![
            vec!["城乡社区综合服务设施统计台账"],
            vec![
                "所在街道（乡镇）",
                "社区名称",
                "社区类型",
                "辖区户籍人口总户数（户）",
                "便民服务中心",
                "达标年度",
                "备注",
            ],
            vec!["天生街道", "朝阳社区", "城市社区", "3,800", "1250", "2020", ""],
            vec![],
            vec!["歇马街道", "大磨滩村", "农村社区", "860户", "", "2019", "设在村委会, 共用"],
            vec!["", "丽园社区", "城市", "２０００", "-5", "二〇二〇", "", ""],
            vec!["合计", "", "", "6660"],
        ];
        let quote =
            |c: &str| if c.contains([',', '"']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.to_string() };
        let csv: String =
            rows.iter().map(|r| r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",") + "\n").collect();
        let records = rows.iter().map(|r| r.join("\u{1F}")).collect::<Vec<_>>().join("\u{1E}");
        let read = |split: bool| {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            if split {
                loader.push_records(&records, &form, table, &mut s).unwrap();
            } else {
                loader.push(&csv, true, &form, table, &mut s).unwrap();
            }
            s.finish_bulk();
            let sheet = &loader.sheet;
            let counts = (sheet.rows, sheet.blank_rows, sheet.totals, sheet.header_row, sheet.above_header);
            (counts, s.row_number_jumps().to_vec(), crate::engine::json::result_json(&s, false))
        };
        let (split, whole) = (read(true), read(false));
        assert_eq!(split.0, (3, 1, 1, 2, 1));
        assert_eq!(split, whole);
    }

    /// A header of two rows, as Excel saves merged headings as CSV (blank under a merged cell) or
    /// as the .xlsx reader writes them (the merged cell's text repeated).
    #[test]
    fn a_two_row_header_names_the_columns_under_a_heading() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        for text in [
            "所在街道（乡镇）,社区名称,综合服务设施面积（m²）,\n,,便民服务中心,警务室\n天生街道,朝阳社区,1250,-2\n",
            "所在街道（乡镇）,社区名称,综合服务设施面积（m²）,综合服务设施面积（m²）\n\
             所在街道（乡镇）,社区名称,便民服务中心,警务室\n天生街道,朝阳社区,1250,-2\n",
        ] {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            loader.push(text, true, &form, table, &mut s).unwrap();
            s.finish_bulk();
            assert_eq!((loader.sheet.rows, loader.sheet.ignored.len()), (1, 0), "{text}: {:?}", loader.sheet.ignored);
            assert_eq!(s.row_number(table, 0), 3);
            assert_eq!((loader.sheet.header_row, loader.sheet.header_rows), (1, 2));
            assert!(s.all_issues().any(|(p, _)| p == "communities[0].area_police_room"), "{text}");
        }
        // The ledger's own header (附件 of 北碚民发〔2020〕77号): the heading merged over the six
        // rooms and 合计 is 综合服务设施总建筑面积（m²）, which names `total_area` by itself; the
        // rooms under it name their own fields and 合计 is the total, checked against the sum.
        // As Excel saves it as CSV (blank under a merged cell) and as the .xlsx reader writes it
        // (the merged text in every cell it covers, across and down).
        let rooms = "便民服务中心,警务室,日间照料中心（养老服务站）,卫生服务站,文化活动室,菜店（平价超市）,合计";
        let area = "综合服务设施总建筑面积（m²）";
        for text in [
            format!("社区名称,{area},,,,,,,达标年度\n,{rooms},\n朝阳社区,1250,,,,,,1200,2020\n"),
            format!(
                "社区名称,{},达标年度\n社区名称,{rooms},达标年度\n朝阳社区,1250,,,,,,1200,2020\n",
                [area; 7].join(",")
            ),
        ] {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            loader.push(&text, true, &form, table, &mut s).unwrap();
            s.finish_bulk();
            assert_eq!((loader.sheet.rows, loader.sheet.header_rows), (1, 2), "{text}");
            assert!(loader.sheet.ignored.is_empty(), "{text}: {:?}", loader.sheet.ignored);
            let issues: Vec<String> = s.all_issues().map(|(p, i)| format!("{p} {}", i.code)).collect();
            // 1,250 typed in 便民服务中心, not taken for the total; the total typed as 1,200 differs.
            assert!(!issues.iter().any(|i| i.contains("area_service_center")), "{text}: {issues:?}");
            assert!(issues.iter().any(|i| i.starts_with("communities[0].total_area")), "{text}: {issues:?}");
        }
        // 附件2 as the seed draws it: 建筑面积(平方米) over the area itself (blank below) and
        // 公共服务大厅; 总投资(万元) over 合计 and its three sources.
        let filing = reg.get("poverty-project-filing").unwrap();
        let projects = filing.main_table().unwrap();
        for text in [
            "便民服务中心名称,建筑面积(平方米),,总投资(万元),,,\n,,公共服务大厅,合计,市级补助,区县安排,乡镇(街道) 安排\n\
             甲村便民服务中心,650,120,80,50,30,\n",
            "便民服务中心名称,建筑面积(平方米),建筑面积(平方米),总投资(万元),总投资(万元),总投资(万元),总投资(万元)\n\
             便民服务中心名称,,公共服务大厅,合计,市级补助,区县安排,乡镇(街道) 安排\n甲村便民服务中心,650,120,80,50,30,\n",
        ] {
            let mut s = crate::Session::new(filing.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            loader.push(text, true, &filing, projects, &mut s).unwrap();
            s.finish_bulk();
            assert_eq!((loader.sheet.rows, loader.sheet.header_rows), (1, 2), "{text}");
            let value = |field: &str| {
                let at = s.locate(&format!("projects[0].{field}")).unwrap();
                s.value(at).and_then(|v| crate::format::display(v, None, crate::Locale::ZhCn)).unwrap_or_default()
            };
            let got = ["building_area", "service_hall_area", "total_investment", "city_subsidy"].map(value);
            assert_eq!(got, ["650", "120", "80", "50"].map(String::from), "{text}");
            let issues: Vec<String> = s.all_issues().map(|(p, i)| format!("{p} {}", i.code)).collect();
            let read = ["building_area", "service_hall_area", "total_investment", "city_subsidy", "county_funds"];
            assert!(!issues.iter().any(|i| read.iter().any(|f| i.starts_with(&format!("projects[0].{f} ")))), "{text}: {issues:?}");
        }
        // A heading merged across columns whose second row names nothing is one header row: the
        // row after it is data.
        let text = "社区名称,便民服务中心,,\n朝阳社区,1250,,\n";
        let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
        let mut loader = Loader::default();
        loader.push(text, true, &form, table, &mut s).unwrap();
        assert_eq!((loader.sheet.rows, loader.sheet.header_rows), (1, 1));
        // A first row of data is a row, whatever it holds.
        let text = "社区名称,便民服务中心\n朝阳社区,1250\n";
        let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
        let mut loader = Loader::default();
        loader.push(text, true, &form, table, &mut s).unwrap();
        assert_eq!((loader.sheet.rows, loader.sheet.header_rows), (1, 1));
    }

    /// The notice's table has no 社区类型 column (urban and rural communities are filled in
    /// separately): a worksheet's or file's name that holds one option of a choice column the
    /// header lacks gives it to every row; a value can be given outright; a column the sheet has
    /// is read as it is.
    #[test]
    fn a_column_the_sheet_lacks_is_given_by_its_name_or_outright() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let kind = form.field_slot(table, "community_type").unwrap();
        let read = |text: &str, names: &[&str], give: Option<&str>| {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            for n in names {
                loader.sheet.known_as(n);
            }
            if let Some(v) = give {
                loader.sheet.give(kind, v);
            }
            loader.push(text, true, &form, table, &mut s).unwrap();
            s.finish_bulk();
            let types: Vec<String> = (0..2)
                .map(|r| {
                    let path = format!("communities[{r}].community_type");
                    match s.locate(&path).and_then(|at| s.value(at)) {
                        _ if s.all_issues().any(|(p, _)| p == path) => "error".into(),
                        Some(crate::value::Val::Text(t)) => t.to_string(),
                        _ => String::new(),
                    }
                })
                .collect();
            (loader.sheet.given, types)
        };
        let plain = "社区名称,便民服务中心\n朝阳社区,1250\n丽园社区,599.99\n";
        let given = |value: &str, from: Option<&str>| {
            vec![Given { slot: kind, value: value.into(), from: from.map(str::to_string) }]
        };
        assert_eq!(read(plain, &["农村社区"], None), (given("农村社区", Some("农村社区")), vec!["农村社区".into(); 2]));
        // The first name that holds one option; a name holding two, or none, says nothing.
        assert_eq!(
            read(plain, &["Sheet1", "北碚区2021年城市社区台账"], None).0,
            given("城市社区", Some("北碚区2021年城市社区台账"))
        );
        assert_eq!(read(plain, &["城市社区和农村社区"], None).0, vec![]);
        assert_eq!(read(plain, &["村"], None).0, vec![], "an alias alone is too short a clue");
        // Given outright, before any name.
        assert_eq!(read(plain, &["农村社区"], Some("城市社区")).0, given("城市社区", None));
        // A sheet with the column reads its own, whatever is offered; the given value is checked
        // as a cell is.
        let typed = "社区名称,社区类型\n朝阳社区,城市社区\n";
        assert_eq!(read(typed, &["农村社区"], Some("农村社区")).0, vec![]);
        assert_eq!(read(plain, &[], Some("城镇")).1, vec!["error".to_string(); 2]);
    }

    /// A required column the sheet lacks and nothing gave (no name, no value, no section
    /// heading) is said to be missing: every row will report it. One the header has, or that
    /// was given, is not; a column that is not required is not.
    #[test]
    fn a_required_column_nothing_gave_is_missing() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let slot = |f: &str| form.field_slot(table, f).unwrap();
        let missing = |text: &str, names: &[&str], give: Option<&str>| {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            for n in names {
                loader.sheet.known_as(n);
            }
            if let Some(v) = give {
                loader.sheet.give(slot("community_type"), v);
            }
            loader.push(text, true, &form, table, &mut s).unwrap();
            loader.sheet.missing(&form, table)
        };
        let full = "所在街道（乡镇）,社区名称,辖区户籍人口总户数（户）,便民服务中心,达标年度\n天生街道,朝阳社区,3800,1250,2020\n";
        assert_eq!(missing(full, &[], None), [slot("community_type")]);
        assert_eq!(missing(full, &["农村社区"], None), []);
        assert_eq!(missing(full, &["Sheet1"], Some("城市社区")), []);
        let sections = "序号,所在街道（乡镇）,社区名称,辖区户籍人口总户数（户）,便民服务中心,达标年度\n\
                        一、城市社区,,,,,\n1,天生街道,朝阳社区,3800,1250,2020\n";
        assert_eq!(missing(sections, &[], None), []);
        // Not the rooms (optional), nor the computed total; the street and the year are required.
        assert_eq!(
            missing(
                "社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心\n朝阳社区,城市社区,3800,1250\n",
                &[],
                None
            ),
            [slot("street"), slot("compliance_year")]
        );
        assert_eq!(Sheet::default().missing(&form, table), [], "no header yet");
    }

    #[test]
    fn without_a_header_in_the_first_rows_nothing_is_read() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let read = |text: &str| {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            Loader::default().push(text, true, &form, table, &mut s)
        };
        assert_eq!(read(""), Err(CsvError::Empty));
        assert_eq!(read("\u{FEFF}"), Err(CsvError::Empty));
        assert_eq!(read("甲,乙\n天生,朝阳\n"), Err(CsvError::NoHeader { rows: 2 }));
        let long = "台账\n".repeat(10) + "社区名称\n朝阳社区\n";
        assert_eq!(read(&long), Err(CsvError::NoHeader { rows: 10 }));
        let found = "台账\n".repeat(9) + "社区名称\n朝阳社区\n";
        assert_eq!(read(&found), Ok(()));
        // In pieces, the search ends at the eleventh row without waiting for the rest.
        let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
        let mut loader = Loader::default();
        assert_eq!(
            loader.push(&"台账\n".repeat(11), false, &form, table, &mut s),
            Err(CsvError::NoHeader { rows: 10 })
        );
    }

    /// One sheet with the urban and rural communities under headings of their own (the notice
    /// has them filled in separately), and no 社区类型 column: each heading gives the rows below
    /// it their type, written in the 序号 column or merged across the row; a sheet with the
    /// column reads its own, and such a row is then blank.
    #[test]
    fn section_headings_give_the_rows_below_them_a_column_the_sheet_lacks() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let kind = form.field_slot(table, "community_type").unwrap();
        let read = |text: &str, names: &[&str]| {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            for n in names {
                loader.sheet.known_as(n);
            }
            loader.push(text, true, &form, table, &mut s).unwrap();
            s.finish_bulk();
            let types: Vec<String> = (0..s.rows(table))
                .map(|r| match s.locate(&format!("communities[{r}].community_type")).and_then(|at| s.value(at)) {
                    Some(crate::value::Val::Text(t)) => t.to_string(),
                    _ => String::new(),
                })
                .collect();
            (loader.sheet, types)
        };
        let head = "序号,社区名称,辖区户籍人口总户数（户）,便民服务中心,达标年度\n";
        let text = format!(
            "{head}1,甲社区,100,50,2020\n一、城市社区,,,,\n2,乙社区,100,50,2020\n3,丙社区,100,50,2020\n\
             二、农村社区,二、农村社区,二、农村社区,二、农村社区,二、农村社区\n4,丁村,100,50,2020\n"
        );
        let (sheet, types) = read(&text, &[]);
        assert_eq!(types, ["", "城市社区", "城市社区", "农村社区"], "the first row is above any heading");
        let heading =
            |row: u32, text: &str, value: &str| Section { row, text: text.into(), slot: kind, value: value.into() };
        assert_eq!(sheet.sections, [heading(3, "一、城市社区", "城市社区"), heading(6, "二、农村社区", "农村社区")]);
        assert_eq!((sheet.rows, sheet.blank_rows), (4, 0));
        // Under a name that gives a type, a heading gives another from there on.
        assert_eq!(read(&text, &["农村社区"]).1, ["农村社区", "城市社区", "城市社区", "农村社区"]);
        // A row of different texts is a row; a heading naming both types, or none, is not one.
        let (sheet, types) = read(&format!("{head}城市社区,城市社区,100,50,2020\n城市社区和农村社区,,,,\n"), &[]);
        assert_eq!((sheet.rows, sheet.blank_rows, sheet.sections.len(), types), (1, 1, 0, vec![String::new()]));
        // With the column, a heading is a blank row, as before.
        let typed = "序号,社区名称,社区类型\n一、城市社区,,\n1,甲社区,城市社区\n";
        let (sheet, _) = read(typed, &[]);
        assert_eq!((sheet.rows, sheet.blank_rows, sheet.sections.len()), (1, 1, 0));
    }

    /// A grand totals row (合计) typed in a ledger is checked against its rows, exactly, in the
    /// columns that add up; a column with a row in error, a ratio, a year and a 小计 are not.
    #[test]
    fn a_totals_row_is_checked_against_the_rows() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let head = "社区名称,辖区户籍人口总户数（户）,便民服务中心,警务室,综合服务设施总建筑面积（m²）,\
                    每百户居民拥有综合服务设施面积（m²）,达标年度\n";
        let rows = "朝阳社区,3800,1250,,1250,32.89,2020\n丽园社区,2000,599.99,0.01,600,30.00,2021\n";
        let check = |totals: &str, rows: &str| {
            let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
            let mut loader = Loader::default();
            loader.push(&format!("{head}{rows}{totals}"), true, &form, table, &mut s).unwrap();
            s.finish_bulk();
            loader.sheet.check_totals(&form, table, &mut s);
            let found: Vec<String> = s
                .all_issues()
                .filter(|(_, i)| &*i.code == "totals_row_sum")
                .map(|(p, i)| format!("{p}: {}", i.message))
                .collect();
            (found, s.is_valid())
        };
        // 3800 + 2000 = 5800; 1250 + 599.99 = 1849.99; 0 + 0.01 (a blank room stands for 0);
        // 1250.00 + 600.00 = 1850.00 (the computed total); 每百户 and the year are not sums.
        assert_eq!(check("合计,\"5,800\",1849.99,0.01,1850,62.89,4041\n", rows).0, Vec::<String>::new());
        let (found, valid) = check("合  计,5700户,1849.9,,1850.00,,\n", rows);
        assert!(!valid);
        // Each is on the totals row, 4, and the session says so.
        let mut s = crate::Session::new(form.clone(), crate::Locale::ZhCn);
        let mut loader = Loader::default();
        loader.push(&format!("{head}{rows}合计,5700,,,,,\n"), true, &form, table, &mut s).unwrap();
        s.finish_bulk();
        loader.sheet.check_totals(&form, table, &mut s);
        let on: Vec<Option<u32>> =
            s.all_issues().filter(|(p, _)| p == "communities").map(|(_, i)| s.sheet_row(i)).collect();
        assert_eq!(on, [Some(4)]);
        assert_eq!(
            found,
            [
                "communities: 第4行合计的辖区户籍人口总户数填报为“5700户”，按各行相加应为5800户",
                "communities: 第4行合计的便民服务中心面积填报为“1849.9”，按各行相加应为1849.99m²",
            ]
        );
        // A blank or a dash says nothing; a 小计 covers a group of rows, which is not known.
        assert_eq!(check("合计,——,,,,,\n小计,1,1,1,1,,\n", rows).0, Vec::<String>::new());
        // A row in error in a column: that column is not summed, the others are.
        let bad = "朝阳社区,38oo,1250,,1250,32.89,2020\n丽园社区,2000,599.99,,600,30.00,2021\n";
        let (found, _) = check("总计,1,1,,,,\n", bad);
        assert_eq!(found, ["communities: 第4行合计的便民服务中心面积填报为“1”，按各行相加应为1849.99m²"]);
        // A total whose formula failed in the spreadsheet is said as such, with the rows' sum
        // when every row reads; a ratio's failed formula is no sum, and is not.
        let (found, valid) = check("合计,#REF!,#DIV/0!,,,#DIV/0!,\n", bad);
        assert!(!valid);
        assert_eq!(
            found,
            [
                "communities: 第4行合计的辖区户籍人口总户数为“#REF!”，是电子表格中公式出错时显示的错误值",
                "communities: 第4行合计的便民服务中心面积为“#DIV/0!”，是电子表格中公式出错时显示的错误值，按各行相加应为1849.99m²",
            ]
        );
    }

    #[test]
    fn totals_rows_are_told_by_their_first_cell() {
        for t in ["合计", "合 计", "合　计", "小计", "总计：", "共计", " 合计 "] {
            assert!(is_totals(t.trim()), "{t}");
        }
        for t in ["合", "合计数", "合川区", "总计划", "小计算", "计", "合\n计x"] {
            assert!(!is_totals(t), "{t}");
        }
    }

    fn pieces_read_the_same(text: &str) {
        let whole = parse(text, detect_delimiter(text.trim_start_matches('\u{FEFF}'))).unwrap();
        for size in [1, 2, 3, 5, 7, 64] {
            let mut s = Stream::new();
            let mut got = Vec::new();
            let chars: Vec<char> = text.chars().collect();
            // A blank line is a record of no fields, which `parse` leaves out.
            let mut each = |r: &[Cow<'_, str>]| {
                if !r.is_empty() {
                    got.push(r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                }
            };
            for chunk in chars.chunks(size) {
                s.push(&chunk.iter().collect::<String>(), false, &mut each).unwrap();
            }
            s.push("", true, &mut each).unwrap();
            assert_eq!(got, whole, "pieces of {size}");
        }
    }
}
