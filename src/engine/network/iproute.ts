// `ip addr` and `ip route` of a namespace, byte for byte as iproute2 6.1 prints them (checked
// against a kind-like pair of namespaces: trailing spaces after "group default" without qlen,
// after IPv6 scopes and after every route line are iproute2's own).

import { allRoutes, formatRouteDst } from './routing.ts';
import type { Host, Iface } from './types.ts';

function linkLine(i: Iface): string {
  const flags = i.type === 'loopback' ? '<LOOPBACK,UP,LOWER_UP>' : '<BROADCAST,MULTICAST,UP,LOWER_UP>';
  const state = i.type === 'loopback' ? 'UNKNOWN' : 'UP';
  const name = i.peer ? `${i.name}@if${i.peer.ifindex}` : i.name;
  return `${i.index}: ${name}: ${flags} mtu ${i.mtu} qdisc noqueue state ${state} group default ${i.qlen ? `qlen ${i.qlen}` : ''}`;
}

function etherLine(i: Iface): string {
  if (i.type === 'loopback') return '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00';
  let s = `    link/ether ${i.mac} brd ff:ff:ff:ff:ff:ff`;
  if (i.linkNetns) s += 'id' in i.linkNetns ? ` link-netnsid ${i.linkNetns.id}` : ` link-netns ${i.linkNetns.name}`;
  return s;
}

const LFT = '       valid_lft forever preferred_lft forever';

/** `ip addr` (alias `ip a`, `ip address show`) of one namespace. */
export function formatIpAddr(host: Host): string {
  const out: string[] = [];
  for (const i of [...host.ifaces].sort((a, b) => a.index - b.index)) {
    out.push(linkLine(i), etherLine(i));
    for (const a of i.addrs) {
      out.push(`    inet ${a.ip}/${a.prefix} ${a.brd ? `brd ${a.brd} ` : ''}scope ${a.scope} ${i.name}`, LFT);
    }
    for (const a of i.addrs6) {
      out.push(`    inet6 ${a.ip}/${a.prefix} scope ${a.scope} ${a.flags ? `${a.flags} ` : ''}`, LFT);
    }
  }
  return out.map((l) => `${l}\n`).join('');
}

/** `ip route` (`ip r`, `ip route show`) of one namespace: the main table. */
export function formatIpRoute(host: Host): string {
  return allRoutes(host)
    .map((r) => {
      let s = `${formatRouteDst(r)} `;
      if (r.via) s += `via ${r.via} `;
      s += `dev ${r.dev} `;
      if (r.proto) s += `proto ${r.proto} `;
      if (r.scope) s += `scope ${r.scope} `;
      if (r.src) s += `src ${r.src} `;
      return `${s}\n`;
    })
    .join('');
}
