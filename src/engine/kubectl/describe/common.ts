// Sections several describers share (kubectl/pkg/describe/describe.go): multi-line labels,
// annotations, taints and tolerations, the Events table, the controller line.

import type { KubeObject, Taint, Toleration } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { num, objOf, since, str, timeOf } from '../printers/format.ts';
import { LEVEL_0, LEVEL_1, type DescribeWriter } from './writer.ts';

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(w: DescribeWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const shorten = (s: string, max: number): string => (s.length > max ? s.slice(0, max) + '...' : s);

/** printAnnotationsMultiline (last-applied-configuration is never shown). */
export function printAnnotationsMultiline(w: DescribeWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Taint.ToString: `key=value:effect`, `key:effect`. */
export const taintString = (t: Taint): string => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** printTaintsMultilineWithIndent: sorted by effect, then key. */
export function printTaintsMultiline(w: DescribeWriter, title: string, taints: Taint[] | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!taints || taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: Taint) => `${t.effect},${t.key}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: sorted by key. */
export function printTolerationsMultiline(w: DescribeWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    // `operator: Exists` with no value tolerates everything with that key (or everything).
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, s + '\n');
  });
}

/** metav1.GetControllerOf → `Kind/name`, or "". */
export function controllerOf(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** The events about `obj` (searchEvents: same namespace, name, kind and uid). */
export function eventsFor(sim: Simulation, obj: KubeObject): KubeObject[] {
  return sim.api.events.about(obj.metadata.namespace ?? '', obj.kind, obj.metadata.name ?? '', obj.metadata.uid);
}

/** DescribeEvents: `Events:  <none>` or the Type/Reason/Age/From/Message table. */
export function describeEvents(sim: Simulation, w: DescribeWriter, events: KubeObject[]): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  // SortableEvents: by series.lastObservedTime, else lastTimestamp, else eventTime.
  const last = (e: KubeObject) => timeOf(sim, str(objOf(e['series'])['lastObservedTime']) || str(e['lastTimestamp']) || str(e['eventTime'])) ?? 0;
  const sorted = [...events].sort((a, b) => last(a) - last(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = str(e['eventTime']) ? since(sim, str(e['eventTime'])) : since(sim, str(e['firstTimestamp']) || undefined);
    const series = e['series'] ? objOf(e['series']) : undefined;
    const count = num(e['count']);
    let interval = first;
    if (series) interval = `${since(sim, str(series['lastObservedTime']) || undefined)} (x${num(series['count'])} over ${first})`;
    else if (count > 1) interval = `${since(sim, str(e['lastTimestamp']) || undefined)} (x${count} over ${first})`;
    const source = str(objOf(e['source'])['component']) || str(e['reportingComponent']);
    w.write(LEVEL_1, `${str(e['type'])}\t${str(e['reason'])}\t${interval}\t${source}\t${str(e['message']).trim()}\n`);
  }
}

