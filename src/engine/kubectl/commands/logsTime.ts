// Times of `kubectl logs`: --since-time parsed as Go's time.Parse(time.RFC3339, …) does (the
// same accepted forms and the same ParseError texts), and the RFC3339Nano stamps the kubelet
// puts before each line with --timestamps (Go's Format drops trailing zeros of the fraction).

import { goQuote } from '../../api/labels.ts';
import type { Clock } from '../../sim/clock.ts';

const RFC3339 = '2006-01-02T15:04:05Z07:00';

export type ParsedTime = { ok: true; unixSeconds: number; nanos: number } | { ok: false; error: string };

const isDigit = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** time.getnum: one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (m: number, y: number): number => (m === 2 ? (isLeap(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!);

/** time.Parse(time.RFC3339, value): the instant, or Go's error text. */
export function parseRFC3339(value: string): ParsedTime {
  const cannot = (valueElem: string, layoutElem: string): ParsedTime => ({
    ok: false,
    error: `parsing time ${goQuote(value)} as ${goQuote(RFC3339)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`,
  });
  const message = (msg: string): ParsedTime => ({ ok: false, error: `parsing time ${goQuote(value)}${msg}` });
  let v = value;
  // The layout as time.nextStdChunk splits it: literal prefix, then a std element.
  const fields: [string, string][] = [['', '2006'], ['-', '01'], ['-', '02'], ['T', '15'], [':', '04'], [':', '05'], ['', 'Z07:00']];
  const got: number[] = [];
  let nanos = 0;
  let offset = 0;
  for (const [prefix, std] of fields) {
    if (prefix !== '') {
      if (!v.startsWith(prefix)) return cannot(v, prefix);
      v = v.slice(prefix.length);
    }
    const hold = v;
    if (std === '2006') {
      if (v.length < 4 || !isDigit(v, 0) || !/^\d{4}$/.test(v.slice(0, 4))) return cannot(hold, std);
      got.push(Number(v.slice(0, 4)));
      v = v.slice(4);
      continue;
    }
    if (std === 'Z07:00') {
      if (v.startsWith('Z')) {
        v = v.slice(1);
        continue;
      }
      if (v.length < 6 || v[3] !== ':') return cannot(hold, std);
      const [sign, hh, mm] = [v[0]!, v.slice(1, 3), v.slice(4, 6)];
      v = v.slice(6);
      const h = getnum(hh, true);
      const m = getnum(mm, true);
      if (!h || !m) return cannot(hold, std);
      if (m[0] > 60) return message(': time zone offset minute out of range');
      if (h[0] > 24) return message(': time zone offset hour out of range');
      if (sign !== '+' && sign !== '-') return cannot(hold, std);
      offset = (sign === '-' ? -1 : 1) * (h[0] * 60 + m[0]) * 60;
      continue;
    }
    const n = getnum(v, std !== '15');
    if (!n) return cannot(hold, std);
    [, v] = n;
    const limits: Record<string, [number, number, string]> = { '01': [1, 12, 'month'], '15': [0, 23, 'hour'], '04': [0, 59, 'minute'], '05': [0, 59, 'second'] };
    const lim = limits[std];
    if (lim && (n[0] < lim[0] || n[0] > lim[1])) return message(`: ${lim[2]} out of range`);
    got.push(n[0]);
    // A fraction after the seconds is accepted although the layout has none.
    if (std === '05' && v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
      let end = 2;
      while (isDigit(v, end)) end++;
      nanos = Number(v.slice(1, Math.min(end, 10)).padEnd(9, '0'));
      v = v.slice(end);
    }
  }
  if (v !== '') return message(`: extra text: ${goQuote(v)}`);
  const [year, month, day, hour, minute, second] = got as [number, number, number, number, number, number];
  if (day < 1 || day > daysIn(month, year)) return message(': day out of range');
  // Date.UTC reads years 0–99 as 19xx: shift by 400 Gregorian years (exactly 146097 days).
  const ms = Date.UTC(year + 400, month - 1, day, hour, minute, second) - 146_097 * 86_400_000;
  return { ok: true, unixSeconds: ms / 1000 - offset, nanos };
}

/** Virtual ms of a whole Unix second, via the clock's own calendar. */
export function unixSecondsToVirtualMs(clock: Clock, unixSeconds: number): number {
  return unixSeconds * 1000 + clock.parse('1970-01-01T00:00:00Z');
}

/** RFC3339Nano for a virtual instant in nanoseconds: `2026-11-21T09:00:12.345678901Z`. */
export function formatRFC3339Nano(clock: Clock, ns: number): string {
  const sec = Math.floor(ns / 1e9);
  const frac = ns - sec * 1e9;
  const base = clock.timestamp(sec * 1000);
  if (frac === 0) return base;
  return `${base.slice(0, -1)}.${String(frac).padStart(9, '0').replace(/0+$/, '')}Z`;
}
