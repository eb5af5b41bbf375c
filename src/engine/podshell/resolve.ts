// Where a pod's programs connect from, and how they turn a name into an address.

import { resolveHost } from '../dns/index.ts';
import type { ConnectFrom } from '../network/index.ts';
import type { PodWorld } from './types.ts';

export const podSource = (w: PodWorld): ConnectFrom => ({ pod: { namespace: w.namespace, name: w.name } });

/** getaddrinfo in the pod: /etc/hosts first (its own name, localhost), then DNS. */
export function podResolve(w: PodWorld, name: string): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return name;
  if (name === 'localhost') return '127.0.0.1';
  const hostname = (w.pod.spec['hostname'] as string | undefined) ?? w.name;
  if (name === hostname && w.pod.status.podIP) return w.pod.status.podIP;
  return resolveHost(w.sim, podSource(w), w.resolvConf(), name);
}
