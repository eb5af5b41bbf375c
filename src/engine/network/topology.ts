// Follows the API server: a namespace per Node (with its netfilter kernel), one per running
// non-hostNetwork Pod (plugged into its node like CNI ADD does), the outside client and the
// docker gateway. Every namespace is indexed by its addresses so a packet never scans pods.

import type { Node, Pod } from '../api/types.ts';
import type { ApiServer, WatchEvent } from '../api/store.ts';
import type { Rng } from '../sim/rng.ts';
import { parseCIDRv4 } from '../api/kinds/ip.ts';
import { n2ip } from './ids.ts';
import { attachPod, detachPod, externalHost, gatewayHost, nodeHost, segmentFor, type Segment } from './hosts.ts';
import { createKernel } from './kernelPort.ts';
import { addRoute, ifaceByName, isLocalAddress, primaryAddress, removeRoutes } from './routing.ts';
import type { Host, Route } from './types.ts';

interface NodeState {
  name: string;
  ip: string;
  podCIDR?: { base: number; prefix: number };
  controlPlane: boolean;
  host: Host;
  /** The next ifindex the node's namespace hands out (lo is 1, eth0 2; never reused). */
  nextIfindex: number;
}

export interface TopologyDeps {
  api: ApiServer;
  rng: Rng;
  now: () => number;
  /** The outside client's address (last octet on the kind network). */
  externalOctet?: number;
}

/**
 * inet_select_addr(out, …, RT_SCOPE_UNIVERSE): a global address of the interface, else the
 * first global address of any interface (so MASQUERADE on `lo` picks eth0's address).
 */
function masqueradeAddress(host: Host, iface: string): string | undefined {
  const own = ifaceByName(host, iface)?.addrs.find((a) => a.scope === 'global');
  if (own) return own.ip;
  for (const i of host.ifaces) for (const a of i.addrs) if (a.scope === 'global') return a.ip;
  return primaryAddress(ifaceByName(host, iface));
}

const podKey = (p: Pod): string => `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`;

export class Topology {
  readonly nodes = new Map<string, NodeState>();
  readonly pods = new Map<string, Pod>();
  readonly podHosts = new Map<string, Host>();
  private readonly byIp = new Map<string, Host>();
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly hostNetwork = new Map<string, Map<string, Pod>>();
  /** kindnet's podCIDR routes, shared by every node namespace. */
  private readonly peerRoutes: Route[] = [];
  segment?: Segment;
  gateway?: Host;
  external?: Host;
  private readonly unwatch: (() => void)[] = [];

  constructor(private readonly deps: TopologyDeps) {
    for (const n of deps.api.list<Node>('nodes')) this.applyNode(n);
    for (const p of deps.api.list<Pod>('pods')) this.applyPod(p);
    this.unwatch.push(deps.api.watch('nodes', (e) => this.onNode(e)));
    this.unwatch.push(deps.api.watch('pods', (e) => this.onPod(e)));
  }

  stop(): void {
    for (const u of this.unwatch.splice(0)) u();
  }

  hostByIp(ip: string): Host | undefined {
    return this.byIp.get(ip);
  }

  hostNetworkPods(node: string): Iterable<Pod> {
    return this.hostNetwork.get(node)?.values() ?? [];
  }

  /** Nodes in the order they were created, then pods by key, then the client and the gateway. */
  allHosts(): Host[] {
    const out = [...this.nodes.values()].map((n) => n.host);
    out.push(...[...this.podHosts.keys()].sort().map((k) => this.podHosts.get(k)!));
    if (this.external) out.push(this.external);
    if (this.gateway) out.push(this.gateway);
    return out;
  }

  private onNode(e: WatchEvent): void {
    if (e.type === 'DELETED') this.removeNode(e.object.metadata.name ?? '');
    else this.applyNode(e.object as Node);
  }

  private onPod(e: WatchEvent): void {
    if (e.type === 'DELETED') this.removePod(podKey(e.object as Pod));
    else this.applyPod(e.object as Pod);
  }

  private ensureSegment(nodeIp: string): Segment {
    if (this.segment) return this.segment;
    const seg = segmentFor(nodeIp);
    this.segment = seg;
    this.gateway = gatewayHost(seg);
    this.external = externalHost(n2ip(seg.cidr.base + (this.deps.externalOctet ?? 100)), seg, this.gateway);
    for (const h of [this.gateway, this.external]) for (const ip of h.addresses) this.byIp.set(ip, h);
    return seg;
  }

  private applyNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (!ip || this.nodes.has(name)) {
      const st = this.nodes.get(name);
      if (st) this.setPodCIDR(st, node.spec?.podCIDR);
      return;
    }
    const seg = this.ensureSegment(ip);
    const host = nodeHost(name, ip, seg, this.gateway!);
    host.peerRoutes = this.peerRoutes;
    // Only eth0 has a subnet broadcast address; pod veths carry /32s.
    const broadcasts = new Set(host.ifaces.flatMap((i) => i.addrs.flatMap((a) => (a.brd ? [a.brd] : []))));
    const st: NodeState = { name, ip, host, nextIfindex: 3, controlPlane: 'node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {}) };
    host.kernel = createKernel({
      rng: this.deps.rng.fork(`kernel/${name}`),
      now: this.deps.now,
      isLocal: (addr) => isLocalAddress(host, addr),
      ifaceAddress: (iface) => masqueradeAddress(host, iface),
      isBroadcast: (addr) => broadcasts.has(addr),
      // `ip addr` order: interfaces by index, IPv4 then IPv6 addresses of each.
      interfaceAddrs: () => host.ifaces.flatMap((i) => [...i.addrs.map((a) => a.ip), ...i.addrs6.map((a) => a.ip)]),
    });
    this.nodes.set(name, st);
    this.byIp.set(ip, host);
    this.setPodCIDR(st, node.spec?.podCIDR);
    for (const key of this.podsByNode.get(name) ?? []) {
      const p = this.pods.get(key);
      if (p) this.applyPod(p);
    }
  }

  private setPodCIDR(st: NodeState, cidr: string | undefined): void {
    const c = cidr ? parseCIDRv4(cidr) : null;
    const next = c ? { base: c.base, prefix: c.bits } : undefined;
    if (next?.base === st.podCIDR?.base && next?.prefix === st.podCIDR?.prefix) return;
    removeRoutes(this.peerRoutes, (r) => r.via === st.ip);
    st.podCIDR = next;
    if (next) addRoute(this.peerRoutes, { dst: next.base, prefix: next.prefix, via: st.ip, dev: 'eth0' });
  }

  private removeNode(name: string): void {
    const st = this.nodes.get(name);
    if (!st) return;
    for (const key of this.podsByNode.get(name) ?? []) this.detach(key);
    removeRoutes(this.peerRoutes, (r) => r.via === st.ip);
    if (this.byIp.get(st.ip) === st.host) this.byIp.delete(st.ip);
    this.nodes.delete(name);
  }

  private applyPod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec.nodeName;
    const prev = this.pods.get(key);
    if (prev?.spec.nodeName && prev.spec.nodeName !== nodeName) this.podsByNode.get(prev.spec.nodeName)?.delete(key);
    this.pods.set(key, pod);
    if (!nodeName) return;
    let set = this.podsByNode.get(nodeName);
    if (!set) this.podsByNode.set(nodeName, (set = new Set()));
    set.add(key);
    const phase = pod.status?.phase;
    const alive = phase !== 'Succeeded' && phase !== 'Failed';
    if (pod.spec.hostNetwork) {
      let hn = this.hostNetwork.get(nodeName);
      if (!hn) this.hostNetwork.set(nodeName, (hn = new Map()));
      if (alive) hn.set(key, pod);
      else hn.delete(key);
      return;
    }
    const ip = pod.status?.podIP;
    const existing = this.podHosts.get(key);
    const want = alive && ip !== undefined && ip !== '';
    if (existing && (!want || existing.node !== nodeName || existing.pod?.uid !== pod.metadata.uid || !existing.addresses.has(ip!))) this.detach(key);
    if (!want || this.podHosts.has(key)) return;
    const st = this.nodes.get(nodeName);
    if (!st?.podCIDR) return;
    const host = attachPod(
      st.host,
      { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? key, ip: ip!, podCIDR: st.podCIDR },
      st.nextIfindex++,
    );
    this.podHosts.set(key, host);
    this.byIp.set(ip!, host);
    // The node now carries the podCIDR gateway on its veths.
    this.byIp.set(n2ip(st.podCIDR.base + 1), st.host);
  }

  private detach(key: string): void {
    const host = this.podHosts.get(key);
    if (!host) return;
    const st = host.node ? this.nodes.get(host.node) : undefined;
    if (st) detachPod(st.host, host);
    for (const ip of host.addresses) if (this.byIp.get(ip) === host) this.byIp.delete(ip);
    this.podHosts.delete(key);
    if (st?.podCIDR) {
      const gw = n2ip(st.podCIDR.base + 1);
      if (!st.host.addresses.has(gw) && this.byIp.get(gw) === st.host) this.byIp.delete(gw);
    }
  }

  private removePod(key: string): void {
    this.detach(key);
    const p = this.pods.get(key);
    if (p?.spec.nodeName) {
      this.podsByNode.get(p.spec.nodeName)?.delete(key);
      this.hostNetwork.get(p.spec.nodeName)?.delete(key);
    }
    this.pods.delete(key);
  }

  /** Which pod (if any) owns an address; hostNetwork pods are not distinguished from their node. */
  podOf(host: Host): Pod | undefined {
    return host.pod ? this.pods.get(`${host.pod.namespace}/${host.pod.name}`) : undefined;
  }

  nodeState(name: string): NodeState | undefined {
    return this.nodes.get(name);
  }

  /** The namespace that answers ARP for `ip` on the kind network. */
  onSegment(ip: string): Host | undefined {
    const h = this.byIp.get(ip);
    if (!h || !this.segment) return undefined;
    return h.ifaces.some((i) => i.segment === this.segment!.name && i.addrs.some((a) => a.ip === ip)) ? h : undefined;
  }

}
