// The printers kubectl's write commands use (cli-runtime genericclioptions.PrintFlags):
// without -o, the NamePrinter with the command's operation (`deployment.apps/x created`);
// `-o name` the short form (`deployment.apps/x`); `-o yaml|json` the whole object (the YAML
// printer separates objects with `---`); `-o jsonpath=…` a template.

import type { KubeObject } from '../../api/types.ts';
import { toYaml } from '../../format/goyaml.ts';
import { type FlagValues, flagBool, flagString } from '../flags.ts';
import { toJson } from '../../format/gojson.ts';
import { evaluateJsonPath } from '../jsonpath.ts';
import type { DryRun } from './dryRun.ts';

export type OutputFormat = { kind: 'default' } | { kind: 'name' } | { kind: 'yaml' } | { kind: 'json' } | { kind: 'jsonpath'; template: string };

const ALLOWED = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'];

/** Reads -o; the error is the full stderr line (NoCompatiblePrinterError). */
export function outputFormat(flags: FlagValues): { ok: true; format: OutputFormat } | { ok: false; error: string } {
  const raw = flagString(flags, 'output') ?? '';
  const lower = raw.toLowerCase();
  if (lower === '') return { ok: true, format: { kind: 'default' } };
  if (lower === 'name' || lower === 'yaml' || lower === 'json') return { ok: true, format: { kind: lower } };
  const eq = raw.indexOf('=');
  if (eq > 0 && raw.slice(0, eq).toLowerCase() === 'jsonpath') return { ok: true, format: { kind: 'jsonpath', template: raw.slice(eq + 1) } };
  return {
    ok: false,
    error: `error: unable to match a printer suitable for the output format "${raw}", allowed formats are: ${ALLOWED.join(',')}\n`,
  };
}

/** The `group` part of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
export function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}

/** `deployment.apps/name` or `pod/name`, as the NamePrinter writes an object. */
export function kindSlashName(kind: string, apiVersion: string | undefined, name: string): string {
  const group = groupOf(apiVersion);
  const k = kind.toLowerCase();
  return group ? `${k}.${group}/${name || '<unknown>'}` : `${k}/${name || '<unknown>'}`;
}

/** The operation text with the dry-run suffix PrintFlagsWithDryRunStrategy adds. */
export function withDryRun(operation: string, dryRun: DryRun): string {
  if (dryRun === 'client') return `${operation} (dry run)`;
  if (dryRun === 'server') return `${operation} (server dry run)`;
  return operation;
}

/** One printer instance: the YAML printer counts objects to separate them with `---`. */
export class ObjectPrinter {
  private count = 0;

  constructor(
    readonly format: OutputFormat,
    private readonly allowMissingKeys = true,
  ) {}

  static fromFlags(format: OutputFormat, flags: FlagValues): ObjectPrinter {
    const allow = flags.has('allow-missing-template-keys') ? flagBool(flags, 'allow-missing-template-keys') : true;
    return new ObjectPrinter(format, allow);
  }

  /** True when the printer writes whole objects (not the name line). */
  get printsObjects(): boolean {
    return this.format.kind !== 'default' && this.format.kind !== 'name';
  }

  /** Text for one object; `operation` is used by the default (name) printer only. */
  print(obj: KubeObject, operation: string): { ok: true; text: string } | { ok: false; error: string } {
    switch (this.format.kind) {
      case 'default': {
        const op = operation ? ` ${operation}` : '';
        return { ok: true, text: `${kindSlashName(obj.kind, obj.apiVersion, obj.metadata?.name ?? '')}${op}\n` };
      }
      case 'name':
        return { ok: true, text: `${kindSlashName(obj.kind, obj.apiVersion, obj.metadata?.name ?? '')}\n` };
      case 'yaml': {
        this.count++;
        return { ok: true, text: (this.count > 1 ? '---\n' : '') + toYaml(obj) };
      }
      case 'json':
        return { ok: true, text: toJson(obj) };
      case 'jsonpath': {
        const r = evaluateJsonPath(this.format.template, obj, { allowMissingKeys: this.allowMissingKeys });
        return r.ok ? { ok: true, text: r.text } : { ok: false, error: r.error };
      }
    }
  }
}
