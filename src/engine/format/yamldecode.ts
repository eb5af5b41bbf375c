// One YAML document → JSON-compatible value, the way sigs.k8s.io/yaml.YAMLToJSON does it for
// kubectl: go-yaml v2's node tree (decode.go: anchors, aliases, `<<` merges) from the parser's
// events, values typed with go-yaml's YAML 1.1 resolver, non-string keys turned into strings
// like sigs.k8s.io/yaml does, NaN/Inf refused like json.Marshal. Errors carry go-yaml's exact
// text, e.g. "yaml: line 3: mapping values are not allowed in this context". Own code, written
// from reading upstream.
import { goResolve } from './goresolve.ts';
import { formatFloatG } from './goyaml.ts';
import { Parser, TAG_PREFIX, type EventType, type YEvent } from './yamlparse.ts';
import { YamlSyntaxError } from './yamlscan.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** Parse the first YAML document of `text`; `error` is go-yaml's / json's message. */
export function yamlToJson(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  // go-yaml's reader rejects these before anything is scanned (for documents under its 512-byte
  // read chunk; for larger ones a syntax error earlier in the text could win in real kubectl).
  if (/[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(text)) {
    return { ok: false, error: 'yaml: control characters are not allowed' };
  }
  try {
    const root = new Builder(text === '' ? '\n' : text).document();
    return { ok: true, value: root === null ? null : toJson(decode(root, new Set())) };
  } catch (e) {
    if (e instanceof YamlSyntaxError) return { ok: false, error: e.goMessage() };
    if (e instanceof GoFailure) return { ok: false, error: e.message };
    throw e;
  }
}

class GoFailure extends Error {}
const failf = (msg: string): never => {
  throw new GoFailure('yaml: ' + msg);
};

// ---------------------------------------------------------------------------------------------
// Builder: events → node tree (decode.go's parser type).

type YNode =
  | { kind: 'scalar'; value: string; tag: string; implicit: boolean }
  | { kind: 'seq'; children: YNode[] }
  | { kind: 'map'; children: YNode[] }
  | { kind: 'alias'; name: string; target: YNode };

class Builder {
  private readonly p: Parser;
  private ev: YEvent | null = null;
  private anchors = new Map<string, YNode>();

  constructor(text: string) {
    this.p = new Parser(text);
  }

  private peek(): YEvent {
    if (this.ev === null) this.ev = this.p.next();
    return this.ev;
  }

  private expect(type: EventType): YEvent {
    const e = this.peek();
    if (e.type === 'STREAM-END' && type !== 'STREAM-END') failf('attempted to go past the end of stream; corrupted value?');
    if (e.type !== type) failf(`expected ${type} event but got ${e.type}`);
    this.ev = null;
    return e;
  }

  /** The first document's root node, or null for an empty stream. */
  document(): YNode | null {
    this.expect('STREAM-START');
    if (this.peek().type === 'STREAM-END') return null;
    this.expect('DOCUMENT-START');
    const root = this.node();
    this.expect('DOCUMENT-END');
    return root;
  }

  private node(): YNode {
    const e = this.peek();
    switch (e.type) {
      case 'SCALAR': {
        this.ev = null;
        const n: YNode = { kind: 'scalar', value: e.value ?? '', tag: e.tag ?? '', implicit: e.implicit ?? false };
        if (e.anchor !== undefined) this.anchors.set(e.anchor, n);
        return n;
      }
      case 'ALIAS': {
        const target = this.anchors.get(e.anchor ?? '');
        if (!target) failf(`unknown anchor '${e.anchor ?? ''}' referenced`);
        this.ev = null;
        return { kind: 'alias', name: e.anchor ?? '', target: target as YNode };
      }
      case 'SEQUENCE-START':
      case 'MAPPING-START': {
        const n: YNode & { children: YNode[] } = { kind: e.type === 'SEQUENCE-START' ? 'seq' : 'map', children: [] };
        if (e.anchor !== undefined) this.anchors.set(e.anchor, n);
        this.ev = null;
        const end = e.type === 'SEQUENCE-START' ? 'SEQUENCE-END' : 'MAPPING-END';
        while (this.peek().type !== end) n.children.push(this.node());
        this.expect(end);
        return n;
      }
      default:
        return failf(`attempted to parse unknown event: ${e.type}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Decoder: node tree → Go values (map[interface{}]interface{} as Map, ints, floats, …).

type GoValue = null | boolean | number | string | GoValue[] | Map<GoValue, GoValue>;

function decode(n: YNode, active: Set<YNode>): GoValue {
  if (n.kind === 'alias') {
    if (active.has(n)) failf(`anchor '${n.name}' value contains itself`);
    active.add(n);
    const v = decode(n.target, active);
    active.delete(n);
    return v;
  }
  if (n.kind === 'scalar') return decodeScalar(n);
  if (n.kind === 'seq') return n.children.map((c) => decode(c, active));
  const out = new Map<GoValue, GoValue>();
  decodeMappingInto(n, out, active);
  return out;
}

function decodeMappingInto(n: YNode & { kind: 'map' }, out: Map<GoValue, GoValue>, active: Set<YNode>): void {
  for (let i = 0; i + 1 < n.children.length; i += 2) {
    const k = n.children[i] as YNode;
    const v = n.children[i + 1] as YNode;
    if (k.kind === 'scalar' && k.value === '<<' && (k.implicit || k.tag === TAG_PREFIX + 'merge')) {
      merge(v, out, active);
      continue;
    }
    const key = decode(k, active);
    if (Array.isArray(key) || key instanceof Map) failf(`invalid map key: ${goSyntax(key)}`);
    // Later duplicates win (yaml.Unmarshal is not strict here).
    out.set(key, decode(v, active));
  }
}

function merge(v: YNode, out: Map<GoValue, GoValue>, active: Set<YNode>): void {
  const wantMap = (): never => failf('map merge requires map or sequence of maps as the value');
  const target = (x: YNode): YNode => (x.kind === 'alias' ? x.target : x);
  if (target(v).kind === 'map') {
    const m = decode(v, active) as Map<GoValue, GoValue>;
    for (const [k, x] of m) out.set(k, x);
    return;
  }
  if (v.kind !== 'seq') wantMap();
  const seq = v as YNode & { kind: 'seq' };
  // Earlier maps take precedence, so apply them last.
  for (let i = seq.children.length - 1; i >= 0; i--) {
    const item = seq.children[i] as YNode;
    if (target(item).kind !== 'map') wantMap();
    const m = decode(item, active) as Map<GoValue, GoValue>;
    for (const [k, x] of m) out.set(k, x);
  }
}

const RESOLVABLE = new Set(['', 'str', 'bool', 'int', 'float', 'null', 'timestamp'].map((t) => (t ? TAG_PREFIX + t : '')));

function decodeScalar(n: YNode & { kind: 'scalar' }): GoValue {
  if (n.tag === '' && !n.implicit) return n.value; // quoted or block scalar
  if (n.tag === TAG_PREFIX + 'binary') return decodeBinary(n.value);
  if (!RESOLVABLE.has(n.tag)) return n.value; // "!", "!foo", "!!set", …: the text
  if (n.tag === TAG_PREFIX + 'str') return n.value;
  const r = goResolve(n.value);
  const want = n.tag.slice(TAG_PREFIX.length);
  if (want !== '' && want !== r.tag && !(want === 'float' && r.tag === 'int')) {
    failf(`cannot decode !!${r.tag} \`${n.value}\` as a !!${want}`);
  }
  switch (r.tag) {
    case 'null':
      return null;
    case 'bool':
    case 'int':
    case 'float':
      return r.value;
    default:
      return n.value; // strings, and timestamps (kept as text when decoding into interface{})
  }
}

function decodeBinary(b64: string): string {
  const clean = b64.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) {
    failf('!!binary value contains invalid base64 data');
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of clean.replace(/=+$/, '')) {
    acc = (acc << 6) | alphabet.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  // json.Marshal replaces invalid UTF-8 with U+FFFD; a fatal-less decode does the same.
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i] as number;
    const n = b0 < 0x80 ? 1 : b0 >= 0xc2 && b0 < 0xe0 ? 2 : b0 >= 0xe0 && b0 < 0xf0 ? 3 : b0 >= 0xf0 && b0 < 0xf5 ? 4 : 0;
    const cont = bytes.slice(i + 1, i + n);
    if (n === 0 || cont.length < n - 1 || cont.some((x) => (x & 0xc0) !== 0x80)) {
      out += '\ufffd';
      i++;
      continue;
    }
    let cp = n === 1 ? b0 : b0 & (0xff >> (n + 1));
    for (const x of cont) cp = (cp << 6) | (x & 0x3f);
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// sigs.k8s.io/yaml's convertToJSONableObject + json.Marshal.

function toJson(v: GoValue): JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new GoFailure(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
    return v;
  }
  if (Array.isArray(v)) return v.map(toJson);
  const out: { [k: string]: JsonValue } = {};
  for (const [k, x] of v) {
    let key: string;
    if (typeof k === 'string') key = k;
    else if (typeof k === 'boolean') key = String(k);
    else if (typeof k === 'number') key = Number.isInteger(k) && Math.abs(k) < 2 ** 63 ? BigInt(k).toString() : formatFloat32(k);
    else throw new GoFailure(`unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSyntax(x)}`);
    out[key] = toJson(x);
  }
  return out;
}

/** strconv.FormatFloat(f, 'g', -1, 32) with go-yaml's names for the specials. */
function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  const f32 = Math.fround(f);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f32.toPrecision(p));
    if (Math.fround(candidate) === f32) return formatFloatG(candidate);
  }
  return formatFloatG(f32);
}

/** Go's %#v for the rare error messages that print a decoded value (maps print sorted). */
function goSyntax(v: GoValue, nested = false): string {
  if (v === null) return nested ? 'interface {}(nil)' : '<nil>';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x, true)).join(', ')}}`;
  const entries = [...v].map(([k, x]) => [goSyntax(k, true), goSyntax(x, true)] as const);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `map[interface {}]interface {}{${entries.map(([k, x]) => `${k}:${x}`).join(', ')}}`;
}
