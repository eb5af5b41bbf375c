// Field selectors (`kubectl get --field-selector`), as the API server handles them:
// k8s.io/apimachinery/pkg/fields/selector.go parses the string, the per-kind field label
// conversion (pkg/apis/core/v1/conversion.go; runtime.DefaultMetaV1FieldSelectorConversion for
// every kind without one) rejects unknown fields, and each registry's ToSelectableFields
// (pkg/registry/*/strategy.go) supplies the values an object is matched against.
//
// Both failures are 400s. kubectl prints them as
//   Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label
//   selector "", field selector "foo=bar": field label not supported: foo
// (build the middle with listSelectorError in ./labels.ts).

import type { KubeObject } from './types.ts';

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  /** Unescaped value. */
  readonly value: string;
}

export interface FieldSelector {
  /** In the parser's order: the raw terms sorted as strings. */
  readonly requirements: readonly FieldRequirement[];
  readonly empty: boolean;
  /** A missing field reads as "" (fields.Set.Get), so `spec.nodeName=` matches unscheduled pods. */
  matches(fields: Record<string, string>): boolean;
  /** fields.Selector.String(): terms joined by ",", values re-escaped. */
  toString(): string;
  /** The value an `=`/`==` term demands for `field` (e.g. metadata.name). */
  requiresExactMatch(field: string): string | undefined;
}

/** fields.EscapeValue: `\`, `,` and `=` are backslash-escaped. */
export const escapeFieldValue = (s: string): string => s.replace(/[\\,=]/g, (c) => '\\' + c);

class Terms implements FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}
  get empty(): boolean {
    return this.requirements.length === 0;
  }
  matches(fields: Record<string, string>): boolean {
    return this.requirements.every((r) => {
      const v = Object.prototype.hasOwnProperty.call(fields, r.field) ? fields[r.field]! : '';
      return r.operator === '!=' ? v !== r.value : v === r.value;
    });
  }
  toString(): string {
    // hasTerm prints "=" for both = and ==.
    return this.requirements.map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeFieldValue(r.value)}`).join(',');
  }
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator !== '!=')?.value;
  }
}

export const everythingFields = (): FieldSelector => new Terms([]);

// fields.UnescapeValue. Its UnescapedRune error prints the rune with %v, i.e. as a number.
function unescapeValue(s: string): { ok: true; value: string } | { ok: false; error: string } {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') return { ok: false, error: `invalid field selector: invalid escape sequence: \\${c}` };
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      return { ok: false, error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}` };
    } else {
      out += c;
    }
  }
  if (inSlash) return { ok: false, error: 'invalid field selector: invalid escape sequence: \\' };
  return { ok: true, value: out };
}

// splitTerms: split on commas that are not escaped.
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const termOperators: FieldOperator[] = ['!=', '==', '='];

/** fields.ParseSelector. `error` is the text of the server's 400. */
export function parseFieldSelector(text: string): { ok: true; selector: FieldSelector } | { ok: false; error: string } {
  // Go sorts the raw terms (byte order) before parsing them.
  const parts = splitTerms(text).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    let found: { lhs: string; op: FieldOperator; rhs: string } | undefined;
    for (let i = 0; i < part.length && !found; i++) {
      const op = termOperators.find((o) => part.startsWith(o, i));
      if (op) found = { lhs: part.slice(0, i), op, rhs: part.slice(i + op.length) };
    }
    if (!found) return { ok: false, error: `invalid selector: '${text}'; can't understand '${part}'` };
    const v = unescapeValue(found.rhs);
    if (!v.ok) return v;
    reqs.push({ field: found.lhs, operator: found.op, value: v.value });
  }
  return { ok: true, selector: new Terms(reqs) };
}

// ---- per-kind field labels ----------------------------------------------------------------

/** Field labels accepted by the kinds that register a conversion function (core/v1). */
const SUPPORTED: Record<string, readonly string[]> = {
  Pod: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  Node: ['metadata.name', 'spec.unschedulable'],
  ReplicationController: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name'],
  Namespace: ['status.phase', 'metadata.name'],
  Secret: ['type', 'metadata.namespace', 'metadata.name'],
  Service: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
};

/**
 * The server's field label conversion for `kind`: the (possibly renamed) label, or the error.
 * Kinds without their own function (Endpoints, EndpointSlice, Deployment, ReplicaSet,
 * DaemonSet, …) accept only metadata.name and metadata.namespace.
 */
export function convertFieldLabel(kind: string, label: string): { ok: true; label: string } | { ok: false; error: string } {
  const supported = SUPPORTED[kind];
  if (!supported) {
    if (label === 'metadata.name' || label === 'metadata.namespace') return { ok: true, label };
    return { ok: false, error: `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"` };
  }
  if (kind === 'Pod' && label === 'spec.host') return { ok: true, label: 'spec.nodeName' }; // old v1 clients
  if (supported.includes(label)) return { ok: true, label };
  return { ok: false, error: `field label not supported: ${label}` };
}

/**
 * What the API server does with `?fieldSelector=`: parse, then convert every term for `kind`.
 * `error` is the 400 message (the first failing term in sorted order).
 */
export function compileFieldSelector(kind: string, text: string): { ok: true; selector: FieldSelector } | { ok: false; error: string } {
  const parsed = parseFieldSelector(text);
  if (!parsed.ok) return parsed;
  const reqs: FieldRequirement[] = [];
  for (const r of parsed.selector.requirements) {
    const c = convertFieldLabel(kind, r.field);
    if (!c.ok) return c;
    reqs.push({ ...r, field: c.label });
  }
  return { ok: true, selector: new Terms(reqs) };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The selectable field set of an object (the registry's ToSelectableFields / GetAttrs).
 * Fields a conversion accepts but the set lacks (pods' status.podIPs) read as "".
 */
export function fieldsFor(kind: string, o: KubeObject): Record<string, string> {
  const meta = o.metadata ?? {};
  const name = meta.name ?? '';
  const namespace = meta.namespace ?? '';
  const spec = obj(o['spec']);
  const status = obj(o['status']);
  switch (kind) {
    case 'Pod': {
      const podIPs = Array.isArray(status['podIPs']) ? (status['podIPs'] as unknown[]) : [];
      return {
        'metadata.name': name,
        'metadata.namespace': namespace,
        'spec.nodeName': str(spec['nodeName']),
        'spec.restartPolicy': str(spec['restartPolicy']),
        'spec.schedulerName': str(spec['schedulerName']),
        'spec.serviceAccountName': str(spec['serviceAccountName']),
        'spec.hostNetwork': spec['hostNetwork'] === true ? 'true' : 'false',
        'status.phase': str(status['phase']),
        // the first of status.podIPs, not status.podIP
        'status.podIP': podIPs.length ? str(obj(podIPs[0])['ip']) : '',
        'status.nominatedNodeName': str(status['nominatedNodeName']),
      };
    }
    case 'Node':
      return { 'metadata.name': name, 'spec.unschedulable': spec['unschedulable'] === true ? 'true' : 'false' };
    case 'Namespace':
      return { 'metadata.name': name, 'status.phase': str(status['phase']), name };
    case 'Service':
      return { 'metadata.name': name, 'metadata.namespace': namespace, 'spec.clusterIP': str(spec['clusterIP']), 'spec.type': str(spec['type']) };
    case 'Secret':
      return { 'metadata.name': name, 'metadata.namespace': namespace, type: str(o['type']) };
    case 'ReplicaSet':
    case 'ReplicationController':
      return { 'metadata.name': name, 'metadata.namespace': namespace, 'status.replicas': String(typeof status['replicas'] === 'number' ? status['replicas'] : 0) };
    case 'Event': {
      const io = obj(o['involvedObject']);
      const reportingController = str(o['reportingComponent']);
      return {
        'metadata.name': name,
        'metadata.namespace': namespace,
        'involvedObject.kind': str(io['kind']),
        'involvedObject.namespace': str(io['namespace']),
        'involvedObject.name': str(io['name']),
        'involvedObject.uid': str(io['uid']),
        'involvedObject.apiVersion': str(io['apiVersion']),
        'involvedObject.resourceVersion': str(io['resourceVersion']),
        'involvedObject.fieldPath': str(io['fieldPath']),
        reason: str(o['reason']),
        reportingComponent: reportingController,
        source: str(obj(o['source'])['component']) || reportingController,
        type: str(o['type']),
      };
    }
    default:
      // generic.DefaultNamespaceScopedAttr / DefaultClusterScopedAttr
      return { 'metadata.name': name, 'metadata.namespace': namespace };
  }
}
