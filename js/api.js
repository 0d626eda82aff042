// community-forms: the public JavaScript API (INTERFACE.md), shared by every build. Thin: every
// decision is made by the Rust core compiled to WebAssembly; this file converts values to and
// from JSON text (decimals always cross as strings, never as JS numbers).
import * as core from "../target/wasm-bindgen/community_forms.js";
import { ready, need, isAvailable } from "./ready.js";
import { attachForm } from "./attach.js";
import { engine } from "./engine.js";

export { ready };

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
  if (!isAvailable()) return null;
  return attachForm(engine, form, options);
}
