// POSIX regular expressions (GNU flavour) translated to JavaScript RegExp source.
// BRE: \( \) \{ \} \| \+ \? are operators, bare ( ) { } | + ? are literal, * is literal at
// the start, ^ and $ anchor only at the ends. ERE: ( ) { } | + ? are operators.
// Both: bracket expressions with [:classes:], backslash literal inside brackets, \w \W \s
// \S \b \B \< \> and back-references. Errors carry GNU regex's messages.

import { posixClass } from '../glob.ts';

export type RegexKind = 'BRE' | 'ERE';

export interface Translated {
  source: string;
  /** Capturing groups in the pattern (for offsetting back-references of later patterns). */
  groups: number;
  warnings: string[];
}

export class RegexError extends Error {}

const WORD = '[A-Za-z0-9_]';
const JS_SPECIAL = /[\\^$.*+?()[\]{}|/]/;

type Tok =
  | { t: 'atom'; src: string }
  | { t: 'open' }
  | { t: 'close' }
  | { t: 'alt' }
  | { t: 'quant'; src: string; name: string }
  | { t: 'anchor'; src: string };

export interface TranslateOptions {
  /** awk: `\/`, `\"`, `\n`, `\t`… are escapes, and `{` is literal (gawk without --re-interval is not, but 5.x is). */
  awk?: boolean;
  groupOffset?: number;
}

export function translate(pattern: string, kind: RegexKind, opts: TranslateOptions = {}): Translated {
  const warnings: string[] = [];
  const toks = tokenize(pattern, kind, warnings, opts);
  let groups = 0;
  let i = 0;
  const offset = opts.groupOffset ?? 0;

  // Recursive descent over tokens; returns JS source.
  const alternation = (depth: number): string => {
    const branches = [branch(depth)];
    while (toks[i]?.t === 'alt') {
      i++;
      branches.push(branch(depth));
    }
    return branches.join('|');
  };
  const branch = (depth: number): string => {
    let out = '';
    let last: { src: string; quantified: boolean } | null = null;
    const flush = (): void => {
      if (last) out += last.src;
      last = null;
    };
    for (;;) {
      const tok = toks[i];
      if (!tok || tok.t === 'alt') break;
      if (tok.t === 'close') {
        if (depth > 0) break;
        // An unmatched `)` in ERE is an ordinary character.
        i++;
        flush();
        last = { src: '\\)', quantified: false };
        continue;
      }
      i++;
      if (tok.t === 'quant') {
        if (!last) continue; // nothing to repeat: GNU ignores it (after a warning)
        const prev: { src: string; quantified: boolean } = last;
        last = { src: (prev.quantified ? `(?:${prev.src})` : prev.src) + tok.src, quantified: true };
        continue;
      }
      flush();
      if (tok.t === 'open') {
        groups++;
        const inner = alternation(depth + 1);
        if (toks[i]?.t !== 'close') throw new RegexError('Unmatched ( or \\(');
        i++;
        last = { src: `(${inner})`, quantified: false };
      } else if (tok.t === 'anchor') {
        out += tok.src;
      } else last = { src: tok.src, quantified: false };
    }
    flush();
    return out;
  };
  let source = alternation(0);
  if (i < toks.length) throw new RegexError('Unmatched ) or \\)');
  if (offset) source = source.replace(/\\([1-9])/g, (m, d: string) => `\\${Number(d) + offset}`);
  return { source, groups, warnings };
}

function tokenize(p: string, kind: RegexKind, warnings: string[], opts: TranslateOptions): Tok[] {
  const toks: Tok[] = [];
  const bre = kind === 'BRE';
  let openGroups = 0;
  const atExprStart = (): boolean => {
    const prev = toks[toks.length - 1];
    return !prev || prev.t === 'open' || prev.t === 'alt' || (bre && prev.t === 'anchor' && prev.src === '^');
  };
  const quant = (src: string, name: string): void => {
    if (atExprStart()) {
      if (bre && name === '*') {
        toks.push({ t: 'atom', src: '\\*' });
        return;
      }
      if (!bre) warnings.push(`${name} at start of expression`);
      return;
    }
    toks.push({ t: 'quant', src, name });
  };
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) throw new RegexError('Trailing backslash');
      i++;
      if (bre && n === '(') {
        openGroups++;
        toks.push({ t: 'open' });
      } else if (bre && n === ')') {
        if (openGroups === 0) throw new RegexError('Unmatched ) or \\)');
        openGroups--;
        toks.push({ t: 'close' });
      } else if (bre && n === '|') toks.push({ t: 'alt' });
      else if (bre && (n === '+' || n === '?')) quant(n, n);
      else if (bre && n === '{') {
        const m = /^\\\{([0-9]*)(,([0-9]*))?\\\}/.exec(p.slice(i - 1));
        if (!m) {
          if (!p.slice(i).includes('\\}')) throw new RegexError('Unmatched \\{');
          throw new RegexError('Invalid content of \\{\\}');
        }
        quant(interval(m), '{...}');
        i += m[0].length - 2;
      } else if (/[1-9]/.test(n)) toks.push({ t: 'atom', src: `\\${n}` });
      else if ('wWsS'.includes(n)) toks.push({ t: 'atom', src: n === 'w' ? WORD : n === 'W' ? '[^A-Za-z0-9_]' : `\\${n}` });
      else if (n === 'b' || n === 'B') toks.push({ t: 'anchor', src: `\\${n}` });
      else if (n === '<') toks.push({ t: 'anchor', src: `(?<!${WORD})(?=${WORD})` });
      else if (n === '>') toks.push({ t: 'anchor', src: `(?<=${WORD})(?!${WORD})` });
      else if (n === '`') toks.push({ t: 'anchor', src: '^' });
      else if (n === "'") toks.push({ t: 'anchor', src: '$' });
      else if (opts.awk && 'ntrfvab'.includes(n)) {
        const map: Record<string, string> = { n: '\\n', t: '\\t', r: '\\r', f: '\\f', v: '\\v', a: '\\x07', b: '\\x08' };
        toks.push({ t: 'atom', src: map[n] as string });
      } else toks.push({ t: 'atom', src: lit(n) });
      continue;
    }
    if (c === '[') {
      const b = bracket(p, i);
      toks.push({ t: 'atom', src: b.src });
      i = b.end - 1;
      continue;
    }
    if (c === '.') toks.push({ t: 'atom', src: '[^\\n]' });
    else if (c === '*') quant('*', '*');
    else if (c === '^') {
      if (!bre || atExprStart()) toks.push({ t: 'anchor', src: '^' });
      else toks.push({ t: 'atom', src: '\\^' });
    } else if (c === '$') {
      const rest = p.slice(i + 1);
      if (!bre || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) toks.push({ t: 'anchor', src: '$' });
      else toks.push({ t: 'atom', src: '\\$' });
    } else if (!bre && c === '(') {
      openGroups++;
      toks.push({ t: 'open' });
    } else if (!bre && c === ')') {
      if (openGroups > 0) {
        openGroups--;
        toks.push({ t: 'close' });
      } else toks.push({ t: 'atom', src: '\\)' });
    } else if (!bre && c === '|') toks.push({ t: 'alt' });
    else if (!bre && (c === '+' || c === '?')) quant(c, c);
    else if (!bre && c === '{') {
      const m = /^\{([0-9]*)(,([0-9]*))?\}/.exec(p.slice(i));
      if (m && (m[1] !== '' || (m[3] ?? '') !== '')) {
        quant(interval(m), '{...}');
        i += m[0].length - 1;
      } else toks.push({ t: 'atom', src: '\\{' });
    } else toks.push({ t: 'atom', src: lit(c) });
  }
  if (openGroups > 0) throw new RegexError('Unmatched ( or \\(');
  return toks;
}

function interval(m: RegExpExecArray): string {
  const min = m[1] === '' ? 0 : Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  if (max < min) throw new RegexError('Invalid content of \\{\\}');
  if (min > 32767 || (max !== Infinity && max > 32767)) throw new RegexError('Regular expression too big');
  return max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
}

function lit(c: string): string {
  return JS_SPECIAL.test(c) ? '\\' + c : c;
}

/** A bracket expression at `i`; returns the JS class and the index after `]`. */
function bracket(p: string, i: number): { src: string; end: number } {
  let j = i + 1;
  if (j >= p.length) throw new RegexError('Invalid regular expression');
  let negate = false;
  if (p[j] === '^') {
    negate = true;
    j++;
  }
  const start = j;
  let body = '';
  for (;;) {
    if (j >= p.length) throw new RegexError('Unmatched [, [^, [:, [., or [=');
    const c = p[j] as string;
    if (c === ']' && j > start) break;
    let item: string;
    if (c === '[' && (p[j + 1] === ':' || p[j + 1] === '=' || p[j + 1] === '.')) {
      const kind = p[j + 1] as string;
      const close = p.indexOf(kind + ']', j + 2);
      if (close < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      const name = p.slice(j + 2, close);
      j = close + 2;
      if (kind === ':') {
        const cls = posixClass(name);
        if (cls === '') throw new RegexError('Invalid character class name');
        body += cls;
        continue;
      }
      item = name;
    } else {
      item = c;
      j++;
    }
    // A range a-z (the `-` not last).
    if (p[j] === '-' && p[j + 1] !== undefined && p[j + 1] !== ']') {
      let end = p[j + 1] as string;
      let next = j + 2;
      if (end === '[' && p[j + 2] === '.') {
        const close = p.indexOf('.]', j + 3);
        if (close < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
        end = p.slice(j + 3, close);
        next = close + 2;
      }
      if (end < item) throw new RegexError('Invalid range end');
      body += `${classChar(item)}-${classChar(end)}`;
      j = next;
      continue;
    }
    body += classChar(item);
  }
  const content = p.slice(start, j);
  if (!negate && /^:[a-z]+:$/.test(content)) {
    // dfa.c's fixed text, whatever class was written.
    throw new RegexError('character class syntax is [[:space:]], not [:space:]');
  }
  // Negated classes never match the newline that ends a line (lines hold none anyway).
  return { src: `[${negate ? '^' : ''}${body}]`, end: j + 1 };
}

function classChar(c: string): string {
  return /[\\\]^[-]/.test(c) ? '\\' + c : c;
}
