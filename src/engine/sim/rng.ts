// Seeded pseudo-random numbers (xoshiro128**, seeded through splitmix32). The engine never
// calls Math.random: the same seed replays the same cluster (names, IPs, load balancing).

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** `length` characters drawn from `alphabet`. */
  string(alphabet: string, length: number): string;
  /** A random RFC 4122 version-4 UUID, as the API server writes into metadata.uid. */
  uuid(): string;
  /** Independent generator derived from this one (so subsystems don't perturb each other). */
  fork(label: string): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const rng: Rng = {
    next: () => nextU32() / 0x100000000,
    int: (n) => Math.floor((nextU32() / 0x100000000) * n),
    string: (alphabet, length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[rng.int(alphabet.length)];
      return out;
    },
    uuid: () => {
      const hex = (n: number) => rng.string('0123456789abcdef', n);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(4)]}${hex(3)}-${hex(12)}`;
    },
    fork: (label) => createRng((nextU32() ^ hashLabel(label)) >>> 0),
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
