import { describe, expect, it } from 'vitest';
import { defaultSim } from '../../../test/support/sim.ts';
import { save } from '../netfilter/rules/index.ts';
import { chainText, chainsOf } from './chains.ts';

const SVC = 'KUBE-SVC-FCQA5OQTFYIPVXUO';

describe('chainsOf (default scenario, seed 1)', () => {
  const sim = defaultSim(1);

  it("kind-worker's KUBE-SVC of auth-service: 3 SEP jumps with kube-proxy's probabilities", () => {
    const snap = chainsOf(sim, 'kind-worker', 3);
    expect(snap.node).toBe('kind-worker');
    expect(snap.version).toBe(3);
    expect(snap.tables.map((t) => t.name)).toEqual(['mangle', 'filter', 'nat']);
    const svc = snap.tables.find((t) => t.name === 'nat')!.chains.find((c) => c.name === SVC)!;
    expect(svc.servicePort).toBe('default/auth-service:http');
    expect(svc.builtin).toBe(false);
    expect(svc.rules.map((r) => [r.number, r.match, r.jumpTo, r.probability])).toEqual([
      [1, 'src !10.244.0.0/16 10.96.241.179/32 tcp dpt:8080', 'KUBE-MARK-MASQ', undefined],
      [2, 'probability 0.33333333349', 'KUBE-SEP-A3SBAGXNLD4NC6W5', '0.33333333349'],
      [3, 'probability 0.50000000000', 'KUBE-SEP-L7QACSNWT2MGUBDP', '0.50000000000'],
      [4, '', 'KUBE-SEP-SBJQAPZWFGNNF6CH', undefined],
    ]);
    expect(svc.rules[1]!.text).toBe('-m comment --comment "default/auth-service:http -> 10.244.1.2:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A3SBAGXNLD4NC6W5');
    expect(svc.rules[1]!.comment).toBe('default/auth-service:http -> 10.244.1.2:8080');
  });

  it('RuleView.text is the iptables-save line after "-A CHAIN " for every rule', () => {
    const rs = sim.network.kernel('kind-worker')!.ruleset;
    const saved = save(rs, { generatedAt: 'x' }).split('\n').filter((l) => l.startsWith('-A '));
    const ours = chainsOf(sim, 'kind-worker').tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => `-A ${c.name}${r.text ? ` ${r.text}` : ''}`)));
    expect(ours.sort()).toEqual(saved.sort());
  });

  it('a SEP chain: DNAT destination and its service port', () => {
    const nat = chainsOf(sim, 'kind-worker').tables.find((t) => t.name === 'nat')!;
    const sep = nat.chains.find((c) => c.name === 'KUBE-SEP-A3SBAGXNLD4NC6W5')!;
    expect(sep.servicePort).toBe('default/auth-service:http');
    expect(sep.rules.map((r) => [r.match, r.target, r.toDestination])).toEqual([
      ['src 10.244.1.2/32', 'KUBE-MARK-MASQ', undefined],
      ['tcp', 'DNAT', '10.244.1.2:8080'],
    ]);
  });

  it('counters: built-ins show their policy counters, user chains what the jumps to them counted', () => {
    sim.network.connect({ from: { pod: { namespace: 'default', name: 'client' } }, to: '10.96.241.179', port: 8080 });
    const nat = chainsOf(sim, 'kind-worker2').tables.find((t) => t.name === 'nat')!;
    const chain = (n: string) => nat.chains.find((c) => c.name === n)!;
    expect([chain('PREROUTING').packets, chain('PREROUTING').rules[0]!.packets]).toEqual([0, 1]);
    // KUBE-SERVICES also counted the SYN of the kubelet's readiness probe of the local auth pod
    // (from the node's OUTPUT chain, during bootstrap).
    expect([chain('KUBE-SERVICES').packets, chain(SVC).packets]).toEqual([2, 1]);
    expect(chain('KUBE-SERVICES').bytes).toBe(120);
  });

  it('an unknown node has no tables', () => {
    expect(chainsOf(sim, 'nope')).toEqual({ node: 'nope', version: 0, tables: [] });
  });
});

describe('chainText', () => {
  const sim = defaultSim(1);
  it('one chain as iptables-save -c prints it', () => {
    expect(chainText(sim, 'kind-worker', 'nat', SVC)).toBe(
      [
        `:${SVC} - [0:0]`,
        `[0:0] -A ${SVC} ! -s 10.244.0.0/16 -d 10.96.241.179/32 -p tcp -m comment --comment "default/auth-service:http cluster IP" -m tcp --dport 8080 -j KUBE-MARK-MASQ`,
        `[0:0] -A ${SVC} -m comment --comment "default/auth-service:http -> 10.244.1.2:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A3SBAGXNLD4NC6W5`,
        `[0:0] -A ${SVC} -m comment --comment "default/auth-service:http -> 10.244.1.3:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-L7QACSNWT2MGUBDP`,
        `[0:0] -A ${SVC} -m comment --comment "default/auth-service:http -> 10.244.2.3:8080" -j KUBE-SEP-SBJQAPZWFGNNF6CH`,
        '',
      ].join('\n'),
    );
    expect(chainText(sim, 'kind-worker', 'nat', 'PREROUTING')).toBe(':PREROUTING ACCEPT [0:0]\n[0:0] -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
    expect(chainText(sim, 'kind-worker', 'nat', 'NOPE')).toBe('');
  });
});
