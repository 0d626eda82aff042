// The form package (pkg/community-forms.js, .global.js, .standalone.js): the public API of
// js/api.js, built for size, and every <form data-cf-form> on the page attached automatically.
// Whole ledgers are checked by the ledger module (js/ledger.js) instead: its speed build of the
// engine would double what every form page loads.
import { ready } from "./ready.js";
import { engine } from "./engine.js";
import { autoAttach, showUnavailable } from "./attach.js";

export * from "./api.js";

function ledgerOnly(name) {
  throw new Error(`community-forms: ${name} is in the ledger module (community-forms/ledger, community-forms.ledger.js) and in Node; the form package leaves whole ledgers out to stay small`);
}
/** Not in the form package: see the ledger module. */
export function evaluateCsv() {
  ledgerOnly("evaluateCsv");
}
/** Not in the form package: see the ledger module. */
export function evaluateRows() {
  ledgerOnly("evaluateRows");
}
/** Not in the form package: see the ledger module. */
export function checkLedger() {
  ledgerOnly("checkLedger");
}
/** Not in the form package: see the ledger module. */
export function sheetRow() {
  ledgerOnly("sheetRow");
}

// Every <form data-cf-form> on the page is attached once the engine and the page are ready, and
// any form this script's own tag names (data-cf-attach: one script tag, the markup untouched).
// The tag is known only while the script first runs (a classic script's; a module has none).
if (typeof document !== "undefined") {
  const script = document.currentScript;
  const start = () =>
    ready.then((ok) => {
      if (ok) autoAttach(engine, script);
      else showUnavailable();
    });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
