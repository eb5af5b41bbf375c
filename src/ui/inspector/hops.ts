// How a packet's headers changed at each hop, for the Inspector's hop table. Pure: the engine
// reports the before/after headers; this only names the difference (DNAT, SNAT, mark).
import type { HeaderView, HopView } from '../../engine/view/types.ts';

export type Rewrite = 'DNAT' | 'SNAT' | 'un-DNAT' | 'un-SNAT' | 'MARK';

export function formatHeader(h: HeaderView): string {
  const flags = h.flags ? ` [${h.flags}]` : '';
  const mark = h.mark ? ` mark=0x${h.mark.toString(16)}` : '';
  return `${h.proto} ${h.src}:${h.sport} → ${h.dst}:${h.dport}${flags}${mark}`;
}

/**
 * What the hop rewrote. On the original direction a destination change is DNAT and a source
 * change SNAT (MASQUERADE); on replies conntrack undoes them: the source goes back to the
 * Service address (un-DNAT) and the destination back to the client (un-SNAT).
 */
export function rewritesOf(hop: Pick<HopView, 'before' | 'after' | 'direction'>): Rewrite[] {
  const { before: b, after: a } = hop;
  const reply = hop.direction === 'reply';
  const out: Rewrite[] = [];
  const dst = b.dst !== a.dst || b.dport !== a.dport;
  const src = b.src !== a.src || b.sport !== a.sport;
  if (reply) {
    if (src) out.push('un-DNAT');
    if (dst) out.push('un-SNAT');
  } else {
    if (dst) out.push('DNAT');
    if (src) out.push('SNAT');
  }
  if (b.mark !== a.mark) out.push('MARK');
  return out;
}

/** Where the hop is, as one short label: "kind-worker nat PREROUTING", "pod/default/client transmit". */
export function hopPlace(hop: HopView): string {
  return [hop.host, hop.hook ?? hop.step].join(' ');
}

/** The rule hits as "nat/KUBE-SERVICES#3 → nat/KUBE-SVC-…#1 DNAT". */
export function hitsText(hop: HopView): string {
  return hop.hits
    .map((h) => {
      const where = h.type === 'policy' ? `${h.table}/${h.chain} policy` : `${h.table}/${h.chain}#${h.rule}`;
      return h.verdict ? `${where} ${h.verdict}` : where;
    })
    .join(' → ');
}

/** The first hop that DNATed the original direction (what the Service address became), if any. */
export function firstDnat(hops: readonly HopView[]): { index: number; hop: HopView } | undefined {
  const index = hops.findIndex((h) => rewritesOf(h).includes('DNAT'));
  return index < 0 ? undefined : { index, hop: hops[index]! };
}

/** "10.96.241.179:8080 → 10.244.2.3:8080". */
export function dnatText(hop: HopView): string {
  return `${hop.before.dst}:${hop.before.dport} → ${hop.after.dst}:${hop.after.dport}`;
}
