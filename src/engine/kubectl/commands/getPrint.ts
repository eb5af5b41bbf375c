// kubectl get's non-table printers (printGeneric in get.go): several objects, or any list query,
// print as one `kind: List`; a single named object prints bare. -o json, yaml, name, jsonpath,
// jsonpath-as-json, jsonpath-file, custom-columns and custom-columns-file.

import { resourceForKind } from '../../api/resources.ts';
import type { KubeObject } from '../../api/types.ts';
import { toJson } from '../../format/gojson.ts';
import { toYaml } from '../../format/goyaml.ts';
import type { FileSystem } from '../../shell/types.ts';
import { printCustomColumns } from '../customColumns.ts';
import { evaluateJsonPath, jsonPathListObject } from '../jsonpath.ts';
import { objectName } from '../printers/humanTable.ts';
import type { OutputSpec } from '../printers/output.ts';

export interface PrintOptions {
  noHeaders: boolean;
  allowMissingKeys: boolean;
  fs?: FileSystem;
}

const withNewline = (s: string): string => (s.endsWith('\n') ? s : s + '\n');

/** `-o name` of one object. */
export function nameLine(obj: KubeObject): string {
  const info = resourceForKind(obj.kind);
  const name = obj.metadata?.name ?? '';
  if (!info) return `${obj.kind.toLowerCase()}/${name || '<unknown>'}\n`;
  return objectName(info, name) + '\n';
}

function readFile(fs: FileSystem | undefined, path: string): string | undefined {
  if (!fs) return undefined;
  return fs.readFile(fs.resolve(path));
}

/** A custom-columns-file: a line of headers and a line of field specs, whitespace-separated. */
function columnsFromFile(text: string): { ok: true; spec: string } | { ok: false; error: string } {
  const lines = text.split('\n');
  const headers = (lines[0] ?? '').trim().split(/\s+/).filter(Boolean);
  if (lines.length < 1 || headers.length === 0) return { ok: false, error: 'error: invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.\n' };
  if (lines.length < 2) return { ok: false, error: 'error: invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.\n' };
  const specs = (lines[1] ?? '').trim().split(/\s+/).filter(Boolean);
  if (headers.length !== specs.length) return { ok: false, error: `error: number of headers (${headers.length}) and field specifications (${specs.length}) don't match\n` };
  return { ok: true, spec: headers.map((h, i) => `${h}:${specs[i]}`).join(',') };
}

/**
 * Prints `obj` (a single object, or undefined to print `items` as a List) with a non-table
 * printer. Returns stdout, and stderr when the printer fails.
 */
export function printGeneric(spec: OutputSpec, items: readonly KubeObject[], single: KubeObject | undefined, opts: PrintOptions): { stdout: string; error?: string } {
  const data: unknown = single ?? jsonPathListObject(items);
  switch (spec.kind) {
    case 'json':
      return { stdout: withNewline(toJson(data)) };
    case 'yaml':
      return { stdout: toYaml(data) };
    case 'name':
      return { stdout: (single ? [single] : items).map(nameLine).join('') };
    case 'jsonpath': {
      let template = spec.template;
      if (spec.file) {
        const text = readFile(opts.fs, template);
        if (text === undefined) return { stdout: '', error: `error: error reading --template ${template}, open ${template}: no such file or directory\n` };
        template = text;
      }
      const r = evaluateJsonPath(template, data, { allowMissingKeys: opts.allowMissingKeys, outputJson: spec.asJson });
      return r.ok ? { stdout: r.text } : { stdout: '', error: r.error };
    }
    case 'custom-columns': {
      let columns = spec.spec;
      if (spec.file) {
        const text = readFile(opts.fs, columns);
        if (text === undefined) return { stdout: '', error: `error: error reading template ${columns}, open ${columns}: no such file or directory\n\n` };
        const parsed = columnsFromFile(text);
        if (!parsed.ok) return { stdout: '', error: parsed.error };
        columns = parsed.spec;
      }
      const r = printCustomColumns(columns, single ? [single] : items, { noHeaders: opts.noHeaders && !spec.file });
      return r.ok ? { stdout: r.stdout } : { stdout: r.stdout, error: r.error };
    }
    default:
      return { stdout: '' };
  }
}
