// The simulated network of a cluster (CONTRACTS §3): createNetwork follows the API server and
// keeps a namespace per node and per pod, the outside client and the docker gateway.

import type { ControllerContext } from '../controllers/context.ts';
import { connectOpen, type OpenTcp } from './connect.ts';
import { dryRun } from './dryrun.ts';
import { startKindnetAgents } from './kindnet.ts';
import { TimeWaitSockets } from './timewait.ts';
import { Topology } from './topology.ts';
import { closeTcp, sendData } from './stream.ts';
import type { ConnectListener, ConnectOptions, ConnectionTrace, Host, Network } from './types.ts';

export type { ConnectFrom, ConnectListener, ConnectOptions, ConnectionTrace, Hop, HopStep, Host, Iface, Network, Outcome, Route, WireInfo } from './types.ts';
export { formatIpAddr, formatIpRoute } from './iproute.ts';
export { formatHopTrace, traceLine } from './tracelog.ts';

export function createNetwork(ctx: ControllerContext): Network {
  const rng = ctx.rng.fork('network');
  const now = () => ctx.clock.now();
  const topo = new Topology({ api: ctx.api, rng, now });
  const kernel = (node: string) => topo.nodeState(node)?.host.kernel;
  const stopKindnet = startKindnetAgents({ api: ctx.api, scheduler: ctx.scheduler, ruleset: (node) => kernel(node)?.ruleset });
  // Observers of connections (the page's packet view); they see each trace once it is complete.
  const listeners = new Set<ConnectListener>();
  const notify = (trace: ConnectionTrace, opts: ConnectOptions): void => {
    for (const l of listeners) l(trace, opts);
  };
  const deps = { topo, rng, now, timeWait: new TimeWaitSockets() };
  // Connections opened with keepOpen, until close().
  const open = new WeakMap<ConnectionTrace, { conn: OpenTcp; opts: ConnectOptions }>();
  return {
    kernel,
    host: (nameOrIp) => findHost(topo, nameOrIp),
    connect: (opts) => {
      const { trace, open: conn } = connectOpen(opts.rng ? { ...deps, rng: opts.rng } : deps, opts);
      if (opts.keepOpen && conn) open.set(trace, { conn, opts });
      else notify(trace, opts);
      return trace;
    },
    send: (trace, from, bytes) => {
      const o = open.get(trace);
      return o ? sendData(deps, o.conn, from, bytes) : false;
    },
    close: (trace, by = 'client') => {
      const o = open.get(trace);
      if (!o) return;
      open.delete(trace);
      closeTcp(deps, o.conn, by);
      notify(trace, o.opts);
    },
    dryRun: (fn, seed) => dryRun(deps, [...topo.nodes.values()].map((n) => n.host), fn, seed),
    onConnect: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    hosts: () => topo.allHosts(),
    stop: () => {
      stopKindnet();
      topo.stop();
    },
  };
}

function findHost(topo: Topology, s: string): Host | undefined {
  const byIp = topo.hostByIp(s);
  if (byIp) return byIp;
  if (s === 'external') return topo.external;
  if (s === 'gateway') return topo.gateway;
  const node = topo.nodeState(s.startsWith('node/') ? s.slice(5) : s);
  if (node) return node.host;
  const key = s.startsWith('pod/') ? s.slice(4) : s;
  const pod = topo.pods.get(key.includes('/') ? key : `default/${key}`);
  if (pod?.spec.hostNetwork && pod.spec.nodeName) return topo.nodeState(pod.spec.nodeName)?.host;
  return topo.podHosts.get(key.includes('/') ? key : `default/${key}`);
}
