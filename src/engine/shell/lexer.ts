// Tokens and words of the bash subset. Words are scanned straight into parts (literal,
// quoted, `$x`, `${…}`, `$(…)`, `` `…` ``, `$((…))`); command substitutions are parsed by
// the parser through the `parseSub` hook, which is how bash finds where `$(` ends.

import type { Heredoc, List, ParamOp, RedirOp, Word, WordPart } from './ast.ts';

/** A syntax error; `lines` are printed as `bash: <line>`. */
export class ParseError extends Error {
  constructor(
    readonly lines: string[],
    /** The input ended too early: more lines could complete it. */
    readonly incomplete: boolean,
    readonly pos: number,
    /** $? after the error: 2 for syntax errors. */
    readonly status = 2,
  ) {
    super(lines.join('\n'));
  }
}

export const unexpectedEof = (pos: number): ParseError =>
  new ParseError(['syntax error: unexpected end of file'], true, pos);

/** bash 5.1 wording: the matching-quote line, then the generic end-of-file line. */
export const unmatched = (ch: string, pos: number): ParseError =>
  new ParseError([`unexpected EOF while looking for matching \`${ch}'`, 'syntax error: unexpected end of file'], true, pos);

export const unexpectedToken = (text: string, pos: number): ParseError =>
  new ParseError([`syntax error near unexpected token \`${text}'`], false, pos);

export type Token =
  | { t: 'word'; word: Word; start: number; end: number }
  | { t: 'op'; v: string; start: number; end: number }
  | { t: 'redir'; op: RedirOp; fd: number | null; start: number; end: number }
  | { t: 'eof'; start: number; end: number };

export interface LexerHooks {
  /** Parse a command list starting at `pos` of `src` up to a `)` (or to the end when null). */
  parseSub(src: string, pos: number, depth: number, closer: ')' | null): { list: List; end: number };
}

const META = new Set([' ', '\t', '\n', '|', '&', ';', '(', ')', '<', '>']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = '?$#@*!-0';
const MAX_DEPTH = 64;

const OPERATORS = ['&&', '||', ';;&', ';;', ';&', '|&', '&', '|', ';', '(', ')', '\n'];
const REDIRS: RedirOp[] = ['&>>', '&>', '<<<', '<<-', '<<', '<&', '<>', '<', '>>', '>&', '>|', '>'];

/** Display form of a token in "unexpected token" messages. */
export function tokenText(tok: Token): string {
  switch (tok.t) {
    case 'word':
      return tok.word.raw;
    case 'op':
      return tok.v === '\n' ? 'newline' : tok.v;
    case 'redir':
      return tok.op;
    case 'eof':
      return 'newline';
  }
}

export class Lexer {
  /** Warnings to print before running (here-document ended by end of input). */
  readonly warnings: string[] = [];

  constructor(
    readonly src: string,
    readonly depth: number,
    /** isComplete mode: a missing here-document end or a trailing `\` means "need more". */
    readonly strict: boolean,
    private readonly hooks: LexerHooks,
  ) {
    if (depth > MAX_DEPTH) throw new ParseError(['maximum nesting depth exceeded'], false, 0);
  }

  /** Skip blanks, line continuations and a comment; returns the next token's start. */
  skipBlanks(pos: number): number {
    const s = this.src;
    for (;;) {
      const c = s[pos];
      if (c === ' ' || c === '\t') pos++;
      else if (c === '\\' && s[pos + 1] === '\n') pos += 2;
      else if (c === '#') {
        while (pos < s.length && s[pos] !== '\n') pos++;
      } else return pos;
    }
  }

  readToken(from: number): Token {
    const s = this.src;
    const start = this.skipBlanks(from);
    if (start >= s.length) return { t: 'eof', start, end: start };
    // An fd number directly before a redirection operator: `2>`, `1>&2`.
    const digits = /^[0-9]+(?=[<>])/.exec(s.slice(start, start + 12));
    const at = digits ? start + digits[0].length : start;
    for (const op of REDIRS) {
      if (s.startsWith(op, at) && !(digits && op.startsWith('&'))) {
        return { t: 'redir', op, fd: digits ? Number(digits[0]) : null, start, end: at + op.length };
      }
    }
    for (const op of OPERATORS) {
      if (s.startsWith(op, start)) return { t: 'op', v: op, start, end: start + op.length };
    }
    const { word, end } = this.scanWord(start);
    return { t: 'word', word, start, end };
  }

  /** An unquoted word ending at a metacharacter. */
  scanWord(start: number): { word: Word; end: number } {
    const s = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit !== '') parts.push({ kind: 'lit', text: lit, quoted: false });
      lit = '';
    };
    let i = start;
    const tilde = this.scanTilde(i, (c) => META.has(c));
    if (tilde) {
      parts.push(tilde.part);
      i = tilde.end;
    }
    while (i < s.length) {
      const c = s[i] as string;
      if (META.has(c)) break;
      if (c === '\\') {
        if (i + 1 >= s.length) {
          if (this.strict) throw new ParseError([], true, i);
          lit += '\\';
          i++;
          continue;
        }
        if (s[i + 1] === '\n') {
          i += 2;
          continue;
        }
        flush();
        parts.push({ kind: 'lit', text: s[i + 1] as string, quoted: true });
        i += 2;
      } else if (c === "'") {
        const close = s.indexOf("'", i + 1);
        if (close < 0) throw unmatched("'", i);
        flush();
        parts.push({ kind: 'lit', text: s.slice(i + 1, close), quoted: true });
        i = close + 1;
      } else if (c === '"') {
        flush();
        const dq = this.scanDouble(i + 1);
        parts.push(...dq.parts);
        i = dq.end;
      } else if (c === '$') {
        const d = this.scanDollar(i, false);
        if (d) {
          flush();
          parts.push(...d.parts);
          i = d.end;
        } else {
          lit += '$';
          i++;
        }
      } else if (c === '`') {
        flush();
        const b = this.scanBacktick(i, false);
        parts.push(b.part);
        i = b.end;
      } else {
        lit += c;
        i++;
      }
    }
    flush();
    return { word: { parts, raw: s.slice(start, i) }, end: i };
  }

  /** `~` or `~user` at the start of a word, ended by `/` or the end of the word. */
  scanTilde(i: number, ends: (c: string) => boolean): { part: WordPart; end: number } | null {
    const s = this.src;
    if (s[i] !== '~') return null;
    let j = i + 1;
    while (j < s.length && s[j] !== '/' && !ends(s[j] as string)) {
      if (!/[A-Za-z0-9_.-]/.test(s[j] as string)) return null;
      j++;
    }
    return { part: { kind: 'tilde', user: s.slice(i + 1, j) }, end: j };
  }

  /** Inside "…", starting after the opening quote; returns parts (all quoted) and the end after `"`. */
  scanDouble(i: number): { parts: WordPart[]; end: number } {
    const s = this.src;
    const parts: WordPart[] = [{ kind: 'lit', text: '', quoted: true }];
    let lit = '';
    const flush = (): void => {
      if (lit !== '') parts.push({ kind: 'lit', text: lit, quoted: true });
      lit = '';
    };
    const open = i - 1;
    while (i < s.length) {
      const c = s[i] as string;
      if (c === '"') {
        flush();
        return { parts, end: i + 1 };
      }
      if (c === '\\' && i + 1 < s.length && '$`"\\\n'.includes(s[i + 1] as string)) {
        if (s[i + 1] !== '\n') lit += s[i + 1];
        i += 2;
      } else if (c === '$') {
        const d = this.scanDollar(i, true);
        if (d) {
          flush();
          parts.push(...d.parts);
          i = d.end;
        } else {
          lit += '$';
          i++;
        }
      } else if (c === '`') {
        flush();
        const b = this.scanBacktick(i, true);
        parts.push(b.part);
        i = b.end;
      } else {
        lit += c;
        i++;
      }
    }
    throw unmatched('"', open);
  }

  /** A `$` construct at `i`, or null when the `$` is literal. */
  scanDollar(i: number, quoted: boolean): { parts: WordPart[]; end: number } | null {
    const s = this.src;
    const c = s[i + 1];
    if (c === undefined) return null;
    if (c === '{') return this.scanBraceParam(i, quoted);
    if (c === '(') {
      if (s[i + 2] === '(') {
        const end = this.findArithEnd(i + 3);
        if (end !== null) {
          const inner = new Lexer(s.slice(i + 3, end), this.depth + 1, this.strict, this.hooks);
          const expr = inner.scanText(0, inner.src.length, 'arith');
          return { parts: [{ kind: 'arith', expr, quoted }], end: end + 2 };
        }
      }
      const sub = this.hooks.parseSub(s, i + 2, this.depth + 1, ')');
      return { parts: [{ kind: 'cmdsub', body: sub.list, quoted }], end: sub.end };
    }
    if (c === "'" && !quoted) return this.scanAnsiC(i + 2);
    if (c === '"' && !quoted) {
      const dq = this.scanDouble(i + 2);
      return { parts: dq.parts, end: dq.end };
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < s.length && NAME_CHAR.test(s[j] as string)) j++;
      const name = s.slice(i + 1, j);
      return { parts: [param(name, null, null, null, quoted, s.slice(i, j))], end: j };
    }
    if (/[0-9]/.test(c) || SPECIAL_PARAMS.includes(c)) {
      return { parts: [param(c, null, null, null, quoted, s.slice(i, i + 2))], end: i + 2 };
    }
    return null;
  }

  /** `${…}` starting at the `$`. */
  private scanBraceParam(i: number, quoted: boolean): { parts: WordPart[]; end: number } {
    const s = this.src;
    let j = i + 2;
    let length = false;
    if (s[j] === '#' && s[j + 1] !== '}' && s[j + 1] !== undefined) {
      length = true;
      j++;
    }
    const nameStart = j;
    if (NAME_START.test(s[j] ?? '')) {
      while (j < s.length && NAME_CHAR.test(s[j] as string)) j++;
    } else if (/[0-9]/.test(s[j] ?? '')) {
      while (j < s.length && /[0-9]/.test(s[j] as string)) j++;
    } else if (SPECIAL_PARAMS.includes(s[j] ?? '\0')) {
      j++;
    }
    // ${NAME[subscript]}
    if (s[j] === '[' && NAME_START.test(s[nameStart] ?? '')) {
      const close = s.indexOf(']', j);
      if (close > j) j = close + 1;
    }
    const name = s.slice(nameStart, j);
    const bad = (): { parts: WordPart[]; end: number } => {
      const end = this.findBraceEnd(j);
      return { parts: [param(name, 'bad', null, null, quoted, s.slice(i, end))], end };
    };
    if (name === '') return bad();
    if (length) {
      if (s[j] !== '}') return bad();
      return { parts: [param(name, 'len', null, null, quoted, s.slice(i, j + 1))], end: j + 1 };
    }
    if (s[j] === '}') return { parts: [param(name, null, null, null, quoted, s.slice(i, j + 1))], end: j + 1 };
    if (j >= s.length) throw unmatched('}', i);
    const two = s.slice(j, j + 2);
    let op: ParamOp;
    if ([':-', ':=', ':?', ':+', '##', '%%', '//', '^^', ',,'].includes(two)) op = two as ParamOp;
    else if (s[j] === ':') op = 'substr';
    else if ('-=?+#%/^,'.includes(s[j] as string)) op = s[j] as ParamOp;
    else return bad();
    j += op === 'substr' ? 1 : op.length;
    if (op === '/' || op === '//') {
      const pat = this.scanText(j, s.length, 'pattern');
      j = pat.raw.length + j;
      if (s[j] === '/') {
        const rep = this.scanText(j + 1, s.length, 'brace');
        const end = j + 1 + rep.raw.length;
        return { parts: [param(name, op, pat, rep, quoted, s.slice(i, end + 1))], end: end + 1 };
      }
      return { parts: [param(name, op, pat, null, quoted, s.slice(i, j + 1))], end: j + 1 };
    }
    if (op === 'substr') {
      const off = this.scanText(j, s.length, 'offset');
      j += off.raw.length;
      if (s[j] === ':') {
        const len = this.scanText(j + 1, s.length, 'brace');
        const end = j + 1 + len.raw.length;
        return { parts: [param(name, op, off, len, quoted, s.slice(i, end + 1))], end: end + 1 };
      }
      return { parts: [param(name, op, off, null, quoted, s.slice(i, j + 1))], end: j + 1 };
    }
    const arg = this.scanText(j, s.length, 'brace');
    const end = j + arg.raw.length;
    return { parts: [param(name, op, arg, null, quoted, s.slice(i, end + 1))], end: end + 1 };
  }

  /** End (after `}`) of a `${…}` whose content is not understood, for the error text. */
  private findBraceEnd(j: number): number {
    const s = this.src;
    let depth = 1;
    for (; j < s.length; j++) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}' && --depth === 0) return j + 1;
    }
    throw unmatched('}', j);
  }

  /**
   * Text with expansions up to a terminator, used for `${x:-word}` operands ('brace': ends at
   * `}`), `${x/pat/rep}` patterns ('pattern': ends at `/` or `}`), substring offsets
   * ('offset': ends at `:` or `}`), arithmetic ('arith': to the end) and here-documents
   * ('heredoc': `"` and `'` are ordinary), `[[ =~ ]]` regexes ('regex': ends at a blank).
   * Quotes inside the operand keep their meaning.
   */
  scanText(i: number, limit: number, mode: 'brace' | 'pattern' | 'offset' | 'arith' | 'heredoc' | 'regex'): Word {
    const s = this.src;
    const start = i;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit !== '') parts.push({ kind: 'lit', text: lit, quoted: mode === 'heredoc' });
      lit = '';
    };
    let depth = 0;
    while (i < limit) {
      const c = s[i] as string;
      if (mode === 'regex') {
        // `[[ x =~ re ]]`: the regex ends at a blank outside parentheses.
        if ((c === ' ' || c === '\t' || c === '\n') && depth === 0) break;
        if (c === '(') depth++;
        if (c === ')') depth--;
      } else if (mode !== 'arith' && mode !== 'heredoc') {
        if (c === '}' && depth === 0) break;
        if (mode === 'pattern' && c === '/' && depth === 0) break;
        if (mode === 'offset' && c === ':' && depth === 0) break;
        if (c === '{') depth++;
        if (c === '}') depth--;
      }
      if (c === '\\') {
        const n = s[i + 1];
        if (n === undefined) {
          lit += '\\';
          i++;
        } else if (mode === 'heredoc' && !'$`\\\n'.includes(n)) {
          lit += '\\';
          i++;
        } else {
          flush();
          if (n !== '\n') parts.push({ kind: 'lit', text: n, quoted: true });
          i += 2;
        }
      } else if (c === "'" && mode !== 'heredoc' && mode !== 'arith') {
        const close = s.indexOf("'", i + 1);
        if (close < 0) throw unmatched("'", i);
        flush();
        parts.push({ kind: 'lit', text: s.slice(i + 1, close), quoted: true });
        i = close + 1;
      } else if (c === '"' && mode !== 'heredoc') {
        flush();
        const dq = this.scanDouble(i + 1);
        parts.push(...dq.parts);
        i = dq.end;
      } else if (c === '$') {
        const d = this.scanDollar(i, mode === 'heredoc');
        if (d) {
          flush();
          parts.push(...d.parts);
          i = d.end;
        } else {
          lit += '$';
          i++;
        }
      } else if (c === '`') {
        flush();
        const b = this.scanBacktick(i, mode === 'heredoc');
        parts.push(b.part);
        i = b.end;
      } else {
        lit += c;
        i++;
      }
    }
    if (i >= limit && mode !== 'arith' && mode !== 'heredoc' && mode !== 'regex') throw unmatched('}', start);
    flush();
    return { parts, raw: s.slice(start, i) };
  }

  /** Position of the `))` closing `$((`, or null when it is `$( (…) )` instead. */
  findArithEnd(i: number): number | null {
    const s = this.src;
    let depth = 0;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return s[i + 1] === ')' ? i : null;
        depth--;
      } else if (c === "'" || c === '"') {
        const close = s.indexOf(c, i + 1);
        if (close < 0) return null;
        i = close;
      }
    }
    return null;
  }

  /** `` `…` `` at `i`: backslash quotes only `$`, `` ` `` and `\` (and `"` inside "…"). */
  private scanBacktick(i: number, inDouble: boolean): { part: WordPart; end: number } {
    const s = this.src;
    let text = '';
    let j = i + 1;
    for (; j < s.length; j++) {
      const c = s[j];
      if (c === '\\' && j + 1 < s.length && ('$`\\'.includes(s[j + 1] as string) || (inDouble && s[j + 1] === '"'))) {
        text += s[j + 1];
        j++;
      } else if (c === '`') {
        const sub = this.hooks.parseSub(text, 0, this.depth + 1, null);
        return { part: { kind: 'cmdsub', body: sub.list, quoted: inDouble }, end: j + 1 };
      } else text += c;
    }
    throw unmatched('`', i);
  }

  /** `$'…'` (after the quote): ANSI-C escapes. */
  private scanAnsiC(i: number): { parts: WordPart[]; end: number } {
    const s = this.src;
    let text = '';
    for (; i < s.length; i++) {
      const c = s[i] as string;
      if (c === "'") return { parts: [{ kind: 'lit', text, quoted: true }], end: i + 1 };
      if (c !== '\\' || i + 1 >= s.length) {
        text += c;
        continue;
      }
      const esc = decodeEscape(s, i + 1, true);
      text += esc.text;
      i = esc.end - 1;
    }
    throw unmatched("'", i);
  }

  /** Read a here-document body starting at `pos` (just after a newline); returns the new position. */
  readHeredoc(pos: number, hd: Heredoc, line: number): number {
    const s = this.src;
    const lines: string[] = [];
    for (;;) {
      if (pos >= s.length) {
        if (this.strict) throw new ParseError([], true, pos);
        this.warnings.push(`warning: here-document at line ${line} delimited by end-of-file (wanted \`${hd.delim}')`);
        break;
      }
      let nl = s.indexOf('\n', pos);
      if (nl < 0) nl = s.length;
      let text = s.slice(pos, nl);
      if (hd.strip) text = text.replace(/^\t+/, '');
      pos = nl + 1;
      if (text === hd.delim) break;
      lines.push(text);
    }
    const body = lines.map((l) => l + '\n').join('');
    if (hd.quoted) hd.body = { parts: [{ kind: 'lit', text: body, quoted: true }], raw: body };
    else {
      const inner = new Lexer(body, this.depth + 1, this.strict, this.hooks);
      hd.body = inner.scanText(0, body.length, 'heredoc');
    }
    return Math.min(pos, s.length);
  }
}

function param(
  name: string,
  op: ParamOp | null,
  arg: Word | null,
  arg2: Word | null,
  quoted: boolean,
  raw: string,
): WordPart {
  return { kind: 'param', name, op, arg, arg2, quoted, raw };
}

/**
 * One backslash escape as `echo -e`, `printf` and `$'…'` read it, starting after the backslash.
 * `ansi` selects `$'…'` rules (`\'`, `\"`, `\?`, `\cX`, octal without leading 0).
 */
export function decodeEscape(s: string, i: number, ansi: boolean): { text: string; end: number; stop?: boolean } {
  const c = s[i];
  const simple: Record<string, string> = {
    a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
  };
  if (c === undefined) return { text: '\\', end: i };
  if (c in simple) return { text: simple[c] as string, end: i + 1 };
  if (ansi && (c === "'" || c === '"' || c === '?')) return { text: c, end: i + 1 };
  if (!ansi && c === 'c') return { text: '', end: i + 1, stop: true };
  if (c === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1, i + 3));
    if (!m) return { text: '\\x', end: i + 1 };
    return { text: String.fromCharCode(parseInt(m[0], 16)), end: i + 1 + m[0].length };
  }
  if (c === 'u' || c === 'U') {
    const m = new RegExp(`^[0-9a-fA-F]{1,${c === 'u' ? 4 : 8}}`).exec(s.slice(i + 1, i + 9));
    if (!m) return { text: '\\' + c, end: i + 1 };
    const cp = parseInt(m[0], 16);
    return { text: cp <= 0x10ffff ? String.fromCodePoint(cp) : '', end: i + 1 + m[0].length };
  }
  // echo -e wants \0nnn; $'…' and printf take \nnn.
  const octal = ansi ? /^[0-7]{1,3}/.exec(s.slice(i, i + 3)) : c === '0' ? /^[0-7]{0,3}/.exec(s.slice(i + 1, i + 4)) : null;
  if (octal) {
    const len = ansi ? octal[0].length : octal[0].length + 1;
    return { text: String.fromCharCode(parseInt(octal[0] || '0', 8) & 0xff), end: i + len };
  }
  if (ansi && c === 'c' && s[i + 1] !== undefined) {
    return { text: String.fromCharCode((s.charCodeAt(i + 1) & 0x1f)), end: i + 2 };
  }
  return { text: '\\' + c, end: i + 1 };
}
