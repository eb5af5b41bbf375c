// `kubectl get -w/--watch` and `--watch-only` (get.go watch()): print the current objects, then
// every change while the simulated cluster settles, one row per event and no repeated header
// (one tabwriter that remembers its column widths, as kubectl's). The API server's watch
// filtering is reproduced: an object that stops matching the selector arrives as DELETED, one
// that starts matching as ADDED. In the page's terminal the watch keeps running as virtual
// time passes, until Ctrl-C (shell/foreground.ts).

import type { ResourceInfo } from '../../api/resources.ts';
import type { WatchEvent, WatchEventType } from '../../api/store.ts';
import type { KubeObject } from '../../api/types.ts';
import { marshalCompact, toJson } from '../../format/gojson.ts';
import { toYaml } from '../../format/goyaml.ts';
import { keepRunning } from '../../shell/foreground.ts';
import type { CommandResult } from '../../shell/types.ts';
import { customColumnCells, parseCustomColumns } from '../customColumns.ts';
import { headerLine, rowLine, type HumanOptions } from '../printers/humanTable.ts';
import { unsupportedFormatError, type OutputSpec } from '../printers/output.ts';
import { GET_TABWRITER, TabWriter } from '../printers/tabwriter.ts';
import { expandAliases, parseResourceArgs, splitTypes } from '../resourceArgs.ts';
import type { Invocation } from '../types.ts';
import { compileSelectors, fetchRefs, listNamespace } from './getFetch.ts';
import { printGeneric } from './getPrint.ts';
import { Output, requestWarnings } from './getResult.ts';
import type { GetSettings } from './getRun.ts';


/** The EVENT column cell: padded to 8 like kubectl's formatEventType. */
const EVENT_CELL: Record<WatchEventType, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ' };

export function runWatch(inv: Invocation, s: GetSettings, o: Output): CommandResult {
  const fail = (stderr: string, stdout = ''): CommandResult => o.out(stdout).err(stderr).result(1);
  const selecting = s.labelSelector !== '' || s.fieldSelector !== '';
  const parsed = parseResourceArgs(inv.args, inv.sim, { selector: selecting });
  if (parsed.ok && parsed.mode === 'list' && splitTypes(expandAliases(inv.args[0]!)).length > 1) return fail('error: you may only specify a single resource type\n');
  if (!parsed.ok) return fail(`${parsed.error}\n`);
  const info = parsed.refs[0]!.info;
  if (parsed.refs.some((r) => r.info !== info)) return fail('error: you may only specify a single resource type\n');
  if (s.allNamespaces && parsed.mode === 'names' && info.namespaced) return fail('error: a resource cannot be retrieved by name across all namespaces\n');
  const fetchOpts = { namespace: inv.namespace, allNamespaces: s.allNamespaces, labelSelector: s.labelSelector, fieldSelector: s.fieldSelector };
  const fetched = fetchRefs(inv.sim, parsed.refs, fetchOpts);
  o.err(requestWarnings([info]));
  if (fetched.errors.length > 0) return fail(fetched.errors[0]!);
  if (!s.spec.ok) return fail(s.spec.error);
  const spec = s.spec.spec;
  if (spec.kind === 'unsupported') return fail(unsupportedFormatError(spec.format));

  const printer = new WatchPrinter(inv, info, spec, s);
  const initial = fetched.infos.flatMap((i) => i.objects);
  printer.print(initial.map((o) => ({ type: 'ADDED', object: o })), !s.watchOnly);
  if (parsed.mode === 'names' && parsed.refs.length > 1) {
    return fail('error: you may only watch a single resource or type of resource at a time\n', printer.take());
  }

  const sel = compileSelectors(info, s.labelSelector, s.fieldSelector);
  const name = parsed.mode === 'names' ? parsed.refs[0]!.name : undefined;
  const namespace = parsed.mode === 'names' ? (info.namespaced ? inv.namespace : undefined) : listNamespace(info, fetchOpts);
  const matches = (o: KubeObject | undefined): boolean =>
    o !== undefined && (name === undefined || o.metadata.name === name) && (namespace === undefined || o.metadata.namespace === namespace) && (!sel.ok || sel.matches(o));
  const onEvent = (e: WatchEvent) => {
    const now = matches(e.object);
    const before = e.type !== 'ADDED' && matches(e.old);
    let type: WatchEventType | undefined;
    if (e.type === 'ADDED') type = now ? 'ADDED' : undefined;
    else if (e.type === 'DELETED') type = before || now ? 'DELETED' : undefined;
    else if (before && now) type = 'MODIFIED';
    else if (now) type = 'ADDED';
    else if (before) type = 'DELETED';
    if (type) printer.print([{ type, object: e.object }], true);
  };
  const stop = inv.sim.api.watch(info.resource, onEvent, info.namespaced ? namespace : undefined);
  // An interactive terminal: print what there is now; the rest comes as the clock runs.
  if (keepRunning(inv.sim, { take: () => printer.take(), stop })) return o.out(printer.take()).result(0);
  try {
    inv.sim.settle();
  } finally {
    stop();
  }
  return o.out(printer.take()).result(0);
}

/** The printer chain of a watch: one per command, keeping header and column state. */
class WatchPrinter {
  private readonly tw = new TabWriter(GET_TABWRITER);
  private printedHeaders = false;
  private out = '';
  private yamlDocs = 0;
  private readonly human: HumanOptions;

  constructor(
    private readonly inv: Invocation,
    private readonly info: ResourceInfo,
    private readonly spec: OutputSpec,
    private readonly s: GetSettings,
  ) {
    // The watch printer adds NAMESPACE for -A whatever the resource's scope.
    this.human = { ...s.human, withNamespace: s.allNamespaces, withKind: s.human.withKind };
  }

  print(events: { type: WatchEventType; object: KubeObject }[], output: boolean): void {
    if (!output || events.length === 0) return;
    if (this.spec.kind === 'human') {
      const withEvent = this.s.outputWatchEvents;
      if (!this.printedHeaders && !this.human.noHeaders) this.tw.write((withEvent ? 'EVENT\t' : '') + headerLine(this.info, this.human));
      for (const e of events) this.tw.write((withEvent ? `${EVENT_CELL[e.type]}\t` : '') + rowLine(this.inv.sim, this.info, e.object, this.human));
      this.printedHeaders = true;
      this.out += this.tw.take();
      return;
    }
    for (const e of events) this.out += this.one(e);
  }

  private one(e: { type: WatchEventType; object: KubeObject }): string {
    const event = this.s.outputWatchEvents;
    switch (this.spec.kind) {
      case 'json': {
        // A metav1.WatchEvent is a struct: "type" before "object", on one line.
        if (event) return `{"type":${marshalCompact(e.type)},"object":${marshalCompact(e.object)}}\n`;
        const text = toJson(e.object);
        return text.endsWith('\n') ? text : text + '\n';
      }
      case 'yaml': {
        const doc = toYaml(event ? { object: e.object, type: e.type } : e.object);
        return (this.yamlDocs++ > 0 ? '---\n' : '') + doc;
      }
      default: {
        if (this.spec.kind === 'custom-columns' && !this.spec.file) return this.customColumns(this.spec.spec, event ? { type: e.type, object: e.object } : e.object);
        const printed = printGeneric(this.spec, [], event && this.spec.kind !== 'name' ? ({ type: e.type, object: e.object } as unknown as KubeObject) : e.object, {
          noHeaders: this.s.human.noHeaders,
          allowMissingKeys: this.s.allowMissingKeys,
          fs: this.inv.shell.fs,
        });
        return printed.stdout;
      }
    }
  }

  /** The custom-columns printer writes its header once and shares the remembering tabwriter. */
  private customColumns(spec: string, data: unknown): string {
    const parsed = parseCustomColumns(spec);
    if (!parsed.ok) return '';
    const { rows } = customColumnCells(parsed.columns, [data]);
    if (!this.printedHeaders && !this.s.human.noHeaders) this.tw.write(parsed.columns.map((c) => c.header).join('\t') + '\n');
    this.printedHeaders = true;
    for (const r of rows) this.tw.write(r.join('\t') + '\n');
    return this.tw.take();
  }

  /** What was printed since the last take. */
  take(): string {
    const text = this.out + this.tw.take();
    this.out = '';
    return text;
  }
}
