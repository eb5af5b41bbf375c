import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment, Service } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { LAST_APPLIED } from '../mutate/lastApplied.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string, files: Record<string, string> = {}) =>
  runKubectl(sim, line.split(' '), { files: Object.fromEntries(Object.entries(files).map(([p, t]) => [`/root/${p}`, t])) });

describe('kubectl create -f', () => {
  const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n';

  it('creates each object; AlreadyExists names the file', () => {
    const sim = newSim();
    expect(k(sim, 'create -f svc.yaml', { 'svc.yaml': svc })).toMatchObject({ stdout: 'service/web created\n', exitCode: 0 });
    expect(sim.api.get('services', 'default', 'web')!.metadata.annotations).toBeUndefined();
    expect(k(sim, 'create -f svc.yaml', { 'svc.yaml': svc })).toMatchObject({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): error when creating "svc.yaml": services "web" already exists\n',
      exitCode: 1,
    });
  });

  it('keeps going after a failed object and prints every error at the end', () => {
    const sim = newSim();
    k(sim, 'create -f svc.yaml', { 'svc.yaml': svc });
    const r = k(sim, 'create -f all.yaml', { 'all.yaml': `${svc}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n` });
    expect(r.stdout).toBe('namespace/team-a created\n');
    expect(r.stderr).toBe('Error from server (AlreadyExists): error when creating "all.yaml": services "web" already exists\n');
  });

  it('--save-config stores the last-applied annotation', () => {
    const sim = newSim();
    k(sim, 'create -f svc.yaml --save-config', { 'svc.yaml': svc });
    expect(sim.api.get('services', 'default', 'web')!.metadata.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"ports":[{"port":80}]}}\n',
    );
  });

  it('errors without -f, with arguments, and for an unknown subcommand', () => {
    const sim = newSim();
    expect(k(sim, 'create').stderr).toBe('error: must specify one of -f and -k\n');
    expect(k(sim, 'create foo').stderr).toBe("error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n");
  });
});

describe('kubectl create deployment', () => {
  it('generates the Deployment kubectl generates', () => {
    const sim = newSim();
    const r = k(sim, 'create deployment web --image=nginx:1.27 --dry-run=client -o yaml');
    expect(r.stdout).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.27
        name: nginx
        resources: {}
status: {}
`);
  });

  it('creates it with --replicas, --port and a command after --', () => {
    const sim = newSim();
    expect(k(sim, 'create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.53 -r 2 --port=8080 -- /agnhost netexec').stdout).toBe(
      'deployment.apps/web created\n',
    );
    const d = sim.api.get<Deployment>('deployments', 'default', 'web')!;
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    const c = d.spec.template.spec.containers[0]!;
    expect([c.name, c.image, c.command, c.ports]).toEqual(['agnhost', 'registry.k8s.io/e2e-test-images/agnhost:2.53', ['/agnhost', 'netexec'], [{ containerPort: 8080, protocol: 'TCP' }]]);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  });

  it('puts the namespace in the dry-run object only when -n is given', () => {
    const sim = newSim();
    expect(k(sim, 'create deploy web --image=nginx -n kube-system --dry-run=client -o yaml').stdout).toContain('  name: web\n  namespace: kube-system\n');
  });

  it('errors', () => {
    const sim = newSim();
    expect(k(sim, 'create deployment web').stderr).toBe('error: required flag(s) "image" not set\n');
    expect(k(sim, 'create deployment --image=nginx').stderr).toBe("error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n");
    expect(k(sim, 'create deployment a b --image=nginx').stderr).toBe("error: exactly one NAME is required, got 2\nSee 'kubectl create deployment -h' for help and examples\n");
    expect(k(sim, 'create deployment web --image=a --image=b -- sleep').stderr).toBe('error: cannot specify multiple --image options and command\n');
    expect(k(sim, 'create deployment auth-service --image=nginx').stderr).toBe('error: failed to create deployment: deployments.apps "auth-service" already exists\n');
    expect(k(sim, 'create deployment web --image=nginx --tcp=80').stderr).toBe("error: unknown flag: --tcp\nSee 'kubectl create deployment --help' for usage.\n");
  });
});

describe('kubectl create service', () => {
  it('clusterip: ports named after the pair, selector app=NAME', () => {
    const sim = newSim();
    expect(k(sim, 'create service clusterip web --tcp=80:8080 --dry-run=client -o yaml').stdout).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  type: ClusterIP
status:
  loadBalancer: {}
`);
    expect(k(sim, 'create svc clusterip web --tcp=80:8080,443:https').stdout).toBe('service/web created\n');
    const s = sim.api.get<Service>('services', 'default', 'web')!;
    expect(s.spec.ports!.map((p) => [p.name, p.port, p.targetPort])).toEqual([
      ['80-8080', 80, 8080],
      ['443-https', 443, 'https'],
    ]);
  });

  it('nodeport with --node-port', () => {
    const sim = newSim();
    expect(k(sim, 'create service nodeport web --tcp=80 --node-port=30080').stdout).toBe('service/web created\n');
    const s = sim.api.get<Service>('services', 'default', 'web')!;
    expect([s.spec.type, s.spec.ports![0]!.nodePort, s.spec.ports![0]!.name, s.spec.ports![0]!.targetPort]).toEqual(['NodePort', 30080, '80', 80]);
  });

  it('headless clusterip needs no port', () => {
    const sim = newSim();
    expect(k(sim, 'create service clusterip db --clusterip=None').stdout).toBe('service/db created\n');
    expect(sim.api.get<Service>('services', 'default', 'db')!.spec.clusterIP).toBe('None');
  });

  it('errors', () => {
    const sim = newSim();
    expect(k(sim, 'create service clusterip web').stderr).toBe('error: at least one tcp port specifier must be provided\n');
    expect(k(sim, 'create service clusterip web --tcp=x:80').stderr).toBe('error: strconv.ParseUint: parsing "x": invalid syntax\n');
    expect(k(sim, 'create service clusterip web --tcp=80:0').stderr).toBe('error: must be between 1 and 65535, inclusive\n');
    expect(k(sim, 'create service clusterip auth-service --tcp=80').stderr).toBe('error: failed to create ClusterIP service: services "auth-service" already exists\n');
    expect(k(sim, 'create service foo').stderr).toBe("error: unknown command \"foo\"\nSee 'kubectl create service -h' for help and examples\n");
    const bare = k(sim, 'create service');
    expect(bare.exitCode).toBe(1);
    expect(bare.stderr).toContain('Available Commands:\n  clusterip      Create a ClusterIP service\n');
  });
});

describe('kubectl create namespace', () => {
  it('creates it, and reports an existing one as the API server does', () => {
    const sim = newSim();
    expect(k(sim, 'create namespace team-a').stdout).toBe('namespace/team-a created\n');
    expect(k(sim, 'create ns team-a').stderr).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists\n');
    expect(k(sim, 'create ns team-b --dry-run=client -o yaml').stdout).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: team-b\nspec: {}\nstatus: {}\n');
  });
});
