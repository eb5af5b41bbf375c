// The chain graph on an xyflow canvas: laid out when its structure changes (fit again when the
// canvas resizes),
// counters and highlights updated in place, packet dots on top.

import { Background, Controls, MarkerType, Position, ReactFlow, useReactFlow, type EdgeTypes, type NodeHandle, type NodeTypes } from '@xyflow/react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { PacketView } from '../../engine/view/types.ts';
import { select, useStore } from '../store/index.ts';
import { ChainNodeCard } from './ChainNodeCard.tsx';
import type { ChainFlowEdge, ChainFlowNode } from './flowTypes.ts';
import { structureKey, type ChainGraph, type ChainGraphNode } from './graph.ts';
import { layoutChainGraph } from './layout.ts';
import { PacketDots, flightDuration, type Flight } from './PacketDots.tsx';
import { packetPath, type DotPath } from './path.ts';
import { RuleEdge } from './RuleEdge.tsx';

const nodeTypes: NodeTypes = { chain: ChainNodeCard };
const edgeTypes: EdgeTypes = { rule: RuleEdge };
/** Dots kept at rest without animation: the newest few the user caused (trace, curl …) and
 *  the newest of the background traffic. */
const MAX_STILL = 6;
const MAX_STILL_TRAFFIC = 2;
const MAX_FLYING = 24;
/** Room on the right of the graph for the labels of dots resting beside the pods. */
const DOT_ROOM = 150;
const MIN_READABLE_ZOOM = 0.6;

function useCanvasSize(ref: RefObject<HTMLDivElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 1000, height: 560 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      // Buckets of 40px: small jitters do not re-lay out.
      const w = Math.max(200, Math.round(r.width / 40) * 40);
      const h = Math.max(160, Math.round(r.height / 40) * 40);
      setSize((s) => (s.width === w && s.height === h ? s : { width: w, height: h }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

function handlesOf(w: number, h: number): NodeHandle[] {
  return [
    { id: 'l', type: 'target', position: Position.Left, x: -1, y: h / 2 - 1, width: 2, height: 2 },
    { id: 't', type: 'target', position: Position.Top, x: w / 2 - 1, y: -1, width: 2, height: 2 },
    { id: 'r', type: 'source', position: Position.Right, x: w - 1, y: h / 2 - 1, width: 2, height: 2 },
    { id: 'b', type: 'source', position: Position.Bottom, x: w / 2 - 1, y: h - 1, width: 2, height: 2 },
  ];
}

function keep(flights: Flight[], animate: boolean): Flight[] {
  if (animate) return flights.slice(-MAX_FLYING);
  const mine = flights.filter((f) => f.source !== 'traffic').slice(-MAX_STILL);
  const traffic = flights.filter((f) => f.source === 'traffic').slice(-MAX_STILL_TRAFFIC);
  return flights.filter((f) => mine.includes(f) || traffic.includes(f));
}

/** Dots for packets that arrive while the view is open (and, without animation, the latest few already there). */
function useFlights(node: string, graph: ChainGraph | undefined, animate: boolean): Flight[] {
  const packets = useStore((s) => s.sim.packets);
  const [flights, setFlights] = useState<Flight[]>([]);
  const seen = useRef<{ node: string; ids: Set<number> } | undefined>(undefined);

  useEffect(() => {
    if (!graph) return;
    let initial = false;
    if (seen.current?.node !== node) {
      seen.current = { node, ids: new Set() };
      initial = true;
      setFlights([]);
    }
    const ids = seen.current.ids;
    const fresh: PacketView[] = [];
    for (const p of packets) {
      if (ids.has(p.id)) continue;
      ids.add(p.id);
      fresh.push(p);
    }
    // Packets that were already there when the view opened are not replayed as animations.
    const candidates = initial && animate ? [] : fresh;
    const now = performance.now();
    const add: Flight[] = [];
    for (const p of candidates) {
      const path = packetPath(p, node, graph);
      if (path) add.push({ path, start: now, outcome: p.outcome, source: p.source });
    }
    if (add.length) setFlights((prev) => keep([...(initial ? [] : prev), ...add], animate));
  }, [packets, graph, node, animate]);

  return flights;
}

export function ChainFlow({
  graph,
  node,
  lastSync,
  written,
  openPacket,
  onOpenPacket,
}: {
  graph: ChainGraph;
  node: string;
  lastSync: Set<string>;
  written: Set<string>;
  openPacket?: number;
  onOpenPacket: (id: number) => void;
}) {
  const animate = useStore((s) => s.ui.animate);
  const theme = useStore((s) => s.ui.theme);
  const packets = useStore((s) => s.sim.packets);
  const host = useRef<HTMLDivElement>(null);
  const canvas = useCanvasSize(host);
  const rf = useReactFlow();
  const key = structureKey(graph);
  // Laid out again only when the set of nodes/edges changes; counters move nothing.
  const layout = useMemo(() => layoutChainGraph(graph), [key]);

  let flights = useFlights(node, graph, animate);
  const [clock, setClock] = useState(() => performance.now());
  useEffect(() => {
    if (!animate || !flights.length) return;
    const t = setInterval(() => setClock(performance.now()), 400);
    return () => clearInterval(t);
  }, [animate, flights.length]);
  if (animate) flights = flights.filter((f) => clock - f.start < flightDuration(f, layout.boxes));

  // The open packet's places and moves, highlighted on the graph.
  const onPath = useMemo(() => {
    const p = openPacket === undefined ? undefined : packets.find((x) => x.id === openPacket);
    const path: DotPath | undefined = p ? packetPath(p, node, graph) : undefined;
    const nodes = new Set<string>();
    const moves = new Set<string>();
    if (path) {
      path.steps.forEach((s, i) => {
        nodes.add(s.id);
        if (i > 0) moves.add(`${path.steps[i - 1]!.id}>${s.id}`);
      });
    }
    return { nodes, moves };
  }, [openPacket, packets, node, graph]);

  const onOpen = useMemo(
    () => (n: ChainGraphNode) => {
      if (n.kind === 'pod' && n.pod) select({ kind: 'object', resource: 'pods', namespace: n.pod.namespace, name: n.pod.name });
      else if (n.kind !== 'pod' && n.kind !== 'more') select({ kind: 'chain', node, table: 'nat', chain: n.id });
    },
    [node],
  );

  const nodes: ChainFlowNode[] = useMemo(
    () =>
      graph.nodes.map((n) => {
        const b = layout.boxes[n.id] ?? { x: 0, y: 0, width: 200, height: 50 };
        return {
          id: n.id,
          type: 'chain',
          position: { x: b.x, y: b.y },
          width: b.width,
          height: b.height,
          // Sizes and handles are given, not measured: edges never wait for (or lose) a measurement
          // when counters re-render the nodes.
          measured: { width: b.width, height: b.height },
          handles: handlesOf(b.width, b.height),
          style: { width: b.width, height: b.height },
          draggable: false,
          selectable: false,
          connectable: false,
          data: { node: n, band: layout.band[n.id] ?? 'tree', lastSync: lastSync.has(n.id), written: written.has(n.id), onPath: onPath.nodes.has(n.id), onOpen },
        };
      }),
    [graph, layout, lastSync, written, onPath, onOpen],
  );
  const edges: ChainFlowEdge[] = useMemo(
    () =>
      graph.edges.map((e) => {
        const hot = onPath.moves.has(`${e.source}>${e.target}`);
        const down = layout.band[e.source] === 'top';
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          sourceHandle: down ? 'b' : 'r',
          targetHandle: down ? 't' : 'l',
          type: 'rule',
          selectable: false,
          focusable: false,
          markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
          zIndex: hot ? 1 : 0,
          data: { edge: e, onPath: hot },
        };
      }),
    [graph, onPath, layout],
  );

  // Fit the whole graph whenever it is laid out anew or the canvas changes size — unless it is
  // so tall that fitting would shrink it past reading: then show it from the top at a readable
  // zoom (as wide as fits) and let the wheel scroll (panOnScroll).
  useEffect(() => {
    const bw = layout.width + DOT_ROOM;
    const bh = layout.height;
    const zx = canvas.width / bw;
    const zy = canvas.height / bh;
    const duration = animate ? 200 : 0;
    const id = requestAnimationFrame(() => {
      if (Math.min(zx, zy) >= MIN_READABLE_ZOOM || zx <= zy) void rf.fitBounds({ x: 0, y: 0, width: bw, height: bh }, { padding: 0.03, duration });
      else {
        const zoom = Math.min(1, zx, Math.max(zy, MIN_READABLE_ZOOM));
        void rf.setViewport({ x: Math.max(8, (canvas.width - bw * zoom) / 2), y: 8, zoom }, { duration });
      }
    });
    return () => cancelAnimationFrame(id);
  }, [layout, rf, animate, canvas]);

  return (
    <div className="ps-chains__canvas" ref={host}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        minZoom={0.2}
        panOnScroll
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        colorMode={theme}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="bottom-right" />
        <PacketDots flights={flights} boxes={layout.boxes} animate={animate} selected={openPacket} onOpen={onOpenPacket} />
      </ReactFlow>
    </div>
  );
}
