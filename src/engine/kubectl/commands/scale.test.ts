import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));
const replicas = (sim: Simulation) => sim.api.get<Deployment>('deployments', 'default', 'auth-service')!.spec.replicas;

describe('kubectl scale', () => {
  it('sets spec.replicas, in every argument form', () => {
    const sim = newSim();
    expect(k(sim, 'scale deploy/auth-service --replicas=5')).toMatchObject({ stdout: 'deployment.apps/auth-service scaled\n', exitCode: 0 });
    expect(replicas(sim)).toBe(5);
    expect(k(sim, 'scale deployment auth-service --replicas 2').stdout).toBe('deployment.apps/auth-service scaled\n');
    expect(replicas(sim)).toBe(2);
    expect(k(sim, 'scale --replicas=4 deployments.apps/auth-service -o name').stdout).toBe('deployment.apps/auth-service\n');
    expect(replicas(sim)).toBe(4);
  });

  it('checks --current-replicas before scaling', () => {
    const sim = newSim();
    expect(k(sim, 'scale deploy/auth-service --current-replicas=2 --replicas=1').stderr).toBe('error: Expected replicas to be 2, was 3\n');
    expect(replicas(sim)).toBe(3);
    expect(k(sim, 'scale deploy/auth-service --current-replicas=3 --replicas=1').stdout).toBe('deployment.apps/auth-service scaled\n');
    expect(replicas(sim)).toBe(1);
  });

  it('dry runs', () => {
    const sim = newSim();
    expect(k(sim, 'scale deploy/auth-service --replicas=9 --dry-run=client').stdout).toBe('deployment.apps/auth-service scaled (dry run)\n');
    expect(k(sim, 'scale deploy/auth-service --replicas=9 --dry-run=server').stdout).toBe('deployment.apps/auth-service scaled (server dry run)\n');
    expect(replicas(sim)).toBe(3);
  });

  it('errors', () => {
    const sim = newSim();
    expect(k(sim, 'scale deploy/auth-service').stderr).toBe('error: required flag(s) "replicas" not set\n');
    expect(k(sim, 'scale deploy/auth-service --replicas=-1').stderr).toBe('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
    expect(k(sim, 'scale deploy/nope --replicas=1').stderr).toBe('error: no objects passed to scale deployments.apps "nope" not found\n');
    expect(k(sim, 'scale pod/client --replicas=2').stderr).toBe('Error from server (NotFound): the server could not find the requested resource\n');
    expect(k(sim, 'scale deployment --replicas=2').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
  });
});
