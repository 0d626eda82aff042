// The package in Node: the same results as the native command line, byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { corpus, hostileSpec } from "./helpers.mjs";
import * as cf from "../../pkg/community-forms.node.mjs";
import { gunzip } from "../../js/inflate.js";
import { gzipSync, gunzipSync, constants } from "node:zlib";
import { readFileSync } from "node:fs";

test("ready resolves to true in Node", async () => {
  assert.equal(await cf.ready, true);
  assert.equal(cf.forms().length, 9);
  assert.equal(cf.forms()[0], "facility-ledger");
});

test("formInfo names each field, and a choice's options with the other names each is known by", async () => {
  await cf.ready;
  const info = cf.formInfo("facility-ledger");
  const fields = info.tables[0].fields;
  assert.deepEqual(fields.find((f) => f.id === "community_type").options, [["城市社区", "城市", "城镇社区", "社区", "urban"], ["农村社区", "农村", "村", "行政村", "rural"]]);
  assert.equal(fields.find((f) => f.id === "households").options, undefined);
  assert.equal(fields.find((f) => f.id === "total_area").computed, true);
});

test("wasm in Node agrees with native Rust on the whole corpus", async () => {
  await cf.ready;
  cf.addSpec(hostileSpec());
  const cases = corpus();
  assert.ok(cases.length > 600);
  let differ = 0;
  for (const c of cases) {
    const got = cf.evaluateJson(c.form, c.values, { locale: c.locale, explain: true });
    if (got !== c.expected) {
      differ++;
      if (differ < 3) assert.equal(got, c.expected, `form ${c.form} values ${c.values.slice(0, 200)}`);
    }
  }
  assert.equal(differ, 0);
});

test("evaluate returns the contract's object; decimals stay strings", async () => {
  await cf.ready;
  const r = cf.evaluate("facility-ledger", { report_year: "2021", communities: [{ households: "2000", area_service_center: "599.99" }] });
  assert.equal(r.form, "facility-ledger");
  assert.equal(r.values.communities[0].area_per_100_households, "30.00");
  assert.equal(r.values.communities[0].compliant, false);
});

test("a session holds back new errors until commit, and clears fixed ones at once", async () => {
  await cf.ready;
  const s = cf.createSession("cadre-pay-standard");
  s.load({ role: "村", reference_income: "16361" });
  let u = s.set("proposed_pay", "300");
  assert.deepEqual(u.show, {}, "nothing shown while typing");
  u = s.commit("proposed_pay");
  assert.equal(u.show.proposed_pay[0].code, "pay_below_minimum");
  u = s.set("proposed_pay", "40000");
  assert.deepEqual(u.show.proposed_pay, [], "cleared as soon as it is fixed");
  assert.equal(s.valid, true);
});

test("a runtime spec can be added; a broken one is refused with its position", async () => {
  await cf.ready;
  const spec = {
    id: "mini", title: { "zh-CN": "小表", en: "Mini" },
    source: { document: "测试", title: { "zh-CN": "测试", en: "Test" }, year: 2026 },
    fields: [{ id: "area", label: { "zh-CN": "面积", en: "Area" }, type: "area_m2", required: true }],
  };
  assert.equal(cf.addSpec(spec), "mini");
  assert.equal(cf.evaluate("mini", { area: "" }).issues[0].code, "required");
  spec.fields.push({ id: "bad", label: { "zh-CN": "x", en: "x" }, type: "number", formula: "area + 户" });
  assert.throws(() => cf.addSpec({ ...spec, id: "mini2" }), /spec `mini2`, field `bad`, at character 8: unexpected character `户`/);
});

test("a formula too deep for wasm's stack, as a spec or as precompiled bytes, is refused and the engine goes on", async () => {
  await cf.ready;
  // A 2,000-term sum fits in a formula's 4,000 characters; it used to overflow wasm's 1 MB stack
  // ("memory access out of bounds"), and precompiled bytes could nest deeper still.
  const spec = {
    id: "deep", title: { "zh-CN": "小表", en: "Mini" },
    source: { document: "测试", title: { "zh-CN": "测试", en: "Test" }, year: 2026 },
    fields: [{ id: "a", label: { "zh-CN": "面积", en: "Area" }, type: "area_m2" },
      { id: "t", label: { "zh-CN": "合计", en: "Total" }, type: "area_m2", formula: Array(2000).fill("a").join("+") }],
  };
  assert.throws(() => cf.addSpec(spec), /spec `deep`, field `t`, at character 1: formula too deep \(more than 200 operations/);
  assert.throws(() => cf.addSpec(readFileSync(new URL("../data/wire-deep-formula.cfw", import.meta.url))), /precompiled|damaged|version/);
  spec.fields[1].formula = Array(200).fill("a").join("+");
  assert.equal(cf.addSpec(spec), "deep");
  assert.equal(cf.evaluate("deep", { a: "1.5" }).values.t, "300.00");
  assert.equal(cf.evaluate("facility-ledger", { communities: [{ households: "100", area_service_center: "30" }] }).values.communities[0].compliant, true);
});

test("a ledger as CSV, as split rows, with or without every row's values: the same problems and totals", async () => {
  await cf.ready;
  const header = ["所在街道（乡镇）", "社区名称", "社区类型", "辖区户籍人口总户数（户）", "便民服务中心", "达标年度", "备注"];
  const rows = [
    ["天生街道", "朝阳社区", "城市社区", "3,800", "1250", "2020", "全部设在中心内"],
    ["天生街道", "朝阳社区", "城市", "２０００", "599.99", "2019", ""],
    ["静观镇", "素心村", "农村", "", "-5", "2021", ""],
  ];
  const csv = [header, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n");
  const values = { report_year: "2021" };
  const full = cf.evaluateCsv("facility-ledger", csv, { values });
  const summary = cf.evaluateCsv("facility-ledger", csv, { values, rows: false });
  const split = cf.evaluateRows("facility-ledger", header, rows, { values, rows: false });
  assert.equal(full.values.communities.length, 3);
  assert.deepEqual(summary.rows, { communities: 3 });
  assert.equal(summary.values.communities, undefined);
  const { communities, ...headerValues } = full.values;
  assert.deepEqual(summary.values, headerValues);
  assert.deepEqual(summary.issues, full.issues);
  assert.equal(summary.valid, full.valid);
  assert.deepEqual(split, summary);
  assert.ok(full.issues.some((i) => i.path === "communities[2].households"));
  assert.equal(communities[0].compliant, true);
  // Cells may hold the separators evaluateRows uses; they are not taken as cell or row breaks.
  const odd = cf.evaluateRows("facility-ledger", header, [["a\u001fb", "c\u001ed", "城市社区", "100", "50", "2020", ""]], { values, rows: false });
  assert.deepEqual(odd.rows, { communities: 1 });
  // The cells reach the engine as written: any character (outside the BMP too; an unpaired
  // surrogate as U+FFFD, as TextEncoder writes it), numbers and null as join writes them. The
  // same rows as CSV text give the same result, a repeated name found in both.
  const names = ["朝阳😀社区", "朝阳😀社区", "Café", "半\ud800边", "a\u001fb\u001ec"];
  const cells = names.map((n, i) => ["天生街道", n, "城市社区", i === 0 ? 3800 : "100", i === 2 ? null : "50", "2020", undefined]);
  const texts = names.map((n, i) => ["天生街道", n.replace("\ud800", "\ufffd").replace(/[\u001e\u001f]/g, " "), "城市社区", i === 0 ? "3800" : "100", i === 2 ? "" : "50", "2020", ""]);
  const written = cf.evaluateRows("facility-ledger", header, cells, { values });
  assert.deepEqual(written, cf.evaluateCsv("facility-ledger", [header, ...texts].map((r) => r.join(",")).join("\n"), { values }));
  assert.equal(written.values.communities.length, 5);
  assert.deepEqual(written.issues.filter((i) => i.code === "community_unique").map((i) => i.path), ["communities[0].community", "communities[1].community"]);
  // Blank and totals rows are not rows of the table; each row keeps its spreadsheet row, which
  // a message naming other rows uses too.
  const sheetCsv = ["台账", header.join(","), rows[0].map((c) => c.replace(",", "")).join(","), ",,,,,,", rows[1].join(","), "合计,,,,,,"].join("\n");
  const read = cf.evaluateCsv("facility-ledger", sheetCsv, { values, rows: false });
  assert.deepEqual(read.rows, { communities: 2 });
  assert.deepEqual(read.sheet, { header_row: 2, header_rows: 1, above_header: 1, blank_rows: 1, totals: 1, not_utf8_line: 0, totals_rows: [6], given: [], sections: [], missing: [], numbers: [[0, 3], [1, 5]] });
  // Without a 社区类型 column (the notice's own table has none), the sheet's name gives it.
  const untyped = [header.filter((h) => h !== "社区类型"), ...rows.map((r) => r.filter((_, i) => i !== 2))];
  const rural = cf.evaluateRows("facility-ledger", untyped[0], untyped.slice(1), { values, rows: false, names: ["Sheet1", "静观镇农村社区"] });
  const options = ["城市社区", "农村社区"];
  assert.deepEqual(rural.sheet.given, [{ field: "community_type", label: "社区类型", options, value: "农村社区", from: "静观镇农村社区" }]);
  assert.deepEqual(rural.sheet.missing, []);
  assert.equal(rural.values.rural_count, "3");
  assert.ok(!rural.issues.some((i) => i.path.endsWith("community_type")), JSON.stringify(rural.issues));
  // No name gives it: said missing (every row reports it); `give` gives it outright, before any name.
  const bare = cf.evaluateRows("facility-ledger", untyped[0], untyped.slice(1), { values, rows: false });
  assert.deepEqual(bare.sheet.missing, [{ field: "community_type", label: "社区类型", options }]);
  assert.equal(bare.issues.filter((i) => i.path.endsWith("community_type") && i.code === "required").length, 3);
  const urban = cf.evaluateCsv("facility-ledger", untyped.map((r) => r.join(",")).join("\n"), { values, rows: false, names: ["农村社区"], give: { community_type: "城市社区" } });
  assert.deepEqual(urban.sheet.given, [{ field: "community_type", label: "社区类型", options, value: "城市社区", from: null }]);
  assert.deepEqual([urban.values.urban_count, urban.sheet.missing], ["3", []]);
  assert.throws(() => cf.evaluateCsv("facility-ledger", "社区名称\n甲\n", { give: { no_such: "x" } }), /no such field/);
  // Or headings in one sheet: the rows below each take its type.
  const sectioned = cf.evaluateCsv("facility-ledger", [untyped[0], ["一、城市社区"], untyped[2], ["二、农村社区"], untyped[3]].map((r) => r.join(",")).join("\n"), { values, rows: false });
  assert.deepEqual(sectioned.sheet.sections.map((s) => [s.row, s.text, s.field, s.value]), [[2, "一、城市社区", "community_type", "城市社区"], [4, "二、农村社区", "community_type", "农村社区"]]);
  assert.deepEqual([sectioned.values.urban_count, sectioned.values.rural_count], ["1", "1"]);
  assert.deepEqual([0, 1].map((r) => cf.sheetRow(read.sheet, r)), [3, 5]);
  assert.ok(read.issues.some((i) => i.path === "communities[1].community" && i.message.includes("与第3行重复")), JSON.stringify(read.issues));
  const fromRows = cf.evaluateRows("facility-ledger", header, [rows[0], [], rows[1]], { values, rows: false });
  assert.deepEqual(fromRows.sheet.numbers, [[0, 2], [1, 4]]);
  assert.equal(cf.sheetRow(split.sheet, 2), 4);
});

test("a ledger file's bytes are read as UTF-8 when they are, BOM or not, and as GB18030 when they are not, however late the first non-UTF-8 byte", async () => {
  await cf.ready;
  const job = { form: "facility-ledger", header: { report_year: "2021" }, columns: ["community"], tallies: [["street", "compliant"]], compact: true };
  const header = "street,community,community_type,households,area_service_center\n";
  // More than one 256 KB piece of plain ASCII before the last row's GBK name (社区: C9 E7 C7 F8).
  const ascii = header + Array.from({ length: 6000 }, (_, i) => `s${i % 7},c${i},城市社区,${1000 + i},${300 + (i % 500)}\n`).join("").replace(/城市社区/g, "urban");
  const gbk = new Uint8Array([...new TextEncoder().encode(ascii), 0x73, 0x31, 0x2c, 0xc9, 0xe7, 0xc7, 0xf8, 0x2c, 0x75, 0x2c, 0x39, 0x2c, 0x39, 0x0a]);
  const viaText = (text) => cf.checkLedger({ ...job, text });
  const viaBytes = (bytes) => cf.checkLedger({ ...job, bytes });
  const late = viaBytes(gbk);
  assert.deepEqual(late, viaText(new TextDecoder("gb18030").decode(gbk)));
  assert.equal(late.columns.community.length, 6001);
  assert.equal(late.columns.community[6000], "社区");
  const utf8 = header + "天生街道,朝阳社区,城市社区,3800,1250\n静观镇,素心村,农村社区,２０００,599.99";
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(utf8)]);
  assert.deepEqual(viaBytes(withBom), viaText(utf8));
  assert.deepEqual(viaBytes(new TextEncoder().encode(utf8)).columns.community, ["朝阳社区", "素心村"]);
  // Joined (what the ledger page asks for): one string, each name after a U+001F, and where each
  // starts; a blank name is an empty value.
  const joined = cf.checkLedger({ ...job, joined: true, text: header + "s,朝阳社区,城市社区,1,1\ns,,城市社区,1,1\ns,素心村,城市社区,1,1" }).columns.community;
  assert.equal(joined.text, "\u001f朝阳社区\u001f\u001f素心村");
  assert.deepEqual([...joined.starts], [1, 6, 7]);
  assert.ok(joined.starts instanceof Int32Array);
  // The starts count as JavaScript indexes a string (UTF-16 units): names with characters beyond
  // the BMP (two units each, as 𠀀), and a column of numbers, found where a search finds them.
  const wide = cf.checkLedger({ ...job, joined: true, columns: ["community", "households"], text: header + "s,𠀀社区,城市社区,1,1\ns,a𩸽b,城市社区,1 200,1\ns,c,城市社区,x,1\ns,😀,城市社区,30,1" }).columns;
  for (const column of [wide.community, wide.households]) {
    const searched = [];
    for (let at = column.text.indexOf("\u001f"); at !== -1; at = column.text.indexOf("\u001f", at + 1)) searched.push(at + 1);
    assert.deepEqual([...column.starts], searched);
  }
  assert.deepEqual(wide.community.text.split("\u001f").slice(1), ["𠀀社区", "a𩸽b", "c", "😀"]);
  assert.deepEqual(late.columns.community, cf.checkLedger({ ...job, bytes: gbk, joined: true }).columns.community.text.split("\u001f").slice(1));
  // Without paths (what the ledger page asks for: it places a problem by its row): the same
  // answer, its paths left empty.
  const withPaths = viaText(utf8);
  const withoutPaths = cf.checkLedger({ ...job, paths: false, text: utf8 });
  assert.ok(withPaths.result.issues.paths.length > 0 && withPaths.result.issues.codes.length > 0);
  assert.equal(withoutPaths.result.issues.paths, "");
  withoutPaths.result.issues.paths = withPaths.result.issues.paths;
  assert.deepEqual(withoutPaths, withPaths);
});

test("the fallback inflater (browsers without DecompressionStream) agrees with zlib and refuses damage", () => {
  const wasm = readFileSync(new URL("../../pkg/community-forms.wasm", import.meta.url));
  const noise = Uint8Array.from({ length: 70000 }, (_, i) => (Math.imul(i, 2654435761) >>> 24) & 0xff);
  const inputs = [new Uint8Array(0), new Uint8Array([7]), wasm, Buffer.from("社区".repeat(20000)), noise];
  const ways = [{ level: 0 }, { level: 1 }, { level: 9 }, { strategy: constants.Z_FIXED }, { strategy: constants.Z_HUFFMAN_ONLY }, { strategy: constants.Z_RLE }];
  for (const input of inputs) {
    for (const way of ways) {
      assert.deepEqual(Buffer.from(gunzip(gzipSync(input, way))), Buffer.from(input), `${input.length} bytes, ${JSON.stringify(way)}`);
    }
  }
  const packed = gzipSync(wasm, { level: 9 });
  // A flipped bit is either refused or one the decoding never reads (padding, a code length
  // that makes the same codes): then the bytes are the original's exactly, as zlib reads them too.
  // Never other bytes.
  let refused = 0;
  for (let k = 0; k < 200; k++) {
    const damaged = Uint8Array.from(packed);
    const at = 10 + ((k * 7919) % (packed.length - 20));
    damaged[at] ^= 1 << (k % 8);
    let out = null;
    try {
      out = gunzip(damaged);
    } catch {
      refused++;
    }
    if (out !== null) {
      assert.deepEqual(Buffer.from(out), Buffer.from(wasm), `bit ${k % 8} of byte ${at}: read, so it must give the original`);
      assert.deepEqual(gunzipSync(damaged), Buffer.from(wasm), `bit ${k % 8} of byte ${at}: zlib reads it as the original too`);
    }
  }
  for (const cut of [0, 11, 100, 5000, packed.length - 9]) assert.throws(() => gunzip(packed.subarray(0, cut)));
  assert.ok(refused >= 195, `nearly every damaged copy is refused (the CRC-32 catches what decoding does not): ${refused} of 200`);
});

test("the memory a ledger page readies for a chosen file is what its check uses, and is readied once", async () => {
  // The worker's own engine (the speed build), as js/worker.js calls it.
  const core = await import("../../target/wasm-bindgen-speed/community_forms.js");
  core.initSync({ module: new WebAssembly.Module(readFileSync(new URL("../../target/wasm-bindgen-speed/community-forms.opt.wasm", import.meta.url))) });
  const header = "所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,警务室,达标年度,备注\n";
  const csv = new TextEncoder().encode(header + Array.from({ length: 20000 }, (_, i) => `街道${i % 9},社区${i},${i % 3 ? "城市社区" : "农村社区"},${800 + i},${300 + (i % 900)}.5,${i % 4 ? 30 : ""},2020,\n`).join(""));
  const check = () => {
    const bulk = new core.BulkSession("facility-ledger", "zh-CN");
    try {
      // As the worker reads a file (js/ledger-job.js): the table sized by the file's lines.
      bulk.reserve(20001);
      for (let at = 0; at < csv.length; at += 262144) bulk.pushBytes(csv.subarray(at, at + 262144), at + 262144 >= csv.length);
      return JSON.parse(bulk.finish('{"report_year":"2021"}', false, false)).rows.communities;
    } finally {
      bulk.free();
    }
  };
  // Readied for more than the check needs (this ledger has more problems a row than most, so
  // more memory a byte of file than the page's estimate): the check fits in it.
  const start = core.memoryBytes();
  const asked = 48 << 20;
  core.prepareMemory(asked);
  const prepared = core.memoryBytes();
  assert.ok(prepared >= asked && prepared <= start + asked + (1 << 20), `${start} → ${prepared}`);
  assert.equal(check(), 20000);
  assert.equal(core.memoryBytes(), prepared, "the check was served from the readied memory");
  // A second file of the same size: the memory is there already; nothing more is taken, and the
  // check takes nothing more either.
  core.prepareMemory(asked);
  core.prepareMemory(0);
  assert.equal(core.memoryBytes(), prepared);
  assert.equal(check(), 20000);
  assert.equal(core.memoryBytes(), prepared);
});

test("a file's encoding is decided as the command line decides it: GBK after 64 KB of ASCII, damage in UTF-8 noted", async () => {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  // The worker's own engine and route (js/ledger-job.js): bytes a piece at a time, and when the
  // first bytes beyond ASCII are not UTF-8, the whole file afresh as GB18030.
  const core = await import("../../target/wasm-bindgen-speed/community_forms.js");
  core.initSync({ module: new WebAssembly.Module(readFileSync(new URL("../../target/wasm-bindgen-speed/community-forms.opt.wasm", import.meta.url))) });
  const worker = (bytes) => {
    let bulk = new core.BulkSession("facility-ledger", "zh-CN");
    try {
      let read = true;
      for (let at = 0; at < bytes.length && read; at += 262144) read = bulk.pushBytes(bytes.subarray(at, at + 262144), at + 262144 >= bytes.length) !== undefined;
      if (!read) {
        bulk.free();
        bulk = new core.BulkSession("facility-ledger", "zh-CN");
        bulk.push(new TextDecoder("gb18030").decode(bytes), true);
      }
      const result = JSON.parse(bulk.finish('{"report_year":"2021"}', false, false));
      return { names: bulk.column("community").split("\u001f").slice(1), line: result.sheet.not_utf8_line };
    } finally {
      bulk.free();
    }
  };
  const rows = Array.from({ length: 20000 }, (_, i) => `S${i},C${i},,1000,300\n`);
  const ascii = new TextEncoder().encode("street,community,community_type,households,area_service_center\n" + rows.join(""));
  // 热水社区 in GBK, after 300 KB of ASCII (the worker's first piece, and more).
  const gbk = Uint8Array.from([0x53, 0x2c, 0xc8, 0xc8, 0xcb, 0xae, 0xc9, 0xe7, 0xc7, 0xf8, 0x2c, 0x2c, 0x31, 0x30, 0x30, 0x30, 0x2c, 0x33, 0x30, 0x30, 0x0a]);
  assert.equal(new TextDecoder("gb18030").decode(gbk), "S,热水社区,,1000,300\n");
  const mixed = new Uint8Array([...ascii, ...gbk]);
  const damaged = new TextEncoder().encode("street,community,community_type,households,area_service_center\nS,朝阳社区,,1000,300\n" + rows.join(""));
  const at = damaged.indexOf(0x43, 300000);
  const broken = new Uint8Array([...damaged.subarray(0, at), 0xff, ...damaged.subarray(at)]);
  const dir = mkdtempSync(tmpdir() + "/cf-encoding-");
  try {
    const cli = (name, bytes) => {
      writeFileSync(`${dir}/${name}`, bytes);
      try {
        return execFileSync(new URL("../../target/release/community-forms", import.meta.url).pathname, ["check", "--form", "facility-ledger", "--set", "report_year=2021", `${dir}/${name}`], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 }).toString();
      } catch (e) {
        return { out: e.stdout.toString(), err: e.stderr.toString() };
      }
    };
    const a = worker(mixed);
    assert.equal(a.names.at(-1), "热水社区");
    assert.equal(a.line, 0);
    assert.match(cli("mixed.csv", mixed).out, /第20002行（热水社区）/);
    const b = worker(broken);
    assert.equal(b.names[0], "朝阳社区");
    const line = b.names.findIndex((n) => n.includes("\ufffd")) + 2;
    assert.ok(line > 2 && b.line === line, `${b.line} ${line}`);
    const out = cli("broken.csv", broken);
    assert.match(out.err, new RegExp(`文件是 UTF-8 编码，但第${line}行有不合 UTF-8 的字节`));
    assert.ok(out.out.includes(`第${line}行（${b.names[line - 2]}）`), b.names[line - 2]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("the ledger page's counts by street and type are the command line's --by counts", async () => {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  await cf.ready;
  // Streets repeated out of order, a blank one, one in error (a control character: what was
  // typed is not kept), and a bad area that leaves a row's 是否达标 unknown.
  const streets = ["天生街道", "歇马街道", "", "天生街道", "静观\u0007镇", "歇马街道", "澄江镇", "天生街道"];
  const csv = "street,community,community_type,households,area_service_center,compliance_year\n" +
    streets.map((st, i) => `${st},社区${i},${i % 3 ? "城市社区" : "农村社区"},${1000 + i * 10},${i === 6 ? "abc" : 250 + i * 30},2020`).join("\n") + "\n";
  const job = { form: "facility-ledger", header: { report_year: "2021" }, columns: ["community"], tallies: [["street", "compliant"], ["community_type", "compliant"]], compact: true };
  const page = cf.checkLedger({ ...job, text: csv }).tallies;
  const dir = mkdtempSync(tmpdir() + "/cf-by-");
  try {
    writeFileSync(`${dir}/ledger.csv`, csv);
    let out;
    try {
      out = execFileSync(new URL("../../target/release/community-forms", import.meta.url).pathname, ["check", "--form", "facility-ledger", "--set", "report_year=2021", "--by", "street", "--by", "community_type", `${dir}/ledger.csv`]).toString();
    } catch (e) {
      out = e.stdout.toString();
    }
    // "  天生街道：3 行，有错误的 1 行，是否达标为“是”的 2 行（66.7%）" → [天生街道, 3, 2, 1]
    const lines = out.split("\n").filter((l) => l.startsWith("  "));
    const cli = lines.map((l) => {
      const m = /^  (.*)：(\d+) 行，有错误的 (\d+) 行，是否达标为“是”的 (\d+) 行/.exec(l);
      return [m[1] === "（未填）" ? "" : m[1] === "（填写有误）" ? null : m[1], +m[2], +m[4], +m[3]];
    });
    assert.deepEqual(cli, [...page.street, ...page.community_type], out);
    assert.ok(page.street.some((g) => g[0] === null) && page.street.some((g) => g[0] === ""), JSON.stringify(page.street));
    assert.ok(page.street.some((g) => g[3] > 0) && page.street.some((g) => g[3] < g[1]), JSON.stringify(page.street));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("the speed build hashes ledger text with keys the loader gives it, taken once, before the first check; results do not depend on them", async () => {
  const { Worker } = await import("node:worker_threads");
  const dir = new URL("../../target/wasm-bindgen-speed/", import.meta.url).href;
  const values = JSON.stringify({ report_year: "2021", communities: Array.from({ length: 60 }, (_, i) => ({ community: `社区${i % 25}`, community_type: "城市社区", households: "1000", area_service_center: "400" })) });
  // A fresh engine in a worker thread: keys given, then refused once taken.
  const code = `const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      const core = await import(workerData.dir + "community_forms.js");
      core.initSync({ module: new WebAssembly.Module(require("node:fs").readFileSync(new URL(workerData.dir + "community-forms.opt.wasm"))) });
      const first = core.seedHash(0x01234567, 0x89abcdef, 0xdeadbeef, 0x0badf00d);
      const again = core.seedHash(1, 2, 3, 4);
      parentPort.postMessage({ first, again, result: core.evaluate("facility-ledger", workerData.values, "zh-CN", false) });
    })();`;
  const got = await new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { dir, values } });
    w.once("message", (m) => resolve(m) || w.terminate());
    w.once("error", reject);
  });
  assert.equal(got.first, true);
  assert.equal(got.again, false, "keys are not changed once text was hashed or keys taken");
  // The Node build, seeded by its loader with other keys, finds the same duplicates.
  const cf = await import("../../pkg/community-forms.node.mjs");
  await cf.ready;
  assert.equal(got.result, cf.evaluateJson("facility-ledger", values));
  assert.ok(JSON.parse(got.result).issues.length > 30, "the duplicate names were found");
});

test("reading errors are in the caller's language, Chinese by default: a ledger's (evaluateCsv) and a workbook's (the reader module)", async () => {
  await cf.ready;
  const noHeader = "姓名,电话\n张三,123\n";
  assert.throws(() => cf.evaluateCsv("facility-ledger", noHeader), /找不到表头：前2行中没有一行写有本表的列名/);
  assert.throws(() => cf.evaluateCsv("facility-ledger", noHeader, { locale: "en" }), /no header row: none of the first 2 rows/);
  // The workbook reader, a classic script defining one global, run as a page would run it.
  const code = readFileSync(new URL("../../pkg/community-forms-xlsx.js", import.meta.url), "utf8");
  const xlsx = new Function(code + "\nreturn CommunityFormsXlsx;")();
  const notAWorkbook = new TextEncoder().encode("not a workbook");
  await assert.rejects(xlsx.toSheets(notAWorkbook), /^Error: 不是 \.xlsx 工作簿（/);
  await assert.rejects(xlsx.toSheets(notAWorkbook, { locale: "en" }), /^Error: not an \.xlsx workbook: /);
  const xlsBytes = readFileSync(new URL("../data/xls-loop.xls", import.meta.url));
  await assert.rejects(xlsx.toCsv(new Uint8Array(xlsBytes)), /工作簿已损坏，无法读取（扇区链首尾相接成环）/);
  await assert.rejects(xlsx.toCsv(new Uint8Array(xlsBytes), { locale: "en" }), /the workbook is damaged \(a chain of its sectors runs in a circle\)/);
});
