// Field selectors: parsing per k8s.io/apimachinery v0.33 pkg/fields (selector_test.go cases),
// field label conversion per pkg/apis/core/v1/conversion.go, values per the registries'
// ToSelectableFields. Parse results and errors were checked against the Go code.
import { describe, expect, it } from 'vitest';
import { compileFieldSelector, convertFieldLabel, escapeFieldValue, fieldsFor, parseFieldSelector } from './fields.ts';
import { listSelectorError } from './labels.ts';
import type { KubeObject } from './types.ts';

function str(text: string): string {
  const r = parseFieldSelector(text);
  return r.ok ? r.selector.toString() : `ERROR ${r.error}`;
}

describe('parseFieldSelector', () => {
  it('[TestSelectorParse] terms are sorted; == prints as =', () => {
    expect(str('')).toBe('');
    expect(str('a=b,c!=d,e==f')).toBe('a=b,c!=d,e=f');
    expect(str('z=1,a=2')).toBe('a=2,z=1');
    expect(str('status.phase=Running,spec.nodeName=node-1')).toBe('spec.nodeName=node-1,status.phase=Running');
    expect(str('a=b,')).toBe('a=b');
    expect(str('a=b,,c=d')).toBe('a=b,c=d');
    expect(str('a=')).toBe('a=');
    expect(str('=b')).toBe('=b');
  });

  it('[TestSelectorParse] errors', () => {
    expect(str('foo')).toBe("ERROR invalid selector: 'foo'; can't understand 'foo'");
    expect(str('a<b')).toBe("ERROR invalid selector: 'a<b'; can't understand 'a<b'");
    expect(str('a=b=c')).toBe('ERROR invalid field selector: unescaped character in value: 61');
    expect(str('x!==y')).toBe('ERROR invalid field selector: unescaped character in value: 61');
    expect(str('a=b\\')).toBe('ERROR invalid field selector: invalid escape sequence: \\');
    expect(str('a=b\\x')).toBe('ERROR invalid field selector: invalid escape sequence: \\x');
  });

  it('[TestEscapeValue] escapes round-trip', () => {
    expect(str('a=b\\=c')).toBe('a=b\\=c');
    expect(str('a=b\\,c,d=e')).toBe('a=b\\,c,d=e');
    expect(escapeFieldValue('a\\b,c=d')).toBe('a\\\\b\\,c\\=d');
    const r = parseFieldSelector('a=b\\,c');
    expect(r.ok && r.selector.requirements).toEqual([{ field: 'a', operator: '=', value: 'b,c' }]);
  });

  it('matches: a missing field reads as ""', () => {
    const r = parseFieldSelector('spec.nodeName=,status.phase!=Failed');
    if (!r.ok) throw new Error(r.error);
    expect(r.selector.matches({ 'spec.nodeName': '', 'status.phase': 'Pending' })).toBe(true);
    expect(r.selector.matches({})).toBe(true);
    expect(r.selector.matches({ 'spec.nodeName': 'n1' })).toBe(false);
    expect(r.selector.requiresExactMatch('spec.nodeName')).toBe('');
  });
});

describe('field labels per kind', () => {
  it('pods accept their documented fields; spec.host is renamed', () => {
    expect(convertFieldLabel('Pod', 'status.podIP')).toEqual({ ok: true, label: 'status.podIP' });
    expect(convertFieldLabel('Pod', 'spec.host')).toEqual({ ok: true, label: 'spec.nodeName' });
    expect(convertFieldLabel('Pod', 'foo')).toEqual({ ok: false, error: 'field label not supported: foo' });
  });

  it('nodes and namespaces reject metadata.namespace', () => {
    expect(convertFieldLabel('Node', 'metadata.namespace')).toEqual({ ok: false, error: 'field label not supported: metadata.namespace' });
    expect(convertFieldLabel('Node', 'spec.unschedulable')).toEqual({ ok: true, label: 'spec.unschedulable' });
    expect(convertFieldLabel('Namespace', 'status.phase')).toEqual({ ok: true, label: 'status.phase' });
  });

  it('kinds without a conversion func use the default (kubernetes#135136: ReplicaSet status.replicas)', () => {
    expect(convertFieldLabel('ReplicaSet', 'status.replicas')).toEqual({
      ok: false,
      error: '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
    expect(convertFieldLabel('EndpointSlice', 'metadata.name')).toEqual({ ok: true, label: 'metadata.name' });
  });

  it('compileFieldSelector + kubectl wrapping', () => {
    const r = compileFieldSelector('Pod', 'foo=bar');
    expect(r).toEqual({ ok: false, error: 'field label not supported: foo' });
    if (r.ok) return;
    expect(`Error from server (BadRequest): ${listSelectorError('/v1, Resource=pods', '', 'foo=bar', r.error)}`).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo',
    );
    // the first failing term in sorted order
    expect(compileFieldSelector('Service', 'z=1,spec.type=ClusterIP,b=2')).toEqual({ ok: false, error: 'field label not supported: b' });
    const ok = compileFieldSelector('Pod', 'spec.host=n1');
    expect(ok.ok && ok.selector.toString()).toBe('spec.nodeName=n1');
  });
});

describe('fieldsFor', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { containers: [], nodeName: 'node-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
    status: { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }] },
  } as KubeObject;

  it('pod fields (podIP is the first of status.podIPs; podIPs itself is not in the set)', () => {
    expect(fieldsFor('Pod', pod)).toEqual({
      'metadata.name': 'web-1',
      'metadata.namespace': 'default',
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.5',
      'status.nominatedNodeName': '',
    });
    const sel = compileFieldSelector('Pod', 'status.podIPs=10.0.0.5');
    expect(sel.ok && sel.selector.matches(fieldsFor('Pod', pod))).toBe(false);
  });

  it('node, service, default kinds', () => {
    expect(fieldsFor('Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true } })).toEqual({
      'metadata.name': 'n1',
      'spec.unschedulable': 'true',
    });
    expect(fieldsFor('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'd' }, spec: { clusterIP: '10.96.0.10', type: 'ClusterIP' } })).toEqual({
      'metadata.name': 's',
      'metadata.namespace': 'd',
      'spec.clusterIP': '10.96.0.10',
      'spec.type': 'ClusterIP',
    });
    expect(fieldsFor('EndpointSlice', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e', namespace: 'd' } })).toEqual({
      'metadata.name': 'e',
      'metadata.namespace': 'd',
    });
  });

  it('events: source falls back to reportingComponent', () => {
    const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'd' }, involvedObject: { kind: 'Pod', name: 'web-1' }, reason: 'Started', type: 'Normal', reportingComponent: 'kubelet' } as KubeObject;
    const f = fieldsFor('Event', ev);
    expect([f['involvedObject.kind'], f['involvedObject.name'], f['reason'], f['source'], f['type']]).toEqual(['Pod', 'web-1', 'Started', 'kubelet', 'Normal']);
  });
});
