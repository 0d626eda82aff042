//! Phone numbers, e-mail addresses and 公民身份号码 (GB 11643), checked entirely on the page:
//! an applicant's ID number is personal data and never leaves it.

use super::date::Date;
use super::number::fold_width;

/// Mobile `1[3-9]` + 9 digits (an optional +86); landline `0xx-xxxxxxx(x)` or a local 7–8
/// digit number such as the notices' 89188305; an optional extension (`-123`, `转123`).
pub fn valid_phone(raw: &str) -> bool {
    let folded = fold_width(raw);
    let mut s = super::without_spaces(&folded);
    for prefix in ["+86", "0086", "(+86)", "（+86）"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start_matches('-').to_string();
            break;
        }
    }
    // Extension.
    let ext = || super::find_text(&s, "ext").and_then(|i| Some((s.get(..i)?, s.get(i.checked_add(3)?..)?)));
    let main = match s.split_once('转').or_else(ext) {
        Some((main, ext)) => {
            if !is_digits(ext, 1, 6) {
                return false;
            }
            main.to_string()
        }
        None => s,
    };
    // (023)89188305 → 023-89188305; a dash of another kind (023—89188305, as an input method
    // gives it) is a hyphen. A loop, not `replace`s with a pattern of characters (a copy of
    // their code of its own each).
    let mut bracketless = String::with_capacity(main.len());
    // A mobile number grouped by hyphens (138-1234-5678) is one all the same.
    let mut digits = String::with_capacity(main.len());
    for c in main.chars() {
        match c {
            '(' | '（' => {}
            ')' | '）' | '-' | '—' | '–' | '‐' => bracketless.push('-'),
            c => {
                bracketless.push(c);
                digits.push(c);
            }
        }
    }
    if is_mobile(&digits) {
        return true;
    }
    let main = bracketless;
    let parts = super::split_all(&main, '-');
    match parts.as_slice() {
        [local] if local.starts_with('0') => {
            // Area code and number written together: 02389188305.
            is_digits(local, 10, 12)
        }
        [local] => is_local(local),
        [area, local] => is_area_code(area) && is_local(local),
        [area, local, ext] => is_area_code(area) && is_local(local) && is_digits(ext, 1, 6),
        _ => false,
    }
}

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    is_digits(s, 11, 11) && b.first() == Some(&b'1') && matches!(b.get(1), Some(b'3'..=b'9'))
}

fn is_area_code(s: &str) -> bool {
    is_digits(s, 3, 4) && s.starts_with('0')
}

fn is_local(s: &str) -> bool {
    is_digits(s, 7, 8) && !s.starts_with('0') && !s.starts_with('1')
}

/// A practical e-mail check: one `@`, a dotted domain, no spaces.
pub fn valid_email(raw: &str) -> bool {
    let s = fold_width(raw);
    let s = s.trim();
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && super::find_text(local, "..").is_none()
        && local.chars().all(|c| c.is_ascii_alphanumeric() || super::has_char("!#$%&'*+-/=?^_`{|}~.", c));
    let labels = super::split_all(domain, '.');
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
        });
    local_ok && domain_ok
}

/// What is wrong with a 公民身份号码.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdCardError {
    /// Not 18 characters of 17 digits and a final digit or X.
    Format,
    /// The first two digits are not a province-level region code.
    Region,
    /// Characters 7–14 are not a real birth date.
    BirthDate,
    /// The ISO 7064 MOD 11-2 check character does not match.
    CheckDigit,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";
const REGIONS: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82,
];

/// Checks an 18-character 公民身份号码 (GB 11643-1999); returns it upper-cased, without the
/// spaces a number copied in groups (110105 19491231 002X) has.
pub fn check_id_card(raw: &str) -> Result<String, IdCardError> {
    let mut s = super::without_spaces(&fold_width(raw));
    s.make_ascii_uppercase();
    let b = s.as_bytes();
    if b.len() != 18 {
        return Err(IdCardError::Format);
    }
    let (body, last) = b.split_at(17);
    if !body.iter().all(u8::is_ascii_digit) || !last.iter().all(|c| c.is_ascii_digit() || *c == b'X') {
        return Err(IdCardError::Format);
    }
    let digit = |i: usize| u32::from(body.get(i).map_or(0, |c| c.wrapping_sub(b'0')));
    let region = digit(0).saturating_mul(10).saturating_add(digit(1));
    if !REGIONS.iter().any(|&r| u32::from(r) == region) {
        return Err(IdCardError::Region);
    }
    let num = |from: usize, to: usize| (from..to).fold(0u32, |acc, i| acc.saturating_mul(10).saturating_add(digit(i)));
    let year = i32::try_from(num(6, 10)).unwrap_or(0);
    let month = u8::try_from(num(10, 12)).unwrap_or(0);
    let day = u8::try_from(num(12, 14)).unwrap_or(0);
    if !(1900..=2100).contains(&year) || Date::new(year, month, day).is_none() {
        return Err(IdCardError::BirthDate);
    }
    let sum = WEIGHTS.iter().enumerate().fold(0u32, |acc, (i, w)| acc.saturating_add(w.saturating_mul(digit(i))));
    let expected = CHECK_CHARS.get(usize::try_from(sum % 11).unwrap_or(0)).copied();
    if last.first().copied() != expected {
        return Err(IdCardError::CheckDigit);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "89188305",
            "023-89188305",
            "023 8918 8305",
            "(023)89188305",
            "０２３－８９１８８３０５",
            "13812345678",
            "+86 138 1234 5678",
            "023-89188305-123",
            "89188305转123",
            "89188305ext123",
            "02389188305",
            "138-1234-5678",
            "+86-138-1234-5678",
            "023—89188305",
            "023–89188305",
        ] {
            assert!(valid_phone(ok), "{ok}");
        }
        for bad in [
            "12345678901",
            "891883",
            "1381234567",
            "01234567",
            "023-891883",
            "abc",
            "0238918830512345",
            "89188305ext",
            "ext123",
            "138-1234-567",
            "023——89188305",
        ] {
            assert!(!valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(valid_email("89188301@163.com"));
        assert!(valid_email("a.b@mail.cq.gov.cn"));
        for bad in ["a@b", "@163.com", "a b@c.com", "a@@c.com", "a@.com", "a..b@c.com"] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn id_cards() {
        // 11010519491231002X: the GB 11643 example; check character X.
        assert_eq!(check_id_card("11010519491231002x"), Ok("11010519491231002X".into()));
        // Copied in groups: the number without its spaces.
        assert_eq!(check_id_card("110105 19491231 002x"), Ok("11010519491231002X".into()));
        assert_eq!(check_id_card("110105194912310021"), Err(IdCardError::CheckDigit));
        assert_eq!(check_id_card("110105194913310021"), Err(IdCardError::BirthDate));
        assert_eq!(check_id_card("99010519491231002X"), Err(IdCardError::Region));
        assert_eq!(check_id_card("1101051949123100"), Err(IdCardError::Format));
    }
}
