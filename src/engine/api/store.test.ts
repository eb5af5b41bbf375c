import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../sim/clock.ts';
import { Journal } from '../sim/journal.ts';
import { createRng } from '../sim/rng.ts';
import { ApiServer, type WatchEvent } from './store.ts';
import type { KubeObject } from './types.ts';

function server() {
  const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9));
  const journal = new Journal(() => clock.now());
  const api = new ApiServer(clock, createRng(1), journal, {
    pods: { statusSubresource: true, gracefulDelete: () => 30 },
    deployments: { statusSubresource: true, generation: true },
  });
  api.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, { actor: 'test' });
  return { api, clock, journal };
}

const pod = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'a' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }], nodeName: 'n1' },
  status: { phase: 'Pending' },
  ...extra,
});

describe('ApiServer', () => {
  it('sets uid, creationTimestamp and a cluster-wide resourceVersion on create', () => {
    const { api } = server();
    const r = api.create('pods', pod('a'), { actor: 'test' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.object.metadata.resourceVersion).toBe('2');
    expect(r.object.metadata.creationTimestamp).toBe('2026-11-21T09:00:00Z');
    expect(r.object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.resourceVersion()).toBe(2);
  });

  it('generateName appends 5 characters from the Kubernetes alphabet', () => {
    const { api } = server();
    const r = api.create('pods', pod('', { metadata: { generateName: 'web-', namespace: 'default' } }), { actor: 'test' });
    expect(r.ok && r.object.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('rejects duplicates, unknown namespaces and stale updates with the real messages', () => {
    const { api } = server();
    api.create('pods', pod('a'), { actor: 'test' });
    const dup = api.create('pods', pod('a'), { actor: 'test' });
    expect(!dup.ok && dup.status.message).toBe('pods "a" already exists');
    const noNs = api.create('pods', pod('b', { metadata: { name: 'b', namespace: 'nope' } }), { actor: 'test' });
    expect(!noNs.ok && noNs.status.message).toBe('namespaces "nope" not found');
    const stale = api.update('pods', { ...pod('a'), metadata: { name: 'a', namespace: 'default', resourceVersion: '1' } }, { actor: 'test' });
    expect(!stale.ok && stale.status.message).toBe(
      'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again',
    );
    const missing = api.update('deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'default' } }, { actor: 'test' });
    expect(!missing.ok && missing.status.message).toBe('deployments.apps "x" not found');
  });

  it('an update that changes nothing writes nothing', () => {
    const { api, journal } = server();
    api.create('pods', pod('a'), { actor: 'test' });
    const before = journal.lastSeq();
    const r = api.update('pods', pod('a'), { actor: 'test' });
    expect(r.ok && r.object.metadata.resourceVersion).toBe('2');
    expect(journal.lastSeq()).toBe(before);
  });

  it('status subresource: update keeps status, updateStatus changes only status; generation follows spec', () => {
    const { api } = server();
    const d: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' }, spec: { replicas: 1 }, status: { replicas: 0 } };
    const created = api.create('deployments', d, { actor: 'test' });
    expect(created.ok && created.object.metadata.generation).toBe(1);
    const u = api.update('deployments', { ...d, spec: { replicas: 3 }, status: { replicas: 99 } }, { actor: 'test' });
    expect(u.ok && [u.object.metadata.generation, u.object.status]).toEqual([2, { replicas: 0 }]);
    const s = api.updateStatus('deployments', { ...d, spec: { replicas: 7 }, status: { replicas: 3 } }, { actor: 'test' });
    expect(s.ok && [s.object.metadata.generation, s.object.spec, s.object.status]).toEqual([2, { replicas: 3 }, { replicas: 3 }]);
  });

  it('graceful pod deletion sets deletionTimestamp, a second delete may only shorten it, grace 0 removes', () => {
    const { api } = server();
    api.create('pods', pod('a'), { actor: 'test' });
    const first = api.delete('pods', 'default', 'a', { actor: 'test' });
    expect(first.ok && [first.object.metadata.deletionTimestamp, first.object.metadata.deletionGracePeriodSeconds]).toEqual(['2026-11-21T09:00:30Z', 30]);
    const again = api.delete('pods', 'default', 'a', { actor: 'test', gracePeriodSeconds: 60 });
    expect(again.ok && again.object.metadata.deletionGracePeriodSeconds).toBe(30);
    api.delete('pods', 'default', 'a', { actor: 'test', gracePeriodSeconds: 0 });
    expect(api.get('pods', 'default', 'a')).toBeUndefined();
  });

  it('an unscheduled pod is deleted at once', () => {
    const { api } = server();
    api.create('pods', pod('a', { spec: { containers: [] } }), { actor: 'test' });
    api.delete('pods', 'default', 'a', { actor: 'test' });
    expect(api.get('pods', 'default', 'a')).toBeUndefined();
  });

  it('finalizers hold a deleted object until the last one is removed', () => {
    const { api } = server();
    api.create('pods', pod('a', { metadata: { name: 'a', namespace: 'default', finalizers: ['x/y'] } }), { actor: 'test' });
    api.delete('pods', 'default', 'a', { actor: 'test', gracePeriodSeconds: 0 });
    const held = api.get('pods', 'default', 'a');
    expect(held?.metadata.deletionTimestamp).toBe('2026-11-21T09:00:00Z');
    api.update('pods', { ...held!, metadata: { ...held!.metadata, finalizers: [] } }, { actor: 'test' });
    expect(api.get('pods', 'default', 'a')).toBeUndefined();
  });

  it('delivers watch events in resourceVersion order even when handlers write', () => {
    const { api } = server();
    const seen: string[] = [];
    api.watch('pods', (ev: WatchEvent) => {
      seen.push(`h1 ${ev.type} ${ev.object.metadata.name} ${ev.object.metadata.resourceVersion}`);
      if (ev.type === 'ADDED' && ev.object.metadata.name === 'a') api.create('pods', pod('b'), { actor: 'h1' });
    });
    api.watch('pods', (ev: WatchEvent) => seen.push(`h2 ${ev.type} ${ev.object.metadata.name} ${ev.object.metadata.resourceVersion}`));
    api.create('pods', pod('a'), { actor: 'test' });
    expect(seen).toEqual(['h1 ADDED a 2', 'h2 ADDED a 2', 'h1 ADDED b 3', 'h2 ADDED b 3']);
  });

  it('keeps secondary indexes current across writes and deletes', () => {
    const { api } = server();
    api.addIndex('pods', 'byApp', (o) => [o.metadata.labels?.app ?? '']);
    api.create('pods', pod('a'), { actor: 'test' });
    api.create('pods', pod('b'), { actor: 'test' });
    const b = api.get('pods', 'default', 'b')!;
    api.update('pods', { ...b, metadata: { ...b.metadata, labels: { app: 'z' } } }, { actor: 'test' });
    expect(api.byIndex('pods', 'byApp', 'a').map((p) => p.metadata.name)).toEqual(['a']);
    expect(api.byIndex('pods', 'byApp', 'z').map((p) => p.metadata.name)).toEqual(['b']);
    api.delete('pods', 'default', 'b', { actor: 'test', gracePeriodSeconds: 0 });
    expect(api.byIndex('pods', 'byApp', 'z')).toEqual([]);
  });

  it('journals every write with its size in bytes', () => {
    const { api, journal } = server();
    const r = api.create('pods', pod('a'), { actor: 'kubectl' });
    const last = journal.since(journal.lastSeq() - 1)[0]!;
    expect(last).toMatchObject({ type: 'write', verb: 'create', resource: 'pods', name: 'a', actor: 'kubectl' });
    expect(last.type === 'write' && last.bytes).toBe(JSON.stringify(r.ok && r.object).length);
  });
});
