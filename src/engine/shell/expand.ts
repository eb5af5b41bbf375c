// Word expansion in bash order: brace, tilde, parameter/command/arithmetic, field splitting
// on IFS, pathname expansion, quote removal.

import type { List, Word, WordPart } from './ast.ts';
import { ArithError, evaluateArith } from './arith.ts';
import { escapeGlob, expandPath, globToRegexSource, hasGlobMeta, unescapeGlob } from './glob.ts';
import type { FileSystem } from './types.ts';

/** An expansion error: bash prints `bash: <message>` and abandons the command line. */
export class ExpansionError extends Error {}

export interface ExpandContext {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** `$?`, `$$`, `$#`, `$0`, … */
  special(name: string): string | undefined;
  home(user: string): string | undefined;
  /** Run a command substitution; returns its standard output. */
  substitute(body: List): string;
  /** $1, $2, … */
  positional(): string[];
  /** `set -u`: expanding an unset variable is an error. */
  nounset: boolean;
  fs: FileSystem;
}

/** Text pieces of one field: quoted pieces are exempt from globbing. */
interface Piece {
  text: string;
  quoted: boolean;
}

/** Expansion results before splitting: `split` pieces came from unquoted expansions. */
interface Segment extends Piece {
  split: boolean;
  /** "$@": a field boundary between two parameters (its text is the joiner for strings). */
  brk?: boolean;
  /** "$@" with no parameters: the word may vanish entirely. */
  atEmpty?: boolean;
}

const MAX_BRACE = 100_000;

/** Full expansion of a command word into fields. */
export function expandWord(word: Word, ctx: ExpandContext): string[] {
  const fields: string[] = [];
  for (const parts of braceExpand(word.parts)) {
    const segments = expandParts(parts, ctx);
    // "$@" with no parameters and nothing else in the word: no field at all.
    if (segments.some((g) => g.atEmpty) && segments.every((g) => g.text === '' && g.quoted)) continue;
    for (const field of splitFields(segments, ctx)) {
      const pattern = field.map((p) => (p.quoted ? escapeGlob(p.text) : p.text)).join('');
      const literal = field.map((p) => p.text).join('');
      if (field.some((p) => !p.quoted) && hasGlobMeta(pattern)) {
        const matches = expandPath(pattern, ctx.fs);
        if (matches) {
          fields.push(...matches);
          continue;
        }
        fields.push(literal);
      } else fields.push(literal);
    }
  }
  return fields;
}

/** Expansion without splitting or globbing (assignments, here-documents, `case` subject). */
export function expandString(word: Word, ctx: ExpandContext): string {
  return expandParts(word.parts, ctx)
    .map((s) => s.text)
    .join('');
}

/** Expansion to an ERE source: quoted characters are escaped (for `[[ x =~ re ]]`). */
export function expandRegex(word: Word, ctx: ExpandContext): string {
  return expandParts(word.parts, ctx)
    .map((s) => (s.quoted ? s.text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&') : s.text))
    .join('');
}

/** Expansion to a shell pattern: quoted characters are escaped (for `case` and `${x#pat}`). */
export function expandPattern(word: Word, ctx: ExpandContext): string {
  return expandParts(word.parts, ctx)
    .map((s) => (s.quoted ? escapeGlob(s.text) : s.text))
    .join('');
}

function expandParts(parts: WordPart[], ctx: ExpandContext): Segment[] {
  const out: Segment[] = [];
  for (const part of parts) {
    switch (part.kind) {
      case 'lit':
        out.push({ text: part.text, quoted: part.quoted, split: false });
        break;
      case 'tilde': {
        const home = part.user === '' ? ctx.getVar('HOME') : ctx.home(part.user);
        out.push({ text: home ?? '~' + part.user, quoted: true, split: false });
        break;
      }
      case 'param':
        out.push(...expandParam(part, ctx));
        break;
      case 'cmdsub': {
        const text = ctx.substitute(part.body).replace(/\n+$/, '');
        out.push({ text, quoted: part.quoted, split: !part.quoted });
        break;
      }
      case 'arith': {
        const expr = expandString(part.expr, ctx);
        let value: number;
        try {
          value = evaluateArith(expr, { get: (n) => ctx.getVar(n), set: (n, v) => ctx.setVar(n, v) });
        } catch (e) {
          if (e instanceof ArithError) throw new ExpansionError(e.message);
          throw e;
        }
        out.push({ text: String(value), quoted: part.quoted, split: !part.quoted });
        break;
      }
    }
  }
  return out;
}

function lookup(name: string, ctx: ExpandContext): string | undefined {
  const indexed = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/.exec(name);
  if (indexed) {
    // No arrays here beyond BASH_REMATCH-style NAME[i] variables; a scalar is element 0.
    const [, base, index] = indexed as unknown as [string, string, string];
    const element = ctx.getVar(`${base}[${index}]`);
    if (element !== undefined) return element;
    return index === '0' || index === '@' || index === '*' ? ctx.getVar(base) : undefined;
  }
  if (/^[A-Za-z_]/.test(name)) return ctx.getVar(name);
  if (/^[1-9][0-9]*$/.test(name)) return ctx.positional()[Number(name) - 1];
  if (name === '#') return String(ctx.positional().length);
  if (name === '@' || name === '*') return ctx.positional().length ? ctx.positional().join(' ') : undefined;
  return ctx.special(name);
}

/** "$@" and "$*" inside double quotes. */
function expandAll(name: '@' | '*', ctx: ExpandContext): Segment[] {
  const params = ctx.positional();
  if (name === '*') {
    const ifs = ctx.getVar('IFS');
    return [{ text: params.join(ifs === undefined ? ' ' : ifs.slice(0, 1)), quoted: true, split: false }];
  }
  if (params.length === 0) return [{ text: '', quoted: true, split: false, atEmpty: true }];
  const out: Segment[] = [];
  params.forEach((p, i) => {
    if (i > 0) out.push({ text: ' ', quoted: true, split: false, brk: true });
    out.push({ text: p, quoted: true, split: false });
  });
  return out;
}

function expandParam(part: Extract<WordPart, { kind: 'param' }>, ctx: ExpandContext): Segment[] {
  const { name, op, quoted } = part;
  const value = lookup(name, ctx);
  const seg = (text: string): Segment[] => [{ text, quoted, split: !quoted }];
  // An operand word: inside "…" everything is quoted; outside, its unquoted text splits.
  const operand = (): Segment[] =>
    part.arg ? expandParts(part.arg.parts, ctx).map((s) => ({ ...s, quoted: quoted || s.quoted, split: !quoted && !s.quoted })) : [];
  const operandText = (): string => (part.arg ? expandString(part.arg, ctx) : '');
  const isNull = value === undefined || value === '';
  switch (op) {
    case null:
      if ((name === '@' || name === '*') && quoted) return expandAll(name, ctx);
      if (value === undefined && ctx.nounset && !/^[0-9@*#?$!-]$/.test(name)) throw new ExpansionError(`${name}: unbound variable`);
      return seg(value ?? '');
    case 'bad':
      throw new ExpansionError(`${part.raw}: bad substitution`);
    case 'len':
      return seg(String([...(value ?? '')].length));
    case ':-':
    case '-':
      return (op === ':-' ? isNull : value === undefined) ? operand() : seg(value ?? '');
    case ':+':
    case '+':
      return (op === ':+' ? !isNull : value !== undefined) ? operand() : [];
    case ':=':
    case '=':
      if (op === ':=' ? isNull : value === undefined) {
        if (!/^[A-Za-z_]/.test(name)) throw new ExpansionError(`$${name}: cannot assign in this way`);
        const v = operandText();
        ctx.setVar(name, v);
        return seg(v);
      }
      return seg(value ?? '');
    case ':?':
    case '?':
      if (op === ':?' ? isNull : value === undefined) {
        const msg = operandText();
        throw new ExpansionError(`${name}: ${msg === '' ? (op === ':?' ? 'parameter null or not set' : 'parameter not set') : msg}`);
      }
      return seg(value ?? '');
    case '#':
    case '##':
    case '%':
    case '%%':
      return seg(removeAffix(value ?? '', part.arg ? patternOf(part.arg, ctx) : '', op));
    case '/':
    case '//':
      return seg(replace(value ?? '', part.arg ? patternOf(part.arg, ctx) : '', part.arg2 ? expandString(part.arg2, ctx) : '', op === '//'));
    case '^^':
      return seg((value ?? '').toUpperCase());
    case ',,':
      return seg((value ?? '').toLowerCase());
    case '^':
      return seg((value ?? '').charAt(0).toUpperCase() + (value ?? '').slice(1));
    case ',':
      return seg((value ?? '').charAt(0).toLowerCase() + (value ?? '').slice(1));
    case 'substr':
      return seg(substring(value ?? '', part, ctx));
  }
}

function patternOf(word: Word, ctx: ExpandContext): string {
  return expandPattern(word, ctx);
}

function arith(text: string, ctx: ExpandContext): number {
  try {
    return evaluateArith(text, { get: (n) => ctx.getVar(n), set: (n, v) => ctx.setVar(n, v) });
  } catch (e) {
    if (e instanceof ArithError) throw new ExpansionError(e.message);
    throw e;
  }
}

function substring(value: string, part: Extract<WordPart, { kind: 'param' }>, ctx: ExpandContext): string {
  const chars = [...value];
  let offset = arith(part.arg ? expandString(part.arg, ctx) : '0', ctx);
  if (offset < 0) offset = Math.max(0, chars.length + offset);
  if (!part.arg2) return chars.slice(offset).join('');
  const lengthText = expandString(part.arg2, ctx);
  let length = arith(lengthText, ctx);
  if (length < 0) {
    const end = chars.length + length;
    if (end < offset) throw new ExpansionError(`${lengthText.trim()}: substring expression < 0`);
    return chars.slice(offset, end).join('');
  }
  length = Math.max(0, length);
  return chars.slice(offset, offset + length).join('');
}

function removeAffix(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const re = new RegExp(`^(?:${globToRegexSource(pattern)})$`);
  const n = value.length;
  if (op === '#' || op === '##') {
    const lengths = op === '#' ? range(0, n) : range(0, n).reverse();
    for (const len of lengths) if (re.test(value.slice(0, len))) return value.slice(len);
  } else {
    const starts = op === '%' ? range(0, n).reverse() : range(0, n);
    for (const start of starts) if (re.test(value.slice(start))) return value.slice(0, start);
  }
  return value;
}

function replace(value: string, pattern: string, replacement: string, all: boolean): string {
  let anchor: '' | '#' | '%' = '';
  if (pattern.startsWith('#') || pattern.startsWith('%')) {
    anchor = pattern[0] as '#' | '%';
    pattern = pattern.slice(1);
  }
  if (pattern === '' && anchor === '') return value;
  const src = globToRegexSource(pattern);
  // Longest match at each position, as bash does.
  const re = new RegExp(anchor === '#' ? `^(?:${src})` : anchor === '%' ? `(?:${src})$` : `(?:${src})`, all && !anchor ? 'g' : '');
  return value.replace(re, () => replacement);
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/** Split segments into fields on IFS (default space, tab, newline). */
function splitFields(segments: Segment[], ctx: ExpandContext): Piece[][] {
  const ifs = ctx.getVar('IFS') ?? ' \t\n';
  const fields: Piece[][] = [];
  let cur: Piece[] | null = null;
  let endedByWhite = false;
  const add = (text: string, quoted: boolean): void => {
    (cur ??= []).push({ text, quoted });
    endedByWhite = false;
  };
  for (const seg of segments) {
    if (seg.brk) {
      fields.push(cur ?? [{ text: '', quoted: true }]);
      cur = null;
      continue;
    }
    if (!seg.split || ifs === '') {
      if (seg.text !== '' || seg.quoted) add(seg.text, seg.quoted);
      continue;
    }
    let buf = '';
    for (const c of seg.text) {
      if (!ifs.includes(c)) {
        buf += c;
        continue;
      }
      if (buf !== '') add(buf, false);
      buf = '';
      if (' \t\n'.includes(c)) {
        if (cur !== null) {
          fields.push(cur);
          cur = null;
          endedByWhite = true;
        }
      } else {
        if (cur === null && endedByWhite) endedByWhite = false;
        else {
          fields.push(cur ?? []);
          cur = null;
        }
      }
    }
    if (buf !== '') add(buf, false);
  }
  if (cur !== null) fields.push(cur);
  return fields.map((f) => (f.length === 0 ? [{ text: '', quoted: true }] : f));
}

// ---- brace expansion -------------------------------------------------------------------

/** A character of unquoted literal text, or any other part, kept whole. */
type Atom = { ch: string } | { part: WordPart };

function toAtoms(parts: WordPart[]): Atom[] {
  const atoms: Atom[] = [];
  for (const p of parts) {
    if (p.kind === 'lit' && !p.quoted) for (const ch of p.text) atoms.push({ ch });
    else atoms.push({ part: p });
  }
  return atoms;
}

function fromAtoms(atoms: Atom[]): WordPart[] {
  const parts: WordPart[] = [];
  let lit = '';
  for (const a of atoms) {
    if ('ch' in a) lit += a.ch;
    else {
      if (lit) parts.push({ kind: 'lit', text: lit, quoted: false });
      lit = '';
      parts.push(a.part);
    }
  }
  if (lit) parts.push({ kind: 'lit', text: lit, quoted: false });
  return parts;
}

export function braceExpand(parts: WordPart[]): WordPart[][] {
  if (!parts.some((p) => p.kind === 'lit' && !p.quoted && p.text.includes('{'))) return [parts];
  const out: WordPart[][] = [];
  for (const atoms of expandAtoms(toAtoms(parts), 0)) {
    out.push(fromAtoms(atoms));
    if (out.length > MAX_BRACE) break;
  }
  return out;
}

const isCh = (a: Atom | undefined, ch: string): boolean => a !== undefined && 'ch' in a && a.ch === ch;

function expandAtoms(atoms: Atom[], from: number): Atom[][] {
  for (let i = from; i < atoms.length; i++) {
    if (!isCh(atoms[i], '{')) continue;
    // `${` never starts a brace expansion (the parser already made it a parameter).
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let j = i; j < atoms.length; j++) {
      if (isCh(atoms[j], '{')) depth++;
      else if (isCh(atoms[j], '}')) {
        if (--depth === 0) {
          close = j;
          break;
        }
      } else if (depth === 1 && isCh(atoms[j], ',')) commas.push(j);
    }
    if (close < 0) return [atoms];
    const prefix = atoms.slice(0, i);
    const suffix = atoms.slice(close + 1);
    let alternatives: Atom[][];
    if (commas.length > 0) {
      const bounds = [i, ...commas, close];
      alternatives = [];
      for (let k = 0; k + 1 < bounds.length; k++) alternatives.push(atoms.slice((bounds[k] as number) + 1, bounds[k + 1]));
    } else {
      const inner = atoms.slice(i + 1, close);
      const seq = inner.every((a) => 'ch' in a) ? sequence(inner.map((a) => (a as { ch: string }).ch).join('')) : null;
      if (!seq) continue;
      alternatives = seq.map((s) => [...s].map((ch) => ({ ch })));
    }
    const out: Atom[][] = [];
    for (const alt of alternatives) {
      const joined = [...prefix, ...alt, ...suffix];
      out.push(...expandAtoms(joined, prefix.length));
      if (out.length > MAX_BRACE) break;
    }
    return out;
  }
  return [atoms];
}

/** `{1..5}`, `{05..10..2}`, `{a..e}`: the terms, or null when not a sequence. */
function sequence(text: string): string[] | null {
  const num = /^(-?[0-9]+)\.\.(-?[0-9]+)(?:\.\.(-?[0-9]+))?$/.exec(text);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[2]);
    let step = Math.abs(Number(num[3] ?? 1)) || 1;
    const width = [num[1], num[2]].some((n) => /^-?0[0-9]/.test(n as string)) ? Math.max((num[1] as string).length, (num[2] as string).length) : 0;
    if (Math.abs(b - a) / step > MAX_BRACE) return null;
    step = a <= b ? step : -step;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += step) {
      const s = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), '0');
      out.push(v < 0 ? '-' + s : s);
    }
    return out;
  }
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?[0-9]+))?$/.exec(text);
  if (chr) {
    const a = (chr[1] as string).charCodeAt(0);
    const b = (chr[2] as string).charCodeAt(0);
    const step = (Math.abs(Number(chr[3] ?? 1)) || 1) * (a <= b ? 1 : -1);
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return null;
}

export { unescapeGlob };
