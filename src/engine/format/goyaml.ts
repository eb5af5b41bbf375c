// `kubectl get -o yaml` output, byte for byte.
//
// kubectl prints with sigs.k8s.io/yaml: json.Marshal(obj), then JSONToYAML, which decodes the JSON
// with go-yaml v2 (go.yaml.in/yaml/v2 = gopkg.in/yaml.v2 v2.4) and re-encodes it with go-yaml
// v2's emitter (libyaml port, best_indent 2, best_width 80, unicode on). This file re-implements
// the parts of that pipeline that shape the text (learned from encode.go, emitterc.go,
// resolve.go and sorter.go of go-yaml v2; own code):
//   - map keys in go-yaml's "natural" order (sorter.go), not plain byte order;
//   - numbers as JSON writes them, re-resolved by go-yaml (ints plain, floats strconv 'g');
//   - strings plain unless go-yaml's resolver would read them back as another type (then
//     "double quoted") or the emitter's scalar analysis forbids plain (then 'single quoted',
//     or "double quoted" when single quotes cannot carry the text), `|` literal blocks for text
//     with a newline, and folding of long plain/quoted scalars at spaces past column 80.
import { goResolve } from './goresolve.ts';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

type Style = 'plain' | 'single' | 'double' | 'literal';
type YNode =
  | { kind: 'scalar'; text: string; style: Style }
  | { kind: 'seq'; items: YNode[] }
  | { kind: 'map'; entries: Array<[YNode & { kind: 'scalar' }, YNode]> };

/** Serialise a JSON-compatible value exactly as `kubectl get -o yaml` prints it (ends in "\n"). */
export function toYaml(value: unknown): string {
  const emitter = new Emitter();
  emitter.node(toNode(value), false, false);
  emitter.documentEnd();
  return emitter.text();
}

// ---------------------------------------------------------------------------------------------
// JSON value → emitter nodes (what json.Marshal + yaml.Unmarshal would hand to yaml.Marshal).

function toNode(v: unknown): YNode {
  if (v === null || v === undefined) return { kind: 'scalar', text: 'null', style: 'plain' };
  if (typeof v === 'boolean') return { kind: 'scalar', text: v ? 'true' : 'false', style: 'plain' };
  if (typeof v === 'number') return { kind: 'scalar', text: formatNumber(v), style: 'plain' };
  if (typeof v === 'bigint') return { kind: 'scalar', text: v.toString(), style: 'plain' };
  if (typeof v === 'string') return stringNode(v);
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((x) => toNode(x === undefined ? null : x)) };
  if (typeof v === 'object') {
    const withJson = v as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return toNode(withJson.toJSON());
    const keys = Object.keys(v).filter((k) => {
      const x = (v as Record<string, unknown>)[k];
      return x !== undefined && typeof x !== 'function';
    });
    keys.sort((a, b) => (goKeyLess(a, b) ? -1 : goKeyLess(b, a) ? 1 : 0));
    return {
      kind: 'map',
      entries: keys.map((k) => [stringNode(k), toNode((v as Record<string, unknown>)[k])]),
    };
  }
  return { kind: 'scalar', text: 'null', style: 'plain' };
}

// encode.go stringv: literal when the text has "\n", plain when it resolves back to a string
// (and is no YAML 1.1 base-60 float), else double-quoted. The emitter may still downgrade plain.
function stringNode(raw: string): YNode & { kind: 'scalar' } {
  // Go strings are UTF-8; json.Marshal turns invalid sequences into U+FFFD.
  const s = raw.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  let style: Style;
  if (s.includes('\n')) style = 'literal';
  else if (goResolve(s).tag === 'str' && !isBase60Float(s)) style = 'plain';
  else style = 'double';
  return { kind: 'scalar', text: s, style };
}

function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** A JS number as json.Marshal writes it and go-yaml re-reads and re-writes it. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    // JSON prints integral values in full; go-yaml keeps them as int64/uint64 when they fit.
    const digits = n.toString();
    const big = BigInt(digits);
    if (big >= INT64_MIN && big <= UINT64_MAX) return digits;
  }
  return formatFloatG(n);
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64): shortest round-trip digits, %e when exp < -4 || exp >= 6. */
export function formatFloatG(f: number): string {
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant = '0', expText = '0'] = Math.abs(f).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  const sign = f < 0 ? '-' : '';
  // With the shortest representation Go uses precision 6 to choose between %e and %f.
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? '.' + digits.slice(1) : '';
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return sign + intPart + (frac ? '.' + frac : '');
}

// ---------------------------------------------------------------------------------------------
// sorter.go keyList.Less for two string keys: runs of digits compare by value, letters sort
// after non-letters at the first difference, letters compare by code point.

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const isLetter = (c: number): boolean => LETTER.test(String.fromCodePoint(c));
const isDigit = (c: number): boolean => DIGIT.test(String.fromCodePoint(c));

export function goKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a, (c) => c.codePointAt(0) as number);
  const br = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] as number;
    const cb = br[i] as number;
    if (ca === cb) continue;
    const al = isLetter(ca);
    const bl = isLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ca === 0x30 || cb === 0x30) {
      // A zero inside a number that started earlier: seed both with 1 so the zero counts.
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as number); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as number); ai++) an = BigInt.asIntN(64, an * 10n + BigInt((ar[ai] as number) - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as number); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt((br[bi] as number) - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return ar.length < br.length;
}

// ---------------------------------------------------------------------------------------------
// The emitter (emitterc.go), reduced to what kubectl's documents need: block collections, empty
// collections in flow style ({} / []), no anchors or tags, one implicit document.

const isBreak = (c: number | undefined): boolean =>
  c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;

/** Can the emitter write this code point unescaped (is_printable, unicode output on)? */
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, block context only. */
function analyzeScalar(cps: number[]): Analysis {
  if (cps.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  const [c0, c1, c2] = cps;
  if (cps.length >= 3 && ((c0 === 0x2d && c1 === 0x2d && c2 === 0x2d) || (c0 === 0x2e && c1 === 0x2e && c2 === 0x2e))) {
    blockIndicators = true;
  }
  const last = cps.length - 1;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] as number;
    const followedByWs = i === last || isBlank(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(String.fromCodePoint(c))) blockIndicators = true;
      else if ((c === 0x3f || c === 0x3a || c === 0x2d) && followedByWs) blockIndicators = true; // ? : -
    } else if ((c === 0x3a && followedByWs) || (c === 0x23 && precededByWs)) {
      blockIndicators = true; // ': ' or ' #'
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlank(c) || isBreak(c) || c === 0;
  }
  let blockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
  let single = true;
  let block = !trailingSpace;
  if (breakSpace) blockPlain = single = false;
  if (spaceBreak || special) blockPlain = single = block = false;
  if (lineBreaks || blockIndicators) blockPlain = false;
  return { multiline: lineBreaks, blockPlainAllowed: blockPlain, singleQuotedAllowed: single, blockAllowed: block };
}

const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

class Emitter {
  private out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private indents: number[] = [];

  text(): string {
    return this.out.join('');
  }

  /** Emit a node; `mapping` = it is a mapping value, `simpleKey` = it is an implicit key. */
  node(n: YNode, mapping: boolean, simpleKey: boolean): void {
    if (n.kind === 'scalar') this.scalar(n.text, n.style, simpleKey);
    else if (n.kind === 'seq') this.sequence(n.items, mapping);
    else this.mapping(n.entries);
  }

  documentEnd(): void {
    this.writeIndent();
  }

  private sequence(items: YNode[], mapping: boolean): void {
    if (items.length === 0) return this.emptyFlow('[', ']');
    // A sequence that is a mapping value is not indented ("indentless"): `key:\n- item`.
    this.increaseIndent(false, mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false, false);
    }
    this.popIndent();
  }

  private mapping(entries: Array<[YNode & { kind: 'scalar' }, YNode]>): void {
    if (entries.length === 0) return this.emptyFlow('{', '}');
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      const cps = Array.from(key.text, (c) => c.codePointAt(0) as number);
      const simple = !analyzeScalar(cps).multiline && utf8Length(key.text) <= 128;
      if (simple) {
        this.node(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        // Keys longer than 128 bytes (or multi-line) use the explicit "? key\n: value" form.
        this.writeIndicator('?', true, false, true);
        this.node(key, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, true, false);
    }
    this.popIndent();
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private scalar(text: string, requested: Style, simpleKey: boolean): void {
    const cps = Array.from(text, (c) => c.codePointAt(0) as number);
    const a = analyzeScalar(cps);
    let style = requested;
    if (simpleKey && a.multiline) style = 'double';
    if (style === 'plain' && (!a.blockPlainAllowed || (cps.length === 0 && simpleKey))) style = 'single';
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    if (style === 'plain') this.writePlain(cps, allowBreaks);
    else if (style === 'single') this.writeSingle(cps, allowBreaks);
    else if (style === 'double') this.writeDouble(cps, allowBreaks);
    else this.writeLiteral(cps);
    this.popIndent();
  }

  // --- low-level writers ---------------------------------------------------------------------

  private put(s: string): void {
    this.out.push(s);
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  /** Write one character from a scalar; breaks other than "\n" are written as they are. */
  private writeChar(c: number): void {
    this.put(String.fromCodePoint(c));
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.writeChar(c);
      this.column = 0;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of ind) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // Folding: at a space, once the line is past best_width, break the line instead (the reader
  // folds the break back into that space). Plain scalars also require a non-space after it.
  private writePlain(cps: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i] as number;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && cps[i + 1] !== 0x20) this.writeIndent();
        else this.writeChar(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const last = cps.length - 1;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i] as number;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < last && cps[i + 1] !== 0x20) {
          this.writeIndent();
        } else this.writeChar(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeChar(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    // go-yaml's is_bom() looks at the start of the value, not at the current character: a
    // value that begins with U+FEFF gets every character escaped.
    const bomStart = cps[0] === 0xfeff;
    const last = cps.length - 1;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i] as number;
      if (!isPrintable(c) || bomStart || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const named = ESCAPES[c];
        if (named !== undefined) this.put(named);
        else {
          const [mark, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(mark as string);
          for (const d of c.toString(16).toUpperCase().padStart(width as number, '0')) this.put(d);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < last) {
          this.writeIndent();
          // A folded line starting with a space would lose it: escape it.
          if (cps[i + 1] === 0x20) this.put('\\');
        } else this.writeChar(c);
        spaces = true;
      } else {
        this.writeChar(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(cps: number[]): void {
    this.writeIndicator('|', true, false, false);
    // Indentation indicator when the text starts with a space or break; chomping indicator:
    // "-" without a final break, "+" with two or more (or only one break), none for exactly one.
    if (cps[0] === 0x20 || isBreak(cps[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const n = cps.length;
    let chomp = '';
    if (!isBreak(cps[n - 1])) chomp = '-';
    else if (n === 1 || isBreak(cps[n - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
