// End-to-end: the write commands whose output depends on the controllers (deletion waiting
// for kubelets, rollout progress, drain's evictions), against the settled default scenario.
// Generated names vary, so lines are matched by pattern where they carry one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function settledSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));
const POD = 'auth-service-[a-z0-9]{8,10}-[a-z0-9]{5}';
const pods = (sim: Simulation, node?: string) =>
  sim.api.list<Pod>('pods', undefined, (p) => !node || (p.spec as { nodeName?: string }).nodeName === node).filter((p) => !p.metadata.deletionTimestamp);

describe('write commands in the settled default scenario', () => {
  it('delete waits until the pod is gone; the ReplicaSet replaces it', () => {
    const sim = settledSim();
    const victim = pods(sim).find((p) => p.metadata.name!.startsWith('auth-service-'))!;
    const start = sim.clock.now();
    const r = k(sim, `delete pod ${victim.metadata.name}`);
    expect(r).toMatchObject({ stdout: `pod "${victim.metadata.name}" deleted\n`, stderr: '', exitCode: 0 });
    expect(sim.api.get('pods', 'default', victim.metadata.name!)).toBeUndefined();
    expect(sim.clock.now()).toBeGreaterThan(start);
    sim.settle();
    expect(pods(sim).filter((p) => p.metadata.name!.startsWith('auth-service-'))).toHaveLength(3);
  });

  it('--wait=false returns while the pod is still terminating', () => {
    const sim = settledSim();
    const victim = pods(sim).find((p) => p.metadata.name!.startsWith('auth-service-'))!;
    expect(k(sim, `delete pod ${victim.metadata.name} --wait=false`).stdout).toBe(`pod "${victim.metadata.name}" deleted\n`);
    expect(sim.api.get('pods', 'default', victim.metadata.name!)?.metadata.deletionTimestamp).toBeDefined();
  });

  it('rollout restart, then rollout status prints the progress until it is rolled out', () => {
    const sim = settledSim();
    expect(k(sim, 'rollout restart deployment/auth-service').stdout).toBe('deployment.apps/auth-service restarted\n');
    const r = k(sim, 'rollout status deployment/auth-service');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('deployment "auth-service" successfully rolled out');
    for (const l of lines.slice(0, -1)) {
      expect(l).toMatch(
        /^Waiting for deployment "auth-service" rollout to finish: (\d+ out of 3 new replicas have been updated|\d+ old replicas are pending termination|\d of 3 updated replicas are available)\.\.\.$|^Waiting for deployment spec update to be observed\.\.\.$/,
      );
    }
    expect(lines.length).toBeGreaterThan(1);
    expect(k(sim, 'rollout status deployment/auth-service').stdout).toBe('deployment "auth-service" successfully rolled out\n');
    expect(k(sim, 'rollout history deployment/auth-service').stdout).toBe('deployment.apps/auth-service \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  });

  it('scale then rollout status waits for the new replicas', () => {
    const sim = settledSim();
    k(sim, 'scale deploy/auth-service --replicas=5');
    const r = k(sim, 'rollout status deploy/auth-service');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('deployment "auth-service" successfully rolled out');
    expect(sim.api.get<Deployment>('deployments', 'default', 'auth-service')!.status?.availableReplicas).toBe(5);
  });

  it('drain refuses DaemonSet pods without --ignore-daemonsets', () => {
    const sim = settledSim();
    const r = k(sim, 'drain kind-worker');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('node/kind-worker cordoned\n');
    const err = r.stderr.split('\n');
    expect(err[0]).toMatch(
      /^error: unable to drain node "kind-worker" due to error: cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kindnet-[a-z0-9]{5}, kube-system\/kube-proxy-[a-z0-9]{5}, continuing command\.\.\.$/,
    );
    expect(err.slice(1, 3)).toEqual(['There are pending nodes to be drained:', ' kind-worker']);
    expect(err[3]).toMatch(/^cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kindnet-[a-z0-9]{5}, kube-system\/kube-proxy-[a-z0-9]{5}$/);
  });

  it('drain --ignore-daemonsets evicts and waits; the evicted pods come back elsewhere', () => {
    const sim = settledSim();
    const node = pods(sim).find((p) => p.metadata.name!.startsWith('auth-service-'))!.spec.nodeName!;
    const unmanaged = pods(sim, node).some((p) => !(p.metadata.ownerReferences ?? []).length);
    const r = k(sim, `drain ${node} --ignore-daemonsets --force`);
    expect(r.exitCode).toBe(0);
    const out = r.stdout.trimEnd().split('\n');
    expect(out[0]).toBe(`node/${node} cordoned`);
    expect(out.at(-1)).toBe(`node/${node} drained`);
    for (const l of out.slice(1, -1)) expect(l).toMatch(new RegExp(`^(evicting pod default/(${POD}|client)|pod/(${POD}|client) evicted)$`));
    expect(r.stderr).toMatch(new RegExp(`^Warning: ${unmanaged ? 'deleting Pods that declare no controller: default/client; ' : ''}ignoring DaemonSet-managed Pods: kube-system/kindnet-[a-z0-9]{5}, kube-system/kube-proxy-[a-z0-9]{5}\n$`));
    expect(pods(sim, node).filter((p) => p.metadata.name!.startsWith('auth-service-'))).toHaveLength(0);
    sim.settle();
    expect(pods(sim).filter((p) => p.metadata.name!.startsWith('auth-service-'))).toHaveLength(3);
    expect(k(sim, `uncordon ${node}`).stdout).toBe(`node/${node} uncordoned\n`);
  });
});
