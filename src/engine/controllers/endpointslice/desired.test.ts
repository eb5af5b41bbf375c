import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.ts';
import { desiredEndpoints, podToEndpoint, shouldPodBeInEndpoints } from './desired.ts';
import { md5Hex } from './gohash.ts';
import { canonicalIP, isIPv6String } from './ip.ts';
import { endpointPorts, spewSlicePort } from './ports.ts';
import { makeNode, makePod, makeService } from './testkit.ts';

const svc = makeService('foo');
const node = makeNode('node-1', 'zone-a');

describe('desired endpoints (ES-2)', () => {
  it('[ES-2] a ready pod: ready, serving, not terminating; node, zone, target', () => {
    expect(podToEndpoint(makePod(0), node, svc, 'IPv4')).toEqual({
      addresses: ['10.244.0.2'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'pod0', uid: 'uid-pod-0' },
      nodeName: 'node-1',
      zone: 'zone-a',
    });
  });

  it('[ES-2] not ready → ready false, serving false; no zone label → no zone', () => {
    const ep = podToEndpoint(makePod(0, { ready: false }), makeNode('node-1'), svc, 'IPv4');
    expect(ep.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect('zone' in ep).toBe(false);
  });

  it('[ES-2] terminating pods stay listed: ready false, serving from readiness, terminating true', () => {
    expect(podToEndpoint(makePod(0, { terminating: true }), node, svc, 'IPv4').conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(shouldPodBeInEndpoints(makePod(0, { terminating: true }), true)).toBe(true);
    expect(shouldPodBeInEndpoints(makePod(0, { terminating: true }), false)).toBe(false);
  });

  it('[ES-2] publishNotReadyAddresses makes every endpoint ready, even terminating ones', () => {
    const publish = makeService('foo', { publishNotReadyAddresses: true });
    expect(podToEndpoint(makePod(0, { ready: false, terminating: true }), node, publish, 'IPv4').conditions).toEqual({ ready: true, serving: false, terminating: true });
  });

  it('[ES-2] Succeeded/Failed pods and pods without an IP are left out', () => {
    const noIP: Pod = { ...makePod(2), status: { phase: 'Pending', conditions: [] } };
    const list = [makePod(0, { phase: 'Succeeded' }), makePod(1, { phase: 'Failed' }), noIP, makePod(3)];
    const group = [...desiredEndpoints(svc, list, () => node).desired.get('IPv4')!.values()];
    expect(group.map((g) => g.endpoints.map((e) => e.targetRef!.name))).toEqual([['pod3']]);
  });

  it('[ES-2] only status.podIPs of the slice family count', () => {
    const dual: Pod = { ...makePod(0), status: { ...makePod(0).status, podIPs: [{ ip: '10.244.0.2' }, { ip: 'fd00:0:0:0::0002' }] } };
    expect(podToEndpoint(dual, node, svc, 'IPv4').addresses).toEqual(['10.244.0.2']);
    expect(podToEndpoint(dual, node, svc, 'IPv6').addresses).toEqual(['fd00::2']);
    const legacy: Pod = { ...makePod(1), status: { ...makePod(1).status, podIPs: [] } };
    expect(podToEndpoint(legacy, node, svc, 'IPv4').addresses).toEqual([]);
  });

  it('[ES-2] hostname when spec.hostname is set and spec.subdomain names the service', () => {
    const p = makePod(0);
    const named: Pod = { ...p, spec: { ...p.spec, hostname: 'web-0', subdomain: 'foo' } };
    expect(podToEndpoint(named, node, svc, 'IPv4').hostname).toBe('web-0');
    expect(podToEndpoint({ ...named, spec: { ...named.spec, subdomain: 'other' } }, node, svc, 'IPv4').hostname).toBeUndefined();
  });

  it('[ES-2] dual-stack services get a group per family; headless services without families get both', () => {
    const dual = makeService('foo', { ipFamilies: ['IPv4', 'IPv6'] });
    expect([...desiredEndpoints(dual, [], () => node).desired.keys()]).toEqual(['IPv4', 'IPv6']);
    const headless = makeService('foo', { clusterIP: 'None', ipFamilies: [] });
    expect([...desiredEndpoints(headless, [], () => node).desired.keys()]).toEqual(['IPv4', 'IPv6']);
    const v6 = makeService('foo', { clusterIP: 'fd00::10', ipFamilies: [] });
    expect([...desiredEndpoints(v6, [], () => node).desired.keys()]).toEqual(['IPv6']);
  });
});

describe('endpoint ports', () => {
  const pod = makePod(0);
  it('[ES-2] numeric targetPort as is; named one from the container; unset → the port', () => {
    const multi = makeService('foo', {
      ports: [
        { name: 'a', protocol: 'TCP', port: 80, targetPort: 9000 },
        { name: 'b', protocol: 'TCP', port: 81, targetPort: 'http' },
        { name: 'c', protocol: 'TCP', port: 82 },
        { name: 'd', protocol: 'UDP', port: 83, targetPort: 'http' }, // the container port is TCP: skipped
        { name: 'e', protocol: 'TCP', port: 84, targetPort: 'nope', appProtocol: 'h2c' },
      ],
    });
    const ports = endpointPorts(multi, pod);
    expect(ports.map((p) => `${p.name}:${p.port}`).sort()).toEqual(['a:9000', 'b:8080', 'c:82']);
  });

  it('[ES-2] ports are in the order of the MD5 of their spew dump (kube-dns shows 9153,53,53)', () => {
    const dns = makeService('kube-dns', {
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
        { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
      ],
    });
    expect(endpointPorts(dns, pod).map((p) => `${p.port}/${p.protocol}`)).toEqual(['9153/TCP', '53/UDP', '53/TCP']);
    const web = makeService('web', { ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 8443 }, { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }] });
    expect(endpointPorts(web, pod).map((p) => p.port)).toEqual([8080, 8443]);
  });

  it('spew dumps and hashes match Go (go-spew d8f796a, crypto/md5) byte for byte', () => {
    // Generated by a Go program using the same spew config as dump.ForHash over
    // discovery/v1 EndpointPort values.
    const golden: [Parameters<typeof spewSlicePort>[0], string, string][] = [
      [{ name: 'dns', protocol: 'UDP', port: 53 }, '(v1.EndpointPort){Name:(*string)dns Protocol:(*v1.Protocol)UDP Port:(*int32)53 AppProtocol:(*string)<nil>}', 'e756f06fa093542b23b41b09b1f6c32d'],
      [{ name: 'metrics', protocol: 'TCP', port: 9153 }, '(v1.EndpointPort){Name:(*string)metrics Protocol:(*v1.Protocol)TCP Port:(*int32)9153 AppProtocol:(*string)<nil>}', '0eb0820aec6fa8ec58ff9ad5ae045175'],
      [{ name: 'http', protocol: 'TCP', port: 8080 }, '(v1.EndpointPort){Name:(*string)http Protocol:(*v1.Protocol)TCP Port:(*int32)8080 AppProtocol:(*string)<nil>}', '3a668b0e210f1dc6528e2da191cd41d4'],
    ];
    for (const [port, dump, hash] of golden) {
      expect(spewSlicePort(port)).toBe(dump);
      expect(md5Hex(dump)).toBe(hash);
    }
    expect(spewSlicePort({ name: '', protocol: 'TCP', port: 8080, appProtocol: 'h2c' })).toBe('(v1.EndpointPort){Name:(*string) Protocol:(*v1.Protocol)TCP Port:(*int32)8080 AppProtocol:(*string)h2c}');
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    // Multi-block input (padding across 64-byte blocks) and non-ASCII (UTF-8 bytes).
    expect(md5Hex('x'.repeat(200))).toBe('30a83621ce5422fbdfdd539777458c78');
    expect(md5Hex('é')).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f');
  });
});

describe('IP canonical form (net.IP.String)', () => {
  it('IPv6 shortest form, IPv4 with leading zeros, IPv4-mapped as IPv4', () => {
    expect(canonicalIP('1234::5678:0000:0000:9abc:def0')).toBe('1234::5678:0:0:9abc:def0');
    expect(canonicalIP('FD00:0:0:1:0:0:0:2')).toBe('fd00:0:0:1::2');
    expect(canonicalIP('010.001.002.003')).toBe('10.1.2.3');
    expect(canonicalIP('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalIP('2001:db8::1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIP('not-an-ip')).toBeUndefined();
    expect(isIPv6String('::ffff:10.0.0.1')).toBe(false);
    expect(isIPv6String('fd00::1')).toBe(true);
  });
});
