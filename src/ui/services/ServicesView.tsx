// The Services view: renders toServiceGraph(snapshot) laid out by layoutServiceGraph, with
// selection highlights, slice pulses and packet dots on top. It computes nothing about
// networking: everything drawn is in the snapshot or a reported packet.
import { Controls, ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import type { PacketView } from '../../engine/view/types.ts';
import { setShowSystem, useStore } from '../store/index.ts';
import { COLLAPSE_ABOVE, toServiceGraph, type ServiceGraph } from './graph.ts';
import { highlightedIds } from './highlight.ts';
import { layoutServiceGraph, type Rect } from './layout.ts';
import { nodeTypes, type FlowNode } from './nodes.tsx';
import { PacketDots } from './PacketDots.tsx';
import { sameData, shallowEqual, structureKey } from './stable.ts';
import { packetRoute } from './packets.ts';
import './services.css';

function FitOnChange({ shape, animate }: { shape: string; animate: boolean }) {
  const flow = useReactFlow();
  useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.06, maxZoom: 1.1, duration: animate ? 250 : 0 }));
    return () => cancelAnimationFrame(frame);
  }, [shape, animate, flow]);
  return null;
}

function useHighlights(graph: ServiceGraph | undefined, rects: Map<string, Rect> | undefined): Set<string> {
  const selection = useStore((s) => s.ui.selection);
  // Only the event or packet the selection names (not every new event) re-renders this view.
  const event = useStore((s) => (s.ui.selection?.kind === 'event' ? s.sim.events.find((e) => e.seq === (s.ui.selection as { seq: number }).seq) : undefined));
  const packet = useStore((s) => (s.ui.selection?.kind === 'packet' ? s.sim.packets.find((p) => p.id === (s.ui.selection as { id: number }).id) : undefined));
  const snapshot = useStore((s) => s.sim.snapshot);
  return useMemo(() => {
    if (!graph || !rects || !selection) return new Set<string>();
    const route = (p: PacketView) => packetRoute(p, graph, rects)?.via;
    return highlightedIds(selection, event ? [event] : [], packet ? [packet] : [], snapshot, graph, route);
  }, [graph, rects, selection, event, packet, snapshot]);
}

function Legend() {
  const showSystem = useStore((s) => s.ui.showSystem);
  return (
    <div className="ps-legend">
      <span className="ps-legend-item st-ready">
        <i /> ready
      </span>
      <span className="ps-legend-item st-not-ready">
        <i /> not ready
      </span>
      <span className="ps-legend-item st-terminating">
        <i /> terminating
      </span>
      <label className="ps-legend-check">
        <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} data-testid="show-system" /> kube-system
      </label>
      <span className="ps-legend-note">slices over {COLLAPSE_ABOVE} endpoints collapse into counts: click to expand</span>
    </div>
  );
}

function Graph() {
  // Deferred: a big new snapshot renders at low priority, without holding up input and frames.
  const snapshot = useDeferredValue(useStore((s) => s.sim.snapshot));
  const expanded = useStore((s) => s.ui.expanded);
  const showSystem = useStore((s) => s.ui.showSystem);
  const animate = useStore((s) => s.ui.animate);
  const theme = useStore((s) => s.ui.theme);
  const pulses = useStore((s) => s.sim.pulses);

  const graph = useMemo(() => (snapshot ? toServiceGraph(snapshot, { expanded, showSystem }) : undefined), [snapshot, expanded, showSystem]);
  // Laid out again only when the structure changes: counters and readiness move nothing.
  const key = useMemo(() => (graph ? structureKey(graph) : ''), [graph]);
  const graphRef = useRef(graph);
  graphRef.current = graph;
  const layout = useMemo(() => (graphRef.current ? layoutServiceGraph(graphRef.current) : undefined), [key]);
  const highlights = useHighlights(graph, layout?.rects);

  // Node and edge objects are kept from the last render when nothing about them changed.
  const nodeCache = useRef(new Map<string, FlowNode>());
  const nodes = useMemo<FlowNode[]>(() => {
    if (!layout || !graph) return [];
    const dataById = new Map(graph.nodes.map((n) => [n.id, n.data]));
    const prev = nodeCache.current;
    const next = new Map<string, FlowNode>();
    const out = layout.nodes.map((n) => {
      const d = dataById.get(n.id) ?? n.data;
      const pulse = d.kind === 'slice' ? pulses[`${d.namespace}/${d.name}`] : undefined;
      const highlight = highlights.has(n.id);
      const old = prev.get(n.id);
      if (
        old &&
        old.data.highlight === highlight &&
        old.data.pulse === pulse &&
        old.parentId === n.parentId &&
        old.width === n.width &&
        old.height === n.height &&
        old.position.x === n.position.x &&
        old.position.y === n.position.y &&
        sameData(old.data.g, d)
      ) {
        next.set(n.id, old);
        return old;
      }
      const node: FlowNode = {
        id: n.id,
        type: d.kind,
        position: n.position,
        width: n.width,
        height: n.height,
        // xyflow gives unselectable, undraggable nodes no pointer events; our nodes hold buttons.
        style: { width: n.width, height: n.height, pointerEvents: d.kind === 'nodeGroup' ? 'none' : 'all' },
        data: { g: d, highlight, pulse },
        draggable: false,
        selectable: false,
        focusable: false,
      };
      if (n.parentId) {
        node.parentId = n.parentId;
        node.extent = 'parent';
      }
      next.set(n.id, node);
      return node;
    });
    nodeCache.current = next;
    return out;
  }, [layout, graph, pulses, highlights]);

  const edgeCache = useRef(new Map<string, Edge>());
  const edges = useMemo<Edge[]>(() => {
    if (!graph) return [];
    const prev = edgeCache.current;
    const next = new Map<string, Edge>();
    const out = graph.edges.map((e) => {
      const lit = highlights.has(e.source) && highlights.has(e.target);
      const edge: Edge = {
        id: e.id,
        source: e.source,
        target: e.target,
        className: `ps-edge k-${e.kind}${e.state ? ` s-${e.state}` : ''}${e.many ? ' is-many' : ''}${lit ? ' is-highlight' : ''}`,
        selectable: false,
        focusable: false,
      };
      if (e.label) {
        edge.label = e.label;
        edge.labelBgPadding = [4, 2];
      }
      const old = prev.get(e.id);
      const kept = old && shallowEqual(old, edge) ? old : edge;
      next.set(e.id, kept);
      return kept;
    });
    edgeCache.current = next;
    return out;
  }, [graph, highlights]);

  // Refit when the picture's shape changes (not on every state change inside it).
  const shape = layout ? `${layout.nodes.length}:${Math.round(layout.width)}x${Math.round(layout.height)}` : '';

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      colorMode={theme}
      nodesDraggable={false}
      nodesConnectable={false}
      nodesFocusable={false}
      edgesFocusable={false}
      elementsSelectable={false}
      minZoom={0.05}
      maxZoom={2.5}
      fitView
      fitViewOptions={{ padding: 0.06, maxZoom: 1.1 }}
      zoomOnDoubleClick={false}
      aria-label="Services, EndpointSlices and Pods"
    >
      <FitOnChange shape={shape} animate={animate} />
      <Controls showInteractive={false} position="bottom-left" />
      {graph && layout && <PacketDots graph={graph} rects={layout.rects} animate={animate} theme={theme} />}
    </ReactFlow>
  );
}

export function ServicesView() {
  const ready = useStore((s) => s.sim.snapshot !== undefined);
  return (
    <section className="ps-services" data-testid="services-view" aria-label="Services view">
      {ready ? (
        <>
          <Legend />
          <div className="ps-flow">
            <ReactFlowProvider>
              <Graph />
            </ReactFlowProvider>
          </div>
        </>
      ) : (
        <p className="ps-empty">Starting the cluster…</p>
      )}
    </section>
  );
}

export default ServicesView;
