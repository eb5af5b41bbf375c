import { describe, expect, it } from 'vitest';
import type { Endpoints, Pod } from '../../api/types.ts';
import type { Stamped } from '../../sim/journal.ts';
import { makePod, makeService, newCluster } from '../endpointslice/testkit.ts';
import { startEndpointsController } from './controller.ts';

function setup(before?: (c: ReturnType<typeof newCluster>) => void) {
  const c = newCluster();
  before?.(c);
  startEndpointsController(c);
  const ep = (name = 'foo') => c.api.get<Endpoints>('endpoints', 'default', name);
  const writes = (since = 0) =>
    c.journal
      .since(since)
      .filter((e): e is Extract<Stamped, { type: 'write' }> => e.type === 'write' && e.resource === 'endpoints')
      .map((e) => `${e.actor} ${e.verb} ${e.name}`);
  return { ...c, ep, writes };
}

const addr = (c: ReturnType<typeof newCluster>, i: number) => ({
  ip: `10.244.0.${i + 2}`,
  nodeName: 'node-1',
  targetRef: { kind: 'Pod', namespace: 'default', name: `pod${i}`, uid: c.api.get<Pod>('pods', 'default', `pod${i}`)!.metadata.uid },
});

describe('Endpoints controller (ES-5)', () => {
  it('[ES-5] one Endpoints named like the Service: ready → addresses, unready → notReadyAddresses', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('pods', makePod(0));
    c.create('pods', makePod(1, { ready: false }));
    c.create('pods', makePod(2));
    c.scheduler.settle(60_000);
    const ep = c.ep()!;
    const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...meta } = ep.metadata;
    expect(JSON.stringify({ ...ep, metadata: meta })).toBe(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'foo', namespace: 'default', annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-21T09:00:00Z' } },
        subsets: [{ addresses: [addr(c, 0), addr(c, 2)], notReadyAddresses: [addr(c, 1)], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
      }),
    );
    expect(c.writes()).toEqual(['endpoint-controller create foo']);
  });

  it('[ES-5] terminating pods are excluded, unless the Service publishes not-ready addresses', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('services', makeService('pub', { selector: { app: 'foo' }, publishNotReadyAddresses: true }));
    c.create('pods', makePod(0));
    c.create('pods', makePod(1, { ready: false }));
    c.scheduler.settle(60_000);
    c.api.delete('pods', 'default', 'pod0', { actor: 'test', gracePeriodSeconds: 30 });
    c.scheduler.settle(60_000);
    expect(c.ep('foo')!.subsets).toEqual([{ notReadyAddresses: [addr(c, 1)], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }]);
    expect(c.ep('pub')!.subsets).toEqual([{ addresses: [addr(c, 0), addr(c, 1)], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }]);
  });

  it('[ES-4][ES-5] a change rewrites the whole object; changes that do not matter write nothing', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    for (let i = 0; i < 250; i++) c.create('pods', makePod(i));
    c.scheduler.settle(60_000);
    let before = c.journal.lastSeq();
    const pod = c.api.get<Pod>('pods', 'default', 'pod7')!;
    c.api.update('pods', { ...pod, metadata: { ...pod.metadata, annotations: { touched: 'yes' } } }, { actor: 'test' });
    c.scheduler.settle(60_000);
    expect(c.writes(before)).toEqual([]);

    before = c.journal.lastSeq();
    c.api.delete('pods', 'default', 'pod7', { actor: 'test', gracePeriodSeconds: 0 });
    c.scheduler.settle(60_000);
    expect(c.writes(before)).toEqual(['endpoint-controller update foo']);
    const write = c.journal.since(before).find((e) => e.type === 'write' && e.resource === 'endpoints')!;
    // The whole object goes over the wire: all 249 addresses.
    expect(write.type === 'write' && write.bytes).toBe(JSON.stringify(c.ep()).length);
    expect(c.ep()!.subsets![0]!.addresses!.length).toBe(249);
  });

  it('[ES-5] capped at 1000 addresses with endpoints.kubernetes.io/over-capacity: truncated', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    for (let i = 0; i < 1001; i++) c.create('pods', makePod(i));
    c.scheduler.settle(60_000);
    const ep = c.ep()!;
    expect(ep.subsets![0]!.addresses!.length).toBe(1000);
    expect(ep.metadata.annotations!['endpoints.kubernetes.io/over-capacity']).toBe('truncated');
    c.api.delete('pods', 'default', 'pod5', { actor: 'test', gracePeriodSeconds: 0 });
    c.scheduler.settle(60_000);
    expect(c.ep()!.metadata.annotations?.['endpoints.kubernetes.io/over-capacity']).toBeUndefined();
    expect(c.ep()!.subsets![0]!.addresses!.length).toBe(1000);
  });

  it('[ES-5] labels copied from the Service, plus service.kubernetes.io/headless for headless ones', () => {
    const c = setup();
    c.create('services', makeService('foo', { clusterIP: 'None', clusterIPs: ['None'], labels: { team: 'a' } }));
    c.scheduler.settle(60_000);
    expect(c.ep()!.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '', team: 'a' });
    expect(c.ep()!.subsets).toBeUndefined();
  });

  it('[ES-5] follows its Service: deleted with it, recreated when deleted alone', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('pods', makePod(0));
    c.scheduler.settle(60_000);
    c.api.delete('endpoints', 'default', 'foo', { actor: 'kubectl' });
    c.scheduler.settle(60_000);
    expect(c.ep()!.subsets![0]!.addresses).toEqual([addr(c, 0)]);
    c.api.delete('services', 'default', 'foo', { actor: 'kubectl' });
    c.scheduler.settle(60_000);
    expect(c.ep()).toBeUndefined();
  });

  it('[ES-5] selector-less Services keep their own Endpoints; orphans are removed at start', () => {
    const c = setup((cl) => {
      const manual = makeService('manual');
      delete manual.spec.selector;
      cl.create('services', manual);
      cl.create('endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'manual', namespace: 'default' }, subsets: [{ addresses: [{ ip: '192.0.2.1' }], ports: [{ port: 5432, protocol: 'TCP' }] }] });
      cl.create('endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'orphan', namespace: 'default' } });
    });
    c.scheduler.settle(60_000);
    expect(c.ep('manual')!.subsets).toEqual([{ addresses: [{ ip: '192.0.2.1' }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
    expect(c.ep('orphan')).toBeUndefined();
    expect(c.writes()).toContain('endpoint-controller delete orphan');
  });

  it('[ES-5] pods whose port does not resolve are left out; multi-port services list every port', () => {
    const c = setup();
    c.create('services', makeService('foo', { ports: [{ name: 'web', protocol: 'TCP', port: 80, targetPort: 'http' }, { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 9090 }] }));
    c.create('pods', makePod(0));
    c.scheduler.settle(60_000);
    const ports = c.ep()!.subsets![0]!.ports!;
    expect(ports.map((p) => `${p.name}:${p.port}`).sort()).toEqual(['metrics:9090', 'web:8080']);
  });
});
