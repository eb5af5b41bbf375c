// Data and close on a connection opened with keepOpen (default scenario: client pod on
// kind-worker2, 10.244.2.2; auth-service ClusterIP 10.96.241.179:8080). The order of segments
// is what a capture on a router namespace showed for curl against an HTTP server (Linux 6.18).

import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatConntrack } from '../netfilter/kernel/index.ts';
import { bootCluster, type TestCluster } from './testkit.ts';
import { TimeWaitSockets } from './timewait.ts';
import type { ConnectionTrace } from './types.ts';

const SCENARIO = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');
const SVC = '10.96.241.179';
const CLIENT = { pod: { namespace: 'default', name: 'client' } };

/** The packets of a trace in order, `>` client to server, `<` back. */
const packets = (t: ConnectionTrace): string[] =>
  t.hops.map((h) => `${h.direction === 'original' ? '>' : '<'}${h.packetLabel}`).filter((x, i, a) => a[i - 1] !== x);
// The node's own connections (the kubelet's probes of its pods, from 10.244.x.1) are left out.
const entries = (c: TestCluster, node: string, proto = 'tcp'): string[] =>
  c.net.kernel(node)!.conntrack.list().filter((e) => e.proto === proto && !/^10\.244\.\d+\.1$/.test(e.original.src)).map((e) => formatConntrack(e, c.sim.clock.now()));

describe('network.send / network.close', () => {
  let c: TestCluster;
  let seen: ConnectionTrace[];
  beforeEach(() => {
    c = bootCluster(SCENARIO);
    seen = [];
    c.net.onConnect((t) => seen.push(t));
  });

  it('[NF-3] request, response, close: every segment through conntrack; both nodes end in TIME_WAIT; observers see it once, closed', () => {
    const t = c.net.connect({ from: CLIENT, to: SVC, port: 8080, keepOpen: true });
    expect(t.outcome).toBe('connected');
    expect(seen).toEqual([]);
    expect(c.net.send(t, 'client', 80)).toBe(true);
    expect(c.net.send(t, 'server', 200)).toBe(true);
    expect(t.conntrack).toMatch(/^tcp {6}6 432000 ESTABLISHED /);
    c.net.close(t);
    expect(seen).toEqual([t]);
    expect(packets(t)).toEqual(['>SYN', '<SYN-ACK', '>ACK', '>PSH,ACK', '<ACK', '<PSH,ACK', '>ACK', '>FIN,ACK', '<FIN,ACK', '>ACK']);
    const dst = t.destination!.ip;
    const sport = t.client.port;
    expect(t.conntrack).toBe(`tcp      6 120 TIME_WAIT src=10.244.2.2 dst=${SVC} sport=${sport} dport=8080 src=${dst} dst=10.244.2.2 sport=8080 dport=${sport} [ASSURED] mark=0 use=1`);
    expect(entries(c, 'kind-worker2')).toEqual([t.conntrack]);
    // 10.244.1.2 runs on kind-worker: the forwarded connection is tracked there too, unNATed.
    expect(dst).toBe('10.244.1.2');
    expect(entries(c, 'kind-worker')).toEqual([`tcp      6 120 TIME_WAIT src=10.244.2.2 dst=10.244.1.2 sport=${sport} dport=8080 src=10.244.1.2 dst=10.244.2.2 sport=8080 dport=${sport} [ASSURED] mark=0 use=1`]);
    // Lengths and sequence numbers as on the wire (headers 52 with timestamps; a FIN counts one).
    const at = (label: string, dir: 'original' | 'reply', nth = 0) => t.hops.filter((h) => h.packetLabel === label && h.direction === dir && h.step === 'deliver')[nth]!;
    const syn = t.hops[0]!.wire.tcp!.seq;
    const synack = at('SYN-ACK', 'reply').wire.tcp!.seq;
    const seg = (label: string, dir: 'original' | 'reply', nth = 0) => {
      const h = at(label, dir, nth);
      return [h.after.length, h.wire.tcp!.seq - (dir === 'original' ? syn : synack), h.wire.tcp!.ack - (dir === 'original' ? synack : syn)];
    };
    expect(seg('PSH,ACK', 'original')).toEqual([132, 1, 1]);
    expect(seg('ACK', 'reply')).toEqual([52, 1, 81]);
    expect(seg('PSH,ACK', 'reply')).toEqual([252, 1, 81]);
    expect(seg('ACK', 'original', 1)).toEqual([52, 81, 201]);
    expect(seg('FIN,ACK', 'original')).toEqual([52, 81, 201]);
    expect(seg('FIN,ACK', 'reply')).toEqual([52, 201, 82]);
    expect(seg('ACK', 'original', 2)).toEqual([52, 82, 202]);
    c.sim.advance(120_000);
    expect([entries(c, 'kind-worker2'), entries(c, 'kind-worker')]).toEqual([[], []]);
  });

  it('[NF-3] the server closing first is the mirror image, and also ends in TIME_WAIT', () => {
    const t = c.net.connect({ from: CLIENT, to: SVC, port: 8080, keepOpen: true });
    c.net.send(t, 'client', 80);
    c.net.close(t, 'server');
    expect(packets(t)).toEqual(['>SYN', '<SYN-ACK', '>ACK', '>PSH,ACK', '<ACK', '<FIN,ACK', '>FIN,ACK', '<ACK']);
    expect(t.conntrack).toMatch(/^tcp {6}6 120 TIME_WAIT src=10\.244\.2\.2 /);
    // Closed: nothing more goes out, and observers are not told twice.
    expect(c.net.send(t, 'client', 10)).toBe(false);
    c.net.close(t);
    expect(seen).toEqual([t]);
  });

  it('[NF-3] without keepOpen connect() is one attempt as before: the handshake, ESTABLISHED, observed at once', () => {
    const t = c.net.connect({ from: CLIENT, to: SVC, port: 8080 });
    expect(seen).toEqual([t]);
    expect(packets(t)).toEqual(['>SYN', '<SYN-ACK', '>ACK']);
    expect(c.net.send(t, 'client', 80)).toBe(false);
    c.net.close(t);
    expect(packets(t)).toEqual(['>SYN', '<SYN-ACK', '>ACK']);
    expect(entries(c, 'kind-worker2')).toEqual([t.conntrack]);
    expect(t.conntrack).toMatch(/^tcp {6}6 432000 ESTABLISHED /);
  });

  it('[NF-3] a failed attempt with keepOpen is observed at once (nothing to close)', () => {
    const t = c.net.connect({ from: CLIENT, to: SVC, port: 9999, keepOpen: true });
    expect(t.outcome).toBe('timeout');
    expect(seen).toEqual([t]);
  });

  it('[NF-3] UDP needs no close: the entry (30 s, 29 once the reply is 1 s old) is gone after 30 s', () => {
    const t = c.net.connect({ from: CLIENT, to: '10.96.0.10', port: 53, proto: 'udp', keepOpen: true });
    expect([t.outcome, seen]).toEqual(['connected', [t]]);
    expect(t.conntrack).toMatch(/^udp {6}17 30 src=10\.244\.2\.2 dst=10\.96\.0\.10 sport=\d+ dport=53 src=10\.244\.\d+\.\d+ dst=10\.244\.2\.2 sport=53 dport=\d+ mark=0 use=1$/);
    c.sim.advance(1_000);
    expect(entries(c, 'kind-worker2', 'udp')).toEqual([t.conntrack!.replace(' 30 ', ' 29 ')]);
    c.sim.advance(29_000);
    expect(entries(c, 'kind-worker2', 'udp')).toEqual([]);
  });

  it('[NF-3] a client socket in TIME_WAIT keeps its port from connect() for 60 s (the conntrack entry lasts 120 s)', () => {
    const tw = new TimeWaitSockets();
    const host = c.net.host('pod/default/client')!;
    tw.add(host, '10.244.2.2', 40000, SVC, 8080, 1_000);
    expect([tw.has(host, '10.244.2.2', 40000, SVC, 8080, 60_999), tw.has(host, '10.244.2.2', 40000, SVC, 8081, 2_000), tw.has(host, '10.244.2.2', 40000, SVC, 8080, 61_000)]).toEqual([true, false, false]);
  });
});
