// `kubectl get` without --watch (get.go Run): fetch, then either the human-readable tables
// (one tabwriter per resource type, a blank line between types, `kind/name` when several types
// are shown, "No resources found …" when nothing printed) or a generic printer.

import type { CommandResult } from '../../shell/types.ts';
import { flagAll, flagBool, flagString } from '../flags.ts';
import { tableText, type HumanOptions } from '../printers/humanTable.ts';
import { parseOutput, unsupportedFormatError, type OutputSpec } from '../printers/output.ts';
import { GET_TABWRITER, TabWriter } from '../printers/tabwriter.ts';
import { parseResourceArgs } from '../resourceArgs.ts';
import type { Invocation } from '../types.ts';
import { fetchRefs, type FetchedInfo, type FetchResult } from './getFetch.ts';
import { printGeneric } from './getPrint.ts';
import { Output, requestWarnings } from './getResult.ts';
import { sortObjects } from './getSort.ts';
import { runWatch } from './getWatch.ts';

const result = (stdout: string, stderr: string, exitCode: number): CommandResult => ({ stdout, stderr, exitCode });
const failWith = (o: Output, stderr: string): CommandResult => o.err(stderr).result(1);

const NO_TYPE =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\n' +
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples\n";

/** Everything `get` reads from its flags. */
export interface GetSettings {
  output: string;
  spec: { ok: true; spec: OutputSpec } | { ok: false; error: string };
  human: HumanOptions;
  allNamespaces: boolean;
  labelSelector: string;
  fieldSelector: string;
  sortBy: string;
  ignoreNotFound: boolean;
  watch: boolean;
  watchOnly: boolean;
  outputWatchEvents: boolean;
  allowMissingKeys: boolean;
}

export function getSettings(inv: Invocation): GetSettings {
  const f = inv.flags;
  const output = flagString(f, 'output') ?? '';
  const spec = parseOutput(output);
  return {
    output,
    spec,
    human: {
      wide: output === 'wide',
      noHeaders: flagBool(f, 'no-headers'),
      withNamespace: false,
      showLabels: flagBool(f, 'show-labels'),
      labelColumns: flagAll(f, 'label-columns').flatMap((v) => (v === '' ? [] : v.split(','))),
      withKind: flagBool(f, 'show-kind'),
    },
    allNamespaces: flagBool(f, 'all-namespaces'),
    labelSelector: (flagString(f, 'selector') ?? '').trim(),
    fieldSelector: (flagString(f, 'field-selector') ?? '').trim(),
    sortBy: flagString(f, 'sort-by') ?? '',
    ignoreNotFound: flagBool(f, 'ignore-not-found'),
    watch: flagBool(f, 'watch'),
    watchOnly: flagBool(f, 'watch-only'),
    outputWatchEvents: flagBool(f, 'output-watch-events'),
    allowMissingKeys: f.has('allow-missing-template-keys') ? flagBool(f, 'allow-missing-template-keys') : true,
  };
}

export function runGet(inv: Invocation): CommandResult {
  const s = getSettings(inv);
  const o = new Output();
  // Complete
  if (s.watch) {
    if (s.sortBy) o.err('warning: --watch requested, --sort-by will be ignored for watch events received\n');
  } else if (s.watchOnly) {
    if (s.sortBy) o.err('warning: --watch-only requested, --sort-by will be ignored\n');
  } else if (inv.args.length === 0) {
    return result('', NO_TYPE, 1);
  }
  // Validate
  if (s.human.showLabels && s.output !== '' && s.output !== 'wide') return failWith(o, `error: --show-labels option cannot be used with ${s.output} printer\n`);
  if (s.outputWatchEvents && !(s.watch || s.watchOnly)) return failWith(o, 'error: --output-watch-events option can only be used with --watch or --watch-only\n');
  if (s.watch || s.watchOnly) return runWatch(inv, s, o);
  const parsed = parseResourceArgs(inv.args, inv.sim, { selector: s.labelSelector !== '' || s.fieldSelector !== '' });
  if (!parsed.ok) return failWith(o, `${parsed.error}\n`);
  if (s.allNamespaces && parsed.mode === 'names' && parsed.refs.some((r) => r.info.namespaced)) {
    return failWith(o, 'error: a resource cannot be retrieved by name across all namespaces\n');
  }
  const fetched = fetchRefs(inv.sim, parsed.refs, { namespace: inv.namespace, allNamespaces: s.allNamespaces, labelSelector: s.labelSelector, fieldSelector: s.fieldSelector });
  o.err(requestWarnings(parsed.refs.map((r) => r.info)));
  if (s.ignoreNotFound) dropNotFound(fetched);
  if (s.spec.ok && s.spec.spec.kind === 'human') return printHuman(inv, s, fetched, o);
  return printNonHuman(inv, s, fetched, parsed.singleItemImplied, o);
}

function dropNotFound(f: FetchResult): void {
  const keep = f.errors.map((_, i) => !f.notFound[i]);
  f.errors = f.errors.filter((_, i) => keep[i]);
  f.notFound = f.notFound.filter((_, i) => keep[i]);
}

function printHuman(inv: Invocation, s: GetSettings, fetched: FetchResult, o: Output): CommandResult {
  const infos = fetched.infos;
  if (s.sortBy) {
    for (const i of infos) {
      if (i.objects.length < 2) continue;
      const sorted = sortObjects(i.objects, s.sortBy, 2);
      if (!sorted.ok) return failWith(o, sorted.error);
      i.objects = sorted.objects;
    }
  }
  const multipleKinds = infos.length >= 2 && infos.some((i) => i.info !== infos[0]!.info);
  const tw = new TabWriter(GET_TABWRITER);
  let out = '';
  let separatorReady = false;
  const emit = (text: string) => {
    if (text === '') return;
    if (separatorReady) out += '\n';
    separatorReady = false;
    out += text;
  };
  let last: FetchedInfo['info'] | undefined;
  let printedHeaders = false;
  for (const i of infos) {
    if (i.info !== last) {
      emit(tw.take());
      tw.resetRememberedWidths();
      if (last !== undefined && !s.human.noHeaders && out.length > 0) separatorReady = true;
      printedHeaders = false;
      last = i.info;
    }
    const opts: HumanOptions = { ...s.human, withNamespace: s.allNamespaces && i.info.namespaced, withKind: s.human.withKind || multipleKinds };
    tw.write(tableText(inv.sim, i.info, i.objects, opts, !printedHeaders));
    if (i.objects.length > 0) printedHeaders = true;
  }
  emit(tw.take());
  o.out(out);
  if (out === '' && !s.ignoreNotFound && fetched.errors.length === 0) {
    const allNamespaced = !s.allNamespaces && infos.every((i) => i.info.namespaced);
    o.err(allNamespaced ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n');
  }
  o.err(fetched.errors.join(''));
  return o.result(fetched.errors.length > 0 ? 1 : 0);
}

function printNonHuman(inv: Invocation, s: GetSettings, fetched: FetchResult, singleItemImplied: boolean, o: Output): CommandResult {
  if (singleItemImplied && fetched.errors.length > 0) return failWith(o, fetched.errors.join(''));
  if (fetched.infos.length === 0 && s.ignoreNotFound) return o.err(fetched.errors.join('')).result(fetched.errors.length ? 1 : 0);
  if (!s.spec.ok) return failWith(o, s.spec.error);
  const spec = s.spec.spec;
  if (spec.kind === 'unsupported') return failWith(o, unsupportedFormatError(spec.format));
  let items = fetched.infos.flatMap((i) => i.objects);
  const single = singleItemImplied && items.length === 1 ? items[0] : undefined;
  let sortError = '';
  if (s.sortBy && !single && items.length > 0) {
    const sorted = sortObjects(items, s.sortBy, 1);
    if (sorted.ok) items = sorted.objects;
    else sortError = sorted.error;
  }
  let stdout = '';
  let printError = sortError;
  if (!sortError) {
    const printed = printGeneric(spec, items, single, { noHeaders: s.human.noHeaders, allowMissingKeys: s.allowMissingKeys, fs: inv.shell.fs });
    stdout = printed.stdout;
    printError = printed.error ?? '';
  }
  const stderr = fetched.errors.join('') + printError;
  return o.out(stdout).err(stderr).result(stderr.length > 0 ? 1 : 0);
}
