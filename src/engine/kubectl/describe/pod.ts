// `kubectl describe pod` (describePod).

import type { Pod } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { objOf, rfc1123z, since } from '../printers/format.ts';
import { controllerOf, describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './common.ts';
import { describeContainers, describeVolumes, podFieldResolver } from './containers.ts';
import { DescribeWriter, LEVEL_0, LEVEL_1 } from './writer.ts';
import type { DescribeOptions } from './index.ts';

/** qos.GetPodQOS: the status field, or computed from requests and limits. */
export function podQOS(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = objOf(c.resources);
    const req = objOf(res['requests']);
    const lim = objOf(res['limits']);
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function describePod(sim: Simulation, pod: Pod, opts: DescribeOptions): string {
  const w = new DescribeWriter();
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  w.write(LEVEL_0, `Name:\t${pod.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (spec['priority'] !== undefined && spec['priority'] !== null) w.write(LEVEL_0, `Priority:\t${String(spec['priority'])}\n`);
  if (spec['priorityClassName']) w.write(LEVEL_0, `Priority Class Name:\t${String(spec['priorityClassName'])}\n`);
  if (spec['runtimeClassName']) w.write(LEVEL_0, `Runtime Class Name:\t${String(spec['runtimeClassName'])}\n`);
  if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(sim, pod.metadata.deletionTimestamp)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status['message']) w.write(LEVEL_0, `Message:\t${String(status['message'])}\n`);
  w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
  const ips = status.podIPs ?? [];
  if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
  else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
  }
  const controller = controllerOf(pod);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
  if (status['nominatedNodeName']) w.write(LEVEL_0, `NominatedNodeName:\t${String(status['nominatedNodeName'])}\n`);
  const resolve = podFieldResolver(pod);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, status['initContainerStatuses'] as Pod['status']['containerStatuses'], resolve, '');
  describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses ?? [], resolve, '');
  const gates = (spec['readinessGates'] as { conditionType: string }[] | undefined) ?? [];
  if (gates.length > 0) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
      w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if ((status.conditions ?? []).length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions ?? []) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec['volumes'] as Record<string, unknown>[] | undefined, '');
  w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
  if (opts.showEvents) describeEvents(sim, w, opts.events(pod));
  return w.toString();
}
