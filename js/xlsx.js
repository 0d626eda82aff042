// community-forms-xlsx: the first worksheet of an .xlsx workbook as CSV text. A module of its own
// (global CommunityFormsXlsx), loaded by a page only when a workbook is chosen; the wasm is
// inlined (gzip-compressed, js/unpack.js), so it works from file:// and makes no request.
import { initSync, xlsxToCsv } from "../target/wasm-bindgen-xlsx/community_forms_xlsx.js";
import packed from "../target/wasm-bindgen-xlsx/community-forms-xlsx.opt.wasm.gz";
import { unpack } from "./unpack.js";

let ready = null;

/** The workbook's first worksheet (bytes: a Uint8Array) as CSV text (a Promise). */
export async function toCsv(data) {
  if (!ready) ready = unpack(packed).then((bytes) => initSync({ module: bytes }));
  await ready;
  return xlsxToCsv(data);
}

// In a worker (pkg/community-forms-xlsx.worker.js, or a page's blob: worker made from
// CommunityFormsXlsxModule): posted a workbook's bytes, answers {csv} or {error}. A page's own
// main thread has a document and installs nothing.
if (typeof document === "undefined" && typeof importScripts === "function") {
  self.onmessage = (e) => {
    toCsv(e.data).then(
      (csv) => self.postMessage({ csv }),
      (err) => self.postMessage({ error: String(err && err.message ? err.message : err) }),
    );
  };
}
