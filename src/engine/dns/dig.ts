// `dig` 9.18 (BIND's DiG, as Debian bookworm ships it): `dig [@server] [-p port] name [type]
// [class] [+short] [+[no]search] [+tries=N] [+timeout=N] [+[no]comments|question|answer|
// authority|additional|stats|cmd|all]`. Texts checked against dig 9.18.49 on Debian.

import type { ConnectFrom } from '../network/types.ts';
import type { CommandContext, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';
import { digMessageText, digWhen, type DigSections } from './digFormat.ts';
import { query, type ExchangeResult } from './exchange.ts';
import { TYPE_CODES, rdataText, wireSize, type RRType } from './message.ts';
import { parseResolvConf, searchCandidates } from './resolvconf.ts';

export const DIG_VERSION = '9.18.49-1~deb12u3-Debian';

export const DIG_HELP = `Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]

Use "dig -h" (or "dig -h | more") for complete list of options
`;

interface DigOptions {
  server?: string;
  port: number;
  name?: string;
  type: RRType;
  short: boolean;
  search: boolean;
  tries: number;
  timeoutS: number;
  show: DigSections & { cmd: boolean; stats: boolean };
}

type Parsed = { ok: true; o: DigOptions } | { ok: false; result: CommandResult };

function parseArgs(args: string[]): Parsed {
  const o: DigOptions = { port: 53, type: 'A', short: false, search: false, tries: 3, timeoutS: 5, show: { cmd: true, comments: true, question: true, answer: true, authority: true, additional: true, stats: true } };
  let typed = false;
  const bad = (msg: string): Parsed => ({ ok: false, result: { stdout: '', stderr: msg, exitCode: 1 } });
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('@')) o.server = a.slice(1);
    else if (a === '-p') o.port = Number(args[++i]);
    else if (a === '-x' && args[i + 1] !== undefined) {
      // -x ADDR: the reverse name and PTR (a later type word still wins).
      const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(args[++i]!);
      if (!v4) return bad(`Invalid IP address ${args[i]}\n`);
      o.name = `${v4[4]}.${v4[3]}.${v4[2]}.${v4[1]}.in-addr.arpa.`;
      if (!typed) o.type = 'PTR';
    } else if (a === '-h') return { ok: false, result: { stdout: DIG_HELP, stderr: '', exitCode: 0 } };
    else if (a === '-v') return { ok: false, result: { stdout: '', stderr: `DiG ${DIG_VERSION}\n`, exitCode: 0 } };
    else if (a.startsWith('+')) {
      const [rawKey, value] = a.slice(1).split('=');
      const no = rawKey!.startsWith('no');
      const key = no ? rawKey!.slice(2) : rawKey!;
      const sections = ['comments', 'question', 'answer', 'authority', 'additional', 'stats', 'cmd'] as const;
      if (key === 'short') o.short = !no;
      else if (key === 'search') o.search = !no;
      else if (key === 'tries' || key === 'retry') o.tries = Math.max(1, Number(value) + (key === 'retry' ? 1 : 0));
      else if (key === 'timeout' || key === 'time') o.timeoutS = Math.max(1, Number(value));
      else if (key === 'all') for (const s of sections) o.show[s] = !no;
      else if ((sections as readonly string[]).includes(key)) o.show[key as (typeof sections)[number]] = !no;
      else return bad(`Invalid option: ${a}\n${DIG_HELP}`);
    } else if (a.startsWith('-')) return bad(`Invalid option: ${a}\n${DIG_HELP}`);
    // Like dig, a word that names a type (or the class) is one, before or after the name.
    else if (a.toUpperCase() in TYPE_CODES && !typed) {
      o.type = a.toUpperCase() as RRType;
      typed = true;
    } else if (a.toUpperCase() === 'IN') continue;
    else if (o.name === undefined) o.name = a;
    else o.name = a; // dig starts a new lookup per name; only the last one is asked here
  }
  return { ok: true, o };
}

export function runDig<W>(ctx: CommandContext<W>, from: ConnectFrom, sim: Simulation, resolvConf: string): CommandResult {
  const parsed = parseArgs(ctx.args);
  if (!parsed.ok) return parsed.result;
  const o = parsed.o;
  const conf = parseResolvConf(resolvConf);
  const server = o.server ?? conf.nameservers[0];
  if (server === undefined) return { stdout: '', stderr: 'dig: no nameservers\n', exitCode: 10 };
  // Without a name dig asks for the root's NS records.
  const name = o.name ?? '.';
  const type = o.name === undefined && o.type === 'A' ? 'NS' : o.type;
  const names = o.search && name !== '.' ? searchCandidates(conf, name) : [name.endsWith('.') ? name : `${name}.`];

  let out = '';
  const banner =
    `\n; <<>> DiG ${DIG_VERSION} <<>> ${ctx.args.join(' ')}\n` + (o.server !== undefined ? '; (1 server found)\n' : '') + ';; global options: +cmd\n';
  let r: ExchangeResult | undefined;
  let qname = names[0]!;
  for (const candidate of names) {
    qname = candidate;
    r = undefined;
    for (let t = 0; t < o.tries; t++) {
      r = query(sim, from, server, candidate, type as RRType, { edns: true, source: 'dig', port: o.port });
      if (r.kind === 'answer' || r.kind === 'refused' || r.kind === 'unreachable') break;
      sim.advance(o.timeoutS * 1000);
      out += `;; communications error to ${server}#${o.port}: timed out\n`;
    }
    if (!r || r.kind !== 'answer') break;
    if (r.message.rcode !== 'NXDOMAIN') break;
  }
  void qname;
  if (!r || r.kind !== 'answer') {
    if (r && r.kind !== 'timeout') out += `;; communications error to ${server}#${o.port}: ${r.error}\n`;
    if (!o.short && o.show.cmd) out += banner;
    out += ';; no servers could be reached\n';
    return { stdout: out, stderr: '', exitCode: 9 };
  }
  const m = r.message;
  if (o.short) {
    for (const rr of m.answer) out += `${rdataText(rr.data)}\n`;
    return { stdout: out, stderr: '', exitCode: 0 };
  }
  if (o.show.cmd) out += banner;
  out += digMessageText(m, o.show);
  if (o.show.stats) {
    out += `;; Query time: ${Math.floor(r.rttUs / 1000)} msec\n`;
    out += `;; SERVER: ${server}#${o.port}(${server}) (UDP)\n`;
    out += `;; WHEN: ${digWhen(sim.scenario.epochMs + sim.clock.now())}\n`;
    out += `;; MSG SIZE  rcvd: ${wireSize(m)}\n\n`;
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}
