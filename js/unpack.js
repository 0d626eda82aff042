// Unpacks wasm bytes that were gzip-compressed before being inlined (inlined bytes travel as
// base64, which a server's gzip cannot shrink much). The browser's DecompressionStream does it;
// older browsers use a small inflater of our own (js/inflate.js) that costs nothing at load.
import { gunzip } from "./inflate.js";

export async function unpack(bytes) {
  if (typeof DecompressionStream === "function") {
    try {
      // Writer and reader directly: wrapping the stream in a Response costs ~20 ms on first use.
      const ds = new DecompressionStream("gzip");
      const writer = ds.writable.getWriter();
      writer.write(bytes).catch(() => {});
      writer.close().catch(() => {});
      const reader = ds.readable.getReader();
      const parts = [];
      let length = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        length += value.length;
      }
      const out = new Uint8Array(length);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    } catch {
      // Fall through to the script inflater.
    }
  }
  return gunzip(bytes);
}
