// Where the ledger page's worker spends what evaluateCsv does not (BENCHMARKS.md, the worker's
// row): the same 100,000-row CSV checked in headless Chromium (1) by evaluateCsv on the page,
// (2) by checkLedger on the page (the worker's own job code, js/ledger-job.js) with and without
// the columns and tallies the page asks for, from bytes and from text, and (3) through the
// worker, the bytes moved to it and the answer posted back. Best of five each.
//   node scripts/dev/ledger-phases.mjs      after scripts/build.sh and `bulk 100000 write`
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS } from "../../tests/js/helpers.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const server = createServer(async (req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  if (path === "/") {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><meta charset="utf-8"><script src="/pkg/community-forms.ledger.global.js"></script>`);
    return;
  }
  try {
    const body = await readFile(root + path.slice(1));
    res.writeHead(200, { "Content-Type": path.endsWith(".csv") ? "text/csv" : "text/javascript" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
const page = await browser.newPage();
page.on("console", (m) => console.log(m.text()));
await page.goto(`http://127.0.0.1:${server.address().port}/`);
const figures = await page.evaluate(async () => {
  const L = window.CommunityFormsLedger;
  await L.ready;
  const csv = await (await fetch("/target/bench/ledger-100k.csv")).text();
  const bytes = new TextEncoder().encode(csv);
  const base = { form: "facility-ledger", header: { report_year: "2021" }, locale: "zh-CN", compact: true, paths: false };
  const asked = { ...base, columns: ["community"], joined: true, tallies: [["street", "compliant"], ["community_type", "compliant"]] };
  const best = async (f) => {
    let ms = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await f();
      ms = Math.min(ms, performance.now() - t0);
    }
    return ms.toFixed(1);
  };
  const out = {};
  out.evaluateCsv = await best(() => L.evaluateCsv("facility-ledger", csv, { values: { report_year: "2021" }, rows: false }));
  out["checkLedger, text, nothing else asked"] = await best(() => L.checkLedger({ ...base, text: csv }));
  out["checkLedger, bytes, nothing else asked"] = await best(() => L.checkLedger({ ...base, bytes }));
  out["checkLedger, bytes, the column and tallies"] = await best(() => L.checkLedger({ ...asked, bytes }));
  const w = await new Promise((resolve) => {
    const w = new Worker("/pkg/community-forms.worker.js");
    w.onmessage = (m) => m.data.type === "ready" && resolve(w);
  });
  const via = (job, moved) =>
    new Promise((resolve) => {
      w.onmessage = (m) => m.data.type === "done" && resolve();
      w.postMessage(job, moved);
    });
  const viaBytes = (job) => () => {
    const copy = bytes.slice();
    return via({ ...job, bytes: copy }, [copy.buffer]);
  };
  out["worker, bytes, nothing else asked"] = await best(viaBytes(base));
  out["worker, bytes, the column and tallies"] = await best(viaBytes(asked));
  return out;
});
for (const [k, v] of Object.entries(figures)) console.log(`${v.padStart(7)} ms  ${k}`);
await browser.close();
server.close();
