// The .xlsx reader in a worker (pkg/community-forms-xlsx.worker.js): a 100,000-row workbook takes
// the reader one to two seconds, which on a page's main thread would freeze it. The reader itself
// answers the messages when it runs in a worker (js/xlsx.js).
/* global importScripts */
importScripts("community-forms-xlsx.js");
