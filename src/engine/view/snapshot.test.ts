import { describe, expect, it } from 'vitest';
import { TestSim, defaultSim } from '../../../test/support/sim.ts';
import type { Pod } from '../api/types.ts';
import { podState } from './objects.ts';
import { snapshotOf } from './snapshot.ts';

describe('snapshotOf (default scenario, seed 1)', () => {
  const sim = defaultSim(1);
  const snap = snapshotOf(sim, 7, { scenarioId: 'default' });

  it('names the scenario, the version and the virtual time', () => {
    expect(snap.version).toBe(7);
    expect(snap.now).toBe(25_000);
    expect(snap.scenario).toEqual({ id: 'default', name: 'default', description: 'A fresh kind cluster with auth-service (3 replicas) behind a ClusterIP Service and a client pod.' });
  });

  it('lists the three kind nodes with their addresses and pod CIDRs', () => {
    expect(snap.nodes).toEqual([
      { name: 'kind-control-plane', ip: '172.18.0.2', podCIDR: '10.244.0.0/24', ready: true, roles: ['control-plane'] },
      { name: 'kind-worker', ip: '172.18.0.3', podCIDR: '10.244.1.0/24', ready: true, roles: [] },
      { name: 'kind-worker2', ip: '172.18.0.4', podCIDR: '10.244.2.0/24', ready: true, roles: [] },
    ]);
  });

  it('auth-service has one slice with 3 ready endpoints on kind-worker/kind-worker2', () => {
    const slices = snap.slices.filter((s) => s.service === 'auth-service');
    expect(slices).toHaveLength(1);
    const s = slices[0]!;
    expect(s.name).toBe('auth-service-z62c4');
    expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(s.endpoints).toEqual([
      { ip: '10.244.1.2', pod: 'default/auth-service-7b86fcccfd-7fz7f', node: 'kind-worker', ready: true, serving: true, terminating: false },
      { ip: '10.244.1.3', pod: 'default/auth-service-7b86fcccfd-fnkgq', node: 'kind-worker', ready: true, serving: true, terminating: false },
      { ip: '10.244.2.3', pod: 'default/auth-service-7b86fcccfd-4z4pm', node: 'kind-worker2', ready: true, serving: true, terminating: false },
    ]);
    // The size the journal recorded for the write that stored this version.
    const write = sim.journal.since().filter((e) => e.type === 'write' && e.resource === 'endpointslices' && e.name === s.name).at(-1);
    expect(write && write.type === 'write' && write.bytes).toBe(s.bytes);
    expect(s.bytes).toBe(1530);
  });

  it('legacy Endpoints carry ready/not-ready counts and their stored size', () => {
    expect(snap.endpoints.find((e) => e.name === 'auth-service')).toEqual({ namespace: 'default', name: 'auth-service', resourceVersion: '133', ready: 3, notReady: 0, bytes: 947 });
  });

  it('services, pods and owners', () => {
    expect(snap.services.find((s) => s.name === 'auth-service')).toEqual({
      namespace: 'default', name: 'auth-service', type: 'ClusterIP', clusterIP: '10.96.241.179',
      ports: [{ name: 'http', protocol: 'TCP', port: 8080, targetPort: '8080' }],
      selector: { app: 'auth-service' }, externalIPs: [], loadBalancerIPs: [],
    });
    const pods = snap.pods.filter((p) => p.namespace === 'default').map((p) => [p.name, p.state, p.node, p.ip, p.owner]);
    expect(pods).toEqual([
      ['auth-service-7b86fcccfd-4z4pm', 'ready', 'kind-worker2', '10.244.2.3', 'ReplicaSet/auth-service-7b86fcccfd'],
      ['auth-service-7b86fcccfd-7fz7f', 'ready', 'kind-worker', '10.244.1.2', 'ReplicaSet/auth-service-7b86fcccfd'],
      ['auth-service-7b86fcccfd-fnkgq', 'ready', 'kind-worker', '10.244.1.3', 'ReplicaSet/auth-service-7b86fcccfd'],
      ['client', 'ready', 'kind-worker2', '10.244.2.2', undefined],
    ]);
  });

  it("each node's last kube-proxy sync", () => {
    expect(Object.keys(snap.syncs)).toEqual(['kind-control-plane', 'kind-worker', 'kind-worker2']);
    const s = snap.syncs['kind-worker']!;
    expect([s.at, s.full, s.ok, s.servicesWritten, s.rules]).toEqual([25_000, false, true, ['default/auth-service'], 24]);
  });

  it('is plain data (survives structured clone unchanged)', () => {
    expect(structuredClone(snap)).toEqual(snap);
  });
});

describe('pod states', () => {
  it('pending, not-ready, ready and terminating as a new replica starts and an old one goes', () => {
    const t = new TestSim(1);
    const states = (): Record<string, string> =>
      Object.fromEntries(t.sim.api.list<Pod>('pods', 'default').map((p) => [p.metadata.name, podState(p)]));
    t.shell.execute('kubectl scale deploy auth-service --replicas=4');
    t.sim.advance(1);
    expect(states()['auth-service-7b86fcccfd-zjmdq']).toBe('pending');
    t.sim.advance(2_000); // Running at 26.3 s, Ready at 30 s
    expect(states()['auth-service-7b86fcccfd-zjmdq']).toBe('not-ready');
    t.sim.settle();
    expect(states()['auth-service-7b86fcccfd-zjmdq']).toBe('ready');
    t.shell.execute('kubectl delete pod auth-service-7b86fcccfd-zjmdq --wait=false');
    expect(states()['auth-service-7b86fcccfd-zjmdq']).toBe('terminating');
  });
});
