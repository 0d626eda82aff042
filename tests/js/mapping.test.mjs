// The binding-code tool (www/mapping.html), driven like an integrator: every demo page with
// every data-cf attribute taken out is read by the tool, and the one script tag it writes must
// bind the page as the hand-marked page is bound: the same result, every text box bound to the
// same field, and every computed value it shows the same (a value it cannot place is left for the person to choose, never put in the
// wrong place).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { formPages, root, withBrowser } from "./helpers.mjs";
import { CSP } from "../../scripts/serve.mjs";

const env = withBrowser(before, after);

/** The tool, open and ready (its list of forms filled in), with what it throws and fetches. */
async function openTool() {
  const tool = await env.browser.newPage();
  const errors = [], requests = [];
  tool.on("pageerror", (e) => errors.push(e.message));
  tool.on("request", (r) => requests.push(r.url()));
  await tool.goto(env.server.url + "/mapping.html");
  await tool.waitForFunction(() => document.querySelectorAll("#form-id option").length === 9);
  return { tool, errors, requests };
}

/** The options a tag's data-cf-attach holds. */
function configOf(tag) {
  return JSON.parse(tag.match(/data-cf-attach='([^']*)'/)[1].replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
}

/** The tool's tag for `html`, the form chosen and the HTML pasted as a person would. */
async function toolTag(tool, formId, html) {
  await tool.selectOption("#form-id", formId);
  await tool.fill("#page-html", html);
  await tool.click("#mapping button[type=submit]");
  await tool.waitForFunction(() => !document.getElementById("result").hidden);
  return tool.inputValue("#tag");
}

/** The binding's result and the text of every <output>, in the page's order; then the result
 * again with every text box holding a text of its own (a bell and its place, which every field
 * refuses, quoting it): an input bound to no field, or to another, changes that result. */
async function shown(page) {
  await page.waitForFunction(() => window.CommunityForms && CommunityForms.ready);
  assert.equal(await page.evaluate(() => CommunityForms.ready), true);
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const form = document.querySelector("form");
    const h = CommunityForms.attach(form);
    const first = { result: h && h.result(), outputs: [...document.querySelectorAll("output")].map((o) => o.textContent) };
    [...form.querySelectorAll("input:not([type]), input[type=text], textarea")].forEach((el, i) => {
      el.value = "\u0007" + i;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    return { ...first, marked: h && h.result() };
  });
}

test("the tool's one script tag binds each demo page, its data-cf attributes taken out, as the marked page is bound", async (t) => {
  const { tool, errors } = await openTool();
  let outputs = 0, placed = 0;
  for (const file of formPages()) {
    const html = readFileSync(root + "www/" + file, "utf8");
    const formId = /<script src="pkg\/forms\/([a-z-]+)\.js"/.exec(html)[1];
    const bare = html.replace(/\s(data-cf-[a-z-]+)(=("[^"]*"|'[^']*'))?/g, "");
    assert.ok(!/\sdata-cf-[a-z-]+(=|[\s>])/.test(bare), file);
    const tag = (await toolTag(tool, formId, bare)).replace('src="forms/', 'src="pkg/forms/');
    assert.match(tag, /^<script src="pkg\/forms\/[a-z-]+\.js" data-cf-attach='\{/);
    const page = await env.browser.newPage();
    const warnings = [];
    page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    page.on("pageerror", (e) => errors.push(file + ": " + e.message));
    const want = await (async () => {
      await page.goto(env.server.url + "/" + file);
      return shown(page);
    })();
    await page.route("**/bound.html", (r) =>
      r.fulfill({ contentType: "text/html; charset=utf-8", headers: { "Content-Security-Policy": CSP }, body: bare.replace(/<script src="pkg\/forms\/[a-z-]+\.js"[^>]*><\/script>/s, tag) }),
    );
    await page.goto(env.server.url + "/bound.html");
    const got = await shown(page);
    assert.deepEqual(got.result, want.result, file + ": the same result");
    assert.deepEqual(got.marked, want.marked, file + ": every text box bound to the same field");
    assert.equal(got.outputs.length, want.outputs.length, file);
    got.outputs.forEach((t, i) => {
      assert.ok(t === "" || t === want.outputs[i], `${file}: output ${i} shows ${t}, the marked page ${want.outputs[i]}`);
    });
    outputs += want.outputs.filter((t) => t !== "").length;
    placed += got.outputs.filter((t) => t !== "").length;
    assert.deepEqual(warnings, [], file + ": the tag's mapping names nothing the page or the form lacks");
    await page.close();
  }
  // Every input is placed (the results are the same); of the computed values, all but those
  // named only by a sentence around them (合计（<output>个项目）).
  t.diagnostic(`computed values placed: ${placed} of ${outputs}`);
  assert.ok(placed / outputs >= 0.95, `computed values placed: ${placed} of ${outputs}`);
  assert.deepEqual(errors, []);
  await tool.close();
});

test("the tool reads a saved page in GBK, lets each pair be corrected, and writes the tag as it then stands", async () => {
  const { tool } = await openTool();
  await tool.selectOption("#form-id", "cadre-pay-standard");
  await tool.setInputFiles("#page-file", root + "tests/data/gbk-page.html");
  await tool.waitForFunction(() => document.getElementById("page-html").value.includes("本区县上年度居民人均可支配收入"));
  await tool.click("#mapping button[type=submit]");
  const config = async () => configOf(await tool.inputValue("#tag"));
  assert.deepEqual(await config(), {
    target: "#f",
    form: "cadre-pay-standard",
    fields: { role: 'input[name="zw"]', reference_income: 'input[name="srjs"]', proposed_pay: 'input[name="ndbz"]', minimum_pay: 'input[name="zdbz"]' },
  });
  assert.match(await tool.textContent("#status"), /已找到4个栏目的对应元素/);
  // What the tool shows is accessible (axe-core, injected past the page's CSP).
  await tool.evaluate(readFileSync(root + "node_modules/axe-core/axe.min.js", "utf8"));
  const violations = await tool.evaluate(() => axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => v.id + ": " + v.help)));
  assert.deepEqual(violations, []);
  // The person corrects a pair: the computed value left unbound.
  await tool.selectOption('select[aria-label="“最低补贴（报酬）标准（minimum_pay，计算得出）”对应的元素"]', "-1");
  assert.equal((await config()).fields.minimum_pay, undefined);
  await tool.close();
});

test("a table whose header and totals rows share its body: the rows bound are the rows between them", async () => {
  const { tool } = await openTool();
  // As many older pages are written: no <thead>, the headings in the table's first two rows, a
  // 合计 row last; a colspan beyond what browsers read.
  const row = (street, name, type, hh, area) =>
    `<tr><td></td><td><input name="jd[]" value="${street}"></td><td><input name="mc[]" value="${name}"></td><td><select name="lx[]"><option>城市社区</option><option${type === "农村社区" ? " selected" : ""}>农村社区</option></select></td><td><input name="hs[]" value="${hh}"></td><td><input name="bm[]" value="${area}"></td><td><input name="nd[]" value="2021"></td></tr>`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>台账</title></head><body>
<form name="tz" action="/submit" method="post"><p>填报单位：<input name="dw" value="天生街道"> 报告年度：<input name="nf" value="2021"></p>
<table><tr><th rowspan="2">序号</th><th rowspan="2">所在街道（乡镇）</th><th rowspan="2">社区名称</th><th rowspan="2">社区类型</th><th rowspan="2">辖区户籍人口总户数（户）</th><th colspan="99999">综合服务设施总建筑面积（m²）</th><th rowspan="2">达标年度</th></tr>
<tr><th>便民服务中心</th></tr>
${row("天生街道", "朝阳社区", "城市社区", "3800", "1250")}${row("天生街道", "丽园社区", "城市社区", "2000", "600")}
<tr><td colspan="4">合计</td><td><output></output></td><td></td><td></td></tr></table><button>提交</button></form></body></html>`;
  const tag = await toolTag(tool, "facility-ledger", html);
  const config = configOf(tag);
  assert.equal(config.target, 'form[name="tz"]');
  assert.equal(config.tables.communities.row, ":scope > tr:nth-child(n+3):not(:last-child)");
  assert.equal(config.fields.total_households, ":scope > table:nth-of-type(1) > tbody:nth-of-type(1) > tr:nth-of-type(5) > td:nth-of-type(2) > output:nth-of-type(1)");
  assert.equal(config.fields.reporting_unit, 'input[name="dw"]');
  // Bound: two communities, their households added up in the totals row.
  const page = await env.browser.newPage();
  await page.route("**/old.html", (r) => r.fulfill({ contentType: "text/html; charset=utf-8", headers: { "Content-Security-Policy": CSP }, body: html.replace("</form>", "</form>" + tag.replace('src="forms/', 'src="/pkg/forms/')) }));
  await page.goto(env.server.url + "/old.html");
  await page.waitForFunction(() => document.querySelector("output").textContent !== "");
  assert.equal(await page.textContent("output"), "5800");
  const result = await page.evaluate(() => CommunityForms.attach(document.forms[0]).result());
  assert.equal(result.values.community_count, "2");
  assert.equal(result.values.communities[1].area_per_100_households, "30.00");
  await page.close();
  await tool.close();
});

test("a hostile page pasted into the tool runs nothing and breaks nothing", async () => {
  const { tool, errors, requests } = await openTool();
  const before = requests.length;
  const html = `<form id="a&quot;b
c"><script>window.pwned = 1</script><img src="http://example.invalid/x.png" onerror="window.pwned = 2">
<label for="x&quot;\\y">报告年度</label><input id="x&quot;\\y" name="n&quot;
m"><table><tr><th colspan="-5">社区名称</th><th rowspan="abc">辖区户籍人口总户数</th></tr><tr><td><input></td><td><input></td></tr></table></form>`;
  const tag = await toolTag(tool, "facility-ledger", html);
  const config = configOf(tag);
  assert.equal(config.fields.report_year, "#x\\\"\\\\y");
  assert.deepEqual(Object.keys(config.tables.communities.fields).sort(), ["community", "households"]);
  // The selectors are ones a browser reads (an unreadable one throws).
  for (const sel of [config.target, config.fields.report_year]) assert.equal(await tool.evaluate((s) => (document.querySelector(s), true), sel), true, sel);
  assert.equal(await tool.evaluate(() => window.pwned), undefined, "nothing in the pasted page ran");
  assert.deepEqual(requests.slice(before), [], "nothing in the pasted page was fetched");
  assert.deepEqual(errors, []);
  await tool.close();
});
