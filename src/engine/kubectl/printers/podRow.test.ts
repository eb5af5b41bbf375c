import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod } from '../../api/types.ts';
import { podStatusCells, podWideCells } from './podRow.ts';
import { clockOnlySim } from './testSim.ts';

const T0 = '2026-11-21T09:00:00Z';

function pod(status: Pod['status'], extra: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: T0, ...meta },
    spec: { containers: [{ name: 'app', image: 'img' }], ...extra },
    status,
  };
}

const cs = (s: Partial<ContainerStatus>): ContainerStatus => ({ name: 'app', image: 'img', imageID: '', ready: false, restartCount: 0, state: {}, lastState: {}, ...s });
const ready = [{ type: 'Ready', status: 'True' as const, lastProbeTime: null }];
const sim = clockOnlySim(60_000);

describe('pod READY / STATUS / RESTARTS (printPod)', () => {
  it('an unscheduled pod is Pending with 0/1', () => {
    expect(podStatusCells(sim, pod({ phase: 'Pending' }))).toEqual({ ready: '0/1', status: 'Pending', restarts: '0' });
  });

  it('a pod whose container is being created shows ContainerCreating', () => {
    const p = pod({ phase: 'Pending', containerStatuses: [cs({ state: { waiting: { reason: 'ContainerCreating' } } })] });
    expect(podStatusCells(sim, p)).toEqual({ ready: '0/1', status: 'ContainerCreating', restarts: '0' });
  });

  it('a ready running container counts as ready', () => {
    const p = pod({ phase: 'Running', conditions: ready, containerStatuses: [cs({ ready: true, started: true, state: { running: { startedAt: T0 } } })] });
    expect(podStatusCells(sim, p)).toEqual({ ready: '1/1', status: 'Running', restarts: '0' });
  });

  it('CrashLoopBackOff with restarts shows when the last one was: `2 (15s ago)`', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [cs({ restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-21T09:00:45Z' } } })],
    });
    expect(podStatusCells(sim, p)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '2 (15s ago)' });
  });

  it('a finished container shows its terminated reason (Completed) or ExitCode:N', () => {
    const done = pod({ phase: 'Succeeded', containerStatuses: [cs({ state: { terminated: { exitCode: 0, reason: 'Completed' } } })] });
    expect(podStatusCells(sim, done).status).toBe('Completed');
    const failed = pod({ phase: 'Failed', containerStatuses: [cs({ state: { terminated: { exitCode: 3 } } })] });
    expect(podStatusCells(sim, failed).status).toBe('ExitCode:3');
  });

  it('a deleted pod that is not finished is Terminating', () => {
    const p = pod({ phase: 'Running', conditions: ready, containerStatuses: [cs({ ready: true, state: { running: { startedAt: T0 } } })] }, {}, { deletionTimestamp: '2026-11-21T09:01:30Z' });
    expect(podStatusCells(sim, p)).toEqual({ ready: '1/1', status: 'Terminating', restarts: '0' });
  });

  it('init containers: Init:0/1 while the first runs, Init:<reason> while waiting', () => {
    const spec = { initContainers: [{ name: 'init', image: 'busybox' }] };
    const running = pod({ phase: 'Pending', initContainerStatuses: [cs({ name: 'init', state: { running: { startedAt: T0 } } })] }, spec);
    expect(podStatusCells(sim, running).status).toBe('Init:0/1');
    const crash = pod({ phase: 'Pending', initContainerStatuses: [cs({ name: 'init', restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } })] }, spec);
    expect(podStatusCells(sim, crash)).toEqual({ ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '1' });
  });

  it('a started sidecar (restartPolicy Always init container) counts in READY', () => {
    const spec = { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] };
    const p = pod(
      {
        phase: 'Running',
        conditions: [...ready, { type: 'Initialized', status: 'True', lastProbeTime: null }],
        initContainerStatuses: [cs({ name: 'proxy', ready: true, started: true, state: { running: { startedAt: T0 } } })],
        containerStatuses: [cs({ ready: true, state: { running: { startedAt: T0 } } })],
      },
      spec,
    );
    expect(podStatusCells(sim, p)).toEqual({ ready: '2/2', status: 'Running', restarts: '0' });
  });

  it('wide cells: IP, NODE, NOMINATED NODE, READINESS GATES', () => {
    expect(podWideCells(pod({ phase: 'Pending' }))).toEqual(['<none>', '<none>', '<none>', '<none>']);
    const p = pod({ phase: 'Running', podIPs: [{ ip: '10.244.1.5' }], conditions: [{ type: 'x/ready', status: 'True', lastProbeTime: null }] }, { nodeName: 'kind-worker', readinessGates: [{ conditionType: 'x/ready' }] });
    expect(podWideCells(p)).toEqual(['10.244.1.5', 'kind-worker', '<none>', '1/1']);
  });
});
