// `kubectl describe` for Deployments, ReplicaSets and DaemonSets.

import { deepEqual } from '../../api/deepEqual.ts';
import { labelSelectorAsSelector } from '../../api/labels.ts';
import type { DaemonSet, Deployment, KubeObject, LabelSelector, Pod, PodTemplateSpec, ReplicaSet } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { arrOf, formatLabels, formatLabelSelector, labelSelectorString, rfc1123z, str } from '../printers/format.ts';
import { controllerOf, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common.ts';
import { describePodTemplate } from './containers.ts';
import type { DescribeOptions } from './index.ts';
import { DescribeWriter, LEVEL_0, LEVEL_1 } from './writer.ts';

/** getPodStatusForController: phases of the pods the controller (by uid) owns. */
function podStatusCounts(sim: Simulation, owner: KubeObject, selector: LabelSelector | undefined): string {
  const sel = labelSelectorAsSelector(selector);
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  if (sel.ok) {
    for (const pod of sim.api.list<Pod>('pods', owner.metadata.namespace, (p) => sel.selector.matches(p.metadata.labels))) {
      const ref = (pod.metadata.ownerReferences ?? []).find((r) => r.controller);
      if (!ref || ref.uid !== owner.metadata.uid) continue;
      const phase = pod.status?.phase;
      if (phase && phase in counts) counts[phase as keyof typeof counts]++;
    }
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}

function conditions(w: DescribeWriter, list: unknown): void {
  const conds = arrOf<Record<string, unknown>>(list);
  if (conds.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conds) w.write(LEVEL_1, `${str(c['type'])} \t${str(c['status'])}\t${str(c['reason'])}\n`);
}

/** The template without the pod-template-hash label (deploymentutil.EqualIgnoreHash). */
function templateWithoutHash(t: PodTemplateSpec | undefined): unknown {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return { ...t, metadata: { ...t?.metadata, labels } };
}

const intOrString = (v: unknown): string => (v === undefined || v === null ? '0' : String(v));

export function describeDeployment(sim: Simulation, d: Deployment, opts: DescribeOptions): string {
  const w = new DescribeWriter();
  const st = d.status ?? {};
  w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${labelSelectorString(d.spec.selector) ?? ''}\n`);
  w.write(LEVEL_0, `Replicas:\t${d.spec.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(LEVEL_0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${Number(d.spec['minReadySeconds'] ?? 0)}\n`);
  const ru = d.spec.strategy?.rollingUpdate;
  if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
  describePodTemplate(w, d.spec.template);
  conditions(w, st.conditions);
  const owned = sim.api.list<ReplicaSet>('replicasets', d.metadata.namespace, (rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata.uid));
  const want = templateWithoutHash(d.spec.template);
  // FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's (hash aside).
  const matching = owned.filter((rs) => deepEqual(templateWithoutHash(rs.spec.template), want));
  const newRS = matching.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))[0];
  const oldRSs = owned.filter((rs) => rs !== newRS);
  const rsText = (list: ReplicaSet[]) => (list.length === 0 ? '<none>' : list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 0} replicas created)`).join(', '));
  if (oldRSs.length > 0 || newRS) {
    w.write(LEVEL_0, `OldReplicaSets:\t${rsText(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${rsText(newRS ? [newRS] : [])}\n`);
  }
  if (opts.showEvents) describeEvents(sim, w, opts.events(d));
  return w.toString();
}

export function describeReplicaSet(sim: Simulation, rs: ReplicaSet, opts: DescribeOptions): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const controller = controllerOf(rs);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 0} desired\n`);
  w.write(LEVEL_0, 'Pods Status:\t');
  w.write(LEVEL_0, `${podStatusCounts(sim, rs, rs.spec.selector)}\n`);
  describePodTemplate(w, rs.spec.template);
  conditions(w, rs.status?.['conditions']);
  if (opts.showEvents) describeEvents(sim, w, opts.events(rs));
  return w.toString();
}

export function describeDaemonSet(sim: Simulation, ds: DaemonSet, opts: DescribeOptions): string {
  const w = new DescribeWriter();
  const st = ds.status ?? {};
  w.write(LEVEL_0, `Name:\t${ds.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${labelSelectorString(ds.spec.selector) ?? ''}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(sim, ds, ds.spec.selector)}\n`);
  describePodTemplate(w, ds.spec.template);
  if (opts.showEvents) describeEvents(sim, w, opts.events(ds));
  return w.toString();
}

