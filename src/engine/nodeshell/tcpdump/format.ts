// One captured packet as tcpdump 4.99 prints it with -n (checked against tcpdump 4.99.3 on
// Debian 12): `HH:MM:SS.uuuuuu [IFACE In|Out ]IP a.b.c.d.port > e.f.g.h.port: …`. TCP sequence
// numbers are relative after the first packet of a conversation, as print-tcp.c's tcp_seq_hash.

import type { Packet } from '../../netfilter/types.ts';
import type { WireInfo } from '../../network/types.ts';

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

/** The part after `IP ` for one packet. */
export function packetText(p: Packet, wire: WireInfo, seqState: TcpSeqState): string {
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
  if (p.proto === 'udp') return `${p.src}.${p.sport} > ${p.dst}.${p.dport}: UDP, length ${Math.max(0, p.length - 28)}`;
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
