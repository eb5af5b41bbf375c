// `tcpdump -n -i any|IFACE [-c N] [expression]` on a node: the packets of the connections made
// while it runs, as they cross the node's root-namespace interfaces. A transmit hop of this
// node is an outgoing packet (after its NAT); a transmit hop of a neighbour (a pod's eth0, the
// other node) that arrives here is an incoming one, as the sender put it on the wire (before
// this node's PREROUTING DNAT). In the page it keeps printing until Ctrl-C or -c N (shell/
// foreground.ts); headless it captures while the cluster settles.

import type { ConnectionTrace, Hop } from '../../network/types.ts';
import { keepRunning } from '../../shell/foreground.ts';
import type { CommandDescriptor, CommandResult } from '../../shell/types.ts';
import type { NodeWorld } from '../types.ts';
import { compileFilter, type Filter } from './filter.ts';
import { TcpSeqState, packetText, timestamp } from './format.ts';

const USAGE = 'Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n';

interface Options { iface: string; count?: number; expression: string }

function parseArgs(args: string[]): { ok: true; opts: Options } | { ok: false; result: CommandResult } {
  let iface = 'any';
  let count: number | undefined;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-i' || a === '-c') {
      const v = args[++i];
      if (v === undefined) return { ok: false, result: { stdout: '', stderr: `tcpdump: option requires an argument -- '${a[1]}'\n${USAGE}`, exitCode: 1 } };
      if (a === '-i') iface = v;
      else if (!/^\d+$/.test(v) || Number(v) === 0) return { ok: false, result: { stdout: '', stderr: `tcpdump: invalid packet count ${v}\n`, exitCode: 1 } };
      else count = Number(v);
    } else if (/^-i./.test(a)) iface = a.slice(2);
    else if (/^-c./.test(a)) {
      if (!/^\d+$/.test(a.slice(2))) return { ok: false, result: { stdout: '', stderr: `tcpdump: invalid packet count ${a.slice(2)}\n`, exitCode: 1 } };
      count = Number(a.slice(2));
    } else if (a === '-n' || a === '-nn') continue;
    else if (a.startsWith('-') && a.length > 1 && words.length === 0) {
      return { ok: false, result: { stdout: '', stderr: `tcpdump: invalid option -- '${a[1]}'\n${USAGE}`, exitCode: 1 } };
    } else words.push(a);
  }
  return { ok: true, opts: { iface, count, expression: words.join(' ') } };
}

/** Which packets of a trace cross `node`'s interfaces: [interface, direction, hop]. */
export function nodePackets(trace: ConnectionTrace, node: string): { iface: string; dir: 'In' | 'Out'; hop: Hop }[] {
  const seen: { iface: string; dir: 'In' | 'Out'; hop: Hop }[] = [];
  for (const h of trace.hops) {
    if (h.step !== 'transmit') continue;
    const ours = h.hostKind === 'node' && h.node === node;
    if (ours && h.outIface) seen.push({ iface: h.outIface, dir: 'Out', hop: h });
    if (ours && h.outIface === 'lo') { seen.push({ iface: 'lo', dir: 'In', hop: h }); continue; }
    // walk.ts words the arrival as "<out> -> <receiving host's label> <in iface>…".
    const m = /^\S+ -> (\S+) (\S+)/.exec(h.note ?? '');
    if (m && m[1] === node) seen.push({ iface: m[2] as string, dir: 'In', hop: h });
  }
  return seen;
}

/** A running capture: lines printed so far and the packet count. */
export class Capture {
  private out = '';
  captured = 0;
  private readonly seq = new TcpSeqState();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly world: NodeWorld, private readonly opts: Options, private readonly filter: Filter) {
    this.unsubscribe = world.sim.network.onConnect((trace) => this.onTrace(trace));
  }

  get done(): boolean {
    return this.unsubscribe === undefined;
  }

  private onTrace(trace: ConnectionTrace): void {
    const time = timestamp(this.world.sim.scenario.epochMs + this.world.sim.clock.now());
    for (const { iface, dir, hop } of nodePackets(trace, this.world.node)) {
      if (this.done) return;
      if (this.opts.iface !== 'any' && iface !== this.opts.iface) continue;
      if (!this.filter(hop.after)) continue;
      const where = this.opts.iface === 'any' ? `${iface} ${dir.padEnd(3)} ` : '';
      this.out += `${time} ${where}IP ${packetText(hop.after, hop.wire, this.seq)}\n`;
      this.captured++;
      if (this.opts.count !== undefined && this.captured >= this.opts.count) this.stop();
    }
  }

  take(): string {
    const t = this.out;
    this.out = '';
    return t;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The statistics tcpdump prints on stderr when it ends. */
  stats(): string {
    return `${this.captured} packets captured\n${this.captured} packets received by filter\n0 packets dropped by kernel\n`;
  }
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
    // With -c the capture ends by itself, which the page's terminal cannot show yet: it runs as headless.
    if (opts.count === undefined && keepRunning(ctx.world.sim, { take: () => capture.take(), stop: () => capture.stop() })) {
      return { stdout: '', stderr: head, exitCode: 0 };
    }
    try {
      ctx.world.sim.settle();
    } finally {
      capture.stop();
    }
    // Interrupted (not ended by -c), tcpdump first ends the output line.
    const reachedCount = opts.count !== undefined && capture.captured >= opts.count;
    return { stdout: capture.take() + (reachedCount ? '' : '\n'), stderr: head + capture.stats(), exitCode: 0 };
  },
};
