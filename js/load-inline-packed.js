// Loads the .wasm inlined into this file, gzip-compressed before it was inlined (js/unpack.js):
// works from file:// and with no network at all, and makes the self-contained file about a
// quarter smaller than inlining the bytes as they are.
import { initSync } from "../target/wasm-bindgen/community_forms.js";
import packed from "../target/wasm-bindgen/community-forms.opt.wasm.gz";
import { unpack } from "./unpack.js";
import { started } from "./start.js";

export async function loadWasm() {
  const module = new WebAssembly.Module(await unpack(packed));
  initSync({ module });
  started(module);
}
