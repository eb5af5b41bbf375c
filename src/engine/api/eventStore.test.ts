import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../test/support/sim.ts';
import { EventCollector } from '../view/events.ts';
import { snapshotOf } from '../view/snapshot.ts';

const names = (t: TestSim) => t.sim.api.list('events').map((e) => e.metadata.name);

describe('the API server keeps Events in a store of their own', () => {
  it('events expire --event-ttl (1h) after their last write, on the virtual clock', () => {
    const t = new TestSim(1);
    const before = t.sim.api.count('events');
    expect(before).toBe(74); // default, kube-system and local-path-storage
    t.sim.advance(30 * 60_000);
    t.exec('kubectl scale deploy auth-service --replicas=4');
    expect(t.sim.api.count('events')).toBe(before + 6);
    // An hour after the first batch: only the events of the scale-up remain.
    t.sim.advance(31 * 60_000);
    t.exec('kubectl get events');
    expect(t.last.stdout.split('\n').slice(1, -1).map((l) => l.split(/\s{2,}/).slice(2, 4).join(' '))).toEqual([
      'Scheduled pod/auth-service-7b86fcccfd-zjmdq',
      'Pulled pod/auth-service-7b86fcccfd-zjmdq',
      'Created pod/auth-service-7b86fcccfd-zjmdq',
      'Started pod/auth-service-7b86fcccfd-zjmdq',
      'SuccessfulCreate replicaset/auth-service-7b86fcccfd',
      'ScalingReplicaSet deployment/auth-service',
    ]);
    t.sim.advance(60 * 60_000);
    t.exec('kubectl get events');
    expect([t.last.stdout, t.last.stderr]).toEqual(['', 'No resources found in default namespace.\n']);
  });

  it('a watch sees an expired event go (etcd deletes the key when its lease ends)', () => {
    const t = new TestSim(1);
    const seen: string[] = [];
    t.sim.api.watch('events', (ev) => seen.push(`${ev.type} ${(ev.object as unknown as { reason: string }).reason}`));
    t.sim.advance(61 * 60_000);
    expect(t.sim.api.count('events')).toBe(0);
    expect(seen.length).toBe(74);
    expect(seen.every((s) => s.startsWith('DELETED '))).toBe(true);
  });

  it('recorder writes are not journaled and do not move the cluster resourceVersion', () => {
    const t = new TestSim(1);
    const rv = t.sim.api.resourceVersion();
    const seq = t.sim.journal.lastSeq();
    t.sim.api.events.expire();
    const written = t.sim.journal.since(0).filter((e) => e.type === 'write' && e.resource === 'events');
    expect([written.length, t.sim.api.resourceVersion(), t.sim.journal.lastSeq()]).toEqual([0, rv, seq]);
  });

  it('recorded events are found by name, and kubectl writes to them are kept as written', () => {
    const t = new TestSim(1);
    const failed = () => t.sim.api.list('events', 'default', (e) => (e as unknown as { reason: string }).reason === 'FailedScheduling' && e.metadata.name!.startsWith('auth'));
    const first = failed();
    expect(first.map((e) => [e.metadata.name, e.metadata.resourceVersion, (e as unknown as { series?: unknown }).series])).toEqual([
      ['auth-service-7b86fcccfd-4z4pm.18ea03d18c73a011', '18', undefined],
      ['auth-service-7b86fcccfd-7fz7f.18ea03d18c73a012', '19', undefined],
      ['auth-service-7b86fcccfd-fnkgq.18ea03d18c73a013', '20', undefined],
    ]);
    // get by name finds the record; kubectl-written changes turn it into a stored object.
    t.exec('kubectl label event auth-service-7b86fcccfd-4z4pm.18ea03d18c73a011 seen=yes');
    expect(t.last.stdout).toBe('event/auth-service-7b86fcccfd-4z4pm.18ea03d18c73a011 labeled\n');
    t.exec('kubectl get events -l seen=yes -o custom-columns=NAME:.metadata.name,REASON:.reason,RV:.metadata.resourceVersion');
    // The event store's own revision counter: 74 recorded events, then this write.
    expect(t.last.stdout).toBe('NAME                                             REASON             RV\nauth-service-7b86fcccfd-4z4pm.18ea03d18c73a011   FailedScheduling   75\n');
    t.exec('kubectl delete event auth-service-7b86fcccfd-4z4pm.18ea03d18c73a011');
    expect(names(t)).not.toContain('auth-service-7b86fcccfd-4z4pm.18ea03d18c73a011');
  });

  it('the page is not sent the Events: no timeline entry per recorded event, none in snapshots', () => {
    const t = new TestSim(1);
    const collector = new EventCollector(t.sim);
    const before = t.sim.api.count('events');
    t.exec('kubectl scale deploy auth-service --replicas=4');
    expect(t.sim.api.count('events') - before).toBe(6);
    const drained = collector.drain();
    expect(drained.filter((e) => e.kind === 'write' && e.resource === 'events')).toEqual([]);
    // The controller actions the events describe are on the timeline as notes already.
    expect(drained.filter((e) => e.kind === 'note').map((e) => (e.kind === 'note' ? e.message : ''))).toContain(
      'ScalingReplicaSet: Scaled up replica set auth-service-7b86fcccfd from 3 to 4',
    );
    expect(JSON.stringify(snapshotOf(t.sim, 1))).not.toContain('"Event"');
  });

  it('a recorder repeat of an event kubectl rewrote patches that object (no second copy)', () => {
    const t = new TestSim(1);
    t.exec('kubectl run crash --image=proxyscope/crashloop');
    t.sim.advance(15_000);
    t.exec("kubectl get events --field-selector reason=BackOff -o jsonpath='{.items[0].metadata.name}'");
    const name = t.last.stdout;
    t.exec(`kubectl label event ${name} seen=yes`);
    t.sim.advance(60_000);
    t.exec('kubectl get events --field-selector reason=BackOff -o custom-columns=NAME:.metadata.name,COUNT:.count,SEEN:.metadata.labels.seen');
    expect(t.last.stdout.split('\n').slice(1)).toEqual([`${name}   3       yes`, '']);
  });
});
