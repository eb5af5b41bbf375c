// The kubelets of every node, as one manager (one watch, per-node state) so that 1,000 nodes
// cost nothing while idle. Each pod bound to a Ready node goes through the real lifecycle:
// ContainerCreating → sandbox with an IP from the node's podCIDR → image pull (serialised per
// node, cached) → containers started, reported at the next PLEG relist → Ready after the
// readiness probe, restarted when the liveness probe fails (prober.ts, probeCheck.ts: real
// connections from the node) → crash-loop back-off for programs that exit → graceful
// termination within the grace period → final status → deletion with grace 0, IP released.

import { deepEqual } from '../../api/deepEqual.ts';
import type { Node, Pod, PodStatus } from '../../api/types.ts';
import { imageInfo, programFor } from '../../apps/images.ts';
import { programStarted } from '../../apps/programLogs.ts';
import type { ControllerContext } from '../context.ts';
import { legacyRecorder, type EventRecorder, type EventType } from '../events/recorder.ts';
import { failedPullMessage, presentMessage, pulledMessage, pullingMessage } from './kubeletEvents.ts';
import { internalIP, nodeReady } from '../scheduler/predicates.ts';
import { fnv32a } from '../workloads/hash.ts';
import { IDX_NODE, ensureWorkloadIndexes, goDuration } from '../workloads/podutil.ts';
import type { ControllerHandle } from '../workloads/replicaset.ts';
import { HostLocalIpam } from './ipam.ts';
import { modelProbe, networkProbe } from './probeCheck.ts';
import { startProbeWorkers, type ProberDeps } from './prober.ts';
import { restartPolicyOf, shouldRestart, type ContainerRuntime, type PodRuntime } from './runtime.ts';
import { buildPodStatus } from './status.ts';
import { utf8Bytes } from '../../util/sha256.ts';
import { createRng } from '../../sim/rng.ts';

// Timings (virtual ms) of a kind node: kubelet, containerd and the ptp/host-local CNI.
export const KUBELET_TIMING = {
  firstSyncMs: 50, // pod seen → first status (ContainerCreating)
  sandboxMs: 400, // pause container + CNI ADD
  hostNetworkSandboxMs: 100,
  refreshPullMs: 700, // imagePullPolicy Always with the image present: a manifest check
  plegPeriodMs: 1000, // containers starting or exiting are noticed at the next relist
  initialBackOffMs: 10_000,
  maxBackOffMs: 300_000,
  teardownMs: 100, // containers stopped → sandbox removed, final status
  deleteAfterMs: 400, // final status → the status manager deletes the pod
};
// Crash loops and slow-exiting programs continue as background work after this many exits
// (or beyond this run time), so that settling the cluster terminates.
const FOREGROUND_EXITS = 2;
const FOREGROUND_RUN_MS = 60_000;
/** Exits that count against FOREGROUND_EXITS: after a liveness kill, all of it is background. */
const busy = (c: ContainerRuntime): number => (c.probeKills > 0 ? Infinity : c.exits);

interface NodeState {
  name: string;
  node: Node;
  ip?: string;
  ipam?: HostLocalIpam;
  offset: number; // phase of the PLEG relist
  images: Map<string, number>; // reference → when it is (or will be) present
  pullFreeAt: number; // serializeImagePulls: the next pull starts after this
}

export interface KubeletManager extends ControllerHandle {
  /** Pod IPs currently allocated on a node (host-local state). */
  allocatedIPs(node: string): string[];
}

export function startKubelet(ctx: ControllerContext, nodeName: string): KubeletManager {
  return startKubelets(ctx, { nodes: (n) => n === nodeName });
}

export function startKubelets(ctx: ControllerContext, opts: { nodes?: (name: string) => boolean } = {}): KubeletManager {
  const { api, clock, journal } = ctx;
  const rng = ctx.rng.fork('kubelet');
  const manages = opts.nodes ?? (() => true);
  ensureWorkloadIndexes(api);
  const nodes = new Map<string, NodeState>();
  const pods = new Map<string, PodRuntime>();
  const lastShown = new Map<string, string>();
  const actor = (pr: PodRuntime): string => `kubelet/${pr.nodeName}`;
  const ts = (ms: number = clock.now()): string => clock.timestamp(ms);
  const split = (key: string): [string, string] => {
    const i = key.indexOf('/');
    return [key.slice(0, i), key.slice(i + 1)];
  };
  const apiPod = (pr: PodRuntime): Pod | undefined => {
    const [ns, name] = split(pr.key);
    const p = api.get<Pod>('pods', ns, name);
    return p?.metadata.uid === pr.uid ? p : undefined;
  };
  const nextTick = (ns: NodeState, t: number): number => {
    const p = KUBELET_TIMING.plegPeriodMs;
    return t + ((((ns.offset - t) % p) + p) % p);
  };

  /** Runs `fn` at virtual time `t` unless the pod's work is cancelled first. */
  function at(pr: PodRuntime, t: number, fn: () => void, foreground = true): void {
    const h = ctx.scheduler.after(Math.max(0, t - clock.now()), () => {
      pr.tasks.delete(h);
      fn();
    }, { label: `${actor(pr)} ${pr.key}`, background: !foreground });
    pr.tasks.add(h);
  }

  function requestSync(pr: PodRuntime, t: number, foreground = true): void {
    const ns = nodes.get(pr.nodeName);
    const tick = ns ? nextTick(ns, t) : t;
    if (pr.syncAt.has(tick)) return;
    pr.syncAt.add(tick);
    at(pr, tick, () => {
      pr.syncAt.delete(tick);
      writeStatus(pr);
    }, foreground);
  }

  function writeStatus(pr: PodRuntime): void {
    const pod = apiPod(pr);
    if (!pod) return;
    const status = buildPodStatus({ pod, pr, hostIP: nodes.get(pr.nodeName)?.ip, now: ts(), at: ts });
    if (deepEqual(pod.status, status)) return;
    const res = api.updateStatus<Pod>('pods', { ...pod, status }, { actor: actor(pr), trusted: true });
    if (res.ok) record(pr, res.object, status);
  }

  /** Journals what `kubectl get pods` would now show for the pod, when that changed. */
  function record(pr: PodRuntime, pod: Pod, status: PodStatus, detail?: string): void {
    let shown: string = status.phase ?? 'Pending';
    for (const cs of status.containerStatuses ?? []) {
      const r = cs.state.waiting?.reason ?? cs.state.terminated?.reason;
      if (r) {
        shown = r;
        break;
      }
    }
    const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const text = detail ?? `${shown}${ready ? ' (Ready)' : ''}`;
    if (!detail && lastShown.get(pr.uid) === text) return;
    lastShown.set(pr.uid, text);
    journal.append({ type: 'pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', phase: status.phase ?? 'Pending', node: pr.nodeName, detail: text });
  }

  const recorders = new Map<string, EventRecorder>();
  /** The node's kubelet event recorder; container events name the container by fieldPath. */
  function emit(pr: PodRuntime, c: ContainerRuntime | undefined, type: EventType, reason: string, message: string): void {
    const pod = apiPod(pr);
    if (!pod) return;
    let r = recorders.get(pr.nodeName);
    if (!r) recorders.set(pr.nodeName, (r = legacyRecorder(ctx, { component: 'kubelet', host: pr.nodeName })));
    r.event(pod, type, reason, message, c ? `spec.containers{${c.spec.name}}` : undefined);
  }

  const newContainerID = (): string => `containerd://${rng.string('0123456789abcdef', 64)}`;

  // ---- probes ----------------------------------------------------------------------------

  // Probe connections draw from their own generator (they are background work: what commands
  // draw must not depend on how many probes ran before them).
  const probeRng = createRng((fnv32a(utf8Bytes('kubelet-probes')) ^ (ctx.sim?.seed ?? 1)) >>> 0);
  const prober: ProberDeps = {
    now: () => clock.now(),
    at,
    reported: (pr, c) => {
      const st = apiPod(pr)?.status?.containerStatuses?.find((s) => s.name === c.spec.name);
      return st?.state.running !== undefined && st.containerID === c.containerID;
    },
    probe: (pr, c, probe) => {
      const target = { node: pr.nodeName, podIP: pr.podIP ?? '', container: c.spec, probe, serving: clock.now() >= c.startedAt! + c.program.readyAfterMs };
      // The network exists once the simulation is built (absent in controller-only tests).
      const net = ctx.sim?.network;
      return net && pr.podIP ? networkProbe(ctx.sim!, probeRng, target) : modelProbe(target);
    },
    unhealthy: (pr, c, message) => emit(pr, c, 'Warning', 'Unhealthy', message),
    setReady: (pr, c, ready) => {
      if (c.ready === ready) return;
      c.ready = ready;
      writeStatus(pr); // probe results reach the status manager at once, not at the next relist
    },
    livenessFailed: (pr, c, probe) => livenessKill(pr, c, (probe as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds),
  };

  /**
   * computePodActions for a container that failed its liveness probe: Killing, the stop within
   * the grace period (the probe's own, else the pod's; at least 2 s), then a restart through the
   * usual back-off unless restartPolicy is Never.
   */
  function livenessKill(pr: PodRuntime, c: ContainerRuntime, probeGrace: number | undefined): void {
    const pod = apiPod(pr);
    if (!pod || pr.killing) return;
    const restart = restartPolicyOf(pod) !== 'Never';
    c.probeKills++;
    emit(pr, c, 'Normal', 'Killing', `Container ${c.spec.name} failed liveness probe${restart ? ', will be restarted' : ''}`);
    const graceMs = Math.max(probeGrace ?? pod.spec.terminationGracePeriodSeconds ?? 30, 2) * 1000;
    const hook = Math.min(preStopMs(c), graceMs);
    const left = hook > 0 ? Math.max(graceMs - hook, 2000) : graceMs;
    const killed = c.program.ignoresSigterm || c.program.stopMs > left;
    const id = c.containerID;
    at(pr, clock.now() + hook + (killed ? left : c.program.stopMs), () => {
      if (c.containerID !== id || c.state !== 'running') return;
      terminate(c, killed ? 137 : c.program.stopExitCode);
      const finishedAt = clock.now();
      requestSync(pr, finishedAt, false);
      if (restart) restartOrBackOff(pr, c, finishedAt);
    }, false);
  }

  // ---- admission and start-up ------------------------------------------------------------

  function admit(pod: Pod): void {
    const ns = nodes.get(pod.spec.nodeName ?? '');
    if (!ns || !nodeReady(ns.node)) return; // picked up when the node becomes Ready
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const pr: PodRuntime = {
      key,
      uid: pod.metadata.uid!,
      nodeName: ns.name,
      admittedAt: clock.now(),
      startTime: pod.status?.startTime ?? ts(),
      hostNetwork: pod.spec.hostNetwork === true,
      sandboxReady: false,
      containers: (pod.spec.containers ?? []).map((c) => ({
        spec: c,
        image: imageInfo(c.image),
        program: programFor(c),
        state: 'waiting',
        waiting: { reason: 'ContainerCreating' },
        created: false,
        restartCount: 0,
        ready: false,
        exits: 0,
        probeKills: 0,
      })),
      killing: false,
      killed: false,
      tasks: new Set(),
      syncAt: new Set(),
    };
    pods.set(key, pr);
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
      pr.killed = true;
      if (pod.metadata.deletionTimestamp) startKilling(pr, pod);
      return;
    }
    if (adoptRunning(pr, ns, pod)) return;
    if (pod.metadata.deletionTimestamp) return startKilling(pr, pod);
    at(pr, clock.now() + KUBELET_TIMING.firstSyncMs, () => writeStatus(pr));
    const sandboxMs = pr.hostNetwork ? KUBELET_TIMING.hostNetworkSandboxMs : KUBELET_TIMING.sandboxMs;
    at(pr, clock.now() + sandboxMs, () => {
      if (!createSandbox(pr, ns)) return;
      startContainer(pr, 0, clock.now());
    });
  }

  /** A pod that was already running when the simulation started keeps its state and IP. */
  function adoptRunning(pr: PodRuntime, ns: NodeState, pod: Pod): boolean {
    const statuses = pod.status?.containerStatuses ?? [];
    if (pod.status?.phase !== 'Running' || statuses.length !== pr.containers.length || !statuses.every((s) => s.state.running)) return false;
    pr.podIP = pod.status.podIP;
    if (pr.podIP && !pr.hostNetwork) ipamOf(ns)?.reserve(pr.podIP);
    pr.sandboxReady = true;
    pr.containers.forEach((c, i) => {
      const s = statuses[i]!;
      c.state = 'running';
      c.created = true;
      c.startedAt = clock.parse(s.state.running!.startedAt ?? '') || 0;
      c.containerID = s.containerID ?? newContainerID();
      c.restartCount = s.restartCount ?? 0;
      c.ready = s.ready;
      ns.images.set(c.image.ref, 0);
      startProbeWorkers(prober, pr, c, true);
    });
    return true;
  }

  function ipamOf(ns: NodeState): HostLocalIpam | undefined {
    const cidr = ns.node.spec?.podCIDR;
    if (!ns.ipam && cidr) ns.ipam = new HostLocalIpam(cidr);
    return ns.ipam;
  }

  function createSandbox(pr: PodRuntime, ns: NodeState): boolean {
    // Without a podCIDR (or with the range exhausted) CNI ADD fails: the pod stays ContainerCreating.
    const ip = pr.hostNetwork ? ns.ip : ipamOf(ns)?.allocate();
    if (!ip) return false;
    pr.podIP = ip;
    pr.sandboxReady = true;
    return true;
  }

  /** When the image is usable on the node, or why it is not (EnsureImageExists). */
  function ensureImage(ns: NodeState, c: ContainerRuntime, t: number): number | { reason: string; message: string; at: number } {
    const ref = c.image.ref;
    if (c.image.preloaded) return t;
    const policy = c.spec.imagePullPolicy ?? (ref.endsWith(':latest') ? 'Always' : 'IfNotPresent');
    const have = ns.images.get(ref);
    if (policy === 'Never') {
      return have !== undefined && have <= t ? t : { reason: 'ErrImageNeverPull', message: `Container image "${c.spec.image}" is not present with pull policy of Never`, at: t };
    }
    if (have !== undefined && policy !== 'Always') return Math.max(t, have);
    const start = Math.max(t, have ?? 0, ns.pullFreeAt);
    const done = start + (have !== undefined ? KUBELET_TIMING.refreshPullMs : c.image.pullMs);
    lastPullStart = start;
    ns.pullFreeAt = done;
    if (c.image.pullError) return { reason: 'ErrImagePull', message: c.image.pullError, at: done };
    if (have === undefined) ns.images.set(ref, done);
    return done;
  }

  /** When the last pull ensureImage queued starts (after the node's earlier pulls). */
  let lastPullStart = 0;

  /** EnsureImageExists' events: Pulling now, and Pulled when the pull completes. */
  function pullEvents(pr: PodRuntime, c: ContainerRuntime, t: number, ready: ReturnType<typeof ensureImage>, fg = true): void {
    emit(pr, c, 'Normal', 'Pulling', pullingMessage(c.spec.image));
    if (typeof ready !== 'number') return;
    const start = lastPullStart;
    at(pr, ready, () => emit(pr, c, 'Normal', 'Pulled', pulledMessage(c.spec.image, c.image.ref, ready - start, ready - t)), fg);
  }

  /** Whether the image needs no pull (EnsureImageExists' "already present" case). */
  function imagePresent(ns: NodeState, c: ContainerRuntime): boolean {
    if (c.image.preloaded) return true;
    const policy = c.spec.imagePullPolicy ?? (c.image.ref.endsWith(':latest') ? 'Always' : 'IfNotPresent');
    return policy !== 'Always' && ns.images.has(c.image.ref);
  }

  /** SyncPod starts the containers in order, each after the previous one started. */
  function startContainer(pr: PodRuntime, i: number, t: number): void {
    const c = pr.containers[i];
    const ns = nodes.get(pr.nodeName);
    if (!c || !ns) return;
    const present = imagePresent(ns, c);
    const ready = ensureImage(ns, c, t);
    if (!present) pullEvents(pr, c, t, ready);
    if (typeof ready !== 'number') {
      at(pr, ready.at, () => {
        imageFailed(pr, c, ready.reason, ready.message, 0);
        startContainer(pr, i + 1, clock.now());
      });
      return;
    }
    at(pr, ready + c.image.startMs, () => {
      if (present) emit(pr, c, 'Normal', 'Pulled', presentMessage(c.spec.image));
      containerStarted(pr, c);
      startContainer(pr, i + 1, clock.now());
    });
  }

  /** ErrImagePull, then ImagePullBackOff with the kubelet's image back-off (10s doubling to 5m). */
  function imageFailed(pr: PodRuntime, c: ContainerRuntime, reason: string, message: string, attempt: number): void {
    c.state = 'waiting';
    c.waiting = { reason, message };
    // EnsureImageExists' event, then startContainer's "Error: <reason>".
    if (reason === 'ErrImagePull') emit(pr, c, 'Warning', 'Failed', failedPullMessage(c.spec.image, message));
    else emit(pr, c, 'Warning', reason, message);
    emit(pr, c, 'Warning', 'Failed', `Error: ${reason}`);
    const fg = attempt === 0;
    requestSync(pr, clock.now(), fg);
    if (reason !== 'ErrImagePull') return; // ErrImageNeverPull waits for the image to appear
    const backoff = Math.min(KUBELET_TIMING.maxBackOffMs, KUBELET_TIMING.initialBackOffMs * 2 ** attempt);
    at(pr, clock.now() + KUBELET_TIMING.plegPeriodMs, () => {
      const backOff = `Back-off pulling image "${c.spec.image}"`;
      c.waiting = { reason: 'ImagePullBackOff', message: backOff };
      emit(pr, c, 'Normal', 'BackOff', backOff);
      emit(pr, c, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      writeStatus(pr);
    }, fg);
    // Retries are background work: a bad image would otherwise keep the cluster busy forever.
    at(pr, clock.now() + backoff, () => {
      const ns = nodes.get(pr.nodeName)!;
      const r = ensureImage(ns, c, clock.now());
      emit(pr, c, 'Normal', 'Pulling', pullingMessage(c.spec.image));
      if (typeof r !== 'number') at(pr, r.at, () => imageFailed(pr, c, r.reason, r.message, attempt + 1), false);
    }, false);
  }

  function containerStarted(pr: PodRuntime, c: ContainerRuntime): void {
    if (pr.killing) return;
    if (c.state === 'terminated' && c.current) c.lastTerminated = c.current;
    const restarted = c.created;
    if (restarted) c.restartCount++;
    c.current = undefined;
    c.state = 'running';
    c.created = true;
    c.startedAt = clock.now();
    c.containerID = newContainerID();
    c.ready = !c.spec.readinessProbe;
    emit(pr, c, 'Normal', 'Created', `Created container: ${c.spec.name}`);
    emit(pr, c, 'Normal', 'Started', `Started container ${c.spec.name}`);
    writeProgramLog(pr, c, restarted);
    const fg = busy(c) < FOREGROUND_EXITS;
    requestSync(pr, clock.now(), fg);
    startProbeWorkers(prober, pr, c);
    scheduleExit(pr, c);
  }

  /** The program's own log lines (apps/programLogs.ts); a restart rotates the log first. */
  function writeProgramLog(pr: PodRuntime, c: ContainerRuntime, restarted: boolean): void {
    if (!ctx.logs) return;
    const [namespace, pod] = split(pr.key);
    const id = c.containerID;
    const siblings = pr.containers.filter((o) => o !== c).map((o) => o.spec.name);
    const alive = () => c.containerID === id && c.state === 'running' && pods.get(pr.key) === pr;
    programStarted({ logs: ctx.logs, scheduler: ctx.scheduler, clock }, { namespace, pod, spec: c.spec, program: c.program, siblings, startedAt: c.startedAt!, restarted, alive });
  }

  function scheduleExit(pr: PodRuntime, c: ContainerRuntime): void {
    const after = c.program.exitAfterMs;
    if (after === undefined) return;
    const id = c.containerID;
    at(pr, c.startedAt! + after, () => {
      if (c.containerID === id && c.state === 'running') containerExited(pr, c, c.program.exitCode);
    }, busy(c) < FOREGROUND_EXITS && after <= FOREGROUND_RUN_MS);
  }

  function terminate(c: ContainerRuntime, exitCode: number): void {
    c.state = 'terminated';
    c.current = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: ts(c.startedAt), finishedAt: ts(), containerID: c.containerID! };
    c.ready = false;
  }

  function containerExited(pr: PodRuntime, c: ContainerRuntime, exitCode: number): void {
    terminate(c, exitCode);
    c.exits++;
    const fg = busy(c) <= FOREGROUND_EXITS;
    const finishedAt = clock.now();
    requestSync(pr, finishedAt, fg);
    const pod = apiPod(pr);
    if (!pod || !shouldRestart(pod, c)) return;
    const ns = nodes.get(pr.nodeName)!;
    at(pr, nextTick(ns, finishedAt), () => restartOrBackOff(pr, c, finishedAt), fg);
  }

  /** doBackOff: restart at once unless still inside the back-off window of the last restart. */
  function restartOrBackOff(pr: PodRuntime, c: ContainerRuntime, finishedAt: number): void {
    const pod = apiPod(pr);
    const ns = nodes.get(pr.nodeName);
    if (!pod || !ns || pr.killing) return;
    const now = clock.now();
    const b = c.backoff;
    const expired = b !== undefined && finishedAt - b.lastUpdate > 2 * KUBELET_TIMING.maxBackOffMs;
    if (b && !expired && now - finishedAt < b.ms) {
      if (c.state === 'terminated') c.lastTerminated = c.current;
      c.current = undefined;
      c.state = 'waiting';
      c.waiting = {
        reason: 'CrashLoopBackOff',
        message: `back-off ${goDuration(b.ms)} restarting failed container=${c.spec.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
      };
      const fg = busy(c) <= FOREGROUND_EXITS;
      emit(pr, c, 'Warning', 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`);
      requestSync(pr, now + 1, fg);
      at(pr, nextTick(ns, finishedAt + b.ms), () => restartOrBackOff(pr, c, finishedAt), busy(c) < FOREGROUND_EXITS);
      return;
    }
    c.backoff = !b || expired ? { ms: KUBELET_TIMING.initialBackOffMs, lastUpdate: now } : { ms: Math.min(2 * b.ms, KUBELET_TIMING.maxBackOffMs), lastUpdate: now };
    const present = imagePresent(ns, c);
    const ready = ensureImage(ns, c, now);
    if (!present) pullEvents(pr, c, now, ready, busy(c) < FOREGROUND_EXITS); // pull policy Always: each restart pulls
    if (typeof ready !== 'number') return imageFailed(pr, c, ready.reason, ready.message, 0);
    at(pr, ready + c.image.startMs, () => {
      if (present) emit(pr, c, 'Normal', 'Pulled', presentMessage(c.spec.image));
      containerStarted(pr, c);
    }, busy(c) < FOREGROUND_EXITS);
  }

  // ---- termination -----------------------------------------------------------------------

  function startKilling(pr: PodRuntime, pod: Pod): void {
    for (const t of pr.tasks) t.cancel();
    pr.tasks.clear();
    pr.syncAt.clear();
    pr.killing = true;
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    const now = clock.now();
    let end = now;
    for (const c of pr.containers) {
      if (c.state !== 'running') {
        c.ready = false;
        continue;
      }
      // The preStop hook runs first (within the grace period); then SIGTERM (or the image's
      // STOPSIGNAL) with what is left, at least 2 s; SIGKILL when that runs out.
      const hook = Math.min(preStopMs(c), graceMs);
      const left = hook > 0 ? Math.max(graceMs - hook, 2000) : graceMs;
      const killed = c.program.ignoresSigterm || c.program.stopMs > left;
      emit(pr, c, 'Normal', 'Killing', `Stopping container ${c.spec.name}`);
      const stopAt = now + hook + (killed ? left : c.program.stopMs);
      end = Math.max(end, stopAt);
      at(pr, stopAt, () => terminate(c, killed ? 137 : c.program.stopExitCode));
    }
    record(pr, pod, pod.status ?? {}, 'Killing');
    at(pr, end + KUBELET_TIMING.teardownMs, () => {
      pr.killed = true;
      pr.sandboxReady = false;
      releaseIP(pr);
      writeStatus(pr);
      at(pr, clock.now() + KUBELET_TIMING.deleteAfterMs, () => {
        const [ns, name] = split(pr.key);
        if (apiPod(pr)) api.delete('pods', ns, name, { actor: actor(pr), gracePeriodSeconds: 0 });
      });
    });
  }

  /** How long a container's preStop hook keeps it running: a sleep action or `sleep N`. */
  function preStopMs(c: ContainerRuntime): number {
    const hook = (c.spec.lifecycle as { preStop?: { sleep?: { seconds?: number }; exec?: { command?: string[] } } } | undefined)?.preStop;
    if (!hook) return 0;
    if (hook.sleep?.seconds !== undefined) return hook.sleep.seconds * 1000;
    const m = /(?:^|\s)sleep\s+(\d+(?:\.\d+)?)/.exec((hook.exec?.command ?? []).join(' '));
    return m ? Number(m[1]) * 1000 : 50;
  }

  function releaseIP(pr: PodRuntime): void {
    if (pr.podIP && !pr.hostNetwork) nodes.get(pr.nodeName)?.ipam?.release(pr.podIP);
  }

  function forget(pr: PodRuntime, pod: Pod): void {
    for (const t of pr.tasks) t.cancel();
    pr.tasks.clear();
    if (!pr.killed) releaseIP(pr);
    pods.delete(pr.key);
    lastShown.delete(pr.uid);
    // The runtime removes the pod's containers, and their logs with them.
    const [namespace, name] = split(pr.key);
    ctx.logs?.forget(namespace, name);
    journal.append({ type: 'pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', phase: pod.status?.phase ?? 'Pending', node: pr.nodeName, detail: 'Deleted' });
  }

  // ---- watches ---------------------------------------------------------------------------

  function upsertNode(node: Node): void {
    const name = node.metadata.name!;
    if (!manages(name)) return;
    let ns = nodes.get(name);
    if (!ns) {
      ns = { name, node, offset: fnv32a(utf8Bytes(name)) % KUBELET_TIMING.plegPeriodMs, images: new Map(), pullFreeAt: 0 };
      nodes.set(name, ns);
    }
    const wasReady = ns.node !== node && nodeReady(ns.node);
    ns.node = node;
    ns.ip = internalIP(node);
    // Pods waiting for this kubelet start once the node is Ready (not on every heartbeat).
    if (!nodeReady(node) || wasReady) return;
    for (const pod of api.byIndex<Pod>('pods', IDX_NODE, name)) {
      if (!pods.has(`${pod.metadata.namespace}/${pod.metadata.name}`)) admit(pod);
    }
  }

  const unwatchNodes = api.watch('nodes', (ev) => {
    if (ev.type === 'DELETED') nodes.delete(ev.object.metadata.name!);
    else upsertNode(ev.object as Node);
  });

  const unwatchPods = api.watch('pods', (ev) => {
    const pod = ev.object as Pod;
    const node = pod.spec?.nodeName;
    if (!node || !manages(node)) return;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    let pr = pods.get(key);
    if (pr && pr.uid !== pod.metadata.uid) {
      forget(pr, pod);
      pr = undefined;
    }
    if (ev.type === 'DELETED') {
      if (pr) forget(pr, pod);
      return;
    }
    if (!pr) return admit(pod);
    if (!pod.metadata.deletionTimestamp) return;
    if (!pr.killing) return startKilling(pr, pod);
    // A second delete may only shorten the grace period: stop sooner.
    const old = ev.old as Pod | undefined;
    const was = old?.metadata.deletionGracePeriodSeconds;
    const now = pod.metadata.deletionGracePeriodSeconds;
    if (!pr.killed && was !== undefined && now !== undefined && now < was) startKilling(pr, pod);
  });

  for (const node of api.list<Node>('nodes')) upsertNode(node);

  return {
    stop: () => {
      unwatchNodes();
      unwatchPods();
      for (const pr of pods.values()) for (const t of pr.tasks) t.cancel();
    },
    allocatedIPs: (node) => nodes.get(node)?.ipam?.allocated() ?? [],
  };
}
