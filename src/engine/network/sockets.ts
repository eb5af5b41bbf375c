// Who answers on a port: in a pod namespace the running containers' programs (images.ts
// `listensOn`), in a node namespace the node's own daemons plus hostNetwork pods.

import { imageInfo, listensOn, programFor } from '../apps/images.ts';
import type { Container, Pod } from '../api/types.ts';

export interface Listener {
  /** What answers, e.g. `container auth-service` or `kubelet`. */
  who: string;
  /** Owner of the socket (UID=/GID= in the log of the packets it sends). */
  owner: { uid: number; gid: number };
}

type Proto = 'TCP' | 'UDP';

interface Daemon {
  port: number;
  proto: Proto;
  /** 127.0.0.1-only listeners do not answer on the node's other addresses. */
  loopbackOnly?: boolean;
  who: string;
  controlPlane?: boolean;
}

// A kind node's own listeners (kubelet, and on the control plane the static pods, which this
// simulation does not run as Pod objects). Bind addresses as kubeadm configures them.
const NODE_DAEMONS: Daemon[] = [
  { port: 10250, proto: 'TCP', who: 'kubelet' },
  { port: 10248, proto: 'TCP', who: 'kubelet (healthz)', loopbackOnly: true },
  { port: 6443, proto: 'TCP', who: 'kube-apiserver', controlPlane: true },
  { port: 2379, proto: 'TCP', who: 'etcd', controlPlane: true },
  { port: 2380, proto: 'TCP', who: 'etcd', controlPlane: true },
  { port: 2381, proto: 'TCP', who: 'etcd (metrics)', controlPlane: true, loopbackOnly: true },
  { port: 10257, proto: 'TCP', who: 'kube-controller-manager', controlPlane: true, loopbackOnly: true },
  { port: 10259, proto: 'TCP', who: 'kube-scheduler', controlPlane: true, loopbackOnly: true },
];

const ROOT = { uid: 0, gid: 0 };

function running(pod: Pod, c: Container): boolean {
  const st = pod.status?.containerStatuses?.find((s) => s.name === c.name);
  return st?.state?.running !== undefined;
}

function ownerOf(c: Container): { uid: number; gid: number } {
  const u = imageInfo(c.image).user;
  return { uid: u.uid, gid: u.gid };
}

/** A container of a pod that answers on port/proto. */
export function podListener(pod: Pod, port: number, proto: Proto): Listener | undefined {
  for (const c of pod.spec.containers) {
    if (running(pod, c) && listensOn(c, port, proto)) return { who: `container ${c.name}`, owner: ownerOf(c) };
  }
  return undefined;
}

/** Node daemons and hostNetwork pods; `toLoopback` when the destination is 127.0.0.0/8. */
export function nodeListener(opts: { controlPlane: boolean; hostNetworkPods: Iterable<Pod>; toLoopback: boolean }, port: number, proto: Proto): Listener | undefined {
  for (const d of NODE_DAEMONS) {
    if (d.port !== port || d.proto !== proto || (d.controlPlane && !opts.controlPlane)) continue;
    if (d.loopbackOnly && !opts.toLoopback) continue;
    return { who: d.who, owner: ROOT };
  }
  for (const pod of opts.hostNetworkPods) {
    for (const c of pod.spec.containers) {
      // An unknown image that declares nothing "listens everywhere" in a pod; on the node's
      // shared namespace that would swallow every port, so only known or declared ports count.
      if (programFor(c).ports === undefined && (c.ports ?? []).length === 0) continue;
      if (running(pod, c) && listensOn(c, port, proto)) return { who: `pod ${pod.metadata.namespace}/${pod.metadata.name} container ${c.name}`, owner: ownerOf(c) };
    }
  }
  return undefined;
}

/** The first container's user: the process that opens the client's socket. */
export function podClientOwner(pod: Pod | undefined): { uid: number; gid: number } {
  const c = pod?.spec.containers[0];
  return c ? ownerOf(c) : ROOT;
}
