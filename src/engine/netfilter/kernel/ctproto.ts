// Per-protocol connection tracking (nf_conntrack_proto_{tcp,udp,icmp}.c): state transitions,
// assured/timeouts. Sequence-number window checks are not modelled (every segment is
// in-window), so INVALID comes only from the TCP state table.

import type { ConntrackSysctl } from './sysctl.ts';
import type { CtEntry } from './conntrack.ts';
import type { TcpState } from './kernelTypes.ts';

/** get_conntrack_index values: which of SYN, SYN/ACK, FIN, ACK, RST (or none) the segment is. */
export const TcpIndex = { SYN: 0, SYNACK: 1, FIN: 2, ACK: 3, RST: 4, NONE: 5 } as const;
export type TcpIndex = (typeof TcpIndex)[keyof typeof TcpIndex];

const STATES: TcpState[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];
const sNO = 0, sSS = 1, sSR = 2, sES = 3, sFW = 4, sCW = 5, sLA = 6, sTW = 7, sCL = 8, sS2 = 9, sIV = 10, sIG = 11;

/** tcp_conntracks[dir][index][old state] of the kernel. */
const TCP_TABLE: number[][][] = [
  [ // ORIGINAL   sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
    /* syn    */ [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
    /* synack */ [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
    /* fin    */ [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    /* ack    */ [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
    /* rst    */ [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    /* none   */ [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  ],
  [ // REPLY      sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
    /* syn    */ [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
    /* synack */ [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
    /* fin    */ [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    /* ack    */ [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
    /* rst    */ [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    /* none   */ [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  ],
];

/** get_conntrack_index for a flags string like "SYN,ACK". */
export function tcpIndex(flags: string): TcpIndex {
  if (flags.includes('RST')) return TcpIndex.RST;
  if (flags.includes('SYN')) return flags.includes('ACK') ? TcpIndex.SYNACK : TcpIndex.SYN;
  if (flags.includes('FIN')) return TcpIndex.FIN;
  if (flags.includes('ACK')) return TcpIndex.ACK;
  return TcpIndex.NONE;
}

/** tcp_new: may this segment start tracking? (SYN, or with tcp_loose a mid-stream ACK.) */
export function tcpCanStart(index: TcpIndex, sysctl: ConntrackSysctl): boolean {
  const s = TCP_TABLE[0]![index]![sNO]!;
  if (s === sSS) return true;
  return s < sIV && sysctl.nf_conntrack_tcp_loose !== 0;
}

function tcpTimeout(state: number, sysctl: ConntrackSysctl): number {
  switch (state) {
    case sSS: case sS2: return sysctl.nf_conntrack_tcp_timeout_syn_sent;
    case sSR: return sysctl.nf_conntrack_tcp_timeout_syn_recv;
    case sES: return sysctl.nf_conntrack_tcp_timeout_established;
    case sFW: return sysctl.nf_conntrack_tcp_timeout_fin_wait;
    case sCW: return sysctl.nf_conntrack_tcp_timeout_close_wait;
    case sLA: return sysctl.nf_conntrack_tcp_timeout_last_ack;
    case sTW: return sysctl.nf_conntrack_tcp_timeout_time_wait;
    default: return sysctl.nf_conntrack_tcp_timeout_close;
  }
}

/** Outcome of tracking one packet: accepted, INVALID (packet loses its conntrack), the entry
 *  must be killed after this packet (RST as only answer), or replaced by a new connection
 *  (SYN reopening a closed one: NF_REPEAT). */
export type TrackResult = 'ok' | 'invalid' | 'kill' | 'repeat';

export function trackTcp(ct: CtEntry, dir: 0 | 1, index: TcpIndex, now: number, sysctl: ConntrackSysctl): TrackResult {
  const old = ct.tcpState === undefined ? sNO : STATES.indexOf(ct.tcpState);
  let oldState = old;
  let next = TCP_TABLE[dir]![index]![old]!;
  // A SYN on a closed/aborted connection: delete it and look the packet up again.
  if (next === sSS && old >= sTW &&
      (ct.tcpCloseInit[0] || ct.tcpCloseInit[1] || (ct.tcpLastDir === dir && ct.tcpLastIndex === TcpIndex.RST))) {
    return 'repeat';
  }
  switch (next === sSS && old >= sTW ? sIG : next) {
    case sIG:
      if (index === TcpIndex.SYNACK && ct.tcpLastIndex === TcpIndex.SYN && ct.tcpLastDir !== dir) {
        // SYN/ACK answering a SYN we ignored: client and server are in sync, we catch up.
        oldState = sSS;
        next = sSR;
        break;
      }
      ct.tcpLastIndex = index;
      ct.tcpLastDir = dir;
      return 'ok';
    case sIV:
      return 'invalid';
    case sS2:
      ct.tcpSimultaneousOpen = true;
      break;
    case sSR:
      if (dir === 1 && index === TcpIndex.ACK && ct.tcpSimultaneousOpen) next = sES;
      break;
  }
  ct.tcpLastIndex = index;
  ct.tcpLastDir = dir;
  ct.tcpState = STATES[next];
  if (oldState !== next && next === sFW) ct.tcpCloseInit[dir] = true;

  let timeout = index === TcpIndex.RST ? sysctl.nf_conntrack_tcp_timeout_close : tcpTimeout(next, sysctl);
  if (!ct.seenReply) {
    if (index === TcpIndex.RST) return 'kill';
    // A retransmitted SYN does not renew the timeout.
    if (index === TcpIndex.SYN && oldState === sSS) return 'ok';
    // Picked up mid-stream: no long ESTABLISHED timeout until the other side answers.
    if (next === sES && timeout > sysctl.nf_conntrack_tcp_timeout_unacknowledged) {
      timeout = sysctl.nf_conntrack_tcp_timeout_unacknowledged;
    }
  } else if (!ct.assured && (oldState === sSR || oldState === sES) && next === sES) {
    ct.assured = true;
  }
  ct.expires = now + timeout * 1000;
  return 'ok';
}

export function trackUdp(ct: CtEntry, now: number, sysctl: ConntrackSysctl): TrackResult {
  if (!ct.confirmed) ct.udpStreamTs = now + 2000;
  if (ct.seenReply) {
    let extra = sysctl.nf_conntrack_udp_timeout;
    let stream = false;
    // Still active more than two seconds after the first packet: a stream.
    if (now > ct.udpStreamTs) {
      extra = sysctl.nf_conntrack_udp_timeout_stream;
      stream = !ct.assured;
    }
    ct.expires = now + extra * 1000;
    if (stream) ct.assured = true;
  } else {
    ct.expires = now + sysctl.nf_conntrack_udp_timeout * 1000;
  }
  return 'ok';
}

export function trackIcmp(ct: CtEntry, now: number, sysctl: ConntrackSysctl): TrackResult {
  ct.expires = now + sysctl.nf_conntrack_icmp_timeout * 1000;
  return 'ok';
}

/** SCTP chunks are not modelled: tracked like the generic protocol. */
export function trackGeneric(ct: CtEntry, now: number, sysctl: ConntrackSysctl): TrackResult {
  ct.expires = now + sysctl.nf_conntrack_generic_timeout * 1000;
  return 'ok';
}
