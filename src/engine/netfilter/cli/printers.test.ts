// NF-1: pieces of the -L printer on their own (the full layouts are in golden.test.ts).

import { describe, expect, it } from 'vitest';
import type { Rule } from '../types.ts';
import { createResolver } from './names.ts';
import { formatListRule, printNum } from './ruleText.ts';

const names = createResolver({ '127.0.0.1': 'localhost', '172.18.0.3': 'kind-worker' }, { '172.18.0.2': 'kind-control-plane.kind' });
const L = { numeric: false, verbose: false, exact: false, lineNumbers: false };

describe('[NF-1] iptables -L printer', () => {
  it('[NF-1] counters scale to K/M/G/T rounding each step, -x prints them whole', () => {
    const cases: [number, string][] = [
      [0, '    0 '], [99999, '99999 '], [100000, ' 100K '], [9999499, '9999K '], [9999500, '  10M '],
      [98765432, '  99M '], [12345678901, '  12G '], [999999999999999, '1000T '],
    ];
    expect(cases.map(([n]) => printNum(n, false))).toEqual(cases.map(([, s]) => s));
    expect(printNum(123456, true)).toBe('  123456 ');
    expect(printNum(123456, false, true)).toBe('123K ');
  });

  it('[NF-1] addresses: anywhere, /etc/hosts and docker DNS names, /etc/networks, numbers', () => {
    const rule = (s: string, p: number, d: string, q: number): Rule => ({
      source: { network: s, prefix: p, invert: false },
      destination: { network: d, prefix: q, invert: true },
      matches: [],
      target: { kind: 'ACCEPT' },
      counters: { packets: 0, bytes: 0 },
    });
    expect(formatListRule(rule('172.18.0.2', 32, '127.0.0.0', 8), 1, L, names)).toBe(
      'ACCEPT     all  --  kind-control-plane.kind !loopback/8          \n',
    );
    expect(formatListRule(rule('0.0.0.0', 0, '10.96.0.10', 32), 1, L, names)).toBe(
      'ACCEPT     all  --  anywhere            !10.96.0.10          \n',
    );
    expect(formatListRule(rule('0.0.0.0', 0, '10.96.0.10', 32), 1, { ...L, numeric: true }, names)).toBe(
      'ACCEPT     0    --  0.0.0.0/0           !10.96.0.10          \n',
    );
  });

  it('[NF-1] statistic probability prints %.11f of the kernel threshold, ties to even', () => {
    const r = (threshold: number): Rule => ({
      matches: [{ module: 'statistic', mode: 'random', probability: threshold, invert: false }],
      target: { kind: 'RETURN' },
      counters: { packets: 0, bytes: 0 },
    });
    // 1/3 → round(2^31/3) = 715827883; 1/4096 = 524288 is an exact tie at the 11th decimal
    expect(formatListRule(r(715827883), 1, L, names)).toContain(' statistic mode random probability 0.33333333349\n');
    expect(formatListRule(r(524288), 1, L, names)).toContain(' probability 0.00024414062\n');
  });

  it('[NF-1] MARK targets read back as the operation they perform', () => {
    const mark = (value: number, mask: number): string =>
      formatListRule({ matches: [], target: { kind: 'MARK', value, mask }, counters: { packets: 0, bytes: 0 } }, 1, L, names).slice(62);
    expect([mark(0x4000, 0x4000), mark(0x4000, 0), mark(0, 0x4000), mark(0x8000, 0xffffffff), mark(0x1, 0xf)]).toEqual([
      'MARK or 0x4000\n', 'MARK xor 0x4000\n', 'MARK and 0xffffbfff\n', 'MARK set 0x8000\n', 'MARK xset 0x1/0xf\n',
    ]);
  });
});
