// Network.dryRun: connections that trace exactly like real ones but leave the cluster as it
// was — counters, conntrack, recent lists, random draws, observers.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatConntrack } from '../netfilter/kernel/index.ts';
import { save } from '../netfilter/rules/index.ts';
import { bootCluster, iptables, type TestCluster } from './testkit.ts';
import type { ConnectOptions } from './types.ts';

const SCENARIO = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');
const CLIENT = { pod: { namespace: 'default', name: 'client' } };
const TO_SVC: ConnectOptions = { from: CLIENT, to: '10.96.241.179', port: 8080 };

/** Everything a later command could show: rules with counters and conntrack, per node. */
function state(c: TestCluster): string {
  const now = c.sim.clock.now();
  return ['kind-control-plane', 'kind-worker', 'kind-worker2']
    .map((n) => {
      const k = c.net.kernel(n)!;
      return `${n}\n${save(k.ruleset, { counters: true, generatedAt: 'now' })}${k.conntrack.list(now).map((e) => formatConntrack(e, now)).join('\n')}\n${k.recent.names().map((x) => JSON.stringify(k.recent.entries(x))).join('\n')}`;
    })
    .join('\n');
}

describe('Network.dryRun', () => {
  it('traces like connect() (same rules hit, same outcome) and changes nothing', () => {
    const c = bootCluster(SCENARIO);
    c.net.connect(TO_SVC); // a conntrack entry and counters exist before
    const before = state(c);
    const seen: string[] = [];
    const off = c.net.onConnect((t) => seen.push(t.outcome));
    const dry = c.net.dryRun((connect) => [connect(TO_SVC), connect({ ...TO_SVC, to: '10.96.0.10', port: 53, proto: 'udp' }), connect({ ...TO_SVC, port: 9 })]);
    off();
    expect(dry.map((t) => t.outcome)).toEqual(['connected', 'connected', 'timeout']);
    expect(dry[0]!.conntrack).toMatch(/^tcp {6}6 \d+ ESTABLISHED src=10\.244\.2\.2 dst=10\.96\.241\.179 /);
    expect(seen).toEqual([]);
    expect(state(c)).toBe(before);
  });

  it('does not advance the cluster\'s random generators: a twin cluster continues identically', () => {
    const a = bootCluster(SCENARIO);
    const b = bootCluster(SCENARIO);
    a.net.dryRun((connect) => {
      for (let i = 0; i < 25; i++) connect(TO_SVC);
    });
    const ta = Array.from({ length: 10 }, () => a.net.connect(TO_SVC));
    const tb = Array.from({ length: 10 }, () => b.net.connect(TO_SVC));
    expect(ta.map((t) => `${t.client.port} ${t.destination?.ip}`)).toEqual(tb.map((t) => `${t.client.port} ${t.destination?.ip}`));
    expect(state(a)).toBe(state(b));
  });

  it('sees the rules as they are: a DROP a learner added applies to dry runs too', () => {
    const c = bootCluster(SCENARIO);
    iptables(c.net, 'kind-worker2', '-I', 'FORWARD', '-s', '10.244.2.2', '-j', 'DROP');
    iptables(c.net, 'kind-worker2', '-I', 'OUTPUT', '-j', 'ACCEPT');
    const before = state(c);
    expect(c.net.dryRun((connect) => connect(TO_SVC).outcome)).toBe('timeout');
    expect(state(c)).toBe(before);
  });

  it('a full conntrack table drops dry connections as it drops real ones', () => {
    const c = bootCluster(SCENARIO);
    for (let i = 0; i < 5; i++) c.net.connect(TO_SVC);
    const k = c.net.kernel('kind-worker2')!;
    k.conntrack.sysctl.nf_conntrack_max = k.conntrack.count();
    const before = state(c);
    expect(c.net.dryRun((connect) => connect(TO_SVC).outcome)).toBe('timeout');
    expect(state(c)).toBe(before);
    expect(c.net.connect(TO_SVC).outcome).toBe('timeout');
    k.conntrack.sysctl.nf_conntrack_max = 262144;
    expect(c.net.dryRun((connect) => connect(TO_SVC).outcome)).toBe('connected');
  });

  it('is deterministic for a seed, and a seed picks other draws', () => {
    const c = bootCluster(SCENARIO);
    const ports = (seed?: number) => c.net.dryRun((connect) => Array.from({ length: 5 }, () => connect(TO_SVC).client.port), seed);
    expect(ports()).toEqual(ports());
    expect(ports(2)).not.toEqual(ports(1));
  });
});
