//! How values are shown: decimals rounded half-up to the field's scale, thousands grouped in
//! explanations, dates in ISO form, yes/no in the reader's language.

use rust_decimal::Decimal;

use crate::formula::round_half_up;
use crate::value::{FieldType, Val};

/// Message language. zh-CN is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh_cn" | "zh-hans" => Some(Locale::ZhCn),
            "en" | "en-us" | "en-gb" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn is_en(self) -> bool {
        self == Locale::En
    }
}

/// A decimal with trailing zeros removed: `50`, `0.0001`, `29.9995`.
pub fn fmt_decimal_plain(d: Decimal) -> String {
    // No decimal has more than 28 decimals: nothing is rounded.
    fmt_decimal(d, 28, false)
}

/// How many decimals a message's `exact(…)` shows before it cuts the digits off.
pub const EXACT_DECIMALS: u32 = 4;

/// A value as a message's `exact(…)` names it: every digit when it has at most
/// `EXACT_DECIMALS` decimals (599.99 m² for 2,000 households is `29.9995`, not the `30.00` its
/// field shows), else its first `EXACT_DECIMALS` decimals and “…” (200 m² for 900 households is
/// `22.2222…`, not 28 digits of 2). Cut, never rounded: the digits shown are the value's own, so
/// a value just below a threshold never reads as reaching it (29.99999 is `29.9999…`).
pub fn exact_text(d: Decimal) -> String {
    // The digits with trailing zeros dropped, cut as text: a prefix of its digits is the value
    // truncated toward zero.
    let mut out = fmt_decimal_plain(d);
    if let Some(point) = out.find('.') {
        let keep = point.saturating_add(1).saturating_add(EXACT_DECIMALS as usize);
        if out.len() > keep {
            out.truncate(keep);
            out.push('…');
        }
    }
    out
}

/// A decimal's digits at its own scale (`-12.50`), as its `Display` writes them, without going
/// through `core::fmt` (`push_decimal` writes the same digits in place).
pub fn decimal_text(d: Decimal) -> String {
    // Room for any decimal (29 digits, a point, a sign) and a display's padding: one allocation.
    let mut out = String::with_capacity(40);
    push_digits(&mut out, d, usize::try_from(d.scale()).unwrap_or(0));
    out
}

/// Appends a number's decimal digits (paths, row numbers) without `core::fmt`.
pub fn push_u32(out: &mut String, n: u32) {
    // Row numbers in every path of a delta: ten digits at most, no point, no sign.
    let mut buf = [0u8; 10];
    let mut at = buf.len();
    let mut n = n;
    loop {
        at = at.saturating_sub(1);
        if let Some(slot) = buf.get_mut(at) {
            // n % 10 < 10: the cast cannot truncate.
            #[allow(clippy::cast_possible_truncation)]
            let d = (n % 10) as u8;
            *slot = b'0'.saturating_add(d);
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    push_ascii(out, buf.get(at..).unwrap_or(&[]));
}

/// Appends digits (ASCII) to `out` at once. Natively, pushing them one by one as characters is
/// a little cheaper than validating them, but in the size build each push is a call: validated
/// and copied whole, a ledger keystroke under Node is 0.9% fewer instructions, and 21 bytes
/// smaller.
fn push_ascii(out: &mut String, digits: &[u8]) {
    out.push_str(std::str::from_utf8(digits).unwrap_or_default());
}

/// Appends `d`'s mantissa × 10^-`scale` as plain digits (`-12.50`, `0.0001`). The text is built
/// right to left in a stack buffer and appended at once: at most 29 digits, or `scale` + 1 ≤ 29
/// with the zeros before a small fraction, a point and a sign.
fn push_digits(out: &mut String, d: Decimal, scale: usize) {
    let mut t = Digits { buf: [b'0'; 48], at: 48, written: 0, scale };
    // The mantissa's three 32-bit words (96 bits), the least significant first. Above 2^64,
    // nine digits at a time by 32-bit steps (`formula::div_words`; a 128-bit division would
    // add its code to the form package); the rest of the digits on u64.
    let m = d.mantissa();
    let u = m.unsigned_abs();
    let word = |shift: u32| u32::try_from((u >> shift) & 0xFFFF_FFFF).unwrap_or(0);
    let mut w = [word(0), word(32), word(64)];
    while let [_, _, 1..=u32::MAX] = w {
        let mut low = crate::formula::div_words(&mut w, 1_000_000_000);
        for _ in 0..9 {
            t.digit(u64::from(low % 10));
            low /= 10;
        }
    }
    let [lo, mid, _] = w;
    let mut high = (u64::from(mid) << 32) | u64::from(lo);
    loop {
        t.digit(high % 10);
        high /= 10;
        if high == 0 {
            break;
        }
    }
    // Zeros up to the units digit: `0.0001`.
    while t.written <= scale {
        t.digit(0);
    }
    if m < 0 {
        t.put(b'-');
    }
    push_ascii(out, t.buf.get(t.at..).unwrap_or(&[]));
}

/// Text written right to left.
struct Digits {
    buf: [u8; 48],
    at: usize,
    written: usize,
    scale: usize,
}

impl Digits {
    fn put(&mut self, byte: u8) {
        self.at = self.at.saturating_sub(1);
        if let Some(slot) = self.buf.get_mut(self.at) {
            *slot = byte;
        }
    }

    fn digit(&mut self, d: u64) {
        if self.written == self.scale && self.scale > 0 {
            self.put(b'.');
        }
        // d < 10: the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        self.put(b'0'.saturating_add(d as u8));
        self.written = self.written.saturating_add(1);
    }
}

/// A decimal rounded half-up to `scale`, padded to `scale` decimals when `fixed`.
pub fn fmt_decimal(d: Decimal, scale: u32, fixed: bool) -> String {
    let mut out = String::with_capacity(40);
    push_decimal(&mut out, d, scale, fixed);
    out
}

/// `fmt_decimal`, appended to `out` (a keystroke's delta writes its numbers in place, without a
/// string each).
pub fn push_decimal(out: &mut String, d: Decimal, scale: u32, fixed: bool) {
    let r = round_half_up(d, scale);
    let r = if fixed { r } else { r.normalize() };
    // Digits at the rounded value's own scale: as many decimals as it has (none for zero).
    let have = if r.is_zero() {
        out.push('0');
        0
    } else {
        let have = usize::try_from(r.scale()).unwrap_or(0);
        push_digits(out, r, have);
        have
    };
    let want = usize::try_from(scale).unwrap_or(0);
    if fixed && want > have {
        if have == 0 {
            out.push('.');
        }
        for _ in have..want {
            out.push('0');
        }
    }
}

/// Inserts thousands separators into a plain decimal string: `1250.00` → `1,250.00`.
pub fn group(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let digits = crate::value::chars_of(int);
    let mut out = String::from(sign);
    for (i, c) in digits.iter().enumerate() {
        let left = digits.len().saturating_sub(i);
        if i > 0 && left % 3 == 0 {
            out.push(',');
        }
        out.push(*c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The display text of a value in a field of type `ft` (no unit). `None` for blank/unknown.
pub fn display(v: &Val, ft: Option<&FieldType>, loc: Locale) -> Option<String> {
    Some(match v {
        Val::Blank | Val::Unknown => return None,
        Val::Num(d) => match ft {
            Some(ft) => fmt_decimal(*d, ft.scale, ft.fixed),
            None => fmt_decimal_plain(*d),
        },
        Val::Bool(b) => match (b, loc) {
            (true, Locale::ZhCn) => "是".into(),
            (false, Locale::ZhCn) => "否".into(),
            (true, Locale::En) => "yes".into(),
            (false, Locale::En) => "no".into(),
        },
        Val::Date(d) => d.to_string(),
        Val::Text(t) => t.to_string(),
        Val::List(l) => join(l, if loc.is_en() { ", " } else { "、" }),
    })
}

/// `parts` with `sep` between them: a plain loop per element type (the standard library's
/// `join`, or one loop over a `dyn Iterator`, cost more: each element type's iterator brought a
/// vtable of every `Iterator` method with it).
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
    use super::*;
    use std::str::FromStr;

    #[test]
    fn exact_values_in_messages_show_their_own_digits() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let q = |a: &str, b: &str| d(a) / d(b) * d("100");
        // DOMAIN.md's case: 599.99 m² for 2,000 households, shown as 30.00 by its field.
        assert_eq!(exact_text(q("599.99", "2000")), "29.9995");
        assert_eq!(exact_text(q("200", "900")), "22.2222…");
        assert_eq!(exact_text(q("100", "1000")), "10");
        // Cut, not rounded: just below 30 never reads as 30.
        assert_eq!(exact_text(d("29.99999")), "29.9999…");
        assert_eq!(exact_text(d("29.999950")), "29.9999…");
        assert_eq!(exact_text(d("1.50000")), "1.5");
        assert_eq!(exact_text(d("-1.23456")), "-1.2345…");
        assert_eq!(exact_text(d("0.00001")), "0.0000…");
    }

    #[test]
    fn half_up_not_bankers() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let rows = [
            ("2.345", 2, "2.35", "midpoint goes up, not to even"),
            ("2.335", 2, "2.34", "midpoint up"),
            ("29.9995", 2, "30.00", "the threshold case of DOMAIN.md"),
            ("-2.345", 2, "-2.35", "away from zero for negatives"),
            ("1250", 2, "1250.00", "padded"),
            ("0", 1, "0.0", "zero padded"),
            ("32.894736842105263157894736842", 2, "32.89", "1250/3800*100"),
        ];
        for (input, scale, want, why) in rows {
            assert_eq!(fmt_decimal(d(input), scale, true), want, "{why}");
        }
        assert_eq!(fmt_decimal(d("80.5000"), 4, false), "80.5");
        assert_eq!(group("1250.00"), "1,250.00");
        assert_eq!(group("-1234567"), "-1,234,567");
        assert_eq!(group("100"), "100");
    }

    /// The next of a 64-bit LCG's mantissas, of every width (up to 96 bits) as `i` goes on.
    fn some_mantissa(x: &mut u64, i: u32, rotate: u32) -> i128 {
        *x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let hi = *x >> (i % 64);
        let lo = x.rotate_left(i % rotate);
        ((i128::from(hi) << 32) | i128::from(lo & 0xFFFF_FFFF)) >> (i % 90)
    }

    #[test]
    fn decimal_text_agrees_with_display_on_many_values() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for i in 0..20_000u32 {
            let mantissa = some_mantissa(&mut x, i, 31);
            let mantissa = if i % 2 == 0 { mantissa } else { -mantissa };
            let d = Decimal::from_i128_with_scale(mantissa, i % 29);
            assert_eq!(decimal_text(d), d.to_string(), "{mantissa} scale {}", i % 29);
        }
    }

    /// `fmt_decimal` as it was before it wrote in place: the rounded value's text, then padded.
    fn fmt_decimal_by_text(d: Decimal, scale: u32, fixed: bool) -> String {
        let r = round_half_up(d, scale);
        if !fixed {
            let n = r.normalize();
            return if n.is_zero() { "0".into() } else { decimal_text(n) };
        }
        let mut out = if r.is_zero() { "0".to_string() } else { decimal_text(r) };
        let have = out.split_once('.').map_or(0, |(_, f)| f.len());
        let want = scale as usize;
        if want > have {
            if have == 0 {
                out.push('.');
            }
            out.push_str(&"0".repeat(want - have));
        }
        out
    }

    #[test]
    fn decimals_written_in_place_read_as_their_text_padded() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..20_000u32 {
            let mantissa = some_mantissa(&mut x, i, 29);
            let mantissa = if i % 3 == 0 { -mantissa } else { mantissa };
            let d = Decimal::from_i128_with_scale(mantissa, i % 29);
            for (scale, fixed) in [(0, true), (1, true), (2, true), (4, false), (2, false), (28, false)] {
                let mut out = String::from("x");
                push_decimal(&mut out, d, scale, fixed);
                assert_eq!(out.get(1..), Some(fmt_decimal_by_text(d, scale, fixed).as_str()), "{d} {scale} {fixed}");
            }
            assert_eq!(fmt_decimal_plain(d), fmt_decimal_by_text(d, 28, false));
        }
        for (d, scale, want) in
            [("0", 2, "0.00"), ("-0.004", 2, "0.00"), ("1250", 2, "1250.00"), ("32.894", 2, "32.89")]
        {
            assert_eq!(fmt_decimal(d.parse().unwrap(), scale, true), want);
        }
    }

    /// `round_half_up` gives what rust_decimal's own rounding gives, scale and sign of a zero too.
    fn rounds_as_rust_decimal(d: Decimal, dp: u32) {
        let want = d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let got = round_half_up(d, dp);
        assert_eq!(
            (got, got.scale(), got.is_sign_negative()),
            (want, want.scale(), want.is_sign_negative()),
            "{d} to {dp}"
        );
    }

    #[test]
    fn half_up_rounding_agrees_with_rust_decimal_on_many_values() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..40_000u32 {
            let mantissa = some_mantissa(&mut x, i, 29);
            // Every third value ends in exactly half a unit of some place (the midpoint cases).
            let mantissa = if i % 3 == 0 { mantissa - mantissa % 1000 + 500 } else { mantissa };
            let mantissa = if i % 2 == 0 { mantissa } else { -mantissa };
            let d = Decimal::from_i128_with_scale(mantissa, i % 29);
            for dp in [0, 1, 2, 3, 4, i % 29, (i / 7) % 29] {
                rounds_as_rust_decimal(d, dp);
            }
        }
        for t in [
            "-0.004",
            "0.005",
            "-0.005",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
            "0.0000000000000000000000000005",
        ] {
            let d = Decimal::from_str(t).unwrap();
            for dp in 0..29 {
                rounds_as_rust_decimal(d, dp);
            }
        }
    }

    #[test]
    fn decimal_text_writes_what_display_writes() {
        for t in [
            "0.5",
            "-0.5",
            "12.50",
            "-12.50",
            "1",
            "100",
            "0.0001",
            "29.9995",
            "1250.00",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "10000000000000000000",
            "9999999999999999999",
            "10000000000000000000.5",
            "0.0000000000000000000000000001",
        ] {
            let d = Decimal::from_str(t).unwrap();
            assert_eq!(decimal_text(d), d.to_string(), "{t}");
        }
        let mut s = String::new();
        for n in [0, 7, 10, 999, 4_294_967_295] {
            s.clear();
            push_u32(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
