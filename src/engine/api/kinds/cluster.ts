// Namespaces, Nodes and Events (pkg/registry/core/{namespace,node,event}).

import { goQuote } from '../fieldErrors.ts';
import type { FieldError, Strategy } from '../strategy.ts';
import type { Namespace, Node, Taint } from '../types.ts';
import { duplicate, forbidden, invalid, invalidEach, notSupported, printed, required } from './errors.ts';
import { validateCIDR } from './ip.ts';
import { validateLabelName, validateObjectMeta, validateObjectMetaUpdate } from './meta.ts';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from './names.ts';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/** The namespace strategy's Canonicalize and SetDefaults_Namespace: a label naming it. */
function labelNamespace(ns: Namespace): void {
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [NAME_LABEL]: ns.metadata.name };
}

function validateNamespaceFinalizers(ns: Namespace): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ns.spec?.finalizers ?? []) {
    errs.push(...invalidEach('spec.finalizers', f, isQualifiedName(f)));
    if (!f.includes('/') && f !== 'kubernetes')
      errs.push(invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

const NS_META = { namespaced: false, nameFn: nameIsDNSLabel, core: true };

export function namespaceStrategy(): Strategy {
  return {
    statusSubresource: true,
    prepareForCreate(obj) {
      const ns = obj as Namespace;
      labelNamespace(ns);
      ns.status = { phase: 'Active' };
      // The kubernetes finalizer is required on create; it may be removed later (finalize).
      const finalizers = ns.spec?.finalizers ?? [];
      if (!finalizers.includes('kubernetes')) ns.spec = { ...(ns.spec ?? {}), finalizers: [...finalizers, 'kubernetes'] };
    },
    validateCreate: (obj) => [...validateObjectMeta(obj.metadata, NS_META), ...validateNamespaceFinalizers(obj as Namespace)],
    prepareForUpdate(obj, old) {
      const ns = obj as Namespace;
      labelNamespace(ns);
      // spec.finalizers only changes through the finalize subresource, which this store lacks:
      // the namespace controller may still clear them once deletion has begun.
      if (old.metadata.deletionTimestamp) return;
      if ((old as Namespace).spec === undefined) delete ns.spec;
      else ns.spec = (old as Namespace).spec;
    },
    validateUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
  };
}

// ---- Nodes ----------------------------------------------------------------------------------

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

const goTaint = (t: Taint): string =>
  `core.Taint{Key:${goQuote(t.key)}, Value:${goQuote(t.value ?? '')}, Effect:${goQuote(t.effect)}, TimeAdded:(*v1.Time)(nil)}`;

function validateTaints(taints: Taint[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const at = `${path}[${i}]`;
    errs.push(...validateLabelName(t.key ?? '', `${at}.key`));
    const valueErrs = isValidLabelValue(t.value ?? '');
    if (valueErrs.length) errs.push(invalid(`${at}.value`, t.value ?? '', valueErrs.join(';')));
    if (!t.effect) errs.push(required(`${at}.effect`));
    else if (!EFFECTS.includes(t.effect)) errs.push(notSupported(`${at}.effect`, t.effect, EFFECTS));
    const key = `${t.effect}\u0000${t.key}`;
    if (seen.has(key)) errs.push({ ...duplicate(at, printed(goTaint(t))), detail: 'taints must be unique by key and effect pair' });
    else seen.add(key);
  });
  return errs;
}

/** v1 conversion keeps spec.podCIDR and spec.podCIDRs[0] the same. */
function syncPodCIDRs(node: Node): void {
  const spec = { ...(node.spec ?? {}) };
  if (spec.podCIDR && !(spec.podCIDRs ?? []).length) spec.podCIDRs = [spec.podCIDR];
  if ((spec.podCIDRs ?? []).length) spec.podCIDR = spec.podCIDRs![0];
  node.spec = spec;
}

// Shallow copies only: the kubelet's writers may share sub-trees with the stored Node.
function defaultNode(node: Node): void {
  syncPodCIDRs(node);
  const status = node.status;
  if (status && status.allocatable === undefined && status.capacity !== undefined) node.status = { ...status, allocatable: { ...status.capacity } };
}

function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain, core: true });
  // Upstream names these metadata.taints (sic).
  if ((node.spec?.taints ?? []).length) errs.push(...validateTaints(node.spec.taints, 'metadata.taints'));
  (node.spec?.podCIDRs ?? []).forEach((c, i) => errs.push(...validateCIDR(`spec.podCIDRs[${i}]`, c)));
  return errs;
}

export function nodeStrategy(): Strategy {
  return {
    statusSubresource: true,
    // Nodes may set any field on create, status included (the kubelet registers itself so).
    prepareForCreate: (obj) => defaultNode(obj as Node),
    validateCreate: (obj) => validateNode(obj as Node),
    prepareForUpdate: (obj) => defaultNode(obj as Node),
    validateUpdate(obj, old) {
      const node = obj as Node;
      const prev = old as Node;
      const errs = validateObjectMetaUpdate(node.metadata, prev.metadata);
      const oldCIDRs = prev.spec?.podCIDRs ?? [];
      const newCIDRs = node.spec?.podCIDRs ?? [];
      if (oldCIDRs.length && (oldCIDRs.length !== newCIDRs.length || oldCIDRs.some((c, i) => c !== newCIDRs[i])))
        errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
      if (prev.spec?.providerID && prev.spec.providerID !== node.spec?.providerID)
        errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
      if ((node.spec?.taints ?? []).length) errs.push(...validateTaints(node.spec.taints, 'metadata.taints'));
      return errs;
    },
  };
}

// ---- Events (minimal) -----------------------------------------------------------------------

const EVENT_META = { namespaced: true, nameFn: nameIsDNSSubdomain, core: true };

export function eventStrategy(): Strategy {
  return {
    validateCreate: (obj) => validateObjectMeta(obj.metadata, EVENT_META),
    validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObjectMeta(obj.metadata, EVENT_META)],
  };
}
