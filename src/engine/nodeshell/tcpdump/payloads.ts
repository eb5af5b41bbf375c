// What the datagrams of a DNS exchange carry, for tcpdump's decoder: the trace of a query
// (network.connect, UDP) has only headers, so the resolver that sends it notes the query and
// the reply here, keyed by that trace (dns/exchange.ts calls these).

import type { DnsMessage, RRType } from '../../dns/message.ts';
import type { ConnectionTrace } from '../../network/types.ts';

export interface DnsPayload {
  query: DnsMessage;
  reply?: DnsMessage;
}

const payloads = new WeakMap<ConnectionTrace, DnsPayload>();

/** The query a resolver sent in `trace` (before its reply exists). */
export function recordDnsQuery(
  trace: ConnectionTrace,
  q: { id: number; rd: boolean; name: string; type: RRType; edns?: { udpSize: number; cookie?: string } },
): void {
  const query: DnsMessage = {
    id: q.id,
    rcode: 'NOERROR',
    aa: false,
    rd: q.rd,
    ra: false,
    question: { name: q.name, type: q.type },
    answer: [],
    authority: [],
    additional: [],
    ...(q.edns ? { edns: q.edns } : {}),
  };
  payloads.set(trace, { query });
}

/** The reply the server sent back in `trace`. */
export function recordDnsReply(trace: ConnectionTrace, reply: DnsMessage): void {
  const p = payloads.get(trace);
  if (p) p.reply = reply;
}

export function dnsPayloadOf(trace: ConnectionTrace): DnsPayload | undefined {
  return payloads.get(trace);
}
