// host-local IPAM as kind's CNI config (ptp + host-local on the node's podCIDR) uses it: the
// gateway (.1), network and broadcast addresses are never handed out; allocation continues
// after the last reserved address (the plugin keeps it on disk) and wraps around the range.

import { formatIPv4, parseCIDRv4, parseIPv4 } from '../../api/kinds/ip.ts';

export class HostLocalIpam {
  private readonly first: number;
  private readonly last: number;
  private readonly used = new Set<number>();
  private lastReserved: number;

  constructor(readonly cidr: string) {
    const c = parseCIDRv4(cidr);
    if (!c) throw new Error(`invalid podCIDR ${cidr}`); // programming error: nodes come from scenarios
    this.first = c.base + 2; // base + 1 is the gateway
    this.last = c.base + c.size - 2; // the broadcast address is excluded
    this.lastReserved = this.first - 1;
  }

  /** The next free address after the last one handed out, or undefined when the range is full. */
  allocate(): string | undefined {
    const span = this.last - this.first + 1;
    for (let i = 1; i <= span; i++) {
      let ip = this.lastReserved + i;
      if (ip > this.last) ip -= span;
      if (this.used.has(ip)) continue;
      this.used.add(ip);
      this.lastReserved = ip;
      return formatIPv4(ip);
    }
    return undefined;
  }

  /** Marks an address as taken (a pod that was already running when the simulation started). */
  reserve(ip: string): boolean {
    const n = parseIPv4(ip);
    if (n === null || n < this.first || n > this.last || this.used.has(n)) return false;
    this.used.add(n);
    if (n > this.lastReserved) this.lastReserved = n;
    return true;
  }

  release(ip: string): void {
    const n = parseIPv4(ip);
    if (n !== null) this.used.delete(n);
  }

  allocated(): string[] {
    return [...this.used].sort((a, b) => a - b).map(formatIPv4);
  }
}
