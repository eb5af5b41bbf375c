import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Pod, Service } from '../../api/types.ts';
import { desiredEndpoints } from './desired.ts';
import { type ReconcileResult, reconcile } from './reconciler.ts';
import { makeNode, makePod, makeService, sliceWith } from './testkit.ts';

const svc = makeService('foo');
const node1 = makeNode('node-1');
const pods = (n: number, from = 0): Pod[] => Array.from({ length: n }, (_, i) => makePod(from + i));

function run(service: Service, podList: Pod[], existing: EndpointSlice[], max = 100, triggerTime?: string): ReconcileResult {
  const { desired } = desiredEndpoints(service, podList, (n) => (n === 'node-1' ? node1 : undefined));
  return reconcile({ service, desired, existing, maxEndpointsPerSlice: max, ...(triggerTime ? { triggerTime } : {}) });
}

const lengths = (slices: EndpointSlice[]): number[] => slices.map((s) => s.endpoints?.length ?? 0);
const verbs = (r: ReconcileResult): string[] => r.batches.flat().map((w) => `${w.verb} ${w.slice.metadata.name ?? '(new)'}`);
const podNames = (s: EndpointSlice): string[] => (s.endpoints ?? []).map((e) => e.targetRef!.name!);

/** What the store would hand back for newly created slices. */
function stored(created: EndpointSlice[], prefix = 'foo-'): EndpointSlice[] {
  return created.map((s, i) => ({ ...s, metadata: { ...s.metadata, name: `${prefix}${i}`, uid: `uid-${prefix}${i}`, resourceVersion: String(10 + i) } }));
}

describe('reconcile: ES-4 outcomes of the upstream reconciler tests', () => {
  it('[ES-4] 250 new pods → 3 creates {100,100,50} (TestReconcileManyPods)', () => {
    const r = run(svc, pods(250), []);
    expect(lengths(r.create)).toEqual([100, 100, 50]);
    expect(r.update).toEqual([]);
    expect(r.delete).toEqual([]);
    expect(verbs(r)).toEqual(['create (new)', 'create (new)', 'create (new)']);
  });

  it('[ES-4] slices {62,61} + 127 new → 1 create + 1 update → {89,61,100} (TestReconcileEndpointSlicesSomePreexisting)', () => {
    const all = pods(250);
    const slice1 = sliceWith('slice-1', svc, all.filter((_, i) => i % 4 === 1 && i < 246));
    const slice2 = sliceWith('slice-2', svc, all.filter((_, i) => i % 4 === 3 && i < 246));
    expect(lengths([slice1, slice2])).toEqual([62, 61]);
    const r = run(svc, all, [slice1, slice2]);
    // Create first, then update: the 27 left after a full new slice go to the slice they fill best.
    expect(verbs(r)).toEqual(['create (new)', 'update slice-1']);
    expect(lengths(r.create)).toEqual([100]);
    expect(r.update[0]!.metadata.name).toBe('slice-1');
    expect(lengths(r.update)).toEqual([89]);
    // slice-1 keeps its 62 endpoints in place, then takes the 27 remaining.
    expect(podNames(r.update[0]!).slice(0, 62)).toEqual(podNames(slice1));
    expect([...lengths(r.create), ...lengths(r.update), 61].sort()).toEqual([100, 61, 89]);
  });

  it('[ES-4] slices {74,74} + 152 new → 2 creates {100,52}, the existing left alone (…SomePreexistingWorseAllocation)', () => {
    const all = pods(300);
    const slice1 = sliceWith('slice-1', svc, all.filter((_, i) => i % 4 === 1 && i < 296));
    const slice2 = sliceWith('slice-2', svc, all.filter((_, i) => i % 4 === 3 && i < 296));
    expect(lengths([slice1, slice2])).toEqual([74, 74]);
    const r = run(svc, all, [slice1, slice2]);
    expect(verbs(r)).toEqual(['create (new)', 'create (new)']);
    expect(lengths(r.create)).toEqual([100, 52]);
  });

  it('[ES-4] 10 slices × 30 + port change → 3 updates + 7 deletes → {100,100,100} (TestReconcileEndpointSlicesRecycling)', () => {
    const all = pods(300);
    const existing = Array.from({ length: 10 }, (_, n) => sliceWith(`slice-${n}`, svc, all.slice(n * 30, n * 30 + 30)));
    // Nothing to do while every pod is accounted for: no repacking for its own sake.
    expect(run(svc, all, existing).batches.flat()).toEqual([]);

    const changed = makeService('foo', { ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8081 }] });
    const r = run(changed, all, existing);
    expect(r.create).toEqual([]);
    expect(verbs(r)).toEqual([
      'update slice-0', 'update slice-1', 'update slice-2',
      'delete slice-3', 'delete slice-4', 'delete slice-5', 'delete slice-6', 'delete slice-7', 'delete slice-8', 'delete slice-9',
    ]);
    expect(lengths(r.update)).toEqual([100, 100, 100]);
    for (const s of r.update) expect(s.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8081 }]);
    // Recycled creates are unconditional updates (no resourceVersion), last create first.
    expect(r.update[0]!.metadata.resourceVersion).toBeUndefined();
    expect(podNames(r.update[0]!)[0]).toBe('pod200');
  });

  it('[ES-4] deleting one pod of 250 updates exactly one slice', () => {
    const all = pods(250);
    const existing = stored(run(svc, all, []).create);
    const r = run(svc, all.filter((p) => p.metadata.name !== 'pod117'), existing);
    expect(verbs(r)).toEqual(['update foo-1']);
    expect(lengths(r.update)).toEqual([99]);
    expect(podNames(r.update[0]!)).not.toContain('pod117');
  });
});

describe('reconcile: ES-3 placement', () => {
  it('[ES-3] fills slices that are updated anyway, fullest first (TestReconcileEndpointSlicesUpdatePacking)', () => {
    const first = pods(80);
    const second = pods(20, 100);
    const slice1 = sliceWith('slice-1', svc, first);
    const slice2 = sliceWith('slice-2', svc, second);
    const now = [...first, ...second].map((p, i) => (i % 10 === 0 ? makePod(Number(p.metadata.name!.slice(3)), { ready: false }) : p));
    const r = run(svc, [...now, ...pods(15, 200)], [slice1, slice2]);
    expect(verbs(r)).toEqual(['update slice-1', 'update slice-2']);
    expect(lengths(r.update)).toEqual([95, 20]);
  });

  it('[ES-3] an endpoint whose conditions changed is updated in place', () => {
    const all = pods(3);
    const existing = [sliceWith('slice-1', svc, all)];
    const r = run(svc, [all[0]!, makePod(1, { ready: false }), all[2]!], existing);
    expect(verbs(r)).toEqual(['update slice-1']);
    expect(podNames(r.update[0]!)).toEqual(['pod0', 'pod1', 'pod2']);
    expect(r.update[0]!.endpoints![1]!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    // Unchanged endpoints are the stored objects themselves.
    expect(r.update[0]!.endpoints![0]).toBe(existing[0]!.endpoints![0]);
  });

  it('[ES-3] a slice that lost all its endpoints is deleted', () => {
    const all = pods(4);
    const existing = [sliceWith('slice-1', svc, all.slice(0, 2)), sliceWith('slice-2', svc, all.slice(2))];
    const r = run(svc, all.slice(0, 2), existing);
    expect(verbs(r)).toEqual(['delete slice-2']);
  });

  it('[ES-3] leftovers go into the unchanged slice closest to full, else a new slice', () => {
    const all = pods(140);
    const existing = [sliceWith('slice-a', svc, all.slice(0, 40)), sliceWith('slice-b', svc, all.slice(40, 130))];
    // 10 left: slice-b (90) ends up exactly full.
    const r = run(svc, all, existing);
    expect(verbs(r)).toEqual(['update slice-b']);
    expect(lengths(r.update)).toEqual([100]);
    // 40 left: slice-b cannot take them, slice-a (40) can.
    const r2 = run(svc, [...all, ...pods(30, 140)], existing);
    expect(verbs(r2)).toEqual(['update slice-a']);
    expect(lengths(r2.update)).toEqual([80]);
    // 120 left: a new full slice, and the other 20 into slice-a (closer to full than slice-b can be).
    const r3 = run(svc, [...all, ...pods(110, 140)], existing);
    expect(verbs(r3)).toEqual(['create (new)', 'update slice-a']);
    expect([...lengths(r3.create), ...lengths(r3.update)]).toEqual([100, 60]);
  });

  it('[ES-3] maxEndpointsPerSlice 80 → {80,80,80,10} (TestReconcileMaxEndpointsPerSlice)', () => {
    expect(lengths(run(svc, pods(250), [], 80).create)).toEqual([80, 80, 80, 10]);
    expect(lengths(run(svc, pods(250), [], 150).create)).toEqual([150, 100]);
  });

  it('[ES-3] pods resolving a named port differently go into separate slices (TestReconcileEndpointSlicesNamedPorts)', () => {
    const named = makeService('foo', { ports: [{ protocol: 'TCP', port: 80, targetPort: 'http' }] });
    const list = pods(300).map((p, i) => ({ ...p, spec: { ...p.spec, containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 + (i % 5), protocol: 'TCP' as const }] }] } }));
    const r = run(named, list, []);
    expect(lengths(r.create)).toEqual([60, 60, 60, 60, 60]);
    expect(r.create.map((s) => s.ports)).toEqual([8080, 8081, 8082, 8083, 8084].map((port) => [{ name: '', protocol: 'TCP', port }]));
  });

  it('[ES-3] slices owned by an older Service of the same name are replaced (TestReconcileEndpointSlicesRecreation)', () => {
    const old = sliceWith('slice-1', svc, pods(1));
    old.metadata.ownerReferences = [{ ...old.metadata.ownerReferences![0]!, uid: 'different' }];
    const r = run(svc, pods(1), [old]);
    // Not recycled: the update would go to a slice the garbage collector is about to delete.
    expect(verbs(r)).toEqual(['create (new)', 'delete slice-1']);
    expect(run(svc, pods(1), [sliceWith('slice-1', svc, pods(1))]).batches.flat()).toEqual([]);
  });

  it('[ES-3] no creates for a Service being deleted; updates and deletes still go through', () => {
    const dying = { ...svc, metadata: { ...svc.metadata, deletionTimestamp: '2026-11-21T10:00:00Z' } };
    expect(run(dying, pods(3), []).batches.flat()).toEqual([]);
    const r = run(dying, pods(2), [sliceWith('slice-1', svc, pods(3))]);
    expect(verbs(r)).toEqual(['update slice-1']);
  });

  it('[ES-3] a pod on a missing node is left out (and reported) unless not-ready addresses are published', () => {
    const list = [makePod(0), makePod(1, { node: 'node-gone' })];
    const { desired, errors } = desiredEndpoints(svc, list, (n) => (n === 'node-1' ? node1 : undefined));
    expect(errors).toEqual(['skipping Pod pod1 for Service default/foo: Node node-gone Not Found']);
    expect(desired.get('IPv4')!.values().next().value!.endpoints.map((e) => e.targetRef!.name)).toEqual(['pod0']);
    const publish = makeService('foo', { publishNotReadyAddresses: true });
    expect(desiredEndpoints(publish, list, (n) => (n === 'node-1' ? node1 : undefined)).errors).toEqual([]);
  });

  it('[ES-3] a slice emptied because its nodes vanished is recycled as the placeholder (update, not delete)', () => {
    const existing = [sliceWith('slice-1', svc, pods(2))];
    const { desired } = desiredEndpoints(svc, pods(2), () => undefined);
    const r = reconcile({ service: svc, desired, existing, maxEndpointsPerSlice: 100 });
    expect(verbs(r)).toEqual(['update slice-1']);
    expect(r.update[0]!.endpoints).toBeNull();
    expect(r.update[0]!.ports).toBeNull();
  });
});

describe('reconcile: ES-1 slice metadata', () => {
  it('[ES-1] a new slice: generateName, labels, owner reference, trigger time, field order', () => {
    const labelled = makeService('web', { labels: { tier: 'front', 'kubernetes.io/service-name': 'ignored' }, selector: { app: 'foo' } });
    const zoned = makeNode('node-1', 'zone-a');
    const { desired } = desiredEndpoints(labelled, [makePod(0)], () => zoned);
    const r = reconcile({ service: labelled, desired, existing: [], maxEndpointsPerSlice: 100, triggerTime: '2026-11-21T09:00:10Z' });
    expect(JSON.stringify(r.create[0])).toBe(
      JSON.stringify({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: 'web-',
          namespace: 'default',
          labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'web', tier: 'front' },
          annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-21T09:00:10Z' },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-svc-web', controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        endpoints: [
          {
            addresses: ['10.244.0.2'],
            conditions: { ready: true, serving: true, terminating: false },
            targetRef: { kind: 'Pod', namespace: 'default', name: 'pod0', uid: 'uid-pod-0' },
            nodeName: 'node-1',
            zone: 'zone-a',
          },
        ],
        ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
      }),
    );
  });

  it('[ES-1] headless services get the headless label', () => {
    const headless = makeService('db', { clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'foo' } });
    const r = run(headless, pods(1), []);
    expect(r.create[0]!.metadata.labels).toEqual({
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': 'db',
      'service.kubernetes.io/headless': '',
    });
  });

  it('[ES-1] a Service label change updates every slice; reserved labels never do', () => {
    const all = pods(250);
    const existing = stored(run(svc, all, []).create);
    const relabelled = makeService('foo', { labels: { team: 'a' } });
    const r = run(relabelled, all, existing);
    expect(verbs(r)).toEqual(['update foo-0', 'update foo-1', 'update foo-2']);
    expect(r.update[0]!.metadata.labels!['team']).toBe('a');
    const reserved = makeService('foo', { labels: { 'kubernetes.io/service-name': 'bad', 'endpointslice.kubernetes.io/managed-by': 'actor', 'service.kubernetes.io/headless': 'x' } });
    expect(run(reserved, all, existing).batches.flat()).toEqual([]);
  });

  it('[ES-1] the placeholder: one empty slice (endpoints and ports null), kept while equal, updated when not', () => {
    const r = run(svc, [], [], 100, '2026-11-21T09:00:00Z');
    expect(verbs(r)).toEqual(['create (new)']);
    expect(r.create[0]!.endpoints).toBeNull();
    expect(r.create[0]!.ports).toBeNull();
    const [placeholder] = stored(r.create);
    expect(run(svc, [], [placeholder!]).batches.flat()).toEqual([]);
    const relabelled = makeService('foo', { labels: { team: 'a' } });
    const r2 = run(relabelled, [], [placeholder!]);
    expect(verbs(r2)).toEqual(['update foo-0']);
    // A not-ready pod still makes an endpoint: the placeholder gives way to a real slice.
    const r3 = run(svc, [makePod(0, { ready: false })], [placeholder!]);
    expect(verbs(r3)).toEqual(['update foo-0']);
    expect(r3.update[0]!.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
  });

  it('[ES-1] the trigger-time annotation is set on written slices and cleared when there is none', () => {
    const [s] = stored(run(svc, pods(2), [], 100, '2026-11-21T09:00:00Z').create);
    expect(s!.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-21T09:00:00Z' });
    const r = run(svc, pods(1), [s!]);
    expect(r.update[0]!.metadata.annotations).toBeUndefined();
  });

  it('[ES-1] slices of an address type the service no longer has are deleted after the rest', () => {
    const v6 = { ...sliceWith('slice-6', svc, []), addressType: 'IPv6' as const };
    const r = run(svc, pods(1), [v6]);
    expect(verbs(r)).toEqual(['create (new)']);
    expect(r.lostFamily.map((s) => s.metadata.name)).toEqual(['slice-6']);
    expect(r.delete).toEqual([v6]);
  });
});
