// IPv6 text as glibc reads and writes it (inet_pton / inet_ntop): the form ip6tables-save
// prints addresses in (`-s fd00:10::/64`, `-d 2001:db8::1/128`).

import { describe, expect, it } from 'vitest';
import { formatIPv6, inPrefix6, maskToPrefix6, parseIPv6, prefixMask6 } from './ipv6.ts';

const round = (s: string): string | null => {
  const n = parseIPv6(s);
  return n === null ? null : formatIPv6(n);
};

describe('IPv6 addresses (inet_pton / inet_ntop)', () => {
  it('[NF-1] prints the longest run of two or more zero groups as ::, lower-case, no leading zeros', () => {
    expect(round('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(round('fd00:10:180:0:0:0:2:1')).toBe('fd00:10:180::2:1');
    expect(round('1:0:0:1:0:0:0:1')).toBe('1:0:0:1::1');
    expect(round('1:0:1:0:1:0:1:0')).toBe('1:0:1:0:1:0:1:0');
    expect(round('1:0:0:2:0:0:3:4')).toBe('1::2:0:0:3:4');
    expect(round('::')).toBe('::');
    expect(round('::1')).toBe('::1');
    expect(round('1:2:3:4:5:6:7::')).toBe('1:2:3:4:5:6:7:0');
    expect(round('fd00::')).toBe('fd00::');
  });

  it('[NF-1] IPv4-mapped and IPv4-compatible addresses keep a dotted tail', () => {
    expect(round('::ffff:10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(round('::10.0.0.1')).toBe('::10.0.0.1');
    expect(round('64:ff9b::10.0.0.1')).toBe('64:ff9b::a00:1');
  });

  it('[NF-1] rejects what inet_pton rejects', () => {
    for (const bad of ['1::2::3', '12345::', ':1::2', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '::ffff:1.2.3.256', '::01.2.3.4', 'fd00::/64', '10.0.0.1', '']) {
      expect([bad, parseIPv6(bad)]).toEqual([bad, null]);
    }
  });

  it('[NF-1] prefixes and masks', () => {
    expect(maskToPrefix6(prefixMask6(64))).toBe(64);
    expect(maskToPrefix6(prefixMask6(0))).toBe(0);
    expect(maskToPrefix6(prefixMask6(128))).toBe(128);
    expect(formatIPv6(parseIPv6('fd00:10::2')! & prefixMask6(64))).toBe('fd00:10::');
    expect(inPrefix6(parseIPv6('2001:db8::1')!, parseIPv6('2001:db8::')!, 64)).toBe(true);
    expect(inPrefix6(parseIPv6('2001:db8:1::2')!, parseIPv6('2001:db8::')!, 64)).toBe(false);
  });
});
