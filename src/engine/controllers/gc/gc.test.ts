import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod, ReplicaSet } from '../../api/types.ts';
import { deployment, kindCluster } from '../workloads/testkit.ts';

const pod = (name: string, ownerReferences: KubeObject['metadata']['ownerReferences']): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ownerReferences },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  status: {},
});

describe('garbage collector', () => {
  it('deletes dependents whose owner is gone; drops only the dangling reference when another owner remains', () => {
    const c = kindCluster();
    c.apply('deployments', deployment('web', 1));
    c.settle();
    const rs = c.api.list<ReplicaSet>('replicasets')[0]!;
    const ref = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, uid: o.metadata.uid! });
    c.apply('pods', pod('orphaned', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: '00000000-0000-4000-8000-000000000000' }]));
    c.apply('pods', pod('shared', [ref(rs), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: '00000000-0000-4000-8000-000000000000' }]));
    expect(c.settle().quiet).toBe(true);
    expect(c.api.get('pods', 'default', 'orphaned')).toBeUndefined();
    expect(c.api.get<Pod>('pods', 'default', 'shared')!.metadata.ownerReferences).toEqual([ref(rs)]);
    const gc = c.journal.since(0).flatMap((e) => (e.type === 'controller' && e.controller === 'generic-garbage-collector' ? [e.detail] : []));
    expect(gc).toEqual(['Deleting Pod default/orphaned: all owners are gone']);
  });

  it('orphans dependents of an owner deleted with the orphan finalizer', () => {
    const c = kindCluster();
    c.apply('deployments', deployment('web', 2));
    c.settle();
    const rs = c.api.list<ReplicaSet>('replicasets')[0]!;
    c.api.update('replicasets', { ...rs, metadata: { ...rs.metadata, finalizers: ['orphan'] } }, { actor: 'kubectl' });
    c.api.delete('deployments', 'default', 'web', { actor: 'kubectl' });
    expect(c.settle().quiet).toBe(true);
    // The ReplicaSet lost its owner (background deletion) and was itself deleted with `orphan`:
    // its pods stay, without owner.
    expect(c.api.list('replicasets')).toEqual([]);
    const pods = c.pods('default');
    expect(pods.length).toBe(2);
    expect(pods.every((p) => p.metadata.ownerReferences === undefined && p.status.phase === 'Running')).toBe(true);
  });
});
