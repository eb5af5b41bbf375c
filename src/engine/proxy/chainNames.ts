// Chain names of kube-proxy's iptables mode (KP-1, KP-2): a 16-character suffix taken from the
// standard base32 encoding (RFC 4648, A–Z2–7) of a SHA-256 digest, because iptables chain
// names are limited to 28 characters.

import { utf8Bytes } from '../util/sha256.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// SHA-256 round constants (FIPS 180-4 §4.2.2).
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Uint32Array(64);
const H = new Uint32Array(8);
const DIGEST = new Uint8Array(32);
let block = new Uint8Array(256);

/**
 * SHA-256 without allocation per call: kube-proxy names a chain for every endpoint of every
 * service, so a 100,000-endpoint cluster hashes 100,000 short strings per rebuild.
 */
function sha256Into(text: string): Uint8Array {
  let len = text.length;
  let ascii = true;
  for (let i = 0; i < len; i++) if (text.charCodeAt(i) > 0x7f) { ascii = false; break; }
  const bytes = ascii ? undefined : utf8Bytes(text);
  if (bytes) len = bytes.length;
  const total = ((len + 9 + 63) >> 6) << 6;
  if (total > block.length) block = new Uint8Array(total * 2);
  block.fill(0, 0, total);
  if (bytes) block.set(bytes);
  else for (let i = 0; i < len; i++) block[i] = text.charCodeAt(i);
  block[len] = 0x80;
  const bits = len * 8;
  block[total - 4] = (bits >>> 24) & 255;
  block[total - 3] = (bits >>> 16) & 255;
  block[total - 2] = (bits >>> 8) & 255;
  block[total - 1] = bits & 255;
  block[total - 5] = Math.floor(bits / 0x100000000) & 255;
  H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a;
  H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const o = off + i * 4;
      W[i] = ((block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!) >>> 0;
    }
    for (let i = 16; i < 64; i++) {
      const a = W[i - 15]!, b = W[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) >>> 0;
    }
    let a: number = H[0]!, b: number = H[1]!, c: number = H[2]!, d: number = H[3]!, e: number = H[4]!, f: number = H[5]!, g: number = H[6]!, h: number = H[7]!;
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    H[0] = H[0]! + a; H[1] = H[1]! + b; H[2] = H[2]! + c; H[3] = H[3]! + d;
    H[4] = H[4]! + e; H[5] = H[5]! + f; H[6] = H[6]! + g; H[7] = H[7]! + h;
  }
  for (let i = 0; i < 8; i++) {
    const v = H[i]!;
    DIGEST[i * 4] = v >>> 24; DIGEST[i * 4 + 1] = (v >>> 16) & 255; DIGEST[i * 4 + 2] = (v >>> 8) & 255; DIGEST[i * 4 + 3] = v & 255;
  }
  return DIGEST;
}

/** The first 16 base32 characters of sha256(text): 80 bits, i.e. the first 10 digest bytes. */
export function hash16(text: string): string {
  const d = sha256Into(text);
  let out = '';
  // Two groups of 5 bytes = 40 bits = 8 base32 characters each (no padding involved).
  for (let g = 0; g < 10; g += 5) {
    let bits = 0;
    let acc = 0;
    for (let i = g; i < g + 5; i++) {
      acc = (acc << 8) | d[i]!;
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out += BASE32[(acc >>> bits) & 31];
      }
      acc &= (1 << bits) - 1;
    }
  }
  return out;
}

// Service chain names are asked for on every Service update; worth remembering (bounded).
const memo = new Map<string, string>();
function cachedHash(text: string): string {
  let h = memo.get(text);
  if (h === undefined) {
    if (memo.size >= 100_000) memo.clear();
    h = hash16(text);
    memo.set(text, h);
  }
  return h;
}

/** KP-1 portProtoHash: `spn` is "ns/svc:port" (or "ns/svc" for an unnamed port), protocol lower case. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return cachedHash(servicePortName + protocol);
}

export const servicePortChain = (spn: string, proto: string): string => 'KUBE-SVC-' + portProtoHash(spn, proto);
export const serviceLocalChain = (spn: string, proto: string): string => 'KUBE-SVL-' + portProtoHash(spn, proto);
export const serviceFirewallChain = (spn: string, proto: string): string => 'KUBE-FW-' + portProtoHash(spn, proto);
export const serviceExternalChain = (spn: string, proto: string): string => 'KUBE-EXT-' + portProtoHash(spn, proto);

/**
 * KP-2: `endpoint` is "ip:port" ("[v6]:port" for IPv6), already re-stringified. Not memoised:
 * the endpoint cache keeps the names of endpoints that did not change.
 */
export function endpointChain(spn: string, proto: string, endpoint: string): string {
  return 'KUBE-SEP-' + hash16(spn + proto + endpoint);
}

const SERVICE_CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-SEP-', 'KUBE-FW-', 'KUBE-EXT-'];

/** isServiceChainName: the per-service chains that stale-chain cleanup may delete (KP-21). */
export function isServiceChainName(chain: string): boolean {
  for (const p of SERVICE_CHAIN_PREFIXES) if (chain.startsWith(p)) return true;
  return false;
}
