// A DNS message as tcpdump 4.99 prints it without -v (print-domain.c), checked against
// tcpdump 4.99.3 with dig and a small server:
//   query  `55545+ A? auth-service.default.svc.cluster.local. (56)`, dig's EDNS `40960+ [1au] A? …`
//   reply  `55545*- 1/0/0 A 10.96.241.179 (72)`, `60385*- 2/0/0 A 10.96.241.179, A 10.96.0.1 (79)`,
//          `51737 NXDomain*- 0/1/0 (139)`, `43967*- 0/0/0 (56)`
// The id, RD `+` (queries); the rcode word, AA `*`, no-RA `-` (replies); the section counts
// (the OPT record counts in the additional section); the answers; the message size.

import { wireSize, type DnsMessage, type ResourceRecord } from '../../dns/message.ts';

const RCODE_WORD: Record<DnsMessage['rcode'], string> = { NOERROR: '', NXDOMAIN: ' NXDomain', SERVFAIL: ' ServFail', REFUSED: ' Refused' };

/** One answer record without -v: its type and data (no owner name, no TTL). */
function answerText(r: ResourceRecord): string {
  const d = r.data;
  switch (d.type) {
    case 'A':
      return ` A ${d.ip}`;
    case 'CNAME':
    case 'PTR':
      return ` ${d.type} ${d.target}`;
    case 'SRV':
      return ` SRV ${d.target}:${d.port} ${d.priority} ${d.weight}`;
    case 'SOA':
      // The SOA data is printed only with -v.
      return ' SOA';
    default:
      // A type this decoder does not know yet: its name only.
      return ` ${(d as { type: string }).type}`;
  }
}

/** The size of the message on the wire (the `(N)` at the end and the UDP payload). */
export const dnsSize = (m: DnsMessage): number => wireSize(m);

export function queryText(m: DnsMessage): string {
  const ar = m.additional.length + (m.edns ? 1 : 0);
  return `${m.id}${m.rd ? '+' : ''}${ar ? ` [${ar}au]` : ''} ${m.question.type}? ${m.question.name} (${dnsSize(m)})`;
}

export function replyText(m: DnsMessage): string {
  const ar = m.additional.length + (m.edns ? 1 : 0);
  const head = `${m.id}${RCODE_WORD[m.rcode]}${m.aa ? '*' : ''}${m.ra ? '' : '-'}`;
  const answers = m.answer.map(answerText).join(',');
  return `${head} ${m.answer.length}/${m.authority.length}/${ar}${answers} (${dnsSize(m)})`;
}
