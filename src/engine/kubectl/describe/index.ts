// The describer for each kind Proxyscope serves (kubectl's describerMap).

import type { DaemonSet, Deployment, EndpointSlice, Endpoints, KubeObject, Namespace, Node, Pod, ReplicaSet, Service } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './common.ts';
import { describeNamespace, describeNode } from './cluster.ts';
import { describeEndpointSlice, describeEndpoints, describeService } from './network.ts';
import { describePod } from './pod.ts';
import { describeDaemonSet, describeDeployment, describeReplicaSet } from './workloads.ts';
import { DescribeWriter, LEVEL_0 } from './writer.ts';

export interface DescribeOptions {
  /** --show-events (default true). */
  showEvents: boolean;
  /** The events about an object. */
  events(obj: KubeObject): KubeObject[];
}

export function defaultDescribeOptions(sim: Simulation, showEvents = true): DescribeOptions {
  return { showEvents, events: (obj) => eventsFor(sim, obj) };
}

/** The generic describer for kinds without a dedicated one (e.g. Event). */
function describeGeneric(sim: Simulation, obj: KubeObject, opts: DescribeOptions): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
  if (obj.metadata.namespace) w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
  w.write(LEVEL_0, `API Version:\t${obj.apiVersion}\n`);
  w.write(LEVEL_0, `Kind:\t${obj.kind}\n`);
  w.write(LEVEL_0, `Metadata:\n  Creation Timestamp:\t${obj.metadata.creationTimestamp ?? ''}\n`);
  if (opts.showEvents) describeEvents(sim, w, opts.events(obj));
  return w.toString();
}

/** `kubectl describe` text of one object (ends with a newline). */
export function describeObject(sim: Simulation, obj: KubeObject, opts: DescribeOptions): string {
  switch (obj.kind) {
    case 'Pod':
      return describePod(sim, obj as Pod, opts);
    case 'Service':
      return describeService(sim, obj as Service, opts);
    case 'Endpoints':
      return describeEndpoints(sim, obj as Endpoints, opts);
    case 'EndpointSlice':
      return describeEndpointSlice(sim, obj as EndpointSlice, opts);
    case 'Deployment':
      return describeDeployment(sim, obj as Deployment, opts);
    case 'ReplicaSet':
      return describeReplicaSet(sim, obj as ReplicaSet, opts);
    case 'DaemonSet':
      return describeDaemonSet(sim, obj as DaemonSet, opts);
    case 'Node':
      return describeNode(sim, obj as Node, opts);
    case 'Namespace':
      return describeNamespace(sim, obj as Namespace);
    default:
      return describeGeneric(sim, obj, opts);
  }
}
