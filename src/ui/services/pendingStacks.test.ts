// Pods in no slice (Pending without an IP, as after a scale past the nodes' pod ranges) stack
// per owner and node once an owner has more than COLLAPSE_ABOVE of them.
import { describe, expect, it } from 'vitest';
import type { PodState, PodView, WorldSnapshot } from '../../engine/view/types.ts';
import { COLLAPSE_ABOVE, EXPANDED_STACK_MAX, podStackKey, toServiceGraph, UNSCHEDULED } from './graph.ts';
import { layoutServiceGraph } from './layout.ts';

const RS = 'ReplicaSet/web-5d8f7c9b6';

function pod(name: string, state: PodState, node?: string, owner: string | null = RS, ip?: string): PodView {
  const p: PodView = { namespace: 'default', name, uid: name, phase: state === 'pending' ? 'Pending' : 'Running', state, labels: { app: 'web' } };
  if (node) p.node = node;
  if (ip) p.ip = ip;
  if (owner) p.owner = owner;
  return p;
}

/** Two nodes; web has 2 ready pods in its slice, 40 pending on kind-worker, 5 unscheduled;
 *  batch (another owner) has 3 pending pods; a bare pod has no owner. */
function snapshot(): WorldSnapshot {
  const pods: PodView[] = [
    pod('web-5d8f7c9b6-ready1', 'ready', 'kind-worker', RS, '10.244.1.2'),
    pod('web-5d8f7c9b6-ready2', 'ready', 'kind-worker2', RS, '10.244.2.2'),
  ];
  for (let i = 0; i < 40; i++) pods.push(pod(`web-5d8f7c9b6-p${String(i).padStart(2, '0')}`, 'pending', 'kind-worker'));
  for (let i = 0; i < 5; i++) pods.push(pod(`web-5d8f7c9b6-u${i}`, 'pending'));
  for (let i = 0; i < 3; i++) pods.push(pod(`batch-x${i}`, 'pending', 'kind-worker2', 'ReplicaSet/batch-6f7d8'));
  pods.push(pod('debug', 'pending', 'kind-worker2', null));
  return {
    version: 1,
    now: 0,
    scenario: { id: 't', name: 't', description: '' },
    nodes: [
      { name: 'kind-worker', ip: '172.18.0.3', podCIDR: '10.244.1.0/24', ready: true, roles: [] },
      { name: 'kind-worker2', ip: '172.18.0.4', podCIDR: '10.244.2.0/24', ready: true, roles: [] },
    ],
    pods,
    services: [{ namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ protocol: 'TCP', port: 80, targetPort: '8080' }], externalIPs: [], loadBalancerIPs: [] }],
    slices: [
      {
        namespace: 'default',
        name: 'web-abcde',
        service: 'web',
        resourceVersion: '7',
        ports: [{ port: 8080, protocol: 'TCP' }],
        endpoints: [
          { ip: '10.244.1.2', pod: 'default/web-5d8f7c9b6-ready1', node: 'kind-worker', ready: true, serving: true, terminating: false },
          { ip: '10.244.2.2', pod: 'default/web-5d8f7c9b6-ready2', node: 'kind-worker2', ready: true, serving: true, terminating: false },
        ],
        bytes: 400,
      },
    ],
    endpoints: [],
    syncs: {},
  };
}

const closed = { expanded: [] as string[], showSystem: false };

describe('toServiceGraph: pods in no slice stack per owner and node', () => {
  it(`stacks an owner's 45 slice-less pods (> ${COLLAPSE_ABOVE}) per node, the unscheduled ones in their own group; small owners and bare pods stay`, () => {
    const g = toServiceGraph(snapshot(), closed);
    expect(g.nodes.map((n) => [n.id, n.parentId ?? ''])).toEqual([
      ['node:kind-worker', ''],
      ['node:kind-worker2', ''],
      [`node:${UNSCHEDULED}`, ''],
      ['svc:default/web', ''],
      ['slice:default/web-abcde', ''],
      [`pods:default/${RS}@kind-worker`, 'node:kind-worker'],
      [`pods:default/${RS}@${UNSCHEDULED}`, `node:${UNSCHEDULED}`],
      ['pod:default/web-5d8f7c9b6-ready1', 'node:kind-worker'],
      ['pod:default/web-5d8f7c9b6-ready2', 'node:kind-worker2'],
      ['pod:default/batch-x0', 'node:kind-worker2'],
      ['pod:default/batch-x1', 'node:kind-worker2'],
      ['pod:default/batch-x2', 'node:kind-worker2'],
      ['pod:default/debug', 'node:kind-worker2'],
    ]);
    expect(g.nodes.find((n) => n.id === `pods:default/${RS}@kind-worker`)!.data).toEqual({
      kind: 'podStack',
      namespace: 'default',
      ownerKind: 'ReplicaSet',
      owner: 'web-5d8f7c9b6',
      node: 'kind-worker',
      count: 40,
      states: { pending: 40 },
      key: `pods:default/${RS}@kind-worker`,
      expanded: false,
      drawn: 0,
    });
    expect(g.nodes.find((n) => n.id === `pods:default/${RS}@${UNSCHEDULED}`)!.data).toMatchObject({ node: UNSCHEDULED, count: 5, states: { pending: 5 }, expanded: false });
    // No edges to stacks: these pods are in no slice.
    expect(g.edges.map((e) => e.id)).toEqual([
      'svc:default/web>slice:default/web-abcde',
      'slice:default/web-abcde>pod:default/web-5d8f7c9b6-ready1',
      'slice:default/web-abcde>pod:default/web-5d8f7c9b6-ready2',
    ]);
    // A selected pending pod highlights its stack.
    expect(g.drawnAt['default/web-5d8f7c9b6-p07']).toBe(`pods:default/${RS}@kind-worker`);
    expect(g.drawnAt['default/web-5d8f7c9b6-u3']).toBe(`pods:default/${RS}@${UNSCHEDULED}`);
    // The node groups count the pods drawn one by one.
    expect(g.nodes.filter((n) => n.data.kind === 'nodeGroup').map((n) => n.data.kind === 'nodeGroup' && [n.data.name, n.data.pods])).toEqual([
      ['kind-worker', 1],
      ['kind-worker2', 5],
      [UNSCHEDULED, 0],
    ]);
  });

  it('expands one stack on request: its pods one by one under the stack, which stays as their header', () => {
    const key = podStackKey('default', RS, UNSCHEDULED);
    expect(key).toBe(`pods:default/${RS}@${UNSCHEDULED}`);
    const g = toServiceGraph(snapshot(), { expanded: [key], showSystem: false });
    expect(g.nodes.filter((n) => n.parentId === `node:${UNSCHEDULED}`).map((n) => n.id)).toEqual([
      `pods:default/${RS}@${UNSCHEDULED}`,
      'pod:default/web-5d8f7c9b6-u0',
      'pod:default/web-5d8f7c9b6-u1',
      'pod:default/web-5d8f7c9b6-u2',
      'pod:default/web-5d8f7c9b6-u3',
      'pod:default/web-5d8f7c9b6-u4',
    ]);
    expect(g.nodes.find((n) => n.id === key)!.data).toMatchObject({ count: 5, expanded: true, drawn: 5 });
    expect(g.drawnAt['default/web-5d8f7c9b6-u3']).toBe('pod:default/web-5d8f7c9b6-u3');
    // The other stack stays collapsed.
    expect(g.nodes.find((n) => n.id === `pods:default/${RS}@kind-worker`)!.data).toMatchObject({ count: 40, expanded: false });
    expect(g.nodes.some((n) => n.id === 'pod:default/web-5d8f7c9b6-p00')).toBe(false);
  });

  it(`keeps an owner with ${COLLAPSE_ABOVE} slice-less pods one by one`, () => {
    const snap = snapshot();
    snap.pods = snap.pods.filter((p) => !/-p(2[5-9]|3\d)$/.test(p.name));
    expect(snap.pods.filter((p) => p.owner === RS && !p.ip)).toHaveLength(COLLAPSE_ABOVE);
    const g = toServiceGraph(snap, closed);
    expect(g.nodes.some((n) => n.data.kind === 'podStack')).toBe(false);
    expect(g.nodes.filter((n) => n.id.startsWith('pod:default/web-5d8f7c9b6-'))).toHaveLength(COLLAPSE_ABOVE + 2);
  });

  it('counts the states of slice-less pods that are not all pending', () => {
    const snap = snapshot();
    snap.pods = snap.pods.map((p) => (p.name === 'web-5d8f7c9b6-p00' ? { ...p, state: 'failed' as const, phase: 'Failed' } : p));
    const g = toServiceGraph(snap, closed);
    expect(g.nodes.find((n) => n.id === `pods:default/${RS}@kind-worker`)!.data).toMatchObject({ count: 40, states: { pending: 39, failed: 1 } });
  });

  it('lays the stacks out inside their groups', () => {
    const g = toServiceGraph(snapshot(), closed);
    const { rects } = layoutServiceGraph(g);
    for (const n of g.nodes.filter((x) => x.data.kind === 'podStack')) {
      const c = rects.get(n.id)!;
      const p = rects.get(n.parentId!)!;
      expect(c.x >= p.x && c.y >= p.y && c.x + c.width <= p.x + p.width && c.y + c.height <= p.y + p.height).toBe(true);
      expect([c.width, c.height]).toEqual([214, 64]);
    }
  });

  it('an expanded stack draws at most EXPANDED_STACK_MAX pods; the rest stay counted on it', () => {
    const snap = snapshot();
    for (let i = 0; i < 200; i++) snap.pods.push(pod(`web-5d8f7c9b6-q${String(i).padStart(3, '0')}`, 'pending', 'kind-worker'));
    const key = podStackKey('default', RS, 'kind-worker');
    const g = toServiceGraph(snap, { expanded: [key], showSystem: false });
    const stack = g.nodes.find((n) => n.data.kind === 'podStack' && n.data.node === 'kind-worker')!;
    expect(stack.data).toMatchObject({ count: 240, expanded: true, drawn: EXPANDED_STACK_MAX });
    const drawn = g.nodes.filter((n) => n.data.kind === 'pod' && n.data.node === 'kind-worker' && n.data.state === 'pending');
    expect(drawn).toHaveLength(EXPANDED_STACK_MAX);
    // The first pods in snapshot order are drawn; a later one is found at its stack.
    expect(drawn[0]!.id).toContain('web-5d8f7c9b6-p00');
    expect(g.drawnAt['default/web-5d8f7c9b6-q199']).toBe(stack.id);
  });
});
