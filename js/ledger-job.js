// One ledger check as the ledger page asks for it: the text read a piece at a time, the problems
// and totals, the columns and counts the page groups by. Shared by the worker (js/worker.js) and
// the ledger module's `checkLedger` (the page's route where no worker can start), so both answer
// alike.
import { BulkSession, findsHeader } from "../target/wasm-bindgen/community_forms.js";
import { count, readBulkResult, readPacked } from "./bulk-result.js";

/** Runs `job` ({ form, text or bytes or sheets, names, header, locale, columns, joined, tallies, compact, paths }); calls
 * `progress` after each piece and `done` with { result, ignored, columns, tallies, workbook } before the
 * session is freed (releasing 100,000 rows takes the allocator ~20 ms, which the answer need
 * not wait for). `bytes` (a Uint8Array: a file as read, which a page can transfer to a worker
 * without copying) is read as UTF-8 if it is, as UTF-16 when it starts with UTF-16's byte-order
 * mark (Excel's "Unicode text", tab-separated), and otherwise decoded as GB18030, what Excel in
 * China saves CSV as; `text` is text already decoded (pasted, or a workbook's sheet). `names`
 * are what the sheet is known by (a worksheet's name, then the file's, without its extension): a
 * choice column the sheet lacks is taken from the first that holds one of its options (the
 * notice's own table has no 社区类型 column; the rural communities come on a sheet named 农村社区),
 * and the result's `sheet.given` says so; `give` ({ field: value }) gives such a column outright,
 * before any name (the page's choice when the result's `sheet.missing` names it). */
export function runJob(job, progress, done) {
  if (job.sheets) return runJob(pickSheet(job), progress, done);
  const { form, header, locale } = job;
  const bytes = job.text == null && job.bytes ? job.bytes : null;
  const wide = bytes && utf16(bytes);
  const session = () => {
    const b = new BulkSession(form, locale || "zh-CN");
    for (const name of job.names || []) b.knownAs(name);
    for (const [field, value] of Object.entries(job.give || {})) b.give(field, String(value));
    // The ledger page places each problem by its row and shows no path: none is written.
    if (job.compact && job.paths === false) b.withoutPaths();
    return b;
  };
  let bulk = session();
  try {
    let rows = bytes && !wide ? readBytes(bulk, bytes, progress) : null;
    let total = bytes ? bytes.length : 0;
    if (rows == null) {
      // Text, UTF-16, or bytes that are not UTF-8: a session of its own reads the decoded text
      // (the decoder drops the byte-order mark).
      const text = bytes ? new TextDecoder(wide || "gb18030").decode(bytes) : String(job.text ?? "");
      if (bytes && !wide) {
        bulk.free();
        bulk = session();
      }
      total = text.length;
      rows = readText(bulk, text, progress);
    }
    progress({ done: total, total, rows, evaluating: true });
    // A summary (row count, header values, problems); the page asks for the columns it groups by.
    // With `compact: true` the problems stay as the wasm wrote them, `{ texts, paths, codes }`
    // (js/bulk-result.js: the paths in one string, five numbers per problem in an Int32Array,
    // which a worker hands over without copying): 48,000 problem objects take the browser ~45 ms
    // to copy to the page, their packed form a few. With `paths: false` as well, `paths` is ""
    // (each problem's row is in `codes`).
    const json = bulk.finish(JSON.stringify(header || {}), false, false);
    const result = job.compact ? readPacked(json, bulk) : readBulkResult(json, bulk);
    const ignored = JSON.parse(bulk.ignored());
    const columns = {};
    // Each row's value as text, "" for blank (src/wasm.rs, `column`: each after a U+001F). With
    // `joined: true` the column stays that one string, with where each value starts: a national
    // ledger's million names cost a page 40–110 ms to receive as strings of their own, as one
    // string about 10 ms.
    for (const f of job.columns || []) columns[f] = job.joined ? joined(bulk.column(f)) : bulk.column(f).split("\u001f").slice(1);
    // Counts by a column, with how many rows have a flag set and how many an error:
    // [[value, rows, flagged, with errors], …].
    const tallies = {};
    for (const [group, flag] of job.tallies || []) tallies[group] = JSON.parse(bulk.tally(group, flag));
    done(job.workbook ? { result, ignored, columns, tallies, workbook: job.workbook } : { result, ignored, columns, tallies });
  } finally {
    bulk.free();
  }
}

// A column's values, each after a U+001F, as `{ text, starts }`: where each value starts in it.
function joined(text) {
  const starts = new Int32Array(count(text, "\u001f"));
  for (let at = text.indexOf("\u001f"), i = 0; at !== -1; at = text.indexOf("\u001f", at + 1)) starts[i++] = at + 1;
  return { text, starts };
}

// A workbook's worksheets ({ sheets: [{ name, text }], sheet }): the job for the one to check,
// `sheet` (an index) or else the first that has the form's header (a sheet of instructions often
// comes first), as the command line chooses; and what to say about the rest: `workbook` names
// the sheets, the one read and the others that have the header too (a ledger's rural
// communities on a sheet of their own), so that none is left unchecked unsaid.
function pickSheet(job) {
  const { sheets, sheet, ...rest } = job;
  const has = sheets.map((s, i) => (sheet == null || i !== sheet ? findsHeader(job.form, s.text) : true));
  let read = sheet != null && sheet >= 0 && sheet < sheets.length ? sheet : has.indexOf(true);
  if (read < 0) read = 0;
  const also = has.flatMap((h, i) => (h && i !== read ? [i] : []));
  const names = sheets.length ? [sheets[read].name, ...(job.names || [])] : job.names;
  return { ...rest, names, text: sheets.length ? sheets[read].text : "", workbook: { names: sheets.map((s) => s.name), read, also } };
}

const PIECE = 256 * 1024;

// The encoding a UTF-16 byte-order mark names, or null: what Excel writes when a sheet is saved
// as "Unicode text" (Unicode 文本), as the command line reads it (encoding_rs's BOM sniffing).
function utf16(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

// Text read a piece at a time; returns the rows read.
function readText(bulk, text, progress) {
  // Its line breaks bound the rows (quoted line breaks make it more): the table is sized once.
  bulk.reserve(count(text, "\n"));
  let rows = 0;
  for (let at = 0; at < text.length; at += PIECE) {
    const last = at + PIECE >= text.length;
    rows = bulk.push(text.slice(at, at + PIECE), last);
    progress({ done: Math.min(at + PIECE, text.length), total: text.length, rows });
  }
  if (text.length === 0) rows = bulk.push("", true);
  return rows;
}

// UTF-8 bytes read a piece at a time, never made into a string; returns the rows read, or null
// as soon as the file's first bytes beyond ASCII are not UTF-8 (the session has then read part of
// the file: start afresh, as GB18030). Bytes that are not UTF-8 after UTF-8 beyond ASCII are damage,
// read as U+FFFD and noted in the result's sheet.not_utf8_line, as the command line reads them.
function readBytes(bulk, bytes, progress) {
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  bulk.reserve(lines);
  let rows = 0;
  for (let at = 0; at < bytes.length || at === 0; at += PIECE) {
    const last = at + PIECE >= bytes.length;
    rows = bulk.pushBytes(bytes.subarray(at, at + PIECE), last);
    if (rows === undefined) return null;
    progress({ done: Math.min(at + PIECE, bytes.length), total: bytes.length, rows });
  }
  return rows;
}
