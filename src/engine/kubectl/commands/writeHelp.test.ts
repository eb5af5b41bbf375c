import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index.ts';
import type { KubectlCommand } from '../types.ts';
import { runKubectl } from '../testing.ts';
import { completeSubcommands, type ParentCommand } from '../mutate/subcommands.ts';
import { writeCommands } from './writeCommands.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1, settle: false });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

function golden(name: string, text: string): void {
  const path = `test/fixtures/kubectl-write/${name}`;
  if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) {
    mkdirSync('test/fixtures/kubectl-write', { recursive: true });
    writeFileSync(path, text);
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}

const command = (name: string): KubectlCommand => writeCommands.find((c) => c.name === name)!;
const sub = (parent: string, ...path: string[]): KubectlCommand =>
  path.reduce<KubectlCommand>((c, n) => (c as ParentCommand).subcommands.find((s) => s.name === n)!, command(parent));

describe('--help of the write commands (a terminal ≥120 columns wide)', () => {
  for (const name of ['apply', 'create', 'expose', 'run', 'delete', 'rollout', 'scale', 'cordon', 'uncordon', 'drain', 'label', 'annotate']) {
    it(`kubectl ${name} --help`, () => {
      const r = runKubectl(newSim(), [name, '--help']);
      expect(r.exitCode).toBe(0);
      golden(`help-${name}.txt`, r.stdout);
    });
  }
  const subs: [string, ...string[]][] = [
    ['create', 'deployment'],
    ['create', 'namespace'],
    ['create', 'service'],
    ['create', 'service', 'clusterip'],
    ['create', 'service', 'nodeport'],
    ['create', 'service', 'loadbalancer'],
    ['create', 'service', 'externalname'],
    ['rollout', 'restart'],
    ['rollout', 'status'],
    ['rollout', 'history'],
    ['rollout', 'pause'],
    ['rollout', 'resume'],
    ['rollout', 'undo'],
  ];
  for (const path of subs) {
    it(`kubectl ${path.join(' ')} --help`, () => golden(`help-${path.join('-')}.txt`, sub(...path).help));
  }
});

describe('completion', () => {
  const sim = newSim();
  const complete = (name: string, words: string[]) => command(name).complete!(words, sim);
  it('resource types, then names in the namespace given by -n', () => {
    expect(complete('delete', ['deploy'])).toEqual(['deployments.apps']);
    expect(complete('delete', ['svc', ''])).toEqual(['auth-service', 'kubernetes']);
    expect(complete('label', ['-n', 'kube-system', 'deploy', ''])).toEqual(['coredns']);
    expect(complete('scale', [''])).toEqual(['deployment', 'replicaset', 'replicationcontroller', 'statefulset']);
    expect(complete('scale', ['deployment/a'])).toEqual(['deployment/auth-service']);
    expect(complete('expose', ['po'])).toEqual(['pod']);
  });
  it('subcommands of create and rollout, then their arguments', () => {
    expect(complete('create', [''])).toEqual(['deployment', 'namespace', 'service']);
    expect(complete('create', ['service', ''])).toEqual(['clusterip', 'externalname', 'loadbalancer', 'nodeport']);
    expect(completeSubcommands(['st'], sim, (command('rollout') as ParentCommand).subcommands)).toEqual(['status']);
    expect(complete('rollout', ['status', 'deployment/'])).toEqual(['deployment/auth-service']);
  });
  it('node names for cordon and drain', () => {
    expect(complete('drain', ['kind-'])).toEqual(['kind-control-plane']);
    expect(complete('cordon', ['kind-control-plane', ''])).toEqual([]);
  });
});
