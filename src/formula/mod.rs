//! The formula language over exact decimals: parsed (parse.rs) and resolved against a spec
//! (spec/compile.rs) once when the spec loads, evaluated here on every change.
//!
//! Values are three-valued: a formula over a blank input is blank, over an input in error is
//! unknown; neither fires a rule. Arithmetic is checked: overflow and division by zero are
//! errors on the computed field, never a crash.

#[cfg(feature = "compiler")]
pub mod parse;

use std::borrow::Cow;
use std::rc::Rc;

use rust_decimal::Decimal;

use crate::units::Unit;
use crate::value::{Date, Val};

/// Deepest formula tree accepted, counting every operation: `a + b + … + z` is as deep as it has
/// terms (the parser's `MAX_DEPTH` counts only brackets, conditions and prefixes). Compiling,
/// evaluating and explaining a formula recurse over its tree, and wasm's stack is 1 MB: a
/// 2,000-term sum, which fits in `MAX_FORMULA_LEN`, overflowed it. The precompiled-form reader
/// (src/wire.rs) allows `MAX_CODE_DEPTH`: a few levels more, for what the compiler wraps around a
/// formula (`present(x)` is `not blank(x)`).
pub const MAX_TREE_DEPTH: usize = 200;
/// See `MAX_TREE_DEPTH`.
pub const MAX_CODE_DEPTH: usize = MAX_TREE_DEPTH + 8;

/// Static type of an expression. `Lit` is a number written in the formula: it takes the unit
/// of whatever it is added to or compared with, and scales without changing a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Num(Unit),
    Lit,
    Bool,
    Date,
    Text,
    List,
    /// `blank()`: fits any type.
    Blank,
}

impl Ty {
    pub fn describe(&self) -> String {
        match self {
            Ty::Num(u) if u.is_none() => "a number".into(),
            Ty::Num(u) => format!("a number in {u}"),
            Ty::Lit => "a number".into(),
            Ty::Bool => "a yes/no value".into(),
            Ty::Date => "a date".into(),
            Ty::Text => "text".into(),
            Ty::List => "a list".into(),
            Ty::Blank => "blank".into(),
        }
    }
}

listed_enum! {
    /// Where a field reference reads from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Place {
        /// The form's header (non-table) fields, aggregates included.
        Header,
        /// The row being evaluated, in the formula's own table.
        Row,
    }
}

listed_enum! {
    /// Built-in functions (after resolution; aggregates are separate nodes).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Func {
        Min,
        Max,
        Ceil,
        Floor,
        Round,
        Abs,
        Coalesce,
        Year,
        Month,
        Day,
        MakeDate,
        Len,
        Contains,
        Has,
        Size,
        HasDigit,
        Matches,
        /// Identity in arithmetic; in a message it shows the exact, unrounded value.
        Exact,
    }
}

listed_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum BinOp {
        Add,
        Sub,
        Mul,
        Div,
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
        And,
        Or,
    }
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "−",
            BinOp::Mul => "×",
            BinOp::Div => "÷",
            BinOp::Eq => "=",
            BinOp::Ne => "≠",
            BinOp::Lt => "<",
            BinOp::Le => "≤",
            BinOp::Gt => ">",
            BinOp::Ge => "≥",
            BinOp::And => "且",
            BinOp::Or => "或",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(self, BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge)
    }
}

/// A resolved, type-checked formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Code {
    /// A constant, with the text to show in explanations.
    Lit(Val, Rc<str>),
    /// A field (input, computed or aggregate). `default` stands in when the field is blank.
    Field {
        node: u32,
        place: Place,
        slot: u32,
        default: Option<Val>,
    },
    /// `blank(field)`: true when nothing was typed (before any default applies).
    IsBlank {
        place: Place,
        slot: u32,
    },
    Neg(Box<Code>),
    Not(Box<Code>),
    Bin(BinOp, Box<Code>, Box<Code>),
    If(Box<Code>, Box<Code>, Box<Code>),
    Call(Func, Vec<Code>),
    /// A glob-like name pattern compiled at load (see `pattern_matches`).
    Pattern(Box<Code>, Rc<[PatternPart]>),
    /// `lookup(ref.table.key, value, ref.table.result)`: another form's row whose `key` column
    /// equals `value`, its `result` column (blank when no row matches).
    Lookup {
        reference: u32,
        table: u32,
        key_slot: u32,
        result_slot: u32,
        result_node: u32,
        /// What a blank result cell stands for (the result field's `blank`).
        default: Option<Val>,
        key: Box<Code>,
    },
}

/// Reads other forms' values for `lookup` (the engine's referenced sessions).
pub trait References {
    /// The `result_slot` value of the first row whose `key_slot` equals `key`; `None` when no
    /// row matches.
    fn lookup(&self, reference: u32, table: u32, key_slot: u32, key: &Val, result_slot: u32) -> Option<Val>;
}

/// No referenced forms.
pub struct NoReferences;

impl References for NoReferences {
    fn lookup(&self, _: u32, _: u32, _: u32, _: &Val, _: u32) -> Option<Val> {
        None
    }
}

/// One piece of a name pattern: literal text, or `*` (any text, at least one character) or a
/// set of alternative endings for the text before it, e.g. `*{街道|镇|乡}`.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternPart {
    Text(String),
    Any,
    OneOf(Vec<String>),
}

/// Why a formula could not produce a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalError {
    Overflow,
    DivisionByZero,
}

/// What a formula reads: the header values and, in a table, the current row.
pub struct Env<'a> {
    pub header: &'a [Val],
    pub row: &'a [Val],
    pub refs: &'a dyn References,
}

impl Env<'_> {
    pub fn get(&self, place: Place, slot: u32) -> &Val {
        let values = match place {
            Place::Header => self.header,
            Place::Row => self.row,
        };
        usize::try_from(slot).ok().and_then(|i| values.get(i)).unwrap_or(&Val::Unknown)
    }
}

/// Half-up (四舍五入) rounding to `dp` decimals, away from zero at the midpoint.
///
/// The same result as `round_dp_with_strategy(dp, MidpointAwayFromZero)`, sign of a zero
/// included (a test compares them), but cheaper: that method divides the mantissa twice and
/// builds its midpoint by multiplying by ten once per dropped digit, which made it the dearest
/// step of showing a quotient such as 1250 / 3800 × 100 (28 digits) on every keystroke. Here
/// the first dropped digit decides (half or more of the last kept unit is a dropped digit of 5
/// or more), so the mantissa is divided once, by 32-bit steps (no 128-bit division, which
/// would add its code to the form package).
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    let scale = d.scale();
    if scale <= dp {
        return d;
    }
    let m = d.mantissa().unsigned_abs();
    let word = |shift: u32| u32::try_from((m >> shift) & 0xFFFF_FFFF).unwrap_or(0);
    // The mantissa's three 32-bit words, the most significant last.
    let mut w = [word(0), word(32), word(64)];
    let mut left = scale.saturating_sub(dp).saturating_sub(1);
    while left > 0 {
        let step = left.min(9);
        div_words(&mut w, 10u32.pow(step));
        left = left.saturating_sub(step);
    }
    if div_words(&mut w, 10) >= 5 {
        // Below 2^96 / 10 before the increment: the carry never leaves the top word.
        for x in &mut w {
            let (v, carry) = x.overflowing_add(1);
            *x = v;
            if !carry {
                break;
            }
        }
    }
    let [lo, mid, hi] = w;
    Decimal::from_parts(lo, mid, hi, d.is_sign_negative(), dp)
}

/// Divides the 96-bit number `w` (least significant word first) by `divisor` (not zero) in
/// place; returns the remainder.
pub(crate) fn div_words(w: &mut [u32; 3], divisor: u32) -> u32 {
    let divisor = u64::from(divisor);
    let mut rem = 0u64;
    for x in w.iter_mut().rev() {
        // rem < divisor < 2^32, so the running value fits 64 bits and each quotient 32.
        let cur = (rem << 32) | u64::from(*x);
        *x = u32::try_from(cur.checked_div(divisor).unwrap_or(0)).unwrap_or(u32::MAX);
        rem = cur.checked_rem(divisor).unwrap_or(0);
    }
    u32::try_from(rem).unwrap_or(0)
}

/// Evaluates `code`. Blank and unknown propagate; arithmetic is checked.
pub fn eval(code: &Code, env: &Env<'_>) -> Result<Val, EvalError> {
    Ok(match code {
        Code::Lit(v, _) => v.clone(),
        Code::Field { place, slot, default, .. } => {
            let v = env.get(*place, *slot);
            match (v, default) {
                (Val::Blank, Some(d)) => d.clone(),
                _ => v.clone(),
            }
        }
        Code::IsBlank { place, slot } => is_blank(env.get(*place, *slot)),
        Code::Not(inner) => match &*operand(inner, env)? {
            Val::Bool(b) => Val::Bool(!b),
            other => absent(other),
        },
        Code::Bin(BinOp::And, a, b) => logic(a, b, env, false)?,
        Code::Bin(BinOp::Or, a, b) => logic(a, b, env, true)?,
        Code::Bin(op, a, b) => binary(*op, &*operand(a, env)?, &*operand(b, env)?)?,
        Code::If(c, t, e) => match &*operand(c, env)? {
            Val::Bool(true) => operand(t, env)?.into_owned(),
            Val::Bool(false) => operand(e, env)?.into_owned(),
            other => absent(other),
        },
        _ => rare(code, env)?,
    })
}

/// What a ledger row seldom evaluates (calls, lookups, patterns, negation), apart from `eval`
/// and never inlined into it: with them out, `binary` is inlined and the frame of every
/// formula node is smaller (in wasm, 4% fewer instructions for a whole ledger).
#[inline(never)]
fn rare(code: &Code, env: &Env<'_>) -> Result<Val, EvalError> {
    Ok(match code {
        Code::Neg(inner) => match eval(inner, env)? {
            Val::Num(d) => Val::Num(Decimal::ZERO.checked_sub(d).ok_or(EvalError::Overflow)?),
            other => absent(&other),
        },
        Code::Call(f, args) => call(*f, args, env)?,
        Code::Lookup { reference, table, key_slot, result_slot, key, default, .. } => match eval(key, env)? {
            v @ (Val::Blank | Val::Unknown) => v,
            k => match env.refs.lookup(*reference, *table, *key_slot, &k, *result_slot) {
                // The row exists but the cell is blank: the field's own blank value.
                Some(Val::Blank) => default.clone().unwrap_or(Val::Blank),
                Some(v) => v,
                // No such row.
                None => Val::Blank,
            },
        },
        Code::Pattern(arg, parts) => match eval(arg, env)? {
            Val::Text(t) => Val::Bool(pattern_matches(&normalise_brackets(&t), parts)),
            other => absent(&other),
        },
        Code::Lit(..) | Code::Field { .. } | Code::IsBlank { .. } | Code::Not(_) | Code::Bin(..) | Code::If(..) => {
            return eval(code, env);
        }
    })
}

/// `eval` without copying what is already there: a constant or a field's value is lent, not
/// cloned (a text clone and its drop are two reference-count updates; a ledger row evaluates
/// about 80 nodes, most of them fields and constants).
#[inline]
pub fn operand<'a>(code: &'a Code, env: &'a Env<'_>) -> Result<Cow<'a, Val>, EvalError> {
    Ok(match code {
        Code::Lit(v, _) => Cow::Borrowed(v),
        Code::Field { place, slot, default, .. } => {
            let v = env.get(*place, *slot);
            match (v, default) {
                (Val::Blank, Some(d)) => Cow::Borrowed(d),
                _ => Cow::Borrowed(v),
            }
        }
        // A required field's rule, `not blank(x)`: no second call.
        Code::IsBlank { place, slot } => Cow::Owned(is_blank(env.get(*place, *slot))),
        _ => Cow::Owned(eval(code, env)?),
    })
}

/// `blank(x)`: true when nothing was typed, unknown when what was typed is in error.
fn is_blank(v: &Val) -> Val {
    match v {
        Val::Blank => Val::Bool(true),
        Val::Unknown => Val::Unknown,
        _ => Val::Bool(false),
    }
}

/// Blank stays blank; anything else that is not a usable value is unknown.
fn absent(v: &Val) -> Val {
    if v.is_blank() {
        Val::Blank
    } else {
        Val::Unknown
    }
}

/// Kleene logic: `false and x` is false, `true or x` is true, whatever x is.
fn logic(a: &Code, b: &Code, env: &Env<'_>, short: bool) -> Result<Val, EvalError> {
    let a = operand(a, env)?;
    if *a == Val::Bool(short) {
        return Ok(Val::Bool(short));
    }
    let b = operand(b, env)?;
    Ok(match (&*a, &*b) {
        (Val::Bool(_), Val::Bool(y)) => Val::Bool(*y),
        (_, Val::Bool(y)) if *y == short => Val::Bool(*y),
        (Val::Unknown, _) | (_, Val::Unknown) => Val::Unknown,
        _ => Val::Blank,
    })
}

fn binary(op: BinOp, a: &Val, b: &Val) -> Result<Val, EvalError> {
    use std::cmp::Ordering;
    if matches!(a, Val::Unknown) || matches!(b, Val::Unknown) {
        return Ok(Val::Unknown);
    }
    if a.is_blank() || b.is_blank() {
        return Ok(Val::Blank);
    }
    let ord: Option<Ordering> = match (a, b) {
        (Val::Num(x), Val::Num(y)) => {
            let r = match op {
                BinOp::Add => Some(x.checked_add(*y).ok_or(EvalError::Overflow)?),
                BinOp::Sub => Some(x.checked_sub(*y).ok_or(EvalError::Overflow)?),
                BinOp::Mul => Some(x.checked_mul(*y).ok_or(EvalError::Overflow)?),
                BinOp::Div => {
                    if y.is_zero() {
                        return Err(EvalError::DivisionByZero);
                    }
                    Some(x.checked_div(*y).ok_or(EvalError::Overflow)?)
                }
                _ => None,
            };
            if let Some(r) = r {
                return Ok(Val::Num(r));
            }
            Some(x.cmp(y))
        }
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        // Equality first: the same text (a choice's cell and the option its formula names, the
        // spec compiler makes them one) is the same pointer, which `Rc<str>`'s own `==` does not
        // check; then a length check before the bytes.
        (Val::Text(x), Val::Text(y)) if matches!(op, BinOp::Eq | BinOp::Ne) => {
            return Ok(Val::Bool((Rc::ptr_eq(x, y) || x == y) == (op == BinOp::Eq)));
        }
        (Val::Text(x), Val::Text(y)) => Some(x.cmp(y)),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    };
    let Some(ord) = ord else {
        return Ok(Val::Unknown);
    };
    Ok(Val::Bool(match op {
        BinOp::Eq => ord == Ordering::Equal,
        BinOp::Ne => ord != Ordering::Equal,
        BinOp::Lt => ord == Ordering::Less,
        BinOp::Le => ord != Ordering::Greater,
        BinOp::Gt => ord == Ordering::Greater,
        BinOp::Ge => ord != Ordering::Less,
        _ => return Ok(Val::Unknown),
    }))
}

fn num_arg(args: &[Code], i: usize, env: &Env<'_>) -> Result<Result<Decimal, Val>, EvalError> {
    let v = match args.get(i) {
        Some(c) => eval(c, env)?,
        None => Val::Unknown,
    };
    Ok(match v {
        Val::Num(d) => Ok(d),
        other => Err(absent(&other)),
    })
}

fn call(f: Func, args: &[Code], env: &Env<'_>) -> Result<Val, EvalError> {
    macro_rules! num {
        ($i:expr) => {
            match num_arg(args, $i, env)? {
                Ok(d) => d,
                Err(v) => return Ok(v),
            }
        };
    }
    Ok(match f {
        Func::Min | Func::Max => {
            let mut best: Option<Decimal> = None;
            for i in 0..args.len() {
                let d = num!(i);
                best = Some(match best {
                    None => d,
                    Some(b) if (f == Func::Min) == (d < b) => d,
                    Some(b) => b,
                });
            }
            best.map_or(Val::Blank, Val::Num)
        }
        Func::Ceil => Val::Num(num!(0).ceil()),
        Func::Floor => Val::Num(num!(0).floor()),
        Func::Round => {
            let x = num!(0);
            let dp = num!(1);
            let dp = u32::try_from(dp.trunc().mantissa()).unwrap_or(0).min(28);
            Val::Num(round_half_up(x, dp))
        }
        Func::Abs => Val::Num(num!(0).abs()),
        Func::Exact => match args.first() {
            Some(c) => eval(c, env)?,
            None => Val::Unknown,
        },
        Func::Coalesce => {
            for c in args {
                let v = eval(c, env)?;
                if !v.is_blank() {
                    return Ok(v);
                }
            }
            Val::Blank
        }
        Func::Year | Func::Month | Func::Day => match args.first().map(|c| eval(c, env)).transpose()? {
            Some(Val::Date(d)) => Val::Num(Decimal::from(match f {
                Func::Year => d.year,
                Func::Month => i32::from(d.month),
                _ => i32::from(d.day),
            })),
            Some(other) => absent(&other),
            None => Val::Unknown,
        },
        Func::MakeDate => {
            let (y, m, d) = (num!(0), num!(1), num!(2));
            let part = |x: Decimal| i32::try_from(x.trunc().mantissa()).ok();
            let date = (|| Date::new(part(y)?, u8::try_from(part(m)?).ok()?, u8::try_from(part(d)?).ok()?))();
            date.map_or(Val::Unknown, Val::Date)
        }
        Func::Len => match args.first().map(|c| eval(c, env)).transpose()? {
            Some(Val::Text(t)) => Val::Num(Decimal::from(crate::value::char_count(&t))),
            Some(other) => absent(&other),
            None => Val::Unknown,
        },
        Func::Contains | Func::Has => {
            let hay = args.first().map(|c| eval(c, env)).transpose()?;
            let needle = args.get(1).map(|c| eval(c, env)).transpose()?;
            match (hay, needle) {
                (Some(Val::Text(h)), Some(Val::Text(n))) => Val::Bool(crate::value::find_text(&h, &n).is_some()),
                (Some(Val::List(l)), Some(Val::Text(n))) => Val::Bool(l.iter().any(|x| **x == *n)),
                (Some(Val::Blank), Some(Val::Text(_))) => Val::Bool(false),
                (Some(a), _) => absent(&a),
                _ => Val::Unknown,
            }
        }
        Func::Size => match args.first().map(|c| eval(c, env)).transpose()? {
            Some(Val::List(l)) => Val::Num(Decimal::from(l.len())),
            Some(Val::Blank) => Val::Num(Decimal::ZERO),
            Some(other) => absent(&other),
            None => Val::Unknown,
        },
        Func::HasDigit => match args.first().map(|c| eval(c, env)).transpose()? {
            Some(Val::Text(t)) => Val::Bool(t.chars().any(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || crate::value::has_char("一二三四五六七八九十百千万两", c)
            })),
            Some(other) => absent(&other),
            None => Val::Unknown,
        },
        // Resolved into Code::Pattern at load.
        Func::Matches => Val::Unknown,
    })
}

/// （） and () are the same to a reader; full-width letters are folded too.
pub fn normalise_brackets(s: &str) -> String {
    crate::value::number::fold_width(s).into_owned()
}

/// Whether `text` matches `parts` entirely. `Any` matches one or more characters; `OneOf`
/// requires the text matched so far by the preceding `Any` to end with one of the words.
pub fn pattern_matches(text: &str, parts: &[PatternPart]) -> bool {
    fn go(chars: &[char], parts: &[PatternPart], budget: &mut u32) -> bool {
        *budget = budget.saturating_sub(1);
        if *budget == 0 {
            return false;
        }
        match parts.split_first() {
            None => chars.is_empty(),
            Some((PatternPart::Text(t), rest)) => {
                let t = crate::value::chars_of(t);
                chars.starts_with(&t) && go(chars.get(t.len()..).unwrap_or(&[]), rest, budget)
            }
            Some((PatternPart::OneOf(words), rest)) => words.iter().any(|w| {
                let w = crate::value::chars_of(w);
                chars.starts_with(&w) && go(chars.get(w.len()..).unwrap_or(&[]), rest, budget)
            }),
            Some((PatternPart::Any, rest)) => {
                (1..=chars.len()).any(|n| go(chars.get(n..).unwrap_or(&[]), rest, budget))
            }
        }
    }
    let chars = crate::value::chars_of(text);
    if chars.len() > 500 {
        return false;
    }
    let mut budget = 200_000u32;
    go(&chars, parts, &mut budget)
}
