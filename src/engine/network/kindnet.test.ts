// kindnetd's masquerade agent in the default scenario: the KIND-MASQ-AGENT chain on every node,
// traffic leaving the pod network masqueraded to the node address, rules restored every 60 s.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { save } from '../netfilter/rules/index.ts';
import { bootCluster, iptables } from './testkit.ts';

const SCENARIO = readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8');
const CLIENT = { pod: { namespace: 'default', name: 'client' } };

const masqLines = (text: string): string[] => text.split('\n').filter((l) => /KIND-MASQ-AGENT/.test(l));

describe('kindnet ip-masq agent', () => {
  it('installs KIND-MASQ-AGENT after kube-proxy\'s jump in nat POSTROUTING on every node', () => {
    const c = bootCluster(SCENARIO);
    for (const node of ['kind-control-plane', 'kind-worker', 'kind-worker2']) {
      const nat = save(c.net.kernel(node)!.ruleset, { table: 'nat', generatedAt: 'Sat Nov 21 09:00:00 2026' });
      expect(masqLines(nat)).toEqual([
        ':KIND-MASQ-AGENT - [0:0]',
        '-A POSTROUTING -m addrtype ! --dst-type LOCAL -m comment --comment "kind-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom KIND-MASQ-AGENT chain" -j KIND-MASQ-AGENT',
        '-A KIND-MASQ-AGENT -d 10.244.0.0/16 -m comment --comment "kind-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN',
        '-A KIND-MASQ-AGENT -m comment --comment "kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)" -j MASQUERADE',
      ]);
      expect(nat).toContain('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n-A POSTROUTING -m addrtype');
    }
  });

  it('pod → a host on the kind network is masqueraded to the node address; pod → pod is not', () => {
    const c = bootCluster(SCENARIO);
    const out = c.net.connect({ from: CLIENT, to: '172.18.0.1', port: 22 });
    // The docker host answers (RST: nothing listens) to the node, conntrack hands it back to the pod.
    expect([out.outcome, out.masqueraded, out.serverSawSource]).toEqual(['refused', true, `172.18.0.4:${out.client.port}`]);
    const post = out.hops.find((h) => h.packetLabel === 'SYN' && h.host === 'kind-worker2' && h.hook === 'POSTROUTING')!;
    expect(post.hits.map((h) => `${h.chain}:${h.type}:${h.ruleNumber}`)).toEqual(['POSTROUTING:rule:1', 'KUBE-POSTROUTING:rule:1', 'POSTROUTING:rule:2', 'KIND-MASQ-AGENT:rule:2']);
    const inside = c.net.connect({ from: CLIENT, to: '10.244.1.2', port: 8080 });
    expect(inside.masqueraded).toBe(false);
  });

  it('restores deleted rules within 60 s, like SyncRulesForever', () => {
    const c = bootCluster(SCENARIO);
    iptables(c.net, 'kind-worker', '-t', 'nat', '-F', 'KIND-MASQ-AGENT');
    const rules = () => c.net.kernel('kind-worker')!.ruleset.tables.get('nat')!.chains.get('KIND-MASQ-AGENT')!.rules.length;
    expect(rules()).toBe(0);
    c.sim.advance(60_000);
    expect(rules()).toBe(2);
  });
});
