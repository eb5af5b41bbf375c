// The IPv6 proxier (NewFakeProxier(ipt) with iptablestest.NewIPv6Fake() in proxier_test.go,
// TestNodePorts' IPv6 cases): the ip6tables restore input differs from the IPv4 one in exactly
// the places pkg/proxy/iptables/proxier.go checks the family — no KUBE-FIREWALL chain, no
// 127.0.0.0/8 NodePort rule, `! -d ::1/128` on the KUBE-NODEPORTS jump — and in its addresses
// (IPv6 ClusterIP, `[ip]:port` endpoints, the IPv6 pod CIDR for the local-traffic detector).

import { describe, expect, it } from 'vitest';
import type { ProxierConfig } from './config.ts';
import { makeTestEndpointSlice, makeTestService, newFakeProxier } from './testkit.ts';

const LAST = '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';

function ipv6NodePort(over: Partial<ProxierConfig>): string {
  const { fp } = newFakeProxier({ ipFamily: 'IPv6', clusterCIDR: 'fd00:10::/64', ...over });
  fp.onServiceAdd(makeTestService('ns1', 'svc1', (svc) => {
    svc.spec.type = 'NodePort';
    svc.spec.clusterIP = 'fd00:172:30::41';
    svc.spec.ports = [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }];
  }));
  fp.onEndpointSliceAdd(makeTestEndpointSlice('ns1', 'svc1', 1, (eps) => {
    eps.addressType = 'IPv6';
    eps.endpoints = [
      { addresses: ['fd00:10:180::1'], conditions: {} },
      { addresses: ['fd00:10:180::2:1'], conditions: {}, nodeName: 'test-node' },
    ];
    eps.ports = [{ name: 'p80', port: 80, protocol: 'TCP' }];
  }));
  // An IPv4 slice of the same Service belongs to the IPv4 proxier (EP-1).
  fp.onEndpointSliceAdd(makeTestEndpointSlice('ns1', 'svc1', 2, (eps) => {
    eps.endpoints = [{ addresses: ['10.180.0.9'], conditions: {} }];
    eps.ports = [{ name: 'p80', port: 80, protocol: 'TCP' }];
  }));
  return fp.syncProxyRules()!.payload;
}

describe('IPv6 proxier (ip6tables payload)', () => {
  it('[KP-11] [KP-12] [KP-15] [KP-18] [EP-1] TestNodePorts ipv6, localhost-nodeports enabled: the whole restore input', () => {
    expect(ipv6NodePort({ localhostNodePorts: true })).toBe(
      [
        '*filter',
        ':KUBE-NODEPORTS - [0:0]',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-EXTERNAL-SERVICES - [0:0]',
        ':KUBE-FORWARD - [0:0]',
        ':KUBE-PROXY-FIREWALL - [0:0]',
        '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        'COMMIT',
        '*nat',
        ':KUBE-NODEPORTS - [0:0]',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-EXT-XPGD46QRK7WJZT7O - [0:0]',
        ':KUBE-MARK-MASQ - [0:0]',
        ':KUBE-POSTROUTING - [0:0]',
        ':KUBE-SEP-APSFVWOCYOGIDJM2 - [0:0]',
        ':KUBE-SEP-OGYCNMB4EMRUSJ6N - [0:0]',
        ':KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]',
        '-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O',
        '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d fd00:172:30::41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
        `${LAST} -m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS`,
        '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade traffic for ns1/svc1:p80 external destinations" -j KUBE-MARK-MASQ',
        '-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVC-XPGD46QRK7WJZT7O',
        '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
        '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
        '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
        '-A KUBE-SEP-APSFVWOCYOGIDJM2 -m comment --comment ns1/svc1:p80 -s fd00:10:180::2:1 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-APSFVWOCYOGIDJM2 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination [fd00:10:180::2:1]:80',
        '-A KUBE-SEP-OGYCNMB4EMRUSJ6N -m comment --comment ns1/svc1:p80 -s fd00:10:180::1 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-OGYCNMB4EMRUSJ6N -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination [fd00:10:180::1]:80',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d fd00:172:30::41 --dport 80 ! -s fd00:10::/64 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> [fd00:10:180::1]:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-OGYCNMB4EMRUSJ6N',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> [fd00:10:180::2:1]:80" -j KUBE-SEP-APSFVWOCYOGIDJM2',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('[KP-18] TestNodePorts ipv6, multiple nodeport-addresses: one jump, to 2001:db8::1 only', () => {
    const payload = ipv6NodePort({ localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24', '192.168.1.0/24', '2001:db8::/64'] });
    expect(payload.split('\n').filter((l) => l.includes('must be the last rule'))).toEqual([`${LAST} -d 2001:db8::1 -j KUBE-NODEPORTS`]);
  });

  it('[KP-15] an IPv6 proxier skips IPv4-only Services and IPv4 external/LB addresses', () => {
    const { fp } = newFakeProxier({ ipFamily: 'IPv6', clusterCIDR: 'fd00:10::/64' });
    fp.onServiceAdd(makeTestService('ns1', 'v4only', (svc) => {
      svc.spec.clusterIP = '172.30.0.41';
      svc.spec.ports = [{ name: 'p80', port: 80, protocol: 'TCP' }];
    }));
    fp.onServiceAdd(makeTestService('ns1', 'dual', (svc) => {
      svc.spec.type = 'LoadBalancer';
      svc.spec.clusterIP = '172.30.0.42';
      svc.spec.clusterIPs = ['172.30.0.42', 'fd00:172:30:0:0::42'];
      svc.spec.externalIPs = ['192.168.99.11', '2001:db8:99::11'];
      svc.spec.ports = [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3002 }];
      svc.status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { ip: '2001:db8:ff::4' }] } };
    }));
    const filter = fp.syncProxyRules()!.payload.split('COMMIT\n')[0]!;
    expect(filter.split('\n').filter((l) => l.startsWith('-A KUBE-SERVICES') || l.startsWith('-A KUBE-EXTERNAL-SERVICES'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "ns1/dual:p80 has no endpoints" -m tcp -p tcp -d fd00:172:30::42 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/dual:p80 has no endpoints" -m tcp -p tcp -d 2001:db8:99::11 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/dual:p80 has no endpoints" -m tcp -p tcp -d 2001:db8:ff::4 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/dual:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3002 -j REJECT',
    ]);
  });
});
