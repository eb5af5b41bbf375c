// Public shapes of the kernel part (CONTRACTS §2): hook results, conntrack entries, options.

import type { Rng } from '../../sim/rng.ts';
import type { Family, Packet, Ruleset, TableName } from '../types.ts';

export type Verdict = 'ACCEPT' | 'DROP' | 'REJECT';

/** One step of a packet through the rules, as the kernel's TRACE reports it
 *  (`TRACE: nat:KUBE-SERVICES:rule:3`, `…:return:12`, `…:policy:2`). */
export interface RuleHit {
  table: TableName;
  chain: string;
  /** 1-based rule number; for `return` (end of a user chain) and `policy` it is rules + 1. */
  ruleNumber: number;
  /** The rule as iptables-save prints it after `-A CHAIN ` ('' for return/policy). */
  rule: string;
  /** What the rule did: ACCEPT, DROP, REJECT, RETURN, `jump X`, `goto X`, DNAT, SNAT,
   *  MASQUERADE, MARK, LOG, TRACE; undefined for a rule without target (it only counts). */
  verdict?: string;
  type: 'rule' | 'return' | 'policy';
}

/** What `-m conntrack --ctstate` sees for the packet (without the SNAT/DNAT bits). */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface HookResult {
  verdict: Verdict;
  /** The packet after this hook (NAT applied, skb mark updated). Pass this object to the next
   *  hook of the same namespace: the kernel keeps the packet's conntrack association on it. */
  packet: Packet;
  rejectWith?: string;
  hits: RuleHit[];
  /** Set by `-j TRACE` (raw table) on this or an earlier hook of the same packet. */
  traced: boolean;
  /** Lines `-j LOG` wrote to the kernel log for this packet at this hook. */
  logs: string[];
  ctState: CtState;
  /** Direction of the packet within its connection; undefined without conntrack entry. */
  direction?: 'original' | 'reply';
  /** The connection the packet belongs to (unconfirmed until POSTROUTING/INPUT accepted it). */
  conntrack?: ConntrackEntry;
  /** Why the kernel dropped the packet when no rule did (e.g. "MASQUERADE: no address on eth9"). */
  dropReason?: string;
}

export interface HookMeta {
  inIface?: string;
  outIface?: string;
}

export interface KernelOptions {
  rng: Rng;
  /** Virtual time in ms. */
  now: () => number;
  /** Is `ip` an address of this namespace (`-m addrtype --dst-type LOCAL`)? 127/8 always is. */
  isLocal(ip: string): boolean;
  /** Primary address of an interface of the kernel's family (MASQUERADE's source address). */
  ifaceAddress?(iface: string, family?: Family): string | undefined;
  /** Subnet broadcast addresses for addrtype BROADCAST (0/8 and 255.255.255.255 always are). */
  isBroadcast?(ip: string): boolean;
  /** Every address on the namespace's interfaces, both families (what kube-proxy lists). */
  interfaceAddrs?(): string[];
  /** Start from this ruleset instead of empty built-in chains. */
  ruleset?: Ruleset;
  /**
   * 'ipv6': the namespace's IPv6 netfilter (ip6tables' tables, IPv6 packets and conntrack);
   * default IPv4. Linux keeps both per namespace; the simulation uses one kernel per family.
   */
  family?: Family;
}

export type CtProto = 'tcp' | 'udp' | 'sctp' | 'icmp';

/** One direction of a connection. For ICMP `sport` is the echo id and `dport` the ICMP type. */
export interface CtTuple {
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

export type TcpState =
  | 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT'
  | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE' | 'SYN_SENT2';

export interface ConntrackEntry {
  readonly id: number;
  readonly proto: CtProto;
  readonly original: CtTuple;
  /** The tuple replies carry (NAT bindings are visible here). */
  readonly reply: CtTuple;
  readonly tcpState?: TcpState;
  /** IPS_SEEN_REPLY; printed as [UNREPLIED] when false. */
  readonly seenReply: boolean;
  readonly assured: boolean;
  /** IPS_SRC_NAT / IPS_DST_NAT: a NAT binding changed the tuple (ctstate SNAT/DNAT). */
  readonly srcNat: boolean;
  readonly dstNat: boolean;
  readonly confirmed: boolean;
  /** Virtual ms when the entry times out. */
  readonly expires: number;
  readonly createdAt: number;
  readonly mark: number;
  readonly zone: number;
  readonly use: number;
}

/** `conntrack -L/-D` filters; every given field must match (original tuple unless `reply…`). */
export interface ConntrackFilter {
  proto?: CtProto;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  replySrc?: string;
  replyDst?: string;
  replySport?: number;
  replyDport?: number;
  state?: TcpState;
  mark?: number;
  /** `--status`: ASSURED, SEEN_REPLY (UNREPLIED = not seen), SRC_NAT, DST_NAT. */
  status?: 'ASSURED' | 'SEEN_REPLY' | 'UNREPLIED' | 'SRC_NAT' | 'DST_NAT';
}
