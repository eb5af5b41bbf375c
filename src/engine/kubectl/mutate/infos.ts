// Decoded manifest documents → the objects a command works on (resource.Info), with the
// checks cli-runtime makes on the way: client-side schema validation of apiVersion/kind
// (kubectl/pkg/validation), the REST mapping of the kind, `List` flattening, and the
// namespace visitors (SetNamespace, RequireNamespace, FilterNamespace).

import { cloneJson } from '../../api/deepEqual.ts';
import { RESOURCES, type ResourceInfo } from '../../api/resources.ts';
import type { KubeObject } from '../../api/types.ts';
import { marshalCompact } from '../../format/gojson.ts';
import { type KError, aggregateText, plainError } from './errors.ts';
import type { ManifestStream } from './files.ts';

export interface ObjInfo {
  source: string;
  resource: ResourceInfo;
  /** The object as read, namespace filled in (or dropped for cluster-scoped kinds). */
  obj: KubeObject;
  /** '' for cluster-scoped kinds. */
  namespace: string;
  name: string;
}

export interface InfoOptions {
  /** The namespace of the invocation (-n or the context's). */
  namespace: string;
  /** -n was given: objects naming another namespace are refused. */
  enforceNamespace: boolean;
  /** --validate (not false/ignore): check apiVersion and kind before decoding. */
  validate: boolean;
}

const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** schema.ParseGroupVersion. */
function parseGroupVersion(gv: string): { ok: true; group: string; version: string } | { ok: false; error: string } {
  if (gv === '' || gv === '/') return { ok: true, group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { ok: true, group: '', version: parts[0]! };
  if (parts.length === 2) return { ok: true, group: parts[0]!, version: parts[1]! };
  return { ok: false, error: `unexpected GroupVersion string: ${gv}` };
}

/** validation.getObjectKind: the reasons the schema check refuses a document. */
function kindErrors(doc: unknown): string[] {
  if (!isMap(doc)) return ['invalid object to validate'];
  const errs: string[] = [];
  const av = doc.apiVersion;
  if (av === undefined || av === null) errs.push('apiVersion not set');
  else if (typeof av !== 'string') errs.push("apiVersion isn't string type");
  else {
    const gv = parseGroupVersion(av);
    if (!gv.ok) errs.push(gv.error);
  }
  const kind = doc.kind;
  if (kind === undefined || kind === null) errs.push('kind not set');
  else if (typeof kind !== 'string') errs.push("kind isn't string type");
  return errs;
}

function validationErrors(doc: unknown): string[] {
  const errs = kindErrors(doc);
  if (errs.length > 0) return errs;
  const d = doc as Json;
  if (d.apiVersion === 'v1' && d.kind === 'List') {
    if (!Array.isArray(d.items)) return ['invalid object to validate'];
    return d.items.flatMap((item) => kindErrors(item));
  }
  return [];
}

/** The REST mapping of a kind, as the discovery-backed RESTMapper resolves it. */
export function mappingFor(apiVersion: string, kind: string): { ok: true; resource: ResourceInfo } | { ok: false; error: string } {
  const gv = parseGroupVersion(apiVersion);
  if (!gv.ok) return { ok: false, error: gv.error };
  const r = RESOURCES.find((x) => x.kind === kind && x.group === gv.group && x.version === gv.version);
  if (r) return { ok: true, resource: r };
  const shown = gv.group ? `${gv.group}/${gv.version}` : gv.version;
  return { ok: false, error: `no matches for kind "${kind}" in version "${shown}"` };
}

export interface InfoList {
  infos: ObjInfo[];
  errors: KError[];
  /** Infos and errors in the order a visitor meets them. */
  ordered: Array<{ info: ObjInfo } | { error: KError }>;
}

/** Turns the read streams into infos (in order) and the errors met on the way. */
export function streamsToInfos(streams: readonly ManifestStream[], opts: InfoOptions): InfoList {
  const ordered: InfoList['ordered'] = [];
  const infos = { push: (i: ObjInfo) => ordered.push({ info: i }) };
  const errors = { push: (e: KError) => ordered.push({ error: e }) };
  for (const s of streams) {
    for (const doc of s.docs) {
      if (opts.validate) {
        const errs = validationErrors(doc);
        if (errs.length > 0) {
          // The stream visitor stops at the first document that fails validation.
          errors.push(plainError(`error validating "${s.source}": error validating data: ${aggregateText(errs)}; ${STOP_VALIDATE}`));
          break;
        }
      }
      for (const item of flatten(doc)) {
        const r = toInfo(item, s.source, opts);
        if (r.ok) infos.push(r.info);
        else errors.push(r.error);
      }
    }
    if (s.error) errors.push(s.error);
  }
  return {
    infos: ordered.flatMap((o) => ('info' in o ? [o.info] : [])),
    errors: ordered.flatMap((o) => ('error' in o ? [o.error] : [])),
    ordered,
  };
}

/** FlattenListVisitor: the items of a `List` are objects of their own. */
function flatten(doc: unknown): unknown[] {
  if (isMap(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) return doc.items;
  return [doc];
}

function toInfo(doc: unknown, source: string, opts: InfoOptions): { ok: true; info: ObjInfo } | { ok: false; error: KError } {
  if (!isMap(doc)) return { ok: false, error: plainError(`unable to decode "${source}": json: cannot unmarshal ${jsonKind(doc)} into Go value of type map[string]interface {}`) };
  const raw = marshalCompact(doc);
  if (typeof doc.kind !== 'string' || doc.kind === '') return { ok: false, error: plainError(`unable to decode "${source}": Object 'Kind' is missing in '${raw}'`) };
  if (typeof doc.apiVersion !== 'string' || doc.apiVersion === '') {
    return { ok: false, error: plainError(`unable to decode "${source}": Object 'apiVersion' is missing in '${raw}'`) };
  }
  const obj = cloneJson(doc) as KubeObject;
  if (!isMap(obj.metadata)) obj.metadata = {};
  const name = typeof obj.metadata.name === 'string' ? obj.metadata.name : '';
  const ns = typeof obj.metadata.namespace === 'string' ? obj.metadata.namespace : '';
  const mapping = mappingFor(obj.apiVersion, obj.kind);
  if (!mapping.ok) {
    return {
      ok: false,
      error: plainError(`resource mapping not found for name: "${name}" namespace: "${ns}" from "${source}": ${mapping.error}\nensure CRDs are installed first`),
    };
  }
  const resource = mapping.resource;
  let namespace = '';
  if (resource.namespaced) {
    namespace = ns || opts.namespace;
    if (opts.enforceNamespace && ns && ns !== opts.namespace) {
      return {
        ok: false,
        error: plainError(`the namespace from the provided object "${ns}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${ns}' to perform this operation.`),
      };
    }
    obj.metadata.namespace = namespace;
  } else {
    delete obj.metadata.namespace;
  }
  return { ok: true, info: { source, resource, obj, namespace, name } };
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'null';
}
