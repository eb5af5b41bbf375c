// `-o/--output` of kubectl get: which printer a format string selects, in the order
// get_flags.go tries them (templates, json/yaml, human, custom columns, name), with the
// errors kubectl prints.

export type OutputSpec =
  | { kind: 'human'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string; asJson: boolean; file: boolean }
  | { kind: 'custom-columns'; spec: string; file: boolean }
  /** go-template & co: real formats Proxyscope does not implement. */
  | { kind: 'unsupported'; format: string };

/** Every format `kubectl get` knows, sorted as the NoCompatiblePrinterError prints them. */
export const GET_FORMATS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml'];

/** The order of --output's help text and usage line. */
export const GET_FORMATS_HELP_ORDER = ['json', 'yaml', 'name', 'go-template', 'go-template-file', 'template', 'templatefile', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'custom-columns', 'custom-columns-file', 'wide'];

const GO_TEMPLATE = ['go-template', 'go-template-file', 'template', 'templatefile'];
const JSONPATH = ['jsonpath', 'jsonpath-as-json', 'jsonpath-file'];
const COLUMNS = ['custom-columns', 'custom-columns-file'];

/** Splits `FORMAT=VALUE` for one family of formats (the first `=` after a known name). */
function splitFormat(output: string, family: string[]): { format: string; value: string } | undefined {
  for (const f of family) if (output.startsWith(f + '=')) return { format: f, value: output.slice(f.length + 1) };
  if (family.includes(output)) return { format: output, value: '' };
  return undefined;
}

export function noPrinterError(output: string, allowed: readonly string[] = GET_FORMATS): string {
  return `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${[...allowed].sort().join(',')}\n`;
}

/** The printer for `-o OUTPUT`, or the stderr kubectl prints (ending in a newline). */
export function parseOutput(output: string): { ok: true; spec: OutputSpec } | { ok: false; error: string } {
  const tmpl = splitFormat(output, GO_TEMPLATE);
  if (tmpl) {
    if (tmpl.value === '') return { ok: false, error: 'error: template format specified but no template given\n' };
    return { ok: true, spec: { kind: 'unsupported', format: tmpl.format } };
  }
  const jp = splitFormat(output, JSONPATH);
  if (jp) {
    if (jp.value === '') return { ok: false, error: 'error: template format specified but no template given\n' };
    return { ok: true, spec: { kind: 'jsonpath', template: jp.value, asJson: jp.format === 'jsonpath-as-json', file: jp.format === 'jsonpath-file' } };
  }
  const lower = output.toLowerCase();
  if (lower === 'json') return { ok: true, spec: { kind: 'json' } };
  if (lower === 'yaml') return { ok: true, spec: { kind: 'yaml' } };
  if (output === '' || output === 'wide') return { ok: true, spec: { kind: 'human', wide: output === 'wide' } };
  const cc = splitFormat(output, COLUMNS);
  if (cc) {
    if (cc.value === '') return { ok: false, error: 'error: custom-columns format specified but no custom columns given\n' };
    return { ok: true, spec: { kind: 'custom-columns', spec: cc.value, file: cc.format === 'custom-columns-file' } };
  }
  if (output === 'name') return { ok: true, spec: { kind: 'name' } };
  return { ok: false, error: noPrinterError(output) };
}

/** What Proxyscope prints for a real kubectl format it does not implement. */
export const unsupportedFormatError = (format: string): string => `error: Proxyscope's kubectl does not implement -o ${format}; use -o jsonpath or -o custom-columns\n`;
