// Starts every control-plane and node component of the simulated cluster.

import type { Scenario } from '../scenario/types.ts';
import type { ControllerContext } from './context.ts';

export function startControllers(_ctx: ControllerContext, _scenario: Scenario): void {
  // Wired as the controllers land (workloads, scheduler, kubelet, endpointslice, endpoints, gc).
}
