// PodSpec validation (pkg/apis/core/validation ValidatePodSpec, validatePodMetadataAndSpec,
// ValidatePodTemplateSpec), in upstream's order. Volume sources, affinity, security contexts and
// resources are accepted as given.

import type { FieldError } from '../strategy.ts';
import type { PodSpec, PodTemplateSpec, Toleration } from '../types.ts';
import { validateContainers, validateDNS1123Label, validateInitContainers } from './containerValidation.ts';
import { duplicate, forbidden, invalid, invalidEach, notSupported, required } from './errors.ts';
import { validateAnnotations, validateLabelName, validateLabels } from './meta.ts';
import { inclusiveRangeError, isValidLabelValue, nameIsDNSSubdomain } from './names.ts';
import { volumeSourcesOf } from './podDefaults.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateVolumes(volumes: unknown, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (Array.isArray(volumes) ? volumes : []).forEach((v: Obj, i) => {
    const at = `${path}[${i}]`;
    const name = typeof v.name === 'string' ? v.name : '';
    const el: FieldError[] = [];
    const sources = volumeSourcesOf(v);
    if (sources.length === 0) el.push(required(at, 'must specify a volume type'));
    for (const extra of sources.slice(1)) el.push(forbidden(`${at}.${extra}`, 'may not specify more than 1 volume type'));
    el.push(...(name ? validateDNS1123Label(name, `${at}.name`) : [required(`${at}.name`)]));
    if (names.has(name)) el.push(duplicate(`${at}.name`, name));
    // Only a volume without errors can be mounted (upstream keeps the others out of the map).
    if (el.length === 0) names.add(name);
    errs.push(...el);
  });
  return { errs, names };
}

export function validateTolerations(tolerations: Toleration[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const at = `${path}[${i}]`;
    if (t.key) errs.push(...validateLabelName(t.key, `${at}.key`));
    if (!t.key && t.operator !== 'Exists')
      errs.push(invalid(`${at}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute')
      errs.push(invalid(`${at}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (!t.operator || t.operator === 'Equal') {
      const msgs = isValidLabelValue(t.value ?? '');
      if (msgs.length) errs.push(invalid(`${at}.operator`, t.value ?? '', msgs.join(';')));
    } else if (t.operator === 'Exists') {
      if (t.value) errs.push(invalid(`${at}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    } else errs.push(notSupported(`${at}.operator`, t.operator, ['Equal', 'Exists']));
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${at}.effect`, t.effect, TAINT_EFFECTS));
  });
  return errs;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template): hostPort must equal containerPort with hostNetwork. */
  isPod: boolean;
}

export function validatePodSpec(spec: PodSpec, path: string, opts: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null)
    errs.push(required(`${path}.terminationGracePeriodSeconds`));
  const vols = validateVolumes(spec.volumes, `${path}.volumes`);
  errs.push(...vols.errs);
  errs.push(...validateContainers(spec.containers, vols.names, `${path}.containers`));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers ?? [], vols.names, `${path}.initContainers`));
  if (spec.hostNetwork) {
    (spec.containers ?? []).forEach((c, ci) =>
      (c.ports ?? []).forEach((p, pi) => {
        const hp = p.hostPort ?? 0;
        if ((opts.isPod || hp !== 0) && hp !== p.containerPort)
          errs.push(invalid(`${path}.containers[${ci}].ports[${pi}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
      }),
    );
  }
  const rp = spec.restartPolicy ?? '';
  if (!rp) errs.push(required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(rp)) errs.push(notSupported(`${path}.restartPolicy`, rp, RESTART_POLICIES));
  const dns = spec.dnsPolicy ?? '';
  if (!dns) errs.push(required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(dns)) errs.push(notSupported(`${path}.dnsPolicy`, dns, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  if (dns === 'None') {
    const cfg = spec.dnsConfig as Obj | undefined;
    if (!isObj(cfg)) errs.push(required(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
    else if (!(Array.isArray(cfg.nameservers) && cfg.nameservers.length))
      errs.push(required(`${path}.dnsConfig.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
  }
  if (spec.serviceAccountName)
    errs.push(...invalidEach(`${path}.serviceAccountName`, spec.serviceAccountName, nameIsDNSSubdomain(spec.serviceAccountName, false)));
  if (spec.nodeName) errs.push(...invalidEach(`${path}.nodeName`, spec.nodeName, nameIsDNSSubdomain(spec.nodeName, false)));
  const ads = spec.activeDeadlineSeconds;
  if (typeof ads === 'number' && (ads < 1 || ads > 2147483647)) errs.push(invalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRangeError(1, 2147483647)));
  if (typeof spec.hostname === 'string' && spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, `${path}.hostname`));
  if (typeof spec.subdomain === 'string' && spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, `${path}.subdomain`));
  if (spec.tolerations?.length) errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  if (typeof spec.priorityClassName === 'string' && spec.priorityClassName)
    errs.push(...invalidEach(`${path}.priorityClassName`, spec.priorityClassName, nameIsDNSSubdomain(spec.priorityClassName, false)));
  const pp = spec.preemptionPolicy;
  if (typeof pp === 'string' && pp !== 'PreemptLowerPriority' && pp !== 'Never')
    errs.push(notSupported(`${path}.preemptionPolicy`, pp, ['PreemptLowerPriority', 'Never']));
  return errs;
}

/** Checks only a Pod gets (validatePodMetadataAndSpec, after ValidatePodSpec). */
export function validatePodOnly(spec: PodSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.serviceAccountName) {
    ((spec.volumes ?? []) as Obj[]).forEach((v, vi) => {
      const sources = isObj(v.projected) && Array.isArray(v.projected.sources) ? (v.projected.sources as Obj[]) : [];
      sources.forEach((s, si) => {
        if (isObj(s.serviceAccountToken))
          errs.push(forbidden(`${path}.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
      });
    });
  }
  for (const kind of ['containers', 'initContainers'] as const) {
    (spec[kind] ?? []).forEach((c, i) => {
      if (c.image && c.image !== c.image.trim())
        errs.push(invalid(`${path}.${kind}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

/** ValidatePodTemplateSpec (template labels are checked at `<path>.labels`, as upstream does). */
export function validatePodTemplateSpec(t: PodTemplateSpec, path: string): FieldError[] {
  const errs = validateLabels(t.metadata?.labels, `${path}.labels`);
  errs.push(...validateAnnotations(t.metadata?.annotations, `${path}.annotations`));
  errs.push(...validatePodSpec(t.spec ?? ({} as PodSpec), `${path}.spec`, { isPod: false }));
  if ((t.spec?.ephemeralContainers as unknown[] | undefined)?.length)
    errs.push(forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  return errs;
}
