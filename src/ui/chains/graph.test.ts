// The Chains view's graph from kind-worker's nat table as the engine reports it (chainsOf on
// the settled default scenario, seed 1: auth-service with three pods, kube-dns, kubernetes).

import { describe, expect, it } from 'vitest';
import { chainsOf, snapshotOf } from '../../engine/view/index.ts';
import { TestSim } from '../../../test/support/sim.ts';
import { structureKey, toChainGraph } from './graph.ts';
import { layoutChainGraph } from './layout.ts';

const t = new TestSim();
const world = snapshotOf(t.sim, 1);
const PODS = world.pods;
const chains = chainsOf(t.sim, 'kind-worker');
const AUTH_SVC = 'KUBE-SVC-FCQA5OQTFYIPVXUO';

describe('toChainGraph', () => {
  const g = toChainGraph(chains, PODS, { nodes: world.nodes, slices: world.slices });
  const out = (id: string) => g.edges.filter((e) => e.source === id).map((e) => [e.target, e.rule, e.label, e.probability ?? null]);

  it("auth-service's KUBE-SVC chain has three KUBE-SEP children with kube-proxy's probabilities", () => {
    expect(out(AUTH_SVC)).toEqual([
      ['KUBE-SEP-A3SBAGXNLD4NC6W5', 2, 'p=0.33333333349', '0.33333333349'],
      ['KUBE-SEP-L7QACSNWT2MGUBDP', 3, 'p=0.50000000000', '0.50000000000'],
      ['KUBE-SEP-SBJQAPZWFGNNF6CH', 4, 'otherwise', null],
    ]);
  });

  it('each SEP leads to the pod its DNAT names', () => {
    expect(['KUBE-SEP-A3SBAGXNLD4NC6W5', 'KUBE-SEP-L7QACSNWT2MGUBDP', 'KUBE-SEP-SBJQAPZWFGNNF6CH'].map((s) => out(s))).toEqual([
      [['pod:default/auth-service-7b86fcccfd-7fz7f', 2, 'DNAT 10.244.1.2:8080', null]],
      [['pod:default/auth-service-7b86fcccfd-fnkgq', 2, 'DNAT 10.244.1.3:8080', null]],
      [['pod:default/auth-service-7b86fcccfd-4z4pm', 2, 'DNAT 10.244.2.3:8080', null]],
    ]);
    expect(g.nodes.find((n) => n.id === 'pod:default/auth-service-7b86fcccfd-4z4pm')?.sub).toBe('10.244.2.3 · kind-worker2');
    // The apiserver endpoint is the control plane's own address (host network), not a pod.
    expect(g.nodes.find((n) => n.id === 'ep:172.18.0.2')?.sub).toBe('node kind-control-plane (host network)');
  });

  it('hooks jump to KUBE-SERVICES / KUBE-POSTROUTING; KUBE-SERVICES to each Service port, auth-service first, KUBE-NODEPORTS last', () => {
    expect(out('PREROUTING')).toEqual([['KUBE-SERVICES', 1, 'all', null]]);
    expect(out('OUTPUT')).toEqual([['KUBE-SERVICES', 1, 'all', null]]);
    expect(out('POSTROUTING').map((e) => e[0])).toEqual(['KUBE-POSTROUTING', 'KIND-MASQ-AGENT']);
    expect(out('KUBE-SERVICES').map((e) => [e[0], e[1]])).toEqual([
      [AUTH_SVC, 1],
      ['KUBE-SVC-NPX46M4PTMTKRN6Y', 2],
      ['KUBE-SVC-ERIFXISQEP7F7OF4', 3],
      ['KUBE-SVC-TCOU7JCQXEZGVUNU', 4],
      ['KUBE-SVC-JD5MR3NA4I4DYORP', 5],
      ['KUBE-NODEPORTS', 6],
    ]);
    expect(g.servicePorts.map((s) => s.servicePort)[0]).toBe('default/auth-service:http');
    // Display order: auth-service's chains first among the Services, its SEPs in rule order.
    expect(g.nodes.filter((n) => n.kind === 'svc').map((n) => n.servicePort)).toEqual(['default/auth-service:http', 'default/kubernetes:https', 'kube-system/kube-dns:dns', 'kube-system/kube-dns:dns-tcp', 'kube-system/kube-dns:metrics']);
    expect(g.nodes.filter((n) => n.kind === 'sep').slice(0, 3).map((n) => n.id)).toEqual(['KUBE-SEP-A3SBAGXNLD4NC6W5', 'KUBE-SEP-L7QACSNWT2MGUBDP', 'KUBE-SEP-SBJQAPZWFGNNF6CH']);
  });

  it('KUBE-MARK-MASQ jumps are notes on the chain, not edges', () => {
    expect(g.edges.some((e) => e.target === 'KUBE-MARK-MASQ')).toBe(false);
    expect(g.nodes.find((n) => n.id === AUTH_SVC)?.notes).toEqual(['#1 src !10.244.0.0/16 10.96.241.179/32 tcp dpt:8080 → MARK-MASQ']);
    expect(g.nodes.find((n) => n.id === 'KUBE-MARK-MASQ')?.notes).toEqual(['jumped to by 15 rules']);
  });

  it('a filter shows only the matching Service ports (and their chains)', () => {
    const f = toChainGraph(chains, PODS, { filter: 'kube-dns:dns-tcp' });
    expect(f.nodes.filter((n) => n.kind === 'svc' || n.kind === 'sep').map((n) => n.id)).toEqual(['KUBE-SVC-ERIFXISQEP7F7OF4', 'KUBE-SEP-IT2ZTR26TO4XFPTO', 'KUBE-SEP-ZXMNUKOKXUTL2MK2']);
    expect(f.servicePorts.filter((s) => s.shown).map((s) => s.servicePort)).toEqual(['kube-system/kube-dns:dns-tcp']);
  });

  it('SEPs beyond the cap collapse into one "+N endpoints" node', () => {
    const f = toChainGraph(chains, PODS, { filter: 'auth-service', maxEndpoints: 1 });
    expect(f.edges.filter((e) => e.source === AUTH_SVC).map((e) => [e.target, e.label])).toEqual([
      ['KUBE-SEP-A3SBAGXNLD4NC6W5', 'p=0.33333333349'],
      [`more:${AUTH_SVC}`, '2 more rules'],
    ]);
    expect(f.alias['KUBE-SEP-SBJQAPZWFGNNF6CH']).toBe(`more:${AUTH_SVC}`);
  });

  it('counters: a chain shows the packets of the rules that jump to it; counters do not change the structure', () => {
    const sim = new TestSim();
    for (let i = 0; i < 6; i++) sim.sim.network.connect({ from: { node: 'kind-worker' }, to: '10.96.241.179', port: 8080 });
    const c = toChainGraph(chainsOf(sim.sim, 'kind-worker'), PODS, { nodes: world.nodes });
    const seps = ['KUBE-SEP-A3SBAGXNLD4NC6W5', 'KUBE-SEP-L7QACSNWT2MGUBDP', 'KUBE-SEP-SBJQAPZWFGNNF6CH'];
    const into = seps.map((s) => c.nodes.find((n) => n.id === s)!.packets);
    expect(into.reduce((a, b) => a + b, 0)).toBe(6);
    expect(seps.map((s) => c.edges.find((e) => e.target === s)!.packets)).toEqual(into);
    expect(c.nodes.find((n) => n.id === AUTH_SVC)?.packets).toBe(6);
    // A built-in chain counts what reached its policy (iptables -L's "policy ACCEPT N packets"):
    // every one of these was DNATed before that.
    expect(c.nodes.find((n) => n.id === 'OUTPUT')?.packets).toBe(0);
    expect(structureKey(c)).toBe(structureKey(g));
  });

  it('layout: the hooks above KUBE-SERVICES, then left to right SVC → SEP → pod, POSTROUTING and the rest below', () => {
    const l = layoutChainGraph(g);
    const b = (id: string) => l.boxes[id]!;
    expect([l.band.PREROUTING, l.band.OUTPUT, l.band['KUBE-SERVICES'], l.band[AUTH_SVC], l.band.POSTROUTING, l.band['KUBE-MARK-MASQ']]).toEqual(['top', 'top', 'tree', 'tree', 'bottom', 'bottom']);
    expect(b('PREROUTING').y + b('PREROUTING').height).toBeLessThan(b('KUBE-SERVICES').y);
    expect(b('KUBE-SERVICES').x + b('KUBE-SERVICES').width).toBeLessThan(b(AUTH_SVC).x);
    expect(b(AUTH_SVC).x + b(AUTH_SVC).width).toBeLessThan(b('KUBE-SEP-A3SBAGXNLD4NC6W5').x);
    expect(b('KUBE-SEP-A3SBAGXNLD4NC6W5').x + b('KUBE-SEP-A3SBAGXNLD4NC6W5').width).toBeLessThan(b('pod:default/auth-service-7b86fcccfd-7fz7f').x);
    expect(b('POSTROUTING').y).toBeGreaterThan(b('KUBE-SERVICES').y + b('KUBE-SERVICES').height);
    // Services in order top to bottom (auth-service first), each SVC's SEPs in rule order.
    expect(b(AUTH_SVC).y).toBeLessThan(b('KUBE-SVC-NPX46M4PTMTKRN6Y').y);
    expect(b('KUBE-SEP-A3SBAGXNLD4NC6W5').y).toBeLessThan(b('KUBE-SEP-L7QACSNWT2MGUBDP').y);
    expect(b('KUBE-SEP-L7QACSNWT2MGUBDP').y).toBeLessThan(b('KUBE-SEP-SBJQAPZWFGNNF6CH').y);
    // Nothing overlaps.
    const all = Object.entries(l.boxes);
    const clash = all.flatMap(([a, p]) => all.filter(([c, q]) => a < c && p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height).map(([c]) => `${a}/${c}`));
    expect(clash).toEqual([]);
    // The gap before the SVC column fits its widest label ("10.96.241.179:8080/tcp" and a count).
    expect(b(AUTH_SVC).x - (b('KUBE-SERVICES').x + b('KUBE-SERVICES').width)).toBeGreaterThanOrEqual(22 * 6.1 + 34 - 1);
});
});
