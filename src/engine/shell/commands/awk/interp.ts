// awk program execution: records and fields, patterns and actions, built-in functions,
// output redirection to files and commands (commands run in the shell session).

import type { CommandResult } from '../../types.ts';
import { RegexError, translate } from '../regex.ts';
import type { Expr, Program, Stmt } from './parser.ts';
import { callBuiltin, type AwkArray, type BuiltinHost } from './builtins.ts';
import { AwkFatal } from './errors.ts';
import { AwkOutputs } from './output.ts';
import { awkSprintf, splitFields, splitRecords, unescape } from './strings.ts';
import { compare, numToStr, StrNum, toNum, toStr, truthy, type Val } from './values.ts';

export { AwkFatal } from './errors.ts';

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

export class AwkInterpreter implements BuiltinHost {
  private readonly globals = new Map<string, Val>();
  private readonly arrays = new Map<string, AwkArray>();
  private frames: Frame[] = [];
  record = '';
  private fields: string[] | null = [];
  private steps = 0;
  private readonly regexCache = new Map<string, RegExp>();
  private readonly readers = new Map<string, Source>();
  private operands: string[] = [];
  private operandIndex = 0;
  private current: Source | null = null;
  private usedStdin = false;
  private inputDone = false;
  private rangeActive: boolean[] = [];
  readonly random = { seed: 0, state: 0 };
  exitCode = 0;

  private readonly outputs: AwkOutputs;

  constructor(
    private readonly prog: Program,
    private readonly host: AwkHost,
  ) {
    this.outputs = new AwkOutputs(host);
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
    this.outputs.closeAll();
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
    return splitRecords(data, this.str(this.globals.get('RS')), (src) => this.regex(src));
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
    return splitFields(text, fsVal instanceof RegExp ? fsVal : this.str(fsVal), paragraph, (src) => this.regex(src));
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

  setGlobal(name: string, v: Val): void {
    this.globals.set(name, v);
  }

  getGlobal(name: string): Val {
    return this.globals.get(name);
  }

  sprintf(fmt: string, args: Val[]): string {
    return awkSprintf(fmt, args, this.convfmt());
  }

  private convfmt(): string {
    return toStr(this.globals.get('CONVFMT'), '%.6g');
  }

  str(v: Val): string {
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

  array(name: string): AwkArray {
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

  isArray(name: string): boolean {
    const f = this.frame();
    if (f?.arrays.has(name)) return true;
    if (f?.scalars.has(name)) return false;
    return this.arrays.has(name);
  }

  private subscript(subs: Expr[]): string {
    return subs.map((s) => this.str(this.eval(s))).join(this.str(this.globals.get('SUBSEP')));
  }

  assignTo(target: Expr, v: Val): void {
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
    if (!dest) this.host.out(text);
    else this.outputs.write(text, dest.mode, this.str(this.eval(dest.e)));
  }

  close(name: string): number {
    if (this.readers.delete(name)) return 0;
    return this.outputs.close(name);
  }

  runCommand(cmd: string, stdin: string): number {
    return this.outputs.runCommand(cmd, stdin);
  }

  // ---- expressions ----

  regex(src: string): RegExp {
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
  regexArg(e: Expr): RegExp {
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
        return callBuiltin(this, e.name, e.args);
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
}
