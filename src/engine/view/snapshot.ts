// snapshotOf: the whole cluster as the page draws it, in one plain object.

import type { Endpoints, EndpointSlice, Node, Pod, Service } from '../api/types.ts';
import type { Simulation } from '../simulation.ts';
import { endpointsView, nodeView, podView, serviceView, sliceView } from './objects.ts';
import { lastSyncOf } from './syncs.ts';
import type { WorldSnapshot } from './types.ts';

export interface SnapshotOptions {
  /** The scenario's id (its file name); its `name` when not given. */
  scenarioId?: string;
}

/** Lists are in the API server's order (namespace, then name). */
export function snapshotOf(sim: Simulation, version: number, opts: SnapshotOptions = {}): WorldSnapshot {
  const { api } = sim;
  const nodes = api.list<Node>('nodes').map(nodeView);
  const syncs: WorldSnapshot['syncs'] = {};
  for (const n of nodes) syncs[n.name] = lastSyncOf(sim, n.name);
  return {
    version,
    now: sim.clock.now(),
    scenario: { id: opts.scenarioId ?? sim.scenario.name, name: sim.scenario.name, description: sim.scenario.description },
    nodes,
    pods: api.list<Pod>('pods').map(podView),
    services: api.list<Service>('services').map(serviceView),
    slices: api.list<EndpointSlice>('endpointslices').map(sliceView),
    endpoints: api.list<Endpoints>('endpoints').map(endpointsView),
    syncs,
  };
}
