// Binding to an existing <form>: event wiring and rendering only. What is wrong, what to show
// and when (never during an IME composition, new errors on blur/paste/submit, fixed ones
// cleared at once) is decided by the core; this file reads inputs, passes edits on and writes
// what it is told with textContent. Nothing the user typed is ever changed.
import css from "./style.css";

const FIELD = "data-cf-field";
const TABLE = "data-cf-table";
const ROW = "data-cf-row";
const handles = new WeakMap();
let uid = 0;

const TEXT = {
  "zh-CN": { error: "错误：", warning: "提示：", summary: "请修改以下问题后再提交", yes: "是", no: "否", explain: "计算过程", paren: ["（", "）"], colon: "：", spread: (r, c) => "已将粘贴的" + r + "行（" + c + "个单元格）填入表格" },
  en: { error: "Error: ", warning: "Warning: ", summary: "There is a problem", yes: "Yes", no: "No", explain: "How this is calculated", paren: [" (", ")"], colon: ": ", spread: (r, c) => "Pasted " + r + (r > 1 ? " rows" : " row") + " (" + c + " cells) into the table" },
};

function injectStyle(doc) {
  if (doc.querySelector("[data-cf-stylesheet]") || doc.__cfStyled) return;
  doc.__cfStyled = true;
  try {
    // A constructed stylesheet is not an inline <style>, so a strict style-src does not block it.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch (e) {
    const style = doc.createElement("style");
    style.setAttribute("data-cf-stylesheet", "");
    style.textContent = css;
    doc.head.appendChild(style);
  }
}

/** An id no element of the page has (a page saved to disk keeps the ids a binding gave). */
function freshId(prefix) {
  let id;
  do id = prefix + ++uid;
  while (document.getElementById(id));
  return id;
}

/** Whether text follows `el` in its element ("<output>…</output>%" or "…个社区）"): the value is
 * part of a sentence, and nothing should come between it and its unit. */
function inText(el) {
  for (let n = el.nextSibling; n; n = n.nextSibling) {
    if (n.nodeType === 3 && n.nodeValue.trim() !== "") return true;
  }
  return false;
}

/** Shows the page's optional notice that validation is off. */
export function showUnavailable() {
  if (typeof document === "undefined") return;
  for (const el of document.querySelectorAll("[data-cf-unavailable]")) el.hidden = false;
}

/** Attaches a form found by `find`; a form this file does not carry (one form's own file,
 * pkg/forms/, on a page with another; a misspelt id or selector) stays as it was, like every
 * form when WebAssembly is unavailable, with a console warning. */
function tryAttach(core, find, options, name) {
  try {
    const form = find();
    if (!form || form.tagName !== "FORM") throw new Error("no such <form>");
    attachForm(core, form, options);
  } catch (e) {
    console.warn("community-forms: validation is off for the form “" + name + "” (" + (e && e.message ? e.message : e) + ")");
  }
}

/** Every <form data-cf-form>, then the forms the package's own <script> tag asks for, for a page
 * whose markup cannot change: its `data-cf-attach` holds attach's options as JSON, with `target`,
 * the form's selector (or a list of such objects). */
export function autoAttach(core, script) {
  for (const form of document.querySelectorAll("form[data-cf-form]")) tryAttach(core, () => form, {}, form.getAttribute("data-cf-form"));
  const text = script && script.getAttribute("data-cf-attach");
  let list = [];
  try {
    list = text ? [].concat(JSON.parse(text)) : [];
  } catch (e) {
    console.warn("community-forms: data-cf-attach is not JSON (" + e.message + ")");
  }
  for (const o of list) tryAttach(core, () => document.querySelector(o.target), o, o && o.target);
}

export function attachForm(core, form, options) {
  if (handles.has(form)) return handles.get(form);
  const formId = options.form || form.getAttribute("data-cf-form");
  const locale = options.locale || form.getAttribute("data-cf-locale") || "zh-CN";
  const t = TEXT[/^en/i.test(locale) ? "en" : "zh-CN"];
  const info = JSON.parse(core.formInfo(formId, locale));
  const session = new core.FormSession(formId, locale);
  if (options.stylesheet !== false) injectStyle(form.ownerDocument);
  const b = new Binding(form, info, session, options, t);
  handles.set(form, b.handle);
  return b.handle;
}

class Binding {
  constructor(form, info, session, options, t) {
    this.down = false;
    this.form = form;
    this.info = info;
    this.session = session;
    this.options = options;
    this.t = t;
    this.composing = new Set();
    this.pasted = new Set();
    this.messages = new Map(); // path -> message element
    this.summaryShown = false;
    this.computed = new Set();
    for (const f of info.fields) if (f.computed) this.computed.add(f.id);
    for (const tb of info.tables) for (const f of tb.fields) if (f.computed) this.computed.add(tb.id + "." + f.id);
    this.clearSaved();
    this.scan();
    this.checkMapping();
    this.apply(JSON.parse(session.load(JSON.stringify(this.readAll()))));
    this.listen();
    this.observe();
    const self = this;
    // After an internal error (standDown) the form is as it was without the package: valid, no
    // explanations, and a result that says why there is none.
    this.handle = {
      form,
      get valid() {
        return self.guard(() => session.valid(), true)();
      },
      result: (opts = {}) => {
        const r = self.guard(() => JSON.parse(session.result(!!opts.explain)))();
        if (self.down) throw new Error("community-forms: validation is off for this form after an internal error");
        return r;
      },
      explain: self.guard((path) => session.explain(path) || null, null),
      refresh: self.guard(() => self.reload()),
      validate: self.guard(() => self.submit(null), true),
      detach: () => self.detach(),
    };
  }

  /** `h`, run only while the binding stands: an exception from the engine (a trap, which should
   * never happen but would leave the wasm unusable) stands it down instead of escaping into the
   * page's event loop on every keystroke, and `fallback` is returned. A submit whose handler
   * fails is not prevented: it goes ahead as it would without the package. */
  guard(h, fallback) {
    return (e) => {
      if (this.down) return fallback;
      try {
        return h(e);
      } catch (err) {
        this.standDown(err);
        return fallback;
      }
    };
  }

  /** The form as it was before the package: listeners, messages, marks and the summary gone, the
   * page's optional notice shown, one console warning. */
  standDown(err) {
    if (this.down) return;
    this.down = true;
    console.warn("community-forms: validation is off for the form “" + (this.form.getAttribute("data-cf-form") || this.options.form || "") + "” after an internal error (" + (err && err.message ? err.message : err) + "); the form works as it would without it");
    try {
      this.unbind();
    } catch (e) {
      // Nothing more to undo.
    }
    showUnavailable();
  }

  /** What a binding had written into the page when it was saved to disk (a browser saves the
   * page as it shows: messages, marks, the summary, the screen reader's line), taken away before
   * this one writes its own: nothing stale is shown, and no id is there twice. */
  clearSaved() {
    for (const el of this.form.querySelectorAll(".cf-message,[data-cf-live]")) el.remove();
    this.clearMarks();
    const s = (this.summaryEl = this.options.summary ? document.querySelector(this.options.summary) : this.form.querySelector("[data-cf-summary]") || document.querySelector("[data-cf-summary]"));
    if (s && s.classList.contains("cf-summary")) this.hideSummary();
  }

  hideSummary() {
    const s = this.summaryEl;
    s.textContent = "";
    s.hidden = true;
    s.removeAttribute("role");
  }

  // ---- finding the inputs ---------------------------------------------------------------

  /** Elements bound to field `id` inside `root` (not inside a nested table unless asked). */
  elementsFor(root, id, selector, inTable) {
    let els = selector ? Array.from(root.querySelectorAll(selector)) : Array.from(root.querySelectorAll("[" + FIELD + '="' + id + '"]'));
    if (!inTable) els = els.filter((el) => !el.closest("[" + TABLE + "]") || !this.form.contains(el.closest("[" + TABLE + "]")));
    return els;
  }

  scan() {
    const fieldMap = this.options.fields || {};
    const tableMap = this.options.tables || {};
    this.byPath = new Map(); // path -> elements
    this.pathOf = new WeakMap(); // element -> path
    // Explanations placed by a mapping (field id -> selector within the form), markup untouched.
    const explainMap = this.options.explain;
    if (explainMap && typeof explainMap === "object") {
      for (const id of Object.keys(explainMap)) for (const el of this.form.querySelectorAll(explainMap[id])) el.setAttribute("data-cf-explain", id);
    }
    if (explainMap === "all" || this.form.hasAttribute("data-cf-explain-all")) this.addDisclosures();
    // Explanations on screen: any not inside a closed <details>. Kept current like values.
    this.openExplain = new Set(
      [...this.form.querySelectorAll("[data-cf-explain]")].filter((ex) => ex.tagName !== "DETAILS" || ex.open),
    );
    const bind = (path, els) => {
      if (!els.length) return;
      this.byPath.set(path, els);
      for (const el of els) this.pathOf.set(el, path);
    };
    for (const f of this.info.fields) bind(f.id, this.elementsFor(this.form, f.id, fieldMap[f.id], false));
    this.tables = [];
    for (const tb of this.info.tables) {
      const map = tableMap[tb.id] || {};
      const container = map.container ? this.form.querySelector(map.container) : this.form.querySelector("[" + TABLE + '="' + tb.id + '"]');
      if (!container) continue;
      const rows = Array.from(container.querySelectorAll(map.row || "[" + ROW + "]"));
      this.tables.push({ id: tb.id, container, rows, fields: tb.fields });
      bind(tb.id, [container]);
      rows.forEach((row, i) => {
        for (const f of tb.fields) {
          const sel = map.fields && map.fields[f.id];
          const els = sel ? Array.from(row.querySelectorAll(sel)) : Array.from(row.querySelectorAll("[" + FIELD + '="' + f.id + '"]'));
          bind(tb.id + "[" + i + "]." + f.id, els);
        }
      });
    }
  }

  /** Says once, in one console warning, what a mapping (attach's `fields`, `tables`, `explain`)
   * names that the form lacks or that matches nothing on the page: a misspelt field id or
   * selector would otherwise leave a field silently unchecked. */
  checkMapping() {
    const o = this.options;
    const wrong = [];
    const check = (fields, map, prefix, found) => {
      for (const id in map || {}) {
        if (!fields.some((f) => f.id === id)) wrong.push(prefix + id + ": no such field");
        else if (!found(id)) wrong.push(prefix + id + ": " + map[id] + " matches nothing");
      }
    };
    check(this.info.fields, o.fields, "", (id) => this.byPath.has(id));
    for (const id in o.tables || {}) {
      const tb = this.info.tables.find((t) => t.id === id);
      const bound = this.tables.find((t) => t.id === id);
      if (!tb) wrong.push(id + ": no such table");
      else if (!bound) wrong.push(id + ": " + o.tables[id].container + " matches nothing");
      else if (bound.rows.length) check(tb.fields, o.tables[id].fields, id + ".", (f) => bound.rows.some((_, i) => this.byPath.has(id + "[" + i + "]." + f)));
    }
    if (o.explain && typeof o.explain === "object") {
      check(this.info.fields.concat(...this.info.tables.map((t) => t.fields)), o.explain, "explain ", (id) => this.form.querySelector('[data-cf-explain="' + id + '"]'));
    }
    if (wrong.length) console.warn("community-forms: attach's mapping for “" + this.info.id + "”: " + wrong.join("; "));
  }

  /** A "计算过程" disclosure after every computed value that has none yet (the page asked for
   * them with data-cf-explain-all). Its text is filled when opened. Each one is named after its
   * value for a screen reader (a ledger page has dozens), and a value inside running text
   * ("达标率 33.3%（年度目标 70%）") gets its disclosure after that text, naming the value,
   * rather than between the number and its unit. */
  addDisclosures() {
    const fieldMap = this.options.fields || {};
    const add = (el, f) => {
      const id = f.id;
      const next = el.nextElementSibling;
      if (next && next.getAttribute("data-cf-explain") === id) return;
      const parent = el.parentElement;
      if (parent && parent.querySelector('[data-cf-explain="' + id + '"]')) return;
      const d = document.createElement("details");
      d.className = "cf-explain";
      d.setAttribute("data-cf-explain", id);
      const s = document.createElement("summary");
      const named = this.t.explain + this.t.paren[0] + f.label + this.t.paren[1];
      s.textContent = this.t.explain;
      s.setAttribute("aria-label", named);
      d.append(s);
      if (parent && inText(el)) {
        s.textContent = named;
        parent.append(d);
      } else {
        el.after(d);
      }
    };
    for (const f of this.info.fields) {
      if (!f.computed) continue;
      for (const el of this.elementsFor(this.form, f.id, fieldMap[f.id], false)) add(el, f);
    }
    for (const tb of this.info.tables) {
      const container = this.form.querySelector("[" + TABLE + '="' + tb.id + '"]');
      if (!container) continue;
      for (const f of tb.fields) {
        if (!f.computed) continue;
        for (const el of container.querySelectorAll("[" + ROW + '] [' + FIELD + '="' + f.id + '"]')) add(el, f);
      }
    }
  }

  // ---- reading values ---------------------------------------------------------------------

  read(els) {
    const first = els[0];
    if (!first) return "";
    if (first.type === "file") {
      return Array.from(first.files || []).map((f) => ({ name: f.name, type: f.type, size: String(f.size) }));
    }
    if (first.type === "radio") {
      const on = els.find((e) => e.checked);
      return on ? on.value : "";
    }
    if (first.type === "checkbox") {
      if (els.length === 1 && (!first.hasAttribute("value") || first.value === "on")) return first.checked;
      return els.filter((e) => e.checked).map((e) => e.value);
    }
    return "value" in first && first.tagName !== "OUTPUT" ? first.value : first.textContent;
  }

  isComputedPath(path) {
    return this.computed.has(path.replace(/\[\d+\]/, ""));
  }

  readAll() {
    const values = {};
    for (const f of this.info.fields) {
      const els = this.byPath.get(f.id);
      if (els && !f.computed) values[f.id] = this.read(els);
    }
    for (const tb of this.tables) {
      values[tb.id] = tb.rows.map((row, i) => {
        const r = {};
        for (const f of tb.fields) {
          const els = this.byPath.get(tb.id + "[" + i + "]." + f.id);
          if (els && !f.computed) r[f.id] = this.read(els);
        }
        return r;
      });
    }
    return values;
  }

  // ---- events -----------------------------------------------------------------------------

  listen() {
    const f = this.form;
    this.handlers = {
      compositionstart: (e) => {
        this.settle();
        this.composing.add(e.target);
      },
      compositionend: (e) => {
        this.composing.delete(e.target);
        this.edited(e.target, false);
      },
      input: (e) => {
        this.settle();
        if (e.isComposing || this.composing.has(e.target)) return;
        const pasted = this.pasted.delete(e.target);
        this.edited(e.target, pasted);
      },
      change: (e) => {
        const el = e.target;
        // Text fields are handled by input and blur; choices commit at once.
        if (/^(checkbox|radio|file)$/.test(el.type) || el.tagName === "SELECT") this.edited(el, true);
      },
      paste: (e) => {
        if (!this.spreadPaste(e)) this.pasted.add(e.target);
      },
      toggle: (e) => {
        const ex = e.target;
        if (ex.tagName !== "DETAILS" || !ex.hasAttribute("data-cf-explain")) return;
        if (ex.open) {
          this.openExplain.add(ex);
          this.refreshExplanation(ex);
        } else {
          this.openExplain.delete(ex);
        }
      },
      focusout: (e) => {
        const path = this.pathOf.get(e.target);
        if (!path || this.composing.has(e.target)) return;
        // Leaving a field by pressing on something (the submit button, a link): a message
        // appearing now would shift the page under the pointer and the click would be lost.
        // Show it once the press is over.
        if (this.pointerDown) this.deferred.add(path);
        else this.apply(JSON.parse(this.session.commit(path)));
      },
      submit: (e) => this.submit(e),
      click: (e) => {
        const a = e.target.closest && e.target.closest("a[data-cf-goto]");
        if (a) {
          e.preventDefault();
          this.focusPath(a.getAttribute("data-cf-goto"));
        }
      },
    };
    for (const type of Object.keys(this.handlers)) this.handlers[type] = this.guard(this.handlers[type]);
    for (const [type, h] of Object.entries(this.handlers)) {
      // Submit in the capture phase, so a blocked submit never reaches the page's own
      // handlers; toggle does not bubble, so it is caught on the way down.
      f.addEventListener(type, h, type === "submit" || type === "toggle");
    }
    const doc = f.ownerDocument;
    this.deferred = new Set();
    this.pointerDown = false;
    this.docHandlers = {
      pointerdown: () => (this.pointerDown = true),
      pointerup: this.guard(() => this.pointerReleased()),
      pointercancel: this.guard(() => this.pointerReleased()),
    };
    for (const [type, h] of Object.entries(this.docHandlers)) doc.addEventListener(type, h, true);
    if (this.summaryEl) this.summaryEl.addEventListener("click", this.handlers.click);
  }

  /** A block copied from a spreadsheet (cells apart by tabs, rows by line breaks) pasted into a
   * table's cell fills that cell and the fields after it in the row, and the rows below, as the
   * spreadsheet had them: a row of the paper ledger copied from Excel goes into a row of the
   * page. Only when every cell that holds text has a field of its own to go to, empty and able to
   * take it (a text box, or a list with that option; the page's computed values are passed
   * over): nothing typed is overwritten and nothing pasted is dropped. Otherwise the paste goes
   * in as it is and the field says it holds several cells. A text area takes its paste as text;
   * `pasteCells: false` (or data-cf-paste="as-is" on the form) turns this off. Returns whether it
   * took the paste. */
  spreadPaste(e) {
    const el = e.target;
    const path = this.pathOf.get(el);
    const at = path && /^(.+)\[(\d+)\]\.[^.]+$/.exec(path);
    const tb = at && this.tables.find((t) => t.id === at[1]);
    // Excel ends a copied range with a line break, and quotes a cell holding a tab, a line break
    // or a quotation mark: such a block is left to paste as it is.
    const text = ((e.clipboardData && e.clipboardData.getData("text/plain")) || "").replace(/\r\n?/g, "\n").replace(/\n$/, "");
    if (!tb || el.tagName !== "INPUT" || this.composing.has(el) || this.options.pasteCells === false || this.form.getAttribute("data-cf-paste") === "as-is") return false;
    // The target is empty, or all of it is selected (the paste replaces it).
    if (!/[\t\n]/.test(text) || text.includes('"') || (el.value && (el.selectionStart || el.selectionEnd < el.value.length))) return false;
    const key = (n) => n.replace(/\s/g, "").toLowerCase();
    // A row's fields that take input, in the order they are on the page, each with its options
    // (a list's); none for a row the table does not have.
    const fieldsOf = (row) =>
      tb.fields
        .filter((f) => !f.computed)
        .map((f) => [(this.byPath.get(tb.id + "[" + row + "]." + f.id) || [])[0], f.options])
        .filter((p) => p[0])
        .sort((a, b) => (a[0].compareDocumentPosition(b[0]) & 4 ? -1 : 1));
    const row = +at[2];
    const start = fieldsOf(row).findIndex((p) => p[0] === el);
    const lines = text.split("\n");
    const plan = [];
    if (start < 0) return false;
    for (let i = 0; i < lines.length; i++) {
      const fields = fieldsOf(row + i).slice(start);
      for (const [j, cell] of lines[i].split("\t").entries()) {
        const [to, options] = fields[j] || [];
        if (!cell.trim()) {
          if (to === el) plan.push([el, cell]);
          continue;
        }
        if (!to || to.disabled || to.readOnly || (to !== el && to.value)) return false;
        if (to.tagName === "SELECT") {
          // The list's option of that name, or the option the form knows the name for (农村 is
          // 农村社区).
          const known = (options || []).find((names) => names.some((n) => key(n) === key(cell)));
          const names = [key(cell), known && key(known[0])];
          const option = [...to.options].find((o) => o.value && (names.includes(key(o.value)) || names.includes(key(o.text))));
          if (!option) return false;
          plan.push([to, option.value]);
        } else if (to.tagName === "TEXTAREA" || /^(text|search|tel|email|url|number|)$/.test(to.getAttribute("type") || "")) {
          plan.push([to, cell]);
        } else {
          return false;
        }
      }
    }
    e.preventDefault();
    // Said to a screen reader, which would otherwise hear nothing of the fields filled.
    if (!this.live) {
      this.live = document.createElement("p");
      this.live.className = "cf-visually-hidden";
      this.live.setAttribute("aria-live", "polite");
      this.live.setAttribute("data-cf-live", "");
      this.form.append(this.live);
    }
    this.live.textContent = this.t.spread(lines.length, plan.length);
    // As typed: the page's own listeners hear each change, and each is shown as after a paste.
    for (const [to, value] of plan) {
      to.value = value;
      if (to.tagName !== "SELECT") this.pasted.add(to);
      to.dispatchEvent(new Event(to.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
    }
    return true;
  }

  /** The press is over: the fields left by it are committed once the click has landed. */
  pointerReleased() {
    this.pointerDown = false;
    setTimeout(() => this.flushDeferred(), 0);
  }

  flushDeferred() {
    const paths = [...this.deferred];
    this.deferred.clear();
    for (const p of paths) this.apply(JSON.parse(this.session.commit(p)));
  }

  /** Before an edit: a field left by a press that is over is committed first, so what that
   * commit shows is what was pending when it was left; it must not show a new problem of the
   * field being typed in now (a late timer on a busy machine, or typing at once after a click). */
  settle() {
    if (!this.pointerDown && this.deferred.size) this.flushDeferred();
  }

  edited(el, commit) {
    const path = this.pathOf.get(el);
    if (!path || this.isComputedPath(path)) return;
    const els = this.byPath.get(path);
    const value = this.read(els);
    const r = typeof value === "string" ? this.session.inputText(path, value) : this.session.input(path, JSON.stringify(value));
    this.apply(JSON.parse(r));
    if (commit) this.apply(JSON.parse(this.session.commit(path)));
  }

  submit(e) {
    const r = JSON.parse(this.session.submit());
    this.apply(r);
    this.summaryShown = true;
    this.renderSummary(r.summary);
    if (!r.valid) {
      if (e) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
      if (this.summaryEl && r.summary.length) this.summaryEl.focus();
      else if (r.summary.length) this.focusPath(r.summary[0].path);
    }
    return r.valid;
  }

  observe() {
    if (typeof MutationObserver === "undefined") return;
    let queued = false;
    // Only rows or fields coming or going matter; our own writes (values, messages) do not.
    const matters = (n) => n.nodeType === 1 && (n.matches("[" + ROW + "],[" + FIELD + "]") || n.querySelector("[" + ROW + "],[" + FIELD + "]"));
    this.observer = new MutationObserver((records) => {
      if (!records.some((r) => [...r.addedNodes, ...r.removedNodes].some(matters))) return;
      if (queued) return;
      queued = true;
      queueMicrotask(
        this.guard(() => {
          queued = false;
          this.reload();
        }),
      );
    });
    for (const tb of this.tables) this.observer.observe(tb.container, { childList: true, subtree: true });
  }

  /** Rows were added or removed: bind again and re-read every value. */
  reload() {
    for (const el of this.messages.values()) el.remove();
    this.messages.clear();
    this.clearMarks();
    this.scan();
    this.apply(JSON.parse(this.session.load(JSON.stringify(this.readAll()))));
    if (this.summaryShown) this.renderSummary(JSON.parse(this.session.commit("")).summary);
  }

  detach() {
    if (!this.down) this.unbind();
    this.down = true;
    handles.delete(this.form);
    try {
      this.session.free();
    } catch (e) {
      // An engine that failed (standDown) may not free what it holds; the page goes on.
    }
  }

  /** Everything the binding added to the page, taken away. */
  unbind() {
    for (const [type, h] of Object.entries(this.handlers)) this.form.removeEventListener(type, h, type === "submit" || type === "toggle");
    if (this.observer) this.observer.disconnect();
    for (const [type, h] of Object.entries(this.docHandlers)) this.form.ownerDocument.removeEventListener(type, h, true);
    if (this.summaryEl) this.summaryEl.removeEventListener("click", this.handlers.click);
    for (const el of this.messages.values()) el.remove();
    this.messages.clear();
    if (this.live) this.live.remove();
    this.clearMarks();
    if (this.summaryShown && this.summaryEl) this.hideSummary();
  }

  // ---- rendering --------------------------------------------------------------------------

  apply(r) {
    let changed = false;
    for (const [path, value] of Object.entries(r.values || {})) {
      this.writeValue(path, value);
      changed = true;
    }
    // Only the explanations on screen are kept current (a closed one is filled when it opens).
    if (changed) for (const ex of this.openExplain) this.refreshExplanation(ex);
    for (const [path, issues] of Object.entries(r.show || {})) this.renderIssues(path, issues);
    if (this.summaryShown && r.summary) this.renderSummary(r.summary);
  }

  writeValue(path, value) {
    const els = this.byPath.get(path);
    const text = value === null ? "" : value === true ? this.t.yes : value === false ? this.t.no : String(value);
    if (els) {
      for (const el of els) {
        if ("value" in el && el.tagName !== "OUTPUT") el.value = text;
        else el.textContent = text;
      }
    }
  }

  /** "计算过程": an element with data-cf-explain="<field>" shows that value's working. */
  refreshExplanation(ex) {
    if (!ex.isConnected) {
      this.openExplain.delete(ex);
      return;
    }
    const details = ex.tagName === "DETAILS" ? ex : null;
    const row = ex.closest("[" + ROW + "]");
    const id = ex.getAttribute("data-cf-explain");
    let path = id;
    if (row) {
      const tb = this.tables.find((t) => t.rows.includes(row));
      if (tb) path = tb.id + "[" + tb.rows.indexOf(row) + "]." + id;
    }
    let target = ex.querySelector("[data-cf-explain-text]");
    if (!target && details) {
      // Keep the <summary>: the working goes in a slot of its own.
      target = document.createElement("span");
      target.setAttribute("data-cf-explain-text", "");
      details.append(target);
    }
    (target || ex).textContent = this.session.explain(path) || "";
  }

  ensureId(el) {
    if (!el.id) el.id = freshId("cf-");
    return el.id;
  }

  messageEl(path, anchor) {
    let el = this.messages.get(path);
    if (!el) {
      el = document.createElement("p");
      el.className = "cf-message";
      el.id = freshId("cf-msg-");
      el.setAttribute("aria-live", "polite");
      // A table-level message goes after the whole <table> when the rows live in one.
      if (anchor.hasAttribute(TABLE)) (anchor.closest("table") || anchor).after(el);
      else {
        const label = anchor.closest("label");
        (label && label.contains(anchor) ? label : anchor).after(el);
      }
      this.messages.set(path, el);
    }
    return el;
  }

  renderIssues(path, issues) {
    const els = this.byPath.get(path);
    const anchor = els && els[els.length - 1];
    if (!anchor) return;
    const errors = issues.filter((i) => i.severity === "error");
    const msg = this.messageEl(path, anchor);
    msg.textContent = "";
    for (const i of issues) {
      const line = document.createElement("span");
      line.className = "cf-message-item cf-" + i.severity;
      const prefix = document.createElement("span");
      prefix.className = "cf-visually-hidden";
      prefix.textContent = i.severity === "error" ? this.t.error : this.t.warning;
      line.append(prefix, document.createTextNode(i.message));
      if (i.citation) {
        const cite = document.createElement("span");
        cite.className = "cf-citation";
        cite.textContent = "（" + i.citation + "）";
        line.append(cite);
      }
      msg.append(line);
    }
    msg.hidden = issues.length === 0;
    for (const el of els) {
      if (el.hasAttribute(TABLE)) continue;
      if (errors.length) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
      el.classList.toggle("cf-invalid", errors.length > 0);
      el.classList.toggle("cf-warned", !errors.length && issues.length > 0);
      const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== msg.id);
      if (issues.length) ids.push(msg.id);
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    }
  }

  /** The marks this binding set (it sets aria-invalid with cf-invalid); a mark of the page's
   * own, on a field the form does not bind, stays. */
  clearMarks() {
    for (const el of this.form.querySelectorAll(".cf-invalid,.cf-warned")) {
      if (el.classList.contains("cf-invalid")) el.removeAttribute("aria-invalid");
      el.classList.remove("cf-invalid", "cf-warned");
      const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && !x.startsWith("cf-msg-"));
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    }
  }

  renderSummary(items) {
    const s = this.summaryEl;
    if (!s || !items) return;
    s.classList.add("cf-summary");
    if (!s.hasAttribute("tabindex")) s.setAttribute("tabindex", "-1");
    if (!items.length) return this.hideSummary();
    s.textContent = "";
    s.hidden = false;
    s.setAttribute("role", "alert");
    const h = document.createElement("h2");
    h.className = "cf-summary-title";
    h.textContent = this.t.summary;
    const ul = document.createElement("ul");
    ul.className = "cf-summary-list";
    for (const item of items) {
      const li = document.createElement("li");
      const els = this.byPath.get(item.path);
      // A problem of a value the page does not show (a total it leaves out) is text: a link
      // would lead nowhere.
      const a = document.createElement(els && els[0] ? "a" : "span");
      if (els && els[0]) {
        a.href = "#" + this.ensureId(els[0]);
        a.setAttribute("data-cf-goto", item.path);
      }
      // Read apart from the table, a row's problem says which row ("第3行（朝阳社区）：…").
      a.textContent = item.row ? item.row + this.t.colon + item.message : item.message;
      li.append(a);
      ul.append(li);
    }
    s.append(h, ul);
  }

  focusPath(path) {
    const els = this.byPath.get(path);
    const el = els && els.find((e) => !e.hasAttribute(TABLE) && typeof e.focus === "function");
    if (el) {
      el.focus();
      if (el.scrollIntoView) el.scrollIntoView({ block: "center" });
    } else if (els && els[0]) {
      els[0].scrollIntoView({ block: "center" });
    }
  }
}
