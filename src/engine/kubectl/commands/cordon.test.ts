import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));
const unschedulable = (sim: Simulation, name: string) => sim.api.get<Node>('nodes', '', name)!.spec.unschedulable;

describe('kubectl cordon / uncordon', () => {
  it('marks the node, and says so when it already is', () => {
    const sim = newSim();
    expect(k(sim, 'cordon kind-worker')).toMatchObject({ stdout: 'node/kind-worker cordoned\n', exitCode: 0 });
    expect(unschedulable(sim, 'kind-worker')).toBe(true);
    expect(k(sim, 'cordon kind-worker').stdout).toBe('node/kind-worker already cordoned\n');
    expect(k(sim, 'uncordon kind-worker').stdout).toBe('node/kind-worker uncordoned\n');
    expect(unschedulable(sim, 'kind-worker')).toBeUndefined();
    expect(k(sim, 'uncordon kind-worker').stdout).toBe('node/kind-worker already uncordoned\n');
  });

  it('-l selects nodes; dry run changes nothing', () => {
    const sim = newSim();
    expect(k(sim, 'cordon -l kubernetes.io/os=linux --dry-run=client').stdout).toBe(
      'node/kind-control-plane cordoned (dry run)\nnode/kind-worker cordoned (dry run)\nnode/kind-worker2 cordoned (dry run)\n',
    );
    expect(unschedulable(sim, 'kind-worker')).toBeUndefined();
  });

  it('errors', () => {
    const sim = newSim();
    expect(k(sim, 'cordon').stderr).toBe("error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n");
    expect(k(sim, 'cordon kind-worker -l a=b').stderr).toBe("error: cannot specify both a node name and a --selector option\nSee 'kubectl cordon -h' for help and examples\n");
    expect(k(sim, 'cordon nope').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(k(sim, 'drain').stderr).toBe("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n");
  });
});
