import { describe, expect, it } from 'vitest';
import { TestSim } from '../../../test/support/sim.ts';
import { startTraffic } from '../apps/traffic.ts';
import { chainsOf } from './chains.ts';
import { EventCollector } from './events.ts';
import { snapshotOf } from './snapshot.ts';
import type { SimEvent } from './types.ts';

const NEW_POD = 'auth-service-7b86fcccfd-zjmdq';
const NEW_IP = '10.244.2.4';
const of = <K extends SimEvent['kind']>(events: SimEvent[], kind: K) => events.filter((e): e is Extract<SimEvent, { kind: K }> => e.kind === kind);

describe('EventCollector (default scenario, seed 1)', () => {
  it('scale auth-service to 4: writes, pod phases, one slice event adding the pod IP, partial syncs on every node', () => {
    const t = new TestSim(1);
    const events = new EventCollector(t.sim);
    t.exec('kubectl scale deploy auth-service --replicas=4');
    const got = events.drain();
    expect(got.map((e) => e.seq)).toEqual(got.map((_, i) => i + 1));
    expect(got.map((e) => e.at)).toEqual([...got.map((e) => e.at)].sort((a, b) => a - b));

    expect(of(got, 'write')[0]).toEqual({ kind: 'write', seq: 1, at: 25_000, verb: 'update', resource: 'deployments', namespace: 'default', name: 'auth-service', bytes: 1788, actor: 'kubectl' });
    expect(of(got, 'pod').filter((e) => e.name === NEW_POD).map((e) => [e.at, e.phase, e.detail])).toEqual([
      [25_000, 'Pending', `Successfully assigned default/${NEW_POD} to kind-worker2`],
      [25_050, 'Pending', 'ContainerCreating'],
      [26_322, 'Running', 'Running'],
      [30_000, 'Running', 'Running (Ready)'],
    ]);

    // The slice gets the address when the pod runs (not ready yet), then only its conditions change.
    const slices = of(got, 'slice');
    expect(slices.filter((e) => e.added.length > 0 || e.removed.length > 0)).toEqual([
      { kind: 'slice', seq: slices[0]!.seq, at: 26_322, namespace: 'default', name: 'auth-service-z62c4', service: 'auth-service', verb: 'update', added: [NEW_IP], removed: [], bytes: 1783 },
    ]);
    expect(slices.map((e) => [e.at, e.added, e.removed])).toEqual([[26_322, [NEW_IP], []], [30_000, [], []]]);
    // EndpointSlice writes are slice events, not write events.
    expect(of(got, 'write').filter((e) => e.resource === 'endpointslices')).toEqual([]);
    expect(of(got, 'write').filter((e) => e.resource === 'endpoints').map((e) => [e.at, e.bytes])).toEqual([[26_322, 1148], [30_000, 1126]]);

    const syncs = of(got, 'sync');
    expect(syncs.map((e) => [e.at, e.sync.node, e.sync.full, e.sync.servicesWritten])).toEqual(
      [26_322, 30_000].flatMap((at) => ['kind-control-plane', 'kind-worker', 'kind-worker2'].map((n) => [at, n, false, ['default/auth-service']])),
    );
    expect(syncs.at(-1)!.sync.chainsWritten.filter((c) => c.startsWith('KUBE-SEP-') || c.startsWith('KUBE-SVC-'))).toEqual([
      'KUBE-SEP-3YM5NLDJWSLFT6N4', 'KUBE-SEP-A3SBAGXNLD4NC6W5', 'KUBE-SEP-L7QACSNWT2MGUBDP', 'KUBE-SEP-SBJQAPZWFGNNF6CH', 'KUBE-SVC-FCQA5OQTFYIPVXUO',
    ]);
    expect(syncs.at(-1)!.sync.rules).toBe(27);
    expect(of(got, 'note').map((e) => [e.source, e.message])).toEqual([
      ['deployment-controller', 'ScalingReplicaSet: Scaled up replica set auth-service-7b86fcccfd from 3 to 4'],
      ['replicaset-controller', `SuccessfulCreate: Created pod: ${NEW_POD}`],
    ]);
    expect(events.drain()).toEqual([]);
  });

  it('scale down: the slice event removes the address once the pod terminates', () => {
    const t = new TestSim(1);
    t.exec('kubectl scale deploy auth-service --replicas=4');
    const events = new EventCollector(t.sim);
    t.exec('kubectl scale deploy auth-service --replicas=3');
    const changed = of(events.drain(), 'slice').filter((e) => e.added.length + e.removed.length > 0);
    expect(changed.map((e) => [e.name, e.added, e.removed])).toEqual([['auth-service-z62c4', [], [NEW_IP]]]);
  });

  it('a traffic connection: packet event with the KUBE-SEP chain chosen on the client node and the DNAT hop', () => {
    const t = new TestSim(1);
    const events = new EventCollector(t.sim);
    startTraffic(t.sim, { rate: 2 });
    t.sim.advance(500);
    const packets = of(events.drain(), 'packet');
    expect(packets).toHaveLength(1);
    const p = packets[0]!.packet;
    expect([p.id, p.at, p.source, p.from, p.to, p.proto, p.outcome, p.service, p.masqueraded]).toEqual([1, 25_500, 'traffic', 'pod/default/client', '10.96.241.179:8080', 'tcp', 'connected', 'default/auth-service', false]);

    const nat = chainsOf(t.sim, 'kind-worker2').tables.find((x) => x.name === 'nat')!;
    const svc = nat.chains.find((c) => c.name === 'KUBE-SVC-FCQA5OQTFYIPVXUO')!;
    const seps = svc.rules.flatMap((r) => (r.jumpTo?.startsWith('KUBE-SEP-') ? [r.jumpTo] : []));
    expect(seps).toHaveLength(3);
    expect(seps).toContain(p.sepChain);
    expect(p.sepChain).toBe('KUBE-SEP-A3SBAGXNLD4NC6W5');

    // The DNAT hop: on the client's node, PREROUTING, the SEP chain's DNAT rule rewrote the destination.
    const dnat = p.hops.filter((h) => h.hits.some((x) => x.verdict === 'DNAT'));
    expect(dnat.map((h) => [h.host, h.hook, h.before.dst, h.after.dst, h.after.dport])).toEqual([['kind-worker2', 'PREROUTING', '10.96.241.179', '10.244.1.2', 8080]]);
    expect(dnat[0]!.hits.map((x) => [x.chain, x.rule, x.verdict])).toEqual([
      ['PREROUTING', 1, 'jump KUBE-SERVICES'],
      ['KUBE-SERVICES', 1, 'jump KUBE-SVC-FCQA5OQTFYIPVXUO'],
      ['KUBE-SVC-FCQA5OQTFYIPVXUO', 2, `jump ${p.sepChain}`],
      [p.sepChain, 2, 'DNAT'],
    ]);
    const sep = nat.chains.find((c) => c.name === p.sepChain)!;
    expect(sep.rules.find((r) => r.target === 'DNAT')!.toDestination).toBe(`${p.destination!.ip}:${p.destination!.port}`);
    const endpoint = snapshotOf(t.sim, 1).slices.flatMap((s) => s.endpoints).find((e) => e.ip === dnat[0]!.after.dst)!;
    expect(p.destination).toEqual({ ip: '10.244.1.2', port: 8080, pod: endpoint.pod });
    expect(endpoint.pod).toBe('default/auth-service-7b86fcccfd-7fz7f');
    expect(p.hops.at(-1)!.step).toBe('deliver');
    // The client's curl closes the connection: the packet carries the whole exchange, and the
    // entry it left is TIME_WAIT.
    expect(p.hops.map((h) => `${h.direction === 'original' ? '>' : '<'}${h.packet}`).filter((x, i, a) => a[i - 1] !== x)).toEqual(
      ['>SYN', '<SYN-ACK', '>ACK', '>PSH,ACK', '<ACK', '<PSH,ACK', '>ACK', '>FIN,ACK', '<FIN,ACK', '>ACK'],
    );
    expect(p.conntrack).toMatch(/^tcp {6}6 120 TIME_WAIT src=10\.244\.2\.2 dst=10\.96\.241\.179 sport=\d+ dport=8080 src=10\.244\.1\.2 dst=10\.244\.2\.2 sport=8080 dport=\d+ \[ASSURED\] mark=0 use=1$/);
    expect(events.packet(p.id)).toBe(p);
    expect(structuredClone(p)).toEqual(p);
  });

  it('trace and curl name themselves as the source; a pod IP has no service', () => {
    const t = new TestSim(1);
    const events = new EventCollector(t.sim);
    t.exec('trace pod/client 10.96.241.179:8080');
    t.exec('trace pod/client 10.244.1.3:8080');
    t.exec('docker exec kind-worker curl -s 10.96.241.179:8080');
    const p = of(events.drain(), 'packet').map((e) => e.packet);
    expect(p.map((x) => [x.source, x.from, x.to, x.service, x.sepChain, x.destination?.pod])).toEqual([
      ['trace', 'pod/default/client', '10.96.241.179:8080', 'default/auth-service', 'KUBE-SEP-A3SBAGXNLD4NC6W5', 'default/auth-service-7b86fcccfd-7fz7f'],
      ['trace', 'pod/default/client', '10.244.1.3:8080', undefined, undefined, 'default/auth-service-7b86fcccfd-fnkgq'],
      ['curl', 'kind-worker', '10.96.241.179:8080', 'default/auth-service', p[2]!.sepChain, p[2]!.destination?.pod],
    ]);
    expect(p[2]!.sepChain).toMatch(/^KUBE-SEP-/);
  });

  it('stop() unsubscribes', () => {
    const t = new TestSim(1);
    const events = new EventCollector(t.sim);
    events.stop();
    t.exec('kubectl scale deploy auth-service --replicas=4');
    expect(events.drain()).toEqual([]);
    expect(events.changes).toBe(0);
  });
});
