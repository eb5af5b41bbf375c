// The per-resource REST strategies of the simulated API server, keyed by plural resource name.

import type { Strategy } from '../strategy.ts';
import { daemonSetStrategy, deploymentStrategy, replicaSetStrategy } from './apps.ts';
import { eventStrategy, namespaceStrategy, nodeStrategy } from './cluster.ts';
import { endpointSliceStrategy, endpointsStrategy } from './endpoints.ts';
import { podStrategy } from './pods.ts';
import { type ServiceStrategy, serviceStrategy } from './services.ts';

export type { ServiceStrategy } from './services.ts';
export { ClusterIPAllocator, NodePortAllocator } from './allocators.ts';

export interface StrategyOptions {
  /** --service-cluster-ip-range, e.g. '10.96.0.0/12' (kind's default). */
  serviceCIDR: string;
  /** --service-node-port-range, e.g. [30000, 32767]. */
  nodePortRange: [number, number];
}

export function createStrategies(opts: StrategyOptions): Record<string, Strategy> & { services: ServiceStrategy } {
  return {
    namespaces: namespaceStrategy(),
    nodes: nodeStrategy(),
    pods: podStrategy(),
    services: serviceStrategy(opts.serviceCIDR, opts.nodePortRange),
    endpoints: endpointsStrategy(),
    endpointslices: endpointSliceStrategy(),
    deployments: deploymentStrategy(),
    replicasets: replicaSetStrategy(),
    daemonsets: daemonSetStrategy(),
    events: eventStrategy(),
  };
}
