// Unpacks wasm bytes that were gzip-compressed before being inlined (inlined bytes travel as
// base64, which a server's gzip cannot shrink much). The browser's DecompressionStream does it;
// older browsers use fflate's inflater.
import { gunzipSync } from "fflate";

export async function unpack(bytes) {
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
