// The node namespaces' netfilter (CONTRACTS §2): how the network creates one.

import { NetfilterKernel } from '../netfilter/kernel/index.ts';
import { formatRule } from '../netfilter/rules/index.ts';
import type { Rng } from '../sim/rng.ts';

export type { HookResult, RuleHit } from '../netfilter/kernel/index.ts';
export type { NetfilterKernel };

export interface KernelInit {
  rng: Rng;
  now: () => number;
  isLocal(ip: string): boolean;
  ifaceAddress(iface: string): string | undefined;
  isBroadcast(ip: string): boolean;
  interfaceAddrs(): string[];
}

/** How each kernel was made, so a dry run can make a stand-in with the same view of its namespace. */
const inits = new WeakMap<NetfilterKernel, KernelInit>();

export function createKernel(init: KernelInit): NetfilterKernel {
  const k = new NetfilterKernel(init);
  // TRACE hits carry the rule as iptables-save prints it.
  k.formatRule = formatRule;
  inits.set(k, init);
  return k;
}

export function kernelInit(k: NetfilterKernel): KernelInit | undefined {
  return inits.get(k);
}
