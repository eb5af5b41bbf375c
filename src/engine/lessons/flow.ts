// `trace:` / `requests:` checks name a flow as `SRC -> DST`: SRC is pod/NAME (namespace
// "default"), pod/NAMESPACE/NAME, node/NAME, external or an IPv4 address; DST is SERVICE:PORT
// (a Service in the source pod's namespace, reached at its ClusterIP) or IP:PORT.

import { isIPv4 } from '../api/kinds/ip.ts';
import type { Service } from '../api/types.ts';
import type { ConnectFrom } from '../network/index.ts';
import type { Simulation } from '../simulation.ts';

export type FlowSource = ConnectFrom;

export interface FlowTarget {
  /** An IPv4 address, or a Service name. */
  host: string;
  port: number;
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function parseSource(s: string): FlowSource | undefined {
  if (s === 'external') return { external: true };
  if (isIPv4(s)) return { ip: s };
  const parts = s.split('/');
  if (parts[0] === 'pod' && (parts.length === 2 || parts.length === 3) && parts.slice(1).every((p) => NAME.test(p))) {
    return parts.length === 2 ? { pod: { namespace: 'default', name: parts[1]! } } : { pod: { namespace: parts[1]!, name: parts[2]! } };
  }
  if (parts[0] === 'node' && parts.length === 2 && NAME.test(parts[1]!)) return { node: parts[1]! };
  return undefined;
}

export function parseTarget(s: string): FlowTarget | undefined {
  const i = s.lastIndexOf(':');
  if (i < 0) return undefined;
  const host = s.slice(0, i);
  const port = s.slice(i + 1);
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return undefined;
  if (!isIPv4(host) && !NAME.test(host)) return undefined;
  return { host, port: Number(port) };
}

/** `pod/client -> auth-service:8080` split in two, or why not. */
export function parseFlow(text: string): { ok: true; from: string; to: string } | { ok: false; error: string } {
  const m = /^\s*(\S+)\s*->\s*(\S+)\s*$/.exec(text);
  if (!m) return { ok: false, error: `'${text}' is not SRC -> DST (e.g. pod/client -> auth-service:8080)` };
  if (!parseSource(m[1]!)) return { ok: false, error: `'${m[1]}' is not a source (pod/NAME, pod/NAMESPACE/NAME, node/NAME, external or an IPv4 address)` };
  if (!parseTarget(m[2]!)) return { ok: false, error: `'${m[2]}' is not a destination (SERVICE:PORT or IP:PORT)` };
  return { ok: true, from: m[1]!, to: m[2]! };
}

/** The address a flow's destination resolves to now, or why it does not. */
export function resolveTarget(sim: Simulation, from: FlowSource, to: FlowTarget): { ip: string; port: number } | { error: string } {
  if (isIPv4(to.host)) return { ip: to.host, port: to.port };
  const ns = 'pod' in from ? from.pod.namespace : 'default';
  const svc = sim.api.get<Service>('services', ns, to.host);
  if (!svc) return { error: `service "${to.host}" not found in namespace "${ns}"` };
  const ip = svc.spec?.clusterIP;
  if (!ip || !isIPv4(ip)) return { error: `service "${to.host}" has no ClusterIP` };
  return { ip, port: to.port };
}
