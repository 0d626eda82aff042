//! Running aggregates over a table column, updated by one row's contribution at a time so
//! that a keystroke in a 1,000-row ledger costs the same as in a 1-row one.

use crate::hash::Map;
use std::rc::Rc;

use rust_decimal::Decimal;

use crate::spec::AggKind;
use crate::value::Val;

/// One aggregate's running state: each row's contribution and their summary.
#[derive(Debug)]
pub struct AggState {
    kind: AggKind,
    /// Each row's contribution; none in a summary (see `summary`).
    contrib: Vec<Val>,
    rows: usize,
    sum: Decimal,
    /// A running sum overflowed in between; recount from the contributions.
    dirty_sum: bool,
    unknown: usize,
    trues: usize,
    /// Min/max: the current extreme, or `None` when it must be found again by a scan (the
    /// row holding it changed to something less extreme).
    extreme: Option<Decimal>,
    fresh: bool,
    /// Min/max must rescan on the next read.
    fresh_scan: bool,
}

impl AggState {
    pub fn new(kind: AggKind, rows: usize) -> AggState {
        AggState {
            kind,
            contrib: vec![Val::Blank; rows],
            rows,
            sum: Decimal::ZERO,
            dirty_sum: false,
            unknown: 0,
            trues: 0,
            extreme: None,
            fresh: true,
            fresh_scan: false,
        }
    }

    /// A state that keeps only the summary: every row is `add`ed once, in order, and none is
    /// replaced. A 100,000-row ledger's dozen aggregates would otherwise hold 1.2 million
    /// contributions that a one-off check never reads again.
    /// Used for a whole table evaluated at once (`Session::recompute_all`); the first
    /// incremental update builds a full state.
    pub fn summary(kind: AggKind, rows: usize) -> AggState {
        AggState { rows, ..AggState::new(kind, 0) }
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether each row's contribution is kept, so that one can be replaced.
    pub fn keeps_rows(&self) -> bool {
        self.contrib.len() == self.rows
    }

    /// Adds the next row's contribution to a summary.
    pub fn add(&mut self, v: &Val) {
        self.account(v, true);
    }

    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    pub fn mark_built(&mut self) {
        self.fresh = false;
    }

    fn account(&mut self, v: &Val, add: bool) {
        match v {
            Val::Unknown => {
                self.unknown = if add { self.unknown.saturating_add(1) } else { self.unknown.saturating_sub(1) };
            }
            Val::Bool(true) => {
                self.trues = if add { self.trues.saturating_add(1) } else { self.trues.saturating_sub(1) };
            }
            Val::Num(d) => match self.kind {
                AggKind::Sum => {
                    let next = if add { self.sum.checked_add(*d) } else { self.sum.checked_sub(*d) };
                    match next {
                        Some(s) => self.sum = s,
                        None => self.dirty_sum = true,
                    }
                }
                AggKind::Min | AggKind::Max => {
                    let better = |a: Decimal, b: Decimal| if self.kind == AggKind::Min { a < b } else { a > b };
                    if add {
                        // A new value can only improve a known extreme.
                        if !self.fresh_scan {
                            self.extreme = Some(match self.extreme {
                                Some(e) if !better(*d, e) => e,
                                _ => *d,
                            });
                        }
                    } else if self.extreme == Some(*d) {
                        // The extreme left: find it again from the contributions.
                        self.fresh_scan = true;
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Replaces row `r`'s contribution.
    pub fn set(&mut self, r: u32, v: Val) {
        let Some(old) = self.contrib.get(r as usize).cloned() else {
            return;
        };
        if old == v && !self.fresh {
            return;
        }
        if !self.fresh {
            self.account(&old, false);
        }
        self.account(&v, true);
        if let Some(slot) = self.contrib.get_mut(r as usize) {
            *slot = v;
        }
    }

    /// The aggregate's current value.
    pub fn value(&mut self) -> Val {
        match self.kind {
            AggKind::CountRows => Val::Num(Decimal::from(self.rows)),
            AggKind::CountIf => Val::Num(Decimal::from(self.trues)),
            _ if self.unknown > 0 => Val::Unknown,
            AggKind::Sum => {
                if self.dirty_sum {
                    // A summary added its rows in order, as the recount below would: the same
                    // overflow.
                    if !self.keeps_rows() {
                        return Val::Unknown;
                    }
                    let mut total = Some(Decimal::ZERO);
                    for c in &self.contrib {
                        if let Val::Num(d) = c {
                            total = total.and_then(|t| t.checked_add(*d));
                        }
                    }
                    match total {
                        Some(t) => {
                            self.sum = t;
                            self.dirty_sum = false;
                        }
                        None => return Val::Unknown,
                    }
                }
                Val::Num(self.sum)
            }
            AggKind::Min | AggKind::Max => {
                if self.fresh_scan {
                    let min = self.kind == AggKind::Min;
                    self.extreme = self
                        .contrib
                        .iter()
                        .filter_map(|c| if let Val::Num(d) = c { Some(*d) } else { None })
                        .reduce(|a, b| if (b < a) == min { b } else { a });
                    self.fresh_scan = false;
                }
                self.extreme.map_or(Val::Blank, Val::Num)
            }
        }
    }
}

/// `UniqueIndex::others` of row `r` among the rows of its key.
pub fn others_in(rows: &[u32], r: u32, limit: usize) -> (Vec<u32>, usize) {
    let mut others = Vec::new();
    for &x in rows {
        if others.len() == limit {
            break;
        }
        if x != r {
            others.push(x);
        }
    }
    (others, rows.len().saturating_sub(1))
}

/// Which rows share a value of a column, for "unique within the table" rules.
#[derive(Debug)]
pub struct UniqueIndex {
    keys: Vec<Option<Rc<str>>>,
    groups: Map<Rc<str>, Group>,
}

/// The rows holding one key, in increasing order; most keys have one row, kept without a
/// vector of its own.
#[derive(Debug, Clone)]
enum Group {
    One(u32),
    Many(Vec<u32>),
}

impl Group {
    fn rows(&self) -> &[u32] {
        match self {
            Group::One(r) => std::slice::from_ref(r),
            Group::Many(v) => v,
        }
    }

    fn push(&mut self, r: u32) {
        match self {
            Group::One(a) => *self = Group::Many(vec![*a, r]),
            Group::Many(v) => v.push(r),
        }
    }

    fn insert_sorted(&mut self, r: u32) {
        match self {
            Group::One(a) if *a == r => {}
            Group::One(a) => *self = Group::Many(if *a < r { vec![*a, r] } else { vec![r, *a] }),
            Group::Many(v) => {
                if let Err(i) = v.binary_search(&r) {
                    v.insert(i, r);
                }
            }
        }
    }

    /// Removes row `r`; returns whether the group is now empty.
    fn remove(&mut self, r: u32) -> bool {
        match self {
            Group::One(a) => *a == r,
            Group::Many(v) => {
                v.retain(|&x| x != r);
                v.is_empty()
            }
        }
    }
}

impl UniqueIndex {
    pub fn new(rows: usize) -> UniqueIndex {
        // Sized for every row up front: a full rebuild then never rehashes (SipHash, see hash.rs).
        UniqueIndex { keys: vec![None; rows], groups: Map::with_capacity(rows) }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Sets row `r`'s key; returns the rows whose duplicate status may have changed.
    pub fn set(&mut self, r: u32, key: Option<Rc<str>>) -> Vec<u32> {
        let mut affected = Vec::new();
        let Some(slot) = self.keys.get_mut(r as usize) else {
            return affected;
        };
        if *slot == key {
            return affected;
        }
        if let Some(old) = slot.take() {
            if let Some(g) = self.groups.get_mut(&old) {
                let empty = g.remove(r);
                for &x in g.rows() {
                    if x != r {
                        affected.push(x);
                    }
                }
                if empty {
                    self.groups.remove(&old);
                }
            }
        }
        if let Some(k) = &key {
            match self.groups.get_mut(k) {
                None => {
                    self.groups.insert(k.clone(), Group::One(r));
                }
                Some(g) => {
                    affected.extend(g.rows().iter().copied());
                    g.insert_sorted(r);
                }
            }
        }
        *slot = key;
        affected
    }

    /// The first `limit` other rows with the same key as row `r`, and how many others there are
    /// in all. Bounded, so that 200,000 identical names cost linear, not quadratic, work.
    pub fn others(&self, r: u32, limit: usize) -> (Vec<u32>, usize) {
        let Some(Some(k)) = self.keys.get(r as usize) else {
            return (Vec::new(), 0);
        };
        let Some(g) = self.groups.get(k) else { return (Vec::new(), 0) };
        others_in(g.rows(), r, limit)
    }

    /// The rows of every key that more than one row holds, in the order the keys came.
    pub fn shared(&self) -> impl Iterator<Item = &[u32]> {
        self.groups.values().map(Group::rows).filter(|rows| rows.len() > 1)
    }

    /// Sets row `r`'s key without reporting who else is affected (a full rebuild renders every
    /// row anyway). Rows must come in increasing order.
    pub fn set_quiet(&mut self, r: u32, key: Option<Rc<str>>) {
        if let Some(k) = &key {
            // One lookup for a new key and an old one alike.
            let mut new = false;
            let group = self.groups.get_or_insert_with(k.clone(), || {
                new = true;
                Group::One(r)
            });
            if let Some(g) = group.filter(|_| !new) {
                g.push(r);
            }
        }
        if let Some(slot) = self.keys.get_mut(r as usize) {
            *slot = key;
        }
    }
}
