// Pod and owner helpers shared by the workload controllers (k8s.io/kubernetes/pkg/api/v1/pod
// and pkg/controller/controller_utils.go): readiness, availability, activity, controller
// references and the secondary indexes the controllers look pods up by.

import type { ApiServer } from '../../api/store.ts';
import type { KubeObject, OwnerReference, Pod, PodCondition } from '../../api/types.ts';
import type { Clock } from '../../sim/clock.ts';

export const getCondition = (pod: Pod, type: string): PodCondition | undefined =>
  pod.status?.conditions?.find((c) => c.type === type);

export const isPodReady = (pod: Pod): boolean => getCondition(pod, 'Ready')?.status === 'True';

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, clock: Clock): boolean {
  const c = getCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? clock.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < clock.now();
}

/** Not terminating and not in a terminal phase (controller.IsPodActive). */
export const isPodActive = (pod: Pod): boolean =>
  pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !pod.metadata.deletionTimestamp;

export const controllerRefOf = (obj: KubeObject): OwnerReference | undefined =>
  obj.metadata.ownerReferences?.find((r) => r.controller === true);

/** metav1.NewControllerRef. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function labelsContain(labels: Record<string, string> | undefined, subset: Record<string, string> | undefined): boolean {
  for (const [k, v] of Object.entries(subset ?? {})) if (labels?.[k] !== v) return false;
  return true;
}

/** Orders by creationTimestamp, then name (controller.ReplicaSetsByCreationTimestamp). */
export function byCreation(clock: Clock): (a: KubeObject, b: KubeObject) => number {
  return (a, b) => {
    const ta = clock.parse(a.metadata.creationTimestamp ?? '');
    const tb = clock.parse(b.metadata.creationTimestamp ?? '');
    if (ta !== tb) return ta - tb;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
  };
}

// Secondary indexes shared by the workload controllers, the scheduler and the kubelets.
export const IDX_CONTROLLER = 'workloads/controller-uid';
export const IDX_ORPHAN = 'workloads/orphan-namespace';
export const IDX_NODE = 'workloads/node';

/** Adds the indexes once per API server (addIndex ignores repeats). */
export function ensureWorkloadIndexes(api: ApiServer): void {
  for (const resource of ['pods', 'replicasets']) {
    api.addIndex(resource, IDX_CONTROLLER, (o) => {
      const ref = controllerRefOf(o);
      return ref ? [ref.uid] : [];
    });
    api.addIndex(resource, IDX_ORPHAN, (o) => (controllerRefOf(o) ? [] : [o.metadata.namespace ?? '']));
  }
  api.addIndex('pods', IDX_NODE, (o) => {
    const node = (o as Pod).spec?.nodeName;
    return node ? [node] : [];
  });
}

/** Go's time.Duration.String() for whole seconds (10s, 1m20s, 5m0s). */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${m}m${s % 60}s` : `${m}m${s % 60}s`;
}

/**
 * controller.slowStartBatch: calls `fn` in batches of 1, 2, 4, … and stops after a batch with a
 * failure, so a controller that cannot create pods (quota, terminating namespace) does not
 * flood the API server with doomed requests. Returns the number of successes.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => boolean): number {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let failed = false;
    for (let i = 0; i < batch; i++) {
      if (fn()) successes++;
      else failed = true;
    }
    if (failed) return successes;
    remaining -= batch;
  }
  return successes;
}

/** A pod change a workload controller acts on: not every status write (PLEG syncs) is one. */
export function relevantPodChange(old: Pod, cur: Pod): boolean {
  return (
    old.metadata.labels !== cur.metadata.labels ||
    old.metadata.ownerReferences !== cur.metadata.ownerReferences ||
    old.metadata.deletionTimestamp !== cur.metadata.deletionTimestamp ||
    old.status?.phase !== cur.status?.phase ||
    old.spec.nodeName !== cur.spec.nodeName ||
    readyCondition(old) !== readyCondition(cur)
  );
}

function readyCondition(p: Pod): string {
  const c = p.status?.conditions?.find((x) => x.type === 'Ready');
  return c ? `${c.status}@${c.lastTransitionTime ?? ''}` : '';
}
