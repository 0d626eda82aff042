// community-forms-xlsx: the first worksheet of an .xlsx workbook as CSV text. A module of its own
// (global CommunityFormsXlsx), loaded by a page only when a workbook is chosen; the wasm is
// inlined, so it works from file:// and makes no request.
import { initSync, xlsxToCsv } from "../target/wasm-bindgen-xlsx/community_forms_xlsx.js";
import bytes from "../target/wasm-bindgen-xlsx/community-forms-xlsx.opt.wasm";

let ready = false;

/** The workbook's first worksheet (bytes: a Uint8Array) as CSV text. */
export function toCsv(data) {
  if (!ready) {
    initSync({ module: bytes });
    ready = true;
  }
  return xlsxToCsv(data);
}
