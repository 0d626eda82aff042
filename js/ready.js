// Loading the engine: shared by the form package (js/index.js) and the ledger module
// (js/ledger.js).
import { loadWasm } from "#load-wasm";

let available = false;

/** Resolves to true once the engine is ready, or to false when WebAssembly is unavailable
 * (an old browser, or a Content-Security-Policy without 'wasm-unsafe-eval'). Never rejects. */
export const ready = (async () => {
  try {
    if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not supported by this browser");
    await loadWasm();
    available = true;
  } catch (e) {
    console.warn("community-forms: validation is off, the form works as before (" + (e && e.message ? e.message : e) + ")");
    available = false;
  }
  return available;
})();

export function need() {
  if (!available) throw new Error("community-forms is not ready (await ready first; it resolves to false when WebAssembly is unavailable)");
}

export const isAvailable = () => available;
