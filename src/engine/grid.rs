//! A scope's values in one allocation: rows of a fixed width laid end to end, so that a
//! 100,000-row ledger is one block of memory read in order rather than 100,000 small ones.

use crate::value::Val;

#[derive(Debug, Clone, Default)]
pub struct Grid {
    width: usize,
    rows: usize,
    cells: Vec<Val>,
}

impl Grid {
    pub fn new(width: usize, rows: usize) -> Grid {
        let mut g = Grid { width, rows: 0, cells: Vec::new() };
        for _ in 0..rows {
            g.push_blank();
        }
        g
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn clear(&mut self) {
        self.cells.clear();
        self.rows = 0;
    }

    /// Every cell blank; the number of rows stays.
    pub fn blank(&mut self) {
        self.cells.iter_mut().for_each(|v| *v = Val::Blank);
    }

    /// Room for `rows` more rows without growing (a whole ledger read at once: growing a
    /// vector of tens of megabytes by doubling copies it, in wasm, again and again).
    pub fn reserve(&mut self, rows: usize) {
        self.cells.reserve(rows.saturating_mul(self.width));
    }

    pub fn push_blank(&mut self) {
        // Made, not cloned: a clone per cell is a call per cell.
        let len = self.cells.len().saturating_add(self.width);
        self.cells.resize_with(len, || Val::Blank);
        self.rows = self.rows.saturating_add(1);
    }

    /// Inserts a blank row before row `at` (at most `len`).
    pub fn insert_blank(&mut self, at: usize) {
        let at = at.min(self.rows);
        let start = at.saturating_mul(self.width).min(self.cells.len());
        self.cells.splice(start..start, std::iter::repeat_n(Val::Blank, self.width));
        self.rows = self.rows.saturating_add(1);
    }

    pub fn remove(&mut self, at: usize) {
        if at >= self.rows {
            return;
        }
        let start = at.saturating_mul(self.width).min(self.cells.len());
        let end = start.saturating_add(self.width).min(self.cells.len());
        self.cells.drain(start..end);
        self.rows = self.rows.saturating_sub(1);
    }

    pub fn row(&self, r: usize) -> Option<&[Val]> {
        if r >= self.rows {
            return None;
        }
        let start = r.checked_mul(self.width)?;
        self.cells.get(start..start.checked_add(self.width)?)
    }

    pub fn get(&self, r: usize, slot: usize) -> Option<&Val> {
        if slot >= self.width {
            return None;
        }
        self.row(r)?.get(slot)
    }

    pub fn get_mut(&mut self, r: usize, slot: usize) -> Option<&mut Val> {
        if r >= self.rows || slot >= self.width {
            return None;
        }
        self.cells.get_mut(r.checked_mul(self.width)?.checked_add(slot)?)
    }

    /// The rows in order.
    pub fn iter(&self) -> impl Iterator<Item = &[Val]> + '_ {
        (0..self.rows).filter_map(|r| self.row(r))
    }
}
