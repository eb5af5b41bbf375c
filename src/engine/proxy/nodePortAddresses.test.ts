// --nodeport-addresses (KP-18): which KUBE-SERVICES rules send traffic to KUBE-NODEPORTS, as
// pkg/proxy/iptables/proxier.go writes them for the fake network of proxier_test.go (lo
// 127.0.0.1 ::1, eth0 192.168.0.2 192.168.1.2 192.168.99.11 2001:db8::1 2001:db8:1::2).

import { describe, expect, it } from 'vitest';
import { kubeProxyArgv, nodePortAddressesOf, verbosityOf } from './flags.ts';
import { expandPrimary, newNodePortAddresses, nodeIPs, nodePortsJumpRules } from './nodePortAddresses.ts';
import { FAKE_INTERFACE_ADDRS, makeTestEndpointSlice, makeTestService, newFakeProxier } from './testkit.ts';
import type { Pod } from '../api/types.ts';

const LAST = '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';
const ifaces = (): readonly string[] => FAKE_INTERFACE_ADDRS;
const jumps = (family: 'IPv4' | 'IPv6', cidrs: string[], localhost: boolean): string =>
  nodePortsJumpRules(newNodePortAddresses(family, cidrs), localhost, ifaces).text;

describe('[KP-18] NodePortAddresses', () => {
  it('[KP-18] keeps the CIDRs of its own family; none of them means every address', () => {
    const v4 = newNodePortAddresses('IPv4', ['192.168.0.0/24', '2001:db8::/64']);
    expect([v4.cidrStrings, v4.matchAll, v4.containsIPv4Loopback]).toEqual([['192.168.0.0/24'], false, false]);
    const v6 = newNodePortAddresses('IPv6', ['192.168.0.0/24']);
    expect([v6.cidrStrings, v6.matchAll]).toEqual([['::/0'], true]);
    const unset = newNodePortAddresses('IPv4', []);
    expect([unset.cidrStrings, unset.matchAll, unset.containsIPv4Loopback]).toEqual([['0.0.0.0/0'], true, true]);
  });

  it('[KP-18] a zero CIDR swallows the others; loopback counts from 127.0.0.1/32 and 127.0.0.0/8 alike', () => {
    expect(newNodePortAddresses('IPv4', ['192.168.0.0/24', '0.0.0.0/0', '10.0.0.0/8']).matchAll).toBe(true);
    expect(newNodePortAddresses('IPv4', ['127.0.0.1/32']).containsIPv4Loopback).toBe(true);
    expect(newNodePortAddresses('IPv4', ['127.0.0.0/8']).containsIPv4Loopback).toBe(true);
    expect(newNodePortAddresses('IPv4', ['192.168.0.0/16']).containsIPv4Loopback).toBe(false);
  });

  it('[KP-18] GetNodeIPs: interface addresses inside the CIDRs, deduplicated, canonical', () => {
    const npa = newNodePortAddresses('IPv6', ['2001:db8::/32', '2001:db8:1::/64']);
    expect(nodeIPs(npa, ['::1', '2001:0db8:0:0::1', '2001:db8:1::2', '192.168.0.2'])).toEqual(['2001:db8::1', '2001:db8:1::2']);
    expect(nodeIPs(newNodePortAddresses('IPv4', ['10.0.0.0/8']), FAKE_INTERFACE_ADDRS)).toEqual([]);
  });

  it('[KP-18] primary: the node\'s IPv4 as /32 and IPv6 as /128, loopback left out', () => {
    expect(expandPrimary(['primary'], { IPv4: '172.18.0.3', IPv6: 'fc00:f853:ccd:e793::3' })).toEqual(['172.18.0.3/32', 'fc00:f853:ccd:e793::3/128']);
    expect(expandPrimary(['primary'], { IPv4: '127.0.0.1' })).toEqual([]);
    expect(expandPrimary(['10.0.0.0/8'], { IPv4: '172.18.0.3' })).toEqual(['10.0.0.0/8']);
  });
});

describe('[KP-18] the KUBE-NODEPORTS jumps at the end of nat KUBE-SERVICES', () => {
  it('[KP-18] unset, localhost NodePorts on: every LOCAL destination', () => {
    expect(jumps('IPv4', [], true)).toBe(`${LAST} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n`);
  });

  it('[KP-18] unset, localhost NodePorts off: LOCAL but not 127.0.0.0/8', () => {
    expect(jumps('IPv4', [], false)).toBe(`${LAST} -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS\n`);
  });

  it('[KP-18] IPv6 proxier, unset: LOCAL but never ::1 (localhost NodePorts do not work on IPv6)', () => {
    expect(jumps('IPv6', [], true)).toBe(`${LAST} -m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS\n`);
  });

  it('[KP-18] 192.168.0.0/24 + 192.168.1.0/24 (+ an IPv6 CIDR for the other proxier): one -d jump per node IP', () => {
    expect(jumps('IPv4', ['192.168.0.0/24', '192.168.1.0/24', '2001:db8::/64'], false)).toBe(
      `${LAST} -d 192.168.0.2 -j KUBE-NODEPORTS\n` + `${LAST} -d 192.168.1.2 -j KUBE-NODEPORTS\n`,
    );
  });

  it('[KP-18] 127.0.0.1/32 listed but localhost NodePorts off: loopback gets no jump', () => {
    expect(jumps('IPv4', ['192.168.0.0/24', '127.0.0.1/32'], false)).toBe(`${LAST} -d 192.168.0.2 -j KUBE-NODEPORTS\n`);
  });

  it('[KP-18] 127.0.0.0/8 listed with localhost NodePorts on: 127.0.0.1 gets its jump', () => {
    expect(jumps('IPv4', ['127.0.0.0/8'], true)).toBe(`${LAST} -d 127.0.0.1 -j KUBE-NODEPORTS\n`);
  });

  it('[KP-18] IPv6 proxier with 2001:db8::/64: only 2001:db8::1 (2001:db8:1::2 is outside)', () => {
    expect(jumps('IPv6', ['192.168.0.0/24', '192.168.1.0/24', '2001:db8::/64'], false)).toBe(`${LAST} -d 2001:db8::1 -j KUBE-NODEPORTS\n`);
  });

  it('[KP-18] a CIDR matching no node address: no jump at all', () => {
    expect(nodePortsJumpRules(newNodePortAddresses('IPv4', ['10.99.0.0/16']), true, ifaces)).toEqual({ text: '', count: 0 });
  });

  it('[KP-18] [KP-20] the payload ends nat KUBE-SERVICES with the jumps and counts them', () => {
    const { fp } = newFakeProxier({ localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24', '192.168.1.0/24'] });
    fp.onServiceAdd(makeTestService('ns1', 'svc1', (svc) => {
      svc.spec.type = 'NodePort';
      svc.spec.clusterIP = '172.30.0.41';
      svc.spec.ports = [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }];
    }));
    fp.onEndpointSliceAdd(makeTestEndpointSlice('ns1', 'svc1', 1, (eps) => {
      eps.endpoints = [{ addresses: ['10.180.0.1'], conditions: {} }];
      eps.ports = [{ name: 'p80', port: 80, protocol: 'TCP' }];
    }));
    const rec = fp.syncProxyRules()!;
    const nat = rec.payload.split('*nat\n')[1]!;
    expect(nat.split('\n').filter((l) => l.startsWith('-A KUBE-SERVICES ') || l.startsWith('-A KUBE-NODEPORTS '))).toEqual([
      '-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
      `${LAST} -d 192.168.0.2 -j KUBE-NODEPORTS`,
      `${LAST} -d 192.168.1.2 -j KUBE-NODEPORTS`,
    ]);
    // KUBE-NODEPORTS 1 + KUBE-SERVICES 1 + 2 jumps + KUBE-POSTROUTING 3 + KUBE-MARK-MASQ 1
    // + KUBE-SVC 2 + KUBE-EXT 2 + KUBE-SEP 2
    expect(rec.ruleCount.nat).toBe(14);
    expect(rec.ruleCount.natTotal).toBe(14);
  });
});

describe('[KP-18] --nodeport-addresses on the kube-proxy command line', () => {
  const pod = (command: string[]): Pod => ({ spec: { containers: [{ name: 'kube-proxy', image: 'x', command }] } }) as unknown as Pod;

  it('[KP-18] comma lists and repeats add up; invalid entries are left out', () => {
    const argv = kubeProxyArgv(pod(['kube-proxy', '--nodeport-addresses=172.18.0.0/16,fc00::/7', '--nodeport-addresses', '10.0.0.0/8,bogus', '--v=2']));
    expect(nodePortAddressesOf(argv)).toEqual(['172.18.0.0/16', 'fc00::/7', '10.0.0.0/8']);
    expect(verbosityOf(argv)).toBe(2);
  });

  it('[KP-18] next to --config the flag is ignored, as kube-proxy replaces the flag config by the file\'s', () => {
    const argv = kubeProxyArgv(pod(['kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--nodeport-addresses=primary', '--v=4']));
    expect(nodePortAddressesOf(argv)).toBeUndefined();
    expect(verbosityOf(argv)).toBe(4); // logging flags survive --config
    expect(nodePortAddressesOf(['kube-proxy', '--v=2'])).toBeUndefined();
  });
});
