// kube-scheduler (default-scheduler): watches pods and nodes into an incremental cache, keeps
// a scheduling queue (active, backoff, unschedulable), binds each pending pod through the
// pods/binding subresource, and marks pods it cannot place with PodScheduled=False.

import type { Node, Pod, PodCondition } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';
import { seriesRecorder } from '../events/recorder.ts';
import type { ControllerHandle } from '../workloads/replicaset.ts';
import { ensureWorkloadIndexes } from '../workloads/podutil.ts';
import { feasibleNodesToFind, filter, fitErrorMessage, score, selectHost, type Diagnosis, type PodInfo } from './framework.ts';
import { NodeInfo, podResources, spreadOwner, type PodResources } from './nodeinfo.ts';

export const SCHEDULER_NAME = 'default-scheduler';
const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10_000;
// podMaxInUnschedulablePodsDuration: unschedulable pods are retried at least this often.
const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

interface Assigned {
  node: string;
  res: PodResources;
  owner: string | undefined;
  counted: boolean; // counted for spreading (not terminating)
}

interface Waiting {
  attempts: number;
  lastAttempt: number;
}

const keyOf = (p: Pod): string => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;
const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const ours = (p: Pod): boolean => (p.spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;

export function startScheduler(ctx: ControllerContext): ControllerHandle {
  const { api, clock, journal } = ctx;
  const rng = ctx.rng.fork('default-scheduler');
  ensureWorkloadIndexes(api);
  const nodes = new Map<string, NodeInfo>();
  let nodeList: NodeInfo[] = [];
  let nextStart = 0;
  const assigned = new Map<string, Assigned>();
  const active = new Map<string, number>(); // key → enqueue sequence
  let seq = 0;
  const waiting = new Map<string, Waiting>();
  let drainScheduled = false;
  // events.k8s.io recorder: reportingInstance is `<scheduler name>-<hostname>` (the control plane's).
  // The control plane node is looked up once found (listing nodes per event would cost).
  let instanceName: string | undefined;
  const instance = (): string => {
    if (instanceName) return instanceName;
    const cp = api.list<Node>('nodes').find((n) => n.metadata.name?.endsWith('control-plane') || n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined);
    if (cp) instanceName = `${SCHEDULER_NAME}-${cp.metadata.name}`;
    return instanceName ?? SCHEDULER_NAME;
  };
  const recorder = seriesRecorder(ctx, SCHEDULER_NAME, instance, (reason) => (reason === 'Scheduled' ? 'Binding' : 'Scheduling'));

  const rebuildList = (): void => {
    nodeList = [...nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };

  function enqueue(key: string): void {
    if (!active.has(key)) active.set(key, seq++);
    if (drainScheduled) return;
    drainScheduled = true;
    ctx.scheduler.after(0, drain, { label: SCHEDULER_NAME });
  }

  /** Cluster changed: unschedulable pods get another try once their backoff has passed. */
  function moveAllToActive(): void {
    const now = clock.now();
    for (const [key, w] of waiting) {
      const backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** Math.max(0, w.attempts - 1));
      const due = w.lastAttempt + backoff;
      waiting.delete(key);
      if (due <= now) enqueue(key);
      else ctx.scheduler.after(due - now, () => enqueue(key), { label: `${SCHEDULER_NAME} backoff` });
    }
  }

  function track(pod: Pod): void {
    const key = keyOf(pod);
    const prev = assigned.get(key);
    const node = pod.spec.nodeName;
    const keep = !!node && !isTerminal(pod);
    if (prev && (!keep || prev.node !== node)) {
      nodes.get(prev.node)?.add(prev.res, prev.owner, prev.counted, -1);
      assigned.delete(key);
    }
    if (!keep) return;
    const counted = !pod.metadata.deletionTimestamp;
    const cur = assigned.get(key);
    if (cur) {
      if (cur.counted && !counted && cur.owner) nodes.get(cur.node)?.addOwner(cur.owner, -1);
      cur.counted = counted;
      return;
    }
    const a: Assigned = { node: node!, res: podResources(pod), owner: spreadOwner(pod), counted };
    assigned.set(key, a);
    nodes.get(a.node)?.add(a.res, a.owner, a.counted, 1);
  }

  function addNode(node: Node): void {
    const ni = nodes.get(node.metadata.name!);
    if (ni) ni.setNode(node);
    else {
      const fresh = new NodeInfo(node);
      nodes.set(fresh.name, fresh);
      // Pods already bound to this node (the cache may see them first).
      for (const a of assigned.values()) if (a.node === fresh.name) fresh.add(a.res, a.owner, a.counted, 1);
    }
    rebuildList();
  }

  const unwatchNodes = api.watch('nodes', (ev) => {
    const node = ev.object as Node;
    if (ev.type === 'DELETED') {
      nodes.delete(node.metadata.name!);
      rebuildList();
      return;
    }
    addNode(node);
    // Heartbeats change nothing a filter reads; only scheduling-relevant changes retry pods.
    if (ev.type === 'ADDED' || !ev.old || schedulingChange(ev.old as Node, node)) moveAllToActive();
  });

  const unwatchPods = api.watch('pods', (ev) => {
    const pod = ev.object as Pod;
    const key = keyOf(pod);
    if (ev.type === 'DELETED') {
      active.delete(key);
      waiting.delete(key);
      if (assigned.has(key)) {
        track({ ...pod, status: { ...pod.status, phase: 'Failed' } });
        moveAllToActive();
      }
      return;
    }
    const wasAssigned = assigned.has(key);
    track(pod);
    if (wasAssigned && !assigned.has(key)) moveAllToActive(); // terminal: resources freed
    if (!pod.spec.nodeName && ours(pod) && !pod.metadata.deletionTimestamp && ev.type === 'ADDED') enqueue(key);
    // A pending pod whose spec changed (tolerations, selector) is worth another try.
    if (!pod.spec.nodeName && waiting.has(key) && ev.old && JSON.stringify((ev.old as Pod).spec) !== JSON.stringify(pod.spec)) {
      waiting.delete(key);
      enqueue(key);
    }
  });

  const flush = (): void => {
    moveAllToActive();
    ctx.scheduler.after(UNSCHEDULABLE_FLUSH_MS, flush, { label: `${SCHEDULER_NAME} flush`, background: true });
  };
  ctx.scheduler.after(UNSCHEDULABLE_FLUSH_MS, flush, { label: `${SCHEDULER_NAME} flush`, background: true });

  function drain(): void {
    drainScheduled = false;
    // PrioritySort: higher priority first, then the order pods entered the queue.
    const batch = [...active.entries()]
      .map(([key, s]) => ({ key, s, pod: podAt(key) }))
      .sort((a, b) => ((b.pod?.spec.priority as number | undefined) ?? 0) - ((a.pod?.spec.priority as number | undefined) ?? 0) || a.s - b.s);
    active.clear();
    for (const { key, pod } of batch) if (pod) scheduleOne(key, pod);
  }

  function podAt(key: string): Pod | undefined {
    const i = key.indexOf('/');
    return api.get<Pod>('pods', key.slice(0, i), key.slice(i + 1));
  }

  function scheduleOne(key: string, pod: Pod): void {
    if (pod.spec.nodeName || pod.metadata.deletionTimestamp || !ours(pod)) return;
    const info: PodInfo = { pod, res: podResources(pod), owner: spreadOwner(pod), tolerations: pod.spec.tolerations ?? [] };
    const n = nodeList.length;
    const want = feasibleNodesToFind(n);
    const feasible: NodeInfo[] = [];
    const diag: Diagnosis = { numAllNodes: n, reasons: new Map(), resolvableNodes: 0, unresolvableNodes: 0 };
    let processed = 0;
    for (let i = 0; i < n && feasible.length < want; i++) {
      const ni = nodeList[(nextStart + i) % n]!;
      processed++;
      const fail = filter(info, ni);
      if (!fail) {
        feasible.push(ni);
        continue;
      }
      for (const r of fail.reasons) diag.reasons.set(r, (diag.reasons.get(r) ?? 0) + 1);
      if (fail.unresolvable) diag.unresolvableNodes++;
      else diag.resolvableNodes++;
    }
    if (n > 0) nextStart = (nextStart + processed) % n;
    if (feasible.length === 0) return unschedulable(key, pod, fitErrorMessage(diag, pod));
    const chosen = feasible.length === 1 ? feasible[0]! : selectHost(feasible, score(info, feasible), rng);
    bind(key, pod, chosen);
  }

  function bind(key: string, pod: Pod, ni: NodeInfo): void {
    const now = clock.timestamp();
    const conditions = setScheduled(pod.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
    const bound: Pod = { ...pod, spec: { ...pod.spec, nodeName: ni.name }, status: { ...pod.status, conditions } };
    const res = api.update<Pod>('pods', bound, { actor: SCHEDULER_NAME, trusted: true, subresource: 'binding' });
    if (!res.ok) return;
    waiting.delete(key);
    track(res.object);
    recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${ni.name}`);
    journal.append({
      type: 'pod',
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name ?? '',
      phase: pod.status?.phase ?? 'Pending',
      node: ni.name,
      detail: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${ni.name}`,
    });
  }

  function unschedulable(key: string, pod: Pod, message: string): void {
    const w = waiting.get(key) ?? { attempts: 0, lastAttempt: 0 };
    waiting.set(key, { attempts: w.attempts + 1, lastAttempt: clock.now() });
    // Every failed attempt is reported (the recorder folds repeats into a series).
    recorder.event(pod, 'Warning', 'FailedScheduling', message);
    const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (old?.status === 'False' && old.reason === 'Unschedulable' && old.message === message) return;
    const cond: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : clock.timestamp(),
      reason: 'Unschedulable',
      message,
    };
    api.updateStatus('pods', { ...pod, status: { ...pod.status, conditions: setScheduled(pod.status?.conditions, cond) } }, { actor: SCHEDULER_NAME, trusted: true });
    journal.append({ type: 'pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', phase: pod.status?.phase ?? 'Pending', detail: `FailedScheduling: ${message}` });
  }

  // Start from what exists.
  for (const node of api.list<Node>('nodes')) addNode(node);
  for (const pod of api.list<Pod>('pods')) {
    track(pod);
    if (!pod.spec.nodeName && ours(pod) && !pod.metadata.deletionTimestamp) enqueue(keyOf(pod));
  }

  return {
    stop: () => {
      unwatchNodes();
      unwatchPods();
    },
  };
}

function schedulingChange(old: Node, cur: Node): boolean {
  const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return (
    JSON.stringify(old.metadata.labels) !== JSON.stringify(cur.metadata.labels) ||
    JSON.stringify(old.spec) !== JSON.stringify(cur.spec) ||
    JSON.stringify(old.status?.allocatable) !== JSON.stringify(cur.status?.allocatable) ||
    ready(old) !== ready(cur)
  );
}

/** Replaces the PodScheduled condition in place, or appends it. */
function setScheduled(conditions: PodCondition[] | undefined, c: PodCondition): PodCondition[] {
  const list = conditions ?? [];
  const i = list.findIndex((x) => x.type === c.type);
  return i < 0 ? [...list, c] : list.map((x, j) => (j === i ? c : x));
}
