// TRACE lines as the kernel logs them for `iptables -j TRACE` (ip_tables.c trace_packet:
// "TRACE: %s:%s:%s:%u " = table:chain:rule|return|policy:number, then nf_log_syslog.c's
// nf_log_ip_packet with NF_LOG_DEFAULT_MASK: IN=/OUT=, MAC= for received packets, the IPv4
// header, TCP with SEQ/ACK and options, UID/GID of a local socket, MARK when set). The layout
// was checked against Linux 6.18 in a network namespace (trailing space included).

import type { Packet } from '../netfilter/types.ts';
import type { RuleHit } from './kernelPort.ts';
import type { Hop, WireInfo } from './types.ts';

const HEX2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
const TCP_FLAGS = ['CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN'];

/** dump_ipv4_packet: header, L4, and (outer packet only) UID/GID and MARK. */
function dumpIPv4(p: Packet, w: WireInfo, nested: boolean): string {
  let s = `SRC=${p.src} DST=${p.dst} LEN=${p.length} TOS=0x${HEX2(w.tos & 0x1e)} PREC=0x${HEX2(w.tos & 0xe0)} TTL=${w.ttl} ID=${w.id} `;
  if (w.df) s += 'DF ';
  switch (p.proto) {
    case 'tcp': {
      const t = w.tcp ?? { seq: 0, ack: 0, window: 0, options: '' };
      const flags = new Set((p.tcpFlags ?? '').split(/[ ,]/));
      s += `PROTO=TCP SPT=${p.sport} DPT=${p.dport} SEQ=${t.seq >>> 0} ACK=${t.ack >>> 0} WINDOW=${t.window} RES=0x00 `;
      for (const f of TCP_FLAGS) if (flags.has(f)) s += `${f} `;
      s += 'URGP=0 ';
      if (t.options) s += `OPT (${t.options}) `;
      break;
    }
    case 'udp':
      s += `PROTO=UDP SPT=${p.sport} DPT=${p.dport} LEN=${p.length - 20} `;
      break;
    case 'sctp':
      s += `PROTO=SCTP SPT=${p.sport} DPT=${p.dport} `;
      break;
    case 'icmp': {
      const i = w.icmp ?? { type: p.dport, code: 0 };
      s += `PROTO=ICMP TYPE=${i.type} CODE=${i.code} `;
      if (i.inner && !nested) s += `[${dumpIPv4(i.inner.packet, i.inner.wire, true)}] `;
      break;
    }
  }
  if (!nested) {
    if (w.owner) s += `UID=${w.owner.uid} GID=${w.owner.gid} `;
    if (p.mark >>> 0) s += `MARK=0x${(p.mark >>> 0).toString(16)} `;
  }
  return s;
}

/** The part after the TRACE prefix for a packet at a hook. */
export function nfLogPacket(hop: Hop, pkt: Packet): string {
  let s = `IN=${hop.inIface ?? ''} OUT=${hop.outIface ?? ''} `;
  if (hop.inIface && hop.mac) s += `MAC=${hop.mac} `;
  // The socket owner is printed for locally generated packets only (OUTPUT, POSTROUTING).
  const w = hop.inIface ? { ...hop.wire, owner: undefined } : hop.wire;
  return s + dumpIPv4(pkt, w, false);
}

export function traceLine(hit: RuleHit, hop: Hop, pkt: Packet = hop.before): string {
  return `TRACE: ${hit.table}:${hit.chain}:${hit.type}:${hit.ruleNumber} ${nfLogPacket(hop, pkt)}`;
}

/** `--set-xmark value/mask` of a MARK hit (what KUBE-MARK-MASQ and KUBE-POSTROUTING do). */
function applyMark(mark: number, hit: RuleHit): number {
  if (hit.verdict !== 'MARK') return mark;
  const m = /--set-xmark (0x[0-9a-f]+)\/(0x[0-9a-f]+)/.exec(hit.rule);
  if (!m) return mark;
  const value = parseInt(m[1]!, 16);
  const mask = parseInt(m[2]!, 16);
  return ((mark & ~mask) ^ value) >>> 0;
}

/**
 * Every TRACE line of one hook. NAT rewrites happen after the nat chain, so all lines show the
 * packet as it entered the hook; only the skb mark changes as MARK rules run.
 */
export function formatHopTrace(hop: Hop): string[] {
  let mark = hop.before.mark;
  const out: string[] = [];
  for (const hit of hop.hits) {
    out.push(traceLine(hit, hop, { ...hop.before, mark }));
    mark = applyMark(mark, hit);
  }
  return out;
}
