//! What to show, and when: the policy of a page that validates as the user types, kept in the
//! core so every door into it behaves the same and it can be tested without a browser.
//!
//! - While typing (`input`), a problem already on screen stays (its text updated) and a fixed
//!   one disappears at once, but a *new* problem is not shown yet.
//! - On `commit` (leaving a field, a paste, a choice made) every problem that appeared since the
//!   last commit is shown, including those on other fields that this one affects.
//! - On `submit` everything is shown, and the summary lists every error.
//!
//! `Page` wraps a `Session` and a `View` and speaks JSON, for the wasm binding.

use std::rc::Rc;

use crate::json::Value as Json;

use super::json::{escape, write_issue_lists};
use super::{At, Delta, Issue, Session, TABLE_ROW};
use crate::format::Locale;
use crate::spec::{Form, NodeKind, Severity};

/// Which problems are on screen, per path.
#[derive(Debug, Default)]
pub struct View {
    /// Paths with problems on screen, sorted by path (looked up on every keystroke: a ledger
    /// can have hundreds on screen after a submit).
    shown: Vec<(String, Vec<Issue>)>,
    /// Paths whose problems changed while typing and are not shown yet, sorted.
    pending: Vec<String>,
    /// The form was submitted once: from then on the error summary is kept current.
    submitted: bool,
}

/// Paths and the complete list of problems to display on each (empty: clear it).
pub type Show = Vec<(String, Vec<Issue>)>;

impl View {
    fn find(&self, path: &str) -> Result<usize, usize> {
        self.shown.binary_search_by(|(p, _)| p.as_str().cmp(path))
    }

    fn shown_at(&self, path: &str) -> &[Issue] {
        self.find(path).ok().and_then(|i| self.shown.get(i)).map(|(_, v)| v.as_slice()).unwrap_or(&[])
    }

    fn hold(&mut self, path: &str) {
        if let Err(i) = self.pending.binary_search_by(|p| p.as_str().cmp(path)) {
            self.pending.insert(i, path.to_string());
        }
    }

    fn set(&mut self, path: &str, issues: Vec<Issue>, out: &mut Show) {
        if self.shown_at(path) == issues.as_slice() {
            return;
        }
        out.push((path.to_string(), issues.clone()));
        match (self.find(path), issues.is_empty()) {
            (Ok(i), true) => {
                self.shown.remove(i);
            }
            (Ok(i), false) => {
                if let Some(slot) = self.shown.get_mut(i) {
                    slot.1 = issues;
                }
            }
            (Err(i), false) => self.shown.insert(i, (path.to_string(), issues)),
            (Err(_), true) => {}
        }
    }

    /// Of `issues` at `path`, those of a kind already on screen there.
    fn of_shown_kinds(&self, path: &str, issues: &[Issue]) -> Vec<Issue> {
        let shown = self.shown_at(path);
        let mut out = Vec::new();
        for i in issues {
            if shown.iter().any(|s| s.code == i.code) {
                out.push(i.clone());
            }
        }
        out
    }

    /// After an edit while typing: keep what is shown (updated), drop what is fixed, hold back
    /// what is new.
    pub fn on_input(&mut self, delta: &Delta) -> Show {
        let mut out = Vec::new();
        for (path, issues) in &delta.issues {
            let keep = self.of_shown_kinds(path, issues);
            if keep.len() < issues.len() {
                self.hold(path);
            }
            self.set(path, keep, &mut out);
        }
        out
    }

    /// On leaving a field (or a paste, or a choice): show everything that is pending and the
    /// field's own problems.
    pub fn on_commit(&mut self, session: &Session, path: &str) -> Show {
        let mut out = Vec::new();
        self.hold(path);
        for p in std::mem::take(&mut self.pending) {
            let current = issues_for(session, &p);
            self.set(&p, current, &mut out);
        }
        out
    }

    /// On submit: show everything.
    pub fn on_submit(&mut self, session: &Session) -> Show {
        self.pending.clear();
        self.submitted = true;
        let current = grouped(session);
        let mut out = Vec::new();
        let mut still = vec![false; self.shown.len()];
        for (p, _) in &current {
            if let Some(x) = self.find(p).ok().and_then(|i| still.get_mut(i)) {
                *x = true;
            }
        }
        let mut stale: Vec<String> = Vec::new();
        for ((p, _), still) in self.shown.iter().zip(still) {
            if !still {
                stale.push(p.clone());
            }
        }
        for p in stale {
            self.set(&p, Vec::new(), &mut out);
        }
        for (p, issues) in current {
            self.set(&p, issues, &mut out);
        }
        out
    }

    /// After the rows changed shape: keep showing, on each path, only problems of the kinds
    /// already shown there; everything else waits for a commit.
    pub fn on_reload(&mut self, session: &Session) -> Show {
        let current = grouped(session);
        let mut out = Vec::new();
        let mut paths: Vec<String> = Vec::with_capacity(self.shown.len());
        for (p, _) in &self.shown {
            paths.push(p.clone());
        }
        for p in paths {
            let now = current.iter().find(|(c, _)| *c == p).map_or(&[][..], |(_, v)| v.as_slice());
            let keep = self.of_shown_kinds(&p, now);
            self.set(&p, keep, &mut out);
        }
        self.pending.clear();
        for (p, _) in &current {
            self.hold(p);
        }
        out
    }

    /// Every error on screen, in reading order, for the error summary: its path, its place when
    /// it is on a table's row (the summary, read apart from the table, names the row), and the
    /// problem.
    pub fn summary(&self, session: &Session) -> Vec<(String, Option<At>, Issue)> {
        let mut out = Vec::new();
        session.each_issue(&mut |place, issue| {
            if issue.severity != Severity::Error {
                return;
            }
            let path = place.map_or_else(str::to_string, |at| session.path(at));
            if self.shown_at(&path).contains(issue) {
                // Scope 0 is the header; a table's own problems have no row.
                let row = place.ok().filter(|at| at.scope != 0 && at.row != TABLE_ROW);
                out.push((path, row, issue.clone()));
            }
        });
        out
    }
}

/// Every current problem grouped by path, in reading order.
fn grouped(session: &Session) -> Vec<(String, Vec<Issue>)> {
    let mut out: Vec<(String, Vec<Issue>)> = Vec::new();
    for (path, issue) in session.all_issues() {
        match out.last_mut() {
            Some((p, list)) if *p == path => list.push(issue.clone()),
            _ => out.push((path, vec![issue.clone()])),
        }
    }
    out
}

/// The current problems at one path (a field, a row cell, a table, or an unknown key).
pub fn issues_for(session: &Session, path: &str) -> Vec<Issue> {
    if let Some(at) = session.locate(path) {
        return session.issues_at(at);
    }
    if let Some(t) = session.form().table(path) {
        return session.issues_at(At { scope: t, row: TABLE_ROW, slot: 0 });
    }
    let mut out = Vec::new();
    for (p, i) in session.all_issues() {
        if p == path {
            out.push(i.clone());
        }
    }
    out
}

/// A session and its view, speaking JSON: what the wasm binding exposes to a page.
pub struct Page {
    pub session: Session,
    pub view: View,
}

impl Page {
    pub fn new(form: Rc<Form>, locale: Locale) -> Page {
        Page { session: Session::new(form, locale), view: View::default() }
    }

    /// The places of every computed value (for a first render).
    fn computed_places(&self) -> Vec<At> {
        let form = self.session.form();
        let mut out = Vec::new();
        for (si, scope) in form.scopes.iter().enumerate() {
            let si = u32::try_from(si).unwrap_or(u32::MAX);
            let rows = if scope.is_table { self.session.rows(si) } else { 1 };
            for row in 0..rows {
                let row = u32::try_from(row).unwrap_or(u32::MAX);
                for (slot, &n) in scope.slots.iter().enumerate() {
                    let Some(def) = form.node(n) else { continue };
                    if !matches!(def.kind, NodeKind::Computed { .. }) {
                        continue;
                    }
                    out.push(At { scope: si, row, slot: u32::try_from(slot).unwrap_or(u32::MAX) });
                }
            }
        }
        out
    }

    /// `values`: the changed values as a JSON object's text.
    fn render(&self, values: &str, show: &Show, summary: bool) -> String {
        // The summary walks every issue: only worth it once it is on screen (after a submit).
        let summary = summary && self.view.submitted;
        let mut out = String::with_capacity(256);
        out.push_str("{\"valid\":");
        out.push_str(if self.session.is_valid() { "true" } else { "false" });
        out.push_str(",\"values\":");
        out.push_str(values);
        out.push_str(",\"show\":");
        write_issue_lists(show, false, &mut out);
        if summary {
            out.push_str(",\"summary\":[");
            for (i, (path, row, issue)) in self.view.summary(&self.session).iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"path\":");
                escape(path, &mut out);
                if let Some(at) = row {
                    out.push_str(",\"row\":");
                    escape(&self.session.row_place(at.scope, at.row), &mut out);
                }
                out.push_str(",\"message\":");
                escape(&issue.message, &mut out);
                out.push('}');
            }
            out.push(']');
        }
        out.push('}');
        out
    }

    /// Loads every value (first render, or after rows were added or removed).
    pub fn load(&mut self, values: &Json) -> String {
        self.session.load(values);
        let show = self.view.on_reload(&self.session);
        let mut values = String::new();
        self.session.write_values(self.computed_places(), &mut values);
        self.render(&values, &show, true)
    }

    /// One keystroke in one field.
    pub fn input(&mut self, path: &str, raw: &Json) -> String {
        let Some(at) = self.session.locate(path) else {
            return self.render("{}", &Vec::new(), false);
        };
        let delta = self.session.set(at, raw);
        let show = self.view.on_input(&delta);
        self.render(&delta.values, &show, true)
    }

    /// The user left a field, pasted into it or made a choice.
    pub fn commit(&mut self, path: &str) -> String {
        let show = self.view.on_commit(&self.session, path);
        self.render("{}", &show, true)
    }

    /// The user submitted the form.
    pub fn submit(&mut self) -> String {
        let show = self.view.on_submit(&self.session);
        self.render("{}", &show, true)
    }
}
