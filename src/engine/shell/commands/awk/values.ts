// awk values: numbers, strings, "strnums" (input text that compares as a number when it
// looks like one) and the uninitialized value (both "" and 0).

import { formatFloat, parseSpec } from '../../cformat.ts';

/** Text that came from input (fields, getline, split, -v, ENVIRON, ARGV). */
export class StrNum {
  constructor(readonly s: string) {}
}

export type Val = number | string | StrNum | undefined;

const NUMERIC_PREFIX = /^[ \t\n\r\f\v]*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?/;
const LOOKS_NUMERIC = /^[ \t\n\r\f\v]*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[ \t\n\r\f\v]*$/;

export function strToNum(s: string): number {
  const m = NUMERIC_PREFIX.exec(s);
  if (m) return Number(m[0].trim());
  const special = /^[ \t]*([-+])(inf|nan)/i.exec(s);
  if (special) return special[2]?.toLowerCase() === 'inf' ? (special[1] === '-' ? -Infinity : Infinity) : NaN;
  return 0;
}

export function toNum(v: Val): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  return strToNum(typeof v === 'string' ? v : v.s);
}

/** Number to text: integers exactly, others through CONVFMT/OFMT. */
export function numToStr(n: number, fmt: string): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e16 ? String(n) : BigInt(n).toString();
  if (Number.isNaN(n)) return n < 0 ? '-nan' : '+nan';
  if (!Number.isFinite(n)) return n < 0 ? '-inf' : '+inf';
  const pct = fmt.indexOf('%');
  const spec = pct >= 0 ? parseSpec(fmt, pct + 1, () => 0) : null;
  if (!spec) return String(n);
  return fmt.slice(0, pct) + formatFloat(spec.spec, n) + fmt.slice(spec.end);
}

export function toStr(v: Val, convfmt: string): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numToStr(v, convfmt);
  return v.s;
}

/** Compares as a number: numbers, the uninitialized value, numeric-looking input. */
export function isNumeric(v: Val): boolean {
  if (v === undefined || typeof v === 'number') return true;
  if (typeof v === 'string') return false;
  return LOOKS_NUMERIC.test(v.s);
}

export function truthy(v: Val): boolean {
  if (v === undefined) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '';
  return LOOKS_NUMERIC.test(v.s) ? strToNum(v.s) !== 0 : v.s !== '';
}

export function compare(a: Val, b: Val, convfmt: string): number {
  if (isNumeric(a) && isNumeric(b)) {
    const x = toNum(a);
    const y = toNum(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toStr(a, convfmt);
  const y = toStr(b, convfmt);
  return x < y ? -1 : x > y ? 1 : 0;
}
