//! Compiled forms as bytes: a spec compiled once (by the command line, at build time) and read
//! back without the spec compiler, so the browser package carries neither the compiler nor the
//! JSON specs, and a form's first use costs no compilation.
//!
//! The format is private to one build of this crate: it starts with a magic, a format version and
//! the crate version, and a mismatch is refused with a clear message rather than misread.
//! Numbers are LEB128, texts are length-prefixed UTF-8, decimals their 16-byte serialisation.

use std::rc::Rc;

use rust_decimal::Decimal;

use crate::formula::{BinOp, Code, Func, PatternPart, Place, Ty};
use crate::spec::{
    AggKind, Attach, Form, L10n, NodeDef, NodeKind, Reference, Resolver, RuleCheck, RuleMessage, RuleNode, Scope,
    Severity, Source, SpecError, Template, TemplatePart,
};
use crate::units::Unit;
use crate::value::number::SUFFIX_SETS;
use crate::value::{Date, FieldType, Kind, NumberRule, Opt, Val};

const MAGIC: &[u8; 4] = b"CFW\x01";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Reads bytes written by `Wire::put`.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The texts read so far, by index (see `Writer::text`).
    texts: Vec<Rc<str>>,
    /// How deep inside a formula the reader is: damaged or hostile bytes could nest one deeper
    /// than the stack holds (`formula::MAX_CODE_DEPTH`).
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0, texts: Vec::new(), depth: 0 }
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos = self.pos.checked_add(1)?;
        Some(b)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7F).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn text(&mut self) -> Option<Rc<str>> {
        let v = self.varint()?;
        if v & 1 == 1 {
            return self.texts.get(usize::try_from(v >> 1).ok()?).cloned();
        }
        let n = usize::try_from(v >> 1).ok()?;
        let t: Rc<str> = Rc::from(std::str::from_utf8(self.take(n)?).ok()?);
        self.texts.push(t.clone());
        Some(t)
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// Bytes being written, with the texts written so far: a text seen before is written as its
/// index (labels, citations and option lists repeat across a form's fields).
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
    seen: std::collections::HashMap<String, u64>,
}

impl Writer {
    fn push(&mut self, b: u8) {
        self.bytes.push(b);
    }

    fn extend_from_slice(&mut self, b: &[u8]) {
        self.bytes.extend_from_slice(b);
    }

    /// A text: `2·index + 1` if written before, else `2·length` and its bytes.
    fn text(&mut self, t: &str) {
        match self.seen.get(t) {
            Some(&i) => put_varint(i.saturating_mul(2).saturating_add(1), self),
            None => {
                let next = u64::try_from(self.seen.len()).unwrap_or(u64::MAX);
                self.seen.insert(t.to_string(), next);
                put_varint(u64::try_from(t.len()).unwrap_or(u64::MAX).saturating_mul(2), self);
                self.bytes.extend_from_slice(t.as_bytes());
            }
        }
    }
}

fn put_varint(mut v: u64, w: &mut Writer) {
    loop {
        // The low seven bits: the cast keeps exactly them.
        #[allow(clippy::cast_possible_truncation)]
        let low = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            w.push(low);
            return;
        }
        w.push(low | 0x80);
    }
}

/// A value that can be written as bytes and read back.
pub trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> Option<Self>;
}

impl Wire for u64 {
    fn put(&self, w: &mut Writer) {
        put_varint(*self, w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.varint()
    }
}

macro_rules! wire_uint {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn put(&self, w: &mut Writer) {
                put_varint(u64::try_from(*self).unwrap_or(u64::MAX), w);
            }
            fn get(r: &mut Reader<'_>) -> Option<Self> {
                <$t>::try_from(r.varint()?).ok()
            }
        }
    )*};
}
wire_uint!(u8, u16, u32, usize);

impl Wire for i32 {
    fn put(&self, w: &mut Writer) {
        // Zig-zag: small negative numbers stay short.
        put_varint(u64::from((self.unsigned_abs() << 1) | u32::from(*self < 0)), w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        let v = u32::try_from(r.varint()?).ok()?;
        let m = i32::try_from(v >> 1).ok()?;
        Some(if v & 1 == 1 { m.checked_neg()? } else { m })
    }
}

impl Wire for bool {
    fn put(&self, w: &mut Writer) {
        w.push(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Wire for String {
    fn put(&self, w: &mut Writer) {
        w.text(self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.text().map(|t| t.to_string())
    }
}

impl Wire for Rc<str> {
    fn put(&self, w: &mut Writer) {
        w.text(self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.text()
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, w: &mut Writer) {
        self.len().put(w);
        self.iter().for_each(|x| x.put(w));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        let n = usize::get(r)?;
        // Every element takes at least one byte: a damaged length cannot reserve more.
        if n > r.bytes.len().saturating_sub(r.pos) {
            return None;
        }
        // Nor is the length trusted for a reservation: an element of a few bytes can be a
        // value of hundreds, and in wasm a reservation grows the memory for real. Past 16 KB
        // the vector grows as its elements are read.
        let reserve = (16 * 1024usize).checked_div(std::mem::size_of::<T>()).unwrap_or(n).min(n);
        // A loop, not `collect` into `Option<Vec<_>>`: that was 250 bytes of iterator
        // adapters per element type, 7.7 KB of the wasm in all.
        let mut v = Vec::with_capacity(reserve);
        for _ in 0..n {
            v.push(T::get(r)?);
        }
        Some(v)
    }
}

impl<T: Wire> Wire for Rc<[T]> {
    fn put(&self, w: &mut Writer) {
        self.len().put(w);
        self.iter().for_each(|x| x.put(w));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Vec::<T>::get(r).map(Rc::from)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.push(0),
            Some(x) => {
                w.push(1);
                x.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        match r.byte()? {
            0 => Some(None),
            1 => T::get(r).map(Some),
            _ => None,
        }
    }
}

impl<T: Wire> Wire for Box<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        T::get(r).map(Box::new)
    }
}

impl<T: Wire> Wire for [T; 2] {
    fn put(&self, w: &mut Writer) {
        self.iter().for_each(|x| x.put(w));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some([T::get(r)?, T::get(r)?])
    }
}

impl Wire for Decimal {
    fn put(&self, w: &mut Writer) {
        w.extend_from_slice(&self.serialize());
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        // `serialize`'s layout, read as `deserialize` reads it (which the form package then
        // need not link): flags (the scale in bits 16–20, the sign in bit 31), then the
        // mantissa's low, middle and high words, each little-endian. A scale beyond 28 is a
        // damaged file.
        let b = r.take(16)?;
        let word = |at: usize| b.get(at..at.checked_add(4)?)?.try_into().ok().map(u32::from_le_bytes);
        let (flags, lo, mid, hi) = (word(0)?, word(4)?, word(8)?, word(12)?);
        let scale = (flags >> 16) & 0x1F;
        if scale > 28 {
            return None;
        }
        let negative = flags & 0x8000_0000 != 0;
        let mut d = Decimal::from_parts(lo, mid, hi, negative, scale);
        // A negative zero stays one, as written.
        d.set_sign_negative(negative);
        Some(d)
    }
}

impl Wire for Unit {
    fn put(&self, w: &mut Writer) {
        // A mask of the bases present, then their exponents (small: −7..7) offset by 64.
        let e = self.exponents();
        let mut mask = 0u8;
        for (i, x) in e.iter().enumerate() {
            if *x != 0 {
                mask |= 1u8.checked_shl(u32::try_from(i).unwrap_or(8)).unwrap_or(0);
            }
        }
        w.push(mask);
        for x in e.iter().filter(|x| **x != 0) {
            w.push(u8::from_ne_bytes(x.wrapping_add(64).to_ne_bytes()));
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        let mask = r.byte()?;
        let mut e = [0i8; 7];
        for (i, slot) in e.iter_mut().enumerate() {
            if mask & 1u8.checked_shl(u32::try_from(i).ok()?)? != 0 {
                *slot = i8::from_ne_bytes([r.byte()?]).wrapping_sub(64);
            }
        }
        Some(Unit::from_exponents(e))
    }
}

impl Wire for &'static [&'static str] {
    fn put(&self, w: &mut Writer) {
        let i = SUFFIX_SETS.iter().position(|s| s == self).unwrap_or(0);
        i.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        SUFFIX_SETS.get(usize::get(r)?).copied()
    }
}

macro_rules! wire_struct {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl Wire for $t {
            fn put(&self, w: &mut Writer) {
                $( self.$f.put(w); )*
            }
            fn get(r: &mut Reader<'_>) -> Option<Self> {
                Some($t { $( $f: Wire::get(r)?, )* })
            }
        }
    };
}

macro_rules! wire_unit_enum {
    ($($t:ident),*) => {$(
        impl Wire for $t {
            fn put(&self, w: &mut Writer) {
                $t::ALL.iter().position(|x| x == self).unwrap_or(0).put(w);
            }
            fn get(r: &mut Reader<'_>) -> Option<Self> {
                $t::ALL.get(usize::get(r)?).copied()
            }
        }
    )*};
}

wire_unit_enum!(Func, Place, BinOp, Kind, AggKind, Severity);

wire_struct!(L10n { zh, en });
wire_struct!(Source { document, title, year, seed });
impl Wire for Date {
    fn put(&self, w: &mut Writer) {
        self.year.put(w);
        self.month.put(w);
        self.day.put(w);
    }
    /// A date on the calendar, as `Date::new` makes every date; anything else is a damaged file.
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        let (year, month, day) = (i32::get(r)?, u8::get(r)?, u8::get(r)?);
        Date::new(year, month, day)
    }
}
wire_struct!(NumberRule { unit, max_decimals, min, extra_suffixes });
wire_struct!(Opt { value, aliases });
wire_struct!(FieldType { kind, unit, scale, fixed, number, options, max_length, multiline, accept, max_bytes });
wire_struct!(Scope { id, label, is_table, slots, row_label, max_rows, attached, table_rules });
wire_struct!(NodeDef { id, scope, slot, label, citation, aliases, default, kind, deps });
wire_struct!(RuleNode { attach, check, severity, message, code });

impl Wire for Template {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Vec::get(r).map(Template)
    }
}

/// Enums with data: a tag byte, then the variant's fields in order.
macro_rules! tag {
    ($w:expr, $n:expr $(, $x:expr)*) => {{
        $w.push($n);
        $( $x.put($w); )*
    }};
}

impl Wire for Val {
    fn put(&self, w: &mut Writer) {
        match self {
            Val::Blank => tag!(w, 0),
            Val::Unknown => tag!(w, 1),
            Val::Num(d) => tag!(w, 2, d),
            Val::Bool(b) => tag!(w, 3, b),
            Val::Date(d) => tag!(w, 4, d),
            Val::Text(t) => tag!(w, 5, t),
            Val::List(l) => tag!(w, 6, l),
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => Val::Blank,
            1 => Val::Unknown,
            2 => Val::Num(Wire::get(r)?),
            3 => Val::Bool(Wire::get(r)?),
            4 => Val::Date(Wire::get(r)?),
            5 => Val::Text(Wire::get(r)?),
            6 => Val::List(Wire::get(r)?),
            _ => return None,
        })
    }
}

impl Wire for Ty {
    fn put(&self, w: &mut Writer) {
        match self {
            Ty::Num(u) => tag!(w, 0, u),
            Ty::Lit => tag!(w, 1),
            Ty::Bool => tag!(w, 2),
            Ty::Date => tag!(w, 3),
            Ty::Text => tag!(w, 4),
            Ty::List => tag!(w, 5),
            Ty::Blank => tag!(w, 6),
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => Ty::Num(Wire::get(r)?),
            1 => Ty::Lit,
            2 => Ty::Bool,
            3 => Ty::Date,
            4 => Ty::Text,
            5 => Ty::List,
            6 => Ty::Blank,
            _ => return None,
        })
    }
}

impl Wire for PatternPart {
    fn put(&self, w: &mut Writer) {
        match self {
            PatternPart::Text(t) => tag!(w, 0, t),
            PatternPart::Any => tag!(w, 1),
            PatternPart::OneOf(v) => tag!(w, 2, v),
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => PatternPart::Text(Wire::get(r)?),
            1 => PatternPart::Any,
            2 => PatternPart::OneOf(Wire::get(r)?),
            _ => return None,
        })
    }
}

impl Wire for Code {
    fn put(&self, w: &mut Writer) {
        match self {
            Code::Lit(v, t) => tag!(w, 0, v, t),
            Code::Field { node, place, slot, default } => tag!(w, 1, node, place, slot, default),
            Code::IsBlank { place, slot } => tag!(w, 2, place, slot),
            Code::Neg(a) => tag!(w, 3, a),
            Code::Not(a) => tag!(w, 4, a),
            Code::Bin(op, a, b) => tag!(w, 5, op, a, b),
            Code::If(c, t, e) => tag!(w, 6, c, t, e),
            Code::Call(f, args) => tag!(w, 7, f, args),
            Code::Pattern(a, parts) => tag!(w, 8, a, parts),
            Code::Lookup { reference, table, key_slot, result_slot, result_node, default, key } => {
                tag!(w, 9, reference, table, key_slot, result_slot, result_node, default, key)
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.depth = r.depth.checked_add(1).filter(|&d| d <= crate::formula::MAX_CODE_DEPTH)?;
        let code = Code::get_node(r);
        r.depth = r.depth.saturating_sub(1);
        code
    }
}

impl Code {
    /// `Code::get` within its depth bound.
    fn get_node(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => Code::Lit(Wire::get(r)?, Wire::get(r)?),
            1 => Code::Field { node: Wire::get(r)?, place: Wire::get(r)?, slot: Wire::get(r)?, default: Wire::get(r)? },
            2 => Code::IsBlank { place: Wire::get(r)?, slot: Wire::get(r)? },
            3 => Code::Neg(Wire::get(r)?),
            4 => Code::Not(Wire::get(r)?),
            5 => Code::Bin(Wire::get(r)?, Wire::get(r)?, Wire::get(r)?),
            6 => Code::If(Wire::get(r)?, Wire::get(r)?, Wire::get(r)?),
            7 => Code::Call(Wire::get(r)?, Wire::get(r)?),
            8 => Code::Pattern(Wire::get(r)?, Wire::get(r)?),
            9 => Code::Lookup {
                reference: Wire::get(r)?,
                table: Wire::get(r)?,
                key_slot: Wire::get(r)?,
                result_slot: Wire::get(r)?,
                result_node: Wire::get(r)?,
                default: Wire::get(r)?,
                key: Wire::get(r)?,
            },
            _ => return None,
        })
    }
}

impl Wire for TemplatePart {
    fn put(&self, w: &mut Writer) {
        match self {
            TemplatePart::Text(t) => tag!(w, 0, t),
            TemplatePart::Value { code, ty, node } => tag!(w, 1, code, ty, node),
            TemplatePart::Label => tag!(w, 2),
            TemplatePart::Row => tag!(w, 3),
            TemplatePart::Rows => tag!(w, 4),
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => TemplatePart::Text(Wire::get(r)?),
            1 => TemplatePart::Value { code: Wire::get(r)?, ty: Wire::get(r)?, node: Wire::get(r)? },
            2 => TemplatePart::Label,
            3 => TemplatePart::Row,
            4 => TemplatePart::Rows,
            _ => return None,
        })
    }
}

impl Wire for Attach {
    fn put(&self, w: &mut Writer) {
        match self {
            Attach::Field(s) => tag!(w, 0, s),
            Attach::Table(t) => tag!(w, 1, t),
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => Attach::Field(Wire::get(r)?),
            1 => Attach::Table(Wire::get(r)?),
            _ => return None,
        })
    }
}

impl Wire for RuleCheck {
    fn put(&self, w: &mut Writer) {
        match self {
            RuleCheck::Assert { when, assert } => tag!(w, 0, when, assert),
            RuleCheck::Unique { column } => tag!(w, 1, column),
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => RuleCheck::Assert { when: Wire::get(r)?, assert: Wire::get(r)? },
            1 => RuleCheck::Unique { column: Wire::get(r)? },
            _ => return None,
        })
    }
}

impl Wire for RuleMessage {
    fn put(&self, w: &mut Writer) {
        match self {
            RuleMessage::Required => tag!(w, 0),
            RuleMessage::Template(t) => tag!(w, 1, t),
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => RuleMessage::Required,
            1 => RuleMessage::Template(Wire::get(r)?),
            _ => return None,
        })
    }
}

impl Wire for NodeKind {
    fn put(&self, w: &mut Writer) {
        match self {
            NodeKind::Input { ft, unit_label } => tag!(w, 0, ft, unit_label),
            // The formula's text is for documentation; the runtime needs only its code.
            NodeKind::Computed { ft, unit_label, code, .. } => tag!(w, 1, ft, unit_label, code, String::new()),
            NodeKind::Aggregate { table, kind, contrib, ft, unit_label } => {
                tag!(w, 2, table, kind, contrib, ft, unit_label)
            }
            NodeKind::Rule(rule) => tag!(w, 3, rule),
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => NodeKind::Input { ft: Wire::get(r)?, unit_label: Wire::get(r)? },
            1 => NodeKind::Computed {
                ft: Wire::get(r)?,
                unit_label: Wire::get(r)?,
                code: Wire::get(r)?,
                formula: Wire::get(r)?,
            },
            2 => NodeKind::Aggregate {
                table: Wire::get(r)?,
                kind: Wire::get(r)?,
                contrib: Wire::get(r)?,
                ft: Wire::get(r)?,
                unit_label: Wire::get(r)?,
            },
            3 => NodeKind::Rule(Wire::get(r)?),
            _ => return None,
        })
    }
}

/// A compiled form as bytes. Referenced forms are named by id (read back through the
/// registry); their data sets travel as JSON text.
pub fn encode_form(form: &Form) -> Vec<u8> {
    let mut w = Writer::default();
    w.extend_from_slice(MAGIC);
    VERSION.to_string().put(&mut w);
    form.id.put(&mut w);
    form.title.put(&mut w);
    form.source.put(&mut w);
    form.description.put(&mut w);
    form.scopes.put(&mut w);
    form.nodes.put(&mut w);
    form.order.put(&mut w);
    form.rank.put(&mut w);
    form.dependents.put(&mut w);
    form.references.len().put(&mut w);
    for r in &form.references {
        r.id.put(&mut w);
        r.form.id.put(&mut w);
        r.data
            .as_ref()
            .map(|d| {
                let mut t = String::new();
                crate::json::write(d, &mut t);
                t
            })
            .put(&mut w);
    }
    w.bytes
}

/// Reads a form written by `encode_form`, finding the forms it references through `resolver`.
pub fn decode_form(bytes: &[u8], resolver: &dyn Resolver) -> Result<Form, SpecError> {
    let refused = |message: String| SpecError { spec: "?".into(), location: String::new(), formula: None, message };
    let damaged = || refused("the precompiled spec is damaged".into());
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len()) != Some(MAGIC.as_slice()) {
        return Err(refused("not a precompiled spec (compile one with `community-forms precompile`)".into()));
    }
    let version = String::get(&mut r).ok_or_else(damaged)?;
    if version != VERSION {
        return Err(refused(format!(
            "this spec was precompiled by community-forms {version}; this is {VERSION}: precompile it again"
        )));
    }
    macro_rules! next {
        () => {
            Wire::get(&mut r).ok_or_else(damaged)?
        };
    }
    let id: String = next!();
    let title: L10n = next!();
    let source: Source = next!();
    let description: Option<L10n> = next!();
    let scopes: Vec<Scope> = next!();
    let nodes: Vec<NodeDef> = next!();
    let order: Vec<u32> = next!();
    let rank: Vec<u32> = next!();
    let dependents: Vec<Vec<u32>> = next!();
    let n_refs = usize::get(&mut r).ok_or_else(damaged)?;
    let mut references = Vec::new();
    for _ in 0..n_refs {
        let rid = String::get(&mut r).ok_or_else(damaged)?;
        let form_id = String::get(&mut r).ok_or_else(damaged)?;
        let data_text = Option::<String>::get(&mut r).ok_or_else(damaged)?;
        let form = resolver.form(&form_id).map_err(|e| SpecError {
            spec: id.clone(),
            location: format!("reference `{rid}`"),
            formula: None,
            message: e,
        })?;
        let data = match data_text {
            Some(t) => Some(crate::json::parse(&t).map_err(|_| damaged())?),
            None => None,
        };
        references.push(Reference { id: rid, form, data });
    }
    if !r.at_end() || !consistent(&scopes, &nodes, &order, &rank, &dependents) {
        return Err(damaged());
    }
    Ok(Form {
        id,
        title,
        source,
        description,
        scopes,
        nodes,
        order,
        rank,
        dependents,
        references,
        #[cfg(feature = "compiler")]
        spec: None,
    })
}

/// The checks a compiled form passed when it was compiled that its bytes could break: every
/// node and slot named exists (the engine reads them with checked indexing anyway).
fn consistent(scopes: &[Scope], nodes: &[NodeDef], order: &[u32], rank: &[u32], dependents: &[Vec<u32>]) -> bool {
    let node_ok = |n: &u32| (*n as usize) < nodes.len();
    rank.len() == nodes.len()
        && dependents.len() == nodes.len()
        && order.iter().all(node_ok)
        && dependents.iter().flatten().all(node_ok)
        && scopes.iter().all(|s| s.slots.iter().all(node_ok))
        && nodes.iter().all(|n| (n.scope as usize) < scopes.len() && n.deps.iter().all(node_ok))
}

/// Several forms in one blob (the built-in forms of the browser package): a count, then each
/// form's id and bytes.
pub fn encode_bundle(forms: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = Writer::default();
    w.extend_from_slice(MAGIC);
    forms.len().put(&mut w);
    for (id, bytes) in forms {
        id.put(&mut w);
        bytes.len().put(&mut w);
        w.extend_from_slice(bytes);
    }
    w.bytes
}

/// The forms of a bundle, still encoded: (id, bytes).
pub fn read_bundle(bytes: &[u8]) -> Option<Vec<(String, &[u8])>> {
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len())? != MAGIC.as_slice() {
        return None;
    }
    let n = usize::get(&mut r)?;
    let mut out = Vec::new();
    for _ in 0..n {
        let id = String::get(&mut r)?;
        let len = usize::get(&mut r)?;
        out.push((id, r.take(len)?));
    }
    r.at_end().then_some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::str::FromStr;

    /// A decimal reads back as `Decimal::deserialize` reads what `serialize` wrote: every
    /// scale, both signs, a negative zero, the largest mantissas.
    #[test]
    fn decimals_read_as_deserialize_reads_them() {
        let mut all = vec![Decimal::ZERO, Decimal::MAX, Decimal::MIN, Decimal::ONE, Decimal::NEGATIVE_ONE];
        for text in ["0.0000000000000000000000000001", "-79228162514264337593543950335", "1250.50", "-0.00", "30"] {
            all.push(Decimal::from_str(text).unwrap());
        }
        let mut zero = Decimal::ZERO;
        zero.set_sign_negative(true);
        all.push(zero);
        for scale in 0..=28 {
            all.push(Decimal::from_i128_with_scale(-123_456_789_012_345_678_901_234_567, scale));
        }
        for d in all {
            let mut w = Writer::default();
            d.put(&mut w);
            let read = Decimal::get(&mut Reader::new(&w.bytes)).unwrap();
            let expected = Decimal::deserialize(d.serialize());
            assert_eq!(read.serialize(), expected.serialize(), "{d}");
        }
        // A scale beyond 28 is a damaged file.
        let mut bytes = Decimal::ONE.serialize();
        bytes[2] = 29;
        assert!(Decimal::get(&mut Reader::new(&bytes)).is_none());
    }
}
