// The bulk-checking page: a GBK file as Excel saves it, a paste from Excel, a large ledger in a
// Web Worker while the page stays responsive; results paginated; accessible.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { root, withBrowser } from "./helpers.mjs";

const env = withBrowser(before, after);

const done = (page) => page.waitForFunction(() => /核查完成/.test(document.getElementById("status").textContent), null, { timeout: 60000 });

/** Checks the GB18030 sample through the page's file input; returns the problems listed. */
async function checkSample(page) {
  await page.setInputFiles("#file", root + "tests/data/ledger-sample-gbk.csv");
  await page.click('button[type="submit"]');
  await done(page);
  assert.match(await page.textContent("#status"), /4 行，4 个错误，2 个警告/);
  const problems = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.ok(problems.some((t) => t.includes("丽园社区") && t.includes("29.9995")), problems.join("\n"));
  assert.equal(await page.locator("#by-street tbody tr").count(), 2, "天生街道 and 歇马街道");
  return problems;
}

test("a GB18030 CSV is decoded, checked in a worker, and its problems listed", async () => {
  const page = await env.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(env.server.url + "/ledger.html");
  const problems = await checkSample(page);
  assert.ok(problems.some((t) => t.includes("朝阳社区") && t.includes("填报为“1200”")), "the ledger's own total is checked");
  // Counted in the worker: every row in exactly one street and one type, rows with errors and
  // compliant ones no more; the three rows with errors (the command line's --by counts them too).
  const counts = (id) => page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 3).map((td) => Number(td.textContent))));
  for (const id of ["by-street", "by-type"]) {
    const rows = await counts(id);
    assert.equal(rows.reduce((a, r) => a + r[0], 0), 4, id);
    assert.equal(rows.reduce((a, r) => a + r[1], 0), 3, id);
    assert.ok(rows.every((r) => r[1] <= r[0] && r[2] <= r[0]), id);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("the checking worker starts with the page and serves every check; a check while one runs replaces it", async () => {
  const page = await env.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const Real = window.Worker;
    window.__workers = [];
    window.__warmed = 0;
    window.Worker = function (url, options) {
      window.__workers.push(String(url));
      const w = new Real(url, options);
      w.addEventListener("message", (m) => m.data.type === "warmed" && window.__warmed++);
      window.__prepared = [];
      const post = w.postMessage.bind(w);
      w.postMessage = (m, t) => {
        if (m && typeof m.prepare === "number") window.__prepared.push(m.prepare);
        return post(m, t);
      };
      return w;
    };
  });
  await page.goto(env.server.url + "/ledger.html");
  // Started before any ledger is chosen, ready (its wasm unpacked and compiled) and warmed up on
  // a made-up ledger before one is; the warm-up shows nothing.
  await page.waitForFunction(() => window.__workers.length === 1 && window.__warmed === 1);
  assert.equal(await page.textContent("#status"), "");
  assert.equal(await page.isHidden("#results"), true);
  await checkSample(page);
  // Choosing the file readied the memory its check uses, in the worker (about 7.5 bytes a byte).
  const size = readFileSync(root + "tests/data/ledger-sample-gbk.csv").length;
  assert.deepEqual(await page.evaluate(() => window.__prepared), [Math.ceil(size * 7.5)]);
  await page.evaluate(() => { document.getElementById("status").textContent = ""; });
  await checkSample(page);
  assert.deepEqual(await page.evaluate(() => window.__workers), ["pkg/community-forms.worker.js"], "one worker for both checks");
  const twice = async () => {
    await page.evaluate(() => {
      document.getElementById("status").textContent = "";
      const form = document.getElementById("ledger-form");
      form.requestSubmit();
      form.requestSubmit();
    });
    await done(page);
    assert.match(await page.textContent("#status"), /4 行，4 个错误，2 个警告/);
    assert.equal(await page.locator("#by-street tbody tr").count(), 2);
  };
  // A file chosen twice at once: the first is still being read when the second supersedes it, so
  // it is checked once, in the same worker.
  await twice();
  assert.equal(await page.evaluate(() => window.__workers.length), 1);
  // Two checks at once (a paste needs no reading): the first is abandoned with its worker, the
  // second answers in a new one.
  await page.setInputFiles("#file", []);
  await page.fill("#paste", new TextDecoder("gb18030").decode(readFileSync(root + "tests/data/ledger-sample-gbk.csv")));
  await twice();
  assert.equal(await page.evaluate(() => window.__workers.length), 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test("from file:// (no worker can start from a file there) the ledger is checked in a blob: worker, else in the page, with no network", async () => {
  const ctx = await env.browser.newContext();
  const requests = [];
  await ctx.route(/^(?!file:)/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  const errors = [];
  for (const workers of [true, false]) {
    const page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    // No workers at all (an old browser, or a policy that forbids blob: workers): the page itself.
    if (!workers) await page.addInitScript(() => { delete window.Worker; });
    await page.goto(pathToFileURL(root + "www/ledger.html").href);
    await checkSample(page);
    const where = await page.evaluate(() => [typeof window.CommunityFormsWorker, typeof window.CommunityFormsLedger]);
    assert.deepEqual(where, workers ? ["function", "undefined"] : ["function", "object"], workers ? "checked in a worker" : "checked in the page");
    // A workbook too: read in a blob: worker made from the reader, or in the page.
    await page.setInputFiles("#file", root + "tests/data/ledger-sample.xlsx");
    await page.evaluate(() => { document.getElementById("status").textContent = ""; });
    await page.click('button[type="submit"]');
    await done(page);
    assert.match(await page.textContent("#status"), /4 行，4 个错误，2 个警告/);
    if (!workers) {
      // In the page the street and name columns are read from the text as the engine reads it:
      // a quoted cell holds a comma or a line break.
      await page.setInputFiles("#file", []);
      await page.fill("#paste", '所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,达标年度,备注\n"天生街道,东片",朝阳社区,城市社区,"3,800",1250,2020,"两行\n备注"\n歇马街道,丽园社区,城市社区,100,待核实,2021,\n');
      await page.evaluate(() => { document.getElementById("status").textContent = ""; });
      await page.click('button[type="submit"]');
      await done(page);
      const streets = await page.$$eval("#by-street tbody tr", (trs) => trs.map((tr) => tr.querySelector("th, td").textContent));
      assert.deepEqual(streets.sort(), ["天生街道,东片", "歇马街道"]);
      const problems = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.textContent));
      assert.ok(problems.some((t) => t.includes("丽园社区") && t.includes("待核实")), problems.join("\n"));
    }
    await page.close();
  }
  assert.deepEqual(requests, []);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the worker's compact problems are the result's problems", async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url + "/ledger.html");
  const text = readFileSync(root + "tests/data/ledger-sample-gbk.csv");
  const got = await page.evaluate(async (bytes) => {
    const text = new TextDecoder("gb18030").decode(new Uint8Array(bytes));
    const ask = (compact) =>
      new Promise((resolve) => {
        const w = new Worker("pkg/community-forms.worker.js");
        w.onmessage = (m) => m.data.type === "done" && (w.terminate(), resolve(m.data.result));
        w.postMessage({ form: "facility-ledger", text, header: { report_year: "2021" }, compact });
      });
    const compact = await ask(true);
    // The numbers come as an Int32Array, handed over by the worker.
    const packed = compact.issues.codes instanceof Int32Array;
    compact.issues.codes = Array.from(compact.issues.codes);
    return { full: await ask(false), compact, packed };
  }, [...text]);
  assert.ok(got.packed);
  const { texts, paths, codes } = got.compact.issues;
  const each = paths.split("\u001f");
  assert.equal(each[0], "");
  const expanded = [];
  for (let i = 0; i < codes.length / 5; i++) {
    const [row, error, code, message, citation] = codes.slice(5 * i, 5 * i + 5);
    const m = /^communities\[(\d+)\]/.exec(each[i + 1]);
    assert.equal(row, m ? Number(m[1]) : -1, each[i + 1]);
    expanded.push({ path: each[i + 1], severity: error ? "error" : "warning", code: texts[code], message: texts[message], citation: texts[citation] });
  }
  assert.equal(each.length, expanded.length + 1);
  assert.ok(expanded.length >= 6);
  assert.ok(expanded.some((i) => !/^communities\[/.test(i.path)), "a problem that is not on a row");
  assert.deepEqual(expanded, got.full.issues);
  assert.deepEqual({ ...got.compact, issues: null }, { ...got.full, issues: null });
  await page.close();
});

test("Excel's \"Unicode text\" (UTF-16 with its byte-order mark, tab-separated) is read like the CSV", async () => {
  const le = readFileSync(root + "tests/data/ledger-sample-utf16.txt");
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
  for (const buffer of [le, be]) {
    const page = await env.browser.newPage();
    await page.goto(env.server.url + "/ledger.html");
    await page.setInputFiles("#file", { name: "台账.txt", mimeType: "text/plain", buffer });
    await page.click('button[type="submit"]');
    await done(page);
    assert.match(await page.textContent("#status"), /4 行，4 个错误，2 个警告/);
    const problems = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.textContent));
    assert.ok(problems.some((t) => t.includes("丽园社区") && t.includes("29.9995")), problems.join("\n"));
    await page.close();
  }
});

test("a ledger with a title above its header, blank rows and a totals row: those are not rows, and problems name their spreadsheet rows, a totals row's its own", async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url + "/ledger.html");
  const csv = [
    "北碚区城乡社区综合服务设施统计台账,,,,,",
    "所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,达标年度",
    "天生街道,朝阳社区,城市社区,3800,1250,2020",
    ",,,,,",
    "天生街道,丽园社区,城市社区,-1,599.99,2020",
    "合　计,,,3799,1849.9,",
  ].join("\r\n") + "\r\n";
  const { TextEncoder } = globalThis;
  await page.setInputFiles("#file", { name: "台账.csv", mimeType: "text/csv", buffer: Buffer.from(new TextEncoder().encode(csv)) });
  await page.click('button[type="submit"]');
  await done(page);
  const status = await page.textContent("#status");
  assert.match(status, /核查完成：2 行/);
  assert.match(status, /表头在第2行，其上1行（标题等）未核查/);
  assert.match(status, /第6行为合计行，未作为社区核查/);
  assert.match(status, /空行1行已跳过/);
  const rows = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[3].textContent]));
  assert.ok(rows.some(([n, name, m]) => n === "5" && name === "丽园社区" && m.includes("不能为负数")), JSON.stringify(rows));
  // The totals row's centre area (1849.9) is not the rows' 1849.99: a problem on row 6 itself.
  assert.ok(rows.some(([n, name, m]) => n === "6" && name === "合计" && m.includes("第6行合计的便民服务中心面积")), JSON.stringify(rows));
  assert.ok(rows.every(([n]) => n === "—" || n === "3" || n === "5" || n === "6"), JSON.stringify(rows));
  // Looked up by name: a community by part of its name, the totals row by 合计.
  const found = async (text) => {
    await page.fill("#find", text);
    return page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.cells[0].textContent + " " + tr.cells[1].textContent));
  };
  const liyuan = await found("丽园");
  assert.ok(liyuan.length > 0 && liyuan.every((r) => r === "5 丽园社区"), JSON.stringify(liyuan));
  assert.deepEqual([...new Set(await found("合计"))], ["6 合计"]);
  assert.deepEqual(await found("无此社区"), []);
  await page.fill("#find", "");
  // A file that is not this ledger: said in Chinese, nothing checked.
  await page.setInputFiles("#file", { name: "别的表.csv", mimeType: "text/csv", buffer: Buffer.from("姓名,电话\n张三,123\n") });
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /无法核查/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /找不到表头：前2行中没有一行写有本表的列名/);
  assert.equal(await page.isHidden("#results"), true, "the last file's results are not shown as this one's");
  await page.close();
});

test("a workbook's first worksheet with the ledger's header is checked, the others named and at hand", async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url + "/ledger.html");
  assert.equal(await page.isHidden("#sheet-choice"), true);
  // A sheet of instructions first, then the urban and the rural communities on sheets of their
  // own (scripts/dev/make-sheets-xlsx.py), as the command line reads it (tests/cli.rs).
  await page.setInputFiles("#file", root + "tests/data/ledger-sheets.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：2 行/.test(document.getElementById("status").textContent));
  const said = await page.textContent("#status");
  assert.match(said, /工作簿有3个工作表（填表说明、城市社区、农村社区），核查的是“城市社区”；“农村社区”也有本台账的表头，未核查，可在下方选择/);
  assert.equal(await page.isVisible("#sheet-choice"), true);
  assert.deepEqual(await page.$$eval("#sheet option", (os) => os.map((o) => o.textContent)), ["1. 填表说明", "2. 城市社区", "3. 农村社区"]);
  assert.equal(await page.inputValue("#sheet"), "1");
  const names = () => page.$$eval("#problems tbody tr", (trs) => [...new Set(trs.map((tr) => tr.cells[1].textContent).filter(Boolean))]);
  assert.deepEqual(await names(), ["朝阳社区", "丽园社区"]);
  // The rural sheet, chosen: checked at once.
  await page.selectOption("#sheet", "2");
  await page.waitForFunction(() => /核查的是“农村社区”/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /“城市社区”也有本台账的表头，未核查/);
  assert.deepEqual(await names(), ["素心村", "花园村"]);
  const problems = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.ok(problems.some((t) => t.includes("为22.2222…m²")), problems.join("\n"));
  // The instructions, chosen: no header there, and the choice stays at hand.
  await page.selectOption("#sheet", "0");
  await page.waitForFunction(() => /无法核查/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /找不到表头.*（工作簿有3个工作表，可在下方选择要核查的工作表）/);
  assert.equal(await page.isVisible("#sheet-choice"), true);
  // A CSV after it: no worksheets to choose from.
  await page.setInputFiles("#file", root + "tests/data/ledger-sample.csv");
  await page.click('button[type="submit"]');
  await done(page);
  assert.equal(await page.isHidden("#sheet-choice"), true);
  await page.close();
});

test("an .xlsx workbook is read by the separately loaded module and checked like the CSV", async () => {
  const page = await env.browser.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(env.server.url + "/ledger.html");
  assert.ok(!requests.includes("/pkg/community-forms-xlsx.js"), "not loaded until a workbook is chosen");
  await page.setInputFiles("#file", root + "tests/data/ledger-sample.xlsx");
  await page.click('button[type="submit"]');
  await done(page);
  assert.ok(requests.includes("/pkg/community-forms-xlsx.js"));
  assert.ok(requests.includes("/pkg/community-forms-xlsx.worker.js"), "read in a worker");
  assert.match(await page.textContent("#status"), /4 行，4 个错误，2 个警告/);
  const problems = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.ok(problems.some((t) => t.includes("丽园社区") && t.includes("29.9995")), problems.join("\n"));
  // Merged cells (a title across the columns, a two-row header, a street merged down its rows,
  // a totals row): read as the sheet shows them, rows named by their worksheet rows.
  await page.setInputFiles("#file", root + "tests/data/ledger-merged.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：2 行/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /第6行为合计行/);
  assert.match(await page.textContent("#status"), /表头在第2—3行，其上1行（标题等）未核查/);
  const merged = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.cells[0].textContent + " " + tr.cells[1].textContent));
  assert.ok(merged.includes("4 朝阳社区") && merged.includes("5 丽园社区"), merged.join("\n"));
  assert.equal(await page.locator("#by-street tbody tr").count(), 1, "天生街道 for both rows");
  // The ledger's header as the seed draws it: 综合服务设施总建筑面积（m²） (the total's own name)
  // merged over the six rooms and 合计; the rooms read as rooms, 合计 as the total.
  await page.setInputFiles("#file", root + "tests/data/ledger-seed-layout.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：3 行/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /3 行，2 个错误/);
  const seed = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.ok(seed.some((t) => t.startsWith("4朝阳社区") && t.includes("填报为“1200”，按公式计算应为1250.00m²")), seed.join("\n"));
  // No 社区类型 column, as the notice's own table has none: each worksheet's name gives it, said
  // in the status; the by-type table counts the rural sheet's communities as rural.
  await page.setInputFiles("#file", root + "tests/data/ledger-sheets-no-type.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：2 行/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /无“社区类型”列：各行均按“城市社区”核查（据名称“城市社区”）/);
  await page.selectOption("#sheet", "2");
  await page.waitForFunction(() => /据名称“农村社区”/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /核查完成：2 行，2 个错误/);
  const types = await page.$$eval("#by-type tbody tr", (trs) => trs.map((tr) => tr.cells[0].textContent + " " + tr.cells[1].textContent));
  assert.deepEqual(types, ["农村社区 2"]);
  // A stray cell at XFD1048576 (a rectangle of 17 billion cells, which trapped the reader):
  // the ledger's row is read and checked; a sheet too large as text is refused, saying so.
  await page.setInputFiles("#file", root + "tests/data/xlsx-stray-cell.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：1 行/.test(document.getElementById("status").textContent));
  await page.setInputFiles("#file", root + "tests/data/xlsx-wide-rows.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /无法读取文件：工作表太大（连同数值之间的空白单元格超过10000000个单元格/.test(document.getElementById("status").textContent));
  // Shared strings stating 10^15 of themselves (calamine would reserve room for them all).
  await page.setInputFiles("#file", root + "tests/data/xlsx-sst-count.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /无法读取文件：工作簿已损坏：其共享字符串声明有1000000000000000个/.test(document.getElementById("status").textContent));
  // A line of more fields than a spreadsheet has columns (a damaged export): refused, saying so.
  await page.setInputFiles("#file", { name: "wide.csv", mimeType: "text/csv", buffer: Buffer.from("社区名称,辖区户籍人口总户数（户）\n朝阳社区,100\n" + ",".repeat(20000) + "\n") });
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /第3行超过16384列/.test(document.getElementById("status").textContent));
  // A damaged workbook: the reader's own error, shown once (not retried in the page).
  await page.setInputFiles("#file", { name: "damaged.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("not a workbook") });
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /无法读取文件/.test(document.getElementById("status").textContent));
  await page.close();
});

test("an Excel 97–2003 .xls workbook is read like the same .xlsx; a file is known by its bytes, not its name", async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url + "/ledger.html");
  const rows = () => page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.textContent));
  // The same sheets as ledger-merged.xlsx, written by xlwt (scripts/dev/make-xls.py).
  await page.setInputFiles("#file", root + "tests/data/ledger-merged.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：2 行/.test(document.getElementById("status").textContent));
  const asXlsx = [await page.textContent("#status"), await rows()];
  await page.setInputFiles("#file", root + "tests/data/ledger-merged.xls");
  // The same result as the last: the status is cleared first, so the wait is for this check's.
  await page.evaluate(() => { document.getElementById("status").textContent = ""; });
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：2 行/.test(document.getElementById("status").textContent));
  assert.deepEqual([await page.textContent("#status"), await rows()], asXlsx);
  // Three worksheets: the first with the header is checked, the others offered.
  await page.setInputFiles("#file", root + "tests/data/ledger-sheets.xls");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查的是“城市社区”/.test(document.getElementById("status").textContent));
  assert.deepEqual(await page.$$eval("#sheet option", (os) => os.map((o) => o.textContent)), ["1. 填表说明", "2. 城市社区", "3. 农村社区"]);
  // A workbook under a .csv name is still a workbook.
  await page.setInputFiles("#file", { name: "台账.csv", mimeType: "text/csv", buffer: readFileSync(root + "tests/data/ledger-merged.xls") });
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：2 行/.test(document.getElementById("status").textContent) && /表头在第2—3行/.test(document.getElementById("status").textContent));
  // Tab-separated text that a system exported as "Excel": read as text.
  const tsv = "所在街道（乡镇）\t社区名称\t社区类型\t辖区户籍人口总户数（户）\t便民服务中心\t达标年度\n天生街道\t朝阳社区\t城市社区\t3800\t1250\t2020\n";
  await page.setInputFiles("#file", { name: "导出.xls", mimeType: "application/vnd.ms-excel", buffer: Buffer.from(tsv) });
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：1 行/.test(document.getElementById("status").textContent));
  // A web page under an Excel name: refused, saying what to do.
  await page.setInputFiles("#file", { name: "导出.xls", mimeType: "application/vnd.ms-excel", buffer: Buffer.from("<html><table><tr><td>社区名称</td></tr></table></html>") });
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /无法读取文件：该文件是以 Excel 文件名保存的网页（HTML），不是工作簿/.test(document.getElementById("status").textContent));
  // A damaged .xls (its directory's chain loops; calamine follows it without end): said in Chinese.
  await page.setInputFiles("#file", root + "tests/data/xls-loop.xls");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /无法读取文件：工作簿已损坏，无法读取（扇区链首尾相接成环）/.test(document.getElementById("status").textContent));
  // One value at IV65536: the ledger's rows are read and checked, not a rectangle of 16.7 million cells.
  await page.setInputFiles("#file", root + "tests/data/xls-far-cell.xls");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成：1 行/.test(document.getElementById("status").textContent));
  await page.close();
});

test("a ledger without a 社区类型 column that nothing names: the page says so, and the type the reviewer chooses is given to every row", async () => {
  const page = await env.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(env.server.url + "/ledger.html");
  const ledger = "所在街道（乡镇）,社区名称,辖区户籍人口总户数（户）,便民服务中心,达标年度\n歇马街道,素心村,900,300,2020\n歇马街道,大磨滩村,860,200,2021\n";
  await page.setInputFiles("#file", { name: "台账.csv", mimeType: "text/csv", buffer: Buffer.from(ledger) });
  await page.click('button[type="submit"]');
  await done(page);
  assert.match(await page.textContent("#status"), /2 行，2 个错误.*无“社区类型”列，每行均报未填（可在下方选择各行的社区类型）/);
  const listed = await page.$$eval("#problems tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.equal(listed.filter((t) => t.includes("请填写社区类型")).length, 2, listed.join("\n"));
  assert.equal(await page.isVisible("#give-choice"), true);
  assert.match(await page.textContent("#give-choice"), /台账没有“社区类型”列，每行都报未填。如各行同属一类，请指定：/);
  // Chosen as a person does (the label names the list), then the button: the same file is read
  // again, every row rural, no row missing its type, and the choice stays at hand.
  await page.getByLabel("如各行同属一类，请指定").selectOption("农村社区");
  await page.getByRole("button", { name: "按所选重新核查" }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), "status", "focus on the status line, not lost");
  await page.waitForFunction(() => /核查完成.*各行均按“农村社区”核查/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /2 行，0 个错误/);
  const types = await page.$$eval("#by-type tbody tr", (trs) => trs.map((tr) => tr.cells[0].textContent + " " + tr.cells[1].textContent));
  assert.deepEqual(types, ["农村社区 2"]);
  assert.match(await page.textContent("#give-choice"), /各行已按“农村社区”核查（已指定）；如不对，可改为：/);
  assert.equal(await page.inputValue("#give-choice select"), "农村社区");
  // Another ledger starts afresh: nothing given.
  await page.setInputFiles("#file", { name: "另一台账.csv", mimeType: "text/csv", buffer: Buffer.from(ledger) });
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成.*每行均报未填/.test(document.getElementById("status").textContent));
  // A type taken from a worksheet's name can be corrected the same way.
  await page.setInputFiles("#file", root + "tests/data/ledger-sheets-no-type.xlsx");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /据名称“城市社区”/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#give-choice"), /各行已按“城市社区”核查（据名称“城市社区”）；如不对，可改为：/);
  await page.selectOption("#give-choice select", "农村社区");
  await page.click("#give-choice button");
  await page.waitForFunction(() => /核查完成.*各行均按“农村社区”核查/.test(document.getElementById("status").textContent) && !/据名称/.test(document.getElementById("status").textContent));
  // Another worksheet is another ledger: its own name gives its type again.
  await page.selectOption("#sheet", "2");
  await page.waitForFunction(() => /核查完成.*据名称“农村社区”/.test(document.getElementById("status").textContent));
  assert.deepEqual(await page.$$eval("#by-type tbody tr", (trs) => trs.map((tr) => tr.cells[0].textContent)), ["农村社区"]);
  // Pasted text too, lacking its street as well (a street's own ledger): typed in once, for
  // every row, as the type is chosen; each stays given while the other is.
  await page.setInputFiles("#file", []);
  await page.fill("#paste", ledger.replace(/^所在街道（乡镇）,|^歇马街道,/gm, "").replaceAll(",", "\t"));
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /核查完成.*无“所在街道（乡镇）”列，每行均报未填（可在下方填写各行的所在街道（乡镇））；无“社区类型”列，每行均报未填（可在下方选择各行的社区类型）/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /2 行，4 个错误/);
  await page.getByLabel("台账没有“所在街道（乡镇）”列，每行都报未填。如各行相同，请填写").fill("歇马街道");
  await page.getByRole("button", { name: "按所填重新核查" }).click();
  await page.waitForFunction(() => /核查完成.*无“所在街道（乡镇）”列：各行均按“歇马街道”核查/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /2 行，2 个错误/);
  await page.selectOption("#give-choice select", "城市社区");
  await page.getByRole("button", { name: "按所选重新核查" }).click();
  await page.waitForFunction(() => /核查完成.*各行均按“歇马街道”核查.*各行均按“城市社区”核查/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /2 行，0 个错误/);
  assert.deepEqual(await page.$$eval("#by-street tbody th", (ths) => ths.map((th) => th.textContent)), ["歇马街道"]);
  assert.deepEqual(errors, []);
  await page.close();
});

/** A new ledger page with one row pasted as Excel copies it (tab-separated, under the headings), checked. */
async function pasteRow(row) {
  const page = await env.browser.newPage();
  await page.goto(env.server.url + "/ledger.html");
  await page.fill("#paste", "所在街道（乡镇）\t社区名称\t社区类型\t辖区户籍人口总户数（户）\t便民服务中心\t达标年度\n" + row.join("\t") + "\n");
  await page.click('button[type="submit"]');
  await done(page);
  return page;
}

test("a paste from Excel (tab-separated) is checked", async () => {
  const page = await pasteRow(["天生街道", "朝阳社区", "城市社区", "3,800", "１２５０", "2020"]);
  assert.match(await page.textContent("#status"), /1 行，0 个错误，1 个警告/);
  assert.match(await page.textContent("#overview"), /达标率 100.0%/);
  await page.close();
});

test("the problems export as CSV; a name that starts like a formula stays text in Excel", async () => {
  const page = await pasteRow(["天生街道", '=HYPERLINK("http://example.invalid","点此")', "城市社区", "3800", "待核实", "2020"]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const text = readFileSync(await download.path(), "utf8");
  assert.ok(text.startsWith("\ufeff行,社区名称,级别,问题,依据\r\n"), text);
  assert.ok(text.includes(`2,"'=HYPERLINK(""http://example.invalid"",""点此"")",错误,`), text);
  assert.ok(!/,"=/.test(text), "no cell starts with =");
  await page.close();
});

test("30,000 rows pasted from Excel: kept out of the text box, checked off the main thread, problems paginated, the page stays responsive", async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url + "/ledger.html");
  const rows = ["所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,达标年度"];
  for (let i = 0; i < 30000; i++) rows.push(`街道${i % 7},社区${i},${i % 3 ? "城市社区" : "农村社区"},${500 + (i % 900)},${i % 50 === 0 ? "待核实" : 100 + (i % 700)},2021`);
  // The paste event a browser fires for Ctrl+V, with the clipboard's text: the page keeps a
  // large paste out of the text box (laying out 30,000 lines there froze the page 1.7 s here).
  await page.focus("#paste");
  await page.evaluate((text) => {
    window.__gaps = [];
    let last = performance.now();
    window.__timer = setInterval(() => { const now = performance.now(); window.__gaps.push(now - last); last = now; }, 20);
    const data = new DataTransfer();
    data.setData("text/plain", text);
    document.getElementById("paste").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, rows.join("\n"));
  assert.match(await page.textContent("#paste-note"), /已粘贴 30000 行/);
  assert.equal(await page.inputValue("#paste"), "");
  await page.click('button[type="submit"]');
  await done(page);
  const gaps = await page.evaluate(() => { clearInterval(window.__timer); return window.__gaps; });
  // Generous: a frozen page would show one multi-second gap.
  assert.ok(Math.max(...gaps) < 1500, `longest main-thread gap ${Math.max(...gaps).toFixed(0)} ms`);
  assert.match(await page.textContent("#status"), /30000 行/);
  assert.ok((await page.locator("#problems tbody tr").count()) <= 50, "one page of problems at a time");
  await page.click("#next");
  assert.match(await page.textContent("#page-info"), /^第 2 \//);
  assert.equal(await page.locator("#by-street tbody tr").count(), 7);
  assert.equal(await page.locator("#chart svg rect").count(), 7);
  // Typing in the box afterwards: the box is what gets checked.
  await page.type("#paste", "x");
  assert.ok(await page.locator("#paste-note").isHidden());
  await page.close();
});

test("the problem list narrows to the errors or the warnings, and the export follows it", async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url + "/ledger.html");
  await checkSample(page);
  const levels = () => page.$$eval("#problems tbody tr td:nth-child(3)", (tds) => tds.map((td) => td.textContent));
  assert.equal((await levels()).length, 6);
  assert.equal(await page.textContent("#severity option[value=error]"), "只看错误（4）");
  await page.selectOption("#severity", "error");
  assert.deepEqual(await levels(), ["错误", "错误", "错误", "错误"]);
  assert.match(await page.textContent("#page-info"), /共 4 条/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const lines = readFileSync(await download.path(), "utf8").trim().split("\r\n");
  assert.equal(lines.length, 5, "the header and the four errors");
  assert.ok(lines.slice(1).every((l) => l.includes(",错误,")), lines.join("\n"));
  await page.selectOption("#severity", "warning");
  assert.deepEqual(await levels(), ["警告", "警告"]);
  await page.selectOption("#severity", "all");
  assert.equal((await levels()).length, 6);
  await page.close();
});

test("the ledger page is accessible, with results shown", async () => {
  const ctx = await env.browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(env.server.url + "/ledger.html");
  await page.setInputFiles("#file", root + "tests/data/ledger-sample.csv");
  await page.click('button[type="submit"]');
  await done(page);
  await page.evaluate(readFileSync(root + "node_modules/axe-core/axe.min.js", "utf8"));
  const v = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  assert.deepEqual(v.violations.map((x) => x.id + ": " + x.nodes.map((n) => n.target.join(" ")).join(", ")), []);
  await ctx.close();
});

test("a ledger past 200,000 rows is checked whole: 250,000 communities (a national ledger has about 710,000)", async () => {
  const page = await env.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(env.server.url + "/ledger.html");
  const lines = ["所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,警务室,日间照料中心（养老服务站）,卫生服务站,文化活动室,达标年度"];
  // Every 1,000th row without its households (an error), the last among them.
  // 120 townships: their counts and bars a page of 50 at a time.
  for (let i = 0; i < 250000; i++) lines.push(`乡镇${String(i % 120).padStart(3, "0")},社区${i},城市社区,${i % 1000 === 999 ? "" : 100 + (i % 900)},${300 + (i % 700)}.5,0,0,0,0,2020`);
  await page.setInputFiles("#file", { name: "全国台账.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n") + "\n") });
  await page.click('button[type="submit"]');
  await done(page);
  assert.match(await page.textContent("#status"), /核查完成：250000 行，250 个错误/);
  assert.doesNotMatch(await page.textContent("main"), /最多200000行/);
  // Counted by street in the worker: every row, the last rows' errors among them; the table and
  // the chart a page of streets at a time, the chart's labels the table's rates.
  const streets = [];
  for (let p = 0; p < 3; p++) {
    const rows = await page.$$eval("#by-street tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    const labels = await page.$$eval("#chart svg text", (ts) => ts.map((t) => t.textContent));
    assert.equal(rows.length, p < 2 ? 50 : 20);
    assert.deepEqual(labels, rows.flatMap((r) => [r[0], r[4]]), "a bar per street shown, labelled with its rate");
    assert.match(await page.textContent("#street-info"), new RegExp(`第 ${p + 1} / 3 页，共 120 个街道`));
    streets.push(...rows);
    if (p < 2) await page.click("#street-next");
  }
  assert.ok(await page.isDisabled("#street-next"));
  assert.deepEqual([streets.length, streets[0][0], streets[119][0]], [120, "乡镇000", "乡镇119"]);
  assert.equal(streets.reduce((a, r) => a + Number(r[1]), 0), 250000);
  assert.equal(streets.reduce((a, r) => a + Number(r[2]), 0), 250);
  // One community looked up among the problems, by part of its name, through an input method.
  const cdp = await page.context().newCDPSession(page);
  await page.click("#find");
  await cdp.send("Input.imeSetComposition", { text: "she", selectionStart: 3, selectionEnd: 3 });
  assert.match(await page.textContent("#page-info"), /共 250 条/, "nothing narrowed while composing");
  await cdp.send("Input.insertText", { text: "社区249999" });
  await page.waitForFunction(() => /共 1 条/.test(document.getElementById("page-info").textContent));
  assert.match(await page.textContent("#problems tbody tr"), /^250001社区249999错误/);
  await page.fill("#find", "");
  await page.waitForFunction(() => /共 250 条/.test(document.getElementById("page-info").textContent));
  // Exported, every street, not only the page shown: the table's rows, the same figures.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-streets")]);
  const exported = readFileSync(await download.path(), "utf8").replace(/^\ufeff/, "").split("\r\n");
  assert.equal(exported[0], "街道（乡镇）,社区数,有错误的社区,达标数,达标率（%）,年度目标（%）");
  assert.deepEqual(exported.slice(1).map((l) => l.split(",")), streets.map((r) => [`"${r[0]}"`, r[1], r[2], r[3], r[4].replace("%", ""), r[5].replace("%", "")]));
  assert.deepEqual(errors, []);
  await page.close();
});

test("random ledgers (seeded): the counts by street and by type are what the engine finds row by row, whatever the streets are called", async () => {
  // Streets as ledgers write them, and as they should not break a page: blank, padded, a comma
  // or a line break in the cell, a formula, the page's own words for a blank, an object's keys.
  const STREETS = ["天生街道", "歇马街道", "  天生街道 ", "", "天生街道,东片", "第一\n街道", "=SUM(A1)", "（未填）", "__proto__", "constructor", "toString", "hasOwnProperty"];
  const TYPES = ["城市社区", "农村社区", "城市社区", "", "城镇"];
  const NUMBERS = ["3800", "860", "2000", "0", "", "abc", "3,800", "１２０", "-5", "1e3"];
  const AREAS = ["1250", "599.99", "600", "320", "", "五十", "1,250.5", "0"];
  const YEARS = ["2019", "2020", "2021", "2022", "2023", ""];
  const { evaluateCsv, ready } = await import("../../pkg/community-forms.node.mjs");
  await ready;
  const page = await env.browser.newPage();
  await page.goto(env.server.url + "/ledger.html");
  const quote = (c) => (/[",\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c);
  for (const seed of [1, 2, 3]) {
    let s = seed * 2654435761;
    const random = () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 4294967296);
    const pick = (list) => list[Math.floor(random() * list.length)];
    const rows = Array.from({ length: 50 + Math.floor(random() * 250) }, (_, i) => [pick(STREETS), `社区${i}`, pick(TYPES), pick(NUMBERS), pick(AREAS), pick(YEARS)]);
    const csv = ["所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,达标年度", ...rows.map((r) => r.map(quote).join(","))].join("\n") + "\n";
    // Expected, row by row from the engine in Node: whether a row has an error and is compliant,
    // grouped by the cell as typed (trimmed), a blank one as （未填）, one the engine does not take
    // as （填写有误）.
    const r = evaluateCsv("facility-ledger", csv, { values: { report_year: "2021", reporting_unit: "北碚区天生街道办事处" } });
    const errors = new Set(r.issues.filter((i) => i.severity === "error").map((i) => (/^communities\[(\d+)\]/.exec(i.path) || [])[1]));
    const expect = (column, name) => {
      const out = new Map();
      rows.forEach((row, i) => {
        const key = name(row[column].trim());
        const g = out.get(key) || { n: 0, bad: 0, ok: 0 };
        g.n++;
        g.bad += errors.has(String(i)) ? 1 : 0;
        g.ok += r.values.communities[i].compliant === true ? 1 : 0;
        out.set(key, g);
      });
      return [...out].map(([k, g]) => [k, g.n, g.bad, g.ok]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    };
    // A street on two lines is not one the engine takes (a one-line field): in error.
    const byStreet = expect(0, (k) => (k.includes("\n") ? "（填写有误）" : k || "（未填）"));
    const byType = expect(2, (k) => (k === "" ? "（未填）" : ["城市社区", "农村社区"].includes(k) ? k : "（填写有误）"));

    await page.fill("#paste", csv);
    await page.evaluate(() => { document.getElementById("status").textContent = ""; });
    await page.click('button[type="submit"]');
    await done(page);
    assert.match(await page.textContent("#status"), new RegExp(`核查完成：${rows.length} 行，${r.issues.filter((i) => i.severity === "error").length} 个错误`));
    const read = (table) => page.$$eval(`#${table} tbody tr`, (trs) => trs.map((tr) => [tr.cells[0].textContent, ...[1, 2, 3].map((c) => Number(tr.cells[c].textContent))]));
    const shown = await read("by-street");
    while (await page.isVisible("#street-pager") && (await page.isEnabled("#street-next"))) {
      await page.click("#street-next");
      shown.push(...(await read("by-street")));
    }
    assert.deepEqual(shown, byStreet, `seed ${seed}: by street`);
    assert.deepEqual(await read("by-type"), byType, `seed ${seed}: by type`);
  }
  await page.close();
});
