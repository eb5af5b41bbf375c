// A traced connection (network.connect) as the page shows it: every hop with its rule hits,
// where the client's node sent it (the KUBE-SEP chain) and which Service it addressed.

import type { Packet } from '../netfilter/types.ts';
import type { ConnectFrom, ConnectionTrace, ConnectOptions, Hop } from '../network/types.ts';
import { serviceOfPort, servicePortOfComment } from './rules.ts';
import type { HeaderView, HopView, PacketView } from './types.ts';

export function headerView(p: Packet): HeaderView {
  const h: HeaderView = { src: p.src, sport: p.sport, dst: p.dst, dport: p.dport, proto: p.proto, mark: p.mark };
  if (p.tcpFlags) h.flags = p.tcpFlags;
  return h;
}

export function hopView(h: Hop): HopView {
  const v: HopView = {
    packet: h.packetLabel,
    direction: h.direction,
    host: h.host,
    hostKind: h.hostKind,
    step: h.step,
    hits: h.hits.map((x) => {
      const hit: HopView['hits'][number] = { table: x.table, chain: x.chain, rule: x.ruleNumber, type: x.type };
      if (x.verdict !== undefined) hit.verdict = x.verdict;
      return hit;
    }),
    before: headerView(h.before),
    after: headerView(h.after),
  };
  if (h.node) v.node = h.node;
  if (h.hook) v.hook = h.hook;
  if (h.verdict) v.verdict = h.verdict;
  if (h.note) v.note = h.note;
  return v;
}

/** How the client is named: "pod/default/client", a node name, "external" or an IP. */
function fromLabel(from: ConnectFrom, trace: ConnectionTrace): string {
  if (trace.client.host) return trace.client.host;
  if ('pod' in from) return `pod/${from.pod.namespace}/${from.pod.name}`;
  if ('node' in from) return from.node;
  if ('external' in from) return 'external';
  return from.ip;
}

const COMMENT = /--comment (?:"((?:[^"\\]|\\.)*)"|(\S+))/;

/** The first KUBE-SEP chain the first packet entered on the client's node, and the Service port it belongs to. */
function chosenEndpoint(trace: ConnectionTrace): { sepChain?: string; servicePort?: string } {
  const first = trace.hops.find((h) => h.step === 'hook' && h.hits.length > 0);
  if (!first) return {};
  const out: { sepChain?: string; servicePort?: string } = {};
  for (const h of trace.hops) {
    if (h.host !== first.host || h.packetLabel !== first.packetLabel) continue;
    for (const hit of h.hits) {
      if (!out.servicePort && /^KUBE-(SVC|SVL|EXT|FW|SEP)-/.test(hit.chain)) {
        const m = COMMENT.exec(hit.rule);
        const sp = servicePortOfComment(m ? (m[1] ?? m[2])?.replace(/\\(.)/g, '$1') : undefined);
        if (sp) out.servicePort = sp;
      }
      if (!out.sepChain && hit.chain.startsWith('KUBE-SEP-')) out.sepChain = hit.chain;
    }
  }
  return out;
}

export interface PacketContext {
  id: number;
  at: number;
  /** The Service ("ns/name") with this ClusterIP/external IP and port, when no kube-proxy rule named it. */
  serviceAt(ip: string, port: number): string | undefined;
}

export function packetView(trace: ConnectionTrace, opts: ConnectOptions, ctx: PacketContext): PacketView {
  const proto = opts.proto ?? 'tcp';
  const chosen = chosenEndpoint(trace);
  const view: PacketView = {
    id: ctx.id,
    at: ctx.at,
    source: opts.source ?? 'connect',
    from: fromLabel(opts.from, trace),
    to: `${opts.to}:${opts.port}`,
    proto,
    outcome: trace.outcome,
    masqueraded: trace.masqueraded,
    hops: trace.hops.map(hopView),
  };
  if (trace.destination) {
    const d = trace.destination;
    view.destination = { ip: d.ip, port: d.port };
    if (d.pod) view.destination.pod = `${d.pod.namespace}/${d.pod.name}`;
  }
  const service = chosen.servicePort ? serviceOfPort(chosen.servicePort) : ctx.serviceAt(opts.to, opts.port);
  if (service) view.service = service;
  if (chosen.sepChain) view.sepChain = chosen.sepChain;
  if (trace.conntrack) view.conntrack = trace.conntrack;
  return view;
}
