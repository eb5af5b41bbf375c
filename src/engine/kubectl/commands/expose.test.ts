import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));

describe('kubectl expose', () => {
  it('takes selector, port and labels from the deployment', () => {
    const sim = newSim();
    expect(k(sim, 'expose deployment auth-service --name=auth-dry --dry-run=client -o yaml').stdout).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: auth-service
  name: auth-dry
spec:
  ports:
  - port: 8080
    protocol: TCP
    targetPort: 8080
  selector:
    app: auth-service
status:
  loadBalancer: {}
`);
  });

  it('creates a service with --port, --target-port and --type', () => {
    const sim = newSim();
    expect(k(sim, 'expose deploy/auth-service --name=auth-np --port=80 --target-port=http --type=NodePort').stdout).toBe('service/auth-np exposed\n');
    const s = sim.api.get<Service>('services', 'default', 'auth-np')!;
    expect([s.spec.type, s.spec.selector, s.spec.ports!.map((p) => [p.name, p.port, p.targetPort, p.protocol])]).toEqual([
      'NodePort',
      { app: 'auth-service' },
      [[undefined, 80, 'http', 'TCP']],
    ]);
    expect(s.spec.ports![0]!.nodePort).toBeGreaterThanOrEqual(30000);
  });

  it('exposes a pod by its labels', () => {
    const sim = newSim();
    expect(k(sim, 'expose pod client --port=9000').stdout).toBe('service/client exposed\n');
    expect(sim.api.get<Service>('services', 'default', 'client')!.spec.selector).toEqual({ run: 'client' });
  });

  it('errors', () => {
    const sim = newSim();
    expect(k(sim, 'expose pod client').stderr).toBe("error: couldn't find port via --port flag or introspection\n");
    expect(k(sim, 'expose deployment auth-service').stderr).toBe('Error from server (AlreadyExists): services "auth-service" already exists\n');
    expect(k(sim, 'expose deployment nope --port=80').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(k(sim, 'expose deployment').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(k(sim, 'expose node kind-worker --port=80').stderr).toBe('error: cannot expose a Node\n');
    expect(k(sim, 'expose ds kube-proxy -n kube-system --port=80').stderr).toBe('error: cannot expose a DaemonSet.apps\n');
    expect(k(sim, 'expose deployment auth-service --name=x --session-affinity=Sticky').stderr).toBe('error: unknown session affinity: Sticky\n');
  });
});
