// The scheduler's cache (pkg/scheduler/framework/types.go NodeInfo): per node, what is
// allocatable and what the pods bound to it request, kept up to date incrementally from watch
// events so that a scheduling decision never walks every pod.

import { parseQuantity } from '../../api/kinds/quantity.ts';
import type { Container, Node, Pod, Taint } from '../../api/types.ts';
import { controllerRefOf } from '../workloads/podutil.ts';
import { nodeReady } from './predicates.ts';

// schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what a container without requests
// counts as when spreading by least allocation.
const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

export interface PodResources {
  milliCPU: number;
  memory: number;
  nonZeroCPU: number;
  nonZeroMemory: number;
  /** `TCP/8080` for every hostPort. */
  hostPorts: string[];
}

const milli = (v: unknown): number | undefined => {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const q = parseQuantity(v);
  return q ? Number(q.milli) : undefined;
};
const bytes = (v: unknown): number | undefined => {
  const m = milli(v);
  return m === undefined ? undefined : Math.ceil(m / 1000);
};

function containerRequests(c: Container): { cpu?: number; mem?: number } {
  const req = ((c.resources as { requests?: Record<string, unknown> } | undefined)?.requests ?? {}) as Record<string, unknown>;
  return { cpu: milli(req.cpu), mem: bytes(req.memory) };
}

/** computePodResourceRequest: containers summed, init containers max'ed in. */
export function podResources(pod: Pod): PodResources {
  const r: PodResources = { milliCPU: 0, memory: 0, nonZeroCPU: 0, nonZeroMemory: 0, hostPorts: [] };
  for (const c of pod.spec.containers ?? []) {
    const { cpu, mem } = containerRequests(c);
    r.milliCPU += cpu ?? 0;
    r.memory += mem ?? 0;
    r.nonZeroCPU += cpu ?? DEFAULT_MILLI_CPU;
    r.nonZeroMemory += mem ?? DEFAULT_MEMORY;
    for (const p of c.ports ?? []) if (p.hostPort) r.hostPorts.push(`${p.protocol ?? 'TCP'}/${p.hostPort}`);
  }
  for (const c of pod.spec.initContainers ?? []) {
    const { cpu, mem } = containerRequests(c);
    r.milliCPU = Math.max(r.milliCPU, cpu ?? 0);
    r.memory = Math.max(r.memory, mem ?? 0);
    r.nonZeroCPU = Math.max(r.nonZeroCPU, cpu ?? DEFAULT_MILLI_CPU);
    r.nonZeroMemory = Math.max(r.nonZeroMemory, mem ?? DEFAULT_MEMORY);
  }
  return r;
}

export class NodeInfo {
  node!: Node;
  name = '';
  allocCPU = 0;
  allocMemory = 0;
  allocPods = 0;
  /** NoSchedule / NoExecute taints (plus the not-ready taint a NotReady node gets). */
  hardTaints: Taint[] = [];
  softTaints: Taint[] = [];
  unschedulable = false;
  requestedCPU = 0;
  requestedMemory = 0;
  nonZeroCPU = 0;
  nonZeroMemory = 0;
  pods = 0;
  usedPorts = new Map<string, number>();
  /** Non-terminating pods per controller uid (the default topology spreading counts these). */
  owners = new Map<string, number>();

  constructor(node: Node) {
    this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name!;
    const alloc = node.status?.allocatable ?? {};
    this.allocCPU = milli(alloc.cpu) ?? 0;
    this.allocMemory = bytes(alloc.memory) ?? 0;
    this.allocPods = Math.floor((milli(alloc.pods) ?? 110_000) / 1000);
    const taints = node.spec?.taints ?? [];
    this.hardTaints = taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    this.softTaints = taints.filter((t) => t.effect === 'PreferNoSchedule');
    // The node lifecycle controller taints a node that stops being Ready within moments;
    // scenarios that only flip the condition get the same effect here.
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready && !nodeReady(node)) {
      const key = ready.status === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
      if (!taints.some((t) => t.key === key)) this.hardTaints = [...this.hardTaints, { key, effect: 'NoSchedule' }];
    }
    this.unschedulable = node.spec?.unschedulable === true;
  }

  add(res: PodResources, owner: string | undefined, counted: boolean, sign: 1 | -1): void {
    this.requestedCPU += sign * res.milliCPU;
    this.requestedMemory += sign * res.memory;
    this.nonZeroCPU += sign * res.nonZeroCPU;
    this.nonZeroMemory += sign * res.nonZeroMemory;
    this.pods += sign;
    for (const p of res.hostPorts) {
      const n = (this.usedPorts.get(p) ?? 0) + sign;
      if (n > 0) this.usedPorts.set(p, n);
      else this.usedPorts.delete(p);
    }
    if (owner && counted) this.addOwner(owner, sign);
  }

  addOwner(owner: string, sign: 1 | -1): void {
    const n = (this.owners.get(owner) ?? 0) + sign;
    if (n > 0) this.owners.set(owner, n);
    else this.owners.delete(owner);
  }
}

/** The controller uid whose pods the default PodTopologySpread constraints spread. */
export function spreadOwner(pod: Pod): string | undefined {
  const ref = controllerRefOf(pod);
  return ref && (ref.kind === 'ReplicaSet' || ref.kind === 'StatefulSet' || ref.kind === 'ReplicationController') ? ref.uid : undefined;
}
