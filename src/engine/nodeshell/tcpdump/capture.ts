// One running tcpdump: it subscribes to the connections the network makes, keeps the packets
// that cross its interface and pass its filter, and prints them in order. Lines are formatted
// when taken (a DNS reply is known only once the resolver's exchange has finished, after the
// trace was observed). It ends on -c N by itself, or when interrupted (Ctrl-C, or the cluster
// settling headless), then prints tcpdump's statistics.

import type { ConnectionTrace, Hop } from '../../network/types.ts';
import type { Packet } from '../../netfilter/types.ts';
import type { LiveOutput } from '../../shell/foreground.ts';
import type { NodeWorld } from '../types.ts';
import type { Filter } from './filter.ts';
import { TcpSeqState, linkInfo, packetLine, timestamp, type Seen } from './format.ts';

export interface Options {
  iface: string;
  count?: number;
  expression: string;
  /** -e: the link-level header on each line. */
  linkHeader?: boolean;
}

const NO_LINK = { src: '', dst: '', ifindex: 0 };

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

/** tcpdump's statistics (info(1) in tcpdump.c: "packet" in the singular for 1). */
export function statistics(captured: number, received = captured): string {
  const n = (k: number, what: string) => `${k} packet${k === 1 ? '' : 's'} ${what}\n`;
  return n(captured, 'captured') + n(received, 'received by filter') + n(0, 'dropped by kernel');
}

/** A running capture: packets seen so far and the packet count. */
export class Capture {
  private pending: Seen[] = [];
  private out = '';
  /** What is printed after the last packet line, once it ended: [stdout, stderr]. */
  private ending: [string, string] | undefined;
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
    const epochMs = this.world.sim.scenario.epochMs + this.world.sim.clock.now();
    for (const { iface, dir, hop } of nodePackets(trace, this.world.node)) {
      if (this.done) return;
      if (this.opts.iface !== 'any' && iface !== this.opts.iface) continue;
      if (!this.filter(hop.after as Packet)) continue;
      // Only -e prints the frame's addresses.
      const link = this.opts.linkHeader ? linkInfo(this.world.sim.network, hop, this.world.node, iface) : NO_LINK;
      this.pending.push({ epochMs, iface, dir, hop, trace, link });
      this.captured++;
      // -c N: tcpdump leaves its loop after the Nth packet (no extra newline: not interrupted).
      if (this.opts.count !== undefined && this.captured >= this.opts.count) this.end(false);
    }
  }

  private flush(): void {
    for (const s of this.pending) this.out += `${timestamp(s.epochMs)} ${packetLine(s, this.opts.iface === 'any', this.opts.linkHeader ?? false, this.seq)}\n`;
    this.pending = [];
  }

  private end(interrupted: boolean): void {
    this.stop();
    // Interrupted, tcpdump first ends a line it may have been printing.
    this.ending ??= [interrupted ? '\n' : '', statistics(this.captured)];
  }

  /** Lines printed since the last call, then (once it ended) the statistics, as the terminal shows them. */
  take(): string {
    const { stdout, stderr } = this.takeSplit();
    return stdout + stderr;
  }

  /** Like take(), stdout and stderr apart. */
  takeSplit(): { stdout: string; stderr: string } {
    this.flush();
    let stdout = this.out;
    let stderr = '';
    this.out = '';
    if (this.ending) {
      [stdout, stderr] = [stdout + this.ending[0], this.ending[1]];
      this.ending = ['', ''];
    }
    return { stdout, stderr };
  }

  /** Stops capturing, silently. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** SIGINT: stop, and print the statistics. */
  interrupt(): void {
    if (!this.ending) this.end(true);
  }

  /** The statistics tcpdump prints on stderr when it ends. */
  stats(): string {
    return statistics(this.captured);
  }

  /** The capture as the page's terminal drives it. */
  live(): LiveOutput {
    return {
      take: () => this.take(),
      stop: () => this.stop(),
      interrupt: () => {
        this.interrupt();
        return { text: this.take(), exitCode: 0 };
      },
      exited: () => (this.ending ? 0 : undefined),
    };
  }
}
