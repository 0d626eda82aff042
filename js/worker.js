// The bulk-checking worker: reads a ledger (CSV or tab-separated text, already decoded) a piece
// at a time so the page stays responsive and can show progress (js/ledger-job.js). Loaded by
// www/ledger.html as pkg/community-forms.worker.js (the wasm is inlined, gzip-compressed; no
// request is made).
import { prepareMemory } from "../target/wasm-bindgen/community_forms.js";
import packed from "../target/wasm-bindgen/community-forms.opt.wasm.gz";
import { unpack } from "./unpack.js";
import { start } from "./start.js";
import { runJob } from "./ledger-job.js";

const message = (err) => String(err && err.message ? err.message : err);

// Unpacked and compiled as soon as the worker starts: the ledger page starts its worker with
// the page, so a check need not wait for this. `ready` is posted either way; a wasm that cannot
// start (a policy without 'wasm-unsafe-eval') is reported on the job, as before.
const ready = unpack(packed).then(start);
ready.then(
  () => self.postMessage({ type: "ready" }),
  (err) => self.postMessage({ type: "ready", error: message(err) }),
);

self.onmessage = async (e) => {
  // A file was chosen (www/ledger.js): the memory its check will use, readied now (src/wasm.rs,
  // prepareMemory). No answer.
  if (e.data && typeof e.data.prepare === "number") {
    try {
      await ready;
      // At most 256 MB (a file of some 35 MB): beyond that the check grows the memory as it goes.
      prepareMemory(Math.min(Math.max(0, e.data.prepare), 0x10000000));
    } catch {
      // The check itself reports what is wrong.
    }
    return;
  }
  // A page's warm-up (www/ledger.js): a small ledger checked once as the page loads, answered
  // only with "warmed". V8 runs a wasm function's first calls in its baseline code and swaps in
  // optimised code only on a later call, so a reviewer's first file would otherwise be checked
  // mostly in baseline code (BENCHMARKS.md: the ledger page's first check of 100,000 rows, with
  // and without the warm-up).
  if (e.data && e.data.warm) {
    try {
      await ready;
      runJob(e.data, () => {}, () => {});
    } catch {
      // Nothing to report: the page's check reports its own problems.
    }
    self.postMessage({ type: "warmed" });
    return;
  }
  try {
    await ready;
    runJob(
      e.data,
      (p) => self.postMessage({ type: "progress", ...p }),
      // A packed answer's numbers, and a joined column's starts, are handed over, not copied
      // (the session is done with them).
      (answer) => {
        const codes = answer.result.issues && answer.result.issues.codes;
        const moved = Object.values(answer.columns).flatMap((c) => (c.starts ? [c.starts.buffer] : []));
        self.postMessage({ type: "done", ...answer }, codes instanceof Int32Array ? [codes.buffer, ...moved] : moved);
      },
    );
  } catch (err) {
    self.postMessage({ type: "error", message: message(err) });
  }
};
