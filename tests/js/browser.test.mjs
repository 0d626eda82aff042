// The package in a real headless Chromium (Debian's), on the demo pages, driven like a person:
// typing digit by digit, an IME composition, pasting, Tab, adding rows, submitting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile, unlink } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { corpus, hostileSpec, hostileSpecCompiled, root, withBrowser } from "./helpers.mjs";

const env = withBrowser(before, after);

/** A fresh page that records every request, console message and page error. */
async function open(path, { context } = {}) {
  const ctx = context || (await env.browser.newContext({ viewport: { width: 1500, height: 1000 } }));
  const page = await ctx.newPage();
  const log = { requests: [], console: [], errors: [] };
  page.on("request", (r) => log.requests.push(r.url()));
  page.on("console", (m) => log.console.push(m.type() + ": " + m.text()));
  page.on("pageerror", (e) => log.errors.push(e.message));
  if (path) await page.goto(path.startsWith("file:") ? path : env.server.url + path);
  return { page, log, ctx };
}

const ledgerRow = (page, i) => page.locator("tbody[data-cf-table] tr").nth(i);
const cell = (page, i, field) => ledgerRow(page, i).locator(`[data-cf-field="${field}"]`);
const ready = (page) => page.waitForFunction(() => document.querySelector('output[data-cf-field="total_area"]')?.textContent !== "");

test("wasm in Chromium agrees with native Rust on the whole corpus", async () => {
  const { page } = await open("/index.html");
  await page.addScriptTag({ url: "/pkg/community-forms.standalone.js" });
  await page.waitForFunction(() => window.CommunityForms && CommunityForms.ready);
  assert.equal(await page.evaluate(() => CommunityForms.ready), true);
  const cases = corpus();
  // The browser package takes run-time specs precompiled (it carries no spec compiler).
  await page.evaluate((bytes) => CommunityForms.addSpec(new Uint8Array(bytes)), hostileSpecCompiled());
  const refused = await page.evaluate((spec) => {
    try {
      CommunityForms.addSpec(spec);
      return "";
    } catch (e) {
      return String(e.message || e);
    }
  }, hostileSpec());
  assert.match(refused, /precompile/);
  const differ = await page.evaluate((cases) => {
    const bad = [];
    for (const c of cases) {
      const got = CommunityForms.evaluateJson(c.form, c.values, { locale: c.locale, explain: true });
      if (got !== c.expected) bad.push({ values: c.values.slice(0, 200), got: got.slice(0, 300), want: c.expected.slice(0, 300) });
    }
    return bad;
  }, cases);
  assert.deepEqual(differ.slice(0, 2), []);
  await page.close();
});

test("one form's own file (pkg/forms/) carries that form and those it reads, with the package's results", async () => {
  const { page, log } = await open("/index.html");
  // A form the file does not carry is left as it was, with a warning; nothing is thrown.
  await page.evaluate(() => {
    const f = document.createElement("form");
    f.setAttribute("data-cf-form", "facility-ledger");
    f.innerHTML = '<input data-cf-field="report_year" value="2021">';
    document.body.append(f);
  });
  await page.addScriptTag({ url: "/pkg/forms/poverty-project-filing.js" });
  await page.waitForFunction(() => window.CommunityForms && CommunityForms.ready);
  assert.equal(await page.evaluate(() => CommunityForms.ready), true);
  assert.deepEqual(await page.evaluate(() => CommunityForms.forms()), ["poverty-project-filing", "project-allocation"]);
  const cases = corpus().filter((c) => c.form === "poverty-project-filing" || c.form === "project-allocation");
  assert.ok(cases.length > 20, String(cases.length));
  const differ = await page.evaluate((cases) => cases.filter((c) => CommunityForms.evaluateJson(c.form, c.values, { locale: c.locale, explain: true }) !== c.expected).length, cases);
  assert.equal(differ, 0);
  assert.deepEqual(log.errors, []);
  assert.equal(log.console.filter((m) => /^warning: community-forms: validation is off for the form “facility-ledger”/.test(m)).length, 1, log.console.join("\n"));
  assert.equal(await page.evaluate(() => document.querySelector('[data-cf-field="report_year"]').value), "2021", "what was there is kept");
  await page.close();
});

test("the form package's own allocator: the wasm memory stops growing while a ledger is edited", async () => {
  const { page } = await open("/index.html");
  await page.addScriptTag({ url: "/pkg/community-forms.standalone.js" });
  await page.waitForFunction(() => window.CommunityForms && CommunityForms.ready);
  const sizes = await page.evaluate(() => {
    const CF = CommunityForms;
    const rows = Array.from({ length: 300 }, (_, i) => ({
      street: "天生街道", community: "社区" + (i % 250), community_type: i % 2 ? "城市社区" : "农村社区",
      households: String(1000 + i), area_service_center: "300", compliance_year: "2021",
    }));
    const s = CF.createSession("facility-ledger");
    s.load({ report_year: "2021", communities: rows });
    const vals = ["1", "12", "125", "1250", "1250.5", "abc", "", "-3", "99"];
    const edit = (n) => {
      for (let i = 0; i < n; i++) s.set(`communities[${(i * 37) % 300}].area_service_center`, vals[i % vals.length]);
    };
    edit(6000);
    const warm = CF.memoryBytes();
    edit(30000);
    const after = CF.memoryBytes();
    s.free();
    return { warm, after };
  });
  assert.equal(sizes.after, sizes.warm, `grew from ${sizes.warm} to ${sizes.after} bytes`);
  await page.close();
});

test("typing digit by digit recomputes live; a new error waits for Tab; a fix clears it at once", async () => {
  const { page, log } = await open("/facility-ledger.html");
  await ready(page);
  const hh = cell(page, 2, "households");
  await hh.click();
  await hh.press("Control+A");
  await hh.press("Backspace");
  for (const [typed, per100] of [["8", "6875.00"], ["86", "639.53"], ["860", "63.95"]]) {
    await hh.pressSequentially(typed.slice(-1));
    assert.equal(await ledgerRow(page, 2).locator('output[data-cf-field="area_per_100_households"]').textContent(), per100, `after ${typed}`);
  }
  // 550 ÷ 8 × 100 = 6875; 550 ÷ 86 × 100 = 639.53; 550 ÷ 860 × 100 = 63.95 (half-up)
  await hh.pressSequentially("x");
  assert.equal(await hh.getAttribute("aria-invalid"), null, "not flagged while typing");
  await page.keyboard.press("Tab");
  assert.equal(await hh.getAttribute("aria-invalid"), "true", "flagged on leaving the field");
  const msgId = await hh.getAttribute("aria-describedby");
  const msg = page.locator("#" + msgId);
  assert.match(await msg.textContent(), /^错误：辖区户籍人口总户数应填写数字（单位：户），您填写的是“860x”/);
  assert.equal(await ledgerRow(page, 2).locator('output[data-cf-field="area_per_100_households"]').textContent(), "");
  await hh.click();
  await hh.press("End");
  await hh.press("Backspace");
  assert.equal(await hh.getAttribute("aria-invalid"), null, "cleared as soon as it is fixed");
  assert.equal(await msg.isHidden(), true);
  assert.equal(await hh.inputValue(), "860", "what the user typed is never changed");
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("a field left by a click is committed before the next edit: a late timer never shows a new problem of the field being typed in", async () => {
  // A busy machine: every timer fires 300 ms late (the binding commits a field left by a press
  // once the click has landed, on a timer).
  const ctx = await env.browser.newContext();
  await ctx.addInitScript(() => {
    const later = window.setTimeout;
    window.setTimeout = (f, ms, ...rest) => later(f, (ms || 0) + 300, ...rest);
  });
  const { page } = await open("/facility-ledger.html", { context: ctx });
  await ready(page);
  const area = cell(page, 0, "area_service_center");
  await cell(page, 0, "households").fill("3900");
  await area.click();
  await area.press("Control+A");
  await area.pressSequentially("12x");
  assert.equal(await area.getAttribute("aria-invalid"), null, "while typing, a new problem waits");
  await page.waitForTimeout(500);
  assert.equal(await area.getAttribute("aria-invalid"), null, "the timer's commit of the field left does not show it either");
  await page.keyboard.press("Tab");
  assert.equal(await area.getAttribute("aria-invalid"), "true", "shown on leaving the field");
  await ctx.close();
});

test("nothing is flagged during an IME composition; the committed text counts", async () => {
  const { page } = await open("/facility-ledger.html");
  await ready(page);
  const hh = cell(page, 2, "households");
  await hh.click();
  await hh.press("Control+A");
  await hh.press("Backspace");
  const out = ledgerRow(page, 2).locator('output[data-cf-field="area_per_100_households"]');
  const cdp = await page.context().newCDPSession(page);
  for (const partial of ["８", "８６", "８６０户"]) {
    await cdp.send("Input.imeSetComposition", { text: partial, selectionStart: partial.length, selectionEnd: partial.length });
    assert.equal(await hh.getAttribute("aria-invalid"), null, `mid-composition ${partial}`);
    assert.equal(await out.textContent(), "", "no recomputation mid-composition");
  }
  await cdp.send("Input.insertText", { text: "８６０户" });
  assert.equal(await out.textContent(), "63.95", "full-width digits and the field's own unit");
  await page.keyboard.press("Tab");
  assert.equal(await hh.getAttribute("aria-invalid"), null);
  // Chinese text through the IME in a text field.
  const name = cell(page, 2, "community");
  await name.click();
  await name.press("Control+A");
  await name.press("Backspace");
  await cdp.send("Input.imeSetComposition", { text: "chao", selectionStart: 4, selectionEnd: 4 });
  assert.equal(await name.getAttribute("aria-invalid"), null);
  await cdp.send("Input.insertText", { text: "朝阳社区" });
  await page.keyboard.press("Tab");
  // Now a duplicate of row 1: a warning, not an error.
  assert.equal(await name.getAttribute("aria-invalid"), null);
  assert.match(await page.locator("#" + (await name.getAttribute("aria-describedby"))).textContent(), /^提示：社区名称“朝阳社区”与第1行重复/);
  await page.close();
});

test("pasting full-width and grouped numbers; a bad paste speaks at once; cells of an Excel row pasted into one field", async () => {
  const { page, ctx } = await open("/facility-ledger.html");
  await ready(page);
  const area = cell(page, 0, "area_service_center");
  const paste = async (text, into = area) => {
    await into.click();
    await into.press("Control+A");
    await page.evaluate((t) => {
      const el = document.activeElement;
      const dt = new DataTransfer();
      dt.setData("text/plain", t);
      // The browser's own paste inserts the text unless a listener took it; a synthetic event
      // does not, so insert it as the browser would.
      if (el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }))) document.execCommand("insertText", false, t);
    }, text);
  };
  await paste("１，２３４．５０");
  assert.equal(await ledgerRow(page, 0).locator('output[data-cf-field="total_area"]').textContent(), "1234.50");
  await paste("1,234.50");
  assert.equal(await ledgerRow(page, 0).locator('output[data-cf-field="total_area"]').textContent(), "1234.50");
  await paste("1,23,4");
  assert.equal(await area.getAttribute("aria-invalid"), "true", "a paste is shown without waiting for blur");
  assert.match(await page.locator("#" + (await area.getAttribute("aria-describedby"))).textContent(), /千位分隔符位置不对/);
  // Several cells of an Excel row copied at once (tabs between them), where the fields after
  // this one are empty: they take them.
  await paste("1250\t599.99\t0");
  assert.deepEqual(
    [await area.inputValue(), await cell(page, 0, "area_police_room").inputValue(), await cell(page, 0, "area_day_care").inputValue()],
    ["1250", "599.99", "0"],
  );
  // Where they are not (row 3's rooms are filled in): said so, the paste kept as it is.
  const full = cell(page, 2, "area_service_center");
  await paste("1250\t599.99\t0", full);
  assert.equal(await full.inputValue(), "1250\t599.99\t0", "what was pasted is left as it is");
  assert.equal(await cell(page, 2, "area_police_room").inputValue(), "20", "and nothing typed is overwritten");
  assert.match(
    await page.locator("#" + (await full.getAttribute("aria-describedby"))).textContent(),
    /^错误：便民服务中心面积只填一个值，粘贴的内容有3个单元格（“1250 599.99 0”），请只复制其中一个单元格/,
  );
  await ctx.close();
});

test("rows copied from Excel and pasted (Ctrl+V) into a new row's first cell fill that row and the next, as the spreadsheet had them; never over what was typed", async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1500, height: 1000 } });
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.server.url });
  const { page } = await open("/facility-ledger.html", { context: ctx });
  await ready(page);
  await page.evaluate(() => document.querySelector("form").addEventListener("input", () => (window.__heard = (window.__heard || 0) + 1)));
  for (const n of ["4", "5"]) {
    await page.click('button[data-add-row="communities"]');
    await page.waitForFunction((n) => document.querySelector('output[data-cf-field="community_count"]').textContent === n, n);
  }
  const values = (i) => ledgerRow(page, i).evaluate((tr) => Object.fromEntries([...tr.querySelectorAll("[data-cf-field]")].map((e) => [e.getAttribute("data-cf-field"), "value" in e && e.tagName !== "OUTPUT" ? e.value : e.textContent])));
  const paste = async (locator, text) => {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await locator.click();
    await page.keyboard.press("Control+V");
  };
  // Two rows of the paper ledger's columns (as Excel copies them: tabs, CRLF, a last line break;
  // the second names its type as people do, 农村).
  await paste(cell(page, 3, "street"), "歇马街道\t卫星村\t农村社区\t500\t200\t\t20\t\t\t\t2021\t警务室设在便民服务中心内\r\n歇马街道\t龙凤村\t农村\t600\t100\t10\t10\t10\t10\t0\t2022\t\r\n");
  await page.waitForFunction(() => document.querySelector('output[data-cf-field="community_count"]').textContent === "5");
  const a = await values(3), b = await values(4);
  assert.deepEqual([a.street, a.community, a.community_type, a.households, a.area_service_center, a.area_police_room, a.area_day_care, a.compliance_year, a.remarks],
    ["歇马街道", "卫星村", "农村社区", "500", "200", "", "20", "2021", "警务室设在便民服务中心内"]);
  assert.deepEqual([a.total_area, a.area_per_100_households, a.compliant], ["220.00", "44.00", "是"], "computed as typed; the computed columns passed over");
  assert.deepEqual([b.community, b.community_type, b.households, b.area_grocery, b.compliance_year, b.total_area, b.area_per_100_households], ["龙凤村", "农村社区", "600", "0", "2022", "140.00", "23.33"], "农村 is the list's 农村社区, as the form knows it");
  assert.equal(await page.locator('output[data-cf-field="total_households"]').textContent(), "7760", "3800 + 2000 + 860 + 500 + 600");
  assert.equal(await page.evaluate(() => window.__heard), 7 + 10, "the page's own listeners hear each text field filled");
  assert.equal(await page.locator("form p.cf-visually-hidden[aria-live]").textContent(), "已将粘贴的2行（19个单元格）填入表格", "a screen reader hears what was filled");
  // A second paste over them would overwrite what is there: it goes into the one field as it is,
  // which says it holds several cells.
  await paste(cell(page, 4, "households"), "700\t300\r\n");
  assert.equal(await cell(page, 4, "households").inputValue(), "600700\t300", "pasted at the caret, as the browser does");
  assert.equal((await values(4)).area_service_center, "100", "nothing typed is overwritten");
  // More cells than the row has fields: as it is too.
  await cell(page, 4, "households").fill("");
  await paste(cell(page, 4, "households"), "1\t2\t3\t4\t5\t6\t7\t8\t9\t10");
  assert.equal((await values(4)).area_service_center, "100");
  assert.match(await page.locator("#" + (await cell(page, 4, "households").getAttribute("aria-describedby"))).textContent(), /粘贴的内容有10个单元格/);
  await ctx.close();
});

test("rows can be added and removed; aggregates follow", async () => {
  const { page } = await open("/facility-ledger.html");
  await ready(page);
  const count = page.locator('output[data-cf-field="community_count"]');
  assert.equal(await count.textContent(), "3");
  await page.click('button[data-add-row="communities"]');
  await page.waitForFunction(() => document.querySelector('output[data-cf-field="community_count"]').textContent === "4");
  await cell(page, 3, "street").fill("歇马街道");
  await cell(page, 3, "community").fill("卫星村");
  await cell(page, 3, "community_type").selectOption("农村社区");
  await cell(page, 3, "households").fill("500");
  await cell(page, 3, "area_service_center").fill("200");
  assert.equal(await ledgerRow(page, 3).locator('output[data-cf-field="area_per_100_households"]').textContent(), "40.00");
  assert.equal(await page.locator('output[data-cf-field="total_households"]').textContent(), "7160", "3800 + 2000 + 860 + 500");
  await ledgerRow(page, 0).locator(".remove-row").click();
  await page.waitForFunction(() => document.querySelector('output[data-cf-field="community_count"]').textContent === "3");
  assert.equal(await page.locator('output[data-cf-field="total_households"]').textContent(), "3360", "2000 + 860 + 500");
  assert.equal(await ledgerRow(page, 2).locator('output[data-cf-field="area_per_100_households"]').textContent(), "40.00");
  await page.close();
});

test("a submit with errors is blocked, focus moves to the summary, its links reach the fields", async () => {
  // A small window: the messages that appear on leaving a field must not swallow the click.
  const { page } = await open("/facility-ledger.html", { context: await env.browser.newContext({ viewport: { width: 1024, height: 700 } }) });
  await ready(page);
  await cell(page, 1, "compliance_year").fill("2020");
  await cell(page, 2, "households").fill("0");
  const before = page.url();
  await page.click('button[type="submit"]');
  assert.equal(page.url(), before, "not submitted");
  const summary = page.locator("[data-cf-summary]");
  assert.equal(await summary.isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute("data-cf-summary")), true);
  const links = summary.locator("a");
  assert.equal(await links.count(), 2);
  assert.match(await links.nth(0).textContent(), /^第2行（丽园社区）：.*29\.9995/, "a row's problem says which row");
  await links.nth(1).click();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("data-cf-field")), "households");
  // Fixing the errors empties the summary live.
  await cell(page, 2, "households").fill("860");
  await cell(page, 1, "compliance_year").fill("2022");
  await page.keyboard.press("Tab");
  assert.equal(await summary.isHidden(), true);
  await page.close();
});

test("a problem of a field the page does not show is listed in the summary as text, not a link to nowhere", async () => {
  // A bureau's page may leave a field out (here 填报单位, which the form requires).
  const { page } = await open("/facility-ledger.html");
  await ready(page);
  await page.evaluate(() => {
    const form = document.querySelector("form");
    CommunityForms.attach(form).detach();
    form.querySelector('[data-cf-field="reporting_unit"]').closest("label, p, div").remove();
    CommunityForms.attach(form);
  });
  await page.click('button[type="submit"]');
  const summary = page.locator("[data-cf-summary]");
  const item = summary.locator("li", { hasText: "填报单位" });
  assert.equal(await item.count(), 1, await summary.textContent());
  assert.equal(await item.locator("a").count(), 0, "no link");
  assert.match(await item.textContent(), /请填写填报单位/);
  for (const a of await summary.locator("a").all()) assert.match(await a.getAttribute("href"), /^#.+/, "every link leads to a field");
  await page.close();
});

test("a valid form submits its values exactly as typed", async () => {
  const { page } = await open("/facility-ledger.html");
  await ready(page);
  await cell(page, 0, "households").fill("3,800");
  await cell(page, 0, "area_service_center").fill("１２５０");
  await Promise.all([page.waitForURL("**/submit"), page.click('button[type="submit"]')]);
  const got = Object.fromEntries(await page.$$eval("#received td", (tds) => tds.map((td) => [td.dataset.name, td.textContent])));
  assert.equal(got["communities[0][households]"], "3,800");
  assert.equal(got["communities[0][area_service_center]"], "１２５０");
  assert.equal(got["report_date"], "2021年4月28日");
  await page.close();
});

test("the page works from file:// with every network request blocked", async () => {
  const ctx = await env.browser.newContext();
  await ctx.route(/^https?:/, (r) => r.abort());
  const { page, log } = await open(pathToFileURL(root + "www/facility-ledger.html").href, { context: ctx });
  await ready(page);
  assert.equal(await ledgerRow(page, 1).locator('output[data-cf-field="area_per_100_households"]').textContent(), "30.00");
  assert.deepEqual(log.requests.filter((u) => !u.startsWith("file:")), []);
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test("a page saved to disk after use opens clean: no stale message, mark or summary, no id twice", async () => {
  // A browser saves a page as it shows (Save as, Webpage complete): the binding's messages, marks,
  // summary and ids go with it, and the saved page binds again when it is opened.
  const { page } = await open("/facility-ledger.html");
  await ready(page);
  await cell(page, 2, "households").fill("0");
  await page.keyboard.press("Tab");
  await page.evaluate(() => {
    // A mark of the page's own, on a field the form does not bind, is the page's to keep.
    const own = document.createElement("input");
    own.id = "page-own";
    own.setAttribute("aria-invalid", "true");
    document.querySelector("form").append(own);
  });
  await page.click('button[type="submit"]');
  assert.equal(await page.locator("[data-cf-summary]").isVisible(), true);
  assert.ok((await page.locator(".cf-message:not([hidden])").count()) > 0);
  const saved = root + "www/.saved-page-test.html";
  await writeFile(saved, await page.content());
  await page.close();
  const ctx = await env.browser.newContext();
  await ctx.route(/^https?:/, (r) => r.abort());
  try {
    const { page: again, log } = await open(pathToFileURL(saved).href, { context: ctx });
    await ready(again);
    const ids = () => again.$$eval("[id]", (els) => els.map((e) => e.id));
    const unique = async () => {
      const all = await ids();
      assert.deepEqual(all.filter((id, i) => all.indexOf(id) !== i), [], "no id twice");
    };
    assert.equal(await again.locator(".cf-message").count(), 0, "no stale message");
    assert.equal(await again.locator(".cf-invalid, .cf-warned").count(), 0, "no stale mark");
    assert.equal(await again.locator("[data-cf-summary]").isHidden(), true, "no stale summary");
    assert.equal(await again.locator("#page-own").getAttribute("aria-invalid"), "true", "the page's own mark stays");
    await unique();
    // The saved page works as the page did.
    await cell(again, 2, "households").fill("0");
    await again.keyboard.press("Tab");
    assert.equal(await again.locator(".cf-message", { hasText: "至少为1户" }).count(), 1, "one message, not a stale one beside it");
    await again.click('button[type="submit"]');
    assert.equal(await again.locator("[data-cf-summary]").isVisible(), true);
    await unique();
    for (const href of await again.locator("[data-cf-summary] a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
      assert.equal(await again.locator(href).count(), 1, href);
    }
    assert.deepEqual(log.errors, []);
  } finally {
    await ctx.close();
    await unlink(saved);
  }
});

test("a browser without DecompressionStream unpacks the inlined wasm with the package's own inflater", async () => {
  const ctx = await env.browser.newContext();
  await ctx.addInitScript(() => {
    delete window.DecompressionStream;
  });
  const { page, log } = await open("/facility-ledger.html", { context: ctx });
  assert.equal(await page.evaluate(() => typeof DecompressionStream), "undefined");
  await ready(page);
  assert.equal(await page.evaluate(() => CommunityForms.ready), true);
  assert.equal(await ledgerRow(page, 1).locator('output[data-cf-field="area_per_100_households"]').textContent(), "30.00");
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test("the package makes no network request of its own", async () => {
  const { page, log } = await open("/facility-ledger.html");
  await ready(page);
  const loaded = log.requests.filter((u) => !u.endsWith("/favicon.ico"));
  // The page's own files and the one script: no .wasm fetch (it is inlined), nothing else.
  assert.deepEqual(loaded.map((u) => new URL(u).pathname).sort(), ["/facility-ledger.html", "/gov.css", "/pkg/forms/facility-ledger.js", "/rows.js"]);
  const before = log.requests.length;
  await cell(page, 0, "households").fill("4000");
  await page.keyboard.press("Tab");
  await cell(page, 0, "area_service_center").pressSequentially("5");
  await page.click('button[data-add-row="communities"]');
  await page.waitForTimeout(100);
  assert.deepEqual(log.requests.slice(before).filter((u) => !u.endsWith("/favicon.ico")), [], "typing, leaving fields and adding rows request nothing");
  await page.close();
});

test("under a CSP without 'wasm-unsafe-eval' the page degrades gracefully", async () => {
  const { page, log } = await open("/facility-ledger.html?csp=no-wasm");
  assert.equal(await page.evaluate(() => CommunityForms.ready), false);
  assert.equal(await page.locator("[data-cf-unavailable]").isVisible(), true, "the page's notice is shown");
  assert.deepEqual(log.errors, [], "nothing thrown");
  assert.equal(log.console.filter((m) => m.startsWith("warning: community-forms")).length, 1, log.console.join("\n"));
  await cell(page, 2, "households").fill("not a number");
  await Promise.all([page.waitForURL("**/submit"), page.click('button[type="submit"]')]);
  await page.close();
});

test("an internal error in the engine stands the binding down: the form works as it would without the package", async () => {
  // A trap should never happen (no panics in library code, fuzzed), but one would leave the wasm
  // unusable: simulated here by an engine whose calls start to throw as a trap does.
  const ctx = await env.browser.newContext();
  await ctx.addInitScript(() => {
    const Real = WebAssembly.Instance;
    WebAssembly.Instance = function (module, imports) {
      const exports = { ...new Real(module, imports).exports };
      for (const [name, f] of Object.entries(exports)) {
        if (name.startsWith("formsession_") && typeof f === "function") {
          exports[name] = (...a) => {
            if (window.__cfTrap) throw new WebAssembly.RuntimeError("unreachable");
            return f(...a);
          };
        }
      }
      return { exports };
    };
  });
  const { page, log } = await open("/facility-ledger.html", { context: ctx });
  await ready(page);
  await cell(page, 2, "households").fill("0");
  await page.click('button[type="submit"]');
  const summary = page.locator("[data-cf-summary]");
  assert.equal(await summary.isVisible(), true, "blocked while the engine works");
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 1);
  await page.evaluate(() => (window.__cfTrap = true));
  await cell(page, 2, "households").focus();
  await page.keyboard.press("End");
  await page.keyboard.type("1");
  assert.equal(await cell(page, 2, "households").inputValue(), "01", "what was typed is kept");
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0, "no mark left");
  assert.equal(await page.locator(".cf-message").count(), 0, "no message left");
  assert.equal(await summary.isHidden(), true, "no summary left");
  assert.equal(await page.locator("[data-cf-unavailable]").isVisible(), true, "the page's notice is shown");
  assert.equal(await page.evaluate(() => CommunityForms.attach(document.querySelector("form")).valid), true, "the handle never blocks");
  assert.match(
    await page.evaluate(() => {
      try {
        CommunityForms.attach(document.querySelector("form")).result();
        return "no error";
      } catch (e) {
        return e.message;
      }
    }),
    /validation is off/,
    "the handle has no result to give",
  );
  await cell(page, 1, "households").pressSequentially("12");
  assert.deepEqual(log.errors, [], "nothing escapes into the page");
  assert.equal(log.console.filter((m) => m.startsWith("warning: community-forms")).length, 1, log.console.join("\n"));
  await Promise.all([page.waitForURL("**/submit"), page.click('button[type="submit"]')]);
  await ctx.close();
});

test("the ES module build works under the strict CSP (fetching its .wasm)", async () => {
  const { page, log } = await open("/index.html");
  const result = await page.evaluate(async () => {
    const m = await import("/pkg/community-forms.js");
    const ok = await m.ready;
    return { ok, r: m.evaluate("cadre-pay-standard", { role: "村", reference_income: "16361", proposed_pay: "32722" }) };
  });
  assert.equal(result.ok, true);
  assert.equal(result.r.valid, true);
  assert.equal(result.r.values.minimum_pay, "32722");
  assert.ok(log.requests.some((u) => u.endsWith("/pkg/community-forms.wasm")));
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("the ledger module (speed build) in Chromium: the corpus as native, whole ledgers as in Node; the form package points to it", async () => {
  const { page, log } = await open("/index.html");
  const cases = corpus();
  const header = ["所在街道（乡镇）", "社区名称", "社区类型", "辖区户籍人口总户数（户）", "便民服务中心", "达标年度", "备注"];
  const rows = [
    ["天生街道", "朝阳社区", "城市社区", "3,800", "1250", "2020", "全部设在中心内"],
    ["天生街道", "朝阳社区", "城市", "２０００", "599.99", "2019", ""],
    ["静观镇", "素心村", "农村", "", "-5", "2021", ""],
  ];
  const csv = [header, ...rows].map((r) => r.join(",")).join("\r\n");
  const got = await page.evaluate(
    async ({ cases, header, rows, csv, spec }) => {
      const m = await import("/pkg/community-forms.ledger.js");
      const ok = await m.ready;
      m.addSpec(spec); // the speed build carries the spec compiler: JSON specs as in Node
      const differ = cases.filter((c) => m.evaluateJson(c.form, c.values, { locale: c.locale, explain: true }) !== c.expected).length;
      const values = { report_year: "2021" };
      return { ok, differ, csv: m.evaluateCsv("facility-ledger", csv, { values }), split: m.evaluateRows("facility-ledger", header, rows, { values, rows: false }) };
    },
    { cases, header, rows, csv, spec: hostileSpec() },
  );
  assert.equal(got.ok, true);
  assert.equal(got.differ, 0);
  const cf = await import(pathToFileURL(root + "pkg/community-forms.node.mjs").href);
  await cf.ready;
  const values = { report_year: "2021" };
  assert.deepEqual(got.csv, cf.evaluateCsv("facility-ledger", csv, { values }));
  assert.deepEqual(got.split, cf.evaluateRows("facility-ledger", header, rows, { values, rows: false }));
  assert.equal(got.csv.values.communities.length, 3);
  // The form package leaves whole ledgers out and says where they are.
  await page.addScriptTag({ url: "/pkg/community-forms.standalone.js" });
  await page.waitForFunction(() => window.CommunityForms && CommunityForms.ready);
  const refused = await page.evaluate(async () => {
    await CommunityForms.ready;
    try {
      CommunityForms.evaluateCsv("facility-ledger", "");
      return "";
    } catch (e) {
      return String(e.message);
    }
  });
  assert.match(refused, /ledger module/);
  assert.ok(log.requests.every((u) => u.startsWith(env.server.url)), "no request leaves the page's origin");
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("a page bound by a selector mapping, markup untouched, from its one script tag (data-cf-attach)", async () => {
  const { page, log } = await open("/cadre-pay-standard.html");
  const markup = await (await fetch(env.server.url + "/cadre-pay-standard.html")).text();
  assert.equal(markup.match(/<script/g).length, 1, "one script tag");
  assert.ok(!/data-cf-(field|explain|summary|form)=/.test(markup), "no data-cf attribute in the page's own markup");
  await page.waitForFunction(() => document.querySelector("#minimum").textContent !== "");
  assert.equal(await page.textContent("#minimum"), "25912", "2 × 12,956");
  await page.check('input[value="社区党组织书记/居委会主任"]');
  assert.equal(await page.textContent("#minimum"), "15547.2", "1.2 × 12,956");
  await page.fill("#pay", "15000");
  await page.keyboard.press("Tab");
  assert.equal(await page.getAttribute("#pay", "aria-invalid"), "true");
  await page.click("#minimum-working summary");
  assert.equal(await page.textContent("#minimum-working [data-cf-explain-text]"), "12,956 元 × 1.2 = 15,547.2 元（渝委组〔2017〕312号）");
  await page.click('button[type="submit"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), "problems");
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console.filter((m) => m.startsWith("warning")), []);
  await page.close();
  // Saved to disk: the tag is read there too.
  const ctx = await env.browser.newContext();
  await ctx.route(/^https?:/, (r) => r.abort());
  const saved = await open(pathToFileURL(root + "www/cadre-pay-standard.html").href, { context: ctx });
  await saved.page.waitForFunction(() => document.querySelector("#minimum").textContent !== "");
  assert.equal(await saved.page.textContent("#minimum"), "25912");
  assert.deepEqual(saved.log.errors, []);
  await ctx.close();
});

test("a mistake in the script tag's data-cf-attach is one console warning, and the page works as it did", async () => {
  const { page, log } = await open(null);
  let attach = "";
  await page.route("**/custom.html", (r) =>
    r.fulfill({
      contentType: "text/html; charset=utf-8",
      headers: { "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" },
      body: `<!doctype html><meta charset="utf-8"><title>t</title><div id="problems" hidden></div>
<form id="pay-form" action="/submit" method="post"><input type="radio" name="role" value="村党组织书记/村委会主任" checked><input id="income" name="income" value="12956"><input id="pay" name="pay" value="100"><output id="minimum"></output><button>提交</button></form>
<script src="/pkg/forms/cadre-pay-standard.js" data-cf-attach='${attach}'></script>`,
    }),
  );
  const fields = '"fields": {"role": "input[name=role]", "reference_income": "#income", "proposed_pay": "#pay", "minimum_pay": "#minimum"}';
  for (const [config, warning] of [
    ["{ not json", /^warning: community-forms: data-cf-attach is not JSON/],
    [`{"target": "#nope", "form": "cadre-pay-standard", ${fields}}`, /^warning: community-forms: validation is off for the form “#nope” \(no such <form>\)$/],
    [`{"target": "#income", "form": "cadre-pay-standard", ${fields}}`, /“#income” \(no such <form>\)/],
    [`{"target": "##", "form": "cadre-pay-standard", ${fields}}`, /“##”/],
    [`{"target": "#pay-form", "form": "no-such-form", ${fields}}`, /“#pay-form” \(.*no-such-form/],
    [`[null]`, /“null”/],
  ]) {
    attach = config;
    log.console.length = 0;
    await page.goto(env.server.url + "/custom.html");
    assert.equal(await page.evaluate(() => CommunityForms.ready), true);
    await page.waitForTimeout(50);
    const warnings = log.console.filter((m) => m.startsWith("warning"));
    assert.equal(warnings.length, 1, config + ": " + warnings.join("\n"));
    assert.match(warnings[0], warning);
    assert.equal(await page.textContent("#minimum"), "", "nothing computed: " + config);
    await Promise.all([page.waitForURL("**/submit"), page.click("button")]);
  }
  // A mapping that names a field the form lacks, or a selector that matches nothing: bound as far
  // as it is right, and one warning saying what is wrong (a field would otherwise go unchecked).
  attach = `{"target": "#pay-form", "form": "cadre-pay-standard", "fields": {"role": "input[name=role]", "reference_incom": "#income", "proposed_pay": "#paid", "minimum_pay": "#minimum"}, "explain": {"minimum_pay": "details"}, "tables": {"rows": {"container": "table"}}}`;
  log.console.length = 0;
  await page.goto(env.server.url + "/custom.html");
  assert.equal(await page.evaluate(() => CommunityForms.ready), true);
  await page.waitForTimeout(50);
  assert.deepEqual(log.console.filter((m) => m.startsWith("warning")), [
    "warning: community-forms: attach's mapping for “cadre-pay-standard”: reference_incom: no such field; proposed_pay: #paid matches nothing; rows: no such table; explain minimum_pay: details matches nothing",
  ]);
  // The same page with a right one: bound, and a submit with an error is blocked.
  attach = `{"target": "#pay-form", "form": "cadre-pay-standard", "summary": "#problems", ${fields}}`;
  log.console.length = 0;
  await page.goto(env.server.url + "/custom.html");
  await page.waitForFunction(() => document.querySelector("#minimum").textContent !== "");
  assert.equal(await page.textContent("#minimum"), "25912");
  await page.click("button");
  assert.equal(await page.evaluate(() => document.activeElement.id), "problems");
  assert.equal(await page.getAttribute("#pay", "aria-invalid"), "true");
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console.filter((m) => m.startsWith("warning")), []);
  await page.close();
});
