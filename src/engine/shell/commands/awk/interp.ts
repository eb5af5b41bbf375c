// awk program execution: records and fields, patterns and actions, built-in functions,
// output redirection to files and commands (commands run in the shell session).

import { formatFloat, formatInteger, formatString, parseSpec } from '../../cformat.ts';
import type { CommandResult } from '../../types.ts';
import { RegexError, translate } from '../regex.ts';
import type { Expr, Program, Stmt } from './parser.ts';
import { compare, isNumeric, numToStr, StrNum, strToNum, toNum, toStr, truthy, type Val } from './values.ts';

export interface AwkHost {
  out(text: string): void;
  err(text: string): void;
  readFile(name: string): { data: string } | { error: string };
  /** Write (append=false truncates). Returns the errno text on failure. */
  writeFile(name: string, data: string, append: boolean): string | undefined;
  isDirectory(name: string): boolean;
  runLine(line: string, stdin?: string): CommandResult;
  env: Map<string, string>;
  stdin: string;
}

/**
 * A runtime error that ends the program: `fatal` (exit 2, with the input position once input
 * has been read) or gawk 5.2's plain `error` (exit 1), e.g. division by zero.
 */
export class AwkFatal extends Error {
  constructor(
    message: string,
    readonly kind: 'fatal' | 'error' = 'fatal',
  ) {
    super(message);
  }
}

class NextSignal {}
class NextFileSignal {}
class ExitSignal {
  constructor(readonly code: number) {}
}
class ReturnSignal {
  constructor(readonly value: Val) {}
}
class BreakSignal {}
class ContinueSignal {}

const MAX_STEPS = 5_000_000;
type AwkArray = Map<string, Val>;

interface Frame {
  scalars: Map<string, Val>;
  arrays: Map<string, AwkArray>;
  /** Parameters passed an untyped variable: used as an array, they bind the caller's. */
  untyped: Map<string, { frame: Frame | null; name: string }>;
}

interface Source {
  records: string[];
  pos: number;
}

export class AwkInterpreter {
  private readonly globals = new Map<string, Val>();
  private readonly arrays = new Map<string, AwkArray>();
  private frames: Frame[] = [];
  private record = '';
  private fields: string[] | null = [];
  private steps = 0;
  private readonly regexCache = new Map<string, RegExp>();
  private readonly outFiles = new Map<string, { mode: '>' | '>>' | '|'; buffer: string }>();
  private readonly readers = new Map<string, Source>();
  private operands: string[] = [];
  private operandIndex = 0;
  private current: Source | null = null;
  private usedStdin = false;
  private inputDone = false;
  private rangeActive: boolean[] = [];
  private randSeed = 0;
  private randState = 0;
  exitCode = 0;

  constructor(
    private readonly prog: Program,
    private readonly host: AwkHost,
  ) {
    const defaults: [string, Val][] = [
      ['FS', ' '], ['OFS', ' '], ['ORS', '\n'], ['RS', '\n'], ['NR', 0], ['FNR', 0], ['SUBSEP', '\x1c'],
      ['CONVFMT', '%.6g'], ['OFMT', '%.6g'], ['RSTART', 0], ['RLENGTH', -1], ['FILENAME', ''],
    ];
    for (const [k, v] of defaults) this.globals.set(k, v);
    const environ: AwkArray = new Map();
    for (const [k, v] of host.env) environ.set(k, new StrNum(v));
    this.arrays.set('ENVIRON', environ);
  }

  /** `(FILENAME=x FNR=n) ` once input has been read, for fatal messages. */
  location(): string {
    if (toNum(this.globals.get('NR')) === 0) return '';
    const file = this.str(this.globals.get('FILENAME')) || '-';
    return `(FILENAME=${file} FNR=${this.str(this.globals.get('FNR'))}) `;
  }

  // ---- entry ----

  run(operands: string[], assigns: [string, string][]): number {
    this.operands = operands;
    const argv: AwkArray = new Map([['0', 'awk']]);
    operands.forEach((o, i) => argv.set(String(i + 1), new StrNum(o)));
    this.arrays.set('ARGV', argv);
    this.globals.set('ARGC', operands.length + 1);
    for (const [k, v] of assigns) this.setVar(k, new StrNum(unescape(v)));
    this.rangeActive = this.prog.rules.map(() => false);
    let exiting = false;
    try {
      for (const block of this.prog.begin) this.execBlock(block);
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
      this.exitCode = e.code;
      exiting = true;
    }
    if (!exiting && (this.prog.rules.length > 0 || this.prog.end.length > 0)) {
      try {
        this.mainLoop();
      } catch (e) {
        if (!(e instanceof ExitSignal)) throw e;
        this.exitCode = e.code;
      }
    }
    try {
      for (const block of this.prog.end) this.execBlock(block);
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
      this.exitCode = e.code;
    }
    this.closeAll();
    return this.exitCode;
  }

  private mainLoop(): void {
    for (let rec = this.nextMainRecord(); rec !== null; rec = this.nextMainRecord()) {
      this.setRecord(rec);
      try {
        this.prog.rules.forEach((rule, i) => {
          if (!this.ruleMatches(rule, i)) return;
          if (rule.action) this.execBlock(rule.action);
          else this.host.out(toStr(this.getField(0), this.convfmt()) + this.str(this.globals.get('ORS')));
        });
      } catch (e) {
        if (e instanceof NextSignal) continue;
        if (e instanceof NextFileSignal) {
          this.current = null;
          continue;
        }
        throw e;
      }
    }
  }

  private ruleMatches(rule: Program['rules'][number], i: number): boolean {
    if (rule.range) {
      if (!this.rangeActive[i]) {
        if (!truthy(this.evalCond(rule.range[0]))) return false;
        this.rangeActive[i] = true;
      }
      if (truthy(this.evalCond(rule.range[1]))) this.rangeActive[i] = false;
      return true;
    }
    return rule.pattern === null || truthy(this.evalCond(rule.pattern));
  }

  /** A pattern or condition: a bare regex matches $0. */
  private evalCond(e: Expr): Val {
    return this.eval(e);
  }

  // ---- input ----

  private nextMainRecord(): string | null {
    for (;;) {
      if (this.current && this.current.pos < this.current.records.length) {
        const rec = this.current.records[this.current.pos++] as string;
        this.globals.set('NR', toNum(this.globals.get('NR')) + 1);
        this.globals.set('FNR', toNum(this.globals.get('FNR')) + 1);
        return rec;
      }
      if (this.inputDone) return null;
      const next = this.openNextOperand();
      if (!next) {
        this.inputDone = true;
        return null;
      }
    }
  }

  private openNextOperand(): boolean {
    const argv = this.arrays.get('ARGV') as AwkArray;
    const argc = toNum(this.globals.get('ARGC'));
    while (this.operandIndex + 1 < argc) {
      this.operandIndex++;
      const arg = toStr(argv.get(String(this.operandIndex)), this.convfmt());
      if (arg === '') continue;
      const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
      if (assign) {
        this.setVar(assign[1] as string, new StrNum(unescape(assign[2] as string)));
        continue;
      }
      this.usedStdin = true;
      if (arg !== '-' && arg !== '/dev/stdin' && this.host.isDirectory(arg)) {
        this.host.err(`awk: warning: command line argument \`${arg}' is a directory: skipped\n`);
        continue;
      }
      const input = arg === '-' || arg === '/dev/stdin' ? { data: this.host.stdin } : this.host.readFile(arg);
      if ('error' in input) throw new AwkFatal(`cannot open file \`${arg}' for reading: ${input.error}`);
      this.globals.set('FILENAME', arg);
      this.globals.set('FNR', 0);
      this.current = { records: this.splitRecords(input.data), pos: 0 };
      return true;
    }
    if (!this.usedStdin) {
      this.usedStdin = true;
      this.globals.set('FNR', 0);
      this.current = { records: this.splitRecords(this.host.stdin), pos: 0 };
      return true;
    }
    return false;
  }

  private splitRecords(data: string): string[] {
    const rs = this.str(this.globals.get('RS'));
    if (data === '') return [];
    if (rs === '\n') {
      const recs = data.split('\n');
      if (data.endsWith('\n')) recs.pop();
      return recs;
    }
    if (rs === '') {
      return data
        .replace(/^\n+/, '')
        .replace(/\n+$/, '')
        .split(/\n\n+/)
        .filter((r) => r !== '');
    }
    const parts = rs.length === 1 ? data.split(rs) : regexSplit(data, this.regex(rs));
    if (parts[parts.length - 1] === '' || (rs.length === 1 && parts[parts.length - 1] === '\n' && rs !== '\n')) {
      if (parts[parts.length - 1] === '') parts.pop();
    }
    return parts;
  }

  // ---- records and fields ----

  private setRecord(text: string): void {
    this.record = text;
    this.fields = null;
  }

  private split(): string[] {
    if (this.fields === null) this.fields = this.splitWith(this.record, this.globals.get('FS'), this.str(this.globals.get('RS')) === '');
    return this.fields;
  }

  /** Field splitting: " " splits on blank runs, one other character literally, longer as a regex. */
  splitWith(text: string, fsVal: Val | RegExp, paragraph = false): string[] {
    if (fsVal instanceof RegExp) return text === '' ? [] : regexSplit(text, fsVal);
    const fs = this.str(fsVal);
    if (fs === ' ') {
      const t = text.replace(/^[ \t\n]+|[ \t\n]+$/g, '');
      return t === '' ? [] : t.split(/[ \t\n]+/);
    }
    if (text === '') return [];
    let parts: string[];
    if (fs === '') parts = [...text];
    else if (fs.length === 1 && fs !== '\\') parts = text.split(fs);
    else parts = regexSplit(text, this.regex(fs));
    // Paragraph mode: a newline always separates fields too.
    return paragraph ? parts.flatMap((p) => p.split('\n')) : parts;
  }

  private getField(i: number): Val {
    if (i < 0) throw new AwkFatal(`attempt to access field ${i}`);
    if (i === 0) return new StrNum(this.record);
    const f = this.split();
    return i <= f.length ? new StrNum(f[i - 1] as string) : undefined;
  }

  private setField(i: number, v: Val): void {
    if (i < 0) throw new AwkFatal(`attempt to access field ${i}`);
    if (i === 0) {
      this.setRecord(this.str(v));
      return;
    }
    const f = this.split();
    while (f.length < i) f.push('');
    f[i - 1] = this.str(v);
    this.rebuild();
  }

  private rebuild(): void {
    this.record = this.split().join(this.str(this.globals.get('OFS')));
  }

  private setNF(n: number): void {
    const f = this.split();
    const nf = Math.max(0, Math.trunc(n));
    if (nf < f.length) f.length = nf;
    while (f.length < nf) f.push('');
    this.rebuild();
  }

  // ---- variables ----

  private convfmt(): string {
    return toStr(this.globals.get('CONVFMT'), '%.6g');
  }

  private str(v: Val): string {
    return toStr(v, this.convfmt());
  }

  private frame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  private getVar(name: string): Val {
    const f = this.frame();
    if (f && f.scalars.has(name)) return f.scalars.get(name);
    if (name === 'NF') return this.split().length;
    return this.globals.get(name);
  }

  private setVar(name: string, v: Val): void {
    const f = this.frame();
    if (f && f.scalars.has(name)) {
      f.scalars.set(name, v);
      return;
    }
    if (name === 'NF') {
      this.setNF(toNum(v));
      return;
    }
    // A new FS takes effect from the next record, as in awk: the current split stays.
    this.globals.set(name, v);
  }

  private array(name: string): AwkArray {
    return this.arrayIn(this.frame() ?? null, name);
  }

  private arrayIn(f: Frame | null, name: string): AwkArray {
    if (f) {
      const local = f.arrays.get(name);
      if (local) return local;
      if (f.scalars.has(name)) {
        if (f.scalars.get(name) !== undefined) throw new AwkFatal(`attempt to use scalar \`${name}' as an array`);
        // An untyped parameter used as an array: the caller's variable becomes that array.
        const ref = f.untyped.get(name);
        const arr: AwkArray = ref ? this.arrayIn(ref.frame, ref.name) : new Map();
        f.scalars.delete(name);
        f.arrays.set(name, arr);
        return arr;
      }
    }
    if (this.globals.get(name) !== undefined) throw new AwkFatal(`attempt to use scalar \`${name}' as an array`);
    let arr = this.arrays.get(name);
    if (!arr) {
      arr = new Map();
      this.arrays.set(name, arr);
    }
    return arr;
  }

  private isArray(name: string): boolean {
    const f = this.frame();
    if (f?.arrays.has(name)) return true;
    if (f?.scalars.has(name)) return false;
    return this.arrays.has(name);
  }

  private subscript(subs: Expr[]): string {
    return subs.map((s) => this.str(this.eval(s))).join(this.str(this.globals.get('SUBSEP')));
  }

  private assignTo(target: Expr, v: Val): void {
    switch (target.k) {
      case 'var':
        this.setVar(target.name, v);
        return;
      case 'field':
        this.setField(Math.trunc(toNum(this.eval(target.e))), v);
        return;
      case 'index':
        this.array(target.name).set(this.subscript(target.subs), v);
        return;
      case 'group':
        this.assignTo(target.e, v);
        return;
      default:
        throw new AwkFatal('attempt to assign to a non-variable');
    }
  }

  // ---- statements ----

  private execBlock(body: Stmt[]): void {
    for (const s of body) this.exec(s);
  }

  private tick(): void {
    if (++this.steps > MAX_STEPS) throw new AwkFatal('too many steps (the program does not seem to end)');
  }

  private exec(s: Stmt): void {
    switch (s.k) {
      case 'expr':
        this.eval(s.e);
        return;
      case 'print': {
        const ofs = this.str(this.globals.get('OFS'));
        const ofmt = toStr(this.globals.get('OFMT'), '%.6g');
        const text =
          s.args.length === 0
            ? this.str(this.getField(0))
            : s.args.map((a) => {
                const v = this.eval(a);
                return typeof v === 'number' ? numToStr(v, ofmt) : this.str(v);
              }).join(ofs);
        this.output(text + this.str(this.globals.get('ORS')), s.dest);
        return;
      }
      case 'printf': {
        if (s.args.length === 0) throw new AwkFatal('printf: no arguments');
        const [fmt, ...rest] = s.args.map((a) => this.eval(a));
        this.output(this.sprintf(this.str(fmt), rest), s.dest);
        return;
      }
      case 'if':
        if (truthy(this.eval(s.c))) this.exec(s.then);
        else if (s.else) this.exec(s.else);
        return;
      case 'while':
        while (truthy(this.eval(s.c))) {
          this.tick();
          if (this.loopBody(s.body)) break;
        }
        return;
      case 'do':
        do {
          this.tick();
          if (this.loopBody(s.body)) break;
        } while (truthy(this.eval(s.c)));
        return;
      case 'for':
        if (s.init) this.exec(s.init);
        while (s.c === null || truthy(this.eval(s.c))) {
          this.tick();
          if (this.loopBody(s.body)) break;
          if (s.step) this.exec(s.step);
        }
        return;
      case 'forin': {
        const arr = this.array(s.arr);
        for (const key of [...arr.keys()]) {
          if (!arr.has(key)) continue;
          this.assignTo(s.v, new StrNum(key));
          if (this.loopBody(s.body)) break;
        }
        return;
      }
      case 'block':
        this.execBlock(s.body);
        return;
      case 'next':
        throw new NextSignal();
      case 'nextfile':
        throw new NextFileSignal();
      case 'exit':
        throw new ExitSignal(s.e ? Math.trunc(toNum(this.eval(s.e))) & 255 : this.exitCode);
      case 'return':
        throw new ReturnSignal(s.e ? this.eval(s.e) : undefined);
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'delete':
        if (s.subs) this.array(s.name).delete(this.subscript(s.subs));
        else this.array(s.name).clear();
        return;
    }
  }

  /** Runs a loop body; true means `break`. */
  private loopBody(body: Stmt): boolean {
    try {
      this.exec(body);
    } catch (e) {
      if (e instanceof BreakSignal) return true;
      if (e instanceof ContinueSignal) return false;
      throw e;
    }
    return false;
  }

  // ---- output ----

  private output(text: string, dest: { mode: '>' | '>>' | '|'; e: Expr } | null): void {
    if (!dest) {
      this.host.out(text);
      return;
    }
    const name = this.str(this.eval(dest.e));
    if (dest.mode !== '|' && (name === '/dev/stdout' || name === '-')) {
      this.host.out(text);
      return;
    }
    if (dest.mode !== '|' && name === '/dev/stderr') {
      this.host.err(text);
      return;
    }
    let open = this.outFiles.get(name);
    if (!open) {
      open = { mode: dest.mode, buffer: '' };
      this.outFiles.set(name, open);
      if (dest.mode === '>') {
        const err = this.host.writeFile(name, '', false);
        if (err) throw new AwkFatal(`cannot redirect to \`${name}': ${err}`);
      }
    }
    if (open.mode === '|') open.buffer += text;
    else {
      const err = this.host.writeFile(name, text, true);
      if (err) throw new AwkFatal(`cannot redirect to \`${name}': ${err}`);
    }
  }

  private close(name: string): number {
    const open = this.outFiles.get(name);
    let status = 0;
    if (open) {
      this.outFiles.delete(name);
      if (open.mode === '|') status = this.runCommand(name, open.buffer);
    }
    if (this.readers.delete(name)) return 0;
    return open ? status : -1;
  }

  private closeAll(): void {
    for (const name of [...this.outFiles.keys()]) this.close(name);
  }

  private runCommand(cmd: string, stdin: string): number {
    const r = this.host.runLine(cmd, stdin);
    for (const c of r.chunks ?? [{ fd: 1 as const, text: r.stdout }, { fd: 2 as const, text: r.stderr }]) {
      if (c.fd === 1) this.host.out(c.text);
      else this.host.err(c.text);
    }
    return r.exitCode;
  }

  // ---- expressions ----

  private regex(src: string): RegExp {
    const ignoreCase = truthy(this.globals.get('IGNORECASE'));
    const key = (ignoreCase ? 'i:' : ':') + src;
    let re = this.regexCache.get(key);
    if (!re) {
      try {
        re = new RegExp(translate(src, 'ERE', { awk: true }).source, ignoreCase ? 'i' : '');
      } catch (e) {
        if (e instanceof RegexError) throw new AwkFatal(`${e.message}: /${src}/`);
        throw new AwkFatal(`invalid regexp: /${src}/`);
      }
      this.regexCache.set(key, re);
    }
    return re;
  }

  /** The regex an argument stands for: a literal, or a dynamic string. */
  private regexArg(e: Expr): RegExp {
    if (e.k === 'regex') return this.regex(e.src);
    return this.regex(this.str(this.eval(e)));
  }

  eval(e: Expr): Val {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 'regex':
        return this.regex(e.src).test(this.record) ? 1 : 0;
      case 'group':
        return this.eval(e.e);
      case 'var':
        if (this.isArray(e.name)) throw new AwkFatal(`attempt to use array \`${e.name}' in a scalar context`);
        return this.getVar(e.name);
      case 'field':
        return this.getField(Math.trunc(toNum(this.eval(e.e))));
      case 'index': {
        const arr = this.array(e.name);
        const key = this.subscript(e.subs);
        if (!arr.has(key)) arr.set(key, undefined);
        return arr.get(key);
      }
      case 'assign': {
        let v = this.eval(e.e);
        if (e.op !== '=') v = this.arith(e.op.slice(0, -1), toNum(this.eval(e.target)), toNum(v));
        // Assigning the value of another variable copies it; strnums stay strnums.
        this.assignTo(e.target, v);
        return v;
      }
      case 'cond':
        return truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'logic': {
        const a = truthy(this.eval(e.a));
        if (e.op === '&&') return a && truthy(this.eval(e.b)) ? 1 : 0;
        return a || truthy(this.eval(e.b)) ? 1 : 0;
      }
      case 'in':
        return this.array(e.name).has(this.subscript(e.subs)) ? 1 : 0;
      case 'match': {
        const s = this.str(this.eval(e.e));
        const m = this.regexArg(e.re).test(s);
        return m !== e.neg ? 1 : 0;
      }
      case 'cmp': {
        const c = compare(this.eval(e.a), this.eval(e.b), this.convfmt());
        switch (e.op) {
          case '<': return c < 0 ? 1 : 0;
          case '<=': return c <= 0 ? 1 : 0;
          case '>': return c > 0 ? 1 : 0;
          case '>=': return c >= 0 ? 1 : 0;
          case '==': return c === 0 ? 1 : 0;
          default: return c !== 0 ? 1 : 0;
        }
      }
      case 'concat':
        return this.str(this.eval(e.a)) + this.str(this.eval(e.b));
      case 'bin':
        return this.arith(e.op, toNum(this.eval(e.a)), toNum(this.eval(e.b)));
      case 'unary': {
        const v = this.eval(e.e);
        if (e.op === '!') return truthy(v) ? 0 : 1;
        return e.op === '-' ? -toNum(v) : toNum(v);
      }
      case 'incdec': {
        const old = toNum(this.eval(e.target));
        const nv = e.op === '++' ? old + 1 : old - 1;
        this.assignTo(e.target, nv);
        return e.prefix ? nv : old;
      }
      case 'call':
        return this.callUser(e.name, e.args);
      case 'builtin':
        return this.callBuiltin(e.name, e.args);
      case 'getline':
        return this.getline(e);
    }
  }

  private arith(op: string, a: number, b: number): number {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
        if (b === 0) throw new AwkFatal('division by zero attempted', 'error');
        return a / b;
      case '%':
        if (b === 0) throw new AwkFatal('division by zero attempted in `%\'', 'error');
        return a % b;
      case '^': return a ** b;
    }
    return 0;
  }

  private getline(e: Extract<Expr, { k: 'getline' }>): Val {
    let rec: string | null;
    if (e.from === 'main') {
      rec = this.nextMainRecord();
      if (rec === null) return 0;
    } else {
      const name = this.str(this.eval(e.src as Expr));
      let src = this.readers.get(name);
      if (!src) {
        if (e.from === 'file') {
          const input = name === '-' || name === '/dev/stdin' ? { data: this.host.stdin } : this.host.readFile(name);
          if ('error' in input) return -1;
          src = { records: this.splitRecords(input.data), pos: 0 };
        } else {
          const chunks: string[] = [];
          const r = this.host.runLine(name);
          chunks.push(r.stdout);
          if (r.stderr) this.host.err(r.stderr);
          src = { records: this.splitRecords(chunks.join('')), pos: 0 };
        }
        this.readers.set(name, src);
      }
      if (src.pos >= src.records.length) return 0;
      rec = src.records[src.pos++] as string;
      if (e.from === 'cmd') this.globals.set('NR', toNum(this.globals.get('NR')) + 1);
    }
    if (e.target) this.assignTo(e.target, new StrNum(rec));
    else this.setRecord(rec);
    return 1;
  }

  private callUser(name: string, args: Expr[]): Val {
    const fn = this.prog.funcs.get(name);
    if (!fn) throw new AwkFatal(`function \`${name}' not defined`);
    if (args.length > fn.params.length) {
      throw new AwkFatal(`function \`${name}' called with more arguments than declared`);
    }
    const frame: Frame = { scalars: new Map(), arrays: new Map(), untyped: new Map() };
    fn.params.forEach((p, i) => {
      const a = args[i];
      if (a && a.k === 'var' && this.isArray(a.name)) frame.arrays.set(p, this.array(a.name));
      else {
        const v = a ? this.eval(a) : undefined;
        if (a?.k === 'var' && v === undefined) frame.untyped.set(p, { frame: this.frame() ?? null, name: a.name });
        frame.scalars.set(p, v);
      }
    });
    if (this.frames.length > 1000) throw new AwkFatal('function call nesting too deep');
    this.frames.push(frame);
    try {
      this.execBlock(fn.body);
      return undefined;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    } finally {
      this.frames.pop();
    }
  }

  private callBuiltin(name: string, args: Expr[]): Val {
    const arg = (i: number): Val => (args[i] ? this.eval(args[i] as Expr) : undefined);
    const s = (i: number): string => this.str(arg(i));
    const n = (i: number): number => toNum(arg(i));
    switch (name) {
      case 'length': {
        const a = args[0];
        if (!a) return [...this.record].length;
        if (a.k === 'var' && this.isArray(a.name)) return this.array(a.name).size;
        return [...s(0)].length;
      }
      case 'substr': {
        // gawk: a length below 1 gives "", a start below 1 counts as 1, both are truncated.
        const chars = [...s(0)];
        let length: number | null = null;
        if (args.length > 2) {
          const d = n(2);
          if (!(d >= 1)) return '';
          length = Math.trunc(d);
        }
        let start = n(1);
        if (!(start >= 1)) start = 1;
        const index = Math.trunc(start - 1);
        if (index >= chars.length) return '';
        const len = Math.min(length ?? chars.length - index, chars.length - index);
        return chars.slice(index, index + len).join('');
      }
      case 'index': {
        const hay = s(0);
        const i = hay.indexOf(s(1));
        return i < 0 ? 0 : [...hay.slice(0, i)].length + 1;
      }
      case 'split': {
        const text = s(0);
        const target = args[1];
        if (!target || target.k !== 'var') throw new AwkFatal('split: second argument is not an array');
        const sep = args[2] ? (args[2].k === 'regex' ? this.regex(args[2].src) : this.eval(args[2])) : this.globals.get('FS');
        const parts = this.splitWith(text, sep);
        const arr = this.array(target.name);
        arr.clear();
        parts.forEach((p, i) => arr.set(String(i + 1), new StrNum(p)));
        return parts.length;
      }
      case 'sub':
      case 'gsub': {
        const re = this.regexArg(args[0] as Expr);
        const target = args[2] ?? ({ k: 'field', e: { k: 'num', v: 0 } } as Expr);
        const text = this.str(this.eval(target));
        const { result, count } = substitute(text, re, s(1), name === 'gsub');
        if (count > 0) this.assignTo(target, result);
        return count;
      }
      case 'gensub': {
        const re = this.regexArg(args[0] as Expr);
        const how = s(2);
        const text = args[3] ? s(3) : this.record;
        return gensub(text, re, s(1), how);
      }
      case 'match': {
        const text = s(0);
        const m = this.regexArg(args[1] as Expr).exec(text);
        const start = m ? [...text.slice(0, m.index)].length + 1 : 0;
        const len = m ? [...m[0]].length : -1;
        this.globals.set('RSTART', start);
        this.globals.set('RLENGTH', len);
        const target = args[2];
        if (target && target.k === 'var') {
          const arr = this.array(target.name);
          arr.clear();
          if (m) m.forEach((g, i) => g !== undefined && arr.set(String(i), new StrNum(g)));
        }
        return start;
      }
      case 'sprintf': {
        const [fmt, ...rest] = args.map((a) => this.eval(a));
        return this.sprintf(this.str(fmt), rest);
      }
      case 'sin': return Math.sin(n(0));
      case 'cos': return Math.cos(n(0));
      case 'atan2': return Math.atan2(n(0), n(1));
      case 'exp': return Math.exp(n(0));
      case 'log': return Math.log(n(0));
      case 'sqrt': return Math.sqrt(n(0));
      case 'int': return Math.trunc(n(0));
      case 'rand': {
        // A fixed-seed linear congruential generator: awk's default seed is fixed too.
        this.randState = (this.randState * 1103515245 + 12345) % 2147483648;
        return this.randState / 2147483648;
      }
      case 'srand': {
        const prev = this.randSeed;
        this.randSeed = args.length ? Math.trunc(n(0)) : 0;
        this.randState = this.randSeed;
        return prev;
      }
      case 'tolower': return s(0).toLowerCase();
      case 'toupper': return s(0).toUpperCase();
      case 'system': return this.runCommand(s(0), '');
      case 'close': return this.close(s(0));
      case 'fflush': return 0;
      default:
        throw new AwkFatal(`function \`${name}' not defined`);
    }
  }

  sprintf(fmt: string, args: Val[]): string {
    let out = '';
    let next = 0;
    let at = 0;
    const take = (): Val => {
      if (next >= args.length) {
        throw new AwkFatal(`not enough arguments to satisfy format string\n\t\`${fmt}'\n\t${' '.repeat(at)}^ ran out for this one`);
      }
      return args[next++];
    };
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i] as string;
      if (c !== '%') {
        out += c;
        continue;
      }
      if (fmt[i + 1] === '%') {
        out += '%';
        i++;
        continue;
      }
      const parsed = parseSpec(fmt, i + 1, () => Math.trunc(toNum(take())));
      if (!parsed) {
        out += c;
        continue;
      }
      const { spec, end } = parsed;
      i = end - 1;
      at = i;
      const v = take();
      switch (spec.conv) {
        case 'c': {
          if (typeof v === 'number' || (v instanceof StrNum && isNumeric(v))) {
            out += formatString({ ...spec, conv: 's' }, String.fromCodePoint(Math.trunc(toNum(v)) & 0x1fffff));
          } else out += formatString(spec, this.str(v));
          break;
        }
        case 's':
          out += formatString(spec, typeof v === 'number' ? numToStr(v, this.convfmt()) : this.str(v));
          break;
        case 'd':
        case 'i':
        case 'o':
        case 'x':
        case 'X':
        case 'u': {
          const num = toNum(v);
          if (!Number.isFinite(num)) out += formatFloat({ ...spec, conv: 'f' }, num);
          else out += formatInteger({ ...spec, conv: spec.conv === 'i' ? 'd' : spec.conv }, BigInt(Math.trunc(num)));
          break;
        }
        default:
          out += formatFloat(spec, toNum(v));
      }
    }
    return out;
  }
}

/** sub/gsub: `&` is the match, `\&` a literal ampersand, `\\` a backslash. */
function substitute(text: string, re: RegExp, repl: string, global: boolean): { result: string; count: number } {
  const g = new RegExp(re.source, re.flags.replace('g', '') + 'g');
  let count = 0;
  let out = '';
  let last = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    out += text.slice(last, m.index) + expandRepl(repl, m[0]);
    count++;
    if (m[0] === '') {
      if (m.index < text.length) out += text[m.index];
      last = m.index + 1;
      g.lastIndex = m.index + 1;
    } else last = m.index + m[0].length;
    if (!global) break;
    if (last > text.length) break;
  }
  out += text.slice(Math.min(last, text.length));
  return { result: out, count };
}

function expandRepl(repl: string, match: string): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c === '\\' && (repl[i + 1] === '&' || repl[i + 1] === '\\')) {
      out += repl[i + 1];
      i++;
    } else if (c === '&') out += match;
    else out += c;
  }
  return out;
}

function gensub(text: string, re: RegExp, repl: string, how: string): string {
  const global = /^[gG]/.test(how);
  const which = global ? 0 : Math.max(1, Math.trunc(strToNum(how)) || 1);
  const g = new RegExp(re.source, re.flags.replace('g', '') + 'g');
  let n = 0;
  return text.replace(g, (...m: unknown[]) => {
    n++;
    const groups = m.slice(0, -2) as (string | undefined)[];
    if (!global && n !== which) return groups[0] as string;
    let out = '';
    for (let i = 0; i < repl.length; i++) {
      const c = repl[i] as string;
      if (c === '\\' && /[0-9]/.test(repl[i + 1] ?? '')) {
        out += groups[Number(repl[i + 1])] ?? '';
        i++;
      } else if (c === '\\' && (repl[i + 1] === '&' || repl[i + 1] === '\\')) {
        out += repl[i + 1];
        i++;
      } else if (c === '&') out += groups[0] as string;
      else out += c;
    }
    return out;
  });
}

/** -v and command-line assignments process escape sequences like string literals. */
function unescape(s: string): string {
  return s.replace(/\\([ntr\\"/abfv]|[0-7]{1,3})/g, (_, c: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
    return map[c] ?? String.fromCharCode(parseInt(c, 8));
  });
}

/** Split on a regex without inserting its capture groups (String.split would). */
function regexSplit(text: string, re: RegExp): string[] {
  const g = new RegExp(re.source, re.flags.replace('g', '') + 'g');
  const out: string[] = [];
  let last = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (m[0] === '') {
      g.lastIndex++;
      continue;
    }
    out.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}
