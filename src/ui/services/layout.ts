// Positions for the Services graph: three rows, top to bottom — Services; their
// EndpointSlices with the legacy Endpoints beside them; the Nodes with their pods in a grid.
// A deterministic layered layout (each Service centred over its own objects, Nodes in the
// cluster's order) keeps every object where it was when something changes, which a
// general-purpose layout (dagre) does not: things would jump on every scale-up.
import type { GraphNode, ServiceGraph } from './graph.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidNode extends GraphNode {
  /** Relative to the parent when there is one (as xyflow wants), else absolute. */
  position: { x: number; y: number };
  width: number;
  height: number;
}

export interface ServiceLayout {
  nodes: LaidNode[];
  /** Absolute rectangles by node id (for packet paths). */
  rects: Map<string, Rect>;
  width: number;
  height: number;
}

const GAP = 16;
const CLUSTER_GAP = 40;
const ROW_GAP = 50;
const GROUP_PAD = 12;
const GROUP_HEADER = 42;
/** Above this many chips a node group switches to compact pod chips. */
const COMPACT_ABOVE = 12;

function sizeOf(n: GraphNode, compact: boolean): { width: number; height: number } {
  switch (n.data.kind) {
    case 'service':
      return { width: 220, height: 60 + 16 * Math.max(1, n.data.ports.length) };
    case 'slice':
      return { width: 224, height: 86 };
    case 'endpoints':
      return { width: 184, height: 70 };
    case 'pod':
      return compact ? { width: 150, height: 32 } : { width: 214, height: 46 };
    case 'stack':
    case 'podStack':
      return { width: 214, height: 64 };
    case 'address':
      return { width: 214, height: 36 };
    case 'nodeGroup':
      return { width: 238, height: 100 };
  }
}

function childOrder(a: GraphNode, b: GraphNode): number {
  const rank = (n: GraphNode) => (n.data.kind === 'stack' || n.data.kind === 'podStack' ? 0 : n.data.kind === 'pod' ? 1 : 2);
  return rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function layoutServiceGraph(graph: ServiceGraph): ServiceLayout {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const laid = new Map<string, LaidNode>();
  const children = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    if (!n.parentId) continue;
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }

  // Node groups: a grid of their chips.
  for (const n of graph.nodes) {
    if (n.data.kind !== 'nodeGroup') continue;
    const kids = (children.get(n.id) ?? []).slice().sort(childOrder);
    const compact = kids.filter((k) => k.data.kind === 'pod').length > COMPACT_ABOVE;
    const cols = kids.length <= 4 ? 1 : kids.length <= 10 ? 2 : Math.ceil(Math.sqrt(kids.length * (compact ? 1.2 : 0.6)));
    let colW = 0;
    let rowH = 0;
    for (const k of kids) {
      const s = sizeOf(k, compact);
      colW = Math.max(colW, s.width);
      rowH = Math.max(rowH, s.height);
    }
    kids.forEach((k, i) => {
      const s = sizeOf(k, compact);
      const x = GROUP_PAD + (i % cols) * (colW + 10);
      const y = GROUP_HEADER + Math.floor(i / cols) * (rowH + 8);
      laid.set(k.id, { ...k, position: { x, y }, ...s });
    });
    const rows = Math.ceil(kids.length / cols);
    const width = Math.max(sizeOf(n, false).width, GROUP_PAD * 2 + cols * colW + (cols - 1) * 10);
    const height = kids.length ? GROUP_HEADER + rows * (rowH + 8) - 8 + GROUP_PAD : GROUP_HEADER + 30;
    laid.set(n.id, { ...n, position: { x: 0, y: 0 }, width, height });
  }

  // Row 1 clusters: a Service over its slices and Endpoints.
  const outgoing = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.kind !== 'slice' && e.kind !== 'endpoints') continue;
    const list = outgoing.get(e.source) ?? [];
    list.push(e.target);
    outgoing.set(e.source, list);
  }
  const placedInRow1 = new Set<string>();
  const clusters: { service?: GraphNode; members: GraphNode[] }[] = [];
  for (const n of graph.nodes) {
    if (n.data.kind !== 'service') continue;
    const members = (outgoing.get(n.id) ?? []).map((id) => byId.get(id)!).filter(Boolean);
    // Slices first, the legacy Endpoints object last (beside them).
    members.sort((a, b) => (a.data.kind === 'endpoints' ? 1 : 0) - (b.data.kind === 'endpoints' ? 1 : 0));
    members.forEach((m) => placedInRow1.add(m.id));
    clusters.push({ service: n, members });
  }
  const orphans = graph.nodes.filter((n) => (n.data.kind === 'slice' || n.data.kind === 'endpoints') && !placedInRow1.has(n.id));
  if (orphans.length) clusters.push({ members: orphans });

  const serviceH = Math.max(0, ...clusters.map((c) => (c.service ? sizeOf(c.service, false).height : 0)));
  const row1Y = serviceH ? serviceH + ROW_GAP : 0;
  const row1H = Math.max(0, ...clusters.flatMap((c) => c.members.map((m) => sizeOf(m, false).height)));
  let cursor = 0;
  for (const c of clusters) {
    const sizes = c.members.map((m) => sizeOf(m, false));
    const membersW = sizes.reduce((w, s) => w + s.width, 0) + Math.max(0, sizes.length - 1) * GAP;
    const svcSize = c.service ? sizeOf(c.service, false) : { width: 0, height: 0 };
    const clusterW = Math.max(membersW, svcSize.width);
    if (c.service) laid.set(c.service.id, { ...c.service, position: { x: cursor + (clusterW - svcSize.width) / 2, y: 0 }, ...svcSize });
    let x = cursor + (clusterW - membersW) / 2;
    c.members.forEach((m, i) => {
      laid.set(m.id, { ...m, position: { x, y: row1Y }, ...sizes[i]! });
      x += sizes[i]!.width + GAP;
    });
    cursor += clusterW + CLUSTER_GAP;
  }
  const row12W = Math.max(0, cursor - CLUSTER_GAP);

  // Row 2: node groups in the cluster's order, then addresses outside any node.
  const row2 = graph.nodes.filter((n) => n.data.kind === 'nodeGroup' || (n.data.kind === 'address' && !n.parentId));
  const row2Y = (row1H ? row1Y + row1H + ROW_GAP : row1Y) + 8;
  let x2 = 0;
  for (const n of row2) {
    const l = laid.get(n.id) ?? { ...n, position: { x: 0, y: 0 }, ...sizeOf(n, false) };
    laid.set(n.id, { ...l, position: { x: x2, y: row2Y } });
    x2 += l.width + CLUSTER_GAP;
  }
  const row2W = Math.max(0, x2 - CLUSTER_GAP);

  // Centre the narrower band under (or over) the wider one.
  const width = Math.max(row12W, row2W);
  const shiftTop = (width - row12W) / 2;
  const shiftBottom = (width - row2W) / 2;
  for (const l of laid.values()) {
    if (l.parentId) continue;
    const bottom = l.data.kind === 'nodeGroup' || l.data.kind === 'address';
    l.position = { x: l.position.x + (bottom ? shiftBottom : shiftTop), y: l.position.y };
  }

  // Output in the graph's order, parents before children (xyflow requires it).
  const nodes: LaidNode[] = [];
  for (const n of graph.nodes) if (!n.parentId) nodes.push(laid.get(n.id)!);
  for (const n of graph.nodes) if (n.parentId && laid.has(n.id)) nodes.push(laid.get(n.id)!);
  const rects = new Map<string, Rect>();
  let height = 0;
  for (const l of nodes) {
    const parent = l.parentId ? laid.get(l.parentId) : undefined;
    const r = { x: l.position.x + (parent?.position.x ?? 0), y: l.position.y + (parent?.position.y ?? 0), width: l.width, height: l.height };
    rects.set(l.id, r);
    height = Math.max(height, r.y + r.height);
  }
  return { nodes, rects, width, height };
}
