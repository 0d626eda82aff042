// Loads the .wasm that sits next to this script (the ES module and classic-script builds).
import init from "../target/wasm-bindgen/community_forms.js";

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

export function loadWasm() {
  if (!url) return Promise.reject(new Error("cannot locate community-forms.wasm"));
  return init({ module_or_path: url });
}
