// The Services graph derived from real engine snapshots (default scenario, seed 1).
import { describe, expect, it } from 'vitest';
import { TestSim, defaultSim } from '../../../test/support/sim.ts';
import { snapshotOf } from '../../engine/view/snapshot.ts';
import type { PacketView } from '../../engine/view/types.ts';
import { COLLAPSE_ABOVE, toServiceGraph, type GraphNode, type ServiceGraph } from './graph.ts';
import { layoutServiceGraph } from './layout.ts';
import { packetRoute } from './packets.ts';

const closed = { expanded: [] as string[], showSystem: false };
const byKind = (g: ServiceGraph, kind: GraphNode['data']['kind']) => g.nodes.filter((n) => n.data.kind === kind).map((n) => n.id);
const childrenOf = (g: ServiceGraph, parent: string) => g.nodes.filter((n) => n.parentId === parent).map((n) => n.id);

describe('toServiceGraph on the default scenario', () => {
  const snap = snapshotOf(defaultSim(1), 1, { scenarioId: 'default' });
  const slice = snap.slices.find((s) => s.service === 'auth-service')!;
  const authPods = snap.pods.filter((p) => p.name.startsWith('auth-service-'));

  it('draws each Service of the user namespaces with its slice and its legacy Endpoints', () => {
    const g = toServiceGraph(snap, closed);
    expect(byKind(g, 'service')).toEqual(['svc:default/auth-service', 'svc:default/kubernetes']);
    expect(byKind(g, 'slice')).toEqual([`slice:default/${slice.name}`, 'slice:default/kubernetes']);
    expect(byKind(g, 'endpoints')).toEqual(['ep:default/auth-service', 'ep:default/kubernetes']);
    const fromAuth = g.edges.filter((e) => e.source === 'svc:default/auth-service').map((e) => [e.target, e.kind]);
    expect(fromAuth).toEqual([
      [`slice:default/${slice.name}`, 'slice'],
      ['ep:default/auth-service', 'endpoints'],
    ]);
    const sliceNode = g.nodes.find((n) => n.id === `slice:default/${slice.name}`)!.data;
    expect(sliceNode).toMatchObject({ kind: 'slice', service: 'auth-service', count: 3, ready: 3, notReady: 0, terminating: 0, collapsed: false, large: false });
    expect(g.nodes.find((n) => n.id === 'ep:default/auth-service')!.data).toMatchObject({ ready: 3, notReady: 0 });
  });

  it('groups pods inside their nodes: the three auth-service pods and the client', () => {
    const g = toServiceGraph(snap, closed);
    expect(byKind(g, 'nodeGroup')).toEqual(['node:kind-control-plane', 'node:kind-worker', 'node:kind-worker2']);
    for (const p of authPods) {
      const n = g.nodes.find((x) => x.id === `pod:default/${p.name}`)!;
      expect(n.parentId).toBe(`node:${p.node}`);
      expect(n.data).toMatchObject({ kind: 'pod', state: 'ready', ip: p.ip });
    }
    expect(g.nodes.find((x) => x.id === 'pod:default/client')!.parentId).toBe('node:kind-worker2');
    // Slice → each of its pods, ready.
    const endpointEdges = g.edges.filter((e) => e.source === `slice:default/${slice.name}`);
    expect(endpointEdges.map((e) => e.target).sort()).toEqual(authPods.map((p) => `pod:default/${p.name}`).sort());
    expect(new Set(endpointEdges.map((e) => e.state))).toEqual(new Set(['ready']));
    // kube-system pods stay out unless asked for; the apiserver's host address sits in its node.
    expect(g.nodes.some((n) => n.id.startsWith('pod:kube-system/'))).toBe(false);
    expect(childrenOf(g, 'node:kind-control-plane')).toEqual(['addr:172.18.0.2']);
  });

  it('shows kube-dns, CoreDNS and the node daemons with showSystem', () => {
    const g = toServiceGraph(snap, { expanded: [], showSystem: true });
    expect(byKind(g, 'service')).toContain('svc:kube-system/kube-dns');
    const dnsSlice = snap.slices.find((s) => s.service === 'kube-dns')!;
    const coredns = g.edges.filter((e) => e.source === `slice:kube-system/${dnsSlice.name}`).map((e) => e.target);
    expect(coredns).toHaveLength(2);
    expect(coredns.every((id) => id.startsWith('pod:kube-system/coredns-'))).toBe(true);
    expect(childrenOf(g, 'node:kind-worker').filter((id) => id.startsWith('pod:kube-system/kube-proxy-'))).toHaveLength(1);
  });

  it('lays out Services above slices above nodes, pods inside their node, nothing overlapping', () => {
    const g = toServiceGraph(snap, closed);
    const { rects } = layoutServiceGraph(g);
    const r = (id: string) => rects.get(id)!;
    expect(r('svc:default/auth-service').y).toBeLessThan(r(`slice:default/${slice.name}`).y);
    expect(r(`slice:default/${slice.name}`).y + r(`slice:default/${slice.name}`).height).toBeLessThan(r('node:kind-worker').y);
    // The legacy Endpoints object sits beside the slices (same row).
    expect(r('ep:default/auth-service').y).toBe(r(`slice:default/${slice.name}`).y);
    for (const n of g.nodes.filter((x) => x.parentId)) {
      const c = r(n.id);
      const p = r(n.parentId!);
      expect(c.x >= p.x && c.y >= p.y && c.x + c.width <= p.x + p.width && c.y + c.height <= p.y + p.height).toBe(true);
    }
    const top = g.nodes.filter((n) => !n.parentId).map((n) => r(n.id));
    for (const [i, a] of top.entries()) {
      for (const b of top.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
  });

  it('routes a packet client → Service → slice → the pod it was DNATed to; a refused one stops at the Service', () => {
    const g = toServiceGraph(snap, closed);
    const { rects } = layoutServiceGraph(g);
    const dest = authPods[1]!;
    const packet: PacketView = {
      id: 7, at: 30_000, source: 'traffic', from: '10.244.2.2', to: '10.96.241.179:8080', proto: 'tcp', outcome: 'connected',
      destination: { ip: dest.ip!, port: 8080, pod: `default/${dest.name}` }, masqueraded: false, service: 'default/auth-service',
      hops: [{ packet: 'SYN', direction: 'original', host: 'pod/default/client', hostKind: 'pod', step: 'transmit', hits: [],
        before: { src: '10.244.2.2', sport: 40000, dst: '10.96.241.179', dport: 8080, proto: 'tcp', mark: 0 },
        after: { src: '10.244.2.2', sport: 40000, dst: '10.96.241.179', dport: 8080, proto: 'tcp', mark: 0 } }],
    };
    const route = packetRoute(packet, g, rects)!;
    expect(route.via).toEqual(['pod:default/client', 'svc:default/auth-service', `slice:default/${slice.name}`, `pod:default/${dest.name}`]);
    expect(route.failed).toBe(false);
    const refused = packetRoute({ ...packet, id: 8, outcome: 'refused', destination: undefined }, g, rects)!;
    expect(refused.via).toEqual(['pod:default/client', 'svc:default/auth-service']);
    expect(refused.failed).toBe(true);
  });
});

describe('toServiceGraph of a large Service (250 replicas)', () => {
  const t = new TestSim(1).exec('kubectl scale deployment auth-service --replicas=250');
  const snap = snapshotOf(t.sim, 2);
  const slices = snap.slices.filter((s) => s.service === 'auth-service');

  it(`collapses each slice above ${COLLAPSE_ABOVE} endpoints into counted stacks per node`, () => {
    expect(slices.map((s) => s.endpoints.length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    const g = toServiceGraph(snap, closed);
    const sliceData = g.nodes.filter((n) => n.data.kind === 'slice' && n.data.service === 'auth-service').map((n) => n.data);
    expect(sliceData.every((d) => d.kind === 'slice' && d.collapsed && d.large)).toBe(true);
    expect(g.nodes.some((n) => n.id.startsWith('pod:default/auth-service-'))).toBe(false);
    const stacks = g.nodes.filter((n) => n.data.kind === 'stack');
    expect(stacks.reduce((sum, n) => sum + (n.data.kind === 'stack' ? n.data.count : 0), 0)).toBe(250);
    for (const s of stacks) {
      if (s.data.kind !== 'stack') continue;
      expect(s.parentId).toBe(`node:${s.data.node}`);
      expect(s.data.ready + s.data.notReady + s.data.terminating).toBe(s.data.count);
    }
    // Still readable: a handful of nodes, not 250 chips.
    expect(g.nodes.length).toBeLessThan(30);
  });

  it('expands one slice on request: its pods one by one, the others stay stacked', () => {
    const big = slices.find((s) => s.endpoints.length === 100)!;
    const g = toServiceGraph(snap, { expanded: [`default/${big.name}`], showSystem: false });
    const pods = g.edges.filter((e) => e.source === `slice:default/${big.name}`);
    expect(pods).toHaveLength(100);
    expect(pods.every((e) => e.kind === 'endpoint' && e.target.startsWith('pod:default/auth-service-'))).toBe(true);
    expect(g.nodes.filter((n) => n.data.kind === 'stack' && n.data.slice !== `default/${big.name}`).length).toBeGreaterThan(0);
    expect(g.nodes.filter((n) => n.data.kind === 'stack' && n.data.slice === `default/${big.name}`)).toHaveLength(0);
    const { rects } = layoutServiceGraph(g);
    for (const e of pods) expect(rects.has(e.target)).toBe(true);
  });
});
