//! Calendar dates as the notices and applicants write them: `2020-12-31`, `2020/12/31`,
//! `2020.12.31`, `2020年12月31日`, and month precision `2020-12`, `2020年12月`, `2020年12月底`
//! (the last day of that month: "12月底前" means on or before December 31), and `2020年底` (the
//! year's last day, as 12月底).

use std::fmt;

use super::number::fold_width;

/// A proleptic Gregorian date. Field order makes the derived ordering chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Why a typed date was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum DateError {
    /// Not in any accepted spelling.
    Format,
    /// Well-formed but not on the calendar (2021-02-29, 2020-13-01).
    NoSuchDate { year: i32, month: u8, day: u8 },
    /// A month and day without the year: `4月28日`, `4/28`.
    NoYear,
    /// The year last: `28/04/2021` or `04/28/2021`, which cannot be told apart.
    YearLast,
    /// A spreadsheet's serial number of a date (`44314`, what a date cell shows formatted as a
    /// number), with the date it stands for.
    Serial(Date),
    /// Half a year or a quarter (`2021年上半年`, `2021年第二季度`), with the month it ends in.
    Period { year: i32, month: u8 },
    /// A date with "before" (`2021年6月30日前`, `2021年底以前`): a deadline, not the date.
    Before,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A checked constructor: `None` when the date is not on the calendar or the year is outside
    /// 1000–9999.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok =
            (1000..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), for differences between dates.
    // Bounded inputs (years 1000–9999, months 1–12, days 1–31) keep every step far from i64's
    // limits, so plain arithmetic is exact here.
    #[allow(clippy::arithmetic_side_effects)]
    pub fn day_number(&self) -> i64 {
        // Howard Hinnant's days_from_civil, in i64 so nothing can overflow for 4-digit years.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As u32, the one integer type the form package formats (each type's formatting is a
        // copy of its own). Every date is made by `Date::new` (the precompiled-form reader's
        // too): its year is 1000–9999.
        let (year, month, day) = (self.year.unsigned_abs(), u32::from(self.month), u32::from(self.day));
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

/// Reads a date in any accepted spelling; `raw` is trimmed and non-empty.
pub fn parse_date(raw: &str) -> Result<Date, DateError> {
    if raw.len() > 64 {
        return Err(DateError::Format);
    }
    let folded = fold_width(raw);
    let mut text = super::without_spaces(without_midnight(&folded));
    if let Some(digits) = chinese_date(&text) {
        text = digits;
    }
    // A deadline (2021年6月30日前): the date is read without its "before", and refused if it is
    // one (one call of `read_date`, which the form package keeps inlined).
    let date = ["之前", "以前", "前"].iter().find_map(|b| text.strip_suffix(b)).unwrap_or(&text);
    match read_date(date) {
        Err(DateError::Format) => Err(why_not(&text)),
        Ok(_) if date.len() < text.len() => Err(DateError::Before),
        read => read,
    }
}

/// A date of `text` (folded, no spaces) in any accepted spelling.
fn read_date(text: &str) -> Result<Date, DateError> {
    let (parts, month_end) = split_date(text).ok_or(DateError::Format)?;
    let mut nums = [0u32; 3];
    let count = parts.len();
    for (slot, part) in nums.iter_mut().zip(parts.iter()) {
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Format);
        }
        *slot = super::parse_u64(part).and_then(|n| u32::try_from(n).ok()).ok_or(DateError::Format)?;
    }
    let [y, m, d] = nums;
    let year_ok = parts.first().is_some_and(|p| p.len() == 4);
    let rest_ok = parts.iter().skip(1).all(|p| p.len() <= 2);
    if !year_ok || !rest_ok {
        return Err(DateError::Format);
    }
    let year = i32::try_from(y).map_err(|_| DateError::Format)?;
    if year < 1000 {
        return Err(DateError::Format);
    }
    let month = u8::try_from(m).map_err(|_| DateError::Format)?;
    let day = match count {
        2 => {
            let last = days_in_month(year, month);
            if last == 0 {
                return Err(DateError::NoSuchDate { year, month, day: 1 });
            }
            last
        }
        3 if !month_end => u8::try_from(d).map_err(|_| DateError::Format)?,
        _ => return Err(DateError::Format),
    };
    Date::new(year, month, day).ok_or(DateError::NoSuchDate { year, month, day })
}

/// Periods a date is sometimes given as, and the month each ends in.
const PERIODS: &[(&str, u8)] =
    &[("上半年", 6), ("下半年", 12), ("1季度", 3), ("2季度", 6), ("3季度", 9), ("4季度", 12)];

/// Why text that is no date in any spelling was typed as it was, when that can be told: a month
/// and day without the year, the year last, a spreadsheet's serial number.
fn why_not(text: &str) -> DateError {
    let digits = |p: &str, max: usize| !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit());
    // Half a year or a quarter (its numeral already a digit: 第二季度 is 第2季度 by now).
    if let Some((y, rest)) = text.split_once('年') {
        let period = rest.strip_prefix('第').unwrap_or(rest);
        if let (true, Some(&(_, month))) = (digits(y, 4), PERIODS.iter().find(|p| p.0 == period)) {
            if let Some(year) = super::parse_u64(y).and_then(|n| i32::try_from(n).ok()) {
                return DateError::Period { year, month };
            }
        }
    }
    if let Some((m, d)) = text.strip_suffix(['日', '号']).and_then(|r| r.split_once('月')) {
        if digits(m, 2) && digits(d, 2) {
            return DateError::NoYear;
        }
    }
    if let Some(sep) = text.chars().find(|c| matches!(c, '-' | '/' | '.')) {
        let parts = super::split_all(text, sep);
        match parts.as_slice() {
            [m, d] if digits(m, 2) && digits(d, 2) && sep != '.' => return DateError::NoYear,
            [a, b, y] if digits(a, 2) && digits(b, 2) && y.len() == 4 && digits(y, 4) => return DateError::YearLast,
            _ => {}
        }
    }
    // Serial numbers 20000–80000 are the years 1954–2119: a five-digit number is no other date.
    if text.len() == 5 && digits(text, 5) {
        if let Some(date) = super::parse_u64(text).filter(|n| (20_000..=80_000).contains(n)).and_then(serial_date) {
            return DateError::Serial(date);
        }
    }
    DateError::Format
}

/// The date of a spreadsheet serial number above 60 (day 1 is 1900-01-01, and 1900 is counted
/// as a leap year, so from day 61 on the days count from 1899-12-30).
#[allow(clippy::arithmetic_side_effects)]
fn serial_date(serial: u64) -> Option<Date> {
    // Howard Hinnant's civil_from_days, from 1970-01-01 (day 25,569 of the serial numbers).
    let z = i64::try_from(serial).ok().filter(|n| (61..=2_958_465).contains(n))? - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(i32::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

/// A date in Chinese numerals, as documents date themselves (二〇二一年四月二十八日, 二〇二一年四月),
/// in digits (2021年4月28日), which `read_date` then reads and checks; `None` when there are none.
/// 十 is 1 with no numeral before it and 0 with none after it: 十 10, 十二 12, 二十 20, 二十八 28.
fn chinese_date(text: &str) -> Option<String> {
    const DIGITS: &str = "〇一二三四五六七八九";
    let digit = |c: char| match c {
        '零' | '○' => Some('0'),
        _ => DIGITS.chars().position(|d| d == c).and_then(|i| char::from_digit(u32::try_from(i).ok()?, 10)),
    };
    if !text.chars().any(|c| c == '十' || digit(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut after_numeral = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '十' {
            if !after_numeral {
                out.push('1');
            }
            if chars.clone().next().is_none_or(|n| digit(n).is_none()) {
                out.push('0');
            }
            after_numeral = true;
            continue;
        }
        let d = digit(c);
        out.push(d.unwrap_or(c));
        after_numeral = d.is_some();
    }
    Some(out)
}

/// A date-time at midnight, as a spreadsheet writes a date cell out (`2020-12-31 00:00:00`,
/// Excel's `2020/12/31 0:00`, `2020-12-31T00:00`): the date. Any other time is not a date.
fn without_midnight(s: &str) -> &str {
    for time in [" 0:00", " 00:00", " 0:00:00", " 00:00:00", "T00:00", "T00:00:00"] {
        if let Some(date) = s.strip_suffix(time) {
            return date;
        }
    }
    s
}

/// Splits into [year, month] or [year, month, day]; the flag says "月底" (month end) was written.
fn split_date(text: &str) -> Option<(Vec<&str>, bool)> {
    if let Some(rest) = text.strip_suffix('日').or_else(|| text.strip_suffix('号')) {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return Some((vec![y, m, d], false));
    }
    if let Some(rest) = text.strip_suffix("月底") {
        let (y, m) = rest.split_once('年')?;
        return Some((vec![y, m], true));
    }
    // 2020年底 or 2020年年底: as 2020年12月底.
    if let Some(y) = text.strip_suffix("年底") {
        return Some((vec![y.strip_suffix('年').unwrap_or(y), "12"], true));
    }
    if let Some(rest) = text.strip_suffix('月') {
        let (y, m) = rest.split_once('年')?;
        return Some((vec![y, m], false));
    }
    // 2021年4月28, the 日 left off.
    if let Some((y, rest)) = text.split_once('年') {
        let (m, d) = rest.split_once('月')?;
        return Some((vec![y, m, d], false));
    }
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        // 20201231, as spreadsheets sometimes export dates.
        return Some((vec![text.get(0..4)?, text.get(4..6)?, text.get(6..8)?], false));
    }
    let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts = super::split_all(text, sep);
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    Some((parts, false))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn spellings_of_one_date() {
        let want = Date::new(2020, 12, 31).unwrap();
        for s in [
            "2020-12-31",
            "2020/12/31",
            "2020.12.31",
            "2020年12月31日",
            "2020年12月31号",
            "２０２０年１２月３１日",
            "2020-12",
            "2020年12月",
            "2020年12月底",
            "20201231",
            " 2020 年 12 月 31 日 ",
            "2020-12-31 00:00:00",
            "2020/12/31 0:00",
            "2020-12-31T00:00",
            "2020.12.31 00:00",
            "二〇二〇年十二月三十一日",
            "二零二零年十二月三十一号",
            "二〇二〇年十二月",
            "二〇二〇年十二月底",
            "2020年十二月三十一日",
            // The year's end, as 12月底; the day without its 日.
            "2020年底",
            "2020年年底",
            "二〇二〇年底",
            "2020年12月31",
        ] {
            assert_eq!(parse_date(s), Ok(want), "{s}");
        }
        // Month precision means the month's last day, leap years included.
        assert_eq!(parse_date("2020-02"), Ok(Date::new(2020, 2, 29).unwrap()));
        assert_eq!(parse_date("2019年2月底"), Ok(Date::new(2019, 2, 28).unwrap()));
        assert_eq!(parse_date("2020-1-5"), Ok(Date::new(2020, 1, 5).unwrap()));
    }

    #[test]
    fn refused() {
        assert_eq!(parse_date("2021-02-29"), Err(DateError::NoSuchDate { year: 2021, month: 2, day: 29 }));
        // A time of day other than midnight is not a date's.
        for s in [
            "2020-13-01",
            "20-12-31",
            "2020-12/31",
            "明年",
            "2020年12",
            "1e3",
            "2020--12",
            "2020-12-31 14:30",
            "T00:00",
        ] {
            assert!(parse_date(s).is_err(), "{s}");
        }
    }

    #[test]
    fn what_went_wrong() {
        for (s, want) in [
            ("4月28日", DateError::NoYear),
            ("4/28", DateError::NoYear),
            ("04-28", DateError::NoYear),
            ("28/04/2021", DateError::YearLast),
            ("04/28/2021", DateError::YearLast),
            ("28.4.2021", DateError::YearLast),
            // Excel's serial numbers: 44314 is 2021-04-28; 60 is its 1900-02-29, which was not.
            ("44314", DateError::Serial(Date::new(2021, 4, 28).unwrap())),
            ("25569", DateError::Serial(Date::new(1970, 1, 1).unwrap())),
            ("12345", DateError::Format),
            ("4.28", DateError::Format),
            ("二〇二一年十三月一日", DateError::NoSuchDate { year: 2021, month: 13, day: 1 }),
            ("二〇二一年四月三十二日", DateError::NoSuchDate { year: 2021, month: 4, day: 32 }),
            // A period: the month it ends in.
            ("2021年上半年", DateError::Period { year: 2021, month: 6 }),
            ("2021年下半年", DateError::Period { year: 2021, month: 12 }),
            ("2021年第二季度", DateError::Period { year: 2021, month: 6 }),
            ("2021年3季度", DateError::Period { year: 2021, month: 9 }),
            ("2021年第五季度", DateError::Format),
            // A deadline.
            ("2021年6月30日前", DateError::Before),
            ("2021年底以前", DateError::Before),
            ("2021-06-30之前", DateError::Before),
            ("前", DateError::Format),
            ("2021年6月32日前", DateError::NoSuchDate { year: 2021, month: 6, day: 32 }),
        ] {
            assert_eq!(parse_date(s), Err(want), "{s}");
        }
        assert_eq!(serial_date(61), Date::new(1900, 3, 1));
        assert_eq!(serial_date(2_958_465), Date::new(9999, 12, 31));
        assert_eq!(parse_date("二〇二一年二月二十九日"), Err(DateError::NoSuchDate { year: 2021, month: 2, day: 29 }));
    }

    #[test]
    fn day_numbers() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(Date::new(2020, 12, 31).unwrap().day_number(), 18627);
    }
}
