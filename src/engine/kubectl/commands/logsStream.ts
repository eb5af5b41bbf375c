// One `GET pods/NAME/log?container=C` as the API server and the kubelet answer it: option
// validation (registry/core/pod/rest/log.go), an empty stream for a pod without a node, the
// kubelet's container-state checks (validateContainerLogStatus, with its error texts), then the
// CRI log file read with --tail first, --since/--since-time next and --limit-bytes last
// (kuberuntime/logs.ReadLogs), each line optionally stamped RFC3339Nano.

import type { Pod } from '../../api/types.ts';
import { PodLogs, type LogLine } from '../../sim/podLogs.ts';
import type { Simulation } from '../../simulation.ts';
import { formatRFC3339Nano } from './logsTime.ts';

/** corev1.PodLogOptions as kubectl sends them. Times in virtual ms. */
export interface PodLogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  /** Whole second: metav1.Time travels in the query string as RFC3339 without fraction. */
  sinceTimeMs?: number;
  tailLines?: number;
  limitBytes?: number;
}

/** A failed stream: `message` is the error's Error(), `printed` what kubectl's CheckErr shows. */
export interface StreamError {
  message: string;
  printed: string;
}

export type OpenResult = { ok: true; stream: LogStream } | { ok: false; error: StreamError };

const badRequest = (message: string): StreamError => ({ message, printed: `Error from server (BadRequest): ${message}\n` });

/** 32-bit FNV-1a: deterministic sub-millisecond digits for a line. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const KLOG_HEADER = /^[IWEF]\d{4} (\d\d):(\d\d):(\d\d)\.(\d{6}) /;

/**
 * The CRI timestamp (virtual ns) of a line: when containerd read it, a few tens of µs after the
 * write. A klog line carries its own µs time, which the runtime's stamp must not precede.
 */
export function criStamp(sim: Simulation, line: LogLine, prevNs: number, key = ''): number {
  // The container's key keeps two replicas writing the same line at once apart.
  const h = fnv(`${key}|${line.at}|${line.text}`);
  let start = Math.floor(line.at * 1e6);
  const m = KLOG_HEADER.exec(line.text);
  if (m) {
    const sec = Math.floor(line.at / 1000);
    const tod = sim.clock.timestamp(sec * 1000).slice(11, 19).split(':').map(Number) as [number, number, number];
    let diff = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - (tod[0] * 3600 + tod[1] * 60 + tod[2]);
    diff = ((((diff + 43_200) % 86_400) + 86_400) % 86_400) - 43_200;
    const klogNs = (sec + diff) * 1e9 + Number(m[4]) * 1000;
    if (Math.abs(klogNs - start) < 2e9) start = Math.max(start, klogNs);
  }
  const ns = start + 20_000 + (h % 180_000);
  return ns > prevNs ? ns : prevNs + 2_000 + (h % 9_000);
}

/** UTF-8 length of one code point. */
const utf8Len = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

export function podContainerStatus(pod: Pod, name: string) {
  const lists = [pod.status?.containerStatuses, pod.status?.['initContainerStatuses'], pod.status?.['ephemeralContainerStatuses']] as (Pod['status']['containerStatuses'] | undefined)[];
  for (const l of lists) {
    const s = l?.find((c) => c.name === name);
    if (s) return s;
  }
  return undefined;
}

/**
 * The kubelet's checks: which container instance has the logs, or why none can be read.
 * `rotated`: that instance's log is the one the last restart rotated away (sim/podLogs.ts keeps
 * the newest started instance as current). In CrashLoopBackOff the container is waiting and
 * lastState is the newest instance, so `logs` and `logs -p` both read the run that crashed.
 */
function validateContainerLogStatus(pod: Pod, container: string, previous: boolean): { running: boolean; rotated: boolean } | StreamError {
  const name = pod.metadata.name ?? '';
  const q = (s: string) => JSON.stringify(s);
  const cs = podContainerStatus(pod, container);
  if (!cs) return badRequest(`container ${q(container)} in pod ${q(name)} is not available`);
  const last = cs.lastState?.terminated;
  const { waiting, running, terminated } = cs.state ?? {};
  if (previous) {
    if (!last?.containerID) return badRequest(`previous terminated container ${q(container)} in pod ${q(name)} not found`);
    return { running: false, rotated: running !== undefined || terminated !== undefined };
  }
  if (running) return { running: true, rotated: false };
  if (terminated) {
    if (!terminated.containerID && !last?.containerID) return badRequest(`container ${q(container)} in pod ${q(name)} is terminated`);
    return { running: false, rotated: false };
  }
  if (last) {
    if (!last.containerID) return badRequest(`container ${q(container)} in pod ${q(name)} is terminated`);
    return { running: false, rotated: false };
  }
  if (waiting) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull') return badRequest(`container ${q(container)} in pod ${q(name)} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff') return badRequest(`container ${q(container)} in pod ${q(name)} is waiting to start: trying and failing to pull image`);
    return badRequest(`container ${q(container)} in pod ${q(name)} is waiting to start: ${reason}`);
  }
  return badRequest(`container ${q(container)} in pod ${q(name)} is waiting to start - no logs yet`);
}

/** The log of one container, as bytes come off the wire: whole lines, the last maybe cut. */
export class LogStream {
  private remain: number;
  private lastNs = -1;
  /** The container instance being followed: a restart ends the stream, as the kubelet's does. */
  private readonly instance: number;
  private ended = false;

  constructor(
    private readonly sim: Simulation,
    readonly key: string,
    private readonly opts: PodLogOptions,
    /** Still written to: a followed stream stays open. */
    readonly live: boolean,
    /** The instance's log is the rotated (previous) one in sim/podLogs.ts. */
    readonly rotated = false,
  ) {
    this.remain = opts.limitBytes ?? Infinity;
    this.instance = sim.logs.instance(key);
  }

  /** True once --limit-bytes is used up or the container instance is gone (the kubelet closes the stream). */
  get exhausted(): boolean {
    return this.ended || this.remain <= 0;
  }

  /** What is already in the log file, filtered: one string per line written. */
  initial(lines: readonly LogLine[]): string[] {
    const stamps: number[] = [];
    for (const l of lines) stamps.push((this.lastNs = criStamp(this.sim, l, this.lastNs, this.key)));
    let from = 0;
    if (this.opts.tailLines !== undefined) from = Math.max(0, lines.length - this.opts.tailLines);
    let sinceNs = -Infinity;
    if (this.opts.sinceSeconds !== undefined) sinceNs = (this.sim.clock.now() - this.opts.sinceSeconds * 1000) * 1e6;
    if (this.opts.sinceTimeMs !== undefined && this.opts.sinceTimeMs * 1e6 > sinceNs) sinceNs = this.opts.sinceTimeMs * 1e6;
    const out: string[] = [];
    for (let i = from; i < lines.length && !this.exhausted; i++) {
      if (stamps[i]! < sinceNs) continue;
      out.push(this.write(lines[i]!.text, stamps[i]!));
    }
    return out;
  }

  /** A line appended while following (undefined once the byte limit closed the stream). */
  next(line: LogLine): string | undefined {
    if (this.sim.logs.instance(this.key) !== this.instance) this.ended = true;
    if (this.exhausted) return undefined;
    this.lastNs = criStamp(this.sim, line, this.lastNs, this.key);
    return this.write(line.text, this.lastNs);
  }

  private write(text: string, ns: number): string {
    const full = `${this.opts.timestamps ? `${formatRFC3339Nano(this.sim.clock, ns)} ` : ''}${text}\n`;
    if (this.remain === Infinity) return full;
    let out = '';
    for (const ch of full) {
      const n = utf8Len(ch.codePointAt(0)!);
      if (n > this.remain) {
        this.remain = 0;
        break;
      }
      this.remain -= n;
      out += ch;
    }
    return out;
  }
}

/** Opens the log of `container` in `pod` (which kubectl has checked exists in the spec). */
export function openLogStream(sim: Simulation, pod: Pod, container: string, opts: PodLogOptions): OpenResult {
  const name = pod.metadata.name ?? '';
  const ns = pod.metadata.namespace ?? 'default';
  if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) {
    const message = `PodLogOptions "${name}" is invalid: sinceSeconds: Invalid value: ${opts.sinceSeconds}: must be greater than 0`;
    return { ok: false, error: { message, printed: `The PodLogOptions "${name}" is invalid: sinceSeconds: Invalid value: ${opts.sinceSeconds}: must be greater than 0\n` } };
  }
  const key = PodLogs.key(ns, name, container);
  // A pod not yet bound to a node has no kubelet to ask: the API server sends an empty body.
  if (!pod.spec.nodeName) return { ok: true, stream: new LogStream(sim, key, opts, false) };
  const status = validateContainerLogStatus(pod, container, opts.previous);
  if ('printed' in status) return { ok: false, error: status };
  return { ok: true, stream: new LogStream(sim, key, opts, opts.follow && status.running && !opts.previous, status.rotated) };
}

/** The lines the container runtime kept for the instance `stream` reads. */
export function storedLines(sim: Simulation, pod: Pod, container: string, stream: LogStream): readonly LogLine[] {
  if (!pod.spec.nodeName) return [];
  return sim.logs.read(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', container, stream.rotated) ?? [];
}
