import { describe, expect, it } from 'vitest';
import type { Namespace } from '../../api/types.ts';
import { deployment, kindCluster } from '../workloads/testkit.ts';

describe('namespace controller', () => {
  it('deletes the content of a terminating namespace, reports what remains, then removes it', () => {
    const c = kindCluster();
    c.apply('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } } as Namespace);
    const web = deployment('web', 2, 'busybox');
    web.metadata.namespace = 'demo';
    web.spec.template.spec.containers = [{ name: 'app', image: 'busybox', command: ['sleep', 'infinity'] }];
    c.apply('deployments', web);
    c.settle();
    c.api.delete('namespaces', '', 'demo', { actor: 'kubectl' });
    const t0 = c.clock.now();
    c.scheduler.runUntil(t0 + 1);
    const ns = c.api.get<Namespace>('namespaces', '', 'demo')!;
    const at = c.clock.timestamp(t0);
    expect(ns.status).toEqual({
      phase: 'Terminating',
      conditions: [
        { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: at, reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
        { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: at, reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
        { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: at, reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
        { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: at, reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances' },
        { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: at, reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
      ],
    });
    expect(c.api.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'late', namespace: 'demo' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, { actor: 'kubectl' }).ok).toBe(false);
    expect(c.settle().quiet).toBe(true);
    // sleep ignores SIGTERM: the pods take their 30 s grace period, then the namespace goes.
    expect(c.api.get('namespaces', '', 'demo')).toBeUndefined();
    expect(c.clock.now() - t0).toBe(30_500);
    expect(c.pods('demo')).toEqual([]);
    expect(c.api.list('replicasets', 'demo')).toEqual([]);
  });
});
