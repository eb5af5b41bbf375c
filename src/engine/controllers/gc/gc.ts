// The garbage collector (pkg/controller/garbagecollector): when an owner is gone, its
// dependents are deleted (background propagation: each with its own graceful deletion) or,
// when other owners remain, the dangling reference is removed. Owners deleted with the
// `orphan` finalizer release their dependents; with `foregroundDeletion` they wait for them.
// Dependents are found through an index on ownerReferences[].uid, never by scanning.

import { RESOURCES, resourceForKind } from '../../api/resources.ts';
import type { KubeObject, OwnerReference } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';
import { WorkQueue } from '../workqueue.ts';
import type { ControllerHandle } from '../workloads/replicaset.ts';

const ACTOR = 'generic-garbage-collector';
export const IDX_OWNER_UID = 'gc/owner-uid';
const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

interface Ref {
  resource: string;
  namespace: string;
  name: string;
}

export function startGarbageCollector(ctx: ControllerContext): ControllerHandle {
  const { api, journal } = ctx;
  for (const r of RESOURCES) api.addIndex(r.resource, IDX_OWNER_UID, (o) => (o.metadata.ownerReferences ?? []).map((ref) => ref.uid));
  // Owners in the middle of an orphan or foreground deletion, by uid.
  const finalizing = new Map<string, Ref>();
  const queue = new WorkQueue(ctx.scheduler, ACTOR, (key) => process(key));
  const note = (action: string, o: KubeObject, detail: string): void =>
    journal.append({ type: 'controller', controller: ACTOR, action, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '', detail });

  const refKey = (resource: string, o: KubeObject): string => `dep|${resource}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;

  // Events are left out: recorders write them without owners, and watching them would build
  // every recorded Event as an object (see api/eventStore.ts).
  const unwatch = RESOURCES.filter((r) => r.resource !== 'events').map((r) =>
    api.watch(r.resource, (ev) => {
      const o = ev.object;
      if (ev.type === 'DELETED') {
        finalizing.delete(o.metadata.uid ?? '');
        queue.add(`owner|${o.metadata.uid}`);
        // A dependent going away may let a foreground-deleting owner finish.
        for (const ref of o.metadata.ownerReferences ?? []) if (finalizing.has(ref.uid)) queue.add(`owner|${ref.uid}`);
        return;
      }
      const fin = o.metadata.finalizers ?? [];
      if (o.metadata.deletionTimestamp && (fin.includes(ORPHAN) || fin.includes(FOREGROUND))) {
        finalizing.set(o.metadata.uid!, { resource: r.resource, namespace: o.metadata.namespace ?? '', name: o.metadata.name! });
        queue.add(`owner|${o.metadata.uid}`);
      }
      const refs = o.metadata.ownerReferences;
      if (refs?.length && (ev.type === 'ADDED' || refs !== ev.old?.metadata.ownerReferences)) queue.add(refKey(r.resource, o));
    }),
  );

  function lookupOwner(dep: KubeObject, ref: OwnerReference): KubeObject | 'unknown' | undefined {
    const info = resourceForKind(ref.kind);
    if (!info || `${info.group ? info.group + '/' : ''}${info.version}` !== ref.apiVersion) return 'unknown';
    const owner = api.get(info.resource, info.namespaced ? (dep.metadata.namespace ?? '') : '', ref.name);
    return owner && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  function process(key: string): void {
    const [kind, a, b, c] = key.split('|');
    if (kind === 'owner') return processOwner(a!);
    const obj = api.get(a!, b!, c!);
    if (obj) attemptToDelete(a!, obj);
  }

  function dependentsOf(uid: string): [string, KubeObject][] {
    const out: [string, KubeObject][] = [];
    for (const r of RESOURCES) for (const o of api.byIndex(r.resource, IDX_OWNER_UID, uid)) out.push([r.resource, o]);
    return out;
  }

  function processOwner(uid: string): void {
    const pending = finalizing.get(uid);
    const owner = pending && api.get(pending.resource, pending.namespace, pending.name);
    if (owner && owner.metadata.uid === uid) {
      const fin = owner.metadata.finalizers ?? [];
      if (fin.includes(ORPHAN)) {
        for (const [resource, dep] of dependentsOf(uid)) removeRefs(resource, dep, new Set([uid]));
        return removeFinalizer(pending!.resource, owner, ORPHAN);
      }
      if (fin.includes(FOREGROUND)) {
        const deps = dependentsOf(uid);
        for (const [resource, dep] of deps) if (!dep.metadata.deletionTimestamp) remove(resource, dep);
        if (dependentsOf(uid).length === 0) removeFinalizer(pending!.resource, owner, FOREGROUND);
        return;
      }
    }
    for (const [resource, dep] of dependentsOf(uid)) attemptToDelete(resource, dep);
  }

  /** attemptToDeleteItem: delete when no owner is left, else drop the references that dangle. */
  function attemptToDelete(resource: string, obj: KubeObject): void {
    if (obj.metadata.deletionTimestamp) return;
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const dangling = new Set<string>();
    let solid = 0;
    for (const ref of refs) {
      const owner = lookupOwner(obj, ref);
      if (owner === undefined) dangling.add(ref.uid);
      else solid++;
    }
    if (dangling.size === 0) return;
    if (solid === 0) remove(resource, obj);
    else removeRefs(resource, obj, dangling);
  }

  function remove(resource: string, obj: KubeObject): void {
    const res = api.delete(resource, obj.metadata.namespace ?? '', obj.metadata.name!, { actor: ACTOR });
    if (res.ok) note('Delete', obj, `Deleting ${obj.kind} ${obj.metadata.namespace ? obj.metadata.namespace + '/' : ''}${obj.metadata.name}: all owners are gone`);
  }

  function removeRefs(resource: string, obj: KubeObject, uids: Set<string>): void {
    const rest = (obj.metadata.ownerReferences ?? []).filter((r) => !uids.has(r.uid));
    api.update(resource, { ...obj, metadata: { ...obj.metadata, ownerReferences: rest.length ? rest : undefined } }, { actor: ACTOR });
  }

  function removeFinalizer(resource: string, obj: KubeObject, finalizer: string): void {
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    api.update(resource, { ...obj, metadata: { ...obj.metadata, finalizers: rest.length ? rest : undefined } }, { actor: ACTOR });
  }

  return { stop: () => unwatch.forEach((u) => u()) };
}
