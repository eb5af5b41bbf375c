// The same connections as the kernel run, made by Proxyscope's network (network.connect(),
// CONTRACTS §3) and, for the distribution, by the `trace … --count N --json` command.

import type { ConnectFrom, ConnectionTrace } from '../../../src/engine/network/index.ts';
import { createSession } from '../../../src/engine/session.ts';
import type { Cluster } from './cluster.ts';
import type { ProbeDef, Source } from './scenario.ts';
import type { ProbeResult } from './topology.ts';

export function connectFrom(s: Source): ConnectFrom {
  if ('pod' in s) return { pod: { namespace: 'default', name: s.pod } };
  if ('node' in s) return { node: s.node };
  return { external: true };
}

/** trace's SRC argument for a source. */
export function traceSource(s: Source): string {
  if ('pod' in s) return `pod/${s.pod}`;
  if ('node' in s) return `node/${s.node}`;
  return 'external';
}

export function toResult(id: number, t: ConnectionTrace): ProbeResult {
  if (t.outcome !== 'connected') return { id, outcome: t.outcome };
  return {
    id,
    outcome: 'connected',
    pod: t.destination?.pod?.name ?? `<${t.destination?.ip ?? 'none'}>`,
    seen: t.serverSawSource,
    local: `${t.client.ip}:${t.client.port}`,
    masqueraded: t.masqueraded,
    ...(t.conntrack ? { conntrack: t.conntrack } : {}),
  };
}

export function connectAll(cluster: Cluster, probes: ProbeDef[]): ProbeResult[][] {
  let id = 1;
  return probes.map((p) => {
    const to = cluster.resolve(p.to);
    return Array.from({ length: p.count ?? 1 }, () => toResult(id++, cluster.sim.network.connect({ from: connectFrom(p.from), to: to.host, port: to.port, proto: to.proto })));
  });
}

/** `trace SRC IP:PORT -p PROTO --count N --json`, typed into Proxyscope's shell: shares per pod name. */
export function traceSpread(cluster: Cluster, p: ProbeDef): { connections: number; shares: Record<string, number> } {
  const to = cluster.resolve(p.to);
  const line = `trace ${traceSource(p.from)} ${to.host}:${to.port} -p ${to.proto} --count ${p.count ?? 1} --json`;
  const out = createSession(cluster.sim).execute(line);
  const text = (fd: number) => out.chunks.filter((c) => c.fd === fd).map((c) => c.text).join('');
  if (out.exitCode !== 0) throw new Error(`${line}: ${text(2)}`);
  const json = JSON.parse(text(1)) as { connections: number; endpoints: { pod: string; connections: number }[] };
  const shares: Record<string, number> = {};
  for (const e of json.endpoints) shares[e.pod.replace(/^default\//, '')] = e.connections / json.connections;
  return { connections: json.connections, shares };
}
