// busybox 1.36's `nslookup` (networking/nslookup.c with FEATURE_NSLOOKUP_BIG, busybox's own
// resolver code), as in the busybox image and images built on it: `nslookup [-type=T]
// [-port=N] [-retry=N] [-timeout=N] [-debug] HOST [SERVER]`.
//
// How it differs from BIND's: every query goes out at once (A for each search domain, then
// AAAA for each; a name with a dot is asked as is, and with an explicit SERVER the search list
// is not read at all); each reply is printed as it arrives, NXDOMAIN ones as "** server can't
// find NAME: NXDOMAIN" (which makes the exit code 1 even when another query was answered),
// each followed by a blank line; "Address:" shows the server as ip:port.

import type { ConnectFrom } from '../network/types.ts';
import type { CommandContext, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { query } from './exchange.ts';
import type { DnsMessage, RRType, ResourceRecord } from './message.ts';
import { parseResolvConf } from './resolvconf.ts';
import { resolveHost } from './resolver.ts';

export const BUSYBOX_NSLOOKUP_USAGE = `Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any
`;

/** qtypes[] of nslookup.c, in its order (several -type options ask in this order). */
const QTYPES: RRType[] = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'];
/** index_in_substrings(): exact option names; "t" is timeout. */
const OPTIONS = ['type', 'querytype', 'port', 'retry', 'debug', 't', 'timeout'];
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

const bare = (n: string): string => (n.endsWith('.') && n !== '.' ? n.slice(0, -1) : n);
const usage = (): CommandResult => ({ stdout: '', stderr: BUSYBOX_NSLOOKUP_USAGE, exitCode: 1 });

/** parse_reply(): the answer section, names as ns_name_uncompress writes them (no final dot). */
function replyText(m: DnsMessage): string {
  let s = m.aa ? '' : 'Non-authoritative answer:\n';
  for (const r of m.answer) s += recordText(r);
  return s;
}

function recordText(r: ResourceRecord): string {
  const name = bare(r.name);
  const d = r.data;
  switch (d.type) {
    case 'A':
      return `Name:\t${name}\nAddress: ${d.ip}\n`;
    case 'CNAME':
      return `${name}\tcanonical name = ${bare(d.target)}\n`;
    case 'PTR':
      return `${name}\tname = ${bare(d.target)}\n`;
    case 'SRV':
      return `${name}\tservice = ${d.priority} ${d.weight} ${d.port} ${bare(d.target)}\n`;
    case 'SOA': {
      const s = d.soa;
      return `${name}\n\torigin = ${bare(s.mname)}\n\tmail addr = ${bare(s.rname)}\n\tserial = ${s.serial}\n\trefresh = ${s.refresh}\n\tretry = ${s.retry}\n\texpire = ${s.expire}\n\tminimum = ${s.minimum}\n`;
    }
  }
}

interface Query {
  name: string;
  type: RRType;
}

export function runBusyboxNslookup<W>(ctx: CommandContext<W>, from: ConnectFrom, sim: Simulation, resolvConf: string): CommandResult {
  const types = new Set<RRType>();
  let port = 53;
  let timeoutS = 5;
  let i = 0;
  const args = ctx.args;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const a = args[i]!.slice(1);
    const eq = a.indexOf('=');
    const key = eq < 0 ? a : a.slice(0, eq);
    const val = eq < 0 ? '' : a.slice(eq + 1);
    const k = OPTIONS.indexOf(key);
    if (k < 0) return usage();
    if (k <= 1) {
      const t = QTYPES.find((q) => q === val.toUpperCase());
      if (!t) return { stdout: '', stderr: `nslookup: invalid query type "${val}"\n`, exitCode: 1 };
      types.add(t);
    } else if (k === 2 || k === 3 || k >= 5) {
      // xatou_range: a number in range, or busybox's "invalid number" death.
      const n = /^\d+$/.test(val) ? Number(val) : NaN;
      const max = k === 2 ? 0xffff : k === 3 ? 0x7fffffff : 2147483;
      if (!(n >= 1 && n <= max)) return { stdout: '', stderr: `nslookup: ${/^\d+$/.test(val) ? `number ${val} is not in 1..${max} range` : `invalid number '${val}'`}\n`, exitCode: 1 };
      if (k === 2) port = n;
      else if (k >= 5) timeoutS = n;
    }
  }
  const host = args[i];
  if (host === undefined || args.length > i + 2) return usage();

  // The server: the argument, else resolv.conf's nameservers (and its search list), else localhost.
  const conf = parseResolvConf(resolvConf);
  const given = args[i + 1];
  // add_ns(): xhost2sockaddr looks a server name up with the libc resolver; "Server:" shows it as typed.
  const givenIp = given === undefined ? undefined : resolveHost(sim, from, resolvConf, given);
  if (given !== undefined && givenIp === undefined) return { stdout: '', stderr: `nslookup: bad address '${given}'\n`, exitCode: 1 };
  const servers = given !== undefined ? [given] : conf.nameservers.length ? conf.nameservers : ['127.0.0.1'];
  const search = given === undefined ? conf.search : [];

  const queries: Query[] = [];
  const add = (type: RRType): void => {
    if (type === 'PTR' || search.length === 0 || host.includes('.')) queries.push({ name: host, type });
    else for (const s of search) queries.push({ name: `${host}.${s}`, type });
  };
  const v4 = IPV4.exec(host);
  if (types.size === 0) {
    // An address asks for its PTR; anything else for A and AAAA.
    if (v4) queries.push({ name: `${v4[4]}.${v4[3]}.${v4[2]}.${v4[1]}.in-addr.arpa`, type: 'PTR' });
    else {
      add('A');
      add('AAAA');
    }
  } else for (const t of QTYPES) if (types.has(t)) add(t);

  for (const server of servers) {
    // send_queries(): every query at once, the replies in the order they come back (the
    // simulation answers in the order asked). A silent server is given `timeout` seconds.
    let out = '';
    let err = '';
    let exitCode = 0;
    let replies = 0;
    for (const q of queries) {
      const r = query(sim, from, server === given ? givenIp! : server, q.name, q.type, { source: 'nslookup', port });
      if (r.kind !== 'answer') {
        if (r.kind === 'refused') err += 'nslookup: read: Connection refused\n';
        continue;
      }
      if (replies++ === 0) out += `Server:\t\t${server}\nAddress:\t${server === given ? givenIp! : server}:${port}\n\n`;
      const m = r.message;
      if (m.rcode !== 'NOERROR') {
        out += `** server can't find ${q.name}: ${m.rcode}\n`;
        exitCode = 1;
      } else out += replyText(m);
      out += '\n';
    }
    if (replies > 0) return { stdout: out, stderr: err, exitCode };
    sim.advance(timeoutS * 1000);
    if (server === servers.at(-1)) return { stdout: ';; connection timed out; no servers could be reached\n\n', stderr: err, exitCode: 1 };
  }
  return { stdout: '', stderr: '', exitCode: 1 };
}
