import { describe, expect, it } from 'vitest';
import type { EndpointSlice, KubeObject, Pod, Service } from '../../api/types.ts';
import type { Stamped } from '../../sim/journal.ts';
import { startEndpointSliceController } from './controller.ts';
import { type TestCluster, makePod, makeService, newCluster } from './testkit.ts';

function setup(opts?: { maxEndpointsPerSlice?: number }): TestCluster & { slices(name?: string): EndpointSlice[]; sliceWrites(since?: number): string[] } {
  const c = newCluster();
  startEndpointSliceController(c, opts);
  const slices = (name = 'foo') => c.api.list<EndpointSlice>('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
  const sliceWrites = (since = 0) =>
    c.journal
      .since(since)
      .filter((e): e is Extract<Stamped, { type: 'write' }> => e.type === 'write' && e.resource === 'endpointslices')
      .map((e) => `${e.actor} ${e.verb} ${e.name}`);
  return { ...c, slices, sliceWrites };
}

const withoutServerFields = (o: KubeObject) => {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...meta } = o.metadata;
  return { ...o, metadata: meta };
};

describe('EndpointSlice controller against the API server', () => {
  it('[ES-1] a Service with ready pods gets one slice: generated name, labels, owner, endpoints', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    for (let i = 0; i < 3; i++) c.create('pods', makePod(i));
    c.scheduler.settle(60_000);
    const [slice, ...rest] = c.slices();
    expect(rest).toEqual([]);
    expect(slice!.metadata.name).toMatch(/^foo-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(withoutServerFields(slice!)).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: slice!.metadata.name,
        generateName: 'foo-',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'foo' },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-21T09:00:00Z' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'foo', uid: c.api.get<Service>('services', 'default', 'foo')!.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: [0, 1, 2].map((i) => ({
        addresses: [`10.244.0.${i + 2}`],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: `pod${i}`, uid: c.api.get<Pod>('pods', 'default', `pod${i}`)!.metadata.uid },
        nodeName: 'node-1',
      })),
      ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
    });
    // The service and its pods arrived in one instant: one create, nothing else.
    expect(c.sliceWrites()).toEqual([`endpointslice-controller create ${slice!.metadata.name}`]);
  });

  it('[ES-1] a Service without endpoints gets the placeholder slice (endpoints: null, ports: null)', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.scheduler.settle(60_000);
    const [slice] = c.slices();
    expect(slice!.endpoints).toBeNull();
    expect(slice!.ports).toBeNull();
    expect(slice!.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-21T09:00:00Z' });
  });

  it('[ES-2] a pod turning unready updates its endpoint in place, with the pod\'s trigger time', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('pods', makePod(0));
    c.scheduler.settle(60_000);
    const before = c.journal.lastSeq();
    const pod = c.api.get<Pod>('pods', 'default', 'pod0')!;
    c.api.updateStatus('pods', { ...pod, status: makePod(0, { ready: false, readySince: '2026-11-21T09:00:30Z' }).status }, { actor: 'kubelet' });
    c.scheduler.settle(60_000);
    const [slice] = c.slices();
    expect(c.sliceWrites(before)).toEqual([`endpointslice-controller update ${slice!.metadata.name}`]);
    expect(slice!.endpoints![0]!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(slice!.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-21T09:00:30Z' });
  });

  it('[ES-2] a terminating pod stays listed (terminating, not ready), then goes', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('pods', makePod(0));
    c.create('pods', makePod(1));
    c.scheduler.settle(60_000);
    c.api.delete('pods', 'default', 'pod1', { actor: 'test', gracePeriodSeconds: 30 });
    c.scheduler.settle(60_000);
    expect(c.slices()[0]!.endpoints!.map((e) => [e.targetRef!.name, e.conditions])).toEqual([
      ['pod0', { ready: true, serving: true, terminating: false }],
      ['pod1', { ready: false, serving: true, terminating: true }],
    ]);
    c.api.delete('pods', 'default', 'pod1', { actor: 'test', gracePeriodSeconds: 0 });
    c.scheduler.settle(60_000);
    expect(c.slices()[0]!.endpoints!.map((e) => e.targetRef!.name)).toEqual(['pod0']);
  });

  it('[ES-4] 250 pods → {100,100,50}; deleting one pod updates exactly one slice', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    for (let i = 0; i < 250; i++) c.create('pods', makePod(i));
    c.scheduler.settle(60_000);
    expect(c.slices().map((s) => s.endpoints!.length).sort()).toEqual([100, 100, 50]);
    expect(c.sliceWrites().filter((w) => w.includes(' create ')).length).toBe(3);
    const before = c.journal.lastSeq();
    const victim = c.slices().find((s) => s.endpoints!.some((e) => e.targetRef!.name === 'pod42'))!;
    c.api.delete('pods', 'default', 'pod42', { actor: 'test', gracePeriodSeconds: 0 });
    c.scheduler.settle(60_000);
    expect(c.sliceWrites(before)).toEqual([`endpointslice-controller update ${victim.metadata.name}`]);
  });

  it('[ES-1] maxEndpointsPerSlice is honoured', () => {
    const c = setup({ maxEndpointsPerSlice: 2 });
    c.create('services', makeService('foo'));
    for (let i = 0; i < 5; i++) c.create('pods', makePod(i));
    c.scheduler.settle(60_000);
    expect(c.slices().map((s) => s.endpoints!.length).sort()).toEqual([1, 2, 2]);
  });

  it('[ES-3] a slice edited by someone else is put back 1s later; our own writes cause no resync', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('pods', makePod(0));
    c.create('pods', makePod(1));
    expect(c.scheduler.settle(60_000).quiet).toBe(true);
    const [slice] = c.slices();
    const t0 = c.clock.now();
    c.api.update('endpointslices', { ...slice!, endpoints: slice!.endpoints!.slice(0, 1) }, { actor: 'kubectl' });
    c.scheduler.settle(60_000);
    const restored = c.slices()[0]!;
    expect(restored.endpoints!.map((e) => e.targetRef!.name)).toEqual(['pod0', 'pod1']);
    const last = c.journal.since(0).filter((e) => e.type === 'write' && e.resource === 'endpointslices').at(-1)!;
    expect(last.at - t0).toBe(1000);
    // An annotation-only edit does not bump the generation upstream: no resync.
    const before = c.journal.lastSeq();
    c.api.update('endpointslices', { ...restored, metadata: { ...restored.metadata, annotations: { note: 'x' } } }, { actor: 'kubectl' });
    c.scheduler.settle(60_000);
    expect(c.sliceWrites(before)).toEqual([`kubectl update ${restored.metadata.name}`]);
  });

  it('[ES-3] a slice deleted by someone else is recreated', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('pods', makePod(0));
    c.scheduler.settle(60_000);
    const [slice] = c.slices();
    c.api.delete('endpointslices', 'default', slice!.metadata.name!, { actor: 'kubectl' });
    c.scheduler.settle(60_000);
    const [again] = c.slices();
    expect(again!.metadata.name).not.toBe(slice!.metadata.name);
    expect(again!.endpoints!.map((e) => e.targetRef!.name)).toEqual(['pod0']);
  });

  it('[ES-2] label changes move a pod between services', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('services', makeService('bar'));
    c.create('pods', makePod(0, { app: 'foo' }));
    c.scheduler.settle(60_000);
    const pod = c.api.get<Pod>('pods', 'default', 'pod0')!;
    c.api.update('pods', { ...pod, metadata: { ...pod.metadata, labels: { app: 'bar' } } }, { actor: 'test' });
    c.scheduler.settle(60_000);
    expect(c.slices('foo')[0]!.endpoints).toBeNull();
    expect(c.slices('bar')[0]!.endpoints!.map((e) => e.targetRef!.name)).toEqual(['pod0']);
  });

  it('[ES-1] ExternalName and selector-less services are left alone; a deleted Service\'s slices are left to the GC', () => {
    const c = setup();
    c.create('services', makeService('ext', { type: 'ExternalName', externalName: 'example.com' }));
    const manual = makeService('manual');
    delete manual.spec.selector;
    c.create('services', manual);
    c.create('services', makeService('foo'));
    c.scheduler.settle(60_000);
    expect(c.api.list('endpointslices').map((s) => s.metadata.labels?.['kubernetes.io/service-name'])).toEqual(['foo']);
    c.api.delete('services', 'default', 'foo', { actor: 'test' });
    expect(c.scheduler.settle(60_000).quiet).toBe(true);
    expect(c.slices().length).toBe(1);
  });

  it('[ES-3] a pod on a node that does not exist is left out and the sync retried with backoff', () => {
    const c = setup();
    c.create('services', makeService('foo'));
    c.create('pods', makePod(0));
    c.create('pods', makePod(1, { node: 'node-ghost' }));
    c.scheduler.settle(500);
    expect(c.slices()[0]!.endpoints!.map((e) => e.targetRef!.name)).toEqual(['pod0']);
    const failures = () => c.journal.since(0).flatMap((e) => (e.type === 'controller' && e.action === 'FailedToUpdateEndpointSlices' ? [`${e.at} ${e.detail}`] : []));
    expect(failures()).toEqual(['0 Error updating Endpoint Slices for Service default/foo: skipping Pod pod1 for Service default/foo: Node node-ghost Not Found']);
    c.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-ghost' }, spec: {}, status: {} });
    const before = c.journal.lastSeq();
    c.scheduler.settle(60_000);
    // Retried after 1s (no node event would have queued it): the node is there now.
    expect(failures().length).toBe(1);
    expect(c.journal.since(before).filter((e) => e.type === 'write' && e.resource === 'endpointslices').map((e) => e.at)).toEqual([1000]);
    expect(c.slices()[0]!.endpoints!.map((e) => e.targetRef!.name)).toEqual(['pod0', 'pod1']);
  });

  it('pod events reach only the services they affect: no listing of all services or pods', () => {
    const c = setup();
    for (let i = 0; i < 200; i++) c.create('services', makeService(`svc${i}`));
    c.scheduler.settle(60_000);
    let lists = 0;
    const list = c.api.list.bind(c.api);
    c.api.list = ((...args: Parameters<typeof list>) => {
      lists++;
      return list(...args);
    }) as typeof c.api.list;
    const before = c.journal.lastSeq();
    c.create('pods', makePod(0, { app: 'svc7' }));
    c.scheduler.settle(60_000);
    expect(lists).toBe(0);
    expect(c.sliceWrites(before)).toEqual([`endpointslice-controller update ${c.slices('svc7')[0]!.metadata.name}`]);
  });
});
