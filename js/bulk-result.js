// The bulk calls' result (evaluateCsv, evaluateRows, the ledger worker) comes from the wasm with
// its issues written compactly, `{"texts":[…],"flat":[path, error, code, message, citation, …]}`
// (src/engine/json.rs, write_issues_compact): a ledger's 50,000 problems share a few texts.
// Here they become the contract's issue objects again, each text one shared string.
export function readBulkResult(json) {
  const result = JSON.parse(json);
  const packed = result.issues;
  if (packed && !Array.isArray(packed)) {
    const { texts, flat } = packed;
    const issues = new Array(flat.length / 5);
    for (let i = 0, j = 0; j < flat.length; i++, j += 5) {
      issues[i] = {
        path: flat[j],
        severity: flat[j + 1] ? "error" : "warning",
        code: texts[flat[j + 2]],
        message: texts[flat[j + 3]],
        citation: texts[flat[j + 4]],
      };
    }
    result.issues = issues;
  }
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
