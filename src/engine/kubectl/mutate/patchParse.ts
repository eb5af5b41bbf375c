// Reading the text of `kubectl patch -p`: apimachinery's yaml.ToJSON on the client (text that
// starts with `{` is sent as it is, anything else goes through the YAML decoder), then the JSON
// decoding the API server does with Go's encoding/json, whose syntax errors are reproduced here
// (`invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`).

import { yamlToJson } from '../../format/yamldecode.ts';

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** yaml.ToJSON: `{…}` passes unchecked (the server parses it), YAML is converted here. */
export function patchToJson(text: string): { ok: true; json: string } | { ok: false; error: string } {
  if (/^\s*\{/.test(text)) return { ok: true, json: text };
  const r = yamlToJson(text);
  if (!r.ok) return { ok: false, error: r.error };
  return { ok: true, json: JSON.stringify(r.value) };
}

class SyntaxErr extends Error {}

/** strconv.Quote-style rendering of the offending character, as scanner.go's quoteChar. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

/** Go's json.Unmarshal: the value, or encoding/json's error text. */
export function goJsonParse(text: string): Parsed {
  let pos = 0;
  const eof = (): never => {
    throw new SyntaxErr('unexpected end of JSON input');
  };
  const bad = (context: string): never => {
    throw new SyntaxErr(`invalid character ${quoteChar(text[pos]!)} ${context}`);
  };
  const space = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const peek = (): string => {
    space();
    if (pos >= text.length) eof();
    return text[pos]!;
  };
  const literal = (word: string) => {
    for (let i = 0; i < word.length; i++, pos++) {
      if (pos >= text.length) eof();
      if (text[pos] !== word[i]) bad(`in literal ${word} (expecting ${quoteChar(word[i]!)})`);
    }
  };
  const str = () => {
    pos++;
    for (;;) {
      if (pos >= text.length) eof();
      const c = text[pos]!;
      if (c === '"') {
        pos++;
        return;
      }
      if (c < ' ') bad('in string literal');
      if (c === '\\') {
        pos++;
        if (pos >= text.length) eof();
        if (!'"\\/bfnrtu'.includes(text[pos]!)) bad('in string escape code');
      }
      pos++;
    }
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos));
    if (!m || m[0] === '-') {
      pos++;
      if (pos >= text.length) eof();
      bad('in numeric literal');
    }
    pos += m![0].length;
  };
  const value = (): void => {
    const c = peek();
    if (c === '{') {
      pos++;
      if (peek() === '}') return void pos++;
      for (;;) {
        if (peek() !== '"') bad('looking for beginning of object key string');
        str();
        if (peek() !== ':') bad('after object key');
        pos++;
        value();
        const d = peek();
        pos++;
        if (d === '}') return;
        if (d !== ',') {
          pos--;
          bad('after object key:value pair');
        }
      }
    }
    if (c === '[') {
      pos++;
      if (peek() === ']') return void pos++;
      for (;;) {
        value();
        const d = peek();
        pos++;
        if (d === ']') return;
        if (d !== ',') {
          pos--;
          bad('after array element');
        }
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    bad('looking for beginning of value');
  };
  try {
    value();
    space();
    if (pos < text.length) bad('after top-level value');
  } catch (e) {
    if (e instanceof SyntaxErr) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, value: JSON.parse(text) as unknown };
}

/** The JSON kind as UnmarshalTypeError names it. */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}
