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
        // A text's group by its address: a ledger read in bulk shares one text among the cells
        // of a column that repeat it (a street's name), so most rows are found without hashing
        // their text (100,000 rows: 6 ms natively with a hash of the text for each).
        let mut by_address: crate::hash::PlaceMap<usize> = crate::hash::PlaceMap::default();
        let mut remembered = 0usize;
        let mut groups = Groups { keys: Vec::new(), in_error: None, of_row: Vec::with_capacity(self.rows(table)) };
        let mut last: Option<(Rc<str>, usize)> = None;
        for row in 0..u32::try_from(self.rows(table)).unwrap_or(u32::MAX) {
            // Text (most group columns) is shared, not copied; its address names it while this
            // runs, since the session holds every text.
            let (key, address): (Rc<str>, Option<u64>) = match self.value(At { scope: table, row, slot }) {
                Some(Val::Text(t)) => (t.clone(), Some(t.as_ptr() as usize as u64)),
                Some(Val::Unknown) => {
                    let i = *groups.in_error.get_or_insert(groups.keys.len());
                    if i == groups.keys.len() {
                        groups.keys.push("".into());
                    }
                    groups.of_row.push(i);
                    continue;
                }
                Some(v) => (crate::format::display(v, None, self.locale()).unwrap_or_default().into(), None),
                None => ("".into(), None),
            };
            if let Some(&i) = address.and_then(|a| by_address.get(&a)) {
                groups.of_row.push(i);
                continue;
            }
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
            // Texts not shared (a document's rows each read afresh) would make an address for
            // every row: a bound on what is remembered.
            if let (Some(a), true) = (address, remembered < 4096) {
                by_address.insert(a, i);
                remembered = remembered.saturating_add(1);
            }
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

#[cfg(all(test, feature = "bulk"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use crate::json::Value;
    use crate::{csv, Locale, Registry, Session};

    /// The same groups whether a column's texts are shared (a ledger read in bulk, found by
    /// address) or each read afresh (a document): past the bound on the addresses remembered,
    /// with blank cells, one in error and a value repeated far apart.
    #[test]
    fn grouping_by_address_is_grouping_by_text() {
        let reg = Registry::builtin();
        let form = reg.get("facility-ledger").unwrap();
        let table = form.main_table().unwrap();
        let street = |i: usize| match i % 7 {
            0 => String::new(),
            1 => "天生街道".to_string(),
            2 => "歇马街道".to_string(),
            3 if i == 3 => "a\u{1b}b".to_string(),
            _ => format!("街道{}", i % 6000),
        };
        let mut text = String::from("street,community\n");
        let mut rows = Vec::new();
        for i in 0..20_000 {
            text.push_str(&format!("\"{}\",社区{i}\n", street(i)));
            rows.push(Value::Object(vec![
                ("street".into(), Value::String(street(i))),
                ("community".into(), Value::String(format!("社区{i}"))),
            ]));
        }
        let mut bulk = Session::new(form.clone(), Locale::ZhCn);
        csv::Loader::default().push(&text, true, &form, table, &mut bulk).unwrap();
        bulk.finish_bulk();
        let mut each = Session::new(form.clone(), Locale::ZhCn);
        each.load(&Value::Object(vec![("communities".into(), Value::Array(rows))]));
        let slot = form.field_slot(table, "street").unwrap();
        let (a, b) = (bulk.group_rows(table, slot), each.group_rows(table, slot));
        assert_eq!(a.keys, b.keys);
        assert_eq!(a.of_row, b.of_row);
        assert_eq!(a.in_error, b.in_error);
        assert!(a.in_error.is_some() && a.keys.len() > 4096, "{} groups", a.keys.len());
        // Rows far apart with one street share its group.
        assert_eq!(a.of_row[1], a.of_row[19_993]);
    }
}
