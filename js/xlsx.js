// community-forms-xlsx: an .xlsx workbook's worksheets as CSV text. A module of its own
// (global CommunityFormsXlsx), loaded by a page only when a workbook is chosen; the wasm is
// inlined (gzip-compressed, js/unpack.js), so it works from file:// and makes no request.
import { initSync, xlsxToCsv, xlsxSheets } from "../target/wasm-bindgen-xlsx/community_forms_xlsx.js";
import packed from "../target/wasm-bindgen-xlsx/community-forms-xlsx.opt.wasm.gz";
import { unpack } from "./unpack.js";

let ready = null;
const start = () => (ready = ready || unpack(packed).then((bytes) => initSync({ module: bytes })));

/** The workbook's first worksheet (bytes: a Uint8Array) as CSV text (a Promise); a workbook that
 * cannot be read rejects with an Error saying why, in `options.locale` ("zh-CN", the default, or
 * "en"). */
export async function toCsv(data, options = {}) {
  await start();
  return xlsxToCsv(data, options.locale || "zh-CN");
}

/** Every worksheet of the workbook, in the tabs' order, as [{ name, csv }] (a Promise); errors as
 * for toCsv. */
export async function toSheets(data, options = {}) {
  await start();
  const flat = xlsxSheets(data, options.locale || "zh-CN");
  const sheets = [];
  for (let i = 0; i + 1 < flat.length; i += 2) sheets.push({ name: flat[i], csv: flat[i + 1] });
  return sheets;
}

// In a worker (pkg/community-forms-xlsx.worker.js, or a page's blob: worker made from
// CommunityFormsXlsxModule): posted a workbook's bytes, or { bytes, locale }, answers {sheets}
// (toSheets) or {error} (in Chinese unless the locale is "en").
// A page's own main thread has a document and installs nothing.
if (typeof document === "undefined" && typeof importScripts === "function") {
  self.onmessage = (e) => {
    const d = e.data;
    const job = d && d.bytes ? d : { bytes: d };
    toSheets(job.bytes, { locale: job.locale }).then(
      (sheets) => self.postMessage({ sheets }),
      (err) => self.postMessage({ error: String(err && err.message ? err.message : err) }),
    );
  };
}
