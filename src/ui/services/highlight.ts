// Which Services-view nodes the current selection names: the selected object itself, the
// objects a selected event names (objectsOfEvent's keys), or a selected packet's path.
import type { PacketView, SimEvent, WorldSnapshot } from '../../engine/view/types.ts';
import type { Selection } from '../store/types.ts';
import { objectsOfEvent } from '../timeline/objectsOfEvent.ts';
import { ids, type ServiceGraph } from './graph.ts';

/** A shared object key ("pod/ns/name", "svc/…", "slice/…", "endpoints/…", "node/…") → graph id. */
export function keyToGraphId(key: string, graph: ServiceGraph): string | undefined {
  const [prefix, a, b] = key.split('/');
  if (!prefix || !a) return undefined;
  switch (prefix) {
    case 'pod':
      return b ? (graph.drawnAt[`${a}/${b}`] ?? ids.pod(a, b)) : undefined;
    case 'svc':
      return b ? ids.service(a, b) : undefined;
    case 'slice':
      return b ? ids.slice(a, b) : undefined;
    case 'endpoints':
      return b ? ids.endpoints(a, b) : undefined;
    case 'node':
      return ids.node(a);
    default:
      return undefined;
  }
}

const RESOURCE_PREFIX: Record<string, string> = { pods: 'pod', services: 'svc', endpointslices: 'slice', endpoints: 'endpoints', nodes: 'node' };

export function highlightedIds(
  selection: Selection | undefined,
  events: readonly SimEvent[],
  packets: readonly PacketView[],
  snapshot: WorldSnapshot | undefined,
  graph: ServiceGraph,
  route: (p: PacketView) => string[] | undefined,
): Set<string> {
  const out = new Set<string>();
  const addKey = (k: string) => {
    const id = keyToGraphId(k, graph);
    if (id) out.add(id);
  };
  if (!selection) return out;
  switch (selection.kind) {
    case 'object': {
      const prefix = RESOURCE_PREFIX[selection.resource];
      if (prefix) addKey(selection.namespace ? `${prefix}/${selection.namespace}/${selection.name}` : `${prefix}/${selection.name}`);
      break;
    }
    case 'event': {
      const e = events.find((x) => x.seq === selection.seq);
      if (e?.kind === 'packet') for (const id of route(e.packet) ?? []) out.add(id);
      else if (e) for (const k of objectsOfEvent(e, snapshot)) addKey(k);
      break;
    }
    case 'packet': {
      const p = packets.find((x) => x.id === selection.id);
      if (p) for (const id of route(p) ?? []) out.add(id);
      break;
    }
    case 'chain':
      break;
  }
  return out;
}
