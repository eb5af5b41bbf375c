// ObjectMeta validation (apimachinery/pkg/api/validation/objectmeta.go with the core additions
// for finalizer names) and label/annotation checks. Go walks maps in random order; keys are
// visited sorted here so the same input always gives the same message.

import { goStringSlice } from '../fieldErrors.ts';
import type { FieldError } from '../strategy.ts';
import type { ObjectMeta, OwnerReference } from '../types.ts';
import { forbidden, invalid, invalidEach, printed, required, tooLong } from './errors.ts';
import { labelFieldErrors } from '../labels.ts';
import { type NameFn, byteLength, isQualifiedName, nameIsDNSLabel } from './names.ts';

export function validateLabelName(key: string, field: string): FieldError[] {
  return invalidEach(field, key, isQualifiedName(key));
}

/** ValidateLabels: errors name the map, not the key (`metadata.labels: Invalid value: "a b": …`). */
export const validateLabels = (labels: Record<string, string> | undefined, field: string): FieldError[] => labelFieldErrors(labels, field);

const ANNOTATIONS_MAX = 256 * 1024;

export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    errs.push(...invalidEach(field, k, isQualifiedName(k.toLowerCase())));
    size += byteLength(k) + byteLength(annotations![k]!);
  }
  if (size > ANNOTATIONS_MAX) errs.push(tooLong(field, ANNOTATIONS_MAX));
  return errs;
}

function validateOwnerReferences(refs: OwnerReference[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const version = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[1]! : ref.apiVersion;
    if (!version) errs.push(invalid(`${field}.apiVersion`, ref.apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(`${field}.kind`, ref.kind, 'kind must not be empty'));
    if (!ref.name) errs.push(invalid(`${field}.name`, ref.name, 'name must not be empty'));
    if (!ref.uid) errs.push(invalid(`${field}.uid`, ref.uid, 'uid must not be empty'));
    if (ref.controller) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController)
        errs.push(
          invalid(field, printed('[]v1.OwnerReference{…}'), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`),
        );
      else firstController = current;
    }
  }
  return errs;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateFinalizers(finalizers: string[] | undefined, field: string, core: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) errs.push(...invalidEach(field, f, isQualifiedName(f)));
  if ((finalizers ?? []).includes('orphan') && (finalizers ?? []).includes('foregroundDeletion'))
    errs.push(invalid(field, printed(goStringSlice(finalizers)), 'finalizer orphan and foregroundDeletion cannot be both set'));
  if (core)
    (finalizers ?? []).forEach((f, i) => {
      if (!f.includes('/') && !STANDARD_FINALIZERS.has(f))
        errs.push(invalid(`${field}[${i}]`, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    });
  return errs;
}

export interface MetaOptions {
  namespaced: boolean;
  nameFn: NameFn;
  /** Core-group kinds also check finalizer names against the standard ones. */
  core: boolean;
}

/** ValidateObjectMeta for a create. */
export function validateObjectMeta(meta: ObjectMeta, opts: MetaOptions, field = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) errs.push(...invalidEach(`${field}.generateName`, meta.generateName, opts.nameFn(meta.generateName, true)));
  if (!meta.name) errs.push(required(`${field}.name`, 'name or generateName is required'));
  else errs.push(...invalidEach(`${field}.name`, meta.name, opts.nameFn(meta.name, false)));
  if (opts.namespaced) {
    if (!meta.namespace) errs.push(required(`${field}.namespace`));
    else errs.push(...invalidEach(`${field}.namespace`, meta.namespace, nameIsDNSLabel(meta.namespace, false)));
  } else if (meta.namespace) errs.push(forbidden(`${field}.namespace`, 'not allowed on this type'));
  if ((meta.generation ?? 0) < 0) errs.push(invalid(`${field}.generation`, meta.generation!, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(meta.labels, `${field}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${field}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${field}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${field}.finalizers`, opts.core));
  return errs;
}

/**
 * ValidateObjectMetaUpdate, minus what the store already enforces (name, namespace, uid,
 * creationTimestamp and deletion fields are carried over from the stored object).
 */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, field = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
    if (added.length)
      errs.push(forbidden(`${field}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice([...new Set(added)].sort())}`));
  }
  errs.push(...validateLabels(meta.labels, `${field}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${field}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${field}.ownerReferences`));
  return errs;
}
