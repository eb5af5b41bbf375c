// Where a packet's dot goes in one node's chain graph: exactly the hops the engine traced on
// that node, in order — the hook, every nat chain its rules jumped through (the SEP the engine
// chose among them), the pod it was delivered to — and back along the reply. Pure: the graph
// decides only which of those places are drawn.

import type { HeaderView, HopView, PacketView } from '../../engine/view/types.ts';
import type { ChainGraph } from './graph.ts';

export interface DotStep {
  /** A node of the chain graph. */
  id: string;
  /** The packet's label at this step: "→ 10.96.241.179:8080" (original) / "← 10.244.1.2:8080" (reply). */
  text: string;
  /** The destination changed here (a DNAT, or the reply's un-DNAT of the source). */
  rewrite?: boolean;
  /** Index in `packet.hops` of the hop this step belongs to. */
  hop: number;
}

export interface DotPath {
  packetId: number;
  /** The first packet of the exchange (SYN / UDP) through this node. */
  steps: DotStep[];
  /** Its answer (SYN-ACK, RST, …) back through this node. */
  reply: DotStep[];
  /** The packet ended here: dropped or rejected (on this node), after the last step. */
  end?: { verdict: 'DROP' | 'REJECT'; where: string };
  /** The chosen KUBE-SEP chain, when it is drawn on this node's path. */
  sep?: string;
  /** Who sent it, for the dot's starting label. */
  from: string;
}

const dstOf = (h: HeaderView) => `${h.dst}:${h.dport}`;
const srcOf = (h: HeaderView) => `${h.src}:${h.sport}`;

/** The graph node a hop's pod stands for: `pod:<ns>/<name>`, else the DNAT destination `ep:<ip>`. */
function podNode(h: HopView, ids: Set<string>, useSrc: boolean): string | undefined {
  const m = h.host.match(/^pod\/([^/]+)\/(.+)$/);
  if (m && ids.has(`pod:${m[1]}/${m[2]}`)) return `pod:${m[1]}/${m[2]}`;
  const ip = useSrc ? h.before.src : h.after.dst;
  return ids.has(`ep:${ip}`) ? `ep:${ip}` : undefined;
}

export function packetPath(p: PacketView, node: string, g: ChainGraph): DotPath | undefined {
  if (!p.hops.some((h) => h.node === node)) return undefined;
  const ids = new Set(g.nodes.map((n) => n.id));
  const resolve = (chain: string): string | undefined => (ids.has(chain) ? chain : g.alias[chain]);
  const path: DotPath = { packetId: p.id, steps: [], reply: [], from: p.from };
  const push = (list: DotStep[], step: DotStep) => {
    const last = list[list.length - 1];
    if (last?.id === step.id) {
      if (step.rewrite) Object.assign(last, { text: step.text, rewrite: true });
      return;
    }
    list.push(step);
  };

  const walk = (direction: 'original' | 'reply', list: DotStep[]): boolean => {
    const label = p.hops.find((h) => h.direction === direction)?.packet;
    const text = (h: HeaderView) => (direction === 'original' ? `→ ${dstOf(h)}` : `← ${srcOf(h)}`);
    let here = false;
    for (let i = 0; i < p.hops.length; i++) {
      const h = p.hops[i]!;
      if (h.direction !== direction || h.packet !== label) continue;
      const onNode = h.hostKind === 'node' && h.node === node;
      here ||= onNode;
      if (onNode && h.step === 'hook' && h.hook) {
        const hook = resolve(h.hook);
        // A reply's rewrite happens in conntrack, at the hook, without nat rules.
        const undo = direction === 'reply' && srcOf(h.before) !== srcOf(h.after);
        if (hook) push(list, { id: hook, text: text(undo ? h.after : h.before), hop: i, ...(undo ? { rewrite: true } : {}) });
        for (const hit of h.hits) {
          // Falling off the end of a built-in chain is not a move: the packet is already there.
          if (hit.table !== 'nat' || hit.type === 'policy') continue;
          const id = resolve(hit.chain);
          if (!id) continue;
          const dnat = hit.verdict === 'DNAT';
          push(list, { id, text: text(dnat ? h.after : h.before), hop: i, ...(dnat ? { rewrite: true } : {}) });
          if (dnat && hit.chain.startsWith('KUBE-SEP-') && direction === 'original') path.sep = id;
        }
        if (h.verdict === 'DROP' || h.verdict === 'REJECT') {
          const last = [...h.hits].reverse().find((x) => x.verdict === h.verdict || x.type === 'policy');
          path.end = { verdict: h.verdict, where: last ? `${last.table} ${last.chain} ${last.type === 'policy' ? 'policy' : `#${last.rule}`}` : `${h.hook}` };
          return false;
        }
      } else if (onNode && h.step === 'drop') {
        path.end = { verdict: 'DROP', where: h.note ?? 'dropped' };
        return false;
      } else if (h.step === 'deliver' && h.hostKind === 'pod' && direction === 'original' && (here || h.node === node)) {
        const id = podNode(h, ids, false);
        if (id) push(list, { id, text: text(h.after), hop: i });
      } else if (direction === 'reply' && h.hostKind === 'pod' && list.length === 0 && h.step !== 'deliver') {
        // The answer starts where the original ended: at the server pod, when it is drawn.
        const id = podNode(h, ids, true);
        if (id) push(list, { id, text: text(h.before), hop: i });
      }
    }
    return true;
  };

  if (walk('original', path.steps) && p.hops.some((h) => h.direction === 'reply')) walk('reply', path.reply);
  // The reply only touches this node's graph if it passed a hook here.
  if (path.reply.length < 2) path.reply = [];
  if (!path.steps.length && !path.reply.length) return undefined;
  return path;
}

/** The hop where a rule DNATed the packet (a `DNAT` hit), else the first original-direction hop
 *  whose destination changed; -1 when none did. Later packets of the connection (ACK) are
 *  rewritten by conntrack alone and are not "the" DNAT hop. */
export function dnatHopIndex(p: PacketView): number {
  const byRule = p.hops.findIndex((h) => h.direction === 'original' && h.hits.some((x) => x.verdict === 'DNAT'));
  if (byRule >= 0) return byRule;
  return p.hops.findIndex((h) => h.direction === 'original' && (h.before.dst !== h.after.dst || h.before.dport !== h.after.dport));
}

/** Any NAT rewrite of the headers at this hop (DNAT, SNAT/MASQUERADE, or conntrack undoing them). */
export function rewrote(h: HopView): boolean {
  const a = h.before;
  const b = h.after;
  return a.src !== b.src || a.sport !== b.sport || a.dst !== b.dst || a.dport !== b.dport;
}
