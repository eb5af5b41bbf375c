// The objects a command like delete/label/scale acts on: `TYPE NAME…`, `TYPE/NAME…`,
// `TYPE -l SELECTOR`, `TYPE --all` or `-f FILE`, checked in the order cli-runtime's
// resource.Builder checks them (visitorResult), with its error texts.

import { parseSelector, listSelectorError } from '../../api/labels.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { failure as statusFailure, notFound } from '../../api/status.ts';
import type { KubeObject } from '../../api/types.ts';
import { flagBool } from '../flags.ts';
import { parseResourceArgs, resolveTypeOrError, splitTypes } from '../resourceArgs.ts';
import type { Invocation } from '../types.ts';
import { type KError, plainError, statusError } from './errors.ts';
import { filenameArgs, readManifests } from './files.ts';
import { streamsToInfos } from './infos.ts';

export interface Target {
  resource: ResourceInfo;
  /** '' for cluster-scoped kinds. */
  namespace: string;
  name: string;
  /** The live object (undefined when it does not exist). */
  obj?: KubeObject;
  /** The file the object was named in (for `error when … "x.yaml"`). */
  source?: string;
}

export interface TargetOptions {
  /** -l value, when given. */
  selector?: string;
  /** --all */
  all?: boolean;
  /** -A: selections span every namespace. */
  allNamespaces?: boolean;
  /** One TYPE argument alone selects every object (rollout restart/status); else it is an error. */
  allowEmptySelector?: boolean;
  /** -f: act on the objects as the files describe them (expose), not on the live ones. */
  fileObjects?: boolean;
}

export type TargetResult =
  | { ok: false; errors: KError[] }
  | { ok: true; targets: Target[]; errors: KError[]; singleItemImplied: boolean; bySelector: boolean };

const MISSING_RESOURCE =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

const stripError = (e: string): string => e.replace(/^error: /, '').replace(/\n$/, '');

/** The GroupVersionResource as list errors print it: `/v1, Resource=pods`. */
export function gvrString(r: ResourceInfo): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`;
}

export function resolveTargets(inv: Invocation, args: string[], opts: TargetOptions): TargetResult {
  const filenames = filenameArgs(inv.flags);
  const selecting = opts.selector !== undefined || !!opts.all;
  if (filenames.length > 0) {
    if (args.length > 0) {
      const tuples = args.some((a) => a.includes('/'));
      const msg = tuples ? 'resource/name arguments cannot be provided when a path is specified' : 'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well';
      return { ok: false, errors: [plainError(msg)] };
    }
    return fromFiles(inv, filenames, !!opts.fileObjects);
  }
  if (args.length === 0) return { ok: false, errors: [plainError(selecting ? 'at least one resource must be specified to use a selector' : MISSING_RESOURCE)] };
  if (args.length === 1 && !args[0]!.includes('/') && !selecting && !opts.allowEmptySelector) {
    for (const t of splitTypes(args[0]!)) {
      const r = resolveTypeOrError(t);
      if (!r.ok) return { ok: false, errors: [plainError(stripError(r.error))] };
    }
    return { ok: false, errors: [plainError('resource(s) were provided, but no name was specified')] };
  }
  const parsed = parseResourceArgs(args, inv.sim, { selector: selecting });
  if (!parsed.ok) return { ok: false, errors: [plainError(stripError(parsed.error))] };
  if (parsed.mode === 'names') {
    if (opts.allNamespaces && parsed.refs.some((r) => r.info.namespaced)) {
      return { ok: false, errors: [plainError('a resource cannot be retrieved by name across all namespaces')] };
    }
    const targets = parsed.refs.map((ref) => {
      const namespace = ref.info.namespaced ? inv.namespace : '';
      const obj = inv.sim.api.get(ref.info.resource, namespace, ref.name!);
      return { resource: ref.info, namespace, name: ref.name!, ...(obj ? { obj } : {}) };
    });
    return { ok: true, targets, errors: [], singleItemImplied: parsed.singleItemImplied, bySelector: false };
  }
  const sel = parseSelector(opts.selector ?? '');
  const targets: Target[] = [];
  for (const ref of parsed.refs) {
    if (!sel.ok) {
      const message = listSelectorError(gvrString(ref.info), opts.selector ?? '', '', sel.error);
      return { ok: false, errors: [statusError(statusFailure('BadRequest', message).status)] };
    }
    const ns = ref.info.namespaced && !opts.allNamespaces ? inv.namespace : undefined;
    for (const obj of inv.sim.api.list(ref.info.resource, ns, (o) => sel.selector.matches(o.metadata.labels))) {
      targets.push({ resource: ref.info, namespace: ref.info.namespaced ? (obj.metadata.namespace ?? '') : '', name: obj.metadata.name ?? '', obj });
    }
  }
  return { ok: true, targets, errors: [], singleItemImplied: false, bySelector: true };
}

function fromFiles(inv: Invocation, filenames: string[], fileObjects: boolean): TargetResult {
  const read = readManifests(inv, filenames, flagBool(inv.flags, 'recursive'));
  if (!read.ok) return { ok: false, errors: read.errors };
  // Commands that only name objects read their files without schema validation.
  const { infos, errors } = streamsToInfos(read.streams, { namespace: inv.namespace, enforceNamespace: inv.namespaceExplicit, validate: false });
  const targets = infos.map((i) => {
    const obj = fileObjects ? i.obj : inv.sim.api.get(i.resource.resource, i.namespace, i.name);
    return { resource: i.resource, namespace: i.namespace, name: i.name, source: i.source, ...(obj ? { obj } : {}) };
  });
  return { ok: true, targets, errors, singleItemImplied: read.singleItemImplied, bySelector: false };
}

/** The NotFound error a GET of a missing target gives. */
export function targetNotFound(inv: Invocation, t: Target): KError {
  return statusError(notFound(inv.sim.api.qualified(t.resource.resource), t.name).status);
}
