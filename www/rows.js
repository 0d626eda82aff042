// The page's own script (not part of community-forms): add and remove table rows, keeping
// names, labels and row numbers in order. community-forms notices the change by itself.
(function () {
  function renumber(tbody) {
    var rows = tbody.querySelectorAll("tr[data-cf-row]");
    rows.forEach(function (tr, i) {
      var no = tr.querySelector(".row-no");
      if (no) no.textContent = String(i + 1);
      tr.querySelectorAll("[data-name]").forEach(function (el) {
        el.name = tbody.getAttribute("data-cf-table") + "[" + i + "][" + el.getAttribute("data-name") + "]";
        var label = el.getAttribute("data-label");
        if (label) el.setAttribute("aria-label", "第" + (i + 1) + "行 " + label);
      });
      var del = tr.querySelector(".remove-row");
      if (del) del.setAttribute("aria-label", "删除第" + (i + 1) + "行");
    });
  }
  document.querySelectorAll("tbody[data-cf-table]").forEach(function (tbody) {
    var template = document.getElementById(tbody.getAttribute("data-template"));
    var add = document.querySelector('[data-add-row="' + tbody.id + '"]');
    if (add && template) {
      add.addEventListener("click", function () {
        tbody.appendChild(template.content.firstElementChild.cloneNode(true));
        renumber(tbody);
        var first = tbody.lastElementChild.querySelector("input,select,textarea");
        if (first) first.focus();
      });
    }
    tbody.addEventListener("click", function (e) {
      var btn = e.target.closest(".remove-row");
      if (!btn) return;
      btn.closest("tr").remove();
      renumber(tbody);
    });
    renumber(tbody);
  });
})();
