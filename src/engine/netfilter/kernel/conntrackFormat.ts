// `conntrack -L` lines as conntrack-tools 1.4.7 prints them (libnetfilter_conntrack's
// __snprintf_conntrack_default): protocol name padded to 8, number, remaining seconds, TCP
// state, original tuple, [UNREPLIED], reply tuple, [ASSURED], mark, zone (only if set), use.

import type { ConntrackEntry, CtTuple } from './kernelTypes.ts';

const PROTO_NUMBER: Record<ConntrackEntry['proto'], number> = { tcp: 6, udp: 17, sctp: 132, icmp: 1 };

export interface ConntrackFormatOptions {
  /** `-o extended`: the layer-3 protocol first (`ipv4     2 `). */
  extended?: boolean;
  /** `-o id`: `id=N` after use. */
  showId?: boolean;
}

export function formatConntrack(e: ConntrackEntry, now: number, opts: ConntrackFormatOptions = {}): string {
  let s = '';
  // the layer-3 protocol: ipv6 (AF_INET6 = 10) for a connection of an ipv6 kernel
  if (opts.extended) s += e.original.src.includes(':') ? `${'ipv6'.padEnd(8)} 10 ` : `${'ipv4'.padEnd(8)} 2 `;
  s += `${e.proto.padEnd(8)} ${PROTO_NUMBER[e.proto]} `;
  s += `${Math.max(0, Math.floor((e.expires - now) / 1000))} `;
  if (e.proto === 'tcp') s += `${e.tcpState ?? 'NONE'} `;
  s += tuple(e.proto, e.original);
  if (!e.seenReply) s += '[UNREPLIED] ';
  s += tuple(e.proto, e.reply);
  if (e.assured) s += '[ASSURED] ';
  s += `mark=${e.mark >>> 0} `;
  if (e.zone !== 0) s += `zone=${e.zone} `;
  s += `use=${e.use} `;
  if (opts.showId) s += `id=${e.id} `;
  return s.slice(0, -1);
}

function tuple(proto: ConntrackEntry['proto'], t: CtTuple): string {
  const addrs = `src=${t.src} dst=${t.dst} `;
  if (proto === 'icmp') return `${addrs}type=${t.dport} code=0 id=${t.sport} `;
  return `${addrs}sport=${t.sport} dport=${t.dport} `;
}

/** The line conntrack writes to stderr after a listing. */
export function conntrackSummary(count: number): string {
  return `conntrack v1.4.7 (conntrack-tools): ${count} flow entries have been shown.`;
}
