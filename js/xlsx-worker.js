// The .xlsx reader in a worker (pkg/community-forms-xlsx.worker.js): a 100,000-row workbook takes
// the reader one to two seconds, which on a page's main thread would freeze it. Posted the
// workbook's bytes, it answers {csv} or {error}.
/* global importScripts, CommunityFormsXlsx */
importScripts("community-forms-xlsx.js");
onmessage = function (e) {
  CommunityFormsXlsx.toCsv(e.data).then(
    function (csv) { postMessage({ csv: csv }); },
    function (err) { postMessage({ error: String(err && err.message ? err.message : err) }); },
  );
};
