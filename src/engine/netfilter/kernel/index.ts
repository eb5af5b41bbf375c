// The Linux netfilter behaviour of one network namespace (CONTRACTS §2).
//
// Usage from the network: for each packet call `hook()` at every netfilter hook it passes, in
// path order, and hand the `packet` of one result to the next hook of the same namespace:
//   locally generated:  OUTPUT → (reroute) → POSTROUTING
//   arriving:           PREROUTING → routing → FORWARD → POSTROUTING, or → INPUT
// Conntrack entries are created at PREROUTING/OUTPUT and confirmed at the end of
// POSTROUTING/INPUT; a packet dropped in between leaves no entry, as in the kernel.

export { NetfilterKernel, emptyRuleset } from './kernel.ts';
export { ConntrackTable, matchesFilter } from './conntrack.ts';
export { formatConntrack, conntrackSummary, type ConntrackFormatOptions } from './conntrackFormat.ts';
export { RecentLists, RECENT_IP_LIST_TOT, type RecentEntry } from './recent.ts';
export { defaultSysctl, type ConntrackSysctl } from './sysctl.ts';
export type {
  ConntrackEntry, ConntrackFilter, CtProto, CtState, CtTuple, HookMeta, HookResult, KernelOptions,
  RuleHit, TcpState, Verdict,
} from './kernelTypes.ts';
