// Property: random and malformed command lines and manifests never throw out of the shell and
// never corrupt the API server's store.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../src/engine/api/resources.ts';
import type { KubeObject } from '../../src/engine/api/types.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { TestSim } from '../support/sim.ts';

const WORDS = [
  'kubectl', 'get', 'describe', 'apply', 'create', 'delete', 'scale', 'label', 'annotate', 'expose', 'run', 'rollout',
  'restart', 'status', 'cordon', 'uncordon', 'drain', 'api-resources', 'version', 'cluster-info', 'pods', 'po', 'svc',
  'deploy', 'deployment', 'rs', 'ds', 'ep', 'endpointslices', 'no', 'ns', 'all', 'auth-service', 'client', 'coredns',
  'kind-worker', 'default', 'kube-system', '-n', '-A', '-l', 'app=auth-service', 'app!=x', 'app in (a,b)', '-o', 'yaml',
  'json', 'wide', 'name', 'jsonpath={.items[*].metadata.name}', 'jsonpath={.x', 'custom-columns=N:.metadata.name',
  '--replicas=0', '--replicas=3', '--replicas=-1', '--replicas', 'x', '--image=nginx', '--port=80', '--type=NodePort',
  '--grace-period=0', '--force', '--overwrite', 'app-', 'tier=web', '--field-selector', 'metadata.name=client',
  '--show-labels', '-w', '--all', '-f', '-', '/nope.yaml', 'deployment', 'web', 'clusterip', '--tcp=80:8080',
  'journal', '--tail', '5', 'grep', '-c', 'Running', 'awk', "'{print $1}'", 'head', '-n', '2', 'sort', 'uniq', 'wc', '-l',
  'cut', '-d', ' ', '-f1', 'echo', '$?', '$(kubectl get pods -o name | head -1)', 'cat', '<<EOF', 'EOF', '|', '&&', '||', ';',
  '>', '/tmp/out', '>>', '"', "'", '\\', '$', '`', '(', ')', '{', '}', '*', '--', '-', '--help', '=', ',', '\n',
];

const MANIFESTS = [
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: s1\nspec:\n  selector:\n    app: auth-service\n  ports:\n  - port: 80\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d1\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: d1\n  template:\n    metadata:\n      labels:\n        app: d1\n    spec:\n      containers:\n      - name: c\n        image: nginx\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  containers:\n  - name: c\n    image: busybox\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n',
];

const manifestArb = fc.oneof(
  fc.constantFrom(...MANIFESTS),
  // Mutations: cut, duplicated, with stray characters, tabs, wrong indentation.
  fc.tuple(fc.constantFrom(...MANIFESTS), fc.nat(), fc.constantFrom(':', '\t', '  ', '-', '"', '{', '[', '\n---\n', 'kind: Foo\n', '')).map(
    ([m, at, junk]) => m.slice(0, at % (m.length + 1)) + junk + m.slice(at % (m.length + 1)),
  ),
  fc.string({ maxLength: 200 }),
);

const lineArb = fc.oneof(
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((w) => w.join(' ')),
  fc.string({ maxLength: 80 }),
  manifestArb.map((m) => `kubectl apply -f - <<EOF\n${m}\nEOF`),
  manifestArb.map((m) => `cat <<'EOF' > /tmp/m.yaml\n${m}\nEOF\nkubectl create -f /tmp/m.yaml`),
);

/** The shell turns an exception into "bash: internal error: …" to keep the terminal alive; here that is a bug. */
function noInternalError(chunks: { text: string }[]): void {
  const text = chunks.map((c) => c.text).join('');
  expect(text).not.toContain('internal error');
}

/** Invariants every stored object keeps, whatever was typed. */
function checkStore(sim: Simulation): void {
  const rv = sim.api.resourceVersion();
  const namespaces = new Set(sim.api.list('namespaces').map((n) => n.metadata.name));
  for (const r of RESOURCES) {
    for (const obj of sim.api.list<KubeObject>(r.resource)) {
      expect(obj.kind).toBe(r.kind);
      expect(obj.metadata.name).toBeTruthy();
      expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number(obj.metadata.resourceVersion)).toBeLessThanOrEqual(rv);
      if (r.namespaced) expect(namespaces.has(obj.metadata.namespace)).toBe(true);
      expect(() => JSON.stringify(obj)).not.toThrow();
    }
  }
  // The auth-service stays reachable to kubectl, whatever happened.
  expect(sim.api.get('namespaces', '', 'default')).toBeDefined();
}

describe('shell robustness', () => {
  it('never throws and keeps the store consistent over random sessions', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 5 }), (lines, seed) => {
        const t = new TestSim(seed);
        for (const line of lines) {
          const out = t.shell.execute(line);
          expect(typeof out.exitCode).toBe('number');
          noInternalError(out.chunks);
          t.sim.settle();
        }
        checkStore(t.sim);
        const get = t.shell.execute('kubectl get all -A');
        expect(get.exitCode).toBe(0);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });

  it('never throws on thousands of single random lines', () => {
    const t = new TestSim(3);
    fc.assert(
      fc.property(lineArb, (line) => {
        const out = t.shell.execute(line);
        expect(typeof out.exitCode).toBe('number');
        noInternalError(out.chunks);
        t.sim.settle();
      }),
      { numRuns: Number(process.env.PROPERTY_LINES ?? 4000) },
    );
    checkStore(t.sim);
  });
});
