// apps/v1 Deployments, ReplicaSets and DaemonSets: defaulting (pkg/apis/apps/v1/defaults.go),
// the registries' create/update preparation and pkg/apis/apps/validation.

import { cloneJson, deepEqual } from '../deepEqual.ts';
import { goIntOrString, goStringMap } from '../fieldErrors.ts';
import { labelSelectorAsSelector } from '../labels.ts';
import type { FieldError, Strategy } from '../strategy.ts';
import type { KubeObject, LabelSelector, ObjectMeta, PodSpec, PodTemplateSpec } from '../types.ts';
import { forbidden, invalid, notSupported, printed, required } from './errors.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.ts';
import { isValidPercent, nameIsDNSSubdomain } from './names.ts';
import { defaultPodSpec } from './podDefaults.ts';
import { validatePodTemplateSpec } from './podValidation.ts';
import { goLabelSelector, selectorIsEmpty, validateLabelSelector } from './selectors.ts';

type IntOrString = number | string;
interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  template: PodTemplateSpec;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
  updateStrategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
}
type Workload = KubeObject & { spec: WorkloadSpec; status?: Record<string, unknown> };

const META = { namespaced: true, nameFn: nameIsDNSSubdomain, core: true };
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** Template defaults. The template's ObjectMeta carries a zero creationTimestamp, serialised as null. */
function defaultTemplate(spec: WorkloadSpec): void {
  spec.template ??= { metadata: {}, spec: {} as PodSpec };
  spec.template.metadata ??= {};
  (spec.template.metadata as Record<string, unknown>).creationTimestamp = null;
  spec.template.spec ??= {} as PodSpec;
  defaultPodSpec(spec.template.spec, false);
}

function defaultDeployment(d: Workload): void {
  const s = d.spec;
  if (s.replicas === undefined || s.replicas === null) s.replicas = 1;
  s.strategy ??= {};
  if (!s.strategy.type) s.strategy.type = 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    s.strategy.rollingUpdate ??= {};
    s.strategy.rollingUpdate.maxUnavailable ??= '25%';
    s.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  defaultTemplate(s);
}

function defaultReplicaSet(rs: Workload): void {
  if (rs.spec.replicas === undefined || rs.spec.replicas === null) rs.spec.replicas = 1;
  defaultTemplate(rs.spec);
}

function defaultDaemonSet(ds: Workload): void {
  const s = ds.spec;
  s.updateStrategy ??= {};
  if (!s.updateStrategy.type) s.updateStrategy.type = 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    s.updateStrategy.rollingUpdate ??= {};
    s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    s.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  defaultTemplate(s);
}

const nonNegative = (v: number | undefined, field: string): FieldError[] =>
  (v ?? 0) < 0 ? [invalid(field, v!, 'must be greater than or equal to 0')] : [];

function percentValue(v: IntOrString | undefined): number | null {
  return typeof v === 'string' && isValidPercent(v).length === 0 ? Number(v.slice(0, -1)) : null;
}
const intOrPercent = (v: IntOrString | undefined): number => percentValue(v) ?? (typeof v === 'number' ? v : 0);

function validatePositiveIntOrPercent(v: IntOrString | undefined, field: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(field, printed(goIntOrString(v)), m));
  return nonNegative(v, field);
}

function notMoreThan100(v: IntOrString | undefined, field: string): FieldError[] {
  const p = percentValue(v);
  return p !== null && p > 100 ? [invalid(field, printed(goIntOrString(v)), 'must not be greater than 100%')] : [];
}

const mismatch = (labels: Record<string, string> | undefined): FieldError =>
  invalid('spec.template.metadata.labels', printed(goStringMap(labels ?? null)), '`selector` does not match template `labels`');

/** The template checks every workload shares (restartPolicy Always, no activeDeadlineSeconds). */
function validateWorkloadTemplate(s: WorkloadSpec, owner: string): FieldError[] {
  const errs = validatePodTemplateSpec(s.template, 'spec.template');
  const rp = s.template?.spec?.restartPolicy ?? '';
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (s.template?.spec?.activeDeadlineSeconds !== undefined)
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${owner} is not Supported`));
  return errs;
}

/** Deployments and ReplicaSets: selector, then ValidatePodTemplateSpecForReplicaSet. */
function validateReplicaSelectorAndTemplate(s: WorkloadSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.selector) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
    if (selectorIsEmpty(s.selector)) errs.push(invalid('spec.selector', printed(goLabelSelector(s.selector)), 'empty selector is invalid for deployment'));
  }
  const converted = labelSelectorAsSelector(s.selector);
  // A selector that does not convert stops here: the template is not looked at.
  if (!converted.ok) return [...errs, invalid('spec.selector', printed(goLabelSelector(s.selector!)), 'invalid label selector')];
  // An empty selector (labels.Everything) skips the label check; a missing one never matches.
  const sel = converted.selector;
  if (!sel.empty && !sel.matches(s.template?.metadata?.labels)) errs.push(mismatch(s.template?.metadata?.labels));
  errs.push(...validateWorkloadTemplate(s, 'ReplicaSet'));
  return errs;
}

function validateDeploymentSpec(s: WorkloadSpec): FieldError[] {
  const errs = nonNegative(s.replicas, 'spec.replicas');
  errs.push(...validateReplicaSelectorAndTemplate(s));
  const st = s.strategy ?? {};
  if (st.type === 'Recreate') {
    if (st.rollingUpdate) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (st.type === 'RollingUpdate') {
    const ru = st.rollingUpdate;
    if (!ru) errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else {
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
      if (intOrPercent(ru.maxUnavailable) === 0 && intOrPercent(ru.maxSurge) === 0)
        errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', printed(goIntOrString(ru.maxUnavailable)), 'may not be 0 when `maxSurge` is 0'));
      errs.push(...notMoreThan100(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
    }
  } else errs.push(notSupported('spec.strategy', printed(`apps.DeploymentStrategy{Type:"${st.type ?? ''}", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`), ['Recreate', 'RollingUpdate']));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (s.progressDeadlineSeconds !== undefined) {
    errs.push(...nonNegative(s.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
      errs.push(invalid('spec.progressDeadlineSeconds', s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

function validateReplicaSetSpec(s: WorkloadSpec): FieldError[] {
  const errs = nonNegative(s.replicas, 'spec.replicas');
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateReplicaSelectorAndTemplate(s));
  return errs;
}

function validateDaemonSetSpec(s: WorkloadSpec): FieldError[] {
  const errs = validateLabelSelector(s.selector, 'spec.selector');
  const converted = labelSelectorAsSelector(s.selector);
  if (converted.ok && !converted.selector.matches(s.template?.metadata?.labels)) errs.push(mismatch(s.template?.metadata?.labels));
  if (s.selector && selectorIsEmpty(s.selector)) errs.push(invalid('spec.selector', printed(goLabelSelector(s.selector)), 'empty selector is invalid for daemonset'));
  errs.push(...validateWorkloadTemplate(s, 'DaemonSet'));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  const us = s.updateStrategy ?? {};
  if (us.type === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    if (!ru) errs.push(required('spec.updateStrategy.rollingUpdate'));
    else {
      const path = 'spec.updateStrategy.rollingUpdate';
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${path}.maxSurge`));
      errs.push(...notMoreThan100(ru.maxUnavailable, `${path}.maxUnavailable`));
      errs.push(...notMoreThan100(ru.maxSurge, `${path}.maxSurge`));
      const hasU = intOrPercent(ru.maxUnavailable) !== 0;
      const hasS = intOrPercent(ru.maxSurge) !== 0;
      if (hasU && hasS) errs.push(invalid(`${path}.maxSurge`, printed(goIntOrString(ru.maxSurge)), 'may not be set when maxUnavailable is non-zero'));
      if (!hasU && !hasS) errs.push(required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    }
  } else if (us.type !== 'OnDelete')
    errs.push(notSupported('spec.updateStrategy', printed(`apps.DaemonSetUpdateStrategy{Type:"${us.type ?? ''}", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`), ['RollingUpdate', 'OnDelete']));
  errs.push(...nonNegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** apps/v1 forbids changing a workload's selector (the registries' ValidateUpdate). */
function selectorImmutable(next: WorkloadSpec, prev: WorkloadSpec): FieldError[] {
  if (deepEqual(next.selector ?? null, prev.selector ?? null)) return [];
  return [invalid('spec.selector', next.selector ? printed(goLabelSelector(next.selector)) : null, 'field is immutable')];
}

interface Kind {
  defaults(w: Workload): void;
  initialStatus(): Record<string, unknown>;
  validateSpec(s: WorkloadSpec): FieldError[];
  prepareUpdate?(w: Workload, old: Workload): void;
}

function workloadStrategy(kind: Kind): Strategy {
  return {
    statusSubresource: true,
    generation: true,
    prepareForCreate(obj) {
      const w = obj as Workload;
      w.spec = cloneJson(w.spec ?? ({} as WorkloadSpec)); // a private copy to default
      kind.defaults(w);
      w.status = kind.initialStatus();
    },
    validateCreate(obj) {
      const w = obj as Workload;
      return [...validateObjectMeta(w.metadata, META), ...kind.validateSpec(w.spec)];
    },
    prepareForUpdate(obj, old) {
      const w = obj as Workload;
      w.spec = cloneJson(w.spec ?? ({} as WorkloadSpec));
      kind.defaults(w);
      kind.prepareUpdate?.(w, old as Workload);
    },
    validateUpdate(obj, old) {
      const w = obj as Workload;
      return [
        ...validateObjectMetaUpdate(w.metadata, old.metadata),
        ...kind.validateSpec(w.spec),
        ...selectorImmutable(w.spec, (old as Workload).spec),
      ];
    },
  };
}

const bumpGeneration = (meta: ObjectMeta, old: ObjectMeta): void => {
  meta.generation = (old.generation ?? 0) + 1;
};

export const deploymentStrategy = (): Strategy =>
  workloadStrategy({
    defaults: defaultDeployment,
    initialStatus: () => ({}),
    validateSpec: validateDeploymentSpec,
    // Annotations are copied to ReplicaSets, so changing them is a new generation too.
    prepareUpdate(w, old) {
      if (!deepEqual(w.metadata.annotations ?? {}, old.metadata.annotations ?? {})) bumpGeneration(w.metadata, old.metadata);
    },
  });

export const replicaSetStrategy = (): Strategy =>
  workloadStrategy({ defaults: defaultReplicaSet, initialStatus: () => ({ replicas: 0 }), validateSpec: validateReplicaSetSpec });

export const daemonSetStrategy = (): Strategy => {
  const base = workloadStrategy({
    defaults: defaultDaemonSet,
    initialStatus: () => ({ currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }),
    validateSpec: validateDaemonSetSpec,
    // spec.templateGeneration lives on in apps/v1 as an annotation, bumped by template changes.
    prepareUpdate(w, old) {
      const prev = Number(old.metadata.annotations?.[TEMPLATE_GENERATION] ?? '1');
      const changed = !deepEqual(w.spec.template, old.spec.template);
      w.metadata.annotations = { ...(w.metadata.annotations ?? {}), [TEMPLATE_GENERATION]: String(changed ? prev + 1 : prev) };
    },
  });
  return {
    ...base,
    prepareForCreate(obj, ctx) {
      base.prepareForCreate!(obj, ctx);
      const given = Number(obj.metadata.annotations?.[TEMPLATE_GENERATION] ?? '0');
      const generation = Number.isInteger(given) && given >= 1 ? given : 1;
      obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [TEMPLATE_GENERATION]: String(generation) };
    },
  };
};
