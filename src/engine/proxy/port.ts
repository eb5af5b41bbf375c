// What a proxier needs from the node's netfilter state: the operations kube-proxy performs
// through pkg/util/iptables (iptables-restore --noflush --counters, -N/-C/-I for the jumps
// from built-in chains, listing a table's chains as iptables-save does).

export type PortTable = 'filter' | 'nat' | 'mangle';

export type RestoreOutcome = { ok: true } | { ok: false; stderr: string; exitCode: number };

export interface NetfilterPort {
  /** iptables-restore --noflush --counters with the whole payload (both tables). */
  restore(payload: string): RestoreOutcome;
  /** Chains of a table (GetChainsFromTable on iptables-save output). */
  chainNames(table: PortTable): Iterable<string>;
  chainExists(table: PortTable, chain: string): boolean;
  /** EnsureChain: `iptables -N` unless it exists. */
  ensureChain(table: PortTable, chain: string): void;
  /** EnsureRule(Prepend): `iptables -C` and, when missing, `iptables -I chain 1`. */
  ensureRuleFirst(table: PortTable, chain: string, args: string[]): void;
  /** nfacct add NAME (kube-proxy creates its accounting objects itself); false when unsupported. */
  ensureNfacct(name: string): boolean;
  /** The namespace's connection tracking, when there is one (netlink conntrack list/delete). */
  conntrack?: ConntrackPort;
}

export interface ConntrackFlow {
  proto: string;
  original: { dst: string; dport: number };
  reply: { src: string };
}

export interface ConntrackPort {
  list(): ConntrackFlow[];
  /** Deletes the flows matching every given field; returns how many. */
  delete(filter: { proto: 'udp'; dst?: string; dport?: number; replySrc: string }): number;
}
