// A DNS message as the resolver and dig see it (RFC 1035), and its size on the wire.
// CoreDNS answers small UDP replies uncompressed (request.Scrub compresses only past 1480
// bytes), so every name is counted in full: dig's "MSG SIZE  rcvd:" matches the real one.

export type RRType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'SOA' | 'PTR' | 'TXT' | 'NS' | 'MX' | 'ANY';

export const TYPE_CODES: Record<RRType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 };

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

export type RData =
  | { type: 'A'; ip: string }
  | { type: 'CNAME'; target: string }
  | { type: 'PTR'; target: string }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { type: 'SOA'; soa: SoaData };

export interface ResourceRecord {
  /** Absolute, with the trailing dot. */
  name: string;
  ttl: number;
  data: RData;
}

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export interface DnsMessage {
  id: number;
  rcode: Rcode;
  /** Header flags in dig's order: qr aa tc rd ra. */
  aa: boolean;
  rd: boolean;
  ra: boolean;
  question: { name: string; type: RRType };
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  /** EDNS in the reply (CoreDNS mirrors the client's OPT: UDP size and the echoed cookie). */
  edns?: { udpSize: number; cookie?: string };
}

/** Bytes of a name in uncompressed wire form ("." is one byte). */
export function nameLength(name: string): number {
  const labels = name.replace(/\.$/, '').split('.').filter((l) => l !== '');
  return labels.reduce((n, l) => n + l.length + 1, 0) + 1;
}

function rdataLength(d: RData): number {
  switch (d.type) {
    case 'A':
      return 4;
    case 'CNAME':
    case 'PTR':
      return nameLength(d.target);
    case 'SRV':
      return 6 + nameLength(d.target);
    case 'SOA':
      return nameLength(d.soa.mname) + nameLength(d.soa.rname) + 20;
  }
}

/** Size of the message on the wire. */
export function wireSize(m: DnsMessage): number {
  const rr = (r: ResourceRecord): number => nameLength(r.name) + 10 + rdataLength(r.data);
  let n = 12 + nameLength(m.question.name) + 4;
  for (const r of [...m.answer, ...m.authority, ...m.additional]) n += rr(r);
  // OPT: root name, type, class, TTL, RDLENGTH, then the COOKIE option (code, length, 8 bytes).
  if (m.edns) n += 11 + (m.edns.cookie ? 4 + m.edns.cookie.length / 2 : 0);
  return n;
}

/** Lower-cases and makes absolute: `Foo.Bar` → `foo.bar.`. */
export function absolute(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** The record's data as dig prints it (master-file text). */
export function rdataText(d: RData): string {
  switch (d.type) {
    case 'A':
      return d.ip;
    case 'CNAME':
    case 'PTR':
      return d.target;
    case 'SRV':
      return `${d.priority} ${d.weight} ${d.port} ${d.target}`;
    case 'SOA': {
      const s = d.soa;
      return `${s.mname} ${s.rname} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    }
  }
}
