// Which container logs `kubectl logs` asks for (polymorphichelpers/logsforobject.go): a pod's
// named, annotated-default or first container (or all of them), every pod of a -l list, and for
// a workload or Service the first of its pods in podutils.ByLogging order (waiting up to
// --pod-running-timeout for one to appear). The notes kubectl writes to stderr come along.

import { labelSelectorAsSelector, selectorFromSet, type Selector } from '../../api/labels.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import type { Container, KubeObject, LabelSelector, Pod } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';

export interface LogRequest {
  pod: Pod;
  container: string;
}

export type TargetResult = { ok: true; requests: LogRequest[]; notes: string } | { ok: false; notes: string; error: string };

export interface TargetOptions {
  container: string;
  allContainers: boolean;
  allPods: boolean;
  podRunningTimeoutMs: number;
}

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

const ephemeral = (pod: Pod): Container[] => (pod.spec['ephemeralContainers'] as Container[] | undefined) ?? [];

/** podcmd.AllContainerNames: containers, then ephemeral and init ones, marked. */
function allContainerNames(pod: Pod): string {
  return [...pod.spec.containers.map((c) => c.name), ...ephemeral(pod).map((c) => `${c.name} (ephem)`), ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`)].join(', ');
}

const hasContainer = (pod: Pod, name: string): boolean => [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...ephemeral(pod)].some((c) => c.name === name);

function podRequests(pod: Pod, o: TargetOptions, allPods: boolean): TargetResult {
  const name = pod.metadata.name ?? '';
  if (o.allContainers) {
    // Go collects these in a map, so real kubectl prints them in random order; spec order here.
    const names = [...(pod.spec.initContainers ?? []), ...pod.spec.containers, ...ephemeral(pod)].map((c) => c.name);
    return { ok: true, requests: names.map((container) => ({ pod, container })), notes: '' };
  }
  let container = o.container;
  let notes = '';
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION] ?? '';
  if (container === '' && annotated !== '') {
    if (hasContainer(pod, annotated)) container = annotated;
    else notes += `Default container name "${annotated}" not found in pod ${name}\n`;
  }
  if (container === '') {
    container = pod.spec.containers[0]!.name;
    const several = pod.spec.containers.length > 1 || (pod.spec.initContainers ?? []).length > 0 || ephemeral(pod).length > 0;
    if (several && !allPods) notes += `Defaulted container "${container}" out of: ${allContainerNames(pod)}\n`;
  }
  if (!hasContainer(pod, container)) return { ok: false, notes, error: `error: container ${container} is not valid for pod ${name}\n` };
  return { ok: true, requests: [{ pod, container }], notes };
}

/** Go's %T of the typed object the builder decoded: `*v1.ConfigMap`. */
const goType = (info: ResourceInfo): string => `*${info.version}.${info.kind}`;

/** polymorphichelpers.SelectorsForObject for the kinds that have pods. */
function selectorFor(obj: KubeObject, info: ResourceInfo): { ok: true; selector: Selector } | { ok: false; error: string } {
  const spec = (obj as { spec?: { selector?: unknown } }).spec;
  switch (info.kind) {
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Deployment':
    case 'Job': {
      const r = labelSelectorAsSelector(spec?.selector as LabelSelector | undefined);
      return r.ok ? r : { ok: false, error: `invalid label selector: ${r.error}` };
    }
    case 'ReplicationController':
      return { ok: true, selector: selectorFromSet(spec?.selector as Record<string, string> | undefined) };
    case 'Service': {
      const sel = spec?.selector as Record<string, string> | undefined;
      if (!sel || Object.keys(sel).length === 0) return { ok: false, error: `invalid service '${obj.metadata.name ?? ''}': Service is defined without a selector` };
      return { ok: true, selector: selectorFromSet(sel) };
    }
    default:
      return { ok: false, error: `selector for ${goType(info)} not implemented` };
  }
}

const isReady = (p: Pod): boolean => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** podutils.ByLogging: the pod whose logs are most interesting first. */
export function sortByLogging(sim: Simulation, pods: Pod[]): Pod[] {
  const time = (t: string | undefined): number | undefined => (t ? sim.clock.parse(t) : undefined);
  const readyTime = (p: Pod) => (isReady(p) ? time(p.status.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime) : undefined);
  // afterOrZero(a, b): a zero time sorts last; otherwise the earlier one first.
  const afterOrZero = (a: number | undefined, b: number | undefined): boolean => (a === undefined || b === undefined ? a === undefined : a > b);
  const phaseRank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const restarts = (p: Pod): number => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount));
  const less = (a: Pod, b: Pod): boolean => {
    const na = a.spec.nodeName ?? '', nb = b.spec.nodeName ?? '';
    if (na !== nb && (na === '' || nb === '')) return na !== '';
    const pa = phaseRank[a.status?.phase ?? ''] ?? 0, pb = phaseRank[b.status?.phase ?? ''] ?? 0;
    if (pa !== pb) return pa < pb;
    if (isReady(a) !== isReady(b)) return isReady(a);
    if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a));
    if (restarts(a) !== restarts(b)) return restarts(a) > restarts(b);
    const ca = time(a.metadata.creationTimestamp), cb = time(b.metadata.creationTimestamp);
    if (ca !== cb) return afterOrZero(cb, ca);
    return false;
  };
  return [...pods].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/** GetFirstPod: the pods that match now, or the first one to appear before the timeout. */
function podsFor(sim: Simulation, namespace: string, selector: Selector, timeoutMs: number): Pod[] {
  const matching = () => sim.api.list<Pod>('pods', namespace, (p) => selector.matches(p.metadata.labels));
  const now = matching();
  if (now.length > 0) return sortByLogging(sim, now);
  let seen: Pod | undefined;
  const stop = sim.api.watch('pods', (e) => {
    if (!seen && e.type !== 'DELETED' && selector.matches(e.object.metadata.labels)) seen = e.object as Pod;
  }, namespace);
  try {
    // The watch waits in virtual time: the cluster keeps running meanwhile.
    const deadline = sim.clock.now() + timeoutMs;
    while (!seen && sim.clock.now() < deadline) sim.advance(Math.min(100, deadline - sim.clock.now()));
  } finally {
    stop();
  }
  return seen ? [sim.api.get<Pod>('pods', namespace, seen.metadata.name ?? '') ?? seen] : [];
}

/** LogsForObject / AllPodLogsForObject for a pod, a -l pod list, or a pod controller. */
export function logsTargets(sim: Simulation, target: { pods: Pod[] } | { object: KubeObject; info: ResourceInfo }, o: TargetOptions): TargetResult {
  const all = (pods: Pod[], notes: string): TargetResult => {
    const requests: LogRequest[] = [];
    for (const pod of pods) {
      const r = podRequests(pod, o, o.allPods);
      notes += r.notes;
      if (!r.ok) return { ok: false, notes, error: r.error };
      requests.push(...r.requests);
    }
    return { ok: true, requests, notes };
  };
  if ('pods' in target) return all(target.pods, '');
  const { object, info } = target;
  if (info.kind === 'Pod') return all([object as Pod], '');
  const sel = selectorFor(object, info);
  if (!sel.ok) return { ok: false, notes: '', error: `error: cannot get the logs from ${goType(info)}: ${sel.error}\n` };
  const pods = podsFor(sim, object.metadata.namespace ?? 'default', sel.selector, o.podRunningTimeoutMs);
  if (pods.length === 0) return { ok: false, notes: '', error: 'error: timed out waiting for the condition\n' };
  if (pods.length > 1 && o.allPods) return all(pods, '');
  const notes = pods.length > 1 ? `Found ${pods.length} pods, using pod/${pods[0]!.metadata.name ?? ''}\n` : '';
  return all([pods[0]!], notes);
}
