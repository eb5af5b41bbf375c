// Positions for the chain graph, shaped like the path a packet takes:
//   - the hooks that enter KUBE-SERVICES (PREROUTING, OUTPUT) in a row above it,
//   - the Service tree KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… → pod, laid out left to right by
//     dagre, each gap between columns as wide as the rule labels crossing it,
//   - everything else (POSTROUTING → KUBE-POSTROUTING, KIND-MASQ-AGENT, KUBE-MARK-MASQ …) in a
//     strip below.
// Pure: the same graph gives the same positions, so the view re-lays out only when the set of
// nodes and edges changes (counters move nothing).

import dagre from '@dagrejs/dagre';
import { compactMatch } from './format.ts';
import type { ChainGraph, ChainGraphEdge, ChainGraphNode } from './graph.ts';

export type Band = 'top' | 'tree' | 'bottom';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  /** Top-left corner and size of every node (xyflow's convention). */
  boxes: Record<string, Box>;
  band: Record<string, Band>;
  width: number;
  height: number;
}

export function nodeSize(n: ChainGraphNode): { width: number; height: number } {
  switch (n.kind) {
    case 'hook':
      return { width: 104, height: 44 };
    case 'pod':
      return { width: 196, height: 44 };
    case 'more':
      return { width: 170, height: 44 };
    default:
      return { width: 190, height: 52 };
  }
}

/** The text an edge shows (RuleEdge draws the same). */
export function edgeText(e: ChainGraphEdge): string {
  if (e.probability) return e.probability;
  if (e.kind === 'dnat') return 'DNAT';
  return compactMatch(e.label);
}

/** Room an edge label needs across a gap: ~6.1px a character at 10px monospace, plus padding
 *  and a short packet count. */
const labelRoom = (e: ChainGraphEdge) => edgeText(e).length * 6.1 + 34;

const MIN_GAP = 36;
const ROW_GAP = 30;
const NODE_GAP = 12;

function dagreLayout(nodes: ChainGraphNode[], edges: ChainGraphEdge[]): Record<string, { cx: number; cy: number }> {
  const d = new dagre.graphlib.Graph({ multigraph: true });
  d.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: MIN_GAP, marginx: 0, marginy: 0 });
  d.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) d.setNode(n.id, nodeSize(n));
  for (const e of edges) d.setEdge(e.source, e.target, { minlen: 1, weight: e.kind === 'dnat' ? 2 : 1 }, e.id);
  // Keep the display order (Services in order, each SVC's SEPs in rule order, top to bottom)
  // rather than dagre's crossing minimisation: the order itself carries meaning here.
  dagre.layout(d, { disableOptimalOrderHeuristic: true });
  const out: Record<string, { cx: number; cy: number }> = {};
  for (const n of nodes) {
    const p = d.node(n.id) as { x: number; y: number };
    out[n.id] = { cx: p.x, cy: p.y };
  }
  return out;
}

/** Re-spaces dagre's columns: each as wide as its widest node, each gap as wide as its labels. */
function columns(nodes: ChainGraphNode[], edges: ChainGraphEdge[], pos: Record<string, { cx: number; cy: number }>): Record<string, Box> {
  const xs = [...new Set(nodes.map((n) => Math.round(pos[n.id]!.cx)))].sort((a, b) => a - b);
  const col = (id: string) => xs.indexOf(Math.round(pos[id]!.cx));
  const widths = xs.map(() => 0);
  for (const n of nodes) widths[col(n.id)] = Math.max(widths[col(n.id)]!, nodeSize(n).width);
  const gaps = xs.map(() => MIN_GAP);
  for (const e of edges) {
    const a = col(e.source);
    if (a < 0 || col(e.target) !== a + 1) continue;
    gaps[a] = Math.max(gaps[a]!, labelRoom(e));
  }
  const left: number[] = [];
  let x = 0;
  xs.forEach((_, i) => {
    left.push(x);
    x += widths[i]! + gaps[i]!;
  });
  const minY = Math.min(...nodes.map((n) => pos[n.id]!.cy - nodeSize(n).height / 2));
  const boxes: Record<string, Box> = {};
  for (const n of nodes) {
    const s = nodeSize(n);
    const c = col(n.id);
    boxes[n.id] = { x: Math.round(left[c]! + (widths[c]! - s.width) / 2), y: Math.round(pos[n.id]!.cy - s.height / 2 - minY), ...s };
  }
  return boxes;
}

export function layoutChainGraph(g: ChainGraph): Layout {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  // The tree: what KUBE-SERVICES leads to (through drawn edges).
  const tree = new Set<string>();
  const queue = byId.has('KUBE-SERVICES') ? ['KUBE-SERVICES'] : [];
  while (queue.length) {
    const id = queue.pop()!;
    if (tree.has(id)) continue;
    tree.add(id);
    for (const e of g.edges) if (e.source === id && byId.get(e.target)?.kind !== 'hook') queue.push(e.target);
  }
  const top = g.nodes.filter((n) => n.kind === 'hook' && g.edges.some((e) => e.source === n.id && tree.has(e.target)));
  const topIds = new Set(top.map((n) => n.id));
  const rest = g.nodes.filter((n) => !tree.has(n.id) && !topIds.has(n.id));
  const band: Record<string, Band> = {};

  const treeNodes = g.nodes.filter((n) => tree.has(n.id));
  const treeEdges = g.edges.filter((e) => tree.has(e.source) && tree.has(e.target));
  const boxes: Record<string, Box> = treeNodes.length ? columns(treeNodes, treeEdges, dagreLayout(treeNodes, treeEdges)) : {};
  // Room for the hooks' row is made below, if KUBE-SERVICES sits too high for it.
  for (const n of treeNodes) band[n.id] = 'tree';

  // Hooks in a row above KUBE-SERVICES; the tree moves down only as far as they need.
  const hookH = Math.max(0, ...top.map((n) => nodeSize(n).height));
  const anchor = boxes['KUBE-SERVICES'];
  const rowW = top.reduce((w, n) => w + nodeSize(n).width, 0) + NODE_GAP * Math.max(0, top.length - 1);
  let hx = anchor ? Math.max(0, Math.round(anchor.x + anchor.width / 2 - rowW / 2)) : 0;
  if (top.length && anchor) {
    const hookBox = { x: hx, width: rowW };
    const above = Object.values(boxes).filter((b) => b !== anchor && overlapsX(b, hookBox) && b.y < anchor.y);
    const floor = Math.max(0, ...above.map((b) => b.y + b.height + ROW_GAP));
    const deficit = floor + hookH + ROW_GAP - anchor.y;
    if (deficit > 0) for (const b of Object.values(boxes)) b.y += deficit;
  }
  const hy = anchor ? anchor.y - ROW_GAP - hookH : 0;
  for (const n of top) {
    const s = nodeSize(n);
    boxes[n.id] = { x: hx, y: Math.max(0, hy), ...s };
    band[n.id] = 'top';
    hx += s.width + NODE_GAP;
  }

  // The rest below, where the skyline is lowest (under the short left columns, usually).
  if (rest.length) {
    const restIds = new Set(rest.map((n) => n.id));
    const restEdges = g.edges.filter((e) => restIds.has(e.source) && restIds.has(e.target));
    const linked = rest.filter((n) => restEdges.some((e) => e.source === n.id || e.target === n.id));
    const alone = rest.filter((n) => !linked.includes(n));
    const placed: Record<string, Box> = linked.length ? columns(linked, restEdges, dagreLayout(linked, restEdges)) : {};
    // Chains nothing drawn jumps to (KUBE-MARK-MASQ) sit in a row after the linked ones.
    let ax = Math.max(0, ...Object.values(placed).map((b) => b.x + b.width + NODE_GAP * 2));
    for (const n of alone) {
      const s = nodeSize(n);
      placed[n.id] = { x: ax, y: 0, ...s };
      ax += s.width + NODE_GAP;
    }
    const restW = Math.max(...Object.values(placed).map((b) => b.x + b.width));
    const restH = Math.max(...Object.values(placed).map((b) => b.y + b.height));
    const drawn = Object.values(boxes);
    const drawnW = Math.max(0, ...drawn.map((b) => b.x + b.width));
    const candidates = [0, ...new Set(drawn.map((b) => b.x))].filter((x) => x === 0 || x + restW <= drawnW).sort((a, b) => a - b);
    let best = { x: 0, y: Infinity };
    for (const x of candidates) {
      const span = { x, width: restW };
      const y = Math.max(0, ...drawn.filter((b) => overlapsX(b, span)).map((b) => b.y + b.height + ROW_GAP + 6));
      if (y + restH < best.y + restH - 0.5) best = { x, y };
    }
    for (const n of rest) {
      const b = placed[n.id]!;
      boxes[n.id] = { ...b, x: b.x + best.x, y: b.y + best.y };
      band[n.id] = 'bottom';
    }
  }

  let width = 0;
  let height = 0;
  for (const b of Object.values(boxes)) {
    width = Math.max(width, b.x + b.width);
    height = Math.max(height, b.y + b.height);
  }
  return { boxes, band, width, height };
}

const overlapsX = (a: { x: number; width: number }, b: { x: number; width: number }) => a.x < b.x + b.width && b.x < a.x + a.width;

export const centerOf = (b: Box): { x: number; y: number } => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
