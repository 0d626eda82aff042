// community-forms: the public JavaScript API (INTERFACE.md). Thin: every decision is made by
// the Rust core compiled to WebAssembly; this file loads it and converts values to and from
// JSON text (decimals always cross as strings, never as JS numbers).
import * as core from "../target/wasm-bindgen/community_forms.js";
import { loadWasm } from "#load-wasm";
import { attachForm, autoAttach, showUnavailable } from "./attach.js";
import { readBulkResult } from "./bulk-result.js";

let available = false;

/** Resolves to true once the engine is ready, or to false when WebAssembly is unavailable
 * (an old browser, or a Content-Security-Policy without 'wasm-unsafe-eval'). Never rejects. */
export const ready = (async () => {
  try {
    if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not supported by this browser");
    await loadWasm();
    available = true;
  } catch (e) {
    console.warn("community-forms: validation is off, the form works as before (" + (e && e.message ? e.message : e) + ")");
    available = false;
  }
  return available;
})();

function need() {
  if (!available) throw new Error("community-forms is not ready (await ready first; it resolves to false when WebAssembly is unavailable)");
}

function text(values) {
  return typeof values === "string" ? values : JSON.stringify(values);
}

/** evaluate(formId, values, {locale, explain}) -> the result object of INTERFACE.md. */
export function evaluate(formId, values, options = {}) {
  need();
  return JSON.parse(core.evaluate(formId, text(values), options.locale || "zh-CN", !!options.explain));
}

/** Like evaluate, but takes and returns JSON text exactly as the native command line prints it
 * (for server-side re-validation and byte-for-byte comparison). */
export function evaluateJson(formId, valuesJson, options = {}) {
  need();
  return core.evaluate(formId, valuesJson, options.locale || "zh-CN", !!options.explain);
}

/** A whole ledger from CSV or tab-separated text (pasted from Excel): the form's main table,
 * with header values given separately. Returns the result object; with `rows: false`, a table's
 * computed values are left out and `result.rows` gives its row count (a large ledger's
 * problems and totals without every row's values). */
export function evaluateCsv(formId, text, options = {}) {
  need();
  return readBulkResult(
    core.evaluateCsv(formId, text, JSON.stringify(options.values || {}), options.locale || "zh-CN", !!options.explain, options.rows !== false),
  );
}

/** A whole table from rows already split into cells (a spreadsheet read by a script):
 * `header` names the columns (field ids, labels or column headings), `rows` is an array of
 * arrays of cell strings as typed. Options as for evaluateCsv (`values`, `locale`, `rows`). */
export function evaluateRows(formId, header, rows, options = {}) {
  need();
  const bulk = new core.BulkSession(formId, options.locale || "zh-CN");
  try {
    bulk.pushRecords(records(header, rows));
    return readBulkResult(bulk.finish(JSON.stringify(options.values || {}), !!options.explain, options.rows !== false));
  } finally {
    bulk.free();
  }
}

// Rows of cells as one text: cells joined by U+001F, records by U+001E (what pushRecords reads).
// Joined as they are first (join writes null and undefined as ""); only when the separators
// counted differ from the cells does some cell hold one, and the slow path replaces them.
function records(header, rows) {
  const lines = new Array(rows.length + 1);
  lines[0] = header.join("\u001f");
  let units = header.length - 1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    lines[i + 1] = row.join("\u001f");
    units += row.length > 0 ? row.length - 1 : 0;
  }
  const text = lines.join("\u001e");
  if (count(text, "\u001f") === units && count(text, "\u001e") === rows.length) return text;
  const clean = (c) => (c == null ? "" : String(c).replace(/[\u001e\u001f]/g, " "));
  lines[0] = header.map(clean).join("\u001f");
  for (let i = 0; i < rows.length; i++) lines[i + 1] = rows[i].map(clean).join("\u001f");
  return lines.join("\u001e");
}

function count(text, c) {
  let n = 0;
  for (let at = text.indexOf(c); at !== -1; at = text.indexOf(c, at + 1)) n++;
  return n;
}

/** Bytes of memory the engine holds. */
export function memoryBytes() {
  need();
  return core.memoryBytes();
}

/** Loads a form spec at run time; returns its form id. In the browser package the spec comes
 * precompiled (the bytes `community-forms precompile --out spec.cfw spec.json` writes, as a
 * Uint8Array or ArrayBuffer): it carries no spec compiler, to stay small. Node takes JSON
 * text or an object as well. */
export function addSpec(spec) {
  need();
  if (spec instanceof ArrayBuffer) spec = new Uint8Array(spec);
  if (spec instanceof Uint8Array) return core.addCompiledSpec(spec);
  return core.addSpec(text(spec));
}

/** The ids of every loaded form. */
export function forms() {
  need();
  return JSON.parse(core.forms());
}

/** The fields and tables of a form. */
export function formInfo(formId, options = {}) {
  need();
  return JSON.parse(core.formInfo(formId, options.locale || "zh-CN"));
}

/** An incremental session: set one field at a time, get back only what changed. */
export function createSession(formId, options = {}) {
  need();
  const s = new core.FormSession(formId, options.locale || "zh-CN");
  return {
    load: (values) => JSON.parse(s.load(text(values))),
    set: (path, value) =>
      JSON.parse(typeof value === "string" ? s.inputText(path, value) : s.input(path, JSON.stringify(value == null ? "" : value))),
    commit: (path) => JSON.parse(s.commit(path)),
    submit: () => JSON.parse(s.submit()),
    result: (opts = {}) => JSON.parse(s.result(!!opts.explain)),
    explain: (path) => s.explain(path) || null,
    get valid() {
      return s.valid();
    },
    free: () => s.free(),
  };
}

/** Binds an existing <form> (see attach.js); returns a handle, or null when unavailable. */
export function attach(form, options = {}) {
  if (!available) return null;
  return attachForm(core, form, options);
}

// Every <form data-cf-form> on the page is attached once the engine and the page are ready.
if (typeof document !== "undefined") {
  const start = () =>
    ready.then((ok) => {
      if (ok) autoAttach(core);
      else showUnavailable();
    });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
