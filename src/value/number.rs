//! Numbers as people really type them (DOMAIN.md "Number input"): full-width digits and
//! punctuation, correctly grouped thousands, the field's own unit suffix. Everything else is a
//! specific error that says what is wrong. Nothing is ever rounded here.

use rust_decimal::Decimal;

use crate::units::{Unit, UnitSpelling};

/// The suffix sets a number rule can accept besides its unit (a precompiled spec names one by
/// its index).
pub const SUFFIX_SETS: [&[&str]; 3] = [&[], &["年", "年度"], &["%", "％"]];

/// What a numeric field accepts, derived from its field type and spec.
#[derive(Debug, Clone)]
pub struct NumberRule {
    /// The field's own unit; its spellings are accepted as a suffix.
    pub unit: Unit,
    /// Most decimals accepted (0 = whole numbers only).
    pub max_decimals: u32,
    /// Smallest accepted value, if any (households: 1; areas: 0).
    pub min: Option<Decimal>,
    /// Extra suffixes accepted for this field (the year type accepts 年).
    pub extra_suffixes: &'static [&'static str],
}

/// Why a typed number was refused. Each variant has its own message (messages.rs).
#[derive(Debug, Clone, PartialEq)]
pub enum NumberError {
    /// Letters or symbols that are not a number, or only a unit.
    NotANumber,
    /// `1e3`: scientific notation.
    Scientific,
    /// `NaN`, `Infinity`.
    NonFinite,
    /// `五十`: Chinese numerals.
    ChineseNumerals,
    /// Digits from a script other than ASCII or full-width (e.g. Arabic-Indic).
    UnsupportedDigits,
    /// `--5`, `+-5`.
    DoubleSign,
    /// `1.2.3`.
    MultiplePoints,
    /// `1,23,4` or a comma in the decimals.
    BadGrouping,
    /// A unit that is not the field's own and cannot be converted (`5户` in an area).
    WrongUnit { typed_unit: String },
    /// A unit convertible to the field's own (`500000元` in a 万元 field), with the value it
    /// would be in the field's unit.
    ConvertibleUnit { typed_unit: String, suggestion: Decimal },
    /// More decimals than the field keeps.
    TooManyDecimals { max: u32 },
    /// Below zero in a field that cannot be negative.
    Negative,
    /// Below the field's minimum (households ≥ 1).
    BelowMin { min: Decimal },
    /// More than 28 significant digits: beyond exact decimal arithmetic.
    TooLarge,
    /// What a spreadsheet puts for "none": `/`, `-`, `—`, `无`, `N/A`.
    Placeholder,
    /// `约1250`, `1250左右`, `1000多户`: an estimate where the form asks for the figure.
    Approximate { word: &'static str },
    /// `1200-1300`, `1200~1300`, `1200至1300`: a range where the form asks for one figure.
    Range,
    /// `86o`, `l250`: a letter where a digit is meant (o and O for 0, l and I for 1).
    LetterForDigit { letter: char, digit: char },
    /// `1 250`: spaces between the digits.
    SpaceInNumber,
    /// `(1250)`: a negative number as an accounting format shows it; the figure inside.
    Bracketed { figure: String },
}

/// Longest text we try to read as a number; longer input is refused before any work.
pub const MAX_NUMBER_LEN: usize = 200;

/// Reads `raw` as a number for a field with `rule`. `raw` is already trimmed and non-empty.
pub fn parse_number(raw: &str, rule: &NumberRule) -> Result<Decimal, NumberError> {
    match read_number(raw, rule) {
        Err(NumberError::NotANumber) => Err(not_a_number(raw, rule)),
        read => read,
    }
}

/// What joins the two ends of a range (1200-1300, 1200~1300 with ～ folded, 1200〜1300, 1200至1300,
/// 1200到1300, 1200—1300), the first `RANGE_MARKS` entries; then the words of an estimate, before
/// the number (约1250, ~1250, ≥50) or after it (1250左右, 1000多户, 300余), as civil-affairs reports
/// write figures they have not counted.
const MARKS: &[&str] = &[
    "-", "~", "〜", "至", "到", "——", "—", "~", "大约", "大概", "约", "将近", "接近", "近", "逾", "超过", "不到",
    "不足", "≈", "≥", "≤", "左右", "上下", "多", "余", "以上", "以下",
];
const RANGE_MARKS: usize = 7;

/// Why text that is not a number was typed as it was, when the form can tell (an estimate, a
/// range, a letter for a digit, spaces among the digits): each reads as a number once that one
/// thing is undone. Only on the way to an error, so it costs a correct entry nothing.
fn not_a_number(raw: &str, rule: &NumberRule) -> NumberError {
    // A number all the same once the one thing is undone: read, or refused for something else
    // (its decimals, its sign, its unit).
    let reads = |s: Option<&str>| {
        let s = s.unwrap_or("").trim();
        !s.is_empty()
            && !matches!(
                read_number(s, rule),
                Err(NumberError::NotANumber
                    | NumberError::Placeholder
                    | NumberError::ChineseNumerals
                    | NumberError::UnsupportedDigits
                    | NumberError::NonFinite)
            )
    };
    let folded = fold_width(raw);
    let text = folded.trim();
    let b = text.as_bytes();
    if text.len() > MAX_NUMBER_LEN || !b.iter().any(u8::is_ascii_digit) {
        return NumberError::NotANumber;
    }
    // Each mark or word where it first stands: a range's mark after the first byte (a leading
    // minus is a sign), both ends numbers; an estimate's word anywhere, the rest a number.
    for (i, mark) in MARKS.iter().enumerate() {
        let is_range = i < RANGE_MARKS;
        let m = mark.as_bytes();
        let Some(at) = b.windows(m.len()).skip(usize::from(is_range)).position(|w| w == m) else { continue };
        let at = at.saturating_add(usize::from(is_range));
        let (left, right) = (text.get(..at), text.get(at.saturating_add(m.len())..));
        if is_range {
            if reads(left) && reads(right) {
                return NumberError::Range;
            }
        } else if reads(Some(&joined(left, right))) {
            return NumberError::Approximate { word: mark };
        }
    }
    // A plus after the figure (3800+: more than 3800), not between two (120+80, a sum).
    if let Some(head) = text.strip_suffix('+') {
        if reads(Some(head)) {
            return NumberError::Approximate { word: "+" };
        }
    }
    // Brackets around a figure: how an accounting format shows a negative number.
    if let Some(figure) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')).map(str::trim) {
        if figure.as_bytes().first().is_some_and(u8::is_ascii_digit) && reads(Some(figure)) {
            return NumberError::Bracketed { figure: figure.to_string() };
        }
    }
    // Letters for digits, spaces among them: undone, and read again (by a loop: iterator
    // adapters collected into text cost the form package half a kilobyte).
    let mut mended = String::with_capacity(text.len());
    let mut letter = None;
    for c in text.chars() {
        let digit = match c {
            'o' | 'O' => '0',
            'l' | 'I' => '1',
            ' ' => continue,
            _ => c,
        };
        if digit != c {
            letter.get_or_insert((c, digit));
        }
        mended.push(digit);
    }
    if (letter.is_some() || mended.len() < text.len()) && reads(Some(&mended)) {
        return match letter {
            Some((letter, digit)) => NumberError::LetterForDigit { letter, digit },
            None => NumberError::SpaceInNumber,
        };
    }
    NumberError::NotANumber
}

/// Two pieces of text as one (an estimate's word taken out).
fn joined(left: Option<&str>, right: Option<&str>) -> String {
    let mut text = String::from(left.unwrap_or(""));
    text.push_str(right.unwrap_or(""));
    text
}

fn read_number(raw: &str, rule: &NumberRule) -> Result<Decimal, NumberError> {
    if raw.len() > MAX_NUMBER_LEN {
        return Err(NumberError::TooLarge);
    }
    // Whole ledgers only (the form package reads one cell at a time and pays for bytes): the
    // commonest cell read and checked in one pass.
    if cfg!(feature = "bulk") {
        if let Some(value) = parse_simple(raw.as_bytes()) {
            return check_range(value, rule);
        }
    }
    // Fast path: plain digits and a point, as spreadsheets export them.
    if raw.bytes().all(|b| b.is_ascii_digit() || b == b'.') && raw.bytes().any(|b| b.is_ascii_digit()) {
        return check_range(parse_plain(raw, rule.max_decimals)?, rule);
    }
    let text = fold_width(raw);
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if matches!(lower.trim_start_matches(['+', '-']), "nan" | "inf" | "infinity" | "∞") {
        return Err(NumberError::NonFinite);
    }
    // A currency sign before the number (a spreadsheet's currency format, ¥500,000.00) says 元,
    // as the word after it would.
    let (text, yen) = match text.strip_prefix('¥').or_else(|| text.strip_prefix('￥')) {
        Some(rest) => (rest.trim(), true),
        None => (text, false),
    };
    // Split into the numeric head and whatever follows (a unit, or garbage).
    let head_len = text
        .char_indices()
        .find(|(_, c)| !matches!(c, '0'..='9' | '+' | '-' | '.' | ','))
        .map_or(text.len(), |(i, _)| i);
    let (head, tail) = text.split_at(head_len);
    // 整 closing an amount (50万元整, as cheques and receipts write it) adds nothing.
    let suffix = tail.trim();
    let suffix = suffix.strip_suffix('整').map_or(suffix, str::trim);
    let suffix = if suffix.is_empty() && yen { "元" } else { suffix };
    if head.is_empty() || !head.bytes().any(|b| b.is_ascii_digit()) {
        return Err(classify_non_number(text));
    }
    let mut conversion: Option<(String, Decimal)> = None;
    if !suffix.is_empty() {
        if is_exponent(suffix) {
            return Err(NumberError::Scientific);
        }
        if rule.extra_suffixes.contains(&suffix) || rule.unit.accepts_suffix(suffix) {
            // The field's own unit: accepted.
        } else {
            match UnitSpelling::find(suffix) {
                Some(spelling) => match spelling.factor_to(&rule.unit) {
                    Some(factor) => conversion = Some((suffix.to_string(), factor)),
                    None => return Err(NumberError::WrongUnit { typed_unit: suffix.to_string() }),
                },
                None => return Err(classify_non_number(text)),
            }
        }
    }
    let value = parse_plain(head, rule.max_decimals)?;
    if let Some((typed_unit, factor)) = conversion {
        let suggestion = value.checked_mul(factor).ok_or(NumberError::TooLarge)?;
        return Err(NumberError::ConvertibleUnit { typed_unit, suggestion: suggestion.normalize() });
    }
    check_range(value, rule)
}

/// The field's own bounds: sign, minimum, decimals. -0 reads as 0.
fn check_range(value: Decimal, rule: &NumberRule) -> Result<Decimal, NumberError> {
    if value.is_sign_negative() && !value.is_zero() && rule.min.is_some_and(|m| !m.is_sign_negative()) {
        return Err(NumberError::Negative);
    }
    if let Some(min) = rule.min {
        if value < min {
            return Err(NumberError::BelowMin { min });
        }
    }
    // Trailing zeros do not count (normalised only when they might matter: most cells have none).
    if value.scale() > rule.max_decimals && value.normalize().scale() > rule.max_decimals {
        return Err(NumberError::TooManyDecimals { max: rule.max_decimals });
    }
    // -0 reads as 0: the sign of zero carries nothing a form can use.
    let value = if value.is_zero() { Decimal::ZERO } else { value };
    Ok(value)
}

/// Maps full-width forms (Ａ–Ｚ, ０–９, ．，－ …) and the ideographic full stop to ASCII, the
/// ideographic space to a space, and drops zero-width characters that pasting from web pages
/// leaves behind.
pub fn fold_width(s: &str) -> std::borrow::Cow<'_, str> {
    // Plain ASCII (most of what is typed or exported) needs no folding and no allocation.
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(f) = fold_char(c) {
            out.push(f);
        }
    }
    out.into()
}

/// One character folded as `fold_width` does; `None` for the invisible ones it drops.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c).wrapping_sub(0xFEE0)),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => Some(' '),
        // Zero-width and direction marks that copying from web pages and documents leaves.
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{061C}' => None,
        '\u{2212}' | '\u{2013}' | '\u{FE63}' => Some('-'),
        // A Chinese input method types 。 for the point in Chinese punctuation mode (1250。5).
        '\u{3002}' => Some('.'),
        _ => Some(c),
    }
}

fn is_exponent(suffix: &str) -> bool {
    let mut chars = suffix.chars();
    matches!(chars.next(), Some('e' | 'E')) && {
        let rest = chars.as_str().trim_start_matches(['+', '-']);
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
    }
}

const CHINESE_NUMERALS: &str = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億";

/// What ledgers write in a cell for "none" (after full-width folding).
const PLACEHOLDERS: &[&str] = &[
    "-", "--", "/", "\\", "—", "——", "–", "无", "暂无", "没有", "空", "x", "X", "×", "n/a", "N/A", "NA", "null", "NULL",
];

fn classify_non_number(text: &str) -> NumberError {
    if PLACEHOLDERS.contains(&text.trim()) {
        return NumberError::Placeholder;
    }
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    let first = chars.next();
    if first.is_some_and(|c| super::has_char(CHINESE_NUMERALS, c)) {
        return NumberError::ChineseNumerals;
    }
    if text.chars().any(is_other_numeral) {
        return NumberError::UnsupportedDigits;
    }
    NumberError::NotANumber
}

/// Digits and numerals other than 0–9 and the Chinese ones that people paste or type: the
/// superscripts of m², fractions, the digits of Arabic, Persian, Devanagari, Thai, Tibetan
/// and Mongolian, Roman numerals, circled and bracketed numbers, Hangzhou numerals, full-width
/// digits, mathematical digits. A list of our own: `char::is_numeric` links Unicode's whole
/// table of numerals (0.6 KB gzip on every page load). Another script's digits are still not a
/// number, with the general message.
const OTHER_NUMERALS: &[(char, char)] = &[
    ('\u{B2}', '\u{B3}'),
    ('\u{B9}', '\u{B9}'),
    ('\u{BC}', '\u{BE}'),
    ('\u{660}', '\u{669}'),
    ('\u{6F0}', '\u{6F9}'),
    ('\u{966}', '\u{96F}'),
    ('\u{E50}', '\u{E59}'),
    ('\u{F20}', '\u{F33}'),
    ('\u{1810}', '\u{1819}'),
    ('\u{2070}', '\u{2070}'),
    ('\u{2074}', '\u{2079}'),
    ('\u{2080}', '\u{2089}'),
    ('\u{2150}', '\u{2182}'),
    ('\u{2185}', '\u{2189}'),
    ('\u{2460}', '\u{249B}'),
    ('\u{24EA}', '\u{24FF}'),
    ('\u{2776}', '\u{2793}'),
    ('\u{3021}', '\u{3029}'),
    ('\u{3038}', '\u{303A}'),
    ('\u{3192}', '\u{3195}'),
    ('\u{3220}', '\u{3229}'),
    ('\u{3248}', '\u{324F}'),
    ('\u{3251}', '\u{325F}'),
    ('\u{3280}', '\u{3289}'),
    ('\u{32B1}', '\u{32BF}'),
    ('\u{FF10}', '\u{FF19}'),
    ('\u{1D7CE}', '\u{1D7FF}'),
];

fn is_other_numeral(c: char) -> bool {
    OTHER_NUMERALS.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// Most significant digits a decimal holds exactly (rust_decimal's 96-bit mantissa).
const MAX_DIGITS: usize = 28;

/// Parses `[+-]digits[,ddd]*[.digits]` exactly; `max_decimals` (the field's) only names the
/// problem when the digits are more than a decimal holds.
fn parse_plain(head: &str, max_decimals: u32) -> Result<Decimal, NumberError> {
    let unsigned = head.trim_start_matches(['+', '-']);
    let signs = head.len().saturating_sub(unsigned.len());
    if signs > 1 {
        return Err(NumberError::DoubleSign);
    }
    if unsigned.contains(['+', '-']) {
        return Err(NumberError::NotANumber);
    }
    let negative = head.starts_with('-');
    let (int_part, frac_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if frac_part.as_bytes().contains(&b'.') {
        return Err(NumberError::MultiplePoints);
    }
    if frac_part.contains(',') || !grouping_ok(int_part) {
        return Err(NumberError::BadGrouping);
    }
    // Its trailing zeros dropped, by a byte loop: `trim_end_matches('0')` would link the standard
    // library's reverse character searcher for this one call.
    let frac =
        frac_part.get(..frac_part.bytes().rposition(|b| b != b'0').map_or(0, |i| i.saturating_add(1))).unwrap_or("");
    // The integer part's significant digits: leading zeros (and the commas among them) dropped.
    let significant = int_part.trim_start_matches(['0', ',']);
    let int_len = significant.bytes().filter(u8::is_ascii_digit).count();
    if int_len == 0 && frac.is_empty() && int_part.is_empty() && frac_part.is_empty() {
        return Err(NumberError::NotANumber);
    }
    if int_len > MAX_DIGITS {
        return Err(NumberError::TooLarge);
    }
    let scale = frac.len();
    if int_len.saturating_add(scale) > MAX_DIGITS || scale > MAX_DIGITS {
        // Exactness first: these digits cannot all be kept, so we refuse rather than round. The
        // problem is the field's decimals when more were typed than it keeps and the number
        // would fit with only those (12.3456… with 27 decimals in an area is "at most 2
        // decimals", not "a whole number"), else the digits.
        let kept = usize::try_from(max_decimals).unwrap_or(usize::MAX).min(scale);
        return Err(if kept < scale && int_len.saturating_add(kept) <= MAX_DIGITS {
            NumberError::TooManyDecimals { max: max_decimals }
        } else {
            NumberError::TooLarge
        });
    }
    // The digits: the integer part's (its commas skipped), then the fraction's (digits only,
    // checked above). Up to 19 digits fit a u64 (most cells: no 128-bit arithmetic, which wasm
    // does in software).
    let (int_digits, frac_digits) = (significant.as_bytes(), frac.as_bytes());
    let mut mantissa: i128 = if int_len.saturating_add(scale) <= 19 {
        i128::from(digits_u64(digits_u64(0, int_digits), frac_digits))
    } else {
        // At most MAX_DIGITS (28) digits, checked above: below 10^28 < 2^94, so nothing wraps
        // (and no overflow-checked 128-bit multiply is linked in).
        digits_i128(digits_i128(0, int_digits), frac_digits)
    };
    if negative {
        mantissa = mantissa.checked_neg().ok_or(NumberError::TooLarge)?;
    }
    let scale = u32::try_from(scale).map_err(|_| NumberError::TooLarge)?;
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NumberError::TooLarge)
}

/// `m` followed by the ASCII digits among `bytes` (others skipped), wrapping: the caller
/// knows they fit.
fn digits_u64(m: u64, bytes: &[u8]) -> u64 {
    let mut m = m;
    for &b in bytes {
        if b.is_ascii_digit() {
            m = m.wrapping_mul(10).wrapping_add(u64::from(b.wrapping_sub(b'0')));
        }
    }
    m
}

/// `digits_u64` on 128 bits.
fn digits_i128(m: i128, bytes: &[u8]) -> i128 {
    let mut m = m;
    for &b in bytes {
        if b.is_ascii_digit() {
            m = m.wrapping_mul(10).wrapping_add(i128::from(b.wrapping_sub(b'0')));
        }
    }
    m
}

/// `parse_plain` in one pass for the commonest cell: ASCII digits, at least one, with at most
/// one point and at most 19 significant digits (a `u64`; wasm does 128-bit arithmetic in
/// software). `None` for anything else (any other byte included), which the general readers
/// then read or refuse. The value is the same as `parse_plain`'s: leading zeros and the
/// fraction's trailing zeros dropped.
fn parse_simple(raw: &[u8]) -> Option<Decimal> {
    let (int, frac) = match raw.iter().position(|&b| b == b'.') {
        Some(i) => (raw.get(..i)?, raw.get(i.checked_add(1)?..)?),
        None => (raw, &[][..]),
    };
    if frac.contains(&b'.') || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    let lead = int.iter().take_while(|&&b| b == b'0').count();
    let int = int.get(lead..)?;
    let kept = frac.len().saturating_sub(frac.iter().rev().take_while(|&&b| b == b'0').count());
    let frac = frac.get(..kept)?;
    if int.len().saturating_add(frac.len()) > 19 {
        return None;
    }
    let mut m: u64 = 0;
    for &b in int.iter().chain(frac) {
        if !b.is_ascii_digit() {
            return None;
        }
        m = m.wrapping_mul(10).wrapping_add(u64::from(b.wrapping_sub(b'0')));
    }
    let scale = u32::try_from(frac.len()).ok()?;
    // Low and middle 32 bits of the 96-bit mantissa; 19 digits stay below 2^64.
    #[allow(clippy::cast_possible_truncation)]
    Some(Decimal::from_parts(m as u32, (m >> 32) as u32, 0, false, scale))
}

/// `1234567` or `1,234,567`; a comma anywhere else is a grouping error.
fn grouping_ok(int_part: &str) -> bool {
    if !int_part.contains(',') {
        return true;
    }
    // Digits in groups between the commas: the first of one to three, every other of three (by
    // a byte loop: a split on the comma would link the standard library's splitter for it).
    let mut run = 0usize;
    let mut first = true;
    for &b in int_part.as_bytes() {
        if b == b',' {
            if run != 3 && !(first && (1..=3).contains(&run)) {
                return false;
            }
            first = false;
            run = 0;
        } else if b.is_ascii_digit() {
            run = run.saturating_add(1);
        } else {
            return false;
        }
    }
    run == 3
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use std::str::FromStr;

    fn area() -> NumberRule {
        NumberRule { unit: Unit::parse("m2").unwrap(), max_decimals: 2, min: Some(Decimal::ZERO), extra_suffixes: &[] }
    }

    fn money() -> NumberRule {
        NumberRule {
            unit: Unit::parse("万元").unwrap(),
            max_decimals: 4,
            min: Some(Decimal::ZERO),
            extra_suffixes: &[],
        }
    }

    /// The one-pass reader gives exactly `parse_plain`'s decimal (scale included: it shows in
    /// results) wherever it answers, and answers for every cell of up to 19 significant digits.
    #[test]
    fn the_simple_reader_agrees_with_the_general_one() {
        let mut rng = crate::testing::Rng(0x9E37_79B9_7F4A_7C15);
        let mut next = move || rng.next();
        for _ in 0..200_000 {
            let len = (next() % 26) as usize;
            // Zeros and points are over-represented: they are where the two readers could differ.
            let text: String = (0..len)
                .map(|_| match next() % 8 {
                    0 | 1 => '0',
                    2 => '.',
                    _ => char::from(b'0' + (next() % 10) as u8),
                })
                .collect();
            if !text.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let simple = parse_simple(text.as_bytes());
            let plain = parse_plain(&text, 28);
            if let Some(d) = simple {
                assert_eq!(Ok(d), plain, "{text}");
                assert_eq!(Ok(d.scale()), plain.as_ref().map(|p| p.scale()), "{text}");
            } else {
                let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
                let digits = int.trim_start_matches('0').len() + frac.trim_end_matches('0').len();
                assert!(frac.contains('.') || digits > 19, "{text}: no simple reading");
            }
        }
    }

    /// Asked first for every cell of a whole ledger, the one-pass reader answers only for plain
    /// digits with at most one point (and then as `parse_plain` does): a sign, a comma, a space,
    /// a full-width digit or a lone point is left to the general readers.
    #[test]
    fn the_simple_reader_answers_only_for_plain_digits() {
        let pool = ['0', '1', '9', '.', ',', '-', '+', ' ', 'e', '１', '万', '０'];
        let mut rng = crate::testing::Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..100_000 {
            let len = rng.below(6);
            let text: String = (0..len).map(|_| rng.pick(&pool)).collect();
            let plain = text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && text.bytes().any(|b| b.is_ascii_digit())
                && text.matches('.').count() <= 1;
            match parse_simple(text.as_bytes()) {
                Some(d) => {
                    assert!(plain, "{text:?}");
                    assert_eq!(Ok(d), parse_plain(&text, 28), "{text:?}");
                    assert_eq!(Ok(d.scale()), parse_plain(&text, 28).map(|p| p.scale()), "{text:?}");
                }
                None => assert!(!plain, "{text:?}: plain, short, and not read"),
            }
        }
    }

    /// The digit loop against rust_decimal's own exact reading, on every length up to and past
    /// the 28 significant digits a decimal holds (the u64 and the 128-bit paths, and the switch).
    #[test]
    fn plain_numbers_read_exactly_at_every_length() {
        let mut rng = crate::testing::Rng(0x2545_F491_4F6C_DD1D);
        let mut digit = || char::from(b'0' + (rng.next() % 10) as u8);
        for int_len in 0..32 {
            for frac_len in 0..32 {
                for zeros in [0, 2] {
                    let int: String = "0".repeat(zeros) + &(0..int_len).map(|_| digit()).collect::<String>();
                    let frac: String = (0..frac_len).map(|_| digit()).collect();
                    let text = if frac.is_empty() { int.clone() } else { format!("{int}.{frac}") };
                    if text.is_empty() || text == "." {
                        continue;
                    }
                    let got = parse_plain(&text, 28).map(|d| d.normalize());
                    let kept = int.trim_start_matches('0').len() + frac.trim_end_matches('0').len();
                    if kept <= MAX_DIGITS {
                        let frac_kept = frac.trim_end_matches('0');
                        let canonical =
                            if frac_kept.is_empty() { format!("0{int}") } else { format!("0{int}.{frac_kept}") };
                        assert_eq!(got, Ok(Decimal::from_str_exact(&canonical).unwrap().normalize()), "{text}");
                    } else {
                        assert!(got.is_err(), "{text}: {got:?}");
                    }
                    let negative = parse_plain(&format!("-{text}"), 28).map(|d| (-d).normalize());
                    assert_eq!(negative, got, "-{text}");
                }
            }
        }
    }

    #[test]
    fn accepted_spellings() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let rows: &[(&str, Decimal, &str)] = &[
            ("1250", d("1250"), "plain"),
            ("１２５０．５", d("1250.5"), "full-width digits and point"),
            ("1,234,567.89", d("1234567.89"), "grouped thousands"),
            ("1，234.5", d("1234.5"), "full-width comma"),
            ("  600 ", d("600"), "spaces"),
            ("\u{3000}600\u{3000}", d("600"), "ideographic spaces"),
            ("600平方米", d("600"), "unit 平方米"),
            ("600 ㎡", d("600"), "unit ㎡"),
            ("120平", d("120"), "平 alone, as people say it"),
            ("600m²", d("600"), "unit m²"),
            ("600m2", d("600"), "unit m2"),
            ("600.10", d("600.1"), "trailing zero is not a third decimal"),
            ("600.500", d("600.5"), "trailing zeros do not count as decimals"),
            (".5", d("0.5"), "leading point"),
            ("-0", d("0"), "negative zero is zero"),
            ("6\u{200B}00", d("600"), "zero-width space from a web page"),
            ("1250。5", d("1250.5"), "an input method's 。 for the point"),
            ("600平方", d("600"), "平方, as people say square metres"),
            ("600平方米整", d("600"), "整 closing an amount"),
        ];
        for (input, want, why) in rows {
            assert_eq!(parse_number(input, &area()), Ok(*want), "{why}: {input}");
        }
        // A currency sign says 元: accepted in a 元 field, converted for a 万元 one.
        let yuan = NumberRule { unit: Unit::parse("元").unwrap(), ..money() };
        assert_eq!(parse_number("¥1,600.00", &yuan), Ok(d("1600")));
        assert_eq!(parse_number("￥ 1600元整", &yuan), Ok(d("1600")));
        assert_eq!(parse_number("50万元整", &money()), Ok(d("50")));
        // 亿 and 亿元: ten thousand 万元.
        for (typed, unit, want) in [
            ("0.5亿", "亿", "5000"),
            ("1.25亿元", "亿元", "12500"),
            ("5千万", "千万", "5000"),
            ("1.5百万元", "百万元", "150"),
        ] {
            assert_eq!(
                parse_number(typed, &money()),
                Err(NumberError::ConvertibleUnit { typed_unit: unit.into(), suggestion: d(want) })
            );
        }
        assert_eq!(
            parse_number("¥500,000.00", &money()),
            Err(NumberError::ConvertibleUnit { typed_unit: "元".into(), suggestion: d("50") })
        );
        // Alone they are not numbers.
        for s in ["¥", "整", "¥整"] {
            assert_eq!(parse_number(s, &money()), Err(NumberError::NotANumber), "{s}");
        }
        // 年度 after a year, as forms write 2021年度.
        let year = NumberRule { extra_suffixes: SUFFIX_SETS[1], ..area() };
        assert_eq!(parse_number("2021年度", &year), Ok(d("2021")));
    }

    #[test]
    fn other_numerals_are_numerals_of_unicode() {
        for &(lo, hi) in OTHER_NUMERALS {
            for c in lo..=hi {
                assert!(c.is_numeric() && !c.is_ascii_digit() && !super::super::has_char(CHINESE_NUMERALS, c), "{c}");
            }
        }
        for t in ["٣", "۳", "३", "๓", "༣", "᠓", "①", "⑴", "❸", "Ⅷ", "ⅷ", "²", "½", "㈢", "㊂", "〣"]
        {
            assert_eq!(classify_non_number(t), NumberError::UnsupportedDigits, "{t}");
        }
    }

    #[test]
    fn refused_spellings() {
        let rows: &[(&str, NumberError, &str)] = &[
            ("1e3", NumberError::Scientific, "scientific"),
            ("NaN", NumberError::NonFinite, "NaN"),
            ("-Infinity", NumberError::NonFinite, "infinity"),
            ("--5", NumberError::DoubleSign, "double sign"),
            ("1.2.3", NumberError::MultiplePoints, "two points"),
            ("五十", NumberError::ChineseNumerals, "Chinese numerals"),
            ("1,23,4", NumberError::BadGrouping, "wrong grouping"),
            ("1234,5", NumberError::BadGrouping, "comma as decimal point"),
            ("600户", NumberError::WrongUnit { typed_unit: "户".into() }, "wrong unit"),
            ("1250.555", NumberError::TooManyDecimals { max: 2 }, "three decimals"),
            ("-5", NumberError::Negative, "negative area"),
            ("abc", NumberError::NotANumber, "letters"),
            ("平方米", NumberError::NotANumber, "only a unit"),
            ("12abc", NumberError::NotANumber, "garbage suffix"),
            ("٣", NumberError::UnsupportedDigits, "Arabic-Indic digit"),
            // What the number was meant to be can be told: an estimate, a range, a letter for a
            // digit, spaces among the digits.
            ("约1250", NumberError::Approximate { word: "约" }, "约 before"),
            ("1250左右", NumberError::Approximate { word: "左右" }, "左右 after"),
            ("1000多平方米", NumberError::Approximate { word: "多" }, "多 before the unit"),
            ("～1250", NumberError::Approximate { word: "~" }, "a full-width tilde before"),
            ("1250.555左右", NumberError::Approximate { word: "左右" }, "an estimate first"),
            ("1200-1300", NumberError::Range, "hyphen"),
            ("1200～1300", NumberError::Range, "full-width tilde"),
            ("1200至1300平方米", NumberError::Range, "至, a unit after"),
            ("1200—1300", NumberError::Range, "dash"),
            ("-1200--1300", NumberError::Range, "negative ends"),
            ("86o", NumberError::LetterForDigit { letter: 'o', digit: '0' }, "o for 0"),
            ("l250", NumberError::LetterForDigit { letter: 'l', digit: '1' }, "l for 1"),
            ("1 250", NumberError::SpaceInNumber, "a space among the digits"),
            ("3800+", NumberError::Approximate { word: "+" }, "a plus after"),
            ("≥50", NumberError::Approximate { word: "≥" }, "at least"),
            ("120+80", NumberError::NotANumber, "a sum"),
            ("1250亩", NumberError::WrongUnit { typed_unit: "亩".into() }, "亩 is not converted"),
            (
                "0.125公顷",
                NumberError::ConvertibleUnit { typed_unit: "公顷".into(), suggestion: Decimal::from(1250) },
                "公顷",
            ),
            // Nothing to tell: still not a number.
            ("1200-", NumberError::NotANumber, "a range's start only"),
            ("约五十", NumberError::NotANumber, "an estimate in Chinese numerals"),
            ("o", NumberError::NotANumber, "a letter alone"),
            ("12 abc", NumberError::NotANumber, "garbage after a space"),
            ("1250；", NumberError::NotANumber, "punctuation after"),
            ("999999999999999999999999999999", NumberError::TooLarge, "thirty 9s"),
            // More digits than a decimal holds: the field's own decimals when those are what
            // is too many, the digits otherwise.
            ("12.3456789012345678901234567", NumberError::TooManyDecimals { max: 2 }, "27 decimals"),
            ("0.00000000000000000000000000001", NumberError::TooManyDecimals { max: 2 }, "29 decimals"),
            ("123456789012345678901234567.55", NumberError::TooLarge, "27 integer digits and 2 decimals"),
            ("12345678901234567890123456789.25", NumberError::TooLarge, "29 integer digits"),
            ("1234567890123456789012345678.25", NumberError::TooLarge, "28 integer digits and 2 decimals"),
            ("1234567890123456789012345678.255", NumberError::TooLarge, "28 integer digits and 3 decimals"),
        ];
        for (input, want, why) in rows {
            assert_eq!(parse_number(input, &area()).as_ref(), Err(want), "{why}: {input}");
        }
    }

    #[test]
    fn yuan_in_a_wan_field_suggests_the_wan_value() {
        // 500000 元 ÷ 10000 = 50 万元
        assert_eq!(
            parse_number("500000元", &money()),
            Err(NumberError::ConvertibleUnit { typed_unit: "元".into(), suggestion: Decimal::from(50) })
        );
        assert_eq!(parse_number("50万", &money()), Ok(Decimal::from(50)));
        assert_eq!(parse_number("50万元", &money()), Ok(Decimal::from(50)));
        assert_eq!(parse_number("0.0001", &money()), Ok(Decimal::new(1, 4)));
    }

    /// The byte loop decides as the split on commas did: the first group of one to three
    /// digits, every other of three; on every text of up to seven characters from digits,
    /// commas and one other character.
    #[test]
    fn grouping_is_decided_as_by_splitting() {
        fn by_split(int_part: &str) -> bool {
            if !int_part.contains(',') {
                return true;
            }
            let mut groups = int_part.split(',');
            let first_ok =
                groups.next().is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
            first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
        }
        let alphabet = ['1', ',', 'x'];
        let mut texts = vec![String::new()];
        for _ in 0..7 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer);
        }
        for t in &texts {
            assert_eq!(grouping_ok(t), by_split(t), "{t:?}");
        }
    }

    #[test]
    fn split_all_is_split_collected() {
        for (text, sep) in [("", '-'), ("-", '-'), ("a-b", '-'), ("a--b-", '-'), ("2021.4.28", '.'), ("年月", '月')]
        {
            assert_eq!(super::super::split_all(text, sep), text.split(sep).collect::<Vec<_>>());
        }
    }
}
