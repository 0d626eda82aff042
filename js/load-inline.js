// Loads the .wasm inlined into this file: works from file:// and with no network at all.
import { initSync } from "../target/wasm-bindgen/community_forms.js";
import bytes from "../target/wasm-bindgen/community-forms.opt.wasm";
import { started } from "./start.js";

export function loadWasm() {
  return new Promise((resolve) => {
    const module = new WebAssembly.Module(bytes);
    initSync({ module });
    started(module);
    resolve();
  });
}
