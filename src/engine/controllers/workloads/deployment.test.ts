import { describe, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '../../api/types.ts';
import { sha256Hex } from '../../util/sha256.ts';
import { computeTemplateHash } from './hash.ts';
import { deployment, kindCluster, spread, type TestCluster } from './testkit.ts';

const ready = (p: Pod): boolean => p.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
const get = (c: TestCluster, name = 'auth-service'): Deployment => c.api.get<Deployment>('deployments', 'default', name)!;
const scale = (c: TestCluster, replicas: number, name = 'auth-service'): void => {
  const d = get(c, name);
  c.apply('deployments', { ...d, spec: { ...d.spec, replicas } });
};
const podEvents = (c: TestCluster, name: string) =>
  c.journal.since(0).flatMap((e) => (e.type === 'pod' && e.name === name ? [[e.at, e.phase, e.detail]] : []));

function started(replicas = 3, maxPods = 110): TestCluster {
  const c = kindCluster({ maxPods });
  c.apply('deployments', deployment('auth-service', replicas));
  expect(c.settle().quiet).toBe(true);
  return c;
}

const T = (s: number): string => `2026-01-01T00:00:0${s}Z`;

describe('Deployment → ReplicaSet → pods on a kind cluster', () => {
  it('3 replicas: a ReplicaSet named <deployment>-<pod-template-hash>, 3 Running+Ready pods spread 2/1 over the workers', () => {
    const c = started();
    const d = get(c);
    const hash = computeTemplateHash(d.spec.template);
    expect(hash).toBe('67679bf44c');
    const rsList = c.api.list<ReplicaSet>('replicasets');
    expect(rsList.map((r) => r.metadata.name)).toEqual(['auth-service-67679bf44c']);
    const rs = rsList[0]!;
    expect(rs.metadata.labels).toEqual({ app: 'auth-service', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'auth-service', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs.spec.selector).toEqual({ matchLabels: { app: 'auth-service', 'pod-template-hash': hash } });
    expect(rs.spec.template.metadata.labels).toEqual({ app: 'auth-service', 'pod-template-hash': hash });
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });

    const pods = c.pods('default');
    expect(pods.map((p) => [p.metadata.name, p.spec.nodeName, p.status.podIP])).toEqual([
      ['auth-service-67679bf44c-fxpx8', 'kind-worker', '10.244.1.2'],
      ['auth-service-67679bf44c-nd6sh', 'kind-worker2', '10.244.2.3'],
      ['auth-service-67679bf44c-pxttq', 'kind-worker2', '10.244.2.2'],
    ]);
    expect(pods.every((p) => p.status.phase === 'Running' && ready(p))).toBe(true);
    const p = pods[0]!;
    expect(p.metadata.generateName).toBe('auth-service-67679bf44c-');
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(p.metadata.labels).toEqual({ app: 'auth-service', 'pod-template-hash': hash });
    expect(p.status).toEqual({
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: T(2) },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: T(0) },
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: T(2) },
        { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: T(2) },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: T(0) },
      ],
      hostIP: '172.18.0.3',
      hostIPs: [{ ip: '172.18.0.3' }],
      podIP: '10.244.1.2',
      podIPs: [{ ip: '10.244.1.2' }],
      startTime: T(0),
      containerStatuses: [
        {
          name: 'app',
          state: { running: { startedAt: T(1) } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'docker.io/hashicorp/http-echo:1.0',
          imageID: `docker.io/hashicorp/http-echo@sha256:${sha256Hex('docker.io/hashicorp/http-echo:1.0')}`,
          containerID: 'containerd://db6bc09eb888e28d60317afc3c94886b19343cc95ae60b0c104c04f16d27cb6a',
          started: true,
          resources: {},
          volumeMounts: [{ name: 'kube-api-access-8bnsp', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' }],
          user: { linux: { uid: 0, gid: 0, supplementalGroups: [0] } },
        },
      ],
      qosClass: 'BestEffort',
    });
    // Bound at once; ContainerCreating 50 ms later; sandbox 400 ms, pull 1.3 s, start 150 ms;
    // reported at the node's next PLEG relist.
    expect(podEvents(c, p.metadata.name!)).toEqual([
      [0, 'Pending', 'Successfully assigned default/auth-service-67679bf44c-fxpx8 to kind-worker'],
      [50, 'Pending', 'ContainerCreating'],
      [2084, 'Running', 'Running (Ready)'],
    ]);
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: T(2), lastTransitionTime: T(2), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: T(2), lastTransitionTime: T(0), reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "auth-service-67679bf44c" has successfully progressed.' },
      ],
    });
  });

  // The store keeps metadata unchanged on status writes; upstream's deployment status strategy
  // lets the controller set this annotation through UpdateStatus (so it does not bump
  // metadata.generation). Flips to passing once store.updateStatus keeps annotations.
  it('the Deployment carries deployment.kubernetes.io/revision', () => {
    const c = started();
    expect(get(c).metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
  });

  it('scales to 250 ready pods, then down to 5; the IPs of removed pods are released', () => {
    const c = started(3, 250);
    scale(c, 250);
    expect(c.settle().quiet).toBe(true);
    let pods = c.pods('default');
    expect(pods.length).toBe(250);
    expect(pods.filter((p) => p.status.phase === 'Running' && ready(p)).length).toBe(250);
    expect(spread(pods)).toEqual({ 'kind-worker': 125, 'kind-worker2': 125 });
    expect(new Set(pods.map((p) => p.status.podIP)).size).toBe(250);
    const rs = c.api.list<ReplicaSet>('replicasets')[0]!;
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('313');
    expect(get(c).status?.availableReplicas).toBe(250);

    scale(c, 5);
    c.scheduler.runUntil(c.clock.now() + 10);
    // Scaled down at once: 245 pods are Terminating, 5 stay.
    expect(c.pods('default').filter((p) => p.metadata.deletionTimestamp).length).toBe(245);
    expect(c.settle().quiet).toBe(true);
    pods = c.pods('default');
    expect(pods.length).toBe(5);
    const ips = pods.map((p) => p.status.podIP!).sort();
    const allocated = [...c.workloads.kubelets.allocatedIPs('kind-worker'), ...c.workloads.kubelets.allocatedIPs('kind-worker2')].sort();
    expect(allocated).toEqual(ips);
    expect(get(c).status).toMatchObject({ observedGeneration: 3, replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5 });
    expect(c.api.list<ReplicaSet>('replicasets')[0]!.status).toEqual({ replicas: 5, fullyLabeledReplicas: 5, readyReplicas: 5, availableReplicas: 5, observedGeneration: 3 });
  });

  it('a deleted pod is Terminating, stops, is removed by its kubelet and replaced', () => {
    const c = started();
    const victim = 'auth-service-67679bf44c-fxpx8';
    const t0 = c.clock.now();
    c.api.delete('pods', 'default', victim, { actor: 'kubectl' });
    const terminating = c.api.get<Pod>('pods', 'default', victim)!;
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(terminating.status.phase).toBe('Running');
    c.scheduler.runUntil(t0 + 10);
    expect(c.pods('default').length).toBe(4); // the replacement exists already
    expect(c.settle().quiet).toBe(true);
    expect(c.api.get('pods', 'default', victim)).toBeUndefined();
    const pods = c.pods('default');
    expect(pods.length).toBe(3);
    expect(pods.every((p) => p.status.phase === 'Running' && ready(p))).toBe(true);
    // http-echo exits 30 ms after SIGTERM; teardown 100 ms; the kubelet deletes 400 ms later.
    expect(podEvents(c, victim).slice(-3)).toEqual([
      [t0, 'Running', 'Killing'],
      [t0 + 130, 'Succeeded', 'Completed'],
      [t0 + 530, 'Succeeded', 'Deleted'],
    ]);
    const replacement = pods.find((p) => !['auth-service-67679bf44c-nd6sh', 'auth-service-67679bf44c-pxttq'].includes(p.metadata.name!))!;
    expect(replacement.spec.nodeName).toBe('kind-worker');
    expect(replacement.status.podIP).toBe('10.244.1.3'); // host-local continues after the last address
  });

  it('rollout restart replaces every pod through a second ReplicaSet (maxSurge 1, maxUnavailable 0)', () => {
    const c = started();
    const before = new Set(c.pods('default').map((p) => p.metadata.name));
    const d = get(c);
    const template = { ...d.spec.template, metadata: { ...d.spec.template.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:30Z' } } };
    const mark = c.journal.lastSeq();
    c.apply('deployments', { ...d, spec: { ...d.spec, template } });
    expect(c.settle().quiet).toBe(true);
    const pods = c.pods('default');
    expect(pods.length).toBe(3);
    expect(pods.some((p) => before.has(p.metadata.name))).toBe(false);
    const newHash = computeTemplateHash(get(c).spec.template);
    expect(c.api.list<ReplicaSet>('replicasets').map((r) => [r.metadata.name, r.spec.replicas, r.metadata.annotations?.['deployment.kubernetes.io/revision']])).toEqual([
      ['auth-service-67679bf44c', 0, '1'],
      [`auth-service-${newHash}`, 3, '2'],
    ]);
    expect(pods.every((p) => p.metadata.name!.startsWith(`auth-service-${newHash}-`) && ready(p))).toBe(true);
    const scaling = c.journal.since(mark).flatMap((e) => (e.type === 'controller' && e.action === 'ScalingReplicaSet' ? [e.detail] : []));
    expect(scaling).toEqual([
      `Scaled up replica set auth-service-${newHash} from 0 to 1`,
      'Scaled down replica set auth-service-67679bf44c from 3 to 2',
      `Scaled up replica set auth-service-${newHash} from 1 to 2`,
      'Scaled down replica set auth-service-67679bf44c from 2 to 1',
      `Scaled up replica set auth-service-${newHash} from 2 to 3`,
      'Scaled down replica set auth-service-67679bf44c from 1 to 0',
    ]);
    expect(get(c).status).toMatchObject({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(get(c).status?.conditions?.[1]).toMatchObject({ reason: 'NewReplicaSetAvailable', message: `ReplicaSet "auth-service-${newHash}" has successfully progressed.` });
  });

  it('the garbage collector deletes the ReplicaSet and pods of a deleted Deployment', () => {
    const c = started();
    c.api.delete('deployments', 'default', 'auth-service', { actor: 'kubectl' });
    c.scheduler.runUntil(c.clock.now() + 1);
    expect(c.api.list('replicasets')).toEqual([]);
    expect(c.pods('default').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    expect(c.settle().quiet).toBe(true);
    expect(c.pods('default')).toEqual([]);
    expect(c.workloads.kubelets.allocatedIPs('kind-worker')).toEqual([]);
  });
});
