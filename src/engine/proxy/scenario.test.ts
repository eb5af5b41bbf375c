// kube-proxy in the default scenario (a fresh kind cluster with auth-service behind a
// ClusterIP Service): what kind-worker's proxier writes, and the partial sync a scale-up causes.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment, Node } from '../api/types.ts';
import { createSimulation, type Simulation } from '../index.ts';
import { portProtoHash } from './chainNames.ts';
import { startKubeProxies, type KubeProxies } from './index.ts';

const scenarioText = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');
const AUTH = portProtoHash('default/auth-service:http', 'tcp');

function boot(text = scenarioText): { sim: Simulation; proxies: KubeProxies } {
  // kubeProxy: false where createSimulation starts kube-proxy itself: this test starts its own.
  const options = { scenario: text, settle: false, kubeProxy: false };
  const r = createSimulation(options);
  if (!r.ok) throw new Error(r.error);
  const sim = r.sim;
  const proxies = startKubeProxies(
    { api: sim.api, clock: sim.clock, scheduler: sim.scheduler, rng: sim.rng, journal: sim.journal },
    { kernel: () => undefined, logs: sim.logs },
  );
  expect(sim.settle().quiet).toBe(true);
  return { sim, proxies };
}

const svcRules = (payload: string): string[] => payload.split('\n').filter((l) => l.startsWith(`-A KUBE-SVC-${AUTH} `));

describe('kube-proxy in the default scenario', () => {
  it('[KP-1] [KP-16] [KP-17] kind-worker balances auth-service over three KUBE-SEP chains', () => {
    const { proxies } = boot();
    const last = proxies.proxier('kind-worker')!.lastSync!;
    expect(last.ok).toBe(true);
    expect(last.payload).toContain(`:KUBE-SVC-${AUTH} - [0:0]\n`);
    const rules = svcRules(last.payload);
    expect(rules).toHaveLength(4);
    expect(rules[0]).toMatch(/-m comment --comment "default\/auth-service:http cluster IP" -m tcp -p tcp -d 10\.96\.\d+\.\d+ --dport 8080 ! -s 10\.244\.0\.0\/16 -j KUBE-MARK-MASQ$/);
    expect(rules[1]).toMatch(/ -m statistic --mode random --probability 0\.3333333333 -j KUBE-SEP-[A-Z2-7]{16}$/);
    expect(rules[2]).toMatch(/ -m statistic --mode random --probability 0\.5000000000 -j KUBE-SEP-[A-Z2-7]{16}$/);
    expect(rules[3]).not.toContain('statistic');
    const seps = rules.slice(1).map((r) => r.split(' -j ')[1]!);
    for (const sep of seps) expect(last.payload).toContain(`:${sep} - [0:0]\n`);
  });

  it('[KP-22] scaling auth-service to 4 gives a partial sync rewriting only its chains', () => {
    const { sim, proxies } = boot();
    const p = proxies.proxier('kind-worker')!;
    const before = p.history.length;
    const d = sim.api.get<Deployment>('deployments', 'default', 'auth-service')!;
    expect(sim.api.update('deployments', { ...d, spec: { ...d.spec, replicas: 4 } }, { actor: 'kubectl' }).ok).toBe(true);
    sim.settle();
    const syncs = p.history.slice(before);
    expect(syncs.length).toBeGreaterThan(0);
    const four = syncs.find((s) => svcRules(s.payload).length === 5)!;
    expect(four.full).toBe(false);
    expect(four.servicesWritten).toEqual(['default/auth-service']);
    const own = four.chainsWritten.filter((c) => /^KUBE-(SVC|SVL|SEP|EXT|FW)-/.test(c));
    expect(own).toContain(`KUBE-SVC-${AUTH}`);
    expect(own.filter((c) => c.startsWith('KUBE-SEP-'))).toHaveLength(4);
    expect(own).toHaveLength(5);
    // Every per-service rule in the payload belongs to auth-service.
    const nat = four.payload.split('*nat\n')[1]!;
    for (const line of nat.split('\n').filter((l) => /^-A KUBE-(SVC|SEP)-/.test(l))) expect(line).toContain('default/auth-service:http');
    const journal = sim.journal.since().filter((e) => e.type === 'controller' && e.controller === 'kube-proxy/kind-worker');
    expect(journal.length).toBeGreaterThan(0);
    const entry = journal.find((e) => e.type === 'controller' && e.at === four.at)!;
    expect(entry.type === 'controller' && entry.detail).toMatch(new RegExp(`^partial, \\d+ rules, ${four.payload.length} bytes, chains: KUBE-SEP-`));
  });

  it('[KP-22] with --v=2 the sync is visible in the kube-proxy log', () => {
    const text = scenarioText.replace('- --hostname-override=$(NODE_NAME)', '- --hostname-override=$(NODE_NAME)\n        - --v=2');
    expect(text).not.toBe(scenarioText);
    const { sim } = boot(text);
    const pod = sim.api.list('pods', 'kube-system').find((x) => x.metadata.name?.startsWith('kube-proxy') && (x.spec as { nodeName?: string }).nodeName === 'kind-worker')!;
    const lines = sim.logs.read('kube-system', pod.metadata.name!, 'kube-proxy')!.map((l) => l.text);
    expect(lines[0]).toMatch(/^I1121 09:00:\d\d\.\d{6}       1 server_linux\.go:63\] "Using iptables proxy"$/);
    expect(lines.some((l) => /proxier\.go:\d+\] "Syncing iptables rules" ipFamily="IPv4" fullSync=true$/.test(l))).toBe(true);
    expect(lines.some((l) => /proxier\.go:\d+\] "SyncProxyRules complete" ipFamily="IPv4" elapsed="[\d.]+ms"$/.test(l))).toBe(true);
    expect(lines.some((l) => /"Syncing iptables rules" ipFamily="IPv4" fullSync=false$/.test(l))).toBe(true);
  });

  it('[KP-18] --nodeport-addresses without --config: one KUBE-NODEPORTS jump per matching interface address', () => {
    const text = scenarioText.replace('- --config=/var/lib/kube-proxy/config.conf', '- --nodeport-addresses=172.18.0.0/16,fc00::/7');
    expect(text).not.toBe(scenarioText);
    const r = createSimulation({ scenario: text });
    if (!r.ok) throw new Error(r.error);
    const node = r.sim.api.get<Node>('nodes', '', 'kind-worker')!;
    const ip = node.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
    const payload = r.sim.kubeProxies!.proxier('kind-worker')!.lastSync!.payload;
    // eth0 is in 172.18.0.0/16; the pod veths' 10.244.x.1 and lo are not.
    expect(payload.split('\n').filter((l) => l.includes('must be the last rule'))).toEqual([
      `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d ${ip} -j KUBE-NODEPORTS`,
    ]);
  });

  it('[KP-18] --nodeport-addresses next to --config (kind\'s DaemonSet) changes nothing', () => {
    const text = scenarioText.replace('- --hostname-override=$(NODE_NAME)', '- --hostname-override=$(NODE_NAME)\n        - --nodeport-addresses=primary');
    expect(text).not.toBe(scenarioText);
    const r = createSimulation({ scenario: text });
    if (!r.ok) throw new Error(r.error);
    const payload = r.sim.kubeProxies!.proxier('kind-worker')!.lastSync!.payload;
    expect(payload.split('\n').filter((l) => l.includes('must be the last rule'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ]);
  });
});
