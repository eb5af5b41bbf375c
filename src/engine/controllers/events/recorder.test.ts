import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../../test/support/sim.ts';

describe('events from the default scenario', () => {
  it('[KC-1][KC-3] scaling auth-service to 4: the newest events, sorted by last seen', () => {
    const t = new TestSim(1);
    t.exec('kubectl scale deploy auth-service --replicas=4');
    t.exec('kubectl get events --sort-by=.lastTimestamp | tail -6');
    expect(t.last.stdout).toBe(
      [
        '11s         Normal    Started             pod/auth-service-7b86fcccfd-4z4pm    Started container auth-service',
        '5s          Normal    Pulled              pod/auth-service-7b86fcccfd-zjmdq    Container image "proxyscope/echo-server:1.0" already present on machine',
        '5s          Normal    Created             pod/auth-service-7b86fcccfd-zjmdq    Created container: auth-service',
        '5s          Normal    Started             pod/auth-service-7b86fcccfd-zjmdq    Started container auth-service',
        '5s          Normal    SuccessfulCreate    replicaset/auth-service-7b86fcccfd   Created pod: auth-service-7b86fcccfd-zjmdq',
        '5s          Normal    ScalingReplicaSet   deployment/auth-service              Scaled up replica set auth-service-7b86fcccfd from 3 to 4',
        '',
      ].join('\n'),
    );
  });

  it('describe pod of the new replica: Scheduled, Pulled, Created, Started', () => {
    const t = new TestSim(1);
    t.exec('kubectl scale deploy auth-service --replicas=4');
    t.exec('kubectl describe pod auth-service-7b86fcccfd-zjmdq');
    expect(t.last.stdout.slice(t.last.stdout.indexOf('Events:'))).toBe(
      [
        'Events:',
        '  Type    Reason     Age   From               Message',
        '  ----    ------     ----  ----               -------',
        '  Normal  Scheduled  5s    default-scheduler  Successfully assigned default/auth-service-7b86fcccfd-zjmdq to kind-worker2',
        '  Normal  Pulled     5s    kubelet            Container image "proxyscope/echo-server:1.0" already present on machine',
        '  Normal  Created    5s    kubelet            Created container: auth-service',
        '  Normal  Started    5s    kubelet            Started container auth-service',
        '',
      ].join('\n'),
    );
  });

  it('scheduler events carry eventTime and the instance; kubelet ones the node and container', () => {
    const t = new TestSim(1);
    const ev = t.sim.api.list('events', 'default') as unknown as Record<string, unknown>[];
    const sched = ev.find((e) => e['reason'] === 'Scheduled')!;
    expect([sched['action'], sched['reportingInstance'], sched['firstTimestamp']]).toEqual(['Binding', 'default-scheduler-kind-control-plane', null]);
    const started = ev.find((e) => e['reason'] === 'Started')!;
    expect([started['source'], (started['involvedObject'] as Record<string, string>)['fieldPath'], started['count']]).toEqual([
      { component: 'kubelet', host: 'kind-worker2' },
      'spec.containers{auth-service}',
      1,
    ]);
  });
});

describe('kubelet events for failing containers', () => {
  const eventsOf = (t: TestSim, pod: string): string => {
    t.exec(`kubectl describe pod ${pod}`);
    return t.last.stdout.slice(t.last.stdout.indexOf('Events:'));
  };

  it('a crash loop: each restart pulls (policy Always for :latest), repeats are counted as (xN over …)', () => {
    const t = new TestSim(1);
    t.exec('kubectl run crash --image=proxyscope/crashloop');
    t.sim.advance(120_000);
    expect(eventsOf(t, 'crash')).toBe(
      [
        'Events:',
        '  Type     Reason     Age                 From               Message',
        '  ----     ------     ----                ----               -------',
        '  Normal   Scheduled  2m8s                default-scheduler  Successfully assigned default/crash to kind-worker',
        '  Normal   Pulled     2m7s                kubelet            Successfully pulled image "proxyscope/crashloop" in 900ms (900ms including waiting). Image size: 29298457 bytes.',
        '  Normal   Pulling    45s (x5 over 2m8s)  kubelet            Pulling image "proxyscope/crashloop"',
        '  Normal   Pulled     45s (x4 over 2m4s)  kubelet            Successfully pulled image "proxyscope/crashloop" in 700ms (700ms including waiting). Image size: 29298457 bytes.',
        '  Normal   Created    45s (x5 over 2m7s)  kubelet            Created container: crash',
        '  Normal   Started    45s (x5 over 2m7s)  kubelet            Started container crash',
        '  Warning  BackOff    42s (x4 over 2m1s)  kubelet            Back-off restarting failed container crash in pod crash_default(e205b868-63e8-4601-b9a5-13a67fe9e7c6)',
        '',
      ].join('\n'),
    );
  });

  it('an image that cannot be pulled: Failed, Error: ErrImagePull, BackOff, Error: ImagePullBackOff', () => {
    const t = new TestSim(1);
    t.exec('kubectl run bad --image=proxyscope/doesnotexist');
    t.sim.advance(90_000);
    const denied =
      'failed to pull and unpack image "docker.io/proxyscope/doesnotexist:latest": failed to resolve reference "docker.io/proxyscope/doesnotexist:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';
    expect(eventsOf(t, 'bad')).toBe(
      [
        'Events:',
        '  Type     Reason     Age                From               Message',
        '  ----     ------     ----               ----               -------',
        '  Normal   Scheduled  92s                default-scheduler  Successfully assigned default/bad to kind-worker',
        '  Normal   Pulling    20s (x4 over 92s)  kubelet            Pulling image "proxyscope/doesnotexist"',
        `  Warning  Failed     19s (x4 over 91s)  kubelet            Failed to pull image "proxyscope/doesnotexist": rpc error: code = Unknown desc = ${denied}`,
        '  Warning  Failed     19s (x4 over 91s)  kubelet            Error: ErrImagePull',
        '  Normal   BackOff    18s (x4 over 90s)  kubelet            Back-off pulling image "proxyscope/doesnotexist"',
        '  Warning  Failed     18s (x4 over 90s)  kubelet            Error: ImagePullBackOff',
        '',
      ].join('\n'),
    );
  });

  it('scaling down: the ReplicaSet deletes, the kubelet stops the container (Killing)', () => {
    const t = new TestSim(1);
    t.exec('kubectl scale deploy auth-service --replicas=2');
    t.exec('kubectl get events --field-selector reason=Killing');
    expect(t.last.stdout).toBe(
      'LAST SEEN   TYPE     REASON    OBJECT                              MESSAGE\n1s          Normal   Killing   pod/auth-service-7b86fcccfd-7fz7f   Stopping container auth-service\n',
    );
    t.exec('kubectl get events --field-selector involvedObject.kind=ReplicaSet,reason=SuccessfulDelete');
    expect(t.last.stdout).toBe(
      'LAST SEEN   TYPE     REASON             OBJECT                               MESSAGE\n1s          Normal   SuccessfulDelete   replicaset/auth-service-7b86fcccfd   Deleted pod: auth-service-7b86fcccfd-7fz7f\n',
    );
  });

  it('a readiness probe on a port nothing listens on: Unhealthy at every probe period, counted', () => {
    const t = new TestSim(1);
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: notready}',
      'spec:',
      '  containers:',
      '  - name: web',
      '    image: proxyscope/echo-server:1.0',
      '    ports: [{containerPort: 8080}]',
      '    readinessProbe: {httpGet: {path: /health, port: 9999}, periodSeconds: 5}',
    ].join('\n');
    t.exec(`cat <<'EOF' | kubectl apply -f -\n${pod}\nEOF`);
    t.sim.advance(60_000);
    expect(eventsOf(t, 'notready').split('\n').at(-2)).toBe(
      '  Warning  Unhealthy  1s (x12 over 56s)  kubelet            Readiness probe failed: Get "http://10.244.1.4:9999/health": dial tcp 10.244.1.4:9999: connect: connection refused',
    );
  });
});
