// Short texts for the Chains view, derived from what the engine reported (never recomputed).

import type { HeaderView, HopView } from '../../engine/view/types.ts';

/**
 * An edge label that fits between two chains: the engine's match label with the single-host
 * prefix and the port spelled compactly — "10.96.241.179/32 tcp dpt:8080" → "10.96.241.179:8080/tcp".
 * Anything it does not recognise is kept as the engine wrote it.
 */
export function compactMatch(match: string): string {
  const m = match.match(/^(!?[\d.]+)\/32 (tcp|udp|sctp) dpt:(\d+)$/);
  if (m) return `${m[1]}:${m[3]}/${m[2]}`;
  return match.replace(/(\d+\.\d+\.\d+\.\d+)\/32\b/g, '$1');
}

export const endpointText = (ip: string, port: number) => `${ip}:${port}`;

export function headerText(h: HeaderView): string {
  const flags = h.flags ? ` [${h.flags}]` : '';
  const mark = h.mark ? ` mark 0x${h.mark.toString(16)}` : '';
  return `${h.proto} ${h.src}:${h.sport} → ${h.dst}:${h.dport}${flags}${mark}`;
}

/** Which header fields differ (for highlighting): src, sport, dst, dport, mark. */
export function changedFields(h: HopView): Set<keyof HeaderView> {
  const out = new Set<keyof HeaderView>();
  for (const k of ['src', 'sport', 'dst', 'dport', 'mark'] as const) if (h.before[k] !== h.after[k]) out.add(k);
  return out;
}

/** "kind-worker · nat PREROUTING", "pod/default/client · route". */
export function hopWhere(h: HopView): string {
  return `${h.host} · ${h.step === 'hook' ? h.hook : h.step}`;
}

/** "nat/PREROUTING#1 → nat/KUBE-SERVICES#1 → nat/KUBE-SVC-…#2 → nat/KUBE-SEP-…#2 DNAT" (a jump
 *  shows as the next hit, so its "jump X" verdict is left out). */
export function hitsText(h: HopView): string {
  return h.hits
    .map((x) => {
      const verdict = x.verdict && !/^(jump|goto) /.test(x.verdict) ? ` ${x.verdict}` : '';
      return `${x.table}/${x.chain}${x.type === 'policy' ? ' policy' : x.type === 'return' ? ' return' : `#${x.rule}`}${verdict}`;
    })
    .join(' → ');
}
