// The binding-code tool (mapping.html): for a page whose markup cannot change, finds for every
// field of the chosen form the element of the page whose label reads like the field's, lets the
// person correct each pair, and writes the one script tag that binds the page (data-cf-attach,
// README "In a web page"). The page's HTML is parsed inert (DOMParser runs no script and loads
// nothing) and never leaves this browser. Everything shown is set with textContent.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var CONTROLS = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]),select,textarea,output";
  var info = null; // the chosen form's formInfo
  var found = null; // what the last search found: { form, candidates, pairs, tables }

  function text(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  // A label as compared: without spaces, colons and marks; `norm` also without what brackets
  // hold (a unit, （报酬）), `squeeze` keeping it (（改造前）).
  function squeeze(s) {
    return String(s || "").replace(/[\s:：*＊·、，,。.（）()【】[\]]/g, "").toLowerCase();
  }
  function norm(s) {
    return squeeze(String(s || "").replace(/[（(【[][^）)】\]]*[）)】\]]/g, ""));
  }

  // How alike two texts are: twice the character pairs they share over how many they have.
  function dice(a, b) {
    var pairs = {}, shared = 0, i;
    for (i = 0; i + 1 < a.length; i++) pairs[a.substr(i, 2)] = (pairs[a.substr(i, 2)] || 0) + 1;
    for (i = 0; i + 1 < b.length; i++) if (pairs[b.substr(i, 2)] > 0) pairs[b.substr(i, 2)]--, shared++;
    return (2 * shared) / Math.max(1, a.length - 1 + b.length - 1);
  }

  // How well a page's label reads like a field's: 100 the same; 20–70 when one holds the other,
  // less the more it holds beyond, a little more the longer what they share (城市社区 in
  // 城市社区数 against 城市社区平均社会组织数 in 每个城市社区平均社会组织数); 16–40 when
  // two in five of their character pairs or more are the same (改造前面积, 现有建筑面积（改造前）);
  // else 0.
  function score(label, field) {
    var best = 0;
    [[norm(label), norm(field)], [squeeze(label), squeeze(field)]].forEach(function (x) {
      var a = x[0], b = x[1];
      if (!a || !b) return;
      var short = Math.min(a.length, b.length), long = Math.max(a.length, b.length);
      if (a === b) best = 100;
      else if (a.indexOf(b) >= 0 || b.indexOf(a) >= 0) best = Math.max(best, 60 - Math.min(40, long - short) + Math.min(10, short / 2));
      else if (dice(a, b) >= 0.4) best = Math.max(best, Math.round(40 * dice(a, b)));
    });
    return best;
  }

  // Units a page writes beside a value; an area's other spellings read as m², as the forms write it.
  var UNIT = "%|‰|个|户|人|元|万元|m²|m2|平方米|㎡|年|月|日";
  var AFTER = new RegExp("^(" + UNIT + ")"), BRACKETED = new RegExp("[（(]\\s*(" + UNIT + ")\\s*[）)]");
  var AREA = { m2: "m²", 平方米: "m²", "㎡": "m²" };

  // The unit a page gives an element: the text right after it (<output>%), or one in brackets in
  // a label of it (综合服务设施覆盖率（%）).
  function unitOf(el, labels) {
    var next = el.nextSibling && el.nextSibling.nodeType === 3 ? el.nextSibling.nodeValue.trim() : "";
    var m = AFTER.exec(next);
    for (var i = 0; !m && i < labels.length; i++) m = BRACKETED.exec(labels[i]);
    return m ? AREA[m[1]] || m[1] : "";
  }

  // How well an element reads like a field: its best label, and its unit against the field's.
  function fit(c, f) {
    var best = Math.max.apply(null, [0].concat(c.labels.map(function (l) { return score(l, f.label); })));
    if (!best || !c.unit || best === 100) return best;
    var same = f.unit && f.unit.indexOf(c.unit) === 0;
    return Math.max(1, best + (same ? 15 : -15));
  }

  // The pairs of `scored` ([score, a, b]) taken best first, each a and each b once: a → b.
  function assign(scored, n) {
    var chosen = [], taken = new Set();
    for (var i = 0; i < n; i++) chosen.push(-1);
    scored.sort(function (x, y) { return y[0] - x[0]; });
    scored.forEach(function (x) {
      if (chosen[x[1]] < 0 && !taken.has(x[2])) {
        chosen[x[1]] = x[2];
        taken.add(x[2]);
      }
    });
    return chosen;
  }

  // A CSS string: quotes and backslashes escaped, and line breaks, which a string cannot hold.
  function cssString(s) {
    return '"' + String(s).replace(/["\\]/g, "\\$&").replace(/\n/g, "\\a ").replace(/\r/g, "\\d ") + '"';
  }

  // A selector for `el` from `root` (for querySelectorAll on root): by id, by a name no other
  // element of root has, else by its path.
  function selectorOf(el, root) {
    var tag = el.tagName.toLowerCase();
    if (el.id && root.querySelectorAll("#" + CSS.escape(el.id)).length === 1) return "#" + CSS.escape(el.id);
    var name = el.getAttribute("name");
    if (name && root.querySelectorAll(tag + "[name=" + cssString(name) + "]").length === 1) return tag + "[name=" + cssString(name) + "]";
    return pathOf(el, root);
  }

  function pathOf(el, root) {
    var parts = [];
    for (var e = el; e && e !== root; e = e.parentElement) {
      var i = 1;
      for (var s = e.previousElementSibling; s; s = s.previousElementSibling) if (s.tagName === e.tagName) i++;
      parts.unshift(e.tagName.toLowerCase() + ":nth-of-type(" + i + ")");
    }
    return ":scope > " + parts.join(" > ");
  }

  // What may label an element (or a group of radio buttons or check boxes), most likely first:
  // its <label> or aria-label alone, if it has one; else the heading of its table row, the
  // heading of its table column (with the row's first cell: 合计 under 建筑面积 reads
  // 建筑面积合计), its fieldset's legend, the phrase of running text just before it, its
  // placeholder or title.
  function labelsOf(el, doc, group) {
    if (!group) {
      var byFor = el.id ? doc.querySelector("label[for=" + cssString(el.id) + "]") : null;
      if (byFor && text(byFor)) return [text(byFor)];
      var around = el.closest("label");
      if (around && text(around)) return [text(around)];
    }
    if (el.getAttribute("aria-label")) return [el.getAttribute("aria-label")];
    var out = [];
    var cell = el.closest("td,th");
    for (var c = cell && cell.previousElementSibling; c; c = c.previousElementSibling) {
      if (text(c)) {
        out.push(text(c));
        break;
      }
    }
    var table = cell && cell.closest("table"), cols = table && columnsOf(table);
    var row = cell && cell.parentElement;
    if (cols && cols.header.indexOf(row) < 0) {
      var at = columnOf(row, cell);
      var lead = row.firstElementChild !== cell ? text(row.firstElementChild) : "";
      if (cols.paths[at]) out.push(cols.labels[at] + lead, cols.paths[at] + lead, cols.paths[at]);
    }
    var legend = el.closest("fieldset") && el.closest("fieldset").querySelector("legend");
    if (legend && text(legend)) out.push(text(legend));
    // Running text before it: “社区总数：<output>个，达标率 <output>%” names each by the phrase
    // just before it.
    for (var n = el.previousSibling; n; n = n.previousSibling) {
      var t = (n.nodeType === 3 ? n.nodeValue : n.nodeType === 1 && !n.matches(CONTROLS) ? n.textContent : "").trim();
      if (t) {
        out.push(t.split(/[，,；;。（(%·、]/).pop());
        break;
      }
      if (n.nodeType === 1 && n.matches(CONTROLS)) break;
    }
    out.push(el.getAttribute("placeholder") || el.getAttribute("title") || "");
    return out.filter(function (l) { return l; });
  }

  // How many columns (or rows) a cell spans: 1 to 1000, as browsers read colspan.
  function spanOf(cell, attribute) {
    return Math.min(1000, Math.max(1, parseInt(cell.getAttribute(attribute), 10) || 1));
  }

  // The column of a table's grid where `cell` of `row` stands, merged cells counted.
  function columnOf(row, cell) {
    var col = 0;
    for (var i = 0; i < row.children.length && row.children[i] !== cell; i++) col += spanOf(row.children[i], "colspan");
    return col;
  }

  // A table's columns as its header rows (those above the first row with a control) name them:
  // each column by its lowest header cell, merged cells counted (a two-row header's rooms under
  // the heading that spans them). Returns null for a table with no header or no data row.
  function columnsOf(table) {
    var rows = Array.prototype.filter.call(table.querySelectorAll("tr"), function (r) { return r.closest("table") === table; });
    var first = -1;
    for (var i = 0; i < rows.length; i++) if (rows[i].querySelector(CONTROLS)) { first = i; break; }
    if (first < 1) return null;
    var grid = [];
    for (var r = 0; r < first; r++) {
      grid[r] = grid[r] || [];
      var col = 0;
      Array.prototype.forEach.call(rows[r].children, function (cell) {
        while (grid[r][col] !== undefined) col++;
        var span = spanOf(cell, "colspan"), down = spanOf(cell, "rowspan");
        for (var dr = 0; dr < down && r + dr < first; dr++) {
          grid[r + dr] = grid[r + dr] || [];
          for (var dc = 0; dc < span; dc++) grid[r + dr][col + dc] = cell;
        }
        col += span;
      });
    }
    // Each column: its lowest heading, and every heading over it top-down (脱贫攻坚项目 个数).
    var labels = [], paths = [];
    (grid[first - 1] || []).forEach(function (cell, c) {
      var over = [];
      for (var r = 0; r < first; r++) if (grid[r][c] && over.indexOf(grid[r][c]) < 0) over.push(grid[r][c]);
      labels[c] = text(cell);
      paths[c] = over.map(text).join(" ");
    });
    return { labels: labels, paths: paths, header: rows.slice(0, first), data: rows[first] };
  }

  // The selector, relative to a row, of the control in a column of it.
  function cellSelector(row, column) {
    var col = 0;
    for (var i = 0; i < row.children.length; i++) {
      var cell = row.children[i];
      var span = spanOf(cell, "colspan");
      if (column < col + span) {
        var control = cell.querySelector(CONTROLS);
        return control ? ":scope > :nth-child(" + (i + 1) + ") " + control.tagName.toLowerCase() : null;
      }
      col += span;
    }
    return null;
  }

  // Every field of the form paired with the page's element that reads most like it, each element
  // given to one field at most (the best pairs first).
  function search(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var forms = doc.querySelectorAll("form");
    if (!forms.length) return { error: "网页中没有 <form> 表单。" };
    var best = null;
    Array.prototype.forEach.call(forms, function (form) {
      var r = searchForm(form, doc);
      if (!best || r.matched > best.matched) best = r;
    });
    var form = best.form;
    best.target = form.id ? "#" + CSS.escape(form.id) : form.getAttribute("name") ? "form[name=" + cssString(form.getAttribute("name")) + "]" : pathOf(form, doc.body).replace(":scope > ", "body > ");
    return best;
  }

  function searchForm(form, doc) {
    var tables = [], inTables = new Set(), matched = 0;
    // Tables: the page's <table> whose header names most of the table's columns.
    info.tables.forEach(function (tb) {
      var pick = null;
      Array.prototype.forEach.call(form.querySelectorAll("table"), function (table) {
        var cols = columnsOf(table);
        if (!cols) return;
        var scored = [];
        var repeated = function (label) {
          return cols.labels.filter(function (l) { return norm(l) === norm(label); }).length > 1;
        };
        tb.fields.forEach(function (f, fi) {
          cols.labels.forEach(function (label, i) {
            // The column's own heading first, the headings over it too; only those when its own
            // heading is another column's as well (个数 under 脱贫攻坚项目 and under 示范培育项目).
            var v = repeated(label) ? score(cols.paths[i], f.label) : Math.max(score(label, f.label), score(cols.paths[i], f.label) - 5);
            if (v && cellSelector(cols.data, i)) scored.push([v, fi, i]);
          });
        });
        var fields = assign(scored, tb.fields.length).map(function (at, fi) {
          return { field: tb.fields[fi], column: at, label: at >= 0 ? cols.paths[at] : "" };
        });
        var n = fields.filter(function (p) { return p.column >= 0; }).length;
        if (n >= 2 && (!pick || n > pick.n)) pick = { table: table, cols: cols, fields: fields, n: n };
      });
      if (!pick) return;
      matched += pick.n;
      var body = pick.cols.data.parentElement;
      var header = pick.cols.header.filter(function (r) { return r.parentElement === body; }).length;
      // A last row with nothing to type in is a totals row (合计), not a row of the table.
      var last = body.lastElementChild;
      var totals = last && last !== pick.cols.data && !last.querySelector("input,select,textarea");
      tables.push({
        id: tb.id,
        container: selectorOf(body, form),
        row: ":scope > tr" + (header ? ":nth-child(n+" + (header + 1) + ")" : "") + (totals ? ":not(:last-child)" : ""),
        dataRow: pick.cols.data,
        paths: pick.cols.paths,
        fields: pick.fields,
      });
      // The data rows' controls are the table's; a totals row's (合计) are the form's own.
      Array.prototype.forEach.call(body.children, function (r, i) {
        if (i >= header && !(totals && r === last)) Array.prototype.forEach.call(r.querySelectorAll(CONTROLS), function (el) { inTables.add(el); });
      });
    });
    // The other controls, a group of radio buttons (or check boxes) of one name as one.
    var candidates = [], groups = {};
    Array.prototype.forEach.call(form.querySelectorAll(CONTROLS), function (el) {
      if (inTables.has(el)) return;
      var name = el.getAttribute("name");
      var grouped = (el.type === "radio" || el.type === "checkbox") && name;
      if (grouped && groups[name]) return groups[name].els.push(el);
      var c = { els: [el], group: grouped };
      if (grouped) groups[name] = c;
      candidates.push(c);
    });
    candidates.forEach(function (c) {
      var el = c.els[0];
      c.labels = labelsOf(el, doc, c.group && c.els.length > 1 || el.type === "radio");
      c.label = c.labels[0] || "";
      c.unit = unitOf(el, c.labels);
      c.selector = c.group && (c.els.length > 1 || el.type === "radio") ? "input[name=" + cssString(el.getAttribute("name")) + "]" : selectorOf(el, form);
      c.describe = "<" + el.tagName.toLowerCase() + (el.type && el.tagName === "INPUT" ? " type=" + el.type : "") + (el.id ? " id=" + el.id : "") + (el.getAttribute("name") ? " name=" + el.getAttribute("name") : "") + ">" + (c.label ? " “" + c.label + "”" : "");
    });
    var scored = [];
    info.fields.forEach(function (f, fi) {
      candidates.forEach(function (c, ci) {
        var s = fit(c, f);
        if (s) scored.push([s, fi, ci]);
      });
    });
    var pairs = assign(scored, info.fields.length);
    matched += pairs.filter(function (c) { return c >= 0; }).length;
    return { form: form, candidates: candidates, pairs: pairs, tables: tables, matched: matched };
  }

  // The script tag for what the table of pairs now says.
  function tag() {
    var config = { target: found.target, form: info.id, fields: {} };
    info.fields.forEach(function (f, i) {
      var c = found.candidates[found.pairs[i]];
      if (c) config.fields[f.id] = c.selector;
    });
    found.tables.forEach(function (t) {
      var fields = {};
      t.fields.forEach(function (p) {
        var sel = p.column >= 0 ? cellSelector(t.dataRow, p.column) : null;
        if (sel) fields[p.field.id] = sel;
      });
      config.tables = config.tables || {};
      config.tables[t.id] = { container: t.container, row: t.row, fields: fields };
    });
    var json = JSON.stringify(config, null, 2).replace(/&/g, "&amp;").replace(/'/g, "&#39;");
    return "<script src=\"forms/" + info.id + ".js\" data-cf-attach='" + json + "'></script>";
  }

  function option(select, value, label, selected) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    o.selected = selected;
    select.append(o);
  }

  // One row of the table of pairs: a field, the element (or column) chosen, why.
  function pairRow(label, choices, chosen, why, onChange) {
    var tr = document.createElement("tr");
    var th = document.createElement("th");
    th.scope = "row";
    th.textContent = label;
    var td = document.createElement("td");
    var select = document.createElement("select");
    select.setAttribute("aria-label", "“" + label + "”对应的元素");
    option(select, "-1", "（不绑定）", chosen < 0);
    choices.forEach(function (c, i) { option(select, String(i), c, i === chosen); });
    select.addEventListener("change", function () { onChange(+select.value); $("tag").value = tag(); });
    td.append(select);
    var reason = document.createElement("td");
    reason.textContent = why;
    tr.append(th, td, reason);
    $("pairs").append(tr);
  }

  function show() {
    $("pairs").textContent = "";
    var names = found.candidates.map(function (c) { return c.describe; });
    info.fields.forEach(function (f, i) {
      var c = found.candidates[found.pairs[i]];
      var why = c ? c.labels.reduce(function (a, l) { return score(l, f.label) > score(a, f.label) ? l : a; }, c.label) : "";
      pairRow(f.label + "（" + f.id + (f.computed ? "，计算得出" : "") + "）", names, found.pairs[i], c ? "标签“" + why + "”" : "未找到名称相近的元素", function (v) { found.pairs[i] = v; });
    });
    found.tables.forEach(function (t) {
      var columns = t.paths.map(function (l, i) { return "第" + (i + 1) + "列“" + l + "”"; });
      t.fields.forEach(function (p) {
        pairRow(p.field.label + "（" + t.id + "." + p.field.id + (p.field.computed ? "，计算得出" : "") + "）", columns, p.column, p.column >= 0 ? "表头“" + p.label + "”" : "未找到名称相近的列", function (v) { p.column = v; });
      });
    });
    $("tag").value = tag();
    $("result").hidden = false;
    var missing = info.fields.filter(function (f, i) { return !f.computed && found.pairs[i] < 0; }).length;
    $("status").textContent = "已找到" + found.matched + "个栏目的对应元素" + (missing ? "；另有" + missing + "个填写栏目未找到，请核对" : "") + "。";
  }

  function run(html) {
    info = CommunityForms.formInfo($("form-id").value);
    var r;
    try {
      r = search(html);
    } catch (e) {
      r = { error: "无法读取该网页（" + (e && e.message ? e.message : e) + "）。" };
    }
    if (r.error) {
      $("result").hidden = true;
      $("status").textContent = r.error;
      return;
    }
    found = r;
    show();
  }

  // A saved page in UTF-8, or else GBK (as many older government pages are saved).
  function decode(buffer) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
    } catch (e) {
      return new TextDecoder("gb18030").decode(buffer);
    }
  }

  CommunityForms.ready.then(function (ok) {
    if (!ok) {
      $("status").textContent = "本浏览器不能运行 WebAssembly，无法使用本工具。";
      return;
    }
    CommunityForms.forms().forEach(function (id) {
      option($("form-id"), id, CommunityForms.formInfo(id).title + "（" + id + "）", false);
    });
    $("page-file").addEventListener("change", function () {
      var file = $("page-file").files[0];
      if (file) file.arrayBuffer().then(function (b) { $("page-html").value = decode(b); });
    });
    $("mapping").addEventListener("submit", function (e) {
      e.preventDefault();
      run($("page-html").value);
    });
    $("copy").addEventListener("click", function () {
      $("tag").select();
      if (navigator.clipboard) navigator.clipboard.writeText($("tag").value).catch(function () {});
    });
  });
})();
