// The pod row of `kubectl get pods`: the server-side printer's READY / STATUS / RESTARTS logic
// (pkg/printers/internalversion printPod, v1.33), including init and sidecar containers,
// Terminating, CrashLoopBackOff and the `2 (15s ago)` restarts form. Learned from upstream;
// own code.

import type { ContainerState, ContainerStatus, Pod } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { humanDuration } from '../../format/duration.ts';
import { timeOf } from './format.ts';

type Terminated = NonNullable<ContainerState['terminated']> & { signal?: number };

const terminatedOf = (s: ContainerState | undefined): Terminated | undefined => s?.terminated as Terminated | undefined;

/** The pod's READY, STATUS and RESTARTS cells. */
export function podStatusCells(sim: Simulation, pod: Pod): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  const initContainers = spec.initContainers ?? [];
  const isSidecar = (name: string): boolean => initContainers.find((c) => c.name === name)?.['restartPolicy'] === 'Always';

  let restarts = 0;
  let sidecarRestarts = 0;
  const totalContainers = (spec.containers ?? []).length + initContainers.filter((c) => c['restartPolicy'] === 'Always').length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  const later = (a: number | undefined, ts: string | undefined): number | undefined => {
    const t = timeOf(sim, ts);
    if (t === undefined) return a;
    return a === undefined || t > a ? t : a;
  };

  const phase = status.phase ?? '';
  let reason: string = status.reason ? status.reason : phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = (status['initContainerStatuses'] as ContainerStatus[] | undefined) ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    const lastTerm = terminatedOf(c.lastState);
    if (lastTerm) lastRestart = later(lastRestart, lastTerm.finishedAt);
    if (isSidecar(c.name)) {
      sidecarRestarts += c.restartCount ?? 0;
      if (lastTerm) lastSidecarRestart = later(lastSidecarRestart, lastTerm.finishedAt);
    }
    const term = terminatedOf(c.state);
    if (term && term.exitCode === 0) continue;
    if (isSidecar(c.name) && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      const lastTerm = terminatedOf(c.lastState);
      if (lastTerm) lastRestart = later(lastRestart, lastTerm.finishedAt);
      const term = terminatedOf(c.state);
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose last container completed is "Running" again while another still runs.
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) restartsText = `${restarts} (${humanDuration(sim.clock.now() - lastRestart)} ago)`;
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsText };
}

/** The wide cells: IP, NODE, NOMINATED NODE, READINESS GATES. */
export function podWideCells(pod: Pod): string[] {
  const status = pod.status ?? {};
  const podIP = status.podIPs?.[0]?.ip || '<none>';
  const node = pod.spec?.nodeName || '<none>';
  const nominated = (status['nominatedNodeName'] as string | undefined) || '<none>';
  const gates = (pod.spec?.['readinessGates'] as { conditionType: string }[] | undefined) ?? [];
  let readinessGates = '<none>';
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const g of gates) {
      const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
      if (c && c.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  return [podIP, node, nominated, readinessGates];
}
