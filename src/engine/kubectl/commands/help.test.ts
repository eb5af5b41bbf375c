import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';
import { readCommands } from './readCommands.ts';

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

describe('--help of the read commands (a terminal ≥120 columns wide)', () => {
  for (const cmd of ['get', 'describe', 'api-resources', 'version', 'cluster-info']) {
    it(`kubectl ${cmd} --help`, () => {
      const r = runKubectl(newSim(), [cmd, '--help']);
      expect(r.exitCode).toBe(0);
      golden(`help-${cmd}.txt`, r.stdout);
    });
  }
});

describe('completion', () => {
  const sim = newSim();
  const complete = (cmd: string, words: string[]) => readCommands.find((c) => c.name === cmd)!.complete!(words, sim);
  it('resource types, then names in the namespace given by -n', () => {
    expect(complete('get', ['de'])).toEqual(['deployments.apps']);
    expect(complete('get', ['svc,po'])).toEqual(['svc,pods']);
    expect(complete('get', ['svc', ''])).toEqual(['auth-service', 'kubernetes']);
    expect(complete('describe', ['-n', 'kube-system', 'deploy', ''])).toEqual(['coredns']);
    expect(complete('get', ['deploy/c', '-A'].slice(0, 1))).toEqual([]);
    expect(complete('get', ['deploy/a'])).toEqual(['deploy/auth-service']);
    expect(complete('get', ['-o', 'j'])).toEqual(['json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file']);
    expect(complete('get', ['--wa'])).toEqual(['--watch', '--watch-only']);
  });
});
