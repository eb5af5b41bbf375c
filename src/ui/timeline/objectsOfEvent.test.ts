import { describe, expect, it } from 'vitest';
import type { PacketView, SimEvent, WorldSnapshot } from '../../engine/view/types.ts';
import { objectKey, objectsOfEvent } from './objectsOfEvent.ts';

describe('objectsOfEvent', () => {
  it('write events name their object by resource', () => {
    const base = { kind: 'write', seq: 1, at: 0, verb: 'update', bytes: 1, actor: 'x' } as const;
    expect(objectsOfEvent({ ...base, resource: 'pods', namespace: 'default', name: 'a' })).toEqual(['pod/default/a']);
    expect(objectsOfEvent({ ...base, resource: 'endpointslices', namespace: 'default', name: 'a-xxxxx' })).toEqual(['slice/default/a-xxxxx']);
    expect(objectsOfEvent({ ...base, resource: 'services', namespace: 'default', name: 'a' })).toEqual(['svc/default/a']);
    expect(objectsOfEvent({ ...base, resource: 'endpoints', namespace: 'default', name: 'a' })).toEqual(['endpoints/default/a']);
    expect(objectsOfEvent({ ...base, resource: 'nodes', namespace: '', name: 'kind-worker' })).toEqual(['node/kind-worker']);
    expect(objectKey('replicasets', 'default', 'r')).toBe('replicaset/default/r');
  });

  it('pod events name the pod and its node', () => {
    expect(objectsOfEvent({ kind: 'pod', seq: 1, at: 0, namespace: 'default', name: 'p', phase: 'Running', node: 'kind-worker' })).toEqual(['pod/default/p', 'node/kind-worker']);
  });

  it('slice events name the slice, the Service and the pods added/removed (IPs via the snapshot)', () => {
    const e: SimEvent = { kind: 'slice', seq: 1, at: 0, namespace: 'default', name: 'auth-service-x7k2p', service: 'auth-service', verb: 'update', added: ['default/p1', '10.244.1.7'], removed: ['default/p2'], bytes: 10 };
    expect(objectsOfEvent(e)).toEqual(['slice/default/auth-service-x7k2p', 'svc/default/auth-service', 'pod/default/p1', 'pod/default/p2']);
    const snapshot = { pods: [{ namespace: 'default', name: 'p3', ip: '10.244.1.7' }] } as unknown as WorldSnapshot;
    expect(objectsOfEvent(e, snapshot)).toContain('pod/default/p3');
  });

  it('sync events name the node, Services (port stripped) and chains written', () => {
    const e: SimEvent = {
      kind: 'sync', seq: 1, at: 0,
      sync: { node: 'kind-worker', at: 0, full: false, ok: true, chainsWritten: ['KUBE-SERVICES', 'KUBE-SVC-ABC'], chainsDeleted: [], servicesWritten: ['default/auth-service:http'], rules: 9 },
    };
    expect(objectsOfEvent(e)).toEqual(['node/kind-worker', 'svc/default/auth-service', 'chain/kind-worker/KUBE-SERVICES', 'chain/kind-worker/KUBE-SVC-ABC']);
  });

  it('packet events name client, Service, destination pod and every chain hit on its node', () => {
    const h = { src: '10.244.1.2', sport: 40000, dst: '10.96.0.10', dport: 8080, proto: 'tcp', mark: 0 };
    const packet: PacketView = {
      id: 7, at: 0, source: 'traffic', from: 'default/client', to: '10.96.0.10:8080', proto: 'tcp', outcome: 'connected',
      destination: { ip: '10.244.2.5', port: 8080, pod: 'default/auth-1' }, masqueraded: false, service: 'default/auth-service', sepChain: 'KUBE-SEP-XYZ',
      hops: [
        { packet: 'SYN', direction: 'original', host: 'pod/default/client', hostKind: 'pod', node: 'kind-worker', step: 'transmit', hits: [], before: h, after: h },
        { packet: 'SYN', direction: 'original', host: 'kind-worker', hostKind: 'node', node: 'kind-worker', step: 'hook', hook: 'PREROUTING',
          hits: [{ table: 'nat', chain: 'PREROUTING', rule: 1, type: 'rule' }, { table: 'nat', chain: 'KUBE-SERVICES', rule: 3, type: 'rule' }, { table: 'nat', chain: 'KUBE-SEP-XYZ', rule: 2, type: 'rule', verdict: 'DNAT' }],
          before: h, after: { ...h, dst: '10.244.2.5' } },
      ],
    };
    expect(objectsOfEvent({ kind: 'packet', seq: 1, at: 0, packet })).toEqual([
      'pod/default/client', 'svc/default/auth-service', 'pod/default/auth-1', 'chain/kind-worker/KUBE-SEP-XYZ',
      'chain/kind-worker/PREROUTING', 'chain/kind-worker/KUBE-SERVICES',
    ]);
  });

  it('notes name nothing', () => {
    expect(objectsOfEvent({ kind: 'note', seq: 1, at: 0, source: 'x', message: 'y' })).toEqual([]);
  });
});
