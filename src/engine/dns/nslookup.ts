// `nslookup` 9.18 (BIND's, as in Debian's dnsutils and nicolaka/netshoot): `nslookup [-opt]
// NAME [SERVER]`. It walks the resolv.conf search list like the stub resolver, asks A then
// AAAA, and says ";; Got recursion not available from …" for each reply without RA when the
// server came from resolv.conf (CoreDNS's authoritative answers). Texts and exit codes checked
// against nslookup 9.18.49 reading CoreDNS-shaped replies.

import type { ConnectFrom } from '../network/types.ts';
import type { CommandContext, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { query, type ExchangeResult } from './exchange.ts';
import { TYPE_CODES, rdataText, type DnsMessage, type RRType, type ResourceRecord } from './message.ts';
import { parseResolvConf, searchCandidates } from './resolvconf.ts';

export const NSLOOKUP_HELP = `Usage: nslookup [-opt ...]             # interactive mode using default server
       nslookup [-opt ...] - server    # interactive mode using 'server'
       nslookup [-opt ...] host        # just look up 'host' using default server
       nslookup [-opt ...] host server # just look up 'host' using 'server'
`;

const TRIES = 3;
const TIMEOUT_MS = 5000;
const bare = (n: string): string => (n.endsWith('.') && n !== '.' ? n.slice(0, -1) : n);

function recordText(r: ResourceRecord): string {
  switch (r.data.type) {
    case 'A':
      return `Name:\t${bare(r.name)}\nAddress: ${r.data.ip}\n`;
    case 'CNAME':
      return `${bare(r.name)}\tcanonical name = ${r.data.target}\n`;
    case 'PTR':
      return `${bare(r.name)}\tname = ${r.data.target}\n`;
    case 'SRV':
      return `${bare(r.name)}\tservice = ${rdataText(r.data)}\n`;
    case 'SOA': {
      const s = r.data.soa;
      return `${bare(r.name)}\n\torigin = ${s.mname}\n\tmail addr = ${s.rname}\n\tserial = ${s.serial}\n\trefresh = ${s.refresh}\n\tretry = ${s.retry}\n\texpire = ${s.expire}\n\tminimum = ${s.minimum}\n`;
    }
  }
}

export function runNslookup<W>(ctx: CommandContext<W>, from: ConnectFrom, sim: Simulation, resolvConf: string): CommandResult {
  let type: RRType | undefined;
  let port = 53;
  const pos: string[] = [];
  for (const a of ctx.args) {
    const opt = /^-(\w+)(?:=(.*))?$/.exec(a);
    if (!opt) {
      pos.push(a);
      continue;
    }
    const [, key, value = ''] = opt;
    if (['type', 'ty', 'query', 'q', 'querytype'].includes(key!) && value.toUpperCase() in TYPE_CODES) type = value.toUpperCase() as RRType;
    else if (key === 'port') port = Number(value);
    else if (key === 'h' || key === 'help') return { stdout: NSLOOKUP_HELP, stderr: '', exitCode: 0 };
  }
  const name = pos[0];
  // Interactive mode needs a terminal the simulated shell does not give it.
  if (name === undefined) return { stdout: NSLOOKUP_HELP, stderr: '', exitCode: 1 };
  const conf = parseResolvConf(resolvConf);
  const server = pos[1] ?? conf.nameservers[0];
  if (server === undefined) return { stdout: ';; no servers could be reached\n\n', stderr: '', exitCode: 1 };
  const fromConf = pos[1] === undefined;
  let out = '';
  const head = `Server:\t\t${server}\nAddress:\t${server}#${port}\n\n`;

  /** One query with nslookup's retries; undefined when no server answered (out has the errors). */
  const ask = (qname: string, qtype: RRType): DnsMessage | undefined => {
    let r: ExchangeResult | undefined;
    for (let t = 0; t < TRIES; t++) {
      r = query(sim, from, server, qname, qtype, { source: 'nslookup', port });
      if (r.kind === 'answer') {
        if (fromConf && r.message.rd && !r.message.ra) out += `;; Got recursion not available from ${server}\n`;
        return r.message;
      }
      out += `;; communications error to ${server}#${port}: ${r.error}\n`;
      if (r.kind !== 'timeout') break;
      sim.advance(TIMEOUT_MS);
    }
    return undefined;
  };
  const unreachable = (): CommandResult => ({ stdout: `${out};; no servers could be reached\n\n`, stderr: '', exitCode: 1 });

  // An address is looked up backwards: its in-addr.arpa name, PTR, no search list, no AAAA.
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  const reverse = v4 && type === undefined ? `${v4[4]}.${v4[3]}.${v4[2]}.${v4[1]}.in-addr.arpa` : undefined;
  let m: DnsMessage | undefined;
  for (const candidate of reverse ? [`${reverse}.`] : searchCandidates(conf, name)) {
    m = ask(candidate, reverse ? 'PTR' : (type ?? 'A'));
    if (!m) return unreachable();
    if (m.rcode !== 'NXDOMAIN') break;
  }
  if (!m) return unreachable();
  if (m.rcode !== 'NOERROR') {
    return { stdout: `${out}${head}** server can't find ${bare(reverse ?? name)}: ${m.rcode}\n\n`, stderr: '', exitCode: 1 };
  }
  let body = head;
  let answered = m.answer.length > 0;
  if (answered && !m.aa) body += 'Non-authoritative answer:\n';
  for (const r of m.answer) body += recordText(r);
  // A CNAME without the target's address: nslookup asks for the target.
  const cname = m.answer.find((r) => r.data.type === 'CNAME');
  if (cname && cname.data.type === 'CNAME' && !m.answer.some((r) => r.data.type === 'A') && (type ?? 'A') === 'A') {
    out += body;
    body = '';
    const t = ask(cname.data.target, 'A');
    if (!t) return unreachable();
    if (t.rcode !== 'NOERROR') return { stdout: `${out}** server can't find ${bare(cname.data.target)}: ${t.rcode}\n\n`, stderr: '', exitCode: 1 };
    if (t.answer.length && !t.aa) body += 'Non-authoritative answer:\n';
    for (const r of t.answer) body += recordText(r);
  }
  out += body;
  if (type === undefined && !reverse) {
    // The AAAA half of the default lookup; the cluster has no IPv6 records.
    const six = ask(m.question.name, 'AAAA');
    if (!six) return unreachable();
    // The CNAME chain is not printed a second time (checked against nslookup 9.18).
    const rest = six.answer.filter((r) => r.data.type !== 'CNAME');
    if (rest.length && !six.aa) out += 'Non-authoritative answer:\n';
    for (const r of rest) out += recordText(r);
    answered ||= six.answer.length > 0;
  }
  // Checked against nslookup 9.18: one line after both halves, and no closing blank line.
  if (!answered) return { stdout: `${out}*** Can't find ${bare(m.question.name)}: No answer\n`, stderr: '', exitCode: 0 };
  return { stdout: `${out}\n`, stderr: '', exitCode: 0 };
}
