// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps spec.replicas
// active pods, created from the template with generateName `<rs>-` in slow-start batches of at
// most burstReplicas per sync, deletes the best candidates when there are too many, adopts
// matching orphans, and reports status (replicas, fullyLabeled, ready, available).

import { deepEqual } from '../../api/deepEqual.ts';
import { selectorMatcher } from '../../api/kinds/selectors.ts';
import type { KubeObject, Pod, ReplicaSet } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';
import { legacyRecorder } from '../events/recorder.ts';
import { WorkQueue, nsKey, splitKey } from '../workqueue.ts';
import {
  IDX_CONTROLLER,
  IDX_ORPHAN,
  controllerRefOf,
  ensureWorkloadIndexes,
  isPodActive,
  isPodAvailable,
  isPodReady,
  labelsContain,
  newControllerRef,
  relevantPodChange,
  slowStartBatch,
} from './podutil.ts';
import { podsToDelete } from './ranking.ts';

const ACTOR = 'replicaset-controller';
export const BURST_REPLICAS = 500;

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: { type: string; status: string; lastTransitionTime: string; reason: string; message: string }[];
}

interface Tally {
  template: unknown;
  selector: unknown;
  fully: (labels: Record<string, string> | undefined) => boolean;
  active: number;
  labeled: number;
  ready: number;
  /** A controlled pod was relabelled: check who still matches before trusting the counts. */
  suspect: boolean;
}

export interface ControllerHandle {
  stop(): void;
}

export function startReplicaSetController(ctx: ControllerContext, opts: { burstReplicas?: number } = {}): ControllerHandle {
  const { api, clock, journal } = ctx;
  const burst = opts.burstReplicas ?? BURST_REPLICAS;
  ensureWorkloadIndexes(api);
  const queue = new WorkQueue(ctx.scheduler, ACTOR, (key) => sync(key));
  const recorder = legacyRecorder(ctx, { component: ACTOR });
  /** Journals what the controller did and records it as the Event upstream emits. */
  const note = (action: string, rs: KubeObject, detail: string): void => {
    journal.append({ type: 'controller', controller: ACTOR, action, namespace: rs.metadata.namespace ?? '', name: rs.metadata.name ?? '', detail });
    recorder.event(rs, action.startsWith('Failed') ? 'Warning' : 'Normal', action, detail);
  };

  /** Orphans are offered to every ReplicaSet in the namespace whose selector matches. */
  const enqueueMatching = (pod: Pod): void => {
    for (const rs of api.list<ReplicaSet>('replicasets', pod.metadata.namespace)) {
      if (selectorMatcher(rs.spec.selector)?.(pod.metadata.labels)) queue.add(nsKey(rs.metadata.namespace, rs.metadata.name));
    }
  };
  const enqueueOwner = (pod: KubeObject): void => {
    const ref = controllerRefOf(pod);
    if (ref?.kind === 'ReplicaSet') queue.add(nsKey(pod.metadata.namespace, ref.name));
  };

  // Per ReplicaSet, running counts of its active, fully labelled and ready pods, kept up to
  // date from pod events: a sync of a 10,000-pod ReplicaSet does not walk its pods unless it
  // must pick pods to delete (upstream walks them; the outcome is the same).
  const tallies = new Map<string, Tally>();
  const tallyPod = (p: Pod, sign: 1 | -1): void => {
    const ref = controllerRefOf(p);
    const t = ref?.kind === 'ReplicaSet' ? tallies.get(ref.uid) : undefined;
    if (!t || !isPodActive(p)) return;
    t.active += sign;
    if (t.fully(p.metadata.labels)) t.labeled += sign;
    if (isPodReady(p)) t.ready += sign;
  };
  function tallyFor(rs: ReplicaSet): Tally {
    const existing = tallies.get(rs.metadata.uid!);
    if (existing && existing.template === rs.spec.template.metadata?.labels && existing.selector === rs.spec.selector && !existing.suspect) return existing;
    const entries = Object.entries(rs.spec.template.metadata?.labels ?? {});
    const t: Tally = {
      template: rs.spec.template.metadata?.labels,
      selector: rs.spec.selector,
      fully: (l) => entries.every(([k, v]) => l?.[k] === v),
      active: 0,
      labeled: 0,
      ready: 0,
      suspect: false,
    };
    tallies.set(rs.metadata.uid!, t);
    for (const p of api.byIndex<Pod>('pods', IDX_CONTROLLER, rs.metadata.uid!)) tallyPod(p, 1);
    return t;
  }

  const unwatchRs = api.watch('replicasets', (ev) => {
    if (ev.type === 'DELETED') tallies.delete(ev.object.metadata.uid!);
    // Its own status writes change nothing a sync would act on (upstream resyncs anyway).
    if (ev.type === 'MODIFIED' && ev.old && ev.old.spec === ev.object.spec && ev.old.metadata.labels === ev.object.metadata.labels && ev.old.metadata.deletionTimestamp === ev.object.metadata.deletionTimestamp) return;
    queue.add(nsKey(ev.object.metadata.namespace, ev.object.metadata.name));
  });
  const unwatchPods = api.watch('pods', (ev) => {
    const pod = ev.object as Pod;
    const old = ev.old as Pod | undefined;
    if (old) tallyPod(old, -1);
    if (ev.type !== 'DELETED') tallyPod(pod, 1);
    // Status writes that leave readiness, phase and placement alone cannot change a sync's outcome.
    if (ev.type === 'MODIFIED' && old && !relevantPodChange(old, pod)) return;
    if (old) enqueueOwner(old);
    const ref = controllerRefOf(pod);
    if (ref) {
      // Relabelled: it may have to be released at the next sync.
      if (old && old.metadata.labels !== pod.metadata.labels) {
        const t = tallies.get(ref.uid);
        if (t) t.suspect = true;
      }
      enqueueOwner(pod);
    } else if (ev.type !== 'DELETED' && !pod.metadata.deletionTimestamp) {
      if (!old || controllerRefOf(old) || !labelsEqual(old.metadata.labels, pod.metadata.labels)) enqueueMatching(pod);
    }
  });

  function sync(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = api.get<ReplicaSet>('replicasets', ns, name);
    if (!rs) return;
    const matches = selectorMatcher(rs.spec.selector);
    if (!matches) return;
    const t0 = tallies.get(rs.metadata.uid!);
    if (t0?.suspect || t0?.selector !== rs.spec.selector) releasePods(rs, matches);
    adoptOrphans(rs, matches);
    const t = tallyFor(rs);
    // Status reflects what this sync saw; the pods it creates or deletes count on the next one.
    const seen = { active: t.active, labeled: t.labeled, ready: t.ready };
    let err: string | undefined;
    if (!rs.metadata.deletionTimestamp) err = manageReplicas(rs, seen.active, matches);
    const current = api.get<ReplicaSet>('replicasets', ns, name) ?? rs;
    const status = calculateStatus(current, seen, err);
    if (!sameStatus(current.status as ReplicaSetStatus | undefined, status)) {
      api.updateStatus('replicasets', { ...current, status }, { actor: ACTOR, trusted: true });
    }
    const minReady = (rs.spec.minReadySeconds as number | undefined) ?? 0;
    const replicas = rs.spec.replicas ?? 1;
    if (!err && minReady > 0 && (status.readyReplicas ?? 0) === replicas && (status.availableReplicas ?? 0) !== replicas) {
      ctx.scheduler.after(minReady * 1000, () => queue.add(key), { label: `${ACTOR} minReadySeconds` });
    }
  }

  /** Active pods the ReplicaSet controls that match its selector. */
  const activePods = (rs: ReplicaSet, matches: (l: Record<string, string> | undefined) => boolean): Pod[] =>
    api.byIndex<Pod>('pods', IDX_CONTROLLER, rs.metadata.uid!).filter((p) => isPodActive(p) && matches(p.metadata.labels));

  /** Pods it controls that no longer match its selector are released (ownerReference removed). */
  function releasePods(rs: ReplicaSet, matches: (l: Record<string, string> | undefined) => boolean): void {
    if (rs.metadata.deletionTimestamp) return;
    for (const pod of api.byIndex<Pod>('pods', IDX_CONTROLLER, rs.metadata.uid!)) {
      if (matches(pod.metadata.labels) || pod.metadata.deletionTimestamp) continue;
      const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
      api.update('pods', { ...pod, metadata: { ...pod.metadata, ownerReferences: refs.length ? refs : undefined } }, { actor: ACTOR });
    }
    tallies.delete(rs.metadata.uid!);
  }

  /** Matching orphans in the namespace get the ReplicaSet as controller. */
  function adoptOrphans(rs: ReplicaSet, matches: (l: Record<string, string> | undefined) => boolean): void {
    if (rs.metadata.deletionTimestamp) return;
    for (const pod of api.byIndex<Pod>('pods', IDX_ORPHAN, rs.metadata.namespace ?? '')) {
      if (pod.metadata.deletionTimestamp || !matches(pod.metadata.labels)) continue;
      const refs = [...(pod.metadata.ownerReferences ?? []), newControllerRef(rs)];
      api.update<Pod>('pods', { ...pod, metadata: { ...pod.metadata, ownerReferences: refs } }, { actor: ACTOR });
    }
  }

  /** Returns the error of a failed create or delete (it becomes the ReplicaFailure condition). */
  function manageReplicas(rs: ReplicaSet, active: number, matches: (l: Record<string, string> | undefined) => boolean): string | undefined {
    const diff = active - (rs.spec.replicas ?? 1);
    let err: string | undefined;
    if (diff < 0) {
      slowStartBatch(Math.min(-diff, burst), 1, () => {
        const res = api.create<Pod>('pods', podFromTemplate(rs), { actor: ACTOR });
        if (res.ok) {
          note('SuccessfulCreate', rs, `Created pod: ${res.object.metadata.name}`);
          return true;
        }
        err = res.status.message;
        note('FailedCreate', rs, `Error creating: ${res.status.message}`);
        return false;
      });
    } else if (diff > 0) {
      const victims = podsToDelete(activePods(rs, matches), relatedPods(rs), Math.min(diff, burst), clock);
      for (const pod of victims) {
        const res = api.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name!, { actor: ACTOR });
        if (res.ok) note('SuccessfulDelete', rs, `Deleted pod: ${pod.metadata.name}`);
        else if (res.status.reason !== 'NotFound') err = res.status.message;
      }
    }
    return err;
  }

  /** Pods of every ReplicaSet under the same controller (for ranking by colocation). */
  function relatedPods(rs: ReplicaSet): Pod[] {
    const ref = controllerRefOf(rs);
    if (!ref) return [];
    const out: Pod[] = [];
    for (const sibling of api.byIndex<ReplicaSet>('replicasets', IDX_CONTROLLER, ref.uid)) {
      out.push(...api.byIndex<Pod>('pods', IDX_CONTROLLER, sibling.metadata.uid!));
    }
    return out;
  }

  function calculateStatus(rs: ReplicaSet, seen: { active: number; labeled: number; ready: number }, err: string | undefined): ReplicaSetStatus {
    const minReady = (rs.spec.minReadySeconds as number | undefined) ?? 0;
    const { active, labeled, ready } = seen;
    let available = ready;
    if (minReady > 0) {
      const matches = selectorMatcher(rs.spec.selector) ?? (() => false);
      available = activePods(rs, matches).filter((p) => isPodAvailable(p, minReady, clock)).length;
    }
    // Field order and omitempty as apps/v1 ReplicaSetStatus serialises it.
    const status: ReplicaSetStatus = { replicas: active };
    if (labeled) status.fullyLabeledReplicas = labeled;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    status.observedGeneration = rs.metadata.generation ?? 1;
    const old = (rs.status as ReplicaSetStatus | undefined)?.conditions ?? [];
    const failure = old.find((c) => c.type === 'ReplicaFailure');
    if (err && !failure) {
      const reason = active < (rs.spec.replicas ?? 1) ? 'FailedCreate' : 'FailedDelete';
      status.conditions = [...old, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: clock.timestamp(), reason, message: err }];
    } else if (!err && failure) {
      const rest = old.filter((c) => c.type !== 'ReplicaFailure');
      if (rest.length) status.conditions = rest;
    } else if (old.length) status.conditions = old;
    return status;
  }

  return {
    stop: () => {
      unwatchRs();
      unwatchPods();
    },
  };
}

/** GetPodFromTemplate: the pod a ReplicaSet (or DaemonSet) creates. */
export function podFromTemplate(owner: ReplicaSet): Pod {
  const meta = owner.spec.template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [newControllerRef(owner)],
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
    },
    spec: owner.spec.template.spec,
    status: {},
  };
}

function labelsEqual(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return labelsContain(a, b) && labelsContain(b, a);
}

function sameStatus(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  return deepEqual(a, b);
}
