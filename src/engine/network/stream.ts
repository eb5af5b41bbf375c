// An established TCP connection after its handshake: data segments and the close, each a real
// packet through the same namespaces (every node's conntrack entry reverses the NAT, nat rules
// are not consulted — NF-3 — and every other table counts it). What Linux sends for curl
// against an HTTP server, as captured on a router namespace (Linux 6.18):
//   → PSH,ACK request    ← ACK    ← PSH,ACK response    → ACK
//   → FIN,ACK            ← FIN,ACK                      → ACK
// curl closes first; the server reads end-of-stream and closes at once, so its FIN carries the
// ACK of the client's. A server closing first (HTTP/1.0, `Connection: close`, a hang-up) is the
// mirror image. The side that closed first ends in TIME_WAIT, the conntrack entry too (120 s).
// A response is one segment: on veth a write leaves as one GSO packet, which netfilter sees and
// counts once, whatever its size.

import { conntrackLine, deliverHop, type ConnectDeps, type OpenTcp } from './connect.ts';
import type { Endpoints } from './wire.ts';
import { segmentWire, tcpPacket } from './wire.ts';
import { sendLocal, type WalkCtx } from './walk.ts';

export type Side = 'client' | 'server';

const other = (s: Side): Side => (s === 'client' ? 'server' : 'client');
/** IP header 20 + TCP header 20 + timestamps option 12. */
const HEADERS = 52;

/**
 * One segment from `from` to its peer; true when the peer's socket got it. `owned`: the sending
 * socket still has its process (not after close(): an orphaned socket logs no UID/GID).
 */
function segment(deps: ConnectDeps, o: OpenTcp, from: Side, flags: string, payload: number, note: string, owned = true): boolean {
  const host = from === 'client' ? o.client : o.server;
  const peer = from === 'client' ? o.server : o.client;
  const e = from === 'client' ? o.ends : o.back;
  // The peer expects the reverse of its own view of the connection.
  const want: Endpoints = from === 'client' ? o.back : o.ends;
  const direction = from === 'client' ? 'original' : 'reply';
  const ctx: WalkCtx = { topo: deps.topo, hops: o.trace.hops, label: flags, direction, kernels: [], steps: 0 };
  const owner = owned ? (from === 'client' ? o.owner : o.serverOwner) : undefined;
  const wire = segmentWire(from, o.tcp, o.srv, o.sent, o.ids[from]++, owner);
  const f = sendLocal(ctx, host, tcpPacket(e, flags, HEADERS + payload), wire);
  const q = f.kind === 'delivered' ? f.packet : undefined;
  if (f.kind !== 'delivered' || f.host !== peer || !q || q.src !== want.dst || q.sport !== want.dport || q.dst !== want.src || q.dport !== want.sport) {
    // Lost (rules changed since the handshake, a route went away): TCP would retransmit and
    // eventually give up; the simulation stops sending on this connection.
    o.broken = true;
    return false;
  }
  deliverHop(o.trace.hops, flags, peer, q, f.wire, note, direction);
  return true;
}

function refresh(deps: ConnectDeps, o: OpenTcp): void {
  const line = conntrackLine(deps, o.first, o.trace.hops);
  if (line) o.trace.conntrack = line;
}

/** `bytes` of data from one side (one PSH,ACK segment), acknowledged by the other. */
export function sendData(deps: ConnectDeps, o: OpenTcp, from: Side, bytes: number): boolean {
  if (o.broken || o.fin.client || o.fin.server || bytes <= 0) return false;
  const name = from === 'client' ? 'the request' : 'the response';
  const ok = segment(deps, o, from, 'PSH,ACK', bytes, `${bytes} bytes of data (${name}) for the ${other(from)}'s socket`);
  if (ok) {
    o.sent[from] += bytes;
    segment(deps, o, other(from), 'ACK', 0, `acknowledges the ${bytes} bytes`);
  }
  refresh(deps, o);
  return ok && !o.broken;
}

/** close() on `by`'s socket, the peer closing on end-of-stream, and the last ACK. */
export function closeTcp(deps: ConnectDeps, o: OpenTcp, by: Side): boolean {
  if (o.broken || o.fin.client || o.fin.server) return false;
  const peer = other(by);
  o.fin[by] = true;
  let ok = segment(deps, o, by, 'FIN,ACK', 0, `FIN: the ${peer} reads end-of-stream (CLOSE_WAIT) and closes its socket too`);
  o.sent[by] += 1;
  if (ok) {
    o.fin[peer] = true;
    ok = segment(deps, o, peer, 'FIN,ACK', 0, `FIN: the ${by}'s socket acknowledges it and waits in TIME_WAIT`);
    o.sent[peer] += 1;
  }
  if (ok) ok = segment(deps, o, by, 'ACK', 0, `the ${peer}'s socket is closed (LAST_ACK -> CLOSED)`, false);
  // The client's socket keeps its port in TIME_WAIT when the client closed first.
  if (ok && by === 'client') deps.timeWait?.add(o.client, o.ends.src, o.ends.sport, o.ends.dst, o.ends.dport, deps.now());
  refresh(deps, o);
  return ok;
}
