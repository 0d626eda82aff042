//! Input normalisation: what a user typed (a JSON value, usually a string) becomes a canonical
//! value of the field's type, or a specific error. What the user typed is never changed; only
//! the canonical value is derived from it.

pub mod date;
pub mod ids;
pub mod number;

use std::rc::Rc;

use crate::json::Value as Json;
use rust_decimal::Decimal;

pub use date::{Date, DateError};
pub use ids::IdCardError;
pub use number::{NumberError, NumberRule};

use crate::units::Unit;

/// A value inside the engine. `Blank` is "nothing typed"; `Unknown` is "cannot be known
/// because an input it depends on is in error" (it is never shown, and rules on it stay quiet).
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Blank,
    Unknown,
    Num(Decimal),
    Bool(bool),
    Date(Date),
    Text(Rc<str>),
    List(Rc<[Rc<str>]>),
}

impl Val {
    pub fn is_blank(&self) -> bool {
        matches!(self, Val::Blank)
    }
}

listed_enum! {
    /// The field types of DOMAIN.md, plus `number` (a decimal with a declared unit),
    /// `money_yuan` (元) and `boolean` (computed yes/no).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Kind {
        Count,
        Households,
        AreaM2,
        MoneyWan,
        MoneyYuan,
        Percent,
        Number,
        Year,
        Date,
        Text,
        Choice,
        Checks,
        YesNo,
        Phone,
        Email,
        IdCard,
        Image,
        Boolean,
    }
}

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "count" => Kind::Count,
            "households" => Kind::Households,
            "area_m2" => Kind::AreaM2,
            "money_wan" => Kind::MoneyWan,
            "money_yuan" => Kind::MoneyYuan,
            "percent" => Kind::Percent,
            "number" => Kind::Number,
            "year" => Kind::Year,
            "date" => Kind::Date,
            "text" => Kind::Text,
            "choice" => Kind::Choice,
            "checks" => Kind::Checks,
            "yes_no" => Kind::YesNo,
            "phone" => Kind::Phone,
            "email" => Kind::Email,
            "id_card" => Kind::IdCard,
            "image" => Kind::Image,
            "boolean" => Kind::Boolean,
            _ => return None,
        })
    }

    pub const NAMES: &'static str = "count, households, area_m2, money_wan, money_yuan, percent, number, year, date, text, choice, checks, yes_no, phone, email, id_card, image, boolean";

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Kind::Count
                | Kind::Households
                | Kind::AreaM2
                | Kind::MoneyWan
                | Kind::MoneyYuan
                | Kind::Percent
                | Kind::Number
                | Kind::Year
        )
    }

    /// The unit a field of this kind has unless its spec says otherwise.
    pub fn default_unit(self) -> &'static str {
        match self {
            Kind::Households => "户",
            Kind::AreaM2 => "m2",
            Kind::MoneyWan => "万元",
            Kind::MoneyYuan => "元",
            _ => "",
        }
    }

    /// (decimals accepted on input and kept for display, pad display with zeros)
    pub fn default_scale(self) -> (u32, bool) {
        match self {
            Kind::AreaM2 => (2, true),
            Kind::MoneyWan => (4, false),
            Kind::MoneyYuan => (2, false),
            Kind::Percent => (1, true),
            Kind::Number => (2, true),
            _ => (0, true),
        }
    }
}

/// One option of a `choice` or `checks` field: the label as the document writes it, and
/// other spellings that mean it.
#[derive(Debug, Clone)]
pub struct Opt {
    pub value: Rc<str>,
    pub aliases: Vec<String>,
}

/// Everything normalisation needs to know about a field.
#[derive(Debug, Clone)]
pub struct FieldType {
    pub kind: Kind,
    pub unit: Unit,
    /// Decimals kept on input and shown on display.
    pub scale: u32,
    /// Pad the display to `scale` decimals (`1250.00`) rather than trimming (`80.5`).
    pub fixed: bool,
    pub number: Option<NumberRule>,
    pub options: Vec<Opt>,
    pub max_length: usize,
    pub multiline: bool,
    pub accept: Vec<String>,
    pub max_bytes: u64,
}

/// Why an input was refused; messages.rs renders each with the field's label and unit.
#[derive(Debug, Clone, PartialEq)]
pub enum InputError {
    Required,
    Number(NumberError),
    Date(DateError),
    Year,
    TooLong {
        max: usize,
        len: usize,
    },
    ControlChars,
    Choice,
    YesNo,
    Phone,
    Email,
    IdCard(IdCardError),
    CheckItem {
        item: String,
    },
    ImageType {
        name: String,
    },
    ImageSize {
        name: String,
        max_bytes: u64,
    },
    /// A list where one value was expected, or the reverse.
    Shape,
    /// Several cells of a spreadsheet row pasted into a field of one value (tabs between them):
    /// said in place of whatever refused the value (`Session::read_input`), with how many cells.
    SeveralCells {
        cells: usize,
    },
    /// A line break in a one-line text (a spreadsheet cell's Alt+Enter, or cells of a column
    /// copied together), and nothing else refused.
    LineBreak,
    /// The error value a spreadsheet shows where a cell's formula failed (`#DIV/0!`, `#N/A`,
    /// LibreOffice's `Err:502`), exported or pasted as the cell's text.
    SheetError,
}

/// The error values Excel, WPS and LibreOffice show where a cell's formula failed.
const SHEET_ERRORS: &[&str] =
    &["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"];

/// Whether `text` (trimmed) is a spreadsheet's error value, or LibreOffice's numbered `Err:502`.
/// Nobody types these as a value: they are a formula's failure carried along with the cells.
pub fn is_sheet_error(text: &str) -> bool {
    match text.as_bytes() {
        [b'#', ..] => SHEET_ERRORS.iter().any(|v| v.eq_ignore_ascii_case(text)),
        [b'E', b'r', b'r', b':', a, b, c] => a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit(),
        _ => false,
    }
}

/// Longest text any field accepts, whatever its spec says: a bound on work and memory.
pub const HARD_MAX_TEXT: usize = 10_000;

/// Where `needle` first occurs in `hay`, in bytes (UTF-8 is self-synchronising, so a match is
/// always on a character boundary). A window search: every text searched is bounded by a
/// field's length, and the standard library's two-way searcher costs the wasm 2 KB.
pub fn find_text(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(needle.len()).position(|w| w == needle.as_bytes())
}

/// Whether `set` holds the character `c` (`str::contains` with a character outside ASCII goes
/// through the substring searcher).
pub fn has_char(set: &str, c: char) -> bool {
    set.chars().any(|x| x == c)
}

/// The characters of `s`, by a loop (each `collect` is a copy of its own in the wasm).
pub fn chars_of(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        out.push(c);
    }
    out
}

/// `s` without its white space (a loop: each `collect` of a filter is a copy of its own).
pub fn without_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// The first `n` characters of `s`.
pub fn first_chars(s: &str, n: usize) -> String {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or(s).to_string()
}

/// How many characters `s` has: its bytes that start one (the standard library's counter is
/// an unrolled 1 KB of wasm).
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// `s` read as a whole number as `str::parse::<u64>` reads it (ASCII digits, an optional leading
/// `+`; `None` when empty, not digits or too large), in one loop for every caller: each integer
/// type's `parse` is a copy of the standard library's reader.
pub fn parse_u64(s: &str) -> Option<u64> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b.wrapping_sub(b'0')))?;
    }
    Some(n)
}

/// Text of a raw input, or `None` for blank. JSON numbers keep their own text.
pub fn raw_text(raw: &Json) -> Option<String> {
    match raw {
        Json::Null => None,
        Json::String(s) => {
            let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}');
            (!t.is_empty()).then(|| t.to_string())
        }
        Json::Number(n) => Some(n.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Array(a) if a.is_empty() => None,
        Json::Array(_) | Json::Object(_) => Some(String::new()),
    }
}

/// Normalises one raw input for a field of type `ft`.
pub fn normalise(ft: &FieldType, raw: &Json) -> Result<Val, InputError> {
    match ft.kind {
        Kind::Checks => return normalise_checks(ft, raw),
        Kind::Image => return normalise_images(ft, raw),
        Kind::YesNo => {
            if let Json::Bool(b) = raw {
                return Ok(Val::Bool(*b));
            }
        }
        _ => {}
    }
    if matches!(raw, Json::Array(a) if !a.is_empty()) || matches!(raw, Json::Object(_)) {
        return Err(InputError::Shape);
    }
    match raw {
        Json::String(s) | Json::Number(s) => normalise_str(ft, s),
        Json::Bool(b) => normalise_str(ft, if *b { "true" } else { "false" }),
        _ => Ok(Val::Blank),
    }
}

/// The parts of `text` between the `sep`s, empty ones too: `split(sep).collect()` by
/// `split_once`, whose searcher the readers use anyway (the splitter and its collection were
/// 0.6 KB of the form package for four callers).
pub(crate) fn split_all(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some((part, after)) = rest.split_once(sep) {
        parts.push(part);
        rest = after;
    }
    parts.push(rest);
    parts
}

/// Trims what `raw_text` trims: whitespace, BOM, zero-width space.
pub(crate) fn trimmed(s: &str) -> &str {
    // Most cells start and end with a character that is kept: printable ASCII, or a Chinese
    // character (U+4000–U+9FFF, lead bytes 0xE4–0xE9: no trimmed character starts so). They
    // are returned without decoding either end.
    let b = s.as_bytes();
    let kept_lead = |c: u8| (0x21..0x7F).contains(&c) || (0xE4..=0xE9).contains(&c);
    let kept_end = match b {
        [.., l] if (0x21..0x7F).contains(l) => true,
        [.., lead, c1, c2] => (0xE4..=0xE9).contains(lead) && (0x80..0xC0).contains(c1) && (0x80..0xC0).contains(c2),
        _ => false,
    };
    if kept_end && b.first().is_some_and(|&f| kept_lead(f)) {
        return s;
    }
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
}

/// Normalises typed text (a spreadsheet cell, a form input) for a field of type `ft`.
pub fn normalise_str(ft: &FieldType, raw: &str) -> Result<Val, InputError> {
    if matches!(ft.kind, Kind::Checks | Kind::Image) {
        return normalise(ft, &Json::String(raw.to_string()));
    }
    let text = trimmed(raw);
    if text.is_empty() {
        return Ok(Val::Blank);
    }
    if is_sheet_error(text) {
        return Err(InputError::SheetError);
    }
    // Characters are counted only when the bytes could be too many (a character is at least one).
    let limit = HARD_MAX_TEXT.min(ft.max_length.max(1));
    if text.len() > limit {
        let len = char_count(text);
        if len > limit {
            return Err(InputError::TooLong { max: ft.max_length.min(HARD_MAX_TEXT), len });
        }
    }
    if let Some(rule) = &ft.number {
        let parsed = number::parse_number(text, rule);
        if ft.kind == Kind::Year {
            // A year is four digits; "21" or "20211" is not a small or large number but a typo.
            return match parsed {
                Ok(y) if y <= Decimal::from(9999) => Ok(Val::Num(y)),
                Ok(_) | Err(NumberError::BelowMin { .. } | NumberError::Negative) => Err(InputError::Year),
                // 2021-01 is a month, not a range; 约2021 is still not a year: said as before.
                Err(NumberError::Range | NumberError::Approximate { .. }) => {
                    Err(InputError::Number(NumberError::NotANumber))
                }
                Err(e) => Err(InputError::Number(e)),
            };
        }
        return parsed.map(Val::Num).map_err(InputError::Number);
    }
    match ft.kind {
        Kind::Date => date::parse_date(text).map(Val::Date).map_err(InputError::Date),
        Kind::Text => {
            // Control characters are C0 and DEL (single bytes) and C1 (after a 0xC2 byte); the
            // direction overrides start with 0xE2. Text with none of those bytes, most names,
            // is not decoded character by character.
            let suspect = |b: &u8| *b < 0x20 || *b == 0x7F || *b == 0xC2 || *b == 0xE2;
            // A line break in a one-line field, and nothing else refused, is said as such (the
            // cell shows its two lines; nothing there is invisible).
            let mut line_break = false;
            let bad = text.as_bytes().iter().any(suspect)
                && text.chars().any(|c| {
                    let refused = (c.is_control() && !(ft.multiline && matches!(c, '\n' | '\r' | '\t')))
                        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
                    line_break |= refused && matches!(c, '\n' | '\r');
                    refused && !matches!(c, '\n' | '\r')
                });
            if bad {
                return Err(InputError::ControlChars);
            }
            if line_break {
                return Err(InputError::LineBreak);
            }
            Ok(Val::Text(text.into()))
        }
        Kind::Choice => find_option(&ft.options, text).map(|o| Val::Text(o.value.clone())).ok_or(InputError::Choice),
        Kind::YesNo | Kind::Boolean => parse_yes_no(text).map(Val::Bool).ok_or(InputError::YesNo),
        Kind::Phone => {
            if ids::valid_phone(text) {
                Ok(Val::Text(text.into()))
            } else {
                Err(InputError::Phone)
            }
        }
        Kind::Email => {
            if ids::valid_email(text) {
                Ok(Val::Text(Rc::from(&*number::fold_width(text))))
            } else {
                Err(InputError::Email)
            }
        }
        Kind::IdCard => ids::check_id_card(text).map(|s| Val::Text(s.into())).map_err(InputError::IdCard),
        // Numeric kinds always carry a NumberRule; a spec loader that forgot one is caught here.
        _ => Err(InputError::Shape),
    }
}

/// 是/否, √/×, true/false, 1/0 and their usual relatives.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    let folded = number::fold_width(text);
    let t = folded.trim().to_ascii_lowercase();
    match t.as_str() {
        "是" | "√" | "✓" | "✔" | "true" | "1" | "yes" | "y" | "on" | "有" | "t" => Some(true),
        "否" | "×" | "✗" | "✘" | "x" | "false" | "0" | "no" | "n" | "off" | "无" | "f" => Some(false),
        _ => None,
    }
}

/// Matches an option by its label or an alias, ignoring width, case and the bracket style
/// (（） and () are the same to a reader).
pub fn find_option<'a>(options: &'a [Opt], text: &str) -> Option<&'a Opt> {
    // Most cells spell the option exactly; compare the folded keys only when they do not.
    options.iter().find(|o| &*o.value == text).or_else(|| {
        options.iter().find(|o| same_option(&o.value, text) || o.aliases.iter().any(|a| same_option(a, text)))
    })
}

/// Whether two spellings name the same option, without building either key.
fn same_option(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.chars(), b.chars());
    loop {
        let x = next_option_char(&mut a);
        if x != next_option_char(&mut b) {
            return false;
        }
        if x.is_none() {
            return true;
        }
    }
}

/// The next character that counts in an option's name: folded to its narrow form, spaces
/// skipped, ASCII lowercased (a loop, not a chain of adapters: each is a copy of its own).
fn next_option_char(chars: &mut std::str::Chars<'_>) -> Option<char> {
    for c in chars.by_ref() {
        match number::fold_char(c) {
            Some(f) if !f.is_whitespace() => return Some(f.to_ascii_lowercase()),
            _ => {}
        }
    }
    None
}

fn normalise_checks(ft: &FieldType, raw: &Json) -> Result<Val, InputError> {
    let mut items: Vec<String> = Vec::new();
    match raw {
        Json::Null => {}
        Json::Array(a) => {
            for v in a {
                if let Some(t) = raw_text(v) {
                    items.push(t);
                }
            }
        }
        // Items written in one text, between separators (a loop: a split on a set of
        // characters is 0.3 KB of wasm of its own).
        Json::String(s) => {
            let mut item = String::new();
            for c in s.chars() {
                if has_char("、,，;；\n|", c) {
                    push_item(&mut items, &item);
                    item.clear();
                } else {
                    item.push(c);
                }
            }
            push_item(&mut items, &item);
        }
        _ => return Err(InputError::Shape),
    }
    if items.is_empty() {
        return Ok(Val::Blank);
    }
    let mut chosen = vec![false; ft.options.len()];
    for item in items.iter().take(ft.options.len().saturating_add(64)) {
        let found = ft
            .options
            .iter()
            .position(|o| same_option(&o.value, item) || o.aliases.iter().any(|a| same_option(a, item)));
        match found.and_then(|i| chosen.get_mut(i)) {
            Some(slot) => *slot = true,
            None => return Err(InputError::CheckItem { item: first_chars(item, 50) }),
        }
    }
    let mut list: Vec<Rc<str>> = Vec::new();
    for (o, c) in ft.options.iter().zip(&chosen) {
        if *c {
            list.push(o.value.clone());
        }
    }
    Ok(Val::List(list.into()))
}

/// `item` trimmed, added to `items` unless nothing is left.
fn push_item(items: &mut Vec<String>, item: &str) {
    let item = item.trim();
    if !item.is_empty() {
        items.push(item.to_string());
    }
}

/// Image fields carry file metadata only (name, MIME type, size); the file never leaves the page.
fn normalise_images(ft: &FieldType, raw: &Json) -> Result<Val, InputError> {
    let files: &[Json] = match raw {
        Json::Null => &[],
        Json::Array(a) => a,
        Json::Object(_) => std::slice::from_ref(raw),
        Json::String(s) if s.trim().is_empty() => &[],
        _ => return Err(InputError::Shape),
    };
    if files.is_empty() {
        return Ok(Val::Blank);
    }
    let mut names = Vec::new();
    for f in files.iter().take(1000) {
        let o = f;
        if !matches!(o, Json::Object(_)) {
            return Err(InputError::Shape);
        }
        let name = first_chars(o.get("name").and_then(Json::as_str).unwrap_or(""), 200);
        let mime = o.get("type").and_then(Json::as_str).unwrap_or("").to_ascii_lowercase();
        let mime = if mime.is_empty() { mime_from_name(&name) } else { mime };
        if !ft.accept.contains(&mime) {
            return Err(InputError::ImageType { name });
        }
        let size = o
            .get("size")
            .map(|s| match s {
                Json::Number(n) => parse_u64(n).unwrap_or(u64::MAX),
                Json::String(t) => parse_u64(t.trim()).unwrap_or(u64::MAX),
                _ => u64::MAX,
            })
            .unwrap_or(0);
        if size > ft.max_bytes {
            return Err(InputError::ImageSize { name, max_bytes: ft.max_bytes });
        }
        names.push(Rc::<str>::from(name));
    }
    Ok(Val::List(names.into()))
}

fn mime_from_name(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        "image/jpeg".into()
    } else if lower.ends_with(".png") {
        "image/png".into()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::find_text;

    /// A spreadsheet's error values, whatever their case, and LibreOffice's numbered ones; not
    /// text that only looks like one.
    #[test]
    fn spreadsheet_error_values_are_told_apart() {
        for v in
            ["#DIV/0!", "#N/A", "#n/a", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "Err:502"]
        {
            assert!(super::is_sheet_error(v), "{v}");
        }
        for v in
            ["", "#", "#REF", "# REF!", "#REF!!", "#1", "Err:50", "Err:5021", "Err:abc", "err:502", "Error", "＃N/A"]
        {
            assert!(!super::is_sheet_error(v), "{v}");
        }
    }

    /// `parse_u64` reads whole numbers exactly as `str::parse::<u64>` does.
    #[test]
    fn whole_numbers_read_as_the_standard_library_reads_them() {
        let cases = [
            "",
            "0",
            "7",
            "+7",
            "++7",
            "-7",
            "007",
            "12a",
            " 1",
            "1 ",
            "+",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "１２",
            "4294967296",
            "٣",
        ];
        for s in cases {
            assert_eq!(super::parse_u64(s), s.parse::<u64>().ok(), "{s:?}");
        }
        for n in (0..100_000u64).step_by(7).chain([u64::MAX, u64::MAX - 1, u64::from(u32::MAX)]) {
            assert_eq!(super::parse_u64(&n.to_string()), Some(n));
        }
    }

    /// The shortcut for cells that start and end with a kept character trims exactly as the
    /// character-by-character trim does, whatever the ends are.
    #[test]
    fn trims_as_the_character_trim_does() {
        #![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
        let pool = [
            'a', '1', '-', ' ', '\t', '\n', '社', '区', '一', '\u{9FFF}', '\u{3000}', '\u{00A0}', '\u{2002}',
            '\u{200B}', '\u{FEFF}', '\u{3001}', 'é', '😀', '\u{1680}', '\u{0085}',
        ];
        let mut rng = crate::testing::Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..50_000 {
            let len = rng.below(6);
            let text: String = (0..len).map(|_| rng.pick(&pool)).collect();
            let slow = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}');
            assert_eq!(super::trimmed(&text), slow, "{text:?}");
        }
    }

    #[test]
    fn counts_characters() {
        for t in ["", "abc", "社区", "a社b区c", "😀x", "é"] {
            assert_eq!(super::char_count(t), t.chars().count(), "{t}");
        }
    }

    #[test]
    fn finds_as_str_find_does() {
        for (hay, needle) in [
            ("", ""),
            ("abc", ""),
            ("", "a"),
            ("社区服务", "服务"),
            ("aaab", "ab"),
            ("ab", "abc"),
            ("城市社区", "农村"),
        ] {
            assert_eq!(find_text(hay, needle), hay.find(needle), "{hay} / {needle}");
        }
    }

    use super::{normalise_str, FieldType, InputError, Kind, Val};
    use crate::units::Unit;

    fn text(multiline: bool) -> FieldType {
        FieldType {
            kind: Kind::Text,
            unit: Unit::NONE,
            scale: 0,
            fixed: false,
            number: None,
            options: Vec::new(),
            max_length: 500,
            multiline,
            accept: Vec::new(),
            max_bytes: 0,
        }
    }

    /// The byte pre-check lets through only text the character check would pass: every control
    /// character (C0, DEL, C1) and direction override is still refused, and text with the same
    /// lead bytes but harmless characters still accepted.
    #[test]
    fn control_characters_are_refused_whatever_their_encoding() {
        for bad in
            ["a\u{1}b", "a\u{7f}", "a\u{85}x", "x\u{9f}y", "社\u{202A}区", "a\u{202E}b", "\u{2066}x", "x\u{2069}"]
        {
            assert_eq!(normalise_str(&text(false), bad), Err(InputError::ControlChars), "{bad:?}");
        }
        for good in ["城市社区", "—“引号”…", "é\u{a0}ü", "a\u{2065}b", "a\u{206A}b", "窄\u{202F}空格"]
        {
            assert_eq!(normalise_str(&text(false), good), Ok(Val::Text(good.into())), "{good:?}");
        }
        assert_eq!(normalise_str(&text(true), "a\nb\tc"), Ok(Val::Text("a\nb\tc".into())));
        // A line break alone is said as one; with another refused character, as hidden characters.
        for (text_, want) in [
            ("第一\n街道", InputError::LineBreak),
            ("a\r\nb", InputError::LineBreak),
            ("a\nb\u{7}", InputError::ControlChars),
            ("a\n\u{202E}b", InputError::ControlChars),
        ] {
            assert_eq!(normalise_str(&text(false), text_), Err(want), "{text_:?}");
        }
    }
}
