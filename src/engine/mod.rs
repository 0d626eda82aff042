//! Evaluation: one engine for the whole-form `evaluate` and the incremental typing session.
//!
//! A session keeps every value and issue. Setting one input re-normalises it and re-evaluates
//! only what depends on it, in dependency order: the row's own computed fields and rules, the
//! aggregates it feeds (updated by the row's contribution, not by rescanning the table), and
//! whatever reads those. Work follows the number of dependents, not the size of the form; a
//! header field read by every row (a report year) re-checks every row, as it must.

mod aggregate;
mod explain;
mod grid;
mod groups;
pub mod json;
pub mod view;

use std::rc::Rc;

use crate::json::Value as Json;

use crate::format::{display, Locale};
use crate::formula::{self, Code, Env, EvalError};
use crate::hash::PlaceMap;
use crate::messages::{self, FieldInfo};
use crate::spec::{Attach, Form, L10n, NodeDef, NodeKind, RuleCheck, RuleMessage, RuleNode, Severity, TemplatePart};
use crate::value::{self, FieldType, Kind, Val};

use aggregate::AggState;
use grid::Grid;
pub use groups::Groups;

/// Most rows a table may hold in one session: a bound on memory (about 0.7 KB a row of the
/// facility ledger natively, so under 1 GB), and room for a national ledger in one file (about
/// 600,000 villages and 110,000 communities). Bulk ledgers are streamed in; their rows are kept.
pub const MAX_ROWS: usize = 1_000_000;

/// One problem found: shown on `path` (see `Key::path`).
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub severity: Severity,
    pub code: Rc<str>,
    /// Shared when it has nothing filled in (a ledger's 50,000 identical warnings are one text).
    pub message: Message,
    pub citation: Rc<str>,
}

impl Issue {
    /// The same problem, decided without writing a filled-in message: the same values filled
    /// into the same template make the same text. (Different values that happen to read the
    /// same count as a change; what is on screen is compared by its text.)
    #[inline(never)]
    fn same(&self, other: &Issue) -> bool {
        self.severity == other.severity
            && self.code == other.code
            && self.citation == other.citation
            && self.message.same(&other.message)
    }
}

/// A problem's text. A rule's template is filled in when the text is first read, from the
/// values it was found with: most problems a keystroke finds wait for a commit, and writing
/// their numbers (a quotient's 28 digits among them) was a tenth of a ledger keystroke.
#[derive(Debug, Clone)]
pub enum Message {
    Text(Rc<str>),
    Filled(Rc<Filled>),
}

/// A rule's template with the values of its placeholders, in order.
#[derive(Debug)]
pub struct Filled {
    form: Rc<Form>,
    node: u32,
    locale: Locale,
    row: u32,
    /// `{rows}` (unique rules) is written at once: it reads other rows.
    rows: String,
    values: Vec<Val>,
    text: std::cell::OnceCell<Rc<str>>,
}

impl Message {
    pub fn text(&self) -> &Rc<str> {
        match self {
            Message::Text(t) => t,
            Message::Filled(f) => f.text.get_or_init(|| f.write().into()),
        }
    }

    fn same(&self, other: &Message) -> bool {
        match (self, other) {
            (Message::Filled(a), Message::Filled(b))
                if Rc::ptr_eq(&a.form, &b.form) && a.node == b.node && a.locale == b.locale =>
            {
                a.row == b.row
                    && a.rows == b.rows
                    && a.values.len() == b.values.len()
                    && a.values.iter().zip(&b.values).all(|(x, y)| identical(x, y))
            }
            _ => self.text() == other.text(),
        }
    }
}

/// The same value written the same way: `1.0` and `1.00` are equal numbers but not the same
/// text (zero is written without a sign).
fn identical(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.scale() == y.scale() && x == y,
        _ => a == b,
    }
}

impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self.text() == other.text()
    }
}

impl std::ops::Deref for Message {
    type Target = str;
    fn deref(&self) -> &str {
        self.text()
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

impl From<Rc<str>> for Message {
    fn from(t: Rc<str>) -> Message {
        Message::Text(t)
    }
}

impl From<String> for Message {
    fn from(t: String) -> Message {
        Message::Text(t.into())
    }
}

impl From<&str> for Message {
    fn from(t: &str) -> Message {
        Message::Text(t.into())
    }
}

impl Filled {
    fn parts(&self) -> &[TemplatePart] {
        let en = self.locale.is_en();
        match self.form.node(self.node).map(|n| &n.kind) {
            Some(NodeKind::Rule(r)) => r.message.parts(en),
            _ => &[],
        }
    }

    fn write(&self) -> String {
        let form = &self.form;
        let en = self.locale.is_en();
        let label = form.node(self.node).map_or("", |n| n.label.get(en));
        let parts = self.parts();
        // The fixed text's length, and room for what is filled in.
        let fixed: usize = parts.iter().map(|p| if let TemplatePart::Text(s) = p { s.len() } else { 16 }).sum();
        let mut out = String::with_capacity(fixed);
        let mut values = self.values.iter();
        for part in parts {
            match part {
                TemplatePart::Text(s) => out.push_str(s),
                TemplatePart::Label => out.push_str(label),
                TemplatePart::Row => crate::format::push_u32(&mut out, self.row.saturating_add(1)),
                TemplatePart::Rows => out.push_str(&self.rows),
                TemplatePart::Value { node, code, .. } => {
                    let v = values.next().unwrap_or(&Val::Unknown);
                    if let (Code::Call(formula::Func::Exact, _), Val::Num(d)) = (code, v) {
                        out.push_str(&crate::format::exact_text(*d));
                        continue;
                    }
                    let ft = node.and_then(|n| form.node(n)).and_then(|n| node_field_type(&n.kind));
                    match display(v, ft, self.locale) {
                        Some(shown) => out.push_str(&shown),
                        None => out.push_str(if en { "(blank)" } else { "（空）" }),
                    }
                }
            }
        }
        out
    }
}

/// Where an issue is shown, ordered as a reader meets it: header first, then each table's
/// rows in order, then the table as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct At {
    pub scope: u32,
    pub row: u32,
    pub slot: u32,
}

/// `row` of an issue shown on a whole table.
pub const TABLE_ROW: u32 = u32::MAX;

impl At {
    /// The place packed into one number that sorts in reading order (scopes and slots are
    /// bounded to 16 bits by the spec loader). One key type keeps the wasm small: a map and a
    /// sort over `u64` serve every use.
    pub fn key(self) -> u64 {
        (u64::from(self.scope & 0xFFFF) << 48) | (u64::from(self.row) << 16) | u64::from(self.slot & 0xFFFF)
    }

    pub fn from_key(k: u64) -> At {
        let part = |shift: u32, mask: u64| u32::try_from((k >> shift) & mask).unwrap_or(0);
        At { scope: part(48, 0xFFFF), row: part(16, 0xFFFF_FFFF), slot: part(0, 0xFFFF) }
    }
}

/// Which rows of a node to re-evaluate. One row (a keystroke) is held without a vector.
#[derive(Debug, Clone)]
enum RowSel {
    All,
    One(u32),
    Rows(Vec<u32>),
}

impl RowSel {
    fn of(rows: &[u32]) -> RowSel {
        match rows {
            [one] => RowSel::One(*one),
            _ => RowSel::Rows(rows.to_vec()),
        }
    }

    fn merge(&mut self, other: RowSel) {
        match (&mut *self, other) {
            (RowSel::All, _) => {}
            (_, RowSel::All) => *self = RowSel::All,
            (RowSel::One(a), RowSel::One(b)) if *a == b => {}
            (RowSel::One(a), RowSel::One(b)) => *self = RowSel::Rows(vec![*a, b]),
            (RowSel::One(a), RowSel::Rows(mut b)) => {
                b.push(*a);
                *self = RowSel::Rows(b);
            }
            (RowSel::Rows(a), RowSel::One(b)) => a.push(b),
            (RowSel::Rows(a), RowSel::Rows(b)) => a.extend(b),
        }
    }
}

/// Nodes of one table waiting to be evaluated row by row (`recompute_all`).
struct Block {
    table: u32,
    rows: Vec<u32>,
    aggs: Vec<u32>,
    /// Header nodes that read the block's results, run in order once it is done.
    deferred: Vec<u32>,
    pending: Vec<bool>,
}

impl Block {
    fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.aggs.is_empty() && self.deferred.is_empty()
    }

    fn is_pending(&self, node: u32) -> bool {
        self.pending.get(node as usize).copied().unwrap_or(false)
    }

    fn mark(&mut self, node: u32, pending: bool) {
        if let Some(p) = self.pending.get_mut(node as usize) {
            *p = pending;
        }
    }
}

/// A value the input states for a computed field: the text as typed, and what it reads as
/// for the field (any number of decimals, no lower bound: a stated 32.89 is compared with the
/// computation rounded to two decimals), or `None` when it does not read. Read once, as it is
/// loaded, so the document's own value need not be kept.
struct Stated {
    text: String,
    read: Option<Val>,
    /// The text is a spreadsheet's error value (`#REF!`: its formula failed).
    failed: bool,
}

impl Stated {
    fn read(ft: &FieldType, raw: &Json) -> Stated {
        let lenient = match &ft.number {
            Some(rule) => Some(value::NumberRule { max_decimals: 28, min: None, ..rule.clone() }),
            None if ft.kind.is_numeric() => {
                Some(value::NumberRule { unit: ft.unit, max_decimals: 28, min: None, extra_suffixes: &["%", "％"] })
            }
            None => None,
        };
        let read = match lenient {
            // A number's type with the lenient rule; the lists (options, accepted files) are no
            // number's, and are not copied.
            Some(rule) => value::normalise(
                &FieldType {
                    kind: ft.kind,
                    unit: ft.unit,
                    scale: ft.scale,
                    fixed: ft.fixed,
                    number: Some(rule),
                    options: Vec::new(),
                    max_length: ft.max_length,
                    multiline: ft.multiline,
                    accept: Vec::new(),
                    max_bytes: ft.max_bytes,
                },
                raw,
            ),
            None => value::normalise(ft, raw),
        };
        Stated {
            text: value::raw_text(raw).unwrap_or_default(),
            failed: matches!(read, Err(value::InputError::SheetError)),
            read: read.ok(),
        }
    }
}

/// Values and issues of one filled-in form.
pub struct Session {
    form: Rc<Form>,
    locale: Locale,
    /// Scope → rows → slots. The header (scope 0) has exactly one row.
    values: Vec<Grid>,
    /// Per place: (node, its issues there), in node order.
    issues: PlaceMap<Vec<(u32, Vec<Issue>)>>,
    error_count: usize,
    aggs: Vec<Option<AggState>>,
    uniques: Vec<Option<aggregate::UniqueIndex>>,
    /// Keys the form does not know, reported as warnings, and problems of the document itself.
    unknown: Vec<(String, Issue)>,
    /// The spreadsheet rows of the document's problems found on one (`unknown`'s index, row): a
    /// totals row that does not add up. Only whole ledgers have them.
    #[cfg(feature = "bulk")]
    unknown_rows: Vec<(u32, u32)>,
    /// Filled while an update runs: what changed, for the delta.
    changed_values: Vec<u64>,
    changed_issues: Vec<u64>,
    /// Reused by `propagate`: work left per rank, and the rows one node changed.
    pending: Vec<Option<RowSel>>,
    changed_rows: Vec<u32>,
    tracking: bool,
    /// While `recompute_all` runs: no computed value or rule has an issue recorded yet, so
    /// clearing one's issues needs no lookup (a 100,000-row ledger clears 600,000).
    rebuilding: bool,
    /// Aggregates waiting for an update, by node: the table rows whose contribution changed,
    /// or all of them.
    agg_rows: Vec<Vec<u32>>,
    agg_all: Vec<bool>,
    /// Values the input states for computed fields (a ledger's own totals), checked against
    /// the computation.
    stated: PlaceMap<Stated>,
    /// Evaluated sessions of the forms this one references.
    refs: Vec<Session>,
    /// Every table and field id is plain JSON text (a compiled spec's always are; a precompiled
    /// one is not checked): a path is then written between quotes as it is spelled.
    plain_paths: bool,
    /// How the rows are numbered for a reader (messages naming other rows, a ledger's report).
    numbers: RowNumbers,
    /// The texts read lately into each column of a table loaded in bulk (`push_row`).
    #[cfg(feature = "bulk")]
    recent: RecentTexts,
}

/// The texts read lately into each column of a table loaded in bulk. A ledger's street and
/// its remarks repeat from row to row: a cell that repeats one of them shares its text instead
/// of a copy of its own (an allocation and its bytes per cell, and the reading that found it
/// valid: the same text in the same column reads the same).
#[cfg(feature = "bulk")]
#[derive(Debug, Default)]
struct RecentTexts {
    table: u32,
    slots: Vec<Recent>,
}

#[cfg(feature = "bulk")]
impl RecentTexts {
    /// `value::normalise_str` of a cell of `table`'s column `slot`: plain text that repeats one
    /// of the column's last texts is that text (the same text in the same column reads the
    /// same), and plain text read afresh is remembered.
    fn read(&mut self, table: u32, slot: u32, ft: &FieldType, text: &str) -> Result<Val, value::InputError> {
        if ft.kind != Kind::Text || ft.number.is_some() {
            return value::normalise_str(ft, text);
        }
        if table != self.table {
            self.table = table;
            self.slots.clear();
        }
        let i = slot as usize;
        if self.slots.len() <= i {
            self.slots.resize_with(i.saturating_add(1), Recent::default);
        }
        let Some(recent) = self.slots.get_mut(i) else { return value::normalise_str(ft, text) };
        let t = value::trimmed(text);
        if let Some(shared) = if t.is_empty() { None } else { recent.find(t) } {
            return Ok(Val::Text(shared));
        }
        let read = value::normalise_str(ft, text);
        if let Ok(Val::Text(t)) = &read {
            recent.remember(t);
        }
        read
    }
}

/// One column's last texts, and how often a cell was one of them.
#[cfg(feature = "bulk")]
#[derive(Debug, Default)]
struct Recent {
    texts: [Option<Rc<str>>; 8],
    next: usize,
    looked: u32,
    found: u32,
}

#[cfg(feature = "bulk")]
impl Recent {
    /// A column whose texts seldom repeat (a ledger's names) is no longer looked in: after 256
    /// cells, one in eight must have been found.
    fn active(&self) -> bool {
        self.looked < 256 || self.found.saturating_mul(8) >= self.looked
    }

    fn find(&mut self, text: &str) -> Option<Rc<str>> {
        if !self.active() {
            return None;
        }
        self.looked = self.looked.saturating_add(1);
        let hit = self.texts.iter().flatten().find(|t| ***t == *text).cloned();
        if hit.is_some() {
            self.found = self.found.saturating_add(1);
        }
        hit
    }

    fn remember(&mut self, text: &Rc<str>) {
        if !self.active() {
            return;
        }
        if let Some(t) = self.texts.get_mut(self.next) {
            *t = Some(text.clone());
        }
        self.next = self.next.saturating_add(1).checked_rem(self.texts.len()).unwrap_or(0);
    }
}

/// The numbers a reader knows a table's rows by: 1, 2, 3… (a table on a page), or, for a ledger
/// read from a spreadsheet, the spreadsheet's own row numbers (the header is a row, and so are
/// blank rows, totals and a title above the header, which are not read as rows), kept as the
/// rows where the numbering jumps.
#[derive(Debug, Default, Clone)]
struct RowNumbers {
    table: u32,
    /// (row, its number), by row: each later row is numbered on from the last jump before it.
    jumps: Vec<(u32, u32)>,
}

impl RowNumbers {
    fn of(&self, table: u32, row: u32) -> u32 {
        // Only whole ledgers are read from spreadsheets (the form package leaves this out).
        if cfg!(feature = "bulk") && table == self.table {
            let before = self.jumps.partition_point(|&(r, _)| r <= row);
            if let Some(&(r, n)) = before.checked_sub(1).and_then(|i| self.jumps.get(i)) {
                return n.saturating_add(row.saturating_sub(r));
            }
        }
        row.saturating_add(1)
    }

    fn set(&mut self, table: u32, row: u32, number: u32) {
        if table != self.table {
            self.table = table;
            self.jumps.clear();
        }
        // Rows are numbered in order, so the jumps stay sorted by row.
        if self.of(table, row) != number {
            self.jumps.push((row, number));
        }
    }
}

/// `lookup` reads the referenced sessions.
struct RefSessions<'a>(&'a [Session]);

impl formula::References for RefSessions<'_> {
    fn lookup(&self, reference: u32, table: u32, key_slot: u32, key: &Val, result_slot: u32) -> Option<Val> {
        let s = self.0.get(reference as usize)?;
        let same = |v: &Val| match (v, key) {
            (Val::Text(a), Val::Text(b)) => unique_key(a) == unique_key(b),
            (a, b) => a == b,
        };
        let rows = s.values.get(table as usize)?;
        rows.iter()
            .find(|r| r.get(key_slot as usize).is_some_and(same))
            .and_then(|r| r.get(result_slot as usize).cloned())
    }
}

/// What one incremental update changed.
#[derive(Debug, Default)]
pub struct Delta {
    /// The changed values as the JSON object `{path:value|null,…}` in reading order, written as
    /// they are found (a keystroke's numbers need no string each).
    pub values: String,
    pub issues: Vec<(String, Vec<Issue>)>,
    pub valid: bool,
}

impl Session {
    /// An empty session: no input, no rows.
    pub fn new(form: Rc<Form>, locale: Locale) -> Session {
        // Lists built by loops here and below: each `collect` is a copy of its own in the wasm.
        let mut values = Vec::with_capacity(form.scopes.len());
        for sc in &form.scopes {
            values.push(Grid::new(sc.slots.len(), usize::from(!sc.is_table)));
        }
        let n = form.nodes.len();
        let mut aggs = Vec::with_capacity(n);
        aggs.resize_with(n, || None);
        let mut uniques = Vec::with_capacity(n);
        uniques.resize_with(n, || None);
        let mut s = Session {
            form,
            locale,
            values,
            issues: PlaceMap::default(),
            error_count: 0,
            aggs,
            uniques,
            unknown: Vec::new(),
            #[cfg(feature = "bulk")]
            unknown_rows: Vec::new(),
            changed_values: Vec::new(),
            changed_issues: Vec::new(),
            pending: Vec::new(),
            changed_rows: Vec::new(),
            tracking: false,
            rebuilding: false,
            agg_rows: vec![Vec::new(); n],
            agg_all: vec![false; n],
            stated: PlaceMap::default(),
            refs: Vec::new(),
            plain_paths: false,
            numbers: RowNumbers::default(),
            #[cfg(feature = "bulk")]
            recent: RecentTexts::default(),
        };
        s.plain_paths = s.form.scopes.iter().all(|sc| crate::json::is_plain(&sc.id))
            && s.form.nodes.iter().all(|n| crate::json::is_plain(&n.id));
        let form = s.form.clone();
        for r in &form.references {
            let mut sub = Session::new(r.form.clone(), locale);
            if let Some(d) = &r.data {
                sub.load(d);
            }
            s.refs.push(sub);
        }
        s.recompute_all();
        s
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    pub fn is_valid(&self) -> bool {
        self.error_count == 0
    }

    /// Replaces every input with `values` (a JSON object keyed by field id) and re-evaluates.
    pub fn load(&mut self, values: &Json) {
        let form = self.form.clone();
        self.unknown.clear();
        #[cfg(feature = "bulk")]
        self.unknown_rows.clear();
        for (si, scope) in form.scopes.iter().enumerate() {
            if scope.is_table {
                if let Some(t) = self.values.get_mut(si) {
                    t.clear();
                }
            } else if let Some(h) = self.values.get_mut(si) {
                h.blank();
            }
        }
        self.issues.clear();
        self.stated.clear();
        self.error_count = 0;
        let Json::Object(map) = values else {
            self.document_error(
                String::new(),
                "wrong_shape",
                "values must be a JSON object keyed by field id",
                "取值应为以字段编号为键的 JSON 对象",
            );
            self.recompute_all();
            return;
        };
        for (key, raw) in map {
            if let Some(t) = form.table(key) {
                self.load_table(t, key, raw);
                continue;
            }
            match form.field_slot(0, key) {
                Some(slot) => self.load_cell(At { scope: 0, row: 0, slot }, raw),
                None => self.note_unknown(key),
            }
        }
        self.recompute_all();
    }

    /// Bulk loading (a ledger read a block at a time): appends one row of cells (slot, text as
    /// typed) to `table` without re-evaluating anything. Call `finish_bulk` after the last row.
    /// Returns false once the table is full (the `too_many_rows` error is then recorded once).
    /// The cells come as an iterator, so a reader hands them over without collecting each row
    /// (generic, not `dyn`: a call per cell through a vtable showed in the wasm profile).
    pub fn push_row<'a>(&mut self, table: u32, cells: impl Iterator<Item = (u32, &'a str)>) -> bool {
        let form = self.form.clone();
        let Some(scope) = form.scope(table).filter(|s| s.is_table) else { return false };
        let limit = scope.max_rows.min(MAX_ROWS);
        let rows = self.rows(table);
        if rows >= limit {
            if !self.unknown.iter().any(|(p, i)| *p == scope.id && &*i.code == "too_many_rows") {
                let (zh, en) = (
                    format!("{}最多{}行，超出的行未检查", scope.label.zh, limit),
                    format!("{} takes at most {} rows; the rest were not checked", scope.label.en, limit),
                );
                self.document_error(scope.id.clone(), "too_many_rows", &en, &zh);
            }
            return false;
        }
        if let Some(t) = self.values.get_mut(table as usize) {
            t.push_blank();
        }
        let row = u32::try_from(rows).unwrap_or(u32::MAX);
        for (slot, text) in cells {
            let at = At { scope: table, row, slot };
            let Some(&node_id) = scope.slots.get(slot as usize) else { continue };
            let Some(node) = form.node(node_id) else { continue };
            match &node.kind {
                NodeKind::Input { ft, unit_label } => {
                    // A new row's cell: no problem can be listed at its place yet (removing a
                    // row drops its problems and moves the later rows' up), so a cell without
                    // one skips the problem map (a 100,000-row ledger has 1.2 million cells).
                    // Whole ledgers share a column's repeated texts (`RecentTexts::read`).
                    #[cfg(feature = "bulk")]
                    let read = self.recent.read(table, slot, ft, text);
                    #[cfg(not(feature = "bulk"))]
                    let read = value::normalise_str(ft, text);
                    let (val, issue) = self.read_input(node, ft, unit_label, read, || text.trim().to_string());
                    if let Some(issue) = issue {
                        self.put_issues(at, node_id, vec![issue]);
                    }
                    if let Some(cell) = self.slot_mut(at) {
                        *cell = val;
                    }
                }
                NodeKind::Computed { ft, .. } if !text.trim().is_empty() => {
                    self.stated.insert(at.key(), Stated::read(ft, &Json::String(text.to_string())));
                }
                _ => {}
            }
        }
        true
    }

    /// Numbers `row` of `table` as a reader knows it, and the rows after it on from there (a
    /// ledger's spreadsheet row numbers; by default a table's rows are numbered 1, 2, 3…). Rows
    /// are numbered in order, as they are read.
    pub fn number_row(&mut self, table: u32, row: u32, number: u32) {
        self.numbers.set(table, row, number);
    }

    /// The number a reader knows `row` of `table` by (see `number_row`).
    pub fn row_number(&self, table: u32, row: u32) -> u32 {
        self.numbers.of(table, row)
    }

    /// Where the numbering of the rows jumps: (row, its number) pairs, in order (see
    /// `number_row`); empty when the rows are numbered 1, 2, 3….
    pub fn row_number_jumps(&self) -> &[(u32, u32)] {
        &self.numbers.jumps
    }

    /// Room for `rows` more rows of `table` (bulk loading, when their number is known or
    /// estimated), at most the table's limit.
    pub fn reserve_rows(&mut self, table: u32, rows: usize) {
        let limit = self.form.scope(table).map_or(0, |s| s.max_rows.min(MAX_ROWS));
        if let Some(t) = self.values.get_mut(table as usize) {
            t.reserve(rows.min(limit.saturating_sub(t.len())));
        }
    }

    /// Sets one header input during a bulk load (no re-evaluation).
    pub fn put_header(&mut self, slot: u32, raw: &Json) {
        self.load_cell(At { scope: 0, row: 0, slot }, raw);
    }

    /// Evaluates everything after a bulk load.
    pub fn finish_bulk(&mut self) {
        self.recompute_all();
    }

    fn load_table(&mut self, t: u32, key: &str, raw: &Json) {
        let form = self.form.clone();
        let Some(scope) = form.scope(t) else { return };
        let rows: &[Json] = match raw {
            Json::Array(a) => a,
            Json::Null => &[],
            _ => {
                self.document_error(
                    key.to_string(),
                    "wrong_shape",
                    "a table must be a JSON array of row objects",
                    "表格应为由行对象组成的 JSON 数组",
                );
                return;
            }
        };
        let limit = scope.max_rows.min(MAX_ROWS);
        if rows.len() > limit {
            let (zh, en) = (
                format!("{}最多{}行，收到{}行；只检查了前{}行", scope.label.zh, limit, rows.len(), limit),
                format!(
                    "{} takes at most {} rows; received {}, checked the first {}",
                    scope.label.en,
                    limit,
                    rows.len(),
                    limit
                ),
            );
            self.document_error(key.to_string(), "too_many_rows", &en, &zh);
        }
        for (r, row) in rows.iter().take(limit).enumerate() {
            let r = u32::try_from(r).unwrap_or(u32::MAX);
            if let Some(table) = self.values.get_mut(t as usize) {
                table.push_blank();
            }
            let Json::Object(cells) = row else {
                let path = format!("{key}[{r}]");
                self.document_error(
                    path,
                    "wrong_shape",
                    "each row must be a JSON object keyed by field id",
                    "每一行应为以字段编号为键的 JSON 对象",
                );
                continue;
            };
            for (field, raw) in cells {
                match form.field_slot(t, field) {
                    Some(slot) => self.load_cell(At { scope: t, row: r, slot }, raw),
                    None => self.note_unknown(&format!("{key}[{r}].{field}")),
                }
            }
        }
    }

    /// An input is normalised; a stated value of a computed field is kept to be checked.
    fn load_cell(&mut self, at: At, raw: &Json) {
        match self.form.slot_node(at.scope, at.slot).map(|n| &n.kind) {
            Some(NodeKind::Input { .. }) => {
                self.set_input(at, raw);
            }
            Some(NodeKind::Computed { ft, .. }) if value::raw_text(raw).is_some() => {
                let stated = Stated::read(ft, raw);
                self.stated.insert(at.key(), stated);
            }
            _ => {}
        }
    }

    /// Whether a stated value agrees with the computed one: a number must be the exact value
    /// rounded half-up to the stated number's own decimals (32.9 and 32.89 both state
    /// 32.894…); anything else must be equal.
    #[inline(never)]
    fn stated_issue(&self, at: At, node_id: u32, computed: &Val) -> Option<Issue> {
        let stated = self.stated.get(&at.key())?;
        let node = self.form.node(node_id)?;
        let NodeKind::Computed { ft, unit_label, .. } = &node.kind else {
            return None;
        };
        if matches!(computed, Val::Unknown | Val::Blank) {
            return None;
        }
        let text = &stated.text;
        let agrees = match (&stated.read, computed) {
            (Some(Val::Num(s)), Val::Num(c)) => formula::round_half_up(*c, s.scale()) == *s,
            (Some(s), c) => s == c,
            (None, _) => false,
        };
        if agrees {
            return None;
        }
        let en = self.locale.is_en();
        let shown = display(computed, Some(ft), self.locale).unwrap_or_default();
        let unit = unit_label.get(en);
        let working = self.working_at(at).unwrap_or_default();
        let label = node.label.get(en);
        // A spreadsheet's error value where its formula failed (`#REF!`) is said as one.
        let failed = match (stated.failed, en) {
            (false, _) => String::new(),
            (true, true) => format!(", {},", messages::SHEET_ERROR.1),
            (true, false) => format!("（{}）", messages::SHEET_ERROR.0),
        };
        let text = messages::shorten(text);
        Some(Issue {
            severity: Severity::Error,
            code: "computed_mismatch".into(),
            message: if en {
                format!(
                    "{label} is stated as “{text}”{failed} but calculates to {shown}{}{unit}: {working}",
                    if unit.is_empty() || unit == "%" { "" } else { " " }
                )
                .into()
            } else {
                format!("{label}填报为“{text}”{failed}，按公式计算应为{shown}{unit}：{working}").into()
            },
            citation: node.citation.clone(),
        })
    }

    /// Records an error about the document itself (its shape, a table's length) at `place`,
    /// citing the form's source document.
    /// An error on a whole table that no rule of the form gives: what a spreadsheet holds
    /// besides its rows (a totals row that does not add up, `csv::Sheet::check_totals`), with
    /// the spreadsheet row it is on (`sheet_row`).
    pub fn table_error(&mut self, table: u32, sheet_row: Option<u32>, code: &str, en: &str, zh: &str) {
        let Some(id) = self.form.scope(table).map(|s| s.id.clone()) else { return };
        #[cfg(feature = "bulk")]
        if let (Some(row), Ok(at)) = (sheet_row, u32::try_from(self.unknown.len())) {
            self.unknown_rows.push((at, row));
        }
        #[cfg(not(feature = "bulk"))]
        let _ = sheet_row;
        self.document_error(id, code, en, zh);
    }

    /// The spreadsheet row a problem of the document is on (a totals row that does not add up),
    /// for a problem `each_issue` gave as `Err(path)`; a table row's problem has its row in its
    /// place.
    #[cfg(feature = "bulk")]
    pub fn sheet_row(&self, issue: &Issue) -> Option<u32> {
        self.unknown_rows
            .iter()
            .find(|&&(at, _)| self.unknown.get(at as usize).is_some_and(|(_, i)| std::ptr::eq(i, issue)))
            .map(|&(_, row)| row)
    }

    fn document_error(&mut self, place: String, code: &str, en: &str, zh: &str) {
        let issue = Issue {
            severity: Severity::Error,
            code: code.into(),
            message: if self.locale.is_en() { en.into() } else { zh.into() },
            citation: self.form.source.document.as_str().into(),
        };
        self.unknown.push((place, issue));
        self.error_count = self.error_count.saturating_add(1);
    }

    fn note_unknown(&mut self, path: &str) {
        if self.unknown.len() >= 100 {
            return;
        }
        let en = self.locale.is_en();
        let issue = Issue {
            severity: Severity::Warning,
            code: "unknown_field".into(),
            message: if en {
                format!("“{}” is not a field of form {}; it was ignored", messages::shorten(path), self.form.id).into()
            } else {
                format!("“{}”不是表单 {} 的字段，已忽略", messages::shorten(path), self.form.id).into()
            },
            citation: self.form.source.document.as_str().into(),
        };
        self.unknown.push((path.to_string(), issue));
    }

    /// Normalises one input into its slot; records its input issue. Returns whether the value
    /// changed.
    fn set_input(&mut self, at: At, raw: &Json) -> bool {
        self.set_input_with(at, |ft| value::normalise(ft, raw), || value::raw_text(raw).unwrap_or_default())
    }

    fn set_input_with(
        &mut self,
        at: At,
        normalise: impl FnOnce(&FieldType) -> Result<Val, value::InputError>,
        raw_text: impl FnOnce() -> String,
    ) -> bool {
        let form = self.form.clone();
        let Some(node) = form.slot_node(at.scope, at.slot) else {
            return false;
        };
        let node_id =
            form.scopes.get(at.scope as usize).and_then(|s| s.slots.get(at.slot as usize)).copied().unwrap_or(0);
        let NodeKind::Input { ft, unit_label } = &node.kind else {
            return false;
        };
        let (val, issue) = self.read_input(node, ft, unit_label, normalise(ft), raw_text);
        self.put_issues(at, node_id, one_or_none(issue));
        let Some(slot) = self.slot_mut(at) else {
            return false;
        };
        if *slot == val {
            return false;
        }
        *slot = val;
        true
    }

    /// An input's value from its reading, and its problem when the reading failed.
    fn read_input(
        &self,
        node: &NodeDef,
        ft: &FieldType,
        unit_label: &L10n,
        read: Result<Val, value::InputError>,
        raw_text: impl FnOnce() -> String,
    ) -> (Val, Option<Issue>) {
        match read {
            Ok(v) => (v, None),
            Err(e) => {
                let mut opts: Vec<&str> = Vec::with_capacity(ft.options.len());
                for o in &ft.options {
                    opts.push(&o.value);
                }
                let info = FieldInfo {
                    label: node.label.get(self.locale.is_en()),
                    unit: unit_label.get(self.locale.is_en()),
                    options: &opts,
                    is_year: ft.kind == Kind::Year,
                    blank_counts_as: match node.default {
                        Some(Val::Num(d)) => Some(d),
                        _ => None,
                    },
                };
                let raw_text = raw_text();
                // A tab inside a one-line value, whatever refused it: cells of a spreadsheet row
                // copied together (Excel puts a tab between them), and the message says so.
                let one_line = !ft.multiline && !matches!(ft.kind, Kind::Checks | Kind::Image);
                let tabs = if one_line { raw_text.trim().bytes().filter(|&b| b == b'\t').count() } else { 0 };
                let e = if tabs > 0 { value::InputError::SeveralCells { cells: tabs.saturating_add(1) } } else { e };
                let issue = Issue {
                    severity: Severity::Error,
                    code: messages::input_code(&e).into(),
                    message: messages::input_message(&e, &info, &raw_text, self.locale).into(),
                    citation: node.citation.clone(),
                };
                (Val::Unknown, Some(issue))
            }
        }
    }

    fn slot_mut(&mut self, at: At) -> Option<&mut Val> {
        self.values.get_mut(at.scope as usize)?.get_mut(at.row as usize, at.slot as usize)
    }

    /// The current value at a place.
    pub fn value(&self, at: At) -> Option<&Val> {
        self.values.get(at.scope as usize)?.get(at.row as usize, at.slot as usize)
    }

    pub fn rows(&self, table: u32) -> usize {
        self.values.get(table as usize).map_or(0, Grid::len)
    }

    fn put_issues(&mut self, at: At, node: u32, new: Vec<Issue>) {
        if self.rebuilding && new.is_empty() {
            return;
        }
        self.store_issues(at, node, new);
    }

    /// `put_issues` past its shortcut, apart from it (and never inlined into its callers): a
    /// whole ledger's 600,000 computed values and rules mostly have no problem to store, and
    /// this code inlined made every one of them slower in wasm.
    #[inline(never)]
    fn store_issues(&mut self, at: At, node: u32, new: Vec<Issue>) {
        let errors = |v: &[Issue]| v.iter().filter(|i| i.severity == Severity::Error).count();
        let list = self.issues.get(&at.key());
        let old = list.and_then(|l| l.iter().find(|(n, _)| *n == node)).map(|(_, v)| v.as_slice()).unwrap_or(&[]);
        if old.len() == new.len() && old.iter().zip(&new).all(|(a, b)| a.same(b)) {
            return;
        }
        self.error_count = self.error_count.saturating_sub(errors(old)).saturating_add(errors(&new));
        let Some(list) = self.issues.get_or_insert_with(at.key(), Vec::new) else { return };
        match list.iter().position(|(n, _)| *n == node) {
            Some(i) if new.is_empty() => {
                list.remove(i);
            }
            Some(i) => {
                if let Some(slot) = list.get_mut(i) {
                    slot.1 = new;
                }
            }
            None => {
                let i = list.iter().position(|(n, _)| *n > node).unwrap_or(list.len());
                list.insert(i, (node, new));
            }
        }
        if list.is_empty() {
            self.issues.remove(&at.key());
        }
        if self.tracking {
            self.changed_issues.push(at.key());
        }
    }

    /// Re-evaluates every computed value, aggregate and rule from the stored inputs.
    pub fn recompute_all(&mut self) {
        let form = self.form.clone();
        let is_input = |node: u32| matches!(form.node(node).map(|n| &n.kind), Some(NodeKind::Input { .. }));
        self.issues.retain(|_, list| {
            list.retain(|(node, _)| is_input(*node));
            !list.is_empty()
        });
        let mut input_errors = 0usize;
        for list in self.issues.values() {
            for (_, issues) in list {
                for i in issues {
                    input_errors = input_errors.saturating_add(usize::from(i.severity == Severity::Error));
                }
            }
        }
        self.error_count =
            input_errors.saturating_add(self.unknown.iter().filter(|(_, i)| i.severity == Severity::Error).count());
        for a in self.aggs.iter_mut() {
            *a = None;
        }
        for u in self.uniques.iter_mut() {
            *u = None;
        }
        let tracking = self.tracking;
        self.tracking = false;
        self.rebuilding = true;
        // Row by row rather than node by node: a table's computed fields, rules and the
        // aggregates over it are evaluated for one row while that row is in cache (a 100,000-row
        // ledger is tens of megabytes). Any node that reads a pending one waits for the block.
        let mut block = Block {
            table: 0,
            rows: Vec::new(),
            aggs: Vec::new(),
            deferred: Vec::new(),
            pending: vec![false; form.nodes.len()],
        };
        for &node in &form.order {
            let Some(def) = form.node(node) else { continue };
            let joins = match &def.kind {
                NodeKind::Computed { .. } if def.scope != 0 => Some((def.scope, false)),
                NodeKind::Rule(r) if def.scope != 0 && matches!(r.check, RuleCheck::Assert { .. }) => {
                    Some((def.scope, false))
                }
                NodeKind::Aggregate { table, .. } => Some((*table, true)),
                _ => None,
            };
            let Some((table, is_agg)) = joins else {
                // A header value or rule over the block's results waits for the block, without
                // ending it: the next aggregate joins the same pass over the rows.
                if def.deps.iter().any(|&d| block.is_pending(d)) {
                    block.deferred.push(node);
                    block.mark(node, true);
                } else {
                    self.run(node, RowSel::All, &mut Vec::new());
                }
                continue;
            };
            // A row formula that reads an aggregate, or a header value waiting for one, needs
            // the block finished first.
            let waits = def
                .deps
                .iter()
                .any(|&d| block.is_pending(d) && (block.aggs.contains(&d) || block.deferred.contains(&d)));
            if waits || (table != block.table && !block.is_empty()) {
                self.run_block(&mut block);
            }
            block.table = table;
            if is_agg {
                block.aggs.push(node);
            } else {
                block.rows.push(node);
            }
            block.mark(node, true);
        }
        self.run_block(&mut block);
        self.tracking = tracking;
        self.rebuilding = false;
    }

    /// Evaluates a block of `recompute_all` (see there) row by row, then empties it.
    fn run_block(&mut self, block: &mut Block) {
        let form = self.form.clone();
        let table = block.table;
        let n_rows = u32::try_from(self.rows(table)).unwrap_or(0);
        let mut states: Vec<(u32, AggState, Option<&Code>)> = Vec::new();
        for &a in &block.aggs {
            if let Some(NodeKind::Aggregate { kind, contrib, .. }) = form.node(a).map(|n| &n.kind) {
                states.push((a, AggState::summary(*kind, n_rows as usize), contrib.as_ref()));
            }
            if let Some(all) = self.agg_all.get_mut(a as usize) {
                *all = false;
            }
            if let Some(listed) = self.agg_rows.get_mut(a as usize) {
                listed.clear();
            }
        }
        for row in 0..n_rows {
            for &n in &block.rows {
                let Some(node) = form.node(n) else { continue };
                match &node.kind {
                    NodeKind::Computed { code, .. } => {
                        self.compute_row(n, node, code, row);
                    }
                    NodeKind::Rule(rule) => {
                        if let RuleCheck::Assert { when, assert } = &rule.check {
                            self.assert_row(n, node, rule, when.as_ref(), assert, row);
                        }
                    }
                    _ => {}
                }
            }
            if !states.is_empty() {
                // The row's contributions read in place (most are one field's value).
                let refs = RefSessions(&self.refs);
                let env = self.env(table, row, &refs);
                for (_, state, contrib) in states.iter_mut() {
                    match contrib.map(|c| formula::operand(c, &env)) {
                        Some(Ok(v)) => state.add(&v),
                        Some(Err(_)) => state.add(&Val::Unknown),
                        None => state.add(&Val::Bool(true)),
                    }
                }
            }
        }
        for (a, state, _) in states {
            self.store_aggregate(a, form.node(a).and_then(|n| n.slot), state);
        }
        for n in std::mem::take(&mut block.rows).into_iter().chain(std::mem::take(&mut block.aggs)) {
            block.mark(n, false);
        }
        for n in std::mem::take(&mut block.deferred) {
            self.run(n, RowSel::All, &mut Vec::new());
            block.mark(n, false);
        }
    }

    /// Evaluates `node` for the selected rows; returns the rows whose value changed.
    /// Re-evaluates `node` at the selected rows; the rows whose value changed are left in
    /// `changed` (cleared first; a buffer reused across the nodes of one propagation).
    fn run(&mut self, node_id: u32, sel: RowSel, changed: &mut Vec<u32>) {
        changed.clear();
        let form = self.form.clone();
        let Some(node) = form.node(node_id) else {
            return;
        };
        let one;
        let many: Vec<u32>;
        let rows: &[u32] = match sel {
            RowSel::All => {
                many = all_rows(self.rows(node.scope));
                &many
            }
            RowSel::One(r) => {
                one = [r];
                &one
            }
            RowSel::Rows(r) => {
                many = sorted_rows(r);
                &many
            }
        };
        match &node.kind {
            NodeKind::Input { .. } => {}
            NodeKind::Computed { code, .. } => {
                for &row in rows {
                    if self.compute_row(node_id, node, code, row) {
                        changed.push(row);
                    }
                }
            }
            NodeKind::Aggregate { table, kind, contrib, .. } => {
                let table = *table;
                let n_rows = self.rows(table);
                let state = self.aggs.get_mut(node_id as usize).and_then(Option::take);
                let mut state = match state {
                    Some(s) if s.len() == n_rows && s.keeps_rows() => s,
                    _ => AggState::new(*kind, n_rows),
                };
                // Which table rows to (re)contribute: a fresh state needs all of them.
                let all = self.agg_all.get_mut(node_id as usize).is_some_and(std::mem::take);
                let mut listed = self.agg_rows.get_mut(node_id as usize).map(std::mem::take).unwrap_or_default();
                if state.is_fresh() || all {
                    for r in 0..u32::try_from(n_rows).unwrap_or(0) {
                        state.set(r, self.contribution(contrib.as_ref(), table, r));
                    }
                } else {
                    for &r in &listed {
                        state.set(r, self.contribution(contrib.as_ref(), table, r));
                    }
                }
                // The emptied list goes back, keeping its memory for the next keystroke.
                listed.clear();
                if let Some(slot) = self.agg_rows.get_mut(node_id as usize) {
                    *slot = listed;
                }
                if self.store_aggregate(node_id, node.slot, state) {
                    changed.push(0);
                }
            }
            NodeKind::Rule(rule) => {
                self.run_rule(node_id, rule, rows);
            }
        }
    }

    /// A table row's contribution to an aggregate: its formula's value, or `true` (counting
    /// rows).
    fn contribution(&self, contrib: Option<&Code>, table: u32, row: u32) -> Val {
        match contrib {
            Some(code) => self.eval_at(code, table, row).unwrap_or(Val::Unknown),
            None => Val::Bool(true),
        }
    }

    /// Keeps an aggregate's state and writes its value into its header slot; returns whether
    /// the value changed.
    fn store_aggregate(&mut self, node_id: u32, slot: Option<u32>, mut state: AggState) -> bool {
        state.mark_built();
        let val = state.value();
        if let Some(s) = self.aggs.get_mut(node_id as usize) {
            *s = Some(state);
        }
        match self.slot_mut(At { scope: 0, row: 0, slot: slot.unwrap_or(u32::MAX) }) {
            Some(s) if *s != val => {
                *s = val;
                true
            }
            _ => false,
        }
    }

    /// Evaluates a computed field on one row; returns whether its value changed.
    fn compute_row(&mut self, node_id: u32, node: &NodeDef, code: &Code, row: u32) -> bool {
        let at = At { scope: node.scope, row, slot: node.slot.unwrap_or(u32::MAX) };
        let (val, issue) = match self.eval_at(code, node.scope, row) {
            Ok(v) => (v, None),
            Err(e) => (Val::Unknown, Some(self.eval_issue(e, node))),
        };
        let mut issues = one_or_none(issue);
        if !self.stated.is_empty() {
            if let Some(slot) = self.slot_mut(at) {
                *slot = val.clone();
            }
            if let Some(i) = self.stated_issue(at, node_id, &val) {
                issues.push(i);
            }
        }
        self.put_issues(at, node_id, issues);
        match self.slot_mut(at) {
            Some(s) if *s != val => {
                *s = val;
                if self.tracking {
                    self.changed_values.push(at.key());
                }
                true
            }
            _ => false,
        }
    }

    /// Checks an asserting rule on one row.
    fn assert_row(
        &mut self,
        node_id: u32,
        node: &NodeDef,
        rule: &RuleNode,
        when: Option<&Code>,
        assert: &Code,
        row: u32,
    ) {
        // A rule that asks for a value (`present(x)`: a required field's, or one with a condition
        // such as the ledger's remarks) on a filled-in cell holds whatever its condition says: no
        // formula to evaluate, and during a whole-table evaluation nothing to store (seven of a
        // ledger row's nine rules).
        if self.rebuilding {
            if let Code::Not(inner) = assert {
                if let Code::IsBlank { place, slot } = **inner {
                    let refs = RefSessions(&self.refs);
                    if !self.env(node.scope, row, &refs).get(place, slot).is_blank() {
                        return;
                    }
                }
            }
        }
        let applies = match when {
            // Read in place: most conditions are one field (`compliant`) or a comparison.
            Some(w) => {
                let refs = RefSessions(&self.refs);
                matches!(formula::operand(w, &self.env(node.scope, row, &refs)).as_deref(), Ok(Val::Bool(true)))
            }
            None => true,
        };
        let outcome = if applies { self.eval_at(assert, node.scope, row) } else { Ok(Val::Bool(true)) };
        let at = self.attach_at(node.scope, row, rule.attach);
        let issues = match outcome {
            Ok(Val::Bool(false)) => vec![self.rule_issue(node_id, rule, node.scope, row, &[], 0)],
            Err(e) => vec![self.eval_issue(e, node)],
            Ok(_) => Vec::new(),
        };
        self.put_issues(at, node_id, issues);
    }

    /// The error a computed field or rule shows when its formula cannot be evaluated.
    #[inline(never)]
    fn eval_issue(&self, e: EvalError, node: &NodeDef) -> Issue {
        let (code, message) = messages::eval_message(e, node.label.get(self.locale.is_en()), self.locale);
        Issue { severity: Severity::Error, code: code.into(), message: message.into(), citation: node.citation.clone() }
    }

    fn eval_at(&self, code: &Code, scope: u32, row: u32) -> Result<Val, EvalError> {
        formula::eval(code, &self.env(scope, row, &RefSessions(&self.refs)))
    }

    /// What a formula of `scope` reads at `row`: the header values and the row's.
    fn env<'a>(&'a self, scope: u32, row: u32, refs: &'a RefSessions<'a>) -> Env<'a> {
        let header = self.values.first().and_then(|h| h.row(0)).unwrap_or(&[]);
        let row_vals = if scope == 0 {
            &[][..]
        } else {
            self.values.get(scope as usize).and_then(|t| t.row(row as usize)).unwrap_or(&[])
        };
        Env { header, row: row_vals, refs }
    }

    /// Replaces the values of a referenced form (by reference id or form id), e.g. a district's
    /// own allocation table instead of the built-in one. Returns false if the form has no such
    /// reference.
    pub fn set_reference(&mut self, id: &str, values: &Json) -> bool {
        let form = self.form.clone();
        let Some(i) = form.references.iter().position(|r| r.id == id || r.form.id == id) else { return false };
        let Some(s) = self.refs.get_mut(i) else { return false };
        s.load(values);
        self.recompute_all();
        true
    }

    fn run_rule(&mut self, node_id: u32, rule: &RuleNode, rows: &[u32]) {
        let form = self.form.clone();
        let Some(node) = form.node(node_id) else {
            return;
        };
        match &rule.check {
            RuleCheck::Assert { when, assert } => {
                for &row in rows {
                    self.assert_row(node_id, node, rule, when.as_ref(), assert, row);
                }
            }
            RuleCheck::Unique { column } => {
                let n_rows = self.rows(node.scope);
                let mut index = self.uniques.get_mut(node_id as usize).and_then(Option::take);
                let full = index.as_ref().is_none_or(|i| i.len() != n_rows) || rows.len() == n_rows;
                let mut idx = match index.take() {
                    Some(i) if !full => i,
                    _ => aggregate::UniqueIndex::new(n_rows),
                };
                let rows: Vec<u32> = if full { all_rows(n_rows) } else { rows.to_vec() };
                let key_of = |s: &Self, row: u32| match s.value(At { scope: node.scope, row, slot: *column }) {
                    Some(Val::Text(t)) => Some(unique_key(t)),
                    _ => None,
                };
                let mut affected: Vec<u32> = Vec::new();
                if full {
                    for &row in &rows {
                        idx.set_quiet(row, key_of(self, row));
                    }
                    if cfg!(feature = "bulk") && self.rebuilding {
                        // No row has this rule's problem yet: only the rows that share a key
                        // get one, found group by group (a lookup per row is a cache miss
                        // or three in a 100,000-name index). Whole ledgers only: the form
                        // package's tables are small, and it pays for bytes.
                        for group in idx.shared() {
                            for &row in group {
                                self.put_duplicate(node_id, rule, node.scope, row, aggregate::others_in(group, row, 3));
                            }
                        }
                    } else {
                        affected = rows;
                    }
                } else {
                    for &row in &rows {
                        affected.extend(idx.set(row, key_of(self, row)));
                        affected.push(row);
                    }
                    affected = sorted_rows(affected);
                }
                for row in affected {
                    self.put_duplicate(node_id, rule, node.scope, row, idx.others(row, 3));
                }
                if let Some(slot) = self.uniques.get_mut(node_id as usize) {
                    *slot = Some(idx);
                }
            }
        }
    }

    /// A uniqueness rule's problem at `row`, given the first other rows with its key and how
    /// many there are (none: no problem).
    fn put_duplicate(
        &mut self,
        node_id: u32,
        rule: &RuleNode,
        scope: u32,
        row: u32,
        (others, total): (Vec<u32>, usize),
    ) {
        let at = self.attach_at(scope, row, rule.attach);
        let issues = if others.is_empty() {
            Vec::new()
        } else {
            vec![self.rule_issue(node_id, rule, scope, row, &others, total)]
        };
        self.put_issues(at, node_id, issues);
    }

    fn attach_at(&self, scope: u32, row: u32, attach: Attach) -> At {
        match attach {
            Attach::Field(slot) => At { scope, row: if scope == 0 { 0 } else { row }, slot },
            Attach::Table(t) => At { scope: t, row: TABLE_ROW, slot: 0 },
        }
    }

    fn rule_issue(&self, node_id: u32, rule: &RuleNode, scope: u32, row: u32, others: &[u32], total: usize) -> Issue {
        let form = &self.form;
        let node = form.node(node_id);
        let citation = node.map(|n| n.citation.clone()).unwrap_or_else(|| "".into());
        let en = self.locale.is_en();
        let label = node.map_or("", |n| n.label.get(en));
        let message = match &rule.message {
            RuleMessage::Required => messages::input_message(
                &value::InputError::Required,
                &FieldInfo { label, unit: "", options: &[], is_year: false, blank_counts_as: None },
                "",
                self.locale,
            )
            .into(),
            RuleMessage::Template(_) => {
                let parts = rule.message.parts(en);
                if let [TemplatePart::Text(s)] = parts {
                    return Issue {
                        severity: rule.severity,
                        code: rule.code.clone(),
                        message: s.clone().into(),
                        citation,
                    };
                }
                // The values now, the text when it is read.
                let mut values = Vec::new();
                let mut rows = String::new();
                for part in parts {
                    match part {
                        TemplatePart::Value { code, .. } => {
                            values.push(self.eval_at(code, scope, row).unwrap_or(Val::Unknown));
                        }
                        TemplatePart::Rows => {
                            rows = messages::rows_list(others, |r| self.numbers.of(scope, r), total, self.locale);
                        }
                        _ => {}
                    }
                }
                Message::Filled(Rc::new(Filled {
                    form: form.clone(),
                    node: node_id,
                    locale: self.locale,
                    row,
                    rows,
                    values,
                    text: std::cell::OnceCell::new(),
                }))
            }
        };
        Issue { severity: rule.severity, code: rule.code.clone(), message, citation }
    }

    /// Sets one input (header field or table cell) and re-evaluates what depends on it.
    pub fn set(&mut self, at: At, raw: &Json) -> Delta {
        self.begin();
        if self.set_input(at, raw) {
            let node = self.form.scopes.get(at.scope as usize).and_then(|s| s.slots.get(at.slot as usize)).copied();
            if let Some(node) = node {
                self.propagate(node, at.scope, vec![at.row]);
            }
        }
        self.finish()
    }

    fn begin(&mut self) {
        self.tracking = true;
        self.changed_values.clear();
        self.changed_issues.clear();
    }

    /// Queues the dependents of `from` (whose value changed at `rows` of `from_scope`).
    fn enqueue(&mut self, pending: &mut [Option<RowSel>], from: u32, from_scope: u32, rows: &[u32]) {
        let form = self.form.clone();
        for &d in form.dependents.get(from as usize).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(dn) = form.node(d) else { continue };
            let sel = match &dn.kind {
                // An aggregate re-reads only the changed rows' contributions (all of them when
                // a header value its formula reads has changed).
                NodeKind::Aggregate { .. } => {
                    if from_scope == 0 {
                        if let Some(a) = self.agg_all.get_mut(d as usize) {
                            *a = true;
                        }
                    } else if let Some(list) = self.agg_rows.get_mut(d as usize) {
                        list.extend_from_slice(rows);
                    }
                    RowSel::One(0)
                }
                _ if dn.scope == from_scope => RowSel::of(rows),
                // A header value read by a row formula: every row.
                _ => RowSel::All,
            };
            let rank = form.rank.get(d as usize).copied().unwrap_or(0) as usize;
            match pending.get_mut(rank) {
                Some(Some(s)) => s.merge(sel),
                Some(slot) => *slot = Some(sel),
                None => {}
            }
        }
    }

    /// Pushes a change of `node` (in `scope`, at `rows`) through the dependency graph, in
    /// evaluation order (a dependent always ranks after what it reads).
    fn propagate(&mut self, start: u32, scope: u32, rows: Vec<u32>) {
        let form = self.form.clone();
        // Buffers kept between keystrokes: what each rank still has to do, and which rows a
        // node changed.
        let mut pending = std::mem::take(&mut self.pending);
        // Every rank is taken below, so the buffer comes back empty; it is rebuilt only when it
        // does not (a first use, or work left at a rank already passed).
        if pending.len() != form.order.len() || pending.iter().any(Option::is_some) {
            pending.clear();
            pending.resize(form.order.len(), None);
        }
        let mut changed = std::mem::take(&mut self.changed_rows);
        self.enqueue(&mut pending, start, scope, &rows);
        for rank in 0..pending.len() {
            let Some(sel) = pending.get_mut(rank).and_then(Option::take) else { continue };
            let Some(&node) = form.order.get(rank) else { continue };
            let node_scope = form.node(node).map_or(0, |n| n.scope);
            self.run(node, sel, &mut changed);
            if !changed.is_empty() {
                self.enqueue(&mut pending, node, node_scope, &changed);
            }
        }
        self.pending = pending;
        self.changed_rows = changed;
    }

    fn finish(&mut self) -> Delta {
        self.tracking = false;
        // Sorted and read in place: the lists keep their memory for the next keystroke.
        crate::sort::sort_keys(&mut self.changed_values);
        self.changed_values.dedup();
        crate::sort::sort_keys(&mut self.changed_issues);
        self.changed_issues.dedup();
        let mut delta = Delta { valid: self.is_valid(), ..Delta::default() };
        delta.values.reserve(256);
        self.write_values(self.changed_values.iter().map(|&k| At::from_key(k)), &mut delta.values);
        for &key in &self.changed_issues {
            let at = At::from_key(key);
            delta.issues.push((self.path(at), self.issues_at(at)));
        }
        delta
    }

    /// `{path:value|null,…}` of the values at `places`, written as they are read: each number in
    /// place, each path spelled in one reused buffer (a keystroke's delta, a page's first render).
    pub(crate) fn write_values(&self, places: impl IntoIterator<Item = At>, out: &mut String) {
        out.push('{');
        // Used only when a path needs escaping (it allocates on its first use).
        let mut path = String::new();
        for (i, at) in places.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if self.plain_paths {
                out.push('"');
                self.push_path(at, out);
                out.push_str("\":");
            } else {
                path.clear();
                self.push_path(at, &mut path);
                json::escape(&path, out);
                out.push(':');
            }
            let ft = self.form.slot_node(at.scope, at.slot).and_then(|n| node_field_type(&n.kind));
            match self.value(at) {
                Some(v) => json::write_value(v, ft, out),
                None => out.push_str("null"),
            }
        }
        out.push('}');
    }

    /// Every issue shown at one place, in rule order.
    pub fn issues_at(&self, at: At) -> Vec<Issue> {
        // By loops, as `all_issues` (each collected adapter is a copy of its own in the wasm).
        let mut out = Vec::new();
        for (_, list) in self.issues.get(&at.key()).map_or(&[][..], Vec::as_slice) {
            for i in list {
                out.push(i.clone());
            }
        }
        out
    }

    /// All issues in reading order (header, then each table's rows, then the table), with
    /// their places.
    ///
    /// Gathered into a vector by plain loops: the chain of adapters it was before was compiled
    /// anew into every caller's `filter`, `map` and `collect` (2 KB of the wasm for one caller).
    pub fn all_issues(&self) -> std::vec::IntoIter<(String, &Issue)> {
        let mut out: Vec<(String, &Issue)> = Vec::new();
        self.each_issue(&mut |place, i| out.push((place.map_or_else(str::to_string, |at| self.path(at)), i)));
        out.into_iter()
    }

    /// `all_issues` one at a time, each with its place as it is kept: `Err(path)` for a problem
    /// of the document itself, `Ok(at)` for the rest, so that a writer can spell the path where
    /// it goes (a ledger's 48,000 problems, without a string each). The callback is `dyn`: one
    /// copy of the walk for its three callers.
    pub fn each_issue<'a>(&'a self, f: &mut dyn FnMut(Result<At, &'a str>, &'a Issue)) {
        for (p, i) in &self.unknown {
            f(Err(p.as_str()), i);
        }
        let mut places: Vec<u64> = Vec::new();
        for &key in self.issues.keys() {
            places.push(key);
        }
        crate::sort::sort_keys(&mut places);
        for key in places {
            for (_, list) in self.issues.get(&key).map(Vec::as_slice).unwrap_or(&[]) {
                for i in list {
                    f(Ok(At::from_key(key)), i);
                }
            }
        }
    }

    /// The place's path: `report_year`, `communities[3].households`, `communities`.
    pub fn path(&self, at: At) -> String {
        // Room for a table path such as `communities[12345].area_per_100_households` at once:
        // a keystroke's delta spells a path for every changed value.
        let mut out = String::with_capacity(48);
        self.push_path(at, &mut out);
        out
    }

    /// `path`, appended to `out`.
    pub fn push_path(&self, at: At, out: &mut String) {
        let form = &self.form;
        let Some(scope) = form.scope(at.scope) else { return };
        if at.row == TABLE_ROW {
            out.push_str(&scope.id);
            return;
        }
        let field = form.slot_node(at.scope, at.slot).map(|n| n.id.as_str()).unwrap_or("");
        if scope.is_table {
            out.push_str(&scope.id);
            out.push('[');
            crate::format::push_u32(out, at.row);
            out.push_str("].");
        }
        out.push_str(field);
    }

    /// Reads a path back into a place. Only existing rows are accepted.
    pub fn locate(&self, path: &str) -> Option<At> {
        let form = &self.form;
        match path.split_once('[') {
            None => form.field_slot(0, path).map(|slot| At { scope: 0, row: 0, slot }),
            Some((table, rest)) => {
                let t = form.table(table)?;
                // `3].field`: a byte search (a two-character pattern builds a substring searcher).
                let (idx, field) = rest.split_once(']')?;
                let field = field.strip_prefix('.')?;
                let row = u32::try_from(crate::value::parse_u64(idx)?).ok()?;
                if row as usize >= self.rows(t) {
                    return None;
                }
                let slot = form.field_slot(t, field)?;
                Some(At { scope: t, row, slot })
            }
        }
    }

    /// Appends (or inserts at `index`) an empty row to a table; returns its index.
    pub fn insert_row(&mut self, table: u32, index: Option<usize>) -> Option<u32> {
        let form = self.form.clone();
        let scope = form.scope(table).filter(|s| s.is_table)?;
        let rows = self.values.get_mut(table as usize)?;
        if rows.len() >= scope.max_rows.min(MAX_ROWS) {
            return None;
        }
        let at = index.unwrap_or(rows.len()).min(rows.len());
        rows.insert_blank(at);
        self.shift_issues(table, at, true);
        // Rows added or removed are numbered 1, 2, 3… again (a spreadsheet's numbers no longer
        // fit them).
        if cfg!(feature = "bulk") {
            self.numbers = RowNumbers::default();
        }
        self.recompute_all();
        u32::try_from(at).ok()
    }

    /// Removes a row; later rows move up by one.
    pub fn remove_row(&mut self, table: u32, index: usize) -> bool {
        let Some(rows) = self.values.get_mut(table as usize) else {
            return false;
        };
        if index >= rows.len() || table == 0 {
            return false;
        }
        rows.remove(index);
        self.shift_issues(table, index, false);
        if cfg!(feature = "bulk") {
            self.numbers = RowNumbers::default();
        }
        self.recompute_all();
        true
    }

    /// Keeps input issues attached to their rows when rows move.
    fn shift_issues(&mut self, table: u32, at: usize, insert: bool) {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        let old = std::mem::take(&mut self.issues);
        for (key, list) in old {
            let mut pos = At::from_key(key);
            if pos.scope == table && pos.row != TABLE_ROW && pos.row >= at {
                if insert {
                    pos.row = pos.row.saturating_add(1);
                } else if pos.row == at {
                    continue;
                } else {
                    pos.row = pos.row.saturating_sub(1);
                }
            }
            self.issues.insert(pos.key(), list);
        }
    }

    /// What names a row for a reader (a ledger row's community), if the table has such a
    /// field and it is filled in.
    pub fn row_label(&self, table: u32, row: u32) -> Option<String> {
        let slot = self.form.scope(table)?.row_label?;
        display(self.value(At { scope: table, row, slot })?, None, self.locale).filter(|l| !l.is_empty())
    }

    /// Where a table's row is, for a reader: "第3行（朝阳社区）" / "Row 3 (朝阳社区)", by the
    /// number the reader knows it by (`row_number`) and its `row_label` field when that holds
    /// something. The command line's lines and the error summary's links start with it.
    pub fn row_place(&self, table: u32, row: u32) -> String {
        let en = self.locale.is_en();
        let mut out = String::from(if en { "Row " } else { "第" });
        crate::format::push_u32(&mut out, self.row_number(table, row));
        let label = self.row_label(table, row);
        if !en {
            out.push('行');
        }
        if let Some(l) = label {
            out.push_str(if en { " (" } else { "（" });
            out.push_str(&l);
            out.push_str(if en { ")" } else { "）" });
        }
        out
    }
}

pub fn node_field_type(kind: &NodeKind) -> Option<&FieldType> {
    match kind {
        NodeKind::Input { ft, .. } | NodeKind::Computed { ft, .. } | NodeKind::Aggregate { ft, .. } => Some(ft),
        NodeKind::Rule(_) => None,
    }
}

/// Two community names are the same if they differ only in width, spaces or bracket style.
/// Shares the text itself when it is already its own key (most names).
fn unique_key(t: &Rc<str>) -> Rc<str> {
    // Every character that folds or is white space is ASCII white space or starts with one of
    // these bytes (U+0085/U+00A0, U+061C, U+1680, U+2000–U+206F, U+3000, U+FExx/U+FFxx): a
    // name without them, most Chinese names, is its own key without being decoded.
    let suspect = |b: &u8| *b <= 0x20 || matches!(*b, 0xC2 | 0xD8 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
    let plain = !t.as_bytes().iter().any(suspect)
        || t.chars().all(|c| value::number::fold_char(c) == Some(c) && !c.is_whitespace());
    if plain {
        return t.clone();
    }
    value::without_spaces(&value::number::fold_width(t)).into()
}

/// Every row number of a table of `n` rows.
fn all_rows(n: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(n);
    for r in 0..u32::try_from(n).unwrap_or(0) {
        out.push(r);
    }
    out
}

/// A problem, or none, as the list a place keeps (not `collect`: a copy of its own in the wasm).
fn one_or_none(issue: Option<Issue>) -> Vec<Issue> {
    let mut out = Vec::new();
    if let Some(i) = issue {
        out.push(i);
    }
    out
}

/// Rows in order, each once. Sorted as `u64`, the one element type the engine sorts
/// (src/sort.rs).
fn sorted_rows(rows: Vec<u32>) -> Vec<u32> {
    let mut wide: Vec<u64> = Vec::with_capacity(rows.len());
    for r in rows {
        wide.push(u64::from(r));
    }
    crate::sort::sort_keys(&mut wide);
    wide.dedup();
    let mut out = Vec::with_capacity(wide.len());
    for r in wide {
        // Each came from a u32.
        out.push(u32::try_from(r).unwrap_or(u32::MAX));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    use super::*;

    /// A bulk load shares a repeated text of a column (a ledger's street) instead of copying
    /// it, and reads every cell as before: a text that is refused is refused on every row, and
    /// a column whose texts do not repeat (names) stops being looked in.
    #[cfg(feature = "bulk")]
    #[test]
    fn a_bulk_load_shares_repeated_texts_and_reads_every_cell_alike() {
        let reg = crate::Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let slot = |id: &str| form.field_slot(table, id).unwrap();
        let (street, name) = (slot("street"), slot("community"));
        let mut s = Session::new(form.clone(), Locale::ZhCn);
        let streets = ["天生街道", "北温泉街道", " 天生街道 ", "朝阳\u{7}街道", "朝阳\u{7}街道"];
        for i in 0..600 {
            let n = format!("社区{i}");
            s.push_row(table, [(street, streets[i % streets.len()]), (name, n.as_str())].into_iter());
        }
        s.finish_bulk();
        let text = |row: u32, slot: u32| match s.value(At { scope: table, row, slot }) {
            Some(Val::Text(t)) => Some(t.clone()),
            _ => None,
        };
        // The same street, trimmed alike, is one text.
        let (first, again, spaced) = (text(0, street).unwrap(), text(5, street).unwrap(), text(2, street).unwrap());
        assert_eq!(&*first, "天生街道");
        assert!(Rc::ptr_eq(&first, &again) && Rc::ptr_eq(&first, &spaced));
        // A refused street is refused on every row, with its own problem.
        for row in [3, 4, 8, 9, 598, 599] {
            assert_eq!(text(row, street), None, "row {row}");
            let at = At { scope: table, row, slot: street };
            assert!(
                s.issues_at(at).iter().any(|i| &*i.code == "control_characters"),
                "row {row}: {:?}",
                s.issues_at(at)
            );
        }
        // Every name is its own, and read as typed.
        assert_eq!(text(599, name).as_deref(), Some("社区599"));
        let recent = s.recent.slots.get(name as usize).unwrap();
        assert!(!recent.active() && recent.found == 0, "{recent:?}");
    }

    /// The byte pre-check of `unique_key` never skips a name that folds: the key equals the
    /// one made by decoding every character, for names drawn from characters that fold, white
    /// space of every kind, Chinese and look-alikes that do not fold.
    #[test]
    fn a_unique_key_is_the_same_with_and_without_the_byte_check() {
        let slow =
            |t: &str| -> String { value::number::fold_width(t).chars().filter(|c| !c.is_whitespace()).collect() };
        let pool: Vec<char> = "社区朝阳村镇街道ＡＢＣ１２３ａ　 \t\n\u{0085}\u{00A0}\u{061C}\u{1680}\u{2002}\u{200B}\u{2013}\u{2028}\u{202F}\u{205F}\u{2060}\u{2212}\u{3001}\u{FE63}\u{FEFF}\u{FF01}\u{FF5E}\u{FF5F}\u{FFE5}Ab-_.·（）()"
            .chars()
            .collect();
        let mut rng = crate::testing::Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let len = rng.below(7);
            let name: String = (0..len).map(|_| rng.pick(&pool)).collect();
            let t: Rc<str> = name.as_str().into();
            assert_eq!(&*unique_key(&t), slow(&name).as_str(), "{name:?}");
        }
    }
}
