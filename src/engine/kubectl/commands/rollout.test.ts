// The cluster is not settled: no controller has made ReplicaSets yet, so each test sets up the
// revisions it needs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment, KubeObject } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';
import { daemonSetStatus, deploymentStatus } from './rolloutStatus.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1, settle: false });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));
const deployment = (sim: Simulation) => sim.api.get<Deployment>('deployments', 'default', 'auth-service')!;

describe('kubectl rollout restart', () => {
  it('stamps the pod template with the virtual time', () => {
    const sim = newSim();
    const now = sim.clock.timestamp();
    expect(k(sim, 'rollout restart deployment/auth-service')).toMatchObject({ stdout: 'deployment.apps/auth-service restarted\n', exitCode: 0 });
    expect(deployment(sim).spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': now });
    expect(k(sim, 'rollout restart deployment/auth-service').stderr).toBe(
      'error: failed to create patch for auth-service: if restart has already been triggered within the past second, please wait before attempting to trigger another\n',
    );
  });

  it('one TYPE restarts all of them; errors name the resource', () => {
    const sim = newSim();
    expect(k(sim, 'rollout restart deployment -n kube-system').stdout).toBe('deployment.apps/coredns restarted\n');
    expect(k(sim, 'rollout restart deployment -n kube-node-lease').stderr).toBe('No resources found in kube-node-lease namespace.\n');
    expect(k(sim, 'rollout restart pod/client').stderr).toBe('error: pods "client" restarting is not supported\n');
    expect(k(sim, 'rollout restart deployment/nope').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(k(sim, 'rollout restart').stderr).toBe('error: required resource not specified\n');
  });
});

describe('kubectl rollout pause / resume', () => {
  it('toggles spec.paused, refuses a paused restart', () => {
    const sim = newSim();
    expect(k(sim, 'rollout pause deployment/auth-service').stdout).toBe('deployment.apps/auth-service paused\n');
    expect(deployment(sim).spec.paused).toBe(true);
    expect(k(sim, 'rollout pause deployment/auth-service').stderr).toBe('error: deployments.apps "auth-service" is already paused\n');
    expect(k(sim, 'rollout restart deployment/auth-service').stderr).toBe(
      'error: deployments.apps "auth-service" can\'t restart paused deployment (run rollout resume first)\n',
    );
    expect(k(sim, 'rollout resume deployment/auth-service').stdout).toBe('deployment.apps/auth-service resumed\n');
    expect(deployment(sim).spec.paused).toBeUndefined();
    expect(k(sim, 'rollout resume deployment/auth-service').stderr).toBe('error: deployments.apps "auth-service" is not paused\n');
  });
});

describe('kubectl rollout history / undo', () => {
  /** Two ReplicaSets as the deployment controller leaves them after one change of image. */
  function withRevisions(sim: Simulation): void {
    const d = deployment(sim);
    const rs = (revision: number, image: string, hash: string) => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `auth-service-${hash}`,
        namespace: 'default',
        labels: { app: 'auth-service', 'pod-template-hash': hash },
        annotations: { 'deployment.kubernetes.io/revision': String(revision) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'auth-service', uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'auth-service', 'pod-template-hash': hash } },
        template: { ...d.spec.template, metadata: { labels: { app: 'auth-service', 'pod-template-hash': hash } }, spec: { ...d.spec.template.spec, containers: [{ ...d.spec.template.spec.containers[0]!, image }] } },
      },
    });
    sim.api.create('replicasets', rs(1, 'proxyscope/echo-server:0.9', '6d4cf56db6') as unknown as KubeObject, { actor: 'test' });
    sim.api.create('replicasets', rs(2, 'proxyscope/echo-server:1.0', '7b9f5c8d4c') as unknown as KubeObject, { actor: 'test' });
  }

  it('lists the revisions of the ReplicaSets the deployment controls', () => {
    const sim = newSim();
    expect(k(sim, 'rollout history deployment/auth-service').stdout).toBe('deployment.apps/auth-service \nNo rollout history found.\n');
    withRevisions(sim);
    expect(k(sim, 'rollout history deployment/auth-service').stdout).toBe('deployment.apps/auth-service \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(k(sim, 'rollout history pod/client').stderr).toBe('error: no history viewer has been implemented for "Pod"\n');
  });

  it('undo puts the previous revision\'s template back', () => {
    const sim = newSim();
    expect(k(sim, 'rollout undo deployment/auth-service').stderr).toBe('error: no rollout history found for deployment "auth-service"\n');
    withRevisions(sim);
    expect(k(sim, 'rollout undo deployment/auth-service --to-revision=7').stderr).toBe('error: unable to find specified revision 7 in history\n');
    expect(k(sim, 'rollout undo deployment/auth-service --dry-run=server').stdout).toBe('deployment.apps/auth-service rolled back (server dry run)\n');
    expect(deployment(sim).spec.template.spec.containers[0]!.image).toBe('proxyscope/echo-server:1.0');
    expect(k(sim, 'rollout undo deployment/auth-service')).toMatchObject({ stdout: 'deployment.apps/auth-service rolled back\n', exitCode: 0 });
    expect(deployment(sim).spec.template.spec.containers[0]!.image).toBe('proxyscope/echo-server:0.9');
    expect(deployment(sim).spec.template.metadata.labels).toEqual({ app: 'auth-service' });
    expect(k(sim, 'rollout undo deployment/auth-service --to-revision=1').stdout).toBe(
      'deployment.apps/auth-service skipped rollback (current template already matches revision 1)\n',
    );
  });
});

describe('kubectl rollout (parent)', () => {
  it('prints its help to stdout and fails without a subcommand', () => {
    const r = k(newSim(), 'rollout');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('Available Commands:\n  history       View rollout history\n');
    expect(k(newSim(), 'rollout foo').stderr).toBe("error: unknown command \"foo\"\nSee 'kubectl rollout -h' for help and examples\n");
  });
});

describe('rollout status lines (DeploymentStatusViewer, DaemonSetStatusViewer)', () => {
  const d = (generation: number, spec: object, status: object) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation }, spec, status }) as unknown as KubeObject;
  it('each stage of a deployment rollout', () => {
    expect(deploymentStatus(d(2, { replicas: 3 }, { observedGeneration: 1 }), 0)).toEqual({ ok: true, done: false, text: 'Waiting for deployment spec update to be observed...\n' });
    expect(deploymentStatus(d(2, { replicas: 3 }, { observedGeneration: 2, updatedReplicas: 1, replicas: 4 }), 0)).toEqual({
      ok: true,
      done: false,
      text: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    });
    expect(deploymentStatus(d(2, { replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 }), 0)).toMatchObject({
      text: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
    });
    expect(deploymentStatus(d(2, { replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 1 }), 0)).toMatchObject({
      text: 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n',
    });
    expect(deploymentStatus(d(2, { replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 0)).toEqual({
      ok: true,
      done: true,
      text: 'deployment "web" successfully rolled out\n',
    });
    expect(deploymentStatus(d(2, { replicas: 3 }, { observedGeneration: 2, conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] }), 0)).toEqual({
      ok: false,
      error: 'deployment "web" exceeded its progress deadline',
    });
  });

  it('daemon sets', () => {
    const ds = (status: object) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy', generation: 1 }, spec: { updateStrategy: { type: 'RollingUpdate' } }, status }) as unknown as KubeObject;
    expect(daemonSetStatus(ds({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }))).toMatchObject({
      text: 'Waiting for daemon set "kube-proxy" rollout to finish: 2 of 3 updated pods are available...\n',
    });
    expect(daemonSetStatus(ds({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }))).toMatchObject({
      done: true,
      text: 'daemon set "kube-proxy" successfully rolled out\n',
    });
  });

  it('kinds without a status viewer', () => {
    expect(k(newSim(), 'rollout status pod/client').stderr).toBe('error: no status viewer has been implemented for Pod\n');
  });
});
