// A packet's dot path through one node's chain graph, from a connection the engine really
// traced (default scenario: the client pod on kind-worker2 → auth-service's ClusterIP).

import { beforeAll, describe, expect, it } from 'vitest';
import { chainsOf as engineChains, packetView, snapshotOf } from '../../engine/view/index.ts';
import type { ChainsSnapshot, PacketView, PodView } from '../../engine/view/types.ts';
import { TestSim } from '../../../test/support/sim.ts';
import { toChainGraph } from './graph.ts';
import { dnatHopIndex, packetPath, rewrote } from './path.ts';

let t: TestSim;
let pods: PodView[];
let packet: PacketView;
const chainsOf = (node: string): ChainsSnapshot => engineChains(t.sim, node);

beforeAll(() => {
  t = new TestSim();
  pods = snapshotOf(t.sim, 1).pods;
  const opts = { from: { pod: { namespace: 'default', name: 'client' } }, to: '10.96.241.179', port: 8080 };
  packet = packetView(t.sim.network.connect(opts), opts, { id: 1, at: 0, serviceAt: () => undefined });
});

describe('packetPath', () => {
  it("on the client's node: hook → KUBE-SERVICES → SVC → the SEP the engine chose (DNAT) → that pod", () => {
    const g = toChainGraph(chainsOf('kind-worker2'), pods);
    const path = packetPath(packet, 'kind-worker2', g)!;
    const dest = `pod:${packet.destination!.pod}`;
    expect(path.sep).toBe(packet.sepChain);
    expect(path.steps.map((s) => s.id)).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-SVC-FCQA5OQTFYIPVXUO', packet.sepChain, 'POSTROUTING', 'KUBE-POSTROUTING', 'POSTROUTING', 'KIND-MASQ-AGENT', dest]);
    // The label changes at the SEP: the ClusterIP before, the pod after.
    const at = path.steps.findIndex((s) => s.id === packet.sepChain);
    expect(path.steps[at - 1]!.text).toBe('→ 10.96.241.179:8080');
    expect(path.steps[at]).toMatchObject({ text: `→ ${packet.destination!.ip}:8080`, rewrite: true });
    // The answer comes back from the pod through the hooks; POSTROUTING undoes the DNAT.
    expect(path.reply.map((s) => [s.id, s.text, s.rewrite ?? false])).toEqual([
      [dest, `← ${packet.destination!.ip}:8080`, false],
      ['PREROUTING', `← ${packet.destination!.ip}:8080`, false],
      ['POSTROUTING', '← 10.96.241.179:8080', true],
    ]);
    expect(path.end).toBeUndefined();
    // The counters moved with it: the chosen SEP's rule counted one packet.
    const after = toChainGraph(chainsOf('kind-worker2'), pods);
    expect(after.nodes.find((n) => n.id === packet.sepChain)?.packets).toBe(1);
  });

  it("on the server's node: arrives already DNATed, KUBE-SERVICES matches nothing, delivered to the pod", () => {
    const g = toChainGraph(chainsOf('kind-worker'), pods);
    const path = packetPath(packet, 'kind-worker', g)!;
    expect(path.sep).toBeUndefined();
    expect(path.steps.map((s) => s.id)).toEqual(['PREROUTING', 'KUBE-SERVICES', 'POSTROUTING', 'KUBE-POSTROUTING', 'POSTROUTING', 'KIND-MASQ-AGENT', `pod:${packet.destination!.pod}`]);
  });

  it('a node the packet never touched has no path', () => {
    expect(packetPath(packet, 'kind-control-plane', toChainGraph(chainsOf('kind-control-plane'), pods))).toBeUndefined();
  });

  it('the DNAT hop is the one where a rule rewrote the destination (the ACK after it is conntrack)', () => {
    const h = packet.hops[dnatHopIndex(packet)]!;
    expect([h.packet, h.node, h.hook, `${h.before.dst}:${h.before.dport}`, `${h.after.dst}:${h.after.dport}`]).toEqual(['SYN', 'kind-worker2', 'PREROUTING', '10.96.241.179:8080', `${packet.destination!.ip}:8080`]);
    expect(packet.hops.filter(rewrote).map((x) => `${x.packet} ${x.node} ${x.hook}`)).toEqual(['SYN kind-worker2 PREROUTING', 'SYN-ACK kind-worker2 POSTROUTING', 'ACK kind-worker2 PREROUTING']);
  });

  it('a Service without endpoints: the packet ends, REJECTed, where the filter rule turned it away', () => {
    const r = new TestSim().exec('kubectl scale deployment auth-service --replicas=0');
    const opts = { from: { pod: { namespace: 'default', name: 'client' } }, to: '10.96.241.179', port: 8080 };
    const refused = packetView(r.sim.network.connect(opts), opts, { id: 2, at: 0, serviceAt: () => undefined });
    expect(refused.outcome).toBe('refused');
    const path = packetPath(refused, 'kind-worker2', toChainGraph(engineChains(r.sim, 'kind-worker2'), snapshotOf(r.sim, 1).pods, { filter: 'auth-service' }))!;
    expect(path.end).toEqual({ verdict: 'REJECT', where: 'filter KUBE-SERVICES #1' });
    expect(path.steps.map((s) => s.id)).toEqual(['PREROUTING', 'KUBE-SERVICES']);
    expect(path.reply).toEqual([]);
  });
});
