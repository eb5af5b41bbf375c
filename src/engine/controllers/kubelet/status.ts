// Pod status as the v1.33 kubelet writes it (generateAPIPodStatus, convertToAPIContainerStatuses,
// pkg/kubelet/status/generate.go): phase from container states, the kubelet-owned conditions
// in their order before the scheduler's PodScheduled, container statuses with the runtime's
// image reference, IDs, volume mounts and user, host and pod IPs.

import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../../api/types.ts';
import type { ContainerRuntime, PodRuntime } from './runtime.ts';

type Phase = NonNullable<PodStatus['phase']>;

/** getPhase: Pending while anything waits to start, Running, or terminal once all stopped. */
export function podPhase(pod: Pod, pr: PodRuntime): Phase {
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of pr.containers) {
    if (c.state === 'running') running++;
    else if (c.state === 'terminated') {
      stopped++;
      if (c.current?.exitCode === 0) succeeded++;
    } else if (c.lastTerminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (pr.killed) return stopped === succeeded ? 'Succeeded' : 'Failed';
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

function qosClass(pod: Pod): string {
  let requests = 0, limits = 0, guaranteed = true;
  for (const c of pod.spec.containers ?? []) {
    const r = (c.resources ?? {}) as { requests?: Record<string, string>; limits?: Record<string, string> };
    const req = r.requests ?? {}, lim = r.limits ?? {};
    requests += Object.keys(req).length;
    limits += Object.keys(lim).length;
    for (const k of ['cpu', 'memory']) if (lim[k] === undefined || (req[k] !== undefined && req[k] !== lim[k])) guaranteed = false;
  }
  if (requests + limits === 0) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const userOf = (pod: Pod, c: ContainerRuntime): { linux: { uid: number; gid: number; supplementalGroups: number[] } } => {
  type Sc = { runAsUser?: number; runAsGroup?: number; supplementalGroups?: number[] };
  const podSc = (pod.spec.securityContext ?? {}) as Sc;
  const sc = (c.spec.securityContext ?? {}) as Sc;
  const uid = sc.runAsUser ?? podSc.runAsUser ?? c.image.user.uid;
  const gid = sc.runAsGroup ?? podSc.runAsGroup ?? (uid === c.image.user.uid ? c.image.user.gid : 0);
  const groups = uid === c.image.user.uid && gid === c.image.user.gid ? [...c.image.user.supplementalGroups] : [gid];
  for (const g of podSc.supplementalGroups ?? []) if (!groups.includes(g)) groups.push(g);
  return { linux: { uid, gid, supplementalGroups: groups } };
};

function containerStatus(pod: Pod, c: ContainerRuntime, at: (ms: number) => string): ContainerStatus {
  let state: ContainerState;
  if (c.state === 'running') state = { running: { startedAt: at(c.startedAt!) } };
  else if (c.state === 'terminated') state = { terminated: { ...c.current! } };
  else state = { waiting: { reason: c.waiting.reason, ...(c.waiting.message ? { message: c.waiting.message } : {}) } };
  // apps/v1 ContainerStatus field order: name, state, lastState, ready, restartCount, image,
  // imageID, containerID, started, resources, volumeMounts, user.
  const s: ContainerStatus = {
    name: c.spec.name,
    state,
    lastState: c.lastTerminated ? { terminated: { ...c.lastTerminated } } : {},
    ready: c.ready,
    restartCount: c.restartCount,
    image: c.created ? c.image.ref : c.spec.image,
    imageID: c.created ? c.image.imageID : '',
  };
  // The most recent container's ID, also while a crashed one waits to be restarted.
  if (c.created && c.containerID) s.containerID = c.containerID;
  s.started = c.state === 'running';
  if (c.state === 'running') {
    // InPlacePodVerticalScaling (beta, on): running containers report their resources.
    const r = (c.spec.resources ?? {}) as { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
    s.resources = { ...(r.limits ? { limits: { ...r.limits } } : {}), ...(r.requests ? { requests: { ...r.requests } } : {}) };
  }
  const mounts = (c.spec.volumeMounts ?? []).map((m) => ({
    name: m.name,
    mountPath: m.mountPath,
    ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
  }));
  if (mounts.length) s.volumeMounts = mounts;
  // SupplementalGroupsPolicy (beta, on) with containerd 2: the user the process runs as.
  if (c.created) s.user = userOf(pod, c);
  return s;
}

const readyMessage = (names: string[]): string => `containers with unready status: [${names.join(' ')}]`;

/** Keeps lastTransitionTime when the condition's status did not change (status manager). */
function withTransition(c: Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>, old: PodCondition | undefined, now: string): PodCondition {
  const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
  return { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
}

export interface StatusInput {
  pod: Pod;
  pr: PodRuntime;
  hostIP: string | undefined;
  now: string;
  at: (ms: number) => string;
}

export function buildPodStatus({ pod, pr, hostIP, now, at }: StatusInput): PodStatus {
  const phase = podPhase(pod, pr);
  const old = pod.status?.conditions ?? [];
  const find = (t: string) => old.find((c) => c.type === t);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = pr.containers.filter((c) => !c.ready).map((c) => c.spec.name);
  const readiness = (type: string) =>
    terminal
      ? { type, status: 'False' as const, reason: 'PodCompleted' }
      : unready.length
        ? { type, status: 'False' as const, reason: 'ContainersNotReady', message: readyMessage(unready) }
        : { type, status: 'True' as const };
  const conditions: PodCondition[] = [
    withTransition({ type: 'PodReadyToStartContainers', status: pr.sandboxReady && !pr.killed ? 'True' : 'False' }, find('PodReadyToStartContainers'), now),
    withTransition({ type: 'Initialized', status: 'True' }, find('Initialized'), now),
    withTransition(readiness('Ready'), find('Ready'), now),
    withTransition(readiness('ContainersReady'), find('ContainersReady'), now),
  ];
  // Conditions the kubelet does not own (PodScheduled from the binding, readiness gates…) stay.
  const owned = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']);
  const others = old.filter((c) => !owned.has(c.type));
  if (!others.some((c) => c.type === 'PodScheduled')) others.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
  conditions.push(...others);

  // v1 PodStatus field order.
  const status: PodStatus = { phase, conditions };
  if (hostIP) {
    status.hostIP = hostIP;
    status.hostIPs = [{ ip: hostIP }];
  }
  if (pr.podIP) {
    status.podIP = pr.podIP;
    status.podIPs = [{ ip: pr.podIP }];
  }
  status.startTime = pr.startTime;
  // SortedContainerStatuses: the kubelet orders container statuses by name, not spec order.
  status.containerStatuses = pr.containers.map((c) => containerStatus(pod, c, at)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  status.qosClass = pod.status?.qosClass ?? qosClass(pod);
  return status;
}
