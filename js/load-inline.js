// Loads the .wasm inlined into this file: works from file:// and with no network at all.
import bytes from "../target/wasm-bindgen/community-forms.opt.wasm";
import { start } from "./start.js";

export function loadWasm() {
  return new Promise((resolve) => resolve(start(bytes)));
}
