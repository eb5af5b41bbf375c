// dig 9.18's message text (lib/dns/masterdump.c with dig's style: TTL at column 24, class at
// 32, type at 40, data at 48, tabs every 8), checked against the real dig 9.18.49 reading
// CoreDNS-shaped replies.

import { rdataText, type DnsMessage, type ResourceRecord } from './message.ts';

/** masterdump.c indent(): at least one blank, tabs to the tab stop of `to`, then spaces. */
function indent(col: number, to: number): { text: string; col: number } {
  let from = col;
  if (to < from + 1) to = from + 1;
  let text = '';
  const ntabs = Math.floor(to / 8) - Math.floor(from / 8);
  if (ntabs > 0) {
    text += '\t'.repeat(ntabs);
    from = Math.floor(to / 8) * 8;
  }
  text += ' '.repeat(to - from);
  return { text, col: to };
}

/** Appends fields at the given columns. */
function columns(first: string, fields: [string, number][]): string {
  let out = first;
  let col = first.length;
  for (const [text, at] of fields) {
    const ind = indent(col, at);
    out += ind.text + text;
    col = ind.col + text.length;
  }
  return out;
}

export function recordLine(r: ResourceRecord): string {
  return columns(r.name, [
    [String(r.ttl), 24],
    ['IN', 32],
    [r.data.type, 40],
    [rdataText(r.data), 48],
  ]);
}

/** The question line: the leading ';' is not counted in the columns. */
export function questionLine(m: DnsMessage): string {
  return `;${columns(m.question.name, [
    ['IN', 32],
    [m.question.type, 40],
  ])}`;
}

export function flagsText(m: DnsMessage): string {
  return ['qr', m.aa ? 'aa' : '', m.rd ? 'rd' : '', m.ra ? 'ra' : ''].filter(Boolean).join(' ');
}

export interface DigSections {
  comments: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
}

/** From ";; Got answer:" to the end of the sections (before the statistics). */
export function digMessageText(m: DnsMessage, show: DigSections): string {
  let s = '';
  const nAdd = m.additional.length + (m.edns ? 1 : 0);
  if (show.comments) {
    s += ';; Got answer:\n';
    if (m.question.name.endsWith('.local.')) {
      s += ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
    }
    s += `;; ->>HEADER<<- opcode: QUERY, status: ${m.rcode}, id: ${m.id}\n`;
    s += `;; flags: ${flagsText(m)}; QUERY: 1, ANSWER: ${m.answer.length}, AUTHORITY: ${m.authority.length}, ADDITIONAL: ${nAdd}\n`;
    if (m.rd && !m.ra) s += ';; WARNING: recursion requested but not available\n';
    s += '\n';
    if (m.edns) {
      s += `;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: ${m.edns.udpSize}\n`;
      if (m.edns.cookie) s += `; COOKIE: ${m.edns.cookie} (echoed)\n`;
    }
  }
  if (show.question) {
    if (show.comments) s += ';; QUESTION SECTION:\n';
    s += `${questionLine(m)}\n`;
    if (show.comments) s += '\n';
  }
  const section = (title: string, on: boolean, rrs: ResourceRecord[]): void => {
    if (!on || rrs.length === 0) return;
    if (show.comments) s += `;; ${title} SECTION:\n`;
    for (const r of rrs) s += `${recordLine(r)}\n`;
    if (show.comments) s += '\n';
  };
  section('ANSWER', show.answer, m.answer);
  section('AUTHORITY', show.authority, m.authority);
  section('ADDITIONAL', show.additional, m.additional);
  return s;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** strftime("%a %b %d %H:%M:%S %Z %Y") in UTC, as dig prints ";; WHEN:". */
export function digWhen(epochMs: number): string {
  // Date only as a calendar for a virtual instant.
  const d = new Date(epochMs);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
