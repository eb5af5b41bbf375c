// awk tokens. `/` starts a regular expression where an operand is expected, a division
// elsewhere. Positions are kept for gawk-style error reports (source line + caret).

export type TokType =
  | 'num' | 'str' | 'regex' | 'name' | 'funcname' | 'builtin' | 'keyword' | 'op' | 'newline' | 'eof';

export interface Tok {
  type: TokType;
  value: string;
  /** Offset in the program text. */
  pos: number;
}

export class AwkSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
    /** Reported without the source line and caret (e.g. "BEGIN blocks must have an action part"). */
    readonly plain = false,
  ) {
    super(message);
  }
}

const KEYWORDS = new Set([
  'BEGIN', 'END', 'function', 'func', 'if', 'else', 'while', 'for', 'do', 'break', 'continue', 'next', 'nextfile',
  'exit', 'return', 'delete', 'in', 'getline', 'print', 'printf',
]);

export const BUILTINS = new Set([
  'length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'sin', 'cos', 'atan2', 'exp', 'log',
  'sqrt', 'int', 'rand', 'srand', 'tolower', 'toupper', 'system', 'close', 'fflush', 'gensub',
]);

const OPS = [
  '+=', '-=', '*=', '/=', '%=', '^=', '**=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '**',
  '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '=', '@',
];

/** Tokens after which `/` divides (an operand just ended). */
function operandEnded(prev: Tok | undefined): boolean {
  if (!prev) return false;
  if (prev.type === 'num' || prev.type === 'str' || prev.type === 'name' || prev.type === 'regex') return true;
  if (prev.type === 'builtin') return true;
  if (prev.type === 'op') return prev.value === ')' || prev.value === ']' || prev.value === '$' || prev.value === '++' || prev.value === '--';
  return false;
}

export function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      toks.push({ type: 'newline', value: '\n', pos: i });
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') throw new AwkSyntaxError('unterminated string', start);
        const d = src[i] as string;
        if (d === '"') break;
        if (d === '\\') {
          const esc = stringEscape(src, i + 1);
          s += esc.text;
          i = esc.end;
          continue;
        }
        s += d;
        i++;
      }
      i++;
      toks.push({ type: 'str', value: s, pos: start });
      continue;
    }
    if (c === '/' && !operandEnded(toks[toks.length - 1])) {
      let s = '';
      let inBracket = false;
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') throw new AwkSyntaxError('unterminated regexp', start + 1);
        const d = src[i] as string;
        if (d === '/' && !inBracket) break;
        if (d === '\\' && src[i + 1] === '/') {
          s += '/';
          i += 2;
          continue;
        }
        if (d === '\\' && i + 1 < src.length) {
          s += d + src[i + 1];
          i += 2;
          continue;
        }
        if (d === '[' && !inBracket) {
          inBracket = true;
          s += d;
          i++;
          // `]` right after `[` or `[^` is a member, not the end.
          if (src[i] === '^') s += src[i++];
          if (src[i] === ']') s += src[i++];
          continue;
        }
        if (d === ']' && inBracket) inBracket = false;
        s += d;
        i++;
      }
      i++;
      toks.push({ type: 'regex', value: s, pos: start });
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)/.exec(src.slice(i));
    if (num) {
      toks.push({ type: 'num', value: num[0], pos: start });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (word) {
      const w = word[0];
      i += w.length;
      if (KEYWORDS.has(w)) toks.push({ type: 'keyword', value: w === 'func' ? 'function' : w, pos: start });
      else if (BUILTINS.has(w)) toks.push({ type: 'builtin', value: w, pos: start });
      else if (src[i] === '(') toks.push({ type: 'funcname', value: w, pos: start });
      else toks.push({ type: 'name', value: w, pos: start });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntaxError(`invalid char '${c}' in expression`, start);
    toks.push({ type: 'op', value: op === '**' ? '^' : op === '**=' ? '^=' : op, pos: start });
    i += op.length;
  }
  toks.push({ type: 'eof', value: '', pos: src.length });
  return toks;
}

/** A string escape after the backslash at `i - 1`. */
function stringEscape(src: string, i: number): { text: string; end: number } {
  const c = src[i];
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
  if (c === undefined) return { text: '\\', end: i };
  if (c === '\n') return { text: '', end: i + 1 };
  if (c in map) return { text: map[c] as string, end: i + 1 };
  const oct = /^[0-7]{1,3}/.exec(src.slice(i, i + 3));
  if (oct) return { text: String.fromCharCode(parseInt(oct[0], 8)), end: i + oct[0].length };
  // gawk warns and keeps the character; the warning is left out.
  return { text: c, end: i + 1 };
}
