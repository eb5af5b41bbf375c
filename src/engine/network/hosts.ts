// Namespaces as a kind cluster has them. A node is a docker container on the `kind` network
// (eth0 with the node IP/16, default via the bridge gateway); kindnet's CNI config runs the
// ptp plugin with host-local IPAM, which gives each pod a veth pair: in the pod `eth0` with
// podIP/24 and routes via the podCIDR's .1, on the node `vethXXXXXXXX` carrying that .1/32 and
// a /32 host route to the pod (containernetworking/plugins ptp.go setupContainerVeth/setupHostVeth).

import { broadcastOf, ip2n, linkLocalFor, macFor, maskOf, n2ip, netnsName, vethName } from './ids.ts';
import { addRoute, routesChanged } from './routing.ts';
import type { Host, Iface } from './types.ts';

/** kind's docker network: IPv4 from the nodes, the IPv6 ULA kind derives for network "kind". */
export interface Segment {
  name: string;
  cidr: { base: number; prefix: number };
  gateway: string;
  ula: string;
}

export function segmentFor(anyNodeIp: string): Segment {
  const base = (ip2n(anyNodeIp) & maskOf(16)) >>> 0;
  return { name: 'kind', cidr: { base, prefix: 16 }, gateway: n2ip(base + 1), ula: 'fc00:f853:ccd:e793::' };
}

function loopback(): Iface {
  return {
    index: 1,
    name: 'lo',
    type: 'loopback',
    mac: '00:00:00:00:00:00',
    mtu: 65536,
    qlen: 1000,
    addrs: [{ ip: '127.0.0.1', prefix: 8, scope: 'host' }],
    addrs6: [{ ip: '::1', prefix: 128, scope: 'host' }],
  };
}

/** A container's eth0 on the kind network (docker creates it with txqueuelen 0). */
function dockerEth0(seed: string, ip: string, seg: Segment, gateway: Host | undefined, peerIndex: number): Iface {
  const mac = macFor(seed);
  return {
    index: 2,
    name: 'eth0',
    type: 'veth',
    mac,
    mtu: 1500,
    qlen: 0,
    addrs: [{ ip, prefix: seg.cidr.prefix, brd: broadcastOf(ip, seg.cidr.prefix), scope: 'global' }],
    addrs6: [
      { ip: `${seg.ula}${(ip2n(ip) & 0xffff).toString(16)}`, prefix: 64, scope: 'global', flags: 'nodad' },
      { ip: linkLocalFor(mac), prefix: 64, scope: 'link' },
    ],
    ...(gateway ? { peer: { host: gateway, ifindex: peerIndex, ifname: vethName(`docker/${seed}`) } } : {}),
    linkNetns: { id: 0 },
    segment: seg.name,
  };
}

function baseHost(id: string, kind: Host['kind'], label: string, ifaces: Iface[], forwarding: boolean): Host {
  const addresses = new Set<string>();
  for (const i of ifaces) for (const a of i.addrs) addresses.add(a.ip);
  return { id, kind, label, ifaces, routes: [], addresses, forwarding };
}

/** The docker host's side of the bridge: 172.18.0.1; anything else it forwards upstream. */
export function gatewayHost(seg: Segment): Host {
  const bridgeMac = macFor('docker-bridge');
  const br: Iface = {
    index: 4,
    name: `br-${vethName('kind-network').slice(4)}${vethName('kind-network2').slice(4, 8)}`,
    type: 'veth',
    mac: bridgeMac,
    mtu: 1500,
    qlen: 0,
    addrs: [{ ip: seg.gateway, prefix: seg.cidr.prefix, brd: broadcastOf(seg.gateway, seg.cidr.prefix), scope: 'global' }],
    addrs6: [
      { ip: `${seg.ula}1`, prefix: 64, scope: 'global', flags: 'nodad' },
      { ip: linkLocalFor(bridgeMac), prefix: 64, scope: 'link' },
    ],
    segment: seg.name,
  };
  const h = baseHost('gateway', 'gateway', 'gateway', [loopback(), br], true);
  addRoute(h.routes, { dst: seg.cidr.base, prefix: seg.cidr.prefix, dev: br.name, proto: 'kernel', scope: 'link', src: seg.gateway });
  return h;
}

/** Index of a container's eth0 peer on the docker host (two per container, after lo/eth0/docker0/bridge). */
const dockerPeerIndex = (ip: string): number => 2 * (ip2n(ip) & 0xff) + 2;

export function nodeHost(name: string, ip: string, seg: Segment, gateway: Host): Host {
  const h = baseHost(`node/${name}`, 'node', name, [loopback(), dockerEth0(`node/${name}`, ip, seg, gateway, dockerPeerIndex(ip))], true);
  h.node = name;
  addRoute(h.routes, { dst: 0, prefix: 0, via: seg.gateway, dev: 'eth0' });
  addRoute(h.routes, { dst: seg.cidr.base, prefix: seg.cidr.prefix, dev: 'eth0', proto: 'kernel', scope: 'link', src: ip });
  return h;
}

/** The outside client: another container on the kind network (`docker run --network kind`). */
export function externalHost(ip: string, seg: Segment, gateway: Host): Host {
  const h = baseHost('external', 'external', 'external', [loopback(), dockerEth0('external', ip, seg, gateway, dockerPeerIndex(ip))], false);
  addRoute(h.routes, { dst: 0, prefix: 0, via: seg.gateway, dev: 'eth0' });
  addRoute(h.routes, { dst: seg.cidr.base, prefix: seg.cidr.prefix, dev: 'eth0', proto: 'kernel', scope: 'link', src: ip });
  return h;
}

export interface PodNet {
  namespace: string;
  name: string;
  uid: string;
  ip: string;
  /** The node's podCIDR (the ptp plugin's host-local subnet). */
  podCIDR: { base: number; prefix: number };
}

/** Creates the pod namespace and plugs its veth into the node (CNI ADD). */
export function attachPod(node: Host, p: PodNet, hostIfindex: number): Host {
  const gw = n2ip(p.podCIDR.base + 1);
  const podMac = macFor(`pod/${p.uid}`);
  const hostMac = macFor(`veth/${p.uid}`);
  const veth = vethName(p.uid);
  const eth0: Iface = {
    index: 2,
    name: 'eth0',
    type: 'veth',
    mac: podMac,
    mtu: 1500,
    qlen: 1000,
    addrs: [{ ip: p.ip, prefix: p.podCIDR.prefix, brd: broadcastOf(p.ip, p.podCIDR.prefix), scope: 'global' }],
    addrs6: [{ ip: linkLocalFor(podMac), prefix: 64, scope: 'link' }],
    peer: { host: node, ifindex: hostIfindex, ifname: veth },
    linkNetns: { id: 0 },
  };
  const pod = baseHost(`pod/${p.namespace}/${p.name}`, 'pod', `pod/${p.namespace}/${p.name}`, [loopback(), eth0], false);
  pod.node = node.node;
  pod.pod = { namespace: p.namespace, name: p.name, uid: p.uid };
  addRoute(pod.routes, { dst: 0, prefix: 0, via: gw, dev: 'eth0' });
  addRoute(pod.routes, { dst: p.podCIDR.base, prefix: p.podCIDR.prefix, via: gw, dev: 'eth0', src: p.ip });
  addRoute(pod.routes, { dst: ip2n(gw), prefix: 32, dev: 'eth0', scope: 'link', src: p.ip });
  const hostSide: Iface = {
    index: hostIfindex,
    name: veth,
    type: 'veth',
    mac: hostMac,
    mtu: 1500,
    qlen: 1000,
    addrs: [{ ip: gw, prefix: 32, scope: 'global' }],
    addrs6: [{ ip: linkLocalFor(hostMac), prefix: 64, scope: 'link' }],
    peer: { host: pod, ifindex: 2, ifname: 'eth0' },
    linkNetns: { name: netnsName(p.uid) },
  };
  node.ifaces.push(hostSide);
  node.addresses.add(gw);
  addRoute(node.routes, { dst: ip2n(p.ip), prefix: 32, dev: veth, scope: 'host' });
  return pod;
}

/** CNI DEL: the veth pair and the host route go; the gateway address stays while other veths carry it. */
export function detachPod(node: Host, pod: Host): void {
  const eth0 = pod.ifaces.find((i) => i.name === 'eth0');
  const veth = eth0?.peer?.ifname;
  if (!veth) return;
  node.ifaces = node.ifaces.filter((i) => i.name !== veth);
  const podIp = eth0.addrs[0]?.ip;
  const i = node.routes.findIndex((r) => r.dev === veth && r.prefix === 32 && podIp !== undefined && r.dst === ip2n(podIp));
  if (i >= 0) node.routes.splice(i, 1);
  routesChanged(node.routes);
  node.addresses.clear();
  for (const f of node.ifaces) for (const a of f.addrs) node.addresses.add(a.ip);
}
