import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1, settle: false });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

function golden(name: string, text: string): void {
  const path = `test/fixtures/kubectl/${name}`;
  if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) {
    mkdirSync('test/fixtures/kubectl', { recursive: true });
    writeFileSync(path, text);
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));
const T = { actor: 'test', trusted: true };

/** A running pod with one restarted container, as a kubelet would report it. */
function runningPod(sim: Simulation): void {
  sim.api.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'test' } }, T);
  const created = sim.api.create<Pod>(
    'pods',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'test', labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'MODE', value: 'prod' }],
            readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
          },
        ],
      },
    } as unknown as Pod,
    T,
  );
  if (!created.ok) throw new Error(created.status.message);
  const status: Pod['status'] = {
    phase: 'Running',
    hostIP: '172.18.0.3',
    podIP: '10.244.1.7',
    podIPs: [{ ip: '10.244.1.7' }],
    startTime: '2026-11-21T09:00:00Z',
    qosClass: 'Burstable',
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-11-21T09:00:00Z' },
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-11-21T09:00:03Z' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-11-21T09:00:00Z' },
    ],
    containerStatuses: [
      {
        name: 'web',
        image: 'docker.io/library/nginx:1.27',
        imageID: 'docker.io/library/nginx@sha256:0123',
        containerID: 'containerd://abc123',
        ready: true,
        started: true,
        restartCount: 1,
        state: { running: { startedAt: '2026-11-21T09:00:02Z' } },
        lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: '2026-11-21T09:00:01Z', finishedAt: '2026-11-21T09:00:02Z' } },
      },
    ],
  };
  sim.api.updateStatus('pods', { ...created.object, status }, T);
}

describe('kubectl describe', () => {
  it('a pod with container state, probes, mounts and tolerations', () => {
    const sim = newSim();
    runningPod(sim);
    golden('describe-pod-web.txt', k(sim, 'describe pod web -n test').stdout);
  });

  it('services, endpoints and endpointslices', () => {
    const sim = newSim();
    golden('describe-svc-kubernetes.txt', k(sim, 'describe svc kubernetes').stdout);
    const ep = k(sim, 'describe endpoints kubernetes');
    expect(ep.stderr).toBe('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n');
    expect(ep.stdout).toBe(
      'Name:         kubernetes\nNamespace:    default\nLabels:       endpointslice.kubernetes.io/skip-mirror=true\nAnnotations:  <none>\nSubsets:\n' +
        '  Addresses:          172.18.0.2\n  NotReadyAddresses:  <none>\n  Ports:\n    Name   Port  Protocol\n    ----   ----  --------\n    https  6443  TCP\n\nEvents:  <none>\n',
    );
    golden('describe-endpointslice-kubernetes.txt', k(sim, 'describe endpointslice kubernetes').stdout);
  });

  it('workloads: deployment and daemonset', () => {
    const sim = newSim();
    golden('describe-deploy-coredns.txt', k(sim, 'describe deploy coredns -n kube-system').stdout);
    golden('describe-ds-kube-proxy.txt', k(sim, 'describe ds kube-proxy -n kube-system').stdout);
  });

  it('cluster-scoped: node and namespace', () => {
    const sim = newSim();
    golden('describe-node-kind-control-plane.txt', k(sim, 'describe node kind-control-plane').stdout);
    expect(k(sim, 'describe ns default').stdout).toBe(
      'Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
    );
  });

  it('several objects are separated by two blank lines', () => {
    const out = k(newSim(), 'describe ns default kube-public').stdout;
    expect(out).toContain('No LimitRange resource.\n\n\nName:         kube-public\n');
  });

  it('TYPE PREFIX describes every object whose name starts with PREFIX', () => {
    const r = k(newSim(), 'describe deploy auth -n default');
    expect(r.stdout.startsWith('Name:                   auth-service\n')).toBe(true);
    expect(r.stdout.endsWith('  Tolerations:     <none>\nEvents:            <none>\n\n')).toBe(true);
    expect(k(newSim(), 'describe deploy nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', exitCode: 1 });
  });

  it('messages: no type, nothing found, --show-events=false', () => {
    const sim = newSim();
    expect(k(sim, 'describe').stderr).toBe('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
    expect(k(sim, 'describe pods -n nope')).toEqual({ stdout: '', stderr: 'No resources found in nope namespace.\n', exitCode: 0 });
    expect(k(sim, 'describe svc kubernetes --show-events=false').stdout).not.toContain('Events:');
  });
});
