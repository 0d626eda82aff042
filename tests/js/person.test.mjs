// On every demo page, act like a person: compose Chinese through an IME in a text field (nothing
// flagged mid-composition), type a number digit by digit, paste a full-width grouped number, Tab
// away; the page never throws and what was typed is never changed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { launch, root, startServer } from "./helpers.mjs";

const pages = readdirSync(root + "www").filter((f) => f.endsWith(".html") && f !== "index.html" && f !== "ledger.html");
let browser, server;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const file of pages) {
  test(`${file}: IME, typing, pasting and Tab like a person`, async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/" + file);
    await page.waitForFunction(() => window.CommunityForms && CommunityForms.ready);
    await page.evaluate(() => CommunityForms.ready);
    const cdp = await page.context().newCDPSession(page);

    // A text field: compose Chinese.
    const text = page.locator("form input:not([inputmode]):not([type=checkbox]):not([type=radio]):not([type=file])").first();
    await text.click();
    await text.press("Control+A");
    await text.press("Backspace");
    for (const partial of ["b", "be", "bei"]) {
      await cdp.send("Input.imeSetComposition", { text: partial, selectionStart: partial.length, selectionEnd: partial.length });
      assert.equal(await text.getAttribute("aria-invalid"), null, `${file}: nothing flagged while composing`);
    }
    await cdp.send("Input.insertText", { text: "北碚" });
    assert.equal(await text.inputValue(), "北碚");

    // A number: digit by digit, then a pasted full-width grouped value.
    const num = page.locator('form input[inputmode="decimal"], form input[inputmode="numeric"]').first();
    await num.click();
    await num.press("Control+A");
    await num.press("Backspace");
    await num.pressSequentially("12", { delay: 10 });
    assert.equal(await num.getAttribute("aria-invalid"), null);
    await num.press("Control+A");
    await page.evaluate(() => document.execCommand("insertText", false, "１，２３４"));
    assert.equal(await num.inputValue(), "１，２３４", "what the user typed stays as typed");
    await page.keyboard.press("Tab");
    const msg = await num.getAttribute("aria-describedby");
    const shown = msg ? await page.locator("#" + msg.split(" ").pop()).textContent() : "";
    assert.doesNotMatch(shown || "", /应填写数字|千位分隔符/, `${file}: １，２３４ is a number`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
