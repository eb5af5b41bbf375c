import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';

// A cluster right after bootstrap (no settling): every object is known and 0s old, whatever
// the controllers do later.
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

const k = (sim: Simulation, line: string) => runKubectl(sim, line.split(' '));
const T = { actor: 'test', trusted: true };

function addNamespace(sim: Simulation, name: string): void {
  sim.api.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, T);
}

function headless(name: string, ns: string, labels: Record<string, string> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels }, spec: { clusterIP: 'None', selector: { app: name }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] } };
}

describe('kubectl get: messages and errors', () => {
  it('no type: the usage error', () => {
    const r = k(newSim(), 'get');
    expect(r).toEqual({
      stdout: '',
      stderr:
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\n' +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples\n",
      exitCode: 1,
    });
  });

  it('unknown type', () => {
    expect(k(newSim(), 'get foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
  });

  it('nothing found: namespaced, cluster-scoped and across namespaces', () => {
    const sim = newSim();
    expect(k(sim, 'get pods -n nope')).toEqual({ stdout: '', stderr: 'No resources found in nope namespace.\n', exitCode: 0 });
    expect(k(sim, 'get nodes -l x=y')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
    expect(k(sim, 'get pods -A -l x=y')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
  });

  it('NotFound: found objects still print, each missing one is an error line', () => {
    const r = k(newSim(), 'get svc kubernetes nope other');
    expect(r.stdout).toBe('NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n');
    expect(r.stderr).toBe('Error from server (NotFound): services "nope" not found\nError from server (NotFound): services "other" not found\n');
    expect(r.exitCode).toBe(1);
    expect(k(newSim(), 'get deploy nope').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(k(newSim(), 'get deploy nope --ignore-not-found')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('flag combinations kubectl rejects', () => {
    const sim = newSim();
    expect(k(sim, 'get pods x -A').stderr).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
    expect(k(sim, 'get pods -o yaml --show-labels').stderr).toBe('error: --show-labels option cannot be used with yaml printer\n');
    expect(k(sim, 'get pods --output-watch-events').stderr).toBe('error: --output-watch-events option can only be used with --watch or --watch-only\n');
    expect(k(sim, 'get svc -o foo').stderr).toBe(
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    );
    expect(k(sim, 'get svc -o jsonpath').stderr).toBe('error: template format specified but no template given\n');
    expect(k(sim, 'get svc -o custom-columns=').stderr).toBe('error: custom-columns format specified but no custom columns given\n');
  });

  it('selectors the server rejects: 400 BadRequest wrapped as kubectl prints it', () => {
    const sim = newSim();
    expect(k(sim, 'get svc --field-selector foo=bar')).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=services" that match label selector "", field selector "foo=bar": field label not supported: foo\n',
      exitCode: 1,
    });
    expect(k(sim, 'get deploy --field-selector spec.replicas=1').stderr).toBe(
      'Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector "", field selector "spec.replicas=1": "spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"\n',
    );
    expect(runKubectl(sim, ['get', 'pods', '-l', 'a in']).stderr).toMatch(/^Error from server \(BadRequest\): Unable to find "\/v1, Resource=pods" that match label selector "a in", field selector "": .+\n$/);
  });
});

describe('kubectl get: tables', () => {
  it('[KC-1] several types: one table each, kind/ names, a blank line between, the Endpoints warning first', () => {
    const r = k(newSim(), 'get svc,ep kubernetes');
    expect(r.stdout).toBe(
      'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n' +
        'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n' +
        '\n' +
        'NAME                   ENDPOINTS         AGE\n' +
        'endpoints/kubernetes   172.18.0.2:6443   0s\n',
    );
    expect(r.stderr).toBe('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n');
    expect(r.chunks?.[0]).toEqual({ fd: 2, text: r.stderr });
  });

  it('[KC-1] get all -A: the category members that have objects, grouped', () => {
    golden('get-all-A.txt', k(newSim(), 'get all -A').stdout);
  });

  it('[KC-1] --no-headers drops headers and the blank lines between groups', () => {
    const r = k(newSim(), 'get svc,ep kubernetes --no-headers');
    expect(r.stdout).toBe('service/kubernetes   ClusterIP   10.96.0.1   <none>   443/TCP   0s\nendpoints/kubernetes   172.18.0.2:6443   0s\n');
  });

  it('a pod with a full status, -o wide', () => {
    const sim = newSim();
    addNamespace(sim, 'test');
    const created = sim.api.create<Pod>('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'test' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } as Pod, T);
    if (!created.ok) throw new Error(created.status.message);
    const pod = created.object;
    const status: Pod['status'] = {
      phase: 'Running',
      hostIP: '172.18.0.3',
      podIP: '10.244.1.7',
      podIPs: [{ ip: '10.244.1.7' }],
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }],
      containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2026-11-21T09:00:00Z' } }, lastState: {} }],
    };
    sim.api.updateStatus('pods', { ...pod, spec: { ...pod.spec, nodeName: 'kind-worker' }, status }, T);
    expect(k(sim, 'get pods -n test -o wide').stdout).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n' + 'web    1/1     Running   0          0s    10.244.1.7   <none>   <none>           <none>\n',
    );
  });

  it('--sort-by orders rows by a JSONPath field', () => {
    const sim = newSim();
    const r = k(sim, 'get svc -A --sort-by=.spec.clusterIP -o custom-columns=NAME:.metadata.name,IP:.spec.clusterIP --no-headers');
    expect(r.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['kubernetes', 'kube-dns', 'auth-service', '']);
    expect(k(sim, 'get svc --sort-by=.spec.nothing').stderr).toBe('error: couldn\'t find any field with path "{.spec.nothing}" in the list of objects\n');
  });
});

describe('kubectl get: other output formats', () => {
  it('-o name', () => {
    const sim = newSim();
    expect(k(sim, 'get svc -o name').stdout).toBe('service/auth-service\nservice/kubernetes\n');
    expect(k(sim, 'get deploy,endpointslices -A -o name').stdout).toBe(
      'deployment.apps/auth-service\ndeployment.apps/coredns\ndeployment.apps/local-path-provisioner\nendpointslice.discovery.k8s.io/kubernetes\n',
    );
  });

  it('-o yaml: one object bare', () => {
    golden('get-svc-kubernetes.yaml', k(newSim(), 'get svc kubernetes -o yaml').stdout);
  });

  it('-o json: several objects as a List with an empty resourceVersion', () => {
    const out = k(newSim(), 'get svc kubernetes auth-service -o json').stdout;
    expect(out.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "apiVersion": "v1",\n            "kind": "Service",')).toBe(true);
    expect(out.endsWith('    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')).toBe(true);
  });

  it('-o yaml of an empty list query is an empty List', () => {
    expect(k(newSim(), 'get pods -n nope -o yaml')).toEqual({ stdout: 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n', stderr: '', exitCode: 0 });
  });

  it('-o jsonpath and custom-columns', () => {
    const sim = newSim();
    expect(runKubectl(sim, ['get', 'svc', '-o', 'jsonpath={.items[*].metadata.name}']).stdout).toBe('auth-service kubernetes');
    expect(runKubectl(sim, ['get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}']).stdout).toBe('10.96.0.1');
    expect(k(sim, 'get svc kubernetes -o custom-columns=NAME:.metadata.name,IP:.spec.clusterIP,X:.nope').stdout).toBe('NAME         IP          X\nkubernetes   10.96.0.1   <none>\n');
  });
});

describe('kubectl get --watch', () => {
  it('prints the table, then one row per change while the cluster settles (no repeated header)', () => {
    const sim = newSim();
    addNamespace(sim, 'w');
    sim.api.create('services', headless('a', 'w', { tier: 'x' }), T);
    sim.scheduler.after(1000, () => sim.api.create('services', headless('b', 'w'), T));
    sim.scheduler.after(2000, () => {
      const b = sim.api.get<Service>('services', 'w', 'b')!;
      sim.api.update('services', { ...b, metadata: { ...b.metadata, labels: { tier: 'x' } } }, T);
    });
    sim.scheduler.after(125_000, () => sim.api.delete('services', 'w', 'a', T));
    const r = k(sim, 'get svc -n w -w');
    expect(r.stdout).toBe(
      'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n' +
        'a      ClusterIP   None         <none>        80/TCP    0s\n' +
        'b      ClusterIP   None         <none>        80/TCP    0s\n' +
        'b      ClusterIP   None         <none>        80/TCP    1s\n' +
        'a      ClusterIP   None         <none>        80/TCP    2m5s\n',
    );
  });

  it('--watch-only with a selector: objects leaving the selector arrive as DELETED', () => {
    const sim = newSim();
    addNamespace(sim, 'w');
    sim.api.create('services', headless('a', 'w', { tier: 'x' }), T);
    sim.scheduler.after(1000, () => {
      const a = sim.api.get<Service>('services', 'w', 'a')!;
      sim.api.update('services', { ...a, metadata: { ...a.metadata, labels: { tier: 'y' } } }, T);
    });
    const r = k(sim, 'get svc -n w -l tier=x --watch-only --output-watch-events');
    expect(r.stdout).toBe('EVENT      NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nDELETED    a      ClusterIP   None         <none>        80/TCP    1s\n');
  });

  it('watching several types is an error', () => {
    expect(k(newSim(), 'get svc,ep -w').stderr).toBe('error: you may only specify a single resource type\n');
  });
});
