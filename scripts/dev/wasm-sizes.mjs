// Where a wasm module's bytes go, with no tool to install (twiggy's `top`, roughly): each
// function's body size by its name (the name section, which the builds before wasm-bindgen keep),
// grouped by crate and, for this crate, by module; the data segments; the largest functions.
//   node scripts/dev/wasm-sizes.mjs target/immediate-abort/wasm32-unknown-unknown/wasm/community_forms.wasm [top N]
import { readFileSync } from "node:fs";

const [file, n = "30"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/dev/wasm-sizes.mjs <module.wasm> [how many of the largest functions]");
  process.exit(2);
}
const b = readFileSync(file);
let p = 8;
const leb = () => {
  let r = 0, s = 0, x;
  do {
    x = b[p++];
    r += (x & 127) * 2 ** s;
    s += 7;
  } while (x & 128);
  return r;
};
// A length and that many bytes (a name). Not `p += leb()`: its `p` is read before leb() moves it.
const skip = () => {
  const l = leb();
  p += l;
};
const limits = () => (b[p++] & 1 ? (leb(), leb()) : leb());
let imported = 0, data = 0;
const bodies = [], names = new Map(), custom = [];
while (p < b.length) {
  const id = b[p++];
  const len = leb();
  const end = p + len;
  if (id === 2) {
    // Imports: only functions take an index before the module's own.
    for (let i = leb(); i > 0; i--) {
      skip();
      skip();
      const kind = b[p++];
      if (kind === 0) leb(), imported++;
      else if (kind === 1) p++, limits();
      else if (kind === 2) limits();
      else p += 2;
    }
  } else if (id === 10) {
    for (let i = leb(); i > 0; i--) {
      const size = leb();
      bodies.push(size);
      p += size;
    }
  } else if (id === 11) {
    data += len;
  } else if (id === 0) {
    const name = b.subarray(p + 1, p + 1 + b[p]).toString();
    custom.push([name, len]);
    p += 1 + b[p];
    if (name === "name") {
      while (p < end) {
        const sub = b[p++];
        const subLen = leb();
        const subEnd = p + subLen;
        if (sub === 1) {
          for (let i = leb(); i > 0; i--) {
            const index = leb();
            const l = leb();
            names.set(index, b.subarray(p, p + l).toString());
            p += l;
          }
        }
        p = subEnd;
      }
    }
  }
  p = end;
}
// The outermost crate a (v0 or legacy) mangled name mentions; this crate's by module.
const CRATES = ["4core", "5alloc", "3std", "12rust_decimal", "15community_forms", "12wasm_bindgen", "8dlmalloc"];
const group = (name) => {
  let best = null, at = Infinity;
  for (const c of CRATES) {
    const i = name.indexOf(c);
    if (i >= 0 && i < at) [best, at] = [c, i];
  }
  if (best === "15community_forms") {
    // The module after the crate: its length, then its name (v0 mangling).
    const m = /^15community_forms(\d+)/.exec(name.slice(at));
    const start = at + 17 + (m ? m[1].length : 0);
    return "community_forms::" + (m ? name.slice(start, start + +m[1]) : "(top)");
  }
  return best ? best.replace(/^\d+/, "") : "(other)";
};
const rows = bodies.map((size, i) => [size, names.get(i + imported) || `function ${i + imported}`]);
const code = bodies.reduce((a, c) => a + c, 0);
const sums = new Map();
for (const [size, name] of rows) sums.set(group(name), (sums.get(group(name)) || 0) + size);
const kb = (x) => (x / 1024).toFixed(1).padStart(6) + " KB";
console.log(`${file}: ${kb(b.length)} in all; code ${kb(code)} in ${bodies.length} functions; data ${kb(data)}`);
for (const [name, len] of custom) console.log(`  custom section ${name}: ${kb(len)}`);
console.log("\ncode by crate (this crate by module):");
for (const [k, v] of [...sums].sort((a, c) => c[1] - a[1])) console.log(`  ${kb(v)}  ${(100 * v / code).toFixed(1).padStart(4)}%  ${k}`);
console.log(`\nthe ${n} largest functions:`);
rows.sort((a, c) => c[0] - a[0]);
for (const [size, name] of rows.slice(0, +n)) console.log(`  ${String(size).padStart(6)}  ${name.slice(0, 160)}`);
