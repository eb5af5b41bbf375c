// The netfilter rule model of one network namespace (iptables 1.8, nf_tables backend): the ip
// tables of iptables or, for a ruleset of family 'ipv6', the ip6 tables of ip6tables.
// Rules are stored normalised — the way the kernel hands them back and `iptables-save` prints
// them — so printing, comparing and evaluating all work on one representation.

/** NFPROTO_IPV4 (iptables) or NFPROTO_IPV6 (ip6tables). */
export type Family = 'ipv4' | 'ipv6';

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';
export type BuiltinChain = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type Hook = BuiltinChain;

export interface Counters {
  packets: number;
  bytes: number;
}

/** `-s`/`-d`: an IPv4 network (an IPv6 one in an ip6tables ruleset); `invert` for `! -s`. */
export interface AddrMatch {
  /** Network address (host bits cleared), e.g. "10.0.0.0", "fd00:10::" (inet_ntop form). */
  network: string;
  prefix: number;
  invert: boolean;
  /** Only for a non-contiguous netmask (`-d 10.1.2.3/255.0.255.0`, `-d ::/ffff::ff`): the mask as an address; `prefix` is then -1. */
  mask?: string;
}

/** `-i`/`-o`; a trailing `+` in `name` is a wildcard, as in iptables. */
export interface IfaceMatch {
  name: string;
  invert: boolean;
}

export interface PortRange {
  from: number;
  to: number; // == from for a single port
}

export type MatchSpec =
  | { module: 'comment'; comment: string }
  | {
      module: 'tcp' | 'udp' | 'sctp';
      sport?: PortRange & { invert: boolean };
      dport?: PortRange & { invert: boolean };
      /** tcp only: `--tcp-flags MASK COMP` / `--syn` (bits FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32). */
      flags?: { mask: number; cmp: number; invert: boolean };
      /** tcp only: `--tcp-option N`. */
      option?: { value: number; invert: boolean };
    }
  | { module: 'multiport'; kind: 'sports' | 'dports' | 'ports'; ports: PortRange[]; invert: boolean }
  /** probability as the kernel stores it: a u32 threshold, printed back with 11 decimals (NF-1). */
  | { module: 'statistic'; mode: 'random'; probability: number; invert: boolean }
  | { module: 'statistic'; mode: 'nth'; every: number; packet: number; invert: boolean }
  | { module: 'mark'; value: number; mask: number; invert: boolean }
  | { module: 'addrtype'; srcType?: { type: string; invert: boolean }; dstType?: { type: string; invert: boolean }; limitIfaceIn?: boolean; limitIfaceOut?: boolean }
  | { module: 'conntrack'; ctstate?: { states: string[]; invert: boolean } }
  | { module: 'state'; states: string[]; invert: boolean }
  | {
      module: 'recent';
      name: string;
      command: 'set' | 'rcheck' | 'update' | 'remove';
      seconds?: number;
      reap?: boolean;
      hitcount?: number;
      rttl?: boolean;
      side: 'rsource' | 'rdest';
      mask: string;
      invert: boolean;
    }
  | { module: 'nfacct'; name: string }
  | { module: 'physdev'; raw: string[] }; // accepted and printed, never matches in the simulation

export type TargetSpec =
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' | 'TRACE' }
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string }
  | { kind: 'REJECT'; with: string } // e.g. "icmp-port-unreachable", "icmp6-port-unreachable"
  | { kind: 'DNAT'; toIp: string; toPort?: PortRange; random?: boolean; persistent?: boolean }
  | { kind: 'SNAT'; toIp: string; toPort?: PortRange; random?: boolean; randomFully?: boolean; persistent?: boolean }
  | { kind: 'MASQUERADE'; toPorts?: PortRange; random?: boolean; randomFully?: boolean }
  /** MARK as the kernel stores it: mark = (mark & ~mask) ^ value (`--set-xmark value/mask`). */
  | { kind: 'MARK'; value: number; mask: number }
  | { kind: 'LOG'; prefix?: string; level?: string; /** e.g. ['--log-uid'], in print order */ flags?: string[] };

export interface Rule {
  source?: AddrMatch;
  destination?: AddrMatch;
  inInterface?: IfaceMatch;
  outInterface?: IfaceMatch;
  /** `-p tcp`: lower-case protocol name. */
  protocol?: { name: string; invert: boolean };
  /** `-f` / `! -f` (second and further fragments). */
  fragment?: { invert: boolean };
  /** `-m …` modules in kernel order (the order iptables-save prints them). */
  matches: MatchSpec[];
  /** No target: the rule only counts (KUBE-FW's "other traffic … will be dropped" rule). */
  target?: TargetSpec;
  counters: Counters;
}

export interface Chain {
  name: string;
  /** Built-in chains have a policy; user chains print `-` and have none. */
  policy?: 'ACCEPT' | 'DROP';
  counters: Counters;
  /** Built-ins: does the nf_tables base chain count policy hits into `counters`? iptables-nft
   *  creates it with counters from a restore `:CHAIN POLICY [p:b]` line or `-P`, without when
   *  `-A`/`-I` creates it implicitly (then the policy counters stay [0:0]). Default true. */
  policyCounters?: boolean;
  rules: Rule[];
  /**
   * Built-in chains only: nf_tables has not instantiated it (yet, or again after `-X INPUT`).
   * iptables-save still lists it (policy ACCEPT, [0:0]); commands needing the chain fail;
   * packets pass as through an empty ACCEPT chain.
   */
  absent?: boolean;
}

export interface Table {
  name: TableName;
  /** Insertion order is kept: iptables-save prints built-ins first, then user chains by name. */
  chains: Map<string, Chain>;
  /**
   * nf_tables creates a table lazily, with the first command that writes to it; iptables-save
   * lists only existing tables. `false` = not created yet (absent = exists).
   */
  exists?: boolean;
}

/** All tables of one network namespace and family. */
export interface Ruleset {
  tables: Map<TableName, Table>;
  /** 'ipv6': ip6tables' tables (IPv6 addresses, ip6tables parsing and texts); absent: IPv4. */
  family?: Family;
}

/** The built-in chains of each table, in the order iptables-save prints them. */
export const BUILTIN_CHAINS: Record<TableName, BuiltinChain[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** One packet as netfilter sees it (IPv4, or IPv6 in an ipv6 kernel; L4 ports where the protocol has them). */
export interface Packet {
  src: string;
  dst: string;
  proto: 'tcp' | 'udp' | 'sctp' | 'icmp';
  sport: number;
  dport: number;
  /** Bytes on the wire (IP header included), for counters. */
  length: number;
  /** skb->mark. */
  mark: number;
  /** TCP flags of this segment, e.g. "SYN". */
  tcpFlags?: string;
}
