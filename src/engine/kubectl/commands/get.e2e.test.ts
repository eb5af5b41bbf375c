// End-to-end: kubectl's read commands against the default scenario after it settles, with the
// controllers (deployments, replicasets, scheduler, kubelets, endpoints, endpointslices) doing
// their work. Generated names and IPs vary, so rows are matched by pattern, columns exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function settledSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));
const AGE = '\\d+(?:s|m\\d*s?)';
const IP = '10\\.244\\.\\d+\\.\\d+';

describe('kubectl get/describe in the settled default scenario', () => {
  const sim = settledSim();

  it('[KC-1] get pods: three auth-service replicas and the client, all Running', () => {
    const lines = k(sim, 'get pods').stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(lines.slice(1)).toHaveLength(4);
    for (const l of lines.slice(1, 4)) expect(l).toMatch(new RegExp(`^auth-service-[a-z0-9]{8,10}-[a-z0-9]{5} +1/1 +Running +0 +${AGE}$`));
    expect(lines[4]).toMatch(new RegExp(`^client +1/1 +Running +0 +${AGE}$`));
  });

  it('[KC-1] get pods -o wide: pod IPs and worker nodes', () => {
    const lines = k(sim, 'get pods -o wide').stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
    for (const l of lines.slice(1)) expect(l).toMatch(new RegExp(` ${IP} +kind-worker2? +<none> +<none>$`));
  });

  it('get deploy, rs: 3/3 ready', () => {
    expect(k(sim, 'get deploy auth-service').stdout).toMatch(new RegExp(`^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nauth-service +3/3 +3 +3 +${AGE}\n$`));
    expect(k(sim, 'get rs').stdout).toMatch(new RegExp(`^NAME +DESIRED +CURRENT +READY +AGE\nauth-service-[a-z0-9]{8,10} +3 +3 +3 +${AGE}\n$`));
  });

  it('[KC-2] endpoints and endpointslices list the three ready pods', () => {
    const ep = k(sim, 'get ep auth-service');
    expect(ep.stdout).toMatch(new RegExp(`^NAME +ENDPOINTS +AGE\nauth-service +${IP}:8080,${IP}:8080,${IP}:8080 +${AGE}\n$`));
    const slices = k(sim, 'get endpointslices -l kubernetes.io/service-name=auth-service');
    expect(slices.stdout).toMatch(new RegExp(`^NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE\nauth-service-[a-z0-9]{5} +IPv4 +8080 +${IP},${IP},${IP} +${AGE}\n$`));
  });

  it('describe svc auth-service shows the ready endpoints', () => {
    expect(k(sim, 'describe svc auth-service').stdout).toMatch(new RegExp(`\nEndpoints: +${IP}:8080,${IP}:8080,${IP}:8080\n`));
  });

  it('describe deploy shows the new ReplicaSet', () => {
    expect(k(sim, 'describe deploy auth-service').stdout).toMatch(/\nOldReplicaSets: +<none>\nNewReplicaSet: +auth-service-[a-z0-9]{8,10} \(3\/3 replicas created\)\n/);
  });

  it('get all: pods, services, deployments and replicasets, grouped', () => {
    const groups = k(sim, 'get all').stdout.split('\n\n').map((g) => g.split('\n')[0]!.split(/ +/).slice(0, 2).join(' '));
    expect(groups).toEqual(['NAME READY', 'NAME TYPE', 'NAME READY', 'NAME DESIRED']);
  });
});
