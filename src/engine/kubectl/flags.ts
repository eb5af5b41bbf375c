// Flag parsing as kubectl's cobra/pflag does it: flags anywhere among the arguments,
// `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean
// shorthands (`-Aw`), `--` ends flags, and pflag's exact error texts.

export interface FlagDef {
  name: string;
  short?: string;
  /** 'bool' flags take no separate value (but accept `--x=false`). */
  type: 'bool' | 'string' | 'int' | 'stringArray' | 'duration';
  description: string;
  default?: string;
}

export type FlagValues = Map<string, string[]>;

export type ParsedFlags =
  | { ok: true; flags: FlagValues; positional: string[] }
  | { ok: false; error: string };

export function parseFlags(args: readonly string[], defs: readonly FlagDef[]): ParsedFlags {
  const flags: FlagValues = new Map();
  const positional: string[] = [];
  const byName = new Map(defs.map((d) => [d.name, d]));
  const byShort = new Map(defs.filter((d) => d.short).map((d) => [d.short!, d]));
  const set = (d: FlagDef, v: string) => {
    const list = flags.get(d.name) ?? [];
    list.push(v);
    flags.set(d.name, list);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const d = byName.get(name);
      if (!d) return { ok: false, error: `unknown flag: --${name}` };
      if (eq >= 0) {
        const err = checkValue(d, a.slice(eq + 1), `--${name}`);
        if (err) return { ok: false, error: err };
        set(d, a.slice(eq + 1));
      } else if (d.type === 'bool') set(d, 'true');
      else if (i + 1 < args.length) set(d, args[++i]!);
      else return { ok: false, error: `flag needs an argument: --${name}` };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // A run of shorthands: bools may be grouped; a value flag takes the rest or the next arg.
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const d = byShort.get(c);
        if (!d) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
        if (d.type === 'bool') {
          if (a[j + 1] === '=') {
            set(d, a.slice(j + 2));
            break;
          }
          set(d, 'true');
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest !== '' || a[j + 1] === '=') set(d, rest);
        else if (i + 1 < args.length) set(d, args[++i]!);
        else return { ok: false, error: `flag needs an argument: '${c}' in ${a}` };
        break;
      }
      continue;
    }
    positional.push(a);
  }
  for (const [name, values] of flags) {
    const d = byName.get(name)!;
    for (const v of values) {
      const err = checkValue(d, v, `--${name}`);
      if (err) return { ok: false, error: err };
    }
  }
  return { ok: true, flags, positional };
}

function checkValue(d: FlagDef, v: string, shown: string): string | undefined {
  if (d.type === 'bool' && !['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False', 'T', 'F'].includes(v)) {
    return `invalid argument "${v}" for "${d.short ? `-${d.short}, ` : ''}${shown}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`;
  }
  if (d.type === 'int' && !/^[+-]?\d+$/.test(v)) {
    return `invalid argument "${v}" for "${d.short ? `-${d.short}, ` : ''}${shown}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`;
  }
  if (d.type === 'duration' && parseGoDuration(v) === undefined) {
    return `invalid argument "${v}" for "${d.short ? `-${d.short}, ` : ''}${shown}" flag: time: invalid duration "${v}"`;
  }
  return undefined;
}

/** Go's time.ParseDuration, in milliseconds (e.g. "1h30m", "10s", "500ms"). */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let sign = 1;
  let rest = s;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '') return undefined;
  let total = 0;
  let pos = 0;
  re.lastIndex = 0;
  while (pos < rest.length) {
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    pos = re.lastIndex;
  }
  return sign * total;
}

/** Helpers to read parsed values. */
export const flagString = (f: FlagValues, name: string): string | undefined => f.get(name)?.at(-1);
export const flagBool = (f: FlagValues, name: string): boolean => {
  const v = f.get(name)?.at(-1);
  return v !== undefined && ['true', '1', 't', 'T', 'TRUE', 'True'].includes(v);
};
export const flagInt = (f: FlagValues, name: string): number | undefined => {
  const v = f.get(name)?.at(-1);
  return v === undefined ? undefined : parseInt(v, 10);
};
export const flagAll = (f: FlagValues, name: string): string[] => f.get(name) ?? [];
