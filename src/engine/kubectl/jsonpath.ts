// kubectl's JSONPath templates: the parser and evaluator of k8s.io/client-go/util/jsonpath
// (v0.33) over unstructured objects, and the JSONPathPrinter of cli-runtime that kubectl
// `get -o jsonpath=…` uses (its error texts, allowMissingKeys on by default).
//
// Data is what kubectl holds after decoding the server's JSON into unstructured content:
// maps, []interface{}, strings, bool, nil, and numbers as int64 when integral, float64
// otherwise. Map iteration (`*`, `..`) is in sorted key order; Go's is random.

import { goQuote, parseInt64 } from '../api/labels.ts';

// ---- Go values --------------------------------------------------------------------------------

export type GoValue =
  | { k: 'invalid' } // reflect.Value{} (e.g. a range body run on no item)
  | { k: 'nil' } // a nil interface{} (JSON null)
  | { k: 'string'; v: string }
  | { k: 'int'; v: number; t: 'int' | 'int64' } // template literals are int, data int64
  | { k: 'uint8'; v: number } // a byte of a string (wildcard over a string)
  | { k: 'float'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'map'; v: Record<string, unknown> }
  | { k: 'slice'; v: unknown[] };

const NIL: GoValue = { k: 'nil' };
const INVALID: GoValue = { k: 'invalid' };
const INT64_LIMIT = 2 ** 63;

export function wrap(x: unknown): GoValue {
  switch (typeof x) {
    case 'string':
      return { k: 'string', v: x };
    case 'number':
      return Number.isInteger(x) && Math.abs(x) < INT64_LIMIT ? { k: 'int', v: x, t: 'int64' } : { k: 'float', v: x };
    case 'boolean':
      return { k: 'bool', v: x };
    case 'object':
      if (x === null) return NIL;
      return Array.isArray(x) ? { k: 'slice', v: x } : { k: 'map', v: x as Record<string, unknown> };
  }
  return NIL;
}

const unwrap = (g: GoValue): unknown => ('v' in g ? g.v : null);
const mapKeys = (m: Record<string, unknown>): string[] => Object.keys(m).filter((k) => m[k] !== undefined).sort();

function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

// Lenient UTF-8 decoding: each invalid byte becomes U+FFFD, as a terminal would show it.
function utf8Decode(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    const cont = bytes.slice(i + 1, i + n);
    if (n === 0 || cont.length < n - 1 || cont.some((c) => (c & 0xc0) !== 0x80)) {
      out += '\ufffd';
      i++;
      continue;
    }
    let cp = n === 1 ? b : b & (0xff >> (n + 1));
    for (const c of cont) cp = (cp << 6) | (c & 63);
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

/** strconv.FormatFloat(f, 'g', -1, 64): what fmt's %v prints for a float64. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, e] = f.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

const jsonNumber = (n: number): string => (Object.is(n, -0) ? '-0' : String(n));

// encoding/json string escaping (HTML-safe, as json.Marshal does by default).
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += '\\u' + cp.toString(16).padStart(4, '0');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** json.Marshal (indent "") or json.MarshalIndent(v, "", indent) of decoded JSON data. */
export function goJson(x: unknown, indent = '', level = 0): string {
  const g = wrap(x);
  const nl = indent ? '\n' + indent.repeat(level + 1) : '';
  const end = indent ? '\n' + indent.repeat(level) : '';
  switch (g.k) {
    case 'nil':
      return 'null';
    case 'string':
      return jsonString(g.v);
    case 'int':
    case 'float':
      return jsonNumber(g.v);
    case 'bool':
      return String(g.v);
    case 'slice':
      if (g.v.length === 0) return '[]';
      return '[' + g.v.map((e) => nl + goJson(e, indent, level + 1)).join(',') + end + ']';
    case 'map': {
      const keys = mapKeys(g.v);
      if (keys.length === 0) return '{}';
      return '{' + keys.map((k) => nl + jsonString(k) + (indent ? ': ' : ':') + goJson(g.v[k], indent, level + 1)).join(',') + end + '}';
    }
    default:
      return 'null';
  }
}

/** fmt's %v (fmt.Sprint) of a value: `map[a:1 b:[x y]]`, `<nil>`. */
export function goSprint(g: GoValue): string {
  switch (g.k) {
    case 'invalid':
      return '<invalid reflect.Value>';
    case 'nil':
      return '<nil>';
    case 'string':
      return g.v;
    case 'int':
    case 'uint8':
      return String(g.v);
    case 'float':
      return goFloat(g.v);
    case 'bool':
      return String(g.v);
    case 'map':
      return 'map[' + mapKeys(g.v).map((k) => `${k}:${goSprint(wrap(g.v[k]))}`).join(' ') + ']';
    case 'slice':
      return '[' + g.v.map((e) => goSprint(wrap(e))).join(' ') + ']';
  }
}

/** fmt's %#v of decoded JSON data (kubectl's debugging dump of the object). */
export function goSharpV(x: unknown, nested = false): string {
  const g = wrap(x);
  switch (g.k) {
    case 'nil':
      return nested ? 'interface {}(nil)' : '<nil>'; // a nil inside a map or slice is a typed nil
    case 'string':
      return goQuote(g.v);
    case 'map':
      return 'map[string]interface {}{' + mapKeys(g.v).map((k) => `${goQuote(k)}:${goSharpV(g.v[k], true)}`).join(', ') + '}';
    case 'slice':
      return '[]interface {}{' + g.v.map((e) => goSharpV(e, true)).join(', ') + '}';
    default:
      return goSprint(g);
  }
}

// ---- parser (parser.go) ---------------------------------------------------------------------

interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}
interface ListNode {
  t: 'list';
  nodes: JPNode[];
}
type JPNode =
  | ListNode
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'array'; params: Param[] }
  | { t: 'filter'; left: ListNode; right: ListNode; op: string }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'union'; nodes: ListNode[] }
  | { t: 'identifier'; name: string };

/** A parsed template (opaque). */
export interface JsonPathTemplate {
  readonly nodes: readonly JPNode[];
}

class JPError {
  constructor(readonly message: string) {}
}

const EOF = '';
const isSpace = (r: string): boolean => r === ' ' || r === '\t';
const isEndOfLine = (r: string): boolean => r === '\r' || r === '\n';
const isDigit = (r: string): boolean => /^\p{Nd}$/u.test(r);
const isAlphaNumeric = (r: string): boolean => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
const isTerminator = (r: string): boolean => isSpace(r) || isEndOfLine(r) || r === EOF || '.,[]$@{}'.includes(r);
const dictKeyRex = /^'([^']*)'$/;
const sliceOperatorRex = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;
const filterRex = /^([^!<>=]+)([!<>=]+)([^\n]+?)$/;

// fmt's %#U: "U+002A '*'" (the quoted rune only when printable).
function fmtU(r: string): string {
  const cp = r.codePointAt(0)!;
  const u = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return r === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(r) ? `${u} '${r}'` : u;
}

/** strconv.Atoi: undefined on syntax or int64 range errors. */
function atoi(s: string): number | undefined {
  const v = parseInt64(s);
  return v === undefined ? undefined : Number(v);
}

// jsonpath.UnquoteExtend: strconv.Unquote that also accepts single quotes.
function unquoteExtend(s: string): string | undefined {
  const quote = s[0];
  if (s.length < 2 || quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  const body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
  for (let i = 0; i < body.length; ) {
    const c = String.fromCodePoint(body.codePointAt(i)!);
    if (c === quote) return undefined;
    if (c !== '\\') {
      bytes.push(...utf8Bytes(c));
      i += c.length;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    i += 2;
    if (e in simple) bytes.push(simple[e]!);
    else if (e === "'" || e === '"') {
      if (e !== quote) return undefined;
      bytes.push(e.charCodeAt(0));
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const digits = body.slice(i, i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) return undefined;
      const v = parseInt(digits, 16);
      i += n;
      if (e === 'x') bytes.push(v);
      else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
      else bytes.push(...utf8Bytes(String.fromCodePoint(v)));
    } else if (e >= '0' && e <= '7') {
      const digits = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(digits)) return undefined;
      const v = parseInt(digits, 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += 2;
    } else return undefined;
  }
  return utf8Decode(bytes);
}

class JPParser {
  readonly root: ListNode = { t: 'list', nodes: [] };
  private pos = 0;
  private start = 0;
  private width = 0;
  constructor(private readonly input: string) {}

  parse(): void {
    // parseText / parseLeftDelim / parseRightDelim, as a loop: after `}` Go resumes on Root.
    for (;;) {
      while (!this.input.startsWith('{', this.pos)) {
        if (this.next() === EOF) {
          if (this.pos > this.start) this.root.nodes.push({ t: 'text', text: this.consumeText() });
          return;
        }
      }
      if (this.pos > this.start) this.root.nodes.push({ t: 'text', text: this.consumeText() });
      this.pos += 1;
      this.consumeText();
      const list: ListNode = { t: 'list', nodes: [] };
      this.root.nodes.push(list);
      this.parseInsideAction(list);
    }
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }
  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.width = r.length;
    this.pos += r.length;
    return r;
  }
  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }
  private backup(): void {
    this.pos -= this.width;
  }

  // Returns once the action's closing `}` is consumed.
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith('}', this.pos)) {
        this.pos += 1;
        this.consumeText();
        return;
      }
      if (this.input.startsWith('[?(', this.pos)) {
        this.parseFilter(cur);
        continue;
      }
      if (this.input.startsWith('..', this.pos)) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JPError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') this.consumeText();
      else if (r === '[') this.parseArray(cur);
      else if (r === '"' || r === "'") this.parseQuote(cur, r);
      else if (r === '.') this.parseField(cur);
      else if (r === '+' || r === '-' || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else throw new JPError(`unrecognized character in action: ${fmtU(r)}`);
    }
  }

  private parseIdentifier(cur: ListNode): void {
    while (!isTerminator(this.next()));
    this.backup();
    const value = this.consumeText();
    cur.nodes.push(value === 'true' || value === 'false' ? { t: 'bool', v: value === 'true' } : { t: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes[cur.nodes.length - 1]?.t === 'recursive') throw new JPError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ t: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) {
      const c = this.next();
      if (c !== '.' && !isDigit(c)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const i = atoi(value);
    if (i !== undefined) cur.nodes.push({ t: 'int', v: i });
    else if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) cur.nodes.push({ t: 'float', v: Number(value) });
    else throw new JPError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JPError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      // union: each part parsed as its own `[…]`
      cur.nodes.push({ t: 'union', nodes: strs.map((s) => parseAction(`[${s.replace(/^ +| +$/g, '')}]`)) });
      return;
    }
    const dict = dictKeyRex.exec(text);
    if (dict) {
      cur.nodes.push(...parseAction(`.${dict[1]}`).nodes);
      return;
    }
    const m = sliceOperatorRex.exec(text);
    if (!m) throw new JPError(`invalid array index ${text}`);
    const params: Param[] = [];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params.push({ value: 0, known: false, derived: false });
        else {
          const n = atoi(v);
          if (n === undefined) throw new JPError(`array index ${v} is not a number`);
          params.push({ value: n, known: true, derived: false });
        }
      } else if (i === 1) params.push({ value: params[0]!.value + 1, known: true, derived: true });
      else params.push({ value: 0, known: false, derived: false });
    }
    cur.nodes.push({ t: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JPError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')' && begin === end) break;
    }
    if (this.next() !== ']') throw new JPError('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const m = filterRex.exec(text);
    if (!m) cur.nodes.push({ t: 'filter', left: parseAction(text), right: { t: 'list', nodes: [] }, op: 'exists' });
    else cur.nodes.push({ t: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), op: m[2]! });
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JPError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new JPError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ t: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === '\\') this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    cur.nodes.push(value === '*' ? { t: 'wildcard' } : { t: 'field', name: value.replace(/\\/g, '') });
  }
}

// parseAction: a sub-template `{text}`, of which the first action is kept.
function parseAction(text: string): ListNode {
  const p = new JPParser(`{${text}}`);
  p.parse();
  return p.root.nodes[0] as ListNode;
}

/** client-go's Parse. `error` is the library's message (e.g. "unclosed action"). */
export function parseJsonPath(template: string): { ok: true; template: JsonPathTemplate } | { ok: false; error: string } {
  try {
    const p = new JPParser(template);
    p.parse();
    return { ok: true, template: { nodes: p.root.nodes } };
  } catch (e) {
    if (e instanceof JPError) return { ok: false, error: e.message };
    throw e;
  }
}

// ---- evaluation (jsonpath.go) ---------------------------------------------------------------

/** Values and the error beside them: Go returns partial values with an error, and uses them. */
type R = [GoValue[], string?];

const goTypeName = (g: GoValue): string =>
  g.k === 'map' ? 'map[string]interface {}' : g.k === 'slice' ? '[]interface {}' : g.k === 'int' ? g.t : g.k === 'float' ? 'float64' : g.k === 'invalid' ? '<invalid reflect.Value>' : g.k;

// text/template's basicKind, Equal and Less (k8s fork).
function basicKind(g: GoValue): string | undefined {
  return g.k === 'int' ? 'int' : g.k === 'uint8' ? 'uint' : g.k === 'float' || g.k === 'string' || g.k === 'bool' ? g.k : undefined;
}
function goEqual(a: GoValue, b: GoValue): boolean | string {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (!k1 || !k2) return 'invalid type for comparison';
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return unwrap(a) === unwrap(b);
    return 'incompatible types for comparison';
  }
  return unwrap(a) === unwrap(b);
}
function goLess(a: GoValue, b: GoValue): boolean | string {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (!k1 || !k2) return 'invalid type for comparison';
  if (k1 !== k2 && !((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int'))) return 'incompatible types for comparison';
  if (k1 === 'bool') return 'invalid type for comparison';
  return (unwrap(a) as number | string) < (unwrap(b) as number | string);
}
function compare(op: string, a: GoValue, b: GoValue): boolean | string {
  const not = (r: boolean | string): boolean | string => (typeof r === 'string' ? r : !r);
  const lessEqual = (): boolean | string => {
    const lt = goLess(a, b);
    return lt === true || typeof lt === 'string' ? lt : goEqual(a, b);
  };
  switch (op) {
    case '<': return goLess(a, b);
    case '>': return not(lessEqual());
    case '==': return goEqual(a, b);
    case '!=': return not(goEqual(a, b));
    case '<=': return lessEqual();
    case '>=': return not(goLess(a, b));
  }
  return `unrecognized filter operator ${op}`;
}

function children(g: GoValue): GoValue[] {
  if (g.k === 'map') return mapKeys(g.v).map((k) => wrap(g.v[k]));
  if (g.k === 'slice') return g.v.map(wrap);
  if (g.k === 'string') return utf8Bytes(g.v).map((b): GoValue => ({ k: 'uint8', v: b }));
  return [];
}

class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode = -1;
  // Go re-slices parser.Root.Nodes for each range body and never restores it; nodes are
  // addressed by index into the template's top-level list.
  private rootStart = 0;
  constructor(private readonly all: readonly JPNode[], private readonly allowMissingKeys: boolean) {}

  findResults(data: GoValue): GoValue[][] {
    const start = this.rootStart;
    const n = this.all.length - start;
    const full: GoValue[][] = [];
    for (let i = 0; i < n; i++) {
      const [results, err] = this.walk([data], this.all[start + i]!);
      if (err !== undefined) throw new JPError(err);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = start + i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) {
            this.rootStart = start + i + 1;
            full.push(...this.findResults(value.k === 'nil' ? INVALID : value)); // value.Interface() of nil
          }
        } else {
          // no items: still walk the body so that its {end} is found
          this.rootStart = start + i + 1;
          this.findResults(INVALID);
        }
        this.inRange--;
        for (let k = i + 1; k < n; k++) {
          if (start + k === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: GoValue[], node: JPNode): R {
    switch (node.t) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return [[{ k: 'string', v: node.text }]];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return [input.map((): GoValue => ({ k: 'int', v: node.v, t: 'int' }))];
      case 'float':
        return [input.map((): GoValue => ({ k: 'float', v: node.v }))];
      case 'bool':
        return [input.map((): GoValue => ({ k: 'bool', v: node.v }))];
      case 'wildcard':
        return [input.flatMap((v) => (v.k === 'string' || v.k === 'map' || v.k === 'slice' ? children(v) : []))];
      case 'recursive':
        return [this.evalRecursive(input)];
      case 'union': {
        const out: GoValue[] = [];
        for (const l of node.nodes) {
          const [v, err] = this.evalList(input, l);
          if (err !== undefined) return [input, err];
          out.push(...v);
        }
        return [out];
      }
      case 'identifier':
        if (node.name === 'range') {
          this.beginRange++;
          return [input];
        }
        if (node.name === 'end') {
          if (this.inRange > 0) {
            this.endRange++;
            return [[]];
          }
          return [[], 'not in range, nothing to end'];
        }
        return [input, `unrecognized identifier ${node.name}`];
    }
  }

  private evalList(input: GoValue[], node: ListNode): R {
    let cur = input;
    for (const n of node.nodes) {
      const [v, err] = this.walk(cur, n);
      if (err !== undefined) return [v, err];
      cur = v;
    }
    return [cur];
  }

  private evalField(input: GoValue[], name: string): R {
    const results: GoValue[] = [];
    if (input.length === 0) return [results];
    for (const value of input) {
      if (value.k === 'map' && Object.prototype.hasOwnProperty.call(value.v, name) && value.v[name] !== undefined) results.push(wrap(value.v[name]));
    }
    if (results.length === 0 && !this.allowMissingKeys) return [results, `${name} is not found`];
    return [results];
  }

  private evalArray(input: GoValue[], node: readonly Param[]): R {
    const result: GoValue[] = [];
    for (const value of input) {
      if (value.k === 'nil') continue;
      if (value.k !== 'slice') return [input, `${goTypeName(value)} is not array or slice`];
      const p = node.map((x) => ({ ...x }));
      const [p0, p1, p2] = p as [Param, Param, Param];
      const len = value.v.length;
      if (!p0.known) p0.value = 0;
      if (p0.value < 0) p0.value += len;
      if (!p1.known) p1.value = len;
      if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len;
      // Asking for zero elements ends the whole evaluation here, remaining inputs included.
      if (p1.value === p0.value) return [result];
      if (p0.value >= len || p0.value < 0) return [input, `array index out of bounds: index ${p0.value}, length ${len}`];
      if (p1.value > len || p1.value < 0) return [input, `array index out of bounds: index ${p1.value - 1}, length ${len}`];
      if (p0.value > p1.value) return [input, `starting index ${p0.value} is greater than ending index ${p1.value}`];
      let step = 1;
      if (p2.known) {
        if (p2.value <= 0) return [input, 'step must be > 0'];
        step = p2.value;
      }
      const sliced = value.v.slice(p0.value, p1.value);
      for (let i = 0; i < sliced.length; i += step) result.push(wrap(sliced[i]));
    }
    return [result];
  }

  private evalRecursive(input: GoValue[]): GoValue[] {
    const result: GoValue[] = [];
    for (const value of input) {
      const kids = children(value);
      if (kids.length !== 0) result.push(value, ...this.evalRecursive(kids));
    }
    return result;
  }

  private evalFilter(input: GoValue[], node: Extract<JPNode, { t: 'filter' }>): R {
    const results: GoValue[] = [];
    for (const value of input) {
      if (value.k !== 'slice') return [input, `${goSprint(value)} is not array or slice and cannot be filtered`];
      for (const raw of value.v) {
        const item = wrap(raw);
        const [lefts, lerr] = this.evalList([item], node.left);
        if (node.op === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lerr !== undefined) return [input, lerr];
        if (lefts.length === 0) continue;
        if (lefts.length > 1) return [input, 'can only compare one element at a time'];
        const [rights, rerr] = this.evalList([item], node.right);
        if (rerr !== undefined) return [input, rerr];
        if (rights.length === 0) continue;
        if (rights.length > 1) return [input, 'can only compare one element at a time'];
        // Interface() then reflect.ValueOf: a nil interface turns into an invalid value.
        const pass = compare(node.op, lefts[0]!, rights[0]!);
        if (typeof pass === 'string') return [results, pass];
        if (pass) results.push(item);
      }
    }
    return [results];
  }
}

/** JSONPath.FindResults: one list of values per top-level node. */
export function findJsonPathResults(t: JsonPathTemplate, data: unknown, allowMissingKeys: boolean): { ok: true; results: GoValue[][] } | { ok: false; error: string } {
  try {
    // reflect.ValueOf(nil) is the invalid Value, not a nil interface
    const root = data === null || data === undefined ? INVALID : wrap(data);
    return { ok: true, results: new Evaluator(t.nodes, allowMissingKeys).findResults(root) };
  } catch (e) {
    if (e instanceof JPError) return { ok: false, error: e.message };
    throw e;
  }
}

// evalToText: fmt.Fprint of a scalar.
function toText(g: GoValue): string {
  if (g.k === 'nil') return 'null';
  if (g.k === 'invalid') return '<no value>';
  return goSprint(g);
}

/** JSONPath.Execute: the text (multiple values of one node are joined by a single space). */
export function executeJsonPath(t: JsonPathTemplate, data: unknown, opts: { allowMissingKeys: boolean; outputJson?: boolean }): { ok: true; text: string } | { ok: false; error: string } {
  const found = findJsonPathResults(t, data, opts.allowMissingKeys);
  if (!found.ok) return found;
  let text = '';
  for (const results of found.results) {
    if (opts.outputJson) {
      text += goJson(results.map(unwrap), '    ') + '\n';
      continue;
    }
    text += results.map((r) => (r.k === 'map' || r.k === 'slice' ? goJson(r.v) : toText(r))).join(' ');
  }
  return { ok: true, text };
}

export interface JsonPathOptions {
  /** --allow-missing-template-keys (kubectl's default: true). */
  allowMissingKeys?: boolean;
  /** -o jsonpath-as-json */
  outputJson?: boolean;
}

/** The stderr kubectl prints when the template does not parse, or undefined when it does. */
export function jsonPathTemplateError(template: string): string | undefined {
  if (template === '') return 'error: template format specified but no template given\n';
  const p = parseJsonPath(template);
  return p.ok ? undefined : `error: error parsing jsonpath ${template}, ${p.error}\n`;
}

/**
 * `kubectl get … -o jsonpath=TEMPLATE`: `text` is stdout; `error` is the complete stderr kubectl
 * prints (starting "error: ", ending in a newline). `data` is the object kubectl hands the
 * printer: the object itself for `get NAME`, jsonPathListObject(items) otherwise.
 */
export function evaluateJsonPath(template: string, data: unknown, opts: JsonPathOptions = {}): { ok: true; text: string } | { ok: false; error: string } {
  const parseErr = jsonPathTemplateError(template);
  if (parseErr !== undefined) return { ok: false, error: parseErr };
  const p = parseJsonPath(template) as { ok: true; template: JsonPathTemplate };
  const r = executeJsonPath(p.template, data, { allowMissingKeys: opts.allowMissingKeys ?? true, outputJson: opts.outputJson ?? false });
  if (r.ok) return r;
  const detail =
    `Error executing template: ${r.error}. Printing more information for debugging the template:\n` +
    `\ttemplate was:\n\t\t${template}\n` +
    `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`;
  return { ok: false, error: `error: error executing jsonpath ${goQuote(template)}: ${detail}\n` };
}

/**
 * The List kubectl get builds around several objects (or a plain `get pods`) before printing
 * with -o jsonpath / json / yaml: kind List, metadata.resourceVersion "".
 */
export function jsonPathListObject(items: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}
