// `kubectl describe` for Nodes and Namespaces.

import { formatQuantity, parseQuantity, type Quantity } from '../../api/kinds/quantity.ts';
import type { Namespace, Node, Pod } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { objOf, rfc1123z, since, timeOf } from '../printers/format.ts';
import { nodeRoles } from '../printers/rows.ts';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline } from './common.ts';
import type { DescribeOptions } from './index.ts';
import { DescribeWriter, LEVEL_0, LEVEL_1 } from './writer.ts';

const ZERO: Quantity = { milli: 0n, format: 'DecimalSI' };

/** Quantity.Add: the sum keeps the format of the receiver. */
const add = (a: Quantity | undefined, b: Quantity): Quantity => (a ? { milli: a.milli + b.milli, format: a.format } : b);

/** resourcehelper.PodRequestsAndLimits, for pods without init-container or overhead subtleties. */
function podRequestsAndLimits(pod: Pod): { req: Record<string, Quantity>; lim: Record<string, Quantity> } {
  const req: Record<string, Quantity> = {};
  const lim: Record<string, Quantity> = {};
  for (const c of pod.spec?.containers ?? []) {
    const res = objOf(c.resources);
    for (const [target, from] of [
      [req, objOf(res['requests'])],
      [lim, objOf(res['limits'])],
    ] as const) {
      for (const [k, v] of Object.entries(from)) {
        const q = parseQuantity(String(v));
        if (q) target[k] = add(target[k], q);
      }
    }
  }
  return { req, lim };
}

/** int64(float64(part) / float64(whole) * 100); Go's float division by zero gives ±Inf/NaN. */
function percent(part: bigint, whole: bigint): number {
  if (whole === 0n) return part === 0n ? Number.NaN : part > 0n ? Infinity : -Infinity;
  return Math.trunc((Number(part) / Number(whole)) * 100);
}

/** Go's int64 conversion of NaN/Inf on amd64 is the minimum int64. */
const pctText = (p: number): string => (Number.isFinite(p) ? String(p) : '-9223372036854775808');

/** Quantity.Value(): whole units, rounded up. */
const value = (q: Quantity): bigint => (q.milli >= 0n ? (q.milli + 999n) / 1000n : q.milli / 1000n);

/** The node lease the kubelet renews every 10 seconds (kube-node-lease/<node>). */
function leaseRenewTime(sim: Simulation, node: Node): string {
  const created = timeOf(sim, node.metadata.creationTimestamp) ?? 0;
  const now = sim.clock.now();
  const renewed = created + Math.floor(Math.max(0, now - created) / 10_000) * 10_000;
  return rfc1123z(sim.clock.timestamp(renewed));
}

export function describeNode(sim: Simulation, node: Node, opts: DescribeOptions): string {
  const w = new DescribeWriter();
  const status = node.status ?? {};
  const info = status.nodeInfo ?? {};
  w.write(LEVEL_0, `Name:\t${node.metadata.name ?? ''}\n`);
  const roles = nodeRoles(node);
  w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${node.metadata.name ?? ''}\n`);
  w.write(LEVEL_1, 'AcquireTime:\t<unset>\n');
  w.write(LEVEL_1, `RenewTime:\t${leaseRenewTime(sim, node)}\n`);
  if ((status.conditions ?? []).length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions ?? []) {
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  const resourceList = (list: Record<string, string>) => {
    for (const k of Object.keys(list).sort()) w.write(LEVEL_0, `  ${k}:\t${list[k]}\n`);
  };
  if (Object.keys(status.capacity ?? {}).length > 0) {
    w.write(LEVEL_0, 'Capacity:\n');
    resourceList(status.capacity!);
  }
  if (Object.keys(status.allocatable ?? {}).length > 0) {
    w.write(LEVEL_0, 'Allocatable:\n');
    resourceList(status.allocatable!);
  }
  w.write(LEVEL_0, 'System Info:\n');
  const sys: [string, string][] = [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
    ['Kube-Proxy Version', 'kubeProxyVersion'],
  ];
  for (const [label, key] of sys) w.write(LEVEL_0, `  ${label}:\t${info[key] ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
  describeNodeResources(sim, w, node);
  if (opts.showEvents) describeEvents(sim, w, opts.events(node));
  return w.toString();
}

function describeNodeResources(sim: Simulation, w: DescribeWriter, node: Node): void {
  const pods = sim.api.list<Pod>('pods', undefined, (p) => (p as Pod).spec?.nodeName === node.metadata.name && (p as Pod).status?.phase !== 'Succeeded' && (p as Pod).status?.phase !== 'Failed');
  const alloc = Object.keys(node.status?.allocatable ?? {}).length ? node.status!.allocatable! : (node.status?.capacity ?? {});
  const allocQ = (k: string): Quantity => parseQuantity(alloc[k] ?? '0') ?? ZERO;
  const cpuAlloc = allocQ('cpu').milli;
  const memAlloc = value(allocQ('memory'));
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totals: { req: Record<string, Quantity>; lim: Record<string, Quantity> } = { req: {}, lim: {} };
  for (const pod of pods) {
    const { req, lim } = podRequestsAndLimits(pod);
    for (const [k, q] of Object.entries(req)) totals.req[k] = add(totals.req[k], q);
    for (const [k, q] of Object.entries(lim)) totals.lim[k] = add(totals.lim[k], q);
    const cr = req['cpu'] ?? ZERO;
    const cl = lim['cpu'] ?? ZERO;
    const mr = req['memory'] ?? ZERO;
    const ml = lim['memory'] ?? ZERO;
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${formatQuantity(cr)} (${pctText(percent(cr.milli, cpuAlloc))}%)\t${formatQuantity(cl)} (${pctText(percent(cl.milli, cpuAlloc))}%)\t${formatQuantity(mr)} (${pctText(percent(value(mr), memAlloc))}%)\t${formatQuantity(ml)} (${pctText(percent(value(ml), memAlloc))}%)\t${since(sim, pod.metadata.creationTimestamp)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const line = (name: string, whole: bigint, byValue: boolean) => {
    const r = totals.req[name] ?? ZERO;
    const l = totals.lim[name] ?? ZERO;
    const part = (q: Quantity) => (byValue ? value(q) : q.milli);
    const pct = (q: Quantity) => (whole === 0n ? 0 : Math.trunc((Number(part(q)) / Number(whole)) * 100));
    w.write(LEVEL_1, `${name}\t${formatQuantity(r)} (${pct(r)}%)\t${formatQuantity(l)} (${pct(l)}%)\n`);
  };
  line('cpu', cpuAlloc, false);
  line('memory', memAlloc, true);
  line('ephemeral-storage', value(allocQ('ephemeral-storage')), true);
  for (const hp of Object.keys(alloc).filter((k) => k.startsWith('hugepages-')).sort()) line(hp, value(allocQ(hp)), true);
}

export function describeNamespace(_sim: Simulation, ns: Namespace): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${ns.metadata.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_0, 'No resource quota.\n');
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_0, 'No LimitRange resource.\n');
  return w.toString();
}
