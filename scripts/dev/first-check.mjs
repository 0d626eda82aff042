// The ledger page's first check, as BENCHMARKS.md times it (bench/bench.mjs, `ledgerPage`): a
// fresh browser, the page loaded, its worker ready and warmed up, two seconds to choose the
// 100,000-row CSV, a second to reach for the button; from the click to the results shown. Each
// run in a browser of its own (Chromium keeps the code compiled for a worker's wasm for the next
// worker in the same browser). Prints each run and the median.
//   node scripts/dev/first-check.mjs [RUNS]     after scripts/build.sh and the bench's CSV
//   (cargo run --release --example bulk -- 100000 write, copied to target/bench/ledger-100k.csv)
import { join } from "node:path";
import { launch, startServer, root } from "../../tests/js/helpers.mjs";

const runs = Number(process.argv[2] || 5);
const demo = await startServer();
const once = async () => {
  const b = await launch();
  const p = await b.newPage();
  await p.addInitScript(() => {
    const Real = window.Worker;
    window.__warmed = 0;
    window.Worker = function (url, options) {
      const w = new Real(url, options);
      w.addEventListener("message", (m) => m.data.type === "warmed" && window.__warmed++);
      return w;
    };
  });
  await p.goto(demo.url + "/ledger.html");
  await p.waitForFunction(() => window.__warmed === 1);
  await p.waitForTimeout(2000);
  await p.setInputFiles("#file", join(root, "target/bench/ledger-100k.csv"));
  await p.waitForTimeout(1000);
  const ms = await p.evaluate(
    () =>
      new Promise((resolve) => {
        const results = document.getElementById("results");
        const t0 = performance.now();
        const seen = new MutationObserver(() => {
          if (results.hidden || !/核查完成/.test(document.getElementById("status").textContent)) return;
          seen.disconnect();
          resolve(performance.now() - t0);
        });
        seen.observe(results, { attributes: true });
        document.querySelector('#ledger-form button[type="submit"]').click();
      }),
  );
  await b.close();
  return ms;
};
const times = [];
for (let i = 0; i < runs; i++) times.push(await once());
times.sort((a, b) => a - b);
console.log(`first check: ${times.map((t) => t.toFixed(0)).join(", ")} ms; median ${times[Math.floor(times.length / 2)].toFixed(0)} ms`);
await demo.close();
