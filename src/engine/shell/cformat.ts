// C printf conversions shared by the printf builtin and awk's printf/sprintf.

export interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  conv: string;
}

/** Parse `%[flags][width][.prec]conv` at `i` (just after `%`); `*` reads from `star`. */
export function parseSpec(fmt: string, i: number, star: () => number): { spec: Spec; end: number } | null {
  const m = /^([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([diouxXeEfFgGcsbqaA])/.exec(fmt.slice(i));
  if (!m) return null;
  let width: number | null = m[2] === undefined ? null : m[2] === '*' ? star() : Number(m[2]);
  let flags = m[1] as string;
  if (width !== null && width < 0) {
    flags += '-';
    width = -width;
  }
  let precision: number | null = m[3] === undefined ? null : m[3] === '*' ? star() : Number(m[3] || '0');
  if (precision !== null && precision < 0) precision = null;
  return { spec: { flags, width, precision, conv: m[4] as string }, end: i + m[0].length };
}

export function pad(spec: Spec, body: string, numeric: boolean): string {
  const width = spec.width ?? 0;
  if (body.length >= width) return body;
  if (spec.flags.includes('-')) return body + ' '.repeat(width - body.length);
  if (numeric && spec.flags.includes('0') && !(spec.precision !== null && /[diouxX]/.test(spec.conv))) {
    const sign = /^[-+ ]/.test(body) ? (body[0] as string) : '';
    const prefix = /^[-+ ]?0[xX]/.test(body) ? body.slice(sign.length, sign.length + 2) : '';
    const rest = body.slice(sign.length + prefix.length);
    if (/^(inf|nan)/i.test(rest)) return ' '.repeat(width - body.length) + body;
    return sign + prefix + '0'.repeat(width - body.length) + rest;
  }
  return ' '.repeat(width - body.length) + body;
}

/** %d %i %o %u %x %X of an integer (BigInt for exactness). */
export function formatInteger(spec: Spec, value: bigint): string {
  const neg = value < 0n;
  let abs = neg ? -value : value;
  let digits: string;
  switch (spec.conv) {
    case 'o':
      if (neg) abs = BigInt.asUintN(64, value);
      digits = abs.toString(8);
      if (spec.flags.includes('#') && !digits.startsWith('0')) digits = '0' + digits;
      break;
    case 'u':
      if (neg) abs = BigInt.asUintN(64, value);
      digits = abs.toString();
      break;
    case 'x':
    case 'X':
      if (neg) abs = BigInt.asUintN(64, value);
      digits = abs.toString(16);
      if (spec.conv === 'X') digits = digits.toUpperCase();
      break;
    default:
      digits = abs.toString();
  }
  if (spec.precision !== null) {
    if (spec.precision === 0 && value === 0n) digits = '';
    digits = digits.padStart(spec.precision, '0');
  }
  const signed = spec.conv === 'd' || spec.conv === 'i';
  let sign = '';
  if (signed) sign = neg ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  let prefix = '';
  if ((spec.conv === 'x' || spec.conv === 'X') && spec.flags.includes('#') && value !== 0n) prefix = spec.conv === 'x' ? '0x' : '0X';
  return pad(spec, sign + prefix + digits, true);
}

/** %e %f %g (and upper-case forms) of a float. */
export function formatFloat(spec: Spec, value: number): string {
  const upper = spec.conv === spec.conv.toUpperCase();
  const sign = value < 0 || Object.is(value, -0) ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  const abs = Math.abs(value);
  let body: string;
  if (!Number.isFinite(abs)) body = Number.isNaN(abs) ? 'nan' : 'inf';
  else {
    const p = spec.precision ?? 6;
    switch (spec.conv.toLowerCase()) {
      case 'f':
        body = toFixed(abs, p);
        if (spec.flags.includes('#') && p === 0) body += '.';
        break;
      case 'e':
        body = toExp(abs, p);
        break;
      default: {
        const P = p === 0 ? 1 : p;
        const x = abs === 0 ? 0 : Number(toExp(abs, P - 1).split('e')[1]);
        if (P > x && x >= -4) body = toFixed(abs, P - 1 - x);
        else body = toExp(abs, P - 1);
        if (!spec.flags.includes('#')) body = stripZeros(body);
      }
    }
  }
  if (upper) body = body.toUpperCase();
  return pad(spec, sign + body, true);
}

function toFixed(v: number, p: number): string {
  if (v >= 1e21) {
    // toFixed switches to exponent form past 1e21; C prints all digits.
    const int = BigInt(Math.round(v)).toString();
    return p > 0 ? `${int}.${'0'.repeat(p)}` : int;
  }
  return v.toFixed(Math.min(p, 100));
}

function toExp(v: number, p: number): string {
  const [mant, exp] = v.toExponential(Math.min(p, 100)).split('e') as [string, string];
  const n = Number(exp);
  return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** %s / %c with width and precision. */
export function formatString(spec: Spec, s: string): string {
  if (spec.conv === 'c') s = [...s][0] ?? '';
  else if (spec.precision !== null) s = [...s].slice(0, spec.precision).join('');
  return pad(spec, s, false);
}

/** %g drops trailing zeros of the fraction (and a bare point). */
function stripZeros(body: string): string {
  const [mant, exp] = body.split('e') as [string, string | undefined];
  const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
  return exp === undefined ? m : `${m}e${exp}`;
}
