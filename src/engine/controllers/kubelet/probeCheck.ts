// One probe attempt, as pkg/probe/http and pkg/probe/tcp make it: a connection from the node's
// own network namespace (the kubelet runs there) to the pod IP through the simulated network,
// marked source "probe". httpGet sends the kubelet's request and judges the program's answer
// (apps/http.ts): 200–399 succeed, anything else is "HTTP probe failed with statuscode: N".
// Without a network (controller-only tests) the answer is decided from the image table alone.
// exec and grpc probes are not sent anywhere: they succeed when the program could answer.

import type { Container, Probe } from '../../api/types.ts';
import { requestBytes, responseBytes, serveHttp, type HttpRequest } from '../../apps/http.ts';
import { listensOn } from '../../apps/images.ts';
import type { ConnectionTrace } from '../../network/types.ts';
import type { Rng } from '../../sim/rng.ts';
import type { Simulation } from '../../simulation.ts';

export type ProbeOutcome = { ok: true } | { ok: false; output: string };

/** Who probes what: the node, the pod's IP, the container and its probe. */
export interface ProbeTarget {
  node: string;
  podIP: string;
  container: Container;
  probe: Probe;
  /** The container's program has finished starting (model answer without a network). */
  serving: boolean;
}

/** The kubelet's User-Agent: kube-probe/<major>.<minor>. */
const USER_AGENT = 'kube-probe/1.33';

/** The probe's port as a number: a number, or the name of one of the container's ports. */
export function probePort(c: Container, probe: Probe): number | undefined {
  const target = probe.httpGet?.port ?? probe.tcpSocket?.port ?? (probe as { grpc?: { port: number } }).grpc?.port;
  if (typeof target === 'number') return target;
  if (target === undefined) return undefined;
  const byName = c.ports?.find((p) => p.name === target)?.containerPort;
  return byName ?? (/^\d+$/.test(target) ? Number(target) : undefined);
}

const hostPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** The URL as Go's http client quotes it in errors (formatURL in pkg/kubelet/prober). */
export function probeURL(ip: string, port: number, probe: Probe): string {
  const scheme = (probe.httpGet?.scheme ?? 'HTTP').toLowerCase();
  const path = probe.httpGet?.path ?? '';
  return `${scheme}://${hostPort(ip, port)}${path.startsWith('/') || path === '' ? path : `/${path}`}`;
}

/** A failed dial or request as the prober reports it (the Go error's text). */
export function probeError(ip: string, port: number, probe: Probe, err: 'refused' | 'unreachable' | 'timeout' | 'eof'): string {
  const dial = `dial tcp ${hostPort(ip, port)}`;
  if (!probe.httpGet) return err === 'timeout' ? `${dial}: i/o timeout` : err === 'unreachable' ? `${dial}: connect: no route to host` : `${dial}: connect: connection refused`;
  const get = `Get "${probeURL(ip, port, probe)}"`;
  switch (err) {
    case 'timeout':
      return `${get}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
    case 'eof':
      return `${get}: EOF`;
    case 'unreachable':
      return `${get}: ${dial}: connect: no route to host`;
    default:
      return `${get}: ${dial}: connect: connection refused`;
  }
}

/** What the kubelet sends for an httpGet probe (Go writes Host and User-Agent first). */
function probeRequest(ip: string, port: number, probe: Probe): HttpRequest {
  const path = probe.httpGet?.path ?? '/';
  const target = path === '' ? '/' : path.startsWith('/') ? path : `/${path}`;
  // DisableKeepAlives: Go's transport adds "Connection: close".
  return { method: 'GET', target, headers: [['Host', hostPort(ip, port)], ['User-Agent', USER_AGENT], ['Accept', '*/*'], ['Connection', 'close']], body: '' };
}

/** The probe over the simulated network; `rng` keeps its random draws apart from everyone else's. */
export function networkProbe(sim: Simulation, rng: Rng, t: ProbeTarget): ProbeOutcome {
  const { probe } = t;
  const port = probePort(t.container, probe);
  if (port === undefined) return { ok: true }; // exec
  if (!probe.httpGet && !probe.tcpSocket) return modelProbe(t); // grpc: not modelled on the wire
  const timeoutMs = (probe.timeoutSeconds || 1) * 1000;
  const trace = sim.network.connect({ from: { node: t.node }, to: t.podIP, port, source: 'probe', keepOpen: true, rng });
  if (trace.outcome !== 'connected') {
    const err = trace.outcome === 'refused' ? 'refused' : trace.outcome === 'unreachable' ? 'unreachable' : 'timeout';
    return { ok: false, output: probeError(t.podIP, port, probe, err) };
  }
  if (!probe.httpGet) {
    // DoTCPProbe: the dial succeeded; the kubelet closes at once.
    sim.network.close(trace, 'client');
    return { ok: true };
  }
  return httpExchange(sim, trace, t.podIP, port, probe, timeoutMs);
}

function httpExchange(sim: Simulation, trace: ConnectionTrace, ip: string, port: number, probe: Probe, timeoutMs: number): ProbeOutcome {
  const req = probeRequest(ip, port, probe);
  sim.network.send(trace, 'client', requestBytes(req));
  const answer = serveHttp(sim, trace, req);
  if (answer.kind === 'close') {
    if (answer.afterMs < timeoutMs) {
      if (answer.afterMs > 0) sim.scheduler.after(answer.afterMs, () => sim.network.close(trace, 'server'), { background: true, label: 'probe' });
      else sim.network.close(trace, 'server');
      return { ok: false, output: probeError(ip, port, probe, 'eof') };
    }
    // The client gives up first and closes its end.
    sim.scheduler.after(timeoutMs, () => sim.network.close(trace, 'client'), { background: true, label: 'probe' });
    return { ok: false, output: probeError(ip, port, probe, 'timeout') };
  }
  const res = answer.response;
  sim.network.send(trace, 'server', responseBytes(res, req.method));
  sim.network.close(trace, res.close || res.version === '1.0' ? 'server' : 'client');
  // pkg/probe/http: 2xx and 3xx (redirects not followed off the host) succeed.
  if (res.status >= 200 && res.status < 400) return { ok: true };
  return { ok: false, output: `HTTP probe failed with statuscode: ${res.status}` };
}

/** Without a network: the port must be listened on and the program started. */
export function modelProbe(t: ProbeTarget): ProbeOutcome {
  const port = probePort(t.container, t.probe);
  if (port === undefined) return { ok: true };
  if (listensOn(t.container, port, 'TCP') && t.serving) return { ok: true };
  return { ok: false, output: probeError(t.podIP, port, t.probe, 'refused') };
}

/** Whether the probe can ever succeed, judged from the image table (foreground work only then). */
export function probeCanSucceed(c: Container, probe: Probe): boolean {
  const port = probePort(c, probe);
  if (port === undefined) return !(probe.httpGet || probe.tcpSocket || (probe as { grpc?: unknown }).grpc);
  return listensOn(c, port, 'TCP');
}
