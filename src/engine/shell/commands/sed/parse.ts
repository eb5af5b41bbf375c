// sed scripts → commands, the way GNU sed 4.9's compile.c reads them: positions in error
// messages count the characters consumed (end of script not counted).

import { RegexError, translate } from '../regex.ts';

export type Addr =
  | { t: 'line'; n: number }
  | { t: 'last' }
  | { t: 're'; re: SedRegex | null }
  | { t: 'step'; first: number; step: number }
  | { t: 'plus'; n: number }
  | { t: 'mult'; n: number };

/** A compiled regex; null where the script wrote `//` (the last regex used). */
export interface SedRegex {
  re: RegExp;
}

export interface Cmd {
  a1?: Addr;
  a2?: Addr;
  negate: boolean;
  name: string;
  /** Range state (GNU keeps it per command). */
  active: boolean;
  end: number;
  text?: string;
  label?: string;
  /** Index of `}` for `{`, of the jump target for b/t/T. */
  jump?: number;
  re?: SedRegex | null;
  repl?: Repl[];
  global?: boolean;
  nth?: number;
  print?: boolean;
  exitCode?: number;
  from?: string;
  to?: string;
}

export type Repl = { t: 'lit'; s: string } | { t: 'ref'; n: number } | { t: 'case'; c: 'U' | 'L' | 'u' | 'l' | 'E' };

export class SedError extends Error {
  constructor(
    message: string,
    /** Overrides the position (GNU says char 0 for some errors). */
    readonly pos?: number,
  ) {
    super(message);
  }
}

const TERM = new Set([';', '\n', '}', '#']);

export interface ParseOptions {
  extended: boolean;
  /** Set once a regex is compiled: `//` before any is an error. */
  seen?: boolean;
}

/** Parse the script chunks (each `-e` or the script operand): returns commands or the error text. */
export function parseScript(chunks: string[], opts: ParseOptions): Cmd[] | { error: string; exitCode: number } {
  const cmds: Cmd[] = [];
  /** Indexes of the open `{` commands, and the expression each was in. */
  const open: number[] = [];
  const openIn: number[] = [];
  for (let e = 0; e < chunks.length; e++) {
    const r = new Reader(chunks[e] as string);
    opts.seen ??= false;
    try {
      parseChunk(r, cmds, open, opts);
      openIn.length = Math.min(openIn.length, open.length);
      while (openIn.length < open.length) openIn.push(e);
    } catch (err) {
      if (err instanceof SedError) return { error: `sed: -e expression #${e + 1}, char ${err.pos ?? r.pos}: ${err.message}\n`, exitCode: 1 };
      throw err;
    }
  }
  if (open.length > 0) return { error: `sed: -e expression #${(openIn[0] as number) + 1}, char 0: unmatched \`{'\n`, exitCode: 1 };
  for (const c of cmds) {
    if (!['b', 't', 'T'].includes(c.name) || c.label === '') continue;
    const at = cmds.findIndex((d) => d.name === ':' && d.label === c.label);
    if (at < 0) return { error: `sed: can't find label for jump to \`${c.label}'\n`, exitCode: 4 };
    c.jump = at;
  }
  return cmds;
}

class Reader {
  pos = 0;
  constructor(readonly s: string) {}
  peek(): string | undefined {
    return this.s[this.pos];
  }
  get(): string | undefined {
    const c = this.s[this.pos];
    if (c !== undefined) this.pos++;
    return c;
  }
  skipWs(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
}

function parseChunk(r: Reader, cmds: Cmd[], open: number[], opts: ParseOptions): void {
  for (;;) {
    while (r.peek() !== undefined && /[ \t\n;]/.test(r.peek() as string)) r.get();
    if (r.peek() === undefined) return;
    if (r.peek() === '#') {
      while (r.peek() !== undefined && r.peek() !== '\n') r.get();
      continue;
    }
    const cmd: Cmd = { negate: false, name: '', active: false, end: 0 };
    const a1 = address(r, opts);
    if (a1) {
      if (a1.t === 'plus' || a1.t === 'mult') throw new SedError('unexpected `,\'');
      cmd.a1 = a1;
      r.skipWs();
      if (r.peek() === ',') {
        r.get();
        r.skipWs();
        const a2 = address(r, opts);
        if (!a2) throw new SedError('unexpected `,\'');
        if (a2.t === 'line' && a2.n === 0) throw new SedError('invalid usage of line address 0');
        cmd.a2 = a2.t === 'step' ? { t: 'line', n: a2.first } : a2;
      }
    }
    r.skipWs();
    if (r.peek() === '!') {
      r.get();
      cmd.negate = true;
      r.skipWs();
      if (r.peek() === '!') {
        r.get();
        throw new SedError("multiple `!'s");
      }
    }
    const c = r.get();
    if (c === undefined) throw new SedError('missing command');
    cmd.name = c;
    // Checked once the command is read, as GNU does.
    if (cmd.a1?.t === 'line' && cmd.a1.n === 0 && cmd.a2?.t !== 're') throw new SedError('invalid usage of line address 0');
    parseCommand(r, cmd, cmds, open, opts);
  }
}

function parseCommand(r: Reader, cmd: Cmd, cmds: Cmd[], open: number[], opts: ParseOptions): void {
  const c = cmd.name;
  const noAddr = (): void => {
    if (cmd.a1) throw new SedError(`${c === '}' ? 'unexpected `}\'' : `: doesn't want any addresses`}`);
  };
  switch (c) {
    case '{':
      open.push(cmds.length);
      cmds.push(cmd);
      return;
    case '}': {
      if (open.length === 0) throw new SedError("unexpected `}'");
      if (cmd.a1) throw new SedError('} doesn\'t want any addresses');
      (cmds[open.pop() as number] as Cmd).jump = cmds.length;
      cmds.push(cmd);
      return endOfCommand(r);
    }
    case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'n': case 'N':
    case 'p': case 'P': case 'x': case 'z': case 'F':
      cmds.push(cmd);
      return endOfCommand(r);
    case 'q': case 'Q': {
      if (cmd.a2) throw new SedError('command only uses one address');
      r.skipWs();
      let digits = '';
      while (/[0-9]/.test(r.peek() ?? '')) digits += r.get();
      cmd.exitCode = digits === '' ? 0 : Number(digits);
      cmds.push(cmd);
      return endOfCommand(r);
    }
    case ':': {
      noAddr();
      r.skipWs();
      let label = '';
      while (r.peek() !== undefined && !/[;\n \t]/.test(r.peek() as string)) label += r.get();
      if (label === '') throw new SedError('":" lacks a label');
      cmd.label = label;
      cmds.push(cmd);
      return endOfCommand(r);
    }
    case 'b': case 't': case 'T': {
      r.skipWs();
      let label = '';
      while (r.peek() !== undefined && !/[;\n]/.test(r.peek() as string)) label += r.get();
      cmd.label = label.replace(/[ \t]+$/, '');
      cmds.push(cmd);
      return;
    }
    case 'a': case 'i': case 'c':
      if (c === 'i' && cmd.a2) { /* GNU allows two addresses for i */ }
      cmd.text = readText(r);
      cmds.push(cmd);
      return;
    case 's':
      parseSubst(r, cmd, opts);
      cmds.push(cmd);
      return;
    case 'y': {
      const delim = r.get();
      if (delim === undefined || delim === '\n' || delim === '\\') throw new SedError("unterminated `y' command");
      const from = ySide(r, delim);
      const to = ySide(r, delim);
      if ([...from].length !== [...to].length) throw new SedError("strings for `y' command are different lengths");
      cmd.from = from;
      cmd.to = to;
      cmds.push(cmd);
      return endOfCommand(r);
    }
    default:
      throw new SedError(`unknown command: \`${c}'`);
  }
}

function endOfCommand(r: Reader): void {
  r.skipWs();
  const c = r.peek();
  if (c === undefined || TERM.has(c)) {
    if (c === ';' || c === '\n') r.get();
    return;
  }
  r.get();
  throw new SedError('extra characters after command');
}

/** GNU one-liner and `a\` forms: text to the end of the line, `\` continues it. */
function readText(r: Reader): string {
  r.skipWs();
  if (r.peek() === undefined) throw new SedError("expected \\ after `a', `c' or `i'");
  // After `a\` the text keeps its leading whitespace.
  if (r.peek() === '\\') {
    r.get();
    if (r.peek() === '\n') r.get();
  }
  let text = '';
  for (;;) {
    const c = r.get();
    if (c === undefined || c === '\n') break;
    if (c === '\\') {
      const n = r.get();
      if (n === undefined) break;
      text += n === 't' ? '\t' : n;
      continue;
    }
    text += c;
  }
  return text + '\n';
}

function address(r: Reader, opts: ParseOptions): Addr | null {
  const c = r.peek();
  if (c === undefined) return null;
  if (/[0-9]/.test(c)) {
    const n = number(r);
    if (r.peek() === '~') {
      r.get();
      const step = number(r);
      return step > 0 ? { t: 'step', first: n, step } : { t: 'line', n };
    }
    return { t: 'line', n };
  }
  if (c === '+' || c === '~') {
    r.get();
    if (!/[0-9]/.test(r.peek() ?? '')) throw new SedError("expected newer version of sed");
    return { t: c === '+' ? 'plus' : 'mult', n: number(r) };
  }
  if (c === '$') {
    r.get();
    return { t: 'last' };
  }
  if (c === '/' || c === '\\') {
    r.get();
    let delim = '/';
    if (c === '\\') delim = r.get() ?? '';
    const src = slashed(r, delim, true);
    if (src === null) throw new SedError('unterminated address regex');
    let flags = '';
    while (r.peek() === 'I' || r.peek() === 'M') flags += r.get() === 'I' ? 'i' : 'm';
    return { t: 're', re: compile(src, opts, flags) };
  }
  return null;
}

function number(r: Reader): number {
  let d = '';
  while (/[0-9]/.test(r.peek() ?? '')) d += r.get();
  return Number(d);
}

/** Text up to an unescaped `delim` (GNU match_slash): `\delim` loses its backslash. */
function slashed(r: Reader, delim: string, regex: boolean): string | null {
  let out = '';
  for (;;) {
    const c = r.get();
    if (c === undefined) return null;
    if (c === delim) return out;
    if (c === '\n' && regex) return null;
    if (c === '\\') {
      const n = r.get();
      if (n === undefined) return null;
      if (n === 'n' && regex) out += '\n';
      else if (n === delim && !(!regex && n === '&')) out += n;
      else out += '\\' + n;
      continue;
    }
    out += c;
  }
}

export function compile(src: string, opts: ParseOptions, flags: string): SedRegex | null {
  if (src === '') {
    if (!opts.seen) throw new SedError('no previous regular expression', 0);
    return null;
  }
  opts.seen = true;
  // \t is a tab in sed regexes (GNU's convert_ANSI), the rest is POSIX.
  const escaped = src.replace(/\\(\\|t)/g, (m, c: string) => (c === 't' ? '\t' : m));
  try {
    return { re: new RegExp(translate(escaped, opts.extended ? 'ERE' : 'BRE').source, flags + 'g') };
  } catch (e) {
    if (e instanceof RegexError) throw new SedError(e.message);
    throw e;
  }
}

function parseSubst(r: Reader, cmd: Cmd, opts: ParseOptions): void {
  const delim = r.get();
  if (delim === undefined || delim === '\n' || delim === '\\') throw new SedError("unterminated `s' command");
  const pat = slashed(r, delim, true);
  if (pat === null) throw new SedError("unterminated `s' command");
  const rep = slashed(r, delim, false);
  if (rep === null) throw new SedError("unterminated `s' command");
  let flags = '';
  for (;;) {
    const c = r.peek();
    if (c === 'g') {
      r.get();
      if (cmd.global) throw new SedError("multiple `g' options to `s' command");
      cmd.global = true;
    } else if (c === 'p') {
      r.get();
      if (cmd.print) throw new SedError("multiple `p' options to `s' command");
      cmd.print = true;
    } else if (c === 'i' || c === 'I') {
      r.get();
      flags += 'i';
    } else if (c === 'm' || c === 'M') {
      r.get();
      flags += 'm';
    } else if (c !== undefined && /[0-9]/.test(c)) {
      if (cmd.nth !== undefined) throw new SedError("multiple number options to `s' command");
      const n = number(r);
      if (n === 0) throw new SedError("number option to `s' command may not be zero");
      cmd.nth = n;
    } else if (c === undefined || TERM.has(c) || c === ' ' || c === '\t') {
      endOfCommand(r);
      break;
    } else {
      r.get();
      throw new SedError("unknown option to `s'");
    }
  }
  cmd.re = compile(pat, opts, [...new Set(flags)].join(''));
  cmd.repl = replacement(rep, cmd.re);
}

function replacement(rep: string, re: SedRegex | null): Repl[] {
  const parts: Repl[] = [];
  const lit = (s: string): void => {
    const last = parts[parts.length - 1];
    if (last?.t === 'lit') last.s += s;
    else parts.push({ t: 'lit', s });
  };
  const groups = re ? new RegExp(`${re.re.source}|`).exec('')?.length ?? 1 : 10;
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i] as string;
    if (c === '&') parts.push({ t: 'ref', n: 0 });
    else if (c === '\\' && i + 1 < rep.length) {
      const n = rep[++i] as string;
      if (/[0-9]/.test(n)) {
        if (Number(n) >= groups) throw new SedError(`invalid reference \\${n} on \`s' command's RHS`);
        parts.push({ t: 'ref', n: Number(n) });
      } else if ('ULulE'.includes(n)) parts.push({ t: 'case', c: n as 'U' });
      else lit(n === 'n' ? '\n' : n === 't' ? '\t' : n);
    } else lit(c);
  }
  return parts;
}

function ySide(r: Reader, delim: string): string {
  let out = '';
  for (;;) {
    const c = r.get();
    if (c === undefined) throw new SedError("unterminated `y' command");
    if (c === delim) return out;
    if (c === '\\') {
      const n = r.get();
      if (n === undefined) throw new SedError("unterminated `y' command");
      out += n === 'n' ? '\n' : n === delim || n === '\\' ? n : '\\' + n;
      continue;
    }
    out += c;
  }
}
