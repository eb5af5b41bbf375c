// Route lookup in one namespace: the local table first (addresses of the namespace and
// 127/8 are delivered through `lo`), then the main table by longest prefix.

import { inNet, ip2n, n2ip } from './ids.ts';
import type { Host, Iface, Route } from './types.ts';

export interface RouteResult {
  local: boolean;
  route?: Route;
  dev: string;
  /** The neighbour the frame is sent to: the gateway, or the destination itself. */
  nexthop: string;
  /** Preferred source address for locally generated packets. */
  src: string;
}

/** Whether `ip` is one of this namespace's own addresses (the local routing table). */
export function isLocalAddress(host: Host, ip: string): boolean {
  return host.addresses.has(ip) || ip2n(ip) >>> 24 === 127;
}

/** The first global address of an interface (what MASQUERADE and source selection use). */
export function primaryAddress(iface: Iface | undefined): string | undefined {
  if (!iface) return undefined;
  return (iface.addrs.find((a) => a.scope === 'global') ?? iface.addrs[0])?.ip;
}

export const ifaceByName = (host: Host, name: string): Iface | undefined => host.ifaces.find((i) => i.name === name);

// Per-namespace index of host routes (/32): a node with hundreds of pods has as many.
const hostRouteIndex = new WeakMap<Route[], Map<number, Route>>();

function hostRoutes(routes: Route[]): Map<number, Route> {
  let idx = hostRouteIndex.get(routes);
  if (!idx) {
    idx = new Map();
    for (const r of routes) if (r.prefix === 32) idx.set(r.dst, r);
    hostRouteIndex.set(routes, idx);
  }
  return idx;
}

/** Forget the index after the route array changed in place. */
export function routesChanged(routes: Route[]): void {
  hostRouteIndex.delete(routes);
}

export function lookupRoute(host: Host, dst: string): RouteResult | undefined {
  if (isLocalAddress(host, dst)) return { local: true, dev: 'lo', nexthop: dst, src: dst };
  const n = ip2n(dst);
  let best = hostRoutes(host.routes).get(n);
  if (!best) {
    for (const r of host.routes) {
      if (r.prefix === 32) continue;
      if (inNet(n, r.dst, r.prefix) && (!best || r.prefix > best.prefix)) best = r;
    }
    for (const r of host.peerRoutes ?? []) {
      if (r.via && host.addresses.has(r.via)) continue;
      if (inNet(n, r.dst, r.prefix) && (!best || r.prefix > best.prefix)) best = r;
    }
  }
  if (!best) return undefined;
  const src = best.src ?? primaryAddress(ifaceByName(host, best.dev)) ?? '0.0.0.0';
  return { local: false, route: best, dev: best.dev, nexthop: best.via ?? dst, src };
}

/** `ip route get`-style text of a decision, e.g. `10.244.2.3 via 172.18.0.4 dev eth0 src 172.18.0.3`. */
export function describeRoute(dst: string, r: RouteResult | undefined, withSrc: boolean): string {
  if (!r) return `${dst}: no route to host (RTNETLINK answers: Network is unreachable)`;
  if (r.local) return `local ${dst} dev lo table local src ${r.src}`;
  return `${dst} ${r.route?.via ? `via ${r.route.via} ` : ''}dev ${r.dev}${withSrc ? ` src ${r.src}` : ''}`;
}

/** The main table as `ip route` lists it: own routes and kindnet's peer routes, in dump order. */
export function allRoutes(host: Host): Route[] {
  const peers = (host.peerRoutes ?? []).filter((r) => !(r.via && host.addresses.has(r.via)));
  if (peers.length === 0) return host.routes;
  const out = [...host.routes];
  for (const r of peers) addRoute(out, r);
  return out;
}

export function formatRouteDst(r: Route): string {
  if (r.prefix === 0) return 'default';
  return r.prefix === 32 ? n2ip(r.dst) : `${n2ip(r.dst)}/${r.prefix}`;
}

/** Inserts a route keeping the kernel's dump order (by destination, longer prefix first). */
export function addRoute(routes: Route[], r: Route): void {
  let i = 0;
  while (i < routes.length && (routes[i]!.dst < r.dst || (routes[i]!.dst === r.dst && routes[i]!.prefix > r.prefix))) i++;
  routes.splice(i, 0, r);
  routesChanged(routes);
}

export function removeRoutes(routes: Route[], pred: (r: Route) => boolean): void {
  for (let i = routes.length - 1; i >= 0; i--) if (pred(routes[i]!)) routes.splice(i, 1);
  routesChanged(routes);
}
