import { describe, expect, it } from 'vitest';
import { defaultSim } from '../../../test/support/sim.ts';
import { formatConntrack } from '../netfilter/kernel/index.ts';
import type { ConnectionTrace } from '../network/types.ts';
import { startTraffic } from './traffic.ts';

function record(seed: number, ms: number, rate = 2): { at: number; to: string; pod?: string; sport: number }[] {
  const sim = defaultSim(seed);
  const seen: { at: number; to: string; pod?: string; sport: number }[] = [];
  sim.network.onConnect((t: ConnectionTrace, o) => {
    if (o.source === 'probe') return; // the kubelets' probes of the pods
    seen.push({ at: sim.clock.now(), to: `${o.to}:${o.port}/${o.source}`, sport: t.client.port, ...(t.destination?.pod ? { pod: t.destination.pod.name } : {}) });
  });
  startTraffic(sim, { rate });
  sim.advance(ms);
  return seen;
}

describe('traffic generator', () => {
  it('client → auth-service ClusterIP at N connections per virtual second', () => {
    const seen = record(1, 3_000);
    expect(seen.map((s) => s.at)).toEqual([25_500, 26_000, 26_500, 27_000, 27_500, 28_000]);
    expect(new Set(seen.map((s) => s.to))).toEqual(new Set(['10.96.241.179:8080/traffic']));
    // Spread over the three endpoints by the statistic rules.
    expect(new Set(seen.map((s) => s.pod)).size).toBeGreaterThan(1);
  });

  it('keeps to whole virtual milliseconds at rates that do not divide a second', () => {
    expect(record(1, 1_000, 3).map((s) => s.at)).toEqual([25_333, 25_667, 26_000]);
  });

  it('is deterministic for a seed', () => {
    expect(record(1, 5_000)).toEqual(record(1, 5_000));
    expect(record(2, 5_000)).not.toEqual(record(1, 5_000));
  });

  it('rate changes take effect from now; 0 stops; settle() is not kept busy', () => {
    const sim = defaultSim(1);
    let n = 0;
    sim.network.onConnect((_t, o) => void (o.source === 'traffic' && n++));
    const traffic = startTraffic(sim, { rate: 10 });
    expect(sim.settle()).toEqual({ quiet: true, elapsedMs: 0 });
    sim.advance(1_000);
    expect([n, traffic.sent]).toEqual([10, 10]);
    traffic.setRate(1);
    sim.advance(2_000);
    expect(n).toBe(12);
    traffic.setRate(0);
    sim.advance(10_000);
    expect([n, traffic.rate]).toEqual([12, 0]);
  });

  it('makes no connection while the Service is gone', () => {
    const sim = defaultSim(1);
    let n = 0;
    sim.network.onConnect((_t, o) => void (o.source === 'traffic' && n++));
    startTraffic(sim, { rate: 2, service: { namespace: 'default', name: 'missing' } });
    sim.advance(2_000);
    expect(n).toBe(0);
  });

  it('[NF-3] each call closes (curl in the pod): 10 minutes at 2/s leave 240 TIME_WAIT entries on the client node, none ESTABLISHED', () => {
    const sim = defaultSim(1);
    const traces: ConnectionTrace[] = [];
    sim.network.onConnect((t, o) => void (o.source === 'traffic' && traces.push(t)));
    startTraffic(sim, { rate: 2 });
    sim.advance(600_000);
    expect(traces).toHaveLength(1200);
    expect(new Set(traces.map((t) => t.hops.filter((h) => h.step === 'deliver').map((h) => h.packetLabel).join(' ')))).toEqual(
      new Set(['SYN SYN-ACK ACK PSH,ACK ACK PSH,ACK ACK FIN,ACK FIN,ACK ACK']),
    );
    const now = sim.clock.now();
    const states = (node: string) => {
      const count = new Map<string, number>();
      for (const e of sim.network.kernel(node)!.conntrack.list()) {
        // The client's flows (not the kubelet's probes of the node's pods, also to port 8080).
        if (e.proto !== 'tcp' || e.original.dport !== 8080 || e.original.src !== '10.244.2.2') continue;
        const key = `${e.tcpState} ${e.assured}`;
        count.set(key, (count.get(key) ?? 0) + 1);
      }
      return Object.fromEntries(count);
    };
    // The connections of the last 120 s (a TIME_WAIT entry is gone exactly 120 s after the last ACK).
    expect(states('kind-worker2')).toEqual({ 'TIME_WAIT true': 240 });
    const newest = sim.network.kernel('kind-worker2')!.conntrack.list().filter((e) => e.proto === 'tcp' && e.original.src === '10.244.2.2').at(-1)!;
    expect(formatConntrack(newest, now)).toMatch(/^tcp {6}6 120 TIME_WAIT src=10\.244\.2\.2 dst=10\.96\.241\.179 sport=\d+ dport=8080 src=10\.244\.\d\.\d dst=10\.244\.2\.2 sport=8080 dport=\d+ \[ASSURED\] mark=0 use=1$/);
    // kind-worker tracks the forwarded ones to its two endpoints, also closed.
    expect(Object.keys(states('kind-worker'))).toEqual(['TIME_WAIT true']);
  });
});
