// `kubectl get -o json` output, byte for byte: cli-runtime's JSONPrinter writes
// json.MarshalIndent(obj, "", "    ") and then a "\n". The objects are unstructured maps, so
// keys come out sorted (Go sorts map keys by their UTF-8 bytes = by code point). Strings use
// encoding/json's escaping with HTML escaping on (Go 1.22+ rules, as kubectl is built with).

/** Serialise a JSON-compatible value exactly as `kubectl get -o json` prints it (ends in "\n"). */
export function toJson(value: unknown): string {
  return encode(value, '\n') + '\n';
}

/** Go's json.Marshal (compact), e.g. for error messages that embed an object. */
export function marshalCompact(value: unknown): string {
  return encode(value, null);
}

/** `newline` is "\n" + current indentation when indenting, null for compact output. */
function encode(v: unknown, newline: string | null): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatJsonNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return quote(v);
  const withJson = v as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return encode(withJson.toJSON(), newline);
  const inner = newline === null ? null : newline + '    ';
  const sep = inner === null ? ',' : ',' + inner;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => encode(x, inner));
    return inner === null ? `[${items.join(sep)}]` : `[${inner}${items.join(sep)}${newline}]`;
  }
  if (typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
      .sort(compareCodePoints);
    if (keys.length === 0) return '{}';
    const colon = inner === null ? ':' : ': ';
    const members = keys.map((k) => quote(k) + colon + encode(obj[k], inner));
    return inner === null ? `{${members.join(sep)}}` : `{${inner}${members.join(sep)}${newline}}`;
  }
  return 'null';
}

/**
 * Go writes float64 with the shortest round-trip digits, switching to exponent form below 1e-6
 * and from 1e21 on, exponent without a leading zero ("1e-7", "1e+21") — the same text as JS.
 * Integers (int64 in Go) print plainly; -0 only exists as a float there, and kubectl's values
 * are integers, so it prints "0".
 */
export function formatJsonNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null'; // Go would refuse to marshal; never happens in practice
  if (Object.is(n, -0)) return '0';
  return String(n);
}

/** encoding/json string escaping with SetEscapeHTML(true). */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i] + (s[i + 1] as string);
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd'; // invalid UTF-8 becomes U+FFFD
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += s[i];
  }
  return out + '"';
}

/** Byte order of the UTF-8 encodings, i.e. code point order (not UTF-16 unit order). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
