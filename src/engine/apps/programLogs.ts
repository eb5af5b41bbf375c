// What the programs in containers write to their logs (stdout/stderr, kept by the kubelet in
// sim/podLogs.ts, read by `kubectl logs`). The kubelet calls `programStarted` for every
// container instance it starts; restarts rotate the log first, so `kubectl logs -p` shows the
// previous run. Lines of the made-up images (proxyscope/…) use Go's standard `log` format
// (`2006/01/02 15:04:05 message`), since they stand for small Go programs:
//
//   proxyscope/echo-server  a start-up line, then one access-log line per request (logRequest;
//                           /health is not logged, as many servers skip their probe endpoint)
//   proxyscope/crashloop    serves, then log.Fatal after two seconds (exit code 1)
//   proxyscope/log-shipper  a sidecar: every 10 s it reports how many lines the pod's other
//                           containers wrote since its last flush (nothing when there were none)
//   coredns                 CoreDNS 1.12.0's start-up banner
//
// kube-proxy writes its own klog lines (proxy/startupLog.ts); other images write nothing.

import type { Container } from '../api/types.ts';
import type { Clock } from '../sim/clock.ts';
import type { PodLogs } from '../sim/podLogs.ts';
import type { Scheduler } from '../sim/scheduler.ts';
import { parseImageRef, type Program } from './images.ts';

export interface ProgramLogDeps {
  logs: PodLogs;
  scheduler: Scheduler;
  clock: Clock;
}

/** The container instance the kubelet started. */
export interface StartedContainer {
  namespace: string;
  pod: string;
  spec: Container;
  program: Program;
  /** Names of the pod's other containers (what a sidecar sees beside it). */
  siblings: string[];
  /** Virtual ms it started. */
  startedAt: number;
  /** A restart: the log of the instance before becomes the previous one. */
  restarted: boolean;
  /** Still this instance, still running (the kubelet's own state). */
  alive: () => boolean;
}

/** Go's log.LstdFlags prefix: `2026/11/21 09:00:25 ` (local time is UTC on the nodes). */
export function goLogPrefix(clock: Clock, at: number): string {
  const ts = clock.timestamp(at);
  return `${ts.slice(0, 10).replace(/-/g, '/')} ${ts.slice(11, 19)} `;
}

/** The first TCP port the container declares (what the made-up servers listen on). */
function listenPort(c: Container, dflt: number): number {
  return c.ports?.find((p) => (p.protocol ?? 'TCP') === 'TCP')?.containerPort ?? dflt;
}

const tagOf = (image: string): string => parseImageRef(image).suffix.replace(/^:/, '').replace(/@.*$/, '') || 'latest';

// kubeadm's stock Corefile (v1.33, `cache 30 { disable success/denial cluster.local }`), as
// CoreDNS's reload plugin hashes it (computed from the template, not copied from a cluster).
const COREFILE_SHA512 = 'c35a0471224db80ad6f2c01a8ee2158e00ac67f9894da0707fe9267278a918901a5b98890c7cc765725ab46a5bf009ee04f98f78e33459712318fd74e132404d';

/** Flush period of the log-shipper sidecar. */
export const SHIPPER_FLUSH_MS = 10_000;

export function programStarted(deps: ProgramLogDeps, c: StartedContainer): void {
  const { logs, clock } = deps;
  const name = c.spec.name;
  if (c.restarted) logs.rotate(c.namespace, c.pod, name);
  const write = (text: string, at: number, stream: 'stdout' | 'stderr' = 'stderr'): void => logs.append(c.namespace, c.pod, name, text, stream, at);
  const goLog = (text: string, at: number): void => write(goLogPrefix(clock, at) + text, at);
  const later = (ms: number, fn: () => void): void => {
    // Background: a program's own chatter never keeps the cluster from settling.
    deps.scheduler.after(Math.max(0, c.startedAt + ms - clock.now()), () => c.alive() && fn(), { label: `log ${c.namespace}/${c.pod}/${name}`, background: true });
  };
  const t = c.startedAt;
  switch (parseImageRef(c.spec.image).repo) {
    case 'docker.io/proxyscope/echo-server':
      goLog(`echo-server ${tagOf(c.spec.image)} listening on :${listenPort(c.spec, 8080)}`, t + 3);
      return;
    case 'docker.io/proxyscope/crashloop': {
      const port = listenPort(c.spec, 8080);
      goLog(`crashloop ${tagOf(c.spec.image)} starting`, t + 2);
      goLog(`listening on :${port}`, t + 3);
      goLog('loading configuration from /etc/crashloop/config.yaml', t + 4);
      // log.Fatal: the last line, then exit status 1 (the kubelet ends the instance just after).
      const exitAfter = c.program.exitAfterMs;
      if (exitAfter !== undefined) later(exitAfter - 1, () => goLog('fatal: open /etc/crashloop/config.yaml: no such file or directory', clock.now()));
      return;
    }
    case 'docker.io/proxyscope/log-shipper':
      goLog(`log-shipper ${tagOf(c.spec.image)} starting`, t + 2);
      goLog(`tailing ${c.siblings.map((s) => `/var/log/containers/${c.pod}_${c.namespace}_${s}-*.log`).join(', ') || 'nothing'}`, t + 3);
      goLog('shipping to collector.logging.svc.cluster.local:24224 every 10s', t + 3);
      scheduleFlush(deps, c, t, goLog);
      return;
    case 'registry.k8s.io/coredns/coredns':
      write('maxprocs: Leaving GOMAXPROCS=8: CPU quota undefined', t + 5);
      write('.:53', t + 31, 'stdout');
      write(`[INFO] plugin/reload: Running configuration SHA512 = ${COREFILE_SHA512}`, t + 31, 'stdout');
      write(`CoreDNS-${tagOf(c.spec.image).replace(/^v/, '')}`, t + 31, 'stdout');
      write('linux/amd64, go1.23.3, 51e11f1', t + 31, 'stdout');
      return;
    default:
  }
}

/** The sidecar's flush loop: counts what the other containers wrote since the last flush. */
function scheduleFlush(deps: ProgramLogDeps, c: StartedContainer, from: number, goLog: (text: string, at: number) => void): void {
  const next = from + SHIPPER_FLUSH_MS;
  deps.scheduler.after(next - deps.clock.now(), () => {
    if (!c.alive()) return;
    let records = 0;
    for (const s of c.siblings) records += (deps.logs.read(c.namespace, c.pod, s) ?? []).filter((l) => l.at > from && l.at <= next).length;
    if (records > 0) goLog(`flushed ${records} record${records === 1 ? '' : 's'} to collector.logging.svc.cluster.local:24224`, next);
    scheduleFlush(deps, c, next, goLog);
  }, { label: `log-shipper ${c.namespace}/${c.pod}`, background: true });
}

/** An access-log line of the echo server: peer, request line, status, body bytes, user agent. */
export function logRequest(logs: PodLogs, clock: Clock, where: { namespace: string; pod: string; container: Container }, line: { peer: string; method: string; target: string; status: number; bytes: number; userAgent: string }): void {
  if (parseImageRef(where.container.image).repo !== 'docker.io/proxyscope/echo-server') return;
  if (line.target === '/health' || line.target.startsWith('/health?')) return;
  const now = clock.now();
  const text = `${goLogPrefix(clock, now)}${line.peer} "${line.method} ${line.target} HTTP/1.1" ${line.status} ${line.bytes} "${line.userAgent || '-'}"`;
  logs.append(where.namespace, where.pod, where.container.name, text, 'stderr', now);
}
