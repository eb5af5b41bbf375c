// Issue acceptance for the data plane, through the shell as a person would type it.
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../src/engine/api/types.ts';
import { endpointChain, servicePortChain } from '../../src/engine/proxy/chainNames.ts';
import { TestSim } from '../support/sim.ts';

const SPN = 'default/auth-service:http';

describe('kube-proxy on kind-worker in the default scenario', () => {
  it('[KP-1][KP-16][NF-1] iptables-save -t nat | grep auth-service shows the SVC chain, three SEPs and kernel-printed probabilities', () => {
    const t = new TestSim();
    t.exec('docker exec kind-worker iptables-save -t nat | grep auth-service');
    const svc = servicePortChain(SPN, 'tcp');
    expect(svc).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/);
    const lines = t.last.stdout.trimEnd().split('\n');
    const toSep = lines.filter((l) => l.startsWith(`-A ${svc} `) && l.includes('-j KUBE-SEP-'));
    expect(toSep).toHaveLength(3);
    expect(toSep[0]).toContain('-m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-');
    expect(toSep[1]).toContain('-m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-');
    expect(toSep[2]).not.toContain('statistic');
    // The SEP chains are the KP-2 hashes of the three endpoints, in string order (KP-17).
    const eps = t.sim.api
      .list<EndpointSlice>('endpointslices', 'default', (s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'auth-service')
      .flatMap((s) => (s.endpoints ?? []).map((e) => `${e.addresses[0]}:8080`))
      .sort();
    expect(toSep.map((l) => /-j (KUBE-SEP-\S+)/.exec(l)![1])).toEqual(eps.map((e) => endpointChain(SPN, 'tcp', e)));
    expect(lines).toContain(`-A KUBE-SERVICES -d ${t.sim.api.get<Service>('services', 'default', 'auth-service')!.spec.clusterIP}/32 -p tcp -m comment --comment "${SPN} cluster IP" -m tcp --dport 8080 -j ${svc}`);
  });

  it('[KP-22] scaling to 4 replicas: kube-proxy logs a partial sync that rewrote only auth-service chains', () => {
    const t = new TestSim();
    const mark = t.sim.journal.lastSeq();
    t.exec('kubectl scale deploy auth-service --replicas=4');
    const syncs = t.sim.journal.since(mark).filter((e) => e.type === 'controller' && e.controller === 'kube-proxy/kind-worker');
    expect(syncs.length).toBeGreaterThan(0);
    const eps = t.sim.api
      .list<EndpointSlice>('endpointslices', 'default', (s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'auth-service')
      .flatMap((s) => (s.endpoints ?? []).map((e) => `${e.addresses[0]}:8080`));
    expect(eps).toHaveLength(4);
    const allowed = new Set([servicePortChain(SPN, 'tcp'), ...eps.map((e) => endpointChain(SPN, 'tcp', e))]);
    for (const s of syncs) {
      expect(s.type === 'controller' && s.detail).toMatch(/^partial, /);
      const chains = /chains: (.*)$/.exec(s.type === 'controller' ? (s.detail ?? '') : '')![1]!.split(', ');
      for (const c of chains) expect(allowed.has(c)).toBe(true);
    }
    const proxyPod = t.sim.api.list('pods', 'kube-system').find((p) => p.metadata.name?.startsWith('kube-proxy-') && (p.spec as { nodeName?: string }).nodeName === 'kind-worker')!;
    t.exec(`kubectl -n kube-system logs ${proxyPod.metadata.name} --since=10s`);
    expect(t.last.stdout).toMatch(/^I\d{4} \d\d:\d\d:\d\d\.\d{6}\s+1 proxier\.go:\d+\] "Syncing iptables rules" ipFamily="IPv4" fullSync=false$/m);
    expect(t.last.stdout).not.toContain('fullSync=true');
  });

  it('[NF-3][EP-4] trace from the client pod to the ClusterIP ends at a ready auth-service pod, unmasqueraded', () => {
    const t = new TestSim();
    const ip = t.sim.api.get<Service>('services', 'default', 'auth-service')!.spec.clusterIP;
    t.exec(`trace pod/client ${ip}:8080 --json`);
    const r = JSON.parse(t.last.stdout) as { verdict: string; destination: string; masquerade: boolean };
    expect(r.verdict).toBe('DNAT');
    expect(r.masquerade).toBe(false);
    const podIPs = t.sim.api.list('pods', 'default').filter((p) => p.metadata.labels?.app === 'auth-service').map((p) => `${(p.status as { podIP: string }).podIP}:8080`);
    expect(podIPs).toContain(r.destination);
  });
});
