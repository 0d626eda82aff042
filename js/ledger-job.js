// One ledger check as the ledger page asks for it: the text read a piece at a time, the problems
// and totals, the columns and counts the page groups by. Shared by the worker (js/worker.js) and
// the ledger module's `checkLedger` (the page's route where no worker can start), so both answer
// alike.
import { BulkSession } from "../target/wasm-bindgen/community_forms.js";
import { count, readBulkResult } from "./bulk-result.js";

/** Runs `job` ({ form, text, header, locale, columns, tallies, compact }); calls `progress` after
 * each piece and `done` with { result, ignored, columns, tallies } before the session is freed
 * (releasing 100,000 rows takes the allocator ~20 ms, which the answer need not wait for). */
export function runJob(job, progress, done) {
  const { form, text, header, locale } = job;
  const bulk = new BulkSession(form, locale || "zh-CN");
  try {
    const piece = 256 * 1024;
    // Its line breaks bound the rows (quoted line breaks make it more): the table is sized once.
    bulk.reserve(count(text, "\n"));
    let rows = 0;
    for (let at = 0; at < text.length; at += piece) {
      const last = at + piece >= text.length;
      rows = bulk.push(text.slice(at, at + piece), last);
      progress({ done: Math.min(at + piece, text.length), total: text.length, rows });
    }
    if (text.length === 0) bulk.push("", true);
    progress({ done: text.length, total: text.length, rows, evaluating: true });
    // A summary (row count, header values, problems); the page asks for the columns it groups by.
    // With `compact: true` the problems stay as the wasm wrote them, `{texts, flat}` (five entries
    // per problem: path, 1 for an error, indexes of code, message and citation in `texts`;
    // js/bulk-result.js): 48,000 problem objects take the browser ~45 ms to copy to the page,
    // their compact form ~5 ms.
    const json = bulk.finish(JSON.stringify(header || {}), false, false);
    const result = job.compact ? JSON.parse(json) : readBulkResult(json);
    const ignored = JSON.parse(bulk.ignored());
    const columns = {};
    for (const f of job.columns || []) columns[f] = JSON.parse(bulk.column(f));
    // Counts by a column, with how many rows have a flag set: [[value, rows, flagged], …].
    const tallies = {};
    for (const [group, flag] of job.tallies || []) tallies[group] = JSON.parse(bulk.tally(group, flag));
    done({ result, ignored, columns, tallies });
  } finally {
    bulk.free();
  }
}
