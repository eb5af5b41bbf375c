// ClusterIP and NodePort allocators (pkg/registry/core/service/ipallocator and portallocator).
// Both split their range (KEP-3070, KEP-3668): dynamic allocation starts at a random point of
// the upper band and falls back to the lower band, which stays free for static requests. The
// first address of the service range belongs to the `kubernetes` Service: it is only ever
// handed out when asked for by address.

import type { Rng } from '../../sim/rng.ts';
import { formatIPv4, parseCIDRv4, parseIPv4 } from './ip.ts';

/** Allocation failures, worded as the allocators' errors. */
export type AllocError = { kind: 'allocated' | 'range' | 'full'; message: string };

function bandOffset(size: number, min: number, max: number, step: number): number {
  if (size <= min) return 0;
  return Math.min(Math.max(min, Math.floor(size / step)), max);
}

/** Scans [lo, hi] from a random start, wrapping, for the first free slot. */
function scan(rng: Rng, lo: number, hi: number, taken: (n: number) => boolean): number | null {
  const n = hi - lo + 1;
  if (n <= 0) return null;
  const start = rng.int(n);
  for (let i = 0; i < n; i++) {
    const at = lo + ((start + i) % n);
    if (!taken(at)) return at;
  }
  return null;
}

export class ClusterIPAllocator {
  readonly cidr: string;
  private readonly first: number;
  private readonly last: number;
  private readonly offset: number;
  private readonly used = new Set<number>();

  constructor(cidr: string) {
    const parsed = parseCIDRv4(cidr);
    if (!parsed) throw new Error(`invalid service CIDR ${cidr}`); // configuration error, not user input
    this.cidr = `${formatIPv4(parsed.base)}/${parsed.bits}`;
    this.first = parsed.base + 1; // never the network address
    this.last = parsed.base + parsed.size - 2; // nor the broadcast address
    this.offset = bandOffset(parsed.size, 16, 256, 16);
  }

  has(ip: string): boolean {
    const n = parseIPv4(ip);
    return n !== null && this.used.has(n);
  }

  get count(): number {
    return this.used.size;
  }

  /** Addresses in use, in numeric order. */
  allocated(): string[] {
    return [...this.used].sort((a, b) => a - b).map(formatIPv4);
  }

  /** A requested address (AllocateService). */
  allocate(ip: string): AllocError | null {
    const n = parseIPv4(ip);
    // Outside the range (network and broadcast addresses included) the MetaAllocator finds no
    // ServiceCIDR holding the address, so the message does not even name the range.
    if (n === null || n < this.first || n > this.last)
      return { kind: 'range', message: 'the provided network does not match the current range' };
    if (this.used.has(n)) return { kind: 'allocated', message: 'provided IP is already allocated' };
    this.used.add(n);
    return null;
  }

  /** A random free address, upper band first (AllocateNextService). */
  allocateNext(rng: Rng): string | AllocError {
    const taken = (n: number): boolean => this.used.has(n) || n === this.first;
    const upper = this.first + this.offset;
    const n = scan(rng, upper, this.last, taken) ?? (this.offset > 0 ? scan(rng, this.first, upper - 1, taken) : null);
    if (n === null) return { kind: 'full', message: 'range is full' };
    this.used.add(n);
    return formatIPv4(n);
  }

  release(ip: string): void {
    const n = parseIPv4(ip);
    if (n !== null) this.used.delete(n);
  }
}

export class NodePortAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly offset: number;
  private readonly used = new Set<number>();

  constructor(readonly range: [number, number]) {
    this.base = range[0];
    this.size = range[1] - range[0] + 1;
    this.offset = bandOffset(this.size, 16, 128, 32);
  }

  has(port: number): boolean {
    return this.used.has(port);
  }

  get count(): number {
    return this.used.size;
  }

  allocated(): number[] {
    return [...this.used].sort((a, b) => a - b);
  }

  allocate(port: number): AllocError | null {
    if (port < this.base || port >= this.base + this.size)
      return { kind: 'range', message: `provided port is not in the valid range. The range of valid ports is ${this.range[0]}-${this.range[1]}` };
    if (this.used.has(port)) return { kind: 'allocated', message: 'provided port is already allocated' };
    this.used.add(port);
    return null;
  }

  allocateNext(rng: Rng): number | AllocError {
    const taken = (p: number): boolean => this.used.has(p);
    const upper = this.base + this.offset;
    const last = this.base + this.size - 1;
    const p = scan(rng, upper, last, taken) ?? (this.offset > 0 ? scan(rng, this.base, upper - 1, taken) : null);
    if (p === null) return { kind: 'full', message: 'range is full' };
    this.used.add(p);
    return p;
  }

  release(port: number): void {
    this.used.delete(port);
  }
}
