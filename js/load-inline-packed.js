// Loads the .wasm inlined into this file, gzip-compressed before it was inlined: works from
// file:// and with no network at all. Inlined bytes travel as base64, which a server's gzip
// cannot shrink much; compressing them first makes the self-contained file about a quarter
// smaller. The browser's own DecompressionStream unpacks them; older browsers use fflate.
import { initSync } from "../target/wasm-bindgen/community_forms.js";
import packed from "../target/wasm-bindgen/community-forms.opt.wasm.gz";
import { gunzipSync } from "fflate";

async function unpack(bytes) {
  if (typeof DecompressionStream === "function" && typeof Response === "function" && typeof Blob === "function") {
    try {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    } catch {
      // Fall through to the script inflater.
    }
  }
  return gunzipSync(bytes);
}

export async function loadWasm() {
  initSync({ module: await unpack(packed) });
}
