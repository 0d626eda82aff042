//! Reading a form's main table from CSV or tab-separated text (what Excel saves or pastes):
//! quoted fields, doubled quotes, CRLF, a byte-order mark; the header row holds field ids or
//! the Chinese labels.

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
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CsvError::UnclosedQuote { line } => {
                write!(f, "a quoted field opened on line {line} never closes")
            }
            CsvError::Empty => write!(f, "the file has no header row"),
        }
    }
}

/// Tab when the first line has tabs and no commas (pasted from Excel), else comma.
pub fn detect_delimiter(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    if first.contains('\t') && !first.contains(',') {
        '\t'
    } else {
        ','
    }
}

/// Splits CSV text into records of fields.
pub fn parse(text: &str, delim: char) -> Result<Vec<Vec<String>>, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut line = 1usize;
    let mut quote_line = 1usize;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line = line.saturating_add(1);
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                quote_line = line;
                at_field_start = false;
            }
            c if c == delim => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line = line.saturating_add(1);
                record.push(std::mem::take(&mut field));
                if !(record.len() == 1 && record.first().is_some_and(String::is_empty)) {
                    records.push(std::mem::take(&mut record));
                } else {
                    record.clear();
                }
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if in_quotes {
        return Err(CsvError::UnclosedQuote { line: quote_line });
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    if records.is_empty() {
        return Err(CsvError::Empty);
    }
    Ok(records)
}

/// Splits CSV text that arrives in pieces (a large file read a block at a time) into records,
/// keeping an incomplete last record until the rest of it arrives.
#[derive(Debug, Default)]
pub struct Stream {
    pending: String,
    delim: Option<char>,
    line: usize,
}

impl Stream {
    pub fn new() -> Stream {
        Stream::default()
    }

    /// Adds text; returns every record now complete. `last` marks the end of the input.
    pub fn push(&mut self, text: &str, last: bool) -> Result<Vec<Vec<String>>, CsvError> {
        self.pending.push_str(text);
        if !self.pending.is_empty() && self.delim.is_none() && (self.pending.contains('\n') || last) {
            self.delim = Some(detect_delimiter(&self.pending));
        }
        let delim = self.delim.unwrap_or(',');
        // Cut after the last line end that is outside quotes.
        let mut in_quotes = false;
        let mut cut = None;
        for (i, c) in self.pending.char_indices() {
            match c {
                '"' => in_quotes = !in_quotes,
                '\n' if !in_quotes => cut = Some(i.saturating_add(1)),
                _ => {}
            }
        }
        let take = if last { Some(self.pending.len()) } else { cut };
        let Some(take) = take else { return Ok(Vec::new()) };
        let rest = self.pending.split_off(take);
        let chunk = std::mem::replace(&mut self.pending, rest);
        if chunk.trim().is_empty() {
            return Ok(Vec::new());
        }
        let lines_before = self.line;
        self.line = self.line.saturating_add(chunk.matches('\n').count());
        match parse(&chunk, delim) {
            Ok(r) => Ok(r),
            Err(CsvError::UnclosedQuote { line }) => {
                Err(CsvError::UnclosedQuote { line: line.saturating_add(lines_before) })
            }
            Err(CsvError::Empty) => Ok(Vec::new()),
        }
    }
}

/// Maps a header row to field slots of `table` (ids, Chinese labels or aliases); `None` for
/// columns that name no field. Also returns the headers that were not recognised.
pub fn header_slots(form: &Form, table: u32, header: &[String]) -> (Vec<Option<u32>>, Vec<String>) {
    let mut slots = Vec::new();
    let mut ignored = Vec::new();
    let Some(scope) = form.scope(table) else { return (slots, ignored) };
    for h in header {
        let key = header_key(h);
        let found = scope.slots.iter().position(|&n| {
            form.node(n).is_some_and(|n| {
                matches!(n.kind, crate::spec::NodeKind::Input { .. } | crate::spec::NodeKind::Computed { .. })
                    && (n.id == h.trim()
                        || header_key(&n.label.zh) == key
                        || header_key(&n.label.en) == key
                        || n.aliases.iter().any(|a| header_key(a) == key))
            })
        });
        if found.is_none() && !matches!(key.as_str(), "序号" | "no." | "#" | "") {
            ignored.push(h.clone());
        }
        slots.push(found.and_then(|p| u32::try_from(p).ok()));
    }
    (slots, ignored)
}

/// Reads CSV text (all of it, or the next piece) into `session`'s `table`: the first record is
/// the header. Returns the headers that named no field. Call `Session::finish_bulk` after the
/// last piece.
pub struct Loader {
    stream: Stream,
    slots: Option<Vec<Option<u32>>>,
    pub ignored: Vec<String>,
    pub rows: usize,
}

impl Default for Loader {
    fn default() -> Self {
        Loader { stream: Stream::new(), slots: None, ignored: Vec::new(), rows: 0 }
    }
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
        for record in self.stream.push(text, last)? {
            match &self.slots {
                None => {
                    let (s, ig) = header_slots(form, table, &record);
                    self.slots = Some(s);
                    self.ignored = ig;
                }
                Some(s) => {
                    let cells: Vec<(u32, &str)> = s
                        .iter()
                        .zip(record.iter())
                        .filter_map(|(slot, cell)| slot.map(|x| (x, cell.as_str())))
                        .collect();
                    session.push_row(table, &cells);
                    self.rows = self.rows.saturating_add(1);
                }
            }
        }
        if last && self.slots.is_none() {
            return Err(CsvError::Empty);
        }
        Ok(())
    }
}

/// A header or label, compared without width, spaces or a bracketed unit: `辖区户籍人口总户数（户）`
/// matches the label `辖区户籍人口总户数`.
fn header_key(s: &str) -> String {
    let folded: String = fold_width(s).chars().filter(|c| !c.is_whitespace()).collect();
    let mut key = folded.as_str();
    // Drop one trailing "(unit)".
    if key.ends_with(')') {
        if let Some(open) = key.rfind('(') {
            let inner = key.get(open..).unwrap_or("");
            if inner.chars().count() <= 8 {
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
    let mut columns: Vec<Option<String>> = Vec::new();
    let mut ignored = Vec::new();
    for h in header {
        let key = header_key(h);
        let found = scope.slots.iter().filter_map(|&n| form.node(n)).find(|n| {
            matches!(n.kind, crate::spec::NodeKind::Input { .. } | crate::spec::NodeKind::Computed { .. })
                && (n.id == h.trim()
                    || header_key(&n.label.zh) == key
                    || header_key(&n.label.en) == key
                    || n.aliases.iter().any(|a| header_key(a) == key))
        });
        match found {
            Some(n) => columns.push(Some(n.id.clone())),
            None => {
                if !matches!(key.as_str(), "序号" | "no." | "#" | "") {
                    ignored.push(h.clone());
                }
                columns.push(None);
            }
        }
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
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn quoting() {
        let r = parse("a,b\r\n\"1,234.5\",\"say \"\"hi\"\"\"\r\n", ',').unwrap();
        assert_eq!(r, vec![vec!["a", "b"], vec!["1,234.5", "say \"hi\""]]);
        assert_eq!(parse("a\tb\n1\t2", '\t').unwrap(), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(parse("a\n\"open", ','), Err(CsvError::UnclosedQuote { line: 2 }));
        assert_eq!(header_key("辖区户籍人口总户数（户）"), header_key("辖区户籍人口总户数"));
    }

    #[test]
    fn streamed_in_any_pieces_reads_the_same() {
        let text = "a,b\r\n1,\"x\ny\"\r\n2,\"say \"\"hi\"\"\"\r\n3,z";
        let whole = parse(text, ',').unwrap();
        for size in [1, 2, 3, 5, 7, 64] {
            let mut s = Stream::new();
            let mut got = Vec::new();
            let chars: Vec<char> = text.chars().collect();
            for chunk in chars.chunks(size) {
                got.extend(s.push(&chunk.iter().collect::<String>(), false).unwrap());
            }
            got.extend(s.push("", true).unwrap());
            assert_eq!(got, whole, "pieces of {size}");
        }
    }
}
