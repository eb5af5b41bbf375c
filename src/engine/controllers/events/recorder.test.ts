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
