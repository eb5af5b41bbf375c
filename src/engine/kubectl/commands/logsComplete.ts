// Tab completion of `kubectl logs` (completion.PodResourceNameAndContainerCompletionFunc): first
// the pods of the namespace plus `TYPE/` for the kinds that have pods (or names after `TYPE/`),
// then the containers of that pod (init containers first); flag names; namespaces after -n.

import { labelSelectorAsSelector, selectorFromSet } from '../../api/labels.ts';
import type { KubeObject, LabelSelector, Pod } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import type { FlagDef } from '../flags.ts';
import { GLOBAL_FLAGS } from '../globalFlags.ts';
import { resolveTypeOrError } from '../resourceArgs.ts';
import { sortByLogging } from './logsTargets.ts';

/** The `TYPE/` choices kubectl offers: kinds whose objects lead to pods. */
const RESOURCES_WITH_PODS = ['daemonsets', 'deployments', 'pods', 'jobs', 'replicasets', 'replicationcontrollers', 'services', 'statefulsets'];

const names = (objs: KubeObject[]): string[] => objs.map((o) => o.metadata.name ?? '');

/** convertResourceNameToPodName: `web-1`, `pod/web-1`, or the pod `deploy/web` attaches to. */
function podFor(sim: Simulation, arg: string, namespace: string): Pod | undefined {
  if (!arg.includes('/')) return sim.api.get<Pod>('pods', namespace, arg);
  const [type, name] = arg.split('/') as [string, string];
  const r = resolveTypeOrError(type);
  if (!r.ok || !r.info.namespaced) return undefined;
  const obj = sim.api.get(r.info.resource, namespace, name);
  if (!obj) return undefined;
  if (r.info.kind === 'Pod') return obj as Pod;
  const sel = (obj as { spec?: { selector?: unknown } }).spec?.selector;
  const parsed = r.info.kind === 'Service' ? { ok: true as const, selector: selectorFromSet(sel as Record<string, string>) } : labelSelectorAsSelector(sel as LabelSelector);
  if (!parsed.ok || parsed.selector.empty) return undefined;
  const selector = parsed.selector;
  return sortByLogging(sim, sim.api.list<Pod>('pods', namespace, (p) => selector.matches(p.metadata.labels)))[0];
}

/** `words` start after `logs`; the last one is being completed. */
export function completeLogs(words: string[], sim: Simulation, flags: FlagDef[]): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const defs = [...flags, ...GLOBAL_FLAGS];
  const valued = new Map<string, FlagDef>();
  for (const d of defs) {
    if (d.type === 'bool') continue;
    valued.set(`--${d.name}`, d);
    if (d.short) valued.set(`-${d.short}`, d);
  }
  let namespace = 'default';
  const positional: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const w = before[i]!;
    if (valued.has(w)) {
      const v = before[++i];
      if (valued.get(w)!.name === 'namespace' && v !== undefined) namespace = v;
      continue;
    }
    if (w.startsWith('--namespace=')) namespace = w.slice('--namespace='.length);
    else if (/^-n./.test(w)) namespace = w.slice(2).replace(/^=/, '');
    if (!w.startsWith('-')) positional.push(w);
  }
  const starts = (xs: string[]) => xs.filter((x) => x.startsWith(current));
  const prev = before.at(-1);
  const prevFlag = prev !== undefined ? valued.get(prev) : undefined;
  if (prevFlag) {
    if (prevFlag.name === 'namespace') return starts(names(sim.api.list('namespaces')));
    return [];
  }
  if (current.startsWith('-')) return starts(defs.map((d) => `--${d.name}`)).sort();
  if (positional.length === 0) {
    const slash = current.indexOf('/');
    if (slash >= 0) {
      const type = current.slice(0, slash);
      const r = resolveTypeOrError(type);
      if (!r.ok) return [];
      return starts(names(sim.api.list(r.info.resource, r.info.namespaced ? namespace : undefined)).map((n) => `${type}/${n}`));
    }
    return [...starts(names(sim.api.list('pods', namespace))), ...RESOURCES_WITH_PODS.filter((r) => r.startsWith(current)).map((r) => `${r}/`)];
  }
  if (positional.length === 1) {
    const pod = podFor(sim, positional[0]!, namespace);
    if (!pod) return [];
    return starts([...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name));
  }
  return [];
}
