// Background traffic: a client pod calling a Service's ClusterIP at a steady rate on the
// virtual clock (what the page's traffic toggle drives). Each call is one network.connect()
// with source "traffic"; the network and the kernels choose ports and endpoints with their own
// seeded RNGs, so a run is the same for a seed. The ticks are background work: settle() does not
// wait for them.
// A TCP call is what `curl -s http://<clusterIP>:<port>/` in the pod does: the request, the
// answer of the program that accepted it (apps/http.ts), and the close (curl's FIN first, or the
// server's when it says it closes), so the nodes' conntrack entries go to TIME_WAIT and expire
// after 120 s instead of piling up as ESTABLISHED. A UDP call is one datagram and its reply.

import type { Service } from '../api/types.ts';
import type { ConnectionTrace } from '../network/types.ts';
import type { TaskHandle } from '../sim/scheduler.ts';
import type { Simulation } from '../simulation.ts';
import { requestBytes, responseBytes, serveHttp, type HttpRequest } from './http.ts';

export interface TrafficOptions {
  /** The calling pod (default default/client). */
  from?: { namespace: string; name: string };
  /** The Service called (default default/auth-service); its first port unless `port` names one. */
  service?: { namespace: string; name: string };
  /** A port name or number of the Service. */
  port?: string | number;
  /** Connections per virtual second (default 0: stopped). */
  rate?: number;
}

export interface Traffic {
  readonly rate: number;
  /** Connections per virtual second; 0 stops. The next connection is one interval from now. */
  setRate(perSecond: number): void;
  /** Connections made so far (a tick finding no Service or port makes none). */
  readonly sent: number;
  stop(): void;
}

export const MAX_TRAFFIC_RATE = 1000;

export function startTraffic(sim: Simulation, opts: TrafficOptions = {}): Traffic {
  const from = opts.from ?? { namespace: 'default', name: 'client' };
  const target = opts.service ?? { namespace: 'default', name: 'auth-service' };
  let rate = 0;
  let sent = 0;
  let task: TaskHandle | undefined;

  const fire = (): void => {
    const svc = sim.api.get<Service>('services', target.namespace, target.name);
    const ports = svc?.spec.ports ?? [];
    const port = opts.port === undefined ? ports[0] : ports.find((p) => p.name === opts.port || p.port === opts.port);
    const ip = svc?.spec.clusterIP;
    if (!svc || !port || !ip || ip === 'None') return;
    sent++;
    const proto = port.protocol === 'UDP' ? 'udp' : 'tcp';
    const trace = sim.network.connect({ from: { pod: from }, to: ip, port: port.port, proto, source: 'traffic', keepOpen: true });
    if (proto === 'tcp' && trace.outcome === 'connected') exchange(sim, trace, ip, port.port);
  };

  // The k-th connection after a rate change goes at start + round(k × 1000 / rate): whole
  // milliseconds on the virtual clock, and exactly `rate` per second on average.
  let start = 0;
  let k = 0;
  const schedule = (): void => {
    task?.cancel();
    task = undefined;
    if (rate <= 0) return;
    k++;
    const at = start + Math.round((k * 1000) / rate);
    task = sim.scheduler.after(at - sim.clock.now(), () => {
      schedule();
      fire();
    }, { background: true, label: 'traffic' });
  };

  const traffic: Traffic = {
    get rate() {
      return rate;
    },
    get sent() {
      return sent;
    },
    setRate(perSecond) {
      const r = Number.isFinite(perSecond) ? Math.min(Math.max(perSecond, 0), MAX_TRAFFIC_RATE) : 0;
      if (r === rate) return;
      rate = r;
      start = sim.clock.now();
      k = 0;
      schedule();
    },
    stop() {
      rate = 0;
      schedule();
    },
  };
  traffic.setRate(opts.rate ?? 0);
  return traffic;
}

/** The netshoot client pod's curl (Alpine's, 8.x): the request it sends. */
function curlRequest(ip: string, port: number): HttpRequest {
  return { method: 'GET', target: '/', headers: [['Host', port === 80 ? ip : `${ip}:${port}`], ['User-Agent', 'curl/8.9.1'], ['Accept', '*/*']], body: '' };
}

/** Request, answer, close on an open connection (closed at once, or when a silent server hangs up). */
function exchange(sim: Simulation, trace: ConnectionTrace, ip: string, port: number): void {
  const req = curlRequest(ip, port);
  sim.network.send(trace, 'client', requestBytes(req));
  const answer = serveHttp(sim, trace, req);
  if (answer.kind === 'response') {
    const res = answer.response;
    sim.network.send(trace, 'server', responseBytes(res, req.method));
    sim.network.close(trace, res.close || res.version === '1.0' ? 'server' : 'client');
  } else if (answer.afterMs > 0) {
    sim.scheduler.after(answer.afterMs, () => sim.network.close(trace, 'server'), { background: true, label: 'traffic' });
  } else {
    sim.network.close(trace, 'server');
  }
}
