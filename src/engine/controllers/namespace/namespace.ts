// The namespace controller (pkg/controller/namespace/deletion): a namespace with a
// deletionTimestamp has all its content deleted; its status carries the deletion conditions
// (NamespaceContentRemaining …, namespace_condition_utils.go wording); once nothing is left it
// is finalized and removed.

import { RESOURCES } from '../../api/resources.ts';
import type { KubeObject, Namespace } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';
import { WorkQueue } from '../workqueue.ts';
import type { ControllerHandle } from '../workloads/replicaset.ts';

const ACTOR = 'namespace-controller';

interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;
const OK: Record<string, [string, string]> = {
  NamespaceDeletionDiscoveryFailure: ['ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
};

export function startNamespaceController(ctx: ControllerContext): ControllerHandle {
  const { api, clock, journal } = ctx;
  const queue = new WorkQueue(ctx.scheduler, ACTOR, (name) => sync(name));
  const terminating = (ns: string | undefined): boolean => !!ns && !!api.get('namespaces', '', ns)?.metadata.deletionTimestamp;
  const namespaced = RESOURCES.filter((r) => r.namespaced && r.verbs.includes('delete'));

  const unwatch = [
    api.watch('namespaces', (ev) => {
      if (ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp) queue.add(ev.object.metadata.name!);
    }),
    // Not events: they carry no finalizers, so their deletion never holds a namespace back, and
    // watching them would build every recorded Event as an object (see api/eventStore.ts).
    ...namespaced.filter((r) => r.resource !== 'events').map((r) =>
      api.watch(r.resource, (ev) => {
        const ns = ev.object.metadata.namespace;
        if ((ev.type === 'DELETED' || ev.object.metadata.deletionTimestamp) && terminating(ns)) queue.add(ns!);
      }),
    ),
  ];

  function sync(name: string): void {
    const ns = api.get<Namespace>('namespaces', '', name);
    if (!ns?.metadata.deletionTimestamp) return;
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const r of namespaced) {
      for (const obj of api.list<KubeObject>(r.resource, name)) {
        if (!obj.metadata.deletionTimestamp) {
          const res = api.delete(r.resource, name, obj.metadata.name!, { actor: ACTOR });
          if (res.ok && !api.get(r.resource, name, obj.metadata.name!)) continue;
        }
        const gr = `${r.resource}.${r.group}`;
        remaining.set(gr, (remaining.get(gr) ?? 0) + 1);
        for (const f of obj.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
      }
    }
    updateConditions(ns, remaining, finalizers);
    if (remaining.size > 0) return; // deletions of the rest bring us back
    const res = api.delete('namespaces', '', name, { actor: ACTOR, gracePeriodSeconds: 0 });
    if (res.ok) journal.append({ type: 'controller', controller: ACTOR, action: 'NamespaceFinalized', namespace: '', name, detail: `Namespace ${name} deleted` });
  }

  function updateConditions(ns: Namespace, remaining: Map<string, number>, finalizers: Map<string, number>): void {
    const now = clock.timestamp();
    const fresh = new Map<string, Omit<NamespaceCondition, 'type'>>();
    if (remaining.size) {
      const list = [...remaining].map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
      fresh.set('NamespaceContentRemaining', { status: 'True', lastTransitionTime: now, reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${list.join(', ')}` });
    }
    if (finalizers.size) {
      const list = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      fresh.set('NamespaceFinalizersRemaining', { status: 'True', lastTransitionTime: now, reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${list.join(', ')}` });
    }
    const conditions = [...((ns.status as { conditions?: NamespaceCondition[] } | undefined)?.conditions ?? [])].map((c) => ({ ...c }));
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const want = fresh.get(type) ?? { status: 'False' as const, lastTransitionTime: now, reason: OK[type]![0], message: OK[type]![1] };
      const old = conditions.find((c) => c.type === type);
      if (!old) {
        conditions.push({ type, ...want });
        changed = true;
      } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
        if (old.status !== want.status) old.lastTransitionTime = now;
        old.status = want.status;
        old.reason = want.reason;
        old.message = want.message;
        changed = true;
      }
    }
    if (changed) api.updateStatus('namespaces', { ...ns, status: { ...ns.status, phase: 'Terminating', conditions } }, { actor: ACTOR, trusted: true });
  }

  return { stop: () => unwatch.forEach((u) => u()) };
}
