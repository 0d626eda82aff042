import { execFileSync } from "node:child_process";
// Shared by the JS tests: the demo server on a free port, and Debian's Chromium.
import { server } from "../../scripts/serve.mjs";
import { chromium } from "playwright-core";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** The demo pages that are not a form's: the index, the ledger page, the binding-code tool. */
export const TOOL_PAGES = ["index.html", "ledger.html", "mapping.html"];

/** Every demo page of a form (www/). */
export const formPages = () => readdirSync(root + "www").filter((f) => f.endsWith(".html") && !TOOL_PAGES.includes(f));

export async function startServer() {
  const s = server();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => s.close(r)) };
}

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** The agreement corpus (rule-pack cases) and the hostile-input catalogue, with native results. */
export function corpus() {
  const read = (f) => readFileSync(root + "target/" + f, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  return [...read("corpus.jsonl"), ...read("hostile.jsonl")];
}

/** The spec the hostile catalogue runs against. */
export const hostileSpec = () => readFileSync(root + "tests/hostile/echo.json", "utf8");
/** The same spec precompiled by the command line, for the browser package (no spec compiler). */
export const hostileSpecCompiled = () => {
  const out = root + "target/echo.cfw";
  execFileSync(root + "target/release/community-forms", ["precompile", "--out", out, root + "tests/hostile/echo.json"]);
  return [...readFileSync(out)];
};

/** The demo server and one Chromium for a test file: started before its tests, closed after.
 * Use as `const env = withBrowser(before, after)`, then `env.browser` and `env.server.url`. */
export function withBrowser(before, after) {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
