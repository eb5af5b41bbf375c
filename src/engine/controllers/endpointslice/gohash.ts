// The hash Go's endpoint controllers (v1.33) use to order what ends up in API objects:
// MD5 (crypto/md5) of the text spew prints for a Go value (k8s.io/apimachinery/pkg/util/
// dump.ForHash, `%#v` with types). Callers build that text; this hashes its UTF-8 bytes.
// It orders EndpointSlice ports, and Endpoints ports and subsets.

/** UTF-8 bytes of a string (the engine has no TextEncoder: its lib is ES only). */
export function utf8Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) out[n++] = cp;
    else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 63);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 63);
      out[n++] = 0x80 | (cp & 63);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 63);
      out[n++] = 0x80 | ((cp >> 6) & 63);
      out[n++] = 0x80 | (cp & 63);
    }
  }
  return out.subarray(0, n);
}

// MD5 per RFC 1321: per-round shift amounts and the sine-derived constants.
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** md5.Sum over the string, hex encoded. */
export function md5Hex(s: string): string {
  const data = utf8Bytes(s);
  const bitLen = data.length * 8;
  // Message, 0x80, zero padding to 56 mod 64, then the bit length (little endian).
  const bytes = new Uint8Array((((data.length + 8) >> 6) + 1) * 64);
  bytes.set(data);
  bytes[data.length] = 0x80;
  for (let i = 0; i < 8; i++) bytes[bytes.length - 8 + i] = Math.floor(bitLen / 2 ** (8 * i)) & 0xff;
  let a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  const m = new Array<number>(16);
  for (let off = 0; off < bytes.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const p = off + i * 4;
      m[i] = (bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)) >>> 0;
    }
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number, g: number;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      const sum = (a + f + K[i]! + m[g]!) >>> 0;
      const sh = S[(i >> 4) * 4 + (i % 4)]!;
      a = d; d = c; c = b;
      b = (b + ((sum << sh) | (sum >>> (32 - sh)))) >>> 0;
    }
    a0 = (a0 + a) >>> 0; b0 = (b0 + b) >>> 0; c0 = (c0 + c) >>> 0; d0 = (d0 + d) >>> 0;
  }
  let hex = '';
  for (const w of [a0, b0, c0, d0]) for (let i = 0; i < 4; i++) hex += ((w >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
  return hex;
}
