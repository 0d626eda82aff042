// The bulk-checking worker: reads a ledger (CSV or tab-separated text, already decoded) a piece
// at a time so the page stays responsive and can show progress. Loaded by www/ledger.html as
// pkg/community-forms.worker.js (the wasm is inlined, gzip-compressed; no request is made).
import { initSync, BulkSession } from "../target/wasm-bindgen/community_forms.js";
import packed from "../target/wasm-bindgen/community-forms.opt.wasm.gz";
import { unpack } from "./unpack.js";
import { readBulkResult } from "./bulk-result.js";

let ready = null;
self.onmessage = async (e) => {
  const { form, text, header, locale } = e.data;
  try {
    if (!ready) ready = unpack(packed).then((bytes) => initSync({ module: bytes }));
    await ready;
    const bulk = new BulkSession(form, locale || "zh-CN");
    const piece = 256 * 1024;
    let rows = 0;
    for (let at = 0; at < text.length; at += piece) {
      const last = at + piece >= text.length;
      rows = bulk.push(text.slice(at, at + piece), last);
      self.postMessage({ type: "progress", done: Math.min(at + piece, text.length), total: text.length, rows });
    }
    if (text.length === 0) bulk.push("", true);
    self.postMessage({ type: "progress", done: text.length, total: text.length, rows, evaluating: true });
    // A summary (row count, header values, problems); the page asks for the columns it groups by.
    // With `compact: true` the problems stay as the wasm wrote them, `{texts, flat}` (five entries
    // per problem: path, 1 for an error, indexes of code, message and citation in `texts`;
    // js/bulk-result.js): 48,000 problem objects take the browser ~45 ms to copy to the page,
    // their compact form ~5 ms.
    const json = bulk.finish(JSON.stringify(header || {}), false, false);
    const result = e.data.compact ? JSON.parse(json) : readBulkResult(json);
    const ignored = JSON.parse(bulk.ignored());
    const columns = {};
    for (const f of e.data.columns || []) columns[f] = JSON.parse(bulk.column(f));
    // Counts by a column, with how many rows have a flag set: [[value, rows, flagged], …].
    const tallies = {};
    for (const [group, flag] of e.data.tallies || []) tallies[group] = JSON.parse(bulk.tally(group, flag));
    self.postMessage({ type: "done", result, ignored, columns, tallies });
    // Freed after the answer is on its way: releasing 100,000 rows takes the allocator ~20 ms.
    bulk.free();
  } catch (err) {
    self.postMessage({ type: "error", message: String(err && err.message ? err.message : err) });
  }
};
