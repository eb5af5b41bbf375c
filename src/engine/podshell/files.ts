// The files the kubelet mounts into a container that people look at: /etc/hosts (the
// kubelet-managed hosts file), /etc/resolv.conf (DNS-2, from the DNS part) and /etc/hostname.

import type { Pod } from '../api/types.ts';
import { resolvConfOf } from '../dns/index.ts';
import type { Simulation } from '../simulation.ts';

/** pkg/kubelet managedHostsFileContent; fe00::0 for ip6-mcastprefix is the kubelet's own text. */
export function podHostsFile(sim: Simulation, pod: Pod): string {
  const name = pod.metadata.name ?? '';
  if (pod.spec['hostNetwork'] === true) {
    const node = sim.scenario.nodes.find((n) => n.name === pod.spec.nodeName);
    return (
      '# Kubernetes-managed hosts file (host network).\n' +
      '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n' +
      'ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' +
      (node ? `${node.ip}\t${node.name}\n` : '')
    );
  }
  const hostname = (pod.spec['hostname'] as string | undefined) ?? name;
  const subdomain = pod.spec['subdomain'] as string | undefined;
  const ns = pod.metadata.namespace ?? 'default';
  const names = subdomain ? `${hostname}.${subdomain}.${ns}.svc.cluster.local\t${hostname}` : hostname;
  const ips = (pod.status.podIPs ?? []).map((p) => p.ip);
  if (ips.length === 0 && pod.status.podIP) ips.push(pod.status.podIP);
  return (
    '# Kubernetes-managed hosts file.\n' +
    '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
    ips.map((ip) => `${ip}\t${names}\n`).join('')
  );
}

export function podFiles(sim: Simulation, pod: Pod): Record<string, string> {
  const hostname = (pod.spec['hostname'] as string | undefined) ?? pod.metadata.name ?? '';
  return {
    '/etc/hosts': podHostsFile(sim, pod),
    '/etc/resolv.conf': resolvConfOf(sim, pod),
    '/etc/hostname': `${hostname}\n`,
  };
}
