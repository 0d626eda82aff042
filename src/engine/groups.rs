//! A table's rows grouped by the value of one column (by street, by community type): what the
//! ledger page's tallies and the command line's `--by` count.

use std::rc::Rc;

use super::{At, Session};
use crate::spec::Severity;
use crate::value::Val;

/// The groups of a table's rows: each distinct value of the column, in order of first
/// appearance (a blank value is ""), and which group each row is in. Rows whose value is in
/// error (what was typed is not kept) make one group of their own, `in_error`, keyed "".
pub struct Groups {
    pub keys: Vec<Rc<str>>,
    pub in_error: Option<usize>,
    /// For each row, its group's index in `keys`.
    pub of_row: Vec<usize>,
}

impl Session {
    /// Groups the rows of `table` by the value in `slot`, as it is shown.
    pub fn group_rows(&self, table: u32, slot: u32) -> Groups {
        let mut index: crate::hash::Map<Rc<str>, usize> = crate::hash::Map::default();
        let mut groups = Groups { keys: Vec::new(), in_error: None, of_row: Vec::with_capacity(self.rows(table)) };
        let mut last: Option<(Rc<str>, usize)> = None;
        for row in 0..u32::try_from(self.rows(table)).unwrap_or(u32::MAX) {
            // Text (most group columns) is shared, not copied.
            let key: Rc<str> = match self.value(At { scope: table, row, slot }) {
                Some(Val::Text(t)) => t.clone(),
                Some(Val::Unknown) => {
                    let i = *groups.in_error.get_or_insert(groups.keys.len());
                    if i == groups.keys.len() {
                        groups.keys.push("".into());
                    }
                    groups.of_row.push(i);
                    continue;
                }
                Some(v) => crate::format::display(v, None, self.locale()).unwrap_or_default().into(),
                None => "".into(),
            };
            // Ledgers list a street's rows together: the previous row's group, if it is the
            // same, without hashing the key.
            let i = match last.take() {
                Some((k, i)) if k == key => i,
                _ => match index.get(&key) {
                    Some(&i) => i,
                    None => {
                        index.insert(key.clone(), groups.keys.len());
                        groups.keys.push(key.clone());
                        groups.keys.len().saturating_sub(1)
                    }
                },
            };
            groups.of_row.push(i);
            last = Some((key, i));
        }
        groups
    }

    /// For each row of `table`, whether it has an error (a street's rows to send back).
    pub fn rows_with_errors(&self, table: u32) -> Vec<bool> {
        let mut out = vec![false; self.rows(table)];
        // Each place with its problems as they are kept (not its key, then a lookup by it).
        for (&key, list) in self.issues.iter() {
            let at = At::from_key(key);
            if at.scope != table {
                continue;
            }
            let error = list.iter().any(|(_, issues)| issues.iter().any(|i| i.severity == Severity::Error));
            if let (true, Some(row)) = (error, out.get_mut(at.row as usize)) {
                *row = true;
            }
        }
        out
    }
}
