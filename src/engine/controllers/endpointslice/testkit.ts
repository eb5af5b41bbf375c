// Builders for the endpoint controllers' tests: fully specified objects (as the API server
// would have defaulted them) and a bare simulated cluster with no defaulting strategies.

import { ApiServer } from '../../api/store.ts';
import type { EndpointSlice, KubeObject, Node, Pod, Service, SliceEndpoint } from '../../api/types.ts';
import { VirtualClock } from '../../sim/clock.ts';
import { Journal } from '../../sim/journal.ts';
import { createRng } from '../../sim/rng.ts';
import { Scheduler } from '../../sim/scheduler.ts';
import type { ControllerContext } from '../context.ts';
import { podToEndpoint } from './desired.ts';
import { newEndpointSlice } from './sliceMeta.ts';

/** 2026-11-21T09:00:00Z, as epoch milliseconds. */
export const EPOCH = 1_795_251_600_000;

export function makeService(name: string, opts: Partial<Service['spec']> & { labels?: Record<string, string>; uid?: string; namespace?: string } = {}): Service {
  const { labels, uid, namespace, ...spec } = opts;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: namespace ?? 'default', uid: uid ?? `uid-svc-${name}`, ...(labels ? { labels } : {}), creationTimestamp: '2026-11-21T09:00:00Z' },
    spec: {
      type: 'ClusterIP',
      selector: { app: name },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
      clusterIP: '10.96.0.50',
      clusterIPs: ['10.96.0.50'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ...spec,
    },
  };
}

export interface PodOpts {
  app?: string;
  ready?: boolean;
  node?: string;
  ip?: string;
  terminating?: boolean;
  phase?: Pod['status']['phase'];
  labels?: Record<string, string>;
  readySince?: string;
  namespace?: string;
}

/** `pod<i>` with IP 10.244.<i/250>.<i%250+2>, Running on node-1, Ready unless told otherwise. */
export function makePod(i: number, opts: PodOpts = {}): Pod {
  const ip = opts.ip ?? `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`;
  const ready = opts.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod${i}`,
      namespace: opts.namespace ?? 'default',
      uid: `uid-pod-${i}`,
      labels: opts.labels ?? { app: opts.app ?? 'foo' },
      ...(opts.terminating ? { deletionTimestamp: '2026-11-21T09:05:00Z', deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: { nodeName: opts.node ?? 'node-1', containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: opts.readySince ?? '2026-11-21T09:00:10Z' }],
      podIP: ip,
      podIPs: [{ ip }],
    },
  };
}

export function makeNode(name: string, zone?: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-node-${name}`, labels: zone ? { 'topology.kubernetes.io/zone': zone } : {} }, spec: {}, status: {} };
}

/** A slice of `svc` named `name` holding the endpoints of `pods`, as if stored earlier. */
export function sliceWith(name: string, svc: Service, pods: Pod[], node?: Node): EndpointSlice {
  const s = newEndpointSlice(svc, [{ name: 'http', protocol: 'TCP', port: 8080 }], 'IPv4');
  s.metadata = { ...s.metadata, name, uid: `uid-slice-${name}`, resourceVersion: '1' };
  delete s.metadata.generateName;
  s.endpoints = pods.map((p): SliceEndpoint => podToEndpoint(p, node ?? makeNode('node-1'), svc, 'IPv4'));
  return s;
}

export interface TestCluster extends ControllerContext {
  create<T extends KubeObject>(resource: string, obj: T): T;
}

/** An API server with the default namespace and node-1, no defaulting strategies. */
export function newCluster(seed = 1): TestCluster {
  const clock = new VirtualClock(EPOCH);
  const rng = createRng(seed);
  const journal = new Journal(() => clock.now());
  const scheduler = new Scheduler(clock);
  const api = new ApiServer(clock, rng, journal, {});
  const create = <T extends KubeObject>(resource: string, obj: T): T => {
    const res = api.create(resource, obj, { actor: 'test' });
    if (!res.ok) throw new Error(res.status.message);
    return res.object;
  };
  create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  create('nodes', makeNode('node-1'));
  return { api, clock, rng, journal, scheduler, create };
}
