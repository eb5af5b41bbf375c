// Pods (pkg/registry/core/pod/strategy.go): defaulting, creation admission, status reset to
// Pending with the QoS class, the update rules of ValidatePodUpdate, graceful deletion.

import { cloneJson, deepEqual } from '../deepEqual.ts';
import type { FieldError, Strategy } from '../strategy.ts';
import type { Container, KubeObject, Pod, PodSpec } from '../types.ts';
import { forbidden, invalid, required } from './errors.ts';
import { podSpecDiff } from './goDiff.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.ts';
import { inclusiveRangeError, nameIsDNSSubdomain } from './names.ts';
import { admitPodCreate, syncServiceAccountFields } from './podAdmission.ts';
import { defaultPodSpec } from './podDefaults.ts';
import { validatePodOnly, validatePodSpec, validateTolerations } from './podValidation.ts';
import { parseQuantity } from './quantity.ts';

type Obj = Record<string, unknown>;
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** qos.GetPodQOS: BestEffort without cpu/memory requests or limits, Guaranteed when all equal. */
export function podQOSClass(spec: PodSpec): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  const containers: Container[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  for (const c of containers) {
    const res = (c.resources ?? {}) as { requests?: Obj; limits?: Obj };
    const limitsFound = new Set<string>();
    for (const [list, into, found] of [[res.requests, requests, null], [res.limits, limits, limitsFound]] as const) {
      for (const name of ['cpu', 'memory']) {
        const q = list?.[name] !== undefined ? parseQuantity(list[name] as string) : null;
        if (!q || q.milli <= 0n) continue;
        into.set(name, (into.get(name) ?? 0n) + q.milli);
        found?.add(name);
      }
    }
    if (!(limitsFound.has('cpu') && limitsFound.has('memory'))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) for (const [name, req] of requests) if (limits.get(name) !== req) guaranteed = false;
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

const UPDATABLE =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validateContainerUpdates(next: Container[] | undefined, prev: Container[] | undefined, path: string): { errs: FieldError[]; stop: boolean } {
  if ((next ?? []).length !== (prev ?? []).length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  (next ?? []).forEach((c, i) => {
    if (!c.image) errs.push(required(`${path}[${i}].image`));
    if (c.image && c.image.trim() !== c.image) errs.push(invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

const sameJSON = (a: unknown, b: unknown): boolean => deepEqual(a ?? null, b ?? null);

/** ValidatePodUpdate, from the spec checks on (metadata and spec validity are checked before). */
function validatePodSpecUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs: FieldError[] = [];
  for (const kind of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(pod.spec[kind], old.spec[kind], `spec.${kind}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = pod.spec.activeDeadlineSeconds as number | undefined;
  const oldAds = old.spec.activeDeadlineSeconds as number | undefined;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > 2147483647) return [...errs, invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, 2147483647))];
    if (oldAds !== undefined && oldAds !== null && oldAds < ads)
      return [...errs, invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
  } else if (oldAds !== undefined && oldAds !== null)
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  // Only additions to tolerations (an existing one may change its tolerationSeconds only).
  const modified = (old.spec.tolerations ?? []).some(
    (t) => !(pod.spec.tolerations ?? []).some((n) => sameJSON({ ...t, tolerationSeconds: n.tolerationSeconds }, n)),
  );
  if (modified) errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  else errs.push(...validateTolerations(pod.spec.tolerations, 'spec.tolerations'));
  if (sameJSON(pod.spec, old.spec)) return errs;
  const munged = clone(pod.spec) as PodSpec;
  munged.containers = (munged.containers ?? []).map((c, i) => ({ ...c, image: old.spec.containers[i]!.image }));
  if (munged.initContainers) munged.initContainers = munged.initContainers.map((c, i) => ({ ...c, image: old.spec.initContainers![i]!.image }));
  if (oldAds === undefined || oldAds === null) delete munged.activeDeadlineSeconds;
  else munged.activeDeadlineSeconds = oldAds;
  const restore = (key: string): void => {
    if (old.spec[key] === undefined) delete munged[key];
    else munged[key] = old.spec[key];
  };
  restore('schedulingGates');
  restore('tolerations');
  const oldGrace = old.spec.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  if (!sameJSON(munged, old.spec)) {
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE}\n${podSpecDiff(old.spec as Obj, munged as Obj)}`));
  }
  return errs;
}

const META = { namespaced: true, nameFn: nameIsDNSSubdomain, core: true };

// Trusted writers hand the store objects that may share sub-trees with stored ones (a Pod's
// spec built from its ReplicaSet's template): defaulting works on a private copy.
const ownSpec = (spec: PodSpec | undefined): PodSpec => (spec ? cloneJson(spec) : ({} as PodSpec));

export function podStrategy(): Strategy {
  return {
    statusSubresource: true,
    generation: true,
    prepareForCreate(obj, ctx) {
      const pod = obj as Pod;
      pod.spec = ownSpec(pod.spec);
      defaultPodSpec(pod.spec, true);
      admitPodCreate(pod.spec, pod.metadata.annotations, ctx.rng);
      pod.status = { phase: 'Pending', qosClass: podQOSClass(pod.spec) };
    },
    validateCreate(obj) {
      const pod = obj as Pod;
      const errs = validateObjectMeta(pod.metadata, META);
      errs.push(...validatePodSpec(pod.spec, 'spec', { isPod: true }));
      errs.push(...validatePodOnly(pod.spec, 'spec'));
      if ((pod.spec.ephemeralContainers as unknown[] | undefined)?.length) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
      if (pod.spec.nodeName && (pod.spec.schedulingGates as unknown[] | undefined)?.length)
        errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
      return errs;
    },
    prepareForUpdate(obj) {
      const pod = obj as Pod;
      pod.spec = ownSpec(pod.spec);
      defaultPodSpec(pod.spec, true);
      syncServiceAccountFields(pod.spec);
    },
    validateUpdate(obj, old) {
      const pod = obj as Pod;
      const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
      errs.push(...validateObjectMeta(pod.metadata, META));
      errs.push(...validatePodSpec(pod.spec, 'spec', { isPod: true }));
      errs.push(...validatePodOnly(pod.spec, 'spec'));
      errs.push(...validatePodSpecUpdate(pod, old as Pod));
      return errs;
    },
    gracefulDelete(obj: KubeObject) {
      const pod = obj as Pod;
      if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') return 0;
      const grace = pod.spec?.terminationGracePeriodSeconds ?? 0;
      return grace < 0 ? 1 : grace;
    },
  };
}
