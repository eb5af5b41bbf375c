// curl 7.88.1's command line (src/tool_getparam.c) for the options Proxyscope models: short
// options bundle (`-sSv`, `-o/dev/null`, `-m5`), long ones take `--no-` for booleans, and a
// bad option stops everything with exit 2 and the tool's own texts.

export interface CurlOptions {
  urls: string[];
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  failWithBody: boolean;
  noProgressMeter: boolean;
  help: boolean;
  version: boolean;
  output?: string;
  writeOut?: string;
  /** Seconds. */
  maxTime?: number;
  connectTimeout?: number;
  method?: string;
  headers: string[];
  userAgent?: string;
  /** Request body from -d/--data*, pieces joined with '&'. */
  data?: string;
  /** Warnings from reading the command line, printed unless silenced. */
  warnings: string[];
}

type Kind = 'bool' | 'value';

interface Opt {
  long: string;
  short?: string;
  kind: Kind;
  apply(o: CurlOptions, value: string | boolean, read: (path: string) => string | undefined): string | undefined;
}

const flag = (long: string, short: string | undefined, field: keyof CurlOptions): Opt => ({
  long,
  ...(short ? { short } : {}),
  kind: 'bool',
  apply: (o, v) => {
    (o as unknown as Record<string, boolean>)[field] = v as boolean;
    return undefined;
  },
});
const noop = (long: string, short?: string, kind: Kind = 'bool'): Opt => ({ long, ...(short ? { short } : {}), kind, apply: () => undefined });

/** str2udouble: a non-negative decimal number of seconds. */
function seconds(v: string): number | string {
  if (/^-/.test(v.trim()) && /^-\s*\d*\.?\d+$/.test(v.trim())) return 'expected a positive numerical parameter';
  if (!/^\s*(\d+\.?\d*|\.\d+)$/.test(v)) return 'expected a proper numerical parameter';
  return Number(v);
}

function data(o: CurlOptions, v: string, read: (path: string) => string | undefined, strip: boolean): string | undefined {
  let d = v;
  if (v.startsWith('@')) {
    const content = read(v.slice(1));
    if (content === undefined) {
      o.warnings.push(`Warning: Couldn't read data from file "${v.slice(1)}", this makes an empty POST.\n`);
      o.data = o.data === undefined ? '' : o.data;
      return undefined;
    }
    // -d strips carriage returns and newlines from a file; --data-binary keeps them.
    d = strip ? content.replace(/[\r\n]/g, '') : content;
  }
  o.data = o.data === undefined ? d : `${o.data}&${d}`;
  return undefined;
}

const OPTIONS: Opt[] = [
  flag('silent', 's', 'silent'),
  flag('show-error', 'S', 'showError'),
  flag('verbose', 'v', 'verbose'),
  flag('head', 'I', 'head'),
  flag('include', 'i', 'include'),
  flag('fail', 'f', 'fail'),
  flag('fail-with-body', undefined, 'failWithBody'),
  flag('no-progress-meter', undefined, 'noProgressMeter'),
  flag('help', 'h', 'help'),
  flag('version', 'V', 'version'),
  { long: 'output', short: 'o', kind: 'value', apply: (o, v) => ((o.output = v as string), undefined) },
  {
    long: 'write-out', short: 'w', kind: 'value',
    apply: (o, v, read) => {
      const s = v as string;
      if (s.startsWith('@')) {
        const content = read(s.slice(1));
        o.writeOut = content ?? '';
      } else o.writeOut = s;
      return undefined;
    },
  },
  {
    long: 'max-time', short: 'm', kind: 'value',
    apply: (o, v) => {
      const n = seconds(v as string);
      if (typeof n === 'string') return n;
      o.maxTime = n;
      return undefined;
    },
  },
  {
    long: 'connect-timeout', kind: 'value',
    apply: (o, v) => {
      const n = seconds(v as string);
      if (typeof n === 'string') return n;
      o.connectTimeout = n;
      return undefined;
    },
  },
  { long: 'request', short: 'X', kind: 'value', apply: (o, v) => ((o.method = v as string), undefined) },
  { long: 'header', short: 'H', kind: 'value', apply: (o, v) => (o.headers.push(v as string), undefined) },
  { long: 'user-agent', short: 'A', kind: 'value', apply: (o, v) => ((o.userAgent = v as string), undefined) },
  { long: 'data', short: 'd', kind: 'value', apply: (o, v, read) => data(o, v as string, read, true) },
  { long: 'data-ascii', kind: 'value', apply: (o, v, read) => data(o, v as string, read, true) },
  { long: 'data-binary', kind: 'value', apply: (o, v, read) => data(o, v as string, read, false) },
  { long: 'data-raw', kind: 'value', apply: (o, v) => ((o.data = o.data === undefined ? (v as string) : `${o.data}&${v as string}`), undefined) },
  { long: 'url', kind: 'value', apply: (o, v) => (o.urls.push(v as string), undefined) },
  // Accepted and without effect here: TLS is not modelled, nothing redirects, no proxies.
  noop('insecure', 'k'),
  noop('location', 'L'),
  noop('compressed'),
  noop('ipv4', '4'),
  noop('http1.1'),
  noop('globoff', 'g'),
  noop('no-buffer', 'N'),
  noop('noproxy', undefined, 'value'),
];

export type ParseResult = { ok: true; options: CurlOptions } | { ok: false; stderr: string; exitCode: number };

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
const bad = (opt: string, why: string): ParseResult => ({ ok: false, stderr: `curl: option ${opt}: ${why}\n${TRY}`, exitCode: 2 });

export function parseCurlArgs(args: string[], read: (path: string) => string | undefined): ParseResult {
  const o: CurlOptions = { urls: [], silent: false, showError: false, verbose: false, head: false, include: false, fail: false, failWithBody: false, noProgressMeter: false, help: false, version: false, headers: [], warnings: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      let name = a.slice(2);
      let value: boolean = true;
      let opt = OPTIONS.find((x) => x.long === name);
      if (!opt && name.startsWith('no-')) {
        opt = OPTIONS.find((x) => x.long === name.slice(3) && x.kind === 'bool');
        value = false;
        name = name.slice(3);
      }
      if (!opt) return bad(a, 'is unknown');
      if (opt.kind === 'value') {
        const v = args[++i];
        if (v === undefined) return bad(a, 'requires parameter');
        const err = opt.apply(o, v, read);
        if (err !== undefined) return bad(a, err);
      } else opt.apply(o, value, read);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const opt = OPTIONS.find((x) => x.short === a[j]);
        if (!opt) return bad(a, 'is unknown');
        if (opt.kind === 'bool') {
          opt.apply(o, true, read);
          continue;
        }
        let v: string | undefined = a.slice(j + 1);
        if (v === '') v = args[++i];
        if (v === undefined) return bad(a, 'requires parameter');
        const err = opt.apply(o, v, read);
        if (err !== undefined) return bad(a, err);
        break;
      }
    } else o.urls.push(a);
  }
  if (o.head && o.data !== undefined) {
    return { ok: false, stderr: o.silent ? '' : 'Warning: You can only select one HTTP request method! You asked for both POST \nWarning: (-d, --data) and HEAD (-I, --head).\n', exitCode: 2 };
  }
  return { ok: true, options: o };
}
