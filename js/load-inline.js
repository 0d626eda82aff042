// Loads the .wasm inlined into this file: works from file:// and with no network at all.
import { initSync } from "../target/wasm-bindgen/community_forms.js";
import bytes from "../target/wasm-bindgen/community-forms.opt.wasm";

export function loadWasm() {
  return new Promise((resolve) => resolve(initSync({ module: bytes })));
}
