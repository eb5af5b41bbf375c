// The Services view: renders toServiceGraph(snapshot) laid out by layoutServiceGraph, with
// selection highlights, slice pulses and packet dots on top. It computes nothing about
// networking: everything drawn is in the snapshot or a reported packet.
import { Controls, ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo } from 'react';
import type { PacketView } from '../../engine/view/types.ts';
import { setShowSystem, useStore } from '../store/index.ts';
import { COLLAPSE_ABOVE, toServiceGraph, type ServiceGraph } from './graph.ts';
import { highlightedIds } from './highlight.ts';
import { layoutServiceGraph, type Rect } from './layout.ts';
import { nodeTypes, type FlowNode } from './nodes.tsx';
import { PacketDots } from './PacketDots.tsx';
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
  const snapshot = useStore((s) => s.sim.snapshot);
  const expanded = useStore((s) => s.ui.expanded);
  const showSystem = useStore((s) => s.ui.showSystem);
  const animate = useStore((s) => s.ui.animate);
  const theme = useStore((s) => s.ui.theme);
  const pulses = useStore((s) => s.sim.pulses);

  const graph = useMemo(() => (snapshot ? toServiceGraph(snapshot, { expanded, showSystem }) : undefined), [snapshot, expanded, showSystem]);
  const layout = useMemo(() => (graph ? layoutServiceGraph(graph) : undefined), [graph]);
  const highlights = useHighlights(graph, layout?.rects);

  const nodes = useMemo<FlowNode[]>(() => {
    if (!layout) return [];
    return layout.nodes.map((n) => {
      const d = n.data;
      const pulse = d.kind === 'slice' ? pulses[`${d.namespace}/${d.name}`] : undefined;
      const node: FlowNode = {
        id: n.id,
        type: d.kind,
        position: n.position,
        width: n.width,
        height: n.height,
        // xyflow gives unselectable, undraggable nodes no pointer events; our nodes hold buttons.
        style: { width: n.width, height: n.height, pointerEvents: d.kind === 'nodeGroup' ? 'none' : 'all' },
        data: { g: d, highlight: highlights.has(n.id), pulse },
        draggable: false,
        selectable: false,
        focusable: false,
      };
      if (n.parentId) {
        node.parentId = n.parentId;
        node.extent = 'parent';
      }
      return node;
    });
  }, [layout, pulses, highlights]);

  const edges = useMemo<Edge[]>(() => {
    if (!graph) return [];
    return graph.edges.map((e) => {
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
      return edge;
    });
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
      {graph && layout && <PacketDots graph={graph} rects={layout.rects} animate={animate} />}
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
