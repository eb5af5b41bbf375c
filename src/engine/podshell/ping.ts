// `ping` from a pod: iputils' (netshoot, Alpine's iputils package) or busybox's applet (busybox
// and echo-server images), chosen by the image's profile. Pods and nodes answer ICMP echo; a
// ClusterIP is only a DNAT rule for TCP/UDP/SCTP ports, nothing owns the address, so an echo to
// it (or to an address no namespace has) is never answered.
//
// One echo per virtual second. In the page (shell/foreground.ts) ping keeps printing until
// Ctrl-C, -c N or -w S, then its summary; headless it stops where -c 4 would (nothing can
// interrupt a synchronous run).

import { keepRunning, type LiveOutput } from '../shell/foreground.ts';
import type { CommandDescriptor } from '../shell/types.ts';
import { podResolve } from './resolve.ts';
import type { PodWorld } from './types.ts';

const USAGE = '\nUsage\n  ping [options] <destination>\n';

/** How long iputils waits for late replies after the last of -c N went unanswered (MAXWAIT). */
const LINGER_MS = 10_000;

/** Round-trip times in ms, varying per packet: veth on one node, or across the kind bridge. */
function rtt(seed: string, seq: number, remote: boolean): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}/${seq}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const base = remote ? 0.09 : 0.04;
  return Math.round((base + (h % 60) / 1000 + (seq === 1 ? 0.03 : 0)) * 1000) / 1000;
}

const ms = (n: number): string => n.toFixed(3);

export interface PingPlan {
  /** The destination as typed, and its address. */
  dest: string;
  ip: string;
  /** undefined: never answered; else the TTL of the replies. */
  ttl?: number;
  /** Round-trip time of echo `seq` (1-based). */
  rtt(seq: number): number;
  count?: number;
  deadline?: number;
  busybox: boolean;
}

/** One ping process: what it has sent, received and printed. */
export class PingRun {
  sent = 0;
  private readonly times: number[] = [];
  private out = '';

  constructor(readonly plan: PingPlan) {
    const p = plan;
    this.out = p.busybox ? `PING ${p.dest} (${p.ip}): 56 data bytes\n` : `PING ${p.dest} (${p.ip}) 56(84) bytes of data.\n`;
  }

  get received(): number {
    return this.times.length;
  }

  /** How many echoes it sends before ending by itself (undefined: until interrupted). */
  get limit(): number | undefined {
    const p = this.plan;
    return p.count ?? (p.deadline !== undefined ? Math.max(1, p.deadline) : undefined);
  }

  /** Sends the next echo (and prints its reply, when one comes). */
  send(): void {
    const seq = ++this.sent;
    const p = this.plan;
    if (p.ttl === undefined) return;
    const t = p.rtt(seq);
    this.times.push(t);
    this.out += p.busybox ? `64 bytes from ${p.ip}: seq=${seq - 1} ttl=${p.ttl} time=${ms(t)} ms\n` : `64 bytes from ${p.ip}: icmp_seq=${seq} ttl=${p.ttl} time=${ms(t)} ms\n`;
  }

  take(): string {
    const t = this.out;
    this.out = '';
    return t;
  }

  /** The summary ping prints when it ends (on SIGINT too), and its exit status. */
  summary(): { text: string; exitCode: number } {
    const { dest, busybox } = this.plan;
    const n = this.sent;
    const r = this.received;
    const loss = n === 0 ? 0 : Math.floor(((n - r) * 100) / n);
    if (busybox) {
      // busybox ping.c print_stats_and_exit(): times in whole microseconds.
      let text = `\n--- ${dest} ping statistics ---\n${n} packets transmitted, ${r} packets received, ${loss}% packet loss\n`;
      if (r > 0) {
        const us = this.times.map((t) => Math.round(t * 1000));
        const f = (u: number) => `${Math.floor(u / 1000)}.${String(u % 1000).padStart(3, '0')}`;
        text += `round-trip min/avg/max = ${f(Math.min(...us))}/${f(Math.floor(us.reduce((a, b) => a + b, 0) / r))}/${f(Math.max(...us))} ms\n`;
      }
      return { text, exitCode: r === 0 ? 1 : 0 };
    }
    // iputils finish(): the time from the first echo to the last one sent.
    const elapsed = Math.max(0, n - 1) * (r > 0 ? 1001 : 1022);
    let text = `\n--- ${dest} ping statistics ---\n${n} packets transmitted, ${r} received, ${loss}% packet loss, time ${elapsed}ms\n`;
    if (r === 0) return { text: `${text}\n`, exitCode: 1 };
    const avg = this.times.reduce((a, b) => a + b, 0) / r;
    const mdev = Math.sqrt(Math.max(0, this.times.reduce((a, b) => a + b * b, 0) / r - avg * avg));
    text += `rtt min/avg/max/mdev = ${ms(Math.min(...this.times))}/${ms(avg)}/${ms(Math.max(...this.times))}/${ms(mdev)} ms\n`;
    return { text, exitCode: 0 };
  }
}

/** Where the echoes go and what comes back, or the resolver's error. */
function plan(w: PodWorld, args: string[]): PingPlan | { stderr: string; exitCode: number } {
  const busybox = w.profile.kind === 'ash';
  let count: number | undefined;
  let deadline: number | undefined;
  let dest: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-c') count = Number(args[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-w') deadline = Number(args[++i]);
    else if (a === '-W') i++;
    else if (a.startsWith('-')) continue;
    else dest = a;
  }
  if (dest === undefined) return busybox ? { stderr: 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n', exitCode: 1 } : { stderr: 'ping: usage error: Destination address required\n', exitCode: 1 };
  const ip = podResolve(w, dest);
  if (ip === undefined) return busybox ? { stderr: `ping: bad address '${dest}'\n`, exitCode: 1 } : { stderr: `ping: ${dest}: Name does not resolve\n`, exitCode: 2 };
  const target = w.sim.network.host(ip);
  const self = w.sim.network.host(`pod/${w.namespace}/${w.name}`);
  const base = { dest, ip, busybox, ...(count !== undefined ? { count } : {}), ...(deadline !== undefined ? { deadline } : {}) };
  if (!target || !target.addresses.has(ip) || (target.kind !== 'pod' && target.kind !== 'node')) return { ...base, rtt: () => 0 };
  // TTL 64 less one per router: the source node forwards, and the peer node too across nodes.
  const sameNode = target.node === self?.node;
  const ttl = target === self ? 64 : target.kind === 'node' ? (sameNode ? 64 : 63) : sameNode ? 63 : 62;
  return { ...base, ttl, rtt: (seq) => (target === self ? 0.03 : rtt(`${w.name}>${ip}`, seq, !sameNode)) };
}

/** The run as the page's terminal drives it: one echo per virtual second on the sim's clock. */
function liveRun(w: PodWorld, run: PingRun): LiveOutput {
  let ended: { text: string; exitCode: number } | undefined;
  let timer: { cancel(): void } | undefined;
  const limit = run.limit;
  const end = () => {
    timer?.cancel();
    timer = undefined;
    ended ??= run.summary();
  };
  const tick = () => {
    timer = undefined;
    if (limit !== undefined && run.sent >= limit) return end();
    run.send();
    // After the last of -c N: done when it was answered; else iputils lingers for late replies.
    const last = limit !== undefined && run.sent >= limit;
    if (last && run.plan.ttl !== undefined) return end();
    timer = w.sim.scheduler.after(last && run.plan.deadline === undefined ? LINGER_MS : 1000, tick, { label: 'ping', background: true });
  };
  tick();
  let endShown = false;
  return {
    take: () => {
      let text = run.take();
      if (ended && !endShown) {
        endShown = true;
        text += ended.text;
      }
      return text;
    },
    stop: () => {
      timer?.cancel();
      timer = undefined;
    },
    interrupt: () => {
      end();
      endShown = true;
      return { text: run.take() + (ended?.text ?? ''), exitCode: ended?.exitCode ?? 0 };
    },
    exited: () => ended?.exitCode,
  };
}

export const pingCommand: CommandDescriptor<PodWorld> = {
  name: 'ping',
  summary: 'send ICMP ECHO_REQUEST to network hosts (iputils)',
  help: USAGE,
  ownHelp: true,
  run(ctx) {
    const w = ctx.world;
    const p = plan(w, ctx.args);
    if (!('dest' in p)) return { stdout: '', stderr: p.stderr, exitCode: p.exitCode };
    const run = new PingRun(p);
    const head = run.take();
    const live = liveRun(w, run);
    if (keepRunning(w.sim, live)) return { stdout: head + run.take(), stderr: '', exitCode: 0 };
    live.stop();
    // Headless: the whole run at once (-c 4 when nothing would stop it).
    const sent = run.limit ?? 4;
    while (run.sent < sent) run.send();
    const answered = p.ttl !== undefined;
    w.sim.advance(p.deadline !== undefined && p.count === undefined && !answered ? p.deadline * 1000 : (sent - 1) * (answered ? 1001 : 1022));
    const end = run.summary();
    return { stdout: head + run.take() + end.text, stderr: '', exitCode: end.exitCode };
  },
};
