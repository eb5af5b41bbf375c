import { describe, expect, it } from 'vitest';
import { formatInvalid, kubectlInvalidMessage } from '../fieldErrors.ts';
import type { KubeObject, Pod } from '../types.ts';
import { createStrategies } from './index.ts';
import { imageTag } from './podDefaults.ts';
import { podQOSClass } from './pods.ts';
import { formatQuantity, parseQuantity } from './quantity.ts';
import { create, created, rejected, testContext, update } from './testkit.ts';

const pods = () => createStrategies({ serviceCIDR: '10.96.0.0/12', nodePortRange: [30000, 32767] }).pods!;
const pod = (spec: Record<string, unknown>, name = 'p'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
const invalid = (spec: Record<string, unknown>, name = 'p') => formatInvalid('Pod', name, rejected(create(pods(), pod(spec, name), testContext())));

describe('Pod defaulting', () => {
  it('imagePullPolicy: Always for :latest or no tag, IfNotPresent otherwise', () => {
    expect(imageTag('nginx')).toBe('latest');
    expect(imageTag('nginx:latest')).toBe('latest');
    expect(imageTag('registry.k8s.io:5000/pause')).toBe('latest');
    expect(imageTag('registry.k8s.io/pause:3.10')).toBe('3.10');
    expect(imageTag(`nginx@sha256:${'ab'.repeat(32)}`)).toBe('');
    expect(imageTag(`nginx:1.27@sha256:${'ab'.repeat(32)}`)).toBe('1.27');
    expect(imageTag('Nginx')).toBe(''); // does not parse: IfNotPresent
    expect(imageTag('')).toBe('');
    expect(imageTag('localhost:5000/team/app')).toBe('latest');
    const p = created(pods(), pod({ containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'b', image: 'busybox' }] }), testContext()) as Pod;
    expect(p.spec.containers.map((c) => c.imagePullPolicy)).toEqual(['IfNotPresent', 'Always']);
  });

  it('ports get TCP, probes their timing and httpGet path/scheme', () => {
    const p = created(
      pods(),
      pod({ containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } }] }),
      testContext(),
    ) as Pod;
    const c = p.spec.containers[0]!;
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c.readinessProbe).toEqual({ failureThreshold: 3, httpGet: { path: '/', port: 80, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 });
  });

  it('existing tolerations for the node taints are kept, missing ones added', () => {
    const p = created(
      pods(),
      pod({ containers: [{ name: 'a', image: 'x:1' }], tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }] }),
      testContext(),
    ) as Pod;
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('automountServiceAccountToken: false mounts nothing', () => {
    const p = created(pods(), pod({ automountServiceAccountToken: false, containers: [{ name: 'a', image: 'x:1' }] }), testContext()) as Pod;
    expect(p.spec.volumes).toBeUndefined();
    expect(p.spec.containers[0]!.volumeMounts).toBeUndefined();
    expect(p.spec.serviceAccountName).toBe('default');
  });

  it('QoS class and canonical quantities', () => {
    expect(formatQuantity(parseQuantity('0.5')!)).toBe('500m');
    expect(formatQuantity(parseQuantity('1000m')!)).toBe('1');
    expect(formatQuantity(parseQuantity('1024Mi')!)).toBe('1Gi');
    expect(formatQuantity(parseQuantity('1536Mi')!)).toBe('1536Mi');
    expect(formatQuantity(parseQuantity('2000000')!)).toBe('2M');
    expect(formatQuantity(parseQuantity('1e3')!)).toBe('1e3');
    const guaranteed = created(pods(), pod({ containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '0.5', memory: '128Mi' } } }] }), testContext()) as Pod;
    expect(guaranteed.spec.containers[0]!.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
    expect(guaranteed.status.qosClass).toBe('Guaranteed');
    expect(podQOSClass({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m' } } }] })).toBe('Burstable');
  });
});

describe('Pod validation messages', () => {
  it('containers are required', () => {
    expect(invalid({ containers: [] })).toBe('Pod "p" is invalid: spec.containers: Required value');
  });

  it('container name and image are required', () => {
    const errs = rejected(create(pods(), pod({ containers: [{}] }), testContext()));
    expect(kubectlInvalidMessage('Pod', 'p', errs)).toBe('The Pod "p" is invalid: \n* spec.containers[0].name: Required value\n* spec.containers[0].image: Required value\n');
  });

  it('container names are DNS-1123 labels', () => {
    expect(invalid({ containers: [{ name: 'Web', image: 'nginx' }] })).toBe(
      `Pod "p" is invalid: spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('container ports', () => {
    expect(invalid({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: 'HTTP' }, { containerPort: 0 }] }] })).toBe(
      'Pod "p" is invalid: [spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP", spec.containers[0].ports[2].containerPort: Required value]',
    );
    expect(invalid({ containers: [{ name: 'a', image: 'x', ports: [{ name: 'web', containerPort: 80 }, { name: 'web', containerPort: 81 }] }] })).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[1].name: Duplicate value: "web"',
    );
  });

  it('pod names are DNS-1123 subdomains; name or generateName is required', () => {
    expect(invalid({ containers: [{ name: 'a', image: 'x' }] }, 'My_Pod')).toBe(
      `Pod "My_Pod" is invalid: metadata.name: Invalid value: "My_Pod": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    expect(invalid({ containers: [{ name: 'a', image: 'x' }] }, '')).toBe('Pod "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it('restartPolicy and dnsPolicy are enumerations', () => {
    expect(invalid({ restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x' }] })).toBe(
      'Pod "p" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });

  it('a volumeMount must name a volume', () => {
    expect(invalid({ containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] })).toBe(
      'Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
    );
  });
});

describe('Pod updates', () => {
  const base = () => {
    const ctx = testContext(3);
    const p = created(pods(), pod({ containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }), ctx) as Pod;
    return { ctx, p };
  };

  it('the image may change', () => {
    const { ctx, p } = base();
    const next = structuredClone(p);
    next.spec.containers[0]!.image = 'nginx:1.28';
    const r = update(pods(), next, p, ctx);
    expect(r.ok).toBe(true);
    expect(r.ok && r.object.metadata.generation).toBe(2);
  });

  it('other spec fields may not', () => {
    const { ctx, p } = base();
    const next = structuredClone(p);
    next.spec.containers[0]!.ports![0]!.containerPort = 8080;
    const [err] = rejected(update(pods(), next, p, ctx));
    expect(err!.field).toBe('spec');
    expect(err!.type).toBe('Forbidden');
    const [head, ...diff] = err!.detail!.split('\n');
    expect(head).toBe(
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    expect(diff[0]).toBe('  core.PodSpec{');
    expect(diff).toContain('- \t\t\tPorts:      {{ContainerPort: 80, Protocol: "TCP"}},');
    expect(diff).toContain('+ \t\t\tPorts:      {{ContainerPort: 8080, Protocol: "TCP"}},');
  });

  it('containers may not be added or removed', () => {
    const { ctx, p } = base();
    const next = structuredClone(p);
    next.spec.containers.push({ name: 'side', image: 'busybox' });
    expect(formatInvalid('Pod', 'p', rejected(update(pods(), next, p, ctx)))).toBe('Pod "p" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers');
  });

  it('status cannot be changed through the main resource', () => {
    const { ctx, p } = base();
    const next = structuredClone(p);
    next.status = { phase: 'Running' };
    const r = update(pods(), next, p, ctx);
    expect(r.ok && r.object.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });
});
