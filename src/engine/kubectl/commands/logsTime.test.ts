import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/clock.ts';
import { formatRFC3339Nano, parseRFC3339, unixSecondsToVirtualMs } from './logsTime.ts';

const EPOCH = Date.UTC(2026, 10, 21, 9, 0, 0);

describe('--since-time: time.Parse(time.RFC3339, …)', () => {
  it('accepts what Go accepts', () => {
    expect(parseRFC3339('2026-11-21T09:00:00Z')).toEqual({ ok: true, unixSeconds: EPOCH / 1000, nanos: 0 });
    expect(parseRFC3339('2026-11-21T10:00:00+01:00')).toEqual({ ok: true, unixSeconds: EPOCH / 1000, nanos: 0 });
    expect(parseRFC3339('2026-11-21T9:00:00.5Z')).toEqual({ ok: true, unixSeconds: EPOCH / 1000, nanos: 500_000_000 });
    expect(parseRFC3339('2026-11-21T09:00:00,1234567891Z')).toEqual({ ok: true, unixSeconds: EPOCH / 1000, nanos: 123_456_789 });
    expect(parseRFC3339('0001-01-01T00:00:00Z')).toEqual({ ok: true, unixSeconds: -62135596800, nanos: 0 });
    expect(parseRFC3339('2024-02-29T00:00:00Z').ok).toBe(true);
  });

  it("and fails with Go's ParseError texts", () => {
    const bad = (v: string) => (parseRFC3339(v) as { error: string }).error;
    const as = (v: string, elem: string, layout: string) => `parsing time "${v}" as "2006-01-02T15:04:05Z07:00": cannot parse "${elem}" as "${layout}"`;
    expect(bad('now')).toBe(as('now', 'now', '2006'));
    expect(bad('2026/11/21')).toBe(as('2026/11/21', '/11/21', '-'));
    expect(bad('2026-11-21 09:00:00Z')).toBe(as('2026-11-21 09:00:00Z', ' 09:00:00Z', 'T'));
    expect(bad('2026-11-21T09:00Z')).toBe(as('2026-11-21T09:00Z', 'Z', ':'));
    expect(bad('2026-11-21T09:00:00')).toBe(as('2026-11-21T09:00:00', '', 'Z07:00'));
    expect(bad('2026-1-21T09:00:00Z')).toBe(as('2026-1-21T09:00:00Z', '1-21T09:00:00Z', '01'));
    expect(bad('2026-11-21T09:00:00+0100')).toBe(as('2026-11-21T09:00:00+0100', '+0100', 'Z07:00'));
    expect(bad('2026-00-21T09:00:00Z')).toBe('parsing time "2026-00-21T09:00:00Z": month out of range');
    expect(bad('2026-11-21T24:00:00Z')).toBe('parsing time "2026-11-21T24:00:00Z": hour out of range');
    expect(bad('2025-02-29T00:00:00Z')).toBe('parsing time "2025-02-29T00:00:00Z": day out of range');
    expect(bad('2026-11-21T09:00:00Zjunk')).toBe('parsing time "2026-11-21T09:00:00Zjunk": extra text: "junk"');
  });
});

describe('--timestamps: RFC3339Nano', () => {
  const clock = new VirtualClock(EPOCH);
  it('drops trailing zeros of the fraction, and the fraction when it is zero', () => {
    expect(formatRFC3339Nano(clock, 12_345_678_901)).toBe('2026-11-21T09:00:12.345678901Z');
    expect(formatRFC3339Nano(clock, 12_340_000_000)).toBe('2026-11-21T09:00:12.34Z');
    expect(formatRFC3339Nano(clock, 12_000_000_000)).toBe('2026-11-21T09:00:12Z');
    expect(formatRFC3339Nano(clock, 1)).toBe('2026-11-21T09:00:00.000000001Z');
  });
  it('maps Unix seconds onto virtual time', () => {
    expect(unixSecondsToVirtualMs(clock, EPOCH / 1000 + 16)).toBe(16_000);
  });
});
