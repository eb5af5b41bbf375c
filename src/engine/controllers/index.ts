// Starts every control-plane and node component of the simulated cluster.

import type { Scenario } from '../scenario/types.ts';
import type { ControllerContext } from './context.ts';
import { startEndpointsController } from './endpoints/controller.ts';
import { startEndpointSliceController } from './endpointslice/controller.ts';
import { startWorkloads } from './workloads/index.ts';

export function startControllers(ctx: ControllerContext, _scenario: Scenario): void {
  // kube-controller-manager's and kube-scheduler's loops, and a kubelet per node.
  startWorkloads(ctx);
  startEndpointSliceController(ctx);
  startEndpointsController(ctx);
}
