import { describe, expect, it } from 'vitest';
import { type FlagDef, flagAll, flagBool, flagString, parseFlags, parseGoDuration } from './flags.ts';

const defs: FlagDef[] = [
  { name: 'namespace', short: 'n', type: 'string', description: '' },
  { name: 'all-namespaces', short: 'A', type: 'bool', description: '' },
  { name: 'watch', short: 'w', type: 'bool', description: '' },
  { name: 'output', short: 'o', type: 'string', description: '' },
  { name: 'replicas', type: 'int', description: '' },
  { name: 'filename', short: 'f', type: 'stringArray', description: '' },
];

describe('parseFlags (pflag semantics)', () => {
  it('accepts flags anywhere and every value form', () => {
    const r = parseFlags(['pods', '-n', 'kube-system', '--output=wide', 'x', '-oyaml', '-n=a', '--replicas', '3'], defs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.positional).toEqual(['pods', 'x']);
    expect(flagString(r.flags, 'namespace')).toBe('a');
    expect(flagString(r.flags, 'output')).toBe('yaml');
    expect(flagString(r.flags, 'replicas')).toBe('3');
  });

  it('groups boolean shorthands and repeats array flags', () => {
    const r = parseFlags(['-Aw', '-f', 'a.yaml', '-f', 'b.yaml', '--', '-x'], defs);
    expect(r.ok && [flagBool(r.flags, 'all-namespaces'), flagBool(r.flags, 'watch'), flagAll(r.flags, 'filename'), r.positional]).toEqual([
      true,
      true,
      ['a.yaml', 'b.yaml'],
      ['-x'],
    ]);
  });

  it('reports errors with pflag texts', () => {
    const e = (args: string[]) => {
      const r = parseFlags(args, defs);
      return r.ok ? 'ok' : r.error;
    };
    expect(e(['--nope'])).toBe('unknown flag: --nope');
    expect(e(['-z'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(e(['-n'])).toBe("flag needs an argument: 'n' in -n");
    expect(e(['--namespace'])).toBe('flag needs an argument: --namespace');
    expect(e(['--replicas=three'])).toBe('invalid argument "three" for "--replicas" flag: strconv.ParseInt: parsing "three": invalid syntax');
    expect(e(['--watch=maybe'])).toBe('invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
  });
});

describe('parseGoDuration', () => {
  it('parses Go durations to milliseconds', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('10s')).toBe(10_000);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('abc')).toBeUndefined();
  });
});
