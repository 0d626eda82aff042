// A small static server for www/ on 127.0.0.1 (no dependencies). It sends the Content-Security-
// Policy a bureau's page needs, so the demo proves the package works under it.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL("..", import.meta.url)), "www");
const port = Number(process.argv[2] || 8080);
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml", ".csv": "text/csv; charset=utf-8" };
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

export function server() {
  return createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    if (path.endsWith("/")) path += "index.html";
    const file = join(root, path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { "Content-Type": types[extname(file)] || "application/octet-stream", "Cache-Control": "no-store" };
      // A page can ask for the forbidding policy to show graceful degradation: ?csp=no-wasm.
      headers["Content-Security-Policy"] = url.searchParams.get("csp") === "no-wasm" ? CSP.replace(" 'wasm-unsafe-eval'", "") : CSP;
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  server().listen(port, "127.0.0.1", () => {
    console.log(`community-forms demo: http://127.0.0.1:${port}/  (Ctrl-C to stop)`);
  });
}
