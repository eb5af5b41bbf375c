import { describe, expect, it } from 'vitest';
import { formatInvalid, kubectlInvalidMessage } from '../fieldErrors.ts';
import type { KubeObject, Service } from '../types.ts';
import { createStrategies } from './index.ts';
import { create, created, rejected, testContext, update, updated } from './testkit.ts';

const strategies = () => createStrategies({ serviceCIDR: '10.96.0.0/12', nodePortRange: [30000, 32767] });
const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });
const web = (extra: Record<string, unknown> = {}) => svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }], ...extra });
const ipNum = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

describe('Service defaults and allocation', () => {
  it('ClusterIP: the fields a real cluster stores', () => {
    const s = created(strategies().services, web(), testContext(11)) as Service;
    const ip = s.spec.clusterIP!;
    expect(s.spec).toEqual({
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    expect(s.status).toEqual({ loadBalancer: {} });
    expect(s.metadata.generation).toBeUndefined();
  });

  it('dynamic ClusterIPs come from the upper band, never 10.96.0.1, and repeat with the seed', () => {
    const run = (seed: number) => {
      const st = strategies().services;
      const ctx = testContext(seed);
      return Array.from({ length: 20 }, (_, i) => (created(st, svc(`s${i}`, { ports: [{ port: 80 }] }), ctx) as Service).spec.clusterIP!);
    };
    const ips = run(5);
    expect(run(5)).toEqual(ips);
    expect(run(6)).not.toEqual(ips);
    for (const ip of ips) {
      expect(ipNum(ip)).toBeGreaterThanOrEqual(ipNum('10.96.1.1'));
      expect(ipNum(ip)).toBeLessThanOrEqual(ipNum('10.111.255.254'));
    }
    expect(new Set(ips).size).toBe(20);
  });

  it('a requested ClusterIP is taken once; the next request gets the real error', () => {
    const st = strategies().services;
    const ctx = testContext();
    const dns = created(st, svc('kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }), ctx) as Service;
    expect(dns.spec.clusterIPs).toEqual(['10.96.0.10']);
    expect(st.allocators.ips.has('10.96.0.10')).toBe(true);
    const errs = rejected(create(st, svc('other', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] }), ctx));
    expect(formatInvalid('Service', 'other', errs)).toBe(
      'Service "other" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    const out = rejected(create(st, svc('other', { clusterIP: '1.1.1.1', ports: [{ port: 53 }] }), ctx));
    expect(kubectlInvalidMessage('Service', 'other', out)).toBe(
      'The Service "other" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided network does not match the current range\n',
    );
    expect(st.allocators.ips.count).toBe(1);
  });

  it('the kubernetes Service gets 10.96.0.1 when it asks for it', () => {
    const st = strategies().services;
    const k = created(st, svc('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] }), testContext()) as Service;
    expect(k.spec.clusterIP).toBe('10.96.0.1');
  });

  it('NodePort: externalTrafficPolicy Cluster and a port from the upper band of the range', () => {
    const st = strategies().services;
    const s = created(st, web({ type: 'NodePort' }), testContext(2)) as Service;
    const np = s.spec.ports![0]!.nodePort!;
    expect(np).toBeGreaterThanOrEqual(30086);
    expect(np).toBeLessThanOrEqual(32767);
    expect(s.spec.externalTrafficPolicy).toBe('Cluster');
    expect(s.spec.ports).toEqual([{ nodePort: np, port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(st.allocators.ports.has(np)).toBe(true);
  });

  it('requested NodePorts: in use and out of range', () => {
    const st = strategies().services;
    const ctx = testContext();
    created(st, web({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), ctx);
    const errs = rejected(create(st, svc('web2', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] }), ctx));
    expect(formatInvalid('Service', 'web2', errs)).toBe('Service "web2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const range = rejected(create(st, svc('web3', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }), ctx));
    expect(formatInvalid('Service', 'web3', range)).toBe(
      'Service "web3" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(st.allocators.ports.allocated()).toEqual([30080]);
    expect(st.allocators.ips.count).toBe(1); // the failed creates gave their ClusterIPs back
  });

  it('LoadBalancer with externalTrafficPolicy Local gets a health check node port', () => {
    const s = created(strategies().services, web({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' }), testContext(4)) as Service;
    expect(s.spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(s.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec.healthCheckNodePort).not.toBe(s.spec.ports![0]!.nodePort);
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  it('headless and ExternalName Services get no address', () => {
    const st = strategies().services;
    const headless = created(st, web({ clusterIP: 'None' }), testContext()) as Service;
    expect(headless.spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    const selectorless = created(st, svc('db', { clusterIP: 'None', ports: [{ port: 5432 }] }), testContext()) as Service;
    expect(selectorless.spec).toMatchObject({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' });
    const ext = created(st, svc('ext', { type: 'ExternalName', externalName: 'example.com' }), testContext()) as Service;
    expect(ext.spec).toEqual({ externalName: 'example.com', sessionAffinity: 'None', type: 'ExternalName' });
    expect(st.allocators.ips.count).toBe(0);
  });

  it('NodePort → ClusterIP releases the node ports and clears the type-dependent fields', () => {
    const st = strategies().services;
    const ctx = testContext(9);
    const s = created(st, web({ type: 'NodePort' }), ctx) as Service;
    const np = s.spec.ports![0]!.nodePort!;
    const next = structuredClone(s);
    next.spec.type = 'ClusterIP';
    const u = updated(st, next, s, ctx) as Service;
    expect(u.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(u.spec.externalTrafficPolicy).toBeUndefined();
    expect(st.allocators.ports.has(np)).toBe(false);
    // … and back: a new port is allocated.
    const back = structuredClone(u);
    back.spec.type = 'NodePort';
    const r2 = update(st, back, u, ctx);
    expect(r2.ok && (r2.object as Service).spec.ports![0]!.nodePort).toBeGreaterThan(30000);
    expect(st.allocators.ports.count).toBe(1);
  });

  it('re-submitting the original manifest keeps the allocated ClusterIP and NodePort', () => {
    const st = strategies().services;
    const ctx = testContext(12);
    const manifest = web({ type: 'NodePort' });
    const s = created(st, manifest, ctx) as Service;
    const again = { ...structuredClone(manifest), metadata: { ...s.metadata } };
    const u = updated(st, again, s, ctx) as Service;
    expect(u.spec).toEqual(s.spec);
    expect(st.allocators.ports.count).toBe(1);
    expect(st.allocators.ips.count).toBe(1);
  });

  it('a requested nodePort change takes the new port and gives back the old one', () => {
    const st = strategies().services;
    const ctx = testContext();
    const s = created(st, web({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), ctx) as Service;
    const next = structuredClone(s);
    next.spec.ports![0]!.nodePort = 30081;
    updated(st, next, s, ctx);
    expect(st.allocators.ports.allocated()).toEqual([30081]);
  });

  it('deleting a Service releases what it holds', () => {
    const st = strategies().services;
    const ctx = testContext();
    const s = created(st, web({ type: 'NodePort', clusterIP: '10.96.5.5' }), ctx) as Service;
    st.afterDelete!(s, ctx);
    expect(st.allocators.ips.count).toBe(0);
    expect(st.allocators.ports.count).toBe(0);
  });

  it('a failed validation gives back the allocation made before it', () => {
    const st = strategies().services;
    rejected(create(st, svc('Bad_Name', { type: 'NodePort', ports: [{ port: 80 }] }), testContext()));
    expect(st.allocators.ips.count).toBe(0);
    expect(st.allocators.ports.count).toBe(0);
  });
});

describe('Service validation messages', () => {
  const invalid = (spec: Record<string, unknown>, name = 'x') => formatInvalid('Service', name, rejected(create(strategies().services, svc(name, spec), testContext())));

  it('port out of range', () => {
    expect(invalid({ ports: [{ port: 0, targetPort: 8080 }] })).toBe('Service "x" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    // targetPort defaults to port, so a bare port 0 is reported twice, as upstream does.
    expect(invalid({ ports: [{ port: 0 }] })).toBe(
      'Service "x" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
    );
  });

  it('several ports need names', () => {
    expect(invalid({ ports: [{ port: 80 }, { port: 443 }] })).toBe('Service "x" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]');
    const errs = rejected(create(strategies().services, svc('x', { ports: [{ port: 80 }, { port: 443 }] }), testContext()));
    expect(kubectlInvalidMessage('Service', 'x', errs)).toBe('The Service "x" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n');
  });

  it('duplicate names and ports, unknown protocol', () => {
    expect(invalid({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 80 }] })).toBe(
      'Service "x" is invalid: [spec.ports[1].name: Duplicate value: "a", spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}]',
    );
    expect(invalid({ ports: [{ port: 80, protocol: 'FOO' }] })).toBe('Service "x" is invalid: spec.ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"');
  });

  it('targetPort by name must be an IANA_SVC_NAME', () => {
    expect(invalid({ ports: [{ port: 80, targetPort: 'HTTP_PORT' }] })).toBe(
      'Service "x" is invalid: [spec.ports[0].targetPort: Invalid value: "HTTP_PORT": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.ports[0].targetPort: Invalid value: "HTTP_PORT": must contain at least one letter (a-z)]',
    );
  });

  it('Service names are DNS-1035 labels', () => {
    expect(invalid({ ports: [{ port: 80 }] }, '1web')).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('names longer than a DNS label are refused', () => {
    const long = 'a'.repeat(64);
    expect(invalid({ ports: [{ port: 80 }] }, long)).toBe(`Service "${long}" is invalid: metadata.name: Invalid value: "${long}": must be no more than 63 characters`);
  });

  it('externalTrafficPolicy only for externally reachable Services; nodePort not on ClusterIP', () => {
    expect(invalid({ ports: [{ port: 80 }], externalTrafficPolicy: 'Local' })).toBe(
      'Service "x" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    );
    expect(invalid({ type: 'ClusterIP', ports: [{ port: 80, nodePort: 30001 }] })).toBe(
      "Service \"x\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
    expect(invalid({ type: 'Balanced', ports: [{ port: 80 }] })).toBe(
      'Service "x" is invalid: spec.type: Unsupported value: "Balanced": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it('clusterIP may not change once set', () => {
    const st = strategies().services;
    const ctx = testContext();
    const s = created(st, web({ clusterIP: '10.96.0.50' }), ctx) as Service;
    const next = structuredClone(s);
    next.spec.clusterIP = '10.96.0.99';
    expect(kubectlInvalidMessage('Service', 'web', rejected(update(st, next, s, ctx)))).toBe(
      'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set\n',
    );
    expect(st.allocators.ips.allocated()).toEqual(['10.96.0.50']);
  });

  it('selector labels are validated', () => {
    expect(invalid({ ports: [{ port: 80 }], selector: { app: 'a b' } })).toBe(
      `Service "x" is invalid: spec.selector: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  });
});
