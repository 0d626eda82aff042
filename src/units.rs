//! Units as part of the type system: every number in a form has a dimension over a few base
//! units, so `m² ÷ 户 × 100` is m² per household and `万元 + m²` is refused when a spec loads.

use std::fmt;

use rust_decimal::Decimal;

/// The base units the forms use. 元 and 万元 are distinct bases (never silently converted in a
/// formula) but an input typed in one is recognised in a field of the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// 平方米
    SquareMetre,
    /// 户 (households)
    Household,
    /// 人 (persons)
    Person,
    /// 万元
    Wan,
    /// 元
    Yuan,
    /// 项 (projects)
    Project,
    /// 个 (rooms, groups, organisations)
    Item,
}

const BASES: [Base; 7] =
    [Base::SquareMetre, Base::Household, Base::Person, Base::Wan, Base::Yuan, Base::Project, Base::Item];

impl Base {
    fn index(self) -> usize {
        self as usize
    }

    /// The canonical symbol used in spec files.
    pub fn symbol(self) -> &'static str {
        match self {
            Base::SquareMetre => "m2",
            Base::Household => "户",
            Base::Person => "人",
            Base::Wan => "万元",
            Base::Yuan => "元",
            Base::Project => "项",
            Base::Item => "个",
        }
    }

    /// Spellings accepted after a typed number and in spec unit expressions.
    fn spellings(self) -> &'static [&'static str] {
        match self {
            // 平 alone as people say it (120平).
            Base::SquareMetre => &["m2", "m²", "㎡", "平方米", "平米", "平方", "平"],
            Base::Household => &["户"],
            Base::Person => &["人", "名"],
            Base::Wan => &["万元", "万"],
            Base::Yuan => &["元"],
            Base::Project => &["项", "个"],
            Base::Item => &["个"],
        }
    }

    fn label(self, en: bool) -> &'static str {
        match (self, en) {
            (Base::SquareMetre, _) => "m²",
            (Base::Household, false) => "户",
            (Base::Household, true) => "households",
            (Base::Person, false) => "人",
            (Base::Person, true) => "persons",
            (Base::Wan, false) => "万元",
            (Base::Wan, true) => "万元",
            (Base::Yuan, false) => "元",
            (Base::Yuan, true) => "yuan",
            (Base::Project, false) => "项",
            (Base::Project, true) => "projects",
            (Base::Item, false) => "个",
            (Base::Item, true) => "",
        }
    }
}

/// A dimension: the exponent of each base unit. Dimensionless is all zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unit([i8; 7]);

impl Unit {
    pub const NONE: Unit = Unit([0; 7]);

    pub fn base(b: Base) -> Unit {
        let mut e = [0i8; 7];
        if let Some(slot) = e.get_mut(b.index()) {
            *slot = 1;
        }
        Unit(e)
    }

    pub fn is_none(&self) -> bool {
        self.0 == [0; 7]
    }

    /// The exponents of the base units (precompiled specs store them).
    pub fn exponents(&self) -> [i8; 7] {
        self.0
    }

    pub fn from_exponents(e: [i8; 7]) -> Unit {
        Unit(e)
    }

    /// The single base this unit is, if it is exactly one base to the first power.
    pub fn as_base(&self) -> Option<Base> {
        let mut found = None;
        for (b, &e) in BASES.iter().zip(self.0.iter()) {
            match e {
                0 => {}
                1 if found.is_none() => found = Some(*b),
                _ => return None,
            }
        }
        found
    }

    pub fn mul(&self, other: &Unit) -> Option<Unit> {
        self.combine(other, i8::checked_add)
    }

    pub fn div(&self, other: &Unit) -> Option<Unit> {
        self.combine(other, i8::checked_sub)
    }

    fn combine(&self, other: &Unit, f: fn(i8, i8) -> Option<i8>) -> Option<Unit> {
        let mut out = [0i8; 7];
        for ((o, a), b) in out.iter_mut().zip(self.0.iter()).zip(other.0.iter()) {
            *o = f(*a, *b)?;
        }
        Some(Unit(out))
    }

    /// Parses a spec unit expression: `m2`, `万元`, `m2/户`, `万元/项`, `人/户`, `1` or ``.
    pub fn parse(text: &str) -> Result<Unit, String> {
        let text = text.trim();
        let (num, den) = match text.split_once('/') {
            Some((n, d)) => (n, Some(d)),
            None => (text, None),
        };
        let mut unit = Self::parse_product(num)?;
        if let Some(den) = den {
            let d = Self::parse_product(den)?;
            unit = unit.div(&d).ok_or_else(|| format!("unit exponent overflow in `{text}`"))?;
        }
        Ok(unit)
    }

    fn parse_product(text: &str) -> Result<Unit, String> {
        let mut unit = Unit::NONE;
        for term in text.split(['*', '·']) {
            let term = term.trim();
            if term.is_empty() || term == "1" {
                continue;
            }
            let base = BASES
                .iter()
                .find(|b| b.symbol() == term)
                .or_else(|| BASES.iter().find(|b| b.spellings().contains(&term)))
                .ok_or_else(|| {
                    format!("unknown unit `{term}` (known: m2, 户, 人, 万元, 元, 项, 个; combine with * and /)")
                })?;
            unit = unit.mul(&Unit::base(*base)).ok_or_else(|| format!("unit exponent overflow in `{text}`"))?;
        }
        Ok(unit)
    }

    /// Whether `suffix`, typed after a number, names this unit.
    pub fn accepts_suffix(&self, suffix: &str) -> bool {
        self.as_base().is_some_and(|b| b.spellings().iter().any(|s| s.eq_ignore_ascii_case(suffix)))
    }

    /// A readable label: `m²`, `万元`, `m²/户`; English with `en`.
    pub fn label(&self, en: bool) -> String {
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (b, &e) in BASES.iter().zip(self.0.iter()) {
            let l = b.label(en);
            let n = usize::from(e.unsigned_abs());
            let list = if e > 0 { &mut num } else { &mut den };
            for _ in 0..n {
                list.push(l);
            }
        }
        let sep = if en { " per " } else { "/" };
        match (num.is_empty(), den.is_empty()) {
            (true, true) => String::new(),
            (false, true) => crate::format::join(&num, "·"),
            (true, false) => format!("1{sep}{}", crate::format::join(&den, "·")),
            (false, false) => format!("{}{sep}{}", crate::format::join(&num, "·"), crate::format::join(&den, "·")),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (b, &e) in BASES.iter().zip(self.0.iter()) {
            let n = usize::from(e.unsigned_abs());
            let list = if e > 0 { &mut num } else { &mut den };
            for _ in 0..n {
                list.push(b.symbol());
            }
        }
        match (num.is_empty(), den.is_empty()) {
            (true, true) => f.write_str("1 (no unit)"),
            (false, true) => f.write_str(&crate::format::join(&num, "*")),
            (true, false) => write!(f, "1/{}", crate::format::join(&den, "*")),
            (false, false) => write!(f, "{}/{}", crate::format::join(&num, "*"), crate::format::join(&den, "*")),
        }
    }
}

/// A unit word typed after a number that is not the field's own, so that `500000元` in a 万元
/// field can suggest `50 万元` and `600户` in an area can say "wrong unit". Besides the forms'
/// own units, the larger ones people write a figure in: 亿元 (10,000 万元), 千万 and 百万,
/// 公顷 (10,000 m²), 万户 and 万人, converted likewise, and 亩 (666⅔ m², which no decimal holds:
/// said to be the wrong unit).
pub struct UnitSpelling {
    base: Base,
    /// How many of `base` one of these is (none: not converted).
    times: Option<u32>,
}

/// The larger units: spelling, what they measure, how many of it.
const LARGER: &[(&str, Base, Option<u32>)] = &[
    ("亿元", Base::Wan, Some(10_000)),
    ("亿", Base::Wan, Some(10_000)),
    ("千万元", Base::Wan, Some(1_000)),
    ("千万", Base::Wan, Some(1_000)),
    ("百万元", Base::Wan, Some(100)),
    ("百万", Base::Wan, Some(100)),
    ("公顷", Base::SquareMetre, Some(10_000)),
    ("亩", Base::SquareMetre, None),
    // 0.38万户, 1.2万人: a count in ten thousands, as statistics write large ones.
    ("万户", Base::Household, Some(10_000)),
    ("万人", Base::Person, Some(10_000)),
];

impl UnitSpelling {
    pub fn find(suffix: &str) -> Option<UnitSpelling> {
        for b in BASES {
            if b.spellings().iter().any(|s| s.eq_ignore_ascii_case(suffix)) {
                return Some(UnitSpelling { base: b, times: Some(1) });
            }
        }
        LARGER.iter().find(|l| l.0 == suffix).map(|&(_, base, times)| UnitSpelling { base, times })
    }

    /// Factor converting a value in this spelling's unit into `target`, when they are the same
    /// quantity (元 ↔ 万元, 亿元 → 万元 or 元, 公顷 → m²).
    pub fn factor_to(&self, target: &Unit) -> Option<Decimal> {
        // As mantissa and scale (a decimal multiplication here would be 0.5 KB of wasm).
        let (times, scale) = match (self.base, target.as_base()?) {
            (Base::Yuan, Base::Wan) => (1, 4),
            (Base::Wan, Base::Yuan) => (10_000, 0),
            (a, b) if a == b => (1, 0),
            _ => return None,
        };
        Some(Decimal::new(i64::from(self.times?).checked_mul(times)?, scale))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn per_hundred_households() {
        let area = Unit::parse("m2").unwrap();
        let hh = Unit::parse("户").unwrap();
        assert_eq!(area.div(&hh), Some(Unit::parse("m2/户").unwrap()));
        assert_eq!(Unit::parse("m2/户").unwrap().label(false), "m²/户");
        assert_eq!(Unit::parse("m2/户").unwrap().to_string(), "m2/户");
        assert!(Unit::parse("furlong").is_err());
        assert_ne!(Unit::parse("万元").unwrap(), area);
    }
}
