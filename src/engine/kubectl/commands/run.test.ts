import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, args: string[]) => runKubectl(sim, args);

describe('kubectl run', () => {
  it('generates the Pod kubectl generates', () => {
    const sim = newSim();
    expect(k(sim, ['run', 'web', '--image=nginx', '--dry-run=client', '-o', 'yaml']).stdout).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: web
  name: web
spec:
  containers:
  - image: nginx
    name: web
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`);
  });

  it('creates it with a port, labels, env, restart policy and arguments', () => {
    const sim = newSim();
    const r = k(sim, ['run', 'probe', '--image=nicolaka/netshoot:v0.13', '--port=8080', '--labels=app=probe,tier=debug', '--env=A=1', '--env=B=x=y', '--restart=Never', '--', 'sleep', '3600']);
    expect(r).toMatchObject({ stdout: 'pod/probe created\n', stderr: '', exitCode: 0 });
    const p = sim.api.get<Pod>('pods', 'default', 'probe')!;
    expect(p.metadata.labels).toEqual({ app: 'probe', tier: 'debug' });
    expect(p.spec.restartPolicy).toBe('Never');
    const c = p.spec.containers[0]!;
    expect([c.name, c.args, c.command, c.env, c.ports]).toEqual(['probe', ['sleep', '3600'], undefined, [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }], [{ containerPort: 8080, protocol: 'TCP' }]]);
  });

  it('--command puts the arguments in command', () => {
    const sim = newSim();
    k(sim, ['run', 'c', '--image=busybox', '--command', '--', 'sh', '-c', 'sleep 1d']);
    expect(sim.api.get<Pod>('pods', 'default', 'c')!.spec.containers[0]!.command).toEqual(['sh', '-c', 'sleep 1d']);
  });

  it('errors', () => {
    const sim = newSim();
    expect(k(sim, ['run', 'web']).stderr).toBe('error: required flag(s) "image" not set\n');
    expect(k(sim, ['run', '--image=nginx']).stderr).toBe("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n");
    expect(k(sim, ['run', 'web', '--image=Nginx']).stderr).toBe('error: Invalid image name "Nginx": invalid reference format\n');
    expect(k(sim, ['run', 'web', '--image=nginx', '--restart=Sometimes']).stderr).toBe("error: invalid restart policy: Sometimes\nSee 'kubectl run -h' for help and examples\n");
    expect(k(sim, ['run', 'web', '--image=nginx', '--env=1A=b']).stderr).toBe('error: invalid env: 1A=b\n');
    expect(k(sim, ['run', 'web', '--image=nginx', '--labels=a']).stderr).toBe('error: unexpected label spec: a\n');
    expect(k(sim, ['run', 'client', '--image=nginx']).stderr).toBe('Error from server (AlreadyExists): pods "client" already exists\n');
  });
});
