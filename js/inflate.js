// A small gunzip (RFC 1952 around RFC 1951 inflate), after the design of zlib's puff.c: for the
// browsers that lack DecompressionStream (js/unpack.js). It builds nothing at load time: a
// page with a modern browser pays only for parsing it. Canonical Huffman codes are decoded a
// bit at a time, which is slower than a table decoder but plenty for one wasm module.

const LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

function fail(what) {
  throw new Error("damaged gzip data: " + what);
}

// A canonical Huffman code from its code lengths: how many codes of each length, and the
// symbols in code order.
function huffman(lengths, n) {
  const count = new Uint16Array(16);
  const symbol = new Uint16Array(n);
  const offs = new Uint16Array(16);
  for (let s = 0; s < n; s++) count[lengths[s]]++;
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len] + count[len];
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offs[lengths[s]]++] = s;
  return { count, symbol };
}

/** The bytes a gzip member holds. Throws on damaged or truncated input. */
export function gunzip(src) {
  if (src.length < 18 || src[0] !== 0x1f || src[1] !== 0x8b || src[2] !== 8) fail("not gzip");
  const flags = src[3];
  let pos = 10;
  if (flags & 4) pos += 2 + (src[pos] | (src[pos + 1] << 8));
  if (flags & 8) while (pos < src.length && src[pos++] !== 0);
  if (flags & 16) while (pos < src.length && src[pos++] !== 0);
  if (flags & 2) pos += 2;
  const n = src.length;
  const size = (src[n - 4] | (src[n - 3] << 8) | (src[n - 2] << 16) | (src[n - 1] << 24)) >>> 0;
  const out = new Uint8Array(size);
  let o = 0;
  let bitbuf = 0;
  let bitcnt = 0;

  const bits = (need) => {
    let val = bitbuf;
    while (bitcnt < need) {
      if (pos >= n) fail("truncated");
      val |= src[pos++] << bitcnt;
      bitcnt += 8;
    }
    bitbuf = val >>> need;
    bitcnt -= need;
    return val & ((1 << need) - 1);
  };

  const decode = (h) => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= 15; len++) {
      code |= bits(1);
      const count = h.count[len];
      if (code - count < first) {
        const s = h.symbol[index + (code - first)];
        return s === undefined ? fail("bad code") : s;
      }
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return fail("bad code");
  };

  const codes = (lc, dc) => {
    for (;;) {
      let sym = decode(lc);
      if (sym < 256) {
        if (o >= size) fail("longer than stated");
        out[o++] = sym;
      } else if (sym === 256) {
        return;
      } else {
        sym -= 257;
        if (sym >= 29) fail("bad length");
        const len = LBASE[sym] + bits(LEXT[sym]);
        const ds = decode(dc);
        if (ds >= 30) fail("bad distance");
        const dist = DBASE[ds] + bits(DEXT[ds]);
        if (dist > o) fail("distance too far back");
        if (o + len > size) fail("longer than stated");
        for (let k = 0; k < len; k++, o++) out[o] = out[o - dist];
      }
    }
  };

  let fixed = null;
  let last = 0;
  do {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: the rest of the current byte is dropped (bits() never holds a whole byte).
      bitbuf = 0;
      bitcnt = 0;
      if (pos + 4 > n) fail("truncated");
      const len = src[pos] | (src[pos + 1] << 8);
      if (len !== (~(src[pos + 2] | (src[pos + 3] << 8)) & 0xffff)) fail("bad stored length");
      pos += 4;
      if (pos + len > n) fail("truncated");
      if (o + len > size) fail("longer than stated");
      out.set(src.subarray(pos, pos + len), o);
      pos += len;
      o += len;
    } else if (type === 1) {
      if (!fixed) {
        const l = new Uint8Array(288);
        l.fill(8, 0, 144);
        l.fill(9, 144, 256);
        l.fill(7, 256, 280);
        l.fill(8, 280, 288);
        fixed = [huffman(l, 288), huffman(new Uint8Array(30).fill(5), 30)];
      }
      codes(fixed[0], fixed[1]);
    } else if (type === 2) {
      const nlen = bits(5) + 257;
      const ndist = bits(5) + 1;
      const ncode = bits(4) + 4;
      if (nlen > 286 || ndist > 30) fail("bad counts");
      const lengths = new Uint8Array(nlen + ndist);
      const cl = new Uint8Array(19);
      for (let i = 0; i < ncode; i++) cl[ORDER[i]] = bits(3);
      const clcode = huffman(cl, 19);
      let i = 0;
      while (i < nlen + ndist) {
        const sym = decode(clcode);
        if (sym < 16) {
          lengths[i++] = sym;
          continue;
        }
        let len = 0;
        let rep;
        if (sym === 16) {
          if (i === 0) fail("repeat with no length");
          len = lengths[i - 1];
          rep = 3 + bits(2);
        } else if (sym === 17) rep = 3 + bits(3);
        else rep = 11 + bits(7);
        if (i + rep > nlen + ndist) fail("too many lengths");
        while (rep--) lengths[i++] = len;
      }
      if (lengths[256] === 0) fail("no end-of-block code");
      codes(huffman(lengths, nlen), huffman(lengths.subarray(nlen), ndist));
    } else {
      fail("bad block type");
    }
  } while (!last);
  if (o !== size) fail("shorter than stated");
  const stated = (src[n - 8] | (src[n - 7] << 8) | (src[n - 6] << 16) | (src[n - 5] << 24)) >>> 0;
  if (crc32(out) !== stated) fail("checksum");
  return out;
}

function crc32(bytes) {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[i] = c;
  }
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
