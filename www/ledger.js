// The reviewer's bulk-checking page: decode the file (UTF-8 or GBK/GB18030, as Excel in China
// saves CSV, or UTF-16, Excel's "Unicode text"), check it in a Web Worker with progress, then show aggregates by street and type,
// an SVG bar chart and the problems a page at a time. Everything is written with textContent or
// DOM methods, never as HTML. Nothing is uploaded.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var PAGE = 50;
  var TARGET = { 2020: 60, 2021: 70, 2022: 80 }; // 北碚民发〔2020〕77号 二、目标任务
  // What every check asks its worker for (js/ledger-job.js): the community names (one string),
  // the counts by street and by type, the problems packed and without their paths (a problem is
  // placed by its row).
  var ASK = { form: "facility-ledger", columns: ["community"], joined: true, tallies: [["street", "compliant"], ["community_type", "compliant"]], compact: true, paths: false };
  // problems: all of them in reading order, as they came packed (`problem`: five numbers each
  // in `codes`, their texts in `texts`), with `rows` (each one's spreadsheet row, or -1) and
  // `names` (the community names, `nameOf`); a national ledger's 500,000 problems are never
  // made objects, only the page of them shown. shown: the indexes of those the severity filter
  // and the name search let through, or null for all.
  // streets: the counts by street, by name; streetPage: the page of them shown, in the table and
  // the chart (a district has a dozen streets, a national ledger about 40,000 townships).
  var state = { problems: null, shown: null, page: 0, streets: [], streetPage: 0, year: 2021 };

  function status(text) { $("status").textContent = text; }

  /** A file, as what a check reads: a CSV's bytes as they are (the worker reads them as UTF-8,
   * as UTF-16 after its byte-order mark, or as GBK/GB18030 when they are not UTF-8, and the page hands them over without copying or
   * decoding them), a workbook's worksheets (.xlsx, or Excel 97–2003 .xls) as CSV text, through
   * the separately loaded reader (the check takes the first with the ledger's header, as the
   * command line does). What a file is, is told by its first bytes, as the command line tells
   * it: tab-separated text that a system exported under an .xls name is read as text, and a web
   * page under an Excel name is refused, saying what to do. */
  function read(file) {
    // The file's name without its extension: it may say which kind of community it lists.
    var name = file.name.replace(/\.[^.]*$/, "");
    return file.arrayBuffer().then(function (b) {
      var bytes = new Uint8Array(b);
      if (!isWorkbook(bytes, file.name)) {
        if (/\.xlsx?$/i.test(file.name) && /^(\uFEFF)?\s*</.test(new TextDecoder().decode(bytes.subarray(0, 512)))) {
          throw new Error("该文件是以 Excel 文件名保存的网页（HTML），不是工作簿。请在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx）或 CSV 后再选择（文件 → 另存为）。");
        }
        return { bytes: bytes, name: name, file: file };
      }
      status("正在读取工作簿…");
      return loadXlsx().then(function () { return xlsxSheets(new Uint8Array(b)); }).then(function (sheets) {
        return { sheets: sheets.map(function (s) { return { name: s.name, text: s.csv }; }), name: name };
      });
    });
  }

  // A workbook: an .xlsx (a zip archive) by its name or its first bytes, an .xls (a compound
  // file) by its first bytes.
  function isWorkbook(bytes, fileName) {
    var starts = function (sig) { return sig.every(function (v, i) { return bytes[i] === v; }); };
    return /\.xls[xm]$/i.test(fileName) || starts([0x50, 0x4b, 3, 4]) || starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  }

  // The workbook is read in a worker (reading 100,000 rows takes one to two seconds): the reader's
  // own worker file, or from file:// a blob: worker made from the reader as a function; where no
  // worker can start, in this page. An unreadable workbook is reported, not retried.
  function xlsxSheets(bytes) {
    var attempt = function (url, cleanup) {
      return new Promise(function (resolve, reject) {
        var worker;
        try {
          worker = new Worker(url);
        } catch (e) {
          cleanup();
          return reject(null);
        }
        var end = function () { worker.terminate(); cleanup(); };
        worker.onmessage = function (m) {
          end();
          if (m.data.error != null) reject(new Error(m.data.error));
          else resolve(m.data.sheets);
        };
        worker.onerror = function (e) {
          e.preventDefault();
          end();
          reject(null);
        };
        worker.postMessage(bytes);
      });
    };
    var inPage = function () { return CommunityFormsXlsx.toSheets(bytes); };
    // A null rejection: the worker could not start; anything else is the workbook's own error.
    var next = function (then) { return function (e) { if (e) throw e; return then(); }; };
    return attempt("pkg/community-forms-xlsx.worker.js", function () {})
      .catch(next(function () {
        var url;
        try {
          url = blobUrl(window.CommunityFormsXlsxModule);
        } catch (e) {
          return inPage();
        }
        return attempt(url, function () { URL.revokeObjectURL(url); }).catch(next(inPage));
      }));
  }

  // A worker's code as a function (a page opened from file:// cannot start a worker from a file,
  // but can from a blob: URL): the URL of a script that runs it.
  function blobUrl(fn) {
    return URL.createObjectURL(new Blob(["(" + fn + ")()"], { type: "text/javascript" }));
  }

  // Modules loaded only when needed, by a classic script element (works from file:// too).
  var loading = {};
  function load(src, global) {
    if (window[global]) return Promise.resolve();
    loading[src] = loading[src] || new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("无法加载 " + src)); };
      document.head.append(s);
    });
    return loading[src];
  }
  function loadXlsx() { return load("pkg/community-forms-xlsx.js", "CommunityFormsXlsx"); }

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  // The checking worker, one for the page's life, started with the page: a check then waits
  // neither for the worker's script nor for its wasm to be unpacked and compiled, and a later
  // check reuses the memory the first one grew (BENCHMARKS.md: about two thirds of the time of
  // a worker started for the check). Over http the worker's own file; from file://, where no
  // worker can start from a file, the same worker from a blob: URL; where neither can start (no
  // workers, or a policy without blob: workers), null, and the ledger is checked in this page.
  var worker = startWorker();
  var busy = false;

  function startWorker() {
    var start = function (url, started) {
      return new Promise(function (resolve) {
        var w;
        try {
          w = new Worker(url);
        } catch (e) {
          started();
          return resolve(null);
        }
        w.onerror = function (e) {
          if (e && e.preventDefault) e.preventDefault();
          w.terminate();
          started();
          resolve(null);
        };
        w.onmessage = function (m) {
          if (m.data.type !== "ready") return;
          w.onerror = w.onmessage = null;
          started();
          // Warmed up on a small made-up ledger while the reviewer chooses a file (js/worker.js):
          // the first real check then runs optimised code, not baseline code.
          var warm = new TextEncoder().encode(sampleLedger(2000));
          w.postMessage(Object.assign({ warm: true, bytes: warm, header: { report_year: "2021" } }, ASK), [warm.buffer]);
          resolve(w);
        };
      });
    };
    return start("pkg/community-forms.worker.js", function () {}).then(function (w) {
      if (w) return w;
      return load("pkg/community-forms.worker.fn.js", "CommunityFormsWorker").then(function () {
        var url = blobUrl(window.CommunityFormsWorker);
        return start(url, function () { URL.revokeObjectURL(url); });
      }, function () { return null; });
    });
  }

  // A made-up ledger of `rows` rows in the shape reviewers receive (the Chinese headings, numbers
  // with and without decimals, blank rooms, a few cells in error: blank, negative, full-width,
  // grouped), for the worker's warm-up: it runs the paths a typical file takes.
  function sampleLedger(rows) {
    var lines = ["所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,警务室,日间照料中心（养老服务站）,卫生服务站,文化活动室,菜店（平价超市）,达标年度,备注"];
    var room = function (i, k) { return (i + k) % 4 ? String(20 + ((i * k) % 60)) : ""; };
    for (var i = 0; i < rows; i++) {
      var households = i % 41 === 3 ? "" : i % 97 === 5 ? "-12" : i % 89 === 1 ? "３８００" : i % 83 === 2 ? '"3,800"' : String(800 + ((i * 37) % 4000));
      lines.push(["街道" + (i % 9), "社区" + i, i % 3 ? "城市社区" : "农村社区", households, 200 + ((i * 13) % 1200) + "." + (i % 100), room(i, 1), room(i, 2), room(i, 3), room(i, 5), room(i, 7), String(2018 + (i % 5)), i % 6 ? "" : "部分用房设在中心外"].join(","));
    }
    return lines.join("\n");
  }

  // A worker that failed a job (its wasm may have trapped) or whose job was abandoned is not
  // used again: a fresh one is started for the next check.
  function replaceWorker() {
    worker.then(function (w) { if (w) w.terminate(); });
    worker = startWorker();
  }

  /** Checks `input`: { text } (pasted), { bytes, name } (a CSV file) or { sheets, sheet, name }
   * (a workbook's worksheets, and the one chosen, if one was; the file's name). */
  var workbook = null, workbookName = null;
  // Values the reviewer gave for columns the ledger lacks ({ community_type: "农村社区" }: the
  // notice's own table has no 社区类型 column), kept for checks of the same ledger; and how to
  // check that ledger again (a file's bytes move to the worker, so a file is read anew).
  var give = {}, again = null;
  function check(input) {
    var year = $("report-year").value;
    again = input.bytes ? function () { readThenCheck(input.file); } : function () { check(input); };
    var job = Object.assign({ text: input.text, bytes: input.bytes, names: input.name ? [input.name] : [], give: give, header: { report_year: year, reporting_unit: $("reporting-unit").value } }, ASK);
    // A workbook's sheets are kept, to check another of them when the reviewer chooses it.
    workbook = input.sheets ? input.sheets : null;
    workbookName = input.sheets ? input.name : null;
    if (input.sheets) {
      job.sheets = input.sheets;
      job.sheet = input.sheet;
    }
    // The choice of another worksheet stays at hand whatever this check finds.
    fillSheets(input.sheets || [], input.sheet == null ? 0 : input.sheet);
    // The last file's results are not this one's.
    $("results").hidden = true;
    $("give-choice").hidden = true;
    $("progress").hidden = false;
    $("progress").value = 0;
    status("正在核查…");
    // A new check while one runs replaces it: the one running is abandoned.
    if (busy) replaceWorker();
    busy = true;
    worker.then(function (w) {
      if (w) run(w, job, year);
      else inPage(job);
    });
  }

  // After an error, where the workbook has other worksheets: where to choose one.
  function otherSheets() {
    return workbook && workbook.length > 1 ? "（工作簿有" + workbook.length + "个工作表，可在下方选择要核查的工作表）" : "";
  }

  // Hands the job to the worker and shows what it answers.
  function run(w, job, year) {
    w.onmessage = function (m) {
      var d = m.data;
      if (d.type === "progress") {
        $("progress").value = d.total ? d.done / d.total : 1;
        status(d.evaluating ? "已读取 " + d.rows + " 行，正在计算…" : "已读取 " + d.rows + " 行…");
      } else if (d.type === "done") {
        busy = false;
        w.onmessage = w.onerror = null;
        show(d.result, d.columns, year, d.ignored, d.tallies, d.workbook);
      } else if (d.type === "error") {
        busy = false;
        replaceWorker();
        status("无法核查：" + d.message + otherSheets());
      }
    };
    w.onerror = function (e) {
      if (e && e.preventDefault) e.preventDefault();
      busy = false;
      replaceWorker();
      status("无法核查：核查线程意外停止（文件可能过大）。");
    };
    // A file's bytes move to the worker instead of being copied (the page does not need them).
    w.postMessage(job, job.bytes ? [job.bytes.buffer] : []);
  }

  function inPage(job) {
    status("正在核查（本页内）…");
    // Where no worker can start: the ledger module, in this page, answering as the worker does.
    load("pkg/community-forms.ledger.global.js", "CommunityFormsLedger").then(function () {
      return CommunityFormsLedger.ready;
    }).then(function (ok) {
      if (!ok) throw new Error("WebAssembly 不可用");
      var d = CommunityFormsLedger.checkLedger(job);
      busy = false;
      show(d.result, d.columns, job.header.report_year, d.ignored, d.tallies, d.workbook);
    }).catch(function (e) {
      busy = false;
      status("无法核查：" + (e && e.message ? e.message : String(e)) + otherSheets());
    });
  }


  // Problems come packed, { texts, paths, codes } (js/ledger-job.js, `compact`; js/bulk-result.js):
  // five numbers per problem (the table row, -1, or -2 - n for a totals row n that does not add
  // up; 1 for an error; the indexes of code, message and citation in `texts`). The page reads
  // them in place (`problem`); the paths it does not show.

  /** Problem `i` of `p` (state.problems) as the list shows it. */
  function problem(p, i) {
    var c = p.codes, j = i * 5, row = c[j];
    return {
      row: p.rows[i],
      name: row >= 0 ? nameOf(p.names, row) : row < -1 ? "合计" : "",
      severity: c[j + 1] ? "error" : "warning",
      message: p.texts[c[j + 3]],
      citation: p.texts[c[j + 4]],
    };
  }

  /** Row `row`'s name, from the names as the worker sends them (js/ledger-job.js, `joined`):
   * `{ text, starts }`, each name after a U+001F in `text`, and where each starts. */
  function nameOf(names, row) {
    var from = names.starts[row];
    if (from === undefined) return "";
    var next = names.starts[row + 1];
    return names.text.slice(from, next === undefined ? names.text.length : next - 1);
  }

  /** The rows whose name holds `find` (no U+001F: what a person types), as flags by row: the
   * joined names searched once, each hit's row found among the starts. */
  function rowsNamed(names, find) {
    var flags = new Uint8Array(names.starts.length), text = names.text, starts = names.starts;
    for (var at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + 1)) {
      var n = upTo(starts.length, at, function (i) { return starts[i]; });
      if (n > 0) flags[n - 1] = 1;
    }
    return flags;
  }

  /** How many of `n` entries, ascending by `key(i)`, have a key of at most `x` (binary search). */
  function upTo(n, x, key) {
    var lo = 0, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (key(mid) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // n / d as a percentage to one decimal, half up, from whole counts: n × 1000 / d is at least
  // 1 / d away from any other half-integer than its own, far beyond a double's error, so the
  // rounding is that of the exact rate (a computed field's own rates come from the engine).
  function rate(n, d) { return d ? (Math.round((n * 1000) / d) / 10).toFixed(1) : "—"; }

  // A table row's spreadsheet row: what the reviewer finds it by in Excel. The result's `sheet`
  // lists where the numbering jumps (a title above the header, blank and totals rows are not
  // rows of the table; pkg/community-forms.d.ts, Sheet).
  function sheetRow(sheet, row) {
    var jumps = sheet.numbers, lo = upTo(jumps.length, row, function (i) { return jumps[i][0]; });
    return lo > 0 ? jumps[lo - 1][1] + (row - jumps[lo - 1][0]) : row + 1;
  }

  // What the reading left out, said in a sentence: a title above the header, totals rows, blank rows.
  function leftOut(sheet) {
    var notes = [];
    var head = sheet.header_rows > 1 ? sheet.header_row + "—" + (sheet.header_row + sheet.header_rows - 1) : sheet.header_row;
    if (sheet.above_header) notes.push("表头在第" + head + "行，其上" + sheet.above_header + "行（标题等）未核查");
    else if (sheet.header_rows > 1) notes.push("表头在第" + head + "行");
    if (sheet.totals) notes.push("第" + sheet.totals_rows.join("、") + "行" + (sheet.totals > sheet.totals_rows.length ? "等" + sheet.totals + "行" : "") + "为合计行，未作为社区核查（合计数已与各行核对）");
    if (sheet.blank_rows) notes.push("空行" + sheet.blank_rows + "行已跳过");
    // A column the ledger lacks, taken from its worksheet's or file's name (the notice's own
    // table has no 社区类型 column: urban and rural communities are filled in separately).
    (sheet.given || []).forEach(function (g) {
      notes.push("无“" + g.label + "”列：各行均按“" + g.value + "”核查" + (g.from != null ? "（据名称“" + g.from + "”）" : ""));
    });
    (sheet.sections || []).forEach(function (s) {
      notes.push("第" + s.row + "行“" + s.text + "”为分类标题，其下各行按“" + s.value + "”核查");
    });
    // A required column nothing gave: every row reports it (the choice below gives it).
    (sheet.missing || []).forEach(function (m) {
      notes.push("无“" + m.label + "”列，每行均报未填（可在下方" + (m.options.length ? "选择" : "填写") + "各行的" + m.label + "）");
    });
    if (sheet.not_utf8_line) notes.push("文件为 UTF-8 编码，但第" + sheet.not_utf8_line + "行起有不是 UTF-8 的字节，已读作“\uFFFD”，请核对原文件");
    return notes.length ? "；" + notes.join("；") : "";
  }

  // For each column the ledger lacks, the value every row takes (社区类型, a choice: the notice's
  // own table has no such column; 所在街道, typed: a street's own ledger may have none) and a
  // button that checks the same ledger again with it: shown when nothing gave the column (every
  // row reports it missing), or when a name or the reviewer did (to correct it).
  function fillGive(sheet) {
    var box = $("give-choice");
    box.textContent = "";
    var columns = (sheet.missing || []).concat(sheet.given || []);
    columns.forEach(function (c, i) {
      var id = "give-" + i, choice = c.options && c.options.length > 0;
      var said = c.value == null
        ? "台账没有“" + c.label + "”列，每行都报未填。" + (choice ? "如各行同属一类，请指定：" : "如各行相同，请填写：")
        : "台账没有“" + c.label + "”列，各行已按“" + c.value + "”核查" + (c.from != null ? "（据名称“" + c.from + "”）" : "（已指定）") + "；如不对，可改为：";
      var input;
      if (choice) {
        input = el("select", null, { id: id, "data-field": c.field });
        input.append(el("option", "（请选择）", { value: "" }));
        c.options.forEach(function (o) { input.append(el("option", o, { value: o })); });
      } else {
        input = el("input", null, { id: id, "data-field": c.field, size: "16" });
      }
      if (c.value != null) input.value = c.value;
      var button = el("button", choice ? "按所选重新核查" : "按所填重新核查", { type: "button", class: "secondary" });
      button.addEventListener("click", function () {
        var value = input.value.trim();
        if (!value || !again) return input.focus();
        give[c.field] = value;
        // The choice goes away while the ledger is checked again: the status line, which says
        // how the check goes, takes the focus.
        $("status").focus();
        again();
      });
      var p = el("p");
      p.append(el("label", said, { for: id }), input, " ", button);
      box.append(p);
    });
    box.hidden = columns.length === 0;
  }

  // The choice of a workbook's worksheet, shown when it has more than one.
  function fillSheets(list, read) {
    var choice = $("sheet-choice"), select = $("sheet");
    choice.hidden = list.length < 2;
    select.textContent = "";
    list.forEach(function (s, i) { select.append(el("option", (i + 1) + ". " + s.name, { value: String(i) })); });
    select.value = String(read);
  }

  // Which of a workbook's worksheets was checked, said in a sentence.
  function sheets(wb) {
    if (!wb || wb.names.length < 2) return "";
    $("sheet").value = String(wb.read);
    var q = function (i) { return "“" + wb.names[i] + "”"; };
    var note = "；工作簿有" + wb.names.length + "个工作表（" + wb.names.join("、") + "），核查的是" + q(wb.read);
    if (wb.also.length) note += "；" + wb.also.map(q).join("、") + "也有本台账的表头，未核查，可在下方选择";
    return note;
  }

  function show(result, columns, year, ignored, tallies, workbook) {
    $("progress").value = 1;
    // A summary (row count, header values, problems), the community names and the counts by
    // street and by type (js/ledger-job.js).
    var n = result.rows.communities;
    var sheet = result.sheet || { numbers: [] };
    // Problems, a page at a time (100,000 rows never become 100,000 DOM nodes).
    var codes = result.issues.codes, count = codes.length / 5, errors = 0;
    var rows = new Int32Array(count);
    for (var i = 0, j = 0; i < count; i++, j += 5) {
      if (codes[j + 1]) errors++;
      // A totals row's problem (it does not add up) is on that spreadsheet row.
      var row = codes[j];
      rows[i] = row >= 0 ? sheetRow(sheet, row) : row < -1 ? -2 - row : -1;
    }
    state.problems = { codes: codes, texts: result.issues.texts, rows: rows, count: count, names: columns.community || { text: "", starts: [] } };
    var warnings = count - errors;
    // A ledger's few errors can drown among tens of thousands of warnings: the list can be
    // narrowed to either.
    var filter = $("severity");
    filter.options[0].textContent = "全部问题（" + count + "）";
    filter.options[1].textContent = "只看错误（" + errors + "）";
    filter.options[2].textContent = "只看警告（" + warnings + "）";
    status("核查完成：" + n + " 行，" + errors + " 个错误，" + warnings + " 个警告" + (ignored.length ? "；未识别的列：" + ignored.join("、") : "") + leftOut(sheet) + sheets(workbook));
    fillGive(sheet);
    $("overview").textContent = "达标社区 " + (result.values.compliant_count || "0") + " 个，达标率 " + (result.values.compliance_rate || "—") + "%，" + year + "年目标 " + TARGET[year] + "%。";
    // Aggregates by street and by type.
    // Keyed by what the ledger says: no inherited keys (a street called __proto__ is a street),
    // and groups shown under one name (a blank street, and one written “（未填）”) are added up.
    var groups = Object.create(null), types = Object.create(null);
    var fill = function (into, list) {
      list.forEach(function (g) {
        var name = g[0] === null ? "（填写有误）" : g[0] || "（未填）";
        var to = into[name] || (into[name] = { n: 0, ok: 0, bad: 0 });
        to.n += g[1];
        to.ok += g[2];
        to.bad += g[3];
      });
    };
    fill(groups, tallies.street);
    fill(types, tallies.community_type);
    state.streets = Object.keys(groups).sort().map(function (s) { return { name: s, n: groups[s].n, ok: groups[s].ok, bad: groups[s].bad }; });
    state.streetPage = 0;
    state.year = year;
    streetPage();
    var tt = $("by-type").tBodies[0];
    tt.textContent = "";
    Object.keys(types).sort().forEach(function (t) {
      var g = types[t], tr = el("tr");
      tr.append(el("th", t, { scope: "row" }), el("td", String(g.n)), el("td", String(g.bad)), el("td", String(g.ok)), el("td", rate(g.ok, g.n) + "%"));
      tt.append(tr);
    });
    // A new ledger: the last one's name search would hide its problems.
    $("find").value = "";
    narrow();
    $("results").hidden = false;
  }

  /** A street's row of the table and of its export: name, communities, with errors, compliant,
   * rate (%) and the year's target (%). */
  function streetFigures(g) {
    return [g.name, g.n, g.bad, g.ok, rate(g.ok, g.n), TARGET[state.year]];
  }

  /** The counts by street, a page at a time, and the chart of the same streets: tens of
   * thousands of townships never become tens of thousands of table rows and bars. */
  function streetPage() {
    var start = state.streetPage * PAGE, list = state.streets.slice(start, start + PAGE);
    var tbody = $("by-street").tBodies[0];
    tbody.textContent = "";
    list.forEach(function (g) {
      var f = streetFigures(g), tr = el("tr");
      tr.append(el("th", f[0], { scope: "row" }), el("td", String(f[1])), el("td", String(f[2])), el("td", String(f[3])), el("td", f[4] + "%"), el("td", f[5] + "%"));
      tbody.append(tr);
    });
    $("street-pager").hidden = pager("street-", state.streetPage, state.streets.length, "个街道（乡镇）") < 2;
    chart(list, TARGET[state.year]);
  }

  /** Bars of the compliance rate by street; `bars` are counts ({ name, n, ok }). Whether a street
   * meets the target is decided on the counts (ok / n ≥ target %, in whole numbers), and its
   * label is the table's rate, rounded half up: a rate such as 0.15% is not drawn as 0.1%, as a
   * binary fraction would round it. */
  function chart(bars, target) {
    var NS = "http://www.w3.org/2000/svg", w = 640, bh = 22, h = bars.length * bh + 30;
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("width", String(w));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "各街道达标率，虚线为年度目标" + target + "%");
    bars.forEach(function (b, i) {
      // A bar's length is drawing, not arithmetic anyone reads.
      var y = i * bh + 4, len = b.n ? (b.ok / b.n) * 440 : 0, meets = b.ok * 100 >= target * b.n;
      var label = document.createElementNS(NS, "text");
      label.setAttribute("x", "0"); label.setAttribute("y", String(y + 15)); label.textContent = b.name;
      var rect = document.createElementNS(NS, "rect");
      rect.setAttribute("x", "130"); rect.setAttribute("y", String(y)); rect.setAttribute("height", "16");
      rect.setAttribute("width", String(Math.max(len, 1)));
      rect.setAttribute("fill", meets ? "#1a6b3c" : "#b10e1e");
      var val = document.createElementNS(NS, "text");
      val.setAttribute("x", String(136 + len)); val.setAttribute("y", String(y + 13)); val.textContent = rate(b.ok, b.n) + "%";
      svg.append(label, rect, val);
    });
    var line = document.createElementNS(NS, "line");
    var x = String(130 + (target / 100) * 440);
    line.setAttribute("x1", x); line.setAttribute("x2", x); line.setAttribute("y1", "0"); line.setAttribute("y2", String(h - 20));
    line.setAttribute("stroke", "#333"); line.setAttribute("stroke-dasharray", "4 3");
    svg.append(line);
    $("chart").textContent = "";
    $("chart").append(svg);
  }

  /** The problems the severity filter and the name search let through, from the first page (a
   * reviewer looks one community up among a national ledger's problems). */
  function narrow() {
    var want = $("severity").value, find = $("find").value.trim(), p = state.problems;
    state.shown = null;
    if (p && (want !== "all" || find)) {
      var named = find ? rowsNamed(p.names, find) : null, errorsOnly = want === "error", shown = [];
      for (var i = 0, j = 0; i < p.count; i++, j += 5) {
        if (want !== "all" && (p.codes[j + 1] !== 0) !== errorsOnly) continue;
        // A totals row's problem goes by 合计, the sheet's own by no name.
        var row = p.codes[j];
        if (named && !(row >= 0 ? named[row] : row < -1 && "合计".indexOf(find) !== -1)) continue;
        shown.push(i);
      }
      state.shown = shown;
    }
    state.page = 0;
    page();
  }

  /** How many problems the list holds, and its `k`th (counted from 0). */
  function shownCount() { return state.shown ? state.shown.length : state.problems ? state.problems.count : 0; }
  function shownAt(k) { return problem(state.problems, state.shown ? state.shown[k] : k); }

  function page() {
    var tbody = $("problems").tBodies[0];
    tbody.textContent = "";
    var start = state.page * PAGE, end = Math.min(shownCount(), start + PAGE);
    for (var k = start; k < end; k++) {
      var p = shownAt(k), tr = el("tr");
      tr.append(el("td", p.row >= 0 ? String(p.row) : "—"), el("td", p.name), el("td", p.severity === "error" ? "错误" : "警告"), el("td", p.message + "（" + p.citation + "）"));
      tbody.append(tr);
    }
    pager("", state.page, shownCount(), "条");
  }

  /** A list's pager (ids `prefix`prev, `prefix`next and its info, page-info or street-info): page
   * `at` of `total` items; returns the number of pages. */
  function pager(prefix, at, total, unit) {
    var pages = Math.max(1, Math.ceil(total / PAGE));
    $(prefix ? prefix + "info" : "page-info").textContent = "第 " + (at + 1) + " / " + pages + " 页，共 " + total + " " + unit;
    $(prefix + "prev").disabled = at === 0;
    $(prefix + "next").disabled = at + 1 >= pages;
    return pages;
  }

  // A cell that starts like a formula (=, +, -, @, tab, CR) would run as one when an export is
  // opened in Excel (CSV injection: names come from the ledger); a leading ' keeps it text.
  function q(s) {
    s = String(s);
    return '"' + (/^[=+\-@\t\r]/.test(s) ? "'" : "") + s.replace(/"/g, '""') + '"';
  }

  /** Lines of CSV saved as a file, with a byte-order mark so that Excel reads it as UTF-8. */
  function download(lines, name) {
    var blob = new Blob(["\ufeff" + lines.join("\r\n")], { type: "text/csv;charset=utf-8" });
    var a = el("a", null, { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  }

  function exportCsv() {
    // What the list shows (all problems, or only the errors or the warnings).
    var lines = ["行,社区名称,级别,问题,依据"];
    for (var k = 0, n = shownCount(); k < n; k++) {
      var p = shownAt(k);
      lines.push([p.row >= 0 ? p.row : "", q(p.name), p.severity === "error" ? "错误" : "警告", q(p.message), q(p.citation)].join(","));
    }
    download(lines, "台账问题清单.csv");
  }

  /** Every street's counts, not only the page shown (a national ledger's 40,000 townships). */
  function exportStreets() {
    var lines = ["街道（乡镇）,社区数,有错误的社区,达标数,达标率（%）,年度目标（%）"];
    state.streets.forEach(function (g) {
      var f = streetFigures(g);
      f[0] = q(f[0]);
      lines.push(f.join(","));
    });
    download(lines, "台账按街道统计.csv");
  }

  $("street-prev").addEventListener("click", function () { state.streetPage--; streetPage(); });
  $("street-next").addEventListener("click", function () { state.streetPage++; streetPage(); });
  $("prev").addEventListener("click", function () { state.page--; page(); });
  $("next").addEventListener("click", function () { state.page++; page(); });
  $("export").addEventListener("click", exportCsv);
  $("export-streets").addEventListener("click", exportStreets);
  $("severity").addEventListener("change", narrow);
  // Not while an input method is composing (拼音 is not yet the name).
  $("find").addEventListener("input", function (e) { if (!e.isComposing) narrow(); });
  $("find").addEventListener("compositionend", narrow);
  $("sheet").addEventListener("change", function () {
    if (!workbook) return;
    chosen++;
    // Another worksheet is another ledger: what was given for this one is not its.
    give = {};
    check({ sheets: workbook, sheet: Number($("sheet").value), name: workbookName });
  });
  // A large paste (a whole ledger copied from Excel) is kept here rather than in the text box:
  // Chromium takes one to two seconds to lay out 30,000 lines in a textarea, with the page frozen.
  // The text is kept whole; typing in the box afterwards uses the box instead.
  var LARGE_PASTE = 100000;
  var pasted = null;
  function setPasted(text) {
    pasted = text;
    var note = $("paste-note");
    note.hidden = text === null;
    if (text === null) return;
    var lines = 0;
    for (var at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++;
    if (text.length && text[text.length - 1] !== "\n") lines++;
    note.textContent = "已粘贴 " + Math.max(lines - 1, 0) + " 行（不含表头，" + Math.ceil(text.length / 1024) + " KB）。内容较多，为保持页面流畅不在框内显示；点击“开始核查”即可核查。在框内输入则改为核查框内内容。";
  }
  $("paste").addEventListener("paste", function (e) {
    var text = e.clipboardData ? e.clipboardData.getData("text/plain") : "";
    if (text.length < LARGE_PASTE) return;
    e.preventDefault();
    $("paste").value = "";
    give = {};
    setPasted(text);
  });
  $("paste").addEventListener("input", function () {
    give = {};
    if (pasted !== null) setPasted(null);
  });
  // Each choice of a ledger (a submit, a drop) supersedes the ones before it: a file still being
  // read when another is chosen is not checked once read.
  var chosen = 0;
  function readThenCheck(file) {
    var mine = ++chosen;
    read(file).then(function (input) {
      if (mine === chosen) check(input);
    }, function (err) {
      if (mine === chosen) status("无法读取文件：" + err.message);
    });
  }
  // A CSV file chosen: its worker readies the memory the check will use while the reviewer
  // reaches for the button (js/worker.js; about 7.5 bytes for each byte of the file, 100,000
  // rows taking 67 MB; a first use of that memory cost the check 50–75 ms).
  $("file").addEventListener("change", function () {
    give = {};
    var file = $("file").files[0];
    if (!file || /\.xls[xm]?$/i.test(file.name)) return;
    worker.then(function (w) { if (w) w.postMessage({ prepare: Math.ceil(file.size * 7.5) }); });
  });
  $("ledger-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var file = $("file").files[0];
    if (file) return readThenCheck(file);
    chosen++;
    if (pasted !== null) check({ text: pasted });
    else if ($("paste").value.trim()) check({ text: $("paste").value });
    else status("请选择台账文件，或粘贴表格内容。");
  });
  var drop = $("drop");
  drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    var f = e.dataTransfer.files[0];
    if (!f) return;
    give = {};
    readThenCheck(f);
  });
})();
