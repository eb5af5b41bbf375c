// Which pods `kubectl drain` evicts (k8s.io/kubectl pkg/drain/filters.go): each pod goes
// through the filters in order; the first that refuses it decides, and the last verdict
// stands (so a warning a later filter overrules is never shown, as upstream).

import type { KubeObject, OwnerReference, Pod } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';

export interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
}

type Verdict = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };

const okay: Verdict = { delete: true, reason: 'Okay' };
const skip: Verdict = { delete: false, reason: 'Skip' };
const warning = (del: boolean, message: string): Verdict => ({ delete: del, reason: 'Warning', message });
const error = (message: string): Verdict => ({ delete: false, reason: 'Error', message });

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
const MIRROR = 'kubernetes.io/config.mirror';

const controllerOf = (pod: KubeObject): OwnerReference | undefined => (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
const finished = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

function verdictFor(sim: Simulation, pod: Pod, o: DrainOptions): Verdict {
  const filters: Array<() => Verdict> = [
    () => {
      const ref = controllerOf(pod);
      if (!ref || ref.kind !== 'DaemonSet' || finished(pod)) return okay;
      if (!sim.api.get('daemonsets', pod.metadata.namespace ?? '', ref.name)) {
        const msg = `daemonsets.apps "${ref.name}" not found`;
        return o.force ? warning(true, msg) : error(msg);
      }
      return o.ignoreDaemonSets ? warning(false, DAEMONSET_WARNING) : error(DAEMONSET_FATAL);
    },
    () => (pod.metadata.annotations?.[MIRROR] !== undefined ? skip : okay),
    () => {
      const local = ((pod.spec.volumes ?? []) as { emptyDir?: unknown }[]).some((v) => v.emptyDir !== undefined);
      if (!local || finished(pod)) return okay;
      return o.deleteEmptyDirData ? warning(true, LOCAL_STORAGE_WARNING) : error(LOCAL_STORAGE_FATAL);
    },
    () => {
      if (finished(pod) || controllerOf(pod)) return okay;
      return o.force ? warning(true, UNMANAGED_WARNING) : error(UNMANAGED_FATAL);
    },
  ];
  let v = okay;
  for (const f of filters) {
    v = f();
    if (!v.delete) break;
  }
  return v;
}

export interface PodDeleteList {
  /** Pods to evict, in list order. */
  pods: Pod[];
  /** `Warning:` text (messages in order of first appearance), '' when none. */
  warnings: string;
  /** `cannot delete …: ns/pod, …` per refusal reason. */
  errors: string[];
}

/** GetPodsForDeletion: the pods on the node (matching --pod-selector), sorted into the lists. */
export function podsForDeletion(sim: Simulation, nodeName: string, o: DrainOptions, matches: (pod: Pod) => boolean): PodDeleteList {
  const pods = sim.api.list<Pod>('pods', undefined, (p) => (p.spec as { nodeName?: string })?.nodeName === nodeName).filter(matches);
  const warnings = new Map<string, string[]>();
  const errors = new Map<string, string[]>();
  const out: Pod[] = [];
  for (const pod of pods) {
    const v = verdictFor(sim, pod, o);
    const id = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    if (v.delete) out.push(pod);
    const bucket = v.reason === 'Warning' ? warnings : v.reason === 'Error' ? errors : undefined;
    if (bucket) bucket.set(v.message || 'unexpected error', [...(bucket.get(v.message || 'unexpected error') ?? []), id]);
  }
  return {
    pods: out,
    warnings: [...warnings].map(([m, ids]) => `${m}: ${ids.join(', ')}`).join('; '),
    errors: [...errors].map(([m, ids]) => `cannot delete ${m}: ${ids.join(', ')}`),
  };
}
