// C library number parsing as libxtables uses it (strtoumax with base 0, strtod), so that
// iptables accepts exactly what the real one accepts: "0x4000", "010" (octal 8), " 7", "+3".

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** strtoumax(s, &end, 0): value and index after the digits, or null when no digits were read. */
export function strtoumax(s: string): { value: number; end: number } | null {
  let i = 0;
  while (isSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') {
    base = 8;
  }
  const start = i;
  let value = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i] as string, 36);
    if (Number.isNaN(d) || d >= base) break;
    value = value * base + d;
  }
  if (i === start) return null;
  // unsigned wrap of a negative number: larger than any range iptables accepts
  return { value: neg && value !== 0 ? Number.MAX_VALUE : value, end: i };
}

/**
 * xtables_strtoul(): rejects a leading '-'; with `allowTrailing` false the whole string must
 * be the number (end == NULL in C), otherwise `end` tells where parsing stopped.
 */
export function xtStrtoul(
  s: string,
  min: number,
  max: number,
  allowTrailing = false,
): { value: number; end: number } | null {
  let i = 0;
  while (isSpace(s[i])) i++;
  if (s[i] === '-') return null;
  const r = strtoumax(s);
  if (!r) return null;
  if (r.value < min || r.value > max) return null;
  if (!allowTrailing && r.end !== s.length) return null;
  return r;
}

/** strtod() for the decimal forms (and inf/nan) glibc accepts; null if nothing was parsed or trailing garbage. */
export function strtodFull(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/i.exec(s);
  if (!m) return null;
  const body = (m[2] as string).toLowerCase();
  let v: number;
  if (body.startsWith('inf')) v = Infinity;
  else if (body === 'nan') v = NaN;
  else v = Number(body);
  return m[1] === '-' ? -v : v;
}

/** u32 → unsigned number */
export const u32 = (n: number): number => n >>> 0;

/** "%x" */
export const hex = (n: number): string => '0x' + u32(n).toString(16);
