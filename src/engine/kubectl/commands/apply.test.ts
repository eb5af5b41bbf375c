import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { LAST_APPLIED } from '../mutate/lastApplied.ts';
import { runKubectl } from '../testing.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const k = (sim: Simulation, line: string, files: Record<string, string> = {}, stdin?: string) =>
  runKubectl(sim, line.split(' '), { files: Object.fromEntries(Object.entries(files).map(([p, t]) => [`/root/${p}`, t])), ...(stdin !== undefined ? { stdin } : {}) });

const svc = (port: number, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
${extra}spec:
  selector:
    app: web
  ports:
  - name: http
    port: ${port}
    targetPort: 8080
`;

describe('kubectl apply', () => {
  it('creates, then reports unchanged, then configured', () => {
    const sim = newSim();
    expect(k(sim, 'apply -f svc.yaml', { 'svc.yaml': svc(80) })).toMatchObject({ stdout: 'service/web created\n', stderr: '', exitCode: 0 });
    expect(k(sim, 'apply -f svc.yaml', { 'svc.yaml': svc(80) }).stdout).toBe('service/web unchanged\n');
    expect(k(sim, 'apply -f svc.yaml', { 'svc.yaml': svc(81) }).stdout).toBe('service/web configured\n');
    const live = sim.api.get<Service>('services', 'default', 'web')!;
    expect(live.spec.ports).toEqual([{ name: 'http', port: 81, targetPort: 8080, protocol: 'TCP' }]);
    expect(live.metadata.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"ports":[{"name":"http","port":81,"targetPort":8080}],"selector":{"app":"web"}}}\n',
    );
  });

  it('removes what the configuration dropped and keeps what others set', () => {
    const sim = newSim();
    k(sim, 'apply -f svc.yaml', { 'svc.yaml': svc(80, '  labels:\n    app: web\n    tier: front\n') });
    expect(k(sim, 'label svc web owner=ops').stdout).toBe('service/web labeled\n');
    expect(k(sim, 'apply -f svc.yaml', { 'svc.yaml': svc(80, '  labels:\n    app: web\n') }).stdout).toBe('service/web configured\n');
    expect(sim.api.get('services', 'default', 'web')!.metadata.labels).toEqual({ app: 'web', owner: 'ops' });
    // Dropping the whole map deletes it, labels added by others included (patch `labels: null`).
    expect(k(sim, 'apply -f svc.yaml', { 'svc.yaml': svc(80) }).stdout).toBe('service/web configured\n');
    expect(sim.api.get('services', 'default', 'web')!.metadata.labels).toBeUndefined();
  });

  it('warns when the live object was not created by apply, then patches the annotation in', () => {
    const sim = newSim();
    k(sim, 'create -f svc.yaml', { 'svc.yaml': svc(80) });
    const r = k(sim, 'apply -f svc.yaml', { 'svc.yaml': svc(80) });
    expect(r.stderr).toBe(
      'Warning: resource services/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
    expect(r.stdout).toBe('service/web configured\n');
    expect(sim.api.get('services', 'default', 'web')!.metadata.annotations?.[LAST_APPLIED]).toContain('"name":"web"');
  });

  it('applies several documents and several files, naming kinds with their groups', () => {
    const sim = newSim();
    const dep = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;
    const r = k(sim, 'apply -f dep.yaml -f svc.yaml', { 'dep.yaml': `${dep}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n`, 'svc.yaml': svc(80) });
    expect(r.stdout).toBe('deployment.apps/web created\nnamespace/team-a created\nservice/web created\n');
    expect(k(sim, 'apply -f dep.yaml,svc.yaml -o name', { 'dep.yaml': dep, 'svc.yaml': svc(80) }).stdout).toBe('deployment.apps/web\nservice/web\n');
  });

  it('reads stdin with -f -', () => {
    const sim = newSim();
    expect(k(sim, 'apply -f -', {}, svc(80)).stdout).toBe('service/web created\n');
  });

  it('--dry-run=client prints without writing; -o yaml prints the object with its annotation', () => {
    const sim = newSim();
    expect(k(sim, 'apply -f svc.yaml --dry-run=client', { 'svc.yaml': svc(80) }).stdout).toBe('service/web created (dry run)\n');
    expect(sim.api.get('services', 'default', 'web')).toBeUndefined();
    expect(k(sim, 'apply -f svc.yaml --dry-run=server', { 'svc.yaml': svc(80) }).stdout).toBe('service/web created (server dry run)\n');
    expect(sim.api.get('services', 'default', 'web')).toBeUndefined();
    const yaml = k(sim, 'apply -f svc.yaml --dry-run=client -o yaml', { 'svc.yaml': svc(80) }).stdout;
    expect(yaml).toBe(`apiVersion: v1
kind: Service
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"ports":[{"name":"http","port":80,"targetPort":8080}],"selector":{"app":"web"}}}
  name: web
  namespace: default
spec:
  ports:
  - name: http
    port: 80
    targetPort: 8080
  selector:
    app: web
`);
  });

  it('errors as kubectl prints them', () => {
    const sim = newSim();
    expect(k(sim, 'apply')).toMatchObject({ stderr: 'error: must specify one of -f and -k\n', exitCode: 1 });
    expect(k(sim, 'apply -f nope.yaml').stderr).toBe('error: the path "nope.yaml" does not exist\n');
    expect(k(sim, 'apply -f a.yaml -f b.yaml').stderr).toBe('the path "a.yaml" does not exist\nthe path "b.yaml" does not exist\n');
    expect(k(sim, 'apply -f svc.yaml extra', { 'svc.yaml': svc(80) }).stderr).toBe("error: Unexpected args: [extra]\nSee 'kubectl apply -h' for help and examples\n");
    expect(k(sim, 'apply -f x.yaml', { 'x.yaml': 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: f\n' }).stderr).toBe(
      'error: resource mapping not found for name: "f" namespace: "" from "x.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
    );
    expect(k(sim, 'apply -f x.yaml', { 'x.yaml': 'apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: f\n' }).stderr).toContain(
      'no matches for kind "Deployment" in version "apps/v1beta1"',
    );
    expect(k(sim, 'apply -n kube-system -f svc.yaml', { 'svc.yaml': svc(80, '  namespace: default\n') }).stderr).toBe(
      "error: the namespace from the provided object \"default\" does not match the namespace \"kube-system\". You must pass '--namespace=default' to perform this operation.\n",
    );
    expect(k(sim, 'apply -f svc.yaml', { 'svc.yaml': svc(0) }).stderr).toBe(
      'The Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n',
    );
  });

  it('applies the good objects and reports the bad ones at the end', () => {
    const sim = newSim();
    const r = k(sim, 'apply -f x.yaml', { 'x.yaml': `${svc(80)}---\napiVersion: v1\nkind: Foo\nmetadata:\n  name: f\n` });
    expect(r.stdout).toBe('service/web created\n');
    expect(r.stderr).toBe('error: resource mapping not found for name: "f" namespace: "" from "x.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n');
    expect(r.exitCode).toBe(1);
  });

  it('-l applies only the objects whose labels match', () => {
    const sim = newSim();
    const r = k(sim, 'apply -f x.yaml -l tier=front', { 'x.yaml': `${svc(80, '  labels:\n    tier: front\n')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n` });
    expect(r.stdout).toBe('service/web created\n');
    expect(sim.api.get('namespaces', '', 'other')).toBeUndefined();
  });
});
