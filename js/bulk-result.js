// The bulk calls' result (evaluateCsv, evaluateRows, the ledger worker) comes from the wasm in
// two parts: the JSON text, whose `issues` holds only `texts`, and the problems themselves,
// taken from the session after `finish` (src/engine/json.rs, PackedIssues): their paths, each
// after a U+001F, and five numbers per problem (the main table's row or -1, or -2 - n for a
// sheet's own problem on its spreadsheet row n, a totals row that does not add up; 1 for an
// error; the indexes of code, message and citation in `texts`). A ledger's 50,000 problems
// share a few texts, and numbers cross as a typed array instead of a JSON array written and
// parsed.

/** The result of `bulk.finish(…)` (its JSON text `json`) with its problems packed:
 * `issues` as `{ texts, paths, codes }`. */
export function readPacked(json, bulk) {
  const result = JSON.parse(json);
  result.issues = { texts: result.issues.texts, paths: bulk.issuePaths(), codes: bulk.issueCodes() };
  return result;
}

/** The same with the contract's issue objects, each text one shared string. */
export function readBulkResult(json, bulk) {
  const result = readPacked(json, bulk);
  const { texts, paths, codes } = result.issues;
  const each = paths.split("\u001f");
  const issues = new Array(codes.length / 5);
  for (let i = 0, j = 0; i < issues.length; i++, j += 5) {
    issues[i] = {
      path: each[i + 1],
      severity: codes[j + 1] ? "error" : "warning",
      code: texts[codes[j + 2]],
      message: texts[codes[j + 3]],
      citation: texts[codes[j + 4]],
    };
  }
  result.issues = issues;
  return result;
}

/** How many times `c` occurs in `text` (indexOf is fast: 100,000 line breaks take a few ms). */
export function count(text, c) {
  let n = 0;
  for (let at = text.indexOf(c); at !== -1; at = text.indexOf(c, at + 1)) n++;
  return n;
}

/** A table row's spreadsheet row, from a bulk result's `sheet` (its `numbers`: `[row, number]`
 * where the numbering jumps, each later row numbered on from the last jump before it). */
export function sheetRow(sheet, row) {
  const jumps = (sheet && sheet.numbers) || [];
  let lo = 0;
  let hi = jumps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (jumps[mid][0] <= row) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? jumps[lo - 1][1] + (row - jumps[lo - 1][0]) : row + 1;
}
