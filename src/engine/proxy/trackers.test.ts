import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../api/types.ts';
import { EndpointsChangeTracker, EndpointsMap } from './endpointCache.ts';
import { serviceToPortMap } from './servicePort.ts';
import { ServiceChangeTracker, ServicePortMap } from './serviceTracker.ts';
import { makeTestEndpointSlice, makeTestService } from './testkit.ts';
import { categorizeEndpoints } from './topology.ts';

const port = [{ name: 'p80', port: 80, protocol: 'TCP' }];

function endpointsOf(slices: EndpointSlice[], node = 'test-node') {
  const t = new EndpointsChangeTracker(node);
  for (const s of slices) t.sliceUpdate(s, false);
  const m = new EndpointsMap();
  m.update(t);
  return { t, m };
}

describe('EndpointSlice cache (EP-1)', () => {
  it('[EP-1] keys by the service-name label, ignores other families and unlabelled slices', () => {
    const good = makeTestEndpointSlice('ns1', 'svc1', 1, (e) => {
      e.endpoints = [{ addresses: ['10.0.0.1', '10.0.0.2'], conditions: {} }];
      e.ports = port;
    });
    const v6 = makeTestEndpointSlice('ns1', 'svc1', 2, (e) => {
      e.addressType = 'IPv6';
      e.endpoints = [{ addresses: ['fd00::1'], conditions: {} }];
      e.ports = port;
    });
    const orphan = makeTestEndpointSlice('ns1', 'svc1', 3, (e) => {
      e.metadata.labels = {};
      e.endpoints = [{ addresses: ['10.0.0.3'], conditions: {} }];
      e.ports = port;
    });
    const t = new EndpointsChangeTracker('n');
    expect(t.sliceUpdate(v6, false)).toBe(false);
    expect(t.sliceUpdate(orphan, false)).toBe(false);
    expect(t.sliceUpdate(good, false)).toBe(true);
    expect(t.sliceUpdate(good, false)).toBe(false); // the same object again: nothing to sync
    const m = new EndpointsMap();
    expect([...m.update(t).updatedServices]).toEqual(['ns1/svc1']);
    // Only the first address of an endpoint counts.
    expect(m.ports.get('ns1/svc1:p80/tcp')!.map((e) => e.str)).toEqual(['10.0.0.1:80']);
  });

  it('[EP-1] conditions: ready and serving default to true, terminating to false', () => {
    const { m } = endpointsOf([
      makeTestEndpointSlice('ns1', 'svc1', 1, (e) => {
        e.endpoints = [
          { addresses: ['10.0.0.1'], conditions: {} },
          { addresses: ['10.0.0.2'], conditions: { ready: false, serving: true, terminating: true } },
        ];
        e.ports = port;
      }),
    ]);
    const [a, b] = m.ports.get('ns1/svc1:p80/tcp')!;
    expect([a!.ready, a!.serving, a!.terminating]).toEqual([true, true, false]);
    expect([b!.ready, b!.serving, b!.terminating]).toEqual([false, true, true]);
  });

  it('[KP-17] endpoints sort as strings; an IP in two slices keeps the non-terminating one', () => {
    const { m } = endpointsOf([
      makeTestEndpointSlice('ns1', 'svc1', 1, (e) => {
        e.endpoints = [{ addresses: ['10.1.1.1'], conditions: { ready: false, serving: true, terminating: true } }, { addresses: ['10.1.1.11'], conditions: {} }];
        e.ports = [{ name: 'p11', port: 11, protocol: 'TCP' }];
      }),
      makeTestEndpointSlice('ns1', 'svc1', 2, (e) => {
        e.endpoints = [{ addresses: ['10.1.1.1'], conditions: {} }];
        e.ports = [{ name: 'p11', port: 11, protocol: 'TCP' }];
      }),
    ]);
    const eps = m.ports.get('ns1/svc1:p11/tcp')!;
    expect(eps.map((e) => e.str)).toEqual(['10.1.1.11:11', '10.1.1.1:11']);
    expect(eps[1]!.terminating).toBe(false);
  });

  it('[EP-1] a deleted slice takes its endpoints with it', () => {
    const s = makeTestEndpointSlice('ns1', 'svc1', 1, (e) => {
      e.endpoints = [{ addresses: ['10.0.0.1'], conditions: {} }];
      e.ports = port;
    });
    const { t, m } = endpointsOf([s]);
    expect(t.sliceUpdate(s, true)).toBe(true);
    m.update(t);
    expect(m.ports.size).toBe(0);
  });
});

describe('Service ports', () => {
  it('skips headless and ExternalName services; keeps VIP-mode LB IPs; re-stringifies addresses', () => {
    expect(serviceToPortMap(makeTestService('ns', 'h', (s) => { s.spec.clusterIP = 'None'; s.spec.ports = [{ port: 80 }]; }))).toBeUndefined();
    expect(serviceToPortMap(makeTestService('ns', 'x', (s) => { s.spec.type = 'ExternalName'; s.spec.clusterIP = '10.0.0.1'; s.spec.ports = [{ port: 80 }]; }))).toBeUndefined();
    const m = serviceToPortMap(makeTestService('ns', 'lb', (s) => {
      s.spec.type = 'LoadBalancer';
      s.spec.clusterIP = '172.30.0.041';
      s.spec.ports = [{ port: 80, nodePort: 30080 }];
      s.spec.externalIPs = ['192.168.99.011', 'not-an-ip', 'fd00::1'];
      s.status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8', ipMode: 'Proxy' }, { hostname: 'lb.example' }] } };
      s.spec.externalTrafficPolicy = 'Local';
      s.spec.healthCheckNodePort = 30000;
    }))!;
    const p = m.get('ns/lb:/tcp')!;
    expect(p.nameString).toBe('ns/lb');
    expect(p.clusterIP).toBe('172.30.0.41');
    expect(p.externalIPs).toEqual(['192.168.99.11']);
    expect(p.loadBalancerVIPs).toEqual(['1.2.3.4']);
    expect(p.healthCheckNodePort).toBe(30000);
    expect(p.clusterPolicyChain).toBe('KUBE-SVC-' + p.localPolicyChain.slice(9));
  });

  it('[KP-22] a Service change that leaves its proxied ports alone is not pending', () => {
    const a = makeTestService('ns', 's', (s) => { s.spec.clusterIP = '10.0.0.1'; s.spec.ports = [{ name: 'http', port: 80 }]; });
    const b = structuredClone(a);
    b.metadata.labels = { team: 'x' };
    const t = new ServiceChangeTracker();
    expect(t.update(undefined, a)).toBe(true);
    new ServicePortMap().update(t);
    expect(t.update(a, b)).toBe(false);
    const c = structuredClone(b);
    c.spec.ports![0]!.port = 81;
    expect(t.update(b, c)).toBe(true);
    expect(t.update(c, b)).toBe(false); // changed back before the sync: nothing to do
  });
});

describe('CategorizeEndpoints (EP-2, EP-3)', () => {
  const svc = (fn: Parameters<typeof makeTestService>[2]) => [...serviceToPortMap(makeTestService('ns1', 'svc1', (s) => { s.spec.clusterIP = '172.30.0.41'; s.spec.ports = [{ name: 'p80', port: 80, nodePort: 30080 }]; fn(s); }))!.values()][0]!;
  const eps = (list: [string, string | undefined, { ready?: boolean; serving?: boolean; terminating?: boolean }][]) =>
    endpointsOf([makeTestEndpointSlice('ns1', 'svc1', 1, (e) => {
      e.endpoints = list.map(([ip, node, conditions]) => ({ addresses: [ip], conditions, ...(node ? { nodeName: node } : {}) }));
      e.ports = port;
    })]).m.ports.get('ns1/svc1:p80/tcp')!;
  const strs = (l: { str: string }[]) => l.map((e) => e.str);

  it('[EP-2] ready endpoints; serving-and-terminating ones only when none is ready', () => {
    const s = svc(() => undefined);
    const mixed = eps([['10.0.0.1', 'a', {}], ['10.0.0.2', 'b', { ready: false, serving: true, terminating: true }]]);
    expect(strs(categorizeEndpoints(mixed, s, {}).clusterEndpoints)).toEqual(['10.0.0.1:80']);
    const terminating = eps([['10.0.0.2', 'b', { ready: false, serving: true, terminating: true }], ['10.0.0.3', 'b', { ready: false, serving: false, terminating: true }]]);
    const c = categorizeEndpoints(terminating, s, {});
    expect(strs(c.clusterEndpoints)).toEqual(['10.0.0.2:80']);
    expect(c.hasAnyEndpoints).toBe(true);
  });

  it('[EP-3] internalTrafficPolicy Local uses local endpoints only', () => {
    const s = svc((x) => { x.spec.type = 'ClusterIP'; delete x.spec.ports![0]!.nodePort; x.spec.internalTrafficPolicy = 'Local'; });
    const c = categorizeEndpoints(eps([['10.0.0.1', 'test-node', {}], ['10.0.0.2', 'other', {}]]), s, {});
    expect(strs(c.localEndpoints)).toEqual(['10.0.0.1:80']);
    expect(strs(c.allReachable)).toEqual(['10.0.0.1:80']);
    expect(c.clusterEndpoints).toEqual([]);
  });

  it('[EP-3] externalTrafficPolicy Local keeps cluster endpoints for the short-circuit', () => {
    const s = svc((x) => { x.spec.type = 'NodePort'; x.spec.externalTrafficPolicy = 'Local'; });
    const c = categorizeEndpoints(eps([['10.0.0.1', 'test-node', {}], ['10.0.0.2', 'other', {}]]), s, {});
    expect(strs(c.clusterEndpoints)).toEqual(['10.0.0.1:80', '10.0.0.2:80']);
    expect(strs(c.localEndpoints)).toEqual(['10.0.0.1:80']);
  });

  it('[EP-2] zone hints apply only when every ready endpoint has one and one matches', () => {
    const s = svc(() => undefined);
    const slice = makeTestEndpointSlice('ns1', 'svc1', 1, (e) => {
      e.endpoints = [
        { addresses: ['10.0.0.1'], conditions: {}, hints: { forZones: [{ name: 'a' }] } },
        { addresses: ['10.0.0.2'], conditions: {}, hints: { forZones: [{ name: 'b' }] } },
      ];
      e.ports = port;
    });
    const list = endpointsOf([slice]).m.ports.get('ns1/svc1:p80/tcp')!;
    expect(strs(categorizeEndpoints(list, s, { 'topology.kubernetes.io/zone': 'a' }).clusterEndpoints)).toEqual(['10.0.0.1:80']);
    expect(strs(categorizeEndpoints(list, s, { 'topology.kubernetes.io/zone': 'c' }).clusterEndpoints)).toEqual(['10.0.0.1:80', '10.0.0.2:80']);
    expect(strs(categorizeEndpoints(list, s, {}).clusterEndpoints)).toEqual(['10.0.0.1:80', '10.0.0.2:80']);
  });
});
