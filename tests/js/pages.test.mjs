// Every demo page: loads without errors, computes, shows problems accessibly, and axe-core finds
// no violation, clean or with errors shown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { TOOL_PAGES, root, withBrowser } from "./helpers.mjs";

const axeSource = readFileSync(root + "node_modules/axe-core/axe.min.js", "utf8");
const pages = readdirSync(root + "www").filter((f) => f.endsWith(".html") && f !== "ledger.html");

const env = withBrowser(before, after);

async function axe(page) {
  // axe is injected past the page's CSP (the page itself never loads it).
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
}

for (const file of pages) {
  test(`${file}: works, and is accessible clean and with errors shown`, async () => {
    const ctx = await env.browser.newContext({ bypassCSP: true, viewport: { width: 1500, height: 1000 } });
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // A binding that stood down (js/attach.js, standDown) would hide an exception behind a warning.
    page.on("console", (m) => m.text().includes("after an internal error") && errors.push(m.text()));
    await page.goto(env.server.url + "/" + file);
    if (!TOOL_PAGES.includes(file)) {
      await page.waitForFunction(() => window.CommunityForms && CommunityForms.ready);
      assert.equal(await page.evaluate(() => CommunityForms.ready), true);
      await page.waitForTimeout(50);
      const outputs = await page.$$eval("output", (os) => os.map((o) => o.textContent));
      if (outputs.length) assert.ok(outputs.some((t) => t !== ""), `${file}: computed values are shown`);
    }
    assert.deepEqual(await axe(page), [], `${file} clean`);
    if (!TOOL_PAGES.includes(file)) {
      // Empty every text input the page has, then submit: required-field errors everywhere.
      await page.$$eval("form input:not([type=checkbox]):not([type=radio]):not([type=file]), form textarea", (els) => {
        for (const el of els) {
          el.value = "";
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      await page.click('button[type="submit"]');
      await page.waitForTimeout(50);
      const invalid = await page.$$eval('[aria-invalid="true"]', (els) => els.length);
      assert.ok(invalid > 0, `${file}: errors are shown`);
      const focused = await page.evaluate(() => document.activeElement && (document.activeElement.hasAttribute("data-cf-summary") || document.activeElement.id === "problems"));
      assert.equal(focused, true, `${file}: focus moves to the summary`);
      // Every aria-describedby points at an existing message that starts with 错误：or 提示：
      const described = await page.$$eval('[aria-invalid="true"]', (els) =>
        els.map((el) => (el.getAttribute("aria-describedby") || "").split(" ").map((id) => document.getElementById(id)?.textContent || "").join("")),
      );
      assert.ok(described.every((t) => /^(错误：|提示：)/.test(t)), described.join("\n"));
      assert.deepEqual(await axe(page), [], `${file} with errors shown`);
    }
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
