// createSimApi in this thread, with frames driven by hand (a fake real-time clock and timer).
import { describe, expect, it } from 'vitest';
import type { SimBatch } from '../engine/view/types.ts';
import type { PageBatch } from './contract.ts';
import { MAX_PACKETS_PER_BATCH, createSimApi } from './api.ts';
import { manualHost } from './manualHost.ts';


function started(opts: Parameters<ReturnType<typeof createSimApi>['start']>[0] = {}) {
  const m = manualHost();
  const api = createSimApi(m.host);
  const batches: SimBatch[] = [];
  api.subscribe((b) => void batches.push(b));
  const first = api.start(opts);
  return { api, m, batches, first };
}

describe('createSimApi (in-thread, default scenario)', () => {
  it('lists the scenario files', () => {
    const api = createSimApi(manualHost().host);
    const infos = api.scenarios();
    // "default" first, then by id (the challenge lessons' broken clusters, the logs scenario).
    expect(infos.map((i) => i.id)).toEqual(['default', '15-broken-selector', '16-wrong-targetport', '17-not-ready', 'logs']);
    expect(infos[0]).toEqual({ id: 'default', name: 'default', description: 'A fresh kind cluster with auth-service (3 replicas) behind a ClusterIP Service and a client pod.' });
    expect(() => api.start({ scenario: 'nope' })).toThrow('unknown scenario "nope"');
    expect(() => api.snapshot()).toThrow('call start() first');
  });

  it('start() returns the settled cluster; step() posts a batch with the events of that second', () => {
    const { api, batches, first } = started({ playing: false });
    expect([first.version, first.now, first.scenario.id, first.nodes.length, first.slices.find((s) => s.service === 'auth-service')?.endpoints.length]).toEqual([1, 25_000, 'default', 3, 3]);
    api.step();
    api.step();
    api.step(500);
    expect(batches.map((b) => [b.now, b.playing, b.speed, b.events.map((e) => e.kind).join(',')])).toEqual([
      [26_000, false, 1, 'packet,packet'],
      [27_000, false, 1, 'packet,packet'],
      [27_500, false, 1, 'packet'],
    ]);
    const p = batches[0]!.events[0]!;
    expect(p.kind === 'packet' && [p.seq, p.packet.id, p.packet.source, p.packet.to, p.packet.outcome, p.packet.service]).toEqual([1, 1, 'traffic', '10.96.241.179:8080', 'connected', 'default/auth-service']);
    // Packets move counters (chains()), not API objects: no new world snapshot for them.
    expect(batches.map((b) => b.snapshot?.version)).toEqual([undefined, undefined, undefined]);
    expect(api.snapshot().version).toBe(1);
    // Background traffic carries the hops of its SYN and SYN-ACK (a prefix); packet(id) has them all.
    const full = api.packet(1)!;
    const sent = p.kind === 'packet' ? p.packet : undefined;
    expect({ ...full, hops: full.hops.slice(0, sent?.hops.length) }).toEqual(sent);
    expect([...new Set(sent?.hops.map((h) => `${h.packet}/${h.direction}`))]).toEqual(['SYN/original', 'SYN-ACK/reply']);
    expect(full.hops.length).toBeGreaterThan(sent!.hops.length);
    expect(structuredClone(batches)).toEqual(batches);
  });

  it('execute() runs the engine shell: kubectl get pods prints the table', () => {
    const { api } = started({ playing: false, trafficRate: 0 });
    expect(api.execute('kubectl get pods')).toEqual({
      text: [
        'NAME                            READY   STATUS    RESTARTS   AGE',
        'auth-service-7b86fcccfd-4z4pm   1/1     Running   0          25s',
        'auth-service-7b86fcccfd-7fz7f   1/1     Running   0          25s',
        'auth-service-7b86fcccfd-fnkgq   1/1     Running   0          25s',
        'client                          1/1     Running   0          25s',
        '',
      ].join('\n'),
      exitCode: 0,
      prompt: '$ ',
    });
    expect(api.prompt()).toBe('$ ');
    expect(api.isComplete('echo "a')).toBe(false);
  });

  it("chains('kind-worker'): auth-service's KUBE-SVC jumps to 3 SEP chains with 0.33333333349 / 0.50000000000", () => {
    const { api } = started({ playing: false });
    const nat = api.chains('kind-worker').tables.find((t) => t.name === 'nat')!;
    const svc = nat.chains.find((c) => c.name.startsWith('KUBE-SVC-') && c.servicePort === 'default/auth-service:http')!;
    const jumps = svc.rules.filter((r) => r.jumpTo?.startsWith('KUBE-SEP-'));
    expect(jumps.map((r) => r.probability)).toEqual(['0.33333333349', '0.50000000000', undefined]);
    expect(api.chainText('kind-worker', 'nat', svc.name).split('\n')[0]).toBe(`:${svc.name} - [0:0]`);
  });

  it('objectYaml() is kubectl get -o yaml; unknown objects give ""', () => {
    const { api } = started({ playing: false });
    const yaml = api.objectYaml('services', 'default', 'auth-service');
    expect(yaml.startsWith('apiVersion: v1\nkind: Service\nmetadata:\n')).toBe(true);
    expect(yaml).toContain('  clusterIP: 10.96.241.179\n');
    expect(api.objectYaml('nodes', '', 'kind-worker')).toContain('kind: Node\n');
    expect(api.objectYaml('pods', 'default', 'missing')).toBe('');
    expect(api.objectYaml('pods', 'default', 'x; rm -rf /')).toBe('');
  });

  it('the run loop: one batch per frame while playing, virtual time = real time × speed', () => {
    const { api, m, batches } = started({ trafficRate: 0 });
    m.frame(16);
    m.frame(16);
    api.setSpeed(4);
    m.frame(50);
    api.setSpeed(100); // clamped
    api.pause();
    m.frame(16);
    m.frame(16); // paused, nothing new: no batch
    api.play();
    m.frame(500); // a long gap counts as at most 100 ms
    expect(batches.map((b) => [b.now, b.playing, b.speed])).toEqual([
      [25_016, true, 1],
      [25_032, true, 1],
      [25_232, true, 4],
      [25_232, false, 4],
      [25_632, true, 4],
    ]);
  });

  it('a scale-up reaches the page as slice and sync events and a new snapshot', () => {
    const { api, batches } = started({ playing: false, trafficRate: 0 });
    api.execute('kubectl scale deploy auth-service --replicas=4');
    api.step(5_000);
    const events = batches.flatMap((b) => b.events);
    const slice = events.filter((e) => e.kind === 'slice' && e.added.length > 0);
    expect(slice.map((e) => e.kind === 'slice' && [e.name, e.added])).toEqual([['auth-service-z62c4', ['10.244.2.4']]]);
    expect(events.filter((e) => e.kind === 'sync').length).toBe(6);
    const snap = batches.at(-1)!.snapshot!;
    expect(snap.slices.find((s) => s.service === 'auth-service')!.endpoints.map((e) => [e.ip, e.ready])).toEqual([
      ['10.244.1.2', true], ['10.244.1.3', true], ['10.244.2.3', true], ['10.244.2.4', true],
    ]);
    expect(api.snapshot().version).toBe(snap.version);
  });

  it('setTraffic changes the rate; 0 stops', () => {
    const { api, batches } = started({ playing: false, trafficRate: 10 });
    api.step(1_000);
    api.setTraffic(0);
    api.step(1_000);
    expect(batches.map((b) => b.events.filter((e) => e.kind === 'packet').length)).toEqual([10, 0]);
  });

  it('bounded work per frame: a step whose work outlasts its budget continues over the next frames', () => {
    // Every look at the real clock costs 20 ms: the 50 ms step budget and 10 ms frame budget run out fast.
    let t = 0;
    let pending: (() => void) | undefined;
    const api = createSimApi({ now: () => (t += 20), setTimer: (fn) => ((pending = fn), 1), clearTimer: () => (pending = undefined) });
    const batches: SimBatch[] = [];
    api.subscribe((b) => void batches.push(b));
    api.start({ playing: false, trafficRate: 10 });
    api.step(1_000);
    expect(batches[0]!.now).toBeLessThan(26_000);
    for (let i = 0; i < 50 && batches.at(-1)!.now < 26_000; i++) {
      const f = pending;
      pending = undefined;
      f?.();
    }
    expect(batches.at(-1)!.now).toBe(26_000);
    expect(batches.length).toBeGreaterThan(2);
    // Same events as one uninterrupted step: 10 connections, ids 1…10, in order.
    const ids = batches.flatMap((b) => b.events.flatMap((e) => (e.kind === 'packet' ? [e.packet.id] : [])));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('a frame with many packets keeps the hops of the newest 50; packet(id) has them all', () => {
    const { api, batches } = started({ playing: false, trafficRate: 0 });
    expect(api.execute('trace pod/client 10.96.241.179:8080 --count 60').exitCode).toBe(0);
    api.step(1);
    const packets = batches.flatMap((b) => b.events.flatMap((e) => (e.kind === 'packet' ? [e.packet] : [])));
    expect(packets.map((p) => p.id)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(packets.map((p) => p.hops.length > 0)).toEqual([...Array<boolean>(10).fill(false), ...Array<boolean>(50).fill(true)]);
    expect(api.packet(1)!.hops.length).toBe(packets[59]!.hops.length);
    expect(packets[0]!.sepChain).toMatch(/^KUBE-SEP-/);
  });

  it('backpressure: while the page has not answered a batch, events gather; none is lost, the oldest packets are thinned', async () => {
    const m = manualHost();
    const api = createSimApi(m.host);
    const batches: PageBatch[] = [];
    let answer: (() => void) | undefined;
    api.subscribe((b) => {
      batches.push(b);
      return new Promise<void>((r) => (answer = r));
    });
    api.start({ trafficRate: 0 });
    m.frame(16);
    expect(batches).toHaveLength(1);
    // The page is busy: frames pass, a scale-up and 300 traced connections happen, nothing is sent.
    api.execute('kubectl scale deploy auth-service --replicas=5');
    api.execute('trace pod/client 10.96.241.179:8080 --count 300');
    for (let i = 0; i < 200; i++) m.frame(16);
    expect(batches).toHaveLength(1);
    answer!();
    await Promise.resolve();
    m.frame(16);
    expect(batches).toHaveLength(2);
    const b = batches[1]!;
    const packets = b.events.filter((e) => e.kind === 'packet');
    expect([packets.length, b.thinned, packets[0]!.kind === 'packet' && packets[0]!.packet.id]).toEqual([MAX_PACKETS_PER_BATCH, 300 - MAX_PACKETS_PER_BATCH, 101]);
    // Every control-plane event of those 3.2 s is there, in order, and the snapshot shows the 5 pods.
    const seqs = b.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(b.events.filter((e) => e.kind === 'slice').length).toBeGreaterThan(0);
    expect(b.snapshot!.pods.filter((p) => p.name.startsWith('auth-service-'))).toHaveLength(5);
    // step() answers at once, even while a batch is unanswered.
    api.step(100);
    expect(batches).toHaveLength(3);
  });
});
