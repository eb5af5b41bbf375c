import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1, settle: false });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}
const k = (line: string) => runKubectl(newSim(), line.split(' '));

describe('kubectl version', () => {
  it('client, kustomize and server versions', () => {
    expect(k('version')).toEqual({ stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.33.1\n', stderr: '', exitCode: 0 });
    expect(k('version --client').stdout).toBe('Client Version: v1.33.1\nKustomize Version: v5.6.0\n');
  });

  it('-o yaml: keys sorted, then a blank line', () => {
    expect(k('version -o yaml').stdout).toBe(
      'clientVersion:\n  buildDate: "2025-05-15T08:27:33Z"\n  compiler: gc\n  gitCommit: 8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828\n  gitTreeState: clean\n  gitVersion: v1.33.1\n  goVersion: go1.24.2\n  major: "1"\n  minor: "33"\n  platform: linux/amd64\n' +
        'kustomizeVersion: v5.6.0\n' +
        'serverVersion:\n  buildDate: "2025-05-15T08:19:08Z"\n  compiler: gc\n  emulationMajor: "1"\n  emulationMinor: "33"\n  gitCommit: 8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828\n  gitTreeState: clean\n  gitVersion: v1.33.1\n  goVersion: go1.24.2\n  major: "1"\n  minCompatibilityMajor: "1"\n  minCompatibilityMinor: "32"\n  minor: "33"\n  platform: linux/amd64\n\n',
    );
  });

  it('-o json: struct order, two-space indent', () => {
    expect(k('version --client -o json').stdout).toBe(
      '{\n  "clientVersion": {\n    "major": "1",\n    "minor": "33",\n    "gitVersion": "v1.33.1",\n    "gitCommit": "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",\n    "gitTreeState": "clean",\n    "buildDate": "2025-05-15T08:27:33Z",\n    "goVersion": "go1.24.2",\n    "compiler": "gc",\n    "platform": "linux/amd64"\n  },\n  "kustomizeVersion": "v5.6.0"\n}\n',
    );
  });

  it('errors', () => {
    expect(k('version -o wide').stderr).toBe("error: --output must be 'yaml' or 'json'\n");
    expect(k('version x').stderr).toBe('error: extra arguments: [x]\n');
  });
});

describe('kubectl cluster-info', () => {
  it('the control plane and the cluster services with their proxy URLs', () => {
    expect(k('cluster-info')).toEqual({
      stdout:
        'Kubernetes control plane is running at https://127.0.0.1:46040\n' +
        'CoreDNS is running at https://127.0.0.1:46040/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n' +
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
      stderr: '',
      exitCode: 0,
    });
  });
});
