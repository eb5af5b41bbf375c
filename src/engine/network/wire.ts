// What the packets of one exchange look like on the wire, as Linux 6.1 sends them: a SYN with
// MSS/SACK_PERM/timestamps/window scale 7, the SYN-ACK (IP ID 0, DF), the handshake's last ACK,
// the RST a closed port answers with, UDP datagrams and ICMP errors (TOS 0xC0, no DF).

import type { Packet } from '../netfilter/types.ts';
import type { Rng } from '../sim/rng.ts';
import type { WireInfo } from './types.ts';

export const TTL = 64;
/** `hello\n`: the first datagram a UDP client sends. */
export const UDP_PAYLOAD = 6;

const hex = (n: number, digits: number): string => (n >>> 0).toString(16).toUpperCase().padStart(digits, '0');

/** MSS for an interface MTU: IP + TCP headers; on `lo` (MTU 65536) Linux advertises 65495. */
export const mssFor = (mtu: number): number => (mtu >= 65536 ? 65495 : mtu - 40);

export function synOptions(mss: number, tsval: number, tsecr = 0): string {
  return `0204${hex(mss, 4)}0402080A${hex(tsval, 8)}${hex(tsecr, 8)}01030307`;
}

export function ackOptions(tsval: number, tsecr: number): string {
  return `0101080A${hex(tsval, 8)}${hex(tsecr, 8)}`;
}

export interface Endpoints {
  src: string;
  sport: number;
  dst: string;
  dport: number;
}

export function tcpPacket(e: Endpoints, flags: string, length: number): Packet {
  return { src: e.src, dst: e.dst, proto: 'tcp', sport: e.sport, dport: e.dport, length, mark: 0, tcpFlags: flags };
}

export function udpPacket(e: Endpoints, payload = UDP_PAYLOAD): Packet {
  return { src: e.src, dst: e.dst, proto: 'udp', sport: e.sport, dport: e.dport, length: 20 + 8 + payload, mark: 0 };
}

/** The client's side of a TCP handshake: its numbers are drawn once per connection. */
export interface TcpClientState {
  seq: number;
  id: number;
  tsval: number;
  mss: number;
}

export function newTcpClient(rng: Rng, mtu: number): TcpClientState {
  return { seq: rng.int(0x100000000), id: rng.int(0x10000), tsval: rng.int(0x100000000), mss: mssFor(mtu) };
}

export function synWire(c: TcpClientState, owner?: { uid: number; gid: number }): WireInfo {
  const window = c.mss > 1460 ? c.mss : 64240;
  return { ttl: TTL, id: c.id, df: true, tos: 0, tcp: { seq: c.seq, ack: 0, window, options: synOptions(c.mss, c.tsval) }, ...(owner ? { owner } : {}) };
}

export interface TcpServerState {
  seq: number;
  tsval: number;
}

export function synAckWire(c: TcpClientState, s: TcpServerState, mss: number): WireInfo {
  const window = mss > 1460 ? mss - 12 : 65160;
  return { ttl: TTL, id: 0, df: true, tos: 0, tcp: { seq: s.seq, ack: (c.seq + 1) >>> 0, window, options: synOptions(mss, s.tsval, c.tsval) } };
}

export function ackWire(c: TcpClientState, s: TcpServerState, owner?: { uid: number; gid: number }): WireInfo {
  return {
    ttl: TTL,
    id: (c.id + 1) & 0xffff,
    df: true,
    tos: 0,
    tcp: { seq: (c.seq + 1) >>> 0, ack: (s.seq + 1) >>> 0, window: c.mss > 1460 ? 512 : 502, options: ackOptions(c.tsval, s.tsval) },
    ...(owner ? { owner } : {}),
  };
}

/**
 * A segment after the handshake (data, its ACK, FIN): sequence and acknowledgement numbers
 * advanced by what each side has sent (a FIN counts one), timestamps as in the handshake (the
 * exchange takes well under a millisecond), the scaled window each side advertised: 64240 or
 * 65160 bytes >> 7, rounded up as tcp_select_window does (502, 510; 512 on lo).
 */
export function segmentWire(
  from: 'client' | 'server',
  c: TcpClientState,
  s: TcpServerState & { id: number },
  sent: { client: number; server: number },
  idOffset: number,
  owner?: { uid: number; gid: number },
): WireInfo {
  const cSeq = (c.seq + 1 + sent.client) >>> 0;
  const sSeq = (s.seq + 1 + sent.server) >>> 0;
  const lo = c.mss > 1460;
  const tcp = from === 'client'
    ? { seq: cSeq, ack: sSeq, window: lo ? 512 : 502, options: ackOptions(c.tsval, s.tsval) }
    : { seq: sSeq, ack: cSeq, window: lo ? 512 : 510, options: ackOptions(s.tsval, c.tsval) };
  const id = ((from === 'client' ? c.id : s.id) + idOffset) & 0xffff;
  return { ttl: TTL, id, df: true, tos: 0, tcp, ...(owner ? { owner } : {}) };
}

/** tcp_v4_send_reset / nf_send_reset answering a SYN: no sequence number, ACKs the SYN. */
export function rstWire(c: TcpClientState): WireInfo {
  return { ttl: TTL, id: 0, df: true, tos: 0, tcp: { seq: 0, ack: (c.seq + 1) >>> 0, window: 0, options: '' } };
}

export function udpWire(id: number, owner?: { uid: number; gid: number }): WireInfo {
  return { ttl: TTL, id, df: true, tos: 0, ...(owner ? { owner } : {}) };
}

/** An ICMP destination-unreachable quoting the offending packet (as much as fits in 576 bytes). */
export function icmpError(from: string, offending: Packet, offendingWire: WireInfo, code: number, id: number): { packet: Packet; wire: WireInfo } {
  const quoted = Math.min(offending.length, 576 - 28);
  const packet: Packet = { src: from, dst: offending.src, proto: 'icmp', sport: 0, dport: 3, length: 20 + 8 + quoted, mark: 0 };
  const wire: WireInfo = { ttl: TTL, id, df: false, tos: 0xc0, icmp: { type: 3, code, inner: { packet: offending, wire: offendingWire } } };
  return { packet, wire };
}

/** REJECT --reject-with names → ICMP destination-unreachable codes (ipt_REJECT). */
export const REJECT_CODES: Record<string, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13,
};

/** What connect() reports for an ICMP destination-unreachable code (icmp_err_convert). */
export function errnoForIcmp(code: number): { outcome: 'refused' | 'unreachable'; error: string } {
  switch (code) {
    case 3:
      return { outcome: 'refused', error: 'Connection refused' };
    case 2:
      return { outcome: 'unreachable', error: 'Protocol not available' };
    case 0:
    case 6:
    case 9:
    case 11:
      return { outcome: 'unreachable', error: 'Network is unreachable' };
    default:
      return { outcome: 'unreachable', error: 'No route to host' };
  }
}
