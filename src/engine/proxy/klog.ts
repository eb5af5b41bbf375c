// klog's text format as kube-proxy v1.33 writes it to stderr:
//   I1121 09:00:16.084123       1 proxier.go:820] "SyncProxyRules complete" ipFamily="IPv4" elapsed="12.3ms"
// Header: severity, mmdd, hh:mm:ss.uuuuuu (UTC), the thread id right-aligned in 7 columns
// (PID 1 in a container), file:line. Structured values follow klog's KV rules: strings quoted
// as Go's %q, multi-line strings as `key=<` + tab-indented lines + ` >`.

export type Severity = 'I' | 'W' | 'E';

/** A Go time.Duration, in nanoseconds, rendered by Duration.String(). */
export class GoDuration {
  constructor(readonly ns: number) {}
  toString(): string {
    const ns = Math.round(this.ns);
    if (ns === 0) return '0s';
    const trim = (v: number, digits: number): string => v.toFixed(digits).replace(/\.?0+$/, '');
    if (ns < 1_000) return `${ns}ns`;
    if (ns < 1_000_000) return `${trim(ns / 1_000, 3)}µs`;
    if (ns < 1_000_000_000) return `${trim(ns / 1_000_000, 6)}ms`;
    const totalSec = ns / 1e9;
    const h = Math.floor(totalSec / 3600);
    const m = Math.floor((totalSec % 3600) / 60);
    const s = totalSec - h * 3600 - m * 60;
    return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${trim(s, 9)}s`;
  }
}

/** strconv.Quote for the ASCII-and-UTF-8 text kube-proxy logs. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

export type KV = [string, unknown];

function formatValue(key: string, v: unknown): string {
  if (typeof v === 'string') {
    if (v.includes('\n')) {
      // klog prints multi-line strings verbatim, one tab-indented line each.
      const body = v.replace(/\n$/, '').split('\n').map((l) => '\t' + l).join('\n');
      return `${key}=<\n${body}\n >`;
    }
    return `${key}=${goQuote(v)}`;
  }
  if (v instanceof GoDuration) return `${key}=${goQuote(v.toString())}`;
  if (Array.isArray(v)) return `${key}=[${v.map((x) => (typeof x === 'string' ? goQuote(x) : String(x))).join(',')}]`;
  return `${key}=${String(v)}`;
}

export function formatKVs(kvs: KV[]): string {
  return kvs.map(([k, v]) => ' ' + formatValue(k, v)).join('');
}

export interface KlogClock {
  /** RFC 3339 UTC, second precision: "2026-11-21T09:00:16Z". */
  timestamp(at: number): string;
}

/** Writes klog lines for one process; microseconds come from the virtual time plus jitter. */
export class Klog {
  private lastUs = -1;

  constructor(
    private readonly clock: KlogClock,
    private readonly sink: (line: string) => void,
    private readonly jitter: () => number,
    readonly verbosity: number,
  ) {}

  enabled(level: number): boolean {
    return this.verbosity >= level;
  }

  /** `at` is virtual ms; lines must be written in time order. */
  log(sev: Severity, at: number, fileLine: string, msg: string, kvs: KV[] = []): void {
    let us = Math.floor(at * 1000) + (this.jitter() % 400);
    if (us <= this.lastUs) us = this.lastUs + 3 + (this.jitter() % 30);
    this.lastUs = us;
    const ms = Math.floor(us / 1000);
    const ts = this.clock.timestamp(ms); // "YYYY-MM-DDThh:mm:ssZ"
    const frac = String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
    const header = `${sev}${ts.slice(5, 7)}${ts.slice(8, 10)} ${ts.slice(11, 19)}.${frac} ${'1'.padStart(7)} ${fileLine}]`;
    this.sink(`${header} ${goQuote(msg)}${formatKVs(kvs)}`);
  }
}
