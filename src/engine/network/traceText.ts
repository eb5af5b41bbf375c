// The `trace` command's renderings of a ConnectionTrace: the text (kernel TRACE lines with
// `#` lines for routing, transmit, NAT and delivery in between, then the outcome), the JSON
// summary, and the endpoint spread of many connections.

import type { Packet } from '../netfilter/types.ts';
import { formatHopTrace } from './tracelog.ts';
import type { ConnectionTrace, Hop } from './types.ts';

const ep = (ip: string, port: number): string => `${ip}:${port}`;
const srcOf = (p: Packet): string => ep(p.src, p.sport);
const dstOf = (p: Packet): string => ep(p.dst, p.dport);

/** A hook hop that traced nothing and changed nothing, on the same namespace and packet. */
function quietHook(n: Hop | undefined, h: Hop): boolean {
  return !!n && n.step === 'hook' && n.hits.length === 0 && !n.note && n.verdict === 'ACCEPT' && !natNote(n) && n.host === h.host && n.packetLabel === h.packetLabel;
}

function packetText(p: Packet): string {
  if (p.proto === 'icmp') return `${p.src} -> ${p.dst} (destination unreachable)`;
  return `${srcOf(p)} -> ${dstOf(p)}`;
}

/** What a hook did to the addresses (NAT for a new connection, conntrack's reversal for the rest). */
function natNote(h: Hop): string | undefined {
  const changes: string[] = [];
  const reply = h.direction === 'reply';
  if (h.before.dst !== h.after.dst || h.before.dport !== h.after.dport) {
    changes.push(`${reply ? 'un-SNAT' : 'DNAT'} ${dstOf(h.before)} -> ${dstOf(h.after)}`);
  }
  if (h.before.src !== h.after.src || h.before.sport !== h.after.sport) {
    changes.push(`${reply ? 'un-DNAT' : 'SNAT'} ${srcOf(h.before)} -> ${srcOf(h.after)}`);
  }
  return changes.length ? `${h.hook}: ${changes.join(', ')}` : undefined;
}

/** The lines of a trace; with `node`, only what happened on that node and in its pods. */
export function traceText(t: ConnectionTrace, opts: { node?: string } = {}): string[] {
  const out: string[] = [];
  let label = '';
  const hops = opts.node === undefined ? t.hops : t.hops.filter((h) => h.node === opts.node);
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!;
    if (h.packetLabel !== label) {
      label = h.packetLabel;
      out.push(`# ${label} ${packetText(h.before)}`);
    }
    if (h.step === 'hook') {
      const lines = formatHopTrace(h);
      out.push(...lines);
      const nat = natNote(h);
      if (h.note) out.push(`# ${h.host}: ${h.hook}: ${h.note}`);
      if (h.verdict === 'DROP') out.push(`# ${h.host}: ${h.hook}: dropped`);
      else if (h.verdict === 'REJECT') out.push(`# ${h.host}: ${h.hook}: rejected`);
      else if (nat) out.push(`# ${h.host}: ${nat}`);
      else if (lines.length === 0 && !h.note) {
        // Nothing registered at this hook (a pod namespace has no rules at all): one line for the run.
        const names = [h.hook!];
        while (quietHook(hops[i + 1], h)) names.push(hops[++i]!.hook!);
        out.push(`# ${h.host}: ${names.join(', ')}: ${h.hostKind === 'node' ? 'no rules traversed' : 'no netfilter rules in this namespace'}`);
      }
      continue;
    }
    const verb = h.step === 'route' ? 'route ' : h.step === 'drop' ? 'lost: ' : '';
    out.push(`# ${h.host}: ${verb}${h.note ?? ''}`);
  }
  if (t.conntrack) out.push(`# conntrack on ${conntrackHost(t)}: ${t.conntrack}`);
  out.push(outcomeLine(t));
  return out;
}

function conntrackHost(t: ConnectionTrace): string {
  return t.hops.find((h) => h.step === 'hook' && h.hits.length > 0)?.host ?? t.client.host;
}

export function outcomeLine(t: ConnectionTrace): string {
  const target = t.hops[0] ? dstOf(t.hops[0].before) : '';
  if (t.outcome === 'connected') {
    const d = t.destination;
    const who = d?.pod ? `pod/${d.pod.namespace}/${d.pod.name} at ${ep(d.ip, d.port)}` : d ? ep(d.ip, d.port) : target;
    return `connected: ${target} answered by ${who}; the server saw the client as ${t.serverSawSource ?? '?'}${t.masqueraded ? ' (masqueraded)' : ''}`;
  }
  return `${t.outcome}: connect to ${target} failed: ${t.error ?? ''}`;
}

export type Verdict = 'DNAT' | 'ACCEPT' | 'REJECT' | 'DROP' | 'NONE';

/** The netfilter verdict on the connection's first packet. */
export function verdictOf(t: ConnectionTrace): Verdict {
  const first = t.hops[0]?.packetLabel;
  const hooks = t.hops.filter((h) => h.packetLabel === first && h.step === 'hook' && h.hits.length > 0);
  if (hooks.some((h) => h.verdict === 'REJECT')) return 'REJECT';
  if (hooks.some((h) => h.verdict === 'DROP')) return 'DROP';
  if (hooks.some((h) => h.before.dst !== h.after.dst || h.before.dport !== h.after.dport)) return 'DNAT';
  return hooks.length ? 'ACCEPT' : 'NONE';
}

function hopJson(h: Hop): Record<string, unknown> {
  return {
    packet: h.packetLabel,
    host: h.host,
    step: h.step,
    ...(h.hook ? { hook: h.hook } : {}),
    ...(h.inIface ? { in: h.inIface } : {}),
    ...(h.outIface ? { out: h.outIface } : {}),
    before: `${srcOf(h.before)} > ${dstOf(h.before)}`,
    after: `${srcOf(h.after)} > ${dstOf(h.after)}`,
    ...(h.verdict ? { verdict: h.verdict } : {}),
    hits: h.hits.map((x) => `${x.table}:${x.chain}:${x.type}:${x.ruleNumber}`),
    ...(h.note ? { note: h.note } : {}),
  };
}

export function traceJson(t: ConnectionTrace, opts: { node?: string } = {}): string {
  const hops = opts.node === undefined ? t.hops : t.hops.filter((h) => h.node === opts.node);
  return JSON.stringify({
    verdict: verdictOf(t),
    destination: t.destination ? ep(t.destination.ip, t.destination.port) : null,
    masquerade: t.masqueraded,
    hops: hops.map(hopJson),
    outcome: t.outcome,
  });
}

export interface SpreadRow {
  endpoint: string;
  pod: string;
  connections: number;
}

/** Connections per endpoint (destination after DNAT); failed ones without destination by outcome. */
export function spread(traces: ConnectionTrace[]): SpreadRow[] {
  const rows = new Map<string, SpreadRow>();
  for (const t of traces) {
    const d = t.destination;
    const key = d ? ep(d.ip, d.port) : `<${t.outcome}>`;
    const row = rows.get(key) ?? { endpoint: d ? key : '<none>', pod: d?.pod ? `${d.pod.namespace}/${d.pod.name}` : d ? '<none>' : `<${t.outcome}>`, connections: 0 };
    row.connections++;
    rows.set(key, row);
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

export const share = (n: number, total: number): string => `${((n * 100) / total).toFixed(1)}%`;
