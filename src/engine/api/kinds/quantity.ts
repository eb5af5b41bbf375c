// resource.Quantity, enough for container resources: parse, round up to milli-units (as
// SetDefaults_ResourceList does), compare, and print in canonical form ("0.5" → "500m",
// "1024Mi" → "1Gi"), which is how the API server stores and returns quantities.

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** Value in thousandths of the unit, rounded up. */
  milli: bigint;
  format: Format;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const ceilDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (a + b - 1n) / b : a / b);

export function parseQuantity(input: string | number): Quantity | null {
  const s = String(input).trim();
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const [, sign, whole, frac = '', suffix, exp] = m;
  let digits = BigInt(`${whole}${frac}` || '0');
  let scale = -frac.length; // value = digits * 10^scale
  let format: Format = 'DecimalSI';
  let pow2 = 0;
  if (exp !== undefined) {
    format = 'DecimalExponent';
    scale += Number(exp);
  } else if (suffix && suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    pow2 = BINARY_SUFFIX[suffix]!;
  } else scale += DECIMAL_SUFFIX[suffix ?? '']!;
  // milli = ceil(digits * 2^pow2 * 10^(scale+3))
  digits *= 2n ** BigInt(pow2);
  const e = scale + 3;
  const milli = e >= 0 ? digits * 10n ** BigInt(e) : ceilDiv(digits, 10n ** BigInt(-e));
  return { milli: sign === '-' ? -milli : milli, format };
}

const SI_BY_EXP: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

/** Quantity.String(). */
export function formatQuantity(q: Quantity): string {
  if (q.milli === 0n) return '0';
  const neg = q.milli < 0n;
  const abs = neg ? -q.milli : q.milli;
  let format = q.format;
  if (format === 'BinarySI' && (abs < 1024n * 1000n || abs % 1000n !== 0n)) format = 'DecimalSI';
  let body: string;
  if (format === 'BinarySI') {
    let v = abs / 1000n;
    let unit = 0;
    while (unit < 6 && v % 1024n === 0n) {
      v /= 1024n;
      unit++;
    }
    body = `${v}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][unit]}`;
  } else {
    // mantissa * 10^exp with exp a multiple of 3 and no removable trailing thousands.
    let mant = abs;
    let exp = -3;
    while (mant % 1000n === 0n && exp < 18) {
      mant /= 1000n;
      exp += 3;
    }
    body = format === 'DecimalExponent' ? `${mant}${exp === 0 ? '' : `e${exp}`}` : `${mant}${SI_BY_EXP[exp]}`;
  }
  return neg ? `-${body}` : body;
}

/** The canonical printed form of a quantity as given, or the input when it does not parse. */
export function canonicalQuantity(v: string | number): string | number {
  const q = parseQuantity(v);
  return q ? formatQuantity(q) : v;
}
