// The ledger module (pkg/community-forms.ledger.js) and the Node build: the public API of
// js/api.js plus whole ledgers (evaluateCsv, evaluateRows), on the speed build of the engine
// (opt-level 3, the spec compiler included). For reviewers' tools and servers, where a ledger
// of 100,000 rows is checked at once; form pages load the smaller form package. Forms are
// attached only when asked (`attach`).
export * from "./api.js";
export { evaluateCsv, evaluateRows } from "./bulk.js";
export { sheetRow } from "./bulk-result.js";
import { need } from "./ready.js";
import { runJob } from "./ledger-job.js";

/** The ledger page's check where no worker can start, answering as its worker does
 * (js/ledger-job.js): { result, ignored, columns, tallies }. */
export function checkLedger(job, progress = () => {}) {
  need();
  let answer = null;
  runJob(job, progress, (a) => {
    answer = a;
  });
  return answer;
}
