import { describe, expect, it } from 'vitest';
import { categoryAll, parseResourceArgs, resolveTypeOrError } from './resourceArgs.ts';

const summary = (args: string[], selector = false) => {
  const r = parseResourceArgs(args, undefined, { selector });
  if (!r.ok) return r.error;
  return `${r.mode}${r.singleItemImplied ? '(single)' : ''}: ${r.refs.map((x) => (x.name === undefined ? x.info.resource : `${x.info.resource}/${x.name}`)).join(' ')}`;
};

describe('parseResourceArgs (resource.Builder)', () => {
  it('TYPE, short names, kinds and group-qualified types', () => {
    expect(summary(['po'])).toBe('list: pods');
    expect(summary(['Deployment'])).toBe('list: deployments');
    expect(summary(['deployments.v1.apps'])).toBe('list: deployments');
    expect(summary(['svc,ep'])).toBe('list: services endpoints');
    expect(summary(['pods,po'])).toBe('list: pods');
  });

  it('`all` expands to the members of the category, in discovery order', () => {
    expect(categoryAll()).toEqual(['pods', 'services', 'daemonsets.apps', 'deployments.apps', 'replicasets.apps']);
    expect(summary(['all'])).toBe('list: pods services daemonsets deployments replicasets');
  });

  it('TYPE NAME…, TYPE/NAME…, and TYPE1,TYPE2 NAME (one tuple per type)', () => {
    expect(summary(['pods', 'a'])).toBe('names(single): pods/a');
    expect(summary(['pods', 'a', 'b'])).toBe('names: pods/a pods/b');
    expect(summary(['pod/a', 'svc/b'])).toBe('names: pods/a services/b');
    expect(summary(['svc,ep', 'kubernetes'])).toBe('names: services/kubernetes endpoints/kubernetes');
  });

  it('the errors kubectl prints for malformed arguments', () => {
    expect(summary(['pods', 'x/y'])).toBe(
      "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
    expect(summary(['a/b/c'])).toBe('error: arguments in resource/name form may not have more than one slash');
    expect(summary(['pods/'])).toBe('error: arguments in resource/name form must have a single resource and name');
    expect(summary(['pods', 'x'], true)).toBe('error: name cannot be provided when a selector is specified');
    expect(summary(['pods/x'], true)).toBe('error: selectors and the all flag cannot be used when passing resource/name arguments');
    expect(summary(['all', 'x'])).toBe('error: you must specify only one resource');
  });

  it('unknown types: `the server doesn\'t have a resource type`', () => {
    expect(summary(['foo'])).toBe('error: the server doesn\'t have a resource type "foo"');
    expect(summary(['pods,foo.bar'])).toBe('error: the server doesn\'t have a resource type "foo"');
    expect(summary(['foo/x'])).toBe('error: the server doesn\'t have a resource type "foo"');
    expect(resolveTypeOrError('no')).toMatchObject({ ok: true, info: { resource: 'nodes' } });
  });
});
