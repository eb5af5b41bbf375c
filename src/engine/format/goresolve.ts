// go-yaml v2's implicit typing of plain scalars (resolve.go): YAML 1.1 booleans (y/yes/on/…),
// null/~, ints via Go's strconv.ParseInt(s, 0, 64) (0x, 0o, 0b, leading-0 octal, "_" dropped),
// uint64, floats matching its float regexp, timestamps (time.Parse with four layouts).
// Used both ways: the emitter quotes a string whose plain form would not read back as a
// string, and the manifest decoder types plain scalars like kubectl does.

export type GoResolved =
  | { tag: 'str' }
  | { tag: 'null' }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: number }
  | { tag: 'float'; value: number }
  | { tag: 'timestamp' };

const FIXED = new Map<string, GoResolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) FIXED.set(s, { tag: 'bool', value: true });
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) FIXED.set(s, { tag: 'bool', value: false });
for (const s of ['', '~', 'null', 'Null', 'NULL']) FIXED.set(s, { tag: 'null' });
for (const s of ['.nan', '.NaN', '.NAN']) FIXED.set(s, { tag: 'float', value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) FIXED.set(s, { tag: 'float', value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) FIXED.set(s, { tag: 'float', value: -Infinity });

const STR: GoResolved = { tag: 'str' };
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** How go-yaml v2 types the plain scalar `s` (no explicit tag). */
export function goResolve(s: string): GoResolved {
  // Only a first character from this table can start a non-string (resolveTable).
  const c = s === '' ? 'N' : (s[0] as string);
  const hint = /[-+]/.test(c) ? 'S' : /[0-9]/.test(c) ? 'D' : /[yYnNtTfFoO~]/.test(c) ? 'M' : c === '.' ? '.' : s === '' ? 'N' : '';
  if (hint === '') return STR;
  const fixed = FIXED.get(s);
  if (fixed) return fixed;
  if (hint === '.') {
    // strconv.ParseFloat: ".5", ".5e3"; an overflow to ±Inf is an error there.
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s))) return { tag: 'float', value: Number(s) };
    return STR;
  }
  if (hint !== 'D' && hint !== 'S') return STR;
  if (isGoTimestamp(s)) return { tag: 'timestamp' };
  const plain = s.replace(/_/g, '');
  const i = parseGoInt(plain, true);
  if (i !== undefined) return { tag: 'int', value: Number(i) };
  const u = parseGoInt(plain, false);
  if (u !== undefined) return { tag: 'int', value: Number(u) };
  if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return { tag: 'float', value: Number(plain) };
  return STR;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64) (signed) or ParseUint(s, 0, 64); undefined on any error. */
export function parseGoInt(s: string, signed: boolean): bigint | undefined {
  let rest = s;
  let neg = false;
  if (signed && (rest[0] === '+' || rest[0] === '-')) {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '') return undefined;
  let base = 10;
  if (rest[0] === '0') {
    const p = (rest[1] ?? '').toLowerCase();
    if (rest.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
      base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
      rest = rest.slice(2);
    } else {
      base = 8;
      rest = rest.slice(1);
    }
  }
  const digitRe = base === 2 ? /^[01]*$/ : base === 8 ? /^[0-7]*$/ : base === 10 ? /^[0-9]*$/ : /^[0-9a-fA-F]*$/;
  if (!digitRe.test(rest)) return undefined;
  const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : '';
  const mag = rest === '' ? 0n : BigInt(prefix + rest);
  const v = neg ? -mag : mag;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return undefined;
  return v;
}

// --- timestamps: time.Parse with go-yaml's allowed layouts -------------------------------------
//   "2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00",
//   "2006-1-2 15:4:5.999999999", "2006-1-2"

/** Would go-yaml v2 read `s` as a !!timestamp? */
export function isGoTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  return (['T', 't', ' ', ''] as const).some((sep) => parseLayout(s, sep));
}

function parseLayout(s: string, sep: 'T' | 't' | ' ' | ''): boolean {
  const r = new Reader(s);
  const year = Number(r.take(4));
  if (!r.lit('-')) return false;
  const month = r.num();
  if (month === undefined || !r.lit('-')) return false;
  const day = r.num();
  if (day === undefined) return false;
  if (sep !== '') {
    if (sep === ' ') {
      // A space in a layout matches one or more spaces.
      if (!r.spaces()) return false;
    } else if (!r.lit(sep)) return false;
    const hour = r.num();
    if (hour === undefined || hour >= 24 || !r.lit(':')) return false;
    const min = r.num();
    if (min === undefined || min >= 60 || !r.lit(':')) return false;
    const sec = r.num();
    if (sec === undefined || sec >= 60) return false;
    r.fraction();
    if (sep !== ' ' && !r.zone()) return false;
  }
  if (!r.done()) return false;
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= daysIn(month, year);
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}
  take(n: number): string {
    const t = this.s.slice(this.i, this.i + n);
    this.i += n;
    return t;
  }
  lit(c: string): boolean {
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }
  spaces(): boolean {
    if (this.i < this.s.length && this.s[this.i] !== ' ') return false;
    while (this.s[this.i] === ' ') this.i++;
    return true;
  }
  /** One or two digits (Go's getnum without the fixed-width flag). */
  num(): number | undefined {
    const m = /^[0-9]{1,2}/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return Number(m[0]);
  }
  /** Optional ".digits" or ",digits" fractional seconds. */
  fraction(): void {
    const m = /^[.,][0-9]+/.exec(this.s.slice(this.i));
    if (m) this.i += m[0].length;
  }
  /** "Z" or ±hh:mm. */
  zone(): boolean {
    if (this.lit('Z')) return true;
    const m = /^[+-]([0-9]{2}):([0-9]{2})/.exec(this.s.slice(this.i));
    if (!m || Number(m[1]) > 24 || Number(m[2]) > 60) return false;
    this.i += m[0].length;
    return true;
  }
  done(): boolean {
    return this.i === this.s.length;
  }
}
