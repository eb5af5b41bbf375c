import { describe, expect, it } from 'vitest';
import { kubectlInvalidMessage } from '../fieldErrors.ts';
import type { KubeObject } from '../types.ts';
import { createStrategies } from './index.ts';
import { create, created, rejected, testContext, update } from './testkit.ts';

const strategies = () => createStrategies({ serviceCIDR: '10.96.0.0/12', nodePortRange: [30000, 32767] });

// What `kubectl create deployment nginx --image=nginx` sends.
const kubectlCreateDeployment = (): KubeObject => ({
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name: 'nginx', creationTimestamp: null as unknown as string, labels: { app: 'nginx' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { creationTimestamp: null as unknown as string, labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
    },
    strategy: {},
  },
  status: {},
});

const templateSpec = {
  containers: [
    {
      image: 'nginx',
      imagePullPolicy: 'Always',
      name: 'nginx',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    },
  ],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

describe('Deployment as a v1.33 cluster stores it', () => {
  it('kubectl create deployment → defaulted spec, generation 1, status {}', () => {
    const ctx = testContext(7);
    const d = created(strategies().deployments!, kubectlCreateDeployment(), ctx);
    expect(d).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'nginx',
        namespace: 'default',
        labels: { app: 'nginx' },
        creationTimestamp: '2026-01-15T09:00:00Z',
        generation: 1,
        uid: d.metadata.uid,
        resourceVersion: '1',
      },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: 1,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: 'nginx' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: { metadata: { creationTimestamp: null, labels: { app: 'nginx' } }, spec: templateSpec },
      },
      status: {},
    });
  });

  it('the Pod the ReplicaSet controller creates from the template gets admission and status', () => {
    const ctx = testContext(7);
    const pod = created(
      strategies().pods!,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          generateName: 'nginx-5869d7778c-',
          name: 'nginx-5869d7778c-x8v2q',
          labels: { app: 'nginx', 'pod-template-hash': '5869d7778c' },
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'nginx-5869d7778c', uid: 'b3c6f1d2-1111-4222-8333-444455556666', controller: true, blockOwnerDeletion: true },
          ],
        },
        spec: structuredClone(templateSpec),
      },
      ctx,
    );
    const volumeName = (pod.spec as { volumes: { name: string }[] }).volumes[0]!.name;
    expect(volumeName).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.spec).toEqual({
      containers: [
        {
          image: 'nginx',
          imagePullPolicy: 'Always',
          name: 'nginx',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volumeName, readOnly: true }],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: volumeName,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        },
      ],
    });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(pod.metadata.generation).toBe(1);
    expect(strategies().pods!.gracefulDelete!(pod)).toBe(30);
  });

  it('defaulting never writes into objects a trusted caller still shares (a template)', () => {
    const freeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        Object.values(o).forEach(freeze);
        Object.freeze(o);
      }
      return o;
    };
    const shared = freeze(structuredClone(templateSpec));
    const input = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: shared } as unknown as KubeObject;
    expect(() => strategies().pods!.prepareForCreate!(input, testContext())).not.toThrow();
    expect(shared).toEqual(templateSpec);
  });

  it('the volume name comes from the seeded rng: same seed, same name', () => {
    const name = (seed: number) =>
      (created(strategies().pods!, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } }, testContext(seed))
        .spec as { volumes: { name: string }[] }).volumes[0]!.name;
    expect(name(3)).toBe(name(3));
  });

  it('ReplicaSet status starts at replicas 0; DaemonSet gets its defaults and template generation', () => {
    const s = strategies();
    const rs = created(s.replicasets!, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } }, testContext());
    expect(rs.status).toEqual({ replicas: 0 });
    expect((rs.spec as { replicas: number }).replicas).toBe(1);
    const ds = created(s.daemonsets!, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy' }, spec: { selector: { matchLabels: { k: 'p' } }, template: { metadata: { labels: { k: 'p' } }, spec: { containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.33.1' }] } } } }, testContext());
    expect(ds.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    expect((ds.spec as Record<string, unknown>).updateStrategy).toEqual({ rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' });
    expect((ds.spec as Record<string, unknown>).revisionHistoryLimit).toBe(10);
    expect(ds.status).toEqual({ currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 });
    const next = structuredClone(ds);
    (next.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image = 'registry.k8s.io/kube-proxy:v1.33.2';
    const updated = update(s.daemonsets!, next, ds, testContext());
    expect(updated.ok && updated.object.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '2' });
    expect(updated.ok && updated.object.metadata.generation).toBe(2);
  });
});

describe('workload validation messages', () => {
  it('selector must match template labels (and is required)', () => {
    const d = kubectlCreateDeployment();
    (d.spec as Record<string, unknown>).selector = undefined;
    const errs = rejected(create(strategies().deployments!, d, testContext()));
    expect(kubectlInvalidMessage('Deployment', 'nginx', errs)).toBe(
      'The Deployment "nginx" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`\n',
    );
    const d2 = kubectlCreateDeployment();
    (d2.spec as { selector: unknown }).selector = { matchLabels: { app: 'x' } };
    expect(kubectlInvalidMessage('Deployment', 'nginx', rejected(create(strategies().deployments!, d2, testContext())))).toBe(
      'The Deployment "nginx" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`\n',
    );
  });

  it('replicas must not be negative; the template must restart Always', () => {
    const d = kubectlCreateDeployment();
    (d.spec as { replicas: number }).replicas = -1;
    ((d.spec as { template: { spec: Record<string, unknown> } }).template.spec).restartPolicy = 'Never';
    const errs = rejected(create(strategies().deployments!, d, testContext()));
    expect(kubectlInvalidMessage('Deployment', 'nginx', errs)).toBe(
      'The Deployment "nginx" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"\n',
    );
  });

  it('the selector is immutable in apps/v1', () => {
    const s = strategies();
    const d = created(s.deployments!, kubectlCreateDeployment(), testContext());
    const next = structuredClone(d);
    (next.spec as { selector: unknown }).selector = { matchLabels: { app: 'web' } };
    (next.spec as { template: { metadata: { labels: unknown } } }).template.metadata.labels = { app: 'web' };
    expect(kubectlInvalidMessage('Deployment', 'nginx', rejected(update(s.deployments!, next, d, testContext())))).toBe(
      'The Deployment "nginx" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n',
    );
  });

  it('rolling update percentages are checked', () => {
    const d = kubectlCreateDeployment();
    (d.spec as Record<string, unknown>).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'abc', maxUnavailable: 0 } };
    expect(rejected(create(strategies().deployments!, d, testContext())).map((e) => `${e.field}: ${e.value}: ${e.detail}`)).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'spec.strategy.rollingUpdate.maxUnavailable: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it('a spec change bumps generation, a status-only write does not', () => {
    const s = strategies();
    const d = created(s.deployments!, kubectlCreateDeployment(), testContext());
    const scaled = structuredClone(d);
    (scaled.spec as { replicas: number }).replicas = 3;
    const r = update(s.deployments!, scaled, d, testContext());
    expect(r.ok && r.object.metadata.generation).toBe(2);
    const annotated = structuredClone(d);
    annotated.metadata.annotations = { 'kubernetes.io/change-cause': 'x' };
    const r2 = update(s.deployments!, annotated, d, testContext());
    expect(r2.ok && r2.object.metadata.generation).toBe(2);
  });
});
