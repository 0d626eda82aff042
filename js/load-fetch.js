// Loads the .wasm that sits next to this script (the ES module and classic-script builds).
import { start } from "./start.js";

/** The URL of the .wasm file: next to the module, or next to the classic script. */
function wasmUrl() {
  if (typeof document !== "undefined" && document.currentScript && document.currentScript.src) {
    return new URL("community-forms.wasm", document.currentScript.src);
  }
  // Replaced by the build for the ES module; a classic script never reaches it.
  return new URL("community-forms.wasm", import.meta.url);
}

const url = (() => {
  try {
    return wasmUrl();
  } catch (e) {
    return null;
  }
})();

// Compiled while it downloads; a server that does not send it as application/wasm gets the
// bytes read whole instead.
async function compile(response) {
  if (!response.ok) throw new Error("cannot load community-forms.wasm (" + response.status + ")");
  if (typeof WebAssembly.compileStreaming === "function") {
    try {
      return await WebAssembly.compileStreaming(response.clone());
    } catch (e) {
      if (response.headers.get("Content-Type") === "application/wasm") throw e;
    }
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

export async function loadWasm() {
  if (!url) throw new Error("cannot locate community-forms.wasm");
  start(await compile(await fetch(url)));
}
