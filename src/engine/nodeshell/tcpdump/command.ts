// `tcpdump -n -i any|IFACE [-c N] [-e] [expression]` on a node: the packets of the connections
// made while it runs, as they cross the node's root-namespace interfaces. A transmit hop of this
// node is an outgoing packet (after its NAT); a transmit hop of a neighbour (a pod's eth0, the
// other node) that arrives here is an incoming one, as the sender put it on the wire (before
// this node's PREROUTING DNAT). In the page it keeps printing until Ctrl-C (then its statistics)
// or -c N (shell/foreground.ts); headless it captures while the cluster settles.

import { keepRunning } from '../../shell/foreground.ts';
import type { CommandDescriptor, CommandResult } from '../../shell/types.ts';
import type { NodeWorld } from '../types.ts';
import { Capture, type Options } from './capture.ts';
import { compileFilter } from './filter.ts';

export { Capture, nodePackets } from './capture.ts';

/** print_usage(): the versions (Debian 12's tcpdump and libraries on a kind node), then the usage. */
const VERSION = 'tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.17 1 Jul 2025\n';
const USAGE =
  VERSION +
  'Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n' +
  '\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n' +
  '\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n' +
  '\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n' +
  '\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n' +
  '\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n' +
  '\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n' +
  '\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n';

/** Flags without an argument that change nothing here (-n: Proxyscope never resolves names; -l: line-buffered). */
const QUIET_FLAGS = 'nlpS';

const fail = (stderr: string): { ok: false; result: CommandResult } => ({ ok: false, result: { stdout: '', stderr, exitCode: 1 } });

function parseArgs(args: string[]): { ok: true; opts: Options } | { ok: false; result: CommandResult } {
  const opts: Options = { iface: 'any', expression: '', linkHeader: false };
  const words: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    // glibc getopt permutes (tcpdump's optstring has no leading "+"): options may follow the
    // expression (`tcpdump -n -i any host X and port 8080 -c 4`) until a "--".
    if (a === '--' && !optionsEnded) {
      optionsEnded = true;
      continue;
    }
    if (optionsEnded || !a.startsWith('-') || a.length === 1) {
      words.push(a);
      continue;
    }
    if (a === '--help' || a === '-h') return { ok: false, result: { stdout: USAGE, stderr: '', exitCode: 0 } };
    if (a === '--version') return { ok: false, result: { stdout: VERSION, stderr: '', exitCode: 0 } };
    // A cluster of letters (-ne, -nni eth0, -c5).
    for (let j = 1; j < a.length; j++) {
      const letter = a[j] as string;
      if (letter === 'e') opts.linkHeader = true;
      else if (QUIET_FLAGS.includes(letter)) continue;
      else if (letter === 'i' || letter === 'c') {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return fail(`tcpdump: option requires an argument -- '${letter}'\n${USAGE}`);
        if (letter === 'i') opts.iface = v;
        else if (!/^\d+$/.test(v) || Number(v) === 0) return fail(`tcpdump: invalid packet count ${v}\n`);
        else opts.count = Number(v);
        break;
      } else return fail(`tcpdump: invalid option -- '${letter}'\n${USAGE}`);
    }
  }
  opts.expression = words.join(' ');
  return { ok: true, opts };
}

export const tcpdumpCommand: CommandDescriptor<NodeWorld> = {
  name: 'tcpdump',
  summary: 'dump traffic on a network',
  help: USAGE,
  ownHelp: true,
  run(ctx) {
    const parsed = parseArgs(ctx.args);
    if (!parsed.ok) return parsed.result;
    const { opts } = parsed;
    const host = ctx.world.sim.network.host(ctx.world.node);
    if (opts.iface !== 'any' && !host?.ifaces.some((i) => i.name === opts.iface)) {
      return { stdout: '', stderr: `tcpdump: ${opts.iface}: No such device exists\n(No such device exists)\n`, exitCode: 1 };
    }
    const any = opts.iface === 'any';
    let head = any ? 'tcpdump: data link type LINUX_SLL2\n' : '';
    const filter = compileFilter(opts.expression);
    if (!filter.ok) return { stdout: '', stderr: `${head}tcpdump: ${filter.error}\n`, exitCode: 1 };
    head +=
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n' +
      `listening on ${opts.iface}, link-type ${any ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)'}, snapshot length 262144 bytes\n`;
    const capture = new Capture(ctx.world, opts, filter.match);
    if (keepRunning(ctx.world.sim, capture.live())) return { stdout: '', stderr: head, exitCode: 0 };
    try {
      ctx.world.sim.settle();
    } finally {
      // Still capturing when the cluster settled: as if interrupted there.
      if (!capture.done) capture.interrupt();
    }
    const { stdout, stderr } = capture.takeSplit();
    // The terminal shows the header (stderr), the packets, then the statistics (stderr).
    const chunks = [{ fd: 2 as const, text: head }, { fd: 1 as const, text: stdout }, { fd: 2 as const, text: stderr }].filter((c) => c.text !== '');
    return { stdout, stderr: head + stderr, exitCode: 0, chunks };
  },
};
