// What a kubelet knows about the pods it runs: the sandbox (pod IP), each container's state,
// restarts and crash-loop back-off — the container runtime's view, from which pod status is
// generated (pkg/kubelet/kubelet_pods.go generateAPIPodStatus).

import type { Container, Pod } from '../../api/types.ts';
import type { ImageInfo, Program } from '../../apps/images.ts';
import type { TaskHandle } from '../../sim/scheduler.ts';

export interface Terminated {
  exitCode: number;
  reason: string;
  startedAt: string;
  finishedAt: string;
  containerID: string;
}

export interface ContainerRuntime {
  spec: Container;
  image: ImageInfo;
  program: Program;
  state: 'waiting' | 'running' | 'terminated';
  waiting: { reason: string; message?: string };
  /** Virtual ms the current container started. */
  startedAt?: number;
  current?: Terminated; // set while state is terminated
  containerID?: string;
  /** A container was created at least once: status shows the runtime's image and imageID. */
  created: boolean;
  lastTerminated?: Terminated;
  restartCount: number;
  ready: boolean;
  /** How many times a container of this spec exited on its own. */
  exits: number;
  /** How many times the kubelet killed it for failing its liveness probe. */
  probeKills: number;
  /** kubelet's per-container crash back-off (flowcontrol.Backoff entry). */
  backoff?: { ms: number; lastUpdate: number };
}

export interface PodRuntime {
  key: string;
  uid: string;
  nodeName: string;
  admittedAt: number;
  startTime: string;
  hostNetwork: boolean;
  podIP?: string;
  sandboxReady: boolean;
  containers: ContainerRuntime[];
  /** Containers are being stopped (deletionTimestamp seen). */
  killing: boolean;
  /** Everything stopped and the sandbox is gone. */
  killed: boolean;
  tasks: Set<TaskHandle>;
  /** PLEG ticks for which a status sync is already scheduled. */
  syncAt: Set<number>;
}

export const restartPolicyOf = (pod: Pod): string => pod.spec.restartPolicy ?? 'Always';

/** kubecontainer.ShouldContainerBeRestarted for an exited container. */
export function shouldRestart(pod: Pod, c: ContainerRuntime): boolean {
  const policy = restartPolicyOf(pod);
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return (c.current?.exitCode ?? 0) !== 0;
  return true;
}
