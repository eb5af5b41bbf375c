// The workload side of the cluster in one call: kube-controller-manager's deployment,
// replicaset, daemonset, garbage-collector and namespace controllers, kube-scheduler and the
// kubelets of every node.

import type { ControllerContext } from '../context.ts';
import { startGarbageCollector } from '../gc/gc.ts';
import { startKubelets, type KubeletManager } from '../kubelet/kubelet.ts';
import { startNamespaceController } from '../namespace/namespace.ts';
import { startScheduler } from '../scheduler/scheduler.ts';
import { startDaemonSetController } from './daemonset.ts';
import { startDeploymentController } from './deployment.ts';
import { startReplicaSetController, type ControllerHandle } from './replicaset.ts';

export type { ControllerHandle } from './replicaset.ts';
export type { KubeletManager } from '../kubelet/kubelet.ts';

export interface Workloads extends ControllerHandle {
  kubelets: KubeletManager;
}

export function startWorkloads(ctx: ControllerContext): Workloads {
  const kubelets = startKubelets(ctx);
  const handles: ControllerHandle[] = [
    startDeploymentController(ctx),
    startReplicaSetController(ctx),
    startDaemonSetController(ctx),
    startScheduler(ctx),
    startGarbageCollector(ctx),
    startNamespaceController(ctx),
    kubelets,
  ];
  return { kubelets, stop: () => handles.forEach((h) => h.stop()) };
}

export { startDeploymentController, startReplicaSetController, startDaemonSetController };
