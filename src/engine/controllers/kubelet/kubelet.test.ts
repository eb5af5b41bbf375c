import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../api/types.ts';
import { deployment, kindCluster, type TestCluster } from '../workloads/testkit.ts';

const podSpec = (name: string, container: Partial<Container>, extra: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeSelector: { 'kubernetes.io/hostname': 'kind-worker' }, containers: [{ name: 'c', image: 'nginx', ...container }], ...extra },
  status: {},
});
/** [ms since `from`, what kubectl would show] for the pod's journal entries after `afterSeq`. */
const events = (c: TestCluster, name: string, from = 0, afterSeq = 0) =>
  c.journal.since(afterSeq).flatMap((e) => (e.type === 'pod' && e.name === name && e.at >= from ? [[e.at - from, e.detail]] : []));
const get = (c: TestCluster, name: string): Pod => c.api.get<Pod>('pods', 'default', name)!;
const condition = (p: Pod, type: string) => p.status.conditions?.find((x) => x.type === type);

describe('kubelet', () => {
  it('pulls an image once per node (serialised) and reports each pod at the next PLEG relist', () => {
    const c = kindCluster();
    c.apply('pods', podSpec('first', { image: 'nginx:1.27' }));
    c.apply('pods', podSpec('second', { image: 'nginx:1.27' }));
    expect(c.settle().quiet).toBe(true);
    // Sandbox at 400 ms, nginx pulled in 4.2 s, started 350 ms later; the second pod waited for
    // the same pull. kind-worker relists at …084.
    expect(events(c, 'first')).toEqual([
      [0, 'Successfully assigned default/first to kind-worker'],
      [50, 'ContainerCreating'],
      [5084, 'Running (Ready)'],
    ]);
    expect(events(c, 'second').at(-1)).toEqual([5084, 'Running (Ready)']);
    const t = c.clock.now();
    c.apply('pods', podSpec('third', { image: 'nginx:1.27' }));
    c.settle();
    expect(events(c, 'third', t).at(-1)).toEqual([1084 - (t % 1000), 'Running (Ready)']);
    expect([get(c, 'first'), get(c, 'second'), get(c, 'third')].map((p) => p.status.podIP)).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
    expect(get(c, 'first').status.containerStatuses?.[0]?.image).toBe('docker.io/library/nginx:1.27');
  });

  it('reports ContainerCreating with the spec image until the container exists', () => {
    const c = kindCluster();
    c.apply('pods', podSpec('web', { image: 'nginx' }));
    c.scheduler.runUntil(100);
    const p = get(c, 'web');
    expect(p.status).toEqual({
      phase: 'Pending',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' },
        { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' },
        { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' },
      ],
      hostIP: '172.18.0.3',
      hostIPs: [{ ip: '172.18.0.3' }],
      startTime: '2026-01-01T00:00:00Z',
      containerStatuses: [
        {
          name: 'c',
          state: { waiting: { reason: 'ContainerCreating' } },
          lastState: {},
          ready: false,
          restartCount: 0,
          image: 'nginx',
          imageID: '',
          started: false,
          volumeMounts: [{ name: (p.spec.volumes as { name: string }[])[0]!.name, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' }],
        },
      ],
      qosClass: 'BestEffort',
    });
  });

  it('marks a container ready at the first readiness probe after initialDelaySeconds, never when nothing listens', () => {
    const c = kindCluster();
    const probe = (port: number) => ({ readinessProbe: { httpGet: { path: '/', port }, initialDelaySeconds: 5, periodSeconds: 10 } });
    c.apply('pods', podSpec('probed', { image: 'hashicorp/http-echo', ...probe(5678) }));
    c.apply('pods', podSpec('wrong-port', { image: 'hashicorp/http-echo', ...probe(8080) }));
    expect(c.settle().quiet).toBe(true);
    // Started at 1.85 s; the probe worker ticks every 10 s from admission: 10 s is the first tick
    // at least 5 s after the start.
    expect(events(c, 'probed').slice(2)).toEqual([
      [2084, 'Running'],
      [10000, 'Running (Ready)'],
    ]);
    expect(condition(get(c, 'probed'), 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:10Z' });
    expect(condition(get(c, 'wrong-port'), 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    expect(get(c, 'wrong-port').status.containerStatuses?.[0]).toMatchObject({ ready: false, started: true, state: { running: {} } });
  });

  it('crash-loops with back-off 10s, 20s, 40s … 5m; settling stops once the loop is background work', () => {
    const c = kindCluster();
    c.apply('deployments', deployment('crash', 1, 'proxyscope/crashloop'));
    expect(c.settle().quiet).toBe(true);
    const [p] = c.pods('default');
    expect(events(c, p!.metadata.name!).slice(2)).toEqual([
      [2322, 'Running (Ready)'],
      [4322, 'Error'],
      [5322, 'Running (Ready)'],
      [7322, 'Error'],
      [8322, 'CrashLoopBackOff'],
    ]);
    const cs = p!.status.containerStatuses![0]!;
    expect(cs.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=app pod=${p!.metadata.name}_default(${p!.metadata.uid})` } });
    expect(cs.lastState).toEqual({ terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-01-01T00:00:05Z', finishedAt: '2026-01-01T00:00:07Z', containerID: cs.containerID } });
    expect([cs.restartCount, cs.ready, cs.started, p!.status.phase]).toEqual([1, false, false, 'Running']);
    expect(condition(p!, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });

    c.scheduler.runUntil(c.clock.now() + 10 * 60_000);
    const later = c.pods('default')[0]!.status.containerStatuses![0]!;
    expect(later.restartCount).toBe(6);
    expect(later.state.waiting?.message).toMatch(/^back-off 5m0s restarting failed container=app /);
  });

  it('waits the whole grace period for a process that ignores SIGTERM, then SIGKILL (137)', () => {
    const c = kindCluster();
    c.apply('pods', podSpec('sleeper', { image: 'busybox', command: ['sleep', '3600'] }));
    c.settle();
    const t0 = c.clock.now();
    const mark = c.journal.lastSeq();
    c.api.delete('pods', 'default', 'sleeper', { actor: 'kubectl' });
    let last: Pod | undefined;
    c.journal.subscribe((e) => {
      if (e.type === 'write' && e.name === 'sleeper' && e.verb === 'update') last = get(c, 'sleeper');
    });
    expect(c.settle().quiet).toBe(true);
    expect(events(c, 'sleeper', t0, mark)).toEqual([
      [0, 'Killing'],
      [30_100, 'Error'],
      [30_500, 'Deleted'],
    ]);
    expect(last!.status.phase).toBe('Failed');
    expect(last!.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(condition(last!, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(condition(last!, 'PodReadyToStartContainers')).toMatchObject({ status: 'False' });
    expect(c.api.get('pods', 'default', 'sleeper')).toBeUndefined();
  });

  it('runs the preStop hook before SIGTERM: the pod stays Ready while it sleeps', () => {
    const c = kindCluster();
    c.apply('pods', podSpec('drain', { image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } }));
    c.settle();
    const t0 = c.clock.now();
    const mark = c.journal.lastSeq();
    c.api.delete('pods', 'default', 'drain', { actor: 'kubectl' });
    c.scheduler.runUntil(t0 + 4000);
    expect(condition(get(c, 'drain'), 'Ready')?.status).toBe('True');
    expect(get(c, 'drain').metadata.deletionTimestamp).toBe(c.clock.timestamp(t0 + 30_000));
    expect(c.settle().quiet).toBe(true);
    // 5 s hook, nginx's graceful stop 150 ms, teardown 100 ms, deletion 400 ms later.
    expect(events(c, 'drain', t0, mark)).toEqual([
      [0, 'Killing'],
      [5250, 'Completed'],
      [5650, 'Deleted'],
    ]);
  });

  it('a one-shot pod with restartPolicy Never completes; a missing image backs off', () => {
    const c = kindCluster();
    c.apply('pods', podSpec('job', { image: 'busybox', command: ['echo', 'hi'] }, { restartPolicy: 'Never' }));
    c.apply('pods', podSpec('bad', { image: 'proxyscope/doesnotexist' }));
    expect(c.settle().quiet).toBe(true);
    const job = get(c, 'job');
    expect(job.status.phase).toBe('Succeeded');
    expect(job.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(condition(job, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(events(c, 'bad').slice(2).map((e) => e[1])).toEqual(['ErrImagePull', 'ImagePullBackOff']);
    expect(get(c, 'bad').status.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "proxyscope/doesnotexist"' } });
  });

  it('gives hostNetwork pods the node IP and allocates nothing', () => {
    const c = kindCluster();
    c.apply('pods', podSpec('host', { image: 'registry.k8s.io/kube-proxy:v1.33.1' }, { hostNetwork: true }));
    c.settle();
    expect(get(c, 'host').status).toMatchObject({ phase: 'Running', podIP: '172.18.0.3', podIPs: [{ ip: '172.18.0.3' }], hostIP: '172.18.0.3' });
    expect(get(c, 'host').status.containerStatuses![0]).toMatchObject({ image: 'registry.k8s.io/kube-proxy:v1.33.1', imageID: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(c.workloads.kubelets.allocatedIPs('kind-worker')).toEqual([]);
  });
});
