// test and [: POSIX rules by argument count, then a small expression grammar (! -a -o ( )).

import type { FileSystem } from '../types.ts';
import { BUILTIN_HELP } from './help-texts.ts';
import type { Builtin, BuiltinContext } from './types.ts';

class TestError {
  constructor(readonly message: string) {}
}

const UNARY = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h', '-p', '-S', '-b', '-c', '-g', '-u', '-k', '-O', '-G', '-N', '-z', '-n', '-t', '-v', '-o', '-a']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

function run(ctx: BuiltinContext): number {
  let args = ctx.args;
  if (ctx.name === '[') {
    if (args[args.length - 1] !== ']') {
      ctx.err("bash: [: missing `]'\n");
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evaluate(args, ctx) ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    ctx.err(`bash: ${ctx.name}: ${e.message}\n`);
    return 2;
  }
}

function evaluate(args: string[], ctx: BuiltinContext): boolean {
  const [a, b, c, d] = args;
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return (a as string) !== '';
    case 2:
      if (a === '!') return !evaluate([b as string], ctx);
      if (UNARY.has(a as string)) return unary(a as string, b as string, ctx);
      throw new TestError(`${a}: unary operator expected`);
    case 3:
      if (BINARY.has(b as string)) return binary(a as string, b as string, c as string, ctx);
      if (b === '-a' || b === '-o') return b === '-a' ? a !== '' && c !== '' : a !== '' || c !== '';
      if (a === '!') return !evaluate([b as string, c as string], ctx);
      if (a === '(' && c === ')') return evaluate([b as string], ctx);
      throw new TestError(`${b}: binary operator expected`);
    case 4:
      if (a === '!') return !evaluate([b as string, c as string, d as string], ctx);
      if (a === '(' && d === ')') return evaluate([b as string, c as string], ctx);
  }
  return new Expr(args, ctx).parse();
}

class Expr {
  private i = 0;
  constructor(
    private readonly args: string[],
    private readonly ctx: BuiltinContext,
  ) {}

  parse(): boolean {
    const v = this.or();
    if (this.i < this.args.length) throw new TestError('too many arguments');
    return v;
  }

  private or(): boolean {
    let v = this.and();
    while (this.args[this.i] === '-o') {
      this.i++;
      const r = this.and();
      v = v || r;
    }
    return v;
  }

  private and(): boolean {
    let v = this.not();
    while (this.args[this.i] === '-a') {
      this.i++;
      const r = this.not();
      v = v && r;
    }
    return v;
  }

  private not(): boolean {
    if (this.args[this.i] === '!') {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const a = this.args[this.i];
    if (a === undefined) throw new TestError('argument expected');
    if (a === '(') {
      this.i++;
      const v = this.or();
      if (this.args[this.i] !== ')') throw new TestError("`)' expected");
      this.i++;
      return v;
    }
    const op = this.args[this.i + 1];
    if (op !== undefined && BINARY.has(op) && this.args[this.i + 2] !== undefined) {
      this.i += 3;
      return binary(a, op, this.args[this.i - 1] as string, this.ctx);
    }
    if (UNARY.has(a) && this.args[this.i + 1] !== undefined) {
      this.i += 2;
      return unary(a, this.args[this.i - 1] as string, this.ctx);
    }
    this.i++;
    return a !== '';
  }
}

function unary(op: string, arg: string, ctx: BuiltinContext): boolean {
  const fs: FileSystem = ctx.shell.fs;
  switch (op) {
    case '-z':
      return arg === '';
    case '-n':
      return arg !== '';
    case '-e':
    case '-r':
    case '-w':
      return fs.exists(arg);
    case '-x':
      return fs.isDirectory(arg);
    case '-f':
      return fs.exists(arg) && !fs.isDirectory(arg) && fs.resolve(arg) !== '/dev/null';
    case '-d':
      return fs.isDirectory(arg);
    case '-s':
      return (fs.readFile(arg) ?? '') !== '' || fs.isDirectory(arg);
    case '-c':
      return fs.resolve(arg) === '/dev/null';
    case '-v':
      return ctx.shell.getVar(arg) !== undefined;
    default:
      return false;
  }
}

function integer(s: string): number {
  const t = s.trim();
  if (!/^[-+]?[0-9]+$/.test(t)) throw new TestError(`${s}: integer expression expected`);
  return Number(t);
}

function binary(a: string, op: string, b: string, _ctx: BuiltinContext): boolean {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-eq':
      return integer(a) === integer(b);
    case '-ne':
      return integer(a) !== integer(b);
    case '-lt':
      return integer(a) < integer(b);
    case '-le':
      return integer(a) <= integer(b);
    case '-gt':
      return integer(a) > integer(b);
    case '-ge':
      return integer(a) >= integer(b);
    default:
      return false;
  }
}

export const test: Builtin = {
  name: 'test',
  summary: 'Evaluate conditional expression.',
  help: BUILTIN_HELP['test'],
  run,
};

export const bracket: Builtin = {
  name: '[',
  summary: 'Evaluate conditional expression.',
  help: BUILTIN_HELP['['],
  run,
};
