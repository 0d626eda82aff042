// The baseline: a straightforward JavaScript implementation of the ledger and filing rules with
// decimal.js, as a developer would write instead of community-forms (exact, but no explanations,
// no field messages beyond a code, no IME policy). Loaded as a classic script after decimal.js.
(function () {
  var D = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP });
  function num(s) {
    if (s == null) return null;
    var t = String(s).trim().replace(/[０-９．，]/g, function (c) { return c === "．" ? "." : c === "，" ? "," : String.fromCharCode(c.charCodeAt(0) - 0xfee0); });
    if (t === "") return null;
    if (!/^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/.test(t)) return NaN;
    return new D(t.replace(/,/g, ""));
  }
  var AREAS = ["area_service_center", "area_police_room", "area_day_care", "area_health_station", "area_culture_room", "area_grocery"];
  function ledgerRow(r, reportYear) {
    var errors = [];
    var hh = num(r.households);
    if (hh === null || Number.isNaN(hh) || hh.lt(1)) errors.push("households");
    var total = new D(0);
    for (var i = 0; i < AREAS.length; i++) {
      var a = num(r[AREAS[i]]);
      if (a === null) { if (i === 0) errors.push(AREAS[i]); continue; }
      if (Number.isNaN(a) || a.isNeg() || a.decimalPlaces() > 2) { errors.push(AREAS[i]); continue; }
      total = total.plus(a);
    }
    var out = { errors: errors };
    if (errors.length) return out;
    var per100 = total.div(hh).times(100);
    out.total = total.toFixed(2);
    out.per100 = per100.toFixed(2);
    out.compliant = per100.gte(30);
    var y = Number(r.compliance_year);
    if (out.compliant ? y > reportYear : y < reportYear || y > 2022) errors.push("compliance_year");
    return out;
  }
  function ledger(rows, reportYear) {
    var compliant = 0, results = new Array(rows.length);
    for (var i = 0; i < rows.length; i++) {
      var r = (results[i] = ledgerRow(rows[i], reportYear));
      if (r.compliant) compliant++;
    }
    var rate = rows.length ? new D(compliant).div(rows.length).times(100).toFixed(1) : null;
    return { results: results, compliant: compliant, rate: rate };
  }
  function filing(projects) {
    var sums = { building: new D(0), city: new D(0), county: new D(0), total: new D(0) }, errors = [];
    for (var i = 0; i < projects.length; i++) {
      var p = projects[i];
      var b = num(p.building_area), c = num(p.city_subsidy), k = num(p.county_funds) || new D(0), t = num(p.township_funds) || new D(0);
      if (b === null || Number.isNaN(b) || b.lt(600)) errors.push(i + ".building_area");
      if (c === null || Number.isNaN(c) || !c.eq(50)) errors.push(i + ".city_subsidy");
      if (b && !Number.isNaN(b)) sums.building = sums.building.plus(b);
      if (c && !Number.isNaN(c)) { sums.city = sums.city.plus(c); sums.total = sums.total.plus(c).plus(k).plus(t); }
      sums.county = sums.county.plus(k);
    }
    return { errors: errors, building: sums.building.toFixed(2), city: sums.city.toString(), total: sums.total.toString() };
  }
  window.BaselineDecimal = { ledger: ledger, ledgerRow: ledgerRow, filing: filing };
})();
