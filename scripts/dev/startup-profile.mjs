// Where a page's startup goes (BENCHMARKS.md "Startup"): the bench page's script start to the
// first result, seven fresh loads, with V8's sampling profiler on (50 µs) for the last one;
// prints the medians and the profile's self time by function, top 25.
//   node scripts/dev/startup-profile.mjs [chromium flags...]   after scripts/build.sh
//   CF_FILE=pkg/forms/facility-ledger.js node scripts/dev/startup-profile.mjs   (another file)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS } from "../../tests/js/helpers.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const file = process.env.CF_FILE || "pkg/community-forms.standalone.js";
const server = createServer(async (req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  if (path === "/") {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><meta charset="utf-8"><script>window.__t0 = performance.now();</script><script src="/${file}"></script><script>CommunityForms.ready.then(() => {
  window.__ready = performance.now();
  CommunityForms.evaluate("facility-ledger", { communities: [{ households: "3800", area_service_center: "1250" }] });
  window.__first = performance.now();
});</script>`);
    return;
  }
  try {
    const body = await readFile(root + path.slice(1));
    res.writeHead(200, { "Content-Type": "text/javascript" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: [...CHROMIUM_ARGS, ...process.argv.slice(2)] });
const loads = [];
let profile;
for (let i = 0; i < 8; i++) {
  const p = await browser.newPage();
  const cdp = await p.context().newCDPSession(p);
  const profiled = i === 7;
  if (profiled) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
    await cdp.send("Profiler.start");
  }
  await p.goto(url);
  await p.waitForFunction(() => window.__first);
  const t = await p.evaluate((file) => {
    const s = performance.getEntriesByType("resource").find((e) => e.name.endsWith(file));
    return { ready: window.__ready - s.responseEnd, first: window.__first - s.responseEnd };
  }, file);
  if (profiled) profile = (await cdp.send("Profiler.stop")).profile;
  else if (i > 0) loads.push(t);
  await p.close();
}
const med = (k) => [...loads.map((l) => l[k])].sort((a, b) => a - b)[loads.length >> 1].toFixed(1);
console.log(`median of ${loads.length}: ready ${med("ready")} ms, first result ${med("first")} ms`);
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) || 0) + (dt[i + 1] || 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`profiled load: ${total.toFixed(1)} ms sampled`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v.toFixed(2).padStart(7)} ms  ${k}`);
await browser.close();
server.close();
