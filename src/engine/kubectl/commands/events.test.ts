import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../../test/support/sim.ts';

describe('kubectl events', () => {
  it('sorted by when each event last happened; OBJECT is Kind/name; repeats fold into (xN over …)', () => {
    const t = new TestSim(1);
    t.exec('kubectl run crash --image=proxyscope/crashloop');
    t.sim.advance(60_000);
    t.exec('kubectl events --for pod/crash');
    expect(t.last.stdout).toBe(
      [
        'LAST SEEN           TYPE      REASON      OBJECT      MESSAGE',
        '68s                 Normal    Scheduled   Pod/crash   Successfully assigned default/crash to kind-worker',
        '67s                 Normal    Pulled      Pod/crash   Successfully pulled image "proxyscope/crashloop" in 900ms (900ms including waiting). Image size: 29298457 bytes.',
        '28s (x4 over 68s)   Normal    Pulling     Pod/crash   Pulling image "proxyscope/crashloop"',
        '28s (x4 over 67s)   Normal    Created     Pod/crash   Created container: crash',
        '28s (x4 over 67s)   Normal    Started     Pod/crash   Started container crash',
        '28s (x3 over 64s)   Normal    Pulled      Pod/crash   Successfully pulled image "proxyscope/crashloop" in 700ms (700ms including waiting). Image size: 29298457 bytes.',
        '25s (x3 over 61s)   Warning   BackOff     Pod/crash   Back-off restarting failed container crash in pod crash_default(e205b868-63e8-4601-b9a5-13a67fe9e7c6)',
        '',
      ].join('\n'),
    );
  });

  it('-A adds NAMESPACE; --types filters; errors and "No events found" as kubectl prints them', () => {
    const t = new TestSim(1);
    t.exec('kubectl events -A --types=Warning --for pod/client');
    expect(t.last.stdout).toBe(
      'NAMESPACE   LAST SEEN   TYPE      REASON             OBJECT       MESSAGE\n' +
        'default     25s         Warning   FailedScheduling   Pod/client   0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.\n',
    );
    const results = ['kubectl events --for pod', 'kubectl events --types=Info', 'kubectl events -n nope', 'kubectl events -A --for pod/nope'].map((c) => {
      t.exec(c);
      return [t.last.stdout, t.last.stderr, t.last.exitCode];
    });
    expect(results).toEqual([
      ['', 'error: --for must be in resource/name form\n', 1],
      ['', 'error: valid --types are Normal or Warning\n', 1],
      ['', 'No events found in nope namespace.\n', 0],
      ['', 'No events found.\n', 0],
    ]);
  });
});
