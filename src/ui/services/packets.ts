// Where a packet dot travels in the Services view, from what the engine reported about the
// connection (PacketView): client pod → Service → the slice listing the destination → the
// destination pod. A connection that did not connect ends where it failed, marked failed.
import type { PacketView } from '../../engine/view/types.ts';
import { ids, type GraphNode, type ServiceGraph } from './graph.ts';
import type { Rect } from './layout.ts';

export interface Point {
  x: number;
  y: number;
}

export interface PacketRoute {
  id: number;
  /** Node ids the dot passes, in order. */
  via: string[];
  points: Point[];
  /** The connection was refused, timed out or found no route: the dot ends marked. */
  failed: boolean;
}

/** "pod/default/client" (a hop's host) → "default/client". */
function podRefOfHost(host: string): string | undefined {
  return host.startsWith('pod/') ? host.slice(4) : undefined;
}

function sourceRef(p: PacketView): string | undefined {
  const hop = p.hops.find((h) => h.hostKind === 'pod');
  if (hop) return podRefOfHost(hop.host);
  if (p.from.startsWith('pod/')) return podRefOfHost(p.from);
  return p.from || undefined;
}

/** Node by id, per graph (a packet route looks up slices; graphs are immutable). */
const byIdCache = new WeakMap<ServiceGraph, Map<string, GraphNode>>();
function nodeById(graph: ServiceGraph, id: string): GraphNode | undefined {
  let m = byIdCache.get(graph);
  if (!m) byIdCache.set(graph, (m = new Map(graph.nodes.map((n) => [n.id, n]))));
  return m.get(id);
}

const centre = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

export function packetRoute(p: PacketView, graph: ServiceGraph, rects: Map<string, Rect>): PacketRoute | undefined {
  const via: string[] = [];
  const add = (id: string | undefined) => {
    if (id && rects.has(id) && via[via.length - 1] !== id) via.push(id);
  };
  const src = sourceRef(p);
  add(src ? graph.drawnAt[src] : undefined);

  const svcId = p.service ? ids.service(...(p.service.split('/') as [string, string])) : undefined;
  add(svcId);

  const destKey = p.destination?.pod ?? p.destination?.ip;
  const destId = destKey ? (graph.drawnAt[destKey] ?? (p.destination ? graph.drawnAt[p.destination.ip] : undefined)) : undefined;
  if (destKey && svcId) {
    // The slice of this Service that lists the destination (a pod can be in other Services too).
    const svcSlicePrefix = `slice:${p.service!.split('/')[0]}/`;
    const candidates = graph.slicesOf[destKey] ?? (p.destination ? graph.slicesOf[p.destination.ip] : undefined) ?? [];
    const serviceName = p.service!.split('/')[1];
    const slice = candidates.find((id) => {
      const n = nodeById(graph, id);
      return id.startsWith(svcSlicePrefix) && n?.data.kind === 'slice' && n.data.service === serviceName;
    });
    add(slice);
  }
  add(destId);
  if (via.length === 0) return undefined;
  return { id: p.id, via, points: via.map((id) => centre(rects.get(id)!)), failed: p.outcome !== 'connected' };
}
