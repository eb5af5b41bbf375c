// Keeping the Services view cheap when the snapshot changes: the layout is computed again only
// when the graph's structure changes (what exists and its size, not counters or readiness), and
// xyflow nodes/edges keep their object identity when nothing drawn about them changed, so xyflow
// and the memoised node components skip them.
import type { GraphNodeData, ServiceGraph } from './graph.ts';

/** What the layout depends on: node ids, parents and kinds in order, a Service's port count
 *  (its height), and which slices/Endpoints hang under which Service. */
export function structureKey(graph: ServiceGraph): string {
  const parts: string[] = [];
  for (const n of graph.nodes) parts.push(`${n.id}<${n.parentId ?? ''}${n.data.kind === 'service' ? `#${n.data.ports.length}` : ''}`);
  parts.push('|');
  for (const e of graph.edges) if (e.kind === 'slice' || e.kind === 'endpoints') parts.push(e.id);
  return parts.join('\n');
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

/** Shallow equality of two node data objects (arrays compared by their items). */
export function sameData(a: GraphNodeData, b: GraphNodeData): boolean {
  if (a === b) return true;
  const ka = Object.keys(a) as (keyof GraphNodeData)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameValue(a[k], b[k]));
}

/** Shallow equality of two plain objects of primitives (style, position, edge fields). */
export function shallowEqual(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

