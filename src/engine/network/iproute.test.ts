// `ip addr` / `ip route` output. The first two cases are oracles: the same namespaces built
// with iproute2 6.1 on Linux (a node netns with eth0 and a ptp veth, a pod netns set up as the
// ptp plugin does) printed exactly this.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRoute } from './routing.ts';
import { formatIpAddr, formatIpRoute } from './iproute.ts';
import { formatIPv6, linkLocalFor, macFor, netnsName, vethName } from './ids.ts';
import { bootCluster, type TestCluster } from './testkit.ts';
import type { Host, Iface } from './types.ts';

const lo: Iface = { index: 1, name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, qlen: 1000, addrs: [{ ip: '127.0.0.1', prefix: 8, scope: 'host' }], addrs6: [{ ip: '::1', prefix: 128, scope: 'host' }] };

function host(ifaces: Iface[]): Host {
  return { id: 'x', kind: 'node', label: 'x', ifaces, routes: [], addresses: new Set(), forwarding: true };
}

describe('ip addr / ip route against iproute2 6.1', () => {
  it('a node namespace with eth0 and one ptp veth', () => {
    const pod = host([]);
    const h = host([
      lo,
      {
        index: 2, name: 'eth0', type: 'veth', mac: 'c6:a8:50:7b:63:e0', mtu: 1500, qlen: 1000,
        addrs: [{ ip: '172.18.0.3', prefix: 16, brd: '172.18.255.255', scope: 'global' }],
        addrs6: [{ ip: linkLocalFor('c6:a8:50:7b:63:e0'), prefix: 64, scope: 'link' }],
        peer: { host: pod, ifindex: 2, ifname: 'vethgw' }, linkNetns: { name: 'pstest-gw' },
      },
      {
        index: 3, name: 'veth1a2b3c4d', type: 'veth', mac: '0e:7d:ce:c9:61:35', mtu: 1500, qlen: 1000,
        addrs: [{ ip: '10.244.1.1', prefix: 32, scope: 'global' }],
        addrs6: [{ ip: linkLocalFor('0e:7d:ce:c9:61:35'), prefix: 64, scope: 'link' }],
        peer: { host: pod, ifindex: 2, ifname: 'eth0' }, linkNetns: { name: 'pstest-pod' },
      },
    ]);
    addRoute(h.routes, { dst: 0, prefix: 0, via: '172.18.0.1', dev: 'eth0' });
    addRoute(h.routes, { dst: 0xac120000, prefix: 16, dev: 'eth0', proto: 'kernel', scope: 'link', src: '172.18.0.3' });
    addRoute(h.routes, { dst: 0x0af40102, prefix: 32, dev: 'veth1a2b3c4d', scope: 'host' });
    addRoute(h.routes, { dst: 0x0af40000, prefix: 24, via: '172.18.0.2', dev: 'eth0' });
    addRoute(h.routes, { dst: 0x0af40200, prefix: 24, via: '172.18.0.4', dev: 'eth0' });
    expect(formatIpAddr(h)).toBe(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet6 ::1/128 scope host ',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether c6:a8:50:7b:63:e0 brd ff:ff:ff:ff:ff:ff link-netns pstest-gw',
        '    inet 172.18.0.3/16 brd 172.18.255.255 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::c4a8:50ff:fe7b:63e0/64 scope link ',
        '       valid_lft forever preferred_lft forever',
        '3: veth1a2b3c4d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 0e:7d:ce:c9:61:35 brd ff:ff:ff:ff:ff:ff link-netns pstest-pod',
        '    inet 10.244.1.1/32 scope global veth1a2b3c4d',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::c7d:ceff:fec9:6135/64 scope link ',
        '       valid_lft forever preferred_lft forever',
        '',
      ].join('\n'),
    );
    expect(formatIpRoute(h)).toBe(
      [
        'default via 172.18.0.1 dev eth0 ',
        '10.244.0.0/24 via 172.18.0.2 dev eth0 ',
        '10.244.1.2 dev veth1a2b3c4d scope host ',
        '10.244.2.0/24 via 172.18.0.4 dev eth0 ',
        '172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 ',
        '',
      ].join('\n'),
    );
  });

  it('a pod namespace as the ptp plugin sets it up', () => {
    const h = host([lo]);
    h.kind = 'pod';
    addRoute(h.routes, { dst: 0, prefix: 0, via: '10.244.1.1', dev: 'eth0' });
    addRoute(h.routes, { dst: 0x0af40100, prefix: 24, via: '10.244.1.1', dev: 'eth0', src: '10.244.1.2' });
    addRoute(h.routes, { dst: 0x0af40101, prefix: 32, dev: 'eth0', scope: 'link', src: '10.244.1.2' });
    expect(formatIpRoute(h)).toBe('default via 10.244.1.1 dev eth0 \n10.244.1.0/24 via 10.244.1.1 dev eth0 src 10.244.1.2 \n10.244.1.1 dev eth0 scope link src 10.244.1.2 \n');
    expect(linkLocalFor('9a:ce:35:c9:6d:fd')).toBe('fe80::98ce:35ff:fec9:6dfd');
  });

  it('names and addresses the kernel and CNI make up look like theirs', () => {
    expect(vethName('uid-1')).toMatch(/^veth[0-9a-f]{8}$/);
    expect(netnsName('uid-1')).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(parseInt(macFor('uid-1').slice(0, 2), 16) & 3).toBe(2); // unicast, locally administered
    expect(formatIPv6([0xfe80, 0, 0, 0, 0, 0xff, 0xfe00, 1])).toBe('fe80::ff:fe00:1');
    expect(formatIPv6([0xfc00, 0xf853, 0xccd, 0xe793, 0, 0, 0, 3])).toBe('fc00:f853:ccd:e793::3');
  });
});

describe('ip addr / ip route of the default scenario', () => {
  let c: TestCluster;
  beforeAll(() => {
    c = bootCluster(readFileSync(new URL('../../../content/scenarios/default.yaml', import.meta.url), 'utf8'));
  });

  it('kind-worker2: eth0 on the kind network, one ptp veth per pod, kindnet routes', () => {
    expect(formatIpAddr(c.net.host('kind-worker2')!)).toBe(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet6 ::1/128 scope host ',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if10: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default ',
        '    link/ether da:31:cc:7a:22:5b brd ff:ff:ff:ff:ff:ff link-netnsid 0',
        '    inet 172.18.0.4/16 brd 172.18.255.255 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fc00:f853:ccd:e793::4/64 scope global nodad ',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::d831:ccff:fe7a:225b/64 scope link ',
        '       valid_lft forever preferred_lft forever',
        '3: veth0fb86042@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether fa:d0:62:11:ea:c9 brd ff:ff:ff:ff:ff:ff link-netns cni-38fa012c-3eff-5f01-b34a-f902066db172',
        '    inet 10.244.2.1/32 scope global veth0fb86042',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::f8d0:62ff:fe11:eac9/64 scope link ',
        '       valid_lft forever preferred_lft forever',
        '4: veth87f0e15f@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 4e:aa:cf:91:46:03 brd ff:ff:ff:ff:ff:ff link-netns cni-d6848862-c082-a150-0880-3184a3fd0de1',
        '    inet 10.244.2.1/32 scope global veth87f0e15f',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::4caa:cfff:fe91:4603/64 scope link ',
        '       valid_lft forever preferred_lft forever',
        '',
      ].join('\n'),
    );
    expect(formatIpRoute(c.net.host('kind-worker2')!)).toBe(
      [
        'default via 172.18.0.1 dev eth0 ',
        '10.244.0.0/24 via 172.18.0.2 dev eth0 ',
        '10.244.1.0/24 via 172.18.0.3 dev eth0 ',
        '10.244.2.2 dev veth0fb86042 scope host ',
        '10.244.2.3 dev veth87f0e15f scope host ',
        '172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.4 ',
        '',
      ].join('\n'),
    );
  });

  it('the client pod: eth0@if3 (its veth on the node) with 10.244.2.2/24 and routes via 10.244.2.1', () => {
    const pod = c.net.host('pod/default/client')!;
    expect(c.net.host('10.244.2.2')).toBe(pod);
    expect(formatIpAddr(pod)).toBe(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet6 ::1/128 scope host ',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 5a:71:cb:7f:94:5b brd ff:ff:ff:ff:ff:ff link-netnsid 0',
        '    inet 10.244.2.2/24 brd 10.244.2.255 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::5871:cbff:fe7f:945b/64 scope link ',
        '       valid_lft forever preferred_lft forever',
        '',
      ].join('\n'),
    );
    expect(formatIpRoute(pod)).toBe('default via 10.244.2.1 dev eth0 \n10.244.2.0/24 via 10.244.2.1 dev eth0 src 10.244.2.2 \n10.244.2.1 dev eth0 scope link src 10.244.2.2 \n');
  });

  it('the outside client and hostNetwork pods', () => {
    expect(formatIpRoute(c.net.host('external')!)).toBe('default via 172.18.0.1 dev eth0 \n172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.100 \n');
    const proxy = c.sim.api.list('pods', 'kube-system').find((p) => p.metadata.name?.startsWith('kube-proxy') && (p.spec as { nodeName?: string }).nodeName === 'kind-worker')!;
    expect(c.net.host(`pod/kube-system/${proxy.metadata.name}`)).toBe(c.net.host('kind-worker'));
  });
});
