// Whole ledgers: in the ledger module (js/ledger.js) and the Node build, which carry the speed
// build of the engine; the form package leaves them out to stay small (js/index.js).
import * as core from "../target/wasm-bindgen/community_forms.js";
import { need } from "./ready.js";
import { count, readBulkResult } from "./bulk-result.js";

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
    bulk.reserve(rows.length);
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
