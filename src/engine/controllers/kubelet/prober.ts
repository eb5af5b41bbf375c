// The kubelet's probe workers (pkg/kubelet/prober/worker.go), one per container run and probe
// type. A worker ticks every periodSeconds on the pod's probe phase (from admission), probes
// once the status manager shows the container running and initialDelaySeconds have passed,
// records an Unhealthy event for every failure (prober.go), and changes the result only after
// successThreshold / failureThreshold equal results in a row. Readiness starts as failure,
// liveness as success; a liveness failure puts the worker on hold until the container is
// replaced. Probe-less containers cost nothing: no worker is created.

import type { Probe } from '../../api/types.ts';
import type { ContainerRuntime, PodRuntime } from './runtime.ts';
import { probeCanSucceed, type ProbeOutcome } from './probeCheck.ts';

export type ProbeKind = 'Readiness' | 'Liveness';

export interface ProberDeps {
  now(): number;
  /** Schedules `fn` at `t` among the pod's tasks (cancelled when the pod is killed). */
  at(pr: PodRuntime, t: number, fn: () => void, foreground: boolean): void;
  /** The status manager knows this container run as running (the worker skips until then). */
  reported(pr: PodRuntime, c: ContainerRuntime): boolean;
  probe(pr: PodRuntime, c: ContainerRuntime, probe: Probe): ProbeOutcome;
  unhealthy(pr: PodRuntime, c: ContainerRuntime, message: string): void;
  setReady(pr: PodRuntime, c: ContainerRuntime, ready: boolean): void;
  livenessFailed(pr: PodRuntime, c: ContainerRuntime, probe: Probe): void;
}

/** Ready waits within this much virtual time of the start count as foreground (settle waits). */
const FOREGROUND_RUN_MS = 60_000;

/**
 * Starts the workers of a container that just started, or of one `adopted` already running
 * (its results so far are what its status says: no flapping while the first probes run).
 */
export function startProbeWorkers(deps: ProberDeps, pr: PodRuntime, c: ContainerRuntime, adopted = false): void {
  if (c.spec.readinessProbe) worker(deps, pr, c, 'Readiness', c.spec.readinessProbe, adopted);
  if (c.spec.livenessProbe) worker(deps, pr, c, 'Liveness', c.spec.livenessProbe, adopted);
}

function worker(deps: ProberDeps, pr: PodRuntime, c: ContainerRuntime, kind: ProbeKind, probe: Probe, adopted: boolean): void {
  const id = c.containerID;
  const started = c.startedAt!;
  const period = (probe.periodSeconds || 10) * 1000;
  const delay = (probe.initialDelaySeconds ?? 0) * 1000;
  const successes = kind === 'Liveness' ? 1 : probe.successThreshold || 1;
  const failures = probe.failureThreshold || 3;
  // Settle waits for a readiness probe that can succeed, until its first success (or until a
  // failure once the program is serving); everything else is background work.
  let waiting = kind === 'Readiness' && !adopted && probeCanSucceed(c.spec, probe);
  let last: boolean | undefined = adopted ? kind === 'Liveness' || c.ready : undefined;
  let run = adopted ? Number.MAX_SAFE_INTEGER : 0;
  const from = Math.max(deps.now() + 1, started + delay);
  let t = pr.admittedAt + Math.ceil((from - pr.admittedAt) / period) * period;
  const schedule = (): void => deps.at(pr, t, tick, waiting && t - started <= FOREGROUND_RUN_MS);
  const tick = (): void => {
    if (c.containerID !== id || c.state !== 'running') return;
    if (deps.reported(pr, c)) {
      const r = deps.probe(pr, c, probe);
      if (!r.ok) deps.unhealthy(pr, c, `${kind} probe failed: ${r.output}`);
      if (last === r.ok) run++;
      else {
        last = r.ok;
        run = 1;
      }
      const decided = run >= (r.ok ? successes : failures);
      // Ready reached, or a failure of a program that is serving: nothing more to wait for.
      if ((r.ok && decided) || (!r.ok && deps.now() >= started + c.program.readyAfterMs)) waiting = false;
      if (decided && kind === 'Readiness') deps.setReady(pr, c, r.ok);
      else if (decided && !r.ok) return deps.livenessFailed(pr, c, probe); // on hold until the container is replaced
    }
    t += period;
    schedule();
  };
  schedule();
}
