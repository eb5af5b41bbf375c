// Reading manifests for `kubectl apply -f` / `kubectl create -f` the way kubectl v1.33 does:
//
//   cli-runtime resource.StreamVisitor + apimachinery yaml.NewYAMLOrJSONDecoder:
//   - a stream whose first non-space character is "{" is read with Go's json.Decoder: a
//     sequence of JSON values, syntax errors as "json: offset N: invalid character …" or
//     "unexpected EOF";
//   - anything else is split into YAML documents at lines starting with "---" (only spaces or
//     a comment may follow, else "invalid Yaml document separator: …"), and each document goes
//     through sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 typing) — see yamlparse.ts;
//   - empty documents and `null` are skipped;
//   - each document is validated for apiVersion/kind (kubectl/pkg/validation +
//     openapi/validation.GetObjectKind), then a document with `items` is a list and is
//     flattened (items without apiVersion and kind inherit them from the list, "ServiceList"
//     → "Service").
// The first error ends the read, with kubectl's text (CheckErr adds "error: " and "\n"):
//   error: error parsing <file>: error converting YAML to JSON: yaml: line N: <problem>
//   error: error parsing <file>: json: offset N: invalid character 'x' looking for beginning of value
//   error: error validating "<file>": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false
//   error: unable to decode "<file>": Object 'Kind' is missing in '<json>'
// go-yaml messages are not mapped from another parser: yamlscan.ts/yamlparse.ts re-implement
// go-yaml v2's scanner and parser, so every message it can produce comes out as it does,
// including its line arithmetic (scanner errors report the 1-based line of the scanner
// position, parser errors the 0-based line of the offending token, no "line N:" when 0). Among
// them: "mapping values are not allowed in this context", "did not find expected key",
// "could not find expected ':'", "found character that cannot start any token" (e.g. a tab as
// indentation), "found unexpected end of stream" (unclosed quote), "did not find expected '-'
// indicator", "did not find expected ',' or ']'", "block sequence entries are not allowed in this
// context", "found a tab character that violates indentation", "unknown anchor 'x' referenced".
import { marshalCompact, quote as goQuote } from './gojson.ts';
import { yamlToJson, type JsonValue } from './yamldecode.ts';

export type ManifestResult = { ok: true; docs: Record<string, unknown>[] } | { ok: false; error: string };

const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

export function parseManifests(text: string, source: string): ManifestResult {
  // FileVisitor reads files through a BOM-dropping UTF-8/UTF-16 decoder.
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  const raw = isJsonStream(body) ? readJsonStream(body) : readYamlStream(body);
  if (!raw.ok) return fail(`error parsing ${source}: ${raw.error}`);
  const docs: Record<string, unknown>[] = [];
  for (const { value, json } of raw.values) {
    if (value === null) continue;
    const problems = objectKindErrors(value);
    if (problems.length > 0) {
      return fail(`error validating ${goQuote(source)}: error validating data: ${aggregate(problems)}; ${STOP_VALIDATE}`);
    }
    const obj = value as Record<string, JsonValue>;
    if (obj.kind === '') return fail(`unable to decode ${goQuote(source)}: Object 'Kind' is missing in '${json}'`);
    if ('items' in obj && obj.items !== null) {
      const items = flattenList(obj, source);
      if (!items.ok) return fail(items.error);
      docs.push(...items.docs);
    } else docs.push(obj);
  }
  return { ok: true, docs };
}

function fail(message: string): ManifestResult {
  return { ok: false, error: `error: ${message}\n` };
}

/** utilerrors.NewAggregate(...).Error(): one error as is, several as "[a, b]". */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

/** openapi validation's GetObjectKind checks, in its order. */
function objectKindErrors(v: JsonValue): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return ['invalid object to validate'];
  const errors: string[] = [];
  const apiVersion = v.apiVersion;
  if (apiVersion === undefined || apiVersion === null) errors.push('apiVersion not set');
  else if (typeof apiVersion !== 'string') errors.push("apiVersion isn't string type");
  else if (apiVersion !== '/' && (apiVersion.match(/\//g) ?? []).length > 1) {
    errors.push(`unexpected GroupVersion string: ${apiVersion}`);
  }
  const kind = v.kind;
  if (kind === undefined || kind === null) errors.push('kind not set');
  else if (typeof kind !== 'string') errors.push("kind isn't string type");
  return errors;
}

function flattenList(list: Record<string, JsonValue>, source: string): ManifestResult {
  const items = list.items ?? null;
  const decodeError = (detail: string): ManifestResult => ({ ok: false, error: `error: unable to decode ${goQuote(source)}: json: ${detail}\n` });
  if (!Array.isArray(items)) {
    return decodeError(`cannot unmarshal ${goJsonType(items)} into Go struct field decodeList.items of type []json.RawMessage`);
  }
  const apiVersion = typeof list.apiVersion === 'string' ? list.apiVersion : '';
  const itemKind = (typeof list.kind === 'string' ? list.kind : '').replace(/List$/, '');
  const docs: Record<string, unknown>[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return decodeError(`cannot unmarshal ${goJsonType(item)} into Go value of type map[string]interface {}`);
    }
    const doc: Record<string, unknown> = { ...item };
    const hasKind = typeof doc.kind === 'string' && doc.kind !== '';
    const hasVersion = typeof doc.apiVersion === 'string' && doc.apiVersion !== '';
    if (!hasKind && !hasVersion) {
      doc.kind = itemKind;
      doc.apiVersion = apiVersion;
    }
    const typeInfo = 'error: unable to get type info from the object "*unstructured.Unstructured": ';
    if (typeof doc.kind !== 'string' || doc.kind === '') {
      return { ok: false, error: `${typeInfo}Object 'Kind' is missing in 'unstructured object has no kind'\n` };
    }
    if (typeof doc.apiVersion !== 'string' || doc.apiVersion === '' || doc.apiVersion.endsWith('/')) {
      return { ok: false, error: `${typeInfo}Object 'apiVersion' is missing in 'unstructured object has no version'\n` };
    }
    docs.push(doc);
  }
  return { ok: true, docs };
}

function goJsonType(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}

// ---------------------------------------------------------------------------------------------
// Streams → raw documents.

type Raw = { ok: true; values: Array<{ value: JsonValue; json: string }> } | { ok: false; error: string };

// unicode.IsSpace
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** GuessJSONStream: within the first 4096 bytes, the first non-space character is "{". */
function isJsonStream(text: string): boolean {
  let bytes = 0;
  for (const ch of text) {
    if (!GO_SPACE.test(ch)) return ch === '{';
    bytes += utf8Bytes(ch.codePointAt(0) as number).length;
    if (bytes >= 4096) return false;
  }
  return false;
}

/** strings.TrimSpace */
function trimGoSpace(s: string): string {
  const chars = Array.from(s);
  while (chars.length > 0 && GO_SPACE.test(chars[0] as string)) chars.shift();
  while (chars.length > 0 && GO_SPACE.test(chars[chars.length - 1] as string)) chars.pop();
  return chars.join('');
}

/** YAMLReader: documents are the lines between lines that start with "---". */
function readYamlStream(text: string): Raw {
  const docs: string[] = [];
  let buffer = '';
  const lines = text.split('\n');
  // A final "\n" does not start another line (bufio's ReadLine); "\r\n" loses its "\r".
  if (lines[lines.length - 1] === '') lines.pop();
  for (const rawLine of lines) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith('---')) {
      const rest = trimGoSpace(line.slice(3));
      if (rest.length > 0 && !rest.startsWith('#')) return { ok: false, error: `invalid Yaml document separator: ${rest}` };
      if (buffer.length > 0) docs.push(buffer);
      buffer = '';
      continue;
    }
    buffer += line + '\n';
  }
  if (buffer.length > 0) docs.push(buffer);
  const values: Array<{ value: JsonValue; json: string }> = [];
  for (const doc of docs) {
    const r = yamlToJson(doc);
    if (!r.ok) return { ok: false, error: `error converting YAML to JSON: ${r.error}` };
    values.push({ value: r.value, json: marshalCompact(r.value) });
  }
  return { ok: true, values };
}

/** json.Decoder over the whole stream: one value after another until only spaces remain. */
function readJsonStream(text: string): Raw {
  const bytes: number[] = [];
  for (const ch of text) bytes.push(...utf8Bytes(ch.codePointAt(0) as number));
  const scanner = new JsonScanner(bytes);
  const values: Array<{ value: JsonValue; json: string }> = [];
  for (;;) {
    const r = scanner.next();
    if (r === 'eof') return { ok: true, values };
    if (typeof r === 'string') return { ok: false, error: r };
    const slice = text.slice(charIndex(text, r.start), charIndex(text, r.end));
    values.push({ value: JSON.parse(slice) as JsonValue, json: slice.trim() });
  }
}

function charIndex(text: string, byteOffset: number): number {
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    if (bytes >= byteOffset) return i;
    bytes += utf8Bytes(ch.codePointAt(0) as number).length;
    i += ch.length;
  }
  return i;
}

function utf8Bytes(c: number): number[] {
  if (c < 0x80) return [c];
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 0x3f)];
  if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
  return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
}

class UnexpectedEof extends Error {}

/**
 * Syntax checking with encoding/json's scanner messages. The offset Go reports is the count of
 * bytes it consumed from the start of the stream, the offending byte included.
 */
class JsonScanner {
  private pos = 0;
  constructor(private readonly b: number[]) {}

  /** The next value's byte range, 'eof', or an error message. */
  next(): { start: number; end: number } | 'eof' | string {
    this.skipSpace();
    if (this.pos >= this.b.length) return 'eof';
    const start = this.pos;
    try {
      this.value();
      return { start, end: this.pos };
    } catch (e) {
      if (e instanceof UnexpectedEof) return 'unexpected EOF';
      if (e instanceof Error) return e.message;
      throw e;
    }
  }

  private peek(): number {
    if (this.pos >= this.b.length) throw new UnexpectedEof();
    return this.b[this.pos] as number;
  }

  private error(context: string): never {
    throw new Error(`json: offset ${this.pos + 1}: invalid character ${quoteChar(this.peek())} ${context}`);
  }

  private skipSpace(): void {
    while (this.pos < this.b.length && [0x20, 0x09, 0x0a, 0x0d].includes(this.b[this.pos] as number)) this.pos++;
  }

  private expectAfterSpace(): number {
    this.skipSpace();
    return this.peek();
  }

  private value(): void {
    const c = this.expectAfterSpace();
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    this.error('looking for beginning of value');
  }

  private object(): void {
    this.pos++;
    if (this.expectAfterSpace() === 0x7d) {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.expectAfterSpace() !== 0x22) this.error('looking for beginning of object key string');
      this.string();
      if (this.expectAfterSpace() !== 0x3a) this.error('after object key');
      this.pos++;
      this.value();
      const c = this.expectAfterSpace();
      this.pos++;
      if (c === 0x7d) return;
      if (c !== 0x2c) {
        this.pos--;
        this.error('after object key:value pair');
      }
    }
  }

  private array(): void {
    this.pos++;
    if (this.expectAfterSpace() === 0x5d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      const c = this.expectAfterSpace();
      this.pos++;
      if (c === 0x5d) return;
      if (c !== 0x2c) {
        this.pos--;
        this.error('after array element');
      }
    }
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const c = this.peek();
      if (c === 0x22) {
        this.pos++;
        return;
      }
      if (c < 0x20) this.error('in string literal');
      this.pos++;
      if (c !== 0x5c) continue;
      const e = this.peek();
      if ('bfnrt\\/"'.includes(String.fromCharCode(e))) this.pos++;
      else if (e === 0x75) {
        this.pos++;
        for (let k = 0; k < 4; k++) {
          if (!/[0-9a-fA-F]/.test(String.fromCharCode(this.peek()))) this.error('in \\u hexadecimal character escape');
          this.pos++;
        }
      } else this.error('in string escape code');
    }
  }

  private digits(): void {
    while (this.pos < this.b.length && (this.b[this.pos] as number) >= 0x30 && (this.b[this.pos] as number) <= 0x39) this.pos++;
  }

  private isDigitAt(): boolean {
    const c = this.peek();
    return c >= 0x30 && c <= 0x39;
  }

  private number(): void {
    if (this.peek() === 0x2d) {
      this.pos++;
      if (!this.isDigitAt()) this.error('in numeric literal');
    }
    if (this.peek() === 0x30) this.pos++;
    else this.digits();
    if (this.pos < this.b.length && this.b[this.pos] === 0x2e) {
      this.pos++;
      if (!this.isDigitAt()) this.error('after decimal point in numeric literal');
      this.digits();
    }
    if (this.pos < this.b.length && (this.b[this.pos] === 0x65 || this.b[this.pos] === 0x45)) {
      this.pos++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.pos++;
      if (!this.isDigitAt()) this.error('in exponent of numeric literal');
      this.digits();
    }
  }

  private literal(word: string): void {
    this.pos++;
    for (const ch of word.slice(1)) {
      if (this.peek() !== ch.charCodeAt(0)) this.error(`in literal ${word} (expecting '${ch}')`);
      this.pos++;
    }
  }
}

/** encoding/json's quoteChar: the byte as a Go-quoted one-character string in single quotes. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  const n = named[c];
  if (n !== undefined) return `'${n}'`;
  // strconv.Quote on string(byte): bytes ≥ 0x80 are read as U+0080..U+00FF.
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}
