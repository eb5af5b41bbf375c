// What kubectl's resource.Builder fetches for get/describe: named objects one GET each (a
// NotFound is an error line, the others still print), whole types one LIST each, filtered by
// label and field selectors as the API server filters them (its 400s included).

import { compileFieldSelector, fieldsFor } from '../../api/fields.ts';
import { listSelectorError, parseSelector } from '../../api/labels.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { formatStatusError, notFound } from '../../api/status.ts';
import type { KubeObject } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import type { ResourceRef } from '../resourceArgs.ts';

/** One resource.Info: a named object, or the (possibly empty) list of one type. */
export interface FetchedInfo {
  info: ResourceInfo;
  /** A named GET: exactly one object. */
  named: boolean;
  objects: KubeObject[];
}

export interface FetchOptions {
  namespace: string;
  allNamespaces: boolean;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface FetchResult {
  infos: FetchedInfo[];
  /** Server errors as kubectl prints them ("Error from server (NotFound): …\n"). */
  errors: string[];
  /** True when an error is a NotFound (for --ignore-not-found). */
  notFound: boolean[];
}

/** "/v1, Resource=pods" — schema.GroupVersionResource.String(), as list errors name it. */
export const gvrString = (info: ResourceInfo): string => `${info.group}/${info.version}, Resource=${info.resource}`;

/** A compiled --selector/--field-selector pair for one kind, or the server's 400. */
export function compileSelectors(info: ResourceInfo, labelText: string, fieldText: string): { ok: true; matches: (o: KubeObject) => boolean } | { ok: false; error: string } {
  const bad = (message: string) => ({ ok: false as const, error: `Error from server (BadRequest): ${listSelectorError(gvrString(info), labelText, fieldText, message)}\n` });
  const labels = parseSelector(labelText);
  if (!labels.ok) return bad(labels.error);
  const fields = compileFieldSelector(info.kind, fieldText);
  if (!fields.ok) return bad(fields.error);
  const l = labels.selector;
  const f = fields.selector;
  return { ok: true, matches: (o) => l.matches(o.metadata.labels) && (f.empty || f.matches(fieldsFor(info.kind, o))) };
}

/** The namespace a LIST of `info` runs in (undefined: all). */
export const listNamespace = (info: ResourceInfo, opts: FetchOptions): string | undefined => (info.namespaced && !opts.allNamespaces ? opts.namespace : undefined);

export function fetchRefs(sim: Simulation, refs: readonly ResourceRef[], opts: FetchOptions): FetchResult {
  const result: FetchResult = { infos: [], errors: [], notFound: [] };
  for (const ref of refs) {
    if (ref.name !== undefined) {
      const ns = ref.info.namespaced ? opts.namespace : '';
      const obj = sim.api.get(ref.info.resource, ns, ref.name);
      if (obj) result.infos.push({ info: ref.info, named: true, objects: [obj] });
      else {
        const nf = notFound(sim.api.qualified(ref.info.resource), ref.name);
        result.errors.push(formatStatusError(nf.status));
        result.notFound.push(true);
      }
      continue;
    }
    const sel = compileSelectors(ref.info, opts.labelSelector ?? '', opts.fieldSelector ?? '');
    if (!sel.ok) {
      result.errors.push(sel.error);
      result.notFound.push(false);
      continue;
    }
    const objects = sim.api.list(ref.info.resource, listNamespace(ref.info, opts), sel.matches);
    result.infos.push({ info: ref.info, named: false, objects });
  }
  return result;
}
