// One captured packet as tcpdump 4.99 prints it with -n (checked against tcpdump 4.99.3 on
// Debian 12): `HH:MM:SS.uuuuuu [IFACE In|Out ]IP a.b.c.d.port > e.f.g.h.port: …`. TCP sequence
// numbers are relative after the first packet of a conversation, as print-tcp.c's tcp_seq_hash.

import type { Packet } from '../../netfilter/types.ts';
import type { ConnectionTrace, Hop, Network, WireInfo } from '../../network/types.ts';
import { dnsSize, queryText, replyText } from './domain.ts';
import { dnsPayloadOf } from './payloads.ts';

/** print-tcp.c's flag letters, in its order. */
const FLAG_LETTERS: [string, string][] = [['FIN', 'F'], ['SYN', 'S'], ['RST', 'R'], ['PSH', 'P'], ['ACK', '.'], ['URG', 'U']];

/** TCP options (hex, as WireInfo carries them) in tcpdump's words. */
export function tcpOptions(hex: string): string {
  const b = (hex.match(/../g) ?? []).map((h) => parseInt(h, 16));
  const out: string[] = [];
  const u32 = (i: number) => (((b[i] ?? 0) << 24) >>> 0) + ((b[i + 1] ?? 0) << 16) + ((b[i + 2] ?? 0) << 8) + (b[i + 3] ?? 0);
  for (let i = 0; i < b.length; ) {
    const kind = b[i] as number;
    if (kind === 0) { out.push('eol'); break; }
    if (kind === 1) { out.push('nop'); i++; continue; }
    const len = b[i + 1] ?? 2;
    if (kind === 2) out.push(`mss ${((b[i + 2] ?? 0) << 8) + (b[i + 3] ?? 0)}`);
    else if (kind === 3) out.push(`wscale ${b[i + 2] ?? 0}`);
    else if (kind === 4) out.push('sackOK');
    else if (kind === 8) out.push(`TS val ${u32(i + 2)} ecr ${u32(i + 6)}`);
    else out.push(`opt-${kind}:`);
    i += Math.max(len, 2);
  }
  return out.join(',');
}

interface SeqEntry { seq: number; ack: number }

/** The relative-sequence state of one capture (print-tcp.c keeps it per tcpdump process). */
export class TcpSeqState {
  private readonly conv = new Map<string, SeqEntry>();

  /** Sequence and ack numbers as tcpdump prints them for this segment. */
  relative(p: Packet, seq: number, ack: number, syn: boolean): { seq: number; ack: number } {
    const a = `${p.src}:${p.sport}`;
    const b = `${p.dst}:${p.dport}`;
    const rev = a > b;
    const key = rev ? `${b}|${a}` : `${a}|${b}`;
    const th = this.conv.get(key);
    if (!th || syn) {
      // A new conversation: remember the initial numbers and print them absolute.
      this.conv.set(key, rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 });
      return { seq, ack };
    }
    return rev ? { seq: (seq - th.ack) >>> 0, ack: (ack - th.seq) >>> 0 } : { seq: (seq - th.seq) >>> 0, ack: (ack - th.ack) >>> 0 };
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS.uuuuuu` of an epoch time in ms (the node's local time is UTC). */
export function timestamp(epochMs: number): string {
  const d = Math.floor(epochMs / 86_400_000);
  const msOfDay = epochMs - d * 86_400_000;
  const s = Math.floor(msOfDay / 1000);
  const us = Math.round((msOfDay - s * 1000) * 1000);
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}.${String(us).padStart(6, '0')}`;
}

/** The part after `IP ` for one packet; `dns`: the message a UDP port 53 datagram carries. */
export function packetText(p: Packet, wire: WireInfo, seqState: TcpSeqState, dns?: string): string {
  if (p.proto === 'tcp') {
    const flags = (p.tcpFlags ?? '').split(',');
    const letters = FLAG_LETTERS.filter(([f]) => flags.includes(f)).map(([, l]) => l).join('') || 'none';
    const tcp = wire.tcp ?? { seq: 0, ack: 0, window: 0, options: '' };
    const optBytes = tcp.options.length / 2;
    const len = Math.max(0, p.length - 20 - 20 - optBytes);
    const syn = flags.includes('SYN');
    const rel = seqState.relative(p, tcp.seq, tcp.ack, syn);
    let s = `${p.src}.${p.sport} > ${p.dst}.${p.dport}: Flags [${letters}]`;
    if (len > 0 || syn || flags.includes('FIN') || flags.includes('RST')) s += `, seq ${rel.seq}${len > 0 ? `:${(rel.seq + len) >>> 0}` : ''}`;
    if (flags.includes('ACK')) s += `, ack ${rel.ack}`;
    s += `, win ${tcp.window}`;
    if (tcp.options) s += `, options [${tcpOptions(tcp.options)}]`;
    return `${s}, length ${len}`;
  }
  if (p.proto === 'udp') return `${p.src}.${p.sport} > ${p.dst}.${p.dport}: ${dns ?? `UDP, length ${Math.max(0, p.length - 28)}`}`;
  if (p.proto === 'icmp') {
    const icmp = wire.icmp;
    const inner = icmp?.inner?.packet;
    let what = `type-#${icmp?.type ?? 0}`;
    if (icmp?.type === 3 && inner) {
      if (icmp.code === 3) what = `${inner.dst} ${inner.proto} port ${inner.dport} unreachable`;
      else if (icmp.code === 1) what = `host ${inner.dst} unreachable`;
      else if (icmp.code === 13) what = `host ${inner.dst} unreachable - admin prohibited filter`;
    }
    return `${p.src} > ${p.dst}: ICMP ${what}, length ${Math.max(0, p.length - 20)}`;
  }
  return `${p.src} > ${p.dst}: ip-proto-132 ${Math.max(0, p.length - 20)}`;
}

/** One packet a capture kept: when, on which interface and way, the hop that carried it and its frame. */
export interface Seen {
  epochMs: number;
  iface: string;
  dir: 'In' | 'Out';
  hop: Hop;
  trace: ConnectionTrace;
  /** Looked up when it was captured (the pod may be gone when the line is printed). */
  link: LinkInfo;
}

/** The frame's source and destination MAC, and the capturing interface's index. */
export interface LinkInfo {
  src: string;
  dst: string;
  ifindex: number;
}

/** The DNS message of a port-53 datagram (tcpdump decodes UDP port 53 as "domain") and its size. */
function dnsOf(s: Seen): { text: string; size: number } | undefined {
  const p = s.hop.after;
  if (p.proto !== 'udp' || (p.sport !== 53 && p.dport !== 53)) return undefined;
  const payload = dnsPayloadOf(s.trace);
  const m = s.hop.direction === 'original' ? payload?.query : payload?.reply;
  if (!m) return undefined;
  return { text: s.hop.direction === 'original' ? queryText(m) : replyText(m), size: dnsSize(m) };
}

/** The frame a transmit hop put on the wire, as `node` sees it on `iface`. */
export function linkInfo(network: Network, hop: Hop, node: string, iface: string): LinkInfo {
  const zero = '00:00:00:00:00:00';
  const ifindex = network.host(node)?.ifaces.find((i) => i.name === iface)?.index ?? 0;
  if (hop.outIface === 'lo') return { src: zero, dst: zero, ifindex };
  const sender = network.host(hop.host)?.ifaces.find((i) => i.name === hop.outIface);
  // walk.ts words the arrival as "<out> -> <receiving host's label> <in iface>…".
  const m = /^\S+ -> (\S+) (\S+)/.exec(hop.note ?? '');
  const receiver = m ? network.host(m[1] as string)?.ifaces.find((i) => i.name === m[2]) : undefined;
  return { src: sender?.mac ?? zero, dst: receiver?.mac ?? zero, ifindex };
}

/**
 * A captured packet's line after the timestamp. `-i any` (LINUX_SLL2) names the interface
 * (padded to 5, print-sll.c's "%-5s ") and the way (padded to 3); with -e, the cooked header's
 * ifindex and source MAC, or for an Ethernet interface the MAC header, and the frame length
 * (IP length + 20 for SLL2, + 14 for Ethernet), in place of "IP".
 */
export function packetLine(s: Seen, any: boolean, linkHeader: boolean, seq: TcpSeqState): string {
  const dns = dnsOf(s);
  const p = dns ? { ...s.hop.after, length: 28 + dns.size } : s.hop.after;
  const body = packetText(p, s.hop.wire, seq, dns?.text);
  const where = any ? `${s.iface.padEnd(5)} ${s.dir.padEnd(3)} ` : '';
  if (!linkHeader) return `${where}IP ${body}`;
  const { src, dst, ifindex } = s.link;
  if (!any) return `${src} > ${dst}, ethertype IPv4 (0x0800), length ${p.length + 14}: ${body}`;
  return `${where}ifindex ${ifindex} ${src} ethertype IPv4 (0x0800), length ${p.length + 20}: ${body}`;
}
