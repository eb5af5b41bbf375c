// Recursive-descent parser for the bash subset: lists, && ||, pipelines, simple commands
// with assignments and redirections, here-documents, { } ( ) if for while until case.
// Parsing is incremental: parseCommandLine() returns one complete command (up to a newline)
// at a time, so a session runs line 1 before it reads line 2, as bash does.

import type { AndOr, Assign, Command, CondExpr, Heredoc, List, Pipeline, Redirect, SimpleCommand, Word, WordPart } from './ast.ts';
import { Lexer, ParseError, tokenText, unexpectedEof, unexpectedToken, unmatched, type Token } from './lexer.ts';

const COND_UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-v', '-o', '-R']);
const COND_BINARY = new Set(['==', '=', '!=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

const CLOSERS = new Set(['}', 'then', 'else', 'elif', 'fi', 'do', 'done', 'esac']);
const CASE_ENDS = new Set([';;', ';&', ';;&']);
const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;
const MAX_NEST = 100;

export interface ParserOptions {
  depth?: number;
  /** isComplete mode: unterminated here-documents and a trailing `\` ask for more input. */
  strict?: boolean;
}

export class Parser {
  pos: number;
  private readonly lexer: Lexer;
  private pending: Heredoc[] = [];
  /** Tokens by position: a token depends only on where it starts, and words with `$(…)` are costly to re-read. */
  private readonly tokens = new Map<number, Token>();
  private nest = 0;

  constructor(
    readonly src: string,
    pos = 0,
    private readonly opts: ParserOptions = {},
  ) {
    this.pos = pos;
    this.lexer = new Lexer(src, opts.depth ?? 0, opts.strict ?? false, {
      parseSub: (s, p, depth, closer) => parseSub(s, p, depth, closer, opts.strict ?? false),
    });
  }

  /** Warnings collected so far (here-documents ended by end of input); cleared on read. */
  takeWarnings(): string[] {
    return this.lexer.warnings.splice(0);
  }

  /** The next complete command, or null at end of input. Throws ParseError. */
  parseCommandLine(): List | null {
    this.skipNewlines();
    if (this.peek().t === 'eof') return null;
    const list = this.parseList(true);
    const tok = this.peek();
    if (tok.t === 'op' && tok.v === '\n') this.next();
    else if (tok.t === 'eof') this.readPendingHeredocs();
    else throw unexpectedToken(tokenText(tok), tok.start);
    return list;
  }

  /** After a syntax error: continue with the line after the one the error is on. */
  skipLine(errorPos: number): void {
    const nl = this.src.indexOf('\n', Math.max(errorPos, this.pos));
    this.pos = nl < 0 ? this.src.length : nl + 1;
    this.pending = [];
  }

  /** Body of `$(…)` or `` `…` ``: a list up to `closer` (or end of input). */
  parseSubList(closer: ')' | null): List {
    this.skipNewlines();
    const tok = this.peek();
    if ((closer && tok.t === 'op' && tok.v === closer) || (!closer && tok.t === 'eof')) return { items: [] };
    return this.parseCompoundList();
  }

  peek(): Token {
    let tok = this.tokens.get(this.pos);
    if (!tok) {
      tok = this.lexer.readToken(this.pos);
      this.tokens.set(this.pos, tok);
    }
    return tok;
  }

  next(): Token {
    const tok = this.peek();
    this.pos = tok.end;
    if (tok.t === 'op' && tok.v === '\n') this.readPendingHeredocs();
    return tok;
  }

  private readPendingHeredocs(): void {
    for (const hd of this.pending.splice(0)) {
      const line = this.src.slice(0, this.pos).split('\n').length - 1;
      this.pos = this.lexer.readHeredoc(this.pos, hd, Math.max(line, 1));
    }
  }

  private skipNewlines(): void {
    for (let t = this.peek(); t.t === 'op' && t.v === '\n'; t = this.peek()) this.next();
  }

  private isWord(tok: Token, ...raws: string[]): boolean {
    return tok.t === 'word' && raws.includes(tok.word.raw);
  }

  private atTerminator(): boolean {
    const tok = this.peek();
    if (tok.t === 'eof') return true;
    if (tok.t === 'op') return tok.v === ')' || CASE_ENDS.has(tok.v);
    return tok.t === 'word' && CLOSERS.has(tok.word.raw);
  }

  private fail(tok: Token): never {
    if (tok.t === 'eof') throw unexpectedEof(tok.start);
    throw unexpectedToken(tokenText(tok), tok.start);
  }

  private expectWord(word: string): void {
    const tok = this.peek();
    if (this.isWord(tok, word)) this.next();
    else this.fail(tok);
  }

  private parseList(top: boolean): List {
    const items: List['items'] = [];
    for (;;) {
      const andOr = this.parseAndOr();
      const tok = this.peek();
      if (tok.t === 'op' && (tok.v === ';' || tok.v === '&')) {
        this.next();
        items.push({ andOr, background: tok.v === '&' });
        const after = this.peek();
        if (top) {
          if (after.t === 'eof' || (after.t === 'op' && after.v === '\n')) break;
          continue;
        }
        this.skipNewlines();
        if (this.atTerminator()) break;
        continue;
      }
      items.push({ andOr, background: false });
      if (!top && tok.t === 'op' && tok.v === '\n') {
        this.skipNewlines();
        if (this.atTerminator()) break;
        continue;
      }
      break;
    }
    return { items };
  }

  /** A list inside a compound command: newlines separate, a closing word ends it. */
  private parseCompoundList(): List {
    this.skipNewlines();
    if (this.atTerminator()) this.fail(this.peek());
    return this.parseList(false);
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (let tok = this.peek(); tok.t === 'op' && (tok.v === '&&' || tok.v === '||'); tok = this.peek()) {
      this.next();
      this.skipNewlines();
      rest.push({ op: tok.v as '&&' | '||', pipeline: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    let bang = false;
    while (this.isWord(this.peek(), '!')) {
      this.next();
      bang = !bang;
    }
    const cmds = [this.parseCommand()];
    const stderrToo: boolean[] = [];
    for (let tok = this.peek(); tok.t === 'op' && (tok.v === '|' || tok.v === '|&'); tok = this.peek()) {
      this.next();
      stderrToo.push(tok.v === '|&');
      this.skipNewlines();
      cmds.push(this.parseCommand());
    }
    stderrToo.push(false);
    return { bang, cmds, stderrToo };
  }

  private parseCommand(): Command {
    const tok = this.peek();
    if (tok.t === 'redir') return this.parseSimple();
    if (tok.t === 'op' && tok.v === '(') {
      if (this.src[tok.end] === '(') {
        const arith = this.tryArith(tok.end + 1);
        if (arith) return this.compound(() => arith);
      }
      return this.compound(() => this.parseSubshell());
    }
    if (tok.t !== 'word') this.fail(tok);
    switch (tok.word.raw) {
      case 'function':
        return this.parseFunction(true);
      case '[[':
        return this.compound(() => this.parseCond());
      case '{':
        return this.compound(() => this.parseGroup());
      case 'if':
        return this.compound(() => this.parseIf());
      case 'for':
        return this.compound(() => this.parseFor());
      case 'while':
      case 'until':
        return this.compound(() => this.parseWhile(tok.word.raw as 'while' | 'until'));
      case 'case':
        return this.compound(() => this.parseCase());
      default: {
        if (CLOSERS.has(tok.word.raw)) this.fail(tok);
        // `name ()` starts a function definition.
        const save = this.pos;
        this.next();
        const after = this.peek();
        this.pos = save;
        if (after.t === 'op' && after.v === '(' && asAssignment(tok.word) === null) return this.parseFunction(false);
        return this.parseSimple();
      }
    }
  }

  /** `function name [()] body` or `name () body`; the body is a compound command. */
  private parseFunction(keyword: boolean): Command {
    if (keyword) this.next();
    const nameTok = this.next();
    if (nameTok.t !== 'word') this.fail(nameTok);
    let tok = this.peek();
    if (tok.t === 'op' && tok.v === '(') {
      this.next();
      tok = this.peek();
      if (!(tok.t === 'op' && tok.v === ')')) this.fail(tok);
      this.next();
    } else if (!keyword) this.fail(tok);
    this.skipNewlines();
    tok = this.peek();
    const compound =
      (tok.t === 'op' && tok.v === '(') || (tok.t === 'word' && ['{', 'if', 'for', 'while', 'until', 'case', '[['].includes(tok.word.raw));
    if (!compound) this.fail(tok);
    return { kind: 'funcdef', name: nameTok.word.raw, body: this.parseCommand(), redirs: [] };
  }

  /** `(( … ))` when the parentheses close as `))`, else null (a nested subshell). */
  private tryArith(from: number): Command | null {
    const end = this.lexer.findArithEnd(from);
    if (end === null) return null;
    const raw = this.src.slice(from, end);
    const inner = new Lexer(raw, (this.opts.depth ?? 0) + 1, this.opts.strict ?? false, { parseSub: (s, p, d, c) => parseSub(s, p, d, c, this.opts.strict ?? false) });
    const expr = inner.scanText(0, raw.length, 'arith');
    this.pos = end + 2;
    return { kind: 'arith', expr, raw, redirs: [] };
  }

  private parseCond(): Command {
    this.next();
    const expr = this.condOr();
    this.expectWord(']]');
    return { kind: 'cond', expr, redirs: [] };
  }

  private condOr(): CondExpr {
    let a = this.condAnd();
    for (let t = this.peek(); t.t === 'op' && t.v === '||'; t = this.peek()) {
      this.next();
      a = { op: 'or', a, b: this.condAnd() };
    }
    return a;
  }

  private condAnd(): CondExpr {
    let a = this.condNot();
    for (let t = this.peek(); t.t === 'op' && t.v === '&&'; t = this.peek()) {
      this.next();
      a = { op: 'and', a, b: this.condNot() };
    }
    return a;
  }

  private condNot(): CondExpr {
    if (this.isWord(this.peek(), '!')) {
      this.next();
      return { op: 'not', e: this.condNot() };
    }
    return this.condPrimary();
  }

  private condWord(): Word {
    const tok = this.peek();
    if (tok.t !== 'word' || tok.word.raw === ']]') this.fail(tok);
    this.next();
    return tok.word;
  }

  private condPrimary(): CondExpr {
    const tok = this.peek();
    if (tok.t === 'op' && tok.v === '(') {
      this.next();
      const e = this.condOr();
      const close = this.peek();
      if (!(close.t === 'op' && close.v === ')')) this.fail(close);
      this.next();
      return e;
    }
    const first = this.condWord();
    const next = this.peek();
    if (COND_UNARY.has(first.raw) && next.t === 'word' && next.word.raw !== ']]') {
      return { op: 'unary', name: first.raw, arg: this.condWord() };
    }
    let name: string | null = null;
    if (next.t === 'word' && COND_BINARY.has(next.word.raw)) name = next.word.raw;
    else if (next.t === 'redir' && next.fd === null && (next.op === '<' || next.op === '>')) name = next.op;
    if (name === null) return { op: 'word', w: first };
    this.next();
    if (name === '=~') {
      const start = this.lexer.skipBlanks(this.pos);
      const w = this.lexer.scanText(start, this.src.length, 'regex');
      this.pos = start + w.raw.length;
      if (w.raw === '') this.fail(this.peek());
      return { op: 'binary', name, a: first, b: w };
    }
    return { op: 'binary', name, a: first, b: this.condWord() };
  }

  /** A compound command and the redirections after it. */
  private compound(parse: () => Command): Command {
    if (++this.nest > MAX_NEST) throw new ParseError(['maximum nesting depth exceeded'], false, this.pos);
    const cmd = parse();
    this.nest--;
    if (cmd.kind !== 'simple') {
      for (let tok = this.peek(); tok.t === 'redir'; tok = this.peek()) cmd.redirs.push(this.parseRedirect());
    }
    return cmd;
  }

  private parseGroup(): Command {
    this.next();
    const body = this.parseCompoundList();
    this.expectWord('}');
    return { kind: 'group', body, redirs: [] };
  }

  private parseSubshell(): Command {
    this.next();
    const body = this.parseCompoundList();
    const tok = this.peek();
    if (tok.t === 'op' && tok.v === ')') this.next();
    else this.fail(tok);
    return { kind: 'subshell', body, redirs: [] };
  }

  private parseIf(): Command {
    this.next();
    const branches = [];
    let orElse: List | null = null;
    for (;;) {
      const cond = this.parseCompoundList();
      this.expectWord('then');
      branches.push({ cond, body: this.parseCompoundList() });
      const tok = this.peek();
      if (this.isWord(tok, 'elif')) {
        this.next();
        continue;
      }
      if (this.isWord(tok, 'else')) {
        this.next();
        orElse = this.parseCompoundList();
      }
      this.expectWord('fi');
      return { kind: 'if', branches, orElse, redirs: [] };
    }
  }

  private parseFor(): Command {
    this.next();
    const nameTok = this.next();
    if (nameTok.t !== 'word') this.fail(nameTok);
    const name = nameTok.word.raw;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ParseError([`\`${name}': not a valid identifier`], false, nameTok.start, 1);
    let items: Word[] | null = null;
    let tok = this.peek();
    if (tok.t === 'op' && tok.v === ';') this.next();
    else {
      this.skipNewlines();
      tok = this.peek();
      if (this.isWord(tok, 'in')) {
        this.next();
        items = [];
        for (tok = this.peek(); tok.t === 'word'; tok = this.peek()) items.push((this.next() as { word: Word }).word);
        if (tok.t === 'op' && (tok.v === ';' || tok.v === '\n')) this.next();
        else this.fail(tok);
      }
    }
    this.skipNewlines();
    this.expectWord('do');
    const body = this.parseCompoundList();
    this.expectWord('done');
    return { kind: 'for', name, items, body, redirs: [] };
  }

  private parseWhile(kind: 'while' | 'until'): Command {
    this.next();
    const cond = this.parseCompoundList();
    this.expectWord('do');
    const body = this.parseCompoundList();
    this.expectWord('done');
    return { kind, cond, body, redirs: [] };
  }

  private parseCase(): Command {
    this.next();
    const subjectTok = this.next();
    if (subjectTok.t !== 'word') this.fail(subjectTok);
    this.skipNewlines();
    this.expectWord('in');
    const arms: { patterns: Word[]; body: List }[] = [];
    for (;;) {
      this.skipNewlines();
      let tok = this.peek();
      if (this.isWord(tok, 'esac')) {
        this.next();
        return { kind: 'case', subject: subjectTok.word, arms, redirs: [] };
      }
      if (tok.t === 'op' && tok.v === '(') this.next();
      const patterns: Word[] = [];
      for (;;) {
        tok = this.next();
        if (tok.t !== 'word') this.fail(tok);
        patterns.push(tok.word);
        tok = this.next();
        if (tok.t === 'op' && tok.v === ')') break;
        if (!(tok.t === 'op' && tok.v === '|')) this.fail(tok);
      }
      this.skipNewlines();
      tok = this.peek();
      const empty = (tok.t === 'op' && CASE_ENDS.has(tok.v)) || this.isWord(tok, 'esac');
      arms.push({ patterns, body: empty ? { items: [] } : this.parseCompoundList() });
      tok = this.peek();
      if (tok.t === 'op' && CASE_ENDS.has(tok.v)) this.next();
      else if (!this.isWord(tok, 'esac')) this.fail(tok);
    }
  }

  private parseSimple(): SimpleCommand {
    const cmd: SimpleCommand = { kind: 'simple', assigns: [], words: [], redirs: [] };
    for (let tok = this.peek(); ; tok = this.peek()) {
      if (tok.t === 'redir') cmd.redirs.push(this.parseRedirect());
      else if (tok.t === 'word') {
        this.next();
        const assign = cmd.words.length === 0 ? asAssignment(tok.word) : null;
        if (assign) cmd.assigns.push(assign);
        else cmd.words.push(tok.word);
      } else break;
    }
    return cmd;
  }

  private parseRedirect(): Redirect {
    const op = this.next() as Extract<Token, { t: 'redir' }>;
    const tok = this.peek();
    if (tok.t !== 'word') throw unexpectedToken(tokenText(tok), tok.start);
    this.next();
    const redir: Redirect = { fd: op.fd, op: op.op, target: tok.word };
    if (op.op === '<<' || op.op === '<<-') {
      const raw = tok.word.raw;
      redir.heredoc = {
        delim: raw.replace(/\\(.)/g, '$1').replace(/["']/g, ''),
        strip: op.op === '<<-',
        quoted: /["'\\]/.test(raw),
        body: null,
      };
      this.pending.push(redir.heredoc);
    }
    return redir;
  }
}

function parseSub(src: string, pos: number, depth: number, closer: ')' | null, strict: boolean): { list: List; end: number } {
  const p = new Parser(src, pos, { depth, strict });
  let list: List;
  try {
    list = p.parseSubList(closer);
  } catch (e) {
    // Running out of input inside `$(…)` is reported as the unmatched `)`.
    if (e instanceof ParseError && e.incomplete && e.lines.length === 1 && e.lines[0] === 'syntax error: unexpected end of file') {
      throw unmatched(closer ?? '`', e.pos);
    }
    throw e;
  }
  const tok = p.peek();
  if (closer && tok.t === 'op' && tok.v === closer) return { list, end: tok.end };
  if (!closer && tok.t === 'eof') return { list, end: tok.end };
  if (tok.t === 'eof') throw unmatched(closer ?? '`', tok.start);
  throw unexpectedToken(tokenText(tok), tok.start);
}

/** `NAME=value` / `NAME+=value` as the first words of a command. */
function asAssignment(word: Word): Assign | null {
  const first = word.parts[0];
  if (!first || first.kind !== 'lit' || first.quoted) return null;
  const m = ASSIGN.exec(first.text);
  if (!m) return null;
  const rest = first.text.slice(m[0].length);
  const parts: WordPart[] = [];
  const tilde = /^~([A-Za-z0-9_.-]*)(?=\/|:|$)/.exec(rest);
  if (tilde && (rest.length > tilde[0].length || word.parts.length === 1)) {
    parts.push({ kind: 'tilde', user: tilde[1] as string });
    if (rest.length > tilde[0].length) parts.push({ kind: 'lit', text: rest.slice(tilde[0].length), quoted: false });
  } else if (rest !== '') parts.push({ kind: 'lit', text: rest, quoted: false });
  parts.push(...word.parts.slice(1));
  return {
    name: m[1] as string,
    append: m[2] === '+',
    value: { parts, raw: word.raw.slice(m[0].length) },
  };
}
