// Loads the .wasm inlined into this file, gzip-compressed before it was inlined (js/unpack.js):
// works from file:// and with no network at all, and makes the self-contained file about a
// quarter smaller than inlining the bytes as they are.
import packed from "../target/wasm-bindgen/community-forms.opt.wasm.gz";
import { unpack } from "./unpack.js";
import { start } from "./start.js";

export async function loadWasm() {
  start(await unpack(packed));
}
