//! Calendar dates as the notices and applicants write them: `2020-12-31`, `2020/12/31`,
//! `2020.12.31`, `2020年12月31日`, and month precision `2020-12`, `2020年12月`, `2020年12月底`
//! (the last day of that month: "12月底前" means on or before December 31).

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
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Reads a date in any accepted spelling; `raw` is trimmed and non-empty.
pub fn parse_date(raw: &str) -> Result<Date, DateError> {
    if raw.len() > 64 {
        return Err(DateError::Format);
    }
    let folded = fold_width(raw);
    let text: String = without_midnight(&folded).chars().filter(|c| !c.is_whitespace()).collect();
    let (parts, month_end) = split_date(&text).ok_or(DateError::Format)?;
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
    if let Some(rest) = text.strip_suffix('月') {
        let (y, m) = rest.split_once('年')?;
        return Some((vec![y, m], false));
    }
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        // 20201231, as spreadsheets sometimes export dates.
        return Some((vec![text.get(0..4)?, text.get(4..6)?, text.get(6..8)?], false));
    }
    let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = text.split(sep).collect();
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
    fn day_numbers() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(Date::new(2020, 12, 31).unwrap().day_number(), 18627);
    }
}
