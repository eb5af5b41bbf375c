import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Endpoints, Node, Service } from '../../api/types.ts';
import { formatEndpoints, formatSliceEndpoints, formatSlicePorts, nodeStatus, serviceExternalIP, servicePorts, tableFor } from './rows.ts';
import { clockOnlySim } from './testSim.ts';

const meta = { name: 'x', namespace: 'default', creationTimestamp: '2026-11-21T09:00:00Z' };
const ips = (n: number) => Array.from({ length: n }, (_, i) => `10.244.1.${i + 1}`);

describe('endpoints and slices columns', () => {
  it('[KC-2] endpoints: the first 3 ip:port, then "+ N more..."', () => {
    const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta, subsets: [{ addresses: ips(5).map((ip) => ({ ip })), ports: [{ port: 8080, protocol: 'TCP' }] }] };
    expect(formatEndpoints(ep)).toBe('10.244.1.1:8080,10.244.1.2:8080,10.244.1.3:8080 + 2 more...');
    expect(formatEndpoints({ ...ep, subsets: [] })).toBe('<none>');
  });

  it('[KC-2] endpoints: every port of a subset repeats its addresses', () => {
    const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta, subsets: [{ addresses: ips(2).map((ip) => ({ ip })), ports: [{ port: 53 }, { port: 9153 }] }] };
    expect(formatEndpoints(ep)).toBe('10.244.1.1:53,10.244.1.2:53,10.244.1.1:9153 + 1 more...');
  });

  it('[KC-2] endpointslice: ports and addresses, <unset> when empty, " + N more..."', () => {
    const s: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta,
      addressType: 'IPv4',
      endpoints: ips(4).map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    };
    expect(formatSlicePorts(s)).toBe('8080');
    expect(formatSliceEndpoints(s)).toBe('10.244.1.1,10.244.1.2,10.244.1.3 + 1 more...');
    expect(formatSlicePorts({ ...s, ports: null })).toBe('<unset>');
    expect(formatSliceEndpoints({ ...s, endpoints: null })).toBe('<unset>');
  });
});

describe('service columns', () => {
  const svc = (spec: Service['spec'], status?: Service['status']): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec, ...(status ? { status } : {}) });

  it('[KC-2] ports as 80/TCP or 80:31234/TCP', () => {
    expect(servicePorts(svc({ ports: [{ port: 80, protocol: 'TCP', nodePort: 31234 }, { port: 53, protocol: 'UDP' }] }))).toBe('80:31234/TCP,53/UDP');
  });

  it('[KC-2] EXTERNAL-IP: <none>, <pending>, external IPs, ingress', () => {
    expect(serviceExternalIP(svc({ type: 'ClusterIP' }), false)).toBe('<none>');
    expect(serviceExternalIP(svc({ type: 'LoadBalancer' }), false)).toBe('<pending>');
    expect(serviceExternalIP(svc({ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } }), false)).toBe('172.18.255.200');
    expect(serviceExternalIP(svc({ type: 'NodePort', externalIPs: ['1.2.3.4'] }), false)).toBe('1.2.3.4');
    expect(serviceExternalIP(svc({ type: 'ExternalName', externalName: 'example.com' }), false)).toBe('example.com');
  });

  it('[KC-2] a headless service shows None as its CLUSTER-IP', () => {
    const cells = tableFor('services').cells(svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'a' } }), clockOnlySim(3000));
    expect(cells).toEqual(['x', 'ClusterIP', 'None', '<none>', '<none>', '3s', 'app=a']);
  });
});

describe('node columns', () => {
  const node = (unschedulable: boolean, ready: 'True' | 'False' | null): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n', labels: { 'node-role.kubernetes.io/control-plane': '' } },
    spec: { unschedulable },
    status: { conditions: ready ? [{ type: 'Ready', status: ready }] : [] },
  });
  it('Ready, NotReady, Unknown and Ready,SchedulingDisabled when cordoned', () => {
    expect(nodeStatus(node(false, 'True'))).toBe('Ready');
    expect(nodeStatus(node(false, 'False'))).toBe('NotReady');
    expect(nodeStatus(node(false, null))).toBe('Unknown');
    expect(nodeStatus(node(true, 'True'))).toBe('Ready,SchedulingDisabled');
  });
});
