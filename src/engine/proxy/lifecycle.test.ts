// kube-proxy as a process on the simulated nodes: when it writes rules, the jumps it installs
// into the built-in chains, and how it recovers (canary, node labels, a failed restore).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment, Node, Pod } from '../api/types.ts';
import type { ControllerContext } from '../controllers/context.ts';
import { createSimulation, type Simulation } from '../index.ts';
import { runIptables, save } from '../netfilter/rules/index.ts';
import { createNetwork } from '../network/index.ts';
import type { Network } from '../network/types.ts';
import { portProtoHash } from './chainNames.ts';
import { startKubeProxies, type KubeProxies } from './index.ts';

const scenario = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');

function boot(settle = true): { sim: Simulation; net: Network; proxies: KubeProxies } {
  // kubeProxy: false where createSimulation starts kube-proxy (and the network) itself.
  const options = { scenario, settle: false, kubeProxy: false };
  const r = createSimulation(options);
  if (!r.ok) throw new Error(r.error);
  const sim = r.sim;
  const ctx: ControllerContext = { api: sim.api, clock: sim.clock, scheduler: sim.scheduler, rng: sim.rng, journal: sim.journal };
  const net = (sim as { network?: Network }).network ?? createNetwork(ctx);
  const proxies = startKubeProxies(ctx, { kernel: (n) => net.kernel(n), logs: sim.logs, config: { clusterCIDR: sim.scenario.clusterCIDR } });
  if (settle) sim.settle();
  return { sim, net, proxies };
}

const iptables = (net: Network, node: string, ...args: string[]) => {
  const r = runIptables(net.kernel(node)!.ruleset, args);
  if (!r.done || r.exitCode !== 0) throw new Error(`iptables ${args.join(' ')}: ${JSON.stringify(r)}`);
};
const saved = (net: Network, node: string, table: 'nat' | 'filter' | 'mangle') =>
  save(net.kernel(node)!.ruleset, { table, generatedAt: 'Sat Nov 21 09:00:00 2026' });
const rulesOf = (text: string, chain: string) => text.split('\n').filter((l) => l.startsWith(`-A ${chain} `));
/** kube-proxy's jumps in a built-in chain (kindnet and the kubelet add their own rules too). */
const kubeJumps = (text: string, chain: string) => rulesOf(text, chain).filter((l) => / -j KUBE-/.test(l));
const kubeProxyPod = (sim: Simulation, node: string) =>
  sim.api.list<Pod>('pods', 'kube-system').find((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec.nodeName === node)!;
const logOf = (sim: Simulation, node: string) => sim.logs.read('kube-system', kubeProxyPod(sim, node).metadata.name!, 'kube-proxy')!.map((l) => l.text);

describe('kube-proxy on the nodes', () => {
  it('[KP-14] nothing is written before the kube-proxy pod runs', () => {
    const { sim, net, proxies } = boot(false);
    sim.advance(15_500); // kind-worker has joined; its kube-proxy container is still starting
    expect(net.kernel('kind-worker')).toBeDefined();
    expect(proxies.proxier('kind-worker')).toBeUndefined();
    expect(saved(net, 'kind-worker', 'nat')).not.toContain('KUBE-');
    sim.settle();
    expect(saved(net, 'kind-worker', 'nat')).toContain(':KUBE-SERVICES - [');
  });

  it('[KP-14] full syncs install the jumps from the built-in chains, and the canaries', () => {
    const { net } = boot();
    const filter = saved(net, 'kind-worker', 'filter');
    expect(kubeJumps(filter, 'INPUT')).toEqual([
      '-A INPUT -j KUBE-FIREWALL',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    ]);
    expect(kubeJumps(filter, 'FORWARD')).toEqual([
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    ]);
    expect(kubeJumps(filter, 'OUTPUT')).toEqual([
      '-A OUTPUT -j KUBE-FIREWALL',
      '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    ]);
    const nat = saved(net, 'kind-worker', 'nat');
    expect(kubeJumps(nat, 'PREROUTING')).toEqual(['-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES']);
    expect(kubeJumps(nat, 'OUTPUT')).toEqual(['-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES']);
    expect(kubeJumps(nat, 'POSTROUTING')).toEqual(['-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING']);
    for (const t of ['mangle', 'nat', 'filter'] as const) expect(saved(net, 'kind-worker', t)).toContain(':KUBE-PROXY-CANARY - [0:0]');
  });

  it('[KP-22] a flushed table brings the canary down and a full resync restores the jumps', () => {
    const { sim, net, proxies } = boot();
    const p = proxies.proxier('kind-worker')!;
    for (const t of ['mangle', 'nat', 'filter']) iptables(net, 'kind-worker', '-t', t, '-X', 'KUBE-PROXY-CANARY');
    iptables(net, 'kind-worker', '-t', 'nat', '-F', 'PREROUTING');
    sim.advance(31_000);
    expect(p.lastSync!.full).toBe(true);
    expect(p.lastSync!.reason).toBe('canary');
    expect(kubeJumps(saved(net, 'kind-worker', 'nat'), 'PREROUTING')).toHaveLength(1);
    expect(saved(net, 'kind-worker', 'mangle')).toContain(':KUBE-PROXY-CANARY - [0:0]');
  });

  it('[KP-22] a change of the node labels forces a full sync', () => {
    const { sim, proxies } = boot();
    const p = proxies.proxier('kind-worker')!;
    const node = sim.api.get<Node>('nodes', '', 'kind-worker')!;
    sim.api.update('nodes', { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, 'topology.kubernetes.io/zone': 'a' } } }, { actor: 'kubectl' });
    sim.settle();
    expect(p.lastSync!.full).toBe(true);
    expect(p.lastSync!.reason).toBe('node-labels');
  });

  it('[KP-23] a failed restore is logged and the next sync — the next change, or syncPeriod later — is full', () => {
    const { sim, net, proxies } = boot();
    const p = proxies.proxier('kind-worker')!;
    // Plant references to auth-service's endpoint chains in kube-dns's chain, which a partial
    // sync does not rewrite (the absurd scenario of TestSyncProxyRulesRepeated).
    const dns = `KUBE-SVC-${portProtoHash('kube-system/kube-dns:dns-tcp', 'tcp')}`;
    const auth = `KUBE-SVC-${portProtoHash('default/auth-service:http', 'tcp')}`;
    const seps = rulesOf(saved(net, 'kind-worker', 'nat'), auth).map((r) => r.split(' -j ')[1]!).filter((c) => c.startsWith('KUBE-SEP-'));
    expect(seps).toHaveLength(3);
    for (const sep of seps) iptables(net, 'kind-worker', '-t', 'nat', '-A', dns, '-j', sep);
    const d = sim.api.get<Deployment>('deployments', 'default', 'auth-service')!;
    sim.api.update('deployments', { ...d, spec: { ...d.spec, replicas: 2 } }, { actor: 'kubectl' });
    sim.settle();
    const failed = p.history.find((s) => !s.ok)!;
    expect(failed.full).toBe(false);
    const recovered = p.history[p.history.indexOf(failed) + 1]!;
    expect(recovered.full).toBe(true);
    expect(recovered.reason).toBe('failed-restore');
    expect(recovered.ok).toBe(true);
    // The endpoint's removal (grace period over) triggered it before the 30 s retry.
    expect(recovered.at - failed.at).toBeLessThanOrEqual(30_000);
    expect(recovered.chainsDeleted).toHaveLength(1);
    const log = logOf(sim, 'kind-worker');
    expect(log.some((l) => /^E\d{4} [\d:.]+ +1 proxier\.go:\d+\] "Failed to execute iptables-restore" err=<$/.test(l.split('\n')[0]!))).toBe(true);
    expect(log.some((l) => /"Sync failed" ipFamily="IPv4" retryingTime="30s"$/.test(l))).toBe(true);
  });

  it('a deleted kube-proxy pod leaves its rules; its replacement starts with a full sync', () => {
    const { sim, net, proxies } = boot();
    const old = kubeProxyPod(sim, 'kind-worker');
    const before = proxies.proxier('kind-worker')!;
    sim.api.delete('pods', 'kube-system', old.metadata.name!, { actor: 'kubectl', gracePeriodSeconds: 0 });
    expect(saved(net, 'kind-worker', 'nat')).toContain(':KUBE-SERVICES - [');
    sim.settle();
    const after = proxies.proxier('kind-worker')!;
    expect(after).not.toBe(before);
    expect(after.history[0]!.full).toBe(true);
    expect(kubeProxyPod(sim, 'kind-worker').metadata.name).not.toBe(old.metadata.name);
    expect(logOf(sim, 'kind-worker')[0]).toMatch(/server_linux\.go:63\] "Using iptables proxy"$/);
  });

  it('a UDP endpoint that goes away takes its conntrack flows with it (conntrack.CleanStaleEntries)', () => {
    const { sim, net } = boot();
    const client = sim.api.get<Pod>('pods', 'default', 'client')!;
    const node = client.spec.nodeName!;
    const trace = net.connect({ from: { pod: { namespace: 'default', name: 'client' } }, to: '10.96.0.10', port: 53, proto: 'udp' });
    expect(trace.outcome).toBe('connected');
    const endpoint = trace.destination!.ip;
    const flows = () => net.kernel(node)!.conntrack.list().filter((f) => f.proto === 'udp' && f.original.dst === '10.96.0.10');
    expect(flows().map((f) => f.reply.src)).toEqual([endpoint]);
    const dnsPod = sim.api.list<Pod>('pods', 'kube-system').find((p) => p.status.podIP === endpoint)!;
    sim.api.delete('pods', 'kube-system', dnsPod.metadata.name!, { actor: 'kubectl', gracePeriodSeconds: 0 });
    sim.settle();
    expect(flows()).toEqual([]);
  });
});
