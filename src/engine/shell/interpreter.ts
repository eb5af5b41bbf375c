// The shell a user types into: runs bash-subset text against an in-memory filesystem, its
// builtins and the registered commands, and returns what a terminal would show.

import { evaluateArith, ArithError } from './arith.ts';
import type { AndOr, Command, List, Pipeline, SimpleCommand, Word } from './ast.ts';
import { AbortLine, ExitSignal, LoopSignal, ReturnSignal, type Builtin, type BuiltinContext } from './builtins/types.ts';
import { completeLine, type Completion } from './completion.ts';
import { CondError, evalCond } from './cond.ts';
import { ExpansionError, expandPattern, expandRegex, expandString, expandWord, type ExpandContext } from './expand.ts';
import { MemoryFileSystem } from './fs.ts';
import { globMatch } from './glob.ts';
import { BufferSink, ChunkSink, emit, InStream, out, resultOf, type IO } from './io.ts';
import { ParseError } from './lexer.ts';
import { Parser } from './parser.ts';
import { shellQuote } from './quote.ts';
import { applyRedirects } from './redirect.ts';
import type { CommandRegistry } from './registry.ts';
import { ShellState } from './state.ts';
import { fail, type CommandContext, type CommandResult, type FileSystem, type OutputChunk } from './types.ts';

export { commandPath } from './state.ts';

export interface ShellOptions<W> {
  registry: CommandRegistry<W>;
  world: W;
  fs?: FileSystem;
  env?: Record<string, string>;
  /**
   * Loop iterations allowed per execute(). Past it the shell acts as if the user pressed
   * Ctrl-C (prints ^C, status 130): a real `while true` runs until interrupted, and a
   * synchronous simulation cannot be interrupted.
   */
  maxLoopIterations?: number;
}

export interface ShellOutput {
  chunks: OutputChunk[];
  exitCode: number;
  exit?: boolean;
}

class Interrupt {}

const DEFAULT_ENV: Record<string, string> = {
  HOME: '/root',
  HOSTNAME: 'localhost',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  SHELL: '/bin/bash',
  TERM: 'xterm-256color',
  USER: 'root',
};

const PID = '4242';
const MAX_CALL_DEPTH = 200;

export class Shell<W = unknown> extends ShellState<W> {
  private lineAliases = new Map<string, string>();
  private readonly maxLoopIterations: number;
  private iterations = 0;
  /** Inside a condition (if/while test, left of && ||, after !): `set -e` does not apply. */
  private condDepth = 0;
  private substStatus: number | null = null;

  constructor(opts: ShellOptions<W>) {
    super(opts.registry, opts.world, opts.fs ?? new MemoryFileSystem());
    this.maxLoopIterations = opts.maxLoopIterations ?? 10_000;
    const env = { ...DEFAULT_ENV, PWD: this.fs.cwd(), ...(opts.env ?? {}) };
    for (const [k, v] of Object.entries(env)) this.exportVar(k, v);
  }

  /** Run what the user typed (one or more lines); returns the terminal output. */
  execute(input: string): ShellOutput {
    const chunks: OutputChunk[] = [];
    const io: IO = { stdin: new InStream('', true), fds: [undefined, new ChunkSink(chunks, 1), new ChunkSink(chunks, 2)] };
    this.iterations = 0;
    // Like bash's history: every line typed, recorded before it runs.
    for (const line of input.replace(/\n$/, '').split('\n')) if (line.trim() !== '') this.history.push(line);
    try {
      this.runSource(input, io);
    } catch (e) {
      if (e instanceof ExitSignal) {
        this.lastExitCode = e.code;
        return { chunks, exitCode: e.code, exit: true };
      }
      if (e instanceof Interrupt) {
        out(io, 1, '^C\n');
        this.lastExitCode = 130;
      } else {
        // A bug, not user input: keep the terminal alive and say so.
        out(io, 2, `bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        this.lastExitCode = 1;
      }
    }
    return { chunks, exitCode: this.lastExitCode };
  }

  /** False while the input needs more lines (open quote, here-document, trailing `|`, `&&`, `\`…). */
  isComplete(input: string): boolean {
    try {
      const parser = new Parser(input, 0, { strict: true });
      for (;;) {
        try {
          if (parser.parseCommandLine() === null) return true;
        } catch (e) {
          if (!(e instanceof ParseError)) return true;
          if (e.incomplete) return false;
          parser.skipLine(e.pos);
        }
      }
    } catch {
      return true;
    }
  }

  /** Tab completion of the word before `cursor`. */
  complete(line: string, cursor: number): Completion {
    try {
      return completeLine(this, line, cursor);
    } catch {
      return { start: cursor, candidates: [] };
    }
  }

  /** ctx.runLine: a nested line in a subshell, its output captured. */
  runLine(line: string, stdin = ''): CommandResult {
    const chunks: OutputChunk[] = [];
    const io: IO = { stdin: new InStream(stdin), fds: [undefined, new ChunkSink(chunks, 1), new ChunkSink(chunks, 2)] };
    const code = this.subshell(() => this.runSource(line, io));
    return resultOf(chunks, code);
  }

  // ---- lists and pipelines ---------------------------------------------------------------

  /** Parse and run text line by line; a syntax error skips the rest of its line. */
  private runSource(text: string, io: IO): number {
    const parser = new Parser(text);
    let status = 0;
    for (;;) {
      let list: List | null;
      try {
        list = parser.parseCommandLine();
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        for (const w of parser.takeWarnings()) out(io, 2, `bash: ${w}\n`);
        for (const l of e.lines) out(io, 2, `bash: ${l}\n`);
        status = this.lastExitCode = e.status;
        parser.skipLine(e.pos);
        continue;
      }
      for (const w of parser.takeWarnings()) out(io, 2, `bash: ${w}\n`);
      if (list === null) return status;
      // bash expands aliases while reading a line: one defined on this line applies from the next.
      const aliases = this.lineAliases;
      this.lineAliases = new Map(this.aliases);
      try {
        status = this.runList(list, io);
      } catch (e) {
        if (!(e instanceof AbortLine)) throw e;
        status = this.lastExitCode = e.status;
      } finally {
        this.lineAliases = aliases;
      }
    }
  }

  private runList(list: List, io: IO): number {
    let status = 0;
    // Background jobs (`&`) run to completion in place: the simulation has no job control.
    for (const item of list.items) status = this.runAndOr(item.andOr, io);
    return status;
  }

  private runAndOr(andOr: AndOr, io: IO): number {
    const n = andOr.rest.length;
    let status = this.inCondition(n > 0, () => this.runPipeline(andOr.first, io));
    let lastRan = 0;
    andOr.rest.forEach(({ op, pipeline }, i) => {
      if ((op === '&&') !== (status === 0)) return;
      status = this.inCondition(i < n - 1, () => this.runPipeline(pipeline, io));
      lastRan = i + 1;
    });
    const last = lastRan === 0 ? andOr.first : (andOr.rest[lastRan - 1] as AndOr['rest'][number]).pipeline;
    if (this.options.errexit && status !== 0 && this.condDepth === 0 && lastRan === n && !last.bang) {
      throw new ExitSignal(status);
    }
    return status;
  }

  private inCondition<T>(yes: boolean, fn: () => T): T {
    if (!yes) return fn();
    this.condDepth++;
    try {
      return fn();
    } finally {
      this.condDepth--;
    }
  }

  private runPipeline(p: Pipeline, io: IO): number {
    let status = 0;
    if (p.cmds.length === 1) status = this.inCondition(p.bang, () => this.runCommand(p.cmds[0] as Command, io));
    else {
      let stdin = io.stdin;
      let failed = 0;
      p.cmds.forEach((cmd, i) => {
        const last = i === p.cmds.length - 1;
        const buffer = last ? null : new BufferSink();
        const fds = [...io.fds];
        if (buffer) fds[1] = buffer;
        if (p.stderrToo[i]) fds[2] = fds[1];
        // Each stage of a pipeline runs in a subshell: `cd` or `x=1` there does not stick.
        status = this.subshell(() => this.runCommand(cmd, { stdin, fds }));
        if (status !== 0) failed = status;
        stdin = new InStream(buffer ? buffer.text : '');
      });
      if (this.options.pipefail) status = failed;
    }
    if (p.bang) status = status === 0 ? 1 : 0;
    this.lastExitCode = status;
    return status;
  }

  /** Run with variables, aliases, functions, options and directory restored afterwards. */
  private subshell(fn: () => number): number {
    const saved = this.snapshot();
    const loopDepth = this.loopDepth;
    const frames = this.localFrames.length;
    this.subshellDepth++;
    this.loopDepth = 0;
    try {
      return fn();
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      if (e instanceof AbortLine) return e.status;
      if (e instanceof LoopSignal) return 0;
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    } finally {
      this.subshellDepth--;
      this.loopDepth = loopDepth;
      this.localFrames.length = frames;
      this.restore(saved);
    }
  }

  // ---- commands ----------------------------------------------------------------------

  private runCommand(cmd: Command, io: IO): number {
    if (cmd.kind === 'simple') return this.runSimple(cmd, io);
    if (cmd.kind === 'funcdef') {
      this.functions.set(cmd.name, cmd.body);
      return 0;
    }
    const inner = this.redirect(cmd.redirs, io);
    if (!inner) return 1;
    switch (cmd.kind) {
      case 'group':
        return this.runList(cmd.body, inner);
      case 'subshell':
        return this.subshell(() => this.runList(cmd.body, inner));
      case 'if': {
        for (const branch of cmd.branches) {
          if (this.inCondition(true, () => this.runList(branch.cond, inner)) === 0) return this.runList(branch.body, inner);
        }
        return cmd.orElse ? this.runList(cmd.orElse, inner) : 0;
      }
      case 'for': {
        const items = cmd.items ? cmd.items.flatMap((w) => this.expandWords(w, inner)) : [...this.positional];
        let status = 0;
        for (const item of items) {
          this.setVar(cmd.name, item);
          const r = this.loopBody(() => this.runList(cmd.body, inner));
          status = r.status;
          if (r.brk) break;
        }
        return status;
      }
      case 'while':
      case 'until': {
        let status = 0;
        for (;;) {
          const c = this.loopBody(() => this.inCondition(true, () => this.runList(cmd.cond, inner)), false);
          if (c.brk) break;
          if ((c.status === 0) !== (cmd.kind === 'while')) break;
          const r = this.loopBody(() => this.runList(cmd.body, inner));
          status = r.status;
          if (r.brk) break;
        }
        return status;
      }
      case 'case': {
        const subject = this.expand(() => expandString(cmd.subject, this.expandContext(inner)), inner);
        for (const arm of cmd.arms) {
          for (const p of arm.patterns) {
            const pattern = this.expand(() => expandPattern(p, this.expandContext(inner)), inner);
            if (globMatch(pattern, subject)) return arm.body.items.length ? this.runList(arm.body, inner) : 0;
          }
        }
        return 0;
      }
      case 'arith':
        return this.runArith(cmd.expr, inner);
      case 'cond':
        return this.runCond(cmd.expr, inner);
    }
  }

  /** `(( expr ))`: an error is reported and the command fails; the line goes on. */
  private runArith(expr: Word, io: IO): number {
    const ctx = this.expandContext(io);
    const text = this.expand(() => expandString(expr, ctx), io);
    try {
      return evaluateArith(text, { get: (n) => this.vars.get(n), set: (n, v) => this.vars.set(n, v) }) !== 0 ? 0 : 1;
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      out(io, 2, `bash: ((: ${e.message}\n`);
      return 1;
    }
  }

  private runCond(expr: Parameters<typeof evalCond>[0], io: IO): number {
    const ctx = this.expandContext(io);
    try {
      const ok = this.expand(
        () =>
          evalCond(expr, {
            text: (w) => expandString(w, ctx),
            pattern: (w) => expandPattern(w, ctx),
            regex: (w) => expandRegex(w, ctx),
            arith: (s) => {
              try {
                return evaluateArith(s, { get: (n) => this.vars.get(n), set: (n, v) => this.vars.set(n, v) });
              } catch (e) {
                if (e instanceof ArithError) throw new ExpansionError(e.message);
                throw e;
              }
            },
            fs: this.fs,
            getVar: (n) => this.vars.get(n),
            setMatch: (groups) => {
              for (const k of [...this.vars.keys()]) if (k.startsWith('BASH_REMATCH[')) this.vars.delete(k);
              (groups ?? []).forEach((g, i) => this.vars.set(`BASH_REMATCH[${i}]`, g));
              if (groups) this.vars.set('BASH_REMATCH', groups[0] as string);
              else this.vars.delete('BASH_REMATCH');
            },
          }),
        io,
      );
      return ok ? 0 : 1;
    } catch (e) {
      if (e instanceof CondError) return e.status;
      throw e;
    }
  }

  /** One pass of a loop body: handles break/continue and the iteration budget. */
  private loopBody(fn: () => number, tick = true): { status: number; brk: boolean } {
    if (tick && ++this.iterations > this.maxLoopIterations) throw new Interrupt();
    this.loopDepth++;
    try {
      return { status: fn(), brk: false };
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      if (e.levels > 1) throw new LoopSignal(e.kind, e.levels - 1);
      return { status: 0, brk: e.kind === 'break' };
    } finally {
      this.loopDepth--;
    }
  }

  private runSimple(cmd: SimpleCommand, io: IO): number {
    this.substStatus = null;
    const aliased = this.aliasWords(cmd);
    if (aliased.text !== null) return this.runAliasText(aliased.text, cmd, io);
    const argv = aliased.words.flatMap((w) => this.expandWords(w, io));
    const assigns = cmd.assigns.map((a): [string, string] => {
      const v = this.expand(() => expandString(a.value, this.expandContext(io)), io);
      return [a.name, a.append ? (this.vars.get(a.name) ?? '') + v : v];
    });
    if (this.options.xtrace) this.trace(assigns, argv, io);
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.setVar(k, v);
      const status = this.substStatus ?? 0;
      return this.redirect(cmd.redirs, io) ? status : 1;
    }
    const rio = this.redirect(cmd.redirs, io);
    if (!rio) return 1;
    const [name, ...args] = argv as [string, ...string[]];
    const fn = this.functions.get(name);
    if (fn) return this.callFunction(fn, args, assigns, rio);
    const builtin = this.builtins.get(name);
    if (builtin && !(builtin.path && this.registry.has(name))) return this.runBuiltin(builtin, name, args, assigns, rio);
    const descriptor = this.registry.get(name);
    if (!descriptor) return this.notFound(name, rio);
    if (!descriptor.ownHelp && wantsHelp(args)) {
      out(rio, 1, descriptor.help);
      return 0;
    }
    const ctx: CommandContext<W> = {
      name,
      args,
      stdin: rio.stdin.rest(),
      env: this.environment(assigns),
      fs: this.fs,
      world: this.world,
      runLine: (line, stdin) => this.runLine(line, stdin),
    };
    let result: CommandResult;
    try {
      result = descriptor.run(ctx);
    } catch (e) {
      if (e instanceof ExitSignal || e instanceof Interrupt) throw e;
      result = fail(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    emit(rio, result);
    return result.exitCode;
  }

  /** `set -x`: each command as it runs, after expansion, on stderr. */
  private trace(assigns: [string, string][], argv: string[], io: IO): void {
    const words = [...assigns.map(([k, v]) => `${k}=${traceQuote(v)}`), ...argv.map(traceQuote)];
    if (words.length) out(io, 2, `+ ${words.join(' ')}\n`);
  }

  private notFound(name: string, io: IO): number {
    if (name.includes('/')) {
      if (this.fs.isDirectory(name)) {
        out(io, 2, `bash: ${name}: Is a directory\n`);
        return 126;
      }
      if (this.fs.exists(name)) {
        out(io, 2, `bash: ${name}: Permission denied\n`);
        return 126;
      }
      out(io, 2, `bash: ${name}: No such file or directory\n`);
      return 127;
    }
    out(io, 2, `bash: ${name}: command not found\n`);
    return 127;
  }

  /** Prefix assignments hold for the duration of a builtin or function call. */
  private withAssigns<T>(assigns: [string, string][], fn: () => T): T {
    const saved = assigns.map(([k]): [string, string | undefined] => [k, this.vars.get(k)]);
    for (const [k, v] of assigns) this.vars.set(k, v);
    try {
      return fn();
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
      }
    }
  }

  private runBuiltin(b: Builtin, name: string, args: string[], assigns: [string, string][], io: IO): number {
    if (args[0] === '--help' && b.dashHelp && b.help !== undefined) {
      out(io, 1, b.help);
      return 2;
    }
    const ctx: BuiltinContext = {
      name,
      args,
      stdin: io.stdin,
      out: (t) => out(io, 1, t),
      err: (t) => out(io, 2, t),
      shell: this,
      run: (text) => this.runSource(text, io),
      source: (text) => this.runSourced(text, io),
    };
    return this.withAssigns(assigns, () => b.run(ctx));
  }

  private callFunction(body: Command, args: string[], assigns: [string, string][], io: IO): number {
    if (this.localFrames.length >= MAX_CALL_DEPTH) {
      out(io, 2, `bash: maximum function nesting level exceeded (${MAX_CALL_DEPTH})\n`);
      throw new AbortLine(1);
    }
    const positional = this.positional;
    const frame = new Map<string, string | undefined>();
    this.positional = args;
    this.localFrames.push(frame);
    try {
      return this.withAssigns(assigns, () => this.runCommand(body, io));
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    } finally {
      this.localFrames.pop();
      for (const [k, v] of frame) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
      }
      this.positional = positional;
    }
  }

  /** `source`: run text where `return` ends it. */
  private runSourced(text: string, io: IO): number {
    this.sourceDepth++;
    try {
      return this.runSource(text, io);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    } finally {
      this.sourceDepth--;
    }
  }

  /** Alias expansion of the command word: simple aliases splice words, others re-run text. */
  private aliasWords(cmd: SimpleCommand): { words: Word[]; text: string | null } {
    const first = cmd.words[0];
    const value = first && /^[A-Za-z0-9_.:-]+$/.test(first.raw) ? this.lineAliases.get(first.raw) : undefined;
    if (value === undefined) return { words: cmd.words, text: null };
    try {
      const parsed = new Parser(value).parseCommandLine();
      const only = parsed?.items.length === 1 ? parsed.items[0] : undefined;
      const pipeline = only && !only.background && only.andOr.rest.length === 0 ? only.andOr.first : undefined;
      const simple = pipeline && pipeline.cmds.length === 1 && !pipeline.bang ? pipeline.cmds[0] : undefined;
      if (simple?.kind === 'simple' && simple.assigns.length === 0 && simple.redirs.length === 0) {
        return { words: [...simple.words, ...cmd.words.slice(1)], text: null };
      }
    } catch {
      // Fall through: the alias text is run as typed and reports its own syntax error.
    }
    return { words: cmd.words, text: value };
  }

  private runAliasText(value: string, cmd: SimpleCommand, io: IO): number {
    const rest = cmd.words.slice(1).flatMap((w) => this.expandWords(w, io));
    const rio = this.redirect(cmd.redirs, io);
    if (!rio) return 1;
    return this.runSource([value, ...rest.map(shellQuote)].join(' '), rio);
  }

  // ---- expansion & redirection -------------------------------------------------------

  private expandContext(io: IO): ExpandContext {
    return {
      getVar: (n) => this.vars.get(n),
      setVar: (n, v) => this.vars.set(n, v),
      special: (n) => this.special(n),
      home: (user) => (user === 'root' ? '/root' : undefined),
      substitute: (body) => {
        const buffer = new BufferSink();
        const status = this.subshell(() => this.runList(body, { stdin: io.stdin, fds: [undefined, buffer, io.fds[2]] }));
        this.substStatus = this.lastExitCode = status;
        return buffer.text;
      },
      positional: () => this.positional,
      nounset: this.options.nounset,
      fs: this.fs,
    };
  }

  private special(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.lastExitCode);
      case '$':
        return PID;
      case '0':
        return 'bash';
      case '-':
        return 'himBHs';
      default:
        return undefined;
    }
  }

  /** Run an expansion; an expansion error is printed and abandons the command line. */
  private expand<T>(fn: () => T, io: IO): T {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      out(io, 2, `bash: ${e.message}\n`);
      throw new AbortLine(1);
    }
  }

  private expandWords(word: Word, io: IO): string[] {
    return this.expand(() => expandWord(word, this.expandContext(io)), io);
  }

  private redirect(redirs: SimpleCommand['redirs'], io: IO): IO | null {
    if (redirs.length === 0) return io;
    const ctx = this.expandContext(io);
    return this.expand(
      () =>
        applyRedirects(redirs, io, this.fs, {
          fields: (w) => expandWord(w, ctx),
          text: (w) => expandString(w, ctx),
        }),
      io,
    );
  }
}

/** `--help` anywhere before `--` asks for the command's help. */
function wantsHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help') return true;
  }
  return false;
}

/** xtrace quoting: words with special characters in single quotes, as bash prints them. */
function traceQuote(s: string): string {
  if (s !== '' && !/[\s'"\\$`|&;()<>*?[\]{}!#~=]/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
