// Validation errors as the API server words them (k8s.io/apimachinery 1.33: field.Error,
// field.ErrorList.ToAggregate, errors.NewInvalid) and as kubectl prints them
// (k8s.io/kubectl/pkg/cmd/util/helpers.go checkErr + MultilineError).
//
// FieldError.value is already in Go's fmt form; the go* helpers below produce it:
// strings %q, integers and bools plain, slices and maps and structs %#v.

import { goQuote } from './labels.ts';
import { resourceForKind } from './resources.ts';
import type { Status } from './status.ts';
import type { FieldError } from './strategy.ts';

/** field.ErrorType as apimachinery has it; NotFound is reachable through `notFoundError`. */
type ErrorType = FieldError['type'] | 'NotFound';

const TYPE_TEXT: Record<ErrorType, string> = {
  Invalid: 'Invalid value',
  Required: 'Required value',
  Duplicate: 'Duplicate value',
  NotSupported: 'Unsupported value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
  TooMany: 'Too many',
  NotFound: 'Not found',
};

const CAUSE_REASON: Record<ErrorType, string> = {
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  Duplicate: 'FieldValueDuplicate',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  NotFound: 'FieldValueNotFound',
};

// In apimachinery 1.33 these types never print the offending value (Error.ErrorBody).
const VALUELESS = new Set<ErrorType>(['Required', 'Forbidden', 'TooLong']);

/** The message without the field: `Invalid value: 0: must be between 1 and 65535, inclusive`. */
export function fieldErrorBody(e: FieldError): string {
  const type = e.type as ErrorType;
  let s = TYPE_TEXT[type] ?? `<unknown error ${goQuote(type)}>`;
  if (!VALUELESS.has(type) && e.value !== undefined) s += `: ${e.value}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `spec.ports[0].port: Invalid value: 0: …` (field.Error.Error). */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** metav1.CauseType of a field error (`FieldValueInvalid`, …), as Status.details.causes carry. */
export function causeReason(e: FieldError): string {
  return CAUSE_REASON[e.type as ErrorType] ?? e.type;
}

/** utilerrors.NewAggregate(…).Error(): one message alone, several as `[a, b]`, duplicates once. */
function aggregate(messages: string[]): string {
  const seen: string[] = [];
  for (const m of messages) if (!seen.includes(m)) seen.push(m);
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

/** schema.GroupKind.String(): `Service`, `Deployment.apps`, `EndpointSlice.discovery.k8s.io`. */
export function qualifiedKind(kind: string): string {
  if (kind.includes('.')) return kind;
  const group = resourceForKind(kind)?.group;
  return group ? `${kind}.${group}` : kind;
}

/**
 * Status.message of an Invalid error: `Service "x" is invalid: spec.ports[0].port: …` or, for
 * several errors, `Service "x" is invalid: [a, b]`. `kind` may be bare (the group is looked up).
 */
export function formatInvalid(kind: string, name: string, errs: FieldError[]): string {
  const head = `${qualifiedKind(kind)} ${goQuote(name)} is invalid`;
  if (errs.length === 0) return head;
  return `${head}: ${aggregate(errs.map(fieldErrorString))}`;
}

/** The whole metav1.Status an Invalid error travels as (errors.NewInvalid). */
export function invalidStatus(kind: string, name: string, errs: FieldError[]): Status {
  const qualified = qualifiedKind(kind);
  const dot = qualified.indexOf('.');
  const bare = dot < 0 ? qualified : qualified.slice(0, dot);
  const group = dot < 0 ? '' : qualified.slice(dot + 1);
  return {
    kind: 'Status',
    status: 'Failure',
    reason: 'Invalid',
    code: 422,
    message: formatInvalid(kind, name, errs),
    details: {
      name,
      ...(group ? { group } : {}),
      kind: bare,
      causes: errs.map((e) => ({ reason: causeReason(e), message: fieldErrorBody(e), field: e.field })),
    },
  };
}

/**
 * What kubectl writes to stderr for an Invalid error: `The Service "x" is invalid: <error>\n`, or
 * for several errors the prefix, a newline, then `* <error>\n` each (duplicates dropped).
 */
export function kubectlInvalidMessage(kind: string, name: string, errs: FieldError[]): string {
  const qualified = qualifiedKind(kind);
  const bare = qualified.split('.')[0]!;
  return kubectlInvalidFromCauses(bare, name, errs.map((e) => ({ field: e.field, message: fieldErrorBody(e) })));
}

function kubectlInvalidFromCauses(kind: string, name: string, causes: { field: string; message: string }[]): string {
  const prefix = kind || name ? `The ${kind} ${goQuote(name)} is invalid` : 'The request is invalid';
  const lines: string[] = [];
  for (const c of causes) {
    const line = `${c.field}: ${c.message}`;
    if (!lines.includes(line)) lines.push(line);
  }
  if (lines.length === 0) return `${prefix}\n`;
  if (lines.length === 1) return `${prefix}: ${lines[0]}\n`;
  return `${prefix}: \n${lines.map((l) => `* ${l}\n`).join('')}`;
}

/** How kubectl prints any API error Status (cmdutil.CheckErr). */
export function kubectlErrorMessage(s: Status): string {
  if (s.reason === 'Invalid' && s.details) {
    const causes = (s.details.causes ?? []).map((c) => ({ field: c.field, message: c.message }));
    if (causes.length === 0 && !s.details.kind && !s.details.name) return `The request is invalid: ${s.message}\n`;
    return kubectlInvalidFromCauses(s.details.kind ?? '', s.details.name ?? '', causes);
  }
  return `Error from server (${s.reason}): ${s.message}\n`;
}

// ---- Go fmt renderings of bad values -------------------------------------------------------

/** strconv.Quote / %q (shared with the label code). */
export { goQuote };

/** %#v of []string. */
export function goStringSlice(values: readonly string[] | null | undefined): string {
  if (values == null) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** %#v of map[string]string (keys sorted, as fmt prints maps). */
export function goStringMap(m: Record<string, string> | null | undefined): string {
  if (m == null) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k]!)}`).join(', ')}}`;
}

/** A scalar as field.Error prints it: strings %q, numbers and bools %v. */
export function goScalar(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return 'null';
  return typeof v === 'string' ? goQuote(v) : String(v);
}

/** intstr.IntOrString as %#v prints it (Type 0 = Int, 1 = String). */
export function goIntOrString(v: number | string | undefined): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
  return `intstr.IntOrString{Type:0, IntVal:${v ?? 0}, StrVal:""}`;
}

/**
 * A field.NotFound error. strategy.ts's FieldError union lacks the type, but the API server does
 * produce it (e.g. a volumeMount naming no volume); every formatter above handles it.
 */
export function notFoundError(field: string, value: string): FieldError {
  return { field, type: 'NotFound' as FieldError['type'], value };
}
