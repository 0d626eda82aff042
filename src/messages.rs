//! The built-in messages: what is wrong with a typed value, in zh-CN and English, naming the
//! field's label and unit and saying what is expected. Each has a stable `code`.

use rust_decimal::Decimal;

use crate::format::{fmt_decimal_plain, Locale};
use crate::value::{DateError, IdCardError, InputError, NumberError};

/// Stable code of an input error, as it appears in `issues[].code`.
pub fn input_code(e: &InputError) -> &'static str {
    match e {
        InputError::Required => "required",
        InputError::Number(n) => match n {
            NumberError::NotANumber => "not_a_number",
            NumberError::Placeholder => "placeholder",
            NumberError::Scientific => "scientific_notation",
            NumberError::NonFinite => "not_finite",
            NumberError::ChineseNumerals => "chinese_numerals",
            NumberError::UnsupportedDigits => "unsupported_digits",
            NumberError::DoubleSign => "double_sign",
            NumberError::MultiplePoints => "multiple_points",
            NumberError::BadGrouping => "bad_grouping",
            NumberError::WrongUnit { .. } => "wrong_unit",
            NumberError::ConvertibleUnit { .. } => "use_field_unit",
            NumberError::TooManyDecimals { max: 0 } => "not_integer",
            NumberError::TooManyDecimals { .. } => "too_many_decimals",
            NumberError::Negative => "negative",
            NumberError::BelowMin { .. } => "below_minimum",
            NumberError::TooLarge => "too_large",
            NumberError::Approximate { .. } => "approximate",
            NumberError::Range => "range",
            NumberError::LetterForDigit { .. } => "letter_for_digit",
            NumberError::SpaceInNumber => "space_in_number",
            NumberError::Bracketed { .. } => "bracketed_number",
        },
        InputError::Date(DateError::Format) => "invalid_date",
        InputError::Date(DateError::NoSuchDate { .. }) => "no_such_date",
        InputError::Date(DateError::NoYear) => "date_without_year",
        InputError::Date(DateError::YearLast) => "date_year_last",
        InputError::Date(DateError::Serial(_)) => "date_serial_number",
        InputError::Date(DateError::Period { .. }) => "date_period",
        InputError::Date(DateError::Before) => "date_before",
        InputError::Year => "invalid_year",
        InputError::TooLong { .. } => "too_long",
        InputError::ControlChars => "control_characters",
        InputError::Choice => "not_an_option",
        InputError::YesNo => "not_yes_no",
        InputError::Phone => "invalid_phone",
        InputError::Email => "invalid_email",
        InputError::IdCard(IdCardError::Format) => "id_card_format",
        InputError::IdCard(IdCardError::Region) => "id_card_region",
        InputError::IdCard(IdCardError::BirthDate) => "id_card_birth_date",
        InputError::IdCard(IdCardError::CheckDigit) => "id_card_check_digit",
        InputError::CheckItem { .. } => "not_an_option",
        InputError::ImageType { .. } => "image_type",
        InputError::ImageSize { .. } => "image_too_large",
        InputError::Shape => "wrong_shape",
        InputError::SeveralCells { .. } => "several_cells",
        InputError::LineBreak => "line_break",
        InputError::SheetError => "spreadsheet_error",
    }
}

/// A spreadsheet's grand totals row whose total of a column is not the sum of its rows, or is
/// a spreadsheet's error value (`failed`: `#REF!`, the total's formula failed), with the rows'
/// sum when every row reads: (zh-CN, English).
pub fn totals_row(
    record: u32,
    label: &crate::spec::L10n,
    typed: &str,
    sum: Option<&str>,
    unit: &crate::spec::L10n,
    failed: bool,
) -> (String, String) {
    let typed = shorten(typed);
    let (zh_sum, en_sum) = match sum {
        Some(s) => (
            format!("，按各行相加应为{s}{}", unit.zh),
            format!("; the rows add up to {s}{}{}", if unit.en.is_empty() { "" } else { " " }, unit.en),
        ),
        None => (String::new(), String::new()),
    };
    let (zh_as, zh_failed, en_failed) = if failed {
        ("为", format!("，是{}", SHEET_ERROR.0), format!(", {}", SHEET_ERROR.1))
    } else {
        ("填报为", String::new(), String::new())
    };
    (
        format!("第{record}行合计的{}{zh_as}“{typed}”{zh_failed}{zh_sum}", label.zh),
        format!("The totals row (row {record}) gives {} as “{typed}”{en_failed}{en_sum}", mid_sentence(&label.en)),
    )
}

/// What a spreadsheet's error value is (`#REF!`, `value::is_sheet_error`), as every message that
/// meets one says it: (zh-CN, English).
pub const SHEET_ERROR: (&str, &str) =
    ("电子表格中公式出错时显示的错误值", "the error a spreadsheet shows where a formula failed");

/// What the user typed, shortened for a message (a 10,000-character paste is not repeated).
pub fn shorten(raw: &str) -> String {
    // A control character (a line break, a tab) is shown as a space: dropped, it would join
    // what it separated ("1250\n599" is not “1250599”).
    // One pass: the first 40 characters, then an ellipsis if there is a 41st.
    let mut out = String::new();
    for (i, c) in raw.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// Everything a message may name about its field.
pub struct FieldInfo<'a> {
    pub label: &'a str,
    pub unit: &'a str,
    pub options: &'a [&'a str],
    pub is_year: bool,
    /// What a blank stands for (`"blank": "0"`): such a field is left blank when there is none.
    pub blank_counts_as: Option<Decimal>,
}

/// A label as it reads inside an English sentence: "Reporting unit" → "reporting unit". A label
/// whose second letter is a capital too ("ID card number") keeps its capitals.
fn mid_sentence(label: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second) if first.is_ascii_uppercase() && !second.is_some_and(|c| c.is_ascii_uppercase()) => {
            let mut out = String::with_capacity(label.len());
            out.push(first.to_ascii_lowercase());
            // The first character is one byte (ASCII).
            out.push_str(label.get(1..).unwrap_or(""));
            out.into()
        }
        _ => label.into(),
    }
}

/// Renders an input error for a field.
pub fn input_message(e: &InputError, f: &FieldInfo<'_>, raw: &str, loc: Locale) -> String {
    let en = loc == Locale::En;
    let label = f.label;
    let unit = f.unit;
    let raw = shorten(raw);
    let unit_zh = if unit.is_empty() { String::new() } else { format!("（单位：{unit}）") };
    let unit_en = if unit.is_empty() { String::new() } else { format!(" in {unit}") };
    match e {
        InputError::Required => {
            if en {
                format!("Enter the {}", mid_sentence(label))
            } else {
                format!("请填写{label}")
            }
        }
        InputError::Number(n) => number_message(n, f, &raw, en, &unit_zh, &unit_en),
        InputError::Date(DateError::Format) => {
            if en {
                format!("{label} must be a date such as 2020-12-31, 2020年12月31日 or 2020年12月; you entered “{raw}”")
            } else {
                format!("{label}应为日期，如 2020-12-31、2020年12月31日 或 2020年12月，您填写的是“{raw}”")
            }
        }
        InputError::Date(DateError::NoYear) => {
            if en {
                format!("{label} needs the year, e.g. 2020-12-31 or 2020年12月31日; you entered “{raw}”")
            } else {
                format!("{label}缺少年份，请写完整的日期，如 2020-12-31 或 2020年12月31日，您填写的是“{raw}”")
            }
        }
        InputError::Date(DateError::YearLast) => {
            if en {
                format!("{label} is written year first, e.g. 2020-12-31; you entered “{raw}”")
            } else {
                format!("{label}请按年、月、日的顺序填写，如 2020-12-31，您填写的是“{raw}”")
            }
        }
        InputError::Date(DateError::Serial(date)) => {
            if en {
                format!("{label}: “{raw}” is a spreadsheet's number for the date {date}; enter the date itself, e.g. {date}")
            } else {
                format!("{label}“{raw}”是表格软件中日期的序号（即 {date}），请填写日期本身，如 {date}")
            }
        }
        InputError::Date(DateError::Period { year, month }) => {
            // Numbers formatted as u32, the one integer type the form package formats (each
            // type's formatting is a copy of its own); a year read from digits is not negative.
            let (year, month) = (year.unsigned_abs(), u32::from(*month));
            if en {
                format!("{label} must name a month or a day, e.g. {year}-{month:02}; you entered “{raw}”")
            } else {
                format!("{label}请写明具体的月份或日期，如 {year}年{month}月，您填写的是“{raw}”")
            }
        }
        InputError::Date(DateError::Before) => {
            if en {
                format!("{label} must be the date itself, without “before” (前); you entered “{raw}”")
            } else {
                format!("{label}请填写日期本身，不写“前”，您填写的是“{raw}”")
            }
        }
        // A month outside 1–12 is what is wrong, not the day in it ("2021年13月没有1日").
        InputError::Date(DateError::NoSuchDate { month, .. }) if !(1..=12).contains(month) => {
            if en {
                format!("{label}: “{raw}” is not a real date: the month is from 1 to 12")
            } else {
                format!("{label}“{raw}”不是有效日期：月份应为1—12")
            }
        }
        InputError::Date(DateError::NoSuchDate { year, month, day }) => {
            let (year, month, day) = (year.unsigned_abs(), u32::from(*month), u32::from(*day));
            if en {
                format!("{label}: {year}-{month:02}-{day:02} is not a real date")
            } else {
                format!("{label}“{raw}”不是有效日期：{year}年{month}月没有{day}日")
            }
        }
        InputError::Year => {
            if en {
                format!("{label} must be a 4-digit year such as 2021")
            } else {
                format!("{label}应为4位年份，如 2021")
            }
        }
        InputError::TooLong { max, len } => {
            if en {
                format!("{label} is too long: {len} characters, at most {max}")
            } else {
                format!("{label}过长：共{len}个字符，最多{max}个字符")
            }
        }
        InputError::ControlChars => {
            if en {
                format!("{label} contains invisible control or direction characters; delete them and type it again")
            } else {
                format!("{label}包含不可见的控制字符或方向字符，请删除后重新填写")
            }
        }
        InputError::Choice => {
            let opts = crate::format::join(f.options, if en { ", " } else { "、" });
            if en {
                format!("{label} must be one of: {opts}; you entered “{raw}”")
            } else {
                format!("{label}应为以下之一：{opts}；您填写的是“{raw}”")
            }
        }
        InputError::CheckItem { item } => {
            let item = shorten(item);
            let opts = crate::format::join(f.options, if en { ", " } else { "、" });
            if en {
                format!("{label}: “{item}” is not one of the options ({opts})")
            } else {
                format!("{label}中的“{item}”不是可选项（可选：{opts}）")
            }
        }
        InputError::YesNo => {
            if en {
                format!("{label} must be yes or no (是/否); you entered “{raw}”")
            } else {
                format!("{label}应填写“是”或“否”，您填写的是“{raw}”")
            }
        }
        InputError::Phone => {
            if en {
                format!("{label} must be an 11-digit mobile number or a landline such as 023-89188305 or 89188305; you entered “{raw}”")
            } else {
                format!("{label}应为11位手机号码或固定电话（如 023-89188305 或 89188305），您填写的是“{raw}”")
            }
        }
        InputError::Email => {
            if en {
                format!("{label} must be an e-mail address such as name@example.cn; you entered “{raw}”")
            } else {
                format!("{label}应为电子邮箱地址，如 name@example.cn，您填写的是“{raw}”")
            }
        }
        InputError::IdCard(k) => {
            let (zh, en_text) = match k {
                IdCardError::Format => {
                    ("应为18位，前17位为数字，最后一位为数字或X", "must be 18 characters: 17 digits, then a digit or X")
                }
                IdCardError::Region => {
                    ("前两位不是有效的省级行政区划代码", "does not start with a valid province code")
                }
                IdCardError::BirthDate => ("第7至14位不是有效的出生日期", "characters 7–14 are not a valid birth date"),
                IdCardError::CheckDigit => {
                    ("校验位不正确，请核对是否有输错的数字", "has a wrong check character; check for a mistyped digit")
                }
            };
            if en {
                format!("{label} {en_text} (GB 11643)")
            } else {
                format!("{label}{zh}（GB 11643）")
            }
        }
        InputError::ImageType { name } => {
            let name = shorten(name);
            if en {
                format!("{label}: “{name}” must be a JPEG or PNG image")
            } else {
                format!("{label}：“{name}”应为 JPG 或 PNG 格式的图片")
            }
        }
        InputError::ImageSize { name, max_bytes } => {
            let mb = Decimal::from(*max_bytes).checked_div(Decimal::from(1_048_576)).unwrap_or(Decimal::ZERO);
            let mb = fmt_decimal_plain(crate::formula::round_half_up(mb, 1));
            let name = shorten(name);
            if en {
                format!("{label}: “{name}” is larger than {mb} MB")
            } else {
                format!("{label}：“{name}”超过 {mb} MB")
            }
        }
        // Cells of a spreadsheet row pasted into one field (tabs, shown as spaces, between them).
        InputError::SeveralCells { cells } => {
            if en {
                format!("{label}: the pasted text holds {cells} cells (“{raw}”); this field takes one value, so copy a single cell")
            } else {
                format!("{label}只填一个值，粘贴的内容有{cells}个单元格（“{raw}”），请只复制其中一个单元格")
            }
        }
        InputError::LineBreak => {
            if en {
                format!("{label} goes on one line: what was entered has a line break (“{raw}”); delete it, or if several cells were copied, copy a single one")
            } else {
                format!("{label}应填在一行内，填写的内容有换行（“{raw}”），请删除换行；如是复制了多个单元格，请只复制其中一个")
            }
        }
        // A formula's failure in the spreadsheet the value came from: the cell is to be mended
        // there, or its value typed instead.
        InputError::SheetError => {
            if en {
                format!(
                    "{label}: “{raw}” is {}; correct the formula in the spreadsheet, or enter the value itself",
                    SHEET_ERROR.1
                )
            } else {
                format!("{label}：“{raw}”是{}，请先在表格中改正公式，或直接填写正确的值", SHEET_ERROR.0)
            }
        }
        InputError::Shape => {
            if en {
                format!("{label} received a value of the wrong shape (a list or object where text was expected, or the reverse)")
            } else {
                format!("{label}的取值格式不对（应为单个值却收到列表或对象，或相反）")
            }
        }
    }
}

fn number_message(n: &NumberError, f: &FieldInfo<'_>, raw: &str, en: bool, unit_zh: &str, unit_en: &str) -> String {
    let label = f.label;
    let unit = f.unit;
    match n {
        // "/", "—", "无": what a spreadsheet puts for "none". Where a blank counts as 0, a
        // blank is how to say so.
        NumberError::Placeholder if f.blank_counts_as.is_some() => {
            let zero = f.blank_counts_as.map(fmt_decimal_plain).unwrap_or_default();
            if en {
                format!("{label}: if there is none, leave it blank (a blank counts as {zero}); you entered “{raw}”")
            } else {
                format!("{label}如没有，请留空（留空按{zero}计），您填写的是“{raw}”")
            }
        }
        NumberError::NotANumber | NumberError::Placeholder if f.is_year => {
            if en {
                format!("{label} must be a 4-digit year such as 2021; you entered “{raw}”")
            } else {
                format!("{label}应为4位年份，如 2021，您填写的是“{raw}”")
            }
        }
        NumberError::NotANumber | NumberError::Placeholder => {
            if en {
                format!("{label} must be a number{unit_en}; you entered “{raw}”")
            } else {
                format!("{label}应填写数字{unit_zh}，您填写的是“{raw}”")
            }
        }
        NumberError::Scientific => {
            if en {
                format!("{label} cannot use scientific notation (“{raw}”); write the number out, e.g. 1000")
            } else {
                format!("{label}不能使用科学计数法（“{raw}”），请直接写出数字，如 1000")
            }
        }
        NumberError::NonFinite => {
            if en {
                format!("{label} must be an actual number; “{raw}” is not one")
            } else {
                format!("{label}应填写具体数值，“{raw}”不是有效数字")
            }
        }
        NumberError::ChineseNumerals => {
            let e = if f.is_year { "2021" } else { "50" };
            if en {
                format!("{label} must be written in digits (e.g. {e}), not Chinese numerals (“{raw}”)")
            } else {
                format!("{label}请用阿拉伯数字填写（如 {e}），不能写作“{raw}”")
            }
        }
        NumberError::UnsupportedDigits => {
            if en {
                format!("{label} contains digits that are not 0–9 (“{raw}”)")
            } else {
                format!("{label}包含无法识别的数字字符（“{raw}”），请使用 0–9")
            }
        }
        NumberError::DoubleSign => {
            if en {
                format!("{label} has more than one sign (“{raw}”)")
            } else {
                format!("{label}的正负号重复（“{raw}”）")
            }
        }
        NumberError::MultiplePoints => {
            if en {
                format!("{label} has more than one decimal point (“{raw}”)")
            } else {
                format!("{label}包含多个小数点（“{raw}”）")
            }
        }
        NumberError::BadGrouping => {
            // A comma typed after the number (the input method's “，” after 650) is not a
            // separator misplaced but one too many. One call per language, the texts chosen:
            // a `format!` costs the form package more than its words.
            let stray = raw.as_bytes().ends_with(b",") || raw.as_bytes().ends_with("，".as_bytes());
            if en {
                let (before, after) = if stray {
                    ("a stray comma ends ", "; remove it")
                } else {
                    ("the thousands separators in ", " are misplaced; group by three, e.g. 1,234,567.89")
                };
                format!("{label}: {before}“{raw}”{after}")
            } else {
                let (before, after) = if stray {
                    ("末尾多了一个逗号", "，请删去")
                } else {
                    ("的千位分隔符位置不对", "，应每三位一个逗号，如 1,234,567.89")
                };
                format!("{label}{before}（“{raw}”）{after}")
            }
        }
        NumberError::WrongUnit { typed_unit } => {
            if en {
                format!("{label} is in {unit}, not “{typed_unit}”; you entered “{raw}”")
            } else {
                format!("{label}的单位是{unit}，不是“{typed_unit}”，您填写的是“{raw}”")
            }
        }
        NumberError::ConvertibleUnit { typed_unit, suggestion } => {
            let s = fmt_decimal_plain(*suggestion);
            if en {
                format!("{label} is entered in {unit}: {raw} = {s} {unit}; enter {s}")
            } else {
                format!("{label}应以{unit}为单位填写：{raw} = {s}{unit}，请填写 {s}（您填写的单位是“{typed_unit}”）")
            }
        }
        NumberError::TooManyDecimals { max: 0 } => {
            if en {
                format!("{label} must be a whole number; you entered {raw}")
            } else {
                format!("{label}应为整数，您填写的是 {raw}")
            }
        }
        NumberError::TooManyDecimals { max } => {
            if en {
                let places = if *max == 1 { "place" } else { "places" };
                format!("{label} takes at most {max} decimal {places}; you entered {raw}")
            } else {
                format!("{label}最多保留{max}位小数，您填写的是 {raw}")
            }
        }
        NumberError::Negative => {
            if en {
                format!("{label} cannot be negative; you entered {raw}")
            } else {
                format!("{label}不能为负数，您填写的是 {raw}")
            }
        }
        NumberError::BelowMin { min } => {
            let m = fmt_decimal_plain(*min);
            if f.is_year {
                return if en {
                    format!("{label} must be a 4-digit year such as 2021; you entered {raw}")
                } else {
                    format!("{label}应为4位年份，如 2021，您填写的是 {raw}")
                };
            }
            if en {
                format!("{label} must be at least {m}; you entered {raw}")
            } else {
                format!("{label}至少为{m}{unit}，您填写的是 {raw}")
            }
        }
        NumberError::Approximate { word } => {
            if en {
                format!("{label} must be the figure itself, not an estimate (“{word}”); you entered “{raw}”")
            } else {
                format!("{label}应填写确切数值，不能写“{word}”，您填写的是“{raw}”")
            }
        }
        NumberError::Range => {
            if en {
                format!("{label} takes one figure, not a range; you entered “{raw}”")
            } else {
                format!("{label}只填一个数值，不能填写范围，您填写的是“{raw}”")
            }
        }
        NumberError::LetterForDigit { letter, digit } => {
            // As text: a character formatted as itself would link `char`'s own formatting.
            let (mut l, mut d) = ([0u8; 4], [0u8; 4]);
            let (letter, digit) = (&*letter.encode_utf8(&mut l), &*digit.encode_utf8(&mut d));
            if en {
                format!("{label}: “{raw}” has the letter “{letter}” where the digit {digit} is meant")
            } else {
                format!("{label}中的字母“{letter}”应为数字{digit}，您填写的是“{raw}”")
            }
        }
        NumberError::Bracketed { figure } => {
            if en {
                format!("{label}: brackets mark a negative number in accounting formats (“{raw}” is -{figure}); enter the figure without brackets")
            } else {
                format!("{label}的括号在会计格式中表示负数（“{raw}”即 -{figure}），请填写数字本身，不带括号")
            }
        }
        NumberError::SpaceInNumber => {
            if en {
                format!("{label} has spaces between its digits (“{raw}”); remove them")
            } else {
                format!("{label}的数字中间有空格（“{raw}”），请删去空格")
            }
        }
        NumberError::TooLarge => {
            if en {
                format!("{label} is too large to calculate exactly (at most 28 significant digits)")
            } else {
                format!("{label}数值过大，无法精确计算（最多28位有效数字）")
            }
        }
    }
}

/// Messages for a computed value that could not be computed.
pub fn eval_message(e: crate::formula::EvalError, label: &str, loc: Locale) -> (&'static str, String) {
    use crate::formula::EvalError;
    let en = loc == Locale::En;
    match e {
        EvalError::Overflow => (
            "overflow",
            if en {
                format!("{label} cannot be calculated: the numbers are too large")
            } else {
                format!("{label}无法计算：数值超出可精确计算的范围")
            },
        ),
        EvalError::DivisionByZero => (
            "division_by_zero",
            if en {
                format!("{label} cannot be calculated: division by zero")
            } else {
                format!("{label}无法计算：除数为0")
            },
        ),
    }
}

/// The duplicate-rows list of a unique rule, each row by its number (`number`, as the reader
/// knows it): `第3、7行` / `rows 3, 7`. At most the first few rows are named; `total` says how
/// many there are.
pub fn rows_list(rows: &[u32], number: impl Fn(u32) -> u32, total: usize, loc: Locale) -> String {
    let mut nums: Vec<String> = Vec::with_capacity(rows.len());
    for &r in rows {
        let mut n = String::new();
        crate::format::push_u32(&mut n, number(r));
        nums.push(n);
    }
    let more = total > rows.len();
    match (loc, more) {
        (Locale::En, false) => {
            format!("row{} {}", if nums.len() == 1 { "" } else { "s" }, crate::format::join(&nums, ", "))
        }
        (Locale::En, true) => {
            format!("rows {} and {} more", crate::format::join(&nums, ", "), total.saturating_sub(rows.len()))
        }
        (Locale::ZhCn, false) => format!("第{}行", crate::format::join(&nums, "、")),
        (Locale::ZhCn, true) => format!("第{}行等{}行", crate::format::join(&nums, "、"), total),
    }
}

#[cfg(test)]
mod tests {
    use super::mid_sentence;

    #[test]
    fn a_label_inside_an_english_sentence() {
        assert_eq!(mid_sentence("Reporting unit"), "reporting unit");
        assert_eq!(mid_sentence("Sub-district (township)"), "sub-district (township)");
        assert_eq!(mid_sentence("ID number"), "ID number");
        assert_eq!(mid_sentence("E"), "e");
        assert_eq!(mid_sentence("“Year”"), "“Year”");
        assert_eq!(mid_sentence(""), "");
        assert_eq!(mid_sentence("填报单位"), "填报单位");
    }
}
