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
    if (req.method === "POST" && url.pathname === "/submit") {
      // The demo's stand-in for the bureau's back end: shows exactly what arrived.
      let body = "";
      for await (const chunk of req) body += chunk;
      const fields = [...new URLSearchParams(body)];
      const esc = (t) => t.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
      const rows = fields.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td data-name="${esc(k)}">${esc(v)}</td></tr>`).join("");
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP });
      res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>已收到</title><link rel="stylesheet" href="/gov.css"></head><body><main><h1>已收到提交</h1><p>服务器收到的内容（与填写的完全一致）：</p><table class="form-table" id="received"><caption>收到的字段</caption><tbody>${rows}</tbody></table><p><a href="/">返回</a></p></main></body></html>`);
      return;
    }
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
