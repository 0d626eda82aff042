// Whole ledgers: in the ledger module (js/ledger.js) and the Node build, which carry the speed
// build of the engine; the form package leaves them out to stay small (js/index.js).
import * as core from "../target/wasm-bindgen/community_forms.js";
import { need } from "./ready.js";
import { readBulkResult } from "./bulk-result.js";

/** A whole ledger from CSV or tab-separated text (pasted from Excel): the form's main table,
 * with header values given separately (`values`) and the names the sheet is known by (`names`:
 * its worksheet's, its file's; a 社区类型 column the ledger lacks is taken from them), or a
 * value every row takes for a column the ledger lacks (`give`: `{ community_type: "农村社区" }`,
 * before any name). Returns the result object; with `rows: false`, a table's
 * computed values are left out and `result.rows` gives its row count (a large ledger's
 * problems and totals without every row's values). */
export function evaluateCsv(formId, text, options = {}) {
  need();
  const bulk = session(formId, options);
  try {
    bulk.push(String(text), true);
    return readBulkResult(bulk.finish(JSON.stringify(options.values || {}), !!options.explain, options.rows !== false), bulk);
  } finally {
    bulk.free();
  }
}

// A bulk session; `options.names` are what the sheet is known by (a worksheet's name, a file's):
// a choice column the sheet lacks is taken from the first that holds one of its options, and
// the result's `sheet.given` says so; `options.give`, a value for a column the sheet lacks.
function session(formId, options) {
  const bulk = new core.BulkSession(formId, options.locale || "zh-CN");
  try {
    for (const name of options.names || []) bulk.knownAs(String(name));
    for (const [field, value] of Object.entries(options.give || {})) bulk.give(String(field), String(value));
  } catch (e) {
    bulk.free();
    throw e;
  }
  return bulk;
}

/** A whole table from rows already split into cells (a spreadsheet read by a script):
 * `header` names the columns (field ids, labels or column headings), `rows` is an array of
 * arrays of cell strings as typed. Options as for evaluateCsv (`values`, `locale`, `rows`). */
export function evaluateRows(formId, header, rows, options = {}) {
  need();
  const bulk = session(formId, options);
  try {
    bulk.reserve(rows.length);
    bulk.pushRecords(encodeRecords(header, rows));
    return readBulkResult(bulk.finish(JSON.stringify(options.values || {}), !!options.explain, options.rows !== false), bulk);
  } finally {
    bulk.free();
  }
}

// Rows of cells as the UTF-8 bytes pushRecords reads: cells separated by U+001F, records by
// U+001E, written in one pass over the cells' characters. A cell's own U+001E or U+001F becomes
// a space (it would break the row), null and undefined an empty cell as join writes them, any
// other value its String(); an unpaired surrogate U+FFFD, as TextEncoder writes it. Joining the
// rows into one string, counting its separators and encoding it took ~120 ms in Chromium for
// 100,000 rows of 12 cells.
function encodeRecords(header, rows) {
  // `buf` and `n` are used by this function alone (a closure that grew the buffer made every
  // access to them slower: three times as slow in Chromium).
  let buf = new Uint8Array(Math.max(1024, rows.length * 96));
  let n = 0;
  for (let r = -1; r < rows.length; r++) {
    const cells = r < 0 ? header : rows[r];
    // Before each row, even one of no cells.
    if (r >= 0) {
      if (n + 1 > buf.length) buf = grown(buf, n, n + 1);
      buf[n++] = 0x1e;
    }
    for (let j = 0; j < cells.length; j++) {
      const c = cells[j];
      const s = typeof c === "string" ? c : c == null ? "" : String(c);
      const len = s.length;
      // Room for the separator before the cell and three bytes per UTF-16 unit.
      if (n + len * 3 + 1 > buf.length) buf = grown(buf, n, n + len * 3 + 1);
      if (j > 0) buf[n++] = 0x1f;
      for (let i = 0; i < len; i++) {
        const u = s.charCodeAt(i);
        if (u < 0x80) {
          buf[n++] = u === 0x1e || u === 0x1f ? 0x20 : u;
        } else if (u < 0x800) {
          buf[n++] = 0xc0 | (u >> 6);
          buf[n++] = 0x80 | (u & 63);
        } else if (u < 0xd800 || u >= 0xe000) {
          buf[n++] = 0xe0 | (u >> 12);
          buf[n++] = 0x80 | ((u >> 6) & 63);
          buf[n++] = 0x80 | (u & 63);
        } else {
          const v = i + 1 < len ? s.charCodeAt(i + 1) : 0;
          if (u < 0xdc00 && v >= 0xdc00 && v < 0xe000) {
            // A surrogate pair: one character of four bytes (the pair's six bytes of room suffice).
            const p = 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
            i++;
            buf[n++] = 0xf0 | (p >> 18);
            buf[n++] = 0x80 | ((p >> 12) & 63);
            buf[n++] = 0x80 | ((p >> 6) & 63);
            buf[n++] = 0x80 | (p & 63);
          } else {
            buf[n++] = 0xef;
            buf[n++] = 0xbf;
            buf[n++] = 0xbd;
          }
        }
      }
    }
  }
  return buf.subarray(0, n);
}

function grown(buf, used, need) {
  const b = new Uint8Array(Math.max(buf.length * 2, need));
  b.set(buf.subarray(0, used));
  return b;
}
