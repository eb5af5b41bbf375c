// The DaemonSet controller (pkg/controller/daemon): one pod per eligible node, pinned with a
// required node affinity on metadata.name, tolerating the node-condition taints the controller
// adds, labelled with controller-revision-hash and pod-template-generation; RollingUpdate
// replaces old pods within maxUnavailable; status counts per node.

import { deepEqual } from '../../api/deepEqual.ts';
import { selectorMatcher } from '../../api/kinds/selectors.ts';
import type { DaemonSet, Node, Pod, PodSpec, PodTemplateSpec, Toleration } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';
import { legacyRecorder } from '../events/recorder.ts';
import { matchesRequiredAffinity, noScheduleOrExecute, untoleratedTaint } from '../scheduler/predicates.ts';
import { WorkQueue, nsKey, splitKey } from '../workqueue.ts';
import { computeDaemonSetHash } from './hash.ts';
import { scaledValue } from './intstr.ts';
import {
  IDX_CONTROLLER,
  IDX_ORPHAN,
  byCreation,
  controllerRefOf,
  ensureWorkloadIndexes,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  relevantPodChange,
  slowStartBatch,
} from './podutil.ts';
import type { ControllerHandle } from './replicaset.ts';

const ACTOR = 'daemon-set-controller';
export const DS_BURST_REPLICAS = 250;
export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
  conditions?: unknown[];
}

/** util.AddOrUpdateDaemonPodTolerations: DaemonSet pods survive node problems. */
export function addDaemonTolerations(spec: PodSpec): Toleration[] {
  let tolerations = [...(spec.tolerations ?? [])];
  const add = (key: string, effect: string): void => {
    const t: Toleration = { key, operator: 'Exists', effect };
    const same = (x: Toleration) => x.key === t.key && x.effect === t.effect && (x.operator ?? '') === t.operator && (x.value ?? '') === '';
    const i = tolerations.findIndex(same);
    if (i < 0) tolerations.push(t);
    else if (!deepEqual(tolerations[i], t)) tolerations = tolerations.map((x, j) => (j === i ? t : x));
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  return tolerations;
}

/** NodeShouldRunDaemonPod: [shouldRun, shouldContinueRunning]. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): [boolean, boolean] {
  const spec = ds.spec.template.spec;
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return [false, false];
  if (!matchesRequiredAffinity(spec, node)) return [false, false];
  const tolerations = addDaemonTolerations(spec);
  if (untoleratedTaint(node.spec?.taints, tolerations, noScheduleOrExecute)) {
    // Already running pods stay unless a NoExecute taint evicts them.
    return [false, !untoleratedTaint(node.spec?.taints, tolerations, (t) => t.effect === 'NoExecute')];
  }
  return [true, true];
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: pin the pod to one node through the scheduler. */
function pinToNode(affinity: Record<string, unknown> | undefined, node: string): Record<string, unknown> {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] };
  const required = { nodeSelectorTerms: [term] };
  const nodeAffinity = (affinity?.nodeAffinity ?? {}) as Record<string, unknown>;
  const existing = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution as Record<string, unknown> | undefined;
  return {
    ...(affinity ?? {}),
    nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: existing ? { ...existing, nodeSelectorTerms: [term] } : required },
  };
}

/** The node a daemon pod is for: spec.nodeName or its metadata.name affinity. */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms = (pod.spec.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { key: string; operator: string; values?: string[] }[] }[] } } } | undefined)
    ?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const t of terms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

const templateGeneration = (ds: DaemonSet): string =>
  ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? String(ds.metadata.generation ?? 1);

const isPodUpdated = (pod: Pod, hash: string, generation: string): boolean =>
  pod.metadata.labels?.[REVISION_HASH_LABEL] === hash || pod.metadata.labels?.[TEMPLATE_GENERATION_LABEL] === generation;

export function startDaemonSetController(ctx: ControllerContext): ControllerHandle {
  const { api, clock, journal } = ctx;
  ensureWorkloadIndexes(api);
  const queue = new WorkQueue(ctx.scheduler, ACTOR, (key) => sync(key));
  // The daemon-set controller's event source is spelled "daemonset-controller".
  const recorder = legacyRecorder(ctx, { component: 'daemonset-controller' });
  /** Journals what the controller did and records it as the Event upstream emits. */
  const note = (ds: DaemonSet, action: string, detail: string): void => {
    journal.append({ type: 'controller', controller: ACTOR, action, namespace: ds.metadata.namespace ?? '', name: ds.metadata.name!, detail });
    recorder.event(ds, action.startsWith('Failed') ? 'Warning' : 'Normal', action, detail);
  };
  const enqueueAll = (): void => {
    for (const ds of api.list('daemonsets')) queue.add(nsKey(ds.metadata.namespace, ds.metadata.name));
  };
  const nodes = (): Node[] => api.list<Node>('nodes');
  // Whether a node runs a daemon depends only on the node and the pod template: cached per
  // (node version, template version), so 1,000 syncs over 1,000 nodes stay cheap.
  const runCache = new WeakMap<Node, Map<string, { spec: unknown; r: [boolean, boolean] }>>();
  const runsOn = (node: Node, ds: DaemonSet): [boolean, boolean] => {
    let m = runCache.get(node);
    if (!m) runCache.set(node, (m = new Map()));
    const c = m.get(ds.metadata.uid!);
    if (c && c.spec === ds.spec.template.spec) return c.r;
    const r = nodeShouldRunDaemonPod(node, ds);
    m.set(ds.metadata.uid!, { spec: ds.spec.template.spec, r });
    return r;
  };

  const unwatch = [
    api.watch('daemonsets', (ev) => queue.add(nsKey(ev.object.metadata.namespace, ev.object.metadata.name))),
    api.watch('pods', (ev) => {
      if (ev.type === 'MODIFIED' && ev.old && !relevantPodChange(ev.old as Pod, ev.object as Pod)) return;
      for (const p of [ev.old, ev.object]) {
        const ref = p && controllerRefOf(p);
        if (ref?.kind === 'DaemonSet') queue.add(nsKey(p!.metadata.namespace, ref.name));
      }
      if (!controllerRefOf(ev.object) && ev.type !== 'DELETED') {
        for (const ds of api.list<DaemonSet>('daemonsets', ev.object.metadata.namespace)) {
          if (selectorMatcher(ds.spec.selector)?.(ev.object.metadata.labels)) queue.add(nsKey(ds.metadata.namespace, ds.metadata.name));
        }
      }
    }),
    api.watch('nodes', (ev) => {
      const old = ev.old as Node | undefined;
      const cur = ev.object as Node;
      // Heartbeats alone do not change where daemons run.
      if (ev.type === 'MODIFIED' && old && deepEqual(old.metadata.labels, cur.metadata.labels) && deepEqual(old.spec, cur.spec)) return;
      enqueueAll();
    }),
  ];

  /** Pods owned by the DaemonSet (adopting matching orphans), by target node. */
  function nodeToDaemonPods(ds: DaemonSet): Map<string, Pod[]> {
    const matches = selectorMatcher(ds.spec.selector);
    const out = new Map<string, Pod[]>();
    if (!matches) return out;
    const add = (pod: Pod): void => {
      // Terminal pods that are already being deleted no longer count.
      if ((pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') && pod.metadata.deletionTimestamp) return;
      const node = targetNode(pod);
      if (node === undefined) return;
      const list = out.get(node) ?? [];
      list.push(pod);
      out.set(node, list);
    };
    for (const pod of api.byIndex<Pod>('pods', IDX_CONTROLLER, ds.metadata.uid!)) if (matches(pod.metadata.labels)) add(pod);
    if (!ds.metadata.deletionTimestamp) {
      for (const pod of api.byIndex<Pod>('pods', IDX_ORPHAN, ds.metadata.namespace ?? '')) {
        if (pod.metadata.deletionTimestamp || !matches(pod.metadata.labels)) continue;
        const res = api.update<Pod>('pods', { ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), newControllerRef(ds)] } }, { actor: ACTOR });
        if (res.ok) add(res.object);
      }
    }
    return out;
  }

  function sync(key: string): void {
    const [ns, name] = splitKey(key);
    const ds = api.get<DaemonSet>('daemonsets', ns, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const status = ds.status as DaemonSetStatus | undefined;
    const hash = computeDaemonSetHash(ds.spec.template, status?.collisionCount);
    const nodeList = nodes();
    manage(ds, nodeList, hash);
    if (((ds.spec.updateStrategy as { type?: string } | undefined)?.type ?? 'RollingUpdate') === 'RollingUpdate') rollingUpdate(ds, nodeList, hash);
    updateStatus(api.get<DaemonSet>('daemonsets', ns, name) ?? ds, nodeList, hash);
  }

  function manage(ds: DaemonSet, nodeList: Node[], hash: string): void {
    const byNode = nodeToDaemonPods(ds);
    const needing: string[] = [];
    const toDelete: Pod[] = [];
    for (const node of nodeList) {
      const [shouldRun, shouldContinue] = runsOn(node, ds);
      const pods = byNode.get(node.metadata.name!);
      if (shouldRun && !pods) needing.push(node.metadata.name!);
      else if (shouldContinue && pods) {
        const running: Pod[] = [];
        for (const pod of pods) {
          if (pod.metadata.deletionTimestamp) continue;
          if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') toDelete.push(pod);
          else running.push(pod);
        }
        // Without surge, keep the oldest of several running daemon pods.
        if (running.length > 1) toDelete.push(...running.sort(byCreation(clock)).slice(1));
      } else if (!shouldContinue && pods) {
        toDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
      }
    }
    syncNodes(ds, toDelete, needing, hash);
  }

  function syncNodes(ds: DaemonSet, toDelete: Pod[], needing: string[], hash: string): void {
    const template = podTemplate(ds, hash);
    let i = 0;
    slowStartBatch(Math.min(needing.length, DS_BURST_REPLICAS), 1, () => {
      const node = needing[i++]!;
      const pod: Pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          generateName: `${ds.metadata.name}-`,
          namespace: ds.metadata.namespace,
          labels: template.metadata.labels,
          ...(template.metadata.annotations ? { annotations: template.metadata.annotations } : {}),
          ownerReferences: [newControllerRef(ds)],
        },
        spec: { ...template.spec, affinity: pinToNode(template.spec.affinity as Record<string, unknown> | undefined, node) },
        status: {},
      };
      const res = api.create<Pod>('pods', pod, { actor: ACTOR });
      if (res.ok) note(ds, 'SuccessfulCreate', `Created pod: ${res.object.metadata.name}`);
      else note(ds, 'FailedCreate', `Error creating: ${res.status.message}`);
      return res.ok;
    });
    for (const pod of toDelete.slice(0, DS_BURST_REPLICAS)) {
      const res = api.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name!, { actor: ACTOR });
      if (res.ok) note(ds, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    }
  }

  /** util.CreatePodTemplate: generation and revision labels plus the daemon tolerations. */
  function podTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
    const t = ds.spec.template;
    const labels = { ...(t.metadata?.labels ?? {}), [TEMPLATE_GENERATION_LABEL]: templateGeneration(ds), [REVISION_HASH_LABEL]: hash };
    return { ...t, metadata: { ...t.metadata, labels }, spec: { ...t.spec, tolerations: addDaemonTolerations(t.spec) } };
  }

  /** RollingUpdate without surge: delete old pods while unavailability stays within maxUnavailable. */
  function rollingUpdate(ds: DaemonSet, nodeList: Node[], hash: string): void {
    const byNode = nodeToDaemonPods(ds);
    const generation = templateGeneration(ds);
    const desired = nodeList.filter((n) => runsOn(n, ds)[0]).length;
    const ru = (ds.spec.updateStrategy as { rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } } | undefined)?.rollingUpdate;
    let maxUnavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true);
    const maxSurge = scaledValue(ru?.maxSurge ?? 0, desired, true);
    if (maxSurge !== 0) return; // surge rollouts are not modelled
    if (maxUnavailable === 0) maxUnavailable = 1;
    const minReady = (ds.spec.minReadySeconds as number | undefined) ?? 0;
    let unavailable = 0;
    const replacements: Pod[] = [];
    const candidates: Pod[] = [];
    for (const node of [...byNode.keys()].sort()) {
      let newPod: Pod | undefined, oldPod: Pod | undefined, ok = true;
      for (const pod of byNode.get(node)!) {
        if (pod.metadata.deletionTimestamp) continue;
        if (isPodUpdated(pod, hash, generation)) {
          if (newPod) ok = false;
          newPod = pod;
        } else {
          if (oldPod) ok = false;
          oldPod = pod;
        }
      }
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
      else if (newPod) {
        if (!isPodAvailable(newPod, minReady, clock)) unavailable++;
      } else if (!isPodAvailable(oldPod!, minReady, clock)) replacements.push(oldPod!);
      else if (unavailable < maxUnavailable) candidates.push(oldPod!);
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    const toDelete = [...replacements, ...candidates.slice(0, remaining)];
    if (toDelete.length) syncNodes(ds, toDelete, [], hash);
  }

  function updateStatus(ds: DaemonSet, nodeList: Node[], hash: string): void {
    const byNode = nodeToDaemonPods(ds);
    const generation = templateGeneration(ds);
    const minReady = (ds.spec.minReadySeconds as number | undefined) ?? 0;
    let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    for (const node of nodeList) {
      const [shouldRun] = runsOn(node, ds);
      const pods = byNode.get(node.metadata.name!);
      if (shouldRun) {
        desired++;
        if (!pods) continue;
        current++;
        const pod = [...pods].sort(byCreation(clock))[0]!;
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReady, clock)) available++;
        }
        if (isPodUpdated(pod, hash, generation)) updated++;
      } else if (pods) misscheduled++;
    }
    // apps/v1 DaemonSetStatus: the first four are always written, the rest omitted when zero.
    const status: DaemonSetStatus = { currentNumberScheduled: current, numberMisscheduled: misscheduled, desiredNumberScheduled: desired, numberReady: ready };
    status.observedGeneration = ds.metadata.generation ?? 1;
    if (updated) status.updatedNumberScheduled = updated;
    if (available) status.numberAvailable = available;
    if (desired - available) status.numberUnavailable = desired - available;
    const old = ds.status as DaemonSetStatus | undefined;
    if (old?.collisionCount !== undefined) status.collisionCount = old.collisionCount;
    if (old?.conditions) status.conditions = old.conditions;
    if (!deepEqual(old, status)) api.updateStatus('daemonsets', { ...ds, status }, { actor: ACTOR, trusted: true });
    if (minReady > 0 && ready !== available) {
      ctx.scheduler.after(minReady * 1000, () => queue.add(nsKey(ds.metadata.namespace, ds.metadata.name)), { label: `${ACTOR} minReadySeconds` });
    }
  }

  return { stop: () => unwatch.forEach((u) => u()) };
}
