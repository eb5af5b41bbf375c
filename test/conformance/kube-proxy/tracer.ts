// Packet tracing for the kube-proxy flow conformance suite: the counterpart of upstream's
// tracePacket (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go), but instead of
// pattern-matching rule text it sends a real first packet through Proxyscope's NetfilterKernel,
// hook by hook, along the path Linux takes (NF-3):
//   sent by the node itself (source is a node address or 127.0.0.1):
//       OUTPUT -> POSTROUTING [-> lo -> PREROUTING -> INPUT when the destination stays local]
//   arriving from a pod or from outside:
//       PREROUTING -> INPUT (destination local after DNAT) or FORWARD -> POSTROUTING
// Upstream's tracer always starts at nat PREROUTING and then runs the filter chains KUBE-SERVICES,
// KUBE-EXTERNAL-SERVICES, KUBE-NODEPORTS and KUBE-PROXY-FIREWALL by hand; PREROUTING and OUTPUT
// both jump to nat KUBE-SERVICES and the filter chains are reached from INPUT/FORWARD/OUTPUT
// (KP-14), so the kernel walk must give the same answers.
//
// The result is reported the way upstream reports it: the DNAT destination "ip:port", then a
// filter verdict REJECT/DROP, or ACCEPT when a kube-proxy filter rule accepted the packet
// (the health check node port rule); "" when nothing matched. masq is the 0x4000 mark after
// the nat hook; masqueraded says whether KUBE-POSTROUTING then really MASQUERADEd it.

import { NetfilterKernel, type HookResult, type RuleHit } from '../../../src/engine/netfilter/kernel/index.ts';
import type { Family, Hook, Packet } from '../../../src/engine/netfilter/types.ts';
import { createRng } from '../../../src/engine/sim/rng.ts';

export const MASQ_MARK = 0x4000;

/** The filter chains upstream's tracer runs by hand: only their ACCEPT rules count as "ACCEPT". */
const TRACED_FILTER_CHAINS = new Set(['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']);

export interface NodeNetns {
  /** The namespace's netfilter of one family (ip6tables' for an IPv6 proxier). */
  kernel: NetfilterKernel;
  /** Addresses of the node of the kernel's family (besides 127.0.0.0/8 or ::1), the first one on eth0. */
  localIPs: string[];
  /** Advances per traced connection (conntrack timeouts run on it). */
  clock: { t: number };
  /** Next source port: every trace is a new connection. */
  nextPort: number;
}

// 127.0.0.0/8 on lo; IPv6 has the one loopback address ::1.
const isLoopback = (ip: string): boolean => ip.startsWith('127.') || ip === '::1';

/** Upstream's pod networks: 10.0.0.0/8, fd00:10::/64 for the IPv6 proxier (clusterCIDR). */
const isPodAddress = (ip: string): boolean => ip.startsWith('10.') || ip.startsWith('fd00:10::');

export function isLocalAddress(ns: Pick<NodeNetns, 'localIPs'>, ip: string): boolean {
  return isLoopback(ip) || ns.localIPs.includes(ip);
}

/**
 * The root network namespace of test-node: eth0 holds localIPs, lo 127.0.0.1/8 (::1/128);
 * `family` 'ipv6' gives the namespace's ip6tables side, where an IPv6 proxier writes.
 */
export function nodeNetns(localIPs: string[], seed = 1, family: Family = 'ipv4'): NodeNetns {
  const clock = { t: 0 };
  const ns: NodeNetns = { kernel: undefined as unknown as NetfilterKernel, localIPs, clock, nextPort: 40000 };
  const v6 = family === 'ipv6';
  ns.kernel = new NetfilterKernel({
    rng: createRng(seed),
    now: () => clock.t,
    isLocal: (ip) => localIPs.includes(ip),
    ifaceAddress: (iface) =>
      iface === 'lo' ? (v6 ? '::1' : '127.0.0.1') : iface === 'eth0' ? localIPs[0] : iface === 'vethpod' ? (v6 ? 'fd00:10::1' : '10.0.0.1') : undefined,
    family,
  });
  return ns;
}

export interface Flow {
  sourceIP: string;
  destIP: string;
  destPort: number;
  /** TCP unless given (upstream's default). */
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface TraceResult {
  /** As upstream's tracePacket reports it: "10.180.0.1:80", "REJECT", "DROP", "ACCEPT", "" … */
  output: string;
  /** The masquerade bit was set by the nat rules. */
  masq: boolean;
  /** KUBE-POSTROUTING's MASQUERADE rule rewrote the packet (undefined: it never got there). */
  masqueraded: boolean | undefined;
  /** Every rule the packet hit, "table:chain:n rule -> verdict" (for failure messages). */
  path: string[];
}

const hitText = (h: RuleHit): string => `${h.table}:${h.chain}:${h.type === 'rule' ? h.ruleNumber : h.type} ${h.rule}${h.verdict ? ` -> ${h.verdict}` : ''}`;

/** One new connection's first packet through the node. */
export function tracePacket(ns: NodeNetns, flow: Flow): TraceResult {
  const { kernel } = ns;
  ns.clock.t += 1;
  const proto = (flow.protocol ?? 'TCP').toLowerCase() as Packet['proto'];
  const pkt: Packet = {
    src: flow.sourceIP,
    dst: flow.destIP,
    proto,
    sport: ns.nextPort++,
    dport: flow.destPort,
    length: 60,
    mark: 0,
    ...(proto === 'tcp' ? { tcpFlags: 'SYN' } : {}),
  };
  const hits: { hook: Hook; hit: RuleHit }[] = [];
  let stop: HookResult | undefined;
  const run = (hook: Hook, p: Packet, meta: { inIface?: string; outIface?: string }): HookResult => {
    const r = kernel.hook(hook, p, meta);
    for (const hit of r.hits) hits.push({ hook, hit });
    if (r.verdict !== 'ACCEPT' && !stop) stop = r;
    return r;
  };
  const outDev = (ip: string): string => (isLocalAddress(ns, ip) ? 'lo' : 'eth0');

  let natted: Packet;
  let reachedPostrouting = false;
  if (isLocalAddress(ns, pkt.src)) {
    const out = run('OUTPUT', pkt, { outIface: outDev(pkt.dst) });
    natted = out.packet;
    if (!stop) {
      // ip_route_me_harder: DNAT in OUTPUT may have changed the route.
      const post = run('POSTROUTING', out.packet, { outIface: outDev(out.packet.dst) });
      reachedPostrouting = true;
      if (!stop && isLocalAddress(ns, post.packet.dst)) {
        const pre = run('PREROUTING', post.packet, { inIface: 'lo' });
        if (!stop) run('INPUT', pre.packet, { inIface: 'lo' });
      }
    }
  } else {
    const inIface = isPodAddress(pkt.src) ? 'vethpod' : 'eth0';
    const pre = run('PREROUTING', pkt, { inIface });
    natted = pre.packet;
    if (!stop) {
      if (isLocalAddress(ns, pre.packet.dst)) {
        run('INPUT', pre.packet, { inIface });
      } else {
        const fwd = run('FORWARD', pre.packet, { inIface, outIface: 'eth0' });
        if (!stop) {
          run('POSTROUTING', fwd.packet, { inIface, outIface: 'eth0' });
          reachedPostrouting = true;
        }
      }
    }
  }

  const parts: string[] = [];
  // upstream writes an IPv6 endpoint as "[ip]:port" (net.JoinHostPort)
  const hostPort = natted.dst.includes(':') ? `[${natted.dst}]:${natted.dport}` : `${natted.dst}:${natted.dport}`;
  if (natted.dst !== pkt.dst || natted.dport !== pkt.dport) parts.push(hostPort);
  if (stop) {
    if (stop.dropReason !== undefined) parts.push(`${stop.verdict} (${stop.dropReason})`);
    else parts.push(stop.verdict);
  } else if (hits.some(({ hit }) => hit.table === 'filter' && TRACED_FILTER_CHAINS.has(hit.chain) && hit.verdict === 'ACCEPT')) {
    parts.push('ACCEPT');
  }
  const masqueraded = reachedPostrouting && !stop
    ? hits.some(({ hook, hit }) => hook === 'POSTROUTING' && hit.chain === 'KUBE-POSTROUTING' && hit.verdict === 'MASQUERADE')
    : undefined;
  return {
    output: parts.join(', '),
    masq: (natted.mark & MASQ_MARK) !== 0,
    masqueraded,
    path: hits.map(({ hook, hit }) => `${hook} ${hitText(hit)}`),
  };
}

export interface FlowOutcome {
  /** Distinct outputs reached, in the order first seen. */
  outputs: string[];
  /** The masquerade bit of every trace (upstream ORs them over the probabilistic branches). */
  masq: boolean[];
  /** Traces whose mark and MASQUERADE disagree (mark set but not masqueraded, or the reverse). */
  inconsistent: TraceResult[];
  traces: number;
  /** One trace per distinct output, for failure messages. */
  samples: Map<string, TraceResult>;
}

/**
 * Upstream's tracer follows every `--probability` branch of a KUBE-SVC chain and lists each
 * endpoint; the kernel draws one per connection. So trace new connections until every expected
 * output has been seen, at least `minTraces` times and at most `maxTraces` times.
 */
export function traceFlow(ns: NodeNetns, flow: Flow, expected: string[], minTraces = 16, maxTraces = 256): FlowOutcome {
  const seen = new Map<string, TraceResult>();
  const masq: boolean[] = [];
  const inconsistent: TraceResult[] = [];
  let n = 0;
  while (n < maxTraces) {
    const r = tracePacket(ns, flow);
    n++;
    if (!seen.has(r.output)) seen.set(r.output, r);
    masq.push(r.masq);
    if (r.masqueraded !== undefined && r.masqueraded !== r.masq) inconsistent.push(r);
    if (n >= Math.max(minTraces, 8 * expected.length) && expected.every((e) => seen.has(e))) break;
  }
  return { outputs: [...seen.keys()], masq, inconsistent, traces: n, samples: seen };
}
