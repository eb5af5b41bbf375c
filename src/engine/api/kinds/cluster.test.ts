import { describe, expect, it } from 'vitest';
import { formatInvalid } from '../fieldErrors.ts';
import type { EndpointSlice, KubeObject } from '../types.ts';
import { createStrategies } from './index.ts';
import { create, created, rejected, testContext, update } from './testkit.ts';

const s = () => createStrategies({ serviceCIDR: '10.96.0.0/12', nodePortRange: [30000, 32767] });

describe('Namespaces', () => {
  it('get the name label, the kubernetes finalizer and phase Active', () => {
    const ns = created(s().namespaces!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } }, testContext(), false);
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'demo' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.namespace).toBeUndefined();
  });

  it('spec.finalizers cannot be edited, except by the namespace controller once deleting', () => {
    const st = s().namespaces!;
    const ns = created(st, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } }, testContext(), false);
    const edited = structuredClone(ns);
    (edited.spec as { finalizers: string[] }).finalizers = [];
    const r = update(st, edited, ns, testContext());
    expect(r.ok && r.object.spec).toEqual({ finalizers: ['kubernetes'] });
    const deleting = { ...ns, metadata: { ...ns.metadata, deletionTimestamp: '2026-01-15T09:01:00Z' } };
    const r2 = update(st, { ...edited, metadata: deleting.metadata }, deleting, testContext());
    expect(r2.ok && r2.object.spec).toEqual({ finalizers: [] });
  });

  it('names are DNS-1123 labels', () => {
    const errs = rejected(create(s().namespaces!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } }, testContext(), false));
    expect(formatInvalid('Namespace', 'team.a', errs)).toBe('Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots');
  });

  it('labels are validated with the real messages', () => {
    const errs = rejected(create(s().namespaces!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { 'bad key': 'v' } } }, testContext(), false));
    expect(formatInvalid('Namespace', 'a', errs)).toBe(
      `Namespace "a" is invalid: metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  });
});

describe('Nodes', () => {
  it('keep their status on create; allocatable defaults to capacity; podCIDR mirrors podCIDRs', () => {
    const node = created(
      s().nodes!,
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kind-worker' }, spec: { podCIDR: '10.244.1.0/24' }, status: { capacity: { cpu: '8', pods: '110' } } },
      testContext(),
      false,
    );
    expect(node.spec).toEqual({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
    expect(node.status).toEqual({ capacity: { cpu: '8', pods: '110' }, allocatable: { cpu: '8', pods: '110' } });
  });

  it('taint effects are enumerated; podCIDRs may not change', () => {
    const bad = rejected(create(s().nodes!, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { taints: [{ key: 'k', effect: 'Never' }] }, status: {} }, testContext(), false));
    expect(formatInvalid('Node', 'n', bad)).toBe('Node "n" is invalid: metadata.taints[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"');
    const st = s().nodes!;
    const node = created(st, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { podCIDRs: ['10.244.1.0/24'] }, status: {} }, testContext(), false);
    const next = structuredClone(node);
    (next.spec as { podCIDRs: string[] }).podCIDRs = ['10.244.2.0/24'];
    (next.spec as { podCIDR: string }).podCIDR = '10.244.2.0/24';
    expect(formatInvalid('Node', 'n', rejected(update(st, next, node, testContext())))).toBe(
      'Node "n" is invalid: spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    );
  });
});

const slice = (extra: Partial<EndpointSlice> = {}): KubeObject => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'web-abcde', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true } }],
  ports: [{ port: 80 }],
  ...extra,
});

describe('EndpointSlices', () => {
  it('ports get name "" and TCP; generation starts at 1 and counts real changes', () => {
    const st = s().endpointslices!;
    const es = created(st, slice(), testContext()) as EndpointSlice;
    expect(es.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(es.metadata.generation).toBe(1);
    const same = update(st, structuredClone(es), es, testContext());
    expect(same.ok && same.object.metadata.generation).toBe(1);
    const next = structuredClone(es);
    next.endpoints![0]!.conditions.ready = false;
    const changed = update(st, next, es, testContext());
    expect(changed.ok && changed.object.metadata.generation).toBe(2);
  });

  it('addressType is immutable; addresses must fit it; at most 1000 endpoints', () => {
    const st = s().endpointslices!;
    const es = created(st, slice(), testContext()) as EndpointSlice;
    const next = structuredClone(es);
    next.addressType = 'IPv6';
    next.endpoints = [{ addresses: ['fd00::5'], conditions: {} }];
    expect(formatInvalid('EndpointSlice', 'web-abcde', rejected(update(st, next, es, testContext())))).toBe(
      'EndpointSlice.discovery.k8s.io "web-abcde" is invalid: addressType: Invalid value: "IPv6": field is immutable',
    );
    const loop = rejected(create(st, slice({ endpoints: [{ addresses: ['127.0.0.1'], conditions: {} }, { addresses: [], conditions: {} }] }), testContext()));
    expect(formatInvalid('EndpointSlice', 'web-abcde', loop)).toBe(
      'EndpointSlice.discovery.k8s.io "web-abcde" is invalid: [endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128), endpoints[1].addresses: Required value: must contain at least 1 address]',
    );
    const many = Array.from({ length: 1001 }, (_, i) => ({ addresses: [`10.244.${i >> 8}.${(i & 255) + 1}`], conditions: {} }));
    expect(formatInvalid('EndpointSlice', 'web-abcde', rejected(create(st, slice({ endpoints: many }), testContext())))).toBe(
      'EndpointSlice.discovery.k8s.io "web-abcde" is invalid: endpoints: Too many: 1001: must have at most 1000 items',
    );
  });
});

describe('Endpoints', () => {
  it('port protocol defaults to TCP; a subset needs addresses', () => {
    const st = s().endpoints!;
    const ep = created(st, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }] }, testContext());
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
    const bad = rejected(create(st, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web' }, subsets: [{ ports: [{ port: 80 }] }] }, testContext()));
    expect(formatInvalid('Endpoints', 'web', bad)).toBe('Endpoints "web" is invalid: subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`');
  });
});
