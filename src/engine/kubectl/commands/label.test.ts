import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));
const labels = (sim: Simulation) => sim.api.get('pods', 'default', 'client')!.metadata.labels;

describe('kubectl label', () => {
  it('adds, refuses to overwrite, overwrites, removes', () => {
    const sim = newSim();
    expect(k(sim, 'label pod client tier=debug')).toMatchObject({ stdout: 'pod/client labeled\n', exitCode: 0 });
    expect(labels(sim)).toEqual({ run: 'client', tier: 'debug' });
    expect(k(sim, 'label pod client tier=x')).toMatchObject({ stderr: "error: 'tier' already has a value (debug), and --overwrite is false\n", exitCode: 1 });
    expect(k(sim, 'label pod client tier=debug').stdout).toBe('pod/client not labeled\n');
    expect(k(sim, 'label pod client tier=x --overwrite').stdout).toBe('pod/client labeled\n');
    expect(k(sim, 'label pod/client tier-').stdout).toBe('pod/client unlabeled\n');
    expect(k(sim, 'label pod/client tier-').stdout).toBe('label "tier" not found.\npod/client not labeled\n');
    expect(labels(sim)).toEqual({ run: 'client' });
  });

  it('labels every object selected by -l or --all; --list prints them', () => {
    const sim = newSim();
    expect(k(sim, 'label svc --all team=net').stdout).toBe('service/auth-service labeled\nservice/kubernetes labeled\n');
    expect(k(sim, 'label svc -l team=net --list').stdout).toBe(
      'Listing labels for Service./auth-service:\n app=auth-service\n team=net\nListing labels for Service./kubernetes:\n component=apiserver\n provider=kubernetes\n team=net\n',
    );
    expect(k(sim, 'label svc auth-service --list').stdout).toBe('app=auth-service\nteam=net\n');
  });

  it('dry run prints the change without making it', () => {
    const sim = newSim();
    expect(k(sim, 'label pod client a=b --dry-run=client').stdout).toBe('pod/client labeled (dry run)\n');
    expect(labels(sim)).toEqual({ run: 'client' });
  });

  it('errors', () => {
    const sim = newSim();
    expect(k(sim, 'label pod client').stderr).toBe('error: at least one label update is required\n');
    expect(k(sim, 'label a=b').stderr).toBe('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
    expect(k(sim, 'label pod a=b client').stderr).toBe('error: all resources must be specified before label changes: client\n');
    expect(k(sim, 'label pod client a=b=c').stderr).toBe('error: invalid label spec: a=b=c\n');
    expect(k(sim, 'label pod client a=b a-').stderr).toBe('error: can not both modify and remove a label in the same command\n');
    expect(k(sim, 'label pod client a=-x').stderr).toBe(
      "error: invalid label value: \"a=-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n",
    );
    expect(k(sim, 'label pod nope a=b').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(k(sim, 'label pod client -a=b').exitCode).toBe(1);
  });
});

describe('kubectl annotate', () => {
  const annotations = (sim: Simulation) => sim.api.get('pods', 'default', 'client')!.metadata.annotations;

  it('adds, refuses to overwrite, overwrites, removes', () => {
    const sim = newSim();
    expect(k(sim, 'annotate pod client note=hello')).toMatchObject({ stdout: 'pod/client annotated\n', exitCode: 0 });
    expect(annotations(sim)).toEqual({ note: 'hello' });
    expect(k(sim, 'annotate pod client note=bye').stderr).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)\n",
    );
    expect(k(sim, 'annotate pod client note=bye --overwrite').stdout).toBe('pod/client annotated\n');
    expect(annotations(sim)).toEqual({ note: 'bye' });
    expect(k(sim, 'annotate pod client note-').stdout).toBe('pod/client annotated\n');
    expect(annotations(sim)).toBeUndefined();
  });

  it('errors', () => {
    const sim = newSim();
    expect(k(sim, 'annotate pod client').stderr).toBe('error: at least one annotation update is required\n');
    expect(k(sim, 'annotate pod client a=b a-').stderr).toBe('error: can not both modify and remove the following annotation(s) in the same command: a\n');
    expect(k(sim, 'annotate pod a=b client').stderr).toBe('error: all resources must be specified before annotation changes: client\n');
  });
});
