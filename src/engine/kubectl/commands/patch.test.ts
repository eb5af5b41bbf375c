import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment, Service } from '../../api/types.ts';
import { createSimulation, type Simulation } from '../../index.ts';
import { runKubectl } from '../testing.ts';
import { patchCommand } from './patch.ts';

function newSim(): Simulation {
  const r = createSimulation({ scenario: readFileSync('content/scenarios/default.yaml', 'utf8'), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

/** `kubectl patch …` with the patch text kept as one argument (no shell word splitting). */
const patch = (sim: Simulation, args: string[], files?: Record<string, string>) => runKubectl(sim, ['patch', ...args], files ? { files } : {});
const svc = (sim: Simulation) => sim.api.get<Service>('services', 'default', 'auth-service')!;
const deploy = (sim: Simulation) => sim.api.get<Deployment>('deployments', 'default', 'auth-service')!;
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

describe('kubectl patch: strategic merge patch (the default --type)', () => {
  it('changes a Service selector and reports `patched`; the same patch again is `patched (no change)`', () => {
    const sim = newSim();
    const p = ['svc', 'auth-service', '-p', '{"spec":{"selector":{"app":"other"}}}'];
    expect(patch(sim, p)).toMatchObject(ok('service/auth-service patched\n'));
    expect(svc(sim).spec.selector).toEqual({ app: 'other' });
    const rv = svc(sim).metadata.resourceVersion;
    expect(patch(sim, p)).toMatchObject(ok('service/auth-service patched (no change)\n'));
    expect(svc(sim).metadata.resourceVersion).toBe(rv);
  });

  it('merges containers by name and keeps the other fields of the container', () => {
    const sim = newSim();
    const before = deploy(sim).spec.template.spec.containers[0]!;
    const r = patch(sim, ['deployment', 'auth-service', '-p', `{"spec":{"template":{"spec":{"containers":[{"name":"${before.name}","image":"nginx:1.27"}]}}}}`]);
    expect(r).toMatchObject(ok('deployment.apps/auth-service patched\n'));
    const after = deploy(sim).spec.template.spec.containers;
    expect(after).toEqual([{ ...before, image: 'nginx:1.27' }]);
  });

  it('merges Service ports by port: a new targetPort for port 8080', () => {
    const sim = newSim();
    expect(patch(sim, ['svc/auth-service', '-p', '{"spec":{"ports":[{"port":8080,"targetPort":9090}]}}']).stdout).toBe('service/auth-service patched\n');
    expect(svc(sim).spec.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 9090 }]);
  });

  it('accepts the patch as YAML', () => {
    const sim = newSim();
    expect(patch(sim, ['deploy', 'auth-service', '-p', 'spec:\n  replicas: 4'])).toMatchObject(ok('deployment.apps/auth-service patched\n'));
    expect(deploy(sim).spec.replicas).toBe(4);
  });

  it('`$patch: delete` removes a list element by its merge key', () => {
    const sim = newSim();
    expect(patch(sim, ['svc', 'auth-service', '-p', '{"spec":{"ports":[{"port":9000,"name":"extra"}]}}']).exitCode).toBe(0);
    expect(svc(sim).spec.ports!.map((p) => p.port)).toEqual([9000, 8080]);
    expect(patch(sim, ['svc', 'auth-service', '-p', '{"spec":{"ports":[{"port":9000,"$patch":"delete"}]}}']).stdout).toBe('service/auth-service patched\n');
    expect(svc(sim).spec.ports!.map((p) => p.port)).toEqual([8080]);
  });

  it('a list element without its merge key is a server error without a reason', () => {
    const sim = newSim();
    expect(patch(sim, ['deploy', 'auth-service', '-p', '{"spec":{"template":{"spec":{"containers":[{"image":"nginx"}]}}}}'])).toMatchObject(
      err('Error from server: map: map[image:nginx] does not contain declared merge key: name\n'),
    );
  });
});

describe('kubectl patch --type=merge (RFC 7386)', () => {
  it('replaces lists whole and deletes keys set to null', () => {
    const sim = newSim();
    expect(patch(sim, ['deployment', 'auth-service', '--type=merge', '-p', '{"spec":{"replicas":5}}'])).toMatchObject(ok('deployment.apps/auth-service patched\n'));
    expect(deploy(sim).spec.replicas).toBe(5);
    expect(patch(sim, ['svc', 'auth-service', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":"web"}},"spec":{"ports":[{"port":80,"targetPort":8080}]}}']).exitCode).toBe(0);
    expect(svc(sim).spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
    expect(patch(sim, ['svc', 'auth-service', '--type=merge', '-p', '{"metadata":{"labels":{"tier":null}}}']).stdout).toBe('service/auth-service patched\n');
    expect(svc(sim).metadata.labels?.['tier']).toBeUndefined();
  });

  it('a patch that is not an object is refused while decoding', () => {
    expect(patch(newSim(), ['svc', 'auth-service', '--type=merge', '-p', '[1]'])).toMatchObject(
      err('Error from server (BadRequest): error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}\n'),
    );
  });
});

describe('kubectl patch --type=json (RFC 6902)', () => {
  it('replace /spec/ports/0/targetPort', () => {
    const sim = newSim();
    const r = patch(sim, ['svc', 'auth-service', '--type=json', '-p', '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8081}]']);
    expect(r).toMatchObject(ok('service/auth-service patched\n'));
    expect(svc(sim).spec.ports![0]!.targetPort).toBe(8081);
  });

  it('add, copy, move, remove and test in one patch', () => {
    const sim = newSim();
    const ops = [
      { op: 'add', path: '/metadata/labels/a', value: '1' },
      { op: 'copy', from: '/metadata/labels/a', path: '/metadata/labels/b' },
      { op: 'move', from: '/metadata/labels/b', path: '/metadata/labels/c' },
      { op: 'test', path: '/metadata/labels/c', value: '1' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/spec/ports/-', value: { name: 'x', port: 9000, targetPort: 9000 } },
    ];
    expect(patch(sim, ['svc', 'auth-service', '--type=json', '-p', JSON.stringify(ops)]).stdout).toBe('service/auth-service patched\n');
    expect(svc(sim).metadata.labels).toMatchObject({ c: '1' });
    expect(svc(sim).metadata.labels?.['a']).toBeUndefined();
    expect(svc(sim).spec.ports!.map((p) => p.port)).toEqual([8080, 9000]);
  });

  it('an operation that does not apply: the API server answers with its generic 422', () => {
    const sim = newSim();
    for (const op of ['{"op":"replace","path":"/spec/nope","value":1}', '{"op":"test","path":"/spec/type","value":"NodePort"}', '{"op":"remove","path":"/spec/ports/3"}']) {
      expect(patch(sim, ['svc', 'auth-service', '--type=json', '-p', `[${op}]`])).toMatchObject(err('The request is invalid: the server rejected our request due to an error in our request\n'));
    }
  });

  it('a patch that is not a list of operations is a BadRequest', () => {
    const sim = newSim();
    expect(patch(sim, ['svc', 'auth-service', '--type=json', '-p', '{"op":"add"}'])).toMatchObject(
      err('Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp\n'),
    );
    expect(patch(sim, ['svc', 'auth-service', '--type=json', '-p', '[{"op":"add","path":1}]'])).toMatchObject(
      err('Error from server (BadRequest): error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string\n'),
    );
  });

  it('--dry-run=client applies it locally, with json-patch\'s own error texts', () => {
    const sim = newSim();
    expect(patch(sim, ['svc', 'auth-service', '--type=json', '--dry-run=client', '-p', '[{"op":"replace","path":"/spec/nope","value":1}]'])).toMatchObject(
      err('error: Object to be patched is missing field (/spec/nope: missing value)\n'),
    );
  });
});

describe('kubectl patch: dry runs, output, -f and --patch-file', () => {
  it('--dry-run=client and --dry-run=server change nothing', () => {
    const sim = newSim();
    const p = ['deploy', 'auth-service', '-p', '{"spec":{"replicas":7}}'];
    expect(patch(sim, [...p, '--dry-run=client']).stdout).toBe('deployment.apps/auth-service patched (dry run)\n');
    expect(patch(sim, [...p, '--dry-run=server']).stdout).toBe('deployment.apps/auth-service patched (server dry run)\n');
    expect(deploy(sim).spec.replicas).toBe(3);
  });

  it('-o name and -o jsonpath print the patched object', () => {
    const sim = newSim();
    expect(patch(sim, ['svc', 'auth-service', '-p', '{"spec":{"selector":{"app":"x"}}}', '-o', 'name']).stdout).toBe('service/auth-service\n');
    expect(patch(sim, ['svc', 'auth-service', '-p', '{"spec":{"selector":{"app":"y"}}}', '-o', 'jsonpath={.spec.selector.app}']).stdout).toBe('y');
  });

  it('-f names the object; --patch-file holds the patch', () => {
    const sim = newSim();
    const files = { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: auth-service\n', 'p.yaml': 'spec:\n  selector:\n    app: from-file\n' };
    expect(patch(sim, ['-f', 'svc.yaml', '--patch-file', 'p.yaml'], files)).toMatchObject(ok('service/auth-service patched\n'));
    expect(svc(sim).spec.selector).toEqual({ app: 'from-file' });
    expect(patch(sim, ['svc', 'auth-service', '--patch-file', 'nope.yaml'], files)).toMatchObject(err('error: unable to read patch file: open nope.yaml: no such file or directory\n'));
  });

  it('--local patches the file\'s object and prints it', () => {
    const sim = newSim();
    const files = { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: a\n' };
    expect(patch(sim, ['-f', 'svc.yaml', '--local', '-p', '{"spec":{"selector":{"app":"b"}}}', '-o', 'jsonpath={.spec.selector.app}'], files).stdout).toBe('b');
    expect(patch(sim, ['svc', 's', '--local', '-p', '{}'])).toMatchObject(err('error: cannot specify --local and server resources\n'));
  });
});

describe('kubectl patch: errors', () => {
  const sim = newSim();
  const cases: [string, string[], string][] = [
    ['no patch', ['svc', 'auth-service'], 'error: must specify --patch or --patch-file containing the contents of the patch\n'],
    ['both patch flags', ['svc', 'auth-service', '-p', '{}', '--patch-file', 'x'], 'error: cannot specify --patch and --patch-file together\n'],
    ['unknown --type', ['svc', 'auth-service', '--type=foo', '-p', '{}'], 'error: --type must be one of [json merge strategic], not "foo"\n'],
    ['missing object', ['svc', 'x', '-p', '{}'], 'Error from server (NotFound): services "x" not found\n'],
    ['bad YAML (parsed by kubectl)', ['svc', 'auth-service', '-p', 'a: b: c'], 'error: unable to parse "a: b: c": yaml: mapping values are not allowed in this context\n'],
    ['bad JSON (parsed by the server)', ['svc', 'auth-service', '-p', '{"spec":'], 'Error from server (BadRequest): unexpected end of JSON input\n'],
    ['bad JSON character', ['svc', 'auth-service', '-p', "{'spec':1}"], "Error from server (BadRequest): invalid character '\\'' looking for beginning of object key string\n"],
    ['no name', ['svc', '-p', '{}'], 'error: resource(s) were provided, but no name was specified\n'],
    ['--local with --dry-run=server', ['-f', 'x.yaml', '--local', '--dry-run=server', '-p', '{}'], 'error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n'],
    ['patch renames the object', ['svc', 'auth-service', '--type=merge', '-p', '{"metadata":{"name":"other"}}'], 'Error from server (BadRequest): the name of the object (other) does not match the name on the URL (auth-service)\n'],
  ];
  for (const [name, args, stderr] of cases) it(name, () => expect(patch(sim, args)).toMatchObject(err(stderr)));

  it('validation errors are printed as `kubectl apply` prints them', () => {
    expect(patch(newSim(), ['svc', 'auth-service', '-p', 'spec: {type: Foo}'])).toMatchObject(
      err('The Service "auth-service" is invalid: spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n'),
    );
  });
});

describe('kubectl patch of several objects', () => {
  it('patches the ones that exist and reports the missing one at the end (ContinueOnError)', () => {
    const sim = newSim();
    const r = patch(sim, ['svc', 'auth-service', 'nope', 'kubernetes', '--type=merge', '-p', '{"metadata":{"labels":{"x":"y"}}}']);
    expect(r).toMatchObject({
      stdout: 'service/auth-service patched\nservice/kubernetes patched\n',
      stderr: 'Error from server (NotFound): services "nope" not found\n',
      exitCode: 1,
    });
  });
});

describe('kubectl patch --help and completion', () => {
  it('completes resource types, then names', () => {
    const sim = newSim();
    expect(patchCommand.complete!(['svc', ''], sim)).toEqual(['auth-service', 'kubernetes']);
    expect(patchCommand.complete!(['deployment/a'], sim)).toEqual(['deployment/auth-service']);
  });

  it('kubectl patch --help (golden)', () => {
    const path = 'test/fixtures/kubectl-write/help-patch.txt';
    const r = runKubectl(newSim(), ['patch', '--help']);
    if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) writeFileSync(path, r.stdout);
    expect(r).toMatchObject(ok(readFileSync(path, 'utf8')));
  });
});
