// The `TYPE NAME…`, `TYPE/NAME`, `TYPE1,TYPE2` arguments of kubectl get/describe/delete/…,
// interpreted as cli-runtime's resource.Builder does (ResourceTypeOrNameArgs and its visitors):
// the same forms, the `all` category, the same order of checks and the same error texts.
// Every error is returned as kubectl prints it, starting with "error: " (no trailing newline).

import { RESOURCES, resolveResource, type ResourceInfo } from '../api/resources.ts';
import type { Simulation } from '../simulation.ts';

export interface ResourceRef {
  info: ResourceInfo;
  /** Absent: every object of the type (a list, filtered by selectors). */
  name?: string;
}

export type ParsedResourceArgs =
  | {
      ok: true;
      /** `names`: named objects (TYPE NAME…, TYPE/NAME…); `list`: whole types (TYPE[,TYPE…]). */
      mode: 'names' | 'list';
      refs: ResourceRef[];
      /** One object was named: printers show it bare instead of in a List (singleItemImplied). */
      singleItemImplied: boolean;
    }
  | { ok: false; error: string };

export interface ResourceArgsOptions {
  /** -l/--selector or --field-selector was given. */
  selector?: boolean;
}

/** resourceMapping's failure text: the part before the first "." names the type. */
export function unknownTypeError(typed: string): string {
  return `error: the server doesn't have a resource type "${typed.split('.')[0]}"`;
}

/** Resolves `pods`, `po`, `Pod`, `deployments.apps`, `deploy.v1.apps` … or gives kubectl's error. */
export function resolveTypeOrError(typed: string): { ok: true; info: ResourceInfo } | { ok: false; error: string } {
  const info = typed === '' ? undefined : resolveResource(typed);
  return info ? { ok: true, info } : { ok: false, error: unknownTypeError(typed) };
}

/** The `all` category: what discovery lists in it, in discovery order (core group first). */
export function categoryAll(): string[] {
  const order = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];
  return RESOURCES.filter((r) => r.inAll)
    .sort((a, b) => order.indexOf(a.resource) - order.indexOf(b.resource))
    .map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource));
}

/** SplitResourceArgument: comma-separated types, duplicates dropped. */
export function splitTypes(arg: string): string[] {
  return [...new Set(arg.split(','))];
}

/** ReplaceAliases: `all` in a comma-separated type list becomes the members of the category. */
export function expandAliases(arg: string): string {
  return arg
    .split(',')
    .map((t) => (t === 'all' ? categoryAll().join(',') : t))
    .join(',');
}

/**
 * Parses the positional arguments of a resource command. `args` must not be empty (commands
 * print their own "You must specify the type of resource…" message first).
 */
export function parseResourceArgs(args: string[], _sim?: Simulation, opts: ResourceArgsOptions = {}): ParsedResourceArgs {
  let list = [...args];
  // `svc,ep NAME` means svc/NAME ep/NAME.
  if (list.length >= 2 && splitTypes(list[0]!).length > 1) {
    const types = splitTypes(list[0]!);
    const names = list.slice(1);
    list = types.flatMap((t) => names.map((n) => `${t}/${n}`));
  }
  const slashed = list.filter((a) => a.includes('/')).length;
  if (slashed > 0 && slashed !== list.length) {
    return {
      ok: false,
      error:
        "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    };
  }
  if (slashed > 0) {
    const tuples: { type: string; name: string }[] = [];
    for (const a of list) {
      const seg = a.split('/');
      if (seg.length !== 2) return { ok: false, error: 'error: arguments in resource/name form may not have more than one slash' };
      const [type, name] = seg as [string, string];
      if (type === '' || name === '' || splitTypes(type).length !== 1) {
        return { ok: false, error: 'error: arguments in resource/name form must have a single resource and name' };
      }
      tuples.push({ type, name });
    }
    if (opts.selector) return { ok: false, error: 'error: selectors and the all flag cannot be used when passing resource/name arguments' };
    const resolved = new Map<string, ResourceInfo>();
    for (const t of tuples) {
      if (resolved.has(t.type)) continue;
      const r = resolveTypeOrError(t.type);
      if (!r.ok) return r;
      resolved.set(t.type, r.info);
    }
    return { ok: true, mode: 'names', refs: tuples.map((t) => ({ info: resolved.get(t.type)!, name: t.name })), singleItemImplied: tuples.length === 1 };
  }
  if (list.length === 0) {
    return {
      ok: false,
      error:
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    };
  }
  const types = splitTypes(expandAliases(list[0]!));
  const names = list.slice(1);
  // With one argument kubectl selects everything (an empty label selector).
  const selecting = opts.selector || names.length === 0;
  if (selecting) {
    if (names.length > 0) return { ok: false, error: 'error: name cannot be provided when a selector is specified' };
    const infos: ResourceInfo[] = [];
    for (const t of types) {
      const r = resolveTypeOrError(t);
      if (!r.ok) return r;
      if (!infos.includes(r.info)) infos.push(r.info);
    }
    return { ok: true, mode: 'list', refs: infos.map((info) => ({ info })), singleItemImplied: false };
  }
  if (types.length > 1) return { ok: false, error: 'error: you must specify only one resource' };
  const r = resolveTypeOrError(types[0]!);
  if (!r.ok) return r;
  return { ok: true, mode: 'names', refs: names.map((name) => ({ info: r.info, name })), singleItemImplied: names.length === 1 };
}
